"""Fictional households: members, referrals, orientations, projects and their follow-up."""

import datetime as dt

from demo import data
from demo.writer import DemoWriter
from governance.models import Decision, OrganisationAgreement
from households.enums import AccessReason
from households.models import (
    HANDOVER_ACCESS,
    Appointment,
    Closure,
    Contact,
    Dwelling,
    FinancialHelp,
    Household,
    HouseholdAccess,
    InterventionProject,
    Member,
    OrientationDecision,
    PlannedAction,
    ProjectApproval,
    ReferentChange,
    Referral,
    Review,
)
from households.services import refresh_access, set_priorities


def load(writer: DemoWriter) -> None:
    for spec in data.HOUSEHOLDS:
        household = writer.upsert(
            Household,
            {"reference": spec["reference"]},
            organisation=writer.organisations[spec["organisation"]],
            territory=writer.territories[spec["territory"]],
            housing_situation=spec["housing_situation"],
            informed_on=writer.day(spec["informed_on"]),
        )
        set_priorities(household, spec["priorities"])
        received_on = writer.day(spec["referral"]["received_on"])
        writer.backdate(household, received_on)
        for first_name, last_name, birth_date, relationship in spec["members"]:
            member = writer.upsert(
                Member,
                {"household": household, "first_name": first_name, "last_name": last_name},
                birth_date=birth_date,
                relationship=relationship,
            )
            writer.backdate(member, received_on)
        referral = _referral(writer, household, spec["referral"])
        if "project" in spec:
            _project(writer, household, referral, spec["project"])
        if "dwelling" in spec:
            _dwelling(writer, household, spec["dwelling"])
        refresh_access(household)  # who may read the file, from the rows above (issue 15)


def _dwelling(writer: DemoWriter, household: Household, spec: dict) -> None:
    """seed 000 art. III: the dwelling SOLiHA put at the household's disposal in its stock."""
    dwelling = writer.upsert(
        Dwelling,
        {"household": household, "address": spec["address"]},
        landlord=writer.organisations[spec["landlord"]],
        unit=spec.get("unit", ""),
        territory=writer.territories[spec["territory"]],
        since=writer.day(spec["since"]),
    )
    writer.backdate(dwelling, dwelling.since)


def _referral(writer: DemoWriter, household: Household, spec: dict) -> Referral:
    referral = writer.upsert(
        Referral,
        {"household": household, "programme": writer.programmes[spec["programme"]]},
        referred_by=writer.organisations[spec["referred_by"]],
        received_on=writer.day(spec["received_on"]),
        situation=spec["situation"],
        status=spec["status"],
    )
    writer.backdate(referral, referral.received_on)
    orientation = spec.get("orientation")
    if orientation:
        meeting = orientation.get("meeting")
        writer.upsert(
            OrientationDecision,
            {"referral": referral},
            outcome=orientation["outcome"],
            decided_on=writer.day(orientation["decided_on"]),
            decided_by=writer.users[orientation["decided_by"]],
            meeting=writer.meetings[meeting] if meeting else None,
            operator=writer.organisations[orientation["operator"]],
            reason=orientation["reason"],
        )
    return referral


