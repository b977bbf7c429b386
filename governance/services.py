"""Writes of governance: committees, meetings, attendance, decisions, plans and reports.

Signals to other apps (governance/signals.py) are sent *inside* the transaction of the
status change: a receiver that fails (the funding app making an instalment due) rolls the
validation or the transmission back, so the report is never validated without its 30 %.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.history import as_author
from common.papers import paper_discard, paper_fill
from governance.enums import (
    AttendanceStatus,
    DecisionOutcome,
    DecisionSubject,
    MeetingStatus,
    ObjectiveStatus,
    PlanPeriod,
    ReportStatus,
)
from governance.errors import GovernanceError
from governance.models import (
    ActionPlan,
    AnnualReport,
    Attendance,
    Committee,
    CommitteeMember,
    Decision,
    DeliberationPaper,
    Meeting,
    OrganisationAgreement,
    PlanObjective,
)
from governance.notifications import report_decided
from governance.rules import RUNNING_ROLES, report_funders
from governance.signals import action_plan_transmitted, annual_report_validated
from governance.voting import count as vote_count
from governance.voting import quorum_refusal
from partnerships.enums import Role
from partnerships.perimeter import org_ids


def _french(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _not_in_future(day: dt.date, message: str) -> None:
    if day > timezone.localdate():
        raise GovernanceError(message)


def _require(by, perm: str, obj, message: str) -> None:
    """The acting user's right, checked by the service itself: a view, the admin, a command
    or a future API cannot forget it."""
    if by is None or not by.has_perm(perm, obj):
        raise GovernanceError(message)


MANAGE_CONVENTION = gettext_lazy(
    "Seules la direction et les agents des parties qui pilotent la convention rédigent et "
    "transmettent ses plans d'actions et ses bilans."
)
RUN_COMMITTEE = gettext_lazy(
    "Seules la direction et les agents d'une structure qui anime l'instance en tiennent les "
    "réunions, les présences et les décisions."
)


# ------------------------------------------------------------------------------ committees
@transaction.atomic
def committee_create(
    *,
    by,
    name: str,
    kind: str,
    frequency: str,
    organisation,
    convention=None,
    seats_per_organisation: int | None = None,
    chair: str = "",
    secretary=None,
) -> Committee:
    """An instance of a convention is created by those who run the convention, for one of
    their own organisations (a beneficiary cannot hold a committee in its funder's name)."""
    if convention is not None:
        _require(
            by,
            "partnerships.manage_convention",
            convention,
            _("Seules les parties qui pilotent la convention créent ses instances."),
        )
    if by is None or not (by.is_superuser or organisation.pk in org_ids(by, roles=RUNNING_ROLES)):
        raise GovernanceError(
            _("Une instance est portée par une structure que vous dirigez ou que vous servez.")
        )
    if not name.strip():
        raise GovernanceError(_("Nommez l'instance."))
    if convention is not None:
        parties = {p.organisation_id for p in convention.parties.all()}
        if organisation.pk not in parties:
            raise GovernanceError(
                _("L'organisation porteuse d'une instance est partie à sa convention.")
            )
    _check_secretary(organisation, secretary)
    committee = Committee(
        name=name.strip(),
        kind=kind,
        frequency=frequency,
        organisation=organisation,
        convention=convention,
        seats_per_organisation=seats_per_organisation,
        chair=chair.strip(),
        secretary=secretary,
    )
    as_author(committee, by).save()
    return committee


def _check_secretary(organisation, secretary) -> None:
    """The secretary prepares the meetings: a director or an agent of the organisation that
    holds the committee."""
    if secretary is not None and organisation.pk not in org_ids(secretary, roles=RUNNING_ROLES):
        raise GovernanceError(
            _("Le secrétariat est tenu par la direction ou un agent de %(org)s.")
            % {"org": organisation}
        )


@transaction.atomic
def committee_secretary_set(*, committee: Committee, by, secretary) -> Committee:
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    _require(by, "governance.run_committee", committee, RUN_COMMITTEE)
    _check_secretary(committee.organisation, secretary)
    committee.secretary = secretary
    as_author(committee, by).save()
    return committee


@transaction.atomic
def committee_member_add(
    *, committee: Committee, by, organisation, full_name: str, title: str = "", voting=True
) -> CommitteeMember:
    """seed 000 art. IV: the steering committee has two representatives of each structure."""
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    _require(by, "governance.run_committee", committee, RUN_COMMITTEE)
    if not full_name.strip():
        raise GovernanceError(_("Indiquez le nom du membre."))
    seats = committee.seats_per_organisation
    if voting and seats:
        taken = committee.members.filter(organisation=organisation, voting=True).count()
        if taken >= seats:
            raise GovernanceError(
                _("%(org)s a déjà ses %(seats)s représentants dans cette instance.")
                % {"org": organisation, "seats": seats}
            )
    if committee.members.filter(organisation=organisation, full_name=full_name.strip()).exists():
        raise GovernanceError(_("Cette personne est déjà membre de l'instance."))
    member = CommitteeMember(
        committee=committee,
        organisation=organisation,
        full_name=full_name.strip(),
        title=title.strip(),
        voting=voting,
    )
    as_author(member, by).save()
    return member


# -------------------------------------------------------------------------------- meetings
def _lock_meeting(meeting: Meeting, by) -> Meeting:
    """The meeting, locked, once the acting user is known to run its committee."""
    meeting = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    _require(by, "governance.run_meeting", meeting, RUN_COMMITTEE)
    return meeting


@transaction.atomic
def meeting_plan(
    *, committee: Committee, by, held_on: dt.date, place: str = "", agenda: str = ""
) -> Meeting:
    _require(by, "governance.run_committee", committee, RUN_COMMITTEE)
    if not agenda.strip():
        raise GovernanceError(_("Indiquez l'ordre du jour."))
    meeting = Meeting(
        committee=committee,
        held_on=held_on,
        place=place.strip(),
        agenda=agenda.strip(),
        status=MeetingStatus.PLANNED,
    )
    as_author(meeting, by).save()
    return meeting


@transaction.atomic
def meeting_hold(*, meeting: Meeting, by, minutes: str = "") -> Meeting:
    """Planned → held, once its day has come; the minutes may follow."""
    meeting = _lock_meeting(meeting, by)
    if meeting.status != MeetingStatus.PLANNED:
        raise GovernanceError(_("Seule une réunion prévue peut être déclarée tenue."))
    _not_in_future(meeting.held_on, _("Une réunion à venir ne peut pas être déclarée tenue."))
    meeting.status = MeetingStatus.HELD
    if minutes.strip():
        meeting.minutes = minutes.strip()
    as_author(meeting, by).save()
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by, reason: str) -> Meeting:
    meeting = _lock_meeting(meeting, by)
    if meeting.status != MeetingStatus.PLANNED:
        raise GovernanceError(_("Seule une réunion prévue peut être annulée."))
    if not reason.strip():
        raise GovernanceError(_("Indiquez le motif de l'annulation."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancellation_reason = reason.strip()
    as_author(meeting, by).save()
    return meeting


@transaction.atomic
def meeting_minutes(*, meeting: Meeting, by, minutes: str) -> Meeting:
    meeting = _lock_meeting(meeting, by)
    if meeting.status != MeetingStatus.HELD:
        raise GovernanceError(_("Le compte rendu suit une réunion tenue."))
    if not minutes.strip():
        raise GovernanceError(_("Le compte rendu est vide."))
    meeting.minutes = minutes.strip()
    as_author(meeting, by).save()
    return meeting


NON_VOTING_FOR = {
    AttendanceStatus.PRESENT: AttendanceStatus.NON_VOTING,
    AttendanceStatus.REPRESENTED: AttendanceStatus.NON_VOTING,
    AttendanceStatus.EXCUSED: AttendanceStatus.EXCUSED_NON_VOTING,
}


def _check_voice(meeting: Meeting, full_name: str, status: str) -> None:
    """A member "sans voix délibérative" (CommitteeMember.voting off) never votes: their
    attendance is recorded as non-voting (seed 001: "Assistant également sans voix
    délibérative")."""
    if status not in NON_VOTING_FOR:
        return
    seat = meeting.committee.members.filter(full_name=full_name, voting=False).first()
    if seat is not None:
        raise GovernanceError(
            _(
                "%(name)s siège sans voix délibérative : enregistrez sa présence comme "
                "« %(status)s »."
            )
            % {"name": full_name, "status": AttendanceStatus(NON_VOTING_FOR[status]).label}
        )


def _check_proxy(meeting: Meeting, giver_status: str, holder: Attendance) -> Attendance:
    """seed 001 (CGCT L.3121-14-1): an excused member gives their proxy to a named member
    present at the same meeting, who holds one proxy at most."""
    if giver_status != AttendanceStatus.EXCUSED:
        raise GovernanceError(
            _("Seul un membre excusé, ayant voix délibérative, donne pouvoir à un membre présent.")
        )
    holder = Attendance.objects.select_for_update().filter(pk=holder.pk).first()
    if holder is None or holder.meeting_id != meeting.pk:
        raise GovernanceError(_("Le pouvoir se donne à un membre présent à la même réunion."))
    if holder.status != AttendanceStatus.PRESENT:
        raise GovernanceError(
            _("%(name)s n'est pas présent avec voix délibérative : il ne peut recevoir de pouvoir.")
            % {"name": holder.full_name}
        )
    if Attendance.objects.filter(proxy_holder=holder).exists():
        raise GovernanceError(
            _("%(name)s détient déjà un pouvoir : un membre n'en reçoit qu'un seul.")
            % {"name": holder.full_name}
        )
    return holder


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    by,
    full_name: str,
    status: str,
    organisation=None,
    represented_by: str = "",
    proxy_holder: Attendance | None = None,
) -> Attendance:
    """Present, excused (with or without a proxy), represented or attending without a vote
    (seed 001)."""
    meeting = _lock_meeting(meeting, by)
    if meeting.status == MeetingStatus.CANCELLED:
        raise GovernanceError(_("La réunion a été annulée."))
    full_name = full_name.strip()
    if not full_name:
        raise GovernanceError(_("Indiquez le nom de la personne."))
    if status == AttendanceStatus.REPRESENTED and not represented_by.strip():
        raise GovernanceError(_("Indiquez qui représente la personne absente."))
    if status != AttendanceStatus.REPRESENTED and represented_by.strip():
        raise GovernanceError(_("Seule une personne représentée a un représentant."))
    if meeting.attendances.filter(full_name=full_name).exists():
        raise GovernanceError(
            _("La présence de %(name)s est déjà enregistrée.") % {"name": full_name}
        )
    _check_voice(meeting, full_name, status)
    if proxy_holder is not None:
        proxy_holder = _check_proxy(meeting, status, proxy_holder)
    attendance = Attendance(
        meeting=meeting,
        full_name=full_name,
        organisation=organisation,
        status=status,
        represented_by=represented_by.strip(),
        proxy_holder=proxy_holder,
    )
    as_author(attendance, by).save()
    return attendance


@transaction.atomic
def proxy_give(*, attendance: Attendance, by, holder: Attendance) -> Attendance:
    """An excused member's proxy, recorded after their attendance (the holder arrived later)."""
    meeting = _lock_meeting(attendance.meeting, by)
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    if attendance.proxy_holder_id:
        raise GovernanceError(
            _("%(name)s a déjà donné son pouvoir.") % {"name": attendance.full_name}
        )
    attendance.proxy_holder = _check_proxy(meeting, attendance.status, holder)
    as_author(attendance, by).save()
    return attendance


def meeting_voters(meeting: Meeting) -> int:
    """Who votes at the meeting: present with a vote, represented, and excused members whose
    proxy a present member holds (governance/voting.py)."""
    return vote_count(meeting, list(meeting.attendances.all())).voters


# ------------------------------------------------------------------------------- decisions
def outcome_from_votes(votes_for: int, votes_against: int) -> str:
    """A deliberation is adopted by a majority of the votes cast (seed 001: 42 / 0 / 0)."""
    return DecisionOutcome.ADOPTED if votes_for > votes_against else DecisionOutcome.REJECTED


def outcome_from_agreements(decision: Decision) -> str:
    """seed 000 art. IV: agreed only with the agreement of *each* structure of the committee;
    one refusal rejects it; until every structure has answered, it waits."""
    structures = {m.organisation_id for m in decision.meeting.committee.members.all()}
    answers = {a.organisation_id: a.agreed for a in decision.agreements.all()}
    if any(agreed is False for agreed in answers.values()):
        return DecisionOutcome.REJECTED
    if structures and structures <= {org for org, agreed in answers.items() if agreed}:
        return DecisionOutcome.ADOPTED
    return DecisionOutcome.PENDING


@transaction.atomic
def decision_record(
    *,
    meeting: Meeting,
    by,
    subject: str,
    title: str,
    text: str = "",
    number: str = "",
    convention=None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    requires_each_organisation: bool = False,
    outcome: str | None = None,
    report: AnnualReport | None = None,
) -> Decision:
    """A decision of a held meeting: by vote, by each structure's agreement, or recorded as is.

    A decision to validate an annual report writes its outcome back on the report (nobody
    types it twice).
    """
    meeting = _lock_meeting(meeting, by)
    if meeting.status != MeetingStatus.HELD:
        raise GovernanceError(_("Une décision est prise au cours d'une réunion tenue."))
    if not title.strip():
        raise GovernanceError(_("Indiquez l'intitulé de la décision."))
    number = number.strip()
    if number and Decision.objects.filter(number=number).exists():
        raise GovernanceError(_("Le numéro %(n)s est déjà pris.") % {"n": number})
    votes = (votes_for, votes_against, abstentions)
    voted = any(v is not None for v in votes)
    if voted and any(v is None for v in votes):
        raise GovernanceError(_("Indiquez les voix pour, contre et les abstentions."))
    if voted and requires_each_organisation:
        raise GovernanceError(
            _("Une décision se prend par un vote ou par l'accord de chaque structure.")
        )
    if voted:
        _check_votes(meeting, votes_for + votes_against + abstentions)
        outcome = outcome_from_votes(votes_for, votes_against)
    elif requires_each_organisation:
        if not meeting.committee.members.exists():
            raise GovernanceError(_("L'instance n'a pas de membres : aucun accord possible."))
        outcome = DecisionOutcome.PENDING
    elif outcome is None:
        raise GovernanceError(_("Indiquez l'issue de la décision."))
    if report is not None:
        if subject != DecisionSubject.VALIDATE_REPORT:
            raise GovernanceError(_("Seule une décision de validation concerne un bilan."))
        if requires_each_organisation:
            raise GovernanceError(
                _("Un bilan se valide par un vote ou une décision arrêtée en séance.")
            )
        _check_report_validation(meeting=meeting, by=by, report=report)
        convention = report.convention
    elif subject == DecisionSubject.VALIDATE_REPORT:
        raise GovernanceError(_("Désignez le bilan annuel que la décision valide."))
    if convention is not None:
        _require(
            by,
            "partnerships.read_convention",
            convention,
            _("Cette convention n'est pas dans votre périmètre."),
        )
    decision = Decision(
        meeting=meeting,
        number=number,
        subject=subject,
        title=title.strip(),
        text=text.strip(),
        convention=convention,
        outcome=outcome,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        requires_each_organisation=requires_each_organisation,
    )
    as_author(decision, by).save()
    if report is not None and outcome == DecisionOutcome.ADOPTED:
        _annual_report_validate(report=report, by=by, on=meeting.held_on, decision=decision)
    return decision


def _check_votes(meeting: Meeting, cast: int) -> None:
    """The quorum of the committee's kind, and no more votes than voters (seed 001: 39
    present + 3 excused having given their proxy = 42 votes; without the proxies, 39)."""
    attendances = list(meeting.attendances.all())
    members = meeting.committee.members.all()
    voting_members = sum(1 for m in members if m.voting)
    refusal = quorum_refusal(
        meeting, attendances, voting_members, {m.organisation_id for m in members}
    )
    if refusal:
        raise GovernanceError(refusal)
    tally = vote_count(meeting, attendances)
    if attendances and cast > tally.voters:
        raise GovernanceError(
            _(
                "%(cast)s voix exprimées pour %(voters)s votants : %(present)s présents avec "
                "voix délibérative et %(proxies)s pouvoirs donnés à des membres présents."
            )
            % {
                "cast": cast,
                "voters": tally.voters,
                "present": tally.in_session,
                "proxies": tally.proxies,
            }
        )


@transaction.atomic
def deliberation_publish(
    *, decision: Decision, by, sent_to_control_on: dt.date, published_on: dt.date
) -> Decision:
    """seed 001: "Envoi au contrôle de légalité le : 19 avril 2023 — Publication électronique
    le : 19 avril 2023". An adopted deliberation becomes enforceable once both are done."""
    decision = (
        Decision.objects.select_for_update()
        .select_related("meeting__committee")
        .get(pk=decision.pk)
    )
    _require(by, "governance.run_meeting", decision.meeting, RUN_COMMITTEE)
    if decision.outcome != DecisionOutcome.ADOPTED:
        raise GovernanceError(_("Seule une délibération adoptée est transmise et publiée."))
    if not decision.number:
        raise GovernanceError(_("Numérotez la délibération avant de la transmettre."))
    if decision.sent_to_control_on or decision.published_on:
        raise GovernanceError(_("La transmission et la publication sont déjà enregistrées."))
    for day in (sent_to_control_on, published_on):
        _not_in_future(day, _("Une transmission ou une publication ne se date pas dans le futur."))
        if day < decision.meeting.held_on:
            raise GovernanceError(
                _("La transmission et la publication suivent la séance du %(day)s.")
                % {"day": _french(decision.meeting.held_on)}
            )
    decision.sent_to_control_on = sent_to_control_on
    decision.published_on = published_on
    as_author(decision, by).save()
    return decision


def _check_report_validation(*, meeting: Meeting, by, report: AnnualReport) -> None:
    """seed 001 art. 4.2, art. 5 and 6: the beneficiary produces the report, the funder
    validates it in an instance of the convention where it sits. A beneficiary that holds a
    committee of its own and adopts a "validate" decision there validates nothing."""
    _require(
        by,
        "governance.validate_report",
        report,
        _(
            "Seul le financeur de la convention valide son bilan annuel "
            "(CPOM FAS 2023-2025, art. 4.2) : la structure qui le produit ne peut pas le valider."
        ),
    )
    committee = meeting.committee
    if committee.convention_id != report.convention_id:
        raise GovernanceError(
            _("Le bilan %(year)s se valide dans une instance de la convention %(ref)s.")
            % {"year": report.year, "ref": report.convention.reference}
        )
    funders = report_funders(report.convention)
    seated = {m.organisation_id for m in committee.members.all()}
    if funders and not funders & seated:
        raise GovernanceError(
            _(
                "Le financeur de la convention ne siège pas dans « %(committee)s » : "
                "cette instance ne peut pas valider le bilan."
            )
            % {"committee": committee.name}
        )


@transaction.atomic
def agreement_record(
    *, decision: Decision, by, organisation, agreed: bool, on: dt.date
) -> OrganisationAgreement:
    """The agreement (or refusal) of one structure (seed 000 art. IV)."""
    decision = (
        Decision.objects.select_for_update()
        .select_related("meeting__committee")
        .get(pk=decision.pk)
    )
    _require(
        by,
        "governance.give_agreement",
        decision,
        _("Seule la direction d'une structure de l'instance donne son accord."),
    )
    if not (by.is_superuser or organisation.pk in org_ids(by, roles=[Role.DIRECTOR])):
        raise GovernanceError(_("Vous ne pouvez répondre que pour une structure que vous dirigez."))
    if not decision.requires_each_organisation:
        raise GovernanceError(_("Cette décision ne requiert pas l'accord de chaque structure."))
    if decision.outcome != DecisionOutcome.PENDING:
        raise GovernanceError(_("Cette décision est déjà arrêtée."))
    members = {m.organisation_id for m in decision.meeting.committee.members.all()}
    if organisation.pk not in members:
        raise GovernanceError(
            _("%(org)s n'est pas représentée dans cette instance.") % {"org": organisation}
        )
    if decision.agreements.filter(organisation=organisation).exists():
        raise GovernanceError(_("%(org)s a déjà répondu.") % {"org": organisation})
    _not_in_future(on, _("Un accord ne peut pas être daté dans le futur."))
    if on < decision.meeting.held_on:
        raise GovernanceError(_("L'accord ne peut précéder la réunion."))
    agreement = OrganisationAgreement(
        decision=decision, organisation=organisation, agreed=agreed, given_on=on, given_by=by
    )
    as_author(agreement, by).save()
    decision.outcome = outcome_from_agreements(decision)
    as_author(decision, by).save()
    return agreement


# ---------------------------------------------------------------------------- action plans
class _OfConvention:
    """The right on a plan or report not yet written is the right on its convention."""

    def __init__(self, convention):
        self.convention = convention


def _period_start(period: str, day: dt.date) -> dt.date:
    # seed 003 §IV.2: a yearly roadmap covers a calendar year, a monthly one a month.
    return dt.date(day.year, 1, 1) if period == PlanPeriod.YEAR else day.replace(day=1)


@transaction.atomic
def action_plan_create(
    *,
    convention,
    by,
    period: str,
    period_start: dt.date,
    objectives: str,
    planned_actions: str = "",
    indicators: str = "",
) -> ActionPlan:
    """Plan d'actions annuel (seed 002 §III-1), feuille de route annuelle ou mensuelle
    (seed 003 §IV.2)."""
    _require(by, "governance.manage_plan", _OfConvention(convention), MANAGE_CONVENTION)
    start = _period_start(period, period_start)
    if start != period_start:
        raise GovernanceError(_("Cette période commence le %(day)s.") % {"day": _french(start)})
    if not objectives.strip():
        raise GovernanceError(_("Indiquez les objectifs."))
    last = convention.end_on(start)
    if start > last or _period_start(period, convention.start_date) > start:
        raise GovernanceError(_("Cette période est hors de la durée de la convention."))
    if ActionPlan.objects.filter(convention=convention, period=period, period_start=start):
        raise GovernanceError(_("Un plan existe déjà pour cette période."))
    plan = ActionPlan(
        convention=convention,
        period=period,
        period_start=start,
        objectives=objectives.strip(),
        planned_actions=planned_actions.strip(),
        indicators=indicators.strip(),
    )
    as_author(plan, by).save()
    for position, text in enumerate(objective_lines(plan.objectives), start=1):
        as_author(PlanObjective(plan=plan, position=position, text=text), by).save()
    return plan


_BULLETS = "-–—•*·"


def objective_lines(objectives: str) -> list[str]:
    """The plan's objectives, one per line as people write them (« - », « • » or a number
    before the text are dropped, blank lines ignored)."""
    lines = []
    for raw in objectives.splitlines():
        text = raw.strip().lstrip(_BULLETS).strip()
        head, _dot, rest = text.partition(".")
        if head.isdigit() and rest.strip():
            text = rest.strip()
        elif text[:1].isdigit() and ")" in text[:4]:
            text = text.split(")", 1)[1].strip()
        if text:
            lines.append(text)
    return lines


ASSESSMENTS = (ObjectiveStatus.ACHIEVED, ObjectiveStatus.PARTLY, ObjectiveStatus.NOT_ACHIEVED)


@transaction.atomic
def plan_objective_assess(
    *, objective: PlanObjective, by, status: str, comment: str, on: dt.date
) -> PlanObjective:
    """seed 002 §V: the partners meet « afin … d'étudier l'atteinte des objectifs du plan
    d'actions annuel dans une démarche qualitative d'amélioration du présent partenariat »:
    each objective is atteint, partiellement atteint or non atteint, with a comment saying
    why when it is not fully achieved. It may be assessed again at a later meeting (the
    history keeps the earlier answer)."""
    plan = ActionPlan.objects.select_for_update().select_related("convention")
    plan = plan.get(pk=objective.plan_id)
    _require(by, "governance.manage_plan", plan, MANAGE_CONVENTION)
    objective = PlanObjective.objects.select_for_update().get(pk=objective.pk)
    if status not in ASSESSMENTS:
        raise GovernanceError(_("Indiquez si l'objectif est atteint, partiellement ou non."))
    comment = comment.strip()
    if status != ObjectiveStatus.ACHIEVED and not comment:
        raise GovernanceError(
            _("Expliquez en commentaire ce qui n'a pas été atteint, et pourquoi.")
        )
    _not_in_future(on, _("L'évaluation ne peut pas être datée dans le futur."))
    if on < plan.period_start:
        raise GovernanceError(
            _("L'atteinte d'un objectif s'évalue après le début du plan (%(day)s).")
            % {"day": _french(plan.period_start)}
        )
    objective.status = status
    objective.comment = comment
    objective.assessed_on = on
    objective.assessed_by = by
    as_author(objective, by).save()
    return objective


@transaction.atomic
def action_plan_transmit(*, plan: ActionPlan, by, on: dt.date) -> ActionPlan:
    """The plan is transmitted to the funder; for a later year of seed 001 art. 4.2, the
    transmission of the provisional programme releases that year's 70 %."""
    plan = ActionPlan.objects.select_for_update().select_related("convention").get(pk=plan.pk)
    _require(by, "governance.manage_plan", plan, MANAGE_CONVENTION)
    if plan.transmitted_on:
        raise GovernanceError(
            _("Ce plan a déjà été transmis le %(day)s.") % {"day": _french(plan.transmitted_on)}
        )
    _not_in_future(on, _("La transmission ne peut pas être datée dans le futur."))
    plan.transmitted_on = on
    as_author(plan, by).save()
    action_plan_transmitted.send(sender=ActionPlan, plan=plan, on=on, by=by)
    return plan


# -------------------------------------------------------------------------- annual reports
def _lock_report(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("convention").get(pk=report.pk)


@transaction.atomic
def annual_report_create(
    *, convention, by, year: int, activity_summary: str = "", financial_summary: str = ""
) -> AnnualReport:
    _require(by, "governance.write_report", _OfConvention(convention), MANAGE_CONVENTION)
    first, last = convention.start_date.year, convention.end_on(timezone.localdate()).year
    if not first <= year <= last:
        raise GovernanceError(
            _("La convention court de %(first)s à %(last)s.") % {"first": first, "last": last}
        )
    if AnnualReport.objects.filter(convention=convention, year=year).exists():
        raise GovernanceError(_("Le bilan %(year)s existe déjà.") % {"year": year})
    report = AnnualReport(
        convention=convention,
        year=year,
        activity_summary=activity_summary.strip(),
        financial_summary=financial_summary.strip(),
    )
    as_author(report, by).save()
    return report


@transaction.atomic
def annual_report_update(
    *, report: AnnualReport, by, activity_summary: str, financial_summary: str
) -> AnnualReport:
    report = _lock_report(report)
    _require(by, "governance.write_report", report, MANAGE_CONVENTION)
    if report.status != ReportStatus.DRAFT:
        raise GovernanceError(_("Un bilan transmis ne se modifie plus."))
    report.activity_summary = activity_summary.strip()
    report.financial_summary = financial_summary.strip()
    as_author(report, by).save()
    return report


@transaction.atomic
def annual_report_submit(*, report: AnnualReport, by, on: dt.date) -> AnnualReport:
    """Draft → submitted: the report of an elapsed year (seed 001 art. 4.2, art. 6)."""
    report = _lock_report(report)
    _require(by, "governance.write_report", report, MANAGE_CONVENTION)
    if report.status != ReportStatus.DRAFT:
        raise GovernanceError(_("Seul un bilan en brouillon peut être transmis."))
    if not report.activity_summary:
        raise GovernanceError(_("Rédigez le bilan d'activité avant de le transmettre."))
    _not_in_future(on, _("La transmission ne peut pas être datée dans le futur."))
    if on.year <= report.year:
        raise GovernanceError(
            _("Le bilan %(year)s porte sur l'année écoulée : il se transmet à partir de %(next)s.")
            % {"year": report.year, "next": report.year + 1}
        )
    report.status = ReportStatus.SUBMITTED
    report.submitted_on = on
    as_author(report, by).save()
    return report


def _annual_report_validate(
    *, report: AnnualReport, by, on: dt.date, decision: Decision
) -> AnnualReport:
    """Submitted → validated, only by the adopted decision that `decision_record` has just
    written (no other path: the status is never set by hand, in a page or in the admin).
    seed 001 art. 4.2: the year's 30 % becomes due (the funding app hears
    `annual_report_validated`, sent inside the transaction of the decision)."""
    report = _lock_report(report)
    if report.status != ReportStatus.SUBMITTED:
        raise GovernanceError(_("Seul un bilan transmis peut être validé."))
    _not_in_future(on, _("La validation ne peut pas être datée dans le futur."))
    if on < report.submitted_on:
        raise GovernanceError(
            _("La validation ne peut précéder la transmission du %(day)s.")
            % {"day": _french(report.submitted_on)}
        )
    report.status = ReportStatus.VALIDATED
    report.validated_on = on
    report.validated_by = decision
    as_author(report, by).save()
    annual_report_validated.send(sender=AnnualReport, report=report, on=on, by=by)
    report_decided(report, validated=True, by=by)
    return report


# ---------------------------------------------------------------- papers (issue 19)
ATTACH_DELIBERATION = "governance.attach_deliberation_paper"
NOT_DELIBERATING_STAFF = gettext_lazy(
    "Seuls les agents départementaux de l'instance qui a délibéré en déposent les pièces."
)


@transaction.atomic
def deliberation_paper_upload(
    *, decision: Decision, kind: str, dated, upload, by
) -> DeliberationPaper:
    """File the signed deliberation or the receipt of the legality control (seed 001: the
    deliberation n° 2023-121, sent to the control and published on 19 April 2023); a file
    that is not a PDF, PNG or JPEG by its content is refused, with nothing stored."""
    _require(by, ATTACH_DELIBERATION, decision, NOT_DELIBERATING_STAFF)
    paper = DeliberationPaper(decision=decision)
    paper_fill(paper, kind=kind, dated=dated, upload=upload, by=by)
    as_author(paper, by).save()
    return paper


@transaction.atomic
def deliberation_paper_remove(*, paper: DeliberationPaper, by) -> None:
    """Take a paper filed by mistake off the decision (its history keeps the trace)."""
    _require(by, ATTACH_DELIBERATION, paper.decision, NOT_DELIBERATING_STAFF)
    as_author(paper, by)
    paper_discard(paper)
