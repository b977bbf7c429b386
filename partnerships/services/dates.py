"""The dates of a convention kept as columns (issue 15): the end after amendments, the day a
denunciation or termination takes effect, and what today makes of them (status, effective
end, last day to denounce).

Every write that changes them calls refresh_convention_dates() (signature, amendment,
express renewal, denunciation, termination, a draft's terms); the days that pass change the
status and the current term of a tacit convention, which the nightly command
`refresh_convention_dates` (refresh_all_convention_dates) catches."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from partnerships.models import Amendment, Convention, Termination

DATE_COLUMNS = ("amended_end", "terminated_on", "status", "effective_end", "denounce_by")
TODAY_COLUMNS = ("status", "effective_end", "denounce_by")


def refresh_convention_dates(convention: Convention, today: dt.date | None = None) -> Convention:
    """Recompute the convention's date columns from its amendments and terminations (read
    afresh, two small queries) and write them, on `convention` too."""
    today = today or timezone.localdate()
    convention.dated_by(
        Amendment.objects.filter(convention=convention).only(
            "signed_on", "number", "new_end_date", "lapses_on"
        ),
        Termination.objects.filter(convention=convention).only("effective_on"),
    )
    convention.set_dates_on(today)
    # An update, not save(): the dates follow the writes that the history already records.
    Convention.objects.filter(pk=convention.pk).update(
        **{name: getattr(convention, name) for name in DATE_COLUMNS}
    )
    return convention


@transaction.atomic
def refresh_all_convention_dates(today: dt.date | None = None) -> int:
    """What the passing days change (an end reached, a new term of a tacit convention, a
    notice that runs out), from the columns alone; returns how many conventions changed."""
    today = today or timezone.localdate()
    changed = []
    for convention in Convention.objects.select_for_update().only(
        "start_date",
        "end_date",
        "renewal_policy",
        "renewal_term_months",
        "notice_months",
        "signed_on",
        *DATE_COLUMNS,
    ):
        before = [getattr(convention, name) for name in TODAY_COLUMNS]
        convention.set_dates_on(today)
        if [getattr(convention, name) for name in TODAY_COLUMNS] != before:
            changed.append(convention)
    Convention.objects.bulk_update(changed, TODAY_COLUMNS, batch_size=500)
    return len(changed)
