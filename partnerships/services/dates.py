"""The dates of a convention kept as columns (issue 15): the end after amendments, the day a
denunciation or termination takes effect, and what today makes of them (status, effective
end, last day to denounce).

Every write that changes them calls refresh_convention_dates() (signature, amendment,
express renewal, denunciation, termination, a draft's terms); the days that pass change the
status and the current term of a tacit convention, which the nightly command
`refresh_convention_dates` (refresh_all_convention_dates) catches."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from partnerships.models import Amendment, Convention, Termination
from partnerships.models.conventions import RENEWAL_TERMS

DATE_COLUMNS = ("amended_end", "terminated_on", "status", "effective_end", "denounce_by")
TODAY_COLUMNS = ("status", "effective_end", "denounce_by")


AMENDMENT_COLUMNS = (
    "signed_on",
    "number",
    "new_end_date",
    "lapses_on",
    "new_renewal_policy",
    "new_notice_months",
    "new_renewal_term_months",
    "replaced_terms",
)


def refresh_convention_dates(convention: Convention, today: dt.date | None = None) -> Convention:
    """Recompute the convention's date columns from its amendments and terminations (read
    afresh, two small queries) and write them, on `convention` too.

    The renewal terms follow the amendments too: once a denounced amendment's notice has run
    out, the terms it replaced come back (seed 002 §VII); the convention is saved then, so its
    history records the restored terms."""
    today = today or timezone.localdate()
    amendments = list(Amendment.objects.filter(convention=convention).only(*AMENDMENT_COLUMNS))
    convention.dated_by(
        amendments,
        Termination.objects.filter(convention=convention).only("effective_on"),
        today,
    )
    terms = convention.terms_on(amendments, today)
    restored = [name for name, value in terms.items() if getattr(convention, name) != value]
    for name in restored:
        setattr(convention, name, terms[name])
    if restored:
        convention.save(update_fields=restored)
    convention.set_dates_on(today)
    # An update, not save(): the dates follow the writes that the history already records.
    Convention.objects.filter(pk=convention.pk).update(
        **{name: getattr(convention, name) for name in DATE_COLUMNS}
    )
    return convention


@transaction.atomic
def refresh_all_convention_dates(today: dt.date | None = None) -> int:
    """What the passing days change (an end reached, a new term of a tacit convention, a
    notice that runs out), from the columns alone; returns how many conventions changed.

    The conventions with a denounced amendment that changed the renewal terms are refreshed
    in full (refresh_convention_dates): once the notice has run out, the terms it replaced come
    back (seed 002 §VII). They are few, and a full refresh also serves a `today` in the past."""
    today = today or timezone.localdate()
    changed = []
    restoring = set(
        Amendment.objects.filter(lapses_on__isnull=False)
        .filter(
            ~Q(new_renewal_policy="")
            | Q(new_notice_months__isnull=False)
            | Q(new_renewal_term_months__isnull=False)
        )
        .values_list("convention_id", flat=True)
    )
    watched = (*RENEWAL_TERMS, *DATE_COLUMNS)
    for convention in Convention.objects.select_for_update().filter(pk__in=restoring):
        before = [getattr(convention, name) for name in watched]
        refresh_convention_dates(convention, today)
        if [getattr(convention, name) for name in watched] != before:
            changed.append(convention.pk)
    stale = []
    for convention in (
        Convention.objects.select_for_update()
        .exclude(pk__in=restoring)
        .only(
            "start_date",
            "end_date",
            "renewal_policy",
            "renewal_term_months",
            "notice_months",
            "signed_on",
            *DATE_COLUMNS,
        )
    ):
        before = [getattr(convention, name) for name in TODAY_COLUMNS]
        convention.set_dates_on(today)
        if [getattr(convention, name) for name in TODAY_COLUMNS] != before:
            stale.append(convention)
    Convention.objects.bulk_update(stale, TODAY_COLUMNS, batch_size=500)
    return len(changed) + len(stale)
