"""The department's pages for budget lines and grants: create, correct, set the yearly amounts.

Each form hands its input to one service (funding.services), which checks who acts and the
rules of the money (a grant never beyond its line's balance, never below what was paid); a
refusal comes back on the form with status 400 and the input kept.
"""

from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.formatting import format_euros
from common.money import ZERO
from common.pages import form_page, post_action, require_perm
from funding import services
from funding.forms import (
    BudgetLineForm,
    GrantEditForm,
    GrantForm,
    GrantYearForm,
    NewBudgetLineForm,
    PaymentCreditForm,
)
from funding.models import BudgetLine, Grant, GrantYear
from partnerships.perimeter import get_visible_or_404

CREATE = "funding.create_money"
MANAGE_LINE = "funding.manage_budget_line"
MANAGE_GRANT = "funding.manage_grant"


def _crumbs(*more) -> list[tuple[str, str]]:
    return [(_("Financements"), reverse("funding:dashboard")), *more]


# ----------------------------------------------------------------------------- budget lines
def budget_line_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, CREATE)
    form = NewBudgetLineForm(request.POST or None, user=request.user)
    back = reverse("funding:budget_line_list")
    return form_page(
        request,
        form,
        lambda f: services.budget_line_create(by=request.user, **f.cleaned_data),
        done=lambda line: _("Ligne budgétaire %(code)s créée.") % {"code": line.operation_code},
        success_url=back,
        title=_("Nouvelle ligne budgétaire"),
        intro=_(
            "L'autorisation d'engagement (AE) borne les participations imputées sur la ligne : "
            "leur total ne la dépasse jamais."
        ),
        submit_label=_("Créer la ligne"),
        back_url=back,
        crumbs=_crumbs((_("Lignes budgétaires"), back)),
    )


def _line(request: HttpRequest, pk: int) -> BudgetLine:
    """A line is the funder's own figures: read by its funding roles only, 404 to others."""
    line = get_visible_or_404(BudgetLine.objects.select_related("funder"), request.user, pk=pk)
    if not request.user.has_perm("funding.read_budget_line", line):
        raise Http404
    return line


def _line_page(request, line, *, credit_form=None, status=200) -> HttpResponse:
    """The line, each deliberation imputed on it in order with its own Disponible, Proposition
    and Solde (seed 001 rapport n°56), and each year's payment credits (CP, paid, remaining)."""
    grants = list(
        line.grants.select_related("convention", "beneficiary", "decision").order_by("pk")
    )
    totals = dict(
        # unscoped: the yearly amounts of the line loaded through visible_to above
        GrantYear.objects.filter(grant__budget_line=line)
        .order_by()
        .values_list("grant")
        .annotate(total=Sum("amount"))
    )
    available = line.commitment_authorisation
    for grant in grants:
        grant.available = available
        grant.proposed = totals.get(grant.pk, ZERO)
        grant.balance = available - grant.proposed
        available = grant.balance
    today = timezone.localdate()
    return render(
        request,
        "funding/budget_line_detail.html",
        {
            "line": line,
            "grants": grants,
            "committed": line.commitment_authorisation - available,
            "balance": available,
            "credits": services.credit_years(line),
            "may_manage": request.user.has_perm(MANAGE_LINE, line),
            "credit_form": credit_form or PaymentCreditForm(initial={"year": today.year}),
        },
        status=status,
    )


def budget_line_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _line_page(request, _line(request, pk))


