"""A meeting's agenda from what waits for the committee, and its decisions written back.

governance sits below the apps that own most of the objects a committee decides on
(households: projects, referrals; funding: the jury's allocation), and cannot import them
(tests/test_layers.py). Each app registers an AgendaSource for the kinds it owns, in its
AppConfig.ready():

- ``pending(committee, user)``: the objects of the committee's remit waiting for a decision,
  read through the user's perimeter, in a fixed number of queries;
- ``apply(item, decision, by, **details)``: writes the recorded decision back to the object
  through the object's own service (the project approved for each structure whose
  representatives agreed, the orientation decided, the allocation adopted); it runs inside
  the transaction of the decision: an error there rolls the decision back;
- ``decision_kwargs(item)``: what decision_record needs besides (the report it validates).

Items not decided (deferred, or left without an outcome) stay pending: the next meeting's
"prepare the agenda" page lists them again, marked as carried from the earlier meeting.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from common.history import as_author
from governance.enums import (
    AGENDA_SUBJECT,
    AgendaKind,
    DecisionOutcome,
    ItemOutcome,
    MeetingStatus,
    ReportStatus,
)
from governance.errors import GovernanceError
from governance.models import AgendaItem, AnnualReport, Meeting
from governance.notifications import report_decided
from governance.services import RUN_COMMITTEE, _require, decision_record
from partnerships.enums import ProposalStatus, TerminationKind
from partnerships.models import AmendmentProposal, TerminationProposal
from partnerships.services import amendment_proposal_decide, termination_proposal_decide


@dataclass
class Candidate:
    """An object waiting for the committee's decision."""

    kind: str
    target: object
    title: str
    url: str = ""
    carried_from: AgendaItem | None = None
    details: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        """How a form names it: "<content type id>-<object id>"."""
        return f"{ContentType.objects.get_for_model(self.target).pk}-{self.target.pk}"

    def get_kind_display(self) -> str:
        return str(AgendaKind(self.kind).label)


class AgendaSource(ABC):
    kind: str = ""

    @abstractmethod
    def pending(self, committee, user) -> list[Candidate]:
        """The items of this kind that wait for a decision of `committee`."""

    def apply(self, item: AgendaItem, decision, by, **details) -> None:
        """Write the decision back to the object (nothing by default)."""
        return None

    def decision_kwargs(self, item: AgendaItem) -> dict:
        return {}

    def decided(self, item: AgendaItem, decision, by) -> None:
        """Tell whom the decision concerns (issue 16: the file's referent); nobody by
        default. Runs after `apply`, in the same transaction."""
        return None


SOURCES: dict[str, AgendaSource] = {}


def register(source: AgendaSource) -> None:
    SOURCES[source.kind] = source


# --------------------------------------------------------------------- governance's own
class AnnualReportSource(AgendaSource):
    """seed 001 art. 4.2, 5, 6: the report submitted by the beneficiary, validated in an
    instance of its convention (the 30 % falls due: services._annual_report_validate)."""

    kind = AgendaKind.ANNUAL_REPORT

    def pending(self, committee, user) -> list[Candidate]:
        if committee.convention_id is None:
            return []
        reports = (
            AnnualReport.objects.visible_to(user)
            .filter(convention=committee.convention_id, status=ReportStatus.SUBMITTED)
            .select_related("convention")
            .order_by("year", "pk")
        )
        return [
            Candidate(
                self.kind,
                report,
                _("Validation du bilan %(year)s — %(ref)s")
                % {"year": report.year, "ref": report.convention.reference},
            )
            for report in reports
        ]

    def decision_kwargs(self, item: AgendaItem) -> dict:
        return {"report": item.target}

    def decided(self, item: AgendaItem, decision, by) -> None:
        # Validated: _annual_report_validate tells them; refused: the report is sent back.
        if item.outcome == ItemOutcome.REFUSED:
            report_decided(item.target, validated=False, by=by)


register(AnnualReportSource())


