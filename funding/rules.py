"""Who may move money and run calls for applications (django-rules predicates).

What a user may *see* is each model's `visible_to(user)`; these say what they may *do*. The
department staff of the organisation that holds the money (the funder of a budget line or a
grant, the funder or manager of an envelope, the publisher of a call, a party to a co-funded
convention) run it; the services check these rules themselves (`require`).
"""

import rules
from django.core.exceptions import PermissionDenied

from funding.models.base import FUNDING_ROLES
from partnerships.enums import Role
from partnerships.perimeter import has_role, org_ids


def require(user, perm: str, obj=None) -> None:
    """What a service calls first: refuse a write the rules below do not allow `user`. The
    page answers 404, like an object outside the perimeter (common.middleware)."""
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied


def _staff_orgs(user) -> set[int]:
    return org_ids(user, roles=[Role.DEPARTMENT_STAFF])


@rules.predicate
def is_department_staff(user) -> bool:
    return has_role(user, Role.DEPARTMENT_STAFF)


@rules.predicate
def works_for_funder(user, obj) -> bool:
    """Department staff of the funder of a grant or a budget line."""
    if obj is None:
        return False
    return obj.funder_id in _staff_orgs(user)


@rules.predicate
def belongs_to_funder(user, grant) -> bool:
    """Anyone of the funder who reads money (staff, director, signatory): the funder's own
    figures (its budget line) are theirs, not the beneficiary's."""
    if grant is None:
        return False
    return grant.funder_id in org_ids(user, roles=FUNDING_ROLES)


@rules.predicate
def runs_envelope(user, envelope) -> bool:
    """seed 004 §5: the DIHAL funds, the Département manages and allocates the measures."""
    if envelope is None:
        return False
    return bool({envelope.funder_id, envelope.manager_id} & _staff_orgs(user))


@rules.predicate
def staff_of_cofunded_party(user, plan) -> bool:
    """seed 003 §VII: the plan of a convention is kept by the staff of one of its parties."""
    if plan is None:
        return False
    parties = {p.organisation_id for p in plan.convention.parties.all()}
    return bool(parties & _staff_orgs(user))


@rules.predicate
def works_for_publisher(user, call) -> bool:
    if call is None:
        return False
    return call.publisher_id in _staff_orgs(user)


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
        return call.publisher_id in _staff_orgs(user)
    seated = {m.organisation_id for m in call.jury.members.all()}
    return bool(seated & org_ids(user, roles=[Role.DEPARTMENT_STAFF, Role.DIRECTOR]))


@rules.predicate
def runs_beneficiary(user, grant) -> bool:
    """The director or the department staff of the grant's beneficiary: it produces its
    bank identity statement and its certified reports (seed 001 art. 4.3 and 6)."""
    if grant is None:
        return False
    return grant.beneficiary_id in org_ids(user, roles=[Role.DIRECTOR, Role.DEPARTMENT_STAFF])


# Creating a budget line, a grant, an envelope, a call or a co-funding plan (the object's
# organisation is then chosen among the user's own).
rules.add_perm("funding.create_money", rules.is_superuser | is_department_staff)
rules.add_perm("funding.manage_budget_line", rules.is_superuser | works_for_funder)
rules.add_perm("funding.manage_grant", rules.is_superuser | works_for_funder)
rules.add_perm("funding.read_budget_line", rules.is_superuser | belongs_to_funder)
rules.add_perm("funding.manage_envelope", rules.is_superuser | runs_envelope)
rules.add_perm("funding.manage_cofunding", rules.is_superuser | staff_of_cofunded_party)
rules.add_perm("funding.manage_call", rules.is_superuser | works_for_publisher)
rules.add_perm("funding.edit_application", directs_applicant)
rules.add_perm("funding.score_applications", sits_on_jury)
# A grant's papers (issue 19): filed by its beneficiary, which produces them, or by the
# funder's staff, who receive them by post or e-mail.
rules.add_perm(
    "funding.attach_grant_paper", rules.is_superuser | works_for_funder | runs_beneficiary
)


@rules.predicate
def directs_requester(user, request) -> bool:
    """seed 002 §VI: the partner's director sends its annual request and the other funders'
    answers (the UDCCAS du Nord)."""
    if request is None:
        return False
    return request.applicant_id in org_ids(user, roles=[Role.DIRECTOR])


# seed 002 §VI: the partner asks, the Département (its staff) decides.
rules.add_perm("funding.request_subsidy", rules.is_superuser | directs_requester)
rules.add_perm("funding.decide_subsidy", rules.is_superuser | works_for_funder)
