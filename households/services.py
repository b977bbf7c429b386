"""Every write of a household's follow-up, one service per operation or status transition.

Each service is keyword-only, runs in one transaction, checks the permission of `by`
(django-rules, households/rules.py) and raises `HouseholdError` (a ValidationError with a
French message) before writing anything when a rule of the domain refuses it.
"""

import datetime as dt
import uuid
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.concurrency import claim, last_change
from common.history import as_author
from funding.envelopes import reserve_measures
from funding.errors import FundingError
from governance.enums import CommitteeKind, MeetingStatus
from households.enums import (
    ActionStatus,
    DocumentKind,
    HelpStatus,
    OrientationOutcome,
    Performer,
    ProjectStatus,
    ReferralStatus,
    ReviewKind,
)
from households.models import (
    FOLLOWING_ROLES,
    OPEN_PROJECT_STATUSES,
    WAITING_REFERRAL_STATUSES,
    Closure,
    Contact,
    Document,
    FinancialHelp,
    Household,
    HouseholdPriority,
    InterventionProject,
    Member,
    OrientationDecision,
    PlannedAction,
    ProjectApproval,
    Referral,
    Review,
)
from partnerships.enums import PROFESSIONAL_ROLES, Role
from partnerships.models import Membership
from partnerships.perimeter import org_ids


class HouseholdError(ValidationError):
    """A rule of the follow-up refused the operation; nothing was written."""


class EditConflict(HouseholdError):
    """Someone saved the household or the project after this person opened it (issue 8)."""


def _conflict(obj, what: str) -> EditConflict:
    return EditConflict(
        _(
            "%(what)s a été modifié %(change)s, après que vous avez ouvert ce formulaire. "
            "Rien n'a été enregistré et votre saisie est conservée ci-dessous : vérifiez le "
            "dossier (dans un autre onglet) puis enregistrez de nouveau si elle reste juste."
        )
        % {"what": what, "change": last_change(obj)}
    )


