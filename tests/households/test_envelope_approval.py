"""Approval of an ASRL project consumes the per-measure envelope (seed 004 §5)."""

import datetime as dt

import pytest
from django.urls import reverse

from funding.envelopes import allocation_set, reserve_measures
from funding.models import MeasureReservation
from households import services
from households.enums import ProjectStatus
from households.models import ProjectApproval
from households.services import HouseholdError
from partnerships.enums import Role
from tests.partnerships.factories import PASSWORD, member
from tests.world import envelope_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_artois(envelope_seed):
    """The CHRS (of Artois) has 1 measure this year and it is already committed."""
    seed = envelope_seed
    # Proposed projects have no start date yet: their envelope is the one covering today.
    today = dt.date.today()
    seed.envelope.period_start, seed.envelope.period_end = today.replace(month=1, day=1), today
    seed.envelope.save()
    allocation_set(
        envelope=seed.envelope,
        territory=seed.artois,
        operator=seed.chrs_artois,
        measures=1,
        by=seed.agent,
    )
    reserve_measures(project=envelope_project(seed, proposed=True), by=seed.agent)
    seed.director = member(Role.DIRECTOR, organisation=seed.chrs_artois)
    return seed


def proposed(seed, adults=2):
    """A couple's project waiting for the director's approval."""
    return envelope_project(seed, adults=adults, proposed=True)


def test_approval_beyond_the_allocation_is_refused_and_nothing_is_saved(full_artois):
    late = proposed(full_artois)
    with pytest.raises(HouseholdError, match="il en reste 0 et ce projet en demande 2"):
        services.project_approve(
            project=late, by=full_artois.director, organisation=full_artois.chrs_artois
        )
    late.refresh_from_db()
    assert late.status == ProjectStatus.PROPOSED
    assert not ProjectApproval.objects.filter(project=late).exists()
    assert not MeasureReservation.objects.filter(project=late).exists()


def test_director_approves_beyond_the_allocation_with_a_written_reason(full_artois):
    late = proposed(full_artois)
    reason = "Menace d'expulsion imminente, vue en commission des parcours complexes."
    services.project_approve(
        project=late,
        by=full_artois.director,
        organisation=full_artois.chrs_artois,
        override_reason=reason,
    )
    late.refresh_from_db()
    assert late.status == ProjectStatus.APPROVED
    assert late.over_allocation_reason == reason
    assert MeasureReservation.objects.get(project=late).measures == 2


def test_admin_asks_the_reason_before_approving_beyond_the_allocation(client, full_artois):
    late = proposed(full_artois)
    client.login(email=full_artois.director.email, password=PASSWORD)
    url = reverse("admin:households_interventionproject_changelist")
    data = {"action": "approve_beyond_allocation", "_selected_action": [late.pk]}

    page = client.post(url, data)
    assert page.status_code == 200
    assert "Motif du dépassement" in page.content.decode()

    empty = client.post(url, {**data, "confirm": "1", "override_reason": " "})
    assert "Le motif est obligatoire" in empty.content.decode()
    late.refresh_from_db()
    assert late.status == ProjectStatus.PROPOSED

    client.post(url, {**data, "confirm": "1", "override_reason": "Urgence sociale"})
    late.refresh_from_db()
    assert (late.status, late.over_allocation_reason) == (ProjectStatus.APPROVED, "Urgence sociale")


def test_plain_admin_approval_beyond_the_allocation_shows_the_refusal(client, full_artois):
    late = proposed(full_artois)
    client.login(email=full_artois.director.email, password=PASSWORD)
    url = reverse("admin:households_interventionproject_changelist")
    response = client.post(
        url, {"action": "approve_for_my_organisation", "_selected_action": [late.pk]}, follow=True
    )
    assert "il en reste 0" in response.content.decode()
    late.refresh_from_db()
    assert late.status == ProjectStatus.PROPOSED
