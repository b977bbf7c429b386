"""issue 8 in the browser: enrolling the second factor, the sessions page, and the pages
under the real Content-Security-Policy (no bypass: a blocked script or style is a console
error, which fails the test)."""

from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from partnerships.enums import OrganisationKind, Role
from partnerships.models import User
from tests.partnerships.factories import MembershipFactory, OrganisationFactory, UserFactory

PASSWORD = "Un-mot-de-passe-solide-42"
DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "guide" / "img"


@pytest.fixture
def director() -> User:
    organisation = OrganisationFactory(name="CHRS Le Relais", kind=OrganisationKind.CHRS_MANAGER)
    user = UserFactory(
        email="dominique@relais.example",
        raw_password=PASSWORD,
        first_name="Dominique",
        last_name="Lefèvre",
        is_staff=True,
    )
    MembershipFactory(user=user, organisation=organisation, role=Role.DIRECTOR)
    return user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_first_login_enrols_the_authenticator_then_lands_home(
    page, live_server, director, assert_accessible, screenshot, mailoutbox
):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Adresse e-mail").fill(director.email)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Activer la double authentification")
    # Step 1: the mailbox of the account, proven by a code sent to it.
    page.get_by_role("button", name="Recevoir le code par e-mail").click()
    expect(page.get_by_label("Code reçu par e-mail")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "securite-double-authentification-courriel")
    body = mailoutbox[-1].body
    mail_code = next(line for line in body.splitlines() if line.startswith("Code")).split(": ")[1]
    page.get_by_label("Code reçu par e-mail").fill(mail_code)
    page.get_by_role("button", name="Vérifier le code reçu").click()
    # Step 2: the authenticator application.
    expect(page.get_by_text("Étape 2 sur 2")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "securite-double-authentification")
    secret = page.locator("#cle-totp").inner_text().replace(" ", "")
    device = TOTPDevice.objects.get(user=director, confirmed=False)
    from base64 import b32decode

    assert b32decode(secret) == device.bin_key
    code = TOTP(device.bin_key).token()
    page.get_by_label("Code à 6 chiffres").fill(f"{code:06d}")
    page.get_by_role("button", name="Activer").click()
    expect(page.locator("#menu-principal")).to_be_attached()
    expect(page.get_by_role("status")).to_contain_text("double authentification est activée")
    assert TOTPDevice.objects.get(user=director).confirmed


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sessions_page_lists_this_browser(
    page, live_server, login, director, assert_accessible, screenshot
):
    login(page, live_server, director.email, PASSWORD)
    page.get_by_role("button", name="Dominique Lefèvre").click()
    page.get_by_role("link", name="Mes sessions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes sessions")
    expect(page.get_by_text("Session en cours")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "securite-sessions")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_work_under_the_content_security_policy(make_page, live_server, login, director):
    page = make_page(bypass_csp=False)
    login(page, live_server, director.email, PASSWORD)
    for name in ("home", "households:household_list", "funding:dashboard", "security:sessions"):
        response = page.goto(live_server.url + reverse(name))
        assert "script-src 'self'" in response.headers["content-security-policy"]
        expect(page.locator("#menu-principal")).to_be_attached()
    # The user menu's dropdown (Bootstrap's script) works with scripts from 'self' only.
    page.get_by_role("button", name="Dominique Lefèvre").click()
    expect(page.get_by_role("link", name="Mes sessions")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_director_anonymises_a_household_on_its_request(
    page, live_server, login, director, assert_accessible, screenshot
):
    """issue 8, RGPD art. 17: from the household's file, with a reason and a confirmation."""
    from households.models import Household, Member
    from tests.households.factories import HouseholdFactory, MemberFactory, ProjectFactory

    organisation = director.memberships.get().organisation
    household = HouseholdFactory(organisation=organisation)
    MemberFactory(household=household, first_name="Zéphirine", last_name="Tartempion")
    ProjectFactory(household=household, closed=True)
    login(page, live_server, director.email, PASSWORD)
    page.goto(live_server.url + household.get_absolute_url())
    page.get_by_role("link", name="Anonymiser sur demande").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anonymiser les données")
    page.get_by_label("Motif").fill("Demande écrite d'effacement reçue le 20/11/2026")
    page.get_by_label("Pour confirmer").fill("MEN-00000-faux")
    page.get_by_role("button", name="Anonymiser définitivement").click()
    expect(page.get_by_text("ne correspond pas")).to_be_visible()
    screenshot(page, "rgpd-anonymiser-sur-demande")
    assert_accessible(page)
    page.get_by_label("Pour confirmer").fill(household.reference)
    page.get_by_role("button", name="Anonymiser définitivement").click()
    expect(page.get_by_role("status")).to_contain_text("sont anonymisées")
    expect(page.get_by_text("Données anonymisées le")).to_be_visible()
    assert Household.objects.get(pk=household.pk).anonymised_at is not None
    assert not Member.objects.filter(last_name="Tartempion").exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_demo_user_logs_in_with_a_printed_backup_code(
    page, live_server, assert_accessible, screenshot, settings
):
    # issue 18 item 10: trying a role of the demo needs no authenticator: the codes printed
    # by load_demo open the session, each once.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from demo import data
    from demo.loader import load_demo

    summary = load_demo()
    email = "agent.departement@maillage.test"
    code = next(login.codes for login in summary.logins if login.email == email)[0]

    def password_step():
        page.goto(live_server.url + reverse("login"))
        page.get_by_label("Adresse e-mail").fill(email)
        page.get_by_label("Mot de passe", exact=True).fill(data.PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        expect(page.get_by_label("Code de secours à 8 chiffres")).to_be_visible()

    password_step()
    expect(page.get_by_text("Compte de démonstration")).to_be_visible()
    assert_accessible(page)
    # The guide's picture (docs/guide/accueil.md, « Essayer Maillage »).
    page.screenshot(path=DOCS_IMG / "securite-code-de-secours.png")
    page.get_by_label("Code de secours à 8 chiffres").fill(code)
    page.get_by_role("button", name="Vérifier le code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Nadia")
    figures = page.locator(".mg-figure")
    expect(
        figures.filter(has_text="Versements exigibles").locator(".mg-figure-value")
    ).not_to_have_text("0")
    page.context.clear_cookies()  # another browser, or after logging out

    # The same code a second time: refused.
    password_step()
    page.get_by_label("Code de secours à 8 chiffres").fill(code)
    page.get_by_role("button", name="Vérifier le code").click()
    expect(page.get_by_text("déjà utilisé")).to_be_visible()
    expect(page.locator("#menu-principal")).not_to_be_attached()
