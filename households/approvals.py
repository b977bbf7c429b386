"""What a director has to approve (issue 18): the proposed projects awaiting the agreement of a
structure they direct, with what the other structures said. Read by the home of the
administration and by its approve / refuse pages (households/admin_approvals.py)."""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from households.models import InterventionProject, ProjectApproval, ProjectRefusal
from households.services import structures_to_approve
from partnerships.enums import Role
from partnerships.models import Organisation
from partnerships.perimeter import org_ids, per_user


@dataclass(frozen=True)
class StructureState:
    organisation: Organisation
    state: str  # "approved", "refused", "waiting"
    reason: str = ""

    @property
    def label(self) -> str:
        return {
            "approved": _("a donné son accord"),
            "refused": _("a refusé"),
            "waiting": _("n'a pas encore répondu"),
        }[self.state]


@dataclass(frozen=True)
class PendingApproval:
    project: InterventionProject
    mine: list[Organisation]  # the structures the director answers for
    others: list[StructureState]  # what the other structures that must agree said


# What the home of the administration shows of each project awaiting approval.
LISTED = (
    "operator",
    "programme__name",
    "programme__requires_each_partner_approval",
    "household__reference",
    "operator__name",
    "referent__first_name",
    "referent__last_name",
)


def _awaiting(user, directed):
    return (
        InterventionProject.objects.visible_to(user)
        .awaiting_approval_of(directed)
        .select_related("household", "programme", "operator", "referent")
        .order_by("pk")
    )


@per_user()
def _listed_awaiting(user):
    """The home's list, with the columns it shows (LISTED: a household or a user read whole
    is a hundred columns a row). Built from what the perimeter's key holds: the user and
    their memberships, hence the structures they direct."""
    return _awaiting(user, org_ids(user, roles=[Role.DIRECTOR])).only(*LISTED)


def pending_approvals(user, *, pk: int | None = None) -> list[PendingApproval]:
    """The proposed projects of the user's perimeter awaiting the agreement of a structure
    they direct (seed 000 art. IV: each structure agrees), oldest first; in a fixed number
    of queries."""
    directed = org_ids(user, roles=[Role.DIRECTOR])
    if not directed:
        return []
    if pk is None:
        # The home's list: one statement compiled per director's perimeter (issue 15).
        projects = _listed_awaiting.list(user)
    else:
        # One project, whole, for its approve / refuse page.
        projects = list(_awaiting(user, directed).filter(pk=pk))
    # The partners, approvals and refusals of these projects read as values, three queries
    # for the whole list: a prefetch built a queryset per project and relation, more Python
    # than the page's SQL (issue 15: 54 projects awaiting a director at 100 000 households).
    keys = [project.pk for project in projects]
    partners, approved, refused = defaultdict(list), defaultdict(set), defaultdict(dict)
    # unscoped: the partners of projects loaded through visible_to above
    for project_id, organisation_id in InterventionProject.partners.through.objects.filter(
        interventionproject__in=keys
    ).values_list("interventionproject", "organisation"):
        partners[project_id].append(organisation_id)
    # unscoped: the approvals of projects loaded through visible_to above
    for project_id, organisation_id in ProjectApproval.objects.filter(project__in=keys).values_list(
        "project", "organisation"
    ):
        approved[project_id].add(organisation_id)
    # unscoped: the refusals of projects loaded through visible_to above
    for project_id, organisation_id, reason in ProjectRefusal.objects.filter(
        project__in=keys
    ).values_list("project", "organisation", "reason"):
        refused[project_id][organisation_id] = reason
    expected_of = {
        project.pk: structures_to_approve(project, partners[project.pk]) for project in projects
    }
    # unscoped: the structures of projects loaded through visible_to above
    names = Organisation.objects.in_bulk(set().union(*expected_of.values()))
    result = []
    for project in projects:
        approved_by, refused_by = approved[project.pk], refused[project.pk]
        expected = sorted(expected_of[project.pk], key=lambda pk: names[pk].name)
        mine = [
            names[pk]
            for pk in expected
            if pk in directed and pk not in approved_by and pk not in refused_by
        ]
        if not mine:
            continue
        others = []
        for pk in expected:
            if pk in directed:
                continue
            if pk in approved_by:
                others.append(StructureState(names[pk], "approved"))
            elif pk in refused_by:
                others.append(StructureState(names[pk], "refused", refused_by[pk]))
            else:
                others.append(StructureState(names[pk], "waiting"))
        result.append(PendingApproval(project, mine, others))
    return result
