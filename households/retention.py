"""How long a household's personal data is kept, and its anonymisation after that.

CNIL référentiel "accompagnement social et médico-social" (délibération n° 2021-028) and
retention référentiel (n° 2023-095): the active base keeps a household's data while it is
followed and for HOUSEHOLD_RETENTION_MONTHS (24 by default) after the last contact. A month
before the end the referent is warned; an authorised person may extend it once, with a
reason; then the data is anonymised: names, birth dates, notes and documents go, counts stay.
docs/rgpd.md says why each period.
"""

import datetime as dt
import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.dates import add_months
from common.history import as_author
from households.audit import ADMIN_HOUSEHOLD_LOOKUP, audit_record
from households.enums import AuditAction, ProjectStatus
from households.models import (
    Appointment,
    AuditEntry,
    Closure,
    Contact,
    Document,
    Dwelling,
    Household,
    InterventionProject,
    Member,
    OrientationDecision,
    PlannedAction,
    Referral,
    Review,
)
from households.services import HouseholdError
from households.signals import household_anonymised

logger = logging.getLogger(__name__)


def _months() -> int:
    return settings.HOUSEHOLD_RETENTION_MONTHS


def _latest(queryset, field_name: str):
    return Subquery(queryset.order_by(f"-{field_name}").values(field_name)[:1])


def with_last_activity(queryset):
    """Annotate what retention is computed from, in one query whatever the number of rows:
    `followed` (a project not closed), and the last dates of contact, review, closure and
    referral."""
    household = OuterRef("pk")
    return queryset.annotate(
        followed=Exists(
            InterventionProject.objects.filter(household=household).exclude(
                status=ProjectStatus.CLOSED
            )
        ),
        last_contact=_latest(Contact.objects.filter(project__household=household), "happened_on"),
        last_review=_latest(Review.objects.filter(project__household=household), "held_on"),
        last_closure=_latest(Closure.objects.filter(project__household=household), "closed_on"),
        last_referral=_latest(Referral.objects.filter(household=household), "received_on"),
        created_on=TruncDate("created_at"),
    )


def last_activity(household) -> dt.date:
    """The day the household was last in touch with a structure: its last contact, review,
    closure or referral, or its registration when nothing else happened."""
    if not hasattr(household, "last_contact"):
        household = with_last_activity(Household.objects.filter(pk=household.pk)).get()
    days = [
        d
        for d in (
            household.last_contact,
            household.last_review,
            household.last_closure,
            household.last_referral,
        )
        if d is not None
    ]
    return max(days) if days else household.created_on


def retention_end(household) -> dt.date | None:
    """The last day the household's data is kept; None while it is followed (or once
    anonymised). CNIL référentiel 2021-028: 24 months after the last contact by default."""
    if not hasattr(household, "followed"):
        household = with_last_activity(Household.objects.filter(pk=household.pk)).get()
    if household.anonymised_at is not None or household.followed:
        return None
    if household.retention_extended_until:
        return household.retention_extended_until
    return add_months(last_activity(household), _months())


def warning_date(end: dt.date) -> dt.date:
    # issue 8: the referent is warned 30 days before the end.
    return end - dt.timedelta(days=settings.RETENTION_WARNING_DAYS)


# ------------------------------------------------------------------------ services
@transaction.atomic
def retention_extend(*, household: Household, by, reason: str, request=None) -> Household:
    """An authorised person (a director of the household's structure) extends the retention
    once, with a reason, by RETENTION_EXTENSION_MONTHS (issue 8)."""
    if not by.has_perm("households.extend_retention", household):
        raise HouseholdError(_("Seul un directeur de la structure référente peut prolonger."))
    household = Household.objects.select_for_update().get(pk=household.pk)
    reason = reason.strip()
    if not reason:
        raise HouseholdError(_("Indiquez le motif de la prolongation."))
    if household.retention_extended_until:
        raise HouseholdError(
            _("La conservation a déjà été prolongée une fois (jusqu'au %(day)s).")
            % {"day": date_format(household.retention_extended_until, "j F Y")}
        )
    end = retention_end(household)
    if end is None:
        raise HouseholdError(
            _("Le ménage est suivi : ses données sont conservées sans qu'il faille prolonger.")
        )
    household.retention_extended_until = add_months(end, settings.RETENTION_EXTENSION_MONTHS)
    household.retention_extension_reason = reason
    household.retention_extended_by = by
    household.retention_warned_on = None  # a new warning comes before the new end
    as_author(household, by).save()
    if request is not None:
        audit_record(request=request, action=AuditAction.RETENTION_EXTENDED, household=household)
    return household


def _history_of(model, **lookup):
    return model.history.model.objects.filter(**lookup)


