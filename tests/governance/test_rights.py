"""issue 13, case 3: the governance services check the acting user themselves, and an annual
report becomes validated only through an adopted decision of an instance of its convention
where its funder sits (seed 001 art. 4.2, art. 5, art. 6)."""

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from funding import services as funding_services
from funding.enums import InstalmentStatus
from governance import services
from governance.enums import (
    CommitteeKind,
    DecisionOutcome,
    DecisionSubject,
    Frequency,
    ReportStatus,
)
from governance.errors import GovernanceError
from governance.models import AnnualReport, Committee, Decision, Meeting
from tests.governance.factories import (
    CommitteeFactory,
    CommitteeMemberFactory,
    MeetingFactory,
)
from tests.partnerships.factories import PASSWORD, ConventionFactory, ConventionPartyFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def schedule(fas_grant, agent):
    """seed 001 art. 4.2: the 2023 schedule of the FAS grant, notified on 19 April 2023: the
    14 000 € (70 %) are due, the 6 000 € (30 %) wait for the validated report."""
    funding_services.instalments_generate(grant=fas_grant, by=agent)
    funding_services.grant_notify(grant=fas_grant, on=D(2023, 4, 19), by=agent)
    return fas_grant


def balance_2023(grant):
    instalment = grant.instalments.get(year=2023, position=2)
    return instalment.amount, instalment.status


@pytest.fixture
def report_2023(world, cpom):
    """The FAS writes and transmits its 2023 report itself (seed 001 art. 6)."""
    fas_director = world.users.fas_director
    report = services.annual_report_create(
        convention=cpom, by=fas_director, year=2023, activity_summary="Rapport d'activités 2023"
    )
    return services.annual_report_submit(report=report, by=fas_director, on=D(2024, 3, 29))


def beneficiary_meeting(world, cpom, *, with_funder_seat: bool = False) -> Meeting:
    """What the FAS director can do alone: a committee of the CPOM held by the FAS, its seats,
    a meeting, declared held."""
    fas_director, fas = world.users.fas_director, world.orgs.fas
    committee = services.committee_create(
        by=fas_director,
        name="Comité de la FAS",
        kind=CommitteeKind.STEERING,
        frequency=Frequency.YEARLY,
        organisation=fas,
        convention=cpom,
    )
    services.committee_member_add(
        committee=committee, by=fas_director, organisation=fas, full_name="Président de la FAS"
    )
    if with_funder_seat:
        services.committee_member_add(
            committee=committee,
            by=fas_director,
            organisation=world.orgs.department,
            full_name="Représentant du Département",
        )
    meeting = services.meeting_plan(
        committee=committee, by=fas_director, held_on=D(2024, 4, 15), agenda="Bilan 2023"
    )
    return services.meeting_hold(meeting=meeting, by=fas_director)


def validate(meeting, report, by):
    return services.decision_record(
        meeting=meeting,
        by=by,
        subject=DecisionSubject.VALIDATE_REPORT,
        title="Validation du bilan 2023",
        outcome=DecisionOutcome.ADOPTED,
        report=report,
    )


# ------------------------------------------------------------------------------- case 3
def test_a_beneficiary_cannot_validate_its_own_report_and_the_30_percent_stays_planned(
    world, cpom, schedule, report_2023
):
    # seed 001 art. 4.2: "Le solde … (30%) sera versé après production et validation du bilan"
    meeting = beneficiary_meeting(world, cpom)
    with pytest.raises(GovernanceError, match="Seul le financeur de la convention valide"):
        validate(meeting, report_2023, world.users.fas_director)
    assert AnnualReport.objects.get().status == ReportStatus.SUBMITTED
    assert not Decision.objects.exists()
    assert balance_2023(schedule) == (Decimal("6000.00"), InstalmentStatus.PLANNED)
    first = schedule.instalments.get(year=2023, position=1)
    assert (first.amount, first.status) == (Decimal("14000.00"), InstalmentStatus.DUE)


def test_a_funders_seat_on_the_beneficiarys_committee_does_not_help_it(
    world, cpom, schedule, report_2023
):
    meeting = beneficiary_meeting(world, cpom, with_funder_seat=True)
    with pytest.raises(GovernanceError, match="Seul le financeur"):
        validate(meeting, report_2023, world.users.fas_director)
    assert balance_2023(schedule) == (Decimal("6000.00"), InstalmentStatus.PLANNED)


