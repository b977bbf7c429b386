"""The access log: every read of a household's personal data writes one entry.

issue 8 (CNIL recommendation on access logs): who, for which organisation, which household,
what, when, and the request id that ties the entry to the server's logs. Entries are only
ever added here; households/retention.py purges those older than AUDIT_RETENTION_DAYS.
"""

import json
from collections.abc import Callable
from functools import wraps

from django.db import connections, router
from django.utils import timezone

from households.enums import AuditAction
from households.models import (
    Appointment,
    AuditEntry,
    Closure,
    Contact,
    Document,
    Dwelling,
    FinancialHelp,
    Household,
    HouseholdPriority,
    InterventionProject,
    Member,
    OrientationDecision,
    PlannedAction,
    ProjectApproval,
    ReferentChange,
    Referral,
    Review,
)
from partnerships.perimeter import memberships


def acting_for(user) -> Callable[[int | None], int | None]:
    """household's organisation id → the organisation the user acts for: the household's own
    when they belong to it, otherwise their first membership's, the oldest (a partner
    structure, a coordinator's platform). Their memberships read once, for a whole list."""
    mine = memberships(user)
    first = mine[0].organisation_id if mine else None
    own = {membership.organisation_id for membership in mine}
    return lambda organisation_id: organisation_id if organisation_id in own else first


def acting_organisation(user, household: Household | None):
    """The organisation the user acts for about `household` (acting_for)."""
    return acting_for(user)(household.organisation_id if household is not None else None)


def audit_record(
    *, request, action: str, household: Household | None = None, detail: str = ""
) -> AuditEntry:
    entry = _entry(request, action, household, detail)
    # One INSERT, committed on its own (autocommit): no BEGIN and COMMIT around it, two
    # round trips on every page of a household's file (issue 15).
    entry.save(force_insert=True)
    return entry


def _entry(request, action: str, household: Household | None, detail: str) -> AuditEntry:
    """An access-log entry of this request, not saved yet."""
    user = request.user if request.user.is_authenticated else None
    return AuditEntry(
        user=user,
        organisation_id=acting_organisation(user, household) if user else None,
        household=household,
        action=action,
        detail=detail[:200],
        request_id=getattr(request, "request_id", "")[:64],
    )


def audit_households(*, request, action: str, household_ids, detail: str = "") -> int:
    """One entry per household, in one INSERT: the households a list or a search showed."""
    households = Household.objects.filter(pk__in=set(household_ids)).order_by("pk")
    return audit_loaded_households(
        request=request,
        action=action,
        households=households.only("pk", "organisation_id"),
        detail=detail,
    )


def audit_loaded_households(*, request, action: str, households, detail: str = "") -> int:
    """As audit_households, for households already loaded (distinct, by pk), with their
    organisation_id: a list shows them, the log needs no query to find them again."""
    user = request.user if request.user.is_authenticated else None
    if user is None:
        rows = [(household.pk, None) for household in households]
    else:
        # The user's memberships read once for the whole list (issue 15).
        acting = acting_for(user)
        rows = [(household.pk, acting(household.organisation_id)) for household in households]
    if rows:
        _insert_entries(
            user=user,
            action=action,
            detail=detail[:200],
            request_id=getattr(request, "request_id", "")[:64],
            rows=rows,
        )
    return len(rows)


def _insert_entries(*, user, action: str, detail: str, request_id: str, rows: list) -> None:
    """One INSERT of a fixed shape, whatever the number of households: their ids and acting
    organisations go in as one array (PostgreSQL) or one JSON list (SQLite). A list page
    logs up to a hundred households; Django's bulk_create made and prepared an object, and a
    group of parameters, per row: more Python than the page's own reads (issue 15). One
    statement in autocommit is written whole or not at all, as the transaction around
    bulk_create did."""
    connection = connections[router.db_for_write(AuditEntry)]
    meta = AuditEntry._meta
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(meta.get_field(name).column)
        for name in ("at", "user", "action", "detail", "request_id", "household", "organisation")
    )
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    head = [at, user.pk if user else None, action, detail, request_id]
    if connection.vendor == "postgresql":
        source = "unnest(%s::bigint[], %s::bigint[]) AS entry(household, organisation)"
        picked = "entry.household, entry.organisation"
        params = [*head, [pk for pk, _org in rows], [org for _pk, org in rows]]
    else:
        source = "json_each(%s) AS entry"
        picked = "json_extract(entry.value, '$[0]'), json_extract(entry.value, '$[1]')"
        params = [*head, json.dumps(rows)]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608 (names from the model)
        f"SELECT %s, %s, %s, %s, %s, {picked} FROM {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _household_of(pk: int) -> Household:
    return Household.objects.get(pk=pk)


