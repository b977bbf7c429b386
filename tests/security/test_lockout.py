"""issue 14: the lockout holds against a determined insider. Behind the reverse proxy every
request comes from one address (127.0.0.1, the proxy); the client's own address is the last
entry of X-Forwarded-For, the one the proxy added. Three rules: account + address, address,
account; the password change, the re-authentication and the reset requests count too."""

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from partnerships.enums import Role
from partnerships.models import UserSession
from tests.partnerships.factories import PASSWORD, member

pytestmark = pytest.mark.django_db

WRONG = "pas-le-bon-mot-de-passe"
NEW_PASSWORD = "Terril-de-Loos-en-Gohelle-62"


@pytest.fixture(autouse=True)
def behind_the_proxy(settings):
    """BEHIND_PROXY=1, PROXY_COUNT=1, as config/settings.py derives them."""
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]


def from_address(address: str) -> Client:
    """A browser at `address`, seen through the proxy (REMOTE_ADDR stays the proxy's)."""
    client = Client(HTTP_X_FORWARDED_FOR=address, REMOTE_ADDR="127.0.0.1")
    client.raw = True  # the password step only
    return client


def login(client, user, password=PASSWORD):
    return client.post(reverse("login"), {"username": user.email, "password": password})


def test_a_stranger_cannot_lock_a_colleague_out_from_another_address():
    """Case 1: 10 wrong passwords for a colleague's e-mail lock only the stranger's address."""
    victim = member(Role.SOCIAL_WORKER)
    stranger = from_address("203.0.113.66")
    for _attempt in range(10):
        login(stranger, victim, WRONG)
    assert login(stranger, victim).status_code == 429  # the stranger is locked out
    owner = from_address("198.51.100.7")
    response = login(owner, victim)
    assert response.status_code == 302
    assert "_auth_user_id" in owner.session
    # "Mes sessions" shows the owner's own address, not the proxy's.
    assert UserSession.objects.get(user=victim).ip_address == "198.51.100.7"


def test_an_address_written_by_the_client_is_not_believed():
    """A client that writes the owner's address in X-Forwarded-For is still counted at its
    own: the proxy appends the real one, which alone is read."""
    victim = member(Role.SOCIAL_WORKER)
    spoofer = from_address("198.51.100.7, 203.0.113.66")
    for _attempt in range(10):
        login(spoofer, victim, WRONG)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}
    assert login(from_address("198.51.100.7"), victim).status_code == 302


def test_one_address_trying_many_accounts_is_blocked():
    """Case 2: 45 wrong passwords over 5 accounts from one address were never blocked; the
    address is blocked at 30, whatever the accounts, and other addresses are not."""
    accounts = [member(Role.SOCIAL_WORKER) for _ in range(6)]
    attacker = from_address("203.0.113.66")
    for account in accounts:
        for _attempt in range(5):
            login(attacker, account, WRONG)
    someone = member(Role.SIGNATORY_PARTNER)
    blocked = login(attacker, someone)  # even a right password, for an account never tried
    assert blocked.status_code == 429
    assert "depuis votre connexion réseau" in blocked.content.decode()
    assert "_auth_user_id" not in attacker.session
    assert login(from_address("198.51.100.7"), someone).status_code == 302


def test_one_account_tried_from_many_addresses_is_blocked():
    """Case 2: one account tried 30 times from 3 addresses let the right password in from a
    4th. At 50 failures in 24 hours the account is blocked from everywhere; a partner
    signatory, who has no second factor, is protected too."""
    partner = member(Role.SIGNATORY_PARTNER)
    for number in range(1, 7):
        attacker = from_address(f"203.0.113.{number}")
        for _attempt in range(9):  # under the 10 of one address
            login(attacker, partner, WRONG)
    assert login(from_address("203.0.113.99"), partner, WRONG).status_code in (200, 429)
    elsewhere = from_address("198.51.100.7")
    blocked = login(elsewhere, partner)
    assert blocked.status_code == 429
    assert "depuis plusieurs adresses" in blocked.content.decode()
    assert reverse("password_reset") in blocked.content.decode()
    assert "_auth_user_id" not in elsewhere.session


def _reset_link(mailbox) -> str:
    return re.search(r"https?://testserver(\S+)", mailbox[-1].body).group(1)


def test_a_reset_by_e_mail_unlocks_an_account_blocked_from_many_addresses(mailoutbox):
    partner = member(Role.SIGNATORY_PARTNER)
    for number in range(1, 7):
        attacker = from_address(f"203.0.113.{number}")
        for _attempt in range(9):
            login(attacker, partner, WRONG)
    owner = from_address("198.51.100.7")
    assert login(owner, partner).status_code == 429
    owner.post(reverse("password_reset"), {"email": partner.email})
    form_page = owner.get(_reset_link(mailoutbox), follow=True)
    done = owner.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    assert owner.get(done["Location"]).status_code == 200
    assert "_auth_user_id" in owner.session
    owner.post(reverse("logout"))
    assert login(from_address("198.51.100.8"), partner, NEW_PASSWORD).status_code == 302


