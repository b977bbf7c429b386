"""Checks of bank and French administrative identifiers, by python-stdnum, in French words."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import bic, iban
from stdnum.exceptions import ValidationError as InvalidNumber
from stdnum.fr import siret


def validate_siret(value: str) -> None:
    """A SIRET: 14 digits whose key holds (Luhn, on the SIREN too; La Poste's establishments
    use a digit sum modulo 5 instead, which stdnum knows)."""
    if not re.fullmatch(r"\d{14}", value or ""):
        raise ValidationError(_("Le SIRET doit comporter exactement 14 chiffres."), code="siret")
    if not siret.is_valid(value):
        raise ValidationError(_("Ce SIRET n'est pas valide (clé de contrôle)."), code="siret")


def normalise_iban(value: str) -> str:
    """The IBAN as stored: no spaces, capitals."""
    return iban.compact(value or "")


def iban_ok(value: str) -> bool:
    """ISO 13616: the country's length and layout, and the mod-97 key."""
    try:
        iban.validate(value or "")
    except InvalidNumber:
        return False
    return True


def validate_iban(value: str) -> None:
    """IBAN checked with its country's layout and the mod-97 key (seed 001 art. 4.3)."""
    if not iban_ok(value):
        raise ValidationError(
            _("Cet IBAN n'est pas valide : vérifiez sa longueur et sa clé de contrôle."),
            code="iban",
        )


def normalise_bic(value: str) -> str:
    """The BIC as stored: no spaces, capitals."""
    return bic.compact(value or "")


def validate_bic(value: str) -> None:
    """ISO 9362: 8 or 11 characters, the bank's 4 letters, an existing country, the place and
    the optional branch."""
    if not bic.is_valid(value or ""):
        raise ValidationError(
            _(
                "Ce BIC n'est pas valide : 8 ou 11 caractères (banque, pays, lieu, agence "
                "facultative), par exemple AGRIFRPP ou PSSTFRPPLIL."
            ),
            code="bic",
        )


LOGO_MAX_BYTES = 1024 * 1024


def validate_logo_size(value) -> None:
    """A logo is printed small: 1 MB is plenty, and keeps every PDF light."""
    if value and value.size > LOGO_MAX_BYTES:
        raise ValidationError(_("Le logo ne doit pas dépasser 1 Mo."), code="logo_size")
