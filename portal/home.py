"""The home page's figures: real counts from the database, one block per role."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from funding.enums import InstalmentStatus
from funding.models import GrantYear, Instalment
from households.models import Household, InterventionProject, Referral
from partnerships.enums import Role
from partnerships.models import ActivityRecord, Convention
from partnerships.perimeter import has_role
from partnerships.selectors import CONVENTION_DATE_FIELDS, CONVENTION_DATED_BY, forget_dates


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


def _department_figures(user, today: dt.date) -> list[Figure]:

    conventions = Convention.objects.visible_to(user)
    dated = list(conventions.only(*CONVENTION_DATE_FIELDS).prefetch_related(*CONVENTION_DATED_BY))
    active = sum(1 for c in dated if c.in_force_on(today))
    forget_dates(dated)
    year_total = (
        GrantYear.objects.visible_to(user).filter(year=today.year).aggregate(t=Sum("amount"))["t"]
    )
    due = Instalment.objects.visible_to(user).filter(status=InstalmentStatus.DUE).count()
    # unscoped: a count for the user's visible conventions, no row shown
    followed = InterventionProject.objects.filter(
        programme__convention__in=conventions.values("pk")
    ).count()
    return [
        Figure(_("Conventions en vigueur"), active),
        Figure(_("Participations de l'année"), year_total or 0, money=True),
        Figure(_("Versements exigibles"), due),
        Figure(
            _("Projets d'accompagnement (agrégé)"), followed, _("Sans aucune donnée nominative")
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
