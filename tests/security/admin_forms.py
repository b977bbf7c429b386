"""Admin forms sent as a person would send them (tests/security/test_admin_*.py)."""

import datetime as dt
import json
from decimal import Decimal

from django.db import connection, models
from django.test import RequestFactory
from django.urls import reverse


def admin_request(user, method="get", path="/admin/", data=None):
    request = getattr(RequestFactory(), method)(path, data or {})
    request.user = user
    return request


def admin_url(obj, view, *args):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _other_choice(model_field, value):
    for choice, _label in model_field.flatchoices:
        if choice not in ("", None) and choice != value:
            return choice
    return value


def changed(model_field, value):
    """Every field of the row, changed as a person trying to go around a rule would."""
    if model_field.choices:
        return _other_choice(model_field, value)
    if isinstance(model_field, models.BooleanField):
        return not value
    if isinstance(model_field, models.DateTimeField):
        return (value or dt.datetime(2024, 1, 2, 9, 30)) + dt.timedelta(days=1)
    if isinstance(model_field, models.DateField):
        return (value or dt.date(2020, 1, 2)) + dt.timedelta(days=1)
    if isinstance(model_field, models.DecimalField):
        return (value or Decimal("0")) + 1
    if isinstance(model_field, models.IntegerField):
        return (value or 0) + 1
    if isinstance(model_field, models.EmailField):
        return f"x{value}" if value else "autre@exemple.test"
    if isinstance(model_field, models.CharField | models.TextField):
        custom = [v for v in model_field.validators if type(v).__name__ != "MaxLengthValidator"]
        if custom:
            return value  # an IBAN, a SIRET: changing it is a case of its own
        longer = f"{value}x"
        return longer[-model_field.max_length :] if model_field.max_length else longer
    return value


def _encode(model_field, value) -> dict:
    name = model_field.name
    if value is None:
        return {name: ""}
    if isinstance(model_field, models.BooleanField):
        return {name: "on"} if value else {}
    if isinstance(model_field, models.DateTimeField):
        return {f"{name}_0": value.date().isoformat(), f"{name}_1": value.strftime("%H:%M:%S")}
    if isinstance(model_field, models.DateField):
        return {name: value.isoformat()}
    if isinstance(model_field, models.JSONField):
        return {name: json.dumps(value)}
    return {name: str(value)}


def form_data(model_admin, obj, superuser, **changes) -> dict:
    """What a change form of `obj` would send, with every field changed (or as `changes`
    says); the inlines' own forms empty."""
    data = {"_save": "Enregistrer"}
    for model_field in obj._meta.concrete_fields:
        if not model_field.editable or model_field.primary_key:
            continue
        if isinstance(model_field, models.FileField):
            continue
        value = model_field.value_from_object(obj)
        if not model_field.is_relation:
            value = changed(model_field, value)
        data.update(_encode(model_field, value))
    for model_field in obj._meta.many_to_many:
        data[model_field.name] = [str(pk) for pk in model_field.value_from_object(obj)]
    if hasattr(obj, "version"):
        data["seen_version"] = str(obj.version)
    request = admin_request(superuser)
    prefixes = {}
    for inline in model_admin.get_inline_instances(request, obj):
        prefix = inline.get_formset(request, obj).get_default_prefix()
        prefixes[prefix] = prefixes.get(prefix, 0) + 1
        if prefixes[prefix] != 1:
            prefix = f"{prefix}-{prefixes[prefix]}"
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | {name: str(value) for name, value in changes.items()}


VOLATILE_TABLES = {
    # Written by every request of a logged-in person, whatever it does.
    "django_session",
    "partnerships_usersession",
    "otp_totp_totpdevice",
}


def database_rows() -> dict:
    """Every row of every table (but the few each request writes), to compare."""
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if table in VOLATILE_TABLES:
                continue
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 — names from the schema
            rows[table] = sorted(map(repr, cursor.fetchall()))
    return rows
