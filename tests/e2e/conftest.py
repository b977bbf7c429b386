"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Chromium comes from the system (`apt-get install chromium`), never from `playwright install`.
Without it the browser tests are skipped on a laptop, and fail in CI (the CI variable is set).
"""

import contextlib
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Request,
    Response,
    expect,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# the ORM calls the tests make to set up their data.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING_CHROMIUM = "Chromium absent : apt-get install chromium"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def field(page: Page, name: str):
    """A form's field by its name."""
    return page.locator(f"[name='{name}']")


def fits(page: Page) -> None:
    """The page is no wider than the phone's screen (issue 18)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page plus large que l'écran : {width} px"


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def require_chromium(path: Path = CHROMIUM) -> Path:
    """Skip when Chromium is missing, except in CI where a missing browser is a failure."""
    if path.exists():
        return path
    if "CI" in os.environ:
        pytest.fail(f"{MISSING_CHROMIUM} (obligatoire en CI)", pytrace=False)
    pytest.skip(MISSING_CHROMIUM)


@pytest.fixture(name="require_chromium")
def require_chromium_fixture() -> Callable[[Path], Path]:
    return require_chromium


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def _fresh_artifacts() -> None:
    """Remove the screenshots of an earlier run, so that none is mistaken for this one's."""
    for stale in ARTIFACTS.glob("*.png"):
        stale.unlink()


@pytest.fixture
def viewport() -> dict[str, int]:
    """Override with `@pytest.mark.parametrize("viewport", [{"width": …, "height": …}])`."""
    return DESKTOP


class BrowserErrors:
    """JavaScript errors, console errors and failed requests seen by a page."""

    def __init__(self, page: Page):
        self.messages: list[str] = []
        page.on("pageerror", self.on_page_error)
        page.on("console", self.on_console)
        page.on("requestfailed", self.on_request_failed)
        page.on("response", self.on_response)

    def on_page_error(self, error) -> None:
        self.messages.append(f"JS : {error}")

    def on_console(self, message: ConsoleMessage) -> None:
        # Chromium logs every 4xx/5xx response; on_response reports those that matter.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.messages.append(f"console : {message.text}")

    def on_request_failed(self, request: Request) -> None:
        # A request cut short by the next navigation is no error.
        if request.failure != "net::ERR_ABORTED":
            self.messages.append(f"requête échouée : {request.url} ({request.failure})")

    def on_response(self, response: Response) -> None:
        # A page may be an expected 404; a stylesheet or a script never.
        if response.request.resource_type != "document" and response.status >= 400:
            self.messages.append(f"{response.status} : {response.url}")


@pytest.fixture
def make_page(browser: Browser, request) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh context (own cookies, own viewport); closed after the test."""
    opened = []

    def make(**context_options) -> Page:
        # bypass_csp: axe-core is injected as an inline script, which our CSP forbids.
        options = {
            "viewport": DESKTOP,
            "locale": "fr-FR",
            "timezone_id": "Europe/Paris",
            "bypass_csp": True,
        }
        options.update(context_options)
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        page = context.new_page()
        opened.append((context, page, BrowserErrors(page)))
        return page

    yield make

    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    errors = []
    for index, (context, page, seen) in enumerate(opened):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            with contextlib.suppress(PlaywrightError):  # a crashed page has nothing to show
                page.screenshot(path=ARTIFACTS / f"ECHEC-{_slug(request.node.name)}-{index}.png")
        errors += seen.messages
        context.close()
    if errors and not failed:
        pytest.fail("Erreurs dans le navigateur :\n" + "\n".join(errors), pytrace=False)


@pytest.fixture
def page(make_page, viewport) -> Page:
    return make_page(viewport=viewport)


@pytest.fixture
def phone_page(make_page) -> Page:
    return make_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so that fixtures know whether it failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _device(email: str):
    """The user's confirmed TOTP device, created as the enrolment would when they have none
    (tests/security/test_authentication.py goes through the enrolment itself)."""
    from partnerships.models import User
    from partnerships.security.totp import DEVICE_NAME, confirmed_device

    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return None
    device = confirmed_device(user)
    if device is None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    return device


def totp_code(email: str) -> str:
    """The code the user's authenticator application shows now, computed from the key of
    their device. django-otp refuses a code twice: when this step's code was already used
    (two logins of the same user within 30 s), take the next step's, which the device's
    tolerance accepts."""
    from django_otp.oath import TOTP

    device = _device(email)
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = time.time()
    totp.time = now
    if totp.t() <= device.last_t:
        totp.time = now + device.step
        if totp.t() <= device.last_t:  # both used: wait for the next step
            time.sleep(device.step - now % device.step + 0.5)
            totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def _login(page: Page, live_server, email: str, password: str) -> None:
    _device(email)
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter").click()
    # Either way the next page is known: the shell with its menu, the second factor's step,
    # or the form with an alert.
    menu = page.locator("#menu-principal")
    alert = page.get_by_role("alert")
    code = page.get_by_label("Code à 6 chiffres")
    expect(menu.or_(alert).or_(code)).to_be_attached()
    if code.count():
        code.fill(totp_code(email))
        page.get_by_role("button", name="Vérifier le code").click()
        expect(menu.or_(alert)).to_be_attached()
    if not menu.count():
        pytest.fail(f"Connexion refusée pour {email} : {alert.inner_text()}", pytrace=False)


@pytest.fixture
def login() -> Callable[..., None]:
    """`login(page, live_server, email, password)`: fill the login form, land on the home page."""
    return _login


def _axe_source() -> str:
    path = Path(django_settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
    return path.read_text(encoding="utf-8")


def _assert_accessible(page: Page) -> None:
    # A click that navigates returns before the new document is parsed; injecting axe then
    # finds no <head> (CI, stop 29). Wait for the document the page now shows.
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_axe_source())
    # axe reads the style sheets again to check orientation locks; on the admin's pages it
    # resolves Django's `@import url('widgets.css')` against the page rather than the sheet and
    # asks for a URL that does not exist (issue 18). Django's own CSS locks no orientation.
    preload = "/admin/" not in page.url
    violations = page.evaluate(
        """async ([tags, preload]) => {
            const results = await axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
                preload: preload,
            });
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                helpUrl: v.helpUrl,
                targets: v.nodes.map((n) => n.target.join(' ')),
                summary: v.nodes.length ? v.nodes[0].failureSummary : '',
            }));
        }""",
        [AXE_TAGS, preload],
    )
    if violations:
        lines = [f"{len(violations)} violation(s) WCAG 2.1 AA sur {page.url} :"]
        for v in violations:
            lines.append(f"- [{v['impact']}] {v['id']} : {v['help']} ({v['helpUrl']})")
            lines += [f"    cible : {target}" for target in v["targets"]]
            if v["summary"]:
                lines.append("    " + v["summary"].replace("\n", "\n    "))
        pytest.fail("\n".join(lines), pytrace=False)


@pytest.fixture
def assert_accessible() -> Callable[[Page], None]:
    """`assert_accessible(page)`: run axe-core (WCAG 2.0/2.1 A and AA) and fail on any violation."""
    return _assert_accessible


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    """`screenshot(page, name)`: full-page PNG in tests/e2e/artifacts/ (gitignored)."""

    def take(page: Page, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{_slug(name)}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take
