"""The dates of a convention kept as columns (issue 15): every service that changes them
writes them, the nightly run follows the days, and the columns always equal what the model
computed from the amendments and terminations before they existed."""

import datetime as dt
import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from common.dates import add_months, term_end
from partnerships import services
from partnerships.enums import (
    ConventionStatus,
    PartyRole,
    RenewalPolicy,
    TerminationKind,
)
from partnerships.models import Amendment, Convention, Termination
from partnerships.services import refresh_all_convention_dates, refresh_convention_dates
from tests.partnerships.factories import (
    AmendmentFactory,
    ConventionFactory,
    ConventionPartyFactory,
    OrganisationFactory,
    TerminationFactory,
    UserFactory,
    convention_between,
)

pytestmark = pytest.mark.django_db
D = dt.date
COLUMNS = ("amended_end", "terminated_on", "status", "effective_end", "denounce_by")


# ------------------------------------------------- the computation the columns replaced
def computed(convention: Convention, today: dt.date) -> dict:
    """The dates as Convention computed them before issue 15, from the rows of its
    amendments and terminations (end_in_force, effective_termination, status_on, end_on,
    last_day_to_denounce)."""
    convention = Convention.objects.get(pk=convention.pk)
    moving = [a for a in Amendment.objects.filter(convention=convention) if a.new_end_date]
    end_in_force = (
        max(moving, key=lambda a: (a.signed_on, a.number)).new_end_date
        if moving
        else convention.end_date
    )
    effects = [t.effective_on for t in Termination.objects.filter(convention=convention)]
    terminated = min(effects) if effects else None
    term = end_in_force
    if convention.renewal_policy == RenewalPolicy.TACIT:
        while term < today:
            term = term_end(term + dt.timedelta(days=1), convention.renewal_term_months or 12)
    end = terminated - dt.timedelta(days=1) if terminated and terminated <= term else term
    if not convention.signed_on:
        status = (
            ConventionStatus.AWAITING_SIGNATURE
            if convention.status == ConventionStatus.AWAITING_SIGNATURE
            else ConventionStatus.DRAFT
        )
    elif today < convention.signed_on:
        status = ConventionStatus.AWAITING_SIGNATURE
    elif terminated and today >= terminated:
        status = ConventionStatus.TERMINATED
    elif today > end_in_force:
        status = (
            ConventionStatus.RENEWED
            if convention.renewal_policy == RenewalPolicy.TACIT
            else ConventionStatus.EXPIRED
        )
    else:
        status = ConventionStatus.ACTIVE
    return {
        "amended_end": end_in_force,
        "terminated_on": terminated,
        "status": status,
        "effective_end": end,
        "denounce_by": (
            add_months(term, -convention.notice_months) if convention.notice_months else None
        ),
    }


def columns(convention: Convention) -> dict:
    row = Convention.objects.values(*COLUMNS).get(pk=convention.pk)
    return {name: row[name] for name in COLUMNS}


def assert_columns_follow(convention: Convention) -> None:
    assert columns(convention) == computed(convention, timezone.localdate())


@pytest.fixture
def admin():
    return UserFactory(is_superuser=True, is_staff=True)


# ----------------------------------------------------------- each service writes them
def test_a_new_convention_is_dated_by_its_own_terms(admin):
    department = OrganisationFactory(department=True)
    convention = services.convention_create(
        by=admin,
        reference="2025-001",
        title="Convention",
        kind="cpom",
        start_date=D(2024, 1, 1),
        end_date=D(2026, 12, 31),
        parties=[(department, PartyRole.FUNDER, None)],
    )
    assert columns(convention)["amended_end"] == D(2026, 12, 31)
    assert columns(convention)["status"] == ConventionStatus.DRAFT
    assert_columns_follow(convention)


def test_a_draft_whose_end_moves_moves_its_columns(admin):
    convention = ConventionFactory(draft=True, end_date=D(2026, 12, 31))
    services.convention_update(convention=convention, by=admin, end_date=D(2027, 6, 30))
    assert columns(convention)["amended_end"] == D(2027, 6, 30)
    assert columns(convention)["effective_end"] == D(2027, 6, 30)
    assert_columns_follow(convention)


