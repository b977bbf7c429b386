"""The keys of the read API: created and revoked by the people who run an organisation.

A key is 32 random bytes (URL-safe base64, prefixed `mlg_`); only its SHA-256 digest is
stored, with its first characters to tell keys apart. It is shown once, at creation.
"""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import as_author
from partnerships.enums import OrganisationKind, Role
from partnerships.perimeter import org_ids
from portal.models import ApiToken

PREFIX = "mlg_"
KEY_BYTES = 32
# A key's last call is written at most once a minute: one UPDATE, not one per call.
LAST_USED_PRECISION = 60


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def may_manage_api_tokens(user, organisation) -> bool:
    """A superuser, a director of the organisation, or department staff of a département."""
    if user.is_superuser:
        return True
    roles = [Role.DIRECTOR]
    if organisation.kind == OrganisationKind.DEPARTMENT:
        roles.append(Role.DEPARTMENT_STAFF)
    return organisation.pk in org_ids(user, roles=roles)


def organisations_managed(user, queryset):
    """The organisations of `queryset` whose keys the user manages (the page's choice)."""
    if user.is_superuser:
        return queryset
    return queryset.filter(
        Q(pk__in=org_ids(user, roles=[Role.DIRECTOR]))
        | Q(pk__in=org_ids(user, roles=[Role.DEPARTMENT_STAFF]), kind=OrganisationKind.DEPARTMENT)
    )


@transaction.atomic
def api_token_create(*, organisation, label: str, by) -> tuple[ApiToken, str]:
    """A new key for `organisation`. Returns (row, key): the key is shown once, never stored.

    Refused (PermissionDenied, a 404 in the pages) unless `by` may manage its keys."""
    if not may_manage_api_tokens(by, organisation):
        raise PermissionDenied
    label = (label or "").strip()
    if not label:
        raise ValidationError(
            {"label": _("Donnez un libellé à la clé (par exemple le système qui l'utilise).")}
        )
    if len(label) > 100:
        raise ValidationError({"label": _("Le libellé tient en 100 caractères au plus.")})
    key = PREFIX + secrets.token_urlsafe(KEY_BYTES)
    row = ApiToken(
        organisation=organisation,
        label=label,
        digest=digest_of(key),
        hint=key[len(PREFIX) : len(PREFIX) + 8],
        created_by=by,
    )
    as_author(row, by).save()
    return row, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke a key: it stops answering at once. Refused when already revoked."""
    # unscoped: the service checks the acting person's rights on the key's organisation
    row = ApiToken.objects.select_for_update().select_related("organisation").get(pk=token.pk)
    if not may_manage_api_tokens(by, row.organisation):
        raise PermissionDenied
    if row.revoked_at is not None:
        raise ValidationError(_("Cette clé est déjà révoquée."))
    row.revoked_at = timezone.now()
    row.revoked_by = by
    as_author(row, by).save()
    return row


def token_for_key(key: str) -> ApiToken | None:
    """The active key behind `key`, with its organisation, or None (unknown or revoked)."""
    if not key or len(key) > 100 or not key.startswith(PREFIX):
        return None
    row = (
        # unscoped: the caller is found by the secret key itself
        ApiToken.objects.active()
        .select_related("organisation")
        .filter(digest=digest_of(key))
        .first()
    )
    if row is None:
        return None
    now = timezone.now()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > LAST_USED_PRECISION:
        # unscoped: the key just found by its secret
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        row.last_used_at = now
    return row
