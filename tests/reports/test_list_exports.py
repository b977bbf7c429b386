"""CSV / XLSX exports of the envelope, call, action-plan, annual-report, activity and incident
lists: streamed with a BOM and French headers, filtered by the list's own FilterSet, limited to
the user's perimeter."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from partnerships.enums import OrganisationKind, Role
from tests.funding.factories import ApplicationFactory, CallFactory, EnvelopeFactory
from tests.governance.factories import ActionPlanFactory, AnnualReportFactory
from tests.partnerships.convention_factories import (
    ActivityKindFactory,
    ActivityRecordFactory,
    IncidentReportFactory,
)
from tests.partnerships.factories import OrganisationFactory, convention_between, member

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.streaming is True
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))


def _xlsx(response):
    from openpyxl import load_workbook

    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    response.close()
    return load_workbook(io.BytesIO(content)).active


@pytest.fixture
def elsewhere():
    """A convention between two organisations that have nothing to do with the Pas-de-Calais."""
    other = OrganisationFactory(name="Association du Nord", kind=OrganisationKind.CHRS_MANAGER)
    north = OrganisationFactory(name="Département du Nord", kind=OrganisationKind.DEPARTMENT)
    return convention_between(other, north, reference="NORD-2023-7")


# ------------------------------------------------------------------------------- envelopes
def test_envelope_export_streams_the_filtered_envelopes_of_the_perimeter(client, agent, department):
    # seed 004 §5: 45 measures at 5 000 € = 225 000 €.
    EnvelopeFactory(funder=department, label="ASRL Logement d'abord — Pas-de-Calais")
    EnvelopeFactory(funder=department, label="Intermédiation locative")
    EnvelopeFactory(label="Enveloppe d'une autre DIHAL")  # funded by another organisation
    client.force_login(agent)
    rows = _rows(client.get(reverse("funding:envelope_export"), {"q": "ASRL"}))
    assert rows[0][:3] == ["Enveloppe", "Dispositif", "Financeur"]
    assert rows[0][6:] == ["Montant (€)", "Allouées aux territoires", "Engagées", "Restantes"]
    assert [(r[0], r[5], r[6], r[9]) for r in rows[1:]] == [
        ("ASRL Logement d'abord — Pas-de-Calais", "45", "225000,00", "45")
    ]
    everything = _rows(client.get(reverse("funding:envelope_export")))
    assert sorted(r[0] for r in everything[1:]) == [
        "ASRL Logement d'abord — Pas-de-Calais",
        "Intermédiation locative",
    ]


def test_envelope_export_in_xlsx_keeps_measures_as_numbers(client, agent, department):
    EnvelopeFactory(funder=department)
    client.force_login(agent)
    sheet = _xlsx(client.get(reverse("funding:envelope_export"), {"format": "xlsx"}))
    assert sheet["A1"].value == "Enveloppe"
    assert sheet["F2"].value == 45
    assert sheet["G2"].value == 225000


# ----------------------------------------------------------------------------------- calls
def test_call_export_streams_the_filtered_calls_with_their_applications(client, agent, fas):
    call = CallFactory(title="Appel ASRL 2019")
    CallFactory(title="Appel intermédiation locative")
    ApplicationFactory(call=call, organisation=fas)
    client.force_login(agent)
    rows = _rows(client.get(reverse("funding:call_export"), {"q": "ASRL"}))
    assert rows[0] == [
        "Appel",
        "Dispositif",
        "Émetteur",
        "Date limite",
        "Mesures proposées",
        "Candidatures",
    ]
    assert [(r[0], r[4], r[5]) for r in rows[1:]] == [("Appel ASRL 2019", "45", "1")]


def test_call_export_in_xlsx_opens(client, agent):
    CallFactory(title="Appel ASRL 2019")
    client.force_login(agent)
    sheet = _xlsx(client.get(reverse("funding:call_export"), {"format": "xlsx"}))
    assert [cell.value for cell in sheet[2]][:1] == ["Appel ASRL 2019"]
    assert sheet["E2"].value == 45


def test_call_export_is_not_given_to_anonymous_visitors(client):
    CallFactory()
    response = client.get(reverse("funding:call_export"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# ------------------------------------------------------------------------------ action plans
def test_plan_export_streams_the_filtered_plans_of_the_perimeter(client, agent, cpom, elsewhere):
    ActionPlanFactory(convention=cpom, objectives="Plan 2024 de la FAS")
    ActionPlanFactory(
        convention=cpom,
        period_start=dt.date(2025, 1, 1),
        objectives="Plan 2025 transmis",
        transmitted_on=dt.date(2024, 12, 15),
    )
    ActionPlanFactory(convention=elsewhere, objectives="Plan du Nord")
    client.force_login(agent)
    rows = _rows(client.get(reverse("governance:plan_export"), {"transmis": "false"}))
    assert rows[0] == [
        "Convention",
        "Périodicité",
        "Début de période",
        "Objectifs",
        "Actions prévues",
        "Indicateurs",
        "Transmis le",
    ]
    assert [(r[0], r[2], r[3]) for r in rows[1:]] == [
        ("2023-121", "01/01/2024", "Plan 2024 de la FAS")
    ]
    everything = _rows(client.get(reverse("governance:plan_export")))
    assert [r[3] for r in everything[1:]] == ["Plan 2025 transmis", "Plan 2024 de la FAS"]


def test_plan_export_in_xlsx_keeps_dates(client, agent, cpom):
    ActionPlanFactory(convention=cpom)
    client.force_login(agent)
    sheet = _xlsx(client.get(reverse("governance:plan_export"), {"format": "xlsx"}))
    assert sheet["A1"].value == "Convention"
    assert sheet["C2"].value == dt.datetime(2024, 1, 1)


# ---------------------------------------------------------------------------- annual reports
def test_report_export_streams_the_filtered_reports_of_the_perimeter(
    client, agent, cpom, elsewhere
):
    AnnualReportFactory(convention=cpom, year=2023)
    AnnualReportFactory(convention=cpom, year=2024)
    AnnualReportFactory(convention=elsewhere, year=2024)
    client.force_login(agent)
    rows = _rows(client.get(reverse("governance:report_export"), {"annee": 2024}))
    assert rows[0] == ["Convention", "Année", "Statut", "Transmis le", "Validé le"]
    assert [(r[0], r[1]) for r in rows[1:]] == [("2023-121", "2024")]


def test_report_export_in_xlsx_opens(client, agent, cpom):
    AnnualReportFactory(convention=cpom, year=2023)
    client.force_login(agent)
    sheet = _xlsx(client.get(reverse("governance:report_export"), {"format": "xlsx"}))
    assert (sheet["A2"].value, sheet["B2"].value) == ("2023-121", 2023)


# ------------------------------------------------------------------------- activity records
def test_activity_export_streams_the_filtered_records_of_the_convention(client, agent, cpom, fas):
    workshop = ActivityKindFactory(convention=cpom, label="Atelier collectif")
    visit = ActivityKindFactory(convention=cpom, label="Visite à domicile")
    ActivityRecordFactory(convention=cpom, operator=fas, kind=workshop, day=dt.date(2023, 5, 2))
    ActivityRecordFactory(convention=cpom, operator=fas, kind=visit, day=dt.date(2023, 5, 3))
    client.force_login(agent)
    url = reverse("partnerships:activity_export", args=[cpom.pk])
    rows = _rows(client.get(url, {"activite": workshop.pk}))
    assert rows[0][:6] == ["Convention", "Jour", "Activité", "Axe", "Opérateur", "Heures"]
    assert rows[0][6:] == [
        "Participants",
        "Structures représentées",
        "Observations",
        "Commune",
        "Quartier",
    ]
    assert [(r[1], r[2], r[5], r[6]) for r in rows[1:]] == [
        ("02/05/2023", "Atelier collectif", "3,50", "5")
    ]


def test_activity_export_in_xlsx_keeps_hours_as_numbers(client, agent, cpom, fas):
    ActivityRecordFactory(convention=cpom, operator=fas)
    client.force_login(agent)
    url = reverse("partnerships:activity_export", args=[cpom.pk])
    sheet = _xlsx(client.get(url, {"format": "xlsx"}))
    assert sheet["F2"].value == 3.5


def test_activity_export_of_another_organisations_convention_is_404(client, cpom, fas):
    ActivityRecordFactory(convention=cpom, operator=fas)
    north = OrganisationFactory(name="Département du Nord", kind=OrganisationKind.DEPARTMENT)
    client.force_login(member(Role.DEPARTMENT_STAFF, north))
    url = reverse("partnerships:activity_export", args=[cpom.pk])
    assert client.get(url).status_code == 404


# -------------------------------------------------------------------------------- incidents
def test_incident_export_streams_the_filtered_reports_sent_to_the_user(
    client, agent, department, cpom, fas, elsewhere
):
    report = IncidentReportFactory(convention=cpom, reported_by=fas, place="Arras")
    report.recipients.set([department])
    older = IncidentReportFactory(convention=cpom, reported_by=fas, occurred_on=dt.date(2019, 1, 4))
    older.recipients.set([department])
    IncidentReportFactory(convention=elsewhere, reported_by=elsewhere.parties.first().organisation)
    client.force_login(agent)
    rows = _rows(client.get(reverse("partnerships:incident_export"), {"du": "2019-06-01"}))
    assert rows[0] == [
        "Date des faits",
        "Nature",
        "Lieu",
        "Convention",
        "Émise par",
        "Destinataires",
        "Accusés de réception",
    ]
    assert rows[1:] == [
        [
            "17/10/2019",
            "Dégradation des parties communes",
            "Arras",
            "2023-121",
            fas.name,
            department.name,
            "0",
        ]
    ]
    everything = _rows(client.get(reverse("partnerships:incident_export")))
    assert [r[0] for r in everything[1:]] == ["17/10/2019", "04/01/2019"]


def test_incident_export_in_xlsx_opens(client, agent, department, cpom, fas):
    report = IncidentReportFactory(convention=cpom, reported_by=fas)
    report.recipients.set([department])
    client.force_login(agent)
    sheet = _xlsx(client.get(reverse("partnerships:incident_export"), {"format": "xlsx"}))
    assert sheet["A2"].value == dt.datetime(2019, 10, 17)
    assert sheet["G2"].value == 0


def test_incident_export_leaves_the_description_on_the_report_page(
    client, agent, department, cpom, fas
):
    report = IncidentReportFactory(convention=cpom, reported_by=fas)
    report.recipients.set([department])
    client.force_login(agent)
    body = b"".join(client.get(reverse("partnerships:incident_export")).streaming_content)
    assert report.description not in body.decode()
