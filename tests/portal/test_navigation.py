"""issue 15: the menu of every page is written in Python (`{% site_navigation %}`,
portal/templatetags/navigation.py); it gives the HTML of its reference template
(templates/components/navigation_reference.html) for every kind of menu: short and long
(« Plus »), the active entry and its page, the badges, the optional entries, the bell's page,
a name holding markup."""

import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import resolve, reverse

from partnerships.enums import Role
from tests.partnerships.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db

PYTHON = engines["django"].from_string("{% load navigation %}{% site_navigation %}")
REFERENCE = engines["django"].from_string('{% include "components/navigation_reference.html" %}')


def _request(user, path: str):
    request = RequestFactory().get(path)
    request.user = user
    request.session = {}
    request.resolver_match = resolve(path)
    return request


def _same(text: str) -> str:
    # a CSRF token is masked anew on each reading; whitespace between words and tags is kept
    # where there is some, as one space
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "TOKEN", text)
    return re.sub(r"\s+", " ", text).strip()


def both(user, path: str, **context) -> tuple[str, str]:
    request = _request(user, path)
    return (
        _same(PYTHON.render(context, request)),
        _same(REFERENCE.render(context, request)),
    )


@pytest.mark.parametrize(
    "role, path",
    [
        (Role.SOCIAL_WORKER, "/"),
        (Role.SOCIAL_WORKER, reverse("households:household_list")),
        (Role.SOCIAL_WORKER, reverse("households:contact_list")),
        (Role.DIRECTOR, reverse("partnerships:member_list")),
        (Role.DIRECTOR, reverse("portal:search")),
        (Role.DEPARTMENT_STAFF, reverse("funding:dashboard")),
        (Role.VOLUNTEER, reverse("notifications:list")),
        (Role.COORDINATOR, reverse("portal:calendar")),
    ],
)
def test_the_menu_in_python_is_the_reference_template(role, path):
    user = member(role)
    python, reference = both(user, path)
    assert python == reference
    assert "Se déconnecter" in python and "TOKEN" in python


def test_long_menus_badges_and_optional_entries_are_the_same():
    organisation = OrganisationFactory()
    director = member(Role.DIRECTOR, organisation, first_name="<b>Zoé</b>", last_name="& Cie")
    for values in [
        {"exports_ready": 1, "unread_notifications": 1},
        {"exports_ready": 3, "unread_notifications": 12},
        {"can_manage_api_tokens": True, "can_read_audit_log": True},
        {"can_manage_api_tokens": False, "can_read_audit_log": True},
    ]:
        python, reference = both(director, reverse("partnerships:member_list"), **values)
        assert python == reference, values
    assert "Plus</button>" in python  # a director's menu is long: « Plus » is drawn
    assert "&lt;b&gt;Zoé&lt;/b&gt; &amp; Cie" in python
    assert "<b>" not in python


def test_the_bell_and_the_active_entry_say_where_the_user_is():
    worker = member(Role.SOCIAL_WORKER)
    python, _reference = both(worker, reverse("notifications:list"))
    assert 'class="mg-bell ms-2" href="/notifications/" aria-current="page"' in python
    households = reverse("households:household_list")
    python, _reference = both(worker, households)
    assert f'class="nav-link active" href="{households}" aria-current="page"' in python
    python, _reference = both(worker, households + "1/")
    assert f'class="nav-link active" href="{households}" aria-current="true"' in python
