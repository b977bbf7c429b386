"""issue 14, case 7: bank details changed in the administration without re-authentication,
while the grant's page asks for it. The IBAN changes only on that page (funding:
grant_bank_details, behind recent_auth_required); in the administration it is read-only."""

import pytest
from django.urls import reverse

from tests.funding.factories import GrantFactory
from tests.partnerships.factories import convention_between

pytestmark = pytest.mark.django_db

OTHER_IBAN = "FR1420041010050500013M02606"


def _admin_form_data(page) -> dict:
    """What the admin's change page would send back unchanged: its form and inlines."""
    data = {}

    def add(form):
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(v) for v in value]
            else:
                data[field.html_name] = str(value)

    add(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def test_the_administration_does_not_change_an_iban(client, world):
    department, fas = world.orgs.department, world.orgs.fas
    grant = GrantFactory(
        convention=convention_between(department, fas), funder=department, beneficiary=fas
    )
    iban = grant.iban
    client.force_login(world.users.staff)
    change = reverse("admin:funding_grant_change", args=[grant.pk])
    page = client.get(change)
    assert page.status_code == 200
    data = _admin_form_data(page)
    data["iban"] = OTHER_IBAN
    assert 'name="iban"' not in page.content.decode()
    response = client.post(change, data)
    # The grant is read-only in the administration (issue 13): the page says where to work.
    assert response.status_code == 404
    grant.refresh_from_db()
    assert grant.iban == iban
