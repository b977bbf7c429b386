"""Conventions, action sheets and mediation activity of the seeds."""

import datetime as dt
from decimal import Decimal

D = dt.date

# ------------------------------------------------------------------------- conventions
# parties: (organisation key, role, representative full name or None, signed on)
CONVENTIONS = [
    {
        "reference": "2023-121",  # seed 001: deliberation n° 2023-121
        "title": (
            "Convention-cadre pluriannuelle d'objectifs et de moyens 2023-2025 entre le "
            "Département du Pas-de-Calais et la Fédération des Acteurs de la Solidarité "
            "des Hauts-de-France"
        ),
        "kind": "cpom",
        "purpose": (
            "Définir les ambitions partagées dans le cadre du Pacte des solidarités humaines, "
            "promouvoir la coopération, la prévention et l'innovation afin de co-construire "
            "des réponses de qualité aux personnes vulnérables, et associer la FAS à la "
            "construction, à la mise en œuvre, au suivi et à l'évaluation des politiques de "
            "solidarités du Département (art. 3). Axes de coopération : fonction de tête de "
            "réseau de la FAS ; place des usagers ; veille sociale, hébergement, logement, "
            "IAE et RSA, jeunes ; accès aux droits et accueil social inconditionnel de "
            "proximité ; adaptation de l'action du réseau aux territoires."
        ),
        # seed 001 art. 8: 1 January 2023 to 31 December 2025, never tacitly renewed.
        "start_date": D(2023, 1, 1),
        "end_date": D(2025, 12, 31),
        "renewal_policy": "none",
        "notice_months": 0,
        # The seed leaves the signature date blank ("Arras, le"); the demo signs it after
        # the deliberation was sent to the legality check (19 April 2023).
        "signed_on": D(2023, 4, 28),
        "signed_at": "Arras",
        "territories": ["pas-de-calais"],
        "parties": [
            ("cd62", "funder", "Jean-Claude LEROY", D(2023, 4, 28)),
            ("fas", "beneficiary", "Hugues DENIELE", D(2023, 4, 28)),
        ],
        "commitments": {
            "cd62": [
                (
                    "Ouvrir une autorisation d'engagement de 60 000,00 € au Budget Primitif "
                    "2023, soit 20 000 € de crédits de paiement par an de 2023 à 2025 "
                    "(art. 4.1).",
                    None,
                ),
                (
                    "Verser chaque année 70 % de la participation à la signature (2023) ou à "
                    "la transmission du programme d'actions prévisionnel (années suivantes), "
                    "puis le solde de 30 % après validation du bilan de l'année (art. 4.2).",
                    None,
                ),
            ],
            "fas": [
                (
                    "Communiquer chaque année un rapport d'activités, un rapport financier "
                    "certifié et une copie certifiée du budget (art. 6).",
                    D(2024, 6, 30),
                ),
                (
                    "Porter immédiatement à la connaissance du Département tout fait de "
                    "nature à entraîner la non-réalisation ou la réalisation partielle des "
                    "actions programmées (art. 6).",
                    None,
                ),
                (
                    "Faire état de l'aide départementale sur ses supports de communication et "
                    "respecter la charte des partenaires du Département (art. 7).",
                    None,
                ),
            ],
        },
    },
    {
        "reference": "SOLIHA-MTA-2021",
        "title": (
            "Convention cadre de partenariat relative à l'accueil et l'accompagnement de "
            "ménages défavorisés, fragiles et vulnérables dans l'accès et le maintien au "
            "logement"
        ),
        "kind": "framework",
        "purpose": (
            "Formaliser les accords partenariaux autour d'une collaboration entre les "
            "professionnels de SOLiHA Métropole Nord et les bénévoles de Marcq Terre "
            "d'Accueil, dans un accompagnement centré sur la compétence d'autonomie "
            "d'habiter (art. I). Public : ménages confrontés au mal-logement dans la "
            "Métropole lilloise (art. II). Un projet d'intervention par ménage suivi précise "
            "les actions de chaque structure."
        ),
        # seed 000 art. VII: one year, renewable; signed at Croix on 16 February 2021.
        "start_date": D(2021, 2, 16),
        "end_date": D(2022, 2, 15),
        "renewal_policy": "by_decision",
        "notice_months": 0,
        "signed_on": D(2021, 2, 16),
        "signed_at": "Croix",
        "territories": ["metropole-lilloise"],
        "parties": [
            ("soliha", "signatory", "Marie-Françoise LAVIEVILLE", D(2021, 2, 16)),
            ("mta", "signatory", "Jean-Marie DUMORTIER", D(2021, 2, 16)),
        ],
        "commitments": {
            # seed 000 art. III
            "soliha": [
                (
                    "Informer les communes du projet et de la mise à disposition d'un "
                    "logement dans le cadre de ce partenariat.",
                    None,
                ),
                (
                    "Informer les communes et les partenaires sociaux du déroulement de la "
                    "prise en charge des ménages concernés.",
                    None,
                ),
                (
                    "Proposer des situations de ménages correspondant au public visé, logés "
                    "ou hébergés au sein du parc de SOLiHA MN.",
                    None,
                ),
                (
                    "Mettre en place un accompagnement social global adapté et individuel, "
                    "en complémentarité de l'intervention des bénévoles de MTA.",
                    None,
                ),
                (
                    "Proposer systématiquement un accompagnement social par un travailleur "
                    "social diplômé, coordonné avec les autres partenaires.",
                    None,
                ),
                (
                    "Co-animer les rencontres de suivi des ménages et participer aux "
                    "instances de pilotage et d'échanges de pratiques.",
                    None,
                ),
            ],
            "mta": [
                (
                    "Assurer un accompagnement de proximité relatif à tous les champs de la "
                    "vie quotidienne de la famille (santé, éducation, emploi, maintien du "
                    "logement) par un contact de proximité régulier.",
                    None,
                ),
            ],
        },
        # Demo: the convention is renewed by express decision of the steering committee
        # (art. VII), so that the joint programme is in force today.
        "amendments": [
            (
                1,
                D(2022, 1, 18),
                "Reconduction expresse de la convention pour deux ans, décidée en comité "
                "de pilotage (art. VII).",
                D(2024, 2, 15),
            ),
            (
                2,
                D(2024, 1, 16),
                "Nouvelle reconduction expresse de la convention pour trois ans, décidée en "
                "comité de pilotage (art. VII).",
                D(2027, 2, 15),
            ),
        ],
    },
    {
        "reference": "CD59-UDCCAS-2019-2021",
        "title": (
            "Convention cadre de partenariat 2019-2021 entre le Département du Nord et "
            "l'Union Départementale des Centres Communaux d'Action Sociale du Nord"
        ),
        "kind": "framework",
        "purpose": (
            "Favoriser les coopérations entre le Département et les CCAS adhérents de "
            "l'UDCCAS du Nord : engagements communs déclinés par thématique dans un plan "
            "d'actions annuel (§III-1), coopération locale entre UTPAS et CCAS (§III-2), "
            "conventions locales UTPAS × CCAS (§IV) et conventions financières annuelles "
            "(§VI)."
        ),
        # seed 002 §VII: three years from signature; the seed prints "Fait à Lille le
        # 3/12/2013", which contradicts its 2019-2021 term, so the demo takes the term.
        "start_date": D(2019, 1, 1),
        "end_date": D(2021, 12, 31),
        "renewal_policy": "none",
        "notice_months": 3,  # seed 002 §VII: three months' notice by registered letter
        "signed_on": D(2019, 1, 1),
        "signed_at": "Lille",
        "territories": ["nord"],
        "parties": [
            ("cd59", "funder", "Jean-René LECERF", D(2019, 1, 1)),
            ("udccas59", "beneficiary", "Roméo RAGAZZO", D(2019, 1, 1)),
        ],
        "commitments": {
            "cd59": [
                (
                    "Partager les informations en amont de la mise en œuvre de ses "
                    "politiques sociales (§III).",
                    None,
                ),
                (
                    "Accompagner financièrement l'UDCCAS du Nord ; des conventions "
                    "financières fixent chaque année le montant des subventions (§VI).",
                    None,
                ),
            ],
            "udccas59": [
                (
                    "Favoriser la connaissance et l'appropriation des politiques "
                    "départementales par les CCAS adhérents et relayer leurs préoccupations "
                    "au Département (§III).",
                    None,
                ),
                (
                    "Définir et suivre avec le Département un plan d'actions annuel (§III-1).",
                    D(2019, 3, 31),
                ),
            ],
        },
    },
    {
        # Fictional local convention, as foreseen by seed 002 §IV.
        "reference": "CD59-UTPAS-CCAS-MARCQ-2020",
        "parent": "CD59-UDCCAS-2019-2021",
        "title": (
            "Convention locale de coopération entre l'UTPAS de Marcq-en-Barœul et le CCAS "
            "de Marcq-en-Barœul"
        ),
        "kind": "local",
        "purpose": (
            "Décliner localement la convention cadre : accueil des publics, réponse apportée "
            "et analyse partagée des enjeux du territoire (§III-2), temps d'immersion des "
            "professionnels et charte d'échange d'informations (§IV)."
        ),
        "start_date": D(2020, 3, 1),
        "end_date": D(2021, 12, 31),
        "renewal_policy": "none",
        "notice_months": 3,
        "signed_on": D(2020, 2, 27),
        "signed_at": "Marcq-en-Barœul",
        "territories": ["marcq"],
        "parties": [
            ("cd59", "signatory", "Véronique Desmettre", D(2020, 2, 27)),
            ("ccas-marcq", "signatory", "Sandrine Leurident", D(2020, 2, 27)),
        ],
        "commitments": {
            "ccas-marcq": [
                (
                    "Assurer un accueil conforme à la charte du premier accueil social "
                    "inconditionnel de proximité (§III-2).",
                    None,
                ),
            ],
            "cd59": [
                (
                    "Organiser deux temps d'immersion par an des professionnels de l'UTPAS "
                    "au CCAS (§IV).",
                    D(2020, 12, 31),
                ),
            ],
        },
    },
    {
        # Fictional annual financial convention, as foreseen by seed 002 §VI.
        "reference": "CD59-UDCCAS-FIN-2020",
        "parent": "CD59-UDCCAS-2019-2021",
        "title": "Convention financière 2020 entre le Département du Nord et l'UDCCAS du Nord",
        "kind": "annual_financial",
        "purpose": (
            "Fixer le montant de la subvention départementale de l'année 2020 après "
            "réception de la demande annuelle de l'UDCCAS du Nord (§VI)."
        ),
        "start_date": D(2020, 1, 1),
        "end_date": D(2020, 12, 31),
        "renewal_policy": "none",
        "notice_months": 0,
        "signed_on": D(2020, 4, 15),
        "signed_at": "Lille",
        "territories": ["nord"],
        "parties": [
            ("cd59", "funder", "Jean-René LECERF", D(2020, 4, 15)),
            ("udccas59", "beneficiary", "Roméo RAGAZZO", D(2020, 4, 15)),
        ],
        "commitments": {},
    },
    {
        "reference": "MEDIATION-HUMANICITE-2019",
        "title": (
            "Convention de coopération pour la médiation sociale du quartier Humanicité — "
            "Citéo, ASL Humanicité, Ville de Capinghem, Ville de Lille et sa commune "
            "associée de Lomme"
        ),
        "kind": "cooperation",
        "purpose": (
            "Poursuivre en 2019 la prestation de médiation sociale sur le quartier "
            "Humanicité (§I) selon quatre axes : amélioration du cadre de vie ; cohésion "
            "sociale et appropriation positive du quartier ; implication des usagers et "
            "acteurs du quartier ; évaluation partagée et modélisation (§II)."
        ),
        # seed 003: cost of 2019; the document is a June 2019 draft after the councils'
        # deliberations of 12 and 14 June 2019, the demo signs it at the end of June.
        "start_date": D(2019, 1, 1),
        "end_date": D(2019, 12, 31),
        "renewal_policy": "none",
        "notice_months": 0,
        "signed_on": D(2019, 6, 28),
        "signed_at": "Lomme",
        "territories": ["humanicite"],
        "parties": [
            ("asl", "commissioning", "Jean-Gabriel PRIEUR", D(2019, 6, 28)),
            ("capinghem", "funder", "Christian MATHON", D(2019, 6, 28)),
            ("lille-lomme", "funder", "Roger VICOT", D(2019, 6, 28)),
            ("citeo", "operator", "Caroline LE DANTEC", D(2019, 6, 28)),
        ],
        "commitments": {
            "citeo": [
                (
                    "Mettre à disposition un médiateur social sur une base annuelle de "
                    "1 607 heures et une moyenne hebdomadaire de 35 heures (§IV.1).",
                    None,
                ),
                (
                    "Enregistrer quotidiennement les activités de médiation et produire une "
                    "synthèse mensuelle et un tableau de bord (§IV.2, §VI).",
                    None,
                ),
                (
                    "Donner à chaque signataire des codes d'accès personnalisés aux données "
                    "de son propre périmètre (§VI).",
                    None,
                ),
            ],
            "asl": [
                ("Transmettre toute information sur le quartier et ses évolutions (§VI).", None),
                (
                    "Participer au suivi et à l'évaluation partagée des réalisations, "
                    "résultats et impacts de la médiation sociale (§VI).",
                    None,
                ),
            ],
            "capinghem": [
                (
                    "Désigner des interlocuteurs internes dédiés assurant l'interface "
                    "permanente avec Citéo (§VI).",
                    None,
                ),
            ],
            "lille-lomme": [
                (
                    "Désigner des interlocuteurs internes dédiés assurant l'interface "
                    "permanente avec Citéo (§VI).",
                    None,
                ),
            ],
        },
    },
    {
        # seed 004 §6.d: "une convention de financement avec la DDCS viendra préciser les
        # modalités de mise en œuvre"; the reference and dates are the demo's.
        "reference": "ASRL-62-2019",
        "title": (
            "Convention de financement de l'Accompagnement Social Renforcé au Logement — "
            "Logement d'abord Pas-de-Calais, septembre 2019 à décembre 2020"
        ),
        "kind": "funding",
        "purpose": (
            "Financer 45 mesures d'ASRL (5 000 € par personne et par an, hors enfants même "
            "majeurs) réparties entre l'Artois (20) et Lens-Hénin (25), mises en œuvre par "
            "des CHRS en accompagnement de type « CHRS hors les murs » (§2, §5)."
        ),
        "start_date": D(2019, 9, 1),
        "end_date": D(2020, 12, 31),
        "renewal_policy": "none",
        "notice_months": 0,
        "signed_on": D(2019, 11, 29),
        "signed_at": "Arras",
        "territories": ["artois", "lens-henin"],
        "parties": [
            ("ddcs62", "funder", None, D(2019, 11, 29)),
            ("cd62", "commissioning", "Jean-Claude LEROY", D(2019, 11, 29)),
            ("passerelles", "operator", "Nathalie Plancq", D(2019, 11, 29)),
            ("toit-commun", "operator", "Philippe Vanacker", D(2019, 11, 29)),
            ("escale", "operator", "Corinne Dhalluin", D(2019, 11, 29)),
        ],
        "commitments": {
            "ddcs62": [
                (
                    "Financer les mesures auprès des opérateurs retenus, sous réserve de "
                    "l'attribution des crédits par la DIHAL (§5).",
                    None,
                ),
            ],
            **{
                operator: [
                    (
                        "Accompagner chaque ménage 6 mois, avec un bilan intermédiaire à "
                        "3 mois, renouvelable une fois pour la même durée (§4).",
                        None,
                    ),
                    (
                        "Assurer 2 à 3 rencontres minimum de l'équipe éducative par semaine "
                        "et envoyer les bilans d'accompagnement aux coordinateurs (§4, §7).",
                        None,
                    ),
                ]
                for operator in ("passerelles", "toit-commun", "escale")
            },
        },
    },
]

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

