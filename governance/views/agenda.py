"""A meeting's agenda prepared from the pending items, its PDF for the convocation, and the
outcome of each item written back to its object (governance/agenda.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from common.pages import form_page, require_perm
from common.pdf import pdf_response
from governance import agenda
from governance.forms import AgendaPrepareForm, ItemDecisionForm
from governance.models import AgendaItem, Meeting
from governance.reports import agenda_pdf
from governance.views.committees import RUN_MEETING, crumbs
from partnerships.perimeter import get_visible_or_404


def _meeting(request, pk: int) -> Meeting:
    return get_visible_or_404(
        Meeting.objects.select_related("committee__convention", "committee__organisation"),
        request.user,
        pk=pk,
    )


def agenda_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    """Every item of the committee's remit waiting for a decision, to pick and order."""
    meeting = _meeting(request, pk)
    require_perm(request.user, RUN_MEETING, meeting)
    candidates = agenda.pending_items(meeting, request.user)
    form = AgendaPrepareForm(request.POST or None, candidates=candidates)
    url = reverse("governance:meeting_detail", args=[pk])
    return form_page(
        request,
        form,
        lambda f: agenda.agenda_prepare(meeting=meeting, by=request.user, picks=f.picks()),
        done=_("Ordre du jour préparé."),
        success_url=url,
        page=lambda form, status: render(
            request,
            "governance/agenda_prepare.html",
            {
                "meeting": meeting,
                "committee": meeting.committee,
                "form": form,
                "crumbs": crumbs(meeting.committee, meeting),
                "back_url": url,
            },
            status=status,
        ),
    )


def agenda_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return pdf_response(agenda_pdf(meeting), f"ordre-du-jour-{meeting.held_on:%Y-%m-%d}.pdf")


def item_decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(
        AgendaItem.objects.select_related("meeting__committee"), request.user, pk=pk
    )
    require_perm(request.user, RUN_MEETING, item.meeting)
    url = reverse("governance:meeting_detail", args=[item.meeting_id])
    return form_page(
        request,
        ItemDecisionForm(request.POST or None, item=item, user=request.user),
        lambda f: agenda.agenda_item_decide(item=item, by=request.user, **f.service_kwargs()),
        done=_("Décision enregistrée et reportée sur le dossier."),
        success_url=url,
        title=_("Point %(position)s : %(title)s")
        % {"position": item.position, "title": item.title},
        submit_label=_("Enregistrer la décision"),
        back_url=url,
        crumbs=crumbs(item.meeting.committee, item.meeting),
        intro=_(
            "Adopté ou refusé, le point devient une décision de la réunion et s'applique au "
            "dossier ; reporté, il revient à l'ordre du jour de la réunion suivante."
        ),
    )
