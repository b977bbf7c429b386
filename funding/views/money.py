"""Dashboard, budget lines, grants, instalments, reversements and co-funding plans."""

from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.pages import form_page, list_page, post_action, quick_selects, require_perm
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
    TitleForm,
)
from funding.models import (
    BudgetLine,
    CoFundingPlan,
    Grant,
    Instalment,
    ReimbursementClaim,
)
from funding.selectors import (
    dashboard_of,
    dashboard_statements,
    instalments_due_by,
    month_bounds,
    with_lateness,
)
from funding.views.papers import grant_papers
from partnerships.enums import Role
from partnerships.models import Territory
from partnerships.perimeter import get_visible_or_404, org_ids, per_user
from partnerships.security import recent_auth_required

MANAGE = "funding.manage_grant"
CREATE = "funding.create_money"


class Everything:
    """What a superuser manages: every organisation."""

    def __contains__(self, item) -> bool:
        return True


def staff_of(user):
    """The organisations whose money the user runs (department staff), to show a row's
    "Modifier" without a query per row; the service checks again on save."""
    return Everything() if user.is_superuser else org_ids(user, roles=[Role.DEPARTMENT_STAFF])


def _board_rows(user, year, funder_id, territory_path):
    """The instalments the dashboard adds up (DashboardFilter's own filters, given their
    cleaned values) and the reversements of their grants, of the year when one is chosen."""
    territory = Territory(path=territory_path) if territory_path else None
    instalments = DashboardFilter(
        queryset=Instalment.objects.visible_to(user), request=SimpleNamespace(user=user)
    )
    instalments.form.cleaned_data = {"year": year, "funder": funder_id, "territory": territory}
    shown = instalments.filter_queryset(instalments.queryset)
    claims = ReimbursementClaim.objects.visible_to(user).filter(grant__in=shown.values("grant"))
    if year:
        claims = claims.filter(claimed_on__year=year)
    return dashboard_statements(shown, claims)


# The dashboard's statements, compiled once per process for each user's perimeter and
# filters chosen (issue 15: building them cost the page more than their SQL).
@per_user(keys=3)
def _board_instalments(user, year, funder_id, territory_path):
    return _board_rows(user, year, funder_id, territory_path)[0]


@per_user(keys=3)
def _board_claims(user, year, funder_id, territory_path):
    return _board_rows(user, year, funder_id, territory_path)[1]


@per_user(keys=1)
def _due_first(user, day):
    return instalments_due_by(user, day)[:10]


@per_user(keys=1)
def _due_all(user, day):
    return instalments_due_by(user, day)


def dashboard_view(request: HttpRequest) -> HttpResponse:
    """Scheduled / due / paid / reclaimed per year and funder, filtered by territory."""
    today = timezone.localdate()
    user = request.user
    filterset = quick_selects(
        DashboardFilter(
            request.GET or None, queryset=Instalment.objects.visible_to(user), request=request
        )
    )
    # As filterset.qs filters: by the valid fields of a bound form, the others left out.
    cleaned = {}
    if filterset.is_bound:
        filterset.form.is_valid()
        cleaned = filterset.form.cleaned_data
    funder, territory = cleaned.get("funder"), cleaned.get("territory")
    chosen = (
        cleaned.get("year"),
        funder.pk if funder else None,
        territory.path if territory else None,
    )
    board = dashboard_of(_board_instalments.list(user, *chosen), _board_claims.list(user, *chosen))
    # Counted first: without any, the list is not read at all.
    due_count = _due_all.count(user, today)
    return render(
        request,
        "funding/dashboard.html",
        {
            "filter": filterset,
            "board": board,
            "chart": board.chart(),
            "due": _due_first.list(user, today) if due_count else [],
            "due_count": due_count,
            "month_end": month_bounds(today)[1],
            "today": today,
        },
    )


def instalment_list(request: HttpRequest) -> HttpResponse:
    instalments = with_lateness(
        Instalment.objects.visible_to(request.user).select_related(
            "grant__convention", "grant__funder", "grant__beneficiary"
        ),
        timezone.localdate(),
    )
    context = list_page(request, instalments, InstalmentFilter, export="funding:instalment_export")
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
            "may_manage": request.user.has_perm(MANAGE, instalment.grant),
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
    require_perm(request.user, MANAGE, instalment.grant)
    return form_page(
        request,
        InstalmentPayForm(request.POST),
        lambda f: services.instalment_pay(instalment=instalment, by=request.user, **f.cleaned_data),
        done=_("Le versement est enregistré."),
        success_url=reverse("funding:instalment_detail", args=[pk]),
        page=lambda form, status: _instalment_page(
            request, instalment, pay_form=form, status=status
        ),
    )


@require_POST
def instalment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    instalment = _instalment(request, pk)
    require_perm(request.user, MANAGE, instalment.grant)
    return form_page(
        request,
        InstalmentCancelForm(request.POST),
        lambda f: services.instalment_cancel(
            instalment=instalment, by=request.user, **f.cleaned_data
        ),
        done=_("Le versement est annulé."),
        success_url=reverse("funding:instalment_detail", args=[pk]),
        page=lambda form, status: _instalment_page(
            request, instalment, cancel_form=form, status=status
        ),
    )


