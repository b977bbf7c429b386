"""Action sheets (seed 001 annexes), activity records and incident reports (seed 003)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from partnerships import services
from partnerships.enums import Role
from partnerships.models import ActivityRecord, IncidentReport, IndicatorValue, Territory
from partnerships.selectors import activity_dashboard, monthly_synthesis
from partnerships.services import ConventionError
from tests.partnerships.convention_factories import (
    ActivityKindFactory,
    DeliverableFactory,
    IndicatorFactory,
    mediation_convention,
)
from tests.partnerships.factories import OrganisationFactory, UserFactory, member

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def admin():
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def mediation():
    return mediation_convention()


def record(convention, orgs, kind, axis, day, hours, by, **extra):
    extra.setdefault("commune", Territory.objects.get(name="Capinghem"))
    return services.activity_record(
        convention=convention,
        by=by,
        operator=orgs["citeo"],
        day=day,
        kind=kind,
        axis=axis,
        hours=Decimal(hours),
        **extra,
    )


# --------------------------------------------------------------------------- indicators
def test_indicator_value_is_compared_to_its_target(admin):
    # seed 001 fiche 1 §IV: one territorial meeting of members per quarter, 4 a year
    indicator = IndicatorFactory(sheet__convention__start_date=D(2023, 1, 1))
    value = services.indicator_value_record(
        indicator=indicator, by=admin, period_start=D(2024, 1, 1), value=Decimal("3")
    )
    assert indicator.achievement(value.value) == Decimal("75")
    services.indicator_value_record(
        indicator=indicator, by=admin, period_start=D(2024, 1, 1), value=Decimal("4")
    )
    assert IndicatorValue.objects.get().value == Decimal("4")  # corrected, not duplicated


def test_yearly_indicator_value_must_start_on_the_first_of_january(admin):
    indicator = IndicatorFactory()
    with pytest.raises(ConventionError, match="commence le 01/01/2024"):
        services.indicator_value_record(
            indicator=indicator, by=admin, period_start=D(2024, 3, 1), value=Decimal("1")
        )
    assert not IndicatorValue.objects.exists()


def test_quarterly_period_of_a_day():
    indicator = IndicatorFactory.build(period="quarter")
    assert indicator.period_of(D(2024, 5, 17)) == D(2024, 4, 1)


def test_indicator_value_outside_the_convention_is_refused(admin):
    indicator = IndicatorFactory()  # convention 2023-2025
    with pytest.raises(ConventionError, match="précède le début"):
        services.indicator_value_record(
            indicator=indicator, by=admin, period_start=D(2022, 1, 1), value=Decimal("1")
        )


def test_deliverable_is_delivered_once(admin):
    deliverable = DeliverableFactory()
    services.deliverable_deliver(deliverable=deliverable, by=admin, delivered_on=D(2024, 2, 1))
    with pytest.raises(ConventionError, match="déjà remis"):
        services.deliverable_deliver(deliverable=deliverable, by=admin, delivered_on=D(2024, 3, 1))


# ----------------------------------------------------------------------------- activity
def test_monthly_target_is_a_twelfth_of_1607_hours(mediation):
    # seed 003 §IV.1: a yearly base of 1 607 hours
    convention, *_ = mediation
    assert convention.monthly_hours_target() == Decimal("133.92")


def test_activity_record_carries_its_own_axis(mediation, admin):
    # seed 003 §II-§III: the activities cut across the four axes
    convention, orgs, axes, kinds = mediation
    first = record(convention, orgs, kinds[0], axes[0], D(2019, 9, 9), "4.00", admin)
    second = record(convention, orgs, kinds[0], axes[1], D(2019, 9, 10), "2.00", admin)
    assert (first.kind, first.axis) == (kinds[0], axes[0])
    assert (second.kind, second.axis) == (kinds[0], axes[1])


def test_activity_by_a_party_that_is_not_the_operator_is_refused(mediation, admin):
    convention, orgs, axes, kinds = mediation
    with pytest.raises(ConventionError, match="n'est pas opérateur"):
        services.activity_record(
            convention=convention,
            by=admin,
            operator=orgs["asl"],
            day=D(2019, 9, 9),
            kind=kinds[0],
            axis=axes[0],
            hours=Decimal("2"),
            commune=Territory.objects.get(name="Capinghem"),
        )
    assert not ActivityRecord.objects.exists()


def test_a_day_never_exceeds_24_hours(mediation, admin):
    convention, orgs, axes, kinds = mediation
    record(convention, orgs, kinds[0], axes[0], D(2019, 9, 9), "20.00", admin)
    with pytest.raises(ConventionError, match="dépasserait 24 heures"):
        record(convention, orgs, kinds[1], axes[0], D(2019, 9, 9), "4.50", admin)
    assert ActivityRecord.objects.count() == 1


def test_activity_of_another_conventions_list_is_refused(mediation, admin):
    convention, orgs, axes, _kinds = mediation
    foreign = ActivityKindFactory()
    with pytest.raises(ConventionError, match="n'appartient pas"):
        record(convention, orgs, foreign, axes[0], D(2019, 9, 9), "2.00", admin)


def test_activity_outside_the_convention_is_refused(mediation, admin):
    convention, orgs, axes, kinds = mediation
    with pytest.raises(ConventionError, match="n'est pas en vigueur le 02/01/2020"):
        record(convention, orgs, kinds[0], axes[0], D(2020, 1, 2), "2.00", admin)


def test_monthly_synthesis_sums_hours_by_activity_axis_and_week(mediation, admin):
    # seed 003 §VI: monthly synthesis; 35 h a week on average (§IV.1)
    convention, orgs, axes, kinds = mediation
    record(convention, orgs, kinds[0], axes[0], D(2019, 9, 9), "4.00", admin, participants=23)
    record(convention, orgs, kinds[3], axes[0], D(2019, 9, 9), "3.00", admin)
    record(convention, orgs, kinds[5], axes[2], D(2019, 9, 17), "3.00", admin, participants=18)
    record(convention, orgs, kinds[0], axes[1], D(2019, 10, 8), "3.50", admin)
    synthesis = monthly_synthesis(convention, D(2019, 9, 1), admin)
    assert synthesis.total_hours == Decimal("10.00")
    assert synthesis.participants == 41
    assert synthesis.target_hours == Decimal("133.92")
    hours = {line.label: line.hours for line in synthesis.by_kind}
    assert hours["Assurer une présence active de proximité"] == Decimal("4.00")
    assert len(synthesis.by_kind) == 8  # every activity of the convention, even at zero
    assert [line.hours for line in synthesis.by_axis] == [
        Decimal("7.00"),
        Decimal("0"),
        Decimal("3.00"),
        Decimal("0"),
    ]
    week_37 = next(w for w in synthesis.weeks if w.number == 37)
    assert week_37.hours == Decimal("7.00")
    assert week_37.gap == Decimal("-28.00")


def test_dashboard_compares_the_year_to_1607_hours(mediation, admin):
    convention, orgs, axes, kinds = mediation
    record(convention, orgs, kinds[0], axes[0], D(2019, 9, 9), "4.00", admin)
    record(convention, orgs, kinds[0], axes[0], D(2019, 10, 8), "3.50", admin)
    dashboard = activity_dashboard(convention, 2019, admin)
    assert dashboard.yearly_target == Decimal("1607.00")
    assert dashboard.total_hours == Decimal("7.50")
    assert dashboard.months[8].hours == Decimal("4.00")
    assert dashboard.months[9].cumulated == Decimal("7.50")
    assert dashboard.chart_data()["hours"][9] == 3.5


# ---------------------------------------------------------------------------- incidents
def test_incident_report_reaches_the_partner_it_names(mediation, admin):
    # seed 003 §V.2: the report goes to the partners identified for it
    convention, orgs, *_ = mediation
    partner = member(Role.SIGNATORY_PARTNER, orgs["capinghem"])
    report = services.incident_report_create(
        convention=convention,
        by=admin,
        reported_by=orgs["citeo"],
        occurred_on=D(2019, 10, 17),
        kind="Dégradation des parties communes",
        place="Rue Léonard de Vinci",
        description="Boîtes aux lettres forcées.",
        recipients=[orgs["capinghem"]],
    )
    assert list(report.recipients.all()) == [orgs["capinghem"]]
    assert IncidentReport.objects.visible_to(partner).filter(pk=report.pk).exists()


def test_incident_report_email_is_sent_after_commit(
    mediation, admin, django_capture_on_commit_callbacks
):
    # seed 003 §V.2: "fiche de signalement (transmis aux interlocuteurs identifiés par mail)"
    convention, orgs, *_ = mediation
    member(Role.SIGNATORY_PARTNER, orgs["capinghem"], email="mairie@capinghem.test")
    member(Role.SIGNATORY_PARTNER, orgs["lille"], email="mairie@lomme.test")
    with django_capture_on_commit_callbacks(execute=True):
        services.incident_report_create(
            convention=convention,
            by=admin,
            reported_by=orgs["citeo"],
            occurred_on=D(2019, 10, 17),
            kind="Dégradation des parties communes",
            place="",
            description="Boîtes aux lettres forcées.",
            recipients=[orgs["capinghem"]],
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mairie@capinghem.test"]
    assert "MEDIATION-HUMANICITE-2019" in mail.outbox[0].subject
    # issue 16: the convention and the day, never the facts.
    assert "Boîtes aux lettres" not in mail.outbox[0].body
    assert "Dégradation" not in mail.outbox[0].body


def test_incident_report_to_an_organisation_outside_the_convention_is_refused(mediation, admin):
    convention, orgs, *_ = mediation
    with pytest.raises(ConventionError, match="Seules les parties"):
        services.incident_report_create(
            convention=convention,
            by=admin,
            reported_by=orgs["citeo"],
            occurred_on=D(2019, 10, 17),
            kind="Dégradation",
            place="",
            description="Hall dégradé.",
            recipients=[OrganisationFactory(name="Bailleur X")],
        )
    assert not IncidentReport.objects.exists()


def test_only_reporter_and_recipients_see_an_incident_report(mediation, admin):
    # seed 003 §VI: each signatory sees its own perimeter only
    convention, orgs, *_ = mediation
    report = services.incident_report_create(
        convention=convention,
        by=admin,
        reported_by=orgs["citeo"],
        occurred_on=D(2019, 10, 17),
        kind="Dégradation",
        place="",
        description="Hall dégradé.",
        recipients=[orgs["capinghem"]],
    )
    lille = member(Role.SIGNATORY_PARTNER, orgs["lille"])
    citeo = member(Role.DIRECTOR, orgs["citeo"])
    assert not IncidentReport.objects.visible_to(lille).filter(pk=report.pk).exists()
    assert IncidentReport.objects.visible_to(citeo).filter(pk=report.pk).exists()


def test_recipient_acknowledges_once(mediation, admin):
    convention, orgs, *_ = mediation
    report = services.incident_report_create(
        convention=convention,
        by=admin,
        reported_by=orgs["citeo"],
        occurred_on=D(2019, 10, 17),
        kind="Dégradation",
        place="",
        description="Hall dégradé.",
        recipients=[orgs["capinghem"]],
    )
    mayor = member(Role.SIGNATORY_PARTNER, orgs["capinghem"])
    services.incident_acknowledge(
        report=report, by=mayor, organisation=orgs["capinghem"], on=D(2019, 10, 18)
    )
    with pytest.raises(ConventionError, match="déjà confirmée"):
        services.incident_acknowledge(
            report=report, by=mayor, organisation=orgs["capinghem"], on=D(2019, 10, 19)
        )
    with pytest.raises(ConventionError, match="n'est pas destinataire"):
        services.incident_acknowledge(
            report=report, by=admin, organisation=orgs["lille"], on=D(2019, 10, 19)
        )
