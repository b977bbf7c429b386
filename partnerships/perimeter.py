"""Who a user is, organisation by organisation: the base of every `visible_to(user)`.

Memberships are read once per request and cached on the user object.
"""

from collections.abc import Iterable

from django.apps import apps
from django.http import Http404

from common.compiled import compiled
from partnerships.enums import Role

_CACHE = "_maillage_memberships"


@compiled(int)
def active_memberships(user_id):
    """A user's active memberships of an organisation, oldest first: "their first membership"
    (the acting organisation of the access log, the home page's list) must not depend on the
    database's whim. Compiled once per process: read on every page (issue 15)."""
    # Looked up by name: models.py imports this module to build every visible_to().
    membership = apps.get_model("partnerships", "Membership")
    return (
        # unscoped: the user's own memberships, the base of every perimeter
        membership.objects.active()
        .filter(user_id=user_id, organisation__isnull=False)
        .select_related("territory", "organisation")
        .order_by("created_at", "pk")
    )


def memberships(user) -> list:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = active_memberships.list(user.pk, user=user)
        setattr(user, _CACHE, cached)
    return cached


def roles(user) -> set[str]:
    return {m.role for m in memberships(user)}


def has_role(user, *wanted: str) -> bool:
    return bool(roles(user) & set(wanted))


def org_ids(user, roles: Iterable[str] | None = None) -> set[int]:
    wanted = set(roles) if roles is not None else None
    return {m.organisation_id for m in memberships(user) if wanted is None or m.role in wanted}


def territory_paths(user, roles: Iterable[str] = (Role.COORDINATOR,)) -> list[str]:
    wanted = set(roles)
    return [m.territory.path for m in memberships(user) if m.role in wanted and m.territory]


def get_visible_or_404(queryset, user, **lookup):
    """Load one object inside the user's perimeter, or answer 404 (never 403: nothing leaks)."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