def grant_list(request: HttpRequest) -> HttpResponse:
    grants = (
        Grant.objects.visible_to(request.user)
        .with_totals()
        .select_related("convention", "funder", "beneficiary", "budget_line")
    )
    context = list_page(request, grants, GrantFilter, export="funding:grant_export")
    context["can_create"] = request.user.has_perm(CREATE)
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
    # The budget line is the funder's: its available, proposed and balance are shown to the
    # funder's own people only, never to the beneficiary (issue 13, case 6).
    shows_line = request.user.has_perm("funding.read_budget_line", grant)
    line = imputation = None
    if shows_line and grant.budget_line_id:
        line = BudgetLine.objects.visible_to(request.user).filter(pk=grant.budget_line_id).first()
        # seed 001 rapport n°56: Disponible is the AE minus the earlier deliberations.
        imputation = line.imputation_of(grant) if line else None
    today = timezone.localdate()
    instalments = list(grant.instalments.all())
    scheduled_years = {i.year for i in instalments}
    years = list(grant.years.all())
    for year in years:
        year.scheduled = year.year in scheduled_years
    stopped = services.termination_in_effect(grant.convention, today)
    context = {
        "grant": grant,
        "shows_line": shows_line,
        "line": line,
        "imputation": imputation,
        "years": years,
        "instalments": instalments,
        "stopped": stopped,
        "claims": grant.reimbursements.all(),
        "may_manage": request.user.has_perm(MANAGE, grant),
        "bank_form": forms.get("bank_form")
        or BankDetailsForm(
            initial={"iban": grant.iban, "bic": grant.bic, "account_holder": grant.account_holder}
        ),
        "notify_form": forms.get("notify_form") or NotifyForm(initial={"notified_on": today}),
        "claim_form": forms.get("claim_form") or ReimbursementForm(initial={"claimed_on": today}),
        "recover_form": RecoverForm(initial={"recovered_on": today}),
        "history": grant.history.select_related("history_user")[:10],
        **grant_papers(request, grant),
    }
    return render(request, "funding/grant_detail.html", context, status=status)


def grant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _grant_page(request, _grant(request, pk))


@require_POST
def grant_generate(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _managed_grant(request, pk)
    return post_action(
        request,
        lambda: services.instalments_generate(grant=grant, by=request.user),
        done=lambda created: (
            _("%(n)s versement(s) ajouté(s) à l'échéancier.") % {"n": len(created)}
        ),
        then=reverse("funding:grant_detail", args=[pk]),
    )


def _managed_grant(request: HttpRequest, pk: int) -> Grant:
    grant = _grant(request, pk)
    require_perm(request.user, MANAGE, grant)
    return grant


def _grant_form(request, grant, form, action, *, name: str, done: str) -> HttpResponse:
    """One of the grant page's forms (`name` in its context), sent to one service."""
    return form_page(
        request,
        form,
        action,
        done=done,
        success_url=reverse("funding:grant_detail", args=[grant.pk]),
        page=lambda form, status: _grant_page(request, grant, status=status, **{name: form}),
    )


@require_POST
@recent_auth_required(first=_managed_grant)
def grant_bank_details(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _managed_grant(request, pk)
    return _grant_form(
        request,
        grant,
        BankDetailsForm(request.POST),
        lambda f: services.grant_set_bank_details(grant=grant, by=request.user, **f.cleaned_data),
        name="bank_form",
        done=_("Les coordonnées bancaires sont enregistrées."),
    )


@require_POST
def grant_notify(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _managed_grant(request, pk)
    return _grant_form(
        request,
        grant,
        NotifyForm(request.POST),
        lambda f: services.grant_notify(
            grant=grant, on=f.cleaned_data["notified_on"], by=request.user
        ),
        name="notify_form",
        done=_("La notification est enregistrée."),
    )


@require_POST
def grant_claim(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _managed_grant(request, pk)
    return _grant_form(
        request,
        grant,
        ReimbursementForm(request.POST),
        lambda f: services.reimbursement_claim(grant=grant, by=request.user, **f.cleaned_data),
        name="claim_form",
        done=_("La demande de reversement est enregistrée."),
    )


@require_POST
def claim_move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    claim = get_visible_or_404(
        ReimbursementClaim.objects.select_related("grant"), request.user, pk=pk
    )
    require_perm(request.user, MANAGE, claim.grant)

    def move():
        if action == "contester":
            services.reimbursement_contest(claim=claim, by=request.user)
        elif action == "titre":
            form = TitleForm(request.POST)
            if not form.is_valid():
                raise ValidationError(
                    _("Indiquez le numéro du titre exécutoire et sa date d'émission.")
                )
            services.reimbursement_issue_title(claim=claim, by=request.user, **form.cleaned_data)
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

    return post_action(
        request,
        move,
        done=_("La demande de reversement est mise à jour."),
        then=reverse("funding:grant_detail", args=[claim.grant_id]) + "#reversements",
    )


def budget_line_list(request: HttpRequest) -> HttpResponse:
    lines = BudgetLine.objects.visible_to(request.user).with_figures().select_related("funder")
    context = list_page(request, lines, BudgetLineFilter, export="funding:budget_line_export")
    context["can_create"] = request.user.has_perm(CREATE)
    context["staff_of"] = staff_of(request.user)
    return render(request, "funding/budget_line_list.html", context)


def cofunding_list(request: HttpRequest) -> HttpResponse:
    plans = (
        CoFundingPlan.objects.visible_to(request.user)
        .with_totals()
        .select_related("convention")
        .prefetch_related("contributions__funder", "contributions__recipient")
    )
    context = list_page(request, plans, CoFundingFilter, export="funding:cofunding_export")
    context["can_create"] = request.user.has_perm(CREATE)
    return render(request, "funding/cofunding_list.html", context)
