"""The rules of the follow-up, one test each, with the source documents' own figures."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from governance.enums import CommitteeKind, MeetingStatus
from households import services
from households.enums import (
    ContactMedium,
    HousingSituation,
    OrientationOutcome,
    ProjectStatus,
    Recommendation,
    ReferralStatus,
    Relationship,
    ReviewKind,
)
from households.models import (
    Contact,
    InterventionProject,
    Member,
    OrientationDecision,
    ProjectApproval,
    Referral,
    Review,
)
from households.services import HouseholdError
from partnerships.enums import Role
from tests.governance.factories import MeetingFactory
from tests.households.factories import (
    ContactFactory,
    HouseholdFactory,
    MemberFactory,
    ProjectFactory,
    ReviewFactory,
)
from tests.partnerships.factories import member

pytestmark = pytest.mark.django_db


def end_of_term_review(project, by, held_on=dt.date(2020, 3, 20)):
    return services.review_record(
        project=project,
        by=by,
        kind=ReviewKind.END_OF_TERM,
        held_on=held_on,
        assessment="Objectifs partiellement atteints.",
        recommendation=Recommendation.RENEW,
    )


# --------------------------------------------------------------------- dates (seed 004 §4)
def test_asrl_project_lasts_six_months_with_review_at_three(asrl_project):
    # seed 004 §4: "La durée de l'accompagnement est de 6 mois, avec bilan intermédiaire à 3 mois"
    assert asrl_project.review_due_on == dt.date(2020, 1, 1)
    assert asrl_project.planned_end == dt.date(2020, 3, 31)


def test_joint_accompaniment_lasts_twenty_four_months(joint_project):
    # seed 000: "proposé sur une période de 24 mois avec renouvellement si besoin"
    assert joint_project.planned_end == dt.date(2023, 2, 28)
    assert joint_project.review_due_on is None


def test_project_start_derives_dates_from_the_signed_contract(world, household):
    project = ProjectFactory(
        household=household, programme=world.asrl, operator=world.orgs.chrs, approved=True
    )
    services.project_start(
        project=project, by=world.users.social_worker, contract_signed_on=dt.date(2019, 10, 1)
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE
    assert (project.start_date, project.review_due_on, project.planned_end) == (
        dt.date(2019, 10, 1),
        dt.date(2020, 1, 1),
        dt.date(2020, 3, 31),
    )


# --------------------------------------------------------------------- renewal (seed 004 §4)
def test_asrl_renewal_after_end_of_term_review_adds_six_months(world, asrl_project):
    end_of_term_review(asrl_project, world.users.social_worker)
    services.project_renew(project=asrl_project, by=world.users.social_worker)
    asrl_project.refresh_from_db()
    # seed 004 §4: renewable once, for the same length: 6 + 6 months from 1 October 2019
    assert asrl_project.status == ProjectStatus.RENEWED
    assert asrl_project.renewals_used == 1
    assert asrl_project.planned_end == dt.date(2020, 9, 30)


def test_renewal_without_end_of_term_review_is_refused(world, asrl_project):
    with pytest.raises(HouseholdError, match="bilan de fin de mesure"):
        services.project_renew(project=asrl_project, by=world.users.social_worker)
    asrl_project.refresh_from_db()
    assert asrl_project.renewals_used == 0


def test_second_renewal_of_asrl_project_is_refused(world, asrl_project):
    end_of_term_review(asrl_project, world.users.social_worker)
    services.project_renew(project=asrl_project, by=world.users.social_worker)
    end_of_term_review(asrl_project, world.users.social_worker, held_on=dt.date(2020, 9, 20))
    # seed 004 §4: "renouvelable" once, "pour la même durée" (§5)
    with pytest.raises(HouseholdError, match="n'autorise que 1 renouvellement"):
        services.project_renew(project=asrl_project, by=world.users.social_worker)
    asrl_project.refresh_from_db()
    assert asrl_project.renewals_used == 1
    assert asrl_project.planned_end == dt.date(2020, 9, 30)


def test_joint_accompaniment_renews_without_limit(world, joint_project):
    for held_on in (dt.date(2023, 2, 1), dt.date(2025, 2, 1)):
        end_of_term_review(joint_project, world.users.soliha_worker, held_on=held_on)
        services.project_renew(project=joint_project, by=world.users.soliha_worker)
    joint_project.refresh_from_db()
    # seed 000: 24 months, renewable: 3 × 24 months from 1 March 2021
    assert joint_project.planned_end == dt.date(2027, 2, 28)


# --------------------------------------------------------------------- reviews and contacts
def test_review_before_the_project_starts_is_refused(world, asrl_project):
    with pytest.raises(HouseholdError, match="précéder le début de l'accompagnement"):
        services.review_record(
            project=asrl_project,
            by=world.users.social_worker,
            kind=ReviewKind.INTERMEDIATE,
            held_on=dt.date(2019, 9, 30),
            assessment="Trop tôt.",
            recommendation=Recommendation.CONTINUE,
        )
    assert not Review.objects.exists()


def test_review_of_a_project_not_started_is_refused(world, household):
    project = ProjectFactory(
        household=household, programme=world.asrl, operator=world.orgs.chrs, proposed=True
    )
    with pytest.raises(HouseholdError, match="n'a pas commencé"):
        end_of_term_review(project, world.users.social_worker)


def test_end_of_term_review_puts_the_project_in_review(world, asrl_project):
    end_of_term_review(asrl_project, world.users.social_worker)
    asrl_project.refresh_from_db()
    assert asrl_project.status == ProjectStatus.IN_REVIEW


def test_contact_in_the_future_is_refused(world, asrl_project):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(HouseholdError, match="dans le futur"):
        services.contact_log(
            project=asrl_project,
            by=world.users.social_worker,
            happened_on=tomorrow,
            medium=ContactMedium.PHONE,
            duration_minutes=15,
        )
    assert not Contact.objects.exists()


def test_contact_before_the_start_is_refused(world, asrl_project):
    with pytest.raises(HouseholdError, match="1 octobre 2019"):
        services.contact_log(
            project=asrl_project,
            by=world.users.social_worker,
            happened_on=dt.date(2019, 9, 1),
            medium=ContactMedium.PHONE,
            duration_minutes=15,
        )


def test_volunteer_cannot_write_a_confidential_note(world, joint_project):
    with pytest.raises(HouseholdError, match="Seuls les professionnels"):
        services.contact_log(
            project=joint_project,
            by=world.users.volunteer,
            happened_on=dt.date(2021, 3, 10),
            medium=ContactMedium.HOME_VISIT,
            duration_minutes=60,
            confidential_note="Ce que je pense de la famille.",
        )
    assert not Contact.objects.exists()


def test_volunteer_logs_a_contact_on_an_assigned_project(world, joint_project):
    contact = services.contact_log(
        project=joint_project,
        by=world.users.volunteer,
        happened_on=dt.date(2021, 3, 10),
        medium=ContactMedium.HOME_VISIT,
        duration_minutes=60,
        summary="Installation dans l'appartement.",
    )
    assert contact.author == world.users.volunteer
    assert list(contact.participants.all()) == [world.users.volunteer]


def test_volunteer_cannot_log_on_a_project_they_are_not_assigned_to(world, asrl_project):
    with pytest.raises(PermissionDenied):
        services.contact_log(
            project=asrl_project,
            by=world.users.volunteer,
            happened_on=dt.date(2019, 10, 2),
            medium=ContactMedium.PHONE,
            duration_minutes=10,
        )


# --------------------------------------------------------------------- weekly contacts
def test_asrl_expects_two_contacts_a_week(world, asrl_project):
    # seed 004 §4: "2 à 3 rencontres minimum de l'équipe éducative par semaine"
    on = dt.date(2019, 11, 15)
    ContactFactory(project=asrl_project, happened_on=dt.date(2019, 11, 14))
    ContactFactory(project=asrl_project, happened_on=dt.date(2019, 11, 8))  # 8 days before
    behind = InterventionProject.objects.behind_on_contacts(on)
    assert list(behind) == [asrl_project]
    assert behind.get().week_contacts == 1

    ContactFactory(project=asrl_project, happened_on=dt.date(2019, 11, 9))  # 7th day: counts
    assert not InterventionProject.objects.behind_on_contacts(on).exists()
    assert InterventionProject.objects.with_week_contacts(on).get().week_contacts == 2


def test_a_project_is_judged_on_contacts_after_a_whole_week(world, asrl_project):
    # started 1 October 2019: on 5 October no full week has passed yet
    assert not InterventionProject.objects.behind_on_contacts(dt.date(2019, 10, 5)).exists()
    assert InterventionProject.objects.behind_on_contacts(dt.date(2019, 10, 7)).exists()


def test_joint_programme_sets_no_weekly_minimum(world, joint_project):
    assert not InterventionProject.objects.behind_on_contacts(dt.date(2021, 6, 1)).exists()


def test_due_soon_lists_reviews_and_ends_within_thirty_days(world, asrl_project):
    # review due 1 January 2020, end 31 March 2020
    assert InterventionProject.objects.due_soon(dt.date(2019, 12, 5)).exists()
    assert not InterventionProject.objects.due_soon(dt.date(2019, 11, 30)).exists()
    ReviewFactory(project=asrl_project, held_on=dt.date(2019, 12, 20))
    assert not InterventionProject.objects.due_soon(dt.date(2019, 12, 22)).exists()
    assert InterventionProject.objects.due_soon(dt.date(2020, 3, 1)).exists()


# --------------------------------------------------------------------- members
def test_member_born_after_today_is_refused(world, household):
    with pytest.raises(HouseholdError, match="naissance ne peut pas être dans le futur"):
        services.member_add(
            household=household,
            by=world.users.social_worker,
            first_name="Léa",
            last_name="Fictif",
            birth_date=timezone.localdate() + dt.timedelta(days=1),
            relationship=Relationship.CHILD,
        )
    assert not Member.objects.exists()


def test_child_of_age_still_does_not_count_for_funding(household):
    # seed 004 §5: "5000€/personne/an (hors enfants même majeurs)"
    MemberFactory(household=household, relationship=Relationship.HEAD)
    MemberFactory(household=household, relationship=Relationship.PARTNER)
    MemberFactory(household=household, child=True, birth_date=dt.date(2001, 4, 2))  # of age
    MemberFactory(household=household, child=True)
    assert household.adults_for_funding() == 2


# --------------------------------------------------------------------- referral and orientation
def new_referral(world, **overrides):
    fields = {
        "by": world.users.social_worker,
        "organisation": world.orgs.chrs,
        "territory": world.territories.arras,
        "housing_situation": HousingSituation.EVICTION_THREAT,
        "informed_on": dt.date(2019, 9, 10),
        "priorities": ["single_parent", "eviction"],
        "first_name": "Nadia",
        "last_name": "Fictif",
        "birth_date": dt.date(1990, 6, 1),
        "relationship": Relationship.HEAD,
        "referred_by": world.orgs.siao,
        "programme": world.asrl,
        "received_on": dt.date(2019, 9, 12),
        "situation": "Menacée d'expulsion avec deux enfants.",
    }
    return services.referral_receive_new_household(**(fields | overrides))


def test_referral_creates_a_pseudonymous_household(world):
    referral = new_referral(world)
    household = referral.household
    assert household.reference.startswith("MEN-") and "Fictif" not in household.reference
    assert referral.status == ReferralStatus.RECEIVED
    assert sorted(household.priorities.values_list("criterion", flat=True)) == [
        "eviction",
        "single_parent",
    ]


def test_bad_referral_leaves_nothing_half_saved(world):
    with pytest.raises(HouseholdError):
        new_referral(world, birth_date=timezone.localdate() + dt.timedelta(days=3))
    assert not Referral.objects.exists()
    assert not Member.objects.exists()
    assert not world.orgs.chrs.households.exists()


def test_coordinator_of_the_territory_validates_the_orientation(world):
    # seed 004 §4: "validée par le coordinateur … après sollicitation de la plateforme"
    referral = new_referral(world)
    services.referral_start_study(referral=referral, by=world.users.coordinator)
    decision = services.orientation_decide(
        referral=referral,
        by=world.users.coordinator,
        outcome=OrientationOutcome.ORIENTED,
        decided_on=dt.date(2019, 9, 20),
        operator=world.orgs.chrs,
        slisl_head="Mme Delattre, cheffe du SLISL de l'Artois",
        slisl_opinion="favourable",
        slisl_opinion_on=dt.date(2019, 9, 18),
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ORIENTED
    assert decision.operator == world.orgs.chrs


def test_coordinator_of_another_territory_cannot_orient(world):
    referral = new_referral(world, territory=world.territories.lens)
    with pytest.raises(PermissionDenied):
        services.orientation_decide(
            referral=referral,
            by=world.users.coordinator,
            outcome=OrientationOutcome.ORIENTED,
            decided_on=dt.date(2019, 9, 20),
            operator=world.orgs.chrs,
        )


def test_complex_cases_commission_decides_on_its_meeting_date(world):
    # seed 004 §4: "peut également être décidée à l'issue d'une commission des parcours complexes"
    referral = new_referral(world)
    meeting = MeetingFactory(
        committee__kind=CommitteeKind.COMPLEX_CASES,
        committee__organisation=world.orgs.department,
        held_on=dt.date(2019, 9, 26),
        status=MeetingStatus.HELD,
    )
    decision = services.orientation_decide(
        referral=referral,
        by=world.users.coordinator,
        outcome=OrientationOutcome.ORIENTED,
        decided_on=dt.date(2019, 9, 20),
        operator=world.orgs.chrs,
        meeting=meeting,
    )
    assert decision.decided_on == dt.date(2019, 9, 26)


def test_a_steering_committee_cannot_orient(world):
    referral = new_referral(world)
    meeting = MeetingFactory(committee__kind=CommitteeKind.STEERING, held=True)
    with pytest.raises(HouseholdError, match="commission des parcours complexes"):
        services.orientation_decide(
            referral=referral,
            by=world.users.coordinator,
            outcome=OrientationOutcome.ORIENTED,
            operator=world.orgs.chrs,
            meeting=meeting,
        )
    assert not OrientationDecision.objects.exists()


def test_refusal_needs_a_reason(world):
    referral = new_referral(world)
    with pytest.raises(HouseholdError, match="Motivez"):
        services.orientation_decide(
            referral=referral,
            by=world.users.coordinator,
            outcome=OrientationOutcome.REFUSED,
            decided_on=dt.date(2019, 9, 20),
        )


def test_asrl_project_needs_an_oriented_referral(world, household):
    with pytest.raises(HouseholdError, match="saisine orientée"):
        services.project_propose(
            household=household,
            by=world.users.social_worker,
            programme=world.asrl,
            operator=world.orgs.chrs,
            referent=world.users.social_worker,
            objectives="Maintien dans le logement.",
        )


def test_project_from_referral_takes_operator_and_programme_of_the_orientation(world):
    referral = new_referral(world)
    services.orientation_decide(
        referral=referral,
        by=world.users.coordinator,
        outcome=OrientationOutcome.ORIENTED,
        decided_on=dt.date(2019, 9, 20),
        operator=world.orgs.chrs,
        slisl_head="Mme Delattre, cheffe du SLISL de l'Artois",
        slisl_opinion="favourable",
        slisl_opinion_on=dt.date(2019, 9, 18),
    )
    project = services.project_propose(
        household=referral.household,
        by=world.users.social_worker,
        referral=referral,
        programme=world.joint,
        operator=world.orgs.other,
        referent=world.users.social_worker,
        objectives="Maintien dans le logement.",
    )
    assert (project.programme, project.operator, project.status) == (
        world.asrl,
        world.orgs.chrs,
        ProjectStatus.PROPOSED,
    )


# --------------------------------------------------------------------- approval (seed 000 art. IV)
def propose_joint(world):
    household = HouseholdFactory(organisation=world.orgs.soliha, territory=world.territories.marcq)
    return services.project_propose(
        household=household,
        by=world.users.soliha_worker,
        programme=world.joint,
        operator=world.orgs.soliha,
        referent=world.users.soliha_worker,
        objectives="Autonomie dans le logement.",
        partners=[world.orgs.mta],
        volunteers=[world.users.volunteer],
    )


def test_joint_project_is_approved_only_when_each_structure_agreed(world):
    # seed 000 art. IV: "sur la base d'un accord de chacune des structures"
    project = propose_joint(world)
    services.project_approve(
        project=project, by=world.users.soliha_director, organisation=world.orgs.soliha
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.PROPOSED
    services.project_approve(
        project=project, by=world.users.mta_director, organisation=world.orgs.mta
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED
    assert project.approvals.count() == 2


def test_director_approves_only_for_own_structure(world):
    project = propose_joint(world)
    with pytest.raises(HouseholdError, match="structure que vous dirigez"):
        services.project_approve(
            project=project, by=world.users.soliha_director, organisation=world.orgs.mta
        )
    assert not ProjectApproval.objects.exists()


def test_social_worker_cannot_approve(world):
    project = propose_joint(world)
    with pytest.raises(PermissionDenied):
        services.project_approve(
            project=project, by=world.users.soliha_worker, organisation=world.orgs.soliha
        )


def test_same_structure_cannot_approve_twice(world):
    project = propose_joint(world)
    services.project_approve(
        project=project, by=world.users.soliha_director, organisation=world.orgs.soliha
    )
    with pytest.raises(HouseholdError, match="a déjà approuvé"):
        services.project_approve(
            project=project, by=world.users.soliha_director, organisation=world.orgs.soliha
        )


def test_asrl_project_is_approved_by_the_operator_alone(world, household):
    project = ProjectFactory(
        household=household, programme=world.asrl, operator=world.orgs.chrs, proposed=True
    )
    services.project_approve(project=project, by=world.users.director, organisation=world.orgs.chrs)
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED


def test_volunteer_of_another_structure_cannot_join_a_project(world, household):
    other_volunteer = member(Role.VOLUNTEER, world.orgs.other)
    with pytest.raises(HouseholdError, match="bénévole"):
        services.project_propose(
            household=household,
            by=world.users.social_worker,
            programme=world.joint,
            operator=world.orgs.chrs,
            referent=world.users.social_worker,
            objectives="Autonomie.",
            volunteers=[other_volunteer],
        )


# --------------------------------------------------------------------- closure and help
def test_closure_records_the_outcome_and_closes(world, asrl_project):
    services.project_close(
        project=asrl_project,
        by=world.users.social_worker,
        closed_on=dt.date(2020, 3, 31),
        outcome="maintained",
    )
    asrl_project.refresh_from_db()
    assert asrl_project.status == ProjectStatus.CLOSED
    assert asrl_project.closure.get_outcome_display() == "Maintenu dans le logement"


def test_one_off_help_granted_by_the_structure(world, joint_project):
    help_ = services.help_request(
        project=joint_project,
        by=world.users.volunteer,
        purpose="energy",
        amount_requested=Decimal("180.00"),
        payer=world.orgs.mta,
    )
    services.help_decide(
        help_=help_,
        by=world.users.soliha_worker,
        granted=True,
        decided_on=dt.date(2021, 4, 2),
        amount_granted=Decimal("150.00"),
    )
    help_.refresh_from_db()
    assert (help_.status, help_.amount_granted) == ("granted", Decimal("150.00"))
