"""Calls for applications (seed 004 §6): published by the staff of their publisher with their
required documents and weighted criteria; files opened, completed and submitted before the
deadline, scored by the jury, decided into the operators' measure allocations."""

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import as_author
from common.uploads import random_name
from funding import notifications
from funding.enums import ApplicationStatus
from funding.envelopes import allocation_set
from funding.errors import FundingError
from funding.models import (
    Application,
    ApplicationDocument,
    ApplicationRequest,
    CallForApplications,
    CriterionScore,
    RequiredDocument,
    SelectionCriterion,
)
from funding.rules import require, sits_on_jury
from funding.uploads import check_upload
from governance.enums import CommitteeKind, DecisionOutcome, MeetingStatus
from partnerships.enums import OrganisationKind


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


def _names(territories) -> str:
    names = [str(t) for t in territories]
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s et %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def ineligibility(call, organisation) -> str | None:
    """Why the organisation may not apply to the call, or None when it is eligible.

    seed 004 §6a: « Sont éligibles […] les organismes gestionnaires de CHRS » (the call's
    kinds) and « ces organismes interviennent déjà sur les territoires de Lens-Hénin et de
    l'Artois » (one of the call's territories). A structure working on a commune of the Artois
    works on the Artois; one working on the whole département works on each of its territories.
    A call without territory checks the kind only."""
    if organisation.kind not in call.eligible_kinds:
        return _("%(organisation)s (%(kind)s) n'est pas éligible à cet appel.") % {
            "organisation": organisation,
            "kind": organisation.get_kind_display().lower(),
        }
    wanted = sorted(call.territories.all(), key=lambda t: t.name)
    if not wanted:
        return None
    own = list(organisation.territories.values_list("path", flat=True))
    if any(p.startswith(t.path) or t.path.startswith(p) for t in wanted for p in own):
        return None
    return _(
        "%(organisation)s n'intervient sur aucun des territoires de l'appel (%(territories)s) : "
        "seules les structures qui y interviennent déjà peuvent candidater."
    ) % {"organisation": organisation, "territories": _names(wanted)}


def _eligible(call, organisation) -> None:
    refusal = ineligibility(call, organisation)
    if refusal:
        raise FundingError(refusal)


@transaction.atomic
def application_open(*, call, organisation, by, now: dt.datetime | None = None) -> Application:
    """Start an application; only the structures of the kinds the call names, working on one of
    its territories, are eligible (seed 004 §6a)."""
    now = now or timezone.now()
    require(by, "funding.edit_application", Application(call=call, organisation=organisation))
    _before_deadline(call, now)
    _eligible(call, organisation)
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
    require(by, "funding.edit_application", application)
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
    require(by, "funding.edit_application", application)
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
    # The stored name says nothing of the applicant; the original name is kept for download.
    document.file.save(random_name(content_type), upload, save=False)
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
    require(by, "funding.edit_application", application)
    _before_deadline(application.call, now)
    if application.status != ApplicationStatus.DRAFT:
        raise FundingError(_("Cette candidature est déjà déposée."))
    # Checked again: the call's territories or the structure's may have changed since opening.
    _eligible(application.call, application.organisation)
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
    require(by, "funding.manage_call", call)
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
) -> CallForApplications:
    """The jury's opinion (seed 004 §6d: "Jury de sélection … qui émettra un avis"): measures
    proposed per request, files selected or not, and the envelope they would come from. The
    operators' allocations follow the Commission Permanente's deliberation
    (call_allocations_adopt), not this opinion.

    `granted` maps an ApplicationRequest id to the measures granted (0 to refuse). A file
    granted nothing is not selected; files rejected as incomplete get nothing.
    """

    now = now or timezone.now()
    require(by, "funding.manage_call", call)
    call = CallForApplications.objects.select_for_update().get(pk=call.pk)
    _after_deadline(call, now)
    if call.adopted_by_id:
        raise FundingError(_("La Commission Permanente a déjà délibéré sur cet appel."))
    if envelope.programme_id != call.programme_id:
        raise FundingError(_("L'enveloppe ne finance pas le dispositif de cet appel."))
    requests = ApplicationRequest.objects.select_related(
        "application__organisation", "territory"
    ).filter(application__call=call, application__status__in=JURY_STATUSES)
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
    for application in call.applications.filter(status__in=JURY_STATUSES):
        before = application.status
        application.status = (
            ApplicationStatus.SELECTED
            if totals.get(application.pk)
            else ApplicationStatus.NOT_SELECTED
        )
        as_author(application, by).save()
        if application.status != before:  # a jury that reconsiders tells only the change
            notifications.application_decided(application, by)
    call.envelope = envelope
    as_author(call, by).save()
    return call