# (day, activity index, hours, participants, organisations represented, notes) — fictional
ACTIVITY_RECORDS = [
    (D(2019, 9, 9), 0, Decimal("4.00"), 23, [], "Tournée du quartier, îlots en construction."),
    (D(2019, 9, 9), 3, Decimal("3.00"), 0, [], "Signalement d'un éclairage public défaillant."),
    (D(2019, 9, 10), 1, Decimal("2.50"), 4, ["asl"], "Conflit de stationnement apaisé."),
    (D(2019, 9, 10), 4, Decimal("4.50"), 6, ["lille-lomme"], "Orientation vers le CCAS."),
    (
        D(2019, 9, 17),
        5,
        Decimal("3.00"),
        18,
        ["asl", "capinghem", "lille-lomme"],
        "Réunion d'habitants sur les aménagements routiers.",
    ),
    (D(2019, 9, 17), 6, Decimal("4.00"), 12, ["asl"], "Préparation de la fête de quartier."),
    (D(2019, 10, 8), 2, Decimal("3.50"), 5, ["capinghem"], "Accompagnement en mairie."),
    (D(2019, 10, 8), 7, Decimal("3.50"), 30, [], "Information des nouveaux habitants."),
]

INCIDENT = {
    "occurred_on": D(2019, 10, 17),
    "kind": "Dégradation des parties communes",
    "place": "Quartier Humanicité, abords de la rue Léonard de Vinci",
    "description": (
        "Boîtes aux lettres forcées dans un hall d'immeuble ; le médiateur a sécurisé les "
        "lieux et informé le syndic. Fiche transmise aux partenaires désignés (seed 003 "
        "§V.2). Aucune donnée personnelle."
    ),
    "recipients": ["asl", "capinghem", "lille-lomme"],
}
