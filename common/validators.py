"""Checks of French administrative identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siret(value: str) -> None:
    """A SIRET is 14 digits passing the Luhn check (La Poste's establishments excepted)."""
    if not re.fullmatch(r"\d{14}", value or ""):
        raise ValidationError(_("Le SIRET doit comporter exactement 14 chiffres."), code="siret")
    # La Poste's establishments (SIREN 356000000) use a digit sum modulo 5 instead.
    if value.startswith("356000000"):
        if sum(int(c) for c in value) % 5 != 0:
            raise ValidationError(_("Ce SIRET n'est pas valide (clé de contrôle)."), code="siret")
        return
    if not luhn_ok(value):
        raise ValidationError(_("Ce SIRET n'est pas valide (clé de contrôle)."), code="siret")


def normalise_iban(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def iban_ok(value: str) -> bool:
    iban = normalise_iban(value)
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban):
        return False
    if iban.startswith("FR") and len(iban) != 27:
        return False
    rearranged = iban[4:] + iban[:4]
    numeric = "".join(str(int(char, 36)) for char in rearranged)
    return int(numeric) % 97 == 1


def validate_iban(value: str) -> None:
    """IBAN checked with the ISO 13616 mod-97 rule (seed 001 art. 4.3: bank details)."""
    if not iban_ok(value):
        raise ValidationError(
            _("Cet IBAN n'est pas valide : vérifiez sa longueur et sa clé de contrôle."),
            code="iban",
        )
