"""Territories, organisations and programmes of the seeds (public facts)."""

import datetime as dt

D = dt.date

# --------------------------------------------------------------------------- territories
# (key, name, kind, code, children). Département › territoire › EPCI › commune › quartier.
TERRITORIES = [
    (
        "pas-de-calais",
        "Pas-de-Calais",
        "department",
        "62",
        [
            # seed 004 §1: two Logement d'abord platforms, Artois and Lens-Hénin, on the
            # territory of the three EPCI of the mining basin (CALL, CAHC, CABBALR).
            (
                "artois",
                "Artois",
                "territory",
                "",
                [
                    (
                        "cabbalr",
                        "Communauté d'agglomération de Béthune-Bruay, Artois-Lys Romane",
                        "epci",
                        "",
                        [
                            ("bethune", "Béthune", "commune", "", []),
                            ("bruay", "Bruay-la-Buissière", "commune", "", []),
                            ("lillers", "Lillers", "commune", "", []),
                        ],
                    ),
                ],
            ),
            (
                "lens-henin",
                "Lens-Hénin",
                "territory",
                "",
                [
                    (
                        "call",
                        "Communauté d'agglomération de Lens-Liévin",
                        "epci",
                        "",
                        [
                            ("lens", "Lens", "commune", "", []),
                            ("lievin", "Liévin", "commune", "", []),
                            ("avion", "Avion", "commune", "", []),
                        ],
                    ),
                    (
                        "cahc",
                        "Communauté d'agglomération d'Hénin-Carvin",
                        "epci",
                        "",
                        [
                            ("henin", "Hénin-Beaumont", "commune", "", []),
                            ("carvin", "Carvin", "commune", "", []),
                        ],
                    ),
                ],
            ),
        ],
    ),
    (
        "nord",
        "Nord",
        "department",
        "59",
        [
            (
                "metropole-lilloise",
                "Métropole lilloise",
                "territory",
                "",
                [
                    ("marcq", "Marcq-en-Barœul", "commune", "", []),
                    ("croix", "Croix", "commune", "", []),
                    ("lille", "Lille", "commune", "", []),
                    ("lomme", "Lomme", "commune", "", []),
                    (
                        "capinghem",
                        "Capinghem",
                        "commune",
                        "",
                        # seed 003 §I: the quartier straddles Lille-Lomme and Capinghem; a
                        # territory has one parent, so the demo files it under Capinghem.
                        [("humanicite", "Quartier Humanicité", "district", "", [])],
                    ),
                ],
            ),
        ],
    ),
]

