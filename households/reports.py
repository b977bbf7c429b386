"""What the household follow-up contributes to reports.

Two kinds of output, kept apart on purpose:
- aggregates for the annual reports (a convention's, the department's): counts only, grouped
  by programme, outcome and priority criterion, never a name, a birth date or a note
  (domain.md: department staff see "aggregated and anonymised" figures);
- the household file (contract, reviews) as a PDF, for professionals of the perimeter.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.pdf import render_pdf
from households.enums import ClosureOutcome, PriorityCriterion
from households.models import Dwelling, Household, HouseholdPriority, InterventionProject
from partnerships.enums import OrganisationKind
from partnerships.models import Programme
from partnerships.perimeter import memberships


def followed_during(projects: QuerySet, start: dt.date, end: dt.date) -> QuerySet:
    """Projects whose accompaniment ran at least one day between `start` and `end`: started
    by `end` and not closed before `start`."""
    return projects.filter(start_date__isnull=False, start_date__lte=end).filter(
        Q(closure__isnull=True) | Q(closure__closed_on__gte=start)
    )


@dataclass(frozen=True)
class Tally:
    label: str
    projects: int
    households: int = 0


@dataclass
class HouseholdFigures:
    """Households followed over a period, counted, never named."""

    households: int = 0
    projects: int = 0
    started: int = 0
    closed: int = 0
    by_programme: list[Tally] = field(default_factory=list)
    by_outcome: list[Tally] = field(default_factory=list)
    by_priority: list[Tally] = field(default_factory=list)


def household_figures(projects: QuerySet, start: dt.date, end: dt.date) -> HouseholdFigures:
    """Counts of the projects of `projects` that ran between `start` and `end`: four grouped
    queries, whatever the number of households."""
    running = followed_during(projects, start, end).order_by()
    totals = running.aggregate(
        households=Count("household", distinct=True),
        projects=Count("pk", distinct=True),
        started=Count("pk", distinct=True, filter=Q(start_date__gte=start)),
        closed=Count("pk", distinct=True, filter=Q(closure__closed_on__range=(start, end))),
    )
    by_programme = [
        Tally(row["programme__name"], row["n"], row["h"])
        for row in running.values("programme__name")
        .annotate(n=Count("pk", distinct=True), h=Count("household", distinct=True))
        .order_by("programme__name")
    ]
    outcomes = dict(
        running.filter(closure__closed_on__range=(start, end))
        .values_list("closure__outcome")
        .annotate(n=Count("pk"))
    )
    priorities = dict(
        # unscoped: counts only, for the projects the caller scoped
        HouseholdPriority.objects.filter(household__in=running.values("household"))
        .order_by()
        .values_list("criterion")
        .annotate(n=Count("household", distinct=True))
    )
    return HouseholdFigures(
        households=totals["households"],
        projects=totals["projects"],
        started=totals["started"],
        closed=totals["closed"],
        by_programme=by_programme,
        # Every outcome and criterion is listed, at zero too: a report reads the same each year.
        by_outcome=[
            Tally(str(label), outcomes.get(value, 0)) for value, label in ClosureOutcome.choices
        ],
        by_priority=[
            Tally(str(label), 0, priorities.get(value, 0))
            for value, label in PriorityCriterion.choices
        ],
    )


def convention_projects(convention_ids) -> QuerySet:
    """Projects under the programmes a convention (or one of its sub-conventions) frames.

    The programmes are read first (a few rows): the projects are then found by their
    programme's index. Joined in one statement, PostgreSQL scanned every project of the
    département before testing the conventions (112 ms at 100 000 households for an agent
    whose conventions frame no programme, issue 15)."""
    # unscoped: programmes of the caller's visible conventions, for counts only
    programmes = list(
        Programme.objects.filter(
            Q(convention__in=convention_ids) | Q(convention__parent__in=convention_ids)
        ).values_list("pk", flat=True)
    )
    if not programmes:
        return InterventionProject.objects.none()
    # unscoped: counts only: anonymous figures of the caller's visible conventions
    return InterventionProject.objects.filter(programme__in=programmes)


# ------------------------------------------------------------------ communes (seed 000 art. III)
@dataclass
class CommuneFigures:
    """seed 000 art. III: « Informer les communes … de la mise à disposition d'un logement » and
    « du déroulement de la prise en charge des ménages concernées »: counts of the households
    housed on the commune's territory and of their follow-up, never a name or a reference."""

    commune: str
    territories: list[str]
    installed: int
    housed: int
    left: int
    follow_up: HouseholdFigures


def commune_organisations(user) -> list:
    """The communes the user works for (any role: a commune's staff reads figures only)."""
    return [
        m.organisation for m in memberships(user) if m.organisation.kind == OrganisationKind.COMMUNE
    ]


def commune_figures(organisation, start: dt.date, end: dt.date) -> CommuneFigures:
    """The figures of one commune over [start, end]: the households given a dwelling on its
    territories (and those below them), and the follow-up of those households (a fixed number
    of grouped queries, whatever the number of households)."""
    territories = list(organisation.territories.order_by("path"))
    within = Q(pk__in=[])
    for territory in territories:
        within |= Q(territory__path__startswith=territory.path)
    # unscoped: counts only, on the commune's own territories (seed 000 art. III)
    dwellings = Dwelling.objects.filter(within).order_by()
    during = dwellings.filter(since__lte=end).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=start)
    )
    counts = dwellings.aggregate(
        installed=Count("household", distinct=True, filter=Q(since__range=(start, end))),
        housed=Count("household", distinct=True, filter=Q(left_on__isnull=True)),
        left=Count("household", distinct=True, filter=Q(left_on__range=(start, end))),
    )
    # unscoped: counts only, the projects of the households housed in the commune
    projects = InterventionProject.objects.filter(household__in=during.values("household"))
    return CommuneFigures(
        commune=str(organisation),
        territories=[t.name for t in territories],
        installed=counts["installed"],
        housed=counts["housed"],
        left=counts["left"],
        follow_up=household_figures(projects, start, end),
    )


# ------------------------------------------------------------------------ household file
def household_file_context(household: Household) -> dict:
    """The household file: who, the accompaniment contracts and the reviews, without any
    confidential note (those stay on the screen of the professionals)."""
    projects = list(
        household.projects.select_related("programme", "operator", "referent", "closure")
        .prefetch_related(
            "partners",
            "actions__domain",
            "actions__organisation",
            "reviews__author",
            "reviews__acknowledged_by",
        )
        .order_by("start_date", "pk")
    )
    return {
        "document_title": _("Dossier du ménage %(reference)s") % {"reference": household.reference},
        "household": household,
        "members": list(household.members.all()),
        "priorities": [p.get_criterion_display() for p in household.priorities.all()],
        # A project and its closure, None while it runs (a template cannot test a missing
        # one-to-one without failing the lookup).
        "chapters": [(project, getattr(project, "closure", None)) for project in projects],
        "organisations": [household.organisation],
        "generated_on": timezone.localdate(),
        "toc": [
            {"anchor": "menage", "title": _("Le ménage")},
            *(
                {
                    "anchor": f"projet-{project.pk}",
                    "title": _("%(programme)s — contrat et bilans")
                    % {"programme": project.programme},
                }
                for project in projects
            ),
        ],
    }


def household_file_pdf(household: Household) -> bytes:
    # The read is written to the access log by the view (households.audit.audited).
    return render_pdf("households/pdf/household_file.html", household_file_context(household))
