"""The annual reports people take away: a convention's bilan annuel and the department-wide
report of a year. Each app contributes its part (households/reports.py: aggregates only,
governance/reports.py, funding/reports.py); this module puts them together.

Neither report carries personal data: households are counted, never named, and the
department-wide report names no person at all (no representative, no committee member).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.money import ZERO
from common.pdf import render_pdf
from funding.models import Grant, Instalment, ReimbursementClaim
from funding.reports import envelopes_year, money_year, totals_of
from funding.selectors import dashboard
from governance.enums import DecisionSubject
from governance.models import AnnualReport
from governance.reports import committees_year, decisions_year, meetings_held_by_convention
from governance.selectors import year_objectives
from households.reports import convention_projects, household_figures
from partnerships.models import Convention, IndicatorValue, Territory
from partnerships.perimeter import memberships
from partnerships.selectors import activity_dashboard, convention_years


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# ------------------------------------------------------------------------------- charts
@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    x: float
    y: float
    height: float


@dataclass(frozen=True)
class BarChart:
    """A bar chart drawn as inline SVG (WeasyPrint runs no JavaScript)."""

    bars: list[Bar]
    width: float
    height: float
    bar_width: float
    target_y: float | None
    maximum: Decimal


def bar_chart(points: list[tuple[str, Decimal]], target: Decimal | None = None) -> BarChart:
    width, height, gap = 480.0, 150.0, 6.0
    top = max([v for _l, v in points] + [target or ZERO, Decimal("1")])
    bar_width = (width - gap * (len(points) + 1)) / max(len(points), 1)
    bars = []
    for index, (label, value) in enumerate(points):
        bar_height = float(value / top) * height
        bars.append(
            Bar(label, value, gap + index * (bar_width + gap), height - bar_height, bar_height)
        )
    target_y = height - float(target / top) * height if target else None
    return BarChart(bars, width, height, bar_width, target_y, top)


# -------------------------------------------------------------- a convention's annual report
@dataclass(frozen=True)
class IndicatorLine:
    indicator: object
    value: Decimal | None
    achievement: Decimal | None

    @property
    def bar_percent(self) -> int:
        return min(int(self.achievement or 0), 100)


def _indicator_value(indicator, values: list, start: dt.date, end: dt.date) -> Decimal | None:
    """The year's value of an indicator: the sum of its periods inside the year, or for a
    whole-convention indicator the latest value recorded by the end of the year."""
    if indicator.period == "convention":
        known = [v for v in values if v.period_start <= end]
        return known[-1].value if known else None
    inside = [v.value for v in values if start <= v.period_start <= end]
    return sum(inside, ZERO) if inside else None


def _sheets(convention, start: dt.date, end: dt.date) -> list[dict]:
    sheets = list(
        convention.action_sheets.prefetch_related("indicators", "deliverables").order_by("number")
    )
    values: dict[int, list] = {}
    # unscoped: values of a convention the caller loaded through visible_to
    for value in IndicatorValue.objects.filter(indicator__sheet__convention=convention).order_by(
        "period_start"
    ):
        values.setdefault(value.indicator_id, []).append(value)
    result = []
    for sheet in sheets:
        lines = []
        for indicator in sheet.indicators.all():
            value = _indicator_value(indicator, values.get(indicator.pk, []), start, end)
            lines.append(IndicatorLine(indicator, value, indicator.achievement(value)))
        result.append(
            {"sheet": sheet, "indicators": lines, "deliverables": sheet.deliverables.all()}
        )
    return result


def _authorising_decisions(convention) -> list:

    return list(
        convention.decisions.filter(subject=DecisionSubject.AUTHORISE_SIGNING).select_related(
            "meeting__committee"
        )
    )


def convention_report_years(convention) -> list[int]:
    return convention_years(convention, timezone.localdate())


def convention_annual_report_context(convention: Convention, year: int, user) -> dict:
    """Everything the bilan annuel of `convention` for `year` shows, in a fixed number of
    queries. Raises Http404 for a year outside the convention."""

    if year not in convention_report_years(convention):
        raise Http404
    start, end = year_bounds(year)
    today = timezone.localdate()
    parties = [
        p
        for p in convention.parties.select_related(
            "organisation", "representative", "added_by", "removed_by"
        ).prefetch_related("commitments")
        if p.bound_on(min(end, max(start, today)))
    ]
    dashboard = activity_dashboard(convention, year, user)
    has_activity = dashboard.total_hours > 0
    money = money_year(
        Grant.objects.visible_to(user).filter(convention=convention), year, with_instalments=True
    )
    households = household_figures(convention_projects([convention.pk]), start, end)
    # unscoped: report of a convention the caller loaded through visible_to
    report = AnnualReport.objects.filter(convention=convention, year=year).first()
    toc = [
        {"anchor": "convention", "title": _("La convention et ses parties")},
        {"anchor": "fiches", "title": _("Objectifs, fiches action et indicateurs")},
        {"anchor": "activite", "title": _("Activité de l'année")},
        {"anchor": "menages", "title": _("Ménages accompagnés (données agrégées)")},
        {"anchor": "gouvernance", "title": _("Instances et décisions")},
        {"anchor": "financement", "title": _("Participation financière")},
        {"anchor": "visas", "title": _("Visas des parties")},
    ]
    return {
        "document_title": _("Bilan annuel %(year)s — Convention n° %(reference)s")
        % {"year": year, "reference": convention.reference},
        "convention": convention,
        "year": year,
        "start": start,
        "end": end,
        "end_in_force": convention.end_in_force(),
        "parties": parties,
        "organisations": [p.organisation for p in parties],
        "commitments": [(p, list(p.commitments.all())) for p in parties],
        "amendments": list(convention.amendments.all()),
        "authorising": _authorising_decisions(convention),
        "sheets": _sheets(convention, start, end),
        # seed 002 §V: the annual review studies how far the plan's objectives were achieved.
        "plan_objectives": year_objectives(convention, year),
        "dashboard": dashboard,
        "has_activity": has_activity,
        "activity_chart": bar_chart(
            [(m.month.strftime("%m"), m.hours) for m in dashboard.months],
            # seed 003 §VI: a commune's share is not set against the whole activity's target
            dashboard.months[0].target,
        )
        if has_activity
        else None,
        "households": households,
        # seed 004 §5: the measures of its programmes' envelopes, allocated and committed.
        "envelopes": envelopes_year(user, year, convention=convention),
        "committees": committees_year(convention, year, today),
        "decisions": decisions_year(convention, year),
        "money": money,
        "money_totals": totals_of(money),
        "annual_report": report,
        "generated_on": today,
        "toc": toc,
    }


def convention_annual_report_pdf(convention: Convention, year: int, user) -> bytes:
    context = convention_annual_report_context(convention, year, user)
    return render_pdf("portal/pdf/convention_annual_report.html", context)


# ----------------------------------------------------------- the department-wide report
@dataclass
class ConventionYear:
    convention: Convention
    money_amount: Decimal = ZERO
    money_paid: Decimal = ZERO
    meetings_held: int = 0


@dataclass
class TerritoryGroup:
    name: str
    conventions: list[ConventionYear]

    @property
    def amount(self) -> Decimal:
        return sum((c.money_amount for c in self.conventions), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((c.money_paid for c in self.conventions), ZERO)


def conventions_of_year(user, year: int) -> list[Convention]:
    """Conventions of the user's perimeter in force at least one day of `year`."""
    start, end = year_bounds(year)
    candidates = (
        # unscoped: restricted to Convention.objects.visible_to(user) inside
        Convention.objects.filter(
            pk__in=Convention.objects.visible_to(user).values("pk"),
            signed_on__isnull=False,
            signed_on__lte=end,
            start_date__lte=end,
        )
        .prefetch_related("territories", "parties__organisation")
        .order_by("reference")
    )
    return [c for c in candidates if c.end_on(end) >= start]