# ------------------------------------------------------------------------- organisations
# key → fields; `contacts` are (full name, title) of the representatives named by the seeds.
ORGANISATIONS = {
    "cd62": {
        "name": "Département du Pas-de-Calais",
        "short_name": "Département du Pas-de-Calais",
        "kind": "department",
        # seed 001: Hôtel du Département, rue Ferdinand Buisson, 62018 Arras Cedex 9.
        "address": "Hôtel du Département, rue Ferdinand Buisson",
        "postal_code": "62018",
        "city": "Arras",
        "territories": ["pas-de-calais"],
        "contacts": [
            ("Jean-Claude LEROY", "Président du Conseil départemental"),  # seed 001
            ("Maryline VINCLAIRE", "Directrice Générale des Services"),  # seed 001
            ("Marie PERRIER", "Direction du Développement des Solidarités"),  # seed 004 §8
            ("Amélie DELAVAL", "Direction du Développement des Solidarités"),  # seed 004 §8
        ],
    },
    "cd59": {
        "name": "Département du Nord",
        "short_name": "Département du Nord",
        "kind": "department",
        "city": "Lille",
        "territories": ["nord"],
        "contacts": [
            ("Jean-René LECERF", "Président du Département du Nord"),  # seed 002
            # Fictional: the head of the UTPAS that signs the demo local convention.
            ("Véronique Desmettre", "Responsable de l'UTPAS de Marcq-en-Barœul"),
        ],
    },
    "fas": {
        "name": "Fédération des Acteurs de la Solidarité Hauts-de-France",
        "short_name": "FAS Hauts-de-France",
        "kind": "federation",
        "city": "Lille",  # seed 001 art. 3: the regional seat is in Lille
        "territories": ["pas-de-calais", "nord"],
        "contacts": [("Hugues DENIELE", "Président")],  # seed 001
    },
    "udccas59": {
        "name": "Union Départementale des Centres Communaux d'Action Sociale du Nord",
        "short_name": "UDCCAS du Nord",
        "kind": "federation",
        "territories": ["nord"],
        "contacts": [("Roméo RAGAZZO", "Président de l'UDCCAS du Nord")],  # seed 002
    },
    "soliha": {
        "name": "SOLiHA Métropole Nord",
        "short_name": "SOLiHA MN",
        "kind": "association",
        "address": "112, rue Gustave Dubled",  # seed 000
        "postal_code": "59170",
        "city": "Croix",
        "territories": ["metropole-lilloise"],
        "contacts": [("Marie-Françoise LAVIEVILLE", "Présidente")],  # seed 000
    },
    "mta": {
        "name": "Marcq Terre d'Accueil",
        "short_name": "MTA",
        "kind": "association",
        "address": "21 rue du Général Gallieni",  # seed 000
        "postal_code": "59700",
        "city": "Marcq-en-Barœul",
        "territories": ["marcq"],
        "contacts": [
            ("Jean-Marie DUMORTIER", "Président"),  # seed 000
            ("M. HARQUET", "Administrateur"),  # seed 000 art. V.1
            ("Mme PRUVOST", "Administratrice"),  # seed 000 art. V.1
        ],
    },
    "citeo": {
        "name": "Citéo Ademn",
        "short_name": "Citéo",
        "kind": "mediation_operator",
        "address": "71 rue de Paris",  # seed 003
        "postal_code": "59000",
        "city": "Lille",
        "territories": ["humanicite"],
        "contacts": [("Caroline LE DANTEC", "Directrice Générale")],  # seed 003
    },
    "asl": {
        "name": "Association Syndicale Libre Humanicité",
        "short_name": "ASL Humanicité",
        "kind": "other",
        "address": "5 rue Léonard de Vinci, appartement 53",  # seed 003
        "postal_code": "59160",
        "city": "Capinghem",
        "territories": ["humanicite"],
        "contacts": [("Jean-Gabriel PRIEUR", "Président")],  # seed 003
    },
    "capinghem": {
        "name": "Ville de Capinghem",
        "short_name": "Capinghem",
        "kind": "commune",
        "address": "58bis rue Poincaré",  # seed 003
        "postal_code": "59160",
        "city": "Capinghem",
        "territories": ["capinghem"],
        "contacts": [("Christian MATHON", "Maire")],  # seed 003
    },
    "lille-lomme": {
        "name": "Ville de Lille et sa commune associée de Lomme",
        "short_name": "Lille-Lomme",
        "kind": "commune",
        "address": "72 avenue de la République",  # seed 003
        "postal_code": "59160",
        "city": "Lomme",
        "territories": ["lille", "lomme"],
        "contacts": [("Roger VICOT", "Maire délégué de Lomme")],  # seed 003
    },
    "dihal": {
        "name": "Délégation interministérielle à l'hébergement et à l'accès au logement",
        "short_name": "DIHAL",
        "kind": "state_service",
        "city": "Paris",
    },
    "ddcs62": {
        "name": "Direction Départementale de la Cohésion Sociale du Pas-de-Calais",
        "short_name": "DDCS du Pas-de-Calais",
        "kind": "state_service",
        "city": "Arras",
        "territories": ["pas-de-calais"],
    },
    "cabbalr": {
        "name": "Communauté d'agglomération de Béthune-Bruay, Artois-Lys Romane",
        "short_name": "CABBALR",
        "kind": "epci",
        "city": "Béthune",
        "territories": ["cabbalr"],
    },
    "call": {
        "name": "Communauté d'agglomération de Lens-Liévin",
        "short_name": "CALL",
        "kind": "epci",
        "city": "Lens",
        "territories": ["call"],
    },
    "cahc": {
        "name": "Communauté d'agglomération d'Hénin-Carvin",
        "short_name": "CAHC",
        "kind": "epci",
        "city": "Hénin-Beaumont",
        "territories": ["cahc"],
    },
    "siao62": {
        "name": "SIAO du Pas-de-Calais",
        "short_name": "SIAO 62",
        "kind": "association",
        "territories": ["pas-de-calais"],
    },
    # Fictional ASRL operators (seed 004 §6: CHRS managers already working in the area).
    "passerelles": {
        "name": "Association Les Passerelles de l'Artois",
        "short_name": "Les Passerelles",
        "kind": "chrs_manager",
        "address": "14 rue des Tilleuls",
        "postal_code": "62400",
        "city": "Béthune",
        "network": "fas",
        "territories": ["artois"],
        "contacts": [("Nathalie Plancq", "Directrice")],
    },
    "toit-commun": {
        "name": "Association Toit Commun Lens-Hénin",
        "short_name": "Toit Commun",
        "kind": "chrs_manager",
        "address": "3 place des Mineurs",
        "postal_code": "62300",
        "city": "Lens",
        "network": "fas",
        "territories": ["lens-henin"],
        "contacts": [("Philippe Vanacker", "Directeur")],
    },
    "escale": {
        "name": "Association L'Escale du Bassin minier",
        "short_name": "L'Escale",
        "kind": "chrs_manager",
        "address": "8 rue de la Fosse 4",
        "postal_code": "62110",
        "city": "Hénin-Beaumont",
        "network": "fas",
        "territories": ["lens-henin"],
        "contacts": [("Corinne Dhalluin", "Présidente")],
    },
    "ccas-marcq": {
        "name": "CCAS de Marcq-en-Barœul",
        "short_name": "CCAS de Marcq",
        "kind": "ccas",
        "city": "Marcq-en-Barœul",
        "network": "udccas59",
        "territories": ["marcq"],
        "contacts": [("Sandrine Leurident", "Directrice du CCAS")],  # fictional
    },
    "ccas-lens": {
        "name": "CCAS de Lens",
        "short_name": "CCAS de Lens",
        "kind": "ccas",
        "city": "Lens",
        "territories": ["lens"],
    },
}

