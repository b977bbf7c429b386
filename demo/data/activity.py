"""What the conventions' operators report: the action sheets of seed 001 and their indicators,
the mediation axes, activities, activity records and incident of seed 003."""

import datetime as dt
from decimal import Decimal

D = dt.date

# --------------------------------------------------------------- action sheets (seed 001)
# (number, title, context, objectives, actions, calendar, indicators, deliverables)
# indicators: (label, unit, target or None, period)
ACTION_SHEETS = [
    {
        "number": 1,
        "title": "Animation de réseau",
        "context": (
            "Les politiques de lutte contre l'exclusion évoluent rapidement et le secteur "
            "Accueil, Hébergement et Insertion (AHI) se transforme, dans un contexte de crise "
            "des métiers de l'humain. La FAS poursuit son action de tête de réseau dans le "
            "Pas-de-Calais sur l'accès aux droits, le RSA et l'IAE, le logement, les jeunes, "
            "la santé et la participation des personnes accompagnées."
        ),
        "objectives": "\n".join(
            [
                "Représenter les adhérents dans les instances nationales, régionales, "
                "départementales et infra-départementales.",
                "Analyser et informer les adhérents et partenaires des évolutions "
                "législatives et des politiques sociales ; être à l'interface entre le "
                "Département et les adhérents.",
                "Mobiliser le réseau et animer des lieux d'échanges de pratiques et d'expériences.",
                "Soutenir les initiatives et accompagner les projets des associations "
                "adhérentes, capitaliser les bonnes pratiques, communiquer.",
                "Former, qualifier et outiller les acteurs et les membres des associations.",
            ]
        ),
        "actions": "\n".join(
            [
                "Rencontres territoriales des adhérents (trimestrielles).",
                "Commissions thématiques : Habitat, Hébergement, SIAO, Santé, Emploi/IAE, "
                "Réfugié·es/Migrant·es, groupe pensions de famille.",
                "Représentations dans plus de 180 instances.",
                "Formation (organisme certifié Qualiopi).",
                "Communication : comptes rendus, lettres d'information, site internet.",
            ]
        ),
        "calendar": (
            "Partagé et validé annuellement en comité de pilotage et comité technique ; une "
            "rencontre territoriale des adhérents par trimestre ; 2 à 4 rencontres par "
            "commission thématique."
        ),
        "indicators": [
            ("Nombre et types de réunions", "réunions", None, "year"),
            (
                "Nombre de participants aux commissions, journées et formations",
                "participants",
                None,
                "year",
            ),
            ("Nature et nombre des différents organismes représentés", "organismes", None, "year"),
            ("Nombre de représentations dans les différentes instances", "instances", None, "year"),
            ("Nombre de formations réalisées", "formations", None, "year"),
            ("Nombre d'interventions dans les formations", "interventions", None, "year"),
            # seed 001 fiche 1 §IV: one territorial meeting of members per quarter.
            ("Rencontres territoriales des adhérents", "rencontres", Decimal("4"), "year"),
        ],
        "deliverables": [
            "Comptes-rendus des rencontres",
            "Programme et évaluations des formations",
            "Publications du réseau",
        ],
    },
    {
        "number": 2,
        "title": "Veille sociale – Hébergement – Logement",
        "context": (
            "Participer à la mise en œuvre opérationnelle du Pacte des solidarités humaines "
            "et du PDALHPD, notamment poursuivre l'appropriation du Logement d'abord dans "
            "les territoires de l'acte II, dans un contexte de transformation du secteur AHI."
        ),
        "objectives": "\n".join(
            [
                "Défendre le droit à une solution d'habitat pérenne, digne et adaptée pour "
                "chaque personne en situation de précarité.",
                "Accompagner les adhérents dans le développement de l'observation sociale.",
                "Participer aux stratégies départementales d'accès et de maintien dans le "
                "logement des publics prioritaires du Plan.",
                "Poursuivre l'appropriation opérationnelle du Logement d'abord.",
                "Intégrer la stratégie « Logement d'abord » dans toutes les actions des "
                "acteurs du parcours vers le logement.",
                "Renforcer le partenariat entre l'hébergement, les bailleurs sociaux et le "
                "logement privé.",
                "Contribuer au partage d'information entre les adhérents et le Département.",
                "Faciliter l'association des publics accueillis et accompagnés.",
            ]
        ),
        "actions": "\n".join(
            [
                "Animer des lieux d'échanges de pratiques (commissions Habitat, Hébergement, "
                "SIAO, Santé, groupe Hôtes de pension de famille).",
                "Participer à la mise en place du Logement d'abord dans les territoires pilotes.",
                "Renforcer le partenariat avec les bailleurs (cycle « Associations / "
                "Bailleurs » avec l'URH).",
                "Formation, et représentation dans les instances départementales et "
                "intercommunales (PDALHPD, FSL, CCAPEX…).",
            ]
        ),
        "calendar": "Partagé et validé annuellement en comité de pilotage et comité technique.",
        "indicators": [
            ("Nombre de réunions", "réunions", None, "year"),
            (
                "Nombre de participants aux commissions et journées (répartition départementale)",
                "participants",
                None,
                "year",
            ),
            ("Nature et nombre des différents organismes représentés", "organismes", None, "year"),
        ],
        "deliverables": ["Comptes-rendus des rencontres", "Outils"],
    },
    {
        "number": 3,
        "title": "IAE / RSA",
        "context": (
            "La FAS est associée à la définition et à l'analyse des politiques d'insertion. "
            "Le Pacte des solidarités humaines (ambition 10) renouvelle l'engagement du "
            "Département en faveur de l'emploi des publics en difficulté."
        ),
        "objectives": "\n".join(
            [
                "Favoriser l'accès et le maintien dans l'emploi des personnes et l'accès à "
                "la formation.",
                "Favoriser la levée des freins périphériques (santé, logement, mobilité).",
                "Relayer auprès des financeurs et des entreprises l'importance de "
                "l'accompagnement social et professionnel.",
                "Analyser et relayer les évolutions législatives en matière d'insertion.",
                "Animer des lieux d'échanges de pratiques et professionnaliser les "
                "structures d'insertion par l'activité économique.",
                "Soutenir les initiatives et faire connaître les projets des adhérents.",
                "Contribuer, au sein de l'IRIAE, à la mise en place et à l'évaluation des "
                "politiques de lutte contre les exclusions.",
            ]
        ),
        "actions": "\n".join(
            [
                "Animation de la commission Emploi / IAE.",
                "Représentations dans les instances liées au RSA et à l'IAE.",
                "Veille juridique et information des adhérents.",
                "Projets « L'hygiène c'est la santé ! », SEVE Emploi, PROFAIR ; co-animation "
                "du CRIE Hauts-de-France ; étude des besoins des ASP/CIP.",
            ]
        ),
        "calendar": "Partagé et validé annuellement en comité de pilotage et comité technique.",
        "indicators": [
            ("Nombre et types de réunions", "réunions", None, "year"),
            ("Nombre de participants aux commissions", "participants", None, "year"),
            ("Nature et nombre des différents organismes représentés", "organismes", None, "year"),
        ],
        "deliverables": [
            "Comptes rendus des rencontres",
            "Résultats de l'étude",
            "Guides",
            "Fiches-outils / supports de travail commun",
        ],
    },
]

