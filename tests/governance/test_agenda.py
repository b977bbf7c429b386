"""Agendas from pending items, decisions written back to the files (issue 17).

seed 000 art. IV: the COPIL "donne l'accord pour le suivi d'un ménage dans le cadre de la
convention sur la base d'un accord de chacune des structures"."""

import datetime as dt

import pytest
from django.urls import reverse

from governance import agenda, services
from governance.enums import AttendanceStatus, CommitteeKind, Frequency, ItemOutcome
from governance.errors import GovernanceError
from governance.models import AgendaItem, Decision
from households import services as household_services
from households.enums import ProjectStatus
from households.models import ProjectApproval
from tests.governance.factories import CommitteeFactory, CommitteeMemberFactory, MeetingFactory
from tests.households.factories import HouseholdFactory, ProjectFactory
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def copil(world):
    """seed 000 art. IV: the SOLiHA × MTA steering committee, two representatives each."""
    world.joint.convention = world.conventions.joint
    world.joint.save()
    soliha, mta = world.orgs.soliha, world.orgs.mta
    committee = CommitteeFactory(
        name="Comité de pilotage SOLiHA × MTA",
        kind=CommitteeKind.STEERING,
        convention=world.conventions.joint,
        organisation=soliha,
        frequency=Frequency.TWICE_A_YEAR,
        seats_per_organisation=2,
        secretary=world.users.soliha_director,
    )
    for organisation, name in [
        (soliha, "Chargé de mission SOLiHA"),
        (soliha, "Responsable Hébergements d'Urgence"),
        (mta, "Jean-Marie DUMORTIER"),
        (mta, "M. HARQUET"),
    ]:
        CommitteeMemberFactory(committee=committee, organisation=organisation, full_name=name)
    return committee


def proposed_project(world, reference="SMN-MTA-002"):
    household = HouseholdFactory(
        organisation=world.orgs.soliha, territory=world.territories.marcq, reference=reference
    )
    project = ProjectFactory(
        household=household,
        programme=world.joint,
        operator=world.orgs.soliha,
        referent=world.users.soliha_worker,
        proposed=True,
    )
    project.partners.add(world.orgs.mta)
    return project


def meeting_with(copil, by, picks_of, *, present):
    """A planned meeting whose agenda takes the projects `picks_of`, then held with the
    representatives of `present` structures."""
    meeting = MeetingFactory(committee=copil, held_on=D(2024, 6, 4), planned=True)
    candidates = {c.target: c.key for c in agenda.pending_items(meeting, by)}
    items = agenda.agenda_prepare(
        meeting=meeting, by=by, picks=[candidates[project] for project in picks_of]
    )
    services.meeting_hold(meeting=meeting, by=by)
    for organisation in present:
        for seat in copil.members.filter(organisation=organisation):
            services.attendance_record(
                meeting=meeting,
                by=by,
                full_name=seat.full_name,
                organisation=organisation,
                status=AttendanceStatus.PRESENT,
            )
    return meeting, items


