"""Budget line and grant of 2023-121, ASRL envelope, co-funding plan, call for applications."""

import datetime as dt
import zoneinfo

from demo import data
from demo.writer import DemoWriter
from funding.models import (
    Application,
    ApplicationRequest,
    BudgetLine,
    CallForApplications,
    CoFundingContribution,
    CoFundingPlan,
    Grant,
    GrantYear,
    MeasureAllocation,
    MeasureEnvelope,
    RequiredDocument,
    SelectionCriterion,
)
from governance.models import Decision

# seed 004 §6.d: "6 septembre 2019, à 16h00" is a time in Paris.
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def load(writer: DemoWriter) -> None:
    _grant_2023_121(writer)
    _measure_envelope(writer)
    _cofunding_plan(writer)
    _call_for_applications(writer)


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
    # No instalment here: the 70/30 schedule (seed 001 art. 4.2) has its own service.
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
    )
    for year, amount in spec["years"].items():
        writer.upsert(GrantYear, {"grant": grant, "year": year}, amount=amount)


def _measure_envelope(writer: DemoWriter) -> None:
    spec = data.ENVELOPE
    envelope = writer.upsert(
        MeasureEnvelope,
        {
            "programme": writer.programmes[spec["programme"]],
            "funder": writer.organisations[spec["funder"]],
            "period_start": spec["period_start"],
        },
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
        envelope=MeasureEnvelope.objects.filter(programme=writer.programmes[spec["programme"]])
        .order_by("period_start", "pk")
        .first(),
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
