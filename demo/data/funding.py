"""Budget line, grant, measure envelope, co-funding and call for applications."""

import datetime as dt
from decimal import Decimal

D = dt.date

# ------------------------------------------------------------------------------ funding
BUDGET_LINE = {
    "funder": "cd62",
    "year": 2023,
    "operation_code": "C02-585F01",  # seed 001 art. 3 of the deliberation
    "imputation": "6568/93428",
    "label": "Partenariats transversaux",
    "commitment_authorisation": Decimal("375000.00"),
}

GRANT_2023_121 = {
    "convention": "2023-121",
    "funder": "cd62",
    "beneficiary": "fas",
    # Fictional test IBAN (mod-97 valid): the demo never loads real bank details.
    "iban": "FR7630006000011234567890189",
    "bic": "",
    "account_holder": "FEDERATION DES ACTEURS DE LA SOL",
    "years": {2023: Decimal("20000.00"), 2024: Decimal("20000.00"), 2025: Decimal("20000.00")},
}

# seed 004 §1, §5: 45 measures × 5 000 € = 225 000 €, Sept 2019 – Dec 2020, 20 / 25.
ENVELOPE = {
    "programme": "asrl",
    "funder": "dihal",
    "label": "ASRL Logement d'abord Pas-de-Calais — septembre 2019 à décembre 2020",
    "period_start": D(2019, 9, 1),
    "period_end": D(2020, 12, 31),
    "measures": 45,
    "unit_cost": Decimal("5000.00"),
}
TERRITORY_ALLOCATIONS = {"artois": 20, "lens-henin": 25}
OPERATOR_ALLOCATIONS = [
    ("artois", "passerelles", 20),
    ("lens-henin", "toit-commun", 15),
    ("lens-henin", "escale", 10),
]

# seed 003 §VII
COFUNDING = {
    "convention": "MEDIATION-HUMANICITE-2019",
    "label": "Médiation sociale du quartier Humanicité — coût global 2019",
    "cost": Decimal("60600.00"),
    "contributions": [
        ("lille-lomme", "citeo", Decimal("10000.00")),
        ("capinghem", "asl", Decimal("10000.00")),
        # The seed writes "ALSH"; it is the ASL Humanicité (ASLH).
        ("asl", "citeo", Decimal("40600.00")),
    ],
}

# seed 004 §6
CALL = {
    "programme": "asrl",
    "publisher": "cd62",
    "title": (
        "Appel à candidatures « Accompagnement Social Renforcé au Logement » — Logement d'abord"
    ),
    "territories": ["artois", "lens-henin"],
    "measures_offered": 45,
    "eligible_kinds": ["chrs_manager"],  # §6.a: managers of CHRS only
    "deadline": (2019, 9, 6, 16, 0),  # §6.d: 6 September 2019 at 16:00, Paris time
    "jury": "jury-asrl",
    "documents": [
        "Courrier d'acte de candidature signé par le représentant légal, indiquant le "
        "nombre de mesures sollicitées et portant engagement du porteur de projet",
        "Délibération du conseil d'administration autorisant la participation au projet",
        "Fiche descriptive du projet, avec l'identification du porteur de projet / "
        "représentant légal, l'adresse, la raison sociale et le SIRET",
        "Organigramme du service précisant les compétences de chacun et leur équivalence en ETP",
        "Budget prévisionnel de l'action et montant de la subvention sollicitée auprès de la DDCS",
        "Fiches de poste, si le projet nécessite des recrutements",
    ],
    # The seed lists the six criteria without weights: the demo weighs them equally.
    "criteria": [
        ("Le projet de territoire", 1),
        ("Le fonctionnement envisagé", 1),
        ("Le partenariat", 1),
        ("Les moyens", 1),
        ("Faisabilité financière du projet", 1),
        ("Qualité globale du projet", 1),
    ],
    # Fictional applications matching the allocations (territory key → measures).
    "applications": [
        ("passerelles", (2019, 9, 5, 11, 20), {"artois": 20}),
        ("toit-commun", (2019, 9, 4, 15, 2), {"lens-henin": 15}),
        ("escale", (2019, 9, 6, 10, 45), {"lens-henin": 10}),
    ],
}