def test_submission_and_signature_write_the_status(admin):
    convention = convention_between(
        OrganisationFactory(), OrganisationFactory(), draft=True, end_date=D(2099, 12, 31)
    )
    services.convention_submit(convention=convention, by=admin)
    assert columns(convention)["status"] == ConventionStatus.AWAITING_SIGNATURE
    services.convention_sign(convention=convention, by=admin, signed_on=D(2023, 2, 1))
    assert columns(convention)["status"] == ConventionStatus.ACTIVE
    assert_columns_follow(convention)


def test_an_amendment_moves_the_end_and_the_notice(admin):
    # seed 001 art. 9: the terms change by amendment; seed 002 §VII: 3 months' notice.
    convention = convention_between(
        OrganisationFactory(), OrganisationFactory(), end_date=D(2023, 12, 31)
    )
    assert columns(convention)["status"] == ConventionStatus.EXPIRED
    services.amendment_add(
        convention=convention,
        by=admin,
        signed_on=D(2023, 6, 1),
        summary="Prolongation et tacite reconduction",
        new_end_date=D(2099, 12, 31),
        new_renewal_policy=RenewalPolicy.TACIT,
        new_notice_months=3,
    )
    assert columns(convention)["amended_end"] == D(2099, 12, 31)
    assert columns(convention)["denounce_by"] == D(2099, 9, 30)
    assert columns(convention)["status"] == ConventionStatus.ACTIVE
    assert_columns_follow(convention)


def test_an_express_renewal_moves_the_end(admin):
    # seed 000 art. VII: renewable by decision.
    convention = convention_between(
        OrganisationFactory(),
        OrganisationFactory(),
        start_date=D(2021, 2, 16),
        end_date=D(2022, 2, 15),
        signed_on=D(2021, 2, 16),
        renewal_policy=RenewalPolicy.BY_DECISION,
    )
    services.convention_renew(
        convention=convention,
        by=admin,
        decided_on=D(2022, 1, 18),
        new_end_date=D(2024, 2, 15),
        decision_reference="Comité de pilotage du 18 janvier 2022",
    )
    assert columns(convention)["amended_end"] == D(2024, 2, 15)
    assert_columns_follow(convention)


def test_a_denunciation_ends_the_convention_at_the_end_of_its_notice(admin):
    # seed 002 §VII: denounced by registered letter, in force during the 3 months' notice.
    first, second = OrganisationFactory(), OrganisationFactory()
    convention = convention_between(
        first,
        second,
        end_date=D(2099, 12, 31),
        renewal_policy=RenewalPolicy.TACIT,
        notice_months=3,
    )
    notified = timezone.localdate() - dt.timedelta(days=10)
    services.convention_denounce(
        convention=convention, by=admin, organisation=first, notified_on=notified
    )
    after = columns(convention)
    assert after["terminated_on"] == add_months(notified, 3)
    assert after["effective_end"] == add_months(notified, 3) - dt.timedelta(days=1)
    assert after["status"] == ConventionStatus.ACTIVE  # still in force during the notice
    assert_columns_follow(convention)
    # The notice runs out: the nightly run makes it terminated.
    refresh_all_convention_dates(add_months(notified, 3))
    assert columns(convention)["status"] == ConventionStatus.TERMINATED


def test_a_termination_ends_the_convention_at_once(admin):
    # seed 001 art. 9: the beneficiary may renounce the funding at any time.
    department, fas = OrganisationFactory(department=True), OrganisationFactory()
    convention = ConventionFactory(end_date=D(2099, 12, 31))
    ConventionPartyFactory(convention=convention, organisation=department, role=PartyRole.FUNDER)
    ConventionPartyFactory(convention=convention, organisation=fas, role=PartyRole.BENEFICIARY)
    today = timezone.localdate()
    services.convention_terminate(
        convention=convention,
        by=admin,
        organisation=fas,
        notified_on=today,
        reason="Renonciation au financement.",
    )
    after = columns(convention)
    assert after["status"] == ConventionStatus.TERMINATED
    assert after["terminated_on"] == today
    assert after["effective_end"] == today - dt.timedelta(days=1)
    assert_columns_follow(convention)


