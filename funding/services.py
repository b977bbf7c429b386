"""Every write on money goes through here: grants, the 70/30 schedule, payments, reversements,
calls for applications. Each service runs in a transaction, records who did it in the history,
and refuses with a `FundingError` whose French message the page shows as is."""

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.concurrency import claim
from common.formatting import format_euros as euros
from common.history import as_author
from common.money import ZERO
from funding.enums import (
    ApplicationStatus,
    InstalmentStatus,
    ReimbursementStatus,
    ReleaseCondition,
)
from funding.envelopes import allocation_set
from funding.errors import EditConflict, FundingError
from funding.models import (
    Application,
    ApplicationDocument,
    ApplicationRequest,
    BudgetLine,
    CriterionScore,
    Grant,
    GrantYear,
    Instalment,
    ReimbursementClaim,
)
from funding.rules import sits_on_jury
from funding.uploads import check_upload
from governance.enums import PlanPeriod, ReportStatus

CENT = Decimal("0.01")
SEVENTY = Decimal("0.70")
THIRTY = Decimal("0.30")


# --- the 70/30 schedule --------------------------------------------------------------------


def schedule_for_year(*, first_year: bool) -> tuple[tuple[Decimal, str], ...]:
    """Shares of a year and the condition releasing each one."""
    # seed 001 art. 4.2: 70 % on signature and notification the first year, on the provisional
    # action programme the later ones; 30 % after the year's report is validated.
    if first_year:
        return ((SEVENTY, ReleaseCondition.SIGNATURE), (THIRTY, ReleaseCondition.REPORT_VALIDATED))
    return (
        (SEVENTY, ReleaseCondition.ACTION_PROGRAMME),
        (THIRTY, ReleaseCondition.REPORT_VALIDATED),
    )


def split_amount(amount: Decimal, shares: list[Decimal]) -> list[Decimal]:
    """Amounts of the shares, to the cent, the rounding remainder on the last share."""
    # seed 001 art. 4.2: the shares of a year sum exactly to the year's amount.
    parts = [(amount * share).quantize(CENT, rounding=ROUND_HALF_UP) for share in shares[:-1]]
    parts.append(amount - sum(parts, ZERO))
    return parts


@transaction.atomic
def grant_create(
    *,
    convention,
    funder,
    beneficiary,
    yearly_amounts: Mapping[int, Decimal],
    by,
    budget_line: BudgetLine | None = None,
    decision=None,
    iban: str = "",
    bic: str = "",
    account_holder: str = "",
) -> Grant:
    """A participation financière and its yearly amounts (seed 001 art. 4.1: 20 000 € × 3).

    Refused when it would take the budget line below zero (seed 001: AE 375 000 €).
    """
    if not yearly_amounts:
        raise FundingError(_("Indiquez au moins un montant annuel."))
    amounts = {int(year): Decimal(amount) for year, amount in yearly_amounts.items()}
    if any(amount <= 0 for amount in amounts.values()):
        raise FundingError(_("Chaque montant annuel doit être positif."))
    total = sum(amounts.values(), ZERO)
    if budget_line is not None:
        line = BudgetLine.objects.select_for_update().get(pk=budget_line.pk)
        if line.funder_id != funder.pk:
            raise FundingError(_("La ligne budgétaire appartient à un autre financeur."))
        figures = BudgetLine.objects.with_figures().get(pk=line.pk)
        if total > figures.balance:
            raise FundingError(
                _(
                    "La ligne %(code)s n'a plus que %(balance)s de solde : la participation de "
                    "%(total)s la dépasserait."
                )
                % {
                    "code": line.operation_code,
                    "balance": euros(figures.balance),
                    "total": euros(total),
                }
            )
    grant = Grant(
        convention=convention,
        funder=funder,
        beneficiary=beneficiary,
        budget_line=budget_line,
        decision=decision,
        iban=iban.replace(" ", "").upper(),
        bic=bic.strip().upper(),
        account_holder=account_holder.strip(),
    )
    grant.full_clean()
    as_author(grant, by).save()
    for year, amount in sorted(amounts.items()):
        as_author(GrantYear(grant=grant, year=year, amount=amount), by).save()
    return grant