@require_POST
def payment_credit_set(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(request, pk)
    require_perm(request.user, MANAGE_LINE, line)
    return form_page(
        request,
        PaymentCreditForm(request.POST),
        lambda f: services.payment_credit_set(line=line, by=request.user, **f.cleaned_data),
        done=lambda credit: _("Crédits de paiement %(year)s enregistrés.") % {"year": credit.year},
        success_url=reverse("funding:budget_line_detail", args=[pk]) + "#credits",
        page=lambda form, status: _line_page(request, line, credit_form=form, status=status),
    )


def budget_line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_visible_or_404(BudgetLine.objects.select_related("funder"), request.user, pk=pk)
    require_perm(request.user, MANAGE_LINE, line)
    initial = {
        "year": line.year,
        "operation_code": line.operation_code,
        "imputation": line.imputation,
        "label": line.label,
        "commitment_authorisation": line.commitment_authorisation,
    }
    back = reverse("funding:budget_line_list")
    return form_page(
        request,
        BudgetLineForm(request.POST or None, initial=initial),
        lambda f: services.budget_line_update(line=line, by=request.user, **f.cleaned_data),
        done=_("Ligne budgétaire enregistrée."),
        success_url=back,
        title=_("Ligne budgétaire %(code)s") % {"code": line.operation_code},
        intro=_("Financeur : %(funder)s.") % {"funder": line.funder},
        submit_label=_("Enregistrer"),
        back_url=back,
        crumbs=_crumbs((_("Lignes budgétaires"), back)),
    )


# ----------------------------------------------------------------------------------- grants
def grant_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, CREATE)
    form = GrantForm(request.POST or None, user=request.user)
    back = reverse("funding:grant_list")
    return form_page(
        request,
        form,
        lambda f: services.grant_create(by=request.user, **f.service_kwargs()),
        done=_("Participation créée : générez son échéancier depuis sa page."),
        success_url=lambda grant: reverse("funding:grant_detail", args=[grant.pk]),
        title=_("Nouvelle participation financière"),
        intro=_(
            "Le même montant chaque exercice (20 000 € par an pendant 3 ans, par exemple) ; "
            "chaque exercice se corrige ensuite sur la page de la participation. Les "
            "coordonnées bancaires s'y enregistrent aussi."
        ),
        submit_label=_("Créer la participation"),
        back_url=back,
        crumbs=_crumbs((_("Participations"), back)),
    )


def _managed_grant(request: HttpRequest, pk: int) -> Grant:
    grant = get_visible_or_404(
        Grant.objects.select_related("convention", "funder", "beneficiary"), request.user, pk=pk
    )
    require_perm(request.user, MANAGE_GRANT, grant)
    return grant


def _grant_crumbs(grant: Grant) -> list[tuple[str, str]]:
    return _crumbs(
        (_("Participations"), reverse("funding:grant_list")),
        (grant.convention.reference, reverse("funding:grant_detail", args=[grant.pk])),
    )


def grant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _managed_grant(request, pk)
    back = reverse("funding:grant_detail", args=[pk])
    form = GrantEditForm(
        request.POST or None,
        user=request.user,
        grant=grant,
        initial={"budget_line": grant.budget_line_id, "decision": grant.decision_id},
    )
    return form_page(
        request,
        form,
        lambda f: services.grant_update(grant=grant, by=request.user, **f.cleaned_data),
        done=_("Imputation enregistrée."),
        success_url=back,
        title=_("Imputation de la participation"),
        intro=_(
            "La participation entière passe sur la ligne choisie, dans la limite de son solde."
        ),
        submit_label=_("Enregistrer"),
        back_url=back,
        crumbs=_grant_crumbs(grant),
    )


def grant_year_add(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _managed_grant(request, pk)
    back = reverse("funding:grant_detail", args=[pk])
    return form_page(
        request,
        GrantYearForm(request.POST or None),
        lambda f: services.grant_year_set(grant=grant, by=request.user, **f.cleaned_data),
        done=lambda row: _("Exercice %(year)s enregistré.") % {"year": row.year},
        success_url=back,
        title=_("Ajouter un exercice"),
        intro=_("Si l'échéancier est déjà généré, le 70 / 30 du nouvel exercice s'y ajoute."),
        submit_label=_("Ajouter"),
        back_url=back,
        crumbs=_grant_crumbs(grant),
    )


def grant_year_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    grant = _managed_grant(request, pk)
    row = grant.years.filter(year=year).first()
    if row is None:
        return grant_year_add(request, pk)
    back = reverse("funding:grant_detail", args=[pk])
    form = GrantYearForm(request.POST or None, initial={"year": year, "amount": row.amount})
    form.fields["year"].disabled = True
    return form_page(
        request,
        form,
        lambda f: services.grant_year_set(grant=grant, by=request.user, **f.cleaned_data),
        done=_("Montant %(year)s enregistré.") % {"year": year},
        success_url=back,
        title=_("Montant de l'exercice %(year)s") % {"year": year},
        intro=_(
            "Actuellement %(amount)s. Tant que rien n'est versé sur l'exercice, son échéancier "
            "70 / 30 est recalculé ; ensuite le montant ne change plus."
        )
        % {"amount": format_euros(row.amount)},
        submit_label=_("Enregistrer"),
        back_url=back,
        crumbs=_grant_crumbs(grant),
    )


@require_POST
def grant_year_remove(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    grant = _managed_grant(request, pk)
    return post_action(
        request,
        lambda: services.grant_year_remove(grant=grant, year=year, by=request.user),
        done=_("Exercice %(year)s supprimé.") % {"year": year},
        then=reverse("funding:grant_detail", args=[pk]),
    )