JURY_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SELECTED,
    ApplicationStatus.NOT_SELECTED,
)


@transaction.atomic
def call_allocations_adopt(*, call, by, decision) -> list:
    """seed 004 §6d: "Ces projets seront soumis à la délibération de la Commission
    Permanente": the adopted deliberation turns the jury's proposal into the operators'
    measure allocations (one per operator and territory)."""
    call = CallForApplications.objects.select_for_update().get(pk=call.pk)
    meeting = decision.meeting
    if not by.has_perm("governance.run_meeting", meeting):
        raise FundingError(_("Seul le secrétariat de l'instance enregistre ses décisions."))
    if decision.outcome != DecisionOutcome.ADOPTED or meeting.status != MeetingStatus.HELD:
        raise FundingError(_("Seule une délibération adoptée d'une séance tenue attribue."))
    if meeting.committee.kind != CommitteeKind.STANDING_COMMISSION:
        raise FundingError(
            _("Les mesures s'attribuent par délibération de la Commission Permanente.")
        )
    if call.envelope_id is None:
        raise FundingError(_("Le jury n'a pas encore rendu son avis sur cet appel."))
    if call.adopted_by_id:
        raise FundingError(_("La Commission Permanente a déjà délibéré sur cet appel."))
    totals: dict[tuple, int] = {}
    requests = ApplicationRequest.objects.select_related(
        "application__organisation", "territory"
    ).filter(application__call=call, application__status=ApplicationStatus.SELECTED)
    for request in requests:
        if request.measures_granted:
            key = (request.application.organisation, request.territory)
            totals[key] = totals.get(key, 0) + request.measures_granted
    allocations = [
        allocation_set(
            envelope=call.envelope,
            territory=territory,
            operator=operator,
            measures=measures,
            by=by,
        )
        for (operator, territory), measures in sorted(
            totals.items(), key=lambda kv: (kv[0][1].pk, kv[0][0].pk)
        )
    ]
    call.adopted_by = decision
    as_author(call, by).save()
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


# ----------------------------------------------------------------------- the call itself
def _deadline_text(deadline: dt.datetime) -> str:
    return timezone.localtime(deadline).strftime("%d/%m/%Y à %Hh%M")


def _check_call_terms(
    *, title: str, measures_offered: int, eligible_kinds, territories, deadline, now
) -> None:
    if not title.strip():
        raise FundingError(_("Indiquez l'intitulé de l'appel."))
    if measures_offered is None or measures_offered <= 0:
        raise FundingError(_("Le nombre de mesures proposées doit être positif."))
    known = {kind for kind, _label in OrganisationKind.choices}
    if not eligible_kinds or not set(eligible_kinds) <= known:
        raise FundingError(_("Choisissez au moins un type de structure éligible."))
    if not list(territories):
        raise FundingError(_("Choisissez au moins un territoire couvert par l'appel."))
    if deadline is None or deadline <= now:
        raise FundingError(
            _("La date limite de dépôt doit être à venir (%(now)s).") % {"now": _deadline_text(now)}
        )


@transaction.atomic
def call_create(
    *,
    programme,
    publisher,
    title: str,
    territories,
    measures_offered: int,
    eligible_kinds: list[str],
    deadline: dt.datetime,
    by,
    jury=None,
    now: dt.datetime | None = None,
) -> CallForApplications:
    """Publish a call (seed 004 §6: 45 ASRL measures, CHRS of Artois and Lens-Hénin, deposit
    by 6 September 2019 at 16:00); its documents and criteria are added next."""
    now = now or timezone.now()
    territories = list(territories)
    call = CallForApplications(
        programme=programme,
        publisher=publisher,
        title=title.strip(),
        measures_offered=measures_offered,
        eligible_kinds=list(eligible_kinds or []),
        deadline=deadline,
        jury=jury,
    )
    require(by, "funding.manage_call", call)
    _check_call_terms(
        title=title,
        measures_offered=measures_offered,
        eligible_kinds=eligible_kinds,
        territories=territories,
        deadline=deadline,
        now=now,
    )
    as_author(call, by).save()
    call.territories.set(territories)
    return call


