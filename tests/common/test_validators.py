"""Bank and SIRET checks (python-stdnum), refused with a French message, on real-looking figures."""

import pytest
from django.core.exceptions import ValidationError

from common.validators import (
    iban_ok,
    normalise_bic,
    normalise_iban,
    validate_bic,
    validate_iban,
    validate_siret,
)
from funding.forms import BankDetailsForm

# The demo's grant (demo/data/funding.py) and a SIRET of the tests (tests/partnerships).
DEMO_IBAN = "FR7630006000011234567890189"
SIRET = "73282932000074"


@pytest.mark.parametrize("value", ["AGRIFRPP", "PSSTFRPPLIL", "CEPAFRPP627", "BNPAFRPP"])
def test_a_real_bic_is_accepted(value):
    validate_bic(value)


@pytest.mark.parametrize(
    "value",
    [
        "CEPAPFRPP627",  # 12 characters, as the funding document misprints it
        "AGRIFRP",  # 7 characters
        "AGR1FRPP",  # a digit in the bank's letters
        "AGRIXXPP",  # XX is no country
    ],
)
def test_a_malformed_bic_is_refused_in_french(value):
    with pytest.raises(ValidationError, match="Ce BIC n'est pas valide : 8 ou 11 caractères"):
        validate_bic(value)


def test_an_iban_with_a_wrong_key_is_refused():
    wrong_key = DEMO_IBAN[:-1] + "8"
    assert iban_ok(DEMO_IBAN)
    assert not iban_ok(wrong_key)
    with pytest.raises(ValidationError, match="vérifiez sa longueur et sa clé de contrôle"):
        validate_iban(wrong_key)


def test_an_iban_with_the_wrong_length_for_its_country_is_refused():
    with pytest.raises(ValidationError, match="IBAN n'est pas valide"):
        validate_iban(DEMO_IBAN + "0")


def test_a_siret_with_a_wrong_luhn_key_is_refused():
    validate_siret(SIRET)
    with pytest.raises(ValidationError, match=r"Ce SIRET n'est pas valide \(clé de contrôle\)"):
        validate_siret(SIRET[:-1] + "5")


def test_a_siret_whose_siren_fails_its_key_is_refused():
    # 14 digits passing Luhn as a whole, but the first nine (the SIREN) do not.
    with pytest.raises(ValidationError, match="clé de contrôle"):
        validate_siret("73282930000001")


def test_la_poste_establishments_use_their_own_key():
    # La Poste's SIRETs (SIREN 356 000 000) check a digit sum modulo 5, not Luhn: the first
    # fails Luhn and is valid, the second passes Luhn and is not.
    validate_siret("35600000048752")
    with pytest.raises(ValidationError, match="clé de contrôle"):
        validate_siret("35600000048765")


def test_the_normalisers_keep_what_is_stored_compact():
    assert normalise_iban("fr76 3000 6000 0112 3456 7890 189") == DEMO_IBAN
    assert normalise_bic(" psst fr pp lil ") == "PSSTFRPPLIL"


def test_the_bank_details_form_refuses_a_malformed_bic_in_french():
    form = BankDetailsForm({"iban": DEMO_IBAN, "bic": "AGRIXXPP", "account_holder": "FAS"})
    assert not form.is_valid()
    assert form.errors["bic"] == [
        "Ce BIC n'est pas valide : 8 ou 11 caractères (banque, pays, lieu, agence facultative), "
        "par exemple AGRIFRPP ou PSSTFRPPLIL."
    ]
    form = BankDetailsForm({"iban": DEMO_IBAN, "bic": "agrifrpp", "account_holder": "FAS"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["bic"] == "AGRIFRPP"
