"""What a user may do with a household's follow-up (django-rules predicates)."""

import rules

from households.models import FOLLOWING_ROLES, Household
from partnerships.enums import Role
from partnerships.perimeter import org_ids, territory_paths


@rules.predicate
def reads_confidential_notes(user, household) -> bool:
    # domain.md: the confidential note is for professionals, never volunteers or staff.
    if household is None:
        return False
    return Household.objects.professionally_visible_to(user).filter(pk=household.pk).exists()


def _project_orgs(project) -> set[int]:
    return {project.operator_id, *(p.pk for p in project.partners.all())}


@rules.predicate
def directs_a_project_structure(user, project) -> bool:
    # seed 000 art. IV: a director approves for their own organisation.
    if project is None:
        return False
    return bool(_project_orgs(project) & org_ids(user, roles=[Role.DIRECTOR]))


@rules.predicate
def follows_project(user, project) -> bool:
    if project is None:
        return False
    if _project_orgs(project) & org_ids(user, roles=FOLLOWING_ROLES):
        return True
    return project.volunteers.filter(pk=user.pk).exists()


@rules.predicate
def coordinates_territory(user, referral) -> bool:
    # seed 004 §4: the territory's coordinator validates the orientation.
    if referral is None:
        return False
    path = referral.household.territory.path
    return any(path.startswith(own) for own in territory_paths(user))


rules.add_perm("households.read_confidential_notes", rules.is_superuser | reads_confidential_notes)
rules.add_perm("households.approve_project", rules.is_superuser | directs_a_project_structure)
rules.add_perm("households.log_contact", rules.is_superuser | follows_project)
rules.add_perm("households.decide_orientation", rules.is_superuser | coordinates_territory)
