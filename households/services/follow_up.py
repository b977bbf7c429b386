"""The follow-up within a project: planned actions, contacts, reviews and one-off financial
help."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.formatting import format_euros
from common.history import as_author
from households.enums import ActionStatus, HelpStatus, Performer, ProjectStatus, ReviewKind
from households.errors import HouseholdError
from households.models import (
    OPEN_PROJECT_STATUSES,
    Contact,
    FinancialHelp,
    InterventionProject,
    PlannedAction,
    Review,
)
from households.services.base import french_day, not_in_future, require
from households.services.projects import lock_project, project_structures
from partnerships.enums import Role
from partnerships.perimeter import has_role


def _require_open(project: InterventionProject, message: str) -> None:
    if project.status not in OPEN_PROJECT_STATUSES:
        raise HouseholdError(message)


@transaction.atomic
def action_plan(
    *,
    project: InterventionProject,
    by,
    domain,
    description: str,
    organisation,
    performer: str,
    due_on: dt.date | None = None,
) -> PlannedAction:
    """Who does what: the professional structure or the volunteers (seed 000, annexe famille)."""
    require(by, "households.manage_project", project)
    if project.status == ProjectStatus.CLOSED:
        raise HouseholdError(_("Ce projet est clôturé."))
    if domain.programme_id != project.programme_id:
        raise HouseholdError(_("Ce domaine n'appartient pas au dispositif du projet."))
    if organisation.pk not in project_structures(project):
        raise HouseholdError(_("L'action est portée par une structure du projet."))
    action = PlannedAction(
        project=project,
        domain=domain,
        description=description.strip(),
        organisation=organisation,
        performer=performer,
        due_on=due_on,
        status=ActionStatus.PLANNED,
    )
    as_author(action, by).save()
    return action


@transaction.atomic
def action_set_status(*, action: PlannedAction, by, status: str) -> PlannedAction:
    """Professionals update any action; volunteers only the volunteers' ones."""
    if action.performer == Performer.VOLUNTEER:
        require(by, "households.log_contact", action.project)
    else:
        require(by, "households.manage_project", action.project)
    action.status = status
    as_author(action, by).save()
    return action


@transaction.atomic
def contact_log(
    *,
    project: InterventionProject,
    by,
    happened_on: dt.date,
    medium: str,
    duration_minutes: int,
    summary: str = "",
    confidential_note: str = "",
    domains: Iterable = (),
    participants: Iterable = (),
    happened_at: dt.time | None = None,
    place: str = "",
) -> Contact:
    require(by, "households.log_contact", project)
    _require_open(project, _("Les rencontres se notent sur un accompagnement en cours."))
    if project.household.informed_on is None:
        # issue 8 (RGPD art. 13): the household is informed before its first contact note.
        raise HouseholdError(
            _(
                "Enregistrez d'abord la date à laquelle le ménage a été informé du traitement "
                "de ses données (situation du ménage) : elle est requise avant toute rencontre."
            )
        )
    not_in_future(happened_on, _("Une rencontre ne peut pas être datée dans le futur."))
    now = timezone.localtime()
    if happened_at is not None and happened_on == now.date() and happened_at > now.time():
        raise HouseholdError(
            _("Une rencontre ne peut pas être notée à une heure à venir (il est %(now)s).")
            % {"now": now.strftime("%H h %M")}
        )
    place = place.strip()
    if len(place) > 200:
        raise HouseholdError(_("Le lieu tient en 200 caractères au plus."))
    if happened_on < project.start_date:
        raise HouseholdError(
            _("L'accompagnement a commencé le %(day)s : la rencontre ne peut pas le précéder.")
            % {"day": french_day(project.start_date)}
        )
    if duration_minutes < 1:
        raise HouseholdError(_("La durée d'une rencontre est d'au moins une minute."))
    if confidential_note.strip() and not by.has_perm(
        "households.read_confidential_notes", project.household
    ):
        # domain.md: the confidential note is for professionals, never volunteers.
        raise HouseholdError(_("Seuls les professionnels rédigent une note confidentielle."))
    domains = list(domains)
    if any(d.programme_id != project.programme_id for d in domains):
        raise HouseholdError(_("Un domaine choisi n'appartient pas au dispositif du projet."))
    contact = Contact(
        project=project,
        happened_on=happened_on,
        happened_at=happened_at,
        place=place,
        medium=medium,
        author=by,
        duration_minutes=duration_minutes,
        summary=summary.strip(),
        confidential_note=confidential_note.strip(),
    )
    as_author(contact, by).save()
    contact.domains.set(domains)
    contact.participants.set({by, *participants})
    return contact