# ------------------------------------------------------------------------- programmes
PROGRAMMES = {
    # seed 004 §4: 6 months, review at 3, renewable once for the same length, 2 to 3
    # meetings a week; §5: one measure per adult and per year.
    "asrl": {
        "name": "Accompagnement Social Renforcé au Logement (ASRL)",
        "convention": "ASRL-62-2019",
        "duration_months": 6,
        "review_after_months": 3,
        "renewals_allowed": 1,
        "renewal_months": 6,
        "min_contacts_per_week": 2,
        "requires_each_partner_approval": False,
        "counts_measures": True,
        # seed 004 §2 and §6.a: the needs the accompaniment must cover.
        "domains": [
            ("acces-droits", "Accès aux droits"),
            ("sante", "Accès à la santé"),
            ("vie-quotidienne", "Vie quotidienne"),
            ("insertion", "Insertion sociale et professionnelle"),
            ("parentalite", "Parentalité"),
        ],
    },
    # seed 000 art. III: 24 months, renewed if need be; art. IV: each structure agrees.
    "soliha-mta": {
        "name": "Accompagnement conjoint professionnels-bénévoles SOLiHA × MTA",
        "convention": "SOLIHA-MTA-2021",
        "duration_months": 24,
        "review_after_months": None,
        "renewals_allowed": None,
        "renewal_months": 24,
        "min_contacts_per_week": 0,
        "requires_each_partner_approval": True,
        "counts_measures": False,
        # seed 000, preamble: the five axes of Marcq Terre d'Accueil's volunteers.
        "domains": [
            ("pre-accueil", "Actions de pré-accueil et d'accueil"),
            ("vie-appartement", "Vie dans l'appartement et l'environnement de proximité"),
            ("sante-scolarite", "Actions sanitaires et scolaires"),
            ("insertion", "Accompagnement à l'insertion sociale et professionnelle"),
            ("soutien-financier", "Soutien financier ponctuel"),
        ],
    },
}