def test_the_beneficiary_is_refused_by_the_meeting_page_too(
    client, world, cpom, schedule, report_2023
):
    meeting = beneficiary_meeting(world, cpom)
    assert client.login(email=world.users.fas_director.email, password=PASSWORD)
    response = client.post(
        reverse("governance:decision_add", args=[meeting.pk]),
        {
            "subject": "validate_report",
            "title": "Validation du bilan 2023",
            "report": report_2023.pk,
            "outcome": "adopted",
        },
    )
    assert response.status_code == 400
    assert "Seul le financeur de la convention valide son bilan" in response.content.decode()
    assert AnnualReport.objects.get().status == ReportStatus.SUBMITTED
    assert balance_2023(schedule) == (Decimal("6000.00"), InstalmentStatus.PLANNED)


def test_the_beneficiary_cannot_hold_a_committee_in_the_funders_name(world, cpom):
    with pytest.raises(GovernanceError, match="structure que vous dirigez"):
        services.committee_create(
            by=world.users.fas_director,
            name="Comité de pilotage",
            kind=CommitteeKind.STEERING,
            frequency=Frequency.YEARLY,
            organisation=world.orgs.department,
            convention=cpom,
        )
    assert not Committee.objects.exists()


def steering_committee(world, cpom, *, funder_seat=True) -> Meeting:
    """seed 001 art. 5: the annual steering committee of the Département and the FAS."""
    committee = CommitteeFactory(
        convention=cpom, organisation=world.orgs.department, frequency=Frequency.YEARLY
    )
    if funder_seat:
        CommitteeMemberFactory(committee=committee, organisation=world.orgs.department)
    CommitteeMemberFactory(committee=committee, organisation=world.orgs.fas)
    return MeetingFactory(committee=committee, held_on=D(2024, 4, 15))


def test_the_funder_validates_in_its_steering_committee_and_the_6000_become_due(
    world, cpom, schedule, report_2023
):
    meeting = steering_committee(world, cpom)
    decision = validate(meeting, report_2023, world.users.staff)
    report = AnnualReport.objects.get()
    assert (report.status, report.validated_by) == (ReportStatus.VALIDATED, decision)
    assert balance_2023(schedule) == (Decimal("6000.00"), InstalmentStatus.DUE)


def test_a_committee_where_the_funder_does_not_sit_cannot_validate(
    world, cpom, schedule, report_2023
):
    meeting = steering_committee(world, cpom, funder_seat=False)
    with pytest.raises(GovernanceError, match="ne siège pas"):
        validate(meeting, report_2023, world.users.staff)
    assert balance_2023(schedule) == (Decimal("6000.00"), InstalmentStatus.PLANNED)


def test_a_committee_of_another_convention_cannot_validate(world, cpom, schedule, report_2023):
    other = ConventionFactory(reference="ASRL-BIS")
    ConventionPartyFactory(convention=other, organisation=world.orgs.department)
    committee = CommitteeFactory(convention=other, organisation=world.orgs.department)
    CommitteeMemberFactory(committee=committee, organisation=world.orgs.department)
    meeting = MeetingFactory(committee=committee, held_on=D(2024, 4, 15))
    with pytest.raises(GovernanceError, match="se valide dans une instance de la convention"):
        validate(meeting, report_2023, world.users.staff)
    assert balance_2023(schedule) == (Decimal("6000.00"), InstalmentStatus.PLANNED)


def test_a_validation_decision_names_its_report(world, cpom):
    meeting = steering_committee(world, cpom)
    with pytest.raises(GovernanceError, match="Désignez le bilan"):
        services.decision_record(
            meeting=meeting,
            by=world.users.staff,
            subject=DecisionSubject.VALIDATE_REPORT,
            title="Validation",
            outcome=DecisionOutcome.ADOPTED,
        )


def test_a_rejected_validation_leaves_the_report_submitted(world, cpom, schedule, report_2023):
    meeting = steering_committee(world, cpom)
    services.decision_record(
        meeting=meeting,
        by=world.users.staff,
        subject=DecisionSubject.VALIDATE_REPORT,
        title="Validation du bilan 2023",
        outcome=DecisionOutcome.REJECTED,
        report=report_2023,
    )
    assert AnnualReport.objects.get().status == ReportStatus.SUBMITTED
    assert balance_2023(schedule) == (Decimal("6000.00"), InstalmentStatus.PLANNED)


# --------------------------------------------------------- every service checks the user
def test_another_organisation_cannot_run_the_committee(world, cpom):
    meeting = steering_committee(world, cpom)
    outsider = world.users.outsider_director
    with pytest.raises(GovernanceError, match="anime l'instance"):
        services.meeting_plan(
            committee=meeting.committee, by=outsider, held_on=D(2024, 9, 1), agenda="Ordre"
        )
    with pytest.raises(GovernanceError, match="anime l'instance"):
        services.decision_record(
            meeting=meeting, by=outsider, subject="other", title="Décision", outcome="adopted"
        )
    with pytest.raises(GovernanceError, match="anime l'instance"):
        services.attendance_record(
            meeting=meeting, by=outsider, full_name="Intrus", status="present"
        )
    assert Meeting.objects.count() == 1
    assert not Decision.objects.exists()