def _require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _french(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _not_in_future(day: dt.date, message: str) -> None:
    if day > timezone.localdate():
        raise HouseholdError(message)


# ------------------------------------------------------------------------ household
@transaction.atomic
def household_create(
    *,
    by,
    organisation,
    territory,
    housing_situation: str,
    informed_on: dt.date | None = None,
    priorities: Iterable[str] = (),
) -> Household:
    if not by.is_superuser and organisation.pk not in org_ids(by, roles=PROFESSIONAL_ROLES):
        raise HouseholdError(_("Vous ne pouvez enregistrer un ménage que pour votre structure."))
    if informed_on:
        _not_in_future(
            informed_on, _("La date d'information du ménage ne peut pas être dans le futur.")
        )
    household = as_author(
        Household(
            reference=uuid.uuid4().hex[:30],
            organisation=organisation,
            territory=territory,
            housing_situation=housing_situation,
            informed_on=informed_on,
        ),
        by,
    )
    household.save()
    # A pseudonymous reference: no name, only the year and a number.
    household.reference = f"MEN-{timezone.localdate():%Y}-{household.pk:05d}"
    household.save(update_fields=["reference"])
    HouseholdPriority.objects.bulk_create(
        HouseholdPriority(household=household, criterion=c) for c in sorted(set(priorities))
    )
    return household


@transaction.atomic
def household_update_situation(
    *,
    household: Household,
    by,
    version: int,
    housing_situation: str,
    priorities: Iterable[str],
    informed_on: dt.date | None,
) -> Household:
    """Save the situation edited from `version` of the household; a later save by someone
    else since then is a conflict (issue 8: optimistic locking), and nothing is written."""
    _require(by, "households.edit_household", household)
    if informed_on:
        _not_in_future(
            informed_on, _("La date d'information du ménage ne peut pas être dans le futur.")
        )
    if not claim(Household.objects, household, version):
        raise _conflict(household, _("Le ménage %(ref)s") % {"ref": household.reference})
    household.housing_situation = housing_situation
    household.informed_on = informed_on
    as_author(household, by).save()
    wanted = set(priorities)
    household.priorities.exclude(criterion__in=wanted).delete()
    existing = set(household.priorities.values_list("criterion", flat=True))
    HouseholdPriority.objects.bulk_create(
        HouseholdPriority(household=household, criterion=c) for c in sorted(wanted - existing)
    )
    return household


@transaction.atomic
def member_add(
    *,
    household: Household,
    by,
    first_name: str,
    last_name: str,
    birth_date: dt.date | None,
    relationship: str,
) -> Member:
    _require(by, "households.edit_household", household)
    if birth_date:
        _not_in_future(birth_date, _("La date de naissance ne peut pas être dans le futur."))
    member = Member(
        household=household,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date,
        relationship=relationship,
    )
    as_author(member, by).save()
    return member


# ------------------------------------------------------------------------ referral
@transaction.atomic
def referral_receive(
    *,
    household: Household,
    by,
    referred_by,
    programme,
    received_on: dt.date,
    situation: str,
) -> Referral:
    """Fiche saisine: any partner may refer a household to the platform (seed 004 §4)."""
    _require(by, "households.create_referral", household)
    _not_in_future(received_on, _("Une saisine ne peut pas être reçue dans le futur."))
    if household.referrals.filter(
        programme=programme, status__in=WAITING_REFERRAL_STATUSES
    ).exists():
        raise HouseholdError(
            _("Une saisine de ce ménage pour ce dispositif attend déjà une décision.")
        )
    referral = Referral(
        household=household,
        referred_by=referred_by,
        programme=programme,
        received_on=received_on,
        situation=situation,
        status=ReferralStatus.RECEIVED,
    )
    as_author(referral, by).save()
    return referral


@transaction.atomic
def referral_receive_new_household(
    *,
    by,
    organisation,
    territory,
    housing_situation: str,
    informed_on: dt.date | None,
    priorities: Iterable[str],
    first_name: str,
    last_name: str,
    birth_date: dt.date | None,
    relationship: str,
    referred_by,
    programme,
    received_on: dt.date,
    situation: str,
) -> Referral:
    """A referral of a household not known yet: the household, its first member, the referral."""
    household = household_create(
        by=by,
        organisation=organisation,
        territory=territory,
        housing_situation=housing_situation,
        informed_on=informed_on,
        priorities=priorities,
    )
    member_add(
        household=household,
        by=by,
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        relationship=relationship,
    )
    return referral_receive(
        household=household,
        by=by,
        referred_by=referred_by,
        programme=programme,
        received_on=received_on,
        situation=situation,
    )


def _lock_referral(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral.pk)


@transaction.atomic
def referral_start_study(*, referral: Referral, by) -> Referral:
    _require(by, "households.decide_orientation", referral)
    referral = _lock_referral(referral)
    if referral.status != ReferralStatus.RECEIVED:
        raise HouseholdError(_("Seule une saisine reçue peut être mise à l'étude."))
    referral.status = ReferralStatus.UNDER_STUDY
    as_author(referral, by).save()
    return referral


ORIENTATION_TO_REFERRAL = {
    OrientationOutcome.ORIENTED: ReferralStatus.ORIENTED,
    OrientationOutcome.REFUSED: ReferralStatus.REFUSED,
    OrientationOutcome.REDIRECTED: ReferralStatus.REDIRECTED,
}


@transaction.atomic
def orientation_decide(
    *,
    referral: Referral,
    by,
    outcome: str,
    decided_on: dt.date | None = None,
    operator=None,
    meeting=None,
    reason: str = "",
) -> OrientationDecision:
    """seed 004 §4: the territory's coordinator validates the orientation after study of the
    situation, or a complex-cases commission decides it (then the meeting's date is the date)."""
    _require(by, "households.decide_orientation", referral)
    referral = _lock_referral(referral)
    if referral.status not in WAITING_REFERRAL_STATUSES:
        raise HouseholdError(_("Cette saisine a déjà reçu une décision d'orientation."))
    if meeting is not None:
        if meeting.committee.kind != CommitteeKind.COMPLEX_CASES:
            raise HouseholdError(
                _("Seule une commission des parcours complexes peut décider d'une orientation.")
            )
        if meeting.status != MeetingStatus.HELD:
            raise HouseholdError(_("La commission choisie ne s'est pas encore tenue."))
        decided_on = meeting.held_on
    if decided_on is None:
        raise HouseholdError(_("Indiquez la date de la décision."))
    _not_in_future(decided_on, _("Une décision ne peut pas être datée dans le futur."))
    if decided_on < referral.received_on:
        raise HouseholdError(
            _("La décision ne peut pas précéder la réception de la saisine (%(day)s).")
            % {"day": _french(referral.received_on)}
        )
    if outcome == OrientationOutcome.ORIENTED and operator is None:
        raise HouseholdError(_("Une orientation validée désigne la structure qui accompagnera."))
    if outcome != OrientationOutcome.ORIENTED and not reason.strip():
        raise HouseholdError(_("Motivez un refus ou une réorientation."))
    decision = OrientationDecision(
        referral=referral,
        outcome=outcome,
        decided_on=decided_on,
        decided_by=by,
        meeting=meeting,
        operator=operator if outcome == OrientationOutcome.ORIENTED else None,
        reason=reason.strip(),
    )
    as_author(decision, by).save()
    referral.status = ORIENTATION_TO_REFERRAL[outcome]
    as_author(referral, by).save()
    return decision


# ------------------------------------------------------------------------ project
def project_structures(project: InterventionProject) -> set[int]:
    """The operator and the partner structures that co-follow the household."""
    return {project.operator_id, *(p.pk for p in project.partners.all())}


def _structure_members(organisation_ids: set[int], roles: Iterable[str]):
    return Membership.objects.active().filter(
        organisation__in=organisation_ids, role__in=list(roles)
    )


@transaction.atomic
def project_propose(
    *,
    household: Household,
    by,
    programme,
    operator,
    referent,
    objectives: str,
    referral: Referral | None = None,
    partners: Iterable = (),
    volunteers: Iterable = (),
) -> InterventionProject:
    _require(by, "households.propose_project", household)
    if referral is not None:
        referral = Referral.objects.select_related("orientation").get(pk=referral.pk)
        if referral.household_id != household.pk or referral.status != ReferralStatus.ORIENTED:
            raise HouseholdError(_("Le projet doit partir d'une saisine orientée de ce ménage."))
        # seed 004 §4: the orientation designates the programme and the operator.
        programme = referral.programme
        operator = referral.orientation.operator
    elif not programme.requires_each_partner_approval:
        # seed 004 §4: an ASRL follow-up starts from a referral oriented by the coordinator;
        # seed 000 art. III: in the joint programme the structures propose the household.
        raise HouseholdError(
            _("Ce dispositif demande une saisine orientée par le coordinateur avant tout projet.")
        )
    if household.projects.filter(programme=programme).exclude(status=ProjectStatus.CLOSED).exists():
        raise HouseholdError(_("Ce ménage a déjà un projet en cours dans ce dispositif."))
    partners = [p for p in partners if p.pk != operator.pk]
    structures = {operator.pk, *(p.pk for p in partners)}
    if not by.is_superuser and not structures & org_ids(by, roles=FOLLOWING_ROLES):
        raise HouseholdError(_("Votre structure doit être opératrice ou partenaire du projet."))
    if not _structure_members({operator.pk}, FOLLOWING_ROLES).filter(user=referent).exists():
        raise HouseholdError(
            _("Le référent doit être un travailleur social de la structure opératrice.")
        )
    volunteers = list(volunteers)
    enrolled = set(
        _structure_members(structures, [Role.VOLUNTEER]).values_list("user_id", flat=True)
    )
    if any(v.pk not in enrolled for v in volunteers):
        raise HouseholdError(_("Chaque bénévole doit appartenir à une structure du projet."))
    project = InterventionProject(
        household=household,
        programme=programme,
        referral=referral,
        operator=operator,
        referent=referent,
        objectives=objectives.strip(),
        status=ProjectStatus.PROPOSED,
    )
    as_author(project, by).save()
    project.partners.set(partners)
    project.volunteers.set(volunteers)
    return project


def _lock_project(project: InterventionProject, version: int | None = None) -> InterventionProject:
    """The project's row, locked for this transaction; with `version` (the one the person's
    form was built from), a conflict if someone changed the project since (issue 8)."""
    locked = (
        InterventionProject.objects.select_for_update(of=("self",))
        .select_related("programme", "household")
        .get(pk=project.pk)
    )
    if version is not None and locked.version != version:
        raise _conflict(locked, _("Le projet d'accompagnement"))
    return locked


def structures_to_approve(project: InterventionProject) -> set[int]:
    """Who must agree before the follow-up is approved.

    seed 000 art. IV: in the joint programme, the agreement of each structure; otherwise the
    operator's director alone.
    """
    if project.programme.requires_each_partner_approval:
        return project_structures(project)
    return {project.operator_id}


def approvals_missing(project: InterventionProject) -> set[int]:
    approved = {a.organisation_id for a in project.approvals.all()}
    return structures_to_approve(project) - approved


@transaction.atomic
def project_approve(
    *,
    project: InterventionProject,
    by,
    organisation,
    decision=None,
    override_reason: str = "",
) -> InterventionProject:
    """A director approves the follow-up for their own organisation; the project becomes
    approved once every structure that must agree has agreed (seed 000 art. IV)."""
    _require(by, "households.approve_project", project)
    project = _lock_project(project)
    if project.status != ProjectStatus.PROPOSED:
        raise HouseholdError(_("Seul un projet proposé peut être approuvé."))
    if not by.is_superuser and organisation.pk not in org_ids(by, roles=[Role.DIRECTOR]):
        raise HouseholdError(_("Vous n'approuvez que pour une structure que vous dirigez."))
    if organisation.pk not in structures_to_approve(project):
        raise HouseholdError(_("Cette structure n'a pas à approuver ce projet."))
    if project.approvals.filter(organisation=organisation).exists():
        raise HouseholdError(
            _("%(organisation)s a déjà approuvé ce projet.") % {"organisation": organisation}
        )
    approval = ProjectApproval(
        project=project, organisation=organisation, approved_by=by, decision=decision
    )
    as_author(approval, by).save()
    if not approvals_missing(project):
        _mark_approved(project=project, by=by, override_reason=override_reason)
    return project


def _mark_approved(*, project: InterventionProject, by, override_reason: str) -> None:
    """The step where a project whose structures all agreed becomes approved."""
    # seed 004 §5: approving consumes the household's measures from the operator's allocation;
    # beyond it, only a director's written reason lets it through.
    try:
        reserve_measures(project=project, by=by, override_reason=override_reason)
    except FundingError as error:
        raise HouseholdError(error.messages) from error
    project.status = ProjectStatus.APPROVED
    project.over_allocation_reason = override_reason.strip()
    project.version += 1
    as_author(project, by).save()


@transaction.atomic
def project_start(
    *,
    project: InterventionProject,
    by,
    contract_signed_on: dt.date,
    start_date: dt.date | None = None,
    version: int | None = None,
) -> InterventionProject:
    """The signed accompaniment contract starts the project (seed 004 §4); the review and end
    dates follow from the programme (InterventionProject.compute_dates)."""
    _require(by, "households.manage_project", project)
    project = _lock_project(project, version)
    if project.status != ProjectStatus.APPROVED:
        raise HouseholdError(_("Seul un projet validé peut démarrer."))
    _not_in_future(contract_signed_on, _("Le contrat ne peut pas être signé à une date future."))
    start_date = start_date or contract_signed_on
    if start_date < contract_signed_on:
        raise HouseholdError(_("L'accompagnement ne peut pas commencer avant la signature."))
    project.contract_signed_on = contract_signed_on
    project.start_date = start_date
    project.status = ProjectStatus.ACTIVE
    project.version += 1
    as_author(project, by).save()
    return project


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
    _require(by, "households.manage_project", project)
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
        _require(by, "households.log_contact", action.project)
    else:
        _require(by, "households.manage_project", action.project)
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
) -> Contact:
    _require(by, "households.log_contact", project)
    _require_open(project, _("Les rencontres se notent sur un accompagnement en cours."))
    if project.household.informed_on is None:
        # issue 8 (RGPD art. 13): the household is informed before its first contact note.
        raise HouseholdError(
            _(
                "Enregistrez d'abord la date à laquelle le ménage a été informé du traitement "
                "de ses données (situation du ménage) : elle est requise avant toute rencontre."
            )
        )
    _not_in_future(happened_on, _("Une rencontre ne peut pas être datée dans le futur."))
    if happened_on < project.start_date:
        raise HouseholdError(
            _("L'accompagnement a commencé le %(day)s : la rencontre ne peut pas le précéder.")
            % {"day": _french(project.start_date)}
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
    """Bilans (seed 004 §4, §7): intermediate at 3 months, end of term before any renewal;
    an end-of-term review puts the project in review until it is renewed or closed."""
    _require(by, "households.manage_project", project)
    project = _lock_project(project, version)
    if project.start_date is None:
        raise HouseholdError(
            _("L'accompagnement n'a pas commencé : un bilan suit la signature du contrat.")
        )
    if held_on < project.start_date:
        raise HouseholdError(
            _("Un bilan ne peut pas précéder le début de l'accompagnement (%(day)s).")
            % {"day": _french(project.start_date)}
        )
    _not_in_future(held_on, _("Un bilan ne peut pas être daté dans le futur."))
    _require_open(project, _("Les bilans se font sur un accompagnement en cours."))
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


def renewal_refusal(project: InterventionProject) -> str | None:
    """Why the project cannot be renewed now, or None (seed 004 §4: renewable once, for the
    same length, after the end-of-term review)."""
    allowed = project.programme.renewals_allowed
    if allowed is not None and project.renewals_used >= allowed:
        return _(
            "Ce dispositif n'autorise que %(allowed)s renouvellement(s) : "
            "ce projet a déjà été renouvelé."
        ) % {"allowed": allowed}
    if project.status != ProjectStatus.IN_REVIEW:
        return _("Le renouvellement suit un bilan de fin de mesure : enregistrez-le d'abord.")
    return None


@transaction.atomic
def project_renew(
    *, project: InterventionProject, by, version: int | None = None
) -> InterventionProject:
    _require(by, "households.manage_project", project)
    project = _lock_project(project, version)
    refusal = renewal_refusal(project)
    if refusal:
        raise HouseholdError(refusal)
    project.renewals_used += 1
    project.status = ProjectStatus.RENEWED
    project.version += 1
    as_author(project, by).save()
    return project


@transaction.atomic
def project_close(
    *,
    project: InterventionProject,
    by,
    closed_on: dt.date,
    outcome: str,
    comment: str = "",
    version: int | None = None,
) -> Closure:
    """Closure with its outcome; it feeds the yearly outcome indicators."""
    _require(by, "households.manage_project", project)
    project = _lock_project(project, version)
    if project.status == ProjectStatus.CLOSED:
        raise HouseholdError(_("Ce projet est déjà clôturé."))
    _not_in_future(closed_on, _("Une clôture ne peut pas être datée dans le futur."))
    if project.start_date and closed_on < project.start_date:
        raise HouseholdError(
            _("La clôture ne peut pas précéder le début de l'accompagnement (%(day)s).")
            % {"day": _french(project.start_date)}
        )
    closure = Closure(project=project, closed_on=closed_on, outcome=outcome, comment=comment)
    as_author(closure, by).save()
    project.status = ProjectStatus.CLOSED
    project.version += 1
    as_author(project, by).save()
    return closure


# ------------------------------------------------------------------------ money
@transaction.atomic
def help_request(
    *,
    project: InterventionProject,
    by,
    purpose: str,
    amount_requested: Decimal,
    payer,
) -> FinancialHelp:
    """Soutien financier ponctuel (seed 000, axis 5 of the volunteers)."""
    _require(by, "households.log_contact", project)
    if project.status == ProjectStatus.CLOSED:
        raise HouseholdError(_("Ce projet est clôturé."))
    if amount_requested <= 0:
        raise HouseholdError(_("Le montant demandé doit être positif."))
    if payer.pk not in project_structures(project):
        raise HouseholdError(_("L'aide est versée par une structure du projet."))
    help_ = FinancialHelp(
        project=project,
        purpose=purpose,
        amount_requested=amount_requested,
        payer=payer,
        status=HelpStatus.WAITING_DOCUMENTS,
    )
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
    _require(by, "households.manage_project", help_.project)
    help_ = FinancialHelp.objects.select_for_update().get(pk=help_.pk)
    if help_.status not in (HelpStatus.WAITING_DOCUMENTS, HelpStatus.WAITING_DECISION):
        raise HouseholdError(_("Cette aide a déjà fait l'objet d'une décision."))
    _not_in_future(decided_on, _("Une décision ne peut pas être datée dans le futur."))
    if granted and (amount_granted is None or amount_granted <= 0):
        raise HouseholdError(_("Indiquez le montant accordé."))
    help_.status = HelpStatus.GRANTED if granted else HelpStatus.REFUSED
    help_.amount_granted = amount_granted if granted else None
    help_.decided_on = decided_on
    as_author(help_, by).save()
    return help_


# ------------------------------------------------------------------------ documents
# Formats recognised from the first bytes of the file, never from its name.
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


def detect_format(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a file from its first bytes, or None."""
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


@transaction.atomic
def document_upload(
    *,
    household: Household,
    by,
    kind: str,
    title: str,
    upload,
    project: InterventionProject | None = None,
) -> Document:
    _require(by, "households.manage_documents", household)
    if kind not in DocumentKind.values:
        raise HouseholdError(_("Type de document inconnu."))
    if upload.size > settings.MAX_UPLOAD_SIZE:
        raise HouseholdError(
            _("Le fichier dépasse la taille maximale autorisée (%(max)s).")
            % {"max": filesizeformat(settings.MAX_UPLOAD_SIZE)}
        )
    upload.seek(0)
    detected = detect_format(upload.read(16))
    upload.seek(0)
    if detected is None:
        raise HouseholdError(
            _("Format non accepté : seuls les fichiers PDF, PNG et JPEG sont acceptés.")
        )
    if project is not None and project.household_id != household.pk:
        raise HouseholdError(_("Ce projet n'est pas celui de ce ménage."))
    content_type, extension = detected
    document = Document(
        household=household,
        project=project,
        kind=kind,
        title=title.strip(),
        uploaded_by=by,
        content_type=content_type,
        size=upload.size,
    )
    # The stored name says nothing of the person: a random name with the detected extension.
    document.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
    as_author(document, by).save()
    return document