# Demo values of one indicator (fictional figures, not from the seeds).
INDICATOR_VALUES = [
    (1, "Rencontres territoriales des adhérents", D(2023, 1, 1), Decimal("4"), ""),
    (
        1,
        "Rencontres territoriales des adhérents",
        D(2024, 1, 1),
        Decimal("3"),
        "Rencontre du 4e trimestre reportée (valeur de démonstration).",
    ),
]

# ----------------------------------------------------------- mediation (seed 003 §II-§III)
MEDIATION_AXES = [
    "Axe 1 — Amélioration du cadre de vie",
    "Axe 2 — Cohésion sociale et appropriation positive du quartier",
    "Axe 3 — Implication des usagers / acteurs du quartier",
    "Axe 4 — Évaluation partagée et modélisation",
]

# seed 003 §III: the 8 activities of social mediation. The seed does not tie an activity
# to an axis; the demo files each under the axis it serves most.
ACTIVITY_KINDS = [
    ("Assurer une présence active de proximité", 0),
    ("Prévenir et gérer les situations conflictuelles", 0),
    ("Lever les incompréhensions entre les personnes et les institutions", 1),
    ("Participer à une veille sociale et technique territoriale", 0),
    ("Mettre en relation avec un partenaire", 1),
    ("Faciliter la concertation entre les habitants et les institutions", 2),
    ("Favoriser les projets collectifs, supports de médiation sociale", 1),
    ("Informer, sensibiliser et/ou former", 2),
]