@transaction.atomic
def grant_set_bank_details(*, grant: Grant, iban: str, bic: str, account_holder: str, by) -> Grant:
    """Record the beneficiary's RIB (seed 001 art. 4.3), checked with mod-97."""
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    grant.iban = iban.replace(" ", "").upper()
    grant.bic = bic.strip().upper()
    grant.account_holder = account_holder.strip()
    grant.full_clean()
    as_author(grant, by).save()
    return grant


@transaction.atomic
def instalments_generate(*, grant: Grant, by) -> list[Instalment]:
    """Create the 70/30 instalments of every year of the grant; running it again adds nothing.

    Instalments whose condition is already met (convention signed and notified, action
    programme transmitted, report validated) are due at once.
    """
    grant = (
        Grant.objects.select_for_update(of=("self",)).select_related("convention").get(pk=grant.pk)
    )
    years = list(grant.years.order_by("year"))
    if not years:
        raise FundingError(_("Cette participation n'a aucun montant annuel."))
    existing = set(grant.instalments.values_list("year", "position"))
    first = years[0].year
    created = []
    try:
        with transaction.atomic():
            for grant_year in years:
                plan = schedule_for_year(first_year=grant_year.year == first)
                amounts = split_amount(grant_year.amount, [share for share, _c in plan])
                for position, ((share, condition), amount) in enumerate(
                    zip(plan, amounts, strict=True), start=1
                ):
                    if (grant_year.year, position) in existing:
                        continue
                    instalment = Instalment(
                        grant=grant,
                        year=grant_year.year,
                        position=position,
                        share=share,
                        amount=amount,
                        condition=condition,
                    )
                    as_author(instalment, by).save()
                    created.append(instalment)
    except IntegrityError as exc:
        raise EditConflict(
            _("L'échéancier vient d'être créé par quelqu'un d'autre : rechargez la page.")
        ) from exc
    _check_within_grant(grant)
    _release_met_conditions(grant=grant, by=by)
    return created


def _check_within_grant(grant: Grant) -> None:
    # seed 001 art. 4.1: the instalments never exceed the grant.
    total = grant.years.aggregate(t=Sum("amount"))["t"] or ZERO
    scheduled = (
        grant.instalments.exclude(status=InstalmentStatus.CANCELLED).aggregate(t=Sum("amount"))["t"]
        or ZERO
    )
    if scheduled > total:
        raise FundingError(
            _("Les versements (%(scheduled)s) dépasseraient la participation (%(total)s).")
            % {"scheduled": euros(scheduled), "total": euros(total)}
        )


def conditions_met(grant: Grant) -> dict[tuple[int | None, str], dt.date]:
    """When each release condition of the grant was met, from the convention and governance."""

    met: dict[tuple[int | None, str], dt.date] = {}
    convention = grant.convention
    if convention.signed_on and grant.notified_on:
        met[(None, ReleaseCondition.SIGNATURE)] = max(convention.signed_on, grant.notified_on)
    for report in convention.annual_reports.filter(
        status=ReportStatus.VALIDATED, validated_on__isnull=False
    ):
        met[(report.year, ReleaseCondition.REPORT_VALIDATED)] = report.validated_on
    for plan in convention.action_plans.filter(
        period=PlanPeriod.YEAR, transmitted_on__isnull=False
    ):
        met[(plan.period_start.year, ReleaseCondition.ACTION_PROGRAMME)] = plan.transmitted_on
    return met


def _release_met_conditions(*, grant: Grant, by) -> int:
    met = conditions_met(grant)
    released = 0
    for instalment in grant.instalments.filter(status=InstalmentStatus.PLANNED):
        signature = instalment.condition == ReleaseCondition.SIGNATURE
        on = met.get((None if signature else instalment.year, instalment.condition))
        if on is not None:
            _make_due(instalment=instalment, on=on, by=by)
            released += 1
    return released


CONFLICT = gettext_lazy(
    "Ce versement a été modifié par quelqu'un d'autre pendant que vous le consultiez : "
    "rechargez la page et vérifiez avant de recommencer."
)


