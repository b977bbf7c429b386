"""Committees, meetings, decisions, action plans and reports of the seeds.

A meeting date given as an `int` is a number of days from the loading day (the committees
that follow today's fictional households); every other date is fixed.
"""

import datetime as dt

from demo.data.activity import MEDIATION_AXES

D = dt.date

# --------------------------------------------------------------------------- governance
# seed 001, deliberation of the Commission Permanente of 20 March 2023.
CP_PRESENT = [
    "Jean-Claude LEROY",
    "Mireille HINGREZ-CÉRÉDA",
    "Daniel MACIEJASZ",
    "Valérie CUVILLIER",
    "Blandine DRAIN",
    "Maryse CAUWET",
    "Ludovic LOQUET",
    "Bénédicte MESSEANNE-GROBELNY",
    "Jean-Claude DISSAUX",
    "Laurence LOUCHAERT",
    "Laurent DUPORGE",
    "Karine GAUTHIER",
    "Alain MEQUIGNON",
    "Evelyne NACHEL",
    "Florence WOZNY",
    "Jean-Jacques COTTEL",
    "Caroline MATRAT",
    "Sophie WAROT-LEMAIRE",
    "André KUHCINSKI",
    "Fatima AIT-CHIKHEBBIH",
    "Carole DUBOIS",
    "Olivier BARBARIN",
    "Zohra OUAGUEF",
    "Etienne PERIN",
    "Maryse DELASSUS",
    "Claude BACHELET",
    "Maïté MULOT-FRISCOURT",
    "Stéphanie GUISELAIN",
    "Philippe FAIT",
    "Emmanuelle LAPOUILLE",
    "Alexandre MALFAIT",
    "Sylvie MEYFROIDT",
    "Frédéric MELCHIOR",
    "Brigitte PASSEBOSC",
    "François LEMAIRE",
    "Marc SARPAUX",
    "Marie-Line PLOUVIEZ",
    "Steeve BRIOIS",
    "Ludovic PAJOT",
]
CP_EXCUSED = ["Sébastien CHOCHOIS", "Pierre GEORGET", "Bruno COUSEIN"]
# seed 001: "Pour : 42 voix" = 39 present + the 3 excused, who gave their proxy ("pouvoir",
# CGCT L.3121-14-1). The deliberation does not name who held them: the demo gives each one to
# a present member of the same group (illustrative).
CP_PROXIES = {
    "Sébastien CHOCHOIS": "Laurent DUPORGE",
    "Pierre GEORGET": "Karine GAUTHIER",
    "Bruno COUSEIN": "Alain MEQUIGNON",
}
CP_NON_VOTING = ["Emmanuelle LEVEUGLE", "Jean-Louis COTTIGNY"]
CP_EXCUSED_NON_VOTING = ["Michel DAGBERT", "Bertrand PETIT", "Jean-Marc TELLIER"]

DELIBERATION_2023_121 = {
    "number": "2023-121",
    "title": "Convention pluriannuelle d'objectifs et de moyens avec la Fédération des Acteurs "
    "de la Solidarité",
    "text": "\n\n".join(
        [
            "Article 1 : D'attribuer à la Fédération des Acteurs de la Solidarité (FAS) des "
            "Hauts-de-France, une participation financière annuelle d'un montant de "
            "20 000 €, pour toute la durée de la convention, soit 60 000 € sur 3 ans, selon "
            "les modalités définies au rapport joint à la présente délibération.",
            "Article 2 : D'autoriser le Président du Conseil départemental à signer, au nom "
            "et pour le compte du Département, avec la Fédération des Acteurs de la "
            "Solidarité (FAS) des Hauts-de-France, la convention-cadre de partenariat et "
            "d'objectifs 2023-2025 précisant les modalités et les conditions d'utilisation "
            "et de contrôle de l'emploi de la participation départementale, dans les termes "
            "du projet joint en annexe à la présente délibération.",
            "Article 3 : La dépense versée en application de l'article 1 de la présente "
            "délibération est imputée sur le budget départemental comme suit : code "
            "opération C02-585F01, imputation budgétaire 6568/93428, libellé « Partenariats "
            "transversaux », AE 375 000,00 €, dépense 60 000,00 €.",
        ]
    ),
    "votes": (42, 0, 0),  # seed 001: Pour 42, Contre 0, Abstention 0 — (Adopté)
    # seed 001: "Envoi au contrôle de légalité le : 19 avril 2023 — Publication électronique
    # le : 19 avril 2023": enforceable from that day, before the convention is signed.
    "sent_to_control_on": D(2023, 4, 19),
    "published_on": D(2023, 4, 19),
}

