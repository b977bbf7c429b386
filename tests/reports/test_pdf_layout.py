"""Documents a département signs (issue 18): every PDF template, filled with the longest texts
of the demo data, stays inside its pages — each laid-out box read through WeasyPrint's document
API —, nothing is cut, French typography, the organisations' logos, a tagged PDF/UA."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from common.formatting import format_date_fr, french_spacing
from common.pdf import render_document, render_pdf
from demo.data.activity import ACTION_SHEETS
from demo.data.conventions import CONVENTIONS
from demo.data.governance import COMMITTEES
from demo.data.organisations import ORGANISATIONS
from funding.envelopes import allocation_set
from governance.enums import CommitteeKind
from governance.reports import agenda_context, deliberation_context, minutes_context
from households.access import access_context
from households.reports import household_file_context
from partnerships.models import ActionSheet, Indicator, Organisation
from partnerships.models.organisations import with_article
from portal.reports import (
    bar_chart,
    convention_annual_report_context,
    department_report_context,
)
from tests.funding.factories import EnvelopeFactory
from tests.partnerships.factories import ProgrammeFactory
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

# Half a CSS pixel: the rounding of WeasyPrint's layout, nothing a reader could see.
TOLERANCE = 0.5


def _longest(values) -> str:
    return max((v for v in values if v), key=len)


LONGEST_NAME = _longest(o["name"] for o in ORGANISATIONS.values())
LONGEST_TITLE = _longest(c["title"] for c in CONVENTIONS)
LONGEST_PURPOSE = _longest(c.get("purpose", "") for c in CONVENTIONS)
LONGEST_OBJECTIVES = _longest(s["objectives"] for s in ACTION_SHEETS)
LONGEST_SHEET_TITLE = _longest(s["title"] for s in ACTION_SHEETS)


@pytest.fixture
def long_texts(world, cpom, fas_grant, deliberation, followed_households, department, fas):
    """The seed 001 scenario of tests/reports, its texts replaced by the demo's longest."""
    department.name = LONGEST_NAME
    department.save()
    fas.name = _longest(o["name"] for o in ORGANISATIONS.values() if o["name"] != LONGEST_NAME)
    fas.save()
    cpom.title = LONGEST_TITLE
    cpom.purpose = LONGEST_PURPOSE
    cpom.save()
    # Three sheets, each as long as the longest of the demo: the text was cut at 90 words.
    for number in (1, 2, 3):
        sheet = ActionSheet.objects.create(
            convention=cpom,
            number=number,
            title=LONGEST_SHEET_TITLE,
            objectives=LONGEST_OBJECTIVES,
        )
        Indicator.objects.create(sheet=sheet, label=LONGEST_SHEET_TITLE * 2, target=12)
    deliberation.title = LONGEST_TITLE
    deliberation.save()
    return followed_households


def _flat_text(context) -> str:
    content = render_pdf("portal/pdf/convention_annual_report.html", context)
    return " ".join(pdf_text(content).split())


def _documents(agent, deliberation, households):
    meeting = deliberation.meeting
    household = households[0].household
    cpom = deliberation.convention
    return {
        "portal/pdf/convention_annual_report.html": convention_annual_report_context(
            cpom, 2023, agent
        ),
        "portal/pdf/department_report.html": department_report_context(
            agent, 2023, lambda percent: None
        ),
        "governance/pdf/minutes.html": minutes_context(meeting),
        "governance/pdf/deliberation.html": deliberation_context(deliberation),
        "governance/pdf/agenda.html": agenda_context(meeting),
        "households/pdf/household_file.html": household_file_context(household),
        "households/pdf/access_request.html": access_context(household),
    }


def _outside(page) -> list[str]:
    """The boxes of a laid-out page that leave its content area (margin boxes excepted: the
    running title and page numbers live in the margins by design)."""
    box = page._page_box
    left, top = box.content_box_x(), box.content_box_y()
    right, bottom = left + box.width, top + box.height
    found = []
    for child in box.children:
        if type(child).__name__ == "MarginBox":
            continue
        for inner in child.descendants():
            x, y = inner.border_box_x(), inner.border_box_y()
            width, height = inner.border_width(), inner.border_height()
            if (
                x < left - TOLERANCE
                or x + width > right + TOLERANCE
                or y < top - TOLERANCE
                or y + height > bottom + TOLERANCE
            ):
                text = getattr(inner, "text", "") or getattr(inner, "element_tag", "")
                found.append(f"{type(inner).__name__} {text[:40]!r} x={x:.0f}..{x + width:.0f}")
    return found


