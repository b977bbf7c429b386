"""Household figures for the API: counted, never named, and small counts hidden.

The figures are those of the convention's annual report (households.reports): the projects
under the programmes a convention (or one of its sub-conventions) frames, that ran at least
one day of the year. They are counted over the conventions the key sees, never over a
household list: the API names no household (docs/rgpd.md: aggregated and anonymised).

Small-count rule (docs/api.md): a count from 1 to 4 is answered "<5", so that a figure on a
small convention or a commune cannot point at a family. 0 stays 0.
"""

import datetime as dt

from django.db.models import Count, F, Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from households.models import InterventionProject
from households.reports import followed_during

SMALL_COUNT = 5
HIDDEN = "<5"


def shown(count: int | None) -> int | str:
    """A count as the API answers it: 1 to 4 become "<5"."""
    count = count or 0
    return HIDDEN if 0 < count < SMALL_COUNT else count


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _running(start: dt.date, end: dt.date):
    # unscoped: counts only, correlated with conventions the caller loaded through visible_to
    return followed_during(InterventionProject.objects.all(), start, end).order_by()


def _count_distinct(field: str):
    # A bare COUNT(DISTINCT …) without GROUP BY: one row, whatever the correlation matches.
    return Func(F(field), function="COUNT", template="COUNT(DISTINCT %(expressions)s)")


def with_household_figures(conventions, year: int):
    """Annotate each convention with the counts of its year: one query for the page."""
    start, end = year_bounds(year)
    mine = Q(programme__convention=OuterRef("pk")) | Q(programme__convention__parent=OuterRef("pk"))
    running = _running(start, end).filter(mine)

    def correlated(queryset, field):
        return Coalesce(Subquery(queryset.values(n=_count_distinct(field))), 0)

    return conventions.annotate(
        menages=correlated(running, "household"),
        projets=correlated(running, "pk"),
        projets_commences=correlated(running.filter(start_date__gte=start), "pk"),
        projets_clos=correlated(running.filter(closure__closed_on__range=(start, end)), "pk"),
    )


def territory_figures(conventions, year: int) -> list[dict]:
    """The households followed during the year under `conventions` (already scoped), by the
    territory of the household: one grouped query."""
    start, end = year_bounds(year)
    ids = conventions.values("pk")
    rows = (
        _running(start, end)
        .filter(Q(programme__convention__in=ids) | Q(programme__convention__parent__in=ids))
        .values(
            "household__territory",
            "household__territory__name",
            "household__territory__code",
            "household__territory__kind",
        )
        .annotate(
            menages=Count("household", distinct=True),
            projets=Count("pk", distinct=True),
            projets_commences=Count("pk", distinct=True, filter=Q(start_date__gte=start)),
            projets_clos=Count(
                "pk", distinct=True, filter=Q(closure__closed_on__range=(start, end))
            ),
        )
        .order_by("household__territory__name", "household__territory")
    )
    return [
        {
            "territoire_id": row["household__territory"],
            "territoire": row["household__territory__name"] or "",
            "code": row["household__territory__code"] or "",
            "niveau": row["household__territory__kind"] or "",
            "annee": year,
            "menages": shown(row["menages"]),
            "projets": shown(row["projets"]),
            "projets_commences": shown(row["projets_commences"]),
            "projets_clos": shown(row["projets_clos"]),
        }
        for row in rows
    ]
