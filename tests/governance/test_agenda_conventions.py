"""Amendments and terminations proposed to the committee of their convention (issue 17).

seed 001 art. 9: "La présente convention peut être modifiée à l'initiative des parties par voie
d'avenant" — the funder terminates "après mise en demeure de s'y conformer"; seed 002 §VII:
denounced by registered letter, the convention "resteront applicables durant le préavis de
trois mois à compter de la réception de la lettre de dénonciation"."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import agenda, services
from governance.enums import AgendaKind, CommitteeKind, ItemOutcome
from governance.errors import GovernanceError
from governance.models import AgendaItem, Decision
from partnerships import services as convention_services
from partnerships.enums import ConventionStatus, ProposalStatus, RenewalPolicy, Role
from partnerships.errors import ConventionError
from partnerships.models import (
    Amendment,
    AmendmentProposal,
    Convention,
    Termination,
    TerminationProposal,
)
from tests.governance.factories import CommitteeFactory, MeetingFactory
from tests.partnerships.factories import OrganisationFactory, convention_between, member

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def udccas():
    """seed 002: the Département du Nord × UDCCAS framework convention, 2019-2021, three
    months' notice, and its steering committee held by the Département."""
    department = OrganisationFactory(department=True, name="Département du Nord")
    union = OrganisationFactory(name="UDCCAS du Nord")
    convention = convention_between(
        department,
        union,
        reference="CD59-UDCCAS-2019-2021",
        start_date=D(2019, 1, 1),
        end_date=D(2021, 12, 31),
        signed_on=D(2019, 1, 1),
        renewal_policy=RenewalPolicy.NONE,
        notice_months=3,
    )
    secretary = member(Role.DEPARTMENT_STAFF, department)
    committee = CommitteeFactory(
        name="Comité de pilotage CD59 × UDCCAS",
        kind=CommitteeKind.STEERING,
        convention=convention,
        organisation=department,
        secretary=secretary,
    )
    return convention, department, union, secretary, committee


def on_agenda(committee, by, held_on, target):
    """The target put on the agenda of a meeting of `committee`, then the meeting held."""
    meeting = MeetingFactory(committee=committee, held_on=held_on, planned=True)
    key = next(c.key for c in agenda.pending_items(meeting, by) if c.target == target)
    [item] = agenda.agenda_prepare(meeting=meeting, by=by, picks=[key])
    services.meeting_hold(meeting=meeting, by=by)
    return meeting, item


def tacit_renewal_proposal(convention, by, **fields):
    return convention_services.amendment_propose(
        convention=convention,
        by=by,
        summary="Passage en tacite reconduction, préavis de trois mois.",
        new_renewal_policy=RenewalPolicy.TACIT,
        new_notice_months=3,
        proposed_on=D(2020, 2, 3),
        **fields,
    )


# ------------------------------------------------------------------------------ amendments
def test_amendment_proposed_is_pending_for_the_convention_committee_only(world, udccas):
    convention, _department, _union, secretary, committee = udccas
    proposal = tacit_renewal_proposal(convention, secretary)
    meeting = MeetingFactory(committee=committee, held_on=D(2020, 3, 10), planned=True)
    [candidate] = agenda.pending_items(meeting, secretary)
    assert candidate.kind == AgendaKind.AMENDMENT and candidate.target == proposal
    assert candidate.title.startswith("Avenant à la convention CD59-UDCCAS-2019-2021")
    # Another convention's committee, and another organisation's user, never see it.
    other = CommitteeFactory(kind=CommitteeKind.STEERING, convention=world.conventions.joint)
    assert agenda.SOURCES[AgendaKind.AMENDMENT].pending(other, secretary) == []
    outsider = world.users.outsider_director
    assert agenda.SOURCES[AgendaKind.AMENDMENT].pending(committee, outsider) == []


def test_amendment_adopted_by_the_committee_is_signed_with_its_decision(udccas):
    # seed 001 art. 9 ("par voie d'avenant"), seed 002 §VII (three months' notice)
    convention, _department, _union, secretary, committee = udccas
    proposal = tacit_renewal_proposal(convention, secretary)
    meeting, item = on_agenda(committee, secretary, D(2020, 3, 10), proposal)
    agenda.agenda_item_decide(
        item=item, by=secretary, outcome=ItemOutcome.ADOPTED, applied_on=D(2020, 3, 16)
    )
    proposal.refresh_from_db()
    amendment = Amendment.objects.get(convention=convention)
    assert proposal.status == ProposalStatus.ADOPTED and proposal.amendment == amendment
    assert amendment.number == 1 and amendment.signed_on == D(2020, 3, 16)
    assert amendment.decision_reference == "Comité de pilotage CD59 × UDCCAS du 10/03/2020"
    convention = Convention.objects.get(pk=convention.pk)
    assert convention.renewal_policy == RenewalPolicy.TACIT
    # seed 002 §VII: the tacit term ends on 31 December 2021, denounced by 30 September.
    assert convention.last_day_to_denounce(D(2021, 6, 1)) == D(2021, 9, 30)
    decision = Decision.objects.get(meeting=meeting)
    assert decision.convention == convention
    assert agenda.pending_items(meeting, secretary) == []


