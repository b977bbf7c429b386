"""common.pages.filter_form: a list's filter form, its class built once per process (issue
15), gives each request the form django-filter would build for it: the same fields and
labels, and the choices of a filter on a model read for the user who asks."""

import django_filters
import pytest
from django.test import RequestFactory

from common import pages
from common.pages import _filterset, quick_selects
from common.templatetags import maillage
from governance.filters import CommitteeFilter, MeetingFilter, PlanFilter, ReportFilter
from governance.models import ActionPlan, AnnualReport, Committee, Meeting
from households.filters import HouseholdFilter, ProjectFilter
from households.models import Household, InterventionProject
from partnerships.filters import ConventionFilter, IncidentFilter, MemberFilter
from partnerships.models import Convention, IncidentReport, Membership, Organisation

pytestmark = pytest.mark.django_db


def _request(user, query=""):
    request = RequestFactory().get(f"/liste/?{query}")
    request.user = user
    return request


def _plain(filterset_class, request, queryset):
    """django-filter's own form, its drop-downs written by QuickSelect as list_page does."""
    return quick_selects(filterset_class(request.GET, queryset=queryset, request=request))


@pytest.mark.parametrize(
    ("filterset_class", "model"),
    [
        (ConventionFilter, Convention),
        (IncidentFilter, IncidentReport),
        (MemberFilter, Membership),
        (HouseholdFilter, Household),
        (ProjectFilter, InterventionProject),
        (CommitteeFilter, Committee),
        (MeetingFilter, Meeting),
        (PlanFilter, ActionPlan),
        (ReportFilter, AnnualReport),
    ],
    ids=lambda c: getattr(c, "__name__", ""),
)
def test_each_list_s_form_is_the_one_django_filter_builds(world, filterset_class, model):
    # unscoped: the form's fields do not depend on the rows filtered
    queryset = model.objects.all()
    for user in (world.users.staff, world.users.director, world.users.staff):
        request = _request(user)
        cached = _filterset(request, queryset, filterset_class, None, {}).form
        plain = _plain(filterset_class, request, queryset).form
        assert list(cached.fields) == list(plain.fields)
        for name, field in cached.fields.items():
            other = plain.fields[name]
            assert (type(field), str(field.label)) == (type(other), str(other.label)), name
            if hasattr(field, "queryset"):
                assert list(field.queryset) == list(other.queryset), name
            elif hasattr(field, "choices"):
                assert [(v, str(label)) for v, label in field.choices] == [
                    (v, str(label)) for v, label in other.choices
                ], name
        # And the same markup, field by field (the drop-downs included).
        assert [str(field) for field in cached] == [str(field) for field in plain]


def test_a_choice_on_a_model_is_read_and_checked_for_the_user_who_asks(world):
    """The class is first built for the département's agent, then used for a director of
    another structure: the director is offered, and may choose, only their own perimeter's
    organisations (ConventionFilter « Partie »)."""
    # unscoped: the form's choices do not depend on the rows filtered
    queryset = Convention.objects.all()
    assert _filterset(_request(world.users.staff), queryset, ConventionFilter, None, {}).form
    director = world.users.outsider_director
    seen = set(Organisation.objects.visible_to(director).values_list("pk", flat=True))
    hidden = world.orgs.department
    assert hidden.pk not in seen and seen
    form = _filterset(_request(director), queryset, ConventionFilter, None, {}).form
    assert {o.pk for o in form.fields["partie"].queryset} == seen
    refused = _filterset(
        _request(director, f"partie={hidden.pk}"), queryset, ConventionFilter, None, {}
    )
    assert not refused.form.is_valid() and "partie" in refused.form.errors
    allowed = _filterset(
        _request(director, f"partie={min(seen)}"), queryset, ConventionFilter, None, {}
    )
    assert allowed.form.is_valid(), allowed.form.errors


def test_a_form_class_is_built_once_per_filterset_and_language(world):
    pages._FORM_CLASSES.clear()
    # unscoped: the form does not depend on the rows filtered
    queryset = Convention.objects.all()
    first = _filterset(_request(world.users.staff), queryset, ConventionFilter, None, {}).form
    again = _filterset(_request(world.users.director), queryset, ConventionFilter, None, {})
    assert type(again.form) is type(first)
    assert len(pages._FORM_CLASSES) == 1
    assert isinstance(ConventionFilter.base_filters["partie"], django_filters.ModelChoiceFilter)


def test_a_fixed_field_s_markup_is_kept_per_value_and_typed_text_never(world):
    """common.templatetags.maillage.form_field keeps the markup of a filter form's fields
    whose markup depends only on their value: the same markup as written afresh, one per
    chosen value, none for a text typed in or a field with errors, none for choices read
    from a model."""

    def fields(query):
        # unscoped: the form does not depend on the rows filtered
        queryset = Convention.objects.all()
        form = _filterset(_request(world.users.staff, query), queryset, ConventionFilter, None, {})
        form.qs  # noqa: B018 - validates the form, as list_page does
        return form.form

    maillage._FIXED_FIELDS.clear()
    first = fields("type=cpom&q=")
    kept = {name: maillage.form_field(first[name]) for name in ("type", "statut", "q", "partie")}
    assert {key[1] for key in maillage._FIXED_FIELDS} == {"type", "statut", "q"}
    again = fields("type=cpom&q=")
    for name, markup in kept.items():
        assert maillage.form_field(again[name]) == markup == maillage._form_field(again[name])
    assert 'value="cpom" selected' in kept["type"]
    other = fields("type=framework&q=CPOM%202023&annee=abc")
    assert 'value="framework" selected' in maillage.form_field(other["type"])
    assert 'value="CPOM 2023"' in maillage.form_field(other["q"])
    assert "Saisissez un nombre" in maillage.form_field(other["annee"])
    names = [(key[1], key[-1]) for key in maillage._FIXED_FIELDS]
    assert ("type", ("framework",)) in names
    assert not any(name in ("q", "annee") and value != ("",) for name, value in names)
    assert not any(name == "partie" for name, _value in names)