# Committees: key → fields. Meetings: (agenda, date or day offset, place, status, minutes).
COMMITTEES = {
    "cp62": {
        "name": "Commission Permanente du Conseil départemental du Pas-de-Calais",
        "kind": "standing_commission",
        "convention": None,
        "organisation": "cd62",
        "frequency": "as_needed",
        "chair": "Jean-Claude LEROY, Président du Conseil départemental",
        "members": [],
        "meetings": [
            (
                "Rapport n° 56 : convention pluriannuelle d'objectifs et de moyens avec la "
                "Fédération des Acteurs de la Solidarité.",
                D(2023, 3, 20),  # seed 001
                "Arras",
                "held",
                "Secrétaire de séance : Marie-Line PLOUVIEZ. Délibération n° 2023-121 adoptée "
                "(pour 42, contre 0, abstention 0).",
            ),
            (
                "Attribution des mesures d'Accompagnement Social Renforcé au Logement aux "
                "CHRS retenus après l'appel à candidatures.",
                D(2019, 11, 4),  # seed 004 §6.d
                "Arras",
                "held",
                "",
            ),
        ],
    },
    "copil-fas": {
        "name": "Comité de pilotage de la CPOM FAS 2023-2025",
        "kind": "steering",
        "convention": "2023-121",
        "organisation": "cd62",
        # seed 001 art. 5: "au minimum une fois par an, en début d'année" (first quarter).
        "frequency": "yearly_early",
        "chair": "Un représentant du Département et le Président de la FAS",
        "secretary": "agent.departement",
        "members": [
            ("cd62", "Nadia Mouquet", "Secrétariat général du Pôle solidarités", True),
            ("fas", "Hugues DENIELE", "Président de la FAS", True),
        ],
        "meetings": [
            (
                "Examen des réalisations 2023 et axes de travail communs pour 2024.",
                D(2024, 1, 30),
                "Arras",
                "held",
                "Bilan 2023 présenté ; programme d'actions prévisionnel 2024 arrêté.",
            ),
            (
                "Examen des réalisations 2024 et axes de travail communs pour 2025.",
                D(2025, 1, 28),
                "Arras",
                "held",
                "",
            ),
        ],
    },
    "cotech-fas": {
        "name": "Comité technique de la CPOM FAS 2023-2025",
        "kind": "technical",
        "convention": "2023-121",
        "organisation": "cd62",
        "frequency": "yearly",  # seed 001 art. 5
        "chair": "",
        "members": [
            ("cd62", "Nadia Mouquet", "Secrétariat général du Pôle solidarités", True),
            ("fas", "Élodie Masquelier", "Chargée de mission", True),
        ],
        "meetings": [
            (
                "Revue de projets des trois fiches actions et ajustements.",
                D(2024, 6, 18),
                "Lille",
                "held",
                "",
            ),
        ],
    },
    "copil-soliha-mta": {
        "name": "Comité de pilotage SOLiHA MN × Marcq Terre d'Accueil",
        "kind": "steering",
        "convention": "SOLIHA-MTA-2021",
        "organisation": "soliha",
        "frequency": "twice_a_year",  # seed 000 art. IV: twice a year
        "seats_per_organisation": 2,  # seed 000 art. IV: two representatives per structure
        "chair": "",
        "members": [
            ("soliha", "Thomas Roussel", "Directeur Général Adjoint", True),
            ("soliha", "Claire Wattelle", "Responsable de service Hébergements d'Urgence", True),
            ("mta", "Jean-Marie DUMORTIER", "Président M.T.A", True),
            ("mta", "M. HARQUET", "Administrateur M.T.A", True),
        ],
        "meetings": [
            (
                "Accord sur le suivi de nouveaux ménages ; évaluation des suivis en cours.",
                -230,
                "Croix",
                "held",
                "Accord de chaque structure pour le suivi du ménage SMN-MTA-001.",
            ),
            (
                "Bilan annuel aux conseils d'administration ; indicateurs de suivi.",
                -40,
                "Marcq-en-Barœul",
                "held",
                "Demande de suivi du ménage SMN-MTA-002 : accord de SOLiHA MN, MTA réserve "
                "sa réponse.",
            ),
        ],
    },
    "comop-soliha-mta": {
        "name": "Comité opérationnel SOLiHA MN × Marcq Terre d'Accueil",
        "kind": "operational",
        "convention": "SOLIHA-MTA-2021",
        "organisation": "soliha",
        "frequency": "monthly",  # seed 000 art. IV: monthly
        "chair": "",
        "members": [
            ("soliha", "Claire Wattelle", "Responsable de service Hébergements d'Urgence", True),
            ("soliha", "Camille Vasseur", "Travailleuse sociale", True),
            ("mta", "Jean-Marie DUMORTIER", "Président M.T.A", True),
            ("mta", "Pauline Hennebelle", "Accompagnante bénévole", True),
        ],
        "meetings": [
            ("Suivi des ménages — réunion mensuelle (1)", -88, "Croix", "held", ""),
            ("Suivi des ménages — réunion mensuelle (2)", -60, "Marcq-en-Barœul", "held", ""),
            ("Suivi des ménages — réunion mensuelle (3)", -32, "Croix", "held", ""),
            ("Suivi des ménages — réunion mensuelle (4)", 3, "Marcq-en-Barœul", "planned", ""),
        ],
    },
    "tech-udccas": {
        "name": "Rencontres techniques UDCCAS du Nord – DGA Solidarité",
        "kind": "technical",
        "convention": "CD59-UDCCAS-2019-2021",
        "organisation": "cd59",
        "frequency": "twice_a_year",  # seed 002 §V: two meetings a year
        "chair": "",
        "members": [],
        "meetings": [
            (
                "Retours des CCAS et des DTPAS ; plan d'actions 2019.",
                D(2019, 5, 14),
                "Lille",
                "held",
                "",
            ),
            (
                "Atteinte des objectifs du plan d'actions, avec les Directeurs territoriaux "
                "et un responsable de CCAS par territoire.",
                D(2019, 11, 19),
                "Lille",
                "held",
                "",
            ),
        ],
    },
    "elus-udccas": {
        "name": "Rencontre annuelle des élus Département du Nord – UDCCAS du Nord",
        "kind": "elected",
        "convention": "CD59-UDCCAS-2019-2021",
        "organisation": "cd59",
        "frequency": "yearly",  # seed 002 §V: one meeting of the elected members a year
        "chair": "",
        "members": [
            ("cd59", "Jean-René LECERF", "Président du Département du Nord", True),
            ("udccas59", "Roméo RAGAZZO", "Président de l'UDCCAS du Nord", True),
        ],
        "meetings": [
            (
                "Point sur la mise en œuvre de la convention cadre.",
                D(2019, 12, 10),
                "Lille",
                "held",
                "",
            ),
        ],
    },
    "copil-humanicite": {
        "name": "Comité de pilotage de la médiation sociale Humanicité",
        "kind": "steering",
        "convention": "MEDIATION-HUMANICITE-2019",
        "organisation": "asl",
        "frequency": "launch_midterm_yearly",  # seed 003 §VI: launch, mid-term, annual review
        "chair": "",
        "members": [
            ("asl", "Jean-Gabriel PRIEUR", "Président", True),
            ("capinghem", "Christian MATHON", "Maire", True),
            ("lille-lomme", "Roger VICOT", "Maire délégué de Lomme", True),
            ("citeo", "Karim Delval", "Manager coordinateur Pôle Vie de la Cité", True),
        ],
        "meetings": [
            (
                "Lancement : objectifs, indicateurs et plan d'actions 2019.",
                D(2019, 7, 4),
                "Capinghem",
                "held",
                "",
            ),
            ("Bilan à mi-parcours.", D(2019, 10, 3), "Lomme", "held", ""),
        ],
    },
    "suivi-humanicite": {
        "name": "Comité de suivi de la médiation sociale Humanicité",
        "kind": "follow_up",
        "convention": "MEDIATION-HUMANICITE-2019",
        "organisation": "asl",
        "frequency": "monthly",  # seed 003 §VI: monthly
        "chair": "",
        "members": [
            ("citeo", "Karim Delval", "Manager coordinateur Pôle Vie de la Cité", True),
            ("asl", "Jean-Gabriel PRIEUR", "Représentant du Conseil de Direction", True),
        ],
        "meetings": [
            ("Suivi des activités de septembre 2019.", D(2019, 9, 26), "Capinghem", "held", ""),
            ("Suivi des activités d'octobre 2019.", D(2019, 10, 24), "Capinghem", "held", ""),
            ("Suivi des activités de novembre 2019.", D(2019, 11, 28), "Capinghem", "held", ""),
        ],
    },
    "parcours-complexes": {
        "name": "Commission des parcours complexes Logement d'abord",
        "kind": "complex_cases",
        "convention": "ASRL-62-2019",
        "organisation": "cd62",
        "frequency": "as_needed",  # seed 004 §4
        "chair": "",
        "members": [
            ("cd62", "Julien Deleforge", "Coordinateur Logement d'abord — Artois", True),
            ("cd62", "Agathe Ternisien", "Coordinatrice Logement d'abord — Lens-Hénin", True),
            ("cd62", "Bruno Lesage", "Chef du SLISL de l'Artois", True),
        ],
        "meetings": [
            (
                "Situations de parcours complexes — Artois et Lens-Hénin.",
                D(2019, 11, 26),
                "Béthune",
                "held",
                "",
            ),
        ],
    },
    "jury-asrl": {
        "name": "Jury de sélection de l'appel à candidatures ASRL 2019",
        "kind": "jury",
        "convention": "ASRL-62-2019",
        "organisation": "cd62",
        "frequency": "as_needed",
        "chair": "",
        # seed 004 §6.d: the Département and the three EPCI concerned.
        "members": [
            ("cd62", "Nadia Mouquet", "Direction du Développement des Solidarités", True),
            ("cabbalr", "Olivier Gosselin", "Représentant de la CABBALR", True),
            ("call", "Martine Lecomte", "Représentante de la CALL", True),
            ("cahc", "Farid Bensaïd", "Représentant de la CAHC", True),
        ],
        "meetings": [
            (
                "Examen des candidatures ASRL et avis du jury.",
                D(2019, 9, 25),
                "Arras",
                "held",
                "Avis favorable aux trois candidatures.",
            ),
        ],
    },
}

