"""The home page's "À faire" (issue 16): per role, what waits for the person, each line a count
and a link to the list that shows those rows.

A line is counted by the very FilterSet of the list it links to, applied to the list's own
queryset (read through `visible_to`), with the parameters the link carries: the count is the
number of rows the list shows, by construction, and a line costs one query whatever the
number of rows.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.compiled import Keyed
from funding.filters import CallFilter, InstalmentFilter
from funding.models import CallForApplications, Instalment
from governance.filters import ReportFilter
from governance.models import AnnualReport
from governance.selectors import DueItems
from households.filters import ProjectFilter, ReferralFilter, ReviewFilter
from households.models import Appointment
from households.selectors import projects_for, referrals_for, reviews_sent_to
from partnerships.enums import Role
from partnerships.filters import ConventionFilter, IncidentFilter, MemberFilter
from partnerships.models import IncidentReport
from partnerships.perimeter import has_role, per_user
from partnerships.selectors import conventions_for, members_for


@dataclass(frozen=True)
class TodoLine:
    label: str  # what is counted, in French: "Bilans intermédiaires dus ou en retard"
    count: int
    url: str


@dataclass(frozen=True)
class ListLine:
    """A line counted on a list page: its label, URL name, parameters, FilterSet and rows."""

    label: str
    url_name: str
    params: dict
    filterset: type
    rows: object  # callable(user, today) → the list's queryset

    def rows_shown(self, user, today: dt.date):
        """The rows the list shows with the line's parameters (its FilterSet applied)."""
        data = QueryDict(mutable=True)
        data.update(self.params)
        counting = _counting(self.filterset, frozenset(self.params))
        # The filters read the request's user alone.
        filterset = counting(
            data, queryset=self.rows(user, today), request=SimpleNamespace(user=user)
        )
        return filterset.qs

    def build(self, request, today: dt.date) -> TodoLine:
        url = f"{reverse(self.url_name)}?{urlencode(self.params)}"
        return TodoLine(self.label, _shown(self).count(request.user, today), url)


_SHOWN: dict[int, Keyed] = {}


def _shown(line: ListLine) -> Keyed:
    """A line's count, compiled once per process for each user's perimeter and day (issue 15:
    building the list's queryset and its FilterSet cost the home page more than its SQL).
    By the line's identity: the lines are the module's constants."""
    shown = _SHOWN.get(id(line))
    if shown is None:
        shown = _SHOWN.setdefault(id(line), per_user(keys=1)(line.rows_shown))
    return shown


@cache
def _counting(filterset: type, names: frozenset) -> type:
    """The list's FilterSet with only the filters a line's parameters set. The others, left
    empty, filter nothing (django-filter and the project's filters skip an empty value) or
    only order, which a count ignores; building their form fields (choices, the querysets of
    the drop-downs) was most of a line's cost (issue 15)."""
    counting = type(filterset.__name__, (filterset,), {})
    counting.base_filters = {
        name: field for name, field in filterset.base_filters.items() if name in names
    }
    return counting


def _projects(user, today):
    return projects_for(user, today)


def _referrals(user, today):
    return referrals_for(user)


def _reviews(user, today):
    return reviews_sent_to(user)


def _reports(user, today):
    return AnnualReport.objects.visible_to(user)


def _calls(user, today):
    return CallForApplications.objects.visible_to(user)


def _conventions(user, today):
    return conventions_for(user)


def _instalments(user, today):
    return Instalment.objects.visible_to(user)


def _incidents(user, today):
    return IncidentReport.objects.visible_to(user)


def _members(user, today):
    return members_for(user)


PROJECTS = "households:project_list"
REFERRALS = "households:referral_list"
REVIEWS = "households:review_inbox"
REPORTS = "governance:report_list"
CALLS = "funding:call_list"
CONVENTIONS = "partnerships:convention_list"
INSTALMENTS = "funding:instalment_list"
INCIDENTS = "partnerships:incident_list"
MEMBERS = "partnerships:member_list"

