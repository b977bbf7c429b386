"""N households with their members, referral, orientation, project and its follow-up.

Households are written by chunks, so that memory stays flat whatever N: a chunk's contacts
(~22 per project) are built, inserted and dropped before the next chunk.
"""

import datetime as dt
import math
from decimal import Decimal

from demo.dataset import names
from demo.dataset.base import Context
from funding.models import MeasureAllocation, MeasureEnvelope, MeasureReservation
from households.enums import (
    ActionStatus,
    ClosureOutcome,
    ContactMedium,
    HelpPurpose,
    HelpStatus,
    HousingSituation,
    OrientationOutcome,
    Performer,
    PriorityCriterion,
    ProjectStatus,
    Recommendation,
    ReferralStatus,
    Relationship,
    ReviewKind,
)
from households.models import (
    Closure,
    Contact,
    FinancialHelp,
    Household,
    HouseholdPriority,
    InterventionProject,
    Member,
    OrientationDecision,
    PlannedAction,
    ProjectApproval,
    Referral,
    Review,
    priority_codes,
)

CHUNK = 1000
HOUSING = [
    (HousingSituation.HOSTED, 30),
    (HousingSituation.TENANT, 25),
    (HousingSituation.EVICTION_THREAT, 20),
    (HousingSituation.HOMELESS, 15),
    (HousingSituation.RECENTLY_EVICTED, 10),
]
MEDIUMS = list(ContactMedium.values)
OUTCOMES = list(ClosureOutcome.values)


def build(ctx: Context) -> None:
    ctx.used_measures = dict.fromkeys(ctx.allocations, 0)
    for start in range(0, ctx.households, CHUNK):
        _chunk(ctx, range(start, min(start + CHUNK, ctx.households)))
    _size_envelopes(ctx)


def _pick_operator(ctx: Context):
    return ctx.rng.choices(ctx.operators, cum_weights=ctx.operator_cum)[0]


def _chunk(ctx: Context, numbers: range) -> None:
    rng = ctx.rng
    households, members, priorities, referrals, plans = [], [], [], [], []
    for number in numbers:
        operator = _pick_operator(ctx)
        territory = operator.home_territory
        household = Household(
            reference=f"M62-{number + 1:06d}",
            organisation=operator,
            territory=rng.choice(ctx.communes_of[territory.pk]),
            housing_situation=rng.choices(
                [h for h, _w in HOUSING], weights=[w for _h, w in HOUSING]
            )[0],
            informed_on=ctx.days_ago(rng.randint(30, 800)),
        )
        households.append(household)
        last_name = rng.choice(names.LAST_NAMES)
        people = [(rng.choice(names.FIRST_NAMES), last_name, Relationship.HEAD, 25, 70)]
        if rng.random() < 0.4:
            people.append((rng.choice(names.FIRST_NAMES), last_name, Relationship.PARTNER, 25, 70))
        for _child in range(rng.choice([0, 0, 1, 1, 2, 3])):
            people.append((rng.choice(names.FIRST_NAMES), last_name, Relationship.CHILD, 0, 19))
        if rng.random() < 0.05:
            people.append(
                (
                    rng.choice(names.FIRST_NAMES),
                    rng.choice(names.LAST_NAMES),
                    Relationship.OTHER_ADULT,
                    20,
                    80,
                )
            )
        for first, last, relationship, low, high in people:
            members.append(
                Member(
                    household=household,
                    first_name=first,
                    last_name=last,
                    birth_date=ctx.days_ago(rng.randint(low * 365 + 30, high * 365)),
                    relationship=relationship,
                )
            )
        household.adults = sum(1 for p in people if p[2] != Relationship.CHILD)
        criteria = rng.sample(list(PriorityCriterion.values), rng.choice([0, 0, 1, 1, 2]))
        for criterion in criteria:
            priorities.append(HouseholdPriority(household=household, criterion=criterion))
        household.priority_criteria = priority_codes(criteria)  # as set_priorities writes it
        plan = _plan(ctx, household, operator)
        plans.append(plan)
        referrals.append(plan["referral"])
    ctx.save(households)
    ctx.save(members)
    ctx.save(priorities)
    ctx.save(referrals)
    ctx.save([p["orientation"] for p in plans if p["orientation"]])
    projects = [p["project"] for p in plans if p["project"]]
    ctx.save(projects)
    _follow_up(ctx, [p for p in plans if p["project"]])


