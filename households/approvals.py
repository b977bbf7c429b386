"""What a director has to approve (issue 18): the proposed projects awaiting the agreement of a
structure they direct, with what the other structures said. Read by the home of the
administration and by its approve / refuse pages (households/admin_approvals.py)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from households.models import InterventionProject
from households.services import structures_to_approve
from partnerships.enums import Role
from partnerships.models import Organisation
from partnerships.perimeter import org_ids


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


def pending_approvals(user, *, pk: int | None = None) -> list[PendingApproval]:
    """The proposed projects of the user's perimeter awaiting the agreement of a structure
    they direct (seed 000 art. IV: each structure agrees), oldest first; in a fixed number
    of queries."""
    directed = org_ids(user, roles=[Role.DIRECTOR])
    if not directed:
        return []
    projects = (
        InterventionProject.objects.visible_to(user)
        .awaiting_approval_of(directed)
        .select_related("household", "programme", "operator", "referent")
        .prefetch_related("partners", "approvals", "refusals")
        .order_by("pk")
    )
    if pk is not None:
        projects = projects.filter(pk=pk)
    projects = list(projects)
    wanted = set()
    for project in projects:
        wanted |= structures_to_approve(project)
    # unscoped: the structures of projects loaded through visible_to above
    names = Organisation.objects.in_bulk(wanted)
    result = []
    for project in projects:
        approved = {a.organisation_id for a in project.approvals.all()}
        refused = {r.organisation_id: r.reason for r in project.refusals.all()}
        expected = sorted(structures_to_approve(project), key=lambda pk: names[pk].name)
        mine = [names[pk] for pk in expected if pk in directed]
        mine = [o for o in mine if o.pk not in approved and o.pk not in refused]
        if not mine:
            continue
        others = []
        for pk in expected:
            if pk in directed:
                continue
            if pk in approved:
                others.append(StructureState(names[pk], "approved"))
            elif pk in refused:
                others.append(StructureState(names[pk], "refused", refused[pk]))
            else:
                others.append(StructureState(names[pk], "waiting"))
        result.append(PendingApproval(project, mine, others))
    return result
