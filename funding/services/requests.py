"""Annual subsidy requests (seed 002 §VI): the partner asks, the Département decides; an
accepted request opens the year's financial convention and its grant.

« Des conventions financières fixeront chaque année le montant des subventions
départementales après réception des demandes annuelles. » — « [Le Département] est donc tenu
informé, le cas échéant, de l'issue des demandes présentées aux autres financeurs portant sur
les mêmes axes. »"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.formatting import format_euros as euros
from common.history import as_author
from funding import notifications
from funding.enums import OtherFunderAnswer, SubsidyRequestStatus
from funding.errors import FundingError
from funding.models import OtherFunderRequest, SubsidyRequest
from funding.rules import require
from funding.services.grants import grant_create
from partnerships import services as partnerships
from partnerships.enums import ConventionKind, PartyRole
from partnerships.models import Convention


def _funder_of(framework, applicant, day: dt.date):
    parties = framework.parties_on(day)
    if not any(p.organisation_id == applicant.pk for p in parties):
        raise FundingError(
            _("%(org)s n'est pas partie à la convention %(ref)s.")
            % {"org": applicant, "ref": framework.reference}
        )
    funders = [p.organisation for p in parties if p.role == PartyRole.FUNDER]
    funders = [f for f in funders if f.pk != applicant.pk]
    if not funders:
        raise FundingError(
            _("La convention %(ref)s n'a pas de financeur à qui adresser la demande.")
            % {"ref": framework.reference}
        )
    return funders[0]


def _check_amounts(amount_requested, budget_total) -> None:
    if amount_requested is None or amount_requested <= 0:
        raise FundingError(_("Le montant demandé doit être positif."))
    if budget_total is None or budget_total < amount_requested:
        raise FundingError(
            _(
                "Le budget prévisionnel (%(budget)s) ne peut être inférieur au montant demandé "
                "(%(amount)s)."
            )
            % {"budget": euros(budget_total or 0), "amount": euros(amount_requested)}
        )


@transaction.atomic
def subsidy_request_submit(
    *,
    framework,
    applicant,
    year: int,
    purpose: str,
    amount_requested: Decimal,
    budget_total: Decimal,
    by,
    other_funders=(),
) -> SubsidyRequest:
    """The partner's annual request under its framework convention, with the other funders
    it asked for the same actions ((name, amount) pairs)."""
    today = timezone.localdate()
    funder = _funder_of(framework, applicant, today)
    request = SubsidyRequest(
        framework=framework,
        applicant=applicant,
        funder=funder,
        year=year,
        purpose=purpose.strip(),
        amount_requested=amount_requested,
        budget_total=budget_total,
        submitted_on=today,
    )
    require(by, "funding.request_subsidy", request)
    if not request.purpose:
        raise FundingError(_("Décrivez les actions pour lesquelles la subvention est demandée."))
    _check_amounts(amount_requested, budget_total)
    first, last = framework.start_date.year, framework.end_in_force().year
    if not first <= year <= last:
        raise FundingError(
            _("La convention %(ref)s court de %(first)s à %(last)s : pas de demande pour %(year)s.")
            % {"ref": framework.reference, "first": first, "last": last, "year": year}
        )
    if SubsidyRequest.objects.filter(framework=framework, applicant=applicant, year=year).exists():
        raise FundingError(
            _("Une demande %(year)s est déjà reçue au titre de cette convention.") % {"year": year}
        )
    as_author(request, by).save()
    for name, amount in other_funders:
        other_funder_add(request=request, funder_name=name, amount_requested=amount, by=by)
    return request


@transaction.atomic
def other_funder_add(
    *, request: SubsidyRequest, funder_name: str, amount_requested: Decimal, by
) -> OtherFunderRequest:
    """Another funder asked for the same actions (seed 002 §VI)."""
    require(by, "funding.request_subsidy", request)
    if not funder_name.strip():
        raise FundingError(_("Indiquez le nom de l'autre financeur."))
    if amount_requested is None or amount_requested <= 0:
        raise FundingError(_("Le montant demandé à l'autre financeur doit être positif."))
    row = OtherFunderRequest(
        request=request, funder_name=funder_name.strip(), amount_requested=amount_requested
    )
    as_author(row, by).save()
    return row


@transaction.atomic
def other_funder_answer(
    *,
    row: OtherFunderRequest,
    answer: str,
    answered_on: dt.date,
    by,
    amount_granted: Decimal | None = None,
) -> OtherFunderRequest:
    """The partner informs the Département of another funder's answer (seed 002 §VI:
    « tenu informé … de l'issue des demandes présentées aux autres financeurs »)."""
    row = OtherFunderRequest.objects.select_for_update().select_related("request").get(pk=row.pk)
    require(by, "funding.request_subsidy", row.request)
    if answer not in (OtherFunderAnswer.GRANTED, OtherFunderAnswer.REFUSED):
        raise FundingError(_("Indiquez si la demande a été accordée ou refusée."))
    if answered_on is None or answered_on > timezone.localdate():
        raise FundingError(_("Indiquez la date de la réponse, qui ne peut être future."))
    if answer == OtherFunderAnswer.GRANTED:
        if amount_granted is None or amount_granted <= 0:
            raise FundingError(_("Indiquez le montant accordé par l'autre financeur."))
    else:
        amount_granted = None
    row.answer = answer
    row.answered_on = answered_on
    row.amount_granted = amount_granted
    as_author(row, by).save()
    notifications.other_funder_answered(row, by)
    return row


