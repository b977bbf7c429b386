"""Who a user is, organisation by organisation: the base of every `visible_to(user)`.

Memberships are read once per request and cached on the user object.
"""

from collections.abc import Iterable

from django.apps import apps
from django.http import Http404

from common.compiled import Keyed, compiled
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


def perimeter_key(user) -> tuple:
    """Everything a `visible_to(user)` reads of the user: who they are, whether they are a
    superuser, and each active membership (role, organisation and its kind, territory). Two
    requests with the same key build the same perimeter."""
    if not getattr(user, "is_authenticated", False):
        return (None,)
    return (
        user.pk,
        user.is_superuser,
        tuple(
            (
                m.role,
                m.organisation_id,
                m.organisation.kind,
                m.territory.path if m.territory_id else None,
            )
            for m in memberships(user)
        ),
    )


def per_user(*kinds: type, keys: int = 0, size: int = 64):
    """Decorator: a builder of (user, *keys, *values) whose queryset goes through
    `visible_to(user)` is compiled once per process for each user's perimeter, language and
    `keys` (a day, a flag), then only gets its `values` (markers of `kinds`) put in
    (common.compiled.Keyed; issue 15: building and compiling the perimeter's statements cost
    the department's pages a third of their Python); the `size` perimeters last used are kept
    (about 20 KB each). The builder may use what the key holds
    (the day it is given, not `timezone.localdate()`) and nothing else that varies."""

    def wrap(build) -> Keyed:
        return Keyed(build, perimeter_key, keys, kinds, size)

    return wrap
