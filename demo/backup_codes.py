"""Backup codes for the demonstration accounts only (django-otp static tokens).

Trying five roles should not need five authenticator enrolments: each demo account that must
give a second factor gets single-use codes of 8 digits, printed by `load_demo`. A real
account never gets any (nothing else creates a StaticDevice): it enrols an application.
"""

import secrets

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from partnerships.security.forms import BACKUP_CODE_LENGTH
from partnerships.security.policy import needs_second_factor

DEVICE_NAME = "Codes de secours (démonstration)"
CODES_PER_ACCOUNT = 5


def new_code() -> str:
    return f"{secrets.randbelow(10**BACKUP_CODE_LENGTH):0{BACKUP_CODE_LENGTH}d}"


def demo_codes(user) -> tuple[str, ...]:
    """The account's unused codes, topped up to CODES_PER_ACCOUNT; none when the account
    logs in with the password alone. Codes already printed stay valid until used."""
    if not needs_second_factor(user):
        return ()
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=DEVICE_NAME, defaults={"confirmed": True}
    )
    tokens = list(device.token_set.order_by("pk").values_list("token", flat=True))
    while len(tokens) < CODES_PER_ACCOUNT:
        code = new_code()
        if code not in tokens:
            StaticToken.objects.create(device=device, token=code)
            tokens.append(code)
    return tuple(tokens)
