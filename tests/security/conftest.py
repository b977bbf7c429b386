"""Security scenarios on the shared world (tests/world.py), and TOTP helpers."""

import datetime as dt
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.oath import TOTP

from households import services
from households.enums import ClosureOutcome, DocumentKind
from tests.households.factories import ContactFactory, MemberFactory, ReviewFactory


def code_for(device, *, offset: int = 0) -> str:
    """The code an authenticator app shows now (offset: steps later) for the device."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def code():
    return code_for


LAST_CONTACT = dt.date(2024, 3, 15)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def ended(world, asrl_project):
    """A household whose ASRL accompaniment closed, last seen on 15 March 2024."""
    closed = asrl_project.household
    MemberFactory(household=closed, first_name="Zéphirine", last_name="Tartempion")
    MemberFactory(household=closed, child=True, first_name="Léo", last_name="Tartempion")
    ContactFactory(
        project=asrl_project,
        author=world.users.social_worker,
        happened_on=LAST_CONTACT,
        summary="Visite à domicile",
        confidential_note="Violences conjugales signalées",
    )
    ReviewFactory(
        project=asrl_project, author=world.users.social_worker, held_on=dt.date(2024, 1, 2)
    )
    services.project_close(
        project=asrl_project,
        by=world.users.social_worker,
        closed_on=dt.date(2024, 3, 1),
        outcome=ClosureOutcome.HOUSED,
        comment="Relogée à Arras",
    )
    asrl_project.refresh_from_db()
    services.document_upload(
        household=closed,
        by=world.users.social_worker,
        kind=DocumentKind.IDENTITY,
        title="Carte d'identité",
        upload=SimpleUploadedFile("cni.pdf", PDF),
    )
    return closed