@transaction.atomic
def review_record(
    *,
    project: InterventionProject,
    by,
    kind: str,
    held_on: dt.date,
    assessment: str,
    recommendation: str,
    sent_to_coordinator_on: dt.date | None = None,
    version: int | None = None,
) -> Review:
    """Bilans (seed 004 §4, §7): intermediate at 3 months of each term, end of term in the
    term's last month, before any renewal; an end-of-term review puts the project in review
    until it is renewed or closed."""
    require(by, "households.manage_project", project)
    project = lock_project(project, version)
    if project.start_date is None:
        raise HouseholdError(
            _("L'accompagnement n'a pas commencé : un bilan suit la signature du contrat.")
        )
    if held_on < project.start_date:
        raise HouseholdError(
            _("Un bilan ne peut pas précéder le début de l'accompagnement (%(day)s).")
            % {"day": french_day(project.start_date)}
        )
    not_in_future(held_on, _("Un bilan ne peut pas être daté dans le futur."))
    _require_open(project, _("Les bilans se font sur un accompagnement en cours."))
    opens = project.end_review_from()
    if kind == ReviewKind.END_OF_TERM and opens and held_on < opens:
        # seed 004 §4: « Un bilan d'accompagnement est également réalisé à échéance, en amont
        # d'un éventuel renouvellement »: in the term's last month, not at its start.
        raise HouseholdError(
            _(
                "Le bilan de fin de mesure se fait à échéance, en amont d'un éventuel "
                "renouvellement : pas avant le %(opens)s (fin prévue le %(end)s)."
            )
            % {"opens": french_day(opens), "end": french_day(project.planned_end)}
        )
    if sent_to_coordinator_on and sent_to_coordinator_on < held_on:
        raise HouseholdError(_("Le bilan ne peut pas être transmis avant d'avoir été fait."))
    review = Review(
        project=project,
        kind=kind,
        held_on=held_on,
        assessment=assessment.strip(),
        recommendation=recommendation,
        author=by,
        sent_to_coordinator_on=sent_to_coordinator_on,
    )
    as_author(review, by).save()
    # Every review moves the project on: a second one recorded from a stale page conflicts.
    project.version += 1
    if kind == ReviewKind.END_OF_TERM:
        project.status = ProjectStatus.IN_REVIEW
    as_author(project, by).save()
    return review


@transaction.atomic
def review_acknowledge(*, review: Review, by) -> Review:
    """seed 004 §7: « Les évaluations/bilans des accompagnements individuels devront être
    envoyés aux coordinateurs »: a coordinator of the household's territory reads a review
    sent to them and marks it read, once."""
    if not has_role(by, Role.COORDINATOR):
        raise HouseholdError(_("Seul un coordinateur marque comme lu un bilan transmis."))
    # unscoped: the row is locked to be checked against the user's perimeter just below
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.sent_to_coordinator_on is None:
        raise HouseholdError(_("Ce bilan n'a pas été transmis au coordinateur."))
    if not Review.objects.sent_and_visible_to(by).filter(pk=review.pk).exists():
        raise HouseholdError(_("Ce bilan concerne un ménage hors de votre territoire."))
    if review.acknowledged_on is not None:
        reader = review.acknowledged_by
        raise HouseholdError(
            _("Ce bilan a déjà été lu par %(who)s le %(day)s.")
            % {
                "who": reader.get_full_name() or reader.email,
                "day": french_day(timezone.localdate(review.acknowledged_on)),
            }
        )
    review.acknowledged_on = timezone.now()
    review.acknowledged_by = by
    as_author(review, by).save(update_fields=["acknowledged_on", "acknowledged_by"])
    return review


@transaction.atomic
def help_request(
    *,
    project: InterventionProject,
    by,
    purpose: str,
    amount_requested: Decimal,
    payer,
    is_advance: bool = False,
    awaited_aid: str = "",
) -> FinancialHelp:
    """Soutien financier ponctuel (seed 000, axis 5 of the volunteers): « faire face aux
    imprévus financiers ou temporiser le déblocage d'une aide publique » — in the second
    case an advance, which names the public aid awaited and is repaid when it arrives."""
    require(by, "households.log_contact", project)
    if project.status == ProjectStatus.CLOSED:
        raise HouseholdError(_("Ce projet est clôturé."))
    if amount_requested <= 0:
        raise HouseholdError(_("Le montant demandé doit être positif."))
    if payer.pk not in project_structures(project):
        raise HouseholdError(_("L'aide est versée par une structure du projet."))
    awaited_aid = (awaited_aid or "").strip()
    if is_advance and not awaited_aid:
        raise HouseholdError(
            _("Une avance temporise une aide publique : indiquez l'aide publique attendue.")
        )
    help_ = FinancialHelp(
        project=project,
        purpose=purpose,
        amount_requested=amount_requested,
        payer=payer,
        is_advance=is_advance,
        awaited_aid=awaited_aid if is_advance else "",
        status=HelpStatus.WAITING_DOCUMENTS,
    )
    as_author(help_, by).save()
    return help_


