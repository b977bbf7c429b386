"""Demo users: all fictional, never people of the seeds (seed_surnames() keeps them apart).

User keys are the part of the e-mail before "@".
"""

import unicodedata

from demo.data.governance import (
    CP_EXCUSED,
    CP_EXCUSED_NON_VOTING,
    CP_NON_VOTING,
    CP_PRESENT,
)

PASSWORD = "maillage-demo-2026"

# `role` None: the superuser, who needs no membership.
USERS = [
    {"email": "admin@maillage.test", "first_name": "Alix", "last_name": "Delannoy",
     "role": None, "organisation": None, "superuser": True},
    {"email": "travailleur.social@maillage.test", "first_name": "Camille",
     "last_name": "Vasseur", "role": "social_worker", "organisation": "soliha"},
    {"email": "benevole@maillage.test", "first_name": "Pauline", "last_name": "Hennebelle",
     "role": "volunteer", "organisation": "mta"},
    {"email": "coordinateur@maillage.test", "first_name": "Julien", "last_name": "Deleforge",
     "role": "coordinator", "organisation": "cd62", "territory": "artois"},
    {"email": "directeur@maillage.test", "first_name": "Thomas", "last_name": "Roussel",
     "role": "director", "organisation": "soliha", "staff": True},
    {"email": "directrice.mta@maillage.test", "first_name": "Hélène",
     "last_name": "Carpentier", "role": "director", "organisation": "mta", "staff": True},
    {"email": "agent.departement@maillage.test", "first_name": "Nadia",
     "last_name": "Mouquet", "role": "department_staff", "organisation": "cd62",
     "staff": True},
    {"email": "partenaire@maillage.test", "first_name": "Luc", "last_name": "Taquet",
     "role": "signatory_partner", "organisation": "capinghem"},
    # The ASRL households are followed by the CHRS operators' own social workers, and the
    # Lens-Hénin platform has its own coordinator (seed 004 §1: two coordinators).
    {"email": "travailleur.social.artois@maillage.test", "first_name": "Sarah",
     "last_name": "Lambrecht", "role": "social_worker", "organisation": "passerelles"},
    {"email": "travailleur.social.lens@maillage.test", "first_name": "Mehdi",
     "last_name": "Boulanger", "role": "social_worker", "organisation": "toit-commun"},
    {"email": "coordinatrice.lens-henin@maillage.test", "first_name": "Agathe",
     "last_name": "Ternisien", "role": "coordinator", "organisation": "cd62",
     "territory": "lens-henin"},
    # seed 004 §6: a CHRS manager answers the call; its director applies and approves.
    {"email": "directrice.chrs@maillage.test", "first_name": "Maëlle", "last_name": "Dufossé",
     "role": "director", "organisation": "passerelles", "staff": True},
]  # fmt: skip


ARTOIS_WORKER = "travailleur.social.artois"
LENS_WORKER = "travailleur.social.lens"
SOLIHA_WORKER = "travailleur.social"
VOLUNTEER = "benevole"


def seed_person_names() -> list[str]:
    """Every person the seeds name, to keep them out of the fictional people."""
    return [
        *CP_PRESENT,
        *CP_EXCUSED,
        *CP_NON_VOTING,
        *CP_EXCUSED_NON_VOTING,
        "Maryline VINCLAIRE",
        "Hugues DENIELE",
        "Marie-Françoise LAVIEVILLE",
        "Jean-Marie DUMORTIER",
        "M. HARQUET",
        "Mme PRUVOST",
        "Roméo RAGAZZO",
        "Jean-René LECERF",
        "Jean-Gabriel PRIEUR",
        "Christian MATHON",
        "Roger VICOT",
        "Caroline LE DANTEC",
        "Amélie DELAVAL",
        "Marie PERRIER",
    ]


def normalise_name(value: str) -> str:
    ascii_only = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return " ".join(ascii_only.upper().split())


def seed_surnames() -> set[str]:
    """Upper-case surnames of the seeds' people, and each part of a compound one."""
    surnames = set()
    for full_name in seed_person_names():
        words = [w for w in full_name.split() if w.isupper() and w != "M."]
        surname = normalise_name(" ".join(words))
        surnames.add(surname)
        surnames.update(part for part in surname.replace("-", " ").split() if len(part) > 2)
    return surnames