def _household_of_document(pk: int) -> Household:
    return Document.objects.select_related("household").get(pk=pk).household


def _household_of_project(pk: int) -> Household:
    return InterventionProject.objects.select_related("household").get(pk=pk).household


def _household_of_referral(pk: int) -> Household:
    return Referral.objects.select_related("household").get(pk=pk).household


HOUSEHOLD_OF = {
    "household": _household_of,
    "document": _household_of_document,
    "project": _household_of_project,
    "referral": _household_of_referral,
}


def audited(action: str, *, target: str | None = "household") -> Callable:
    """Record the read once the view has answered with success (2xx): an outsider's 404 or
    a refused 403 reads nothing. `target` names what the view's `pk` is: a household, a
    document, a project, a referral, or None for a list export."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if 200 <= response.status_code < 300:
                # The view may hand over the household of its `pk`, already read (issue 15:
                # no second query): request.audited = (pk, household).
                handed = getattr(request, "audited", None)
                if target and handed is not None and handed[0] == kwargs["pk"]:
                    household = handed[1]
                else:
                    household = HOUSEHOLD_OF[target](kwargs["pk"]) if target else None
                detail = ""
                if action == AuditAction.DOWNLOAD_DOCUMENT:
                    detail = f"document n° {kwargs['pk']}"
                elif action == AuditAction.EXPORT:
                    detail = f"{request.resolver_match.view_name} {request.GET.get('format', '')}"
                elif target == "project":
                    detail = f"projet n° {kwargs['pk']}"
                audit_record(request=request, action=action, household=household, detail=detail)
            return response

        return wrapper

    return decorate


# How each household model of the administration leads to its household.
ADMIN_HOUSEHOLD_LOOKUP = {
    Household: "pk",
    Member: "household",
    HouseholdPriority: "household",
    Referral: "household",
    OrientationDecision: "referral__household",
    InterventionProject: "household",
    ProjectApproval: "project__household",
    PlannedAction: "project__household",
    Contact: "project__household",
    Appointment: "project__household",
    ReferentChange: "project__household",
    Review: "project__household",
    Closure: "project__household",
    FinancialHelp: "project__household",
    Document: "household",
    Dwelling: "household",
}


def _loaded_households(objects, lookup: str) -> list[Household] | None:
    """The households of rows a change list loaded with their relations (its
    list_select_related), distinct and by pk; None when a relation on the way was not loaded
    (the caller then asks the database)."""
    if objects is None:
        return None
    found = {}
    for obj in objects:
        if lookup != "pk":
            for name in lookup.split("__"):
                field = obj._meta.get_field(name)
                if not field.is_cached(obj):
                    return None
                obj = getattr(obj, name)
                if obj is None:
                    break
        if obj is not None:
            found[obj.pk] = obj
    return [found[pk] for pk in sorted(found)]


class AdminReadAudit:
    """For a ModelAdmin of household data: the change list, the change form, the history, a
    past version and the deletion page write one access-log entry per household they show,
    as the application's pages do (issue 14). Only answers 200 count."""

    def _audit_read(self, request, response, pks, objects=None) -> None:
        if response.status_code != 200 or not pks:
            return
        households = _loaded_households(objects, ADMIN_HOUSEHOLD_LOOKUP[self.model])
        if households is not None:
            audit_loaded_households(
                request=request,
                action=AuditAction.ADMIN_VIEW,
                households=households,
                detail=f"{self.model._meta.model_name} {request.resolver_match.url_name or ''}",
            )
            return
        lookup = ADMIN_HOUSEHOLD_LOOKUP[self.model]
        household_ids = (
            self.model._default_manager.filter(pk__in=list(pks))
            .values_list(lookup, flat=True)
            .distinct()
        )
        audit_households(
            request=request,
            action=AuditAction.ADMIN_VIEW,
            household_ids=list(household_ids),
            detail=f"{self.model._meta.model_name} {request.resolver_match.url_name or ''}",
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            rows = list(changelist.result_list)
            self._audit_read(request, response, [obj.pk for obj in rows], objects=rows)
        return response

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if object_id is not None:
            self._audit_read(request, response, [object_id])
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        self._audit_read(request, response, [object_id])
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        self._audit_read(request, response, [object_id])
        return response

    def delete_view(self, request, object_id, extra_context=None):
        response = super().delete_view(request, object_id, extra_context)
        self._audit_read(request, response, [object_id])
        return response
