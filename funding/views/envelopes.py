"""Envelope consumption per territory and operator (seed 004 §5), with its chart; the pages
where the department creates an envelope and allocates its measures."""

from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.formatting import format_euros
from common.pages import form_page, list_page, post_action, require_perm
from funding import envelopes, services
from funding.enums import ApplicationStatus
from funding.envelopes import envelopes_with_usage, operator_usage, territory_usage
from funding.filters import EnvelopeFilter
from funding.forms import AllocationForm, EnvelopeForm, NewEnvelopeForm
from funding.models import Application, MeasureEnvelope
from partnerships.enums import Role
from partnerships.perimeter import get_visible_or_404, org_ids

MANAGE = "funding.manage_envelope"


def envelope_list(request: HttpRequest) -> HttpResponse:
    rows = envelopes_with_usage(MeasureEnvelope.objects.visible_to(request.user))
    rows = rows.select_related("programme", "funder")
    context = list_page(request, rows, EnvelopeFilter, export="funding:envelope_export")
    context["can_create"] = request.user.has_perm("funding.create_money")
    return render(request, "funding/envelope_list.html", context)


def envelope_detail(request: HttpRequest, pk: int) -> HttpResponse:
    envelope = get_visible_or_404(
        envelopes_with_usage(
            # unscoped: handed to get_visible_or_404, which applies visible_to
            MeasureEnvelope.objects.select_related("programme", "funder", "manager")
        ),
        request.user,
        pk=pk,
    )
    territories = territory_usage(envelope)
    operators = operator_usage(envelope)
    chart = {
        "labels": [row["territory__name"] for row in territories]
        + [f"{row['operator__name']} ({row['territory__name']})" for row in operators],
        "allocated": [row["allocated"] for row in territories + operators],
        "committed": [row["committed"] for row in territories + operators],
    }
    # seed 004 §5: « La DDCS procédera au financement des mesures auprès des opérateurs
    # retenus »: the funder's staff see the selected operators of the adopted calls.
    may_fund = _funds(request.user, envelope)
    selected = (
        # unscoped: shown to the envelope's funder only (may_fund), for this envelope
        Application.objects.filter(
            call__envelope=envelope,
            call__adopted_by__isnull=False,
            status=ApplicationStatus.SELECTED,
        )
        .select_related("organisation", "call", "convention", "grant")
        .annotate(measures=Sum("requests__measures_granted"))
        .order_by("organisation__name")
        if may_fund
        else []
    )
    for application in selected:
        application.amount = envelope.unit_cost * (application.measures or 0)
    return render(
        request,
        "funding/envelope_detail.html",
        {
            "envelope": envelope,
            "territories": territories,
            "operators": operators,
            "chart": chart,
            "may_manage": request.user.has_perm(MANAGE, envelope),
            "may_fund": may_fund,
            "selected": selected,
        },
    )


def _funds(user, envelope) -> bool:
    return user.is_superuser or envelope.funder_id in org_ids(user, roles=[Role.DEPARTMENT_STAFF])


@require_POST
def application_fund(request: HttpRequest, pk: int) -> HttpResponse:
    """seed 004 §5, §6d: the selected operator's funding convention and grant."""
    # unscoped: an application of a call whose envelope the user's organisation funds
    application = Application.objects.filter(pk=pk).select_related("call__envelope").first()
    envelope = application.call.envelope if application else None
    if envelope is None or not _funds(request.user, envelope):
        raise Http404
    return post_action(
        request,
        lambda: services.application_fund(application=application, by=request.user),
        done=lambda funded: (
            _("Financement engagé : convention %(ref)s et sa participation de %(amount)s.")
            % {
                "ref": funded.convention.reference,
                "amount": format_euros(funded.grant.years.get().amount),
            }
        ),
        then=reverse("funding:envelope_detail", args=[envelope.pk]) + "#financement",
    )


# ------------------------------------------------------------------------------- editing
def _crumbs(envelope=None) -> list[tuple[str, str]]:
    trail = [
        (_("Financements"), reverse("funding:dashboard")),
        (_("Enveloppes de mesures"), reverse("funding:envelope_list")),
    ]
    if envelope is not None:
        trail.append((envelope.label, reverse("funding:envelope_detail", args=[envelope.pk])))
    return trail


def envelope_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "funding.create_money")
    form = NewEnvelopeForm(request.POST or None, user=request.user)
    return form_page(
        request,
        form,
        lambda f: envelopes.envelope_create(by=request.user, **f.cleaned_data),
        done=_("Enveloppe créée : allouez maintenant ses mesures aux territoires."),
        success_url=lambda envelope: reverse("funding:envelope_detail", args=[envelope.pk]),
        title=_("Nouvelle enveloppe de mesures"),
        intro=_(
            "Un projet consomme ses mesures dans l'enveloppe dont la période couvre son début "
            "(cahier des charges ASRL : 45 mesures à 5 000 €, de septembre 2019 à décembre 2020)."
        ),
        submit_label=_("Créer l'enveloppe"),
        back_url=reverse("funding:envelope_list"),
        crumbs=_crumbs(),
    )


def _managed_envelope(request: HttpRequest, pk: int) -> MeasureEnvelope:
    envelope = get_visible_or_404(
        MeasureEnvelope.objects.select_related("programme", "funder", "manager"),
        request.user,
        pk=pk,
    )
    require_perm(request.user, MANAGE, envelope)
    return envelope


def envelope_edit(request: HttpRequest, pk: int) -> HttpResponse:
    envelope = _managed_envelope(request, pk)
    back = reverse("funding:envelope_detail", args=[pk])
    initial = {
        field: getattr(envelope, field)
        for field in ("label", "period_start", "period_end", "measures", "unit_cost")
    }
    initial["manager"] = envelope.manager_id
    return form_page(
        request,
        EnvelopeForm(request.POST or None, user=request.user, initial=initial),
        lambda f: envelopes.envelope_update(envelope=envelope, by=request.user, **f.cleaned_data),
        done=_("Enveloppe enregistrée."),
        success_url=back,
        title=_("Modifier l'enveloppe"),
        intro=_("%(programme)s, financée par %(funder)s.")
        % {"programme": envelope.programme, "funder": envelope.funder},
        submit_label=_("Enregistrer"),
        back_url=back,
        crumbs=_crumbs(envelope),
    )


def allocation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    envelope = _managed_envelope(request, pk)
    back = reverse("funding:envelope_detail", args=[pk])
    return form_page(
        request,
        AllocationForm(request.POST or None, user=request.user, envelope=envelope),
        lambda f: envelopes.allocation_set(envelope=envelope, by=request.user, **f.cleaned_data),
        done=lambda allocation: (
            _("Allocation enregistrée : %(allocation)s.") % {"allocation": allocation}
        ),
        success_url=back,
        title=_("Allouer des mesures"),
        intro=_(
            "D'abord au territoire (cahier des charges ASRL : 20 pour l'Artois, 25 pour "
            "Lens-Hénin), puis, "
            "dans sa limite, à chaque opérateur. Le nombre indiqué remplace l'allocation "
            "existante ; il ne descend jamais sous ce que les projets consomment déjà."
        ),
        submit_label=_("Enregistrer l'allocation"),
        back_url=back,
        crumbs=_crumbs(envelope),
    )