@transaction.atomic
def subsidy_request_decide(
    *,
    request: SubsidyRequest,
    accept: bool,
    decided_on: dt.date,
    by,
    amount_granted: Decimal | None = None,
    reason: str = "",
) -> SubsidyRequest:
    """The Département's answer. Accepted, the request opens the year's financial convention
    (a draft under the framework, from 1 January to 31 December, between the two parties,
    to sign as any convention) and its grant of the amount granted for that year."""
    request = (
        SubsidyRequest.objects.select_for_update(of=("self",))
        .select_related("framework", "applicant", "funder")
        .get(pk=request.pk)
    )
    require(by, "funding.decide_subsidy", request)
    if request.status != SubsidyRequestStatus.SUBMITTED:
        raise FundingError(_("Cette demande a déjà reçu sa décision."))
    if decided_on is None or decided_on > timezone.localdate():
        raise FundingError(_("Indiquez la date de la décision, qui ne peut être future."))
    if decided_on < request.submitted_on:
        raise FundingError(_("La décision ne peut précéder la réception de la demande."))
    request.decided_on = decided_on
    request.decision_reason = reason.strip()
    if not accept:
        if not request.decision_reason:
            raise FundingError(_("Motivez le refus de la demande."))
        request.status = SubsidyRequestStatus.REFUSED
        as_author(request, by).save()
        return request
    if amount_granted is None or amount_granted <= 0:
        raise FundingError(_("Indiquez le montant accordé."))
    if amount_granted > request.amount_requested:
        raise FundingError(
            _("Le montant accordé (%(granted)s) dépasse le montant demandé (%(asked)s).")
            % {"granted": euros(amount_granted), "asked": euros(request.amount_requested)}
        )
    year, framework = request.year, request.framework
    reference = f"{framework.reference}-CF{year}"
    if Convention.objects.filter(reference=reference).exists():
        reference = f"{reference}-{request.applicant.pk}"
    convention = partnerships.convention_create(
        by=by,
        reference=reference,
        title=_("Convention financière %(year)s — %(org)s")
        % {"year": year, "org": request.applicant},
        kind=ConventionKind.ANNUAL_FINANCIAL,
        purpose=request.purpose,
        parent=framework,
        start_date=max(dt.date(year, 1, 1), framework.start_date),
        end_date=min(dt.date(year, 12, 31), framework.end_in_force()),
        amount=amount_granted,
        parties=[
            (request.funder, PartyRole.FUNDER, None),
            (request.applicant, PartyRole.BENEFICIARY, None),
        ],
    )
    grant = grant_create(
        convention=convention,
        funder=request.funder,
        beneficiary=request.applicant,
        yearly_amounts={year: amount_granted},
        by=by,
    )
    request.status = SubsidyRequestStatus.ACCEPTED
    request.amount_granted = amount_granted
    request.convention = convention
    request.grant = grant
    as_author(request, by).save()
    return request
