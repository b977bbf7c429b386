"""The conventions of the seeds: terms, parties, territories, amounts."""

import datetime as dt

from demo.data.years import YearDay

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
        # Demo: the mediation goes on; an amendment of the demo year extends it, so that the
        # partners read this year's hours (demo/data/activity.py, RECENT_ACTIVITY).
        "amendments": [
            (
                1,
                YearDay(0, 1, 10),
                "Reconduction de la mission de médiation sociale pour l'année en cours et la "
                "suivante, aux mêmes conditions de financement (§VII).",
                YearDay(1, 12, 31),
            ),
        ],
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
        # Demo: the measures go on (ASRL was renewed after 2020); an amendment of the demo
        # year extends the convention, so that today's households are followed under it.
        "amendments": [
            (
                1,
                YearDay(0, 1, 15),
                "Reconduction du dispositif ASRL : la convention est prolongée jusqu'au "
                "31 décembre de l'année suivante, aux mêmes conditions (45 mesures).",
                YearDay(1, 12, 31),
            ),
        ],
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
    {
        # Demo (fictional): the CPOM that follows 2023-121, on the same terms (20 000 € a
        # year, 70 % then 30 %), dated from the demo year so that the département's figures
        # of the year are not empty. Seed 001 art. 8 rules out a tacit renewal: a new one.
        "reference": "CPOM-FAS-SUITE",
        "title": (
            "Convention-cadre pluriannuelle d'objectifs et de moyens {first}-{last} entre le "
            "Département du Pas-de-Calais et la Fédération des Acteurs de la Solidarité "
            "des Hauts-de-France (suite de la convention 2023-121)"
        ),
        "kind": "cpom",
        "purpose": (
            "Poursuivre la coopération engagée par la convention 2023-121 : tête de réseau, "
            "place des usagers, veille sociale, hébergement et logement, IAE et RSA."
        ),
        "start_date": YearDay(0, 1, 1),
        "end_date": YearDay(2, 12, 31),
        "renewal_policy": "none",
        "notice_months": 0,
        "signed_on": YearDay(-1, 12, 18),
        "signed_at": "Arras",
        "territories": ["pas-de-calais"],
        "parties": [
            ("cd62", "funder", "Jean-Claude LEROY", YearDay(-1, 12, 18)),
            ("fas", "beneficiary", "Hugues DENIELE", YearDay(-1, 12, 18)),
        ],
        "commitments": {
            "cd62": [
                (
                    "Verser 20 000 € par an : 70 % à la signature (première année) ou à la "
                    "transmission du programme d'actions prévisionnel, puis le solde de 30 % "
                    "après validation du bilan de l'année.",
                    None,
                ),
            ],
            "fas": [
                (
                    "Transmettre le programme d'actions prévisionnel de l'année suivante.",
                    YearDay(1, 1, 31),
                ),
            ],
        },
    },
]
