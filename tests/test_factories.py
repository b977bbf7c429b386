"""The factories' Traits build the states of the domain, never an impossible row: each
passes the model's validation (fields and database constraints) and says what the domain
says of that state."""

import datetime as dt

import pytest

from funding.enums import ApplicationStatus, GrantPaperKind, InstalmentStatus
from funding.services import has_bank_statement
from governance.enums import MeetingStatus, ReportStatus
from households.enums import OrientationOutcome, ProjectStatus, ReferralStatus, ReviewKind
from households.services import approvals_missing
from partnerships.enums import ConventionStatus, Role
from tests.funding.factories import ApplicationFactory, GrantFactory, InstalmentFactory
from tests.governance.factories import AnnualReportFactory, MeetingFactory
from tests.households.factories import ProjectFactory, ReferralFactory
from tests.partnerships.factories import (
    ConventionFactory,
    ConventionPartyFactory,
    TerminationFactory,
)

pytestmark = pytest.mark.django_db


def valid(obj):
    obj.full_clean()
    return obj


@pytest.mark.parametrize(
    ("trait", "status"),
    [
        (None, ProjectStatus.ACTIVE),
        ("proposed", ProjectStatus.PROPOSED),
        ("approved", ProjectStatus.APPROVED),
        ("active", ProjectStatus.ACTIVE),
        ("in_review", ProjectStatus.IN_REVIEW),
        ("closed", ProjectStatus.CLOSED),
    ],
)
def test_project_traits(trait, status):
    project = valid(ProjectFactory(**({trait: True} if trait else {})))
    project.refresh_from_db()
    assert project.status == status
    started = status not in (ProjectStatus.PROPOSED, ProjectStatus.APPROVED)
    assert (project.start_date is not None) == started
    assert (project.contract_signed_on is not None) == started
    assert project.contract_signed_on is None or project.contract_signed_on <= project.start_date
    # Past the proposal, every structure has agreed (seed 000 art. IV).
    assert bool(approvals_missing(project)) == (status == ProjectStatus.PROPOSED)
    for approval in project.approvals.all():
        assert approval.approved_by.memberships.filter(
            organisation=approval.organisation, role=Role.DIRECTOR
        ).exists()
    reviews = set(project.reviews.values_list("kind", flat=True))
    assert (ReviewKind.END_OF_TERM in reviews) == (status == ProjectStatus.IN_REVIEW)
    closure = getattr(project, "closure", None)
    assert (closure is not None) == (status == ProjectStatus.CLOSED)
    if closure is not None:
        assert valid(closure).closed_on >= project.start_date


@pytest.mark.parametrize(
    ("trait", "status", "outcome"),
    [
        (None, ReferralStatus.RECEIVED, None),
        ("under_study", ReferralStatus.UNDER_STUDY, None),
        ("oriented", ReferralStatus.ORIENTED, OrientationOutcome.ORIENTED),
        ("refused", ReferralStatus.REFUSED, OrientationOutcome.REFUSED),
        ("redirected", ReferralStatus.REDIRECTED, OrientationOutcome.REDIRECTED),
    ],
)
def test_referral_traits(trait, status, outcome):
    referral = valid(ReferralFactory(**({trait: True} if trait else {})))
    referral.refresh_from_db()
    assert referral.status == status
    decision = getattr(referral, "orientation", None)
    assert (decision.outcome if decision else None) == outcome
    if decision is not None:
        valid(decision)
        # An oriented household has its operator; a refusal or a redirection its reason.
        assert (decision.operator is not None) == (outcome == OrientationOutcome.ORIENTED)
        assert bool(decision.reason) == (outcome != OrientationOutcome.ORIENTED)


