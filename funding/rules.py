"""Who may move money (django-rules predicates)."""

import rules

from partnerships.enums import Role
from partnerships.perimeter import org_ids


@rules.predicate
def works_for_funder(user, grant) -> bool:
    if grant is None:
        return False
    return grant.funder_id in org_ids(user, roles=[Role.DEPARTMENT_STAFF])


rules.add_perm("funding.manage_grant", rules.is_superuser | works_for_funder)
