"""Reads of the household follow-up: lists with a constant number of queries, the timeline."""

import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.db import connections, models, router
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from common.choices import choice_label
from common.compiled import compiled, compiled_list, remember_list
from common.expressions import AmongValues, Keys
from common.formatting import format_euros
from governance.enums import AgendaKind
from governance.models import AgendaItem
from households.enums import ProjectStatus
from households.models import (
    FOLLOWING_ROLES,
    OPEN_PROJECT_STATUSES,
    Appointment,
    Closure,
    Contact,
    Document,
    Dwelling,
    FinancialHelp,
    Household,
    HouseholdPriority,
    InterventionProject,
    Member,
    PlannedAction,
    ProjectApproval,
    ProjectRefusal,
    ReferentChange,
    Referral,
    Review,
)
from households.rules import with_file_answers
from partnerships.enums import Role
from partnerships.models import Membership, Organisation, User
from partnerships.perimeter import org_ids, per_user


def households_for(user):
    return household_rows(Household.objects.visible_to(user))


@dataclass
class HouseholdRow:
    """A row of the household list, read as values (issue 15: 175 model instances and their
    prefetches cost a page of 25 households more than its SQL)."""

    pk: int
    reference: str
    organisation: str
    territory: str
    housing_situation: str
    criteria: list[str]
    member_count: int
    projects: list["ProjectRow"]


@dataclass
class ProjectRow:
    """An open project of a HouseholdRow: what the list shows of it."""

    pk: int
    status: str
    programme: str
    referent: str


def household_page(pks: list[int]) -> list[HouseholdRow]:
    """The rows of one page of households, in the page's order, in two queries (the
    households, their open projects) compiled once per process: the page's keys are read
    first, from the index of the filters and the order (issue 15: a coordinator's page sorted
    by commune read 3 196 households at 100 000 to show 25)."""
    keys = Keys(pks)
    projects: dict[int, list[ProjectRow]] = {pk: [] for pk in pks}
    for pk, household, status, programme, first, last, email in _open_projects_of.queryset(keys):
        # str(user): get_full_name() or the address (partnerships.models.User).
        referent = f"{first} {last}".strip() or email
        projects[household].append(ProjectRow(pk, status, programme, referent))
    lines = {
        pk: HouseholdRow(
            pk,
            reference,
            Organisation.label_of(short_name, name),
            territory,
            situation,
            [c for c in criteria.split("|") if c],
            members,
            projects[pk],
        )
        for pk, reference, short_name, name, territory, situation, criteria, members in (
            _households_of.queryset(keys)
        )
    }
    return [lines[pk] for pk in pks]


@compiled(Keys)
def _open_projects_of(keys):
    # unscoped: the open projects of the page's households (keys from the visible_to list)
    projects = InterventionProject.objects.filter(AmongValues("household_id", keys))
    return projects.exclude(status=ProjectStatus.CLOSED).values_list(
        "pk",
        "household_id",
        "status",
        "programme__name",
        "referent__first_name",
        "referent__last_name",
        "referent__email",
    )


@compiled(Keys)
def _households_of(keys):
    # unscoped: pks of the page of the visible_to query of the list
    households = Household.objects.filter(AmongValues("pk", keys))
    return households.annotate(member_count=_member_count()).values_list(
        "pk",
        "reference",
        "organisation__short_name",
        "organisation__name",
        "territory__name",
        "housing_situation",
        "priority_criteria",
        "member_count",
    )


