"""The envelope checked at approval is the one that covers the project's period (issue 13,
case 8). seed 004 §5: the DIHAL envelope runs from September 2019 to December 2020, 20
measures for Artois and 25 for Lens-Hénin; without an envelope, approval is refused unless a
director gives a written reason, as for an exceeded allocation."""

import datetime as dt

import pytest
from django.urls import reverse

from funding.envelopes import envelope_for, reserve_measures
from funding.errors import EnvelopeMissing
from funding.models import MeasureReservation
from households import services
from households.enums import ProjectStatus
from households.errors import HouseholdError
from households.models import ProjectApproval
from partnerships.enums import Role
from tests.partnerships.factories import PASSWORD, member
from tests.world import envelope_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(envelope_seed):
    return member(Role.DIRECTOR, organisation=envelope_seed.chrs_artois)


def test_a_project_that_starts_within_the_envelope_consumes_it_whenever_approved(
    envelope_seed, director
):
    # Approved today, years after December 2020: its period (from 1 October 2019) is covered.
    project = envelope_project(
        envelope_seed, adults=2, proposed=True, start_date=dt.date(2019, 10, 1)
    )
    assert envelope_for(project) == envelope_seed.envelope
    services.project_approve(project=project, by=director, organisation=envelope_seed.chrs_artois)
    reservation = MeasureReservation.objects.get(project=project)
    assert (reservation.allocation.envelope, reservation.measures) == (envelope_seed.envelope, 2)


def test_approval_outside_every_envelope_is_refused_with_a_clear_message(envelope_seed, director):
    project = envelope_project(envelope_seed, proposed=True)
    with pytest.raises(HouseholdError) as refused:
        services.project_approve(
            project=project, by=director, organisation=envelope_seed.chrs_artois
        )
    message = " ".join(refused.value.messages)
    assert "Aucune enveloppe du dispositif" in message
    assert "la plus récente couvre du 01/09/2019 au 31/12/2020" in message
    assert "motif écrit" in message
    project.refresh_from_db()
    assert project.status == ProjectStatus.PROPOSED
    assert not ProjectApproval.objects.filter(project=project).exists()


def test_a_director_approves_outside_every_envelope_with_a_written_reason(envelope_seed, director):
    project = envelope_project(envelope_seed, proposed=True)
    reason = "Mesure financée sur fonds propres en attendant la nouvelle enveloppe DIHAL."
    services.project_approve(
        project=project,
        by=director,
        organisation=envelope_seed.chrs_artois,
        override_reason=reason,
    )
    project.refresh_from_db()
    assert (project.status, project.over_allocation_reason) == (ProjectStatus.APPROVED, reason)
    assert not MeasureReservation.objects.filter(project=project).exists()
    assert project.history.first().history_user == director


def test_a_director_of_another_structure_cannot_override(envelope_seed, world):
    # Only a director of the operator answers for its measures (seed 004 §5).
    project = envelope_project(envelope_seed, proposed=True)
    with pytest.raises(EnvelopeMissing, match="Seul un directeur de la structure opératrice"):
        reserve_measures(project=project, by=world.users.soliha_director, override_reason="Urgence")
    project.refresh_from_db()
    assert not project.over_allocation_reason


def test_admin_approval_outside_the_envelope_asks_for_the_reason(client, envelope_seed, director):
    project = envelope_project(envelope_seed, proposed=True)
    client.login(email=director.email, password=PASSWORD)
    url = reverse("admin:households_interventionproject_changelist")
    refused = client.post(
        url,
        {"action": "approve_for_my_organisation", "_selected_action": [project.pk]},
        follow=True,
    )
    assert "Aucune enveloppe du dispositif" in refused.content.decode()
    client.post(
        url,
        {
            "action": "approve_beyond_allocation",
            "_selected_action": [project.pk],
            "confirm": "1",
            "override_reason": "Urgence sociale",
        },
    )
    project.refresh_from_db()
    assert (project.status, project.over_allocation_reason) == (
        ProjectStatus.APPROVED,
        "Urgence sociale",
    )
