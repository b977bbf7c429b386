"""Every admin page goes through the perimeter: another organisation's object is a 404."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from partnerships.enums import Role
from tests.households.factories import HouseholdFactory, ProjectFactory
from tests.partnerships.factories import PASSWORD, convention_between, member

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.fixture
def director_client(client):
    director = member(Role.DIRECTOR)
    client.login(email=director.email, password=PASSWORD)
    client.director = director
    return client


def test_director_opens_own_household_in_admin(director_client):
    household = HouseholdFactory(
        organisation=director_client.director.memberships.get().organisation
    )
    assert director_client.get(change_url(household)).status_code == 200


def test_household_of_another_organisation_is_404_in_admin(director_client):
    other = HouseholdFactory()
    assert director_client.get(change_url(other)).status_code == 404
    history = reverse("admin:households_household_history", args=[other.pk])
    assert director_client.get(history).status_code == 404


def test_convention_of_another_organisation_is_404_in_admin(director_client):
    other = convention_between(*[HouseholdFactory().organisation])
    assert director_client.get(change_url(other)).status_code == 404


def test_department_staff_never_reach_household_admin(client):
    staff = member(Role.DEPARTMENT_STAFF)
    client.login(email=staff.email, password=PASSWORD)
    household = HouseholdFactory()
    assert client.get(changelist_url(household)).status_code == 404
    assert client.get(change_url(household)).status_code == 404


def test_social_worker_has_no_admin(client):
    worker = member(Role.SOCIAL_WORKER)
    client.login(email=worker.email, password=PASSWORD)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_every_model_is_in_the_admin_with_filters_and_search():
    from django.apps import apps

    for app in ("partnerships", "governance", "funding", "households"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical") or model._meta.auto_created:
                continue
            registered = admin.site._registry.get(model)
            inline_only = model.__name__ in INLINE_ONLY
            assert registered or inline_only, f"{model.__name__} absent de l'admin"
            if registered:
                assert registered.search_fields, f"{model.__name__} sans recherche"
                assert registered.list_filter, f"{model.__name__} sans filtre"


# Edited within their parent's page (inlines), where they make sense.
INLINE_ONLY = {
    "HouseholdAccess",
    "ProjectRefusal",
    "RenewalAgreement",
    "Amendment",
    "Termination",
    "AmendmentProposal",
    "TerminationProposal",
    "ProgrammeDomain",
    "Indicator",
    "Deliverable",
    "CommitteeMember",
    "Attendance",
    "AgendaItem",
    "OrganisationAgreement",
    "GrantYear",
    "ConventionPaper",
    "DeliberationPaper",
    "PlanObjective",
    "GrantPaper",
    "PaymentCredit",
    "OtherFunderRequest",
    "CoFundingContribution",
    "RequiredDocument",
    "SelectionCriterion",
    "ApplicationRequest",
    "ApplicationDocument",
    "CriterionScore",
    "Member",
    "HouseholdPriority",
    "ProjectApproval",
    "PlannedAction",
    "ReferentChange",
}


def test_admin_changelist_query_count_does_not_grow_with_rows(director_client, count_queries):
    organisation = director_client.director.memberships.get().organisation
    url = changelist_url(ProjectFactory._meta.model)

    ProjectFactory(household__organisation=organisation)
    few, _ = count_queries(lambda: director_client.get(url))
    for _ in range(8):
        ProjectFactory(household__organisation=organisation)
    many, sql = count_queries(lambda: director_client.get(url))
    assert many == few, "\n".join(sql)


@pytest.mark.parametrize(
    "label",
    sorted(m._meta.label for m in apps.get_models() if getattr(m, "label_fields", None)),
)
def test_a_filter_names_its_choices_from_their_label_fields_alone(
    world, django_assert_num_queries, label
):
    """A filter (the admin's, the pages' drop-downs) reads only the pk and label_fields of
    the rows it lists: their name must be made of those fields alone (else each choice would
    read its row again)."""
    model = apps.get_model(label)
    fields = model.label_fields
    # unscoped: every row of a shared table, only to compare two readings of its names
    whole = {row.pk: str(row) for row in model._default_manager.all()}
    assert whole
    light = list(model._default_manager.only("pk", *fields))
    with django_assert_num_queries(0):
        assert {row.pk: str(row) for row in light} == whole
