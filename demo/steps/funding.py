"""Budget line and grant of 2023-121, ASRL envelope, co-funding plan, call for applications."""

import datetime as dt
import zoneinfo
from pathlib import Path

from django.core.files import File

from demo import data
from demo.writer import DemoWriter
from funding.enums import GrantPaperKind, InstalmentStatus
from funding.models import (
    Application,
    ApplicationRequest,
    BudgetLine,
    CallForApplications,
    CoFundingContribution,
    CoFundingPlan,
    Grant,
    GrantPaper,
    GrantYear,
    Instalment,
    MeasureAllocation,
    MeasureEnvelope,
    RequiredDocument,
    SelectionCriterion,
)
from funding.services.papers import grant_paper_upload
from funding.services.schedule import instalment_pay, instalments_generate
from governance.models import Decision

# seed 004 §6.d: "6 septembre 2019, à 16h00" is a time in Paris.
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


# A fictional bank identity statement (seed 001 art. 4.3), a small real PDF.
RIB_FILE = Path(data.__file__).parent / "rib-fas-demo.pdf"

# Who generates the schedules and records the payments, as on the pages.
AGENT = "agent.departement"


def load(writer: DemoWriter) -> None:
    _grant_2023_121(writer)
    _grant_successor(writer)
    _measure_envelope(writer)
    _cofunding_plan(writer)
    _call_for_applications(writer)
    _next_call(writer)


def _grant_2023_121(writer: DemoWriter) -> None:
    spec = data.BUDGET_LINE
    budget_line = writer.upsert(
        BudgetLine,
        {
            "funder": writer.organisations[spec["funder"]],
            "year": spec["year"],
            "operation_code": spec["operation_code"],
            "imputation": spec["imputation"],
        },
        label=spec["label"],
        commitment_authorisation=spec["commitment_authorisation"],
    )
    spec = data.GRANT_2023_121
    grant = writer.upsert(
        Grant,
        {
            "convention": writer.conventions[spec["convention"]],
            "funder": writer.organisations[spec["funder"]],
            "beneficiary": writer.organisations[spec["beneficiary"]],
        },
        budget_line=budget_line,
        decision=Decision.objects.get(number=data.DELIBERATION_2023_121["number"]),
        iban=spec["iban"],
        bic=spec["bic"],
        account_holder=spec["account_holder"],
        notified_on=spec["notified_on"],
    )
    for year, amount in spec["years"].items():
        writer.upsert(GrantYear, {"grant": grant, "year": year}, amount=amount)
    _bank_statement(writer, grant, spec["bank_statement_on"])
    _schedule(writer, grant, spec["payments"])


def _grant_successor(writer: DemoWriter) -> None:
    spec = data.GRANT_SUCCESSOR
    grant = writer.upsert(
        Grant,
        {
            "convention": writer.conventions[spec["convention"]],
            "funder": writer.organisations[spec["funder"]],
            "beneficiary": writer.organisations[spec["beneficiary"]],
        },
        iban=spec["iban"],
        bic=spec["bic"],
        account_holder=spec["account_holder"],
        notified_on=writer.day(spec["notified_on"]),
    )
    shifted = _follow_the_demo_year(grant, writer.year)
    for offset, amount in spec["years"].items():
        writer.upsert(GrantYear, {"grant": grant, "year": writer.year + offset}, amount=amount)
    _bank_statement(writer, grant, writer.day(spec["bank_statement_on"]))
    _schedule(writer, grant, [], replay=shifted)


def _bank_statement(writer: DemoWriter, grant: Grant, dated: dt.date) -> None:
    """seed 001 art. 4.3: the beneficiary's bank identity statement is on file before any
    payment, filed through the service as the agent does on the grant's page."""
    if GrantPaper.objects.filter(grant=grant, kind=GrantPaperKind.BANK_STATEMENT).exists():
        return
    with RIB_FILE.open("rb") as handle:
        grant_paper_upload(
            grant=grant,
            kind=GrantPaperKind.BANK_STATEMENT,
            dated=min(dated, writer.today),
            upload=File(handle, name="rib-fas.pdf"),
            by=writer.users[AGENT],
        )
    writer.created += 1


