"""The access log: every read of a household's personal data writes one entry.

issue 8 (CNIL recommendation on access logs): who, for which organisation, which household,
what, when, and the request id that ties the entry to the server's logs. Entries are only
ever added here; households/retention.py purges those older than AUDIT_RETENTION_DAYS.
"""

from collections.abc import Callable
from functools import wraps

from django.db import transaction

from households.enums import AuditAction
from households.models import AuditEntry, Document, Household
from partnerships.perimeter import memberships


def acting_organisation(user, household: Household | None):
    """The organisation the user acts for: the household's own when they belong to it,
    otherwise their first membership's, the oldest (a partner structure, a coordinator's
    platform)."""
    mine = memberships(user)
    if household is not None:
        for membership in mine:
            if membership.organisation_id == household.organisation_id:
                return membership.organisation_id
    return mine[0].organisation_id if mine else None


def audit_record(
    *, request, action: str, household: Household | None = None, detail: str = ""
) -> AuditEntry:
    user = request.user if request.user.is_authenticated else None
    # Written even if the surrounding transaction is rolled back later: a read happened.
    with transaction.atomic():
        return AuditEntry.objects.create(
            user=user,
            organisation_id=acting_organisation(user, household) if user else None,
            household=household,
            action=action,
            detail=detail[:200],
            request_id=getattr(request, "request_id", "")[:64],
        )


def _household_of(pk: int) -> Household:
    return Household.objects.get(pk=pk)


def _household_of_document(pk: int) -> Household:
    return Document.objects.select_related("household").get(pk=pk).household


HOUSEHOLD_OF = {
    "household": _household_of,
    "document": _household_of_document,
}


def audited(action: str, *, target: str | None = "household") -> Callable:
    """Record the read once the view has answered with success (2xx): an outsider's 404 or
    a refused 403 reads nothing. `target` names what the view's `pk` is: a household, a
    document, or None for a list export."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if 200 <= response.status_code < 300:
                household = HOUSEHOLD_OF[target](kwargs["pk"]) if target else None
                detail = ""
                if action == AuditAction.DOWNLOAD_DOCUMENT:
                    detail = f"document n° {kwargs['pk']}"
                elif action == AuditAction.EXPORT:
                    detail = f"{request.resolver_match.view_name} {request.GET.get('format', '')}"
                audit_record(request=request, action=action, household=household, detail=detail)
            return response

        return wrapper

    return decorate
