"""Calls for applications (seed 004 §6): files opened, completed and submitted before the
deadline, scored by the jury, decided into the operators' measure allocations."""

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import as_author
from funding.enums import ApplicationStatus
from funding.envelopes import allocation_set
from funding.errors import FundingError
from funding.models import Application, ApplicationDocument, ApplicationRequest, CriterionScore
from funding.rules import sits_on_jury
from funding.uploads import check_upload


def _before_deadline(call, now: dt.datetime) -> None:
    # seed 004 §6: files may be completed until the deadline (6 Sept 2019, 16:00), not after.
    if now >= call.deadline:
        raise FundingError(
            _("La date limite de dépôt (%(deadline)s) est passée.")
            % {"deadline": timezone.localtime(call.deadline).strftime("%d/%m/%Y à %Hh%M")}
        )


def _after_deadline(call, now: dt.datetime) -> None:
    if now < call.deadline:
        raise FundingError(_("Le dépôt des candidatures n'est pas encore clos."))


@transaction.atomic
def application_open(*, call, organisation, by, now: dt.datetime | None = None) -> Application:
    """Start an application; only the kinds of organisation the call names are eligible."""
    now = now or timezone.now()
    _before_deadline(call, now)
    if organisation.kind not in call.eligible_kinds:
        raise FundingError(
            _("%(organisation)s (%(kind)s) n'est pas éligible à cet appel.")
            % {"organisation": organisation, "kind": organisation.get_kind_display().lower()}
        )
    if Application.objects.filter(call=call, organisation=organisation).exists():
        raise FundingError(_("Une candidature de cette structure existe déjà pour cet appel."))
    application = Application(call=call, organisation=organisation)
    as_author(application, by).save()
    return application


@transaction.atomic
def application_request_measures(
    *, application: Application, territory, measures: int, by, now: dt.datetime | None = None
):
    """Measures requested on one territory of the call (seed 004 §6: the number asked for)."""

    now = now or timezone.now()
    _before_deadline(application.call, now)
    if not application.call.territories.filter(pk=territory.pk).exists():
        raise FundingError(_("Ce territoire n'est pas couvert par l'appel."))
    if measures <= 0:
        raise FundingError(_("Le nombre de mesures demandées doit être positif."))
    request = ApplicationRequest.objects.filter(
        application=application, territory=territory
    ).first()
    request = request or ApplicationRequest(application=application, territory=territory)
    request.measures = measures
    as_author(request, by).save()
    return request


@transaction.atomic
def application_upload(
    *, application: Application, required_document, upload, by, now: dt.datetime | None = None
) -> ApplicationDocument:
    """Add or replace one required document, until the deadline."""
    now = now or timezone.now()
    _before_deadline(application.call, now)
    if required_document.call_id != application.call_id:
        raise FundingError(_("Cette pièce n'est pas demandée par cet appel."))
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED):
        raise FundingError(_("Cette candidature ne peut plus être complétée."))
    content_type = check_upload(upload)
    document = ApplicationDocument.objects.filter(
        application=application, required_document=required_document
    ).first()
    old_file = document.file.name if document else None
    document = document or ApplicationDocument(
        application=application, required_document=required_document
    )
    document.file = upload
    document.uploaded_by = by
    document.original_name = upload.name[:255]
    document.content_type = content_type
    document.size = upload.size
    as_author(document, by).save()
    if old_file:
        storage = document.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return document


def application_missing(application: Application) -> list[str]:
    """What the file still lacks: each required document, and the measures requested."""
    have = {d.required_document_id for d in application.documents.all()}
    missing = [str(d) for d in application.call.required_documents.all() if d.pk not in have]
    if not application.requests.all():
        missing.append(_("le nombre de mesures sollicitées par territoire"))
    return missing


