"""Rules of the source documents that the foundation already holds."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from common.dates import add_months, term_end
from common.validators import iban_ok, validate_iban, validate_siret
from partnerships.enums import ConventionStatus, RenewalPolicy, TerminationKind
from tests.households.factories import ProjectFactory
from tests.partnerships.factories import (
    AmendmentFactory,
    ConventionFactory,
    ProgrammeFactory,
    TerminationFactory,
)


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(dt.date(2019, 8, 31), 6) == dt.date(2020, 2, 29)
    assert add_months(dt.date(2023, 3, 20), -3) == dt.date(2022, 12, 20)


def test_term_end_is_the_last_day_of_the_term():
    assert term_end(dt.date(2023, 1, 1), 36) == dt.date(2025, 12, 31)


def test_siret_luhn_check():
    validate_siret("73282932000074")
    with pytest.raises(ValidationError, match="clé de contrôle"):
        validate_siret("73282932000075")
    with pytest.raises(ValidationError, match="14 chiffres"):
        validate_siret("7328293200007")


def test_iban_mod97_check():
    # seed 001 art. 4.3: payments need checked bank details
    assert iban_ok("FR76 3000 6000 0112 3456 7890 189")
    assert not iban_ok("FR76 3000 6000 0112 3456 7890 188")
    with pytest.raises(ValidationError, match="IBAN"):
        validate_iban("FR76300060000112345678")


@pytest.mark.django_db
def test_convention_end_cannot_precede_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        ConventionFactory(start_date=dt.date(2023, 1, 1), end_date=dt.date(2022, 12, 31))


@pytest.mark.django_db
def test_last_day_to_denounce_with_three_months_notice():
    # seed 002 §VII: denunciation by registered letter with 3 months' notice
    convention = ConventionFactory(
        start_date=dt.date(2019, 1, 1),
        end_date=dt.date(2021, 12, 31),
        renewal_policy=RenewalPolicy.TACIT,
        notice_months=3,
    )
    assert convention.last_day_to_denounce() == dt.date(2021, 9, 30)


@pytest.mark.django_db
def test_no_denunciation_deadline_without_tacit_renewal():
    # seed 001 art. 8: "en aucun cas … tacite reconduction"
    convention = ConventionFactory(renewal_policy=RenewalPolicy.NONE, notice_months=0)
    assert convention.last_day_to_denounce() is None


@pytest.mark.django_db
def test_amendment_moves_the_end_in_force():
    convention = ConventionFactory(end_date=dt.date(2025, 12, 31))
    AmendmentFactory(
        convention=convention,
        number=1,
        signed_on=dt.date(2024, 6, 1),
        summary="Prolongation d'un an",
        new_end_date=dt.date(2026, 12, 31),
    )
    assert convention.end_in_force() == dt.date(2026, 12, 31)
    assert convention.status_on(dt.date(2026, 6, 1)) == ConventionStatus.ACTIVE
    assert convention.status_on(dt.date(2027, 1, 1)) == ConventionStatus.EXPIRED


@pytest.mark.django_db
def test_denunciation_takes_effect_after_the_notice():
    # seed 002 §VII: the convention stays in force during the 3 months' notice
    convention = ConventionFactory(
        start_date=dt.date(2019, 1, 1),
        end_date=dt.date(2021, 12, 31),
        signed_on=dt.date(2019, 1, 1),
    )
    TerminationFactory(
        convention=convention,
        kind=TerminationKind.DENUNCIATION,
        notified_on=dt.date(2020, 4, 15),
        notice_months=3,
    )
    assert convention.effective_termination() == dt.date(2020, 7, 15)
    assert convention.status_on(dt.date(2020, 7, 14)) == ConventionStatus.ACTIVE
    assert convention.status_on(dt.date(2020, 7, 15)) == ConventionStatus.TERMINATED


@pytest.mark.django_db
def test_asrl_project_dates_are_derived_from_the_programme():
    # seed 004 §4: 6 months, intermediate review at 3 months, renewable once for 6 months
    project = ProjectFactory(programme=ProgrammeFactory(), start_date=dt.date(2019, 10, 1))
    assert project.review_due_on == dt.date(2020, 1, 1)
    assert project.planned_end == dt.date(2020, 3, 31)
    project.renewals_used = 1
    project.save()
    assert project.planned_end == dt.date(2020, 9, 30)


@pytest.mark.django_db
def test_joint_accompaniment_lasts_24_months():
    # seed 000 art. III: social accompaniment of 24 months, renewable
    project = ProjectFactory(programme=ProgrammeFactory(joint=True), start_date=dt.date(2021, 9, 1))
    assert project.planned_end == dt.date(2023, 8, 31)
    assert project.review_due_on is None