def _claim(instalment: Instalment, version: int) -> None:
    """Take the row for this edit, or fail if anyone changed it since `version` was read.

    The conditional UPDATE is atomic on every database: of two writers holding the same
    version, the second matches no row and gets a conflict instead of overwriting silently.
    """
    if not claim(Instalment.objects, instalment, version):
        raise EditConflict(str(CONFLICT))


def _make_due(*, instalment: Instalment, on: dt.date, by) -> None:
    _claim(instalment, instalment.version)
    instalment.status = InstalmentStatus.DUE
    instalment.due_on = on
    as_author(instalment, by).save()


@transaction.atomic
def instalments_release(*, convention, year: int | None, condition: str, on: dt.date, by) -> int:
    """Make due the planned instalments of the convention's grants released by `condition`.

    seed 001 art. 4.2: the condition is an event (signature and notification, action
    programme transmitted, report validated); an instalment already due or paid is left as is.
    """
    instalments = Instalment.objects.filter(
        grant__convention=convention, condition=condition, status=InstalmentStatus.PLANNED
    )
    if year is not None:
        instalments = instalments.filter(year=year)
    released = 0
    for instalment in instalments.select_for_update():
        _make_due(instalment=instalment, on=on, by=by)
        released += 1
    return released


def release_for_report(*, report, on: dt.date, by) -> int:
    """The annual report of a year is validated: that year's 30 % is due (seed 001 art. 4.2)."""
    return instalments_release(
        convention=report.convention,
        year=report.year,
        condition=ReleaseCondition.REPORT_VALIDATED,
        on=on,
        by=by,
    )


def release_for_action_plan(*, plan, on: dt.date, by) -> int:
    """The year's provisional action programme is transmitted: its 70 % is due (art. 4.2).

    A monthly roadmap is not the year's programme and releases nothing.
    """

    if plan.period != PlanPeriod.YEAR:
        return 0
    return instalments_release(
        convention=plan.convention,
        year=plan.period_start.year,
        condition=ReleaseCondition.ACTION_PROGRAMME,
        on=on,
        by=by,
    )


@transaction.atomic
def grant_notify(*, grant: Grant, on: dt.date, by) -> Grant:
    """The signed convention is notified to the beneficiary: the first 70 % is due."""
    grant = (
        Grant.objects.select_for_update(of=("self",)).select_related("convention").get(pk=grant.pk)
    )
    signed_on = grant.convention.signed_on
    if not signed_on:
        raise FundingError(_("La convention n'est pas encore signée : elle ne peut être notifiée."))
    if on < signed_on:
        raise FundingError(
            _("La notification ne peut précéder la signature (%(date)s).")
            % {"date": signed_on.strftime("%d/%m/%Y")}
        )
    if grant.notified_on:
        raise FundingError(_("La convention est déjà notifiée pour cette participation."))
    grant.notified_on = on
    as_author(grant, by).save()
    _release_met_conditions(grant=grant, by=by)
    return grant


@transaction.atomic
def instalment_pay(
    *, instalment: Instalment, version: int, paid_on: dt.date, mandate_reference: str, by
) -> Instalment:
    """Record the payment of a due instalment (mandate reference and date).

    seed 001 art. 4.3: no payment without the beneficiary's bank details.
    """
    instalment = Instalment.objects.select_related("grant").get(pk=instalment.pk)
    if instalment.version != version:
        raise EditConflict(str(CONFLICT))
    if instalment.status != InstalmentStatus.DUE:
        if instalment.status == InstalmentStatus.PAID:
            raise FundingError(_("Ce versement est déjà enregistré comme versé."))
        raise FundingError(
            _("Ce versement n'est pas exigible : sa condition (%(condition)s) n'est pas remplie.")
            % {"condition": instalment.get_condition_display().lower()}
        )
    if not instalment.grant.has_bank_details:
        raise FundingError(
            _("Aucun RIB n'est enregistré pour le bénéficiaire : le versement ne peut être fait.")
        )
    mandate_reference = mandate_reference.strip()
    if not mandate_reference:
        raise FundingError(_("Indiquez la référence du mandat."))
    if instalment.due_on and paid_on < instalment.due_on:
        raise FundingError(
            _("La date de versement précède la date d'exigibilité (%(date)s).")
            % {"date": instalment.due_on.strftime("%d/%m/%Y")}
        )
    if Instalment.objects.filter(mandate_reference=mandate_reference).exists():
        raise FundingError(_("Ce mandat est déjà enregistré pour un autre versement."))
    _claim(instalment, version)
    instalment.status = InstalmentStatus.PAID
    instalment.paid_on = paid_on
    instalment.mandate_reference = mandate_reference
    try:
        with transaction.atomic():
            as_author(instalment, by).save()
    except IntegrityError as exc:
        raise FundingError(_("Ce mandat est déjà enregistré pour un autre versement.")) from exc
    return instalment


