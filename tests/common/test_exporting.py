"""Shared export and formatting tools."""

import csv
import datetime as dt
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


class GrantLikeExporter(Exporter):
    """Every kind of value an export writes: text, date, moment, amount, rate, whole number."""

    filename = "participations"
    columns = (
        Column("Raison sociale", lambda o: o.name),
        Column("Signée le", lambda o: dt.date(2024, 2, 12)),
        Column("Enregistré le", lambda o: dt.datetime(2024, 2, 12, 9, 30, tzinfo=dt.UTC)),
        Column("Montant (€)", lambda o: Decimal("20000")),
        Column("Part (%)", lambda o: Decimal("70.00")),
        Column("Exercice", lambda o: 2024),
        Column("Actif", lambda o: True),
        Column("Reste", lambda o: Decimal("5.5"), money=True),
    )


def _workbook(exporter):
    from openpyxl import load_workbook

    response = xlsx_response(exporter)
    content = b"".join(response.streaming_content)
    response.close()
    return load_workbook(io.BytesIO(content))


@pytest.mark.django_db
def test_xlsx_has_french_formats_a_frozen_bold_header_and_widths():
    """issue 18: dates jj/mm/aaaa, amounts « # ##0,00 € », typed numbers, the header bold and
    frozen, columns as wide as their contents."""
    OrganisationFactory(name="Association Marcq Terre d'Accueil pour le logement des familles")
    sheet = _workbook(GrantLikeExporter(Organisation.objects.all())).active
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert not any(cell.font.bold for cell in sheet[2])
    name, signed, recorded, amount, share, year, active, rest = sheet[2]
    assert signed.value == dt.datetime(2024, 2, 12) and signed.number_format == "dd/mm/yyyy"
    assert recorded.number_format == "dd/mm/yyyy hh:mm"
    assert recorded.value == dt.datetime(2024, 2, 12, 10, 30)  # Paris time, as on screen
    assert amount.value == 20000 and amount.number_format == '#,##0.00\\ "€"'
    assert rest.number_format == '#,##0.00\\ "€"'  # money by its column, not by its header
    assert share.value == 70 and share.number_format == "#,##0.00"
    assert year.value == 2024 and year.number_format == "General"  # never « 2 024 »
    assert active.value == "oui"
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEFGH"}
    assert widths["A"] > 60 - 1  # the long name, up to the cap
    assert widths["A"] <= 60
    assert 11 <= widths["B"] <= 16  # a date
    assert widths["C"] >= 17  # a date and a time
    assert widths["D"] >= len("20 000,00 €")
    assert all(width >= 8 for width in widths.values())


@pytest.mark.django_db
def test_an_empty_xlsx_still_has_its_header_and_widths():
    sheet = _workbook(GrantLikeExporter(Organisation.objects.none())).active
    assert [c.value for c in sheet[1]][:2] == ["Raison sociale", "Signée le"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == len("Raison sociale") + 3