@transaction.atomic
def call_update(
    *,
    call: CallForApplications,
    title: str,
    territories,
    measures_offered: int,
    eligible_kinds: list[str],
    deadline: dt.datetime,
    by,
    jury=None,
    now: dt.datetime | None = None,
) -> CallForApplications:
    """Change a call. Its terms (territories, measures, eligibility, deadline) are those the
    candidates answered: once the deadline has passed, only its title and jury change."""
    now = now or timezone.now()
    call = CallForApplications.objects.select_for_update().get(pk=call.pk)
    require(by, "funding.manage_call", call)
    territories = list(territories)
    eligible_kinds = list(eligible_kinds or [])
    if now >= call.deadline:
        same = (
            measures_offered == call.measures_offered
            and sorted(eligible_kinds) == sorted(call.eligible_kinds)
            and deadline == call.deadline
            and {t.pk for t in territories} == set(call.territories.values_list("pk", flat=True))
        )
        if not same:
            raise FundingError(
                _(
                    "Le dépôt est clos depuis le %(deadline)s : seuls l'intitulé et le jury de "
                    "l'appel peuvent encore changer."
                )
                % {"deadline": _deadline_text(call.deadline)}
            )
        if not title.strip():
            raise FundingError(_("Indiquez l'intitulé de l'appel."))
    else:
        _check_call_terms(
            title=title,
            measures_offered=measures_offered,
            eligible_kinds=eligible_kinds,
            territories=territories,
            deadline=deadline,
            now=now,
        )
        requested = ApplicationRequest.objects.filter(application__call=call).exclude(
            territory__in=territories
        )
        if requested.exists():
            raise FundingError(
                _("Des candidats ont demandé des mesures sur %(territory)s : il reste couvert.")
                % {"territory": requested.select_related("territory").first().territory}
            )
    call.title = title.strip()
    call.jury = jury
    call.measures_offered = measures_offered
    call.eligible_kinds = eligible_kinds
    call.deadline = deadline
    as_author(call, by).save()
    call.territories.set(territories)
    return call


def _open_for_changes(call, now: dt.datetime, what: str) -> None:
    if now >= call.deadline:
        raise FundingError(
            _("Le dépôt est clos depuis le %(deadline)s : %(what)s ne changent plus.")
            % {"deadline": _deadline_text(call.deadline), "what": what}
        )


@transaction.atomic
def required_document_add(
    *, call: CallForApplications, label: str, by, now: dt.datetime | None = None
) -> RequiredDocument:
    """A document every file must hold (seed 004 §6: the signed letter of application…)."""
    now = now or timezone.now()
    call = CallForApplications.objects.select_for_update().get(pk=call.pk)
    require(by, "funding.manage_call", call)
    _open_for_changes(call, now, _("les pièces exigées"))
    if not label.strip():
        raise FundingError(_("Indiquez la pièce exigée."))
    last = call.required_documents.order_by("-position").values_list("position", flat=True)
    document = RequiredDocument(call=call, label=label.strip(), position=(last.first() or 0) + 1)
    as_author(document, by).save()
    return document


@transaction.atomic
def required_document_remove(
    *, document: RequiredDocument, by, now: dt.datetime | None = None
) -> None:
    now = now or timezone.now()
    document = RequiredDocument.objects.select_related("call").get(pk=document.pk)
    require(by, "funding.manage_call", document.call)
    _open_for_changes(document.call, now, _("les pièces exigées"))
    if ApplicationDocument.objects.filter(required_document=document).exists():
        raise FundingError(
            _("Des candidats ont déjà déposé « %(label)s » : cette pièce reste exigée.")
            % {"label": document.label}
        )
    as_author(document, by).delete()


def _not_scored(call) -> None:
    if CriterionScore.objects.filter(criterion__call=call).exists():
        raise FundingError(
            _("Le jury a commencé à noter : les critères de sélection ne changent plus.")
        )


@transaction.atomic
def criterion_add(*, call: CallForApplications, label: str, weight: int, by) -> SelectionCriterion:
    """A weighted selection criterion (seed 004 §6), until the jury's first score."""
    call = CallForApplications.objects.select_for_update().get(pk=call.pk)
    require(by, "funding.manage_call", call)
    _not_scored(call)
    if not label.strip():
        raise FundingError(_("Indiquez le critère."))
    if weight is None or weight < 1:
        raise FundingError(_("La pondération d'un critère est un entier d'au moins 1."))
    last = call.criteria.order_by("-position").values_list("position", flat=True)
    criterion = SelectionCriterion(
        call=call, label=label.strip(), weight=weight, position=(last.first() or 0) + 1
    )
    as_author(criterion, by).save()
    return criterion


@transaction.atomic
def criterion_remove(*, criterion: SelectionCriterion, by) -> None:
    criterion = SelectionCriterion.objects.select_related("call").get(pk=criterion.pk)
    require(by, "funding.manage_call", criterion.call)
    _not_scored(criterion.call)
    as_author(criterion, by).delete()
