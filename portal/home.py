"""The home page's figures: real counts from the database, one block per role."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.compiled import compiled
from funding.enums import InstalmentStatus
from funding.models import GrantYear, Instalment
from governance.models import Committee
from governance.selectors import DueItems, secretary_due
from households.models import Household, InterventionProject, Referral
from households.reports import convention_projects, followed_during
from partnerships.enums import ConventionStatus, Role
from partnerships.models import ActivityRecord, Convention
from partnerships.perimeter import has_role, per_user


@dataclass(frozen=True)
class Figure:
    label: str
    value: object
    hint: str = ""
    money: bool = False  # shown with |euros


def _household_figures(user, today: dt.date) -> list[Figure]:

    projects = InterventionProject.objects.visible_to(user)
    return [
        Figure(_("Ménages suivis"), Household.objects.visible_to(user).count()),
        Figure(_("Projets en cours"), projects.open().count()),
        Figure(_("Bilans ou fins de mesure sous 30 jours"), projects.due_soon(today).count()),
        Figure(_("Projets en retard de rencontres"), projects.behind_on_contacts(today).count()),
        Figure(
            _("Saisines en attente de décision"),
            Referral.objects.visible_to(user).waiting().count(),
        ),
    ]


# Counted by statements compiled once per process for each user's perimeter (issue 15).
@per_user()
def _active_conventions(user):
    # The status is a column kept as of today (partnerships.services.dates): counted in SQL.
    return Convention.objects.visible_to(user).filter(
        status__in=[ConventionStatus.ACTIVE, ConventionStatus.RENEWED]
    )


@per_user()
def _due_instalments(user):
    return Instalment.objects.visible_to(user).filter(status=InstalmentStatus.DUE)


@compiled(int)
def _secretary_of(user_id):
    # unscoped: only asks whether the user is a secretary (their own committees)
    return Committee.objects.filter(secretary_id=user_id).order_by().values_list("pk")[:1]


def _department_figures(user, today: dt.date) -> list[Figure]:

    conventions = Convention.objects.visible_to(user)
    active = _active_conventions.count(user)
    year_total = (
        GrantYear.objects.visible_to(user).filter(year=today.year).aggregate(t=Sum("amount"))["t"]
    )
    due = _due_instalments.count(user)
    # The same count as the department's report of the year (portal/reports.py): the
    # households followed at least one day of the year under the visible conventions.
    followed = (
        followed_during(
            convention_projects(conventions.values("pk")),
            dt.date(today.year, 1, 1),
            dt.date(today.year, 12, 31),
        )
        .values("household")
        .distinct()
        .count()
    )
    return [
        Figure(_("Conventions en vigueur"), active),
        Figure(_("Participations de l'année"), year_total or 0, money=True),
        Figure(_("Versements exigibles"), due),
        Figure(
            _("Ménages accompagnés dans l'année (agrégé)"),
            followed,
            _("Sans aucune donnée nominative"),
        ),
    ]


def _partner_figures(user, today: dt.date) -> list[Figure]:

    hours = (
        ActivityRecord.objects.visible_to(user)
        .filter(day__year=today.year)
        .aggregate(t=Sum("hours"))["t"]
    )
    return [
        Figure(_("Conventions signées"), Convention.objects.visible_to(user).count()),
        Figure(_("Heures d'activité de l'année"), hours or 0),
    ]


def home_figures(user) -> list[Figure]:
    today = timezone.localdate()
    figures: list[Figure] = []
    if user.is_superuser or has_role(
        user, Role.SOCIAL_WORKER, Role.VOLUNTEER, Role.COORDINATOR, Role.DIRECTOR
    ):
        figures += _household_figures(user, today)
    if user.is_superuser or has_role(user, Role.DEPARTMENT_STAFF):
        figures += _department_figures(user, today)
    if has_role(user, Role.SIGNATORY_PARTNER):
        figures += _partner_figures(user, today)
    return figures


def secretary_todo(user, items: DueItems | None = None) -> DueItems | None:
    """The meetings due and missing of the committees `user` is secretary of (seed 001 art. 5
    "en début d'année", seed 000 art. IV "deux fois dans l'année"), or None."""
    if not user.is_authenticated or _secretary_of.first(user.pk) is None:
        return None
    return secretary_due(user, timezone.localdate(), items)