# (day, activity index, hours, participants, organisations represented, notes, commune) —
# fictional. seed 003 §VI: each record says in which commune it took place, so that each
# signatory commune reads its own share (Capinghem; Lille and its commune associée Lomme).
ACTIVITY_RECORDS = [
    (
        D(2019, 9, 9),
        0,
        Decimal("4.00"),
        23,
        [],
        "Tournée du quartier, îlots en construction.",
        "capinghem",
    ),
    (
        D(2019, 9, 9),
        3,
        Decimal("3.00"),
        0,
        [],
        "Signalement d'un éclairage public défaillant.",
        "lomme",
    ),
    (D(2019, 9, 10), 1, Decimal("2.50"), 4, ["asl"], "Conflit de stationnement apaisé.", "lomme"),
    (
        D(2019, 9, 10),
        4,
        Decimal("4.50"),
        6,
        ["lille-lomme"],
        "Orientation vers le CCAS.",
        "lomme",
    ),
    (
        D(2019, 9, 17),
        5,
        Decimal("3.00"),
        18,
        ["asl", "capinghem", "lille-lomme"],
        "Réunion d'habitants sur les aménagements routiers.",
        "capinghem",
    ),
    (
        D(2019, 9, 17),
        6,
        Decimal("4.00"),
        12,
        ["asl"],
        "Préparation de la fête de quartier.",
        "capinghem",
    ),
    (
        D(2019, 10, 8),
        2,
        Decimal("3.50"),
        5,
        ["capinghem"],
        "Accompagnement en mairie.",
        "capinghem",
    ),
    (D(2019, 10, 8), 7, Decimal("3.50"), 30, [], "Information des nouveaux habitants.", "lomme"),
]

# The same, in the weeks before loading (days from the loading day): found by their notes,
# their day moves with the loading day. Fictional.
RECENT_ACTIVITY = [
    (
        -4,
        0,
        Decimal("4.00"),
        17,
        [],
        "Tournée du quartier après les travaux de voirie.",
        "capinghem",
    ),
    (
        -11,
        4,
        Decimal("3.00"),
        5,
        ["lille-lomme"],
        "Orientation de deux familles vers le CCAS.",
        "lomme",
    ),
    (
        -18,
        5,
        Decimal("2.50"),
        22,
        ["asl", "capinghem"],
        "Réunion d'habitants sur le parc.",
        "capinghem",
    ),
    (-25, 1, Decimal("3.50"), 3, ["asl"], "Médiation d'un conflit de voisinage.", "lomme"),
    (
        -32,
        7,
        Decimal("3.00"),
        40,
        [],
        "Accueil des nouveaux habitants de la résidence.",
        "lille",
    ),
]

# seed 003 §IV.1: « un temps d'encadrement équivalent à 1/2 journée par semaine ». The weeks
# before loading (weeks back from this week's Monday, hours); one short, one left blank
# (weeks 3 and 5 back) for the dashboard to mark. Fictional.
SUPERVISION_WEEKS = [(1, Decimal("3.50")), (2, Decimal("3.50")), (3, Decimal("2.00"))]
SUPERVISION_WEEKS += [(4, Decimal("3.50")), (6, Decimal("3.50"))]

# seed 003 §V.2: the operator's analysis and recommendations of last month's synthesis.
# Fictional, without personal data.
SYNTHESIS_ANALYSIS = {
    "analysis": (
        "Présence de proximité stable ; les conflits de voisinage reculent depuis la réunion "
        "d'habitants sur le parc. Les sollicitations des nouveaux habitants de la résidence "
        "augmentent (accueil, orientation vers le CCAS)."
    ),
    "recommendations": (
        "Organiser avec le bailleur une permanence mensuelle dans la nouvelle résidence ; "
        "coordonner avec les deux villes l'information sur les travaux de voirie."
    ),
}

INCIDENT = {
    "occurred_on": D(2019, 10, 17),
    "kind": "Dégradation des parties communes",
    "place": "Quartier Humanicité, abords de la rue Léonard de Vinci",
    "description": (
        "Boîtes aux lettres forcées dans un hall d'immeuble ; le médiateur a sécurisé les "
        "lieux et informé le syndic. Fiche transmise aux partenaires désignés (convention de "
        "médiation Citéo, §V.2). Aucune donnée personnelle."
    ),
    "recipients": ["asl", "capinghem", "lille-lomme"],
}
