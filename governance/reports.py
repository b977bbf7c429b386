"""What governance contributes to reports: meetings held against due, decisions, minutes and
deliberation extracts as PDF."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.pdf import render_pdf
from governance.enums import AttendanceStatus, DecisionOutcome, MeetingStatus
from governance.models import AgendaItem, Attendance, Committee, CommitteeMember, Decision, Meeting
from governance.schedule import committee_schedule
from governance.voting import count as vote_count
from governance.voting import rule_for


@dataclass(frozen=True)
class CommitteeYear:
    committee: Committee
    held: list  # meetings held in the year
    expected: int  # periods of the year in which it had to meet (governance.schedule)

    @property
    def missing(self) -> int:
        return max(self.expected - len(self.held), 0)


def committees_year(convention, year: int, on: dt.date) -> list[CommitteeYear]:
    """Each committee of the convention: meetings held in `year` against the periods of that
    year its frequency asks for (seed 001 art. 5: COPIL and COTECH once a year)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    seen_on = min(on, end)
    committees = (
        # unscoped: committees of a convention the caller loaded through visible_to
        Committee.objects.filter(convention=convention)
        .select_related("convention")
        .prefetch_related(
            # unscoped: prefetch of the meetings of committees scoped by the caller
            Prefetch("meetings", queryset=Meeting.objects.order_by("held_on")),
        )
        .order_by("name")
    )
    rows = []
    for committee in committees:
        periods = committee_schedule(committee, end)
        # A period counts once it has begun: the current year is judged so far.
        expected = sum(1 for p in periods if p.end >= start and p.start <= seen_on)
        held = [
            m
            for m in committee.meetings.all()
            if m.status == MeetingStatus.HELD and start <= m.held_on <= end
        ]
        rows.append(CommitteeYear(committee, held, expected))
    return rows


def decisions_year(convention, year: int) -> list[Decision]:
    """Decisions about the convention taken in `year`, in any meeting (the Commission
    Permanente's deliberation included)."""
    return list(
        # unscoped: decisions of a convention the caller loaded through visible_to
        Decision.objects.filter(
            Q(convention=convention) | Q(meeting__committee__convention=convention),
            meeting__held_on__year=year,
        )
        .select_related("meeting__committee")
        .order_by("meeting__held_on", "number", "pk")
        .distinct()
    )


def meetings_held_by_convention(convention_ids, year: int) -> dict[int, int]:
    """Meetings held in `year` by the committees of each convention: one grouped query."""
    return dict(
        # unscoped: counts for convention ids the caller read through visible_to
        Meeting.objects.filter(
            committee__convention__in=convention_ids,
            status=MeetingStatus.HELD,
            held_on__year=year,
        )
        .order_by()
        .values_list("committee__convention")
        .annotate(n=Count("pk"))
    )


# --------------------------------------------------------------------------------- PDFs
ATTENDANCE_ORDER = [
    AttendanceStatus.PRESENT,
    AttendanceStatus.REPRESENTED,
    AttendanceStatus.EXCUSED,
    AttendanceStatus.NON_VOTING,
    AttendanceStatus.EXCUSED_NON_VOTING,
]


def _attendance_groups(meeting: Meeting) -> list[tuple[str, list]]:
    by_status: dict[str, list] = {}
    for attendance in meeting.attendances.all():
        by_status.setdefault(attendance.status, []).append(attendance)
    labels = dict(AttendanceStatus.choices)
    return [(labels[s], by_status[s]) for s in ATTENDANCE_ORDER if s in by_status]


def _organisations(meeting: Meeting) -> list:
    committee = meeting.committee
    if committee.convention_id:
        return [p.organisation for p in committee.convention.parties.all()]
    return [committee.organisation]


def _meeting(meeting_pk: int) -> Meeting:
    return (
        # unscoped: the PDF of a meeting or decision the view loaded via visible_to
        Meeting.objects.select_related(
            "committee__convention", "committee__organisation", "committee__secretary"
        )
        .prefetch_related(
            Prefetch(
                "items",
                # unscoped: items of that meeting, already checked
                queryset=AgendaItem.objects.select_related(
                    "decision", "carried_from__meeting"
                ).order_by("position"),
            ),
            Prefetch("attendances", queryset=Attendance.objects.select_related("proxy_holder")),
            "committee__convention__parties__organisation",
            Prefetch(
                "decisions",
                # unscoped: prefetch of the decisions of that meeting, already checked
                queryset=Decision.objects.select_related("convention").order_by("number", "pk"),
            ),
        )
        .get(pk=meeting_pk)
    )


def minutes_context(meeting: Meeting) -> dict:
    """Compte rendu: date, place, agenda, attendance, minutes, decisions with their votes."""
    meeting = _meeting(meeting.pk)
    context = {
        "document_title": _("Compte rendu — %(committee)s") % {"committee": meeting.committee},
        "meeting": meeting,
        "attendance": _attendance_groups(meeting),
        "tally": vote_count(meeting, list(meeting.attendances.all())),
        "items": list(meeting.items.all()),
        "decisions": list(meeting.decisions.all()),
        "organisations": _organisations(meeting),
        "generated_on": timezone.localdate(),
    }
    return context


def minutes_pdf(meeting: Meeting) -> bytes:
    return render_pdf("governance/pdf/minutes.html", minutes_context(meeting))


def deliberation_context(decision: Decision) -> dict:
    """Extrait du registre des délibérations: the meeting, who attended and voted, the text
    article by article and the vote (seed 001: pour 42, contre 0, abstention 0 — adopté)."""
    meeting = _meeting(decision.meeting_id)
    decision = next(d for d in meeting.decisions.all() if d.pk == decision.pk)
    counts = {status: len(people) for status, people in _attendance_groups(meeting)}
    context = {
        "document_title": _("Extrait du registre des délibérations"),
        "meeting": meeting,
        "decision": decision,
        "articles": [a.strip() for a in decision.text.split("\n\n") if a.strip()],
        "attendance": _attendance_groups(meeting),
        "attendance_counts": counts,
        "tally": vote_count(meeting, list(meeting.attendances.all())),
        "adopted": decision.outcome == DecisionOutcome.ADOPTED,
        "organisations": [meeting.committee.organisation],
        "generated_on": timezone.localdate(),
    }
    return context


def deliberation_pdf(decision: Decision) -> bytes:
    return render_pdf("governance/pdf/deliberation.html", deliberation_context(decision))


def agenda_context(meeting: Meeting) -> dict:
    """The agenda for the convocation: the items picked from what waits for the committee,
    in order, the members convened, the quorum and proxy rules of its kind."""
    meeting = _meeting(meeting.pk)
    members = CommitteeMember.objects.filter(committee=meeting.committee_id).select_related(
        "organisation"
    )
    context = {
        "document_title": _("Ordre du jour — %(committee)s") % {"committee": meeting.committee},
        "meeting": meeting,
        "items": list(meeting.items.all()),
        "members": list(members.order_by("organisation__name", "full_name")),
        "rule": rule_for(meeting.committee.kind),
        "organisations": _organisations(meeting),
        "generated_on": timezone.localdate(),
    }
    return context


def agenda_pdf(meeting: Meeting) -> bytes:
    return render_pdf("governance/pdf/agenda.html", agenda_context(meeting))