def test_every_pdf_template_keeps_the_longest_demo_texts_inside_its_pages(
    long_texts, agent, deliberation
):
    documents = _documents(agent, deliberation, long_texts)
    assert len(documents) == 7
    for template, context in documents.items():
        document = render_document(template, context)
        assert document.pages, template
        for number, page in enumerate(document.pages, start=1):
            assert _outside(page) == [], f"{template}, page {number}"


def test_the_box_check_sees_a_row_of_cards_that_runs_into_the_margin():
    """The check itself can fail: the old row of cards (a table with negative margins and
    unbreakable amounts) leaves the page."""
    from weasyprint import HTML

    html = (
        '<div style="display: table; width: 100%; border-spacing: 3mm 0; margin: 0 -3mm">'
        + '<div style="display: table-cell; white-space: nowrap; font-size: 30pt">'
        + "12 345 678,00 €</div>" * 3
        + "</div>"
    )
    page = HTML(string=html).render().pages[0]
    assert _outside(page)


def test_action_sheet_objectives_are_printed_whole(long_texts, client, agent, cpom):
    """A convention's objectives are a contractual text: never cut with « … »."""
    content = render_pdf(
        "portal/pdf/convention_annual_report.html",
        convention_annual_report_context(cpom, 2023, agent),
    )
    text = "".join(pdf_text(content).split())
    assert "".join(LONGEST_OBJECTIVES.split()) in text
    assert len(LONGEST_OBJECTIVES.split()) > 90  # longer than the old cut


def test_signature_blocks_carry_the_article_of_the_organisation(long_texts, agent, cpom):
    context = convention_annual_report_context(cpom, 2023, agent)
    text = " ".join(
        pdf_text(render_pdf("portal/pdf/convention_annual_report.html", context)).split()
    )
    assert "Pour le Département du Pas-de-Calais" not in text  # renamed by the fixture
    assert f"Pour {with_article(LONGEST_NAME)}"[:40] in text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # The parties of the seeds, as their conventions name them.
        ("Département du Pas-de-Calais", "le Département du Pas-de-Calais"),
        ("Fédération des Acteurs de la Solidarité", "la Fédération des Acteurs de la Solidarité"),
        ("Association Les Passerelles de l'Artois", "l'Association Les Passerelles de l'Artois"),
        ("Union Départementale des CCAS du Nord", "l'Union Départementale des CCAS du Nord"),
        ("Ville de Capinghem", "la Ville de Capinghem"),
        ("CCAS de Marcq-en-Barœul", "le CCAS de Marcq-en-Barœul"),
        ("SOLiHA Métropole Nord", "SOLiHA Métropole Nord"),
        ("Marcq Terre d'Accueil", "Marcq Terre d'Accueil"),
    ],
)
def test_organisation_names_take_their_french_article(name, expected):
    assert with_article(name) == expected


def test_dates_write_the_first_of_the_month_as_an_ordinal():
    # seed 001: the convention runs from 1 January 2023; the deliberation of 20 March 2023.
    assert format_date_fr(dt.date(2023, 1, 1)) == "1er\u00a0janvier\u00a02023"
    assert format_date_fr(dt.date(2023, 3, 20)) == "20\u00a0mars\u00a02023"
    assert format_date_fr(None) == ""


def test_french_spacing_binds_colons_and_amounts_but_leaves_markup_alone():
    html = '<p style="width: 10%">Objet : 20 000 € ; fin ?</p>'
    assert french_spacing(html) == (
        '<p style="width: 10%">Objet\u00a0: 20 000\u00a0€\u00a0; fin\u00a0?</p>'
    )


def test_annual_report_dates_use_the_ordinal(long_texts, agent, cpom):
    content = render_pdf(
        "portal/pdf/convention_annual_report.html",
        convention_annual_report_context(cpom, 2023, agent),
    )
    text = pdf_text(content)
    # seed 001: in force from 1 January 2023.
    assert "du 1er janvier 2023" in text
    assert " 1 janvier" not in text


def test_pdf_is_tagged_pdf_ua_with_title_language_and_author(long_texts, agent, cpom, department):
    content = render_pdf(
        "portal/pdf/convention_annual_report.html",
        convention_annual_report_context(cpom, 2023, agent),
    )
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "fr"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title.startswith("Bilan annuel 2023")
    assert department.name in reader.metadata.author
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()


