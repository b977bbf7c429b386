"""What a user may do with a household's follow-up (django-rules predicates).

What they may see is `Household.objects.visible_to(user)` (households/models.py).
"""

import rules
from django.db.models import Exists, OuterRef

from households.models import FOLLOWING_ROLES, Household
from households.services import referrals as services_referrals
from partnerships.enums import (
    HOUSEHOLD_ROLES,
    PARTNER_PRESCRIBER_ROLES,
    PROFESSIONAL_ROLES,
    OrganisationKind,
    Role,
)
from partnerships.perimeter import has_role, memberships, org_ids, territory_paths


@rules.predicate
def works_with_households(user) -> bool:
    # domain.md: department staff and signatory partners see aggregates only, no household.
    return has_role(user, *HOUSEHOLD_ROLES)


@rules.predicate
def is_household_professional(user) -> bool:
    return has_role(user, *PROFESSIONAL_ROLES)


# The answers of the two predicates below, per household object and user: asked by several
# rules of one page (the household file asks eight), read once (issue 15), the object living
# as long as the request.
READERS, WRITERS = "_professional_readers", "_professional_writers"


def with_file_answers(queryset, user, *, household: str = "pk", writes: bool = True):
    """Households (or projects, `household="household"`) annotated with what
    `reads_confidential_notes` and (unless `writes=False`: a page that does not ask it)
    `works_on_household` ask for `user`, by the same querysets: the page that loads its
    household this way hands the answers over with `remember_file_answers` and the rules
    need no query of their own."""
    household = OuterRef(household)
    answers = {
        "reads_notes_answer": Exists(
            # unscoped: the professional perimeter, asked for one household
            Household.objects.professionally_visible_to(user).filter(pk=household)
        )
    }
    if writes:
        answers["works_on_answer"] = Exists(
            # unscoped: the households the user works on, asked for one household
            Household.objects.worked_on_by(user).filter(pk=household)
        )
    return queryset.annotate(**answers)


def remember_file_answers(household, user, *, annotated=None) -> None:
    """`annotated`: the object read by `with_file_answers`, when not the household itself.
    An answer it was not asked stays for its rule to ask the database."""
    annotated = household if annotated is None else annotated
    household.__dict__.setdefault(READERS, {})[user.pk] = annotated.reads_notes_answer
    if hasattr(annotated, "works_on_answer"):
        household.__dict__.setdefault(WRITERS, {})[user.pk] = annotated.works_on_answer


@rules.predicate
def reads_confidential_notes(user, household) -> bool:
    # domain.md: the confidential note is for professionals, never volunteers or staff.
    if household is None:
        return False
    answers = household.__dict__.setdefault(READERS, {})
    if user.pk not in answers:
        answers[user.pk] = (
            Household.objects.professionally_visible_to(user).filter(pk=household.pk).exists()
        )
    return answers[user.pk]


@rules.predicate
def works_on_household(user, household) -> bool:
    """A professional of the perimeter who may change the file: not through a transition
    access alone (issue 16: the former referent reads, and only reads, for 30 days)."""
    if household is None:
        return False
    answers = household.__dict__.setdefault(WRITERS, {})
    if user.pk not in answers:
        # unscoped: the user's own write perimeter (worked_on_by), asked of one household
        answers[user.pk] = Household.objects.worked_on_by(user).filter(pk=household.pk).exists()
    return answers[user.pk]


@rules.predicate
def follows_household(user, household) -> bool:
    """A social worker or director of a structure that follows the household."""
    if household is None or not org_ids(user, roles=FOLLOWING_ROLES):
        return False
    return works_on_household(user, household)


@rules.predicate
def operates_project(user, project) -> bool:
    """A social worker or director of the operator: the structure the referent works for."""
    if project is None:
        return False
    return project.operator_id in org_ids(user, roles=FOLLOWING_ROLES)


def _project_orgs(project) -> set[int]:
    return {project.operator_id, *(p.pk for p in project.partners.all())}


@rules.predicate
def directs_a_project_structure(user, project) -> bool:
    # seed 000 art. IV: a director approves for their own organisation.
    if project is None:
        return False
    return bool(_project_orgs(project) & org_ids(user, roles=[Role.DIRECTOR]))