def _by_territory(rows: list[ConventionYear]) -> list[TerritoryGroup]:
    groups: dict[int | None, list[ConventionYear]] = {}
    territories: dict[int, Territory] = {}
    for row in rows:
        linked = list(row.convention.territories.all())
        for territory in linked:
            territories[territory.pk] = territory
            groups.setdefault(territory.pk, []).append(row)
        if not linked:
            groups.setdefault(None, []).append(row)
    ordered = sorted(territories.values(), key=lambda t: t.path)
    result = [TerritoryGroup(t.name, groups[t.pk]) for t in ordered]
    if None in groups:
        result.append(TerritoryGroup(str(_("Sans territoire désigné")), groups[None]))
    return result


def department_report_context(user, year: int, progress: Callable[[int], None]) -> dict:
    """Every convention of `year` in the user's perimeter, by territory and by programme,
    with the money of the year and the per-measure envelopes' consumption.

    Aggregate queries only: the number of queries does not grow with the conventions.
    """

    start, end = year_bounds(year)
    conventions = conventions_of_year(user, year)
    ids = [c.pk for c in conventions]
    progress(15)
    money = money_year(Grant.objects.visible_to(user).filter(convention__in=ids), year)
    rows = {c.pk: ConventionYear(c) for c in conventions}
    for figures in money:
        row = rows[figures.grant.convention_id]
        row.money_amount += figures.amount
        row.money_paid += figures.paid
    progress(35)
    for convention_id, held in meetings_held_by_convention(ids, year).items():
        rows[convention_id].meetings_held = held
    progress(50)
    households = household_figures(convention_projects(ids), start, end)
    progress(65)
    envelopes = envelopes_year(user, year)
    progress(75)

    funders = dashboard(
        Instalment.objects.visible_to(user).filter(grant__convention__in=ids, year=year),
        ReimbursementClaim.objects.visible_to(user).filter(
            grant__convention__in=ids, claimed_on__year=year
        ),
    )
    progress(80)
    ordered = [rows[c.pk] for c in conventions]
    return {
        "document_title": _("Rapport annuel départemental %(year)s") % {"year": year},
        "year": year,
        "conventions": ordered,
        "territories": _by_territory(ordered),
        "households": households,
        "envelopes": envelopes,
        "funders": funders,
        "money_totals": totals_of(money),
        "meetings_held": sum(r.meetings_held for r in ordered),
        "organisations": _requester_organisations(user),
        "generated_on": timezone.localdate(),
        "toc": [
            {"anchor": "synthese", "title": _("Synthèse de l'année")},
            {"anchor": "territoires", "title": _("Conventions par territoire")},
            {"anchor": "dispositifs", "title": _("Accompagnements par dispositif")},
            {"anchor": "enveloppes", "title": _("Consommation des enveloppes de mesures")},
            {"anchor": "financements", "title": _("Financements par financeur")},
        ],
    }


def _requester_organisations(user) -> list:

    seen, organisations = set(), []
    for membership in memberships(user):
        if membership.organisation_id not in seen:
            seen.add(membership.organisation_id)
            organisations.append(membership.organisation)
    return organisations


def department_report_pdf(user, year: int, *, progress: Callable[[int], None]) -> bytes:
    context = department_report_context(user, year, progress)
    return render_pdf("portal/pdf/department_report.html", context)