def test_amendment_refused_leaves_the_convention_unchanged(udccas):
    convention, _department, _union, secretary, committee = udccas
    proposal = tacit_renewal_proposal(convention, secretary)
    _meeting, item = on_agenda(committee, secretary, D(2020, 3, 10), proposal)
    agenda.agenda_item_decide(item=item, by=secretary, outcome=ItemOutcome.REFUSED)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REFUSED
    assert proposal.decision_reference == "Comité de pilotage CD59 × UDCCAS du 10/03/2020"
    assert not Amendment.objects.exists()
    assert Convention.objects.get(pk=convention.pk).renewal_policy == RenewalPolicy.NONE


def test_adoption_keeps_the_rules_of_the_amendment(udccas):
    # seed 002 §VII: a tacit renewal is denounced with notice; without one the amendment is
    # refused, and the committee's decision is rolled back with it.
    convention, _department, _union, secretary, committee = udccas
    Convention.objects.filter(pk=convention.pk).update(notice_months=0)
    proposal = convention_services.amendment_propose(
        convention=convention,
        by=secretary,
        summary="Passage en tacite reconduction.",
        new_renewal_policy=RenewalPolicy.TACIT,
        proposed_on=D(2020, 2, 3),
    )
    _meeting, item = on_agenda(committee, secretary, D(2020, 3, 10), proposal)
    with pytest.raises(ConventionError, match="précise le préavis de dénonciation"):
        agenda.agenda_item_decide(item=item, by=secretary, outcome=ItemOutcome.ADOPTED)
    assert not Decision.objects.exists() and not Amendment.objects.exists()
    item.refresh_from_db()
    proposal.refresh_from_db()
    assert item.outcome == ItemOutcome.PENDING and proposal.status == ProposalStatus.PROPOSED


def test_amendment_deferred_is_carried_to_the_next_meeting(udccas):
    convention, _department, _union, secretary, committee = udccas
    proposal = tacit_renewal_proposal(convention, secretary)
    meeting, item = on_agenda(committee, secretary, D(2020, 3, 10), proposal)
    agenda.agenda_item_decide(item=item, by=secretary, outcome=ItemOutcome.DEFERRED)
    following = MeetingFactory(committee=committee, held_on=D(2020, 9, 15), planned=True)
    [candidate] = agenda.pending_items(following, secretary)
    assert candidate.target == proposal and candidate.carried_from == item
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED
    assert not Amendment.objects.exists()


def test_recording_an_amendment_directly_still_works(udccas):
    # The deliberation happened outside Maillage: the amendment is recorded as a fact.
    convention, _department, _union, secretary, _committee = udccas
    amendment = convention_services.amendment_add(
        convention=convention,
        by=secretary,
        signed_on=D(2020, 3, 16),
        summary="Passage en tacite reconduction.",
        new_renewal_policy=RenewalPolicy.TACIT,
        decision_reference="Comité de pilotage du 10 mars 2020",
    )
    assert amendment.number == 1 and not AmendmentProposal.objects.exists()


# ---------------------------------------------------------------------------- terminations
def test_denunciation_adopted_keeps_the_convention_in_force_three_months(world, udccas):
    # seed 002 §VII: "durant le préavis de trois mois à compter de la réception de la lettre"
    convention, department, _union, secretary, committee = udccas
    proposal = convention_services.termination_propose(
        convention=convention,
        by=secretary,
        kind="denunciation",
        organisation=department,
        reason="Nouveau schéma départemental.",
        proposed_on=D(2020, 3, 2),
    )
    meeting = MeetingFactory(committee=committee, held_on=D(2020, 4, 14), planned=True)
    [candidate] = agenda.pending_items(meeting, secretary)
    assert candidate.kind == AgendaKind.TERMINATION
    assert candidate.title == (
        "Dénonciation de la convention CD59-UDCCAS-2019-2021 à l'initiative de Département du Nord"
    )
    assert (
        agenda.SOURCES[AgendaKind.TERMINATION].pending(committee, world.users.outsider_director)
        == []
    )
    _meeting, item = on_agenda(committee, secretary, D(2020, 4, 14), proposal)
    agenda.agenda_item_decide(
        item=item, by=secretary, outcome=ItemOutcome.ADOPTED, applied_on=D(2020, 4, 15)
    )
    termination = Termination.objects.get(convention=convention)
    assert termination.effective_on == D(2020, 7, 15)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED and proposal.termination == termination
    convention = Convention.objects.get(pk=convention.pk)
    assert convention.status_on(D(2020, 7, 14)) == ConventionStatus.ACTIVE
    assert convention.status_on(D(2020, 7, 15)) == ConventionStatus.TERMINATED