@rules.predicate
def works_on_project(user, project) -> bool:
    """A social worker or director of the operator or of a partner structure."""
    if project is None:
        return False
    return bool(_project_orgs(project) & org_ids(user, roles=FOLLOWING_ROLES))


@rules.predicate
def follows_project(user, project) -> bool:
    if project is None:
        return False
    if works_on_project(user, project):
        return True
    return project.volunteers.filter(pk=user.pk).exists()


@rules.predicate
def coordinates_territory(user, referral) -> bool:
    # seed 004 §4: the territory's coordinator validates the orientation.
    if referral is None:
        return False
    path = referral.household.territory.path
    return any(path.startswith(own) for own in territory_paths(user))


rules.add_perm("households.access", rules.is_superuser | works_with_households)
rules.add_perm("households.read_confidential_notes", rules.is_superuser | reads_confidential_notes)
rules.add_perm("households.manage_documents", rules.is_superuser | reads_confidential_notes)
rules.add_perm("households.upload_document", rules.is_superuser | works_on_household)
rules.add_perm("households.receive_referrals", rules.is_superuser | is_household_professional)
rules.add_perm(
    "households.create_referral",
    rules.is_superuser | (is_household_professional & works_on_household),
)
rules.add_perm("households.edit_household", rules.is_superuser | follows_household)
rules.add_perm("households.propose_project", rules.is_superuser | follows_household)
rules.add_perm("households.approve_project", rules.is_superuser | directs_a_project_structure)
rules.add_perm("households.manage_project", rules.is_superuser | works_on_project)
# issue 16: the operator's people hand a project over from one of them to another.
rules.add_perm("households.change_referent", rules.is_superuser | operates_project)
rules.add_perm("households.log_contact", rules.is_superuser | follows_project)
rules.add_perm("households.decide_orientation", rules.is_superuser | coordinates_territory)


@rules.predicate
def is_partner_prescriber(user) -> bool:
    # seed 004 §4: « tout partenaire »: the staff of a partner with no professional role.
    return has_role(user, *PARTNER_PRESCRIBER_ROLES)


@rules.predicate
def partner_of_a_programme(user) -> bool:
    return services_referrals.partner_prescribers(user).exists()


# The receipts of the referrals their organisation sent; submitting one needs it to be a
# party to a programme's convention (the service checks the programme asked).
rules.add_perm("households.read_sent_referrals", is_partner_prescriber)
rules.add_perm("households.submit_referral", is_partner_prescriber & partner_of_a_programme)


@rules.predicate
def coordinates_project_territory(user, project) -> bool:
    # seed 004 §5: the coordinator of the household's territory agrees to a further renewal.
    if project is None:
        return False
    path = project.household.territory.path
    return any(path.startswith(own) for own in territory_paths(user))


rules.add_perm(
    "households.agree_further_renewal", rules.is_superuser | coordinates_project_territory
)


@rules.predicate
def is_coordinator(user) -> bool:
    return has_role(user, Role.COORDINATOR)


# seed 004 §7: the reviews sent to the coordinators, on their own page.
rules.add_perm("households.read_sent_reviews", is_coordinator)


@rules.predicate
def directs_an_organisation(user) -> bool:
    return has_role(user, Role.DIRECTOR)


# issue 8: a director reads the access log of their organisation; a household's own log is
# shown to the professionals who follow it.
rules.add_perm("households.read_audit_log", rules.is_superuser | directs_an_organisation)
rules.add_perm("households.read_household_log", rules.is_superuser | reads_confidential_notes)


@rules.predicate
def directs_household_structure(user, household) -> bool:
    # issue 8: an authorised person (the referent structure's director) extends retention.
    if household is None:
        return False
    return household.organisation_id in org_ids(user, roles=[Role.DIRECTOR])


rules.add_perm("households.extend_retention", rules.is_superuser | directs_household_structure)
# issue 8: erasing a household's data on its request (RGPD art. 17), before the end of the
# retention period, is the same authorised person's decision.
rules.add_perm("households.anonymise_household", rules.is_superuser | directs_household_structure)


@rules.predicate
def works_for_a_commune(user) -> bool:
    # seed 000 art. III: the communes are informed of the households housed on their
    # territory and of how their follow-up goes — in figures, never by name.
    return any(m.organisation.kind == OrganisationKind.COMMUNE for m in memberships(user))


rules.add_perm("households.read_commune_figures", works_for_a_commune)
