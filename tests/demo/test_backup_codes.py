"""Backup codes of the demonstration accounts (issue 18 item 10): five roles are tried without
five authenticator enrolments; a real account keeps the full enrolment."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice

from demo import data
from demo.loader import load_demo
from partnerships.enums import Role
from partnerships.models import User
from tests.partnerships.factories import PASSWORD, member

pytestmark = pytest.mark.django_db

HOUSEHOLDS = "/menages/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def summary(demo_once, db):
    return demo_once


def codes_of(summary, email) -> tuple[str, ...]:
    return next(login.codes for login in summary.logins if login.email == email)


def login_step(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_a_demo_user_logs_in_with_the_password_and_a_printed_code(raw_client, summary):
    email = "travailleur.social.artois@maillage.test"
    code = codes_of(summary, email)[0]
    login_step(raw_client, email, data.PASSWORD)
    assert raw_client.get(HOUSEHOLDS).status_code == 302  # the code step first

    response = raw_client.post(reverse("security:otp_verify"), {"token": code, "next": HOUSEHOLDS})

    assert response.status_code == 302
    assert response["Location"] == HOUSEHOLDS
    assert raw_client.get(HOUSEHOLDS).status_code == 200


def test_a_backup_code_serves_only_once(raw_client, client, summary):
    email = "coordinateur@maillage.test"
    code = codes_of(summary, email)[0]
    login_step(raw_client, email, data.PASSWORD)
    raw_client.post(reverse("security:otp_verify"), {"token": code})
    raw_client.post(reverse("logout"))

    login_step(raw_client, email, data.PASSWORD)
    response = raw_client.post(reverse("security:otp_verify"), {"token": code})

    assert response.status_code == 200
    assert "déjà utilisé" in response.content.decode()
    assert raw_client.get(HOUSEHOLDS).status_code == 302


def test_a_wrong_code_is_refused_and_counted(raw_client, summary):
    email = "directeur@maillage.test"
    codes = codes_of(summary, email)
    wrong = next(f"{n:08d}" for n in range(100) if f"{n:08d}" not in codes)
    login_step(raw_client, email, data.PASSWORD)

    response = raw_client.post(reverse("security:otp_verify"), {"token": wrong})

    assert "Code de secours incorrect" in response.content.decode()
    device = StaticDevice.objects.get(user__email=email)
    assert device.throttling_failure_count == 1
    assert device.token_set.count() == len(codes)


def test_every_demo_account_with_a_second_factor_has_five_codes(summary):
    for login in summary.logins:
        if login.email == "partenaire@maillage.test":
            assert login.codes == ()  # a signatory partner logs in with the password alone
        else:
            assert len(login.codes) == 5 and len(set(login.codes)) == 5, login.email
            assert all(len(code) == 8 and code.isdigit() for code in login.codes)


def test_loading_again_keeps_the_unused_codes_and_replaces_the_used_one(summary):
    email = "benevole@maillage.test"
    first = codes_of(summary, email)
    device = StaticDevice.objects.get(user__email=email)
    assert device.verify_token(first[0])

    again = codes_of(load_demo(), email)

    assert again[:4] == first[1:]
    assert len(again) == 5 and first[0] not in again


def test_a_real_account_gets_no_backup_code_and_must_enrol(raw_client, summary):
    real = member(Role.SOCIAL_WORKER)

    assert not StaticDevice.objects.filter(user=real).exists()
    with_codes = [login for login in summary.logins if login.codes]
    assert StaticDevice.objects.filter(user__email__endswith="@maillage.test").count() == len(
        with_codes
    )
    assert not StaticDevice.objects.exclude(user__email__endswith="@maillage.test").exists()
    login_step(raw_client, real.email, PASSWORD)
    response = raw_client.get(reverse("security:otp_verify"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("security:otp_setup"))
    # Another account's code does not open this one.
    code = codes_of(summary, "travailleur.social@maillage.test")[0]
    response = raw_client.post(reverse("security:otp_verify"), {"token": code})
    assert raw_client.get(HOUSEHOLDS).status_code == 302


def test_the_command_prints_the_codes():
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    printed = out.getvalue()
    assert "Codes de secours" in printed
    codes_part = printed.split("Codes de secours", 1)[1].splitlines()
    for device in StaticDevice.objects.all():
        user = User.objects.get(pk=device.user_id)
        line = next(line for line in codes_part if line.strip().startswith(user.email))
        assert all(t in line for t in device.token_set.values_list("token", flat=True))
