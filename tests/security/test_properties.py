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


# Contents that start with each known signature as often as with anything else: a strategy
# of random bytes alone would almost never draw a PDF, a PNG or a JPEG.
contents = st.one_of(
    st.binary(max_size=2048),
    st.tuples(st.sampled_from([s[0] for s in SIGNATURES]), st.binary(max_size=2048)).map(
        lambda parts: parts[0] + parts[1]
    ),
)


@given(head=contents)
def test_a_file_type_comes_from_its_first_bytes_only(head):
    detected = detect_format(head)
    known = [s for s in SIGNATURES if head.startswith(s[0])]
    assert detected == (known[0][1:] if known else None)


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


def french_iban(bank: str, branch: str, account: str) -> str:
    """A French IBAN with its RIB key and its ISO 13616 check digits (mod 97)."""
    rib_key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    bban = f"{bank}{branch}{account}{rib_key:02d}"
    check = 98 - int(bban + "152700") % 97  # "FR00" moved to the end, F=15, R=27
    return f"FR{check:02d}{bban}"


ibans = st.builds(
    french_iban,
    st.text(alphabet="0123456789", min_size=5, max_size=5),
    st.text(alphabet="0123456789", min_size=5, max_size=5),
    st.text(alphabet="0123456789", min_size=11, max_size=11),
)


def bank_details(iban: str) -> BankDetailsForm:
    return BankDetailsForm({"iban": iban, "bic": "PSSTFRPPLIL", "account_holder": "FAS"})


@given(iban=ibans, spaced=st.booleans())
def test_the_bank_details_form_accepts_every_valid_iban_written_either_way(iban, spaced):
    # It used to draw random text, almost never a valid IBAN, and assert nothing otherwise.
    written = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)) if spaced else iban
    form = bank_details(written.lower() if spaced else written)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["iban"] == iban


@given(iban=ibans, position=st.integers(min_value=2, max_value=26), shift=st.integers(1, 9))
def test_the_bank_details_form_refuses_an_iban_with_one_wrong_digit(iban, position, shift):
    # ISO 13616: mod 97 catches every single-digit error.
    wrong = iban[:position] + str((int(iban[position]) + shift) % 10) + iban[position + 1 :]
    form = bank_details(wrong)
    assert not form.is_valid()
    assert "iban" in form.errors


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


# A title as the upload form lets it through: Django's forms refuse the NUL character
# (ProhibitNullCharactersValidator), which PostgreSQL cannot store in a text column; a lone
# surrogate (category Cs) is no character a request can carry: Django decodes the form's
# UTF-8, where none can be written, and neither database driver can send one.
titles = st.text(
    st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
    min_size=1,
    max_size=200,
)


@pytest.mark.django_db
@DB
@given(content=contents, title=titles)
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