def test_the_nightly_run_follows_the_days_of_a_tacit_convention():
    # seed 002 §VII: renewed by tacit agreement each year unless denounced with 3 months'
    # notice; each term brings its own last day to denounce.
    convention = ConventionFactory(
        start_date=D(2019, 1, 1),
        end_date=D(2021, 12, 31),
        signed_on=D(2019, 1, 1),
        renewal_policy=RenewalPolicy.TACIT,
        notice_months=3,
    )
    refresh_all_convention_dates(D(2021, 12, 31))
    assert columns(convention) == {
        "amended_end": D(2021, 12, 31),
        "terminated_on": None,
        "status": ConventionStatus.ACTIVE,
        "effective_end": D(2021, 12, 31),
        "denounce_by": D(2021, 9, 30),
    }
    assert refresh_all_convention_dates(D(2022, 1, 1)) == 1
    assert columns(convention)["status"] == ConventionStatus.RENEWED
    assert columns(convention)["effective_end"] == D(2022, 12, 31)
    assert columns(convention)["denounce_by"] == D(2022, 9, 30)
    assert refresh_all_convention_dates(D(2022, 1, 2)) == 0  # nothing changed that day


def test_the_nightly_run_expires_a_convention_at_its_end():
    # seed 001 art. 8: no tacit renewal, the convention ends at its term.
    convention = ConventionFactory(end_date=D(2025, 12, 31), renewal_policy=RenewalPolicy.NONE)
    refresh_all_convention_dates(D(2025, 12, 31))
    assert columns(convention)["status"] == ConventionStatus.ACTIVE
    refresh_all_convention_dates(D(2026, 1, 1))
    assert columns(convention)["status"] == ConventionStatus.EXPIRED


def test_the_command_brings_every_convention_to_today():
    convention = ConventionFactory(end_date=D(2025, 12, 31))
    Convention.objects.filter(pk=convention.pk).update(status=ConventionStatus.ACTIVE)
    out = StringIO()
    call_command("refresh_convention_dates", stdout=out)
    assert "mise(s) à jour" in out.getvalue()
    assert_columns_follow(convention)


# --------------------------------------- property: the columns equal the old computation
@pytest.mark.parametrize("seed", range(6))
def test_columns_equal_the_computed_dates_after_random_amendments_and_terminations(world, seed):
    rng = random.Random(seed)
    everyone = [
        world.conventions.asrl,
        world.conventions.joint,
        world.conventions.mediation,
        *(
            ConventionFactory(
                start_date=D(2019 + i, 1 + i, 1),
                end_date=D(2021 + i, 12, 31),
                signed_on=rng.choice([None, D(2019 + i, 1 + i, 1)]),
                renewal_policy=rng.choice(list(RenewalPolicy.values)),
                notice_months=rng.choice([0, 2, 3]),
                renewal_term_months=rng.choice([None, 6, 12, 24]),
            )
            for i in range(4)
        ),
    ]
    for convention in everyone:
        signed = convention.signed_on or convention.start_date
        for number in range(1, rng.randint(0, 3) + 1):
            AmendmentFactory(
                convention=convention,
                number=number,
                signed_on=signed + dt.timedelta(days=rng.randint(0, 900)),
                new_end_date=rng.choice(
                    [None, convention.end_date + dt.timedelta(days=rng.randint(-300, 1500))]
                ),
            )
        if rng.random() < 0.5:
            TerminationFactory(
                convention=convention,
                kind=rng.choice(list(TerminationKind.values)),
                notified_on=signed + dt.timedelta(days=rng.randint(0, 1500)),
                notice_months=rng.choice([0, 3]),
            )
    days = [D(2018, 6, 1), D(2022, 3, 1), D(2025, 1, 1), timezone.localdate(), D(2031, 7, 14)]
    for day in days:
        refresh_all_convention_dates(day)
        for convention in everyone:
            assert columns(convention) == computed(convention, day), (seed, day, convention)
            # Any day, from the columns alone (no amendment nor termination read).
            fresh = Convention.objects.get(pk=convention.pk)
            other = day + dt.timedelta(days=rng.randint(-800, 800))
            expected = computed(convention, other)
            assert fresh.status_on(other) == expected["status"]
            assert fresh.end_on(other) == expected["effective_end"]
    for convention in everyone:
        refresh_convention_dates(convention)
        assert_columns_follow(convention)
