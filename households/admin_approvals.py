"""Approve or refuse a project from the home of the administration (issue 18): one button
each, then a confirmation page; the same services as the action of the project list
(project_approve) and a refusal with its reason (project_refuse). Only the projects awaiting
a structure the director directs are reachable: any other answers 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from households import services
from households.approvals import PendingApproval, pending_approvals
from households.enums import ProjectStatus
from households.errors import HouseholdError


def _pending(request, pk: int) -> PendingApproval:
    found = pending_approvals(request.user, pk=pk)
    if not found:
        raise Http404
    return found[0]


def _page(request, admin_site, item: PendingApproval, *, decision: str, error=None, status=200):
    context = {
        **admin_site.each_context(request),
        "title": _("Approuver le suivi")
        if decision == "approve"
        else _("Refuser le suivi (motif écrit)"),
        "item": item,
        "decision": decision,
        "error": error,
        "reason": request.POST.get("reason", ""),
    }
    template = "admin/households/approval_confirm.html"
    return TemplateResponse(request, template, context, status=status)


def approve_view(request, pk: int, *, admin_site):
    """GET: what is approved and for which structure; POST: the agreement, by the service."""
    item = _pending(request, pk)
    if request.method != "POST":
        return _page(request, admin_site, item, decision="approve")
    project = item.project
    try:
        for organisation in item.mine:
            project = services.project_approve(
                project=project, by=request.user, organisation=organisation
            )
    except (HouseholdError, PermissionDenied) as error:
        text = " ".join(getattr(error, "messages", [])) or _("Action non autorisée.")
        return _page(request, admin_site, item, decision="approve", error=text, status=400)
    names = ", ".join(o.name for o in item.mine)
    if project.status == ProjectStatus.APPROVED:
        text = _("%(project)s : accord de %(org)s enregistré, le projet est validé.")
    else:
        text = _(
            "%(project)s : accord de %(org)s enregistré ; "
            "le projet attend encore l'accord des autres structures."
        )
    messages.success(request, text % {"project": project, "org": names})
    return redirect("admin:index")


def refuse_view(request, pk: int, *, admin_site):
    """GET: the reason to write; POST: the refusal, by the service (a reason is required)."""
    item = _pending(request, pk)
    if request.method != "POST":
        return _page(request, admin_site, item, decision="refuse")
    reason = request.POST.get("reason", "")
    try:
        for organisation in item.mine:
            services.project_refuse(
                project=item.project, by=request.user, organisation=organisation, reason=reason
            )
    except (HouseholdError, PermissionDenied) as error:
        text = " ".join(getattr(error, "messages", [])) or _("Action non autorisée.")
        return _page(request, admin_site, item, decision="refuse", error=text, status=400)
    messages.success(
        request,
        _("%(project)s : refus de %(org)s enregistré, avec son motif.")
        % {"project": item.project, "org": ", ".join(o.name for o in item.mine)},
    )
    return redirect("admin:index")