def _follow_the_demo_year(grant: Grant, first_year: int) -> bool:
    """Loaded in a later year, the follow-on grant's years move with it: the same rows, their
    year shifted (the highest first when moving forward, so no two rows ever share a year)."""
    first = grant.years.order_by("year").values_list("year", flat=True).first()
    if first is None or first == first_year:
        return False
    shift = first_year - first
    order = "-year" if shift > 0 else "year"
    for model, rows in ((GrantYear, grant.years), (Instalment, grant.instalments)):
        for pk, year in rows.order_by(order).values_list("pk", "year"):
            # The schedule is replayed below by the service: a shifted row is planned again.
            values = {"year": year + shift}
            if model is Instalment:
                values.update(status=InstalmentStatus.PLANNED, due_on=None, paid_on=None)
            model.objects.filter(pk=pk).update(**values)
    return True


def _schedule(writer: DemoWriter, grant: Grant, payments, *, replay: bool = False) -> None:
    """The 70/30 schedule (seed 001 art. 4.2) generated and paid through the services, as
    the department's agent does on the grant's page; nothing is written when it is there."""
    agent = writer.users[AGENT]
    if replay or grant.instalments.count() < 2 * grant.years.count():
        instalments_generate(grant=grant, by=agent)
        writer.created += 1
    for year, position, paid_on, mandate in payments:
        instalment = grant.instalments.get(year=year, position=position)
        if instalment.status == InstalmentStatus.DUE:
            instalment_pay(
                instalment=instalment,
                version=instalment.version,
                paid_on=paid_on,
                mandate_reference=mandate,
                by=agent,
            )
            writer.updated += 1


def _measure_envelope(writer: DemoWriter) -> None:
    spec = data.ENVELOPE
    envelope = writer.upsert(
        MeasureEnvelope,
        {
            "programme": writer.programmes[spec["programme"]],
            "funder": writer.organisations[spec["funder"]],
            "period_start": spec["period_start"],
        },
        manager=writer.organisations[spec["manager"]],
        label=spec["label"],
        period_end=spec["period_end"],
        measures=spec["measures"],
        unit_cost=spec["unit_cost"],
    )
    allocations = [(t, None, measures) for t, measures in data.TERRITORY_ALLOCATIONS.items()]
    for territory, operator, measures in [*allocations, *data.OPERATOR_ALLOCATIONS]:
        writer.allocations[(territory, operator)] = writer.upsert(
            MeasureAllocation,
            {
                "envelope": envelope,
                "territory": writer.territories[territory],
                "operator": writer.organisations[operator] if operator else None,
            },
            measures=measures,
        )


def _cofunding_plan(writer: DemoWriter) -> None:
    spec = data.COFUNDING
    plan = writer.upsert(
        CoFundingPlan,
        {"convention": writer.conventions[spec["convention"]], "label": spec["label"]},
        cost=spec["cost"],
    )
    for funder, recipient, amount in spec["contributions"]:
        writer.upsert(
            CoFundingContribution,
            {
                "plan": plan,
                "funder": writer.organisations[funder],
                "recipient": writer.organisations[recipient],
            },
            amount=amount,
        )