def _project(writer: DemoWriter, household: Household, referral: Referral, spec: dict) -> None:
    code = spec["programme"]
    allocation = spec.get("allocation")
    # start_date set: review_due_on and planned_end follow from the programme's rules.
    project = writer.upsert(
        InterventionProject,
        {"household": household, "programme": writer.programmes[code]},
        referral=referral,
        operator=writer.organisations[spec["operator"]],
        referent=writer.users[spec["referent"]],
        measure_allocation=writer.allocations[allocation] if allocation else None,
        objectives=spec["objectives"],
        contract_signed_on=writer.day(spec["contract_signed_on"]),
        start_date=writer.day(spec["start_date"]),
        renewals_used=spec.get("renewals_used", 0),
        status=spec["status"],
    )
    # Proposed once the orientation was decided (or the referral received), by its start.
    decision = getattr(referral, "orientation", None)
    proposed_on = decision.decided_on if decision else referral.received_on
    if project.start_date:
        proposed_on = min(proposed_on, project.start_date)
    writer.backdate(project, proposed_on, 14)
    writer.set_m2m(project, "partners", writer.orgs(spec.get("partners", [])))
    writer.set_m2m(project, "volunteers", [writer.users[u] for u in spec.get("volunteers", [])])
    _approvals(writer, project, spec)
    for action in spec.get("actions", []):
        writer.upsert(
            PlannedAction,
            {"project": project, "description": action.description},
            domain=writer.domains[(code, action.domain)],
            organisation=writer.organisations[action.organisation],
            performer=action.performer,
            due_on=writer.day(action.due_on),
            status=action.status,
        )
    # Contacts and reviews are found by their text and kind: their dates move with today.
    for visit in spec.get("contacts", []):
        contact = writer.upsert(
            Contact,
            {"project": project, "summary": visit.summary},
            happened_on=writer.day(visit.day),
            medium=visit.medium,
            author=writer.users[visit.author],
            duration_minutes=visit.minutes,
            confidential_note=visit.note,
        )
        writer.set_m2m(contact, "participants", [writer.users[u] for u in visit.participants])
        writer.set_m2m(contact, "domains", [writer.domains[(code, d)] for d in visit.domains])
    if "handover" in spec:
        _handover(writer, project, spec["handover"])
    # Planned contacts (issue 16), found by their place: their time moves with today.
    for rendezvous in spec.get("appointments", []):
        appointment = writer.upsert(
            Appointment,
            {"project": project, "place": rendezvous.place},
            starts_at=writer.moment(writer.day(rendezvous.day), rendezvous.hour),
            duration_minutes=rendezvous.minutes,
            medium=rendezvous.medium,
            planned_by=writer.users[rendezvous.planned_by],
        )
        people = {rendezvous.planned_by, *rendezvous.participants}
        writer.set_m2m(appointment, "participants", [writer.users[u] for u in sorted(people)])
    for review in spec.get("reviews", []):
        writer.upsert(
            Review,
            {"project": project, "kind": review.kind},
            held_on=writer.day(review.held_on),
            assessment=review.assessment,
            recommendation=review.recommendation,
            author=writer.users[spec["referent"]],
            sent_to_coordinator_on=writer.day(review.sent_on),
        )
    if "closure" in spec:
        closed_on, outcome, comment = spec["closure"]
        writer.upsert(
            Closure,
            {"project": project},
            closed_on=writer.day(closed_on),
            outcome=outcome,
            comment=comment,
        )
    for help_spec in spec.get("helps", []):
        help_row = writer.upsert(
            FinancialHelp,
            {"project": project, "purpose": help_spec["purpose"]},
            amount_requested=help_spec["amount_requested"],
            status=help_spec["status"],
            amount_granted=help_spec.get("amount_granted"),
            decided_on=writer.day(help_spec.get("decided_on")),
            paid_on=writer.day(help_spec.get("paid_on")),
            payment_method=help_spec.get("payment_method", ""),
            payer=writer.organisations[help_spec["payer"]],
            is_advance=help_spec.get("is_advance", False),
            awaited_aid=help_spec.get("awaited_aid", ""),
            repaid_on=writer.day(help_spec.get("repaid_on")),
            amount_repaid=help_spec.get("amount_repaid"),
        )
        # Asked a week before its decision, never before the project was proposed.
        asked_on = (help_row.decided_on or writer.today) - dt.timedelta(days=7)
        writer.backdate(help_row, max(asked_on, proposed_on))


def _handover(writer: DemoWriter, project: InterventionProject, spec: dict) -> None:
    """issue 16: a change of referent and the former referent's transition access, as
    project_change_referent writes them, dated from the loading day."""
    former = writer.users[spec["from"]]
    changed_at = writer.moment(writer.day(spec["day"]))
    change = writer.upsert(
        ReferentChange,
        {"project": project, "former_referent": former, "new_referent": project.referent},
        reason=spec["reason"],
        changed_at=changed_at,
        changed_by=former,
        access_until=changed_at + HANDOVER_ACCESS,
    )
    writer.upsert(
        HouseholdAccess,
        {"household": project.household, "user": former, "reason": AccessReason.HANDOVER},
        until=change.access_until,
    )


def _approvals(writer: DemoWriter, project: InterventionProject, spec: dict) -> None:
    """seed 000 art. IV: the steering committee agrees once each structure has agreed."""
    approvals = spec.get("approvals", [])
    decision = None
    if "approval_decision" in spec:
        meeting_key, title = spec["approval_decision"]
        meeting = writer.meetings[meeting_key]
        involved = {spec["operator"], *spec.get("partners", [])}
        everyone_agreed = {org_key for org_key, _user in approvals} >= involved
        decision = writer.upsert(
            Decision,
            {"meeting": meeting, "title": title},
            number="",
            subject="household_follow_up",
            text="",
            convention=project.programme.convention,
            outcome="adopted" if everyone_agreed else "pending",
            requires_each_organisation=True,
        )
        for org_key, user_key in approvals:
            writer.upsert(
                OrganisationAgreement,
                {"decision": decision, "organisation": writer.organisations[org_key]},
                agreed=True,
                given_on=meeting.held_on,
                given_by=writer.users[user_key],
            )
    approved_on = decision.meeting.held_on if decision else writer.day(spec["start_date"])
    for org_key, user_key in approvals:
        writer.upsert(
            ProjectApproval,
            {"project": project, "organisation": writer.organisations[org_key]},
            approved_by=writer.users[user_key],
            approved_at=writer.moment(approved_on, 18),
            decision=decision,
        )