def test_wrong_old_passwords_on_the_change_form_are_counted():
    """Case 3: 25 wrong "old password" guesses were not counted, the 26th (right) accepted.
    Now the 10th locks the account at that address and closes the session."""
    worker = member(Role.SOCIAL_WORKER)
    session = from_address("203.0.113.66")
    session.raw = False
    session.force_login(worker)
    url = reverse("password_change")
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    for attempt in range(1, 10):
        refused = session.post(url, {"old_password": f"essai-{attempt}", **data})
        assert refused.status_code == 400
        assert "Mot de passe actuel incorrect" in refused.content.decode()
    locked = session.post(url, {"old_password": "essai-10", **data})
    assert locked.status_code == 429
    assert "_auth_user_id" not in session.session
    assert AccessAttempt.objects.get().failures_since_start == 10
    # Whoever had the session cannot sign in again from there, even with the password.
    assert login(session, worker).status_code == 429
    worker.refresh_from_db()
    assert worker.check_password(PASSWORD)


def test_no_password_typed_in_a_form_is_copied_into_the_lockout_records():
    worker = member(Role.SOCIAL_WORKER)
    session = from_address("203.0.113.66")
    session.raw = False
    session.force_login(worker)
    session.post(
        reverse("password_change"),
        {"old_password": "ancien-secret", "new_password1": NEW_PASSWORD, "new_password2": "x"},
    )
    stored = AccessAttempt.objects.get().post_data
    assert "ancien-secret" not in stored
    assert NEW_PASSWORD not in stored


def test_wrong_passwords_on_the_reauthentication_are_counted(client, world):
    client.force_login(world.users.social_worker)
    for _attempt in range(9):
        client.post(reverse("security:reauth"), {"password": WRONG, "token": "123456"})
    locked = client.post(reverse("security:reauth"), {"password": WRONG, "token": "123456"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_reset_link_sets_a_password_once(mailoutbox):
    worker = member(Role.SOCIAL_WORKER)
    browser = from_address("198.51.100.7")
    sent = browser.post(reverse("password_reset"), {"email": worker.email.upper()})
    assert sent.status_code == 302
    assert sent["Location"] == reverse("password_reset_done")
    assert mailoutbox[-1].to == [worker.email]
    link = _reset_link(mailoutbox)
    form_page = browser.get(link, follow=True)
    assert form_page.context["validlink"]
    browser.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    worker.refresh_from_db()
    assert worker.check_password(NEW_PASSWORD)
    # The reset signed in with the password only: the second factor comes next.
    assert browser.get(reverse("home"))["Location"].startswith(reverse("security:otp_verify"))
    again = from_address("198.51.100.8").get(link, follow=True)
    assert again.context["validlink"] is False
    assert "Ce lien n’est plus valable" in again.content.decode()


def test_a_reset_link_expires_after_one_hour(settings, monkeypatch):
    assert settings.PASSWORD_RESET_TIMEOUT == 3600
    worker = member(Role.SOCIAL_WORKER)
    token = default_token_generator.make_token(worker)
    made = dt.datetime.now()

    def later(minutes):
        monkeypatch.setattr(
            PasswordResetTokenGenerator, "_now", lambda self: made + dt.timedelta(minutes=minutes)
        )

    later(59)
    assert default_token_generator.check_token(worker, token)
    later(61)
    assert not default_token_generator.check_token(worker, token)
    uid = urlsafe_base64_encode(force_bytes(worker.pk))
    page = from_address("198.51.100.7").get(
        reverse("password_reset_confirm", args=[uid, token]), follow=True
    )
    assert page.context["validlink"] is False


def test_a_reset_answers_the_same_whether_or_not_the_address_exists(mailoutbox):
    worker = member(Role.SOCIAL_WORKER)
    known = from_address("198.51.100.7").post(reverse("password_reset"), {"email": worker.email})
    unknown = from_address("198.51.100.8").post(
        reverse("password_reset"), {"email": "personne@inconnu.fr"}
    )
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mailoutbox) == 1
    page = from_address("198.51.100.8").get(reverse("password_reset_done"))
    assert "Si un compte actif utilise cette adresse" in page.content.decode()


def test_reset_requests_are_counted_by_the_lockout(mailoutbox):
    """Asking links for one address again and again is stopped like wrong passwords."""
    worker = member(Role.SOCIAL_WORKER)
    spammer = from_address("203.0.113.66")
    answers = [
        spammer.post(reverse("password_reset"), {"email": worker.email}).status_code
        for _attempt in range(11)
    ]
    assert answers[:9] == [302] * 9
    assert answers[-1] == 429
    assert len(mailoutbox) == 9


def test_a_bad_address_on_the_reset_form_is_a_400_in_french():
    page = from_address("198.51.100.7").post(reverse("password_reset"), {"email": "pas-une"})
    assert page.status_code == 400
    assert "Saisissez une adresse e-mail valide" in page.content.decode()


def test_the_first_enrolment_offers_an_otpauth_link_as_well_as_the_qr_code(raw_client, mailoutbox):
    worker = member(Role.SOCIAL_WORKER)
    login(raw_client, worker)
    raw_client.post(reverse("security:otp_setup"), {"envoyer": "1"})
    code = next(line for line in mailoutbox[-1].body.splitlines() if line.startswith("Code")).split(
        ": "
    )[1]
    raw_client.post(reverse("security:otp_setup"), {"courriel-token": code})
    page = raw_client.get(reverse("security:otp_setup")).content.decode()
    assert "data:image/svg+xml" in page
    assert 'href="otpauth://totp/' in page