def test_a_social_worker_of_a_party_does_not_run_its_committees(world):
    # The CHRS is party to ASRL-2019; only its director and the Département's agents run it.
    committee = CommitteeFactory(
        convention=world.conventions.asrl, organisation=world.orgs.department
    )
    with pytest.raises(GovernanceError, match="anime l'instance"):
        services.committee_member_add(
            committee=committee,
            by=world.users.social_worker,
            organisation=world.orgs.chrs,
            full_name="Camille",
        )


def test_a_director_answers_only_for_the_structure_they_direct(world):
    # seed 000 art. IV: the agreement of each structure, given by that structure
    convention = world.conventions.joint
    committee = CommitteeFactory(convention=convention, organisation=world.orgs.soliha)
    for organisation in (world.orgs.soliha, world.orgs.mta):
        CommitteeMemberFactory(committee=committee, organisation=organisation)
    meeting = MeetingFactory(committee=committee, held_on=D(2024, 6, 4))
    decision = services.decision_record(
        meeting=meeting,
        by=world.users.soliha_director,
        subject="household_follow_up",
        title="Suivi du ménage",
        requires_each_organisation=True,
    )
    with pytest.raises(GovernanceError, match="structure que vous dirigez"):
        services.agreement_record(
            decision=decision,
            by=world.users.soliha_director,
            organisation=world.orgs.mta,
            agreed=True,
            on=D(2024, 6, 4),
        )
    services.agreement_record(
        decision=decision,
        by=world.users.mta_director,
        organisation=world.orgs.mta,
        agreed=True,
        on=D(2024, 6, 4),
    )


def test_only_those_who_run_the_convention_write_its_reports(world, cpom):
    with pytest.raises(GovernanceError, match="pilotent la convention"):
        services.annual_report_create(convention=cpom, by=world.users.outsider_director, year=2023)
    with pytest.raises(GovernanceError, match="pilotent la convention"):
        services.action_plan_create(
            convention=cpom,
            by=world.users.partner,
            period="year",
            period_start=D(2024, 1, 1),
            objectives="Programme d'actions 2024",
        )
    assert not AnnualReport.objects.exists()


def test_a_reports_funder_sees_the_beneficiarys_decision_refused_by_the_report_page(
    client, world, cpom, report_2023
):
    # The "Valider en séance" page is the funder's: the beneficiary gets a 404.
    assert client.login(email=world.users.fas_director.email, password=PASSWORD)
    url = reverse("governance:report_validate", args=[report_2023.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


# -------------------------------------------------------------- the only path to "validated"
PRODUCT_APPS = ("common", "partnerships", "governance", "funding", "households", "portal")


def _writes(func) -> bool:
    """A call that writes its keywords: a model built (`AnnualReport(...)`) or a queryset's
    `update` / `create`; a filter only reads them."""
    if isinstance(func, ast.Name):
        return func.id[:1].isupper()
    return isinstance(func, ast.Attribute) and func.attr in (
        "update",
        "create",
        "get_or_create",
        "update_or_create",
    )


def _validated_writes():
    """(file, function) of every place of the product code that writes the "validated"
    status: `ReportStatus.VALIDATED` assigned or passed as a keyword."""
    root = Path(__file__).resolve().parents[2]
    found = []
    for app in PRODUCT_APPS:
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text())
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(function):
                    values = []
                    if isinstance(node, ast.Assign):
                        values = [node.value]
                    elif isinstance(node, ast.Call) and _writes(node.func):
                        values = [k.value for k in node.keywords if k.arg == "status"]
                    for value in values:
                        if ast.unparse(value) == "ReportStatus.VALIDATED":
                            found.append((path.relative_to(root).as_posix(), function.name))
    return sorted(set(found))


def test_a_report_is_validated_in_one_place_only_called_by_decision_record():
    assert _validated_writes() == [("governance/services.py", "_annual_report_validate")]
    source = Path(services.__file__).read_text()
    callers = [
        function.name
        for function in ast.walk(ast.parse(source))
        if isinstance(function, ast.FunctionDef)
        and any(
            isinstance(node, ast.Call) and ast.unparse(node.func) == "_annual_report_validate"
            for node in ast.walk(function)
        )
    ]
    assert callers == ["decision_record"]
    assert not hasattr(services, "annual_report_validate")