ACTION_PLANS = [
    {
        "convention": "2023-121",
        "period": "year",
        "period_start": D(2024, 1, 1),
        "objectives": "Programme d'actions prévisionnel 2024 de la FAS (fiches actions 1 à 3).",
        "planned_actions": "\n".join(
            [
                "Quatre rencontres territoriales des adhérents.",
                "Commissions Habitat, Hébergement, SIAO et Emploi/IAE.",
                "Cycle d'information sur le Logement d'abord.",
            ]
        ),
        "indicators": "Indicateurs des fiches actions 1 à 3.",
        "transmitted_on": D(2024, 2, 12),
    },
    {
        "convention": "MEDIATION-HUMANICITE-2019",
        "period": "year",
        "period_start": D(2019, 1, 1),
        "objectives": "\n".join(MEDIATION_AXES),  # seed 003 §II: the four axes
        "planned_actions": "Feuille de route annuelle co-définie avec le commanditaire (§IV.2).",
        "indicators": "Heures de médiation (1 607 h/an, 35 h/semaine) ; relevés d'activité.",
        "transmitted_on": D(2019, 7, 4),
    },
    {
        "convention": "MEDIATION-HUMANICITE-2019",
        "period": "month",
        "period_start": D(2019, 9, 1),
        "objectives": "Déclinaison opérationnelle de septembre 2019 (§IV.2).",
        "planned_actions": "Présence de proximité renforcée à la rentrée ; réunion d'habitants.",
        "indicators": "",
        "transmitted_on": D(2019, 8, 29),
    },
    {
        "convention": "CD59-UDCCAS-2019-2021",
        "period": "year",
        "period_start": D(2019, 1, 1),
        # seed 002 §III-1: the four themes of the common commitments, one objective each.
        "objectives": "\n".join(
            [
                "Accès aux droits : rechercher des collaborations avec les institutions dont "
                "les évolutions mettent en difficulté les publics fragiles.",
                "Collaboration intercommunale en matière sociale : sensibiliser les élus à la "
                "démarche.",
                "Accueil et travail social : initier des temps de sensibilisation communs, "
                "favorisant les coopérations.",
                "Insertion : optimiser les modes d'accompagnement des allocataires du RSA, afin "
                "de favoriser le retour à l'emploi.",
            ]
        ),
        # seed 002 §V: studied at the second yearly meeting of the technicians.
        "assessments": [
            (
                1,
                "achieved",
                "Interlocuteur privilégié obtenu auprès de la CAF du Nord.",
                D(2019, 11, 28),
            ),
            (
                2,
                "partly",
                "Support de communication rédigé ; sa diffusion aux élus reprend en 2020.",
                D(2019, 11, 28),
            ),
            (
                3,
                "not_achieved",
                "Besoins recensés auprès des CCAS et des UTPAS ; aucun temps commun encore tenu.",
                D(2019, 11, 28),
            ),
        ],
        "planned_actions": "\n".join(
            [
                "Demande conjointe d'un interlocuteur privilégié à la CAF du Nord.",
                "Support de communication sur la coopération intercommunale en matière sociale.",
                "Formations communes sur l'accès au logement et la prévention des expulsions.",
            ]
        ),
        "indicators": "",
        "transmitted_on": D(2019, 3, 29),
    },
]

ANNUAL_REPORT_2023 = {
    "convention": "2023-121",
    "year": 2023,
    "status": "submitted",
    "activity_summary": (
        "Rapport d'activités 2023 : état de réalisation des trois fiches actions (animation "
        "de réseau ; veille sociale, hébergement, logement ; IAE / RSA)."
    ),
    "financial_summary": "Rapport financier certifié par le Président de la FAS (art. 6).",
    "submitted_on": D(2024, 3, 29),
}