def _call_for_applications(writer: DemoWriter) -> None:
    spec = data.CALL
    call = writer.upsert(
        CallForApplications,
        {"programme": writer.programmes[spec["programme"]], "title": spec["title"]},
        publisher=writer.organisations[spec["publisher"]],
        measures_offered=spec["measures_offered"],
        eligible_kinds=spec["eligible_kinds"],
        deadline=dt.datetime(*spec["deadline"], tzinfo=PARIS),
        jury=writer.committees[spec["jury"]],
        # seed 004 §6d: the jury's opinion, then the deliberation of the Commission
        # Permanente of 4 November 2019 that turned it into the operators' allocations.
        envelope=MeasureEnvelope.objects.get(
            programme=writer.programmes[spec["programme"]],
            period_start=data.ENVELOPE["period_start"],
        ),
        adopted_by=Decision.objects.get(
            meeting=writer.meetings[("cp62", 1)], subject="allocate_measures"
        ),
    )
    writer.set_m2m(call, "territories", [writer.territories[t] for t in spec["territories"]])
    for position, label in enumerate(spec["documents"], start=1):
        writer.upsert(RequiredDocument, {"call": call, "position": position}, label=label)
    for position, (label, weight) in enumerate(spec["criteria"], start=1):
        writer.upsert(
            SelectionCriterion, {"call": call, "position": position}, label=label, weight=weight
        )
    for org_key, submitted, requests in spec["applications"]:
        application = writer.upsert(
            Application,
            {"call": call, "organisation": writer.organisations[org_key]},
            status="selected",
            submitted_at=dt.datetime(*submitted, tzinfo=PARIS),
        )
        for territory, measures in requests.items():
            writer.upsert(
                ApplicationRequest,
                {"application": application, "territory": writer.territories[territory]},
                measures=measures,
                measures_granted=measures,
            )


def _next_call(writer: DemoWriter) -> None:
    """The next round of ASRL (demo): open until three weeks after loading, with its own
    envelope managed by the Département, so that a CHRS operator's director can apply."""
    spec = data.NEXT_ENVELOPE
    programme = writer.programmes[spec["programme"]]
    envelope = writer.upsert(
        MeasureEnvelope,
        {"programme": programme, "label": spec["label"]},
        funder=writer.organisations[spec["funder"]],
        manager=writer.organisations[spec["manager"]],
        period_start=writer.day(spec["period_start"]),
        period_end=writer.day(spec["period_end"]),
        measures=spec["measures"],
        unit_cost=spec["unit_cost"],
    )
    # The territories' shares: without them the Commission Permanente could not adopt the
    # jury's proposal (call_allocations_adopt allocates within a territory's measures).
    for territory, measures in spec["territories"].items():
        writer.upsert(
            MeasureAllocation,
            {"envelope": envelope, "territory": writer.territories[territory], "operator": None},
            measures=measures,
        )
    first = data.CALL
    deadline = writer.day(data.NEXT_CALL["deadline_in_days"])
    call = writer.upsert(
        CallForApplications,
        {"programme": programme, "title": data.NEXT_CALL["title"]},
        publisher=writer.organisations[first["publisher"]],
        measures_offered=spec["measures"],
        eligible_kinds=first["eligible_kinds"],
        deadline=dt.datetime.combine(
            deadline, dt.time(data.NEXT_CALL["deadline_hour"]), tzinfo=PARIS
        ),
        jury=writer.committees[first["jury"]],
        envelope=envelope,
        adopted_by=None,
    )
    writer.set_m2m(call, "territories", [writer.territories[t] for t in first["territories"]])
    for position, label in enumerate(first["documents"], start=1):
        writer.upsert(RequiredDocument, {"call": call, "position": position}, label=label)
    for position, (label, weight) in enumerate(first["criteria"], start=1):
        writer.upsert(
            SelectionCriterion, {"call": call, "position": position}, label=label, weight=weight
        )
    # Found by call and structure only: what the demo users do with the file afterwards
    # (documents, submission, measures changed) is kept by a new loading.
    org_key, requests = data.NEXT_CALL["draft"]
    application = writer.upsert(
        Application, {"call": call, "organisation": writer.organisations[org_key]}
    )
    for territory, measures in requests.items():
        if not application.requests.filter(territory=writer.territories[territory]).exists():
            writer.upsert(
                ApplicationRequest,
                {"application": application, "territory": writer.territories[territory]},
                measures=measures,
            )
