"""The life of an intervention project: proposed, approved by its structures, started on the
signed contract, renewed once, closed (seed 004 §4, seed 000 art. IV)."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from common.history import as_author
from funding.envelopes import reserve_further_measures, reserve_measures
from funding.errors import FundingError
from governance.enums import CommitteeKind, DecisionOutcome, MeetingStatus
from governance.voting import IN_SESSION
from households import notifications
from households.enums import ProjectStatus, ReferralStatus
from households.errors import HouseholdError
from households.models import (
    FOLLOWING_ROLES,
    Closure,
    Household,
    InterventionProject,
    ProjectApproval,
    ProjectRefusal,
    Referral,
    RenewalAgreement,
)
from households.services.access import refresh_access
from households.services.base import conflict, french_day, not_in_future, require
from partnerships.enums import Role
from partnerships.models import Membership
from partnerships.perimeter import org_ids


def project_structures(project: InterventionProject, partner_ids=None) -> set[int]:
    """The operator and the partner structures that co-follow the household (`partner_ids`:
    the partners' ids when the caller read them already)."""
    if partner_ids is None:
        partner_ids = (p.pk for p in project.partners.all())
    return {project.operator_id, *partner_ids}


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
    require(by, "households.propose_project", household)
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
    refresh_access(household)  # its operator, partners and volunteers follow the household
    notifications.project_proposed(project, structures_to_approve(project), by)
    return project


def lock_project(project: InterventionProject, version: int | None = None) -> InterventionProject:
    """The project's row, locked for this transaction; with `version` (the one the person's
    form was built from), a conflict if someone changed the project since (issue 8)."""
    locked = (
        InterventionProject.objects.select_for_update(of=("self",))
        .select_related("programme", "household")
        .get(pk=project.pk)
    )
    if version is not None and locked.version != version:
        raise conflict(locked, _("Le projet d'accompagnement"))
    return locked


def structures_to_approve(project: InterventionProject, partner_ids=None) -> set[int]:
    """Who must agree before the follow-up is approved.

    seed 000 art. IV: in the joint programme, the agreement of each structure; otherwise the
    operator's director alone.
    """
    if project.programme.requires_each_partner_approval:
        return project_structures(project, partner_ids)
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
    require(by, "households.approve_project", project)
    project = lock_project(project)
    if project.status != ProjectStatus.PROPOSED:
        raise HouseholdError(_("Seul un projet proposé peut être approuvé."))
    if not by.is_superuser and organisation.pk not in org_ids(by, roles=[Role.DIRECTOR]):
        raise HouseholdError(_("Vous n'approuvez que pour une structure que vous dirigez."))
    if organisation.pk not in structures_to_approve(project):
        raise HouseholdError(_("Cette structure n'a pas à approuver ce projet."))
    _check_undecided(project, organisation)
    approval = ProjectApproval(
        project=project, organisation=organisation, approved_by=by, decision=decision
    )
    as_author(approval, by).save()
    if not approvals_missing(project):
        _mark_approved(project=project, by=by, override_reason=override_reason)
    return project


def _check_undecided(project: InterventionProject, organisation) -> None:
    if project.approvals.filter(organisation=organisation).exists():
        raise HouseholdError(
            _("%(organisation)s a déjà approuvé ce projet.") % {"organisation": organisation}
        )
    if project.refusals.filter(organisation=organisation).exists():
        raise HouseholdError(
            _("%(organisation)s a déjà refusé ce projet.") % {"organisation": organisation}
        )


@transaction.atomic
def project_refuse(
    *, project: InterventionProject, by, organisation, reason: str
) -> InterventionProject:
    """A director refuses the follow-up for their own organisation, with a written reason
    (seed 000 art. IV: the agreement of each structure; issue 18). The project stays proposed
    and is never approved while the refusal stands; its referent reads the reason."""
    require(by, "households.approve_project", project)
    project = lock_project(project)
    if project.status != ProjectStatus.PROPOSED:
        raise HouseholdError(_("Seul un projet proposé peut être refusé."))
    if not by.is_superuser and organisation.pk not in org_ids(by, roles=[Role.DIRECTOR]):
        raise HouseholdError(_("Vous ne refusez que pour une structure que vous dirigez."))
    if organisation.pk not in structures_to_approve(project):
        raise HouseholdError(_("Cette structure n'a pas à se prononcer sur ce projet."))
    reason = (reason or "").strip()
    if not reason:
        raise HouseholdError(_("Indiquez le motif du refus."))
    _check_undecided(project, organisation)
    refusal = ProjectRefusal(
        project=project, organisation=organisation, refused_by=by, reason=reason
    )
    as_author(refusal, by).save()
    notifications.project_refused(
        project, organisation, structures_to_approve(project) - {organisation.pk}, by
    )
    return project


@transaction.atomic
def project_approve_in_committee(
    *, project: InterventionProject, by, decision, organisations: Iterable
) -> InterventionProject:
    """seed 000 art. IV: the COPIL "donne l'accord pour le suivi d'un ménage … sur la base
    d'un accord de chacune des structures". The adopted decision of a held meeting of the
    programme's convention's steering committee approves the follow-up for each structure
    whose representatives, present at the meeting, agreed: the same approval record a
    director gives for their organisation (project_approve), linked to the decision. The
    project is approved once every structure has agreed, in committee or not."""
    meeting = decision.meeting
    if not by.has_perm("governance.run_meeting", meeting):
        raise HouseholdError(_("Seul le secrétariat de l'instance enregistre ses décisions."))
    project = lock_project(project)
    if project.status != ProjectStatus.PROPOSED:
        raise HouseholdError(_("Seul un projet proposé peut être approuvé."))
    if decision.outcome != DecisionOutcome.ADOPTED or meeting.status != MeetingStatus.HELD:
        raise HouseholdError(_("Seule une décision adoptée d'une réunion tenue vaut accord."))
    committee = meeting.committee
    if committee.kind != CommitteeKind.STEERING or (
        committee.convention_id != project.programme.convention_id
    ):
        raise HouseholdError(
            _("L'accord se donne en comité de pilotage de la convention du dispositif.")
        )
    organisations = list(organisations)
    if not organisations:
        raise HouseholdError(
            _("Indiquez les structures dont les représentants ont donné leur accord.")
        )
    present = set(
        meeting.attendances.filter(status__in=IN_SESSION).values_list("organisation", flat=True)
    )
    expected = structures_to_approve(project)
    approved = {a.organisation_id for a in project.approvals.all()}
    for organisation in organisations:
        if organisation.pk not in expected:
            raise HouseholdError(
                _("%(org)s n'a pas à approuver ce projet.") % {"org": organisation}
            )
        if organisation.pk not in present:
            raise HouseholdError(
                _("Aucun représentant de %(org)s n'est présent : son accord ne peut être acté.")
                % {"org": organisation}
            )
        if organisation.pk in approved:
            continue
        approval = ProjectApproval(
            project=project, organisation=organisation, approved_by=by, decision=decision
        )
        as_author(approval, by).save()
    if not approvals_missing(project):
        _mark_approved(project=project, by=by, override_reason="")
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
    notifications.project_approved(project, structures_to_approve(project), by)


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
    require(by, "households.manage_project", project)
    project = lock_project(project, version)
    if project.status != ProjectStatus.APPROVED:
        raise HouseholdError(_("Seul un projet validé peut démarrer."))
    not_in_future(contract_signed_on, _("Le contrat ne peut pas être signé à une date future."))
    start_date = start_date or contract_signed_on
    if start_date < contract_signed_on:
        raise HouseholdError(_("L'accompagnement ne peut pas commencer avant la signature."))
    project.contract_signed_on = contract_signed_on
    project.start_date = start_date
    project.status = ProjectStatus.ACTIVE
    project.version += 1
    as_author(project, by).save()
    return project


def renewal_refusal(project: InterventionProject) -> str | None:
    """Why the project cannot be renewed now, or None (seed 004 §4: renewable after the
    end-of-term review, for the same length; §5: a measure funds 6 months and a possible
    renewal, a further one consumes a new measure; a renewal its committee refused is not)."""
    if renewals_exhausted(project):
        return _(
            "Ce dispositif n'autorise que %(allowed)s renouvellement(s) par mesure : ce projet "
            "les a utilisés. Un nouveau renouvellement consomme une nouvelle mesure, avec "
            "l'accord du coordinateur et un motif."
        ) % {"allowed": project.programme.renewals_allowed}
    if project.renewal_refused_by_id is not None:
        return _(
            "L'instance a refusé le renouvellement : l'accompagnement prend fin à son terme "
            "et se clôture."
        )
    if project.status != ProjectStatus.IN_REVIEW:
        return _("Le renouvellement suit un bilan de fin de mesure : enregistrez-le d'abord.")
    return None


def renewals_exhausted(project: InterventionProject) -> bool:
    """The project used every renewal its measures fund (seed 004 §5)."""
    allowed = project.renewals_allowed()
    return allowed is not None and project.renewals_used >= allowed


def further_renewal_refusal(project: InterventionProject) -> str | None:
    """Why the coordinator cannot agree to a further renewal now, or None."""
    if project.status != ProjectStatus.IN_REVIEW:
        return _("Le renouvellement suit un bilan de fin de mesure : enregistrez-le d'abord.")
    if project.renewal_refused_by_id is not None:
        return _(
            "L'instance a refusé le renouvellement : l'accompagnement prend fin à son terme "
            "et se clôture."
        )
    if not renewals_exhausted(project):
        return _(
            "Ce projet peut encore être renouvelé sur sa mesure : aucune nouvelle mesure "
            "n'est nécessaire."
        )
    return None


def _renew(project: InterventionProject, by) -> InterventionProject:
    refusal = renewal_refusal(project)
    if refusal:
        raise HouseholdError(refusal)
    project.renewals_used += 1
    project.status = ProjectStatus.RENEWED
    project.version += 1
    as_author(project, by).save()
    return project


@transaction.atomic
def project_renew(
    *, project: InterventionProject, by, version: int | None = None
) -> InterventionProject:
    require(by, "households.manage_project", project)
    return _renew(lock_project(project, version), by)


@transaction.atomic
def project_renew_further(
    *, project: InterventionProject, by, reason: str, version: int | None = None
) -> RenewalAgreement:
    """A renewal beyond the ones the project's measure funds (seed 004 §5: « un
    accompagnement de 6 mois et un éventuel renouvellement, pour la même durée »): the
    coordinator of the household's territory agrees, with a written reason; the project
    consumes a new measure from its operator's allocation (never beyond it), which funds a
    renewal and a possible one more, like the first; the project is renewed at once."""
    require(by, "households.agree_further_renewal", project)
    project = lock_project(project, version)
    refusal = further_renewal_refusal(project)
    if refusal:
        raise HouseholdError(refusal)
    reason = (reason or "").strip()
    if not reason:
        raise HouseholdError(_("Indiquez le motif du nouveau renouvellement."))
    try:
        reservation = reserve_further_measures(project=project, by=by)
    except FundingError as error:
        raise HouseholdError(error.messages) from error
    agreement = RenewalAgreement(
        project=project, agreed_by=by, reason=reason, reservation=reservation
    )
    as_author(agreement, by).save()
    project.extra_renewals += (project.programme.renewals_allowed or 0) + 1
    _renew(project, by)
    return agreement


def renewal_committee_fits(committee, programme) -> bool:
    """The committee whose remit is a project's renewal: the steering committee of the
    programme's convention for a joint programme (seed 000 art. IV, like the agreement on the
    follow-up); otherwise the complex-cases commission (seed 004 §4, like the orientation),
    of the programme's convention when it has one."""
    if programme.requires_each_partner_approval:
        return (
            committee.kind == CommitteeKind.STEERING
            and committee.convention_id is not None
            and committee.convention_id == programme.convention_id
        )
    return committee.kind == CommitteeKind.COMPLEX_CASES and committee.convention_id in (
        None,
        programme.convention_id,
    )


def _committee_decision(project: InterventionProject, by, decision) -> InterventionProject:
    meeting = decision.meeting
    if not by.has_perm("governance.run_meeting", meeting):
        raise HouseholdError(_("Seul le secrétariat de l'instance enregistre ses décisions."))
    project = lock_project(project)
    if meeting.status != MeetingStatus.HELD or decision.outcome not in (
        DecisionOutcome.ADOPTED,
        DecisionOutcome.REJECTED,
    ):
        raise HouseholdError(_("Seule une décision adoptée ou rejetée d'une réunion tenue vaut."))
    if not renewal_committee_fits(meeting.committee, project.programme):
        raise HouseholdError(
            _("Cette instance ne se prononce pas sur le renouvellement de ce projet.")
        )
    return project


@transaction.atomic
def project_renew_in_committee(
    *, project: InterventionProject, by, decision
) -> InterventionProject:
    """The committee adopts the renewal asked for by the end-of-term review: the project is
    renewed as project_renew does it, with the same rules (seed 004 §4: "renouvelable", once
    for ASRL)."""
    project = _committee_decision(project, by, decision)
    if decision.outcome != DecisionOutcome.ADOPTED:
        raise HouseholdError(_("Seule une décision adoptée renouvelle l'accompagnement."))
    return _renew(project, by)


@transaction.atomic
def project_renewal_refuse_in_committee(
    *, project: InterventionProject, by, decision
) -> InterventionProject:
    """The committee refuses the renewal: the refusal is recorded with its decision, the
    project is no longer renewable and ends at its term (its closure is recorded then)."""
    project = _committee_decision(project, by, decision)
    if decision.outcome != DecisionOutcome.REJECTED:
        raise HouseholdError(_("Seule une décision rejetée refuse le renouvellement."))
    if project.status != ProjectStatus.IN_REVIEW:
        raise HouseholdError(_("Seul un projet en bilan attend la décision de renouvellement."))
    project.renewal_refused_by = decision
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
    require(by, "households.manage_project", project)
    project = lock_project(project, version)
    if project.status == ProjectStatus.CLOSED:
        raise HouseholdError(_("Ce projet est déjà clôturé."))
    not_in_future(closed_on, _("Une clôture ne peut pas être datée dans le futur."))
    if project.start_date and closed_on < project.start_date:
        raise HouseholdError(
            _("La clôture ne peut pas précéder le début de l'accompagnement (%(day)s).")
            % {"day": french_day(project.start_date)}
        )
    closure = Closure(project=project, closed_on=closed_on, outcome=outcome, comment=comment)
    as_author(closure, by).save()
    project.status = ProjectStatus.CLOSED
    project.version += 1
    as_author(project, by).save()
    return closure


def _enrolled_volunteers(structures: set[int]) -> set[int]:
    return set(_structure_members(structures, [Role.VOLUNTEER]).values_list("user_id", flat=True))


@transaction.atomic
def project_set_volunteers(
    *, project: InterventionProject, by, volunteers: Iterable, version: int | None = None
) -> InterventionProject:
    """Assign or unassign the volunteers of a project (seed 000: the volunteers of a partner
    structure accompany the family). Each must be a volunteer of one of its structures; one
    who is unassigned no longer sees the household (refresh_access)."""
    require(by, "households.manage_project", project)
    project = lock_project(project, version)
    if project.status == ProjectStatus.CLOSED:
        raise HouseholdError(_("Ce projet est clôturé."))
    volunteers = list(volunteers)
    enrolled = _enrolled_volunteers(project_structures(project))
    if any(v.pk not in enrolled for v in volunteers):
        raise HouseholdError(_("Chaque bénévole doit appartenir à une structure du projet."))
    project.volunteers.set(volunteers)
    project.version += 1
    as_author(project, by).save()
    refresh_access(project.household)
    return project


@transaction.atomic
def project_set_partners(
    *, project: InterventionProject, by, partners: Iterable, version: int | None = None
) -> InterventionProject:
    """Change the partner structures of a proposed project, before it is approved (seed 000
    art. IV: each structure of the joint programme agrees to the project it is part of). A
    structure that already agreed stays; the volunteers of a structure taken off are
    unassigned, and the structure no longer sees the household through this project."""
    require(by, "households.manage_project", project)
    project = lock_project(project, version)
    if project.status != ProjectStatus.PROPOSED:
        raise HouseholdError(
            _("Les structures partenaires ne changent que tant que le projet est proposé.")
        )
    partners = [p for p in partners if p.pk != project.operator_id]
    structures = {project.operator_id, *(p.pk for p in partners)}
    if not by.is_superuser and not structures & org_ids(by, roles=FOLLOWING_ROLES):
        raise HouseholdError(_("Votre structure doit être opératrice ou partenaire du projet."))
    approved = set(project.approvals.values_list("organisation_id", flat=True))
    before = structures_to_approve(project)
    if approved - structures:
        raise HouseholdError(
            _("Une structure qui a déjà approuvé le projet ne peut pas en être retirée.")
        )
    project.partners.set(partners)
    enrolled = _enrolled_volunteers(structures)
    project.volunteers.set([v for v in project.volunteers.all() if v.pk in enrolled])
    project.version += 1
    as_author(project, by).save()
    refresh_access(project.household)
    # A structure added to a joint project is asked for its agreement (seed 000 art. IV).
    notifications.approval_asked(project, structures_to_approve(project) - before, by)
    return project