NAME_REMOVED = "***"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def household_names(household: Household) -> set[str]:
    """Every name the household's members have had (their history included)."""
    names = set()
    rows = Member.objects.filter(household=household).values_list("first_name", "last_name")
    past = _history_of(Member, household_id=household.pk).values_list("first_name", "last_name")
    for first_name, last_name in (*rows, *past):
        names.update((first_name, last_name))
    return {name for name in names if name}


def scrub_names(text: str, names) -> str:
    """`text` without any word of the names, whatever its case or accents ("Mme TARTEMPION",
    "Zephirine"): each becomes ***. Words of one or two letters (de, Le) are left."""
    words = {_fold(w) for name in names for w in re.findall(r"\w+", name) if len(w) >= 3}
    if not text or not words:
        return text
    return re.sub(r"\w+", lambda m: NAME_REMOVED if _fold(m.group()) in words else m.group(), text)


def _scrub_change_message(message: str, names) -> str:
    """An admin change message is JSON (with \\u escapes), or plain text for old entries."""
    try:
        parsed = json.loads(message)
    except ValueError:
        return scrub_names(message, names)

    def walk(value):
        if isinstance(value, str):
            return scrub_names(value, names)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    return json.dumps(walk(parsed))


def _scrub_admin_log(household: Household, names) -> None:
    """The administration's change log keeps each object's name (a member's full name) and
    what changed ("Ajout de membre « … »"): scrubbed for every object of the household."""
    for model, lookup in ADMIN_HOUSEHOLD_LOOKUP.items():
        pks = model._default_manager.filter(**{lookup: household.pk}).values_list("pk", flat=True)
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in pks],
        )
        for entry in entries:
            LogEntry.objects.filter(pk=entry.pk).update(
                object_repr=scrub_names(entry.object_repr, names)[:200],
                change_message=_scrub_change_message(entry.change_message, names),
            )


