"""What a user may do with conventions (django-rules); what they may see is `visible_to`."""

import rules

from partnerships.enums import PartyRole, Role
from partnerships.perimeter import has_role, org_ids


@rules.predicate
def is_department_staff(user) -> bool:
    return has_role(user, Role.DEPARTMENT_STAFF)


@rules.predicate
def is_party(user, convention) -> bool:
    if convention is None:
        return False
    parties = {p.organisation_id for p in convention.parties.all()}
    return bool(parties & org_ids(user))


@rules.predicate
def is_staff_party(user, convention) -> bool:
    if convention is None:
        return False
    parties = {p.organisation_id for p in convention.parties.all()}
    return bool(parties & org_ids(user, roles=[Role.DEPARTMENT_STAFF, Role.DIRECTOR]))


rules.add_perm("partnerships.read_convention", rules.is_superuser | is_party)
rules.add_perm("partnerships.manage_convention", rules.is_superuser | is_staff_party)


@rules.predicate
def is_department_staff_party(user, convention) -> bool:
    """Department staff of a party: they write down the action sheets and the adjustments the
    parties agree in the convention's follow-up committees (seed 001 art. 3)."""
    if convention is None:
        return False
    parties = {p.organisation_id for p in convention.parties.all()}
    return bool(parties & org_ids(user, roles=[Role.DEPARTMENT_STAFF]))


rules.add_perm("partnerships.manage_action_sheet", rules.is_superuser | is_department_staff_party)


def _party_orgs(convention, *party_roles) -> set[int]:
    return {
        p.organisation_id
        for p in convention.parties.all()
        if not party_roles or p.role in party_roles
    }


@rules.predicate
def is_operator_member(user, convention) -> bool:
    """A member of the convention's operator, whatever their role (seed 003 §IV.2)."""
    if convention is None:
        return False
    return bool(_party_orgs(convention, PartyRole.OPERATOR) & org_ids(user))


@rules.predicate
def is_incident_recipient(user, report) -> bool:
    if report is None:
        return False
    return bool({o.pk for o in report.recipients.all()} & org_ids(user))


# Department staff and directors of a party run the convention; staff or directors anywhere
# may draft a new one (their organisation becomes a party).
rules.add_perm("partnerships.create_convention", rules.is_superuser | is_department_staff)
rules.add_perm(
    "partnerships.record_activity", rules.is_superuser | is_staff_party | is_operator_member
)
rules.add_perm(
    "partnerships.report_incident", rules.is_superuser | is_staff_party | is_operator_member
)
rules.add_perm("partnerships.acknowledge_incident", rules.is_superuser | is_incident_recipient)
