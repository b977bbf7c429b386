"""The 70/30 schedule of a grant's instalments (seed 001 art. 4.2): generated, made due when
their condition is met, paid or cancelled."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.concurrency import EditConflict, claim
from common.formatting import format_euros as euros
from common.history import as_author
from common.money import ZERO
from funding import notifications
from funding.enums import InstalmentStatus, ReleaseCondition
from funding.errors import FundingError
from funding.models import Grant, Instalment
from funding.rules import require
from funding.services.credits import check_payment_credits
from funding.services.papers import has_bank_statement
from governance.enums import PlanPeriod, ReportStatus

CENT = Decimal("0.01")
SEVENTY = Decimal("0.70")
THIRTY = Decimal("0.30")


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
def instalments_generate(*, grant: Grant, by) -> list[Instalment]:
    """Create the 70/30 instalments of every year of the grant; running it again adds nothing.

    Instalments whose condition is already met (convention signed and notified, action
    programme transmitted, report validated) are due at once.
    """
    grant = (
        Grant.objects.select_for_update(of=("self",)).select_related("convention").get(pk=grant.pk)
    )
    require(by, "funding.manage_grant", grant)
    stopped = termination_in_effect(grant.convention, timezone.localdate())
    if stopped is not None:
        raise FundingError(_stopped_message(stopped))
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
            released += _make_due(instalment=instalment, on=on, by=by)
    return released


# ------------------------------------------------------------------------------ termination
def termination_in_effect(convention, on: dt.date):
    """The termination (or denunciation) of the convention in effect on `on`, if any."""
    # seed 001 art. 9: "La résiliation mettra fin à l'aide apportée par le Département".
    effective = [t for t in convention.terminations.all() if t.effective_on <= on]
    return min(effective, key=lambda t: t.effective_on) if effective else None


def _stopped_message(termination) -> str:
    return _(
        "La convention %(ref)s a pris fin le %(day)s (%(kind)s) : plus aucun versement ne peut "
        "être rendu exigible ni payé."
    ) % {
        "ref": termination.convention.reference,
        "day": termination.effective_on.strftime("%d/%m/%Y"),
        "kind": termination.get_kind_display().lower(),
    }


def _stop_reason(termination) -> str:
    text = _(
        "Fin de la convention %(ref)s (%(kind)s) notifiée le %(notified)s, effective le %(day)s"
    )
    reason = text % {
        "kind": termination.get_kind_display().lower(),
        "ref": termination.convention.reference,
        "notified": termination.notified_on.strftime("%d/%m/%Y"),
        "day": termination.effective_on.strftime("%d/%m/%Y"),
    }
    if termination.reason:
        reason = f"{reason} : {termination.reason}"
    return reason


def _cancel_for(instalment: Instalment, termination, by) -> None:
    _claim(instalment, instalment.version)
    instalment.status = InstalmentStatus.CANCELLED
    instalment.cancellation_reason = _stop_reason(termination)
    as_author(instalment, by).save()


@transaction.atomic
def instalments_stop(*, termination, by, on: dt.date) -> list[Instalment]:
    """The termination takes effect: the instalments not yet paid are cancelled, with its reason
    (seed 001 art. 9: the termination ends the Département's aid). Nothing happens before its
    effective date: a denounced convention stays in force during the notice (seed 002 §VII).

    A consequence of the termination, whose service checked who recorded it.
    """
    if termination.effective_on > on:
        return []
    cancelled = []
    instalments = Instalment.objects.select_for_update(of=("self",)).filter(
        grant__convention=termination.convention_id,
        status__in=(InstalmentStatus.PLANNED, InstalmentStatus.DUE),
    )
    for instalment in instalments.order_by("grant", "year", "position"):
        _cancel_for(instalment, termination, by)
        cancelled.append(instalment)
    return cancelled


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


def _make_due(*, instalment: Instalment, on: dt.date, by) -> int:
    """Make the instalment due on `on` (1), or cancel it (0) when the convention had already
    ended that day: an instalment is never made due on or after a termination's effect."""
    stopped = termination_in_effect(instalment.grant.convention, on)
    if stopped is not None:
        _cancel_for(instalment, stopped, by)
        return 0
    _claim(instalment, instalment.version)
    instalment.status = InstalmentStatus.DUE
    instalment.due_on = on
    as_author(instalment, by).save()
    notifications.instalment_due(instalment, by)
    return 1


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
    for instalment in instalments.select_for_update(of=("self",)).select_related(
        "grant__convention"
    ):
        released += _make_due(instalment=instalment, on=on, by=by)
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
    require(by, "funding.manage_grant", grant)
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

    seed 001 art. 4.3: no payment without the beneficiary's bank details, nor before its
    bank identity statement is on file (a GrantPaper of that kind); seed 001 rapport n°56:
    never beyond the year's payment credits of the grant's budget line.
    """
    instalment = Instalment.objects.select_related("grant__convention").get(pk=instalment.pk)
    require(by, "funding.manage_grant", instalment.grant)
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
    if not has_bank_statement(instalment.grant):
        # seed 001 art. 4.3: « le versement … ne pourra intervenir qu'après la production d'un
        # relevé d'identité bancaire ou postale ».
        raise FundingError(
            _(
                "Aucun relevé d'identité bancaire (RIB) n'est au dossier de la participation : "
                "le versement ne peut intervenir qu'après sa production. Déposez-le dans les "
                "pièces de la participation."
            )
        )
    mandate_reference = mandate_reference.strip()
    if not mandate_reference:
        raise FundingError(_("Indiquez la référence du mandat."))
    if instalment.due_on and paid_on < instalment.due_on:
        raise FundingError(
            _("La date de versement précède la date d'exigibilité (%(date)s).")
            % {"date": instalment.due_on.strftime("%d/%m/%Y")}
        )
    stopped = termination_in_effect(instalment.grant.convention, paid_on)
    if stopped is not None:
        raise FundingError(_stopped_message(stopped))
    if Instalment.objects.filter(mandate_reference=mandate_reference).exists():
        raise FundingError(_("Ce mandat est déjà enregistré pour un autre versement."))
    # seed 001 rapport n°56: « conditionné … aux crédits de paiement inscrits chaque année ».
    check_payment_credits(instalment, paid_on)
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
    instalment = Instalment.objects.select_related("grant").get(pk=instalment.pk)
    require(by, "funding.manage_grant", instalment.grant)
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