@transaction.atomic
def household_anonymise(
    *, household: Household, today: dt.date | None = None, request=None, detail: str = ""
) -> Household:
    """Remove what identifies the household or tells its story (names, birth dates, notes,
    situations, documents, and their history); keep what the yearly counts need (programme,
    dates, statuses, outcomes, number of adults and children, amounts).

    The scheduled run passes no request (its log entry has no author); an anonymisation on
    request (`anonymise_on_request`) logs who decided it and why."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.anonymised_at is not None:
        return household
    names = household_names(household)
    _scrub_admin_log(household, names)
    # A reason typed by a person may name someone ("recours de Mme …"): its text stays,
    # without the names, here and in the household's history.
    reason = scrub_names(household.retention_extension_reason, names)
    Household.objects.filter(pk=household.pk).update(retention_extension_reason=reason)
    history = _history_of(Household, id=household.pk)
    for row in history.exclude(retention_extension_reason=""):
        history.filter(history_id=row.history_id).update(
            retention_extension_reason=scrub_names(row.retention_extension_reason, names)
        )
    detail = scrub_names(detail, names)
    projects = InterventionProject.objects.filter(household=household)
    project_ids = list(projects.values_list("pk", flat=True))
    for number, member in enumerate(Member.objects.filter(household=household), start=1):
        Member.objects.filter(pk=member.pk).update(
            first_name=_("Anonyme"), last_name=str(number), birth_date=None
        )
    Referral.objects.filter(household=household).update(situation="")
    OrientationDecision.objects.filter(referral__household=household).update(reason="")
    projects.update(objectives="", over_allocation_reason="")
    PlannedAction.objects.filter(project__in=project_ids).update(description="")
    Contact.objects.filter(project__in=project_ids).update(summary="", confidential_note="")
    Appointment.objects.filter(project__in=project_ids).update(place="")
    Review.objects.filter(project__in=project_ids).update(assessment="")
    Closure.objects.filter(project__in=project_ids).update(comment="")
    # seed 000 art. III: where the household lived goes; the commune and dates stay (counts).
    Dwelling.objects.filter(household=household).update(address="", unit="")
    for document in Document.objects.filter(household=household):
        document.file.delete(save=False)
        document.delete()
    # The history keeps every earlier value: it goes too, or nothing would be anonymised.
    _history_of(Member, household_id=household.pk).delete()
    _history_of(Referral, household_id=household.pk).delete()
    referral_ids = list(Referral.objects.filter(household=household).values_list("pk", flat=True))
    _history_of(OrientationDecision, referral_id__in=referral_ids).delete()
    _history_of(InterventionProject, household_id=household.pk).delete()
    for model in (PlannedAction, Contact, Appointment, Review, Closure):
        _history_of(model, project_id__in=project_ids).delete()
    _history_of(Document, household_id=household.pk).delete()
    _history_of(Dwelling, household_id=household.pk).delete()
    # The letters kept by portal name the members: they go with the documents (issue 19).
    household_anonymised.send(sender=Household, household=household)
    # A new version: an edit of the file opened before the anonymisation conflicts.
    Household.objects.filter(pk=household.pk).update(
        anonymised_at=timezone.now(), version=F("version") + 1
    )
    if request is not None:
        audit_record(
            request=request, action=AuditAction.ANONYMISED, household=household, detail=detail
        )
    else:
        AuditEntry.objects.create(household=household, action=AuditAction.ANONYMISED)
    household.refresh_from_db()
    return household


@transaction.atomic
def anonymise_on_request(*, household: Household, by, reason: str, request=None) -> Household:
    """Anonymise now, before the end of the retention period, when the household asks for
    the erasure of its data (RGPD art. 17) — the referent structure's director decides.

    Refused while a project is not closed (the follow-up needs the data: close it first),
    and without a written reason, which goes into the access log."""
    if not by.has_perm("households.anonymise_household", household):
        raise HouseholdError(_("Seul un directeur de la structure référente peut anonymiser."))
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.anonymised_at is not None:
        raise HouseholdError(_("Les données de ce ménage sont déjà anonymisées."))
    reason = reason.strip()
    if not reason:
        raise HouseholdError(_("Indiquez le motif de l'anonymisation (la demande du ménage)."))
    if household.projects.exclude(status=ProjectStatus.CLOSED).exists():
        raise HouseholdError(
            _(
                "Un accompagnement est en cours pour ce ménage : clôturez-le avant "
                "d'anonymiser ses données."
            )
        )
    return household_anonymise(
        household=household,
        request=request,
        detail=_("Sur demande : %(reason)s") % {"reason": reason},
    )


# ------------------------------------------------------------------------ the daily run
@dataclass
class RetentionReport:
    today: dt.date
    dry_run: bool
    warned: list[tuple[Household, dt.date]] = field(default_factory=list)
    anonymised: list[tuple[Household, dt.date]] = field(default_factory=list)
    audit_purged: int = 0


def due_households(today: dt.date):
    """(household, end) of every household not anonymised and not followed, with its end."""
    queryset = with_last_activity(
        Household.objects.filter(anonymised_at__isnull=True).select_related("organisation")
    ).order_by("pk")
    for household in queryset.iterator(chunk_size=500):
        end = retention_end(household)
        if end is not None:
            yield household, end


def overdue(today: dt.date) -> list[tuple[Household, dt.date]]:
    """Households kept past their end: the daily check expects none."""
    return [(h, end) for h, end in due_households(today) if end < today]


def _warn(household: Household, end: dt.date) -> None:
    referents = {
        p.referent.email
        for p in household.projects.select_related("referent")
        if p.referent.email and p.referent.is_active
    }
    if referents:
        send_mail(
            _("Maillage : fin de conservation des données du ménage %(ref)s")
            % {"ref": household.reference},
            _(
                "Les données du ménage %(ref)s seront anonymisées le %(day)s, 24 mois après "
                "son dernier contact. Si le suivi doit reprendre ou si un motif justifie de "
                "les garder, un directeur de la structure peut prolonger une fois la "
                "conservation depuis le dossier du ménage."
            )
            % {"ref": household.reference, "day": date_format(end, "j F Y")},
            None,
            sorted(referents),
        )
    Household.objects.filter(pk=household.pk).update(retention_warned_on=timezone.localdate())


def audit_purge(today: dt.date, *, dry_run: bool) -> int:
    """issue 8: access-log entries are kept AUDIT_RETENTION_DAYS (365 by default)."""
    limit = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS), dt.time())
    )
    old = AuditEntry.objects.filter(at__lt=limit)
    if dry_run:
        return old.count()
    deleted, _rows = old.delete()
    return deleted


def retention_run(*, today: dt.date, dry_run: bool) -> RetentionReport:
    """The daily task: warn a month before the end, anonymise after it, purge the old log."""
    report = RetentionReport(today=today, dry_run=dry_run)
    for household, end in list(due_households(today)):
        if end < today:
            report.anonymised.append((household, end))
            if not dry_run:
                household_anonymise(household=household, today=today)
        elif warning_date(end) <= today and household.retention_warned_on is None:
            report.warned.append((household, end))
            if not dry_run:
                _warn(household, end)
    report.audit_purged = audit_purge(today, dry_run=dry_run)
    logger.info(
        "Conservation : %s prévenu(s), %s anonymisé(s), %s entrée(s) du journal purgée(s)%s",
        len(report.warned),
        len(report.anonymised),
        report.audit_purged,
        " (simulation)" if dry_run else "",
    )
    return report
