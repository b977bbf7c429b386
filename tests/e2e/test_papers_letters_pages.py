"""The pages issues 18 and 19 added, in the browser at 390 px (phone) and 1280 px (desktop):
the papers of a convention, of a deliberation and of a grant, the « Courriers » blocks, a
budget line, the annual subsidy requests (seed 002 §VI) and the objectives of an annual
plan (seed 002 §III-1). Each page: 0 axe violation (WCAG 2.1 AA) and nothing wider than the
screen (`document.documentElement.scrollWidth`)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import expect

from funding import services as funding_services
from funding.enums import GrantPaperKind
from governance import services as governance_services
from governance.enums import CommitteeKind, DeliberationPaperKind
from households.enums import OrientationOutcome, Relationship
from households.services import orientation_decide
from partnerships.enums import ConventionKind, ConventionPaperKind, PartyRole
from partnerships.services.papers import convention_paper_upload
from portal.letters.services import letter_generate
from portal.models import LetterKind
from tests.e2e.conftest import ARTIFACTS, DESKTOP, PHONE
from tests.funding.factories import REAL_PDF, CallFactory, RequiredDocumentFactory
from tests.governance.factories import (
    AnnualReportFactory,
    CommitteeFactory,
    DecisionFactory,
    MeetingFactory,
)
from tests.households.factories import MemberFactory, ReferralFactory
from tests.partnerships.factories import (
    PASSWORD,
    ConventionFactory,
    ConventionPartyFactory,
    convention_between,
)

D = dt.date
# The longest words of these pages, as people type them (no space to break on).
LONG_PURPOSE = (
    "Animation du réseau des CCAS et coordination intercommunale, plan d'actions 2024 : "
    "accès aux droits, accueil inconditionnel, insertion des allocataires du RSA "
    "(https://www.exemple-udccas.fr/plan-actions-2024-annexe-financiere-detaillee)"
)


@pytest.fixture(params=["phone", "desktop"])
def sized_page(request, make_page):
    """The same checks at 390 px on a phone and at 1280 px on a desktop."""
    if request.param == "phone":
        page = make_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
        return page, PHONE["width"]
    return make_page(viewport=DESKTOP), DESKTOP["width"]


def check(page, width, assert_accessible, url, heading=None):
    """Open `url`: its title, 0 axe violation, no sideways scrolling of the whole page."""
    page.goto(url)
    title = page.get_by_role("heading", level=1)
    if heading:
        expect(title).to_contain_text(heading)
    else:
        expect(title).to_be_visible()
    assert_accessible(page)
    ARTIFACTS.mkdir(exist_ok=True)  # for a person to look at (gitignored)
    slug = url.split("://", 1)[-1].split("/", 1)[-1].strip("/").replace("/", "-") or "accueil"
    page.screenshot(path=ARTIFACTS / f"pieces-{slug}-{width}.png", full_page=True)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{url} : {scroll} px de large sur un écran de {width} px"


def _pdf(name):
    return SimpleUploadedFile(name, REAL_PDF)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_papers_of_a_convention_a_deliberation_and_a_grant(
    sized_page, live_server, login, assert_accessible, world, fas_grant
):
    page, width = sized_page
    staff = world.users.staff
    asrl = world.conventions.asrl
    # The papers each page asks for: the signed convention, the signed deliberation and its
    # receipt of the legality control (seed 001: n° 2023-121 of 20 March 2023), the grant's
    # bank identity statement (already filed by the fixture) and certified report.
    convention_paper_upload(
        convention=asrl,
        kind=ConventionPaperKind.SIGNED_CONVENTION,
        dated=D(2019, 11, 4),
        upload=_pdf("convention-signee-asrl-2019.pdf"),
        by=staff,
    )
    committee = CommitteeFactory(
        name="Commission Permanente",
        kind=CommitteeKind.STANDING_COMMISSION,
        convention=None,
        organisation=world.orgs.department,
    )
    meeting = MeetingFactory(committee=committee, held_on=D(2023, 3, 20))
    decision = DecisionFactory(meeting=meeting, number="2023-121")
    for kind in (DeliberationPaperKind.DELIBERATION, DeliberationPaperKind.LEGALITY_RECEIPT):
        governance_services.deliberation_paper_upload(
            decision=decision, kind=kind, dated=D(2023, 4, 19), upload=_pdf("d.pdf"), by=staff
        )
    funding_services.grant_paper_upload(
        grant=fas_grant,
        kind=GrantPaperKind.CERTIFIED_FINANCIAL_REPORT,
        dated=D(2024, 6, 30),
        upload=_pdf("compte-rendu-financier-2023.pdf"),
        by=staff,
    )
    login(page, live_server, staff.email, PASSWORD)

    check(
        page,
        width,
        assert_accessible,
        live_server.url + reverse("partnerships:convention_detail", args=[asrl.pk]),
    )
    papers = page.locator("#pieces")
    expect(papers.get_by_role("heading", name="Pièces de la convention")).to_be_visible()
    expect(papers.get_by_role("row", name="Convention signée")).to_be_visible()

    check(
        page,
        width,
        assert_accessible,
        live_server.url + reverse("governance:meeting_detail", args=[meeting.pk]),
    )
    expect(page.get_by_role("heading", name="Pièces de la décision")).to_be_visible()
    expect(page.get_by_role("link", name="Télécharger").first).to_be_visible()
    # The deliberation's papers are filed on a page of their own: it, and its French errors.
    page.get_by_role("link", name="Déposer une pièce").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    check(
        page,
        width,
        assert_accessible,
        live_server.url + reverse("funding:grant_detail", args=[fas_grant.pk]),
    )
    papers = page.locator("#pieces")
    expect(papers.get_by_role("heading", name="Pièces de la participation")).to_be_visible()
    expect(papers.get_by_role("row")).to_have_count(3)  # the header and the two papers
    # Sent without its file: the form answers in French, still accessible and narrow enough.
    papers.get_by_role("button", name="Déposer la pièce").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_letters_blocks_of_a_grant_an_instalment_and_a_project(
    sized_page, live_server, login, assert_accessible, world, fas_grant, asrl_project
):
    page, width = sized_page
    staff = world.users.staff
    # seed 001 art. 4.2: 70 % on notification, paid, then its notice.
    funding_services.instalments_generate(grant=fas_grant, by=staff)
    funding_services.grant_notify(grant=fas_grant, on=D(2023, 4, 19), by=staff)
    first = fas_grant.instalments.get(year=2023, position=1)
    first = funding_services.instalment_pay(
        instalment=first,
        version=first.version,
        paid_on=D(2023, 5, 2),
        mandate_reference="M-2023-0457",
        by=staff,
    )
    letter_generate(kind=LetterKind.GRANT_NOTIFICATION, obj=fas_grant, by=staff)
    letter_generate(kind=LetterKind.INSTALMENT_NOTICE, obj=first, by=staff)
    letter_generate(kind=LetterKind.ATTESTATION, obj=asrl_project, by=world.users.social_worker)
    login(page, live_server, staff.email, PASSWORD)
    for url in (
        reverse("funding:grant_detail", args=[fas_grant.pk]),
        reverse("funding:instalment_detail", args=[first.pk]),
    ):
        check(page, width, assert_accessible, live_server.url + url)
        block = page.get_by_role("region", name="Courriers")
        expect(block.get_by_role("link", name="PDF").first).to_be_visible()
        expect(block.get_by_role("button", name="Générer le courrier").first).to_be_visible()
    # A letter generated from the page: back on the page with a confirmation.
    block.get_by_role("button", name="Générer le courrier").first.click()
    expect(page.get_by_role("status").first).to_be_visible()
    expect(block.get_by_role("link", name="PDF")).to_have_count(2)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.context.clear_cookies()
    login(page, live_server, world.users.social_worker.email, PASSWORD)
    check(
        page,
        width,
        assert_accessible,
        live_server.url + reverse("households:project_detail", args=[asrl_project.pk]),
    )
    block = page.get_by_role("region", name="Courriers")
    expect(block.get_by_role("row", name="Attestation d'accompagnement")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_budget_line_page(sized_page, live_server, login, assert_accessible, world, fas_grant):
    page, width = sized_page
    login(page, live_server, world.users.staff.email, PASSWORD)
    url = reverse("funding:budget_line_detail", args=[fas_grant.budget_line_id])
    check(page, width, assert_accessible, live_server.url + url)
    # seed 001 rapport n°56: the payment credits of the year's Budget Primitif, entered here;
    # a negative amount first, refused in French.
    page.get_by_label("Année du budget primitif").fill("2023")
    page.get_by_label("Crédits de paiement (CP, €)").fill("-5")
    page.get_by_role("button", name="Enregistrer").last.click()
    expect(page.get_by_text("ne peuvent pas être négatifs").first).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    check(page, width, assert_accessible, live_server.url + url)
    page.get_by_label("Année du budget primitif").fill("2023")
    page.get_by_label("Crédits de paiement (CP, €)").fill("250000")
    page.get_by_role("button", name="Enregistrer").last.click()
    credits = page.get_by_role("table", name=re.compile("Crédits de paiement, versé et reste"))
    expect(credits.get_by_role("row").filter(has_text="2023")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_subsidy_request_pages(sized_page, live_server, login, assert_accessible, world):
    """seed 002 §VI: the partner sends its annual request with the other funders it asked;
    the Département reads it and decides."""
    page, width = sized_page
    framework = ConventionFactory(
        reference="CD62-FAS-CADRE-2023-2025",
        kind=ConventionKind.FRAMEWORK,
        start_date=D(2023, 1, 1),
        end_date=D(2025, 12, 31),
        signed_on=D(2023, 1, 2),
    )
    ConventionPartyFactory(
        convention=framework, organisation=world.orgs.department, role=PartyRole.FUNDER
    )
    ConventionPartyFactory(
        convention=framework, organisation=world.orgs.fas, role=PartyRole.BENEFICIARY
    )
    request = funding_services.subsidy_request_submit(
        framework=framework,
        applicant=world.orgs.fas,
        year=2024,
        purpose=LONG_PURPOSE,
        amount_requested=Decimal("30000"),
        budget_total=Decimal("50000"),
        by=world.users.fas_director,
        other_funders=[("Caisse d'allocations familiales du Pas-de-Calais", Decimal("10000"))],
    )
    login(page, live_server, world.users.fas_director.email, PASSWORD)
    for name in ("funding:subsidy_request_list", "funding:subsidy_request_create"):
        check(page, width, assert_accessible, live_server.url + reverse(name))
    # The request form sent empty: its French errors, accessible, narrow enough.
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    detail = live_server.url + reverse("funding:subsidy_request_detail", args=[request.pk])
    check(page, width, assert_accessible, detail)

    page.context.clear_cookies()
    login(page, live_server, world.users.staff.email, PASSWORD)
    check(page, width, assert_accessible, live_server.url + reverse("funding:subsidy_request_list"))
    check(page, width, assert_accessible, detail)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_objectives_of_the_annual_plan(sized_page, live_server, login, assert_accessible, world):
    """seed 002 §III-1: the plan's themes, one objective each, assessed one by one."""
    page, width = sized_page
    convention = convention_between(
        world.orgs.department,
        world.orgs.chrs,
        reference="CD59-UDCCAS-2019-2021",
        start_date=D(2019, 1, 1),
        end_date=D(2021, 12, 31),
    )
    plan = governance_services.action_plan_create(
        convention=convention,
        by=world.users.staff,
        period="year",
        period_start=D(2019, 1, 1),
        objectives=(
            "En matière d'accès aux droits : rechercher des collaborations avec les "
            "institutions\n"
            "En termes de collaboration intercommunale en matière sociale : sensibiliser les "
            "élus\n"
            "En matière d'insertion : optimiser les modes d'accompagnements des allocataires "
            "du RSA"
        ),
    )
    login(page, live_server, world.users.staff.email, PASSWORD)
    check(
        page,
        width,
        assert_accessible,
        live_server.url + reverse("governance:plan_detail", args=[plan.pk]),
    )
    expect(page.get_by_text("En matière d'insertion", exact=False).first).to_be_visible()
    # Assess the first objective: the form, its French error, then the plan shows the result.
    page.get_by_role("link", name="Évaluer l’objectif 1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Objectif 1")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("button", name="Enregistrer l'évaluation").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_label("Partiellement atteint").check()
    page.get_by_label("Commentaire").fill("Deux conventions signées avec la CAF et la MSA.")
    page.get_by_role("button", name="Enregistrer l'évaluation").click()
    expect(page.get_by_role("status").filter(has_text="Atteinte de l'objectif")).to_be_visible()
    expect(page.get_by_text("Partiellement atteint").first).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_letters_blocks_of_a_report_an_application_and_a_referral(
    sized_page, live_server, login, assert_accessible, world, cpom, household
):
    """The other « Courriers » blocks: the receipt of an annual report (seed 001 art. 6), of
    an application to a call (seed 004 §6), the orientation decision (seed 004 §4)."""
    page, width = sized_page
    staff = world.users.staff
    report = AnnualReportFactory(convention=cpom, year=2023, submitted=True)
    letter_generate(kind=LetterKind.REPORT_RECEIPT, obj=report, by=staff)

    call = CallFactory(publisher=world.orgs.department, programme=world.asrl)
    call.territories.set([world.territories.artois, world.territories.lens])
    world.orgs.chrs.territories.set([world.territories.arras])  # seed 004 §6a: on the Artois
    piece = RequiredDocumentFactory(
        call=call,
        label="Courrier d'acte de candidature signé indiquant le nombre de mesures sollicitées",
    )
    before = call.deadline - dt.timedelta(days=1)
    director = world.users.director
    application = funding_services.application_open(
        call=call, organisation=world.orgs.chrs, by=director, now=before
    )
    funding_services.application_request_measures(
        application=application,
        territory=world.territories.lens,
        measures=10,
        by=director,
        now=before,
    )
    funding_services.application_upload(
        application=application,
        required_document=piece,
        upload=SimpleUploadedFile("piece.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        by=director,
        now=before,
    )
    application = funding_services.application_submit(
        application=application, by=director, now=before
    )
    letter_generate(kind=LetterKind.APPLICATION_RECEIPT, obj=application, by=staff)

    MemberFactory(household=household, relationship=Relationship.HEAD)
    referral = ReferralFactory(
        household=household,
        referred_by=world.orgs.siao,
        programme=world.asrl,
        received_on=D(2019, 9, 10),
    )
    orientation_decide(
        referral=referral,
        by=world.users.coordinator,
        outcome=OrientationOutcome.ORIENTED,
        decided_on=D(2019, 9, 24),
        operator=world.orgs.chrs,
        slisl_head="Mme Delattre, cheffe du SLISL de l'Artois",
        slisl_opinion="favourable",
        slisl_opinion_on=D(2019, 9, 20),
    )
    letter_generate(kind=LetterKind.ORIENTATION_HOUSEHOLD, obj=referral, by=world.users.coordinator)

    login(page, live_server, staff.email, PASSWORD)
    for url in (
        reverse("governance:report_detail", args=[report.pk]),
        reverse("funding:application_detail", args=[application.pk]),
    ):
        check(page, width, assert_accessible, live_server.url + url)
        block = page.get_by_role("region", name="Courriers")
        expect(block.get_by_role("link", name="PDF").first).to_be_visible()

    page.context.clear_cookies()
    login(page, live_server, world.users.coordinator.email, PASSWORD)
    url = live_server.url + reverse("households:referral_detail", args=[referral.pk])
    check(page, width, assert_accessible, url)
    block = page.get_by_role("region", name="Courriers")
    expect(block.get_by_role("link", name="PDF").first).to_be_visible()
