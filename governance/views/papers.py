"""The papers of a deliberation (issue 19): the signed deliberation and the receipt of the
legality control, listed under each decision of the meeting's page, filed on their own form
page, downloaded through the perimeter (another organisation: 404)."""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.pages import form_page, post_action, require_perm
from common.papers import PaperForm, paper_response
from governance import services
from governance.enums import DeliberationPaperKind
from governance.models import Decision, DeliberationPaper
from governance.views.committees import crumbs
from partnerships.perimeter import get_visible_or_404

ATTACH = "governance.attach_deliberation_paper"


def _meeting_url(decision) -> str:
    return reverse("governance:meeting_detail", args=[decision.meeting_id])


def deliberation_paper_add(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_visible_or_404(
        Decision.objects.select_related("meeting__committee__convention"), request.user, pk=pk
    )
    require_perm(request.user, ATTACH, decision)
    url = _meeting_url(decision)
    return form_page(
        request,
        PaperForm(request.POST or None, request.FILES or None, kinds=DeliberationPaperKind.choices),
        lambda f: services.deliberation_paper_upload(
            decision=decision, by=request.user, **f.cleaned_data
        ),
        done=lambda paper: _("Pièce déposée : %(paper)s.") % {"paper": paper},
        success_url=f"{url}#decision-{decision.pk}",
        title=_("Déposer une pièce — %(decision)s") % {"decision": decision},
        submit_label=_("Déposer la pièce"),
        back_url=url,
        crumbs=crumbs(decision.meeting.committee, decision.meeting),
        intro=_(
            "La délibération signée, ou l'accusé de réception du contrôle de légalité. "
            "PDF, PNG ou JPEG."
        ),
    )


@require_GET
def deliberation_paper_download(request: HttpRequest, pk: int) -> FileResponse:
    """The only way to a deliberation's paper: inside the committee's perimeter."""
    paper = get_visible_or_404(DeliberationPaper.objects.all(), request.user, pk=pk)
    return paper_response(paper)


@require_POST
def deliberation_paper_remove(request: HttpRequest, pk: int) -> HttpResponse:
    paper = get_visible_or_404(
        DeliberationPaper.objects.select_related("decision__meeting__committee__convention"),
        request.user,
        pk=pk,
    )
    require_perm(request.user, ATTACH, paper.decision)
    return post_action(
        request,
        lambda: services.deliberation_paper_remove(paper=paper, by=request.user),
        done=_("La pièce est retirée du dossier."),
        then=f"{_meeting_url(paper.decision)}#decision-{paper.decision_id}",
    )
