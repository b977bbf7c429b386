"""Conventions with their parties, committees and meetings, grants and measure envelopes."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

import demo.data
from common.dates import add_months, term_end
from common.uploads import PDF
from demo.dataset import names
from demo.dataset.base import Context
from demo.dataset.structure import iban
from funding.enums import (
    GrantPaperKind,
    InstalmentStatus,
    ReimbursementReason,
    ReleaseCondition,
)
from funding.models import (
    BudgetLine,
    Grant,
    GrantPaper,
    GrantYear,
    Instalment,
    MeasureAllocation,
    MeasureEnvelope,
    ReimbursementClaim,
)
from governance.enums import (
    AttendanceStatus,
    CommitteeKind,
    DecisionOutcome,
    DecisionSubject,
    Frequency,
    MeetingStatus,
    PlanPeriod,
    ReportStatus,
)
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
from partnerships.enums import ConventionKind, ConventionStatus, PartyRole, RenewalPolicy
from partnerships.models import Commitment, Convention, ConventionParty

# The fictional bank identity statement of the demo (a small real PDF).
RIB_FILE = Path(demo.data.__file__).parent / "rib-fas-demo.pdf"

SHARES = (Decimal("0.7000"), Decimal("0.3000"))  # seed 001 art. 4.2: 70 % then 30 %


def build(ctx: Context) -> None:
    _conventions(ctx)
    _governance(ctx)
    _funding(ctx)
    _envelopes(ctx)


def _convention(ctx, number, kind, title, start, years, parties, *, parent=None, amount=None):
    rng = ctx.rng
    signed = start <= ctx.today and rng.random() > 0.05
    renewal, notice = {
        ConventionKind.FRAMEWORK: (RenewalPolicy.TACIT, 3),  # seed 002 §VII: 3 months' notice
        ConventionKind.CPOM: (RenewalPolicy.NONE, 0),  # seed 001 art. 8: no tacit renewal
        ConventionKind.COOPERATION: (RenewalPolicy.BY_DECISION, 0),
    }.get(kind, (RenewalPolicy.NONE, 0))
    convention = Convention(
        reference=f"{start.year}-{number:03d}",
        title=title,
        kind=kind,
        purpose=f"{title} : objectifs, moyens et modalités de suivi.",
        parent=parent,
        start_date=start,
        end_date=term_end(start, 12 * years),
        renewal_policy=renewal,
        notice_months=notice,
        status=ConventionStatus.ACTIVE if signed else ConventionStatus.AWAITING_SIGNATURE,
        signed_on=start - dt.timedelta(days=rng.randint(5, 40)) if signed else None,
        signed_at="Arras" if signed else "",
        amount=amount,
        annual_report_months=6 if kind in (ConventionKind.CPOM, ConventionKind.FUNDING) else None,
    )
    # bulk_create skips save(): the date columns (status included) as of the reference day,
    # with the model's own rules (no amendment nor termination is generated).
    convention.dated_by([], [])
    convention.set_dates_on(ctx.today)
    convention.party_specs = parties
    return convention


def _conventions(ctx: Context) -> None:
    """~200 conventions at full size: a framework with local conventions (seed 002), CPOM with
    their annual financial conventions (seed 001), cooperation (seed 003) and funding ones."""
    rng, size = ctx.rng, ctx.structure
    year = ctx.today.year
    dept = ctx.department
    number = iter(range(1, 10_000))
    conventions = []
    framework = _convention(
        ctx,
        next(number),
        ConventionKind.FRAMEWORK,
        "Convention cadre Département × UDCCAS",
        dt.date(year - 2, 1, 1),
        3,
        [(dept, PartyRole.SIGNATORY), (ctx.udccas, PartyRole.SIGNATORY)],
    )
    ctx.save([framework])
    for ccas in ctx.ccas[: max(2, round(30 * size))]:
        conventions.append(
            _convention(
                ctx,
                next(number),
                ConventionKind.LOCAL,
                f"Convention locale — {ccas.name}",
                dt.date(year - 2, 3, 1),
                3,
                [(dept, PartyRole.SIGNATORY), (ccas, PartyRole.OPERATOR)],
                parent=framework,
            )
        )
    cpoms = []
    for operator in ctx.operators[: max(3, round(40 * size))]:
        start = dt.date(year - rng.randint(0, 2), 1, 1)
        amount = Decimal(rng.choice([20_000, 35_000, 60_000, 120_000]))
        cpoms.append(
            _convention(
                ctx,
                next(number),
                ConventionKind.CPOM,
                f"CPOM {start.year}-{start.year + 2} — {operator.name}",
                start,
                3,
                [(dept, PartyRole.FUNDER), (operator, PartyRole.BENEFICIARY)],
                amount=amount * 3,
            )
        )
    ctx.save(cpoms)
    annuals = []
    for cpom in cpoms[: max(3, round(60 * size))]:
        for offset in range(2):
            start = dt.date(cpom.start_date.year + offset, 1, 1)
            if start > ctx.today:
                continue
            annuals.append(
                _convention(
                    ctx,
                    next(number),
                    ConventionKind.ANNUAL_FINANCIAL,
                    f"Convention financière {start.year} — {cpom.party_specs[1][0].name}",
                    start,
                    1,
                    cpom.party_specs,
                    parent=cpom,
                    amount=cpom.amount / 3,
                )
            )
    for index in range(max(1, round(20 * size))):
        mediator = ctx.mediators[index % len(ctx.mediators)]
        commune = ctx.communes_orgs[index % len(ctx.communes_orgs)]
        landlord = ctx.landlords[index % len(ctx.landlords)]
        conventions.append(
            _convention(
                ctx,
                next(number),
                ConventionKind.COOPERATION,
                f"Médiation sociale — {commune.name.removeprefix('Commune de ')}",
                dt.date(year - 1, 1 + index % 12, 1),
                1,
                [
                    (mediator, PartyRole.OPERATOR),
                    (commune, PartyRole.FUNDER),
                    (landlord, PartyRole.FUNDER),
                    (dept, PartyRole.FUNDER),
                ],
                amount=Decimal("60600.00"),  # seed 003 §VII
            )
        )
    for index in range(max(2, round(48 * size))):
        operator = ctx.operators[(index * 7) % len(ctx.operators)]
        funder = ctx.ddets if index % 3 == 0 else dept
        start = dt.date(year - rng.randint(0, 2), 1 + index % 12, 1)
        conventions.append(
            _convention(
                ctx,
                next(number),
                ConventionKind.FUNDING,
                f"Financement de l'accompagnement — {operator.name}",
                start,
                2,
                [(funder, PartyRole.FUNDER), (operator, PartyRole.BENEFICIARY)],
                amount=Decimal(rng.choice([15_000, 25_000, 40_000])),
            )
        )
    ctx.save(annuals)
    ctx.save(conventions)
    everything = [framework, *cpoms, *annuals, *conventions]
    parties, commitments = [], []
    for convention in everything:
        for org, role in convention.party_specs:
            parties.append(
                ConventionParty(
                    convention=convention,
                    organisation=org,
                    role=role,
                    representative=ctx.representative[org.pk],
                    signed_on=convention.signed_on,
                )
            )
    ctx.save(parties)
    for party in parties:
        if party.role in (PartyRole.OPERATOR, PartyRole.BENEFICIARY):
            commitments.append(
                Commitment(
                    party=party,
                    text="Transmettre le bilan d'activité et le bilan financier certifié.",
                    due_on=add_months(party.convention.start_date, 18),
                )
            )
    ctx.save(commitments)
    territories = Convention.territories.through
    ctx.save_m2m(
        territories,
        [
            territories(convention_id=c.pk, territory_id=ctx.territories[i % 7].pk)
            for i, c in enumerate(everything)
        ],
    )
    ctx.conventions = everything
    ctx.cpoms = cpoms
    ctx.funded = [c for c in everything if c.kind in (ConventionKind.CPOM, ConventionKind.FUNDING)]


def _meeting_days(frequency: str, start: dt.date, end: dt.date) -> list[dt.date]:
    step = {Frequency.MONTHLY: 1, Frequency.TWICE_A_YEAR: 6, Frequency.YEARLY: 12}[frequency]
    days, day = [], start + dt.timedelta(days=20)
    while day <= end:
        days.append(day)
        day = add_months(day, step)
    return days


def _governance(ctx: Context) -> None:
    rng = ctx.rng
    horizon = ctx.today + dt.timedelta(days=60)
    committees = []
    standing = Committee(
        name="Commission permanente du Conseil départemental",
        kind=CommitteeKind.STANDING_COMMISSION,
        organisation=ctx.department,
        frequency=Frequency.MONTHLY,
        chair="Président du Conseil départemental",
    )
    committees.append(standing)
    for convention in ctx.conventions:
        if convention.kind in (
            ConventionKind.CPOM,
            ConventionKind.FRAMEWORK,
            ConventionKind.COOPERATION,
            ConventionKind.LOCAL,
        ):
            committees.append(
                Committee(
                    name=f"COPIL {convention.reference}",
                    kind=CommitteeKind.STEERING,
                    convention=convention,
                    organisation=convention.party_specs[0][0],
                    frequency=Frequency.TWICE_A_YEAR,
                    seats_per_organisation=2,  # seed 000 art. IV
                )
            )
        if convention.kind == ConventionKind.COOPERATION:
            committees.append(
                Committee(
                    name=f"COMOP {convention.reference}",
                    kind=CommitteeKind.OPERATIONAL,
                    convention=convention,
                    organisation=convention.party_specs[0][0],
                    frequency=Frequency.MONTHLY,
                )
            )
    ctx.save(committees)
    members, meetings = [], []
    for committee in committees:
        orgs = (
            [org for org, _role in committee.convention.party_specs]
            if committee.convention
            else [ctx.department]
        )
        committee.member_names = []
        for org in orgs:
            for _seat in range(2):
                full_name = f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}"
                if full_name in committee.member_names:
                    continue
                committee.member_names.append(full_name)
                members.append(
                    CommitteeMember(committee=committee, organisation=org, full_name=full_name)
                )
        start = committee.convention.start_date if committee.convention else ctx.days_ago(730)
        end = min(horizon, committee.convention.end_date if committee.convention else horizon)
        for day in _meeting_days(committee.frequency, start, end):
            # Some meetings are skipped, so that the due page finds missed ones.
            if committee.frequency != Frequency.MONTHLY and rng.random() < 0.15:
                continue
            past = day <= ctx.today
            meetings.append(
                Meeting(
                    committee=committee,
                    held_on=day,
                    place="Hôtel du Département, Arras",
                    agenda="Suivi de la convention, points financiers, questions diverses.",
                    status=MeetingStatus.HELD if past else MeetingStatus.PLANNED,
                    minutes="Compte rendu approuvé." if past else "",
                )
            )
    ctx.save(members)
    ctx.save(meetings)
    attendances, decisions = [], []
    serial = iter(range(1, 1_000_000))
    for meeting in meetings:
        if meeting.status != MeetingStatus.HELD:
            continue
        for full_name in meeting.committee.member_names[:6]:
            attendances.append(
                Attendance(
                    meeting=meeting,
                    full_name=full_name,
                    status=rng.choice([AttendanceStatus.PRESENT] * 4 + [AttendanceStatus.EXCUSED]),
                )
            )
    standing_meetings = [m for m in meetings if m.committee is standing and m.status == "held"]
    for index, convention in enumerate(ctx.conventions):
        if not standing_meetings:
            break
        meeting = standing_meetings[index % len(standing_meetings)]
        decisions.append(
            Decision(
                meeting=meeting,
                number=f"{meeting.held_on.year}-{next(serial):04d}",
                subject=DecisionSubject.AUTHORISE_SIGNING,
                title=f"Autoriser la signature de la convention {convention.reference}",
                text="Article 1 : le Président est autorisé à signer la convention.",
                convention=convention,
                outcome=DecisionOutcome.ADOPTED,
                votes_for=42,  # seed 001: 42 / 0 / 0
                votes_against=0,
                abstentions=0,
            )
        )
    ctx.save(attendances)
    ctx.save(decisions)
    plans, reports = [], []
    for convention in ctx.conventions:
        if convention.annual_report_months is None:
            continue
        for year in range(
            convention.start_date.year, min(convention.end_date.year, ctx.today.year) + 1
        ):
            plans.append(
                ActionPlan(
                    convention=convention,
                    period=PlanPeriod.YEAR,
                    period_start=dt.date(year, 1, 1),
                    objectives="Accompagner les ménages orientés et rendre compte de l'activité.",
                    transmitted_on=dt.date(year, 1, 31)
                    if dt.date(year, 1, 31) <= ctx.today
                    else None,
                )
            )
            if year < ctx.today.year and convention.signed_on:
                submitted = dt.date(year + 1, 3, 15)
                validated = rng.random() < 0.8 and submitted <= ctx.today
                reports.append(
                    AnnualReport(
                        convention=convention,
                        year=year,
                        status=ReportStatus.VALIDATED if validated else ReportStatus.SUBMITTED,
                        activity_summary="Activité conforme au programme prévisionnel.",
                        financial_summary="Bilan financier certifié transmis.",
                        submitted_on=submitted,
                        validated_on=submitted + dt.timedelta(days=30) if validated else None,
                    )
                )
    ctx.save(plans)
    # seed 002 §V: each objective is followed; the generated plans have one, still to assess.
    ctx.save([PlanObjective(plan=plan, position=1, text=plan.objectives) for plan in plans])
    ctx.save(reports)
    ctx.validated_reports = {(r.convention_id, r.year) for r in reports if r.validated_on}


def _funding(ctx: Context) -> None:
    """Budget lines of the funders, grants with yearly amounts and the 70/30 instalments."""
    rng = ctx.rng
    lines = {}
    for funder in (ctx.department, ctx.ddets):
        for year in range(ctx.today.year - 3, ctx.today.year + 1):
            lines[(funder.pk, year)] = BudgetLine(
                funder=funder,
                year=year,
                operation_code="C02-585F01" if funder is ctx.department else f"P177-{year}",
                imputation="6568/93428",  # seed 001 art. 3
                label="Accompagnement social lié au logement",
                commitment_authorisation=Decimal("3750000.00"),
            )
    ctx.save(list(lines.values()))
    grants = []
    for index, convention in enumerate(ctx.funded):
        (funder, _r1), (beneficiary, _r2) = convention.party_specs[:2]
        grants.append(
            Grant(
                convention=convention,
                funder=funder,
                beneficiary=beneficiary,
                budget_line=lines.get((funder.pk, convention.start_date.year)),
                iban=iban(index + 1),
                bic="BNPAFRPP",
                account_holder=beneficiary.name[:200],
                notified_on=convention.signed_on,
            )
        )
    ctx.save(grants)
    _bank_statements(ctx, grants)
    years, instalments, claims = [], [], []
    mandate = iter(range(1, 10_000_000))
    for grant in grants:
        convention = grant.convention
        per_year = (convention.amount or Decimal("20000.00")) / (
            3 if convention.kind == ConventionKind.CPOM else 2
        )
        per_year = per_year.quantize(Decimal("0.01"))
        for offset in range(3 if convention.kind == ConventionKind.CPOM else 2):
            year = convention.start_date.year + offset
            years.append(GrantYear(grant=grant, year=year, amount=per_year))
            first = (per_year * SHARES[0]).quantize(Decimal("0.01"))
            amounts = (first, per_year - first)  # the remainder goes on the last share
            conditions = (
                ReleaseCondition.SIGNATURE if offset == 0 else ReleaseCondition.ACTION_PROGRAMME,
                ReleaseCondition.REPORT_VALIDATED,
            )
            released = (
                grant.notified_on is not None and dt.date(year, 2, 1) <= ctx.today,
                (convention.pk, year) in ctx.validated_reports,
            )
            for position in range(2):
                status, due_on, paid_on, reference = InstalmentStatus.PLANNED, None, None, ""
                if released[position]:
                    due_on = dt.date(year, 3, 1) if position == 0 else dt.date(year + 1, 5, 1)
                    if due_on + dt.timedelta(days=45) <= ctx.today or rng.random() < 0.3:
                        status, paid_on = (
                            InstalmentStatus.PAID,
                            min(due_on + dt.timedelta(days=rng.randint(10, 45)), ctx.today),
                        )
                        reference = f"M{year}-{next(mandate):06d}"
                    else:
                        status = InstalmentStatus.DUE
                instalments.append(
                    Instalment(
                        grant=grant,
                        year=year,
                        position=position + 1,
                        share=SHARES[position],
                        amount=amounts[position],
                        condition=conditions[position],
                        status=status,
                        due_on=due_on,
                        paid_on=paid_on,
                        mandate_reference=reference,
                    )
                )
        if rng.random() < 0.05:
            claims.append(
                ReimbursementClaim(
                    grant=grant,
                    amount=Decimal("1500.00"),
                    reason=ReimbursementReason.PARTLY_MET,  # seed 001 art. 4.4
                    details="Objectifs partiellement atteints sur l'exercice.",
                    claimed_on=ctx.days_ago(rng.randint(10, 200)),
                )
            )
    ctx.save(years)
    ctx.save(instalments)
    ctx.save(claims)


def _bank_statements(ctx: Context, grants: list[Grant]) -> None:
    """seed 001 art. 4.3: no payment before the bank identity statement is produced; every
    synthetic grant has one on file (the demo's fictional PDF, stored once and named by
    every row: these rows are for reading and measuring, not for removing)."""
    if not grants:
        return
    name = default_storage.save(
        "papers/funding/dataset/rib-fictif.pdf", ContentFile(RIB_FILE.read_bytes())
    )
    size = default_storage.size(name)
    ctx.save(
        [
            GrantPaper(
                grant=grant,
                kind=GrantPaperKind.BANK_STATEMENT,
                dated=grant.notified_on or ctx.today,
                file=name,
                original_name="rib.pdf",
                content_type=PDF,
                size=size,
                uploaded_by=ctx.dept_staff[0],
            )
            for grant in grants
        ]
    )


def _envelopes(ctx: Context) -> None:
    """One ASRL envelope a year (seed 004 §5: 5 000 € per person per year), allocated per
    territory and per operator; sizes are set once the households are known."""
    envelopes = {}
    for year in range(ctx.today.year - 2, ctx.today.year + 1):
        envelopes[year] = MeasureEnvelope(
            programme=ctx.asrl,
            funder=ctx.dihal,
            manager=ctx.department,
            label=f"Logement d'abord — ASRL {year}",
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
            measures=0,
            unit_cost=Decimal("5000.00"),
        )
    ctx.save(list(envelopes.values()))
    allocations = {}
    for year, envelope in envelopes.items():
        for territory in ctx.territories:
            allocations[(year, territory.pk, None)] = MeasureAllocation(
                envelope=envelope, territory=territory, operator=None, measures=0
            )
            for operator in ctx.operators_by_territory[territory.pk]:
                allocations[(year, territory.pk, operator.pk)] = MeasureAllocation(
                    envelope=envelope, territory=territory, operator=operator, measures=0
                )
    ctx.save(list(allocations.values()))
    ctx.envelopes = envelopes
    ctx.allocations = allocations