def test_denunciation_refused_leaves_the_convention_in_force(udccas):
    convention, department, _union, secretary, committee = udccas
    proposal = convention_services.termination_propose(
        convention=convention,
        by=secretary,
        kind="denunciation",
        organisation=department,
        proposed_on=D(2020, 3, 2),
    )
    _meeting, item = on_agenda(committee, secretary, D(2020, 4, 14), proposal)
    agenda.agenda_item_decide(item=item, by=secretary, outcome=ItemOutcome.REFUSED)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REFUSED
    assert not Termination.objects.exists()
    assert Convention.objects.get(pk=convention.pk).status_on(D(2021, 6, 1)) == (
        ConventionStatus.ACTIVE
    )


def test_termination_deferred_is_carried_then_a_second_proposal_is_refused(udccas):
    convention, department, _union, secretary, committee = udccas
    proposal = convention_services.termination_propose(
        convention=convention,
        by=secretary,
        kind="denunciation",
        organisation=department,
        proposed_on=D(2020, 3, 2),
    )
    _meeting, item = on_agenda(committee, secretary, D(2020, 4, 14), proposal)
    agenda.agenda_item_decide(item=item, by=secretary, outcome=ItemOutcome.DEFERRED)
    following = MeetingFactory(committee=committee, held_on=D(2020, 6, 9), planned=True)
    [candidate] = agenda.pending_items(following, secretary)
    assert candidate.target == proposal and candidate.carried_from == item
    with pytest.raises(ConventionError, match="attend déjà la décision"):
        convention_services.termination_propose(
            convention=convention,
            by=secretary,
            kind="denunciation",
            organisation=department,
            proposed_on=D(2020, 5, 4),
        )
    assert TerminationProposal.objects.count() == 1


def test_termination_by_the_funder_adopted_only_after_a_formal_notice(world, cpom):
    # seed 001 art. 9: unilateral termination by the Département "après mise en demeure de
    # s'y conformer", effective from its notification.
    staff = world.users.staff
    committee = CommitteeFactory(
        name="Comité de suivi du CPOM 2023-2025",
        kind=CommitteeKind.STEERING,
        convention=cpom,
        organisation=world.orgs.department,
        secretary=staff,
    )
    proposal = convention_services.termination_propose(
        convention=cpom,
        by=staff,
        kind="termination",
        organisation=world.orgs.department,
        reason="Engagements de l'article 3 non respectés.",
        proposed_on=D(2024, 5, 15),
    )
    _meeting, item = on_agenda(committee, staff, D(2024, 6, 4), proposal)
    with pytest.raises(ConventionError, match="après une mise en demeure"):
        agenda.agenda_item_decide(item=item, by=staff, outcome=ItemOutcome.ADOPTED)
    assert not Termination.objects.exists() and not Decision.objects.exists()
    # With the formal notice of 2 May 2024 on the proposal, the adoption applies it.
    TerminationProposal.objects.filter(pk=proposal.pk).update(formal_notice_on=D(2024, 5, 2))
    agenda.agenda_item_decide(
        item=item, by=staff, outcome=ItemOutcome.ADOPTED, applied_on=D(2024, 6, 10)
    )
    termination = Termination.objects.get(convention=cpom)
    assert termination.effective_on == D(2024, 6, 10)  # no notice: on notification
    assert Convention.objects.get(pk=cpom.pk).status_on(D(2024, 6, 10)) == (
        ConventionStatus.TERMINATED
    )


def test_a_termination_needs_its_reason_and_a_party(world, udccas):
    convention, department, _union, secretary, _committee = udccas
    with pytest.raises(ConventionError, match="Motivez la résiliation"):
        convention_services.termination_propose(
            convention=convention,
            by=secretary,
            kind="termination",
            organisation=department,
            proposed_on=D(2020, 3, 2),
        )
    with pytest.raises(ConventionError, match="n'est pas partie"):
        convention_services.termination_propose(
            convention=convention,
            by=secretary,
            kind="denunciation",
            organisation=world.orgs.other,
            proposed_on=D(2020, 3, 2),
        )
    assert not TerminationProposal.objects.exists()


