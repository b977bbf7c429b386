"""Fictional households followed in the SOLIHA–MTA joint programme (seed 000)."""

import datetime as dt
from decimal import Decimal

from demo.data.follow_up import Action, Assessment, Rendezvous, Visit
from demo.data.people import SOLIHA_WORKER, VOLUNTEER

D = dt.date

MTA_HOUSEHOLDS = [
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
            # issue 16: the director followed the household first, then handed it over.
            "handover": {
                "from": "directeur",
                "day": -12,
                "reason": "Prise de poste de Camille Vasseur sur le secteur de Marcq-en-Barœul.",
            },
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
            "appointments": [
                Rendezvous(3, 17, "home_visit", "Domicile, Marcq-en-Barœul", VOLUNTEER),
                Rendezvous(6, 9, "office_planned", "Agence SOLiHA", SOLIHA_WORKER, (VOLUNTEER,)),
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
                # seed 000 axe 5: « temporiser le déblocage d'une aide publique ».
                {
                    "purpose": "housing",
                    "amount_requested": Decimal("300.00"),
                    "status": "granted",
                    "amount_granted": Decimal("300.00"),
                    "decided_on": -60,
                    "paid_on": -58,
                    "payment_method": "Virement",
                    "payer": "mta",
                    "is_advance": True,
                    "awaited_aid": "APL du premier mois",
                },
            ],  # fmt: skip
        },
        # seed 000 art. III: the dwelling in SOLiHA Métropole Nord's stock.
        "dwelling": {
            "landlord": "soliha",
            "address": "14 rue Nationale, 59700 Marcq-en-Barœul",
            "unit": "Appartement 3, 1er étage",
            "territory": "marcq",
            "since": -200,
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
        # seed 000 art. III: housed in Capinghem, whose town hall reads it in figures.
        "dwelling": {
            "landlord": "soliha",
            "address": "3 rue du Moulin, 59160 Capinghem",
            "unit": "Maison",
            "territory": "capinghem",
            "since": -10,
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
