"""Envelope consumption per territory and operator (seed 004 §5), with its chart."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from common.pages import list_page
from funding.envelopes import envelopes_with_usage, operator_usage, territory_usage
from funding.filters import EnvelopeFilter
from funding.models import MeasureEnvelope
from partnerships.perimeter import get_visible_or_404


def envelope_list(request: HttpRequest) -> HttpResponse:
    envelopes = envelopes_with_usage(MeasureEnvelope.objects.visible_to(request.user))
    envelopes = envelopes.select_related("programme", "funder")
    context = list_page(request, envelopes, EnvelopeFilter, export="funding:envelope_export")
    return render(request, "funding/envelope_list.html", context)


def envelope_detail(request: HttpRequest, pk: int) -> HttpResponse:
    envelope = get_visible_or_404(
        envelopes_with_usage().select_related("programme", "funder", "manager"),
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
    return render(
        request,
        "funding/envelope_detail.html",
        {
            "envelope": envelope,
            "territories": territories,
            "operators": operators,
            "chart": chart,
        },
    )