def _plan(ctx: Context, household: Household, operator) -> dict:
    """The referral, its orientation and the project of one household, with dates that hold
    together: received → decided → contract signed → started → reviewed → closed."""
    rng = ctx.rng
    programme = rng.choices([ctx.asrl, ctx.joint, ctx.avdl], weights=[60, 25, 15])[0]
    referrer = rng.choice([*ctx.ccas, *ctx.landlords, *ctx.communes_orgs])
    territory = operator.home_territory
    waiting = rng.random() < 0.08
    start_offset = rng.randint(-20, 760)  # negative: starts in the coming weeks
    received = ctx.days_ago(max(start_offset, 0) + rng.randint(15, 60))
    referral = Referral(
        household=household,
        referred_by=referrer,
        programme=programme,
        received_on=received,
        situation="Ménage en difficulté de logement, orienté par le prescripteur.",
        status=rng.choice([ReferralStatus.RECEIVED, ReferralStatus.UNDER_STUDY])
        if waiting
        else ReferralStatus.ORIENTED,
    )
    plan = {"referral": referral, "orientation": None, "project": None}
    if waiting:
        return plan
    decided = received + dt.timedelta(days=rng.randint(3, 14))
    plan["orientation"] = OrientationDecision(
        referral=referral,
        outcome=OrientationOutcome.ORIENTED,
        decided_on=decided,
        decided_by=ctx.coordinators[territory.pk],
        operator=operator,
        reason="Situation relevant du dispositif, accompagnement proposé.",
    )
    referent = rng.choice(ctx.social_workers[operator.pk])
    project = InterventionProject(
        household=household,
        programme=programme,
        referral=referral,
        operator=operator,
        referent=referent,
        objectives="Accéder à un logement autonome et stabiliser la situation budgétaire.",
    )
    draw = rng.random()
    if draw < 0.04:
        project.status = ProjectStatus.PROPOSED
    elif draw < 0.07:
        project.status = ProjectStatus.APPROVED
        project.contract_signed_on = min(decided + dt.timedelta(days=7), ctx.today)
    else:
        start = max(ctx.days_ago(start_offset), decided + dt.timedelta(days=1))
        project.start_date = min(start, ctx.today)
        project.contract_signed_on = project.start_date
        project.status = ProjectStatus.ACTIVE
        project.compute_dates()
        if (
            project.planned_end < ctx.today
            and programme.renewals_allowed != 0
            and (rng.random() < 0.25)
        ):
            project.renewals_used = 1
            project.compute_dates()
            project.status = ProjectStatus.RENEWED
        if project.planned_end < ctx.today:
            project.status = ProjectStatus.CLOSED
        elif (
            project.review_due_on
            and project.review_due_on <= ctx.today
            and project.status == ProjectStatus.ACTIVE
            and rng.random() < 0.3
        ):
            project.status = ProjectStatus.IN_REVIEW
    project.compute_dates()
    if programme is ctx.asrl and project.start_date:
        key = (project.start_date.year, territory.pk, operator.pk)
        if key in ctx.allocations:
            project.measure_allocation = ctx.allocations[key]
            # seed 004 §5: one measure per adult, children never count.
            project.measures = household.adults
            ctx.used_measures[key] += household.adults
    plan["project"] = project
    return plan


