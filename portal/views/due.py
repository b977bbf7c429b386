"""The "Échéances" page: every dated thing of the user's perimeter (issue 16), in every role's
menu. It moved here from governance (same address) to hold the dates of the apps above it."""

import datetime as dt
import unicodedata

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from common.pages import url_maker
from common.templatetags.maillage import day
from governance.enums import Frequency
from governance.selectors import HORIZON_DAYS, LOOKBACK_DAYS, due_items
from portal.deadlines import due_sections


def _short(text: str, length: int = 90) -> str:
    """`text|truncatechars:90`, without Truncator's walk through a text that already fits."""
    if len(text) <= length and unicodedata.is_normalized("NFC", text):
        return text
    return Truncator(text).chars(length)


LAUNCH_MIDTERM_YEARLY = Frequency.LAUNCH_MIDTERM_YEARLY
LATE = ' <span class="badge text-bg-danger">en retard</span>'


def _rows_html(rows) -> SafeString:
    """The rows of a section of dated things (portal.deadlines.DueRow), written in Python:
    the same markup as the template's loop, a tenth of its cost for the hundreds of rows
    of a department (issue 15). Every value is escaped."""
    cells = []
    for row in rows:
        title = escape(row.title)
        if row.url:
            title = f'<a href="{escape(row.url)}">{title}</a>'
        detail = f' <span class="d-block small">{escape(row.detail)}</span>' if row.detail else ""
        cells.append(
            f'<tr><td class="text-nowrap">{escape(day(row.day))}{LATE if row.overdue else ""}'
            f"</td><td>{escape(row.kind)}</td>"
            f'<th scope="row" class="fw-normal">{title}{detail}</th></tr>'
        )
    return mark_safe("".join(cells))


def _deadlines_html(deadlines) -> SafeString:
    """The rows of the ends of conventions and last days to denounce, as _rows_html."""
    return mark_safe(
        "".join(
            f'<tr><th scope="row"><a href="{escape(d.convention.page_url)}">'
            f"{escape(d.convention.reference)}</a> "
            f'<span class="d-block fw-normal small">{escape(d.convention.short_title)}</span>'
            f"</th><td>{escape(d.get_kind_display())}</td>"
            f'<td class="text-nowrap">{escape(day(d.day))}</td></tr>'
            for d in deadlines
        )
    )


def _missed_html(missed_meetings) -> SafeString:
    """The rows of the meetings that should have been held, as _rows_html."""
    cells = []
    for missed in missed_meetings:
        committee, period = missed.committee, missed.period
        label = f"{escape(period.label)} : " if committee.frequency == LAUNCH_MIDTERM_YEARLY else ""
        late = f" — tenue en retard le {escape(day(missed.late_on))}" if missed.late_on else ""
        cells.append(
            f'<tr><th scope="row"><a href="{escape(committee.page_url)}">{escape(committee.name)}'
            f"</a></th><td>{escape(committee.convention.reference)}</td>"
            f"<td>{escape(committee.frequency_label)}</td>"
            f"<td>{label}du {escape(day(period.start))} au {escape(day(period.end))}{late}"
            "</td></tr>"
        )
    return mark_safe("".join(cells))


def due(request: HttpRequest) -> HttpResponse:
    """What is due in the user's perimeter: governance's meetings, reports and convention
    deadlines, then project reviews and ends, instalments, planned meetings, commitments and
    deliverables, call deadlines."""
    on = timezone.localdate()
    items = due_items(request.user, on)
    # The links of the rows, built once each kind (not a {% url %} per row).
    committee_url = url_maker("governance:committee_detail")
    convention_url = url_maker("partnerships:convention_detail")
    report_url = url_maker("governance:report_detail")
    # And the labels, once (get_FOO_display() rebuilds its dictionary of choices each call).
    frequencies = dict(Frequency.choices)
    for row in (*items.missed_meetings, *items.due_meetings):
        row.committee.page_url = committee_url(row.committee.pk)
        row.committee.frequency_label = frequencies[row.committee.frequency]
    for row in (*items.reports, *items.deadlines):
        row.convention.page_url = convention_url(row.convention.pk)
        if getattr(row, "report", None) is not None:
            row.report.page_url = report_url(row.report.pk)
    for row in items.deadlines:
        row.convention.short_title = _short(row.convention.title)
    since = on - dt.timedelta(days=LOOKBACK_DAYS)
    sections = due_sections(request.user, on, since, on + dt.timedelta(days=HORIZON_DAYS))
    return render(
        request,
        "portal/due.html",
        {
            "items": items,
            "deadlines_html": _deadlines_html(items.deadlines),
            "missed_html": _missed_html(items.missed_meetings),
            "sections": sections,
            "section_rows": [(section, _rows_html(section.rows)) for section in sections],
            "horizon": HORIZON_DAYS,
            "lookback": LOOKBACK_DAYS,
        },
    )
