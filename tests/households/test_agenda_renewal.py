"""Renewals and orientations decided by a complex-cases commission (issue 17).

seed 004 §4: "La durée de l'accompagnement est de 6 mois, avec bilan intermédiaire à 3 mois,
renouvelable" — "Un bilan d'accompagnement est également réalisé à échéance, en amont d'un
éventuel renouvellement" — "L'orientation ASRL peut également être décidée à l'issue d'une
commission des parcours complexes Logement d'abord"; seed 004 §5: "un accompagnement de 6 mois
et un éventuel renouvellement, pour la même durée"."""

import datetime as dt

import pytest
from django.urls import reverse

from governance import agenda
from governance import services as governance_services
from governance.enums import AgendaKind, CommitteeKind, ItemOutcome
from governance.models import Decision
from households import services
from households.enums import (
    HousingSituation,
    OrientationOutcome,
    ProjectStatus,
    Recommendation,
    ReferralStatus,
    Relationship,
    ReviewKind,
)
from households.errors import HouseholdError
from partnerships.enums import NotificationKind, Role
from partnerships.models import Notification
from tests.governance.factories import CommitteeFactory, MeetingFactory
from tests.partnerships.factories import MembershipFactory, member

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def commission(world):
    """The complex-cases commission of the ASRL convention, run by the Artois coordinator,
    who is also an agent of the Département."""
    world.asrl.convention = world.conventions.asrl
    world.asrl.save()
    secretary = world.users.coordinator
    MembershipFactory(
        user=secretary, organisation=world.orgs.department, role=Role.DEPARTMENT_STAFF
    )
    return CommitteeFactory(
        name="Commission des parcours complexes Logement d'abord — Artois",
        kind=CommitteeKind.COMPLEX_CASES,
        convention=world.conventions.asrl,
        organisation=world.orgs.department,
        secretary=secretary,
    )


def end_of_term(project, by, recommendation=Recommendation.RENEW, held_on=None):
    """The referent's end-of-term review: with "Renouveler", the request for the renewal."""
    project.refresh_from_db()
    services.review_record(
        project=project,
        by=by,
        kind=ReviewKind.END_OF_TERM,
        held_on=held_on or project.planned_end,
        assessment="Logement maintenu ; dette locative en cours d'apurement.",
        recommendation=recommendation,
    )
    project.refresh_from_db()
    return project


def on_agenda(committee, by, held_on, target):
    meeting = MeetingFactory(committee=committee, held_on=held_on, planned=True)
    key = next(c.key for c in agenda.pending_items(meeting, by) if c.target == target)
    [item] = agenda.agenda_prepare(meeting=meeting, by=by, picks=[key])
    governance_services.meeting_hold(meeting=meeting, by=by)
    return meeting, item


# -------------------------------------------------------------------------------- renewals
def test_renewal_asked_by_the_review_is_pending_for_the_commission(world, commission, asrl_project):
    secretary = commission.secretary
    # seed 004 §4: 6 months from 1 October 2019, the end-of-term review on 31 March 2020.
    project = end_of_term(asrl_project, world.users.social_worker)
    assert project.planned_end == D(2020, 3, 31) and project.status == ProjectStatus.IN_REVIEW
    meeting = MeetingFactory(committee=commission, held_on=D(2020, 4, 7), planned=True)
    [candidate] = agenda.pending_items(meeting, secretary)
    assert candidate.kind == AgendaKind.RENEWAL and candidate.target == project
    assert candidate.title.startswith("Renouvellement de l'accompagnement du ménage")
    source = agenda.SOURCES[AgendaKind.RENEWAL]
    # Another organisation's user never sees it; a steering committee is not its remit.
    assert source.pending(commission, world.users.outsider_director) == []
    copil = CommitteeFactory(kind=CommitteeKind.STEERING, convention=world.conventions.asrl)
    assert source.pending(copil, secretary) == []


def test_a_review_recommending_the_closure_asks_for_no_renewal(world, commission, asrl_project):
    end_of_term(asrl_project, world.users.social_worker, Recommendation.CLOSE)
    meeting = MeetingFactory(committee=commission, held_on=D(2020, 4, 7), planned=True)
    assert agenda.pending_items(meeting, commission.secretary) == []


