"""Dashboard, budget lines, grants, instalments, reversements and co-funding plans."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funding import services
from funding.filters import (
    BudgetLineFilter,
    CoFundingFilter,
    DashboardFilter,
    GrantFilter,
    InstalmentFilter,
)
from funding.forms import (
    BankDetailsForm,
    InstalmentCancelForm,
    InstalmentPayForm,
    NotifyForm,
    RecoverForm,
    ReimbursementForm,
)
from funding.models import (
    BudgetLine,
    CoFundingPlan,
    Grant,
    Instalment,
    ReimbursementClaim,
)
from funding.selectors import dashboard, instalments_due_by, month_bounds
from funding.views.common import done, listing, refuse
from partnerships.perimeter import get_visible_or_404
from partnerships.security import recent_auth_required

INVALID = 400


def _may_manage(request: HttpRequest, grant: Grant) -> None:
    if not request.user.has_perm("funding.manage_grant", grant):
        raise PermissionDenied


def dashboard_view(request: HttpRequest) -> HttpResponse:
    """Scheduled / due / paid / reclaimed per year and funder, filtered by territory."""
    today = timezone.localdate()
    instalments = Instalment.objects.visible_to(request.user)
    filterset = DashboardFilter(request.GET or None, queryset=instalments, request=request)
    shown = filterset.qs
    claims = ReimbursementClaim.objects.visible_to(request.user).filter(
        grant__in=shown.values("grant")
    )
    year = filterset.form.cleaned_data.get("year") if filterset.form.is_valid() else None
    if year:
        claims = claims.filter(claimed_on__year=year)
    board = dashboard(shown, claims)
    due = instalments_due_by(request.user, today)
    return render(
        request,
        "funding/dashboard.html",
        {
            "filter": filterset,
            "board": board,
            "chart": board.chart(),
            "due": due[:10],
            "due_count": due.count(),
            "month_end": month_bounds(today)[1],
            "today": today,
        },
    )


INSTALMENT_SORTS = {
    "due_on": ("due_on",),
    "year": ("year", "position"),
    "beneficiary": ("grant__beneficiary__name",),
    "amount": ("amount",),
    "status": ("status",),
}


def instalment_list(request: HttpRequest) -> HttpResponse:
    instalments = Instalment.objects.visible_to(request.user).select_related(
        "grant__convention", "grant__funder", "grant__beneficiary"
    )
    context = listing(request, instalments, InstalmentFilter, INSTALMENT_SORTS, "due_on")
    context["month_end"] = month_bounds(timezone.localdate())[1]
    return render(request, "funding/instalment_list.html", context)


def _instalment(request: HttpRequest, pk: int) -> Instalment:
    return get_visible_or_404(
        Instalment.objects.select_related(
            "grant__convention", "grant__funder", "grant__beneficiary"
        ),
        request.user,
        pk=pk,
    )


def _instalment_page(request, instalment, *, pay_form=None, cancel_form=None, status=200):
    initial = {"version": instalment.version}
    return render(
        request,
        "funding/instalment_detail.html",
        {
            "instalment": instalment,
            "grant": instalment.grant,
            "may_manage": request.user.has_perm("funding.manage_grant", instalment.grant),
            "pay_form": pay_form or InstalmentPayForm(initial=initial),
            "cancel_form": cancel_form or InstalmentCancelForm(initial=initial),
            "history": instalment.history.select_related("history_user")[:20],
        },
        status=status,
    )


def instalment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _instalment_page(request, _instalment(request, pk))


@require_POST
def instalment_pay(request: HttpRequest, pk: int) -> HttpResponse:
    instalment = _instalment(request, pk)
    _may_manage(request, instalment.grant)
    form = InstalmentPayForm(request.POST)
    if form.is_valid():
        try:
            services.instalment_pay(instalment=instalment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refuse(form, error)
        else:
            done(request, _("Le versement est enregistré."))
            return redirect("funding:instalment_detail", pk=instalment.pk)
    return _instalment_page(request, instalment, pay_form=form, status=INVALID)


@require_POST
def instalment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    instalment = _instalment(request, pk)
    _may_manage(request, instalment.grant)
    form = InstalmentCancelForm(request.POST)
    if form.is_valid():
        try:
            services.instalment_cancel(instalment=instalment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refuse(form, error)
        else:
            done(request, _("Le versement est annulé."))
            return redirect("funding:instalment_detail", pk=instalment.pk)
    return _instalment_page(request, instalment, cancel_form=form, status=INVALID)


GRANT_SORTS = {
    "convention": ("convention__reference",),
    "beneficiary": ("beneficiary__name",),
    "total": ("total",),
    "paid": ("paid",),
    "net": ("net_received",),
}


def grant_list(request: HttpRequest) -> HttpResponse:
    grants = (
        Grant.objects.visible_to(request.user)
        .with_totals()
        .select_related("convention", "funder", "beneficiary", "budget_line")
    )
    context = listing(request, grants, GrantFilter, GRANT_SORTS, "convention")
    return render(request, "funding/grant_list.html", context)


def _grant(request: HttpRequest, pk: int) -> Grant:
    return get_visible_or_404(
        Grant.objects.with_totals().select_related(
            "convention", "funder", "beneficiary", "budget_line"
        ),
        request.user,
        pk=pk,
    )


def _grant_page(request, grant, *, status=200, **forms):
    line = None
    if grant.budget_line_id:
        line = BudgetLine.objects.with_figures().get(pk=grant.budget_line_id)
    today = timezone.localdate()
    context = {
        "grant": grant,
        "line": line,
        "years": grant.years.all(),
        "instalments": grant.instalments.all(),
        "claims": grant.reimbursements.all(),
        "may_manage": request.user.has_perm("funding.manage_grant", grant),
        "bank_form": forms.get("bank_form")
        or BankDetailsForm(
            initial={"iban": grant.iban, "bic": grant.bic, "account_holder": grant.account_holder}
        ),
        "notify_form": forms.get("notify_form") or NotifyForm(initial={"notified_on": today}),
        "claim_form": forms.get("claim_form") or ReimbursementForm(initial={"claimed_on": today}),
        "recover_form": RecoverForm(initial={"recovered_on": today}),
        "history": grant.history.select_related("history_user")[:10],
    }
    return render(request, "funding/grant_detail.html", context, status=status)


def grant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _grant_page(request, _grant(request, pk))


@require_POST
def grant_generate(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _grant(request, pk)
    _may_manage(request, grant)
    try:
        created = services.instalments_generate(grant=grant, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        done(request, _("%(n)s versement(s) ajouté(s) à l'échéancier.") % {"n": len(created)})
    return redirect("funding:grant_detail", pk=grant.pk)


def _managed_grant(request: HttpRequest, pk: int) -> Grant:
    grant = _grant(request, pk)
    _may_manage(request, grant)
    return grant


@require_POST
@recent_auth_required(first=_managed_grant)
def grant_bank_details(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _managed_grant(request, pk)
    form = BankDetailsForm(request.POST)
    if form.is_valid():
        try:
            services.grant_set_bank_details(grant=grant, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refuse(form, error)
        else:
            done(request, _("Les coordonnées bancaires sont enregistrées."))
            return redirect("funding:grant_detail", pk=grant.pk)
    return _grant_page(request, grant, bank_form=form, status=INVALID)


@require_POST
def grant_notify(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _grant(request, pk)
    _may_manage(request, grant)
    form = NotifyForm(request.POST)
    if form.is_valid():
        try:
            services.grant_notify(grant=grant, on=form.cleaned_data["notified_on"], by=request.user)
        except ValidationError as error:
            refuse(form, error)
        else:
            done(request, _("La notification est enregistrée."))
            return redirect("funding:grant_detail", pk=grant.pk)
    return _grant_page(request, grant, notify_form=form, status=INVALID)


@require_POST
def grant_claim(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _grant(request, pk)
    _may_manage(request, grant)
    form = ReimbursementForm(request.POST)
    if form.is_valid():
        try:
            services.reimbursement_claim(grant=grant, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refuse(form, error)
        else:
            done(request, _("La demande de reversement est enregistrée."))
            return redirect("funding:grant_detail", pk=grant.pk)
    return _grant_page(request, grant, claim_form=form, status=INVALID)


@require_POST
def claim_move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    claim = get_visible_or_404(
        ReimbursementClaim.objects.select_related("grant"), request.user, pk=pk
    )
    _may_manage(request, claim.grant)
    try:
        if action == "contester":
            services.reimbursement_contest(claim=claim, by=request.user)
        elif action == "recouvrer":
            form = RecoverForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Indiquez une date de recouvrement valide."))
            services.reimbursement_recover(
                claim=claim, recovered_on=form.cleaned_data["recovered_on"], by=request.user
            )
        elif action == "annuler":
            services.reimbursement_cancel(claim=claim, by=request.user)
        else:
            raise ValidationError(_("Action inconnue."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        done(request, _("La demande de reversement est mise à jour."))
    return redirect(reverse("funding:grant_detail", args=[claim.grant_id]) + "#reversements")


BUDGET_SORTS = {
    "code": ("operation_code", "imputation"),
    "year": ("year",),
    "ae": ("commitment_authorisation",),
    "proposed": ("proposed",),
    "balance": ("balance",),
}


def budget_line_list(request: HttpRequest) -> HttpResponse:
    lines = BudgetLine.objects.visible_to(request.user).with_figures().select_related("funder")
    context = listing(request, lines, BudgetLineFilter, BUDGET_SORTS, "-year")
    return render(request, "funding/budget_line_list.html", context)


COFUNDING_SORTS = {
    "label": ("label",),
    "cost": ("cost",),
    "gap": ("gap",),
}


def cofunding_list(request: HttpRequest) -> HttpResponse:
    plans = (
        CoFundingPlan.objects.visible_to(request.user)
        .with_totals()
        .select_related("convention")
        .prefetch_related("contributions__funder", "contributions__recipient")
    )
    context = listing(request, plans, CoFundingFilter, COFUNDING_SORTS, "label")
    return render(request, "funding/cofunding_list.html", context)