def _member_count():
    """The number of members of each household: a subquery, not a join and GROUP BY, so that
    a list's count reads the perimeter only."""
    return Coalesce(
        Subquery(
            # unscoped: counts members of the households of the scoped list
            Member.objects.filter(household=OuterRef("pk"))
            .order_by()
            .values("household")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def household_rows(households):
    """What a list of households shows: structure, commune, criteria, open projects, number
    of members."""
    return (
        households.select_related("organisation", "territory")
        .prefetch_related(
            "priorities",
            Prefetch(
                "projects",
                # unscoped: prefetch of the projects of households scoped by the caller
                queryset=InterventionProject.objects.exclude(
                    status=ProjectStatus.CLOSED
                ).select_related("programme", "referent"),
                to_attr="current_projects",
            ),
        )
        .annotate(member_count=_member_count())
    )


def my_households(user):
    """The households the user follows in person (referent or volunteer), with their members
    (the family name is shown: issue 18) and the open projects the user follows, on which
    they note a contact. A fixed number of queries, whatever the number of rows."""
    followed = Q(referent=user) | Q(volunteers=user)
    return (
        mine(Household.objects.visible_to(user), user)
        .select_related("territory")
        .prefetch_related(
            # unscoped: members of the households of the scoped list
            Prefetch("members", queryset=Member.objects.order_by("pk")),
            Prefetch(
                "projects",
                # unscoped: prefetch of the projects of households scoped by the caller
                queryset=InterventionProject.objects.filter(
                    followed, status__in=OPEN_PROJECT_STATUSES
                )
                .distinct()
                .select_related("programme")
                .order_by("pk"),
                to_attr="my_open_projects",
            ),
        )
        .order_by("reference")
    )


def contact_writable(user, projects) -> set[int]:
    """Of these projects, the open ones on which the user may note a contact: the rule
    `households.log_contact` (households/rules.py: follows_project), asked of the whole page
    in one query rather than row by row (issue 18: « Noter un contact » on the household
    list)."""
    ids = [project.pk for project in projects if project.status in OPEN_PROJECT_STATUSES]
    if not ids:
        return set()
    if user.is_superuser:
        return set(ids)
    orgs = org_ids(user, roles=FOLLOWING_ROLES)
    # unscoped: the projects of households the caller loaded through visible_to
    return set(
        # unscoped: the projects of households the caller loaded through visible_to
        InterventionProject.objects.filter(pk__in=ids)
        .filter(Q(operator_id__in=orgs) | Q(partners__in=orgs) | Q(volunteers=user))
        .values_list("pk", flat=True)
    )


def mine(queryset, user, *, project_path: str = "projects__"):
    """Households or projects the user personally follows: as referent or as volunteer."""
    return queryset.filter(
        Q(**{f"{project_path}referent": user}) | Q(**{f"{project_path}volunteers": user})
    ).distinct()


def projects_for(user, on: dt.date):
    return (
        InterventionProject.objects.visible_to(user)
        .select_related("household", "programme", "operator", "referent")
        .with_week_contacts(on)
    )


def referrals_for(user):
    return Referral.objects.visible_to(user).select_related(
        "household__territory", "referred_by", "programme", "orientation__operator"
    )


@per_user(int, keys=1)
def _page_project(user, on: dt.date, pk):
    """The project of the page through the perimeter (projects_for), with what the rules this
    page asks ask of the user about its household (households.rules: whether they read the
    notes; they do not ask whether the user may change the household's file). Compiled once
    per process for each user's perimeter and day (issue 15)."""
    return (
        with_file_answers(projects_for(user, on), user, household="household", writes=False)
        .select_related("referral", "closure")
        .filter(pk=pk)
        .order_by()
    )


def project_detail(user, pk: int, on: dt.date) -> InterventionProject:
    """One project with everything its page shows, or 404 outside the perimeter: the project
    through the perimeter, then its lists by statements compiled once per process
    (`compiled_list`), left where prefetch_related leaves them (`project.partners.all()`…)."""
    project = _page_project.first(user, on, pk)
    if project is None:
        raise Http404
    for name, build in PROJECT_LISTS.items():
        # the rows of a foreign key know their project, as the related manager's
        known = {} if name in ("partners", "volunteers") else {"project": project}
        remember_list(project, name, compiled_list(build, project.pk, **known))
    household = project.household
    members = compiled_list(household_members, household.pk, household=household)
    remember_list(household, "members", members)
    return project


def project_partners(project_id: int):
    # unscoped: the partners of a project loaded through get_visible_or_404
    return Organisation.objects.filter(partnered_projects=project_id)


def project_volunteers(project_id: int):
    # unscoped: the volunteers of a project loaded through get_visible_or_404
    return User.objects.filter(volunteer_projects=project_id)


def project_approvals(project_id: int):
    # unscoped: the approvals of a project loaded through get_visible_or_404
    return ProjectApproval.objects.filter(project_id=project_id).select_related(
        "organisation", "approved_by", "decision__meeting__committee"
    )


def project_actions(project_id: int):
    # unscoped: the actions of a project loaded through get_visible_or_404
    return PlannedAction.objects.filter(project_id=project_id).select_related(
        "domain", "organisation"
    )


def project_reviews(project_id: int):
    # unscoped: the reviews of a project loaded through get_visible_or_404
    return Review.objects.filter(project_id=project_id).select_related("author", "acknowledged_by")


def project_helps(project_id: int):
    # unscoped: the financial helps of a project loaded through get_visible_or_404
    return FinancialHelp.objects.filter(project_id=project_id).select_related("payer")


def project_refusals(project_id: int):
    # unscoped: the refusals of a project loaded through get_visible_or_404
    return ProjectRefusal.objects.filter(project_id=project_id).select_related(
        "organisation", "refused_by"
    )


def project_appointments(project_id: int):
    return (
        # unscoped: the appointments of a project loaded through get_visible_or_404
        Appointment.objects.filter(project_id=project_id)
        .prefetch_related("participants")
        .order_by("-starts_at", "-pk")
    )


def household_members(household_id: int):
    # unscoped: the members of a household loaded through the perimeter
    return Member.objects.filter(household_id=household_id)


def household_priorities(household_id: int):
    # unscoped: the priority criteria of a household loaded through the perimeter
    return HouseholdPriority.objects.filter(household_id=household_id)


def renewal_decisions(project_id: int):
    """The committee's decisions on the renewal of a project."""
    return (
        # unscoped: the decisions on a project loaded through get_visible_or_404
        AgendaItem.objects.filter(
            kind=AgendaKind.RENEWAL,
            # by name, not by id: the statement is compiled once per process
            target_type__app_label=InterventionProject._meta.app_label,
            target_type__model=InterventionProject._meta.model_name,
            target_id=project_id,
            decision__isnull=False,
        ).select_related("decision__meeting__committee")
    )


# What a project's page shows of its lists, by the related manager's name.
PROJECT_LISTS = {
    "partners": project_partners,
    "volunteers": project_volunteers,
    "approvals": project_approvals,
    "actions": project_actions,
    "reviews": project_reviews,
    "financial_helps": project_helps,
    "appointments": project_appointments,
    "refusals": project_refusals,
}


# What the pages read of an author: what their name is made of (User.__str__).
AUTHOR_NAME = ("first_name", "last_name", "email")


def recent_contacts(project: InterventionProject) -> list[Contact]:
    """The project's last 30 contacts, newest first, by a statement compiled once per
    process (`compiled_list`)."""
    return compiled_list(project_recent_contacts, project.pk, project=project)


def project_recent_contacts(project_id: int):
    return (
        # unscoped: contacts of a project the view loaded through visible_to
        Contact.objects.filter(project_id=project_id)
        .select_related("author")
        # the panel's columns, and of the author their name (issue 15: thirty whole users)
        .only(
            "project_id",
            "happened_on",
            "happened_at",
            "place",
            "medium",
            "duration_minutes",
            "summary",
            "confidential_note",
            *(f"author__{f}" for f in AUTHOR_NAME),
        )
        .order_by("-happened_on", "-pk")[:30]
    )


# What the timeline reads with each referral: its referrer and programme, and its
# orientation decision with who made it, the operator and the commission.
TIMELINE_REFERRAL_RELATED = (
    "referred_by",
    "programme",
    "orientation__decided_by",
    "orientation__operator",
    "orientation__meeting__committee",
)


# The sources of a household's timeline read in one statement (issue 15): one UNION ALL of
# their columns, each source numbered in the order its events are listed.
(
    PROJECT_HISTORY,
    APPROVALS,
    CONTACTS,
    REVIEWS,
    ACTIONS,
    HELP_REQUESTS,
    HELP_DECISIONS,
    MEMBERS_ADDED,
) = range(8)
# The columns of every source, in the statement's order: unused ones are a typed NULL (or an
# empty text), so that SQLite and PostgreSQL agree on each column's type.
_COLUMNS = {
    "t_src": None,
    "t_pk": models.BigIntegerField(),
    "t_project": models.BigIntegerField(),
    "t_at": models.DateTimeField(),
    "t_day": models.DateField(),
    "t_amount": models.DecimalField(max_digits=12, decimal_places=2),
    "t_1": models.TextField(),
    "t_2": models.TextField(),
    "t_3": models.TextField(),
    "t_org": models.TextField(),
    "t_org_name": models.TextField(),
    "t_first": models.TextField(),
    "t_last": models.TextField(),
    "t_email": models.TextField(),
}


def _source(queryset, number: int, **columns):
    """One source of the timeline as the union's columns."""
    select = {"t_src": Value(number)}
    for name, field in list(_COLUMNS.items())[1:]:
        expression = columns.get(name.removeprefix("t_"))
        if expression is None:
            expression = Cast(Value(None), field)
        elif isinstance(expression, str):
            expression = F(expression)
        select[name] = expression
    return queryset.order_by().annotate(**select).values(*_COLUMNS)


def _person(prefix: str) -> dict:
    """What a person's name is made of (User.__str__), read through `prefix`."""
    return {
        "first": f"{prefix}__first_name",
        "last": f"{prefix}__last_name",
        "email": f"{prefix}__email",
    }


def _organisation(prefix: str) -> dict:
    """What an organisation's name is made of (Organisation.__str__)."""
    return {"org": f"{prefix}__short_name", "org_name": f"{prefix}__name"}


@dataclass(frozen=True, slots=True)
class _Row:
    """One row of the timeline's statement."""

    source: int
    pk: int
    project: int | None
    at: dt.datetime | None
    day: dt.date | None
    amount: object
    t1: str | None
    t2: str | None
    t3: str | None
    org_short: str | None
    org_name: str | None
    first: str | None
    last: str | None
    email: str | None

    @property
    def person(self) -> str:
        """str(user) (User.__str__: the full name, else the e-mail), "" without a user."""
        if self.email is None:
            return ""
        return f"{self.first} {self.last}".strip() or self.email

    @property
    def org(self) -> str:
        return self.org_short or self.org_name


# Each source in the order its model lists it (Meta.ordering, the primary key when it has
# none), as the queries it replaces read them; `rank`: the place of each project in
# InterventionProject's order (reviews and actions are ordered by project first).
_ORDER = {
    PROJECT_HISTORY: lambda r, rank: (r.project, r.at, r.pk),
    APPROVALS: lambda r, rank: r.pk,
    CONTACTS: lambda r, rank: (-r.day.toordinal(), -r.pk),
    REVIEWS: lambda r, rank: (rank.get(r.project, 0), r.day, r.pk),
    ACTIONS: lambda r, rank: (rank.get(r.project, 0), r.day, r.pk),
    HELP_REQUESTS: lambda r, rank: (-r.at.timestamp(), -r.pk),
    HELP_DECISIONS: lambda r, rank: r.pk,
    MEMBERS_ADDED: lambda r, rank: (-r.at.timestamp(), -r.pk),
}


def _project_ranks(projects, alias: str) -> dict[int, int]:
    """Each project's place in InterventionProject's order (-start_date, pk), a project not
    started where the database puts NULL in a descending order."""
    nulls_first = connections[alias].features.nulls_order_largest

    def key(project):
        if project.start_date is None:
            return (0 if nulls_first else 2, 0, project.pk)
        return (1, -project.start_date.toordinal(), project.pk)

    return {project.pk: rank for rank, project in enumerate(sorted(projects, key=key))}


def _timeline_statement(household_id: int):
    """The sources of the timeline as one UNION ALL."""
    on_projects = {"project__household_id": household_id}
    sources = [
        _source(
            InterventionProject.history.filter(household_id=household_id),
            PROJECT_HISTORY,
            pk="history_id",
            project="id",
            at="history_date",
            **{"1": "status"},
            **_person("history_user"),
        ),
        _source(
            # unscoped: timeline of a household the view loaded through visible_to
            ProjectApproval.objects.filter(**on_projects),
            APPROVALS,
            pk="pk",
            project="project_id",
            at="approved_at",
            **_organisation("organisation"),
            **_person("approved_by"),
        ),
        _source(
            # unscoped: timeline of a household the view loaded through visible_to
            Contact.objects.filter(**on_projects),
            CONTACTS,
            pk="pk",
            project="project_id",
            day="happened_on",
            **{"1": "medium", "2": "summary"},
            **_person("author"),
        ),
        _source(
            # unscoped: timeline of a household the view loaded through visible_to
            Review.objects.filter(**on_projects),
            REVIEWS,
            pk="pk",
            project="project_id",
            day="held_on",
            **{"1": "kind", "2": "recommendation"},
            **_person("author"),
        ),
        _source(
            # unscoped: timeline of a household the view loaded through visible_to
            PlannedAction.objects.filter(**on_projects, due_on__isnull=False),
            ACTIONS,
            pk="pk",
            project="project_id",
            day="due_on",
            **{"1": "status", "2": "description", "3": "performer"},
            **_organisation("organisation"),
        ),
        _source(
            FinancialHelp.history.filter(**on_projects, history_type="+"),
            HELP_REQUESTS,
            pk="history_id",
            project="project_id",
            at="history_date",
            amount="amount_requested",
            **{"1": "purpose"},
            **_person("history_user"),
        ),
        _source(
            # unscoped: timeline of a household the view loaded through visible_to
            FinancialHelp.objects.filter(**on_projects, decided_on__isnull=False),
            HELP_DECISIONS,
            pk="pk",
            project="project_id",
            day="decided_on",
            **{"1": "purpose", "2": "status"},
        ),
        _source(
            Member.history.filter(household_id=household_id, history_type="+"),
            MEMBERS_ADDED,
            pk="history_id",
            at="history_date",
            **{"1": "first_name", "2": "last_name"},
        ),
    ]
    return sources[0].union(*sources[1:], all=True)


# Where the object's id goes in a statement compiled once (below): an id no row has, in the
# range of every integer column (Django reads an id out of a column's range as no row).
_SLOT = 2_147_483_629


@cache
def _compiled_timeline(alias: str) -> tuple:
    """The timeline's statement, built and compiled once per process and database: Django
    spends on building and compiling its eight sources three times what the database
    spends running it (issue 15). Only the household's id changes from one file to the
    next."""
    query = _timeline_statement(_SLOT).values_list(*_COLUMNS).query
    compiler = query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    if params.count(_SLOT) != len(_ORDER):
        raise ValueError("each source of the timeline is read for the household")
    return query, sql, tuple(params), [column for column, _sql, _alias in compiler.select]


def _timeline_rows(household: Household, projects) -> list[list[_Row]]:
    """The rows of each source of the timeline, in one query; `projects`: the household's."""
    alias = router.db_for_read(Household)
    query, sql, params, columns = _compiled_timeline(alias)
    # what the database gives as text (SQLite's dates), read as Django would
    compiler = query.get_compiler(using=alias)
    converters = compiler.get_converters(columns)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [household.pk if p == _SLOT else p for p in params])
        values = cursor.fetchall()
    if converters:
        values = compiler.apply_converters(values, converters)
    rows: list[list[_Row]] = [[] for _number in _ORDER]
    for row in values:
        rows[row[0]].append(_Row(*row))
    rank = _project_ranks(projects, alias)
    for number, key in _ORDER.items():
        rows[number].sort(key=lambda row, key=key: key(row, rank))
    return rows


@cache
def _labels(model, field_name: str) -> dict:
    return dict(model._meta.get_field(field_name).flatchoices)


def _label(model, field_name: str, value):
    """A choice's label from its stored value (`choice_label` without an instance)."""
    return _labels(model, field_name).get(value, value)


@dataclass(frozen=True)
class Event:
    """One line of a household's timeline. Never carries a confidential note."""

    day: dt.date
    label: str
    detail: str = ""
    by: str = ""
    project_id: int | None = None


def _local_day(moment) -> dt.date:
    return timezone.localtime(moment).date()


def timeline(
    household: Household,
    *,
    document_titles: bool,
    referrals: list | None = None,
    projects: list | None = None,
    documents: list | None = None,
    referent_changes: list | None = None,
) -> list[Event]:
    """Everything that happened to the household, newest first, in a fixed number of queries.

    A document's title ("Certificat médical – suivi psychiatrique") is shown only with
    `document_titles`, to those who may open the document: the others (volunteers) read
    that a document of some kind was filed, not what it says (issue 14). The household's
    referrals, projects and documents, when the page has read them already, are given (with
    their programme, referrer and uploader, the referrals with their orientation decision
    (`TIMELINE_REFERRAL_RELATED`), the projects with their closure)."""
    events: list[Event] = []
    if referrals is None:
        referrals = household.referrals.select_related(*TIMELINE_REFERRAL_RELATED)
    decisions = []
    for referral in referrals:
        events.append(
            Event(
                referral.received_on,
                _("Saisine reçue"),
                f"{referral.programme} — {referral.referred_by}",
            )
        )
        # read with the referral; None before the decision (the reverse one-to-one raises)
        decision = getattr(referral, "orientation", None)
        if decision is not None:
            decisions.append(decision)
    for decision in decisions:
        detail = str(choice_label(decision, "outcome"))
        if decision.operator:
            detail += f" → {decision.operator}"
        if decision.meeting:
            detail += f" ({decision.meeting.committee})"
        events.append(
            Event(
                decision.decided_on, _("Décision d'orientation"), detail, str(decision.decided_by)
            )
        )
    if projects is None:
        projects = household.projects.select_related("programme", "closure")
    closures = [c for c in (getattr(p, "closure", None) for p in projects) if c is not None]
    projects = {p.pk: p for p in projects}
    rows = _timeline_rows(household, projects.values())
    status_labels = dict(ProjectStatus.choices)
    previous: dict[int, str] = {}
    for row in rows[PROJECT_HISTORY]:
        if previous.get(row.project) != row.t1:
            label = (
                _("Projet proposé")
                if row.project not in previous
                else _("Projet : %(status)s") % {"status": status_labels[row.t1]}
            )
            events.append(
                Event(
                    _local_day(row.at),
                    label,
                    str(projects[row.project].programme) if row.project in projects else "",
                    row.person,
                    row.project,
                )
            )
        previous[row.project] = row.t1
    if referent_changes is None:
        # unscoped: timeline of a household the view loaded through visible_to
        referent_changes = ReferentChange.objects.filter(
            project__household=household
        ).select_related("former_referent", "new_referent", "changed_by")
    for change in referent_changes:
        events.append(
            Event(
                _local_day(change.changed_at),
                _("Changement de référent"),
                f"{change.former_referent} → {change.new_referent} : {change.reason}",
                str(change.changed_by),
                change.project_id,
            )
        )
    for row in rows[APPROVALS]:
        events.append(
            Event(_local_day(row.at), _("Accord de structure"), row.org, row.person, row.project)
        )
    met = _("Rencontre : %(medium)s")
    for row in rows[CONTACTS]:
        events.append(
            Event(
                row.day,
                met % {"medium": _label(Contact, "medium", row.t1)},
                row.t2,
                row.person,
                row.project,
            )
        )
    for row in rows[REVIEWS]:
        events.append(
            Event(
                row.day,
                _label(Review, "kind", row.t1),
                _label(Review, "recommendation", row.t2),
                row.person,
                row.project,
            )
        )
    for row in rows[ACTIONS]:
        events.append(
            Event(
                row.day,
                _("Action (%(status)s)") % {"status": _label(PlannedAction, "status", row.t1)},
                row.t2,
                f"{row.org} — {_label(PlannedAction, 'performer', row.t3)}",
                row.project,
            )
        )
    for row in rows[HELP_REQUESTS]:
        events.append(
            Event(
                _local_day(row.at),
                _("Aide financière demandée"),
                f"{_label(FinancialHelp, 'purpose', row.t1)} — {format_euros(row.amount)}",
                row.person,
                row.project,
            )
        )
    for row in rows[HELP_DECISIONS]:
        events.append(
            Event(
                row.day,
                _("Aide financière : %(status)s")
                % {"status": _label(FinancialHelp, "status", row.t2)},
                _label(FinancialHelp, "purpose", row.t1),
                "",
                row.project,
            )
        )
    for closure in closures:
        events.append(
            Event(
                closure.closed_on,
                _("Clôture"),
                choice_label(closure, "outcome"),
                "",
                closure.project_id,
            )
        )
    if documents is None:
        # unscoped: timeline of a household the view loaded through visible_to
        documents = Document.objects.filter(household=household).select_related("uploaded_by")
    for document in documents:
        events.append(
            Event(
                _local_day(document.uploaded_at),
                _("Document déposé"),
                f"{choice_label(document, 'kind')} — {document.title}"
                if document_titles
                else choice_label(document, "kind"),
                str(document.uploaded_by),
                document.project_id,
            )
        )
    for row in rows[MEMBERS_ADDED]:
        events.append(Event(_local_day(row.at), _("Membre ajouté"), f"{row.t1} {row.t2}"))
    events.sort(key=lambda e: e.day, reverse=True)
    return events


def split_upcoming(events: list[Event], today: dt.date) -> tuple[list[Event], list[Event]]:
    """The timeline in two (issue 18): what is planned after `today` (« À venir », nearest
    first), apart from what happened (newest first). It no longer opens on future actions."""
    upcoming = sorted((e for e in events if e.day > today), key=lambda e: e.day)
    return upcoming, [e for e in events if e.day <= today]


@dataclass(frozen=True)
class Referent:
    """One referent of a project, from a day (None: from the proposal) to a day (None: now)."""

    person: object
    since: dt.date | None
    until: dt.date | None
    reason: str = ""
    by: str = ""


@dataclass(frozen=True)
class FollowUp:
    """A project of the household: its programme, structures and successive referents."""

    project: InterventionProject
    referents: list[Referent]
    closure: Closure | None


def follow_ups(projects: list, referent_changes: list) -> list[FollowUp]:
    """The history of the household's referents and structures (issue 16), from the projects
    and handovers the page has read: no query of its own."""
    changes: dict[int, list] = {}
    for change in referent_changes:
        changes.setdefault(change.project_id, []).append(change)
    result = []
    for project in projects:
        handovers = changes.get(project.pk, [])
        referents = []
        since, reason, by = None, "", ""
        for change in handovers:
            day = _local_day(change.changed_at)
            referents.append(Referent(change.former_referent, since, day, reason, by))
            since, reason, by = day, change.reason, str(change.changed_by)
        current = handovers[-1].new_referent if handovers else project.referent
        referents.append(Referent(current, since, None, reason, by))
        # None while the project runs (the reverse one-to-one raises otherwise)
        closure = getattr(project, "closure", None)
        result.append(FollowUp(project, list(reversed(referents)), closure))
    return result


def contacts_for(user):
    """Contacts of the user's perimeter, newest first (the index `contact_recent`), without
    joins: the list pages through their ids, then reads the page's rows (`contact_page`)."""
    return Contact.objects.visible_to(user).order_by("-happened_on", "-pk")


# The columns the contacts list and its export read (issue 7): nothing else of the household,
# and never the confidential note.
CONTACT_FIELDS = (
    "happened_on",
    "happened_at",
    "medium",
    "duration_minutes",
    "project__household__reference",
    "project__programme__name",
    "project__operator__name",
    "project__operator__short_name",
    "author__first_name",
    "author__last_name",
    "author__email",
)


def contact_rows(queryset, *, with_summary: bool = False):
    """The columns shown; the place and the shared summary are read by the export only."""
    fields = (*CONTACT_FIELDS, "place", "summary") if with_summary else CONTACT_FIELDS
    return queryset.select_related(
        "project__household", "project__programme", "project__operator", "author"
    ).only(*fields)


def contact_page(pks: list[int]) -> list[Contact]:
    """The rows of one page, in the page's order, in one query.

    Paging over ids first matters on PostgreSQL at 400 000 contacts: with the four joins in
    the same statement, the planner walks the date index and tests the perimeter contact by
    contact (47 ms for a volunteer at N=20 000); on the bare table it picks the volunteer's
    few households first (7 ms)."""
    # unscoped: pks of the page of the visible_to query above
    rows = contact_rows(Contact.objects.filter(pk__in=pks)).in_bulk()
    return [rows[pk] for pk in pks]


def reviews_sent_to(user):
    """seed 004 §7: the reviews sent to the user as coordinator, unread first, then the most
    recently sent."""
    return (
        Review.objects.sent_and_visible_to(user)
        .select_related("project__household", "project__programme", "author", "acknowledged_by")
        .order_by(F("acknowledged_on").desc(nulls_first=True), "-sent_to_coordinator_on", "-pk")
    )


def sent_referrals_for(user):
    """seed 004 §4: « Mes saisines transmises » — the referrals the user's organisation sent,
    with what its receipt shows (reference, programme, decision), in a constant number of
    queries."""
    # unscoped: Referral.sent_by is the partner's own perimeter (its organisation's referrals)
    return Referral.objects.sent_by(user).select_related(
        "household__territory", "referred_by", "programme", "orientation__operator"
    )


def coordination_of(territory):
    """The territory whose coordinator orients a household of `territory` (seed 004 §4: the
    territory's coordinator): the closest one above it with a coordinator, or None."""
    if territory is None:
        return None
    coordinated = (
        # unscoped: which territory has a coordinator — a name, no person, for a receipt
        Membership.objects.active()
        .filter(role=Role.COORDINATOR, territory__isnull=False)
        .select_related("territory")
    )
    covering = [m.territory for m in coordinated if territory.path.startswith(m.territory.path)]
    return max(covering, key=lambda t: len(t.path), default=None)


# The lists of a household's file (households.views.households), by the household's id.
def file_referrals(household_id: int):
    # unscoped: the referrals of a household the view loaded through visible_to
    return Referral.objects.filter(household_id=household_id).select_related(
        *TIMELINE_REFERRAL_RELATED
    )


def file_projects(household_id: int):
    return (
        # unscoped: the projects of a household the view loaded through visible_to
        InterventionProject.objects.filter(household_id=household_id)
        .select_related("programme", "operator", "referent", "closure")
        .prefetch_related("partners")
        .order_by("pk")
    )


def file_referent_changes(household_id: int):
    return (
        # unscoped: the handovers of a household the view loaded through visible_to
        ReferentChange.objects.filter(project__household_id=household_id)
        .select_related("former_referent", "new_referent", "changed_by")
        .order_by("changed_at", "pk")
    )


def file_documents(household_id: int):
    # unscoped: the documents of a household the view loaded through visible_to
    return Document.objects.filter(household_id=household_id).select_related("uploaded_by")


def file_dwellings(household_id: int):
    # unscoped: the dwellings of a household the view loaded through visible_to
    return Dwelling.objects.filter(household_id=household_id).select_related(
        "landlord", "territory"
    )
