"""Conventions and governance in the browser: a partner's dashboard, staff's due page, a
decision of the Commission Permanente, an activity recorded with the keyboard.

Screenshots of these pages illustrate docs/guide/conventions.md (docs/guide/img/)."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from governance.enums import AttendanceStatus, Frequency
from partnerships.enums import PartyRole, Role
from partnerships.models import SupervisionTime, SynthesisAnalysis, Territory
from tests.e2e.conftest import DESKTOP, PHONE
from tests.governance.factories import (
    AnnualReportFactory,
    AttendanceFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    DecisionFactory,
    MeetingFactory,
)
from tests.partnerships.convention_factories import ActivityRecordFactory, mediation_convention
from tests.partnerships.factories import (
    PASSWORD,
    ConventionFactory,
    ConventionPartyFactory,
    OrganisationFactory,
    member,
)

D = dt.date
DOCS_IMG = Path(settings.BASE_DIR) / "docs" / "guide" / "img"


def doc_shot(page: Page, name: str) -> None:
    DOCS_IMG.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=DOCS_IMG / f"conventions-{name}.png", full_page=True)


@pytest.fixture
def mediation():
    convention, orgs, axes, kinds = mediation_convention()
    days = [
        (D(2019, 9, 9), 0, 0, "4.00", 23),
        (D(2019, 9, 9), 3, 0, "3.00", 0),
        (D(2019, 9, 10), 1, 1, "2.50", 4),
        (D(2019, 9, 10), 4, 1, "4.50", 6),
        (D(2019, 9, 17), 5, 2, "3.00", 18),
        (D(2019, 9, 17), 6, 1, "4.00", 12),
        (D(2019, 10, 8), 2, 1, "3.50", 5),
        (D(2019, 10, 8), 7, 2, "3.50", 30),
    ]
    places = {t.name: t for t in Territory.objects.all()}
    for day, kind, axis, hours, people in days:
        ActivityRecordFactory(
            convention=convention,
            operator=orgs["citeo"],
            day=day,
            kind=kinds[kind],
            axis=axes[axis],
            hours=Decimal(hours),
            participants=people,
            # seed 003 §VI: September in Capinghem, October in Lomme
            commune=places["Capinghem" if day.month == 9 else "Lomme"],
            district=places["Quartier Humanicité"],
        )
    # seed 003 §IV.1: the half-day of supervision, short in the week of 9 September 2019
    for monday, hours in ((D(2019, 9, 2), "3.50"), (D(2019, 9, 9), "2.00")):
        SupervisionTime.objects.create(
            convention=convention, operator=orgs["citeo"], week_start=monday, hours=Decimal(hours)
        )
    operator = member(Role.SOCIAL_WORKER, orgs["citeo"], email="mediateur@citeo.example")
    # seed 003 §V.2: the operator's analysis and recommendations (fictional)
    SynthesisAnalysis.objects.create(
        convention=convention,
        month=D(2019, 9, 1),
        operator=orgs["citeo"],
        written_by=operator,
        analysis="Les conflits de stationnement reculent depuis la réunion d'habitants.",
        recommendations="Coordonner avec le bailleur une permanence dans la nouvelle résidence.",
    )
    copil = CommitteeFactory(
        name="Comité de pilotage de la médiation sociale Humanicité",
        convention=convention,
        organisation=orgs["asl"],
        frequency=Frequency.LAUNCH_MIDTERM_YEARLY,
    )
    MeetingFactory(committee=copil, held_on=D(2019, 7, 4), agenda="Lancement")
    MeetingFactory(committee=copil, held_on=D(2019, 10, 3), agenda="Bilan à mi-parcours")
    partner = member(
        Role.SIGNATORY_PARTNER,
        orgs["capinghem"],
        email="mairie@capinghem.example",
        first_name="Christian",
        last_name="Mathon",
    )
    commissioning = member(Role.DIRECTOR, orgs["asl"], email="president@asl-humanicite.example")
    return {
        "convention": convention,
        "partner": partner,
        "operator": operator,
        "commissioning": commissioning,
        "kinds": kinds,
    }


@pytest.fixture
def cpom():
    """seed 001: the CPOM 2023-121, its Commission Permanente and its yearly committees."""
    department = OrganisationFactory(department=True, name="Département du Pas-de-Calais")
    fas = OrganisationFactory(name="Fédération des Acteurs de la Solidarité")
    today = dt.date.today()
    convention = ConventionFactory(
        reference="2023-121",
        title="CPOM 2023-2025 Département du Pas-de-Calais — FAS Hauts-de-France",
        start_date=D(2023, 1, 1),
        end_date=max(D(2025, 12, 31), today + dt.timedelta(days=60)),
        signed_on=D(2023, 4, 28),
        amount=Decimal("60000.00"),
        annual_report_months=6,
    )
    ConventionPartyFactory(convention=convention, organisation=department, role=PartyRole.FUNDER)
    ConventionPartyFactory(convention=convention, organisation=fas, role=PartyRole.BENEFICIARY)
    cp = CommitteeFactory(
        name="Commission Permanente du Pas-de-Calais",
        kind="standing_commission",
        convention=None,
        organisation=department,
        frequency=Frequency.AS_NEEDED,
    )
    meeting = MeetingFactory(
        committee=cp, held_on=D(2023, 3, 20), place="Arras", agenda="Rapport n° 56"
    )
    for status, count in [
        (AttendanceStatus.PRESENT, 39),
        (AttendanceStatus.EXCUSED, 3),
        (AttendanceStatus.NON_VOTING, 2),
        (AttendanceStatus.EXCUSED_NON_VOTING, 3),
    ]:
        AttendanceFactory.create_batch(count, meeting=meeting, status=status)
    DecisionFactory(
        meeting=meeting,
        number="2023-121",
        title="Convention pluriannuelle d'objectifs et de moyens avec la FAS",
        convention=convention,
        outcome="adopted",
        votes_for=42,
        votes_against=0,
        abstentions=0,
    )
    copil = CommitteeFactory(
        name="Comité de pilotage de la CPOM FAS",
        convention=convention,
        organisation=department,
        frequency=Frequency.YEARLY,
    )
    CommitteeMemberFactory(committee=copil, organisation=department, full_name="Nadia Mouquet")
    CommitteeMemberFactory(committee=copil, organisation=fas, full_name="Hugues DENIELE")
    MeetingFactory(committee=copil, held_on=D(2024, 1, 30), agenda="Réalisations 2023")
    AnnualReportFactory(
        convention=convention,
        year=2023,
        submitted=True,
        submitted_on=D(2024, 3, 29),
        activity_summary="Rapport d'activités 2023 des trois fiches actions.",
    )
    staff = member(Role.DEPARTMENT_STAFF, department, email="agent@pasdecalais.example")
    return {"convention": convention, "staff": staff, "meeting": meeting}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_partner_reads_the_mediation_dashboard_with_charts_and_tables(
    page, live_server, mediation, login, assert_accessible
):
    login(page, live_server, mediation["partner"].email, PASSWORD)
    convention = mediation["convention"]
    page.goto(live_server.url + reverse("partnerships:convention_detail", args=[convention.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "médiation sociale du quartier Humanicité"
    )
    expect(page.get_by_text("1 607 h par an, 35 h par semaine en moyenne")).to_be_visible()
    assert_accessible(page)
    doc_shot(page, "detail")

    # seed 003 §VI: Capinghem reads its own share — September's 21 h, not October's 7 h in Lomme
    page.get_by_role("link", name="Tableau de bord").first.click()
    expect(page.get_by_role("note")).to_contain_text("territoire de votre commune : Capinghem")
    expect(page.get_by_role("row", name="septembre 2019").first).to_contain_text("21")
    expect(page.get_by_role("row", name="octobre 2019").first).not_to_contain_text("7")
    assert_accessible(page)

    # ASL Humanicité, the commissioning party, reads all of it against the targets.
    page.context.clear_cookies()
    login(page, live_server, mediation["commissioning"].email, PASSWORD)
    page.goto(live_server.url + reverse("partnerships:activity_dashboard", args=[convention.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord de l’activité 2019")
    expect(page.get_by_role("row", name="octobre 2019").first).to_contain_text("7")
    page.wait_for_function("() => window.Chart && Chart.getChart('graphique-mois')")
    drawn = page.evaluate("() => Chart.getChart('graphique-mois').data.datasets[0].data[8]")
    assert drawn == 21
    row = page.get_by_role("row", name="septembre 2019").first
    expect(row).to_contain_text("21")
    expect(row).to_contain_text("133,92")
    # seed 003 §IV.1: 5 Mondays in September × 3,5 h = 17,5 h of supervision expected
    supervision = page.get_by_role("row", name="septembre 2019").last
    expect(supervision).to_contain_text("17,5")
    assert_accessible(page)
    doc_shot(page, "tableau-de-bord")

    page.get_by_role("link", name="Synthèse mensuelle").click()
    page.get_by_label("Mois", exact=False).and_(page.locator("input")).fill("2019-09")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Synthèse mensuelle de septembre 2019"
    )
    # seed 003 §IV.1: 35 h a week on average; the week of 16 September holds 7 h.
    expect(page.get_by_role("row", name="Semaine 38")).to_contain_text("-28")
    # seed 003 §IV.1 and §V.2: the supervision marked short, the operator's recommendations
    expect(page.get_by_role("row", name="9 septembre 2019")).to_contain_text(
        "Inférieur au temps prévu"
    )
    expect(page.get_by_text("Coordonner avec le bailleur une permanence")).to_be_visible()
    assert_accessible(page)
    doc_shot(page, "synthese-mensuelle")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_sees_what_is_due_and_the_vote_of_the_commission_permanente(
    page, live_server, cpom, login, assert_accessible
):
    login(page, live_server, cpom["staff"].email, PASSWORD)
    page.goto(live_server.url + reverse("partnerships:convention_list"))
    expect(page.get_by_role("link", name="2023-121")).to_be_visible()
    assert_accessible(page)
    doc_shot(page, "liste")

    page.get_by_role("link", name="Échéances").first.click()
    expect(page.get_by_role("heading", name="Bilans annuels non transmis")).to_be_visible()
    expect(page.get_by_role("heading", name="Fins de convention")).to_contain_text("(1)")
    assert_accessible(page)
    doc_shot(page, "echeances")

    page.goto(live_server.url + reverse("governance:meeting_detail", args=[cpom["meeting"].pk]))
    expect(
        page.get_by_text("Pour : 42 voix · Contre : 0 voix · Abstention : 0 voix")
    ).to_be_visible()
    expect(page.get_by_text("Présent : 39")).to_be_visible()
    assert_accessible(page)
    doc_shot(page, "deliberation")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_operator_records_an_activity_with_the_keyboard_on_a_phone(
    phone_page, live_server, mediation, login, assert_accessible
):
    page = phone_page
    operator = mediation["operator"]
    login(page, live_server, operator.email, PASSWORD)
    convention = mediation["convention"]
    page.goto(live_server.url + reverse("partnerships:activity_add", args=[convention.pk]))
    page.get_by_label("Jour").fill("2019-11-05")
    page.get_by_label("Activité").select_option(label=mediation["kinds"][6].label)
    page.get_by_label("Axe").select_option(
        label="Axe 2 — Cohésion sociale et appropriation positive du quartier"
    )
    page.get_by_label("Heures").fill("3.5")
    page.get_by_role("combobox", name="Commune").select_option(label="Capinghem")
    page.get_by_label("Participants").fill("12")
    page.get_by_label("Heures").press("Enter")
    expect(page.get_by_role("alert").or_(page.get_by_role("status"))).to_contain_text(
        "Activité enregistrée"
    )
    expect(page.get_by_role("row", name="5 novembre 2019")).to_contain_text("Axe 2")
    assert_accessible(page)
    doc_shot(page, "releves-telephone")


# The boxes of a chart's axis labels, in canvas pixels, as Chart.js lays them out: each line
# measured with the label's font, placed by its alignment, turned by its rotation.
LABEL_BOXES = """(id) => {
    const chart = Chart.getChart(id);
    const ctx = chart.ctx;
    const boxes = [];
    for (const axis of ['x', 'y']) {
        const scale = chart.scales[axis];
        if (scale.type !== 'category') continue;
        for (const item of scale.getLabelItems()) {
            const lines = [].concat(item.label);
            const o = item.options;
            const lh = item.font.lineHeight;
            ctx.save();
            ctx.font = item.font.string;
            const w = Math.max(...lines.map((l) => ctx.measureText(l).width));
            ctx.restore();
            const x0 = o.textAlign === 'right' ? -w : o.textAlign === 'center' ? -w / 2 : 0;
            let y0 = item.textOffset;
            if (o.textBaseline === 'middle') y0 -= lh / 2;
            else if (o.textBaseline === 'bottom') y0 -= lh;
            const y1 = y0 + lines.length * lh;
            const c = Math.cos(o.rotation), s = Math.sin(o.rotation);
            const xs = [], ys = [];
            for (const [px, py] of [[x0, y0], [x0 + w, y0], [x0, y1], [x0 + w, y1]]) {
                xs.push(o.translation[0] + px * c - py * s);
                ys.push(o.translation[1] + px * s + py * c);
            }
            boxes.push({
                axis: axis, text: lines.join(' '), lines: lines.length,
                left: Math.min(...xs), right: Math.max(...xs),
                top: Math.min(...ys), bottom: Math.max(...ys),
            });
        }
    }
    return {width: chart.width, height: chart.height, labels: chart.data.labels, boxes: boxes};
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["bureau", "telephone"])
def test_no_label_of_the_activity_charts_is_cut(page, live_server, mediation, login, viewport):
    """issue 18 item 9: the partner's activity chart cut its labels (« …er une présence active
    de proximité »). Every label of both charts is written whole, inside its canvas, and the
    activities' labels do not overlap."""
    login(page, live_server, mediation["partner"].email, PASSWORD)
    convention = mediation["convention"]
    page.goto(
        live_server.url
        + reverse("partnerships:activity_dashboard", args=[convention.pk])
        + "?annee=2019"
    )
    page.wait_for_function(
        "() => window.Chart && Chart.getChart('graphique-mois')"
        " && Chart.getChart('graphique-activites')"
    )
    # seed 003 §VI: the eight activities of the mediation, the twelve months.
    for chart, count in (("graphique-mois", 12), ("graphique-activites", 8)):
        drawn = page.evaluate(LABEL_BOXES, chart)
        boxes = drawn["boxes"]
        assert [b["text"] for b in boxes] == [" ".join(str(x).split()) for x in drawn["labels"]]
        assert len(boxes) == count
        for box in boxes:
            assert box["left"] >= -0.5 and box["right"] <= drawn["width"] + 0.5, (chart, box)
            assert box["top"] >= -0.5 and box["bottom"] <= drawn["height"] + 0.5, (chart, box)
        if chart == "graphique-activites":
            for above, below in zip(boxes, boxes[1:], strict=False):
                assert above["bottom"] <= below["top"] + 0.5, (above, below)
        narrowest = min(b["left"] for b in boxes)
        widest = max(b["right"] for b in boxes)
        print(
            f"\n{chart} à {viewport['width']} px : {len(boxes)} étiquettes entières dans "
            f"{drawn['width']}×{drawn['height']} px, de x={narrowest:.0f} à x={widest:.0f}, "
            f"jusqu'à {max(b['lines'] for b in boxes)} ligne(s)"
        )