def decision_reference(decision) -> str:
    """How a file names the committee's decision: "Délibération n° 2023-121 — Commission
    permanente du 3 avril 2023", or the committee and the day when it has no number."""
    meeting = decision.meeting
    where = _("%(committee)s du %(day)s") % {
        "committee": meeting.committee.name,
        "day": meeting.held_on.strftime("%d/%m/%Y"),
    }
    if decision.number:
        return _("Décision n° %(number)s — %(where)s") % {"number": decision.number, "where": where}
    return where


class ConventionProposalSource(AgendaSource):
    """A proposal on a convention, decided by the committee of that convention (like its
    annual reports): adopted, it is applied through the partnerships service that records it
    directly; refused, the convention stays as it is (partnerships/services/proposals.py)."""

    model = None
    decide = None
    related = ("convention",)
    applied_on = ""

    def pending(self, committee, user) -> list[Candidate]:
        if committee.convention_id is None:
            return []
        proposals = (
            self.model.objects.visible_to(user)
            .filter(convention=committee.convention_id, status=ProposalStatus.PROPOSED)
            .select_related(*self.related)
            .order_by("proposed_on", "pk")
        )
        return [
            Candidate(
                self.kind,
                proposal,
                self.title(proposal),
                reverse("partnerships:convention_detail", args=[proposal.convention_id]),
            )
            for proposal in proposals
        ]

    @abstractmethod
    def title(self, proposal) -> str:
        """The agenda line."""

    def decision_kwargs(self, item: AgendaItem) -> dict:
        return {"convention": item.target.convention}

    def apply(self, item, decision, by, applied_on=None, **details) -> None:
        self.decide(
            proposal=item.target,
            by=by,
            adopted=item.outcome == ItemOutcome.ADOPTED,
            decided_on=decision.meeting.held_on,
            decision_reference=decision_reference(decision),
            **({self.applied_on: applied_on} if applied_on else {}),
        )


class AmendmentSource(ConventionProposalSource):
    """seed 001 art. 9: "La présente convention peut être modifiée à l'initiative des
    parties par voie d'avenant"."""

    kind = AgendaKind.AMENDMENT
    model = AmendmentProposal
    decide = staticmethod(amendment_proposal_decide)
    applied_on = "signed_on"

    def title(self, proposal) -> str:
        return _("Avenant à la convention %(ref)s : %(summary)s") % {
            "ref": proposal.convention.reference,
            "summary": proposal.summary,
        }


class TerminationSource(ConventionProposalSource):
    """seed 002 §VII (dénonciation, préavis de trois mois) and seed 001 art. 9 (résiliation
    après mise en demeure)."""

    kind = AgendaKind.TERMINATION
    model = TerminationProposal
    decide = staticmethod(termination_proposal_decide)
    applied_on = "notified_on"
    related = ("convention", "by_organisation")

    def title(self, proposal) -> str:
        kind = (
            _("Dénonciation") if proposal.kind == TerminationKind.DENUNCIATION else _("Résiliation")
        )
        return _("%(kind)s de la convention %(ref)s à l'initiative de %(org)s") % {
            "kind": kind,
            "ref": proposal.convention.reference,
            "org": proposal.by_organisation,
        }


register(AmendmentSource())
register(TerminationSource())


# -------------------------------------------------------------------------------- reads
def pending_items(meeting: Meeting, user) -> list[Candidate]:
    """What waits for the meeting's committee in the user's perimeter, each source in a
    fixed number of queries; an object left undecided at an earlier meeting is marked as
    carried from it."""
    committee = meeting.committee
    candidates = []
    for source in SOURCES.values():
        candidates.extend(source.pending(committee, user))
    if not candidates:
        return []
    types = {id(c): ContentType.objects.get_for_model(c.target) for c in candidates}
    earlier = (
        # unscoped: items of a committee the caller loaded through visible_to
        AgendaItem.objects.filter(
            meeting__committee=committee,
            outcome__in=[ItemOutcome.PENDING, ItemOutcome.DEFERRED],
            target_id__in={c.target.pk for c in candidates},
        )
        .exclude(meeting=meeting)
        .select_related("meeting")
        .order_by("meeting__held_on", "pk")
    )
    last = {(i.target_type_id, i.target_id): i for i in earlier}
    for candidate in candidates:
        candidate.carried_from = last.get((types[id(candidate)].pk, candidate.target.pk))
    return candidates


