"""Who may act in governance (django-rules predicates); what they see is `visible_to`."""

import rules

from partnerships.enums import PartyRole, Role
from partnerships.perimeter import org_ids
from partnerships.rules import is_staff_party

RUNNING_ROLES = (Role.DEPARTMENT_STAFF, Role.DIRECTOR)


@rules.predicate
def runs_committee(user, committee) -> bool:
    """Staff or directors of a party to the committee's convention, or of the body that holds
    a committee without convention (the Commission Permanente of the Département)."""
    if committee is None:
        return False
    if committee.convention_id:
        return is_staff_party(user, committee.convention)
    return committee.organisation_id in org_ids(user, roles=RUNNING_ROLES)


@rules.predicate
def runs_meeting(user, meeting) -> bool:
    return meeting is not None and runs_committee(user, meeting.committee)


@rules.predicate
def answers_for_a_structure(user, decision) -> bool:
    """A director of one of the committee's structures gives its agreement (seed 000 art. IV)."""
    if decision is None:
        return False
    structures = {m.organisation_id for m in decision.meeting.committee.members.all()}
    return bool(structures & org_ids(user, roles=[Role.DIRECTOR]))


@rules.predicate
def runs_convention_of(user, obj) -> bool:
    return obj is not None and is_staff_party(user, obj.convention)


def report_funders(convention) -> set[int]:
    """The organisations that validate a convention's annual reports: its funders (or the
    commissioning party), seed 001 art. 4.2 and art. 6."""
    return {
        p.organisation_id
        for p in convention.parties.all()
        if p.role in (PartyRole.FUNDER, PartyRole.COMMISSIONING)
    }


@rules.predicate
def manages_report_convention(user, report) -> bool:
    """The funder validates the report the beneficiary submits (seed 001 art. 4.2, art. 6);
    without a funder among the parties, any party that runs the convention does."""
    if report is None:
        return False
    funders = report_funders(report.convention)
    staff = org_ids(user, roles=RUNNING_ROLES)
    if funders:
        return bool(funders & staff)
    return bool({p.organisation_id for p in report.convention.parties.all()} & staff)


rules.add_perm("governance.run_committee", rules.is_superuser | runs_committee)
rules.add_perm("governance.run_meeting", rules.is_superuser | runs_meeting)
rules.add_perm("governance.give_agreement", rules.is_superuser | answers_for_a_structure)
# Plans and reports of a convention: drafted and transmitted by those who run it.
rules.add_perm("governance.manage_plan", rules.is_superuser | runs_convention_of)
rules.add_perm("governance.write_report", rules.is_superuser | runs_convention_of)
rules.add_perm("governance.validate_report", rules.is_superuser | manages_report_convention)


@rules.predicate
def staff_of_deliberating_body(user, decision) -> bool:
    """The department staff of the body whose meeting took the decision: the parties to the
    committee's convention, or the organisation that holds a committee without convention
    (the Commission Permanente of the Département). They file the signed deliberation."""
    if decision is None:
        return False
    committee = decision.meeting.committee
    if committee.convention_id:
        bodies = {p.organisation_id for p in committee.convention.parties.all()}
    else:
        bodies = {committee.organisation_id}
    return bool(bodies & org_ids(user, roles=[Role.DEPARTMENT_STAFF]))


rules.add_perm(
    "governance.attach_deliberation_paper", rules.is_superuser | staff_of_deliberating_body
)
