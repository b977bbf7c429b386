"""Shared export and formatting tools."""

import csv
import io
from decimal import Decimal

import pytest

from common.exporting import Column, Exporter, csv_response, xlsx_response
from common.templatetags.maillage import euros, percent
from partnerships.models import Organisation
from tests.partnerships.factories import OrganisationFactory


def test_euros_are_written_the_french_way():
    # seed 001 art. 1: 20 000 € a year
    assert euros(Decimal("20000")) == "20\u00a0000,00\u00a0€"
    assert euros(Decimal("60600.5")) == "60\u00a0600,50\u00a0€"
    assert euros(None) == ""


def test_percent_is_written_the_french_way():
    # seed 001 art. 4.2: 70 % / 30 %
    assert percent(Decimal("0.70")) == "70\u00a0%"


class OrganisationExporter(Exporter):
    filename = "organisations"
    columns = (
        Column("Raison sociale", lambda o: o.name),
        Column("Montant", lambda o: Decimal("1234.5")),
    )


@pytest.mark.django_db
def test_csv_export_has_a_bom_french_headers_and_neutralised_formulas():
    OrganisationFactory(name='=HYPERLINK("http://x")')
    OrganisationFactory(name="Marcq Terre d'Accueil")
    response = csv_response(OrganisationExporter(Organisation.objects.order_by("name")))
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffRaison sociale;Montant")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[1] == ['\'=HYPERLINK("http://x")', "1234,50"]
    assert rows[2][0] == "Marcq Terre d'Accueil"


@pytest.mark.django_db
def test_xlsx_export_keeps_numbers_as_numbers():
    from openpyxl import load_workbook

    OrganisationFactory(name="FAS Hauts-de-France")
    response = xlsx_response(OrganisationExporter(Organisation.objects.all()))
    content = b"".join(response.streaming_content)
    response.close()
    sheet = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[1]] == ["Raison sociale", "Montant"]
    assert sheet["B2"].value == 1234.5
