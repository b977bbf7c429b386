"""Who may move money and run calls for applications (django-rules predicates).

What a user may *see* is each model's `visible_to(user)`; these say what they may *do*.
"""

import rules

from partnerships.enums import Role
from partnerships.perimeter import org_ids


@rules.predicate
def works_for_funder(user, grant) -> bool:
    if grant is None:
        return False
    return grant.funder_id in org_ids(user, roles=[Role.DEPARTMENT_STAFF])


@rules.predicate
def works_for_publisher(user, call) -> bool:
    if call is None:
        return False
    return call.publisher_id in org_ids(user, roles=[Role.DEPARTMENT_STAFF])


@rules.predicate
def directs_applicant(user, application) -> bool:
    if application is None:
        return False
    return application.organisation_id in org_ids(user, roles=[Role.DIRECTOR])


@rules.predicate
def sits_on_jury(user, call) -> bool:
    """seed 004 §6: the jury is the Département and the 3 EPCI concerned; without a jury
    committee on the call, the publisher's staff."""
    if call is None or not user.is_authenticated:
        return False
    if call.jury_id is None:
        return call.publisher_id in org_ids(user, roles=[Role.DEPARTMENT_STAFF])
    seated = {m.organisation_id for m in call.jury.members.all()}
    return bool(seated & org_ids(user, roles=[Role.DEPARTMENT_STAFF, Role.DIRECTOR]))


rules.add_perm("funding.manage_grant", rules.is_superuser | works_for_funder)
rules.add_perm("funding.manage_call", rules.is_superuser | works_for_publisher)
rules.add_perm("funding.edit_application", directs_applicant)
rules.add_perm("funding.score_applications", sits_on_jury)
