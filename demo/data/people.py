"""Demo users and followed households: all fictional, never people of the seeds.

User keys are the part of the e-mail before "@". Dates given as an `int` are a number of
days from the loading day (negative: in the past), so the follow-up stays current.
"""

import datetime as dt
import unicodedata
from decimal import Decimal
from typing import NamedTuple

from demo.data.governance import (
    CP_EXCUSED,
    CP_EXCUSED_NON_VOTING,
    CP_NON_VOTING,
    CP_PRESENT,
)

D = dt.date
Day = int | dt.date

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
]  # fmt: skip


class Action(NamedTuple):
    domain: str
    description: str
    organisation: str
    performer: str
    due_on: Day | None
    status: str


class Visit(NamedTuple):
    """A contact (rencontre) with the household."""

    day: Day
    medium: str
    author: str
    summary: str
    domains: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    minutes: int = 60
    note: str = ""


class Assessment(NamedTuple):
    """A review (bilan)."""

    kind: str
    held_on: Day
    assessment: str
    recommendation: str
    sent_on: Day | None = None


ARTOIS_WORKER = "travailleur.social.artois"
LENS_WORKER = "travailleur.social.lens"
SOLIHA_WORKER = "travailleur.social"
VOLUNTEER = "benevole"

HOUSEHOLDS = [
    {
        "reference": "ASRL-ART-001",
        "organisation": "passerelles",
        "territory": "bethune",
        "housing_situation": "hosted",
        "informed_on": -80,
        "priorities": ["single_parent", "domestic_violence"],
        "members": [
            ("Jessica", "Vandamme", D(1994, 3, 12), "head"),
            ("Enzo", "Vandamme", D(2016, 7, 3), "child"),
            ("Lina", "Vandamme", D(2019, 11, 21), "child"),
        ],
        "referral": {
            "programme": "asrl",
            "referred_by": "siao62",
            "received_on": -84,
            "situation": "Mère isolée hébergée chez un tiers après des violences conjugales ; "
            "demande d'accès direct à un logement pérenne.",
            "status": "oriented",
            "orientation": {
                "outcome": "oriented",
                "decided_on": -78,
                "decided_by": "coordinateur",
                "operator": "passerelles",
                "reason": "Validée avec le chef du SLISL de l'Artois.",
            },
        },
        "project": {
            "programme": "asrl",
            "operator": "passerelles",
            "referent": ARTOIS_WORKER,
            "objectives": "Sécuriser l'entrée dans le logement, ouvrir les droits (CAF, "
            "complémentaire santé), accompagner la scolarité des enfants.",
            "contract_signed_on": -75,
            "start_date": -75,  # the intermediate review falls due in the coming weeks
            "status": "active",
            "actions": [
                Action(
                    "acces-droits",
                    "Ouverture des droits CAF et aide au logement",
                    "passerelles",
                    "professional",
                    -60,
                    "done",
                ),
                Action(
                    "vie-quotidienne",
                    "Installation et ouverture des compteurs",
                    "passerelles",
                    "professional",
                    -40,
                    "done",
                ),
                Action(
                    "parentalite",
                    "Lien avec l'école et la PMI",
                    "passerelles",
                    "professional",
                    10,
                    "in_progress",
                ),
            ],
            "contacts": [
                Visit(
                    -74,
                    "office_planned",
                    ARTOIS_WORKER,
                    "Signature du contrat d'accompagnement.",
                    ("acces-droits",),
                    note="Évoque des craintes liées à l'ancien conjoint.",
                ),
                Visit(
                    -70,
                    "home_visit",
                    ARTOIS_WORKER,
                    "Visite du logement proposé.",
                    ("vie-quotidienne",),
                    minutes=45,
                ),
                Visit(
                    -66,
                    "accompanying",
                    ARTOIS_WORKER,
                    "Accompagnement à la CAF.",
                    ("acces-droits",),
                    minutes=120,
                ),
                Visit(
                    -45,
                    "home_visit",
                    ARTOIS_WORKER,
                    "Point sur l'installation.",
                    ("vie-quotidienne", "parentalite"),
                ),
                Visit(
                    -12,
                    "phone",
                    ARTOIS_WORKER,
                    "Rendez-vous médical des enfants confirmé.",
                    ("sante",),
                    minutes=20,
                ),
                Visit(
                    -5,
                    "home_visit",
                    ARTOIS_WORKER,
                    "Préparation du bilan intermédiaire.",
                    ("parentalite",),
                ),
            ],
        },
    },
    {
        "reference": "ASRL-ART-002",
        "organisation": "passerelles",
        "territory": "bruay",
        "housing_situation": "homeless",
        "informed_on": -9,
        "priorities": ["young_institutional"],
        "members": [("Kévin", "Delattre", D(2004, 5, 9), "head")],
        "referral": {
            "programme": "asrl",
            "referred_by": "cd62",
            "received_on": -10,
            "situation": "Jeune homme sorti de l'aide sociale à l'enfance, sans solution "
            "d'hébergement stable.",
            "status": "under_study",
        },
    },
    {
        # Followed in 2019-2020 under the DIHAL envelope: consumes 2 measures, the adult
        # son staying a child for funding (seed 004 §5).
        "reference": "ASRL-ART-003",
        "organisation": "passerelles",
        "territory": "lillers",
        "housing_situation": "eviction_threat",
        "informed_on": D(2019, 11, 20),
        "priorities": ["eviction"],
        "members": [
            ("Didier", "Caron", D(1968, 10, 2), "head"),
            ("Sylviane", "Caron", D(1970, 4, 17), "partner"),
            ("Maxime", "Caron", D(1999, 2, 14), "child"),
        ],
        "referral": {
            "programme": "asrl",
            "referred_by": "cd62",
            "received_on": D(2019, 11, 12),
            "situation": "Couple menacé d'expulsion après des impayés de loyer ; fils majeur "
            "au foyer.",
            "status": "oriented",
            "orientation": {
                "outcome": "oriented",
                "decided_on": D(2019, 11, 26),
                "decided_by": "coordinateur",
                "operator": "passerelles",
                "meeting": ("parcours-complexes", 0),
                "reason": "Orientation décidée en commission des parcours complexes.",
            },
        },
        "project": {
            "programme": "asrl",
            "operator": "passerelles",
            "referent": ARTOIS_WORKER,
            "objectives": "Prévenir l'expulsion : plan d'apurement, FSL, maintien dans "
            "le logement.",
            "contract_signed_on": D(2019, 12, 2),
            "start_date": D(2019, 12, 2),
            "renewals_used": 1,
            "status": "closed",
            "allocation": ("artois", "passerelles"),
            "actions": [
                Action(
                    "acces-droits",
                    "Dossier FSL maintien",
                    "passerelles",
                    "professional",
                    D(2020, 1, 15),
                    "done",
                ),
            ],
            "contacts": [
                Visit(
                    D(2019, 12, 2),
                    "office_planned",
                    ARTOIS_WORKER,
                    "Signature du contrat d'accompagnement.",
                    ("acces-droits",),
                ),
                Visit(
                    D(2019, 12, 5),
                    "home_visit",
                    ARTOIS_WORKER,
                    "Visite à domicile, budget.",
                    ("vie-quotidienne",),
                ),
            ],
            "reviews": [
                Assessment(
                    "intermediate",
                    D(2020, 3, 2),
                    "Plan d'apurement signé avec le bailleur.",
                    "continue",
                    D(2020, 3, 4),
                ),
                Assessment(
                    "end_of_term",
                    D(2020, 5, 29),
                    "Dette réduite de moitié ; renouvellement utile pour consolider.",
                    "renew",
                    D(2020, 6, 2),
                ),
                Assessment(
                    "closing",
                    D(2020, 11, 27),
                    "Maintien dans le logement assuré.",
                    "close",
                    D(2020, 11, 30),
                ),
            ],
            "closure": (D(2020, 11, 30), "maintained", "Dette soldée, bail maintenu."),
        },
    },
    {
        "reference": "ASRL-LH-001",
        "organisation": "toit-commun",
        "territory": "lens",
        "housing_situation": "recently_evicted",
        "informed_on": -3,
        "priorities": ["eviction"],
        "members": [("Franck", "Wallart", D(1979, 1, 23), "head")],
        "referral": {
            "programme": "asrl",
            "referred_by": "ccas-lens",
            "received_on": -4,
            "situation": "Homme seul expulsé il y a un mois, hébergé en urgence.",
            "status": "received",
        },
    },
    {
        "reference": "ASRL-LH-002",
        "organisation": "toit-commun",
        "territory": "lievin",
        "housing_situation": "hosted",
        "informed_on": -50,
        "priorities": ["single_parent"],
        "members": [
            ("Samira", "Haddouche", D(1988, 6, 30), "head"),
            ("Inès", "Haddouche", D(2012, 9, 14), "child"),
            ("Adam", "Haddouche", D(2015, 2, 1), "child"),
            ("Nour", "Haddouche", D(2020, 12, 8), "child"),
        ],
        "referral": {
            "programme": "asrl",
            "referred_by": "siao62",
            "received_on": -55,
            "situation": "Mère de trois enfants hébergée en CHRS, prête pour un logement.",
            "status": "oriented",
            "orientation": {
                "outcome": "oriented",
                "decided_on": -48,
                "decided_by": "coordinatrice.lens-henin",
                "operator": "toit-commun",
                "reason": "",
            },
        },
        "project": {
            "programme": "asrl",
            "operator": "toit-commun",
            "referent": LENS_WORKER,
            "objectives": "Accès direct au logement et installation ; insertion professionnelle.",
            "contract_signed_on": -40,
            "start_date": -40,
            "status": "active",
            "actions": [
                Action(
                    "insertion",
                    "Inscription à France Travail et atelier CV",
                    "toit-commun",
                    "professional",
                    20,
                    "planned",
                ),
            ],
            "contacts": [
                Visit(
                    -40,
                    "office_planned",
                    LENS_WORKER,
                    "Signature du contrat d'accompagnement.",
                    ("acces-droits",),
                ),
                Visit(-33, "home_visit", LENS_WORKER, "Visite du logement.", ("vie-quotidienne",)),
                Visit(
                    -9,
                    "office_walk_in",
                    LENS_WORKER,
                    "Passage sans rendez-vous pour une offre d'emploi.",
                    ("insertion",),
                    minutes=30,
                ),
            ],
        },
    },
    {
        "reference": "ASRL-LH-003",
        "organisation": "toit-commun",
        "territory": "henin",
        "housing_situation": "eviction_threat",
        "informed_on": -15,
        "priorities": ["eviction"],
        "members": [
            ("Grégory", "Lenglet", D(1985, 8, 19), "head"),
            ("Aurélie", "Lenglet", D(1987, 12, 5), "partner"),
        ],
        "referral": {
            "programme": "asrl",
            "referred_by": "ccas-lens",
            "received_on": -18,
            "situation": "Couple locataire, commandement de payer reçu.",
            "status": "oriented",
            "orientation": {
                "outcome": "oriented",
                "decided_on": -11,
                "decided_by": "coordinatrice.lens-henin",
                "operator": "toit-commun",
                "reason": "",
            },
        },
        "project": {
            "programme": "asrl",
            "operator": "toit-commun",
            "referent": LENS_WORKER,
            "objectives": "Maintien dans le logement : plan d'apurement et FSL.",
            "contract_signed_on": None,
            "start_date": 7,
            "status": "proposed",
        },
    },
    {
        # Followed in 2020 under the DIHAL envelope: consumes 1 measure.
        "reference": "ASRL-LH-004",
        "organisation": "toit-commun",
        "territory": "carvin",
        "housing_situation": "homeless",
        "informed_on": D(2019, 12, 10),
        "priorities": ["young_institutional"],
        "members": [("Yannick", "Dufossez", D(1997, 7, 28), "head")],
        "referral": {
            "programme": "asrl",
            "referred_by": "siao62",
            "received_on": D(2019, 12, 5),
            "situation": "Jeune homme sans domicile, ancien mineur protégé.",
            "status": "oriented",
            "orientation": {
                "outcome": "oriented",
                "decided_on": D(2019, 12, 12),
                "decided_by": "coordinatrice.lens-henin",
                "operator": "toit-commun",
                "reason": "",
            },
        },
        "project": {
            "programme": "asrl",
            "operator": "toit-commun",
            "referent": LENS_WORKER,
            "objectives": "Accès à un logement autonome et ouverture des droits.",
            "contract_signed_on": D(2020, 1, 6),
            "start_date": D(2020, 1, 6),
            "status": "closed",
            "allocation": ("lens-henin", "toit-commun"),
            "contacts": [
                Visit(
                    D(2020, 1, 6),
                    "office_planned",
                    LENS_WORKER,
                    "Signature du contrat d'accompagnement.",
                    ("acces-droits",),
                ),
            ],
            "reviews": [
                Assessment(
                    "intermediate",
                    D(2020, 4, 6),
                    "Logement obtenu, droits ouverts.",
                    "continue",
                    D(2020, 4, 8),
                ),
                Assessment(
                    "end_of_term", D(2020, 7, 3), "Autonomie suffisante.", "close", D(2020, 7, 6)
                ),
            ],
            "closure": (D(2020, 7, 5), "housed", "Relogé dans le parc social."),
        },
    },
    {
        "reference": "SMN-MTA-001",
        "organisation": "soliha",
        "territory": "marcq",
        "housing_situation": "tenant",
        "informed_on": -235,
        "priorities": [],
        "members": [
            ("Reza", "Karimi", D(1983, 4, 2), "head"),
            ("Leyla", "Karimi", D(1986, 11, 20), "partner"),
            ("Sina", "Karimi", D(2011, 5, 16), "child"),
            ("Darya", "Karimi", D(2017, 1, 29), "child"),
        ],
        "referral": {
            "programme": "soliha-mta",
            "referred_by": "mta",
            "received_on": -240,
            "situation": "Famille réfugiée logée dans le parc de SOLiHA MN à Marcq-en-Barœul.",
            "status": "oriented",
            "orientation": {
                "outcome": "oriented",
                "decided_on": -230,
                "decided_by": "directeur",
                "operator": "soliha",
                "meeting": ("copil-soliha-mta", 0),
                "reason": "Accord de chacune des structures en comité de pilotage.",
            },
        },
        "project": {
            "programme": "soliha-mta",
            "operator": "soliha",
            "partners": ["mta"],
            "referent": SOLIHA_WORKER,
            "volunteers": [VOLUNTEER],
            "objectives": "Appropriation du logement, scolarité des enfants, apprentissage "
            "du français et insertion professionnelle des parents.",
            "contract_signed_on": -215,
            "start_date": -215,
            "status": "active",
            # seed 000 art. IV: the steering committee agrees once each structure has.
            "approvals": [("soliha", "directeur"), ("mta", "directrice.mta")],
            "approval_decision": (
                ("copil-soliha-mta", 0),
                "Accord pour le suivi du ménage SMN-MTA-001",
            ),
            "actions": [
                Action(
                    "pre-accueil",
                    "Accueil de la famille et visite du quartier",
                    "mta",
                    "volunteer",
                    -210,
                    "done",
                ),
                Action(
                    "vie-appartement",
                    "Relevés de compteurs et tri des déchets",
                    "mta",
                    "volunteer",
                    -150,
                    "done",
                ),
                Action(
                    "sante-scolarite",
                    "Inscription au collège et suivi des vaccinations",
                    "mta",
                    "volunteer",
                    -120,
                    "done",
                ),
                Action(
                    "insertion",
                    "Parcours d'insertion professionnelle du père",
                    "soliha",
                    "professional",
                    60,
                    "in_progress",
                ),
                Action(
                    "soutien-financier",
                    "Avance sur la facture d'énergie",
                    "mta",
                    "volunteer",
                    -100,
                    "done",
                ),
            ],
            "contacts": [
                Visit(
                    -214,
                    "home_visit",
                    SOLIHA_WORKER,
                    "Visite d'installation avec la bénévole.",
                    ("pre-accueil", "vie-appartement"),
                    (VOLUNTEER,),
                    90,
                    "Fatigue importante de la mère, à suivre.",
                ),
                Visit(
                    -180,
                    "office_planned",
                    SOLIHA_WORKER,
                    "Point sur les démarches administratives.",
                    ("insertion",),
                ),
                Visit(
                    -121,
                    "accompanying",
                    VOLUNTEER,
                    "Accompagnement à l'inscription au collège.",
                    ("sante-scolarite",),
                    minutes=120,
                ),
                Visit(
                    -60,
                    "home_visit",
                    VOLUNTEER,
                    "Aide à la lecture des factures.",
                    ("vie-appartement",),
                ),
                Visit(
                    -21,
                    "home_visit",
                    SOLIHA_WORKER,
                    "Bilan conjoint à six mois.",
                    ("insertion", "sante-scolarite"),
                    (VOLUNTEER,),
                    75,
                    "Situation administrative du père à sécuriser.",
                ),
                Visit(
                    -6,
                    "phone",
                    VOLUNTEER,
                    "Appel de courtoisie, tout va bien.",
                    ("vie-appartement",),
                    minutes=15,
                ),
            ],
            "reviews": [
                Assessment(
                    "intermediate",
                    -21,
                    "Installation réussie ; scolarité en place ; "
                    "insertion professionnelle à engager.",
                    "continue",
                ),
            ],
            # seed 000, volunteer axis 5: one-off financial support.
            "helps": [
                {
                    "purpose": "energy",
                    "amount_requested": Decimal("180.00"),
                    "status": "granted",
                    "amount_granted": Decimal("150.00"),
                    "decided_on": -102,
                    "paid_on": -100,
                    "payment_method": "Virement",
                    "payer": "mta",
                },
                {
                    "purpose": "food",
                    "amount_requested": Decimal("60.00"),
                    "status": "waiting_documents",
                    "payer": "mta",
                },
            ],  # fmt: skip
        },
    },
    {
        "reference": "SMN-MTA-002",
        "organisation": "soliha",
        "territory": "croix",
        "housing_situation": "hosted",
        "informed_on": -45,
        "priorities": ["single_parent"],
        "members": [
            ("Aïcha", "Diabaté", D(1992, 3, 3), "head"),
            ("Moussa", "Diabaté", D(2018, 10, 11), "child"),
        ],
        "referral": {
            "programme": "soliha-mta",
            "referred_by": "soliha",
            "received_on": -47,
            "situation": "Mère isolée hébergée en urgence par SOLiHA MN, un enfant.",
            "status": "under_study",
        },
        "project": {
            "programme": "soliha-mta",
            "operator": "soliha",
            "partners": ["mta"],
            "referent": SOLIHA_WORKER,
            "objectives": "Accès à un logement et accompagnement de proximité.",
            "contract_signed_on": None,
            "start_date": 14,
            "status": "proposed",
            # seed 000 art. IV: MTA has not agreed yet, so the project stays proposed.
            "approvals": [("soliha", "directeur")],
            "approval_decision": (
                ("copil-soliha-mta", 1),
                "Accord pour le suivi du ménage SMN-MTA-002",
            ),
        },
    },
    {
        "reference": "SMN-MTA-003",
        "organisation": "soliha",
        "territory": "marcq",
        "housing_situation": "tenant",
        "informed_on": -770,
        "priorities": [],
        "members": [("Gérard", "Vermeersch", D(1958, 9, 9), "head")],
        "referral": {
            "programme": "soliha-mta",
            "referred_by": "ccas-marcq",
            "received_on": -775,
            "situation": "Homme seul isolé, logement dégradé, risque de perte du bail.",
            "status": "oriented",
            "orientation": {
                "outcome": "oriented",
                "decided_on": -768,
                "decided_by": "directeur",
                "operator": "soliha",
                "reason": "",
            },
        },
        "project": {
            "programme": "soliha-mta",
            "operator": "soliha",
            "partners": ["mta"],
            "referent": SOLIHA_WORKER,
            "volunteers": [VOLUNTEER],
            "objectives": "Maintien dans le logement et lutte contre l'isolement.",
            "contract_signed_on": -760,
            "start_date": -760,
            "status": "closed",
            "approvals": [("soliha", "directeur"), ("mta", "directrice.mta")],
            "contacts": [
                Visit(
                    -400,
                    "home_visit",
                    VOLUNTEER,
                    "Visite hebdomadaire de convivialité.",
                    ("vie-appartement",),
                ),
            ],
            "reviews": [
                Assessment("closing", -30, "Bail maintenu, liens sociaux retrouvés.", "close", -28),
            ],
            "closure": (-27, "maintained", "Fin des 24 mois d'accompagnement."),
        },
    },
]


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