@transaction.atomic
def instalment_cancel(*, instalment: Instalment, version: int, reason: str, by) -> Instalment:
    """Cancel a planned or due instalment, with a written reason."""
    instalment = Instalment.objects.get(pk=instalment.pk)
    if instalment.version != version:
        raise EditConflict(str(CONFLICT))
    if not instalment.open:
        raise FundingError(_("Seul un versement prévu ou exigible peut être annulé."))
    if not reason.strip():
        raise FundingError(_("Indiquez le motif de l'annulation."))
    _claim(instalment, version)
    instalment.status = InstalmentStatus.CANCELLED
    instalment.cancellation_reason = reason.strip()
    as_author(instalment, by).save()
    return instalment


# --- reimbursements (seed 001 art. 4.4) ----------------------------------------------------


@transaction.atomic
def reimbursement_claim(
    *, grant: Grant, amount: Decimal, reason: str, claimed_on: dt.date, by, details: str = ""
) -> ReimbursementClaim:
    """Call back all or part of what was paid (seed 001 art. 4.4), never more than was paid
    and not already claimed."""
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    if amount is None or amount <= 0:
        raise FundingError(_("Le montant à reverser doit être positif."))
    figures = Grant.objects.with_totals().get(pk=grant.pk)
    claimable = figures.paid - figures.reclaimed
    if amount > claimable:
        raise FundingError(
            _(
                "On ne peut demander le reversement que de ce qui a été versé et pas encore "
                "réclamé : %(claimable)s (versé %(paid)s, déjà réclamé %(reclaimed)s)."
            )
            % {
                "claimable": euros(claimable),
                "paid": euros(figures.paid),
                "reclaimed": euros(figures.reclaimed),
            }
        )
    claim = ReimbursementClaim(
        grant=grant, amount=amount, reason=reason, details=details.strip(), claimed_on=claimed_on
    )
    claim.full_clean()
    as_author(claim, by).save()
    return claim


def _move_claim(claim, *, allowed: tuple[str, ...], to: str, by, **changes) -> ReimbursementClaim:
    claim = ReimbursementClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status not in allowed:
        raise FundingError(
            _("Cette demande est « %(status)s » : cette étape n'est plus possible.")
            % {"status": claim.get_status_display()}
        )
    claim.status = to
    for field, value in changes.items():
        setattr(claim, field, value)
    as_author(claim, by).save()
    return claim


@transaction.atomic
def reimbursement_contest(*, claim: ReimbursementClaim, by) -> ReimbursementClaim:
    return _move_claim(
        claim, allowed=(ReimbursementStatus.CLAIMED,), to=ReimbursementStatus.CONTESTED, by=by
    )


@transaction.atomic
def reimbursement_recover(
    *, claim: ReimbursementClaim, recovered_on: dt.date, by
) -> ReimbursementClaim:
    """The sum came back: it leaves what the beneficiary has net received."""
    if recovered_on < claim.claimed_on:
        raise FundingError(_("Le recouvrement ne peut précéder la demande."))
    return _move_claim(
        claim,
        allowed=(ReimbursementStatus.CLAIMED, ReimbursementStatus.CONTESTED),
        to=ReimbursementStatus.RECOVERED,
        by=by,
        recovered_on=recovered_on,
    )


@transaction.atomic
def reimbursement_cancel(*, claim: ReimbursementClaim, by) -> ReimbursementClaim:
    return _move_claim(
        claim,
        allowed=(ReimbursementStatus.CLAIMED, ReimbursementStatus.CONTESTED),
        to=ReimbursementStatus.CANCELLED,
        by=by,
    )


# --- calls for applications (seed 004 §6) --------------------------------------------------


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
