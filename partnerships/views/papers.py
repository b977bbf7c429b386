"""The papers of a convention (issue 19): the signed convention and its signed amendments,
filed on the convention's page, downloaded through the perimeter (another organisation: 404)."""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.pages import form_page, post_action, quick_form_selects, require_perm
from common.papers import paper_response
from partnerships import services
from partnerships.forms import ConventionPaperForm
from partnerships.models import Convention, ConventionPaper
from partnerships.perimeter import get_visible_or_404

ATTACH = "partnerships.attach_convention_paper"


def convention_papers(request: HttpRequest, convention: Convention) -> dict:
    """What the convention's page shows of its papers: one query, whatever their number (none
    when the page found none)."""
    # `has_papers`: the convention's page looked for them already (no query when none).
    papers = (
        list(convention.papers.select_related("uploaded_by", "amendment"))
        if getattr(convention, "has_papers", True)
        else []
    )
    for paper in papers:
        paper.download_url = reverse("partnerships:convention_paper_download", args=[paper.pk])
        paper.remove_url = reverse("partnerships:convention_paper_remove", args=[paper.pk])
    may_attach = request.user.has_perm(ATTACH, convention)
    return {
        "papers": papers,
        "may_attach": may_attach,
        "paper_form": quick_form_selects(
            ConventionPaperForm(convention=convention, amendments=convention.amendments.all())
        )
        if may_attach
        else None,
        "paper_upload_url": reverse("partnerships:convention_paper_add", args=[convention.pk]),
    }


def convention_paper_add(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(
        Convention.objects.prefetch_related("parties"), request.user, pk=pk
    )
    require_perm(request.user, ATTACH, convention)
    url = reverse("partnerships:convention_detail", args=[convention.pk])
    return form_page(
        request,
        ConventionPaperForm(request.POST or None, request.FILES or None, convention=convention),
        lambda f: services.convention_paper_upload(
            convention=convention, by=request.user, **f.cleaned_data
        ),
        done=lambda paper: _("Pièce déposée : %(paper)s.") % {"paper": paper},
        success_url=f"{url}#pieces",
        title=_("Déposer une pièce — convention %(ref)s") % {"ref": convention.reference},
        submit_label=_("Déposer la pièce"),
        back_url=url,
        crumbs=[
            (_("Conventions"), reverse("partnerships:convention_list")),
            (convention.reference, url),
        ],
        intro=_("La convention signée, ou un avenant signé. PDF, PNG ou JPEG."),
    )


@require_GET
def convention_paper_download(request: HttpRequest, pk: int) -> FileResponse:
    """The only way to a convention's paper: inside the convention's perimeter."""
    paper = get_visible_or_404(ConventionPaper.objects.all(), request.user, pk=pk)
    return paper_response(paper)


@require_POST
def convention_paper_remove(request: HttpRequest, pk: int) -> HttpResponse:
    paper = get_visible_or_404(
        ConventionPaper.objects.select_related("convention"), request.user, pk=pk
    )
    require_perm(request.user, ATTACH, paper.convention)
    return post_action(
        request,
        lambda: services.convention_paper_remove(paper=paper, by=request.user),
        done=_("La pièce est retirée du dossier."),
        then=reverse("partnerships:convention_detail", args=[paper.convention_id]) + "#pieces",
    )