def _follow_up(ctx: Context, plans: list[dict]) -> None:
    rng = ctx.rng
    contacts, contact_domains, actions, reviews, closures = [], [], [], [], []
    approvals, helps, reservations, partners, volunteers = [], [], [], [], []
    partner_through = InterventionProject.partners.through
    volunteer_through = InterventionProject.volunteers.through
    for plan in plans:
        project = plan["project"]
        operator = project.operator
        director = ctx.directors[operator.pk]
        domains = ctx.domains[project.programme_id]
        authors = [project.referent]
        partner = None
        if project.programme is ctx.joint:
            territory = operator.home_territory.pk
            local = [a for a in ctx.volunteer_assocs if a.home_territory.pk == territory]
            partner = rng.choice(local or ctx.volunteer_assocs)
            partners.append(
                partner_through(interventionproject_id=project.pk, organisation_id=partner.pk)
            )
            chosen = rng.sample(ctx.volunteers[partner.pk], 2)
            authors.extend(chosen)
            volunteers.extend(
                volunteer_through(interventionproject_id=project.pk, user_id=u.pk) for u in chosen
            )
        if project.status != ProjectStatus.PROPOSED:
            approved_at = ctx.today if not project.start_date else project.start_date
            approvals.append(
                ProjectApproval(
                    project=project,
                    organisation=operator,
                    approved_by=director,
                    approved_at=_moment(approved_at),
                )
            )
            if partner:
                approvals.append(
                    ProjectApproval(
                        project=project,
                        organisation=partner,
                        approved_by=ctx.directors[partner.pk],
                        approved_at=_moment(approved_at),
                    )
                )
        for index in range(3):
            by_volunteer = partner is not None and index == 2
            actions.append(
                PlannedAction(
                    project=project,
                    domain=domains[(index + rng.randint(0, 4)) % len(domains)],
                    description=rng.choice(names.ACTION_TEXTS),
                    organisation=partner if by_volunteer else operator,
                    performer=Performer.VOLUNTEER if by_volunteer else Performer.PROFESSIONAL,
                    due_on=(project.start_date or ctx.today) + dt.timedelta(days=30 * (index + 1)),
                    status=rng.choice(list(ActionStatus.values)),
                )
            )
        if not project.start_date:
            continue
        end = min(project.planned_end, ctx.today)
        span = max((end - project.start_date).days, 0)
        for _n in range(rng.randint(14, 34)):
            author = rng.choice(authors)
            contact = Contact(
                project=project,
                happened_on=project.start_date + dt.timedelta(days=rng.randint(0, span)),
                medium=rng.choice(MEDIUMS),
                author=author,
                duration_minutes=rng.choice([30, 45, 60, 90]),
                summary=rng.choice(names.CONTACT_SUMMARIES),
                confidential_note="Éléments de situation à suivre." if rng.random() < 0.2 else "",
            )
            contact.domain = rng.choice(domains)
            contacts.append(contact)
        if project.review_due_on and project.review_due_on <= ctx.today:
            reviews.append(
                Review(
                    project=project,
                    kind=ReviewKind.INTERMEDIATE,
                    held_on=project.review_due_on,
                    assessment="Le ménage progresse sur la plupart des domaines.",
                    recommendation=Recommendation.CONTINUE,
                    author=project.referent,
                    sent_to_coordinator_on=project.review_due_on + dt.timedelta(days=3),
                )
            )
        if project.status == ProjectStatus.CLOSED:
            reviews.append(
                Review(
                    project=project,
                    kind=ReviewKind.CLOSING,
                    held_on=project.planned_end,
                    assessment="Objectifs de l'accompagnement atteints pour l'essentiel.",
                    recommendation=Recommendation.CLOSE,
                    author=project.referent,
                )
            )
            closures.append(
                Closure(
                    project=project,
                    closed_on=project.planned_end,
                    outcome=rng.choice(OUTCOMES),
                    comment="",
                )
            )
        if partner and rng.random() < 0.15:
            granted = rng.random() < 0.7
            helps.append(
                FinancialHelp(
                    project=project,
                    purpose=rng.choice(list(HelpPurpose.values)),
                    amount_requested=Decimal(rng.choice([80, 150, 300])),
                    status=HelpStatus.GRANTED if granted else HelpStatus.WAITING_DECISION,
                    amount_granted=Decimal("80.00") if granted else None,
                    decided_on=project.start_date + dt.timedelta(days=20) if granted else None,
                    payer=partner,
                )
            )
        if project.measure_allocation is not None:
            reservations.append(
                MeasureReservation(
                    project=project,
                    allocation=project.measure_allocation,
                    measures=project.measures,
                    reserved_by=director,
                )
            )
    ctx.save_m2m(partner_through, partners)
    ctx.save_m2m(volunteer_through, volunteers)
    ctx.save(approvals)
    ctx.save(actions)
    ctx.save(contacts)
    domain_through = Contact.domains.through
    contact_domains = [
        domain_through(contact_id=c.pk, programmedomain_id=c.domain.pk) for c in contacts
    ]
    ctx.save_m2m(domain_through, contact_domains)
    ctx.save(reviews)
    ctx.save(closures)
    ctx.save(helps)
    ctx.save(reservations)


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)


def _size_envelopes(ctx: Context) -> None:
    """Allocations cover what the projects consume, with a margin; territories sum their
    operators; an envelope sums its territories (seed 004 §5: allocated / committed)."""
    operator_rows = []
    by_territory: dict[tuple, int] = {}
    for key, allocation in ctx.allocations.items():
        year, territory, operator = key
        if operator is None:
            continue
        allocation.measures = math.ceil(ctx.used_measures[key] * 1.1) + 2
        operator_rows.append(allocation)
        by_territory[(year, territory)] = by_territory.get((year, territory), 0) + (
            allocation.measures
        )
    territory_rows = []
    for (year, territory), total in by_territory.items():
        allocation = ctx.allocations[(year, territory, None)]
        allocation.measures = total
        territory_rows.append(allocation)
    MeasureAllocation.objects.bulk_update(
        operator_rows + territory_rows, ["measures"], batch_size=ctx.batch
    )
    for year, envelope in ctx.envelopes.items():
        envelope.measures = sum(total for (y, _t), total in by_territory.items() if y == year)
    MeasureEnvelope.objects.bulk_update(list(ctx.envelopes.values()), ["measures"])