@pytest.mark.parametrize(
    ("trait", "status"),
    [
        (None, InstalmentStatus.PLANNED),
        ("scheduled", InstalmentStatus.PLANNED),
        ("due", InstalmentStatus.DUE),
        ("paid", InstalmentStatus.PAID),
        ("cancelled", InstalmentStatus.CANCELLED),
    ],
)
def test_instalment_traits(trait, status):
    instalment = valid(InstalmentFactory(**({trait: True} if trait else {})))
    assert instalment.status == status
    assert (instalment.due_on is not None) == (
        status in (InstalmentStatus.DUE, InstalmentStatus.PAID)
    )
    assert (instalment.paid_on is not None) == (status == InstalmentStatus.PAID)
    assert bool(instalment.cancellation_reason) == (status == InstalmentStatus.CANCELLED)
    # seed 001 art. 4.3: a paid instalment's grant has its bank identity statement on file.
    if status == InstalmentStatus.PAID:
        assert has_bank_statement(instalment.grant)


def test_a_grant_has_its_bank_statement_unless_told_otherwise():
    grant = GrantFactory()
    paper = valid(grant.papers.get())
    assert (paper.kind, paper.content_type) == (GrantPaperKind.BANK_STATEMENT, "application/pdf")
    assert not GrantFactory(bank_statement=False).papers.exists()


@pytest.mark.parametrize(
    ("trait", "stored", "on_2024"),
    [
        # The stored status is today's (issue 15): the 2023-2025 term has ended.
        (None, ConventionStatus.EXPIRED, ConventionStatus.ACTIVE),
        ("draft", ConventionStatus.DRAFT, ConventionStatus.DRAFT),
        (
            "awaiting_signature",
            ConventionStatus.AWAITING_SIGNATURE,
            ConventionStatus.AWAITING_SIGNATURE,
        ),
        ("signed", ConventionStatus.EXPIRED, ConventionStatus.ACTIVE),
        ("terminated", ConventionStatus.TERMINATED, ConventionStatus.TERMINATED),
    ],
)
def test_convention_traits(trait, stored, on_2024):
    convention = valid(ConventionFactory(**({trait: True} if trait else {})))
    assert convention.status == stored
    assert convention.status_on(dt.date(2024, 6, 1)) == on_2024


def test_a_terminated_convention_is_terminated_by_one_of_its_parties():
    convention = ConventionFactory()
    party = ConventionPartyFactory(convention=convention)
    ConventionPartyFactory(convention=convention)
    termination = valid(TerminationFactory(convention=convention))
    assert termination.by_organisation == party.organisation


@pytest.mark.parametrize(
    ("trait", "status"),
    [
        (None, ReportStatus.DRAFT),
        ("draft", ReportStatus.DRAFT),
        ("submitted", ReportStatus.SUBMITTED),
        ("validated", ReportStatus.VALIDATED),
    ],
)
def test_annual_report_traits(trait, status):
    report = valid(AnnualReportFactory(**({trait: True} if trait else {})))
    report.refresh_from_db()
    assert report.status == status
    assert (report.submitted_on is not None) == (status != ReportStatus.DRAFT)
    assert (report.validated_on is not None) == (status == ReportStatus.VALIDATED)
    if report.submitted_on:
        # seed 001 art. 4.2: the report of a year is sent once the year is over.
        assert report.submitted_on.year > report.year and report.activity_summary


@pytest.mark.parametrize(
    ("trait", "status"),
    [
        (None, MeetingStatus.HELD),
        ("planned", MeetingStatus.PLANNED),
        ("held", MeetingStatus.HELD),
        ("cancelled", MeetingStatus.CANCELLED),
    ],
)
def test_meeting_traits(trait, status):
    meeting = valid(MeetingFactory(**({trait: True} if trait else {})))
    assert meeting.status == status
    assert bool(meeting.cancellation_reason) == (status == MeetingStatus.CANCELLED)


@pytest.mark.parametrize(
    ("trait", "status"),
    [(None, ApplicationStatus.DRAFT), ("submitted", ApplicationStatus.SUBMITTED)],
)
def test_application_traits(trait, status):
    application = valid(ApplicationFactory(**({trait: True} if trait else {})))
    assert application.status == status
    assert (application.submitted_at is not None) == (status == ApplicationStatus.SUBMITTED)
    if application.submitted_at:
        assert application.submitted_at < application.call.deadline