def test_renewal_adopted_renews_the_project_for_the_same_length(
    client, world, commission, asrl_project
):
    # seed 004 §5: "un éventuel renouvellement, pour la même durée": 6 more months.
    secretary = commission.secretary
    project = end_of_term(asrl_project, world.users.social_worker)
    meeting, item = on_agenda(commission, secretary, D(2020, 4, 7), project)
    agenda.agenda_item_decide(item=item, by=secretary, outcome=ItemOutcome.ADOPTED)
    project.refresh_from_db()
    assert project.status == ProjectStatus.RENEWED and project.renewals_used == 1
    assert project.planned_end == D(2020, 9, 30)
    assert agenda.pending_items(meeting, secretary) == []
    # The project's page shows the decision with the link to the minutes.
    client.force_login(world.users.social_worker)
    page = client.get(reverse("households:project_detail", args=[project.pk])).content.decode()
    assert "Renouvellement adopté" in page
    assert reverse("governance:meeting_minutes_pdf", args=[meeting.pk]) in page


def test_renewal_refused_is_recorded_and_the_project_ends_at_its_term(
    client, world, commission, asrl_project
):
    secretary = commission.secretary
    project = end_of_term(asrl_project, world.users.social_worker)
    meeting, item = on_agenda(commission, secretary, D(2020, 4, 7), project)
    agenda.agenda_item_decide(
        item=item, by=secretary, outcome=ItemOutcome.REFUSED, note="Objectifs atteints."
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_REVIEW and project.renewals_used == 0
    assert project.renewal_refused_by == Decision.objects.get(meeting=meeting)
    assert "a refusé le renouvellement" in services.renewal_refusal(project)
    # Nobody renews it around the commission, and it is no longer pending.
    with pytest.raises(HouseholdError, match="a refusé le renouvellement"):
        services.project_renew(project=project, by=world.users.director)
    following = MeetingFactory(committee=commission, held_on=D(2020, 5, 5), planned=True)
    assert agenda.pending_items(following, secretary) == []
    client.force_login(world.users.social_worker)
    page = client.get(reverse("households:project_detail", args=[project.pk])).content.decode()
    assert "Renouvellement refusé" in page and "Renouveler l’accompagnement" not in page
    # It ends as the rules say: closed at its term.
    services.project_close(
        project=project, by=world.users.social_worker, closed_on=D(2020, 3, 31), outcome="housed"
    )


def test_a_second_renewal_stays_refused(world, commission, asrl_project):
    # seed 004 §4-§5: renewable once ("un éventuel renouvellement").
    secretary = commission.secretary
    project = end_of_term(asrl_project, world.users.social_worker)
    _meeting, item = on_agenda(commission, secretary, D(2020, 4, 7), project)
    # Meanwhile its director renewed it; six months later, a new review asks again.
    services.project_renew(project=project, by=world.users.director)
    project = end_of_term(project, world.users.social_worker, held_on=D(2020, 9, 30))
    assert project.renewals_used == 1 and project.status == ProjectStatus.IN_REVIEW
    with pytest.raises(HouseholdError, match="n'autorise que 1 renouvellement"):
        agenda.agenda_item_decide(item=item, by=secretary, outcome=ItemOutcome.ADOPTED)
    project.refresh_from_db()
    assert project.renewals_used == 1 and not Decision.objects.exists()
    # No later meeting lists it: no committee can grant a second renewal.
    following = MeetingFactory(committee=commission, held_on=D(2020, 10, 6), planned=True)
    assert agenda.pending_items(following, secretary) == []


def test_renewal_deferred_is_carried_to_the_next_commission(world, commission, asrl_project):
    secretary = commission.secretary
    project = end_of_term(asrl_project, world.users.social_worker)
    meeting, item = on_agenda(commission, secretary, D(2020, 4, 7), project)
    agenda.agenda_item_decide(item=item, by=secretary, outcome=ItemOutcome.DEFERRED)
    following = MeetingFactory(committee=commission, held_on=D(2020, 5, 5), planned=True)
    [candidate] = agenda.pending_items(following, secretary)
    assert candidate.target == project and candidate.carried_from == item
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_REVIEW and project.renewals_used == 0


def test_only_the_commission_of_its_remit_renews_it(world, commission, asrl_project):
    project = end_of_term(asrl_project, world.users.social_worker)
    copil = CommitteeFactory(
        kind=CommitteeKind.STEERING,
        convention=world.conventions.asrl,
        organisation=world.orgs.department,
    )
    decision = governance_services.decision_record(
        meeting=MeetingFactory(committee=copil, held_on=D(2020, 4, 7)),
        by=commission.secretary,
        subject="household_follow_up",
        title="Renouvellement",
        outcome="adopted",
    )
    with pytest.raises(HouseholdError, match="ne se prononce pas sur le renouvellement"):
        services.project_renew_in_committee(
            project=project, by=commission.secretary, decision=decision
        )
    project.refresh_from_db()
    assert project.renewals_used == 0


# ----------------------------------------------------------------------------- orientation
def new_referral(world):
    return services.referral_receive_new_household(
        by=world.users.social_worker,
        organisation=world.orgs.chrs,
        territory=world.territories.arras,
        housing_situation=HousingSituation.EVICTION_THREAT,
        informed_on=D(2019, 9, 10),
        priorities=["single_parent", "eviction"],
        first_name="Nadia",
        last_name="Fictif",
        birth_date=D(1990, 6, 1),
        relationship=Relationship.HEAD,
        referred_by=world.orgs.siao,
        programme=world.asrl,
        received_on=D(2019, 9, 12),
        situation="Menacée d'expulsion avec deux enfants.",
    )


def test_orientation_decided_by_the_commission_is_written_back_to_the_referral(world, commission):
    # seed 004 §4: "peut également être décidée à l'issue d'une commission des parcours
    # complexes Logement d'abord"; the meeting's day is the day of the decision.
    secretary = commission.secretary
    referral = new_referral(world)
    meeting, item = on_agenda(commission, secretary, D(2019, 9, 26), referral)
    assert item.kind == AgendaKind.ORIENTATION
    agenda.agenda_item_decide(
        item=item, by=secretary, outcome=ItemOutcome.ADOPTED, operator=world.orgs.chrs
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ORIENTED
    assert referral.orientation.outcome == OrientationOutcome.ORIENTED
    assert referral.orientation.operator == world.orgs.chrs
    assert referral.orientation.meeting == meeting
    assert referral.orientation.decided_on == D(2019, 9, 26)


def test_orientation_refused_by_the_commission_keeps_its_reason(world, commission):
    secretary = commission.secretary
    referral = new_referral(world)
    _meeting, item = on_agenda(commission, secretary, D(2019, 9, 26), referral)
    agenda.agenda_item_decide(
        item=item, by=secretary, outcome=ItemOutcome.REFUSED, note="Relève du droit commun."
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFUSED
    assert referral.orientation.reason == "Relève du droit commun."


def test_joint_project_renewal_is_decided_by_the_copil_of_its_convention(world, joint_project):
    # seed 000 art. III: 24 months, renewed by the SOLiHA × MTA steering committee (art. IV).
    world.joint.convention = world.conventions.joint
    world.joint.save()
    director = world.users.soliha_director
    copil = CommitteeFactory(
        name="Comité de pilotage SOLiHA × MTA",
        kind=CommitteeKind.STEERING,
        convention=world.conventions.joint,
        organisation=world.orgs.soliha,
        secretary=director,
    )
    project = end_of_term(joint_project, world.users.soliha_worker)
    assert project.planned_end == D(2023, 2, 28)
    # The complex-cases commission is not its remit.
    commission = CommitteeFactory(kind=CommitteeKind.COMPLEX_CASES, convention=None)
    assert agenda.SOURCES[AgendaKind.RENEWAL].pending(commission, director) == []
    _meeting, item = on_agenda(copil, director, D(2023, 3, 14), project)
    agenda.agenda_item_decide(item=item, by=director, outcome=ItemOutcome.ADOPTED)
    project.refresh_from_db()
    assert project.status == ProjectStatus.RENEWED
    assert project.planned_end == D(2025, 2, 28)


def test_the_commissions_decision_is_told_to_the_referent_and_the_former_one(
    world, commission, asrl_project
):
    # issue 16 (Carnet de bord: "notifier l'ancien référent de la décision de la commission")
    colleague = member(Role.SOCIAL_WORKER, world.orgs.chrs, first_name="Sacha")
    services.project_change_referent(
        project=asrl_project, new_referent=colleague, reason="Mutation.", by=world.users.director
    )
    secretary = commission.secretary
    project = end_of_term(asrl_project, colleague)
    meeting, item = on_agenda(commission, secretary, D(2020, 4, 7), project)
    agenda.agenda_item_decide(
        item=item, by=secretary, outcome=ItemOutcome.REFUSED, note="Objectifs atteints."
    )
    told = Notification.objects.filter(kind=NotificationKind.COMMITTEE_DECISION)
    assert {n.recipient for n in told} == {colleague, world.users.social_worker}
    assert all(project.household.reference in n.title and "refusé" in n.title for n in told)
    assert all("Objectifs atteints" not in n.title for n in told)