def test_copil_agrees_with_both_structures_and_the_project_is_approved(world, copil):
    # seed 000 art. IV: the agreement of each structure, given in committee.
    director = world.users.soliha_director
    project = proposed_project(world)
    meeting, [item] = meeting_with(
        copil, director, [project], present=[world.orgs.soliha, world.orgs.mta]
    )
    assert item.title.startswith("Suivi conjoint du ménage SMN-MTA-002")
    agenda.agenda_item_decide(
        item=item,
        by=director,
        outcome=ItemOutcome.ADOPTED,
        organisations=[world.orgs.soliha, world.orgs.mta],
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED
    approvals = ProjectApproval.objects.filter(project=project)
    # One approval record per structure, linked to the committee's decision.
    assert {a.organisation for a in approvals} == {world.orgs.soliha, world.orgs.mta}
    assert {a.decision.meeting for a in approvals} == {meeting}
    assert agenda.pending_items(meeting, director) == []


def test_copil_with_only_one_structure_agreeing_does_not_approve(world, copil):
    # seed 000 art. IV: one structure's agreement is not the agreement of each.
    director = world.users.soliha_director
    project = proposed_project(world)
    _meeting, [item] = meeting_with(copil, director, [project], present=[world.orgs.soliha])
    with pytest.raises(Exception, match="Aucun représentant de Marcq"):
        agenda.agenda_item_decide(
            item=item,
            by=director,
            outcome=ItemOutcome.ADOPTED,
            organisations=[world.orgs.soliha, world.orgs.mta],
        )
    assert not Decision.objects.exists()  # rolled back with the approval
    agenda.agenda_item_decide(
        item=item, by=director, outcome=ItemOutcome.ADOPTED, organisations=[world.orgs.soliha]
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.PROPOSED
    # MTA's director then approves for MTA, outside the committee: the same record, and the
    # project is approved once each structure has agreed.
    household_services.project_approve(
        project=project, by=world.users.mta_director, organisation=world.orgs.mta
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED
    assert ProjectApproval.objects.filter(project=project).count() == 2


def test_a_deferred_item_is_carried_to_the_next_meeting(world, copil):
    director = world.users.soliha_director
    project = proposed_project(world)
    meeting, [item] = meeting_with(copil, director, [project], present=[world.orgs.soliha])
    agenda.agenda_item_decide(item=item, by=director, outcome=ItemOutcome.DEFERRED)
    following = MeetingFactory(committee=copil, held_on=D(2024, 12, 3), planned=True)
    [candidate] = agenda.pending_items(following, director)
    assert candidate.target == project
    assert candidate.carried_from.meeting == meeting
    [carried] = agenda.agenda_prepare(meeting=following, by=director, picks=[candidate.key])
    assert carried.carried_from == item


def test_only_pending_items_of_the_remit_are_picked_and_bad_input_changes_nothing(world, copil):
    director = world.users.soliha_director
    meeting = MeetingFactory(committee=copil, held_on=D(2024, 6, 4), planned=True)
    approved = ProjectFactory(
        household=HouseholdFactory(organisation=world.orgs.soliha),
        programme=world.joint,
        operator=world.orgs.soliha,
        referent=world.users.soliha_worker,
        approved=True,
    )
    with pytest.raises(GovernanceError, match="n'attend pas de décision"):
        agenda.agenda_prepare(meeting=meeting, by=director, picks=[f"1-{approved.pk}"])
    with pytest.raises(GovernanceError, match="au moins un point"):
        agenda.agenda_prepare(meeting=meeting, by=director, picks=[])
    assert not AgendaItem.objects.exists()


def test_pages_prepare_the_agenda_decide_and_show_it_on_the_file(client, world, copil):
    director = world.users.soliha_director
    project = proposed_project(world)
    meeting = MeetingFactory(committee=copil, held_on=D(2024, 6, 4), planned=True)
    client.force_login(director)
    url = reverse("governance:agenda_prepare", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "Suivi conjoint du ménage SMN-MTA-002" in page
    assert client.post(url, {}).status_code == 400  # nothing picked: French message
    response = client.post(url, {"pick_0": "on", "order_0": "1"})
    assert response.status_code == 302
    item = AgendaItem.objects.get()
    pdf = pdf_text(client.get(reverse("governance:agenda_pdf", args=[meeting.pk])).content)
    assert "1 Suivi conjoint du ménage SMN-MTA-002" in pdf or "Suivi conjoint" in pdf
    assert "M. HARQUET" in pdf
    services.meeting_hold(meeting=meeting, by=director)
    for seat in copil.members.all():
        services.attendance_record(
            meeting=meeting,
            by=director,
            full_name=seat.full_name,
            organisation=seat.organisation,
            status=AttendanceStatus.PRESENT,
        )
    decide = reverse("governance:item_decide", args=[item.pk])
    response = client.post(
        decide,
        {"outcome": "adopted", "organisations": [world.orgs.soliha.pk, world.orgs.mta.pk]},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED
    minutes = reverse("governance:meeting_minutes_pdf", args=[meeting.pk])
    detail = client.get(reverse("households:project_detail", args=[project.pk])).content.decode()
    assert minutes in detail
    text = pdf_text(client.get(minutes).content)
    assert "Points de l’ordre du jour et leur issue" in text and "Adopté" in text


def test_agenda_pages_of_another_organisation_are_404(client, world, copil):
    meeting = MeetingFactory(committee=copil, held_on=D(2024, 6, 4), planned=True)
    project = proposed_project(world)
    key = next(
        c.key
        for c in agenda.pending_items(meeting, world.users.soliha_director)
        if c.target == project
    )
    [item] = agenda.agenda_prepare(meeting=meeting, by=world.users.soliha_director, picks=[key])
    client.force_login(world.users.outsider_director)
    for url in (
        reverse("governance:agenda_prepare", args=[meeting.pk]),
        reverse("governance:agenda_pdf", args=[meeting.pk]),
        reverse("governance:item_decide", args=[item.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404


def test_prepare_page_queries_do_not_grow_with_pending_items(client, world, copil, count_queries):
    meeting = MeetingFactory(committee=copil, held_on=D(2024, 6, 4), planned=True)
    client.force_login(world.users.soliha_director)
    url = reverse("governance:agenda_prepare", args=[meeting.pk])
    proposed_project(world, "SMN-MTA-001")
    few, _sql = count_queries(lambda: client.get(url))
    for index in range(5):
        proposed_project(world, f"SMN-MTA-1{index}")
    many, sql = count_queries(lambda: client.get(url))
    assert many == few, "\n".join(sql)
