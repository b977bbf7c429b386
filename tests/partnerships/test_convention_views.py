"""Screens of conventions: perimeter and refused actions (404), constant queries, bad input."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from partnerships.enums import Role
from partnerships.models import ActivityRecord, Amendment, IncidentReport, Territory
from tests.partnerships.convention_factories import (
    ActivityRecordFactory,
    DeliverableFactory,
    IncidentReportFactory,
    IndicatorFactory,
    mediation_convention,
)
from tests.partnerships.factories import (
    PASSWORD,
    AmendmentFactory,
    convention_between,
    member,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def seed(world):
    """seed 003's mediation convention, its follow-up and its people, on the shared world
    (whose outsider_director, of Opérateur B, is party to another convention)."""
    convention, orgs, axes, kinds = mediation_convention(amount=Decimal("60600.00"))
    indicator = IndicatorFactory(sheet__convention=convention, period="month")
    incident = IncidentReportFactory(convention=convention, reported_by=orgs["citeo"])
    incident.recipients.add(orgs["capinghem"])
    return SimpleNamespace(
        convention=convention,
        orgs=orgs,
        axes=axes,
        kinds=kinds,
        indicator=indicator,
        deliverable=DeliverableFactory(sheet=indicator.sheet),
        incident=incident,
        manager=member(Role.DIRECTOR, orgs["asl"]),
        operator=member(Role.SOCIAL_WORKER, orgs["citeo"]),
        partner=member(Role.SIGNATORY_PARTNER, orgs["capinghem"]),
    )


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


CONVENTION_PAGES = [
    "partnerships:convention_detail",
    "partnerships:convention_edit",
    "partnerships:party_add",
    "partnerships:commitment_add",
    "partnerships:convention_sign",
    "partnerships:amendment_add",
    "partnerships:convention_renew",
    "partnerships:convention_denounce",
    "partnerships:convention_terminate",
    "partnerships:activity_list",
    "partnerships:activity_add",
    "partnerships:activity_month",
    "partnerships:activity_dashboard",
    "partnerships:incident_add",
]


@pytest.mark.parametrize("name", CONVENTION_PAGES)
def test_another_organisation_gets_404_on_convention_pages(client, world, seed, name):
    login(client, world.users.outsider_director)
    url = reverse(name, args=[seed.convention.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("partnerships:sheet_detail", "sheet"),
        ("partnerships:indicator_value_add", "indicator"),
        ("partnerships:deliverable_deliver", "deliverable"),
        ("partnerships:incident_detail", "incident"),
        ("partnerships:incident_acknowledge", "incident"),
        ("partnerships:convention_submit", "convention"),
    ],
)
def test_another_organisation_gets_404_on_follow_up_pages(client, world, seed, name, key):
    obj = seed.indicator.sheet if key == "sheet" else getattr(seed, key)
    login(client, world.users.outsider_director)
    url = reverse(name, args=[obj.pk])
    assert client.post(url, {}).status_code == 404


def test_signatory_partner_reads_the_dashboard_of_its_convention_only(client, world, seed):
    # seed 003 §VI: "sur le périmètre d'intervention respectif de chacun"
    login(client, seed.partner)
    convention = seed.convention
    response = client.get(reverse("partnerships:activity_dashboard", args=[convention.pk]))
    assert response.status_code == 200
    assert b"donnees-tableau-de-bord" in response.content
    # Capinghem reads its share: the contracted 1 607 h are the whole activity's
    assert b"1\xc2\xa0607" not in response.content
    assert "la part de l’activité menée sur le territoire de votre commune" in (
        response.content.decode()
    )
    login(client, seed.manager)  # ASL Humanicité, the commissioning party, reads it all
    response = client.get(reverse("partnerships:activity_dashboard", args=[convention.pk]))
    assert b"1\xc2\xa0607" in response.content  # the contracted volume, French thousands
    other = world.conventions.mediation  # Opérateur B and the commune: not Capinghem's
    assert (
        client.get(reverse("partnerships:activity_dashboard", args=[other.pk])).status_code == 404
    )


def test_signatory_partner_may_not_record_activity(client, seed):
    login(client, seed.partner)
    url = reverse("partnerships:activity_add", args=[seed.convention.pk])
    assert client.get(url).status_code == 404


def test_operator_records_a_day_of_activity(client, seed):
    login(client, seed.operator)
    convention = seed.convention
    response = client.post(
        reverse("partnerships:activity_add", args=[convention.pk]),
        {
            "day": "2019-09-09",
            "operator": seed.orgs["citeo"].pk,
            "kind": seed.kinds[0].pk,
            "axis": seed.axes[1].pk,
            "hours": "4",
            "commune": Territory.objects.get(name="Lomme").pk,
            "participants": "23",
            "notes": "Tournée du quartier",
        },
    )
    assert response.status_code == 302
    record = ActivityRecord.objects.get()
    assert (record.axis, record.hours) == (seed.axes[1], Decimal("4.00"))
    assert record.commune.name == "Lomme"


def test_a_day_of_25_hours_is_refused_and_nothing_is_stored(client, seed):
    login(client, seed.operator)
    convention = seed.convention
    response = client.post(
        reverse("partnerships:activity_add", args=[convention.pk]),
        {
            "day": "2019-09-09",
            "operator": seed.orgs["citeo"].pk,
            "kind": seed.kinds[0].pk,
            "hours": "25",
            "participants": "0",
        },
    )
    assert response.status_code == 400
    assert "inférieure ou égale à 24" in response.content.decode()
    assert not ActivityRecord.objects.exists()


def test_amendment_making_the_amount_negative_shows_the_error_and_stores_nothing(client, seed):
    login(client, seed.manager)
    convention = seed.convention
    response = client.post(
        reverse("partnerships:amendment_add", args=[convention.pk]),
        {"signed_on": "2019-09-01", "summary": "Baisse", "amount_change": "-70000"},
    )
    assert response.status_code == 400
    assert "ne peut devenir négatif" in response.content.decode()
    assert not Amendment.objects.exists()


def test_convention_detail_shows_the_status_at_a_chosen_date(client, seed):
    login(client, seed.partner)
    url = reverse("partnerships:convention_detail", args=[seed.convention.pk])
    page = client.get(url, {"au": "2019-03-01"}).content.decode()
    assert "En attente de signature" in page  # signed on 28 June 2019
    page = client.get(url, {"au": "2020-01-01"}).content.decode()
    assert "Échue" in page
    assert "Date invalide" in client.get(url, {"au": "32/13/2019"}).content.decode()


def test_recipient_acknowledges_an_incident_report(client, seed):
    login(client, seed.partner)
    incident = seed.incident
    response = client.post(
        reverse("partnerships:incident_acknowledge", args=[incident.pk]),
        {"organisation": seed.orgs["capinghem"].pk},
    )
    assert response.status_code == 302
    assert incident.acknowledgements.get().organisation == seed.orgs["capinghem"]


def test_incident_report_to_a_non_party_is_refused_on_the_form(client, world, seed):
    login(client, seed.operator)
    response = client.post(
        reverse("partnerships:incident_add", args=[seed.convention.pk]),
        {
            "reported_by": seed.orgs["citeo"].pk,
            "occurred_on": "2019-10-17",
            "kind": "Dégradation",
            "description": "Hall",
            "recipients": [world.orgs.other.pk],
        },
    )
    assert response.status_code == 400
    assert IncidentReport.objects.count() == 1


# ------------------------------------------------------------------------ constant queries
def _grow(seed, index):
    convention = seed.convention
    ActivityRecordFactory(
        convention=convention,
        operator=seed.orgs["citeo"],
        kind=seed.kinds[index % 8],
        axis=seed.axes[index % 4],
        day=D(2019, 9, 1) + dt.timedelta(days=index),
        commune=Territory.objects.get(name="Capinghem"),  # the partner's share (seed 003 §VI)
    ).organisations_represented.add(seed.orgs["asl"])
    incident = IncidentReportFactory(convention=convention, reported_by=seed.orgs["citeo"])
    incident.recipients.add(seed.orgs["capinghem"])
    other = convention_between(seed.orgs["asl"], seed.orgs["capinghem"])
    AmendmentFactory(
        convention=other,
        number=1,
        signed_on=D(2023, 6, 1),
        summary="Prolongation",
        new_end_date=D(2026, 6, 30),
    )


@pytest.mark.parametrize(
    "name",
    ["convention_list", "activity_list", "incident_list"],
)
def test_list_queries_do_not_grow_with_rows(client, seed, count_queries, name):
    login(client, seed.partner)
    args = [] if name in ("convention_list", "incident_list") else [seed.convention.pk]
    url = reverse(f"partnerships:{name}", args=args)
    _grow(seed, 0)
    client.get(url)
    few, _ = count_queries(lambda: client.get(url))
    for index in range(1, 6):
        _grow(seed, index)
    many, sql = count_queries(lambda: client.get(url))
    assert many == few, "\n".join(sql)


def test_convention_list_filters_and_sorts(client, seed):
    login(client, seed.partner)
    url = reverse("partnerships:convention_list")
    page = client.get(url, {"q": "MEDIATION", "tri": "-fin", "annee": "2019"}).content.decode()
    assert "MEDIATION-HUMANICITE-2019" in page
    page = client.get(url, {"type": "cpom"}).content.decode()
    assert "MEDIATION-HUMANICITE-2019" not in page


def test_an_id_beyond_any_column_is_a_404_not_an_error(client, world, seed):
    # issue 15: the page's convention is read by a compiled statement, given the address's id
    # as it is; 20 digits fit no integer column of any database.
    login(client, world.users.outsider_director)
    for pk in (seed.convention.pk, 99_999_999_999, 10**20):
        url = reverse("partnerships:convention_detail", args=[pk])
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("depart", {"ASRL-2019"}),  # « Département du Pas-de-Calais », a party
        ("asrl", {"ASRL-2019"}),  # the reference, whatever its case
        ("relais", {"ASRL-2019"}),  # « CHRS Le Relais », a party
        ("inconnue", set()),
    ],
)
def test_the_convention_list_search_ignores_accents_and_case(client, world, query, found):
    client.force_login(world.users.staff)
    response = client.get(reverse("partnerships:convention_list") + f"?q={query}")
    assert response.status_code == 200
    assert {line.reference for line in response.context["rows"]} == found
