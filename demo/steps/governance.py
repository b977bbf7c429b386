"""Committees, their members and meetings, the deliberation 2023-121, plans and reports."""

from demo import data
from demo.writer import DemoWriter
from governance.models import (
    ActionPlan,
    AnnualReport,
    Attendance,
    Committee,
    CommitteeMember,
    Decision,
    Meeting,
    PlanObjective,
)
from governance.services import objective_lines


def load(writer: DemoWriter) -> None:
    for key, spec in data.COMMITTEES.items():
        _committee(writer, key, spec)
    _deliberation_2023_121(writer)
    # seed 004 §6.d: the Commission Permanente of 4 November 2019 decides on the measures.
    writer.upsert(
        Decision,
        {
            "meeting": writer.meetings[("cp62", 1)],
            "title": "Attribution de 45 mesures d'ASRL : 20 pour l'Artois, 25 pour Lens-Hénin",
        },
        number="",
        subject="allocate_measures",
        text="Mesures attribuées aux CHRS retenus après l'avis du jury du 25 septembre 2019.",
        convention=writer.conventions["ASRL-62-2019"],
        outcome="adopted",
    )
    _plans_and_reports(writer)


def _committee(writer: DemoWriter, key: str, spec: dict) -> None:
    committee = writer.upsert(
        Committee,
        {"name": spec["name"]},
        kind=spec["kind"],
        convention=writer.conventions.get(spec["convention"]),
        organisation=writer.organisations[spec["organisation"]],
        frequency=spec["frequency"],
        seats_per_organisation=spec.get("seats_per_organisation"),
        chair=spec["chair"],
        secretary=writer.users[spec["secretary"]] if spec.get("secretary") else None,
    )
    writer.committees[key] = committee
    for org_key, full_name, title, voting in spec["members"]:
        writer.upsert(
            CommitteeMember,
            {
                "committee": committee,
                "organisation": writer.organisations[org_key],
                "full_name": full_name,
            },
            title=title,
            voting=voting,
        )
    # Meetings are found by their agenda: some dates move with the loading day.
    for index, (agenda, held_on, place, status, minutes) in enumerate(spec["meetings"]):
        meeting = writer.upsert(
            Meeting,
            {"committee": committee, "agenda": agenda},
            held_on=writer.day(held_on),
            place=place,
            status=status,
            minutes=minutes,
        )
        writer.meetings[(key, index)] = meeting
        if status == "held" and key != "cp62":
            for org_key, full_name, _title, _voting in spec["members"]:
                writer.upsert(
                    Attendance,
                    {"meeting": meeting, "full_name": full_name},
                    organisation=writer.organisations[org_key],
                    status="present",
                    represented_by="",
                )


def _deliberation_2023_121(writer: DemoWriter) -> None:
    meeting = writer.meetings[("cp62", 0)]
    department = writer.organisations["cd62"]
    # seed 001: present, excused, attending without a vote, excused without a vote.
    for names, status in [
        (data.CP_PRESENT, "present"),
        (data.CP_EXCUSED, "excused"),
        (data.CP_NON_VOTING, "non_voting"),
        (data.CP_EXCUSED_NON_VOTING, "excused_non_voting"),
    ]:
        for full_name in names:
            holder = data.CP_PROXIES.get(full_name)
            writer.upsert(
                Attendance,
                {"meeting": meeting, "full_name": full_name},
                organisation=department,
                status=status,
                represented_by="",
                proxy_holder=(
                    Attendance.objects.get(meeting=meeting, full_name=holder) if holder else None
                ),
            )
    spec = data.DELIBERATION_2023_121
    votes_for, votes_against, abstentions = spec["votes"]
    writer.upsert(
        Decision,
        {"number": spec["number"]},
        meeting=meeting,
        subject="authorise_signing",
        title=spec["title"],
        text=spec["text"],
        convention=writer.conventions["2023-121"],
        outcome="adopted",
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        sent_to_control_on=spec["sent_to_control_on"],
        published_on=spec["published_on"],
    )


def _plans_and_reports(writer: DemoWriter) -> None:
    for spec in data.ACTION_PLANS:
        plan = writer.upsert(
            ActionPlan,
            {
                "convention": writer.conventions[spec["convention"]],
                "period": spec["period"],
                "period_start": spec["period_start"],
            },
            objectives=spec["objectives"],
            planned_actions=spec["planned_actions"],
            indicators=spec["indicators"],
            transmitted_on=spec["transmitted_on"],
        )
        assessed = {position: rest for position, *rest in spec.get("assessments", [])}
        for position, text in enumerate(objective_lines(plan.objectives), start=1):
            status, comment, on = assessed.get(position, ("to_assess", "", None))
            writer.upsert(
                PlanObjective,
                {"plan": plan, "position": position},
                text=text,
                status=status,
                comment=comment,
                assessed_on=on,
            )
    spec = data.ANNUAL_REPORT_2023
    writer.upsert(
        AnnualReport,
        {"convention": writer.conventions[spec["convention"]], "year": spec["year"]},
        status=spec["status"],
        activity_summary=spec["activity_summary"],
        financial_summary=spec["financial_summary"],
        submitted_on=spec["submitted_on"],
    )