def test_a_proposal_decided_once_is_not_decided_again(udccas):
    convention, _department, _union, secretary, committee = udccas
    proposal = tacit_renewal_proposal(convention, secretary)
    _meeting, item = on_agenda(committee, secretary, D(2020, 3, 10), proposal)
    agenda.agenda_item_decide(item=item, by=secretary, outcome=ItemOutcome.REFUSED)
    with pytest.raises(GovernanceError, match="déjà traité"):
        agenda.agenda_item_decide(item=item, by=secretary, outcome=ItemOutcome.ADOPTED)
    with pytest.raises(ConventionError, match="déjà prononcée"):
        convention_services.amendment_proposal_decide(
            proposal=proposal,
            by=secretary,
            adopted=True,
            decided_on=D(2020, 3, 10),
            decision_reference="COPIL",
        )


# ----------------------------------------------------------------------------------- pages
def test_pages_propose_and_show_the_proposal_on_the_convention(client, world):
    # A CPOM in force today, between seed 001's parties: 1 January to 31 December, three years.
    staff = world.users.staff
    start = timezone.localdate().replace(month=1, day=1)
    cpom = convention_between(
        world.orgs.department,
        world.orgs.fas,
        reference="CPOM-FAS",
        start_date=start,
        end_date=start.replace(year=start.year + 3) - dt.timedelta(days=1),
        signed_on=start,
    )
    CommitteeFactory(
        kind=CommitteeKind.STEERING,
        convention=cpom,
        organisation=world.orgs.department,
        secretary=staff,
        name="Comité de suivi du CPOM",
    )
    client.force_login(staff)
    url = reverse("partnerships:amendment_propose", args=[cpom.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"summary": ""})
    assert response.status_code == 400 and "Ce champ est obligatoire" in response.content.decode()
    response = client.post(url, {"summary": "Report de la fin de six mois."})
    assert response.status_code == 400  # nothing changes: French message
    assert "au moins une date de fin" in response.content.decode()
    assert not AmendmentProposal.objects.exists()
    new_end = start.replace(year=start.year + 3, month=6, day=30)
    response = client.post(
        url, {"summary": "Report de la fin de six mois.", "new_end_date": new_end.isoformat()}
    )
    assert response.status_code == 302
    proposal = AmendmentProposal.objects.get()
    assert proposal.new_end_date == new_end and proposal.proposed_on == timezone.localdate()
    page = client.get(reverse("partnerships:convention_detail", args=[cpom.pk])).content.decode()
    assert "Report de la fin de six mois." in page and "<strong>proposé</strong>" in page
    end = reverse("partnerships:termination_propose", args=[cpom.pk])
    assert client.get(end).status_code == 200
    response = client.post(end, {"kind": "termination", "organisation": world.orgs.department.pk})
    assert response.status_code == 400 and "Motivez la résiliation" in response.content.decode()
    assert not TerminationProposal.objects.exists()


def test_proposal_pages_of_another_organisation_are_404(client, world, cpom):
    client.force_login(world.users.outsider_director)
    for name in ("partnerships:amendment_propose", "partnerships:termination_propose"):
        url = reverse(name, args=[cpom.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"summary": "x", "new_end_date": "2026-06-30"}).status_code == 404
    assert not AmendmentProposal.objects.exists()


def test_decision_form_asks_the_date_of_the_letter(client, udccas):
    convention, department, _union, secretary, committee = udccas
    proposal = convention_services.termination_propose(
        convention=convention,
        by=secretary,
        kind="denunciation",
        organisation=department,
        proposed_on=D(2020, 3, 2),
    )
    _meeting, item = on_agenda(committee, secretary, D(2020, 4, 14), proposal)
    client.force_login(secretary)
    url = reverse("governance:item_decide", args=[item.pk])
    assert "Lettre recommandée notifiée le" in client.get(url).content.decode()
    response = client.post(url, {"outcome": "adopted", "applied_on": "2020-04-15"})
    assert response.status_code == 302
    assert Termination.objects.get().effective_on == D(2020, 7, 15)
    assert AgendaItem.objects.get().outcome == ItemOutcome.ADOPTED


def test_prepare_page_queries_do_not_grow_with_proposals(client, udccas, count_queries):
    convention, department, _union, secretary, committee = udccas
    meeting = MeetingFactory(committee=committee, held_on=D(2020, 3, 10), planned=True)
    client.force_login(secretary)
    url = reverse("governance:agenda_prepare", args=[meeting.pk])
    tacit_renewal_proposal(convention, secretary)
    convention_services.termination_propose(
        convention=convention,
        by=secretary,
        kind="denunciation",
        organisation=department,
        proposed_on=D(2020, 3, 2),
    )
    few, _sql = count_queries(lambda: client.get(url))
    for _ in range(4):
        tacit_renewal_proposal(convention, secretary)
    many, sql = count_queries(lambda: client.get(url))
    assert many == few, "\n".join(sql)
    assert len(agenda.pending_items(meeting, secretary)) == 6
