"""What a user may do with conventions (django-rules); what they may see is `visible_to`."""

import rules

from partnerships.enums import Role
from partnerships.perimeter import has_role, org_ids


@rules.predicate
def is_department_staff(user) -> bool:
    return has_role(user, Role.DEPARTMENT_STAFF)


@rules.predicate
def is_director(user) -> bool:
    return has_role(user, Role.DIRECTOR)


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
