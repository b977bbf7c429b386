"""Passwords a French speaker picks first, which Django's (English) list does not know."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

KEYBOARD_ROWS = ("azertyuiop", "qsdfghjklm", "wxcvbn", "qwertyuiop", "asdfghjkl", "zxcvbnm")
KEYBOARD = "".join(KEYBOARD_ROWS[:3]) + " " + "".join(KEYBOARD_ROWS[3:])
# The usual suspects of French password leaks, compared without digits nor symbols.
FRENCH_WORDS = {
    "motdepasse",
    "motdepass",
    "bonjour",
    "soleil",
    "doudou",
    "chouchou",
    "loulou",
    "marseille",
    "jetaime",
    "nicolas",
    "camille",
    "julien",
    "chocolat",
    "princesse",
    "coucou",
    "football",
    "olivier",
    "maillage",
    "bienvenue",
    "jesuisla",
    "france",
    "paris",
    "lens",
    "arras",
    "pasdecalais",
}


def _letters(password: str) -> str:
    plain = unicodedata.normalize("NFKD", password.lower())
    return re.sub(r"[^a-z]", "", plain.encode("ascii", "ignore").decode())


class FrenchCommonPasswordValidator:
    """Refuses a password whose letters are a common French word repeated, or a run of the
    AZERTY/QWERTY keyboard, whatever digits and symbols surround it (`Motdepasse2026!`)."""

    def validate(self, password, user=None):
        letters = _letters(password)
        if not letters:
            return
        repeated = any(
            letters == word * (len(letters) // len(word)) and len(letters) % len(word) == 0
            for word in FRENCH_WORDS
        )
        keyboard_run = len(letters) >= 6 and letters in KEYBOARD
        if repeated or keyboard_run:
            raise ValidationError(
                _(
                    "Ce mot de passe est trop courant : choisissez une phrase que vous seul "
                    "connaissez."
                ),
                code="password_too_common",
            )

    def get_help_text(self):
        return _("Votre mot de passe ne peut pas être un mot ou une suite de touches courants.")
