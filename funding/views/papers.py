"""The papers of a grant (issue 19): filed on the grant's page, downloaded through the
perimeter (another organisation: 404), taken off by those who may attach them."""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.pages import form_page, post_action, require_perm
from common.papers import PaperForm, paper_response
from funding import services
from funding.enums import GrantPaperKind
from funding.models import Grant, GrantPaper
from partnerships.perimeter import get_visible_or_404

ATTACH = "funding.attach_grant_paper"


def grant_papers(request: HttpRequest, grant: Grant) -> dict:
    """What the grant's page shows of its papers: one query, whatever their number."""
    papers = list(grant.papers.select_related("uploaded_by"))
    for paper in papers:
        paper.download_url = reverse("funding:grant_paper_download", args=[paper.pk])
        paper.remove_url = reverse("funding:grant_paper_remove", args=[paper.pk])
    return {
        "papers": papers,
        "may_attach": request.user.has_perm(ATTACH, grant),
        "paper_form": PaperForm(kinds=GrantPaperKind.choices),
        "paper_upload_url": reverse("funding:grant_paper_add", args=[grant.pk]),
        "has_bank_statement": any(p.kind == GrantPaperKind.BANK_STATEMENT for p in papers),
    }


def grant_paper_add(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_visible_or_404(
        Grant.objects.select_related("convention", "beneficiary"), request.user, pk=pk
    )
    require_perm(request.user, ATTACH, grant)
    url = reverse("funding:grant_detail", args=[grant.pk])
    return form_page(
        request,
        PaperForm(request.POST or None, request.FILES or None, kinds=GrantPaperKind.choices),
        lambda f: services.grant_paper_upload(grant=grant, by=request.user, **f.cleaned_data),
        done=lambda paper: _("Pièce déposée : %(paper)s.") % {"paper": paper},
        success_url=f"{url}#pieces",
        title=_("Déposer une pièce — participation %(ref)s") % {"ref": grant.convention.reference},
        submit_label=_("Déposer la pièce"),
        back_url=url,
        crumbs=[
            (_("Participations"), reverse("funding:grant_list")),
            (grant.convention.reference, url),
        ],
        intro=_(
            "Relevé d'identité bancaire (aucun versement avant sa production, convention "
            "art. 4.3), compte rendu financier certifié et copie certifiée du budget (art. 6), "
            "compte rendu financier Cerfa n° 15059. PDF, PNG ou JPEG."
        ),
    )


@require_GET
def grant_paper_download(request: HttpRequest, pk: int) -> FileResponse:
    """The only way to a grant's paper: inside the perimeter of the grant's money."""
    paper = get_visible_or_404(GrantPaper.objects.all(), request.user, pk=pk)
    return paper_response(paper)


@require_POST
def grant_paper_remove(request: HttpRequest, pk: int) -> HttpResponse:
    paper = get_visible_or_404(GrantPaper.objects.select_related("grant"), request.user, pk=pk)
    require_perm(request.user, ATTACH, paper.grant)
    return post_action(
        request,
        lambda: services.grant_paper_remove(paper=paper, by=request.user),
        done=_("La pièce est retirée du dossier."),
        then=reverse("funding:grant_detail", args=[paper.grant_id]) + "#pieces",
    )
