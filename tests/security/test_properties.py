"""issue 8: property-based tests (hypothesis) of what takes money, dates and uploads: for
any input, a clear refusal or a correct result; never a crash, never half-stored data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from common.dates import add_months, term_end
from common.validators import validate_iban
from funding.forms import BankDetailsForm, ReimbursementForm
from funding.services import split_amount
from households import services
from households.enums import DocumentKind, HelpPurpose
from households.forms import HelpForm
from households.models import Document, FinancialHelp
from households.services import SIGNATURES, HouseholdError, detect_format

DB = hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
amounts = st.decimals(
    min_value=Decimal("-1000000000000"),
    max_value=Decimal("1000000000000"),
    allow_nan=False,
    allow_infinity=False,
    places=2,
)


class Rollback(Exception):
    """Ends one example's savepoint: each example starts from the same data."""


@given(amount=st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2))
def test_the_70_30_split_always_sums_to_the_year(amount):
    # seed 001 art. 4.2: the shares of a year sum exactly to the year's amount.
    parts = split_amount(amount, [Decimal("0.70"), Decimal("0.30")])
    assert sum(parts) == amount
    assert all(part.as_tuple().exponent >= -2 for part in parts)
    assert parts[0] == (amount * Decimal("0.70")).quantize(Decimal("0.01"), "ROUND_HALF_UP")


@given(
    day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
    months=st.integers(min_value=0, max_value=600),
)
def test_adding_months_lands_in_the_right_month_never_past_its_end(day, months):
    later = add_months(day, months)
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day <= day.day
    assert term_end(day, months) == later - dt.timedelta(days=1)


@given(head=st.binary(max_size=64))
def test_a_file_type_comes_from_its_first_bytes_only(head):
    detected = detect_format(head)
    known = [s for s in SIGNATURES if head.startswith(s[0])]
    assert (detected is None) == (not known)


@given(amount=st.one_of(amounts, st.text(max_size=20)))
def test_the_reimbursement_form_accepts_only_positive_amounts_to_the_cent(amount):
    form = ReimbursementForm(
        {"amount": str(amount), "reason": "not_carried_out", "claimed_on": "2024-06-01"}
    )
    if form.is_valid():
        value = form.cleaned_data["amount"]
        assert value > 0
        assert value.as_tuple().exponent >= -2
        assert len(value.as_tuple().digits) <= 12
    else:
        assert form.errors


@given(iban=st.text(alphabet="FR0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ ", max_size=40))
def test_the_bank_details_form_never_accepts_a_bad_checksum(iban):
    form = BankDetailsForm({"iban": iban, "bic": "PSSTFRPPLIL", "account_holder": "FAS"})
    if form.is_valid():
        validate_iban(form.cleaned_data["iban"])  # mod-97 holds on what was accepted


@pytest.mark.django_db
@DB
@given(amount=st.one_of(amounts, st.text(max_size=15)))
def test_a_financial_help_is_stored_only_when_its_amount_is_valid(world, asrl_project, amount):
    before = FinancialHelp.objects.count()
    form = HelpForm(
        {
            "purpose": HelpPurpose.ENERGY,
            "amount_requested": str(amount),
            "payer": world.orgs.chrs.pk,
        },
        project=asrl_project,
    )
    try:
        with transaction.atomic():
            if form.is_valid():
                help_ = services.help_request(
                    project=asrl_project, by=world.users.social_worker, **form.cleaned_data
                )
                help_.refresh_from_db()
                assert help_.amount_requested == form.cleaned_data["amount_requested"]
                assert help_.amount_requested > 0
            else:
                assert FinancialHelp.objects.count() == before
            raise Rollback
    except Rollback:
        pass


@pytest.mark.django_db
@DB
@given(content=st.binary(max_size=2048), title=st.text(min_size=1, max_size=200))
def test_an_upload_is_stored_only_when_its_content_is_a_pdf_png_or_jpeg(
    world, household, content, title
):
    upload = SimpleUploadedFile("photo.pdf", content)  # the name says nothing
    try:
        with transaction.atomic():
            try:
                document = services.document_upload(
                    household=household,
                    by=world.users.social_worker,
                    kind=DocumentKind.OTHER,
                    title=title,
                    upload=upload,
                )
            except HouseholdError:
                assert detect_format(content[:16]) is None
                assert not Document.objects.exists()
            else:
                assert detect_format(content[:16]) is not None
                assert document.content_type == detect_format(content[:16])[0]
                assert document.file.read() == content
                document.file.close()
                document.file.delete(save=False)
            raise Rollback
    except Rollback:
        pass


@pytest.mark.django_db
@DB
@given(size=st.integers(min_value=0, max_value=4096))
def test_an_upload_over_the_size_limit_is_refused(world, household, size, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    upload = SimpleUploadedFile("contrat.pdf", b"%PDF-1.4\n" + b"0" * size)
    try:
        with transaction.atomic():
            try:
                document = services.document_upload(
                    household=household,
                    by=world.users.social_worker,
                    kind=DocumentKind.CONTRACT,
                    title="Contrat",
                    upload=upload,
                )
            except HouseholdError as error:
                assert upload.size > 1024
                assert "taille maximale" in error.messages[0]
            else:
                assert document.size <= 1024
                document.file.delete(save=False)
            raise Rollback
    except Rollback:
        pass
