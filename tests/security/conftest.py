"""The world of the household tests (tests/households/conftest.py), and TOTP helpers."""

import time

import pytest
from django_otp.oath import TOTP

from tests.households.conftest import asrl_project, household, joint_project, world  # noqa: F401


def code_for(device, *, offset: int = 0) -> str:
    """The code an authenticator app shows now (offset: steps later) for the device."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def code():
    return code_for