# ------------------------------------------------------------------------------- writes
def _lock(meeting: Meeting, by) -> Meeting:
    # unscoped: locked, then the acting user is checked against the meeting just below
    meeting = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    _require(by, "governance.run_meeting", meeting, RUN_COMMITTEE)
    return meeting


@transaction.atomic
def agenda_prepare(*, meeting: Meeting, by, picks: list[str]) -> list[AgendaItem]:
    """The agenda of a planned meeting, from the pending items picked, in the order given
    (`picks`: Candidate.key values). The items not yet decided are replaced; the agenda text
    of the convocation is written from them."""
    meeting = _lock(meeting, by)
    if meeting.status != MeetingStatus.PLANNED:
        raise GovernanceError(_("L'ordre du jour se prépare avant la réunion."))
    if not picks:
        raise GovernanceError(_("Choisissez au moins un point à inscrire."))
    if len(set(picks)) != len(picks):
        raise GovernanceError(_("Un même point ne s'inscrit qu'une fois."))
    candidates = {c.key: c for c in pending_items(meeting, by)}
    unknown = [key for key in picks if key not in candidates]
    if unknown:
        raise GovernanceError(
            _(
                "Ce point n'attend pas de décision de cette instance, ou n'est pas de "
                "votre périmètre."
            )
        )
    meeting.items.filter(decision__isnull=True).delete()
    items = []
    for position, key in enumerate(picks, start=1):
        candidate = candidates[key]
        item = AgendaItem(
            meeting=meeting,
            position=position,
            kind=candidate.kind,
            target=candidate.target,
            title=candidate.title[:300],
            carried_from=candidate.carried_from,
        )
        as_author(item, by).save()
        items.append(item)
    meeting.agenda = "\n".join(f"{item.position}. {item.title}" for item in items)
    as_author(meeting, by).save()
    return items


ITEM_TO_DECISION = {
    ItemOutcome.ADOPTED: DecisionOutcome.ADOPTED,
    ItemOutcome.REFUSED: DecisionOutcome.REJECTED,
}


@transaction.atomic
def agenda_item_decide(
    *,
    item: AgendaItem,
    by,
    outcome: str,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    note: str = "",
    **details,
) -> AgendaItem:
    """The outcome of one item of a held meeting: deferred (carried to the next meeting), or
    adopted / refused, recorded as a decision of the meeting (votes counted as the law counts
    them, governance/voting.py) and written back to the object by its app's source."""
    # unscoped: locked, then _lock checks the acting user against its meeting
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    meeting = _lock(item.meeting, by)
    if meeting.status != MeetingStatus.HELD:
        raise GovernanceError(_("Le point se décide au cours d'une réunion tenue."))
    if item.outcome != ItemOutcome.PENDING:
        raise GovernanceError(_("Ce point est déjà traité."))
    if outcome == ItemOutcome.DEFERRED:
        item.outcome = ItemOutcome.DEFERRED
        as_author(item, by).save()
        return item
    if outcome not in (ItemOutcome.ADOPTED, ItemOutcome.REFUSED):
        raise GovernanceError(_("Indiquez l'issue du point : adopté, refusé ou reporté."))
    source = SOURCES.get(item.kind)
    if source is None:
        raise GovernanceError(_("Ce type de point n'est pas pris en charge."))
    voted = any(v is not None for v in (votes_for, votes_against, abstentions))
    decision = decision_record(
        meeting=meeting,
        by=by,
        subject=AGENDA_SUBJECT[item.kind],
        title=item.title,
        text=note,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        outcome=None
        if voted
        else (
            DecisionOutcome.ADOPTED if outcome == ItemOutcome.ADOPTED else DecisionOutcome.REJECTED
        ),
        **source.decision_kwargs(item),
    )
    if voted and (decision.outcome == DecisionOutcome.ADOPTED) != (outcome == ItemOutcome.ADOPTED):
        raise GovernanceError(
            _("Les voix (%(for)s pour, %(against)s contre) ne donnent pas l'issue choisie.")
            % {"for": votes_for, "against": votes_against}
        )
    item.decision = decision
    item.outcome = outcome
    as_author(item, by).save()
    source.apply(item, decision, by, **details)
    source.decided(item, decision, by)
    return item
