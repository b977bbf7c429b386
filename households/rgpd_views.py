"""Data protection pages: the access log (a director's for their organisation, a
household's on its file), the extension of retention, the right-of-access exports."""

import django_filters
from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from common.pages import StableOrdering, list_page, perm_required, require_perm
from common.pdf import pdf_response
from households import retention
from households.access import access_json, access_pdf
from households.audit import audited
from households.enums import AuditAction
from households.models import AuditEntry, Household
from households.views.households import household_form
from partnerships.perimeter import get_visible_or_404
from partnerships.security import recent_auth_required


class AuditEntryFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=AuditAction.choices, empty_label=_("Toutes")
    )
    depuis = django_filters.DateFilter(
        field_name="at", lookup_expr="date__gte", label=_("Depuis le (JJ/MM/AAAA)")
    )
    jusquau = django_filters.DateFilter(
        field_name="at", lookup_expr="date__lte", label=_("Jusqu'au (JJ/MM/AAAA)")
    )
    menage = django_filters.CharFilter(
        field_name="household__reference", lookup_expr="icontains", label=_("Référence du ménage")
    )
    tri = StableOrdering(
        label=_("Trier par"),
        fields=(("at", "date"), ("user__last_name", "personne"), ("action", "action")),
        field_labels={"at": _("Date"), "user__last_name": _("Personne"), "action": _("Action")},
        empty_label=_("Plus récentes d'abord"),
    )


def _entries(queryset):
    return queryset.select_related("user", "organisation", "household").order_by("-at", "-pk")


@require_GET
@perm_required("households.read_audit_log")
def organisation_log(request: HttpRequest) -> HttpResponse:
    """issue 8: a director sees the log of their organisation."""
    entries = _entries(AuditEntry.objects.visible_to(request.user))
    context = list_page(request, entries, AuditEntryFilter, per_page=50)
    context["household"] = None
    return render(request, "households/audit_log.html", context)


@require_GET
def household_log(request: HttpRequest, pk: int) -> HttpResponse:
    """issue 8: a household's log is shown on its file, to the professionals who follow it."""
    household = get_visible_or_404(Household.objects, request.user, pk=pk)
    require_perm(request.user, "households.read_household_log", household)
    # unscoped: the log of the household get_visible_or_404 loaded above
    entries = _entries(AuditEntry.objects.for_household(household))
    context = list_page(request, entries, AuditEntryFilter, per_page=50)
    context["household"] = household
    return render(request, "households/audit_log.html", context)


class RetentionExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la prolongation"),
        help_text=_(
            "N'écrivez aucun nom de personne : le motif est gardé, et les noms du ménage en "
            "seront retirés à l'anonymisation."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Indiquez le motif de la prolongation.")},
    )


def retention_extend(request: HttpRequest, pk: int) -> HttpResponse:
    """issue 8: extend the retention once, with a reason (a director of the structure)."""
    household = get_visible_or_404(Household.objects, request.user, pk=pk)
    require_perm(request.user, "households.extend_retention", household)
    return household_form(
        request,
        household,
        RetentionExtendForm(request.POST or None),
        lambda f: retention.retention_extend(
            household=household,
            by=request.user,
            reason=f.cleaned_data["reason"],
            request=request,
        ),
        done=_("La conservation des données a été prolongée."),
        title=_("Prolonger la conservation des données du ménage %(ref)s") % {"ref": household},
        submit_label=_("Prolonger une fois"),
    )


class AnonymiseForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif (la demande du ménage : date, forme)"),
        max_length=150,
        help_text=_(
            "Par exemple : demande écrite d'effacement reçue le 20/11/2026. N'écrivez aucun "
            "nom de personne : le motif est gardé au journal des accès, sans les noms du "
            "ménage, qui en sont retirés."
        ),
        error_messages={"required": _("Indiquez le motif de l'anonymisation.")},
    )
    confirm = forms.CharField(
        label=_("Pour confirmer, recopiez la référence du ménage"),
        max_length=30,
        error_messages={"required": _("Recopiez la référence du ménage pour confirmer.")},
    )

    def __init__(self, *args, household: Household, **kwargs):
        super().__init__(*args, **kwargs)
        self.household = household

    def clean_confirm(self):
        typed = self.cleaned_data["confirm"].strip()
        if typed.upper() != self.household.reference.upper():
            raise forms.ValidationError(
                _("La référence recopiée ne correspond pas à %(ref)s.")
                % {"ref": self.household.reference}
            )
        return typed


def _anonymisable(request, pk: int) -> Household:
    household = get_visible_or_404(Household.objects, request.user, pk=pk)
    require_perm(request.user, "households.anonymise_household", household)
    return household


@recent_auth_required(first=_anonymisable)
def anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    """issue 8: erase a household's personal data now, on its request (RGPD art. 17)."""
    household = _anonymisable(request, pk)
    return household_form(
        request,
        household,
        AnonymiseForm(request.POST or None, household=household),
        lambda f: retention.anonymise_on_request(
            household=household,
            by=request.user,
            reason=f.cleaned_data["reason"],
            request=request,
        ),
        done=_("Les données personnelles du ménage %(ref)s sont anonymisées.")
        % {"ref": household.reference},
        title=_("Anonymiser les données du ménage %(ref)s") % {"ref": household},
        intro=_(
            "Sur demande d'effacement du ménage, avant la fin de la durée de conservation. "
            "Noms, dates de naissance, comptes rendus, notes et documents sont supprimés "
            "définitivement, historique compris ; seuls restent les chiffres utiles aux "
            "bilans (dispositif, dates, statuts, nombre d'adultes et d'enfants, montants)."
            " Cette opération est irréversible."
        ),
        submit_label=_("Anonymiser définitivement"),
        submit_class="btn-danger",
    )


def _access_household(request, pk: int) -> Household:
    household = get_visible_or_404(Household.objects, request.user, pk=pk)
    require_perm(request.user, "households.read_household_log", household)
    return household


@require_GET
@recent_auth_required(first=_access_household, answers_file=True)
@audited(AuditAction.ACCESS_EXPORT)
def access_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    """Right of access (RGPD art. 15): everything held about the household, as JSON."""
    household = _access_household(request, pk)
    response = HttpResponse(access_json(household), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="donnees-{household.reference}.json"'
    return response


@require_GET
@recent_auth_required(first=_access_household, answers_file=True)
@audited(AuditAction.ACCESS_EXPORT)
def access_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Right of access (RGPD art. 15): the same, as a PDF to hand to the person."""
    household = _access_household(request, pk)
    return pdf_response(access_pdf(household), f"donnees-{household.reference}.pdf")
