"""The shell every page shares: login, menu by role, home figures, accessibility, phone, keys."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from demo.data.people import USERS as DEMO_USERS
from partnerships.enums import ConventionKind, PartyRole, Role
from partnerships.models import User
from tests.funding.factories import GrantFactory, GrantYearFactory
from tests.partnerships.factories import PASSWORD as WORLD_PASSWORD
from tests.partnerships.factories import (
    AmendmentFactory,
    ConventionFactory,
    ConventionPartyFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

PASSWORD = "Un-mot-de-passe-solide-42"


def make_user(*, email: str, first_name: str, last_name: str, role: str, organisation) -> User:
    user = UserFactory(
        email=email, raw_password=PASSWORD, first_name=first_name, last_name=last_name
    )
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def social_worker() -> User:
    association = OrganisationFactory(name="Association Le Relais")
    return make_user(
        email="camille.martin@relais.example",
        first_name="Camille",
        last_name="Martin",
        role=Role.SOCIAL_WORKER,
        organisation=association,
    )


@pytest.fixture
def department_agent() -> User:
    """An agent of the Département, party to one convention extended by an amendment."""
    department = OrganisationFactory(department=True, name="Département de la Gironde")
    operator = OrganisationFactory(name="Association Habitat Solidaire")
    convention = ConventionFactory(
        reference="CONV-2024-001",
        title="Accompagnement social lié au logement",
        kind=ConventionKind.FRAMEWORK,
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2034, 12, 31),
        notice_months=3,
        signed_on=dt.date(2023, 12, 15),
        signed=True,
    )
    ConventionPartyFactory(convention=convention, organisation=department, role=PartyRole.FUNDER)
    ConventionPartyFactory(convention=convention, organisation=operator, role=PartyRole.OPERATOR)
    AmendmentFactory(
        convention=convention, signed_on=dt.date(2025, 6, 1), new_end_date=dt.date(2035, 12, 31)
    )
    grant = GrantFactory(convention=convention, funder=department, beneficiary=operator, iban="")
    GrantYearFactory(grant=grant, year=timezone.localdate().year, amount=Decimal("20000.00"))
    return make_user(
        email="sam.durand@gironde.example",
        first_name="Sam",
        last_name="Durand",
        role=Role.DEPARTMENT_STAFF,
        organisation=department,
    )


def text_of(locator) -> str:
    """Visible text with French non-breaking spaces made plain."""
    return locator.inner_text().replace("\xa0", " ").replace("\u202f", " ")


def main_menu(page: Page):
    return page.get_by_role("navigation", name="Navigation principale")


def open_user_menu(page: Page, user: User) -> None:
    toggler = page.get_by_role("button", name="Afficher ou masquer le menu")
    if toggler.is_visible():
        toggler.click()
    main_menu(page).get_by_role("button", name=user.get_full_name()).click()


def has_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")


def test_missing_chromium_is_a_skip_on_a_laptop(require_chromium, monkeypatch, tmp_path):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium absent : apt-get install chromium"):
        require_chromium(tmp_path / "chromium")


def test_missing_chromium_is_a_failure_in_ci(require_chromium, monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="Chromium absent : apt-get install chromium"):
        require_chromium(tmp_path / "chromium")


@pytest.mark.browser
def test_assert_accessible_reports_each_violation(page, assert_accessible):
    page.set_content(
        '<html lang="fr"><head><title>Essai</title></head><body><main><h1>Essai</h1>'
        '<input type="text" id="sans-etiquette"></main></body></html>'
    )

    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page)

    assert "[critical] label : Form elements must have labels" in str(failure.value)
    assert "cible : #sans-etiquette" in str(failure.value)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_login_page_has_no_menu_and_is_accessible(page, live_server, assert_accessible, screenshot):
    page.goto(live_server.url + reverse("home"))

    expect(page).to_have_url(live_server.url + reverse("login") + "?next=/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")
    expect(page.locator("#menu-principal")).to_have_count(0)
    expect(page.get_by_role("button", name="Afficher ou masquer le menu")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "connexion")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_wrong_password_is_announced_and_stays_accessible(
    page, live_server, social_worker, assert_accessible
):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Adresse e-mail").fill(social_worker.email)
    page.get_by_label("Mot de passe", exact=True).fill("pas-le-bon-mot-de-passe")
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_role("alert")).to_contain_text("mot de passe")
    expect(page.get_by_label("Adresse e-mail")).to_have_value(social_worker.email)
    expect(page.get_by_label("Mot de passe", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_social_worker_home_shows_household_figures_and_no_convention_menu(
    page, live_server, social_worker, login, assert_accessible, screenshot
):
    login(page, live_server, social_worker.email, PASSWORD)

    expect(page).to_have_url(live_server.url + reverse("home"))
    expect(page).to_have_title("Accueil — Maillage")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Camille")
    for label in ("Ménages suivis", "Projets en cours", "Saisines en attente de décision"):
        expect(page.get_by_role("heading", name=label, exact=True)).to_be_visible()
    expect(page.get_by_text("Travailleur social — Association Le Relais")).to_be_visible()

    links = main_menu(page).locator("#menu-principal").get_by_role("link")
    expect(links).to_have_text(
        ["Accueil", "Ménages", "Rencontres", "Échéances", "Signalements", "Recherche", "Agenda"]
    )
    # Issue 16: the to-do, a list of links each saying what it counts.
    todo = page.get_by_role("region", name="À faire")
    expect(todo.get_by_role("link", name="Bilans intermédiaires dus ou en retard")).to_have_count(1)
    expect(links.first).to_have_attribute("aria-current", "page")
    assert_accessible(page)
    screenshot(page, "accueil-travailleur-social")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_department_agent_home_shows_department_figures_and_convention_menu(
    page, live_server, department_agent, login, assert_accessible, screenshot
):
    login(page, live_server, department_agent.email, PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Sam")
    figures = page.locator(".mg-figure")
    expect(figures).to_have_count(4)
    in_force = figures.filter(has_text="Conventions en vigueur")
    expect(in_force.locator(".mg-figure-value")).to_have_text("1")
    money = figures.filter(has_text="Participations de l'année")
    assert text_of(money.locator(".mg-figure-value")) == "20 000,00 €"
    expect(figures.filter(has_text="Sans aucune donnée nominative")).to_have_count(1)
    expect(page.get_by_role("heading", name="Ménages suivis")).to_have_count(0)

    links = main_menu(page).locator("#menu-principal").get_by_role("link")
    expect(links).to_have_text(
        [
            "Accueil",
            "Conventions",
            "Échéances",
            "Instances",
            "Signalements",
            "Financements",
        ]
    )
    # Nine entries with « Mes saisines » (seed 004 §4: the Département's own social workers
    # refer too): the secondary ones go under « Plus », one click away.
    main_menu(page).get_by_role("button", name="Plus").click()
    expect(main_menu(page).locator("#menu-principal").get_by_role("link")).to_have_text(
        [
            "Accueil",
            "Conventions",
            "Échéances",
            "Instances",
            "Signalements",
            "Financements",
            "Mes saisines",
            "Recherche",
            "Agenda",
        ]
    )
    page.keyboard.press("Escape")
    assert_accessible(page)
    screenshot(page, "accueil-agent-departemental")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_convention_list_and_detail_show_dates_in_force(
    page, live_server, department_agent, login, assert_accessible, screenshot
):
    login(page, live_server, department_agent.email, PASSWORD)
    main_menu(page).get_by_role("link", name="Conventions").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Conventions")
    expect(main_menu(page).get_by_role("link", name="Conventions")).to_have_attribute(
        "aria-current", "page"
    )
    table = page.get_by_role("table")
    expect(table.locator("caption")).to_contain_text("Conventions de votre périmètre")
    row = table.get_by_role("row").filter(has_text="CONV-2024-001")
    expect(row).to_contain_text("Accompagnement social lié au logement")
    expect(row).to_contain_text("Convention cadre")
    expect(row).to_contain_text("Département de la Gironde (financeur)")
    expect(row).to_contain_text("Association Habitat Solidaire (opérateur)")
    expect(row).to_contain_text("1 janvier 2024")
    expect(row).to_contain_text("31 décembre 2035")  # moved by the amendment
    expect(row).to_contain_text("30 septembre 2035")  # three months' notice
    expect(row).to_contain_text("En vigueur")
    assert_accessible(page)
    screenshot(page, "conventions")

    row.get_by_role("link", name="CONV-2024-001").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Accompagnement social lié au logement"
    )
    expect(page.get_by_role("navigation", name="Fil d’Ariane")).to_contain_text("CONV-2024-001")
    expect(page.locator("dd").filter(has_text="31 décembre 2035")).to_have_count(1)
    expect(page.get_by_role("table").filter(has_text="Prolongation d'un an")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "convention-detail")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_password_change_from_the_user_menu(
    page, live_server, social_worker, login, assert_accessible, screenshot
):
    login(page, live_server, social_worker.email, PASSWORD)
    open_user_menu(page, social_worker)
    screenshot(page, "menu-utilisateur")
    page.get_by_role("link", name="Changer mon mot de passe").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Changer mon mot de passe")
    assert_accessible(page)
    screenshot(page, "mot-de-passe")

    new_password = "Un-autre-mot-de-passe-solide-43"
    # crispy-forms ends each required label with an asterisk
    page.get_by_label(re.compile(r"^\s*Ancien mot de passe")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^\s*Nouveau mot de passe")).fill(new_password)
    page.get_by_label(re.compile(r"^\s*Confirmation du nouveau mot de passe")).fill(new_password)
    page.get_by_role("button", name="Enregistrer le nouveau mot de passe").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mot de passe modifié")
    assert_accessible(page)
    social_worker.refresh_from_db()
    assert social_worker.check_password(new_password)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_logout_from_the_user_menu(page, live_server, social_worker, login):
    login(page, live_server, social_worker.email, PASSWORD)
    open_user_menu(page, social_worker)
    page.get_by_role("button", name="Se déconnecter").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")
    page.goto(live_server.url + reverse("home"))
    expect(page).to_have_url(live_server.url + reverse("login") + "?next=/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_unknown_page_is_a_french_404(
    page, live_server, department_agent, login, assert_accessible
):
    login(page, live_server, department_agent.email, PASSWORD)
    url = reverse("partnerships:convention_detail", kwargs={"pk": 999_999})
    response = page.goto(live_server.url + url)

    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_skip_link_is_the_first_tab_stop(page, live_server, social_worker, login, screenshot):
    login(page, live_server, social_worker.email, PASSWORD)

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Aller au contenu")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    screenshot(page, "clavier-lien-d-evitement")

    page.keyboard.press("Enter")
    expect(page.locator("main#contenu")).to_be_focused()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_menu_links_show_a_visible_focus_ring(page, live_server, social_worker, login, screenshot):
    login(page, live_server, social_worker.email, PASSWORD)
    home_link = main_menu(page).get_by_role("link", name="Accueil")

    for _ in range(3):  # skip link, brand, first menu entry
        page.keyboard.press("Tab")

    expect(home_link).to_be_focused()
    expect(home_link).to_have_css("outline-style", "solid")
    expect(home_link).to_have_css("outline-width", "3px")
    screenshot(page, "clavier-focus-menu")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_phone_has_a_collapsed_menu_and_no_horizontal_scroll(
    phone_page, live_server, department_agent, login, assert_accessible, screenshot
):
    page = phone_page
    login(page, live_server, department_agent.email, PASSWORD)

    toggler = page.get_by_role("button", name="Afficher ou masquer le menu")
    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(main_menu(page).get_by_role("link", name="Conventions")).to_be_hidden()
    assert not has_horizontal_scroll(page)
    screenshot(page, "telephone-accueil")

    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(main_menu(page).get_by_role("link", name="Conventions")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "telephone-menu-ouvert")

    main_menu(page).get_by_role("link", name="Conventions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conventions")
    assert not has_horizontal_scroll(page)
    assert_accessible(page)
    screenshot(page, "telephone-conventions")


LONGEST_DEMO_NAME = max((f"{u['first_name']} {u['last_name']}" for u in DEMO_USERS), key=len).split(
    " ", 1
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_menu_holds_on_one_line_at_1280_px(page, live_server, world, login):
    """issue 18 item 9: the director's menu (twelve entries, the name, the bell) wrapped onto
    two lines at 1280 px. Every role's menu, and the superuser's, stays on one line: the
    entries, « Plus », the name and the bell share one top offset, and the bar keeps the
    height of one line. Each person bears the longest name of the demo."""
    admin = User.objects.create_superuser(email="admin@example.org", password=WORLD_PASSWORD)
    people = {
        "travailleur social": world.users.social_worker,
        "direction": world.users.director,
        "coordination": world.users.coordinator,
        "agent départemental": world.users.staff,
        "bénévole": world.users.volunteer,
        "partenaire signataire": world.users.partner,
        "superutilisateur": admin,
    }
    figures = []
    for role, person in people.items():
        person.first_name, person.last_name = LONGEST_DEMO_NAME
        # Directors and department staff enter the administration (members._sync_staff).
        person.is_staff = person.is_superuser or role in ("direction", "agent départemental")
        person.save()
        page.context.clear_cookies()
        login(page, live_server, person.email, WORLD_PASSWORD)
        expect(page.locator("#menu-principal")).to_be_visible()
        measured = page.evaluate(
            """() => {
                const nav = document.querySelector('.mg-header .navbar');
                const items = [...document.querySelectorAll(
                    '#menu-principal > .navbar-nav > .nav-item, .mg-bell')];
                const tops = items.map((i) => Math.round(i.getBoundingClientRect().top));
                return {
                    height: nav.getBoundingClientRect().height,
                    tops: [...new Set(tops)],
                    entries: document.querySelectorAll('#menu-principal a.nav-link').length,
                    more: document.querySelectorAll('#menu-principal .dropdown-menu a').length
                        - document.querySelectorAll('.mg-user-toggle + .dropdown-menu a').length,
                    right: Math.max(...items.map((i) => i.getBoundingClientRect().right)),
                    width: document.documentElement.clientWidth,
                };
            }"""
        )
        figures.append((role, measured))
        # One line: the tops differ by less than a line's height (the bell is 2 px taller).
        assert max(measured["tops"]) - min(measured["tops"]) < 20, (role, measured)
        assert measured["height"] <= 64, (role, measured)
        assert measured["right"] <= measured["width"], (role, measured)
    # The entries under « Plus » are still one click away.
    page.get_by_role("button", name="Plus").click()
    page.get_by_role("link", name="Agenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon agenda des échéances")
    expect(page.get_by_role("button", name="Plus")).to_have_class(re.compile(r"\bactive\b"))
    print("\nMenus à 1280 px :")
    for role, m in figures:
        print(
            f"  {role} : {m['entries']} entrées dans la barre, {m['more']} sous « Plus », "
            f"hauteur {m['height']:.0f} px, hauts de {min(m['tops'])} à {max(m['tops'])} px, "
            f"bord droit {m['right']:.0f} px"
        )
