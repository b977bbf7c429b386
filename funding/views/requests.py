"""Annual subsidy requests (seed 002 §VI): the partner's director sends the request and the
other funders' answers; the funder's staff accept it (which opens the year's financial
convention and its grant) or refuse it. Everything goes through funding.services."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.pages import form_page, list_page, require_perm
from funding import services
from funding.enums import SubsidyRequestStatus
from funding.filters import SubsidyRequestFilter
from funding.forms import (
    OtherFunderAnswerForm,
    OtherFunderForm,
    SubsidyDecisionForm,
    SubsidyRequestForm,
)
from funding.models import OtherFunderRequest, SubsidyRequest
from partnerships.enums import Role
from partnerships.perimeter import get_visible_or_404, org_ids

REQUEST = "funding.request_subsidy"
DECIDE = "funding.decide_subsidy"


def _crumbs(request_row=None) -> list[tuple[str, str]]:
    trail = [
        (_("Financements"), reverse("funding:dashboard")),
        (_("Demandes annuelles"), reverse("funding:subsidy_request_list")),
    ]
    if request_row is not None:
        trail.append(
            (str(request_row), reverse("funding:subsidy_request_detail", args=[request_row.pk]))
        )
    return trail


def subsidy_request_list(request: HttpRequest) -> HttpResponse:
    rows = SubsidyRequest.objects.visible_to(request.user).select_related(
        "applicant", "funder", "framework", "convention"
    )
    context = list_page(request, rows, SubsidyRequestFilter)
    context["can_create"] = bool(org_ids(request.user, roles=[Role.DIRECTOR]))
    return render(request, "funding/subsidy_request_list.html", context)


def subsidy_request_create(request: HttpRequest) -> HttpResponse:
    if not (request.user.is_superuser or org_ids(request.user, roles=[Role.DIRECTOR])):
        raise Http404
    form = SubsidyRequestForm(request.POST or None, user=request.user)
    back = reverse("funding:subsidy_request_list")
    return form_page(
        request,
        form,
        lambda f: services.subsidy_request_submit(by=request.user, **f.cleaned_data),
        done=_("Demande transmise au financeur : ajoutez les autres financeurs sollicités."),
        success_url=lambda row: reverse("funding:subsidy_request_detail", args=[row.pk]),
        title=_("Nouvelle demande annuelle de subvention"),
        intro=_(
            "Des conventions financières fixent chaque année le montant des subventions après "
            "réception des demandes annuelles (convention-cadre Nord × UDCCAS, §VI)."
        ),
        submit_label=_("Transmettre la demande"),
        back_url=back,
        crumbs=_crumbs(),
    )


def _row(request: HttpRequest, pk: int) -> SubsidyRequest:
    return get_visible_or_404(
        SubsidyRequest.objects.select_related(
            "applicant", "funder", "framework", "convention", "grant"
        ),
        request.user,
        pk=pk,
    )


def _page(request, row, *, status=200, **forms) -> HttpResponse:
    may_request = request.user.has_perm(REQUEST, row)
    others = list(row.other_funders.all())
    failed = forms.get("answer_form")
    if may_request:
        for other in others:
            other.form = (
                failed
                if failed is not None and failed.prefix == f"r{other.pk}"
                else OtherFunderAnswerForm(
                    prefix=f"r{other.pk}", initial={"answered_on": timezone.localdate()}
                )
            )
    return render(
        request,
        "funding/subsidy_request_detail.html",
        {
            "row": row,
            "others": others,
            "may_request": may_request,
            "may_decide": request.user.has_perm(DECIDE, row)
            and row.status == SubsidyRequestStatus.SUBMITTED,
            "other_form": forms.get("other_form") or OtherFunderForm(),
            "decision_form": forms.get("decision_form")
            or SubsidyDecisionForm(
                initial={"decided_on": timezone.localdate(), "amount_granted": row.amount_requested}
            ),
            "history": row.history.select_related("history_user")[:10],
        },
        status=status,
    )


def subsidy_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _row(request, pk))


@require_POST
def other_funder_add(request: HttpRequest, pk: int) -> HttpResponse:
    row = _row(request, pk)
    require_perm(request.user, REQUEST, row)
    return form_page(
        request,
        OtherFunderForm(request.POST),
        lambda f: services.other_funder_add(request=row, by=request.user, **f.cleaned_data),
        done=_("Autre financeur ajouté."),
        success_url=reverse("funding:subsidy_request_detail", args=[pk]),
        page=lambda form, status: _page(request, row, other_form=form, status=status),
    )


@require_POST
def other_funder_answer(request: HttpRequest, pk: int) -> HttpResponse:
    other = get_visible_or_404(
        OtherFunderRequest.objects.select_related("request"), request.user, pk=pk
    )
    row = _row(request, other.request_id)
    require_perm(request.user, REQUEST, row)
    form = OtherFunderAnswerForm(request.POST, prefix=f"r{other.pk}")
    return form_page(
        request,
        form,
        lambda f: services.other_funder_answer(row=other, by=request.user, **f.cleaned_data),
        done=_("Réponse enregistrée : le financeur en est informé sur la page de la demande."),
        success_url=reverse("funding:subsidy_request_detail", args=[row.pk]) + "#autres",
        page=lambda form, status: _page(request, row, answer_form=form, status=status),
    )


@require_POST
def subsidy_request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    row = _row(request, pk)
    require_perm(request.user, DECIDE, row)
    return form_page(
        request,
        SubsidyDecisionForm(request.POST),
        lambda f: services.subsidy_request_decide(request=row, by=request.user, **f.cleaned_data),
        done=lambda decided: (
            _(
                "Demande acceptée : la convention financière %(ref)s et sa participation "
                "sont créées."
            )
            % {"ref": decided.convention.reference}
            if decided.convention_id
            else _("Demande refusée.")
        ),
        success_url=reverse("funding:subsidy_request_detail", args=[pk]),
        page=lambda form, status: _page(request, row, decision_form=form, status=status),
    )
