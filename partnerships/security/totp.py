"""TOTP devices (django-otp): enrolment, verification, and the QR code of the enrolment.

The first enrolment needs more than the password: a one-time code sent to the account's own
e-mail address (django-otp's EmailDevice, kept unconfirmed so it never serves to log in). Who
stole a password alone cannot register their own authenticator on the account (issue 8).
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Application d'authentification"
ENROLMENT_DEVICE_NAME = "Vérification de l'adresse à l'activation"
# Session key: the pk of the user whose mailbox was proven for this enrolment.
MAILBOX_PROVEN = "otp_enrolment_mailbox_proven"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def backup_device(user) -> StaticDevice | None:
    """Single-use backup codes (django-otp static tokens). Only the demonstration accounts
    have them (demo/backup_codes.py): a real account always enrols an authenticator."""
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user) -> TOTPDevice:
    """The device being enrolled: one per user, kept until confirmed by a first code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def confirm(device: TOTPDevice) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    EmailDevice.objects.filter(user=device.user, confirmed=False).delete()


def check_code(device: TOTPDevice | EmailDevice | StaticDevice, token: str) -> str | None:
    """None when the code is right; otherwise the French reason for refusing it.
    django-otp refuses a code already used and doubles the wait after each failure; a backup
    code is deleted once used."""
    allowed, data = device.verify_is_allowed()
    if not allowed:
        wait = data.get("locked_until") if data else None
        seconds = max(1, int((wait - timezone.now()).total_seconds())) if wait else 1
        return _("Trop d'essais : patientez %(n)s s avant un nouveau code.") % {"n": seconds}
    if not token.isdigit() or not device.verify_token(token):
        if isinstance(device, EmailDevice):
            return _("Code incorrect ou expiré : saisissez le dernier code reçu par e-mail.")
        if isinstance(device, StaticDevice):
            return _("Code de secours incorrect ou déjà utilisé : chaque code ne sert qu'une fois.")
        return _("Code incorrect ou expiré : saisissez le code affiché maintenant.")
    return None


def secret_for_humans(device: TOTPDevice) -> str:
    """The key to type by hand, in groups of four letters."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code, inline (img-src allows data:)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def enrolment_mail_device(user) -> EmailDevice:
    """The side channel of the enrolment: never confirmed, so never a way to log in."""
    device = EmailDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = EmailDevice.objects.create(user=user, name=ENROLMENT_DEVICE_NAME, confirmed=False)
    return device


def send_enrolment_code(device: EmailDevice) -> str | None:
    """Send a code to the account's address; None when sent, else why not (in French)."""
    allowed, data = device.generate_is_allowed()
    if not allowed:
        wait = data.get("next_generation_at") if data else None
        seconds = max(1, int((wait - timezone.now()).total_seconds())) if wait else 60
        return _(
            "Un code vient d'être envoyé : patientez %(n)s s avant d'en demander un autre."
        ) % {"n": seconds}
    device.generate_challenge()
    return None


def masked_address(email: str) -> str:
    """« c•••@maillage.test »: enough to recognise one's address, not to learn it."""
    name, _at, domain = email.partition("@")
    return f"{name[:1]}•••@{domain}"


def mailbox_proven(request) -> bool:
    return request.session.get(MAILBOX_PROVEN) == request.user.pk


def prove_mailbox(request) -> None:
    request.session[MAILBOX_PROVEN] = request.user.pk


def tell_enrolled(user) -> None:
    """The account's owner hears of every activation: one they did not do is an alarm."""
    send_mail(
        _("Maillage : double authentification activée"),
        render_to_string("registration/email/enrolment_done.txt", {"when": timezone.now()}),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