def _lock_help(help_: FinancialHelp) -> FinancialHelp:
    return FinancialHelp.objects.select_for_update().get(pk=help_.pk)


@transaction.atomic
def help_documents_received(*, help_: FinancialHelp, by) -> FinancialHelp:
    """Waiting for documents → waiting for a decision, once the household's papers are in."""
    require(by, "households.manage_project", help_.project)
    help_ = _lock_help(help_)
    if help_.status != HelpStatus.WAITING_DOCUMENTS:
        raise HouseholdError(_("Les pièces de cette aide ont déjà été reçues."))
    help_.status = HelpStatus.WAITING_DECISION
    as_author(help_, by).save()
    return help_


@transaction.atomic
def help_decide(
    *,
    help_: FinancialHelp,
    by,
    granted: bool,
    decided_on: dt.date,
    amount_granted: Decimal | None = None,
) -> FinancialHelp:
    """Granted (with its amount, never more than was asked) or refused: the only way the
    status and the granted amount of a one-off help are written."""
    require(by, "households.manage_project", help_.project)
    help_ = _lock_help(help_)
    if help_.status not in (HelpStatus.WAITING_DOCUMENTS, HelpStatus.WAITING_DECISION):
        raise HouseholdError(_("Cette aide a déjà fait l'objet d'une décision."))
    not_in_future(decided_on, _("Une décision ne peut pas être datée dans le futur."))
    if granted and (amount_granted is None or amount_granted <= 0):
        raise HouseholdError(_("Indiquez le montant accordé."))
    if granted and amount_granted > help_.amount_requested:
        # issue 13, case 7: the help grants what was asked, or less.
        raise HouseholdError(
            _(
                "Le montant accordé (%(granted)s) ne peut pas dépasser le montant demandé "
                "(%(asked)s)."
            )
            % {
                "granted": format_euros(amount_granted),
                "asked": format_euros(help_.amount_requested),
            }
        )
    help_.status = HelpStatus.GRANTED if granted else HelpStatus.REFUSED
    help_.amount_granted = amount_granted if granted else None
    help_.decided_on = decided_on
    as_author(help_, by).save()
    return help_


@transaction.atomic
def help_pay(*, help_: FinancialHelp, by, paid_on: dt.date, payment_method: str) -> FinancialHelp:
    """A granted help is paid once, on or after its decision."""
    require(by, "households.manage_project", help_.project)
    help_ = _lock_help(help_)
    if help_.status != HelpStatus.GRANTED:
        raise HouseholdError(_("Seule une aide accordée peut être versée."))
    if help_.paid_on:
        raise HouseholdError(
            _("Cette aide a déjà été versée le %(day)s.") % {"day": french_day(help_.paid_on)}
        )
    not_in_future(paid_on, _("Un versement ne peut pas être daté dans le futur."))
    if paid_on < help_.decided_on:
        raise HouseholdError(
            _("Le versement ne peut pas précéder la décision du %(day)s.")
            % {"day": french_day(help_.decided_on)}
        )
    if not payment_method.strip():
        raise HouseholdError(_("Indiquez le mode de paiement."))
    help_.paid_on = paid_on
    help_.payment_method = payment_method.strip()
    as_author(help_, by).save()
    return help_


@transaction.atomic
def help_repay(
    *, help_: FinancialHelp, by, repaid_on: dt.date, amount_repaid: Decimal
) -> FinancialHelp:
    """seed 000 axe 5: an advance that temporised a public aid is repaid when the aid
    arrives; any help may be repaid. Once, after its payment, never more than was paid."""
    require(by, "households.manage_project", help_.project)
    help_ = _lock_help(help_)
    if not help_.paid_on:
        raise HouseholdError(_("Une aide ne peut être remboursée qu'après son versement."))
    if help_.repaid_on:
        raise HouseholdError(
            _("Cette aide a déjà été remboursée le %(day)s.") % {"day": french_day(help_.repaid_on)}
        )
    not_in_future(repaid_on, _("Un remboursement ne peut pas être daté dans le futur."))
    if repaid_on < help_.paid_on:
        raise HouseholdError(
            _("Le remboursement ne peut pas précéder le versement du %(day)s.")
            % {"day": french_day(help_.paid_on)}
        )
    if amount_repaid is None or amount_repaid <= 0:
        raise HouseholdError(_("Le montant remboursé doit être positif."))
    if amount_repaid > help_.amount_granted:
        raise HouseholdError(
            _("Le montant remboursé (%(repaid)s) ne peut pas dépasser le montant versé (%(paid)s).")
            % {
                "repaid": format_euros(amount_repaid),
                "paid": format_euros(help_.amount_granted),
            }
        )
    help_.repaid_on = repaid_on
    help_.amount_repaid = amount_repaid
    as_author(help_, by).save()
    return help_
