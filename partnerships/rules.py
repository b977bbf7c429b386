"""What a user may do with conventions (django-rules); what they may see is `visible_to`."""

import rules

from partnerships.enums import OrganisationKind, PartyRole, Role
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
# Issue 19: organisations are created by department staff (OrganisationAdmin.add_roles).
rules.add_perm("partnerships.import_organisations", rules.is_superuser | is_department_staff)
rules.add_perm(
    "partnerships.record_activity", rules.is_superuser | is_staff_party | is_operator_member
)
# seed 003 §V.2: the monthly synthesis is the operator's (Citéo's) to write.
rules.add_perm("partnerships.write_synthesis", rules.is_superuser | is_operator_member)
rules.add_perm(
    "partnerships.report_incident", rules.is_superuser | is_staff_party | is_operator_member
)
rules.add_perm("partnerships.acknowledge_incident", rules.is_superuser | is_incident_recipient)


# ------------------------------------------------------------------------ people and roles
# A director manages the members of their own organisation, with roles up to director;
# coordinators and department staff are appointed by the département's own administrators
# (its direction) or by a superuser, never by a partner structure.
DIRECTOR_GRANTS = (Role.SOCIAL_WORKER, Role.VOLUNTEER, Role.DIRECTOR, Role.SIGNATORY_PARTNER)
DEPARTMENT_GRANTS = (Role.COORDINATOR, Role.DEPARTMENT_STAFF)


@rules.predicate
def is_director(user) -> bool:
    return has_role(user, Role.DIRECTOR)


@rules.predicate
def directs(user, organisation) -> bool:
    return organisation is not None and organisation.pk in org_ids(user, roles=[Role.DIRECTOR])


def is_department_administrator(user, organisation) -> bool:
    """A superuser, or a director of this organisation when it is a département."""
    if user.is_superuser:
        return True
    return organisation.kind == OrganisationKind.DEPARTMENT and directs(user, organisation)


def grantable_roles(user, organisation) -> list[str]:
    """The roles `user` may grant (or take back) in `organisation`: none where they do not
    direct; the roles of a partner structure where they do; coordinator and department staff
    only as an administrator of the département. Department staff work in a département."""
    if not (user.is_superuser or directs(user, organisation)):
        return []
    wanted = list(DIRECTOR_GRANTS)
    if is_department_administrator(user, organisation):
        wanted += list(DEPARTMENT_GRANTS)
    if organisation.kind != OrganisationKind.DEPARTMENT:
        wanted = [r for r in wanted if r != Role.DEPARTMENT_STAFF]
    return [r for r in Role.values if r in wanted]


# The "Membres" page opens to directors; each organisation's members to its own directors.
rules.add_perm("partnerships.open_members", rules.is_superuser | is_director)
rules.add_perm("partnerships.manage_members", rules.is_superuser | directs)


# ------------------------------------------------------------------------ papers (issue 19)
# The signed convention and its signed amendments are filed by those who run it: the
# department staff and the directors of a party (the same people as manage_convention).
rules.add_perm("partnerships.attach_convention_paper", rules.is_superuser | is_staff_party)
