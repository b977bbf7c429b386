"""Backfill the date columns of every convention (issue 15), with the rules the model applied
in Python until then (Convention.end_in_force, effective_termination, status_on, end_on,
last_day_to_denounce), as of the day the migration runs; the nightly
`refresh_convention_dates` keeps them afterwards.

A migration sees the historical models, without their methods: the rules are restated here,
frozen as they were."""

import datetime as dt

from django.db import migrations
from django.utils import timezone

from common.dates import add_months, term_end

TACIT = "tacit"


def _dates(convention, amendments, terminations, today):
    moving = [a for a in amendments if a.new_end_date]
    end_in_force = (
        max(moving, key=lambda a: (a.signed_on, a.number)).new_end_date
        if moving
        else convention.end_date
    )
    effects = [t.effective_on for t in terminations]
    terminated = min(effects) if effects else None
    term = end_in_force
    if convention.renewal_policy == TACIT:
        while term < today:
            term = term_end(term + dt.timedelta(days=1), convention.renewal_term_months or 12)
    end = terminated - dt.timedelta(days=1) if terminated and terminated <= term else term
    if not convention.signed_on:
        status = "awaiting_signature" if convention.status == "awaiting_signature" else "draft"
    elif today < convention.signed_on:
        status = "awaiting_signature"
    elif terminated and today >= terminated:
        status = "terminated"
    elif today > end_in_force:
        status = "renewed" if convention.renewal_policy == TACIT else "expired"
    else:
        status = "active"
    notice = add_months(term, -convention.notice_months) if convention.notice_months else None
    return {
        "amended_end": end_in_force,
        "terminated_on": terminated,
        "status": status,
        "effective_end": end,
        "denounce_by": notice,
    }


def backfill(apps, schema_editor):
    Convention = apps.get_model("partnerships", "Convention")
    Amendment = apps.get_model("partnerships", "Amendment")
    Termination = apps.get_model("partnerships", "Termination")
    today = timezone.localdate()
    amendments, terminations = {}, {}
    for amendment in Amendment.objects.all():
        amendments.setdefault(amendment.convention_id, []).append(amendment)
    for termination in Termination.objects.all():
        terminations.setdefault(termination.convention_id, []).append(termination)
    conventions = list(Convention.objects.all())
    for convention in conventions:
        values = _dates(
            convention,
            amendments.get(convention.pk, []),
            terminations.get(convention.pk, []),
            today,
        )
        for name, value in values.items():
            setattr(convention, name, value)
    Convention.objects.bulk_update(
        conventions,
        ["amended_end", "terminated_on", "status", "effective_end", "denounce_by"],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0006_convention_date_columns")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