# seed 004 §4: ASRL, review at 3 months and at least 2 meetings a week.
SOCIAL_WORKER = [
    ListLine(
        _("Bilans intermédiaires dus ou en retard"),
        PROJECTS,
        {"suivis": "1", "a_faire": "bilan"},
        ProjectFilter,
        _projects,
    ),
    ListLine(
        _("Accompagnements qui prennent fin dans les 30 jours"),
        PROJECTS,
        {"suivis": "1", "a_faire": "fin"},
        ProjectFilter,
        _projects,
    ),
    ListLine(
        _("Accompagnements sous le rythme de rencontres de la semaine"),
        PROJECTS,
        {"suivis": "1", "retard": "1"},
        ProjectFilter,
        _projects,
    ),
    ListLine(
        _("Accompagnements sans rencontre depuis 30 jours"),
        PROJECTS,
        {"suivis": "1", "a_faire": "sans_rencontre"},
        ProjectFilter,
        _projects,
    ),
]
VOLUNTEER = [
    ListLine(
        _("Accompagnements où une action bénévole est à mener"),
        PROJECTS,
        {"suivis": "1", "a_faire": "actions"},
        ProjectFilter,
        _projects,
    ),
]
COORDINATOR = [
    ListLine(
        _("Saisines à orienter"), REFERRALS, {"statut": "attente"}, ReferralFilter, _referrals
    ),
    ListLine(
        _("Orientations en attente de l'opérateur"),
        REFERRALS,
        {"statut": "oriented", "a_faire": "operateur"},
        ReferralFilter,
        _referrals,
    ),
    ListLine(
        _("Cas complexes inscrits en commission"),
        REFERRALS,
        {"statut": "attente", "a_faire": "commission"},
        ReferralFilter,
        _referrals,
    ),
    # seed 004 §7: the reviews of individual follow-ups are sent to the coordinators.
    ListLine(_("Bilans transmis à lire"), REVIEWS, {"statut": "a_lire"}, ReviewFilter, _reviews),
]
DIRECTOR = [
    ListLine(
        _("Projets en attente de l'accord de votre structure"),
        PROJECTS,
        {"a_faire": "accord"},
        ProjectFilter,
        _projects,
    ),
    ListLine(
        _("Conventions en attente de signature"),
        CONVENTIONS,
        {"statut": "awaiting_signature"},
        ConventionFilter,
        _conventions,
    ),
    ListLine(
        _("Bilans annuels en brouillon, à transmettre"),
        REPORTS,
        {"statut": "draft"},
        ReportFilter,
        _reports,
    ),
    ListLine(
        _("Appels où la candidature de votre structure reste à déposer"),
        CALLS,
        {"a_faire": "depot"},
        CallFilter,
        _calls,
    ),
    ListLine(
        _("Invitations de membres en attente"),
        MEMBERS,
        {"statut": "invite"},
        MemberFilter,
        _members,
    ),
]
DEPARTMENT_STAFF = [
    ListLine(
        _("Versements exigibles"), INSTALMENTS, {"status": "due"}, InstalmentFilter, _instalments
    ),
    ListLine(
        _("Bilans annuels transmis, à valider"),
        REPORTS,
        {"statut": "submitted"},
        ReportFilter,
        _reports,
    ),
    ListLine(
        _("Appels dont des candidatures déposées sont à examiner"),
        CALLS,
        {"a_faire": "notation"},
        CallFilter,
        _calls,
    ),
    ListLine(
        _("Conventions qui prennent fin ou atteignent leur date limite de dénonciation"),
        CONVENTIONS,
        {"a_faire": "echeance"},
        ConventionFilter,
        _conventions,
    ),
]
PARTNER = [
    ListLine(
        _("Signalements dont votre structure doit accuser réception"),
        INCIDENTS,
        {"a_faire": "accuser"},
        IncidentFilter,
        _incidents,
    ),
    ListLine(
        _("Synthèses mensuelles du mois dernier"),
        CONVENTIONS,
        {"a_faire": "synthese"},
        ConventionFilter,
        _conventions,
    ),
    ListLine(
        _("Bilans annuels validés depuis 30 jours"),
        REPORTS,
        {"a_faire": "nouveaux"},
        ReportFilter,
        _reports,
    ),
]

BY_ROLE = [
    (Role.SOCIAL_WORKER, SOCIAL_WORKER),
    (Role.VOLUNTEER, VOLUNTEER),
    (Role.COORDINATOR, COORDINATOR),
    (Role.DIRECTOR, DIRECTOR),
    (Role.DEPARTMENT_STAFF, DEPARTMENT_STAFF),
    (Role.SIGNATORY_PARTNER, PARTNER),
]


def todo_lines(request, due: DueItems | None = None) -> list[TodoLine]:
    """The user's to-do, role by role (a person with two roles gets both, each line once).

    `due`: the "Échéances" of the user (governance.selectors.due_items), when the caller has
    read them: department staff then get the missing committee meetings, a link to that
    section of the "Échéances" page.
    """
    user = request.user
    today = timezone.localdate()
    lines: list[TodoLine] = []
    seen = set()
    for role, role_lines in BY_ROLE:
        if not has_role(user, role):
            continue
        for line in role_lines:
            key = (line.url_name, tuple(sorted(line.params.items())))
            if key in seen:
                continue
            seen.add(key)
            lines.append(line.build(request, today))
    if has_role(user, Role.SOCIAL_WORKER) or has_role(user, Role.VOLUNTEER):
        # The appointments of today of the projects the person follows in person, a link to
        # the "Rendez-vous prévus" section of the "Échéances" page, where they are by day.
        lines.append(
            TodoLine(
                _("Rendez-vous prévus aujourd'hui"),
                Appointment.objects.visible_to(user)
                .planned()
                .concerning(user)
                .filter(starts_at__date=today)
                .count(),
                reverse("portal:due") + "#titre-rendez-vous",
            )
        )
    if due is not None and has_role(user, Role.DEPARTMENT_STAFF):
        lines.append(
            TodoLine(
                _("Réunions d'instance manquantes"),
                len(due.missed_meetings),
                reverse("portal:due") + "#titre-reunions",
            )
        )
    return lines
