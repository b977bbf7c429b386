"""issue 8: strong authentication. A second factor for every account that reads personal
data, lockout after 10 failures, sessions that end, re-authentication before exports."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerships.enums import Role
from partnerships.models import UserSession
from partnerships.security.policy import AUTH_AT, LAST_SEEN, LOGIN_AT, needs_second_factor
from tests.partnerships.factories import PASSWORD, UserFactory, member

pytestmark = pytest.mark.django_db

HOME = "/"


def password_login(client, user, password=PASSWORD):
    return client.post(reverse("login"), {"username": user.email, "password": password})


def device_of(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)


@pytest.mark.parametrize(
    "role",
    [Role.SOCIAL_WORKER, Role.VOLUNTEER, Role.COORDINATOR, Role.DIRECTOR, Role.DEPARTMENT_STAFF],
)
def test_every_role_that_reads_personal_data_must_give_a_second_factor(role):
    assert needs_second_factor(member(role))


def test_superuser_must_give_a_second_factor():
    assert needs_second_factor(UserFactory(is_superuser=True, is_staff=True))


def test_signatory_partner_logs_in_with_the_password_alone(raw_client):
    partner = member(Role.SIGNATORY_PARTNER)
    assert not needs_second_factor(partner)
    password_login(raw_client, partner)
    assert raw_client.get(HOME).status_code == 200


def test_password_alone_leads_to_the_code_step_not_to_the_data(raw_client):
    worker = member(Role.SOCIAL_WORKER)
    device_of(worker)
    response = password_login(raw_client, worker)
    assert response.status_code == 302
    response = raw_client.get(reverse("households:household_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("security:otp_verify"))
    assert "next=%2Fmenages%2F" in response["Location"]


def test_wrong_code_is_refused_and_the_data_stays_closed(raw_client, code):
    worker = member(Role.SOCIAL_WORKER)
    device = device_of(worker)
    password_login(raw_client, worker)
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    response = raw_client.post(reverse("security:otp_verify"), {"token": wrong})
    assert response.status_code == 200
    assert "Code incorrect ou expiré" in response.content.decode()
    assert raw_client.get(reverse("households:household_list")).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_right_code_opens_the_session(raw_client, code):
    worker = member(Role.SOCIAL_WORKER)
    device = device_of(worker)
    password_login(raw_client, worker)
    response = raw_client.post(
        reverse("security:otp_verify"), {"token": code(device), "next": "/menages/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/menages/"
    assert raw_client.get("/menages/").status_code == 200


def test_the_request_s_user_is_resolved_once_with_its_second_factor(raw_client, code):
    """partnerships.security.middleware.OTPMiddleware: request.user is the user itself, not
    two lazy proxies (issue 15), and still says whether the code was given."""
    worker = member(Role.SOCIAL_WORKER)
    device = device_of(worker)
    password_login(raw_client, worker)
    before = raw_client.get("/menages/")
    assert type(before.wsgi_request.user) is type(worker)
    assert before.wsgi_request.user.is_verified() is False and before.status_code == 302
    raw_client.post(reverse("security:otp_verify"), {"token": code(device), "next": "/"})
    after = raw_client.get("/menages/")
    user = after.wsgi_request.user
    assert type(user) is type(worker) and user.pk == worker.pk
    assert user.is_verified() is True and user.otp_device == device
    assert after.status_code == 200


def test_a_code_is_refused_the_second_time(raw_client, code):
    worker = member(Role.SOCIAL_WORKER)
    device = device_of(worker)
    token = code(device)
    assert device.verify_token(token)
    password_login(raw_client, worker)
    response = raw_client.post(reverse("security:otp_verify"), {"token": token})
    assert "Code incorrect ou expiré" in response.content.decode()


def _mail_code(mailbox) -> str:
    body = mailbox[-1].body
    return next(line for line in body.splitlines() if line.startswith("Code")).split(": ")[1]


def test_first_login_enrols_an_authenticator_with_a_first_code(raw_client, code, mailoutbox):
    worker = member(Role.DIRECTOR)
    password_login(raw_client, worker)
    response = raw_client.get(reverse("security:otp_verify"))
    assert response["Location"].startswith(reverse("security:otp_setup"))
    # Step 1: the password alone shows no QR code; a code goes to the account's address.
    page = raw_client.get(reverse("security:otp_setup"))
    assert page.status_code == 200
    assert b"data:image/svg+xml" not in page.content
    assert not TOTPDevice.objects.filter(user=worker).exists()
    raw_client.post(reverse("security:otp_setup"), {"envoyer": "1"})
    assert mailoutbox[-1].to == [worker.email]
    raw_client.post(reverse("security:otp_setup"), {"courriel-token": _mail_code(mailoutbox)})
    # Step 2: the authenticator, confirmed with a first code of its own.
    page = raw_client.get(reverse("security:otp_setup"))
    assert b"data:image/svg+xml" in page.content
    pending = TOTPDevice.objects.get(user=worker, confirmed=False)
    refused = raw_client.post(reverse("security:otp_setup"), {"token": "000000"})
    assert refused.status_code == 200
    assert not TOTPDevice.objects.filter(user=worker, confirmed=True).exists()
    pending.throttle_reset()
    done = raw_client.post(reverse("security:otp_setup"), {"token": code(pending)})
    assert done.status_code == 302
    assert TOTPDevice.objects.get(user=worker).confirmed
    assert raw_client.get(HOME).status_code == 200
    # The owner hears of the activation, and the e-mail side channel is gone.
    assert "double authentification activée" in mailoutbox[-1].subject
    assert not EmailDevice.objects.filter(user=worker).exists()


def test_password_alone_cannot_enrol_an_authenticator(raw_client, mailoutbox):
    """issue 8 (France Travail, 2026: accounts taken over with stolen passwords): who knows
    only the password cannot register their own authenticator on the account."""
    worker = member(Role.SOCIAL_WORKER)
    password_login(raw_client, worker)
    raw_client.post(reverse("security:otp_setup"), {"envoyer": "1"})
    wrong = raw_client.post(reverse("security:otp_setup"), {"courriel-token": "123456"})
    assert "Code incorrect ou expiré" in wrong.content.decode()
    # A TOTP code of a device the attacker made up is not even looked at.
    attempt = raw_client.post(reverse("security:otp_setup"), {"token": "123456"})
    assert b"data:image/svg+xml" not in attempt.content
    assert not TOTPDevice.objects.filter(user=worker).exists()
    assert raw_client.get(HOME).status_code == 302


def test_enrolment_code_cannot_be_asked_again_within_a_minute(raw_client, mailoutbox):
    worker = member(Role.VOLUNTEER)
    password_login(raw_client, worker)
    raw_client.post(reverse("security:otp_setup"), {"envoyer": "1"})
    again = raw_client.post(reverse("security:otp_setup"), {"envoyer": "1"}, follow=True)
    assert len(mailoutbox) == 1
    assert "patientez" in again.content.decode()


def test_the_enrolment_mail_device_never_verifies_a_login(raw_client, mailoutbox):
    """The e-mail code proves the mailbox at enrolment only: it is no second factor."""
    worker = member(Role.SOCIAL_WORKER)
    device_of(worker)
    password_login(raw_client, worker)
    mail_device = EmailDevice.objects.create(user=worker, name="x", confirmed=False)
    mail_device.generate_challenge()
    response = raw_client.post(reverse("security:otp_verify"), {"token": _mail_code(mailoutbox)})
    assert "Code incorrect ou expiré" in response.content.decode()
    assert raw_client.get(HOME).status_code == 302


def test_axes_locks_the_account_after_ten_failures_from_one_address(raw_client, settings):
    assert settings.AXES_FAILURE_LIMIT == 10
    worker = member(Role.SOCIAL_WORKER)
    for _attempt in range(10):
        response = password_login(raw_client, worker, password="pas-le-bon-mot-de-passe")
        assert response.status_code in (200, 429)
    locked = password_login(raw_client, worker)  # even the right password
    assert locked.status_code == 429
    assert "Connexion bloquée" in locked.content.decode()
    assert "_auth_user_id" not in raw_client.session


def test_one_locked_account_does_not_lock_a_colleague_behind_the_same_proxy(raw_client):
    victim, colleague = member(Role.SOCIAL_WORKER), member(Role.SOCIAL_WORKER)
    for _attempt in range(10):
        password_login(raw_client, victim, password="pas-le-bon-mot-de-passe")
    other = Client()
    other.raw = True
    response = password_login(other, colleague)
    assert response.status_code == 302
    assert "_auth_user_id" in other.session


@pytest.mark.parametrize(
    "password",
    ["court-2026", "motdepasse123", "123456789012", "azertyuiopqs"],
)
def test_short_or_common_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted_and_the_limit_is_twelve_characters():
    # It used to call the validators and assert nothing.
    password = "Bassin-minier-Lens-2026!"
    assert validate_password(password) is None
    assert validate_password(password[:12]) is None
    with pytest.raises(ValidationError, match="au minimum 12 caractères"):
        validate_password(password[:11])


def _age_session(client, key, seconds):
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def test_session_ends_after_30_minutes_idle(client):
    worker = member(Role.SOCIAL_WORKER)
    client.force_login(worker)
    assert client.get(HOME).status_code == 200
    _age_session(client, LAST_SEEN, 31 * 60)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_session_still_open_after_29_minutes_idle(client):
    client.force_login(member(Role.SOCIAL_WORKER))
    _age_session(client, LAST_SEEN, 29 * 60)
    assert client.get(HOME).status_code == 200


def test_session_ends_12_hours_after_login_even_when_active(client):
    client.force_login(member(Role.SOCIAL_WORKER))
    _age_session(client, LOGIN_AT, 12 * 3600 + 1)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_sees_their_sessions_and_ends_another_one():
    worker = member(Role.SOCIAL_WORKER)
    laptop, phone = Client(), Client()
    laptop.force_login(worker)
    phone.force_login(worker)
    page = laptop.get(reverse("security:sessions"))
    assert page.status_code == 200
    assert len(page.context["sessions"]) == 2
    other = UserSession.objects.exclude(session_key=laptop.session.session_key).get()
    response = laptop.post(reverse("security:session_revoke", args=[other.pk]))
    assert response.status_code == 302
    assert UserSession.objects.filter(user=worker).count() == 1
    ended = phone.get(HOME)
    assert ended.status_code == 302
    assert ended["Location"].startswith(reverse("login"))
    assert laptop.get(HOME).status_code == 200


def test_ending_all_other_sessions_keeps_the_current_one():
    worker = member(Role.DIRECTOR)
    clients = [Client() for _ in range(3)]
    for each in clients:
        each.force_login(worker)
    clients[0].post(reverse("security:session_revoke_others"))
    assert UserSession.objects.filter(user=worker).count() == 1
    assert clients[0].get(HOME).status_code == 200
    assert clients[1].get(HOME).status_code == 302


def test_the_session_of_another_user_is_404(client):
    mine, theirs = member(Role.SOCIAL_WORKER), member(Role.SOCIAL_WORKER)
    other = Client()
    other.force_login(theirs)
    client.force_login(mine)
    record = UserSession.objects.get(user=theirs)
    response = client.post(reverse("security:session_revoke", args=[record.pk]))
    assert response.status_code == 404
    assert UserSession.objects.filter(pk=record.pk).exists()
    assert other.get(HOME).status_code == 200


def test_logout_removes_the_session_from_the_list(client):
    worker = member(Role.SOCIAL_WORKER)
    client.force_login(worker)
    assert UserSession.objects.filter(user=worker).count() == 1
    client.post(reverse("logout"))
    assert not UserSession.objects.filter(user=worker).exists()


def test_reauthentication_asks_password_and_code_again(client, household, world, code):
    director = world.users.director
    client.force_login(director)
    url = reverse("rgpd:access_json", args=[household.pk])
    assert client.get(url).status_code == 200
    _age_session(client, AUTH_AT, 16 * 60)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("security:reauth"))
    device = TOTPDevice.objects.get(user=director)
    wrong = client.post(
        reverse("security:reauth"),
        {"password": "pas-le-bon", "token": code(device, offset=1), "next": url},
    )
    assert wrong.status_code == 200
    assert "Mot de passe incorrect" in wrong.content.decode()
    right = client.post(
        reverse("security:reauth"),
        {"password": PASSWORD, "token": code(device, offset=1), "next": url},
    )
    assert right.status_code == 302
    assert right["Location"] == url
    assert client.get(url).status_code == 200


def test_reauthentication_refuses_a_redirect_to_another_site(client, world):
    client.force_login(world.users.director)
    response = client.post(
        reverse("security:reauth"),
        {"password": PASSWORD, "next": "https://example.com/"},
    )
    # The director has a device: without the code the form is refused, nothing redirects.
    assert response.status_code == 200


def test_a_stale_session_must_confirm_before_exporting_households(client, world):
    client.force_login(world.users.social_worker)
    _age_session(client, AUTH_AT, 16 * 60)
    response = client.get(reverse("households:household_export"), {"format": "csv"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("security:reauth"))


def test_a_stale_session_must_confirm_before_changing_bank_details(client, world):
    from tests.funding.factories import GrantFactory

    grant = GrantFactory(funder=world.orgs.department)  # the agent's own Département funds it
    iban = grant.iban
    client.force_login(world.users.staff)
    _age_session(client, AUTH_AT, 16 * 60)
    page = reverse("funding:grant_detail", args=[grant.pk])
    response = client.post(
        reverse("funding:grant_bank_details", args=[grant.pk]),
        {"iban": "FR1420041010050500013M02606", "bic": "PSSTFRPPLIL"},
        HTTP_REFERER=f"http://testserver{page}",
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("security:reauth"))
    assert "financements%2Fparticipations" in response["Location"]
    grant.refresh_from_db()
    assert grant.iban == iban


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("rgpd:anonymise", "post"),
        ("rgpd:access_json", "get"),
        ("rgpd:access_pdf", "get"),
        ("households:household_file", "get"),
    ],
)
def test_another_organisation_gets_404_not_a_password_prompt(
    client, world, household, name, method
):
    """The perimeter answers before the re-authentication: a stale session of another
    organisation learns nothing, not even that the household exists."""
    client.force_login(world.users.outsider_director)
    _age_session(client, AUTH_AT, 16 * 60)
    response = getattr(client, method)(reverse(name, args=[household.pk]))
    assert response.status_code == 404


def test_bank_details_of_another_organisation_are_a_404_even_on_a_stale_session(client, world):
    from tests.funding.factories import GrantFactory

    grant = GrantFactory()
    client.force_login(world.users.outsider_director)
    _age_session(client, AUTH_AT, 16 * 60)
    response = client.post(
        reverse("funding:grant_bank_details", args=[grant.pk]),
        {"iban": "FR1420041010050500013M02606", "bic": "PSSTFRPPLIL"},
    )
    assert response.status_code == 404


def test_headers_forbid_inline_scripts_framing_and_sniffing(client, world):
    client.force_login(world.users.social_worker)
    response = client.get(HOME, secure=True)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert len(response["X-Request-ID"]) == 32
    assert "max-age=31536000" in response["Strict-Transport-Security"]


def test_check_deploy_is_clean_with_production_settings():
    import os
    import secrets
    import subprocess
    import sys
    from pathlib import Path

    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "maillage.example.fr",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for themselves
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_an_expired_session_reloads_the_whole_page_under_htmx(client):
    client.force_login(member(Role.SOCIAL_WORKER))
    _age_session(client, LAST_SEEN, 31 * 60)
    response = client.get(HOME, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_a_stale_export_comes_back_as_a_file_page_with_the_way_back(client, world, code):
    """issue 18: the re-authentication of an export keeps the page on screen (« Identité
    confirmée »), asks for the file itself and leads back to the list, never to another site."""
    worker = world.users.social_worker
    client.force_login(worker)
    _age_session(client, AUTH_AT, 16 * 60)
    export = reverse("households:project_export") + "?format=csv"
    listing = "http://testserver" + reverse("households:project_list")
    response = client.get(export, HTTP_REFERER=listing)
    assert response.status_code == 302
    location = response["Location"]
    assert "fichier=1" in location and "retour=" in location
    form = client.get(location)
    assert 'name="fichier" value="1"' in form.content.decode()
    device = TOTPDevice.objects.get(user=worker)
    done = client.post(
        reverse("security:reauth"),
        {
            "password": PASSWORD,
            "token": code(device, offset=1),
            "next": export,
            "fichier": "1",
            "retour": "https://example.com/",
        },
    )
    assert done.status_code == 200
    html = done.content.decode()
    assert "Identité confirmée" in html
    assert f'content="0;url={export.replace("&", "&amp;")}"' in html
    assert "example.com" not in html
    assert client.get(export)["Content-Disposition"].startswith("attachment")
