"""Data protection pages: the access log (a director's for their organisation, a
household's on its file), the extension of retention, the right-of-access exports."""

import django_filters
from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from households import retention
from households.access import access_json, access_pdf
from households.audit import audited
from households.enums import AuditAction
from households.models import AuditEntry, Household
from households.services import HouseholdError
from households.views.common import form_error, paginate, query_without_page
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
    tri = django_filters.OrderingFilter(
        label=_("Trier par"),
        fields=(("at", "date"), ("user__last_name", "personne"), ("action", "action")),
        field_labels={"at": _("Date"), "user__last_name": _("Personne"), "action": _("Action")},
        empty_label=_("Plus récentes d'abord"),
    )


def _entries(queryset):
    return queryset.select_related("user", "organisation", "household").order_by("-at", "-pk")


@require_GET
def organisation_log(request: HttpRequest) -> HttpResponse:
    """issue 8: a director sees the log of their organisation."""
    if not request.user.has_perm("households.read_audit_log"):
        raise Http404
    filterset = AuditEntryFilter(
        request.GET, queryset=_entries(AuditEntry.objects.visible_to(request.user))
    )
    page = paginate(request, filterset.qs, per_page=50)
    return render(
        request,
        "households/audit_log.html",
        {
            "filter": filterset,
            "page_obj": page,
            "rows": page.object_list,
            "query": query_without_page(request),
            "household": None,
        },
    )


@require_GET
def household_log(request: HttpRequest, pk: int) -> HttpResponse:
    """issue 8: a household's log is shown on its file, to the professionals who follow it."""
    household = get_visible_or_404(Household.objects, request.user, pk=pk)
    if not request.user.has_perm("households.read_household_log", household):
        raise Http404
    filterset = AuditEntryFilter(
        request.GET, queryset=_entries(AuditEntry.objects.for_household(household))
    )
    page = paginate(request, filterset.qs, per_page=50)
    return render(
        request,
        "households/audit_log.html",
        {
            "filter": filterset,
            "page_obj": page,
            "rows": page.object_list,
            "query": query_without_page(request),
            "household": household,
        },
    )


class RetentionExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la prolongation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Indiquez le motif de la prolongation.")},
    )


def retention_extend(request: HttpRequest, pk: int) -> HttpResponse:
    """issue 8: extend the retention once, with a reason (a director of the structure)."""
    household = get_visible_or_404(Household.objects, request.user, pk=pk)
    if not request.user.has_perm("households.extend_retention", household):
        raise Http404
    form = RetentionExtendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            retention.retention_extend(
                household=household,
                by=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except HouseholdError as error:
            form_error(form, error)
        else:
            messages.success(request, _("La conservation des données a été prolongée."))
            return redirect(household)
    return _form_page(
        request,
        household,
        form,
        title=_("Prolonger la conservation des données du ménage %(ref)s") % {"ref": household},
        submit=_("Prolonger une fois"),
    )


def _form_page(request, household: Household, form, **context) -> HttpResponse:
    """A data-protection form on the household's page layout (households/form.html)."""
    return render(
        request,
        "households/form.html",
        {
            "form": form,
            "household": household,
            "multipart": False,
            "back_url": household.get_absolute_url(),
            **context,
        },
    )


class AnonymiseForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif (la demande du ménage : date, forme)"),
        max_length=150,
        help_text=_("Par exemple : demande écrite d'effacement reçue le 20/11/2026."),
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
    if not request.user.has_perm("households.anonymise_household", household):
        raise Http404
    return household


@recent_auth_required(first=_anonymisable)
def anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    """issue 8: erase a household's personal data now, on its request (RGPD art. 17)."""
    household = _anonymisable(request, pk)
    form = AnonymiseForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            retention.anonymise_on_request(
                household=household,
                by=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except HouseholdError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Les données personnelles du ménage %(ref)s sont anonymisées.")
                % {"ref": household.reference},
            )
            return redirect(household)
    return _form_page(
        request,
        household,
        form,
        title=_("Anonymiser les données du ménage %(ref)s") % {"ref": household},
        intro=_(
            "Sur demande d'effacement du ménage, avant la fin de la durée de conservation. "
            "Noms, dates de naissance, comptes rendus, notes et documents sont supprimés "
            "définitivement, historique compris ; seuls restent les chiffres utiles aux "
            "bilans (dispositif, dates, statuts, nombre d'adultes et d'enfants, montants)."
            " Cette opération est irréversible."
        ),
        submit=_("Anonymiser définitivement"),
        submit_class="btn-danger",
    )


def _access_household(request, pk: int) -> Household:
    household = get_visible_or_404(Household.objects, request.user, pk=pk)
    if not request.user.has_perm("households.read_household_log", household):
        raise Http404
    return household


@require_GET
@recent_auth_required(first=_access_household)
@audited(AuditAction.ACCESS_EXPORT)
def access_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    """Right of access (RGPD art. 15): everything held about the household, as JSON."""
    household = _access_household(request, pk)
    response = HttpResponse(access_json(household), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="donnees-{household.reference}.json"'
    return response


@require_GET
@recent_auth_required(first=_access_household)
@audited(AuditAction.ACCESS_EXPORT)
def access_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Right of access (RGPD art. 15): the same, as a PDF to hand to the person."""
    household = _access_household(request, pk)
    response = HttpResponse(access_pdf(household), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="donnees-{household.reference}.pdf"'
    return response
