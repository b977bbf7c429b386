"""TOTP devices (django-otp): enrolment, verification, and the QR code of the enrolment."""

from base64 import b32encode

import segno
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Application d'authentification"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


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


def check_code(device: TOTPDevice, token: str) -> str | None:
    """None when the code is right; otherwise the French reason for refusing it.
    django-otp refuses a code already used and doubles the wait after each failure."""
    allowed, data = device.verify_is_allowed()
    if not allowed:
        wait = data.get("locked_until") if data else None
        seconds = max(1, int((wait - timezone.now()).total_seconds())) if wait else 1
        return _("Trop d'essais : patientez %(n)s s avant un nouveau code.") % {"n": seconds}
    if not token.isdigit() or not device.verify_token(token):
        return _("Code incorrect ou expiré : saisissez le code affiché maintenant.")
    return None


def secret_for_humans(device: TOTPDevice) -> str:
    """The key to type by hand, in groups of four letters."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code, inline (img-src allows data:)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)