@transaction.atomic
def application_submit(
    *, application: Application, by, now: dt.datetime | None = None
) -> Application:
    """Submit a complete file before the deadline (seed 004 §6: incomplete files are rejected)."""
    now = now or timezone.now()
    application = Application.objects.select_for_update().get(pk=application.pk)
    _before_deadline(application.call, now)
    if application.status != ApplicationStatus.DRAFT:
        raise FundingError(_("Cette candidature est déjà déposée."))
    missing = application_missing(application)
    if missing:
        raise FundingError(
            _("Le dossier est incomplet ; il manque : %(missing)s.")
            % {"missing": "; ".join(missing)}
        )
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = now
    as_author(application, by).save()
    return application


@transaction.atomic
def call_close(*, call, by, now: dt.datetime | None = None) -> int:
    """After the deadline, every file not submitted complete is rejected (seed 004 §6)."""
    now = now or timezone.now()
    _after_deadline(call, now)
    rejected = 0
    for application in call.applications.select_for_update().filter(status=ApplicationStatus.DRAFT):
        application.status = ApplicationStatus.REJECTED_INCOMPLETE
        as_author(application, by).save()
        rejected += 1
    return rejected


@transaction.atomic
def score_record(
    *, application: Application, criterion, score: int, by, now: dt.datetime | None = None
) -> CriterionScore:
    """A jury member's score (0 to 10) on one criterion of a submitted file."""

    now = now or timezone.now()
    call = application.call
    _after_deadline(call, now)
    if not sits_on_jury(by, call):
        raise FundingError(_("Seuls les membres du jury notent les candidatures."))
    if application.status != ApplicationStatus.SUBMITTED:
        raise FundingError(_("Seul un dossier déposé complet est noté."))
    if criterion.call_id != call.pk:
        raise FundingError(_("Ce critère n'appartient pas à cet appel."))
    if score is None or not 0 <= score <= 10:
        raise FundingError(_("La note est comprise entre 0 et 10."))
    row = CriterionScore.objects.filter(
        application=application, criterion=criterion, juror=by
    ).first() or CriterionScore(application=application, criterion=criterion, juror=by)
    row.score = score
    as_author(row, by).save()
    return row


@transaction.atomic
def call_decide(
    *, call, envelope, granted: Mapping[int, int], by, now: dt.datetime | None = None
) -> list:
    """The jury's decision: measures granted per request become the operators' allocations.

    `granted` maps an ApplicationRequest id to the measures granted (0 to refuse). A file
    granted nothing is not selected; files rejected as incomplete get nothing.
    """

    now = now or timezone.now()
    _after_deadline(call, now)
    if envelope.programme_id != call.programme_id:
        raise FundingError(_("L'enveloppe ne finance pas le dispositif de cet appel."))
    requests = ApplicationRequest.objects.select_related(
        "application__organisation", "territory"
    ).filter(application__call=call, application__status=ApplicationStatus.SUBMITTED)
    allocations = []
    totals: dict[int, int] = {}
    for request in requests:
        measures = int(granted.get(request.pk, 0))
        if measures < 0 or measures > request.measures:
            raise FundingError(
                _("%(organisation)s : entre 0 et %(asked)s mesures sur %(territory)s.")
                % {
                    "organisation": request.application.organisation,
                    "asked": request.measures,
                    "territory": request.territory,
                }
            )
        request.measures_granted = measures
        as_author(request, by).save()
        totals[request.application_id] = totals.get(request.application_id, 0) + measures
        if measures:
            allocations.append(
                allocation_set(
                    envelope=envelope,
                    territory=request.territory,
                    operator=request.application.organisation,
                    measures=measures,
                    by=by,
                )
            )
    for application in call.applications.filter(status=ApplicationStatus.SUBMITTED):
        application.status = (
            ApplicationStatus.SELECTED
            if totals.get(application.pk)
            else ApplicationStatus.NOT_SELECTED
        )
        as_author(application, by).save()
    return allocations


@transaction.atomic
def scores_record(
    *, application: Application, scores, by, now: dt.datetime | None = None
) -> list[CriterionScore]:
    """A juror's marks on every criterion, all recorded or none."""
    return [
        score_record(application=application, criterion=criterion, score=score, by=by, now=now)
        for criterion, score in scores
    ]
