from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from common.pages import url_maker
from governance.enums import Frequency
from governance.selectors import HORIZON_DAYS, LOOKBACK_DAYS, due_items


def due(request: HttpRequest) -> HttpResponse:
    """What is due in the user's perimeter (meetings, reports, convention deadlines)."""
    items = due_items(request.user, timezone.localdate())
    # The links of the rows, built once each kind (not a {% url %} per row).
    committee_url = url_maker("governance:committee_detail")
    convention_url = url_maker("partnerships:convention_detail")
    report_url = url_maker("governance:report_detail")
    # And the labels, once (get_FOO_display() rebuilds its dictionary of choices each call).
    frequencies = dict(Frequency.choices)
    for missed in items.missed_meetings:
        missed.committee.page_url = committee_url(missed.committee.pk)
        missed.committee.frequency_label = frequencies[missed.committee.frequency]
    for row in (*items.reports, *items.deadlines):
        row.convention.page_url = convention_url(row.convention.pk)
        if getattr(row, "report", None) is not None:
            row.report.page_url = report_url(row.report.pk)
    return render(
        request,
        "governance/due.html",
        {"items": items, "horizon": HORIZON_DAYS, "lookback": LOOKBACK_DAYS},
    )