def _png(colour=(29, 63, 114)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_logo_is_printed_on_its_organisations_documents(long_texts, agent, cpom, department):
    department.logo = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    department.colour = "#7a1f3d"
    department.full_clean()
    department.save()
    context = convention_annual_report_context(cpom, 2023, agent)
    document = render_document("portal/pdf/convention_annual_report.html", context)
    cover = document.pages[0]._page_box
    images = [b for b in cover.descendants() if type(b).__name__.endswith("ReplacedBox")]
    assert len(images) == 1
    content = render_pdf("portal/pdf/convention_annual_report.html", context)
    assert b"/Subtype /Image" in content


def test_organisation_without_logo_gets_a_text_header(long_texts, agent, cpom, fas):
    context = convention_annual_report_context(cpom, 2023, agent)
    document = render_document("portal/pdf/convention_annual_report.html", context)
    cover = document.pages[0]._page_box
    assert not [b for b in cover.descendants() if type(b).__name__.endswith("ReplacedBox")]
    cover_text = "".join(
        b.text for b in cover.descendants() if type(b).__name__ == "TextBox"
    ).replace("\u00a0", " ")
    assert fas.name.split()[0] in cover_text


def test_a_logo_that_is_not_an_image_is_refused_in_french(department):
    department.logo = SimpleUploadedFile("logo.gif", b"GIF89a", content_type="image/gif")
    with pytest.raises(ValidationError) as error:
        department.full_clean()
    assert "logo" in error.value.message_dict
    department.refresh_from_db()
    assert not department.logo


def test_a_colour_must_be_hexadecimal(department):
    department.colour = "bleu"
    with pytest.raises(ValidationError) as error:
        department.full_clean()
    assert "#RRVVBB" in " ".join(error.value.message_dict["colour"])


def test_asrl_convention_report_shows_its_measures(world, agent):
    """seed 002 / 004 §5: 45 ASRL measures, 20 for Artois and 25 for Lens-Hénin."""
    convention = world.conventions.asrl
    programme = ProgrammeFactory(code="asrl-62", name="ASRL 62", convention=convention)
    envelope = EnvelopeFactory(
        programme=programme,
        manager=world.orgs.department,
        period_start=dt.date(2023, 9, 1),
        period_end=dt.date(2024, 12, 31),
    )
    allocation_set(envelope=envelope, territory=world.territories.artois, measures=20, by=agent)
    allocation_set(envelope=envelope, territory=world.territories.lens, measures=25, by=agent)
    context = convention_annual_report_context(convention, 2024, agent)
    assert [item.envelope for item in context["envelopes"]] == [envelope]
    text = " ".join(
        pdf_text(render_pdf("portal/pdf/convention_annual_report.html", context)).split()
    )
    assert "Mesures des dispositifs de la convention" in text
    assert "45 mesures à 5 000,00 €" in text
    assert re.search(r"Artois 20 0 20", text) and re.search(r"Lens-Hénin 25 0 25", text)
    assert "45 / 45" in text


def test_logo_src_ignores_an_organisation_without_logo(department):
    from common.templatetags.maillage import logo_src

    assert logo_src(Organisation(name="Sans logo")) == ""
    assert logo_src(None) == ""


def test_activity_chart_is_drawn_with_a_dot_decimal_size(long_texts, agent, cpom):
    """The French locale wrote the chart's width « 480,0 », which no SVG reads: the chart of
    the mediation's hours (seed 003 §IV.1: 1 607 h a year) vanished from the report."""
    context = convention_annual_report_context(cpom, 2023, agent)
    context["has_activity"] = True
    context["activity_chart"] = bar_chart(
        [("01", Decimal("28")), ("02", Decimal("12"))], Decimal("1607") / 12
    )
    document = render_document("portal/pdf/convention_annual_report.html", context)
    charts = [
        box
        for page in document.pages
        for box in page._page_box.descendants()
        if str(getattr(box, "element_tag", "")).endswith("svg")
    ]
    assert len(charts) == 1 and charts[0].width > 400


def test_every_letter_keeps_the_longest_demo_texts_inside_its_page(
    long_texts, agent, cpom, fas_grant, department
):
    """issue 19: the letters, in the sender's identity (logo, colour), with the longest names
    of the demo: nothing leaves the page, the signature is printed whole, on one page."""
    from funding import services as funding_services
    from portal.letters.services import letter_context
    from portal.models import LetterKind
    from tests.governance.factories import AnnualReportFactory

    department.logo = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    department.colour = "#7a1f3d"
    department.address = "Hôtel du Département, rue Ferdinand Buisson"
    department.postal_code = "62018"
    department.city = "Arras"
    department.save()
    funding_services.instalments_generate(grant=fas_grant, by=agent)
    report = AnnualReportFactory(convention=cpom, year=2023, submitted=True)
    project = long_texts[1]
    letters = [
        (LetterKind.GRANT_NOTIFICATION, fas_grant, agent),
        (LetterKind.REPORT_RECEIPT, report, agent),
        (LetterKind.ATTESTATION, project, project.referent),
    ]
    for kind, obj, by in letters:
        template, context, draft = letter_context(kind, obj, by)
        context["reference"] = "DPC-2026-0001"
        document = render_document(template, context)
        # A three-year schedule under the longest names runs onto a second page, never more.
        assert len(document.pages) <= 2, kind
        for page in document.pages:
            assert _outside(page) == [], kind
        images = [
            b
            for b in document.pages[0]._page_box.descendants()
            if type(b).__name__.endswith("ReplacedBox")
        ]
        assert len(images) == (1 if draft.sender == department else 0), kind
        content = document.write_pdf()
        # The closing and the signature stay together, on the last page.
        last = " ".join(PdfReader(io.BytesIO(content)).pages[-1].extract_text().split())
        assert f"Pour {with_article(draft.sender.name)}"[:30] in last.replace("\u00a0", " "), kind


LONGEST_COMMITTEE = _longest(c["name"] for c in COMMITTEES.values())


def _running_header(page) -> dict[str, list]:
    """The top margin boxes of a laid-out page: their line boxes, edges and text."""
    found = {}
    for child in page._page_box.children:
        keyword = getattr(child, "at_keyword", "")
        if type(child).__name__ != "MarginBox" or not keyword.startswith("@top"):
            continue
        lines = [b for b in child.descendants() if type(b).__name__ == "LineBox"]
        if not lines:
            continue
        text = "".join(b.text for b in child.descendants() if type(b).__name__ == "TextBox")
        found[keyword] = {
            "lines": len(lines),
            "left": min(b.position_x for b in lines),
            "right": max(b.position_x + b.width for b in lines),
            "bottom": max(b.position_y + b.height for b in lines),
            "text": text,
        }
    return found


def test_the_running_header_holds_on_one_line_and_whole(long_texts, agent, deliberation):
    """issue 18: the running title wrapped onto the page (« Compte rendu — Commission
    Permanente du Conseil départemental du Pas-de-Calais — 20 mars 2023 »). Each page after
    the cover carries a short title on one line, whole (no « … »: the documents are
    contractual), left of the date and inside the top margin, with the demo's longest
    committee name."""
    committee = deliberation.meeting.committee
    committee.name = LONGEST_COMMITTEE
    committee.kind = CommitteeKind.COMPLEX_CASES  # the longest kind's name
    committee.save()
    deliberation.number = "2023-121-bis"
    deliberation.save()
    documents = _documents(agent, deliberation, long_texts)
    widths = []
    for template, context in documents.items():
        document = render_document(template, context)
        assert len(document.pages) > 1, template
        for number, page in enumerate(document.pages[1:], start=2):
            header = _running_header(page)
            where = f"{template}, page {number}"
            assert set(header) == {"@top-left", "@top-right"}, where
            title, date = header["@top-left"], header["@top-right"]
            assert title["lines"] == 1 and date["lines"] == 1, (where, header)
            assert title["right"] <= date["left"] + TOLERANCE, (where, header)
            assert title["left"] >= 0 and date["right"] <= page.width + TOLERANCE, where
            content_top = page._page_box.content_box_y()
            assert title["bottom"] <= content_top + TOLERANCE, (where, header)
            assert "…" not in title["text"] and title["text"].strip(), where
            assert date["text"].startswith("Édité le "), where
            widths.append((title["right"] - title["left"], template, title["text"]))
    widest = max(widths)
    print(f"\nTitre courant le plus large : {widest[0]:.0f} px ({widest[1]} : {widest[2]!r})")
