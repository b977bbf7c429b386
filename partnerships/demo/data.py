"""What the demo loads, as plain Python data.

Public facts (organisations, signatories, references, dates, amounts, votes) come from the
five source documents and cite them (`# seed 001 art. 4.2`). Everything about people who
are followed (households, their members) and every user account is fictional. Where a
seed leaves a value open (a signature date, a meeting date), the demo picks one and says
so in a comment.

Dates given as an `int` are a number of days from the day the demo is loaded (negative:
in the past), so that the follow-up of households stays current; all other dates are fixed.
"""

import datetime as dt
import unicodedata
from decimal import Decimal

D = dt.date

PASSWORD = "maillage-demo-2026"

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
    "cd62": dict(
        name="Département du Pas-de-Calais",
        short_name="Département du Pas-de-Calais",
        kind="department",
        # seed 001: Hôtel du Département, rue Ferdinand Buisson, 62018 Arras Cedex 9.
        address="Hôtel du Département, rue Ferdinand Buisson",
        postal_code="62018",
        city="Arras",
        territories=["pas-de-calais"],
        contacts=[
            ("Jean-Claude LEROY", "Président du Conseil départemental"),  # seed 001
            ("Maryline VINCLAIRE", "Directrice Générale des Services"),  # seed 001
            ("Marie PERRIER", "Direction du Développement des Solidarités"),  # seed 004 §8
            ("Amélie DELAVAL", "Direction du Développement des Solidarités"),  # seed 004 §8
        ],
    ),
    "cd59": dict(
        name="Département du Nord",
        short_name="Département du Nord",
        kind="department",
        city="Lille",
        territories=["nord"],
        contacts=[
            ("Jean-René LECERF", "Président du Département du Nord"),  # seed 002
            # Fictional: the head of the UTPAS that signs the demo local convention.
            ("Véronique Desmettre", "Responsable de l'UTPAS de Marcq-en-Barœul"),
        ],
    ),
    "fas": dict(
        name="Fédération des Acteurs de la Solidarité Hauts-de-France",
        short_name="FAS Hauts-de-France",
        kind="federation",
        city="Lille",  # seed 001 art. 3: the regional seat is in Lille
        territories=["pas-de-calais", "nord"],
        contacts=[("Hugues DENIELE", "Président")],  # seed 001
    ),
    "udccas59": dict(
        name="Union Départementale des Centres Communaux d'Action Sociale du Nord",
        short_name="UDCCAS du Nord",
        kind="federation",
        territories=["nord"],
        contacts=[("Roméo RAGAZZO", "Président de l'UDCCAS du Nord")],  # seed 002
    ),
    "soliha": dict(
        name="SOLiHA Métropole Nord",
        short_name="SOLiHA MN",
        kind="association",
        address="112, rue Gustave Dubled",  # seed 000
        postal_code="59170",
        city="Croix",
        territories=["metropole-lilloise"],
        contacts=[("Marie-Françoise LAVIEVILLE", "Présidente")],  # seed 000
    ),
    "mta": dict(
        name="Marcq Terre d'Accueil",
        short_name="MTA",
        kind="association",
        address="21 rue du Général Gallieni",  # seed 000
        postal_code="59700",
        city="Marcq-en-Barœul",
        territories=["marcq"],
        contacts=[
            ("Jean-Marie DUMORTIER", "Président"),  # seed 000
            ("M. HARQUET", "Administrateur"),  # seed 000 art. V.1
            ("Mme PRUVOST", "Administratrice"),  # seed 000 art. V.1
        ],
    ),
    "citeo": dict(
        name="Citéo Ademn",
        short_name="Citéo",
        kind="mediation_operator",
        address="71 rue de Paris",  # seed 003
        postal_code="59000",
        city="Lille",
        territories=["humanicite"],
        contacts=[("Caroline LE DANTEC", "Directrice Générale")],  # seed 003
    ),
    "asl": dict(
        name="Association Syndicale Libre Humanicité",
        short_name="ASL Humanicité",
        kind="other",
        address="5 rue Léonard de Vinci, appartement 53",  # seed 003
        postal_code="59160",
        city="Capinghem",
        territories=["humanicite"],
        contacts=[("Jean-Gabriel PRIEUR", "Président")],  # seed 003
    ),
    "capinghem": dict(
        name="Ville de Capinghem",
        short_name="Capinghem",
        kind="commune",
        address="58bis rue Poincaré",  # seed 003
        postal_code="59160",
        city="Capinghem",
        territories=["capinghem"],
        contacts=[("Christian MATHON", "Maire")],  # seed 003
    ),
    "lille-lomme": dict(
        name="Ville de Lille et sa commune associée de Lomme",
        short_name="Lille-Lomme",
        kind="commune",
        address="72 avenue de la République",  # seed 003
        postal_code="59160",
        city="Lomme",
        territories=["lille", "lomme"],
        contacts=[("Roger VICOT", "Maire délégué de Lomme")],  # seed 003
    ),
    "dihal": dict(
        name="Délégation interministérielle à l'hébergement et à l'accès au logement",
        short_name="DIHAL",
        kind="state_service",
        city="Paris",
    ),
    "ddcs62": dict(
        name="Direction Départementale de la Cohésion Sociale du Pas-de-Calais",
        short_name="DDCS du Pas-de-Calais",
        kind="state_service",
        city="Arras",
        territories=["pas-de-calais"],
    ),
    "cabbalr": dict(
        name="Communauté d'agglomération de Béthune-Bruay, Artois-Lys Romane",
        short_name="CABBALR",
        kind="epci",
        city="Béthune",
        territories=["cabbalr"],
    ),
    "call": dict(
        name="Communauté d'agglomération de Lens-Liévin",
        short_name="CALL",
        kind="epci",
        city="Lens",
        territories=["call"],
    ),
    "cahc": dict(
        name="Communauté d'agglomération d'Hénin-Carvin",
        short_name="CAHC",
        kind="epci",
        city="Hénin-Beaumont",
        territories=["cahc"],
    ),
    "siao62": dict(
        name="SIAO du Pas-de-Calais",
        short_name="SIAO 62",
        kind="association",
        territories=["pas-de-calais"],
    ),
    # Fictional ASRL operators (seed 004 §6: CHRS managers already working in the area).
    "passerelles": dict(
        name="Association Les Passerelles de l'Artois",
        short_name="Les Passerelles",
        kind="chrs_manager",
        address="14 rue des Tilleuls",
        postal_code="62400",
        city="Béthune",
        network="fas",
        territories=["artois"],
        contacts=[("Nathalie Plancq", "Directrice")],
    ),
    "toit-commun": dict(
        name="Association Toit Commun Lens-Hénin",
        short_name="Toit Commun",
        kind="chrs_manager",
        address="3 place des Mineurs",
        postal_code="62300",
        city="Lens",
        network="fas",
        territories=["lens-henin"],
        contacts=[("Philippe Vanacker", "Directeur")],
    ),
    "escale": dict(
        name="Association L'Escale du Bassin minier",
        short_name="L'Escale",
        kind="chrs_manager",
        address="8 rue de la Fosse 4",
        postal_code="62110",
        city="Hénin-Beaumont",
        network="fas",
        territories=["lens-henin"],
        contacts=[("Corinne Dhalluin", "Présidente")],
    ),
    "ccas-marcq": dict(
        name="CCAS de Marcq-en-Barœul",
        short_name="CCAS de Marcq",
        kind="ccas",
        city="Marcq-en-Barœul",
        network="udccas59",
        territories=["marcq"],
        contacts=[("Sandrine Leurident", "Directrice du CCAS")],  # fictional
    ),
    "ccas-lens": dict(
        name="CCAS de Lens",
        short_name="CCAS de Lens",
        kind="ccas",
        city="Lens",
        territories=["lens"],
    ),
}

# ------------------------------------------------------------------------- programmes
PROGRAMMES = {
    # seed 004 §4: 6 months, review at 3, renewable once for the same length, 2 to 3
    # meetings a week; §5: one measure per adult and per year.
    "asrl": dict(
        name="Accompagnement Social Renforcé au Logement (ASRL)",
        convention="ASRL-62-2019",
        duration_months=6,
        review_after_months=3,
        renewals_allowed=1,
        renewal_months=6,
        min_contacts_per_week=2,
        requires_each_partner_approval=False,
        counts_measures=True,
        # seed 004 §2 and §6.a: the needs the accompaniment must cover.
        domains=[
            ("acces-droits", "Accès aux droits"),
            ("sante", "Accès à la santé"),
            ("vie-quotidienne", "Vie quotidienne"),
            ("insertion", "Insertion sociale et professionnelle"),
            ("parentalite", "Parentalité"),
        ],
    ),
    # seed 000 art. III: 24 months, renewed if need be; art. IV: each structure agrees.
    "soliha-mta": dict(
        name="Accompagnement conjoint professionnels-bénévoles SOLiHA × MTA",
        convention="SOLIHA-MTA-2021",
        duration_months=24,
        review_after_months=None,
        renewals_allowed=None,
        renewal_months=24,
        min_contacts_per_week=0,
        requires_each_partner_approval=True,
        counts_measures=False,
        # seed 000, preamble: the five axes of Marcq Terre d'Accueil's volunteers.
        domains=[
            ("pre-accueil", "Actions de pré-accueil et d'accueil"),
            ("vie-appartement", "Vie dans l'appartement et l'environnement de proximité"),
            ("sante-scolarite", "Actions sanitaires et scolaires"),
            ("insertion", "Accompagnement à l'insertion sociale et professionnelle"),
            ("soutien-financier", "Soutien financier ponctuel"),
        ],
    ),
}

# ------------------------------------------------------------------------- conventions
# parties: (organisation key, role, representative full name or None, signed on)
CONVENTIONS = [
    dict(
        reference="2023-121",  # seed 001: deliberation n° 2023-121
        title=(
            "Convention-cadre pluriannuelle d'objectifs et de moyens 2023-2025 entre le "
            "Département du Pas-de-Calais et la Fédération des Acteurs de la Solidarité "
            "des Hauts-de-France"
        ),
        kind="cpom",
        purpose=(
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
        start_date=D(2023, 1, 1),
        end_date=D(2025, 12, 31),
        renewal_policy="none",
        notice_months=0,
        # The seed leaves the signature date blank ("Arras, le"); the demo signs it after
        # the deliberation was sent to the legality check (19 April 2023).
        signed_on=D(2023, 4, 28),
        signed_at="Arras",
        territories=["pas-de-calais"],
        parties=[
            ("cd62", "funder", "Jean-Claude LEROY", D(2023, 4, 28)),
            ("fas", "beneficiary", "Hugues DENIELE", D(2023, 4, 28)),
        ],
        commitments={
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
    ),
    dict(
        reference="SOLIHA-MTA-2021",
        title=(
            "Convention cadre de partenariat relative à l'accueil et l'accompagnement de "
            "ménages défavorisés, fragiles et vulnérables dans l'accès et le maintien au "
            "logement"
        ),
        kind="framework",
        purpose=(
            "Formaliser les accords partenariaux autour d'une collaboration entre les "
            "professionnels de SOLiHA Métropole Nord et les bénévoles de Marcq Terre "
            "d'Accueil, dans un accompagnement centré sur la compétence d'autonomie "
            "d'habiter (art. I). Public : ménages confrontés au mal-logement dans la "
            "Métropole lilloise (art. II). Un projet d'intervention par ménage suivi précise "
            "les actions de chaque structure."
        ),
        # seed 000 art. VII: one year, renewable; signed at Croix on 16 February 2021.
        start_date=D(2021, 2, 16),
        end_date=D(2022, 2, 15),
        renewal_policy="by_decision",
        notice_months=0,
        signed_on=D(2021, 2, 16),
        signed_at="Croix",
        territories=["metropole-lilloise"],
        parties=[
            ("soliha", "signatory", "Marie-Françoise LAVIEVILLE", D(2021, 2, 16)),
            ("mta", "signatory", "Jean-Marie DUMORTIER", D(2021, 2, 16)),
        ],
        commitments={
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
        amendments=[
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
    ),
    dict(
        reference="CD59-UDCCAS-2019-2021",
        title=(
            "Convention cadre de partenariat 2019-2021 entre le Département du Nord et "
            "l'Union Départementale des Centres Communaux d'Action Sociale du Nord"
        ),
        kind="framework",
        purpose=(
            "Favoriser les coopérations entre le Département et les CCAS adhérents de "
            "l'UDCCAS du Nord : engagements communs déclinés par thématique dans un plan "
            "d'actions annuel (§III-1), coopération locale entre UTPAS et CCAS (§III-2), "
            "conventions locales UTPAS × CCAS (§IV) et conventions financières annuelles "
            "(§VI)."
        ),
        # seed 002 §VII: three years from signature; the seed prints "Fait à Lille le
        # 3/12/2013", which contradicts its 2019-2021 term, so the demo takes the term.
        start_date=D(2019, 1, 1),
        end_date=D(2021, 12, 31),
        renewal_policy="none",
        notice_months=3,  # seed 002 §VII: three months' notice by registered letter
        signed_on=D(2019, 1, 1),
        signed_at="Lille",
        territories=["nord"],
        parties=[
            ("cd59", "funder", "Jean-René LECERF", D(2019, 1, 1)),
            ("udccas59", "beneficiary", "Roméo RAGAZZO", D(2019, 1, 1)),
        ],
        commitments={
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
    ),
    dict(
        # Fictional local convention, as foreseen by seed 002 §IV.
        reference="CD59-UTPAS-CCAS-MARCQ-2020",
        parent="CD59-UDCCAS-2019-2021",
        title=(
            "Convention locale de coopération entre l'UTPAS de Marcq-en-Barœul et le CCAS "
            "de Marcq-en-Barœul"
        ),
        kind="local",
        purpose=(
            "Décliner localement la convention cadre : accueil des publics, réponse apportée "
            "et analyse partagée des enjeux du territoire (§III-2), temps d'immersion des "
            "professionnels et charte d'échange d'informations (§IV)."
        ),
        start_date=D(2020, 3, 1),
        end_date=D(2021, 12, 31),
        renewal_policy="none",
        notice_months=3,
        signed_on=D(2020, 2, 27),
        signed_at="Marcq-en-Barœul",
        territories=["marcq"],
        parties=[
            ("cd59", "signatory", "Véronique Desmettre", D(2020, 2, 27)),
            ("ccas-marcq", "signatory", "Sandrine Leurident", D(2020, 2, 27)),
        ],
        commitments={
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
    ),
    dict(
        # Fictional annual financial convention, as foreseen by seed 002 §VI.
        reference="CD59-UDCCAS-FIN-2020",
        parent="CD59-UDCCAS-2019-2021",
        title="Convention financière 2020 entre le Département du Nord et l'UDCCAS du Nord",
        kind="annual_financial",
        purpose=(
            "Fixer le montant de la subvention départementale de l'année 2020 après "
            "réception de la demande annuelle de l'UDCCAS du Nord (§VI)."
        ),
        start_date=D(2020, 1, 1),
        end_date=D(2020, 12, 31),
        renewal_policy="none",
        notice_months=0,
        signed_on=D(2020, 4, 15),
        signed_at="Lille",
        territories=["nord"],
        parties=[
            ("cd59", "funder", "Jean-René LECERF", D(2020, 4, 15)),
            ("udccas59", "beneficiary", "Roméo RAGAZZO", D(2020, 4, 15)),
        ],
        commitments={},
    ),
    dict(
        reference="MEDIATION-HUMANICITE-2019",
        title=(
            "Convention de coopération pour la médiation sociale du quartier Humanicité — "
            "Citéo, ASL Humanicité, Ville de Capinghem, Ville de Lille et sa commune "
            "associée de Lomme"
        ),
        kind="cooperation",
        purpose=(
            "Poursuivre en 2019 la prestation de médiation sociale sur le quartier "
            "Humanicité (§I) selon quatre axes : amélioration du cadre de vie ; cohésion "
            "sociale et appropriation positive du quartier ; implication des usagers et "
            "acteurs du quartier ; évaluation partagée et modélisation (§II)."
        ),
        # seed 003: cost of 2019; the document is a June 2019 draft after the councils'
        # deliberations of 12 and 14 June 2019, the demo signs it at the end of June.
        start_date=D(2019, 1, 1),
        end_date=D(2019, 12, 31),
        renewal_policy="none",
        notice_months=0,
        signed_on=D(2019, 6, 28),
        signed_at="Lomme",
        territories=["humanicite"],
        parties=[
            ("asl", "commissioning", "Jean-Gabriel PRIEUR", D(2019, 6, 28)),
            ("capinghem", "funder", "Christian MATHON", D(2019, 6, 28)),
            ("lille-lomme", "funder", "Roger VICOT", D(2019, 6, 28)),
            ("citeo", "operator", "Caroline LE DANTEC", D(2019, 6, 28)),
        ],
        commitments={
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
    ),
    dict(
        # seed 004 §6.d: "une convention de financement avec la DDCS viendra préciser les
        # modalités de mise en œuvre"; the reference and dates are the demo's.
        reference="ASRL-62-2019",
        title=(
            "Convention de financement de l'Accompagnement Social Renforcé au Logement — "
            "Logement d'abord Pas-de-Calais, septembre 2019 à décembre 2020"
        ),
        kind="funding",
        purpose=(
            "Financer 45 mesures d'ASRL (5 000 € par personne et par an, hors enfants même "
            "majeurs) réparties entre l'Artois (20) et Lens-Hénin (25), mises en œuvre par "
            "des CHRS en accompagnement de type « CHRS hors les murs » (§2, §5)."
        ),
        start_date=D(2019, 9, 1),
        end_date=D(2020, 12, 31),
        renewal_policy="none",
        notice_months=0,
        signed_on=D(2019, 11, 29),
        signed_at="Arras",
        territories=["artois", "lens-henin"],
        parties=[
            ("ddcs62", "funder", None, D(2019, 11, 29)),
            ("cd62", "commissioning", "Jean-Claude LEROY", D(2019, 11, 29)),
            ("passerelles", "operator", "Nathalie Plancq", D(2019, 11, 29)),
            ("toit-commun", "operator", "Philippe Vanacker", D(2019, 11, 29)),
            ("escale", "operator", "Corinne Dhalluin", D(2019, 11, 29)),
        ],
        commitments={
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
    ),
]

# --------------------------------------------------------------- action sheets (seed 001)
# (number, title, context, objectives, actions, calendar, indicators, deliverables)
# indicators: (label, unit, target or None, period)
ACTION_SHEETS = [
    dict(
        number=1,
        title="Animation de réseau",
        context=(
            "Les politiques de lutte contre l'exclusion évoluent rapidement et le secteur "
            "Accueil, Hébergement et Insertion (AHI) se transforme, dans un contexte de crise "
            "des métiers de l'humain. La FAS poursuit son action de tête de réseau dans le "
            "Pas-de-Calais sur l'accès aux droits, le RSA et l'IAE, le logement, les jeunes, "
            "la santé et la participation des personnes accompagnées."
        ),
        objectives="\n".join(
            [
                "Représenter les adhérents dans les instances nationales, régionales, "
                "départementales et infra-départementales.",
                "Analyser et informer les adhérents et partenaires des évolutions "
                "législatives et des politiques sociales ; être à l'interface entre le "
                "Département et les adhérents.",
                "Mobiliser le réseau et animer des lieux d'échanges de pratiques et "
                "d'expériences.",
                "Soutenir les initiatives et accompagner les projets des associations "
                "adhérentes, capitaliser les bonnes pratiques, communiquer.",
                "Former, qualifier et outiller les acteurs et les membres des associations.",
            ]
        ),
        actions="\n".join(
            [
                "Rencontres territoriales des adhérents (trimestrielles).",
                "Commissions thématiques : Habitat, Hébergement, SIAO, Santé, Emploi/IAE, "
                "Réfugié·es/Migrant·es, groupe pensions de famille.",
                "Représentations dans plus de 180 instances.",
                "Formation (organisme certifié Qualiopi).",
                "Communication : comptes rendus, lettres d'information, site internet.",
            ]
        ),
        calendar=(
            "Partagé et validé annuellement en comité de pilotage et comité technique ; une "
            "rencontre territoriale des adhérents par trimestre ; 2 à 4 rencontres par "
            "commission thématique."
        ),
        indicators=[
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
        deliverables=[
            "Comptes-rendus des rencontres",
            "Programme et évaluations des formations",
            "Publications du réseau",
        ],
    ),
    dict(
        number=2,
        title="Veille sociale – Hébergement – Logement",
        context=(
            "Participer à la mise en œuvre opérationnelle du Pacte des solidarités humaines "
            "et du PDALHPD, notamment poursuivre l'appropriation du Logement d'abord dans "
            "les territoires de l'acte II, dans un contexte de transformation du secteur AHI."
        ),
        objectives="\n".join(
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
        actions="\n".join(
            [
                "Animer des lieux d'échanges de pratiques (commissions Habitat, Hébergement, "
                "SIAO, Santé, groupe Hôtes de pension de famille).",
                "Participer à la mise en place du Logement d'abord dans les territoires "
                "pilotes.",
                "Renforcer le partenariat avec les bailleurs (cycle « Associations / "
                "Bailleurs » avec l'URH).",
                "Formation, et représentation dans les instances départementales et "
                "intercommunales (PDALHPD, FSL, CCAPEX…).",
            ]
        ),
        calendar="Partagé et validé annuellement en comité de pilotage et comité technique.",
        indicators=[
            ("Nombre de réunions", "réunions", None, "year"),
            (
                "Nombre de participants aux commissions et journées (répartition "
                "départementale)",
                "participants",
                None,
                "year",
            ),
            ("Nature et nombre des différents organismes représentés", "organismes", None, "year"),
        ],
        deliverables=["Comptes-rendus des rencontres", "Outils"],
    ),
    dict(
        number=3,
        title="IAE / RSA",
        context=(
            "La FAS est associée à la définition et à l'analyse des politiques d'insertion. "
            "Le Pacte des solidarités humaines (ambition 10) renouvelle l'engagement du "
            "Département en faveur de l'emploi des publics en difficulté."
        ),
        objectives="\n".join(
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
        actions="\n".join(
            [
                "Animation de la commission Emploi / IAE.",
                "Représentations dans les instances liées au RSA et à l'IAE.",
                "Veille juridique et information des adhérents.",
                "Projets « L'hygiène c'est la santé ! », SEVE Emploi, PROFAIR ; co-animation "
                "du CRIE Hauts-de-France ; étude des besoins des ASP/CIP.",
            ]
        ),
        calendar="Partagé et validé annuellement en comité de pilotage et comité technique.",
        indicators=[
            ("Nombre et types de réunions", "réunions", None, "year"),
            ("Nombre de participants aux commissions", "participants", None, "year"),
            ("Nature et nombre des différents organismes représentés", "organismes", None, "year"),
        ],
        deliverables=[
            "Comptes rendus des rencontres",
            "Résultats de l'étude",
            "Guides",
            "Fiches-outils / supports de travail commun",
        ],
    ),
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

INCIDENT = dict(
    occurred_on=D(2019, 10, 17),
    kind="Dégradation des parties communes",
    place="Quartier Humanicité, abords de la rue Léonard de Vinci",
    description=(
        "Boîtes aux lettres forcées dans un hall d'immeuble ; le médiateur a sécurisé les "
        "lieux et informé le syndic. Fiche transmise aux partenaires désignés (seed 003 "
        "§V.2). Aucune donnée personnelle."
    ),
    recipients=["asl", "capinghem", "lille-lomme"],
)

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
CP_NON_VOTING = ["Emmanuelle LEVEUGLE", "Jean-Louis COTTIGNY"]
CP_EXCUSED_NON_VOTING = ["Michel DAGBERT", "Bertrand PETIT", "Jean-Marc TELLIER"]

DELIBERATION_2023_121 = dict(
    number="2023-121",
    title="Convention pluriannuelle d'objectifs et de moyens avec la Fédération des Acteurs "
    "de la Solidarité",
    text="\n\n".join(
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
    votes=(42, 0, 0),  # seed 001: Pour 42, Contre 0, Abstention 0 — (Adopté)
)

# Committees: key → fields. Meetings: (agenda, date or day offset, place, status, minutes).
COMMITTEES = {
    "cp62": dict(
        name="Commission Permanente du Conseil départemental du Pas-de-Calais",
        kind="standing_commission",
        convention=None,
        organisation="cd62",
        frequency="as_needed",
        chair="Jean-Claude LEROY, Président du Conseil départemental",
        members=[],
        meetings=[
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
    ),
    "copil-fas": dict(
        name="Comité de pilotage de la CPOM FAS 2023-2025",
        kind="steering",
        convention="2023-121",
        organisation="cd62",
        frequency="yearly",  # seed 001 art. 5: at least once a year, early in the year
        chair="Un représentant du Département et le Président de la FAS",
        members=[
            ("cd62", "Nadia Mouquet", "Secrétariat général du Pôle solidarités", True),
            ("fas", "Hugues DENIELE", "Président de la FAS", True),
        ],
        meetings=[
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
    ),
    "cotech-fas": dict(
        name="Comité technique de la CPOM FAS 2023-2025",
        kind="technical",
        convention="2023-121",
        organisation="cd62",
        frequency="yearly",  # seed 001 art. 5
        chair="",
        members=[
            ("cd62", "Nadia Mouquet", "Secrétariat général du Pôle solidarités", True),
            ("fas", "Élodie Masquelier", "Chargée de mission", True),
        ],
        meetings=[
            (
                "Revue de projets des trois fiches actions et ajustements.",
                D(2024, 6, 18),
                "Lille",
                "held",
                "",
            ),
        ],
    ),
    "copil-soliha-mta": dict(
        name="Comité de pilotage SOLiHA MN × Marcq Terre d'Accueil",
        kind="steering",
        convention="SOLIHA-MTA-2021",
        organisation="soliha",
        frequency="twice_a_year",  # seed 000 art. IV: twice a year
        seats_per_organisation=2,  # seed 000 art. IV: two representatives per structure
        chair="",
        members=[
            ("soliha", "Thomas Roussel", "Directeur Général Adjoint", True),
            ("soliha", "Claire Wattelle", "Responsable de service Hébergements d'Urgence", True),
            ("mta", "Jean-Marie DUMORTIER", "Président M.T.A", True),
            ("mta", "M. HARQUET", "Administrateur M.T.A", True),
        ],
        meetings=[
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
    ),
    "comop-soliha-mta": dict(
        name="Comité opérationnel SOLiHA MN × Marcq Terre d'Accueil",
        kind="operational",
        convention="SOLIHA-MTA-2021",
        organisation="soliha",
        frequency="monthly",  # seed 000 art. IV: monthly
        chair="",
        members=[
            ("soliha", "Claire Wattelle", "Responsable de service Hébergements d'Urgence", True),
            ("soliha", "Camille Vasseur", "Travailleuse sociale", True),
            ("mta", "Jean-Marie DUMORTIER", "Président M.T.A", True),
            ("mta", "Pauline Hennebelle", "Accompagnante bénévole", True),
        ],
        meetings=[
            ("Suivi des ménages — réunion mensuelle (1)", -88, "Croix", "held", ""),
            ("Suivi des ménages — réunion mensuelle (2)", -60, "Marcq-en-Barœul", "held", ""),
            ("Suivi des ménages — réunion mensuelle (3)", -32, "Croix", "held", ""),
            ("Suivi des ménages — réunion mensuelle (4)", 3, "Marcq-en-Barœul", "planned", ""),
        ],
    ),
    "tech-udccas": dict(
        name="Rencontres techniques UDCCAS du Nord – DGA Solidarité",
        kind="technical",
        convention="CD59-UDCCAS-2019-2021",
        organisation="cd59",
        frequency="twice_a_year",  # seed 002 §V: two meetings a year
        chair="",
        members=[],
        meetings=[
            ("Retours des CCAS et des DTPAS ; plan d'actions 2019.", D(2019, 5, 14), "Lille",
             "held", ""),
            (
                "Atteinte des objectifs du plan d'actions, avec les Directeurs territoriaux "
                "et un responsable de CCAS par territoire.",
                D(2019, 11, 19),
                "Lille",
                "held",
                "",
            ),
        ],
    ),
    "elus-udccas": dict(
        name="Rencontre annuelle des élus Département du Nord – UDCCAS du Nord",
        kind="elected",
        convention="CD59-UDCCAS-2019-2021",
        organisation="cd59",
        frequency="yearly",  # seed 002 §V: one meeting of the elected members a year
        chair="",
        members=[
            ("cd59", "Jean-René LECERF", "Président du Département du Nord", True),
            ("udccas59", "Roméo RAGAZZO", "Président de l'UDCCAS du Nord", True),
        ],
        meetings=[
            ("Point sur la mise en œuvre de la convention cadre.", D(2019, 12, 10), "Lille",
             "held", ""),
        ],
    ),
    "copil-humanicite": dict(
        name="Comité de pilotage de la médiation sociale Humanicité",
        kind="steering",
        convention="MEDIATION-HUMANICITE-2019",
        organisation="asl",
        frequency="launch_midterm_yearly",  # seed 003 §VI: launch, mid-term, annual review
        chair="",
        members=[
            ("asl", "Jean-Gabriel PRIEUR", "Président", True),
            ("capinghem", "Christian MATHON", "Maire", True),
            ("lille-lomme", "Roger VICOT", "Maire délégué de Lomme", True),
            ("citeo", "Karim Delval", "Manager coordinateur Pôle Vie de la Cité", True),
        ],
        meetings=[
            ("Lancement : objectifs, indicateurs et plan d'actions 2019.", D(2019, 7, 4),
             "Capinghem", "held", ""),
            ("Bilan à mi-parcours.", D(2019, 10, 3), "Lomme", "held", ""),
        ],
    ),
    "suivi-humanicite": dict(
        name="Comité de suivi de la médiation sociale Humanicité",
        kind="follow_up",
        convention="MEDIATION-HUMANICITE-2019",
        organisation="asl",
        frequency="monthly",  # seed 003 §VI: monthly
        chair="",
        members=[
            ("citeo", "Karim Delval", "Manager coordinateur Pôle Vie de la Cité", True),
            ("asl", "Jean-Gabriel PRIEUR", "Représentant du Conseil de Direction", True),
        ],
        meetings=[
            ("Suivi des activités de septembre 2019.", D(2019, 9, 26), "Capinghem", "held", ""),
            ("Suivi des activités d'octobre 2019.", D(2019, 10, 24), "Capinghem", "held", ""),
            ("Suivi des activités de novembre 2019.", D(2019, 11, 28), "Capinghem", "held", ""),
        ],
    ),
    "parcours-complexes": dict(
        name="Commission des parcours complexes Logement d'abord",
        kind="complex_cases",
        convention="ASRL-62-2019",
        organisation="cd62",
        frequency="as_needed",  # seed 004 §4
        chair="",
        members=[
            ("cd62", "Julien Deleforge", "Coordinateur Logement d'abord — Artois", True),
            ("cd62", "Agathe Ternisien", "Coordinatrice Logement d'abord — Lens-Hénin", True),
            ("cd62", "Bruno Lesage", "Chef du SLISL de l'Artois", True),
        ],
        meetings=[
            ("Situations de parcours complexes — Artois et Lens-Hénin.", D(2019, 11, 26),
             "Béthune", "held", ""),
        ],
    ),
    "jury-asrl": dict(
        name="Jury de sélection de l'appel à candidatures ASRL 2019",
        kind="jury",
        convention="ASRL-62-2019",
        organisation="cd62",
        frequency="as_needed",
        chair="",
        # seed 004 §6.d: the Département and the three EPCI concerned.
        members=[
            ("cd62", "Nadia Mouquet", "Direction du Développement des Solidarités", True),
            ("cabbalr", "Olivier Gosselin", "Représentant de la CABBALR", True),
            ("call", "Martine Lecomte", "Représentante de la CALL", True),
            ("cahc", "Farid Bensaïd", "Représentant de la CAHC", True),
        ],
        meetings=[
            ("Examen des candidatures ASRL et avis du jury.", D(2019, 9, 25), "Arras",
             "held", "Avis favorable aux trois candidatures."),
        ],
    ),
}

ACTION_PLANS = [
    dict(
        convention="2023-121",
        period="year",
        period_start=D(2024, 1, 1),
        objectives="Programme d'actions prévisionnel 2024 de la FAS (fiches actions 1 à 3).",
        planned_actions="\n".join(
            [
                "Quatre rencontres territoriales des adhérents.",
                "Commissions Habitat, Hébergement, SIAO et Emploi/IAE.",
                "Cycle d'information sur le Logement d'abord.",
            ]
        ),
        indicators="Indicateurs des fiches actions 1 à 3.",
        transmitted_on=D(2024, 2, 12),
    ),
    dict(
        convention="MEDIATION-HUMANICITE-2019",
        period="year",
        period_start=D(2019, 1, 1),
        objectives="\n".join(MEDIATION_AXES),  # seed 003 §II: the four axes
        planned_actions="Feuille de route annuelle co-définie avec le commanditaire (§IV.2).",
        indicators="Heures de médiation (1 607 h/an, 35 h/semaine) ; relevés d'activité.",
        transmitted_on=D(2019, 7, 4),
    ),
    dict(
        convention="MEDIATION-HUMANICITE-2019",
        period="month",
        period_start=D(2019, 9, 1),
        objectives="Déclinaison opérationnelle de septembre 2019 (§IV.2).",
        planned_actions="Présence de proximité renforcée à la rentrée ; réunion d'habitants.",
        indicators="",
        transmitted_on=D(2019, 8, 29),
    ),
    dict(
        convention="CD59-UDCCAS-2019-2021",
        period="year",
        period_start=D(2019, 1, 1),
        objectives="Plan d'actions annuel des engagements communs (§III-1).",
        planned_actions="\n".join(
            [
                "Demande conjointe d'un interlocuteur privilégié à la CAF du Nord.",
                "Support de communication sur la coopération intercommunale en matière "
                "sociale.",
                "Formations communes sur l'accès au logement et la prévention des "
                "expulsions.",
            ]
        ),
        indicators="",
        transmitted_on=D(2019, 3, 29),
    ),
]

ANNUAL_REPORT_2023 = dict(
    convention="2023-121",
    year=2023,
    status="submitted",
    activity_summary=(
        "Rapport d'activités 2023 : état de réalisation des trois fiches actions (animation "
        "de réseau ; veille sociale, hébergement, logement ; IAE / RSA)."
    ),
    financial_summary="Rapport financier certifié par le Président de la FAS (art. 6).",
    submitted_on=D(2024, 3, 29),
)

# ------------------------------------------------------------------------------ funding
BUDGET_LINE = dict(
    funder="cd62",
    year=2023,
    operation_code="C02-585F01",  # seed 001 art. 3 of the deliberation
    imputation="6568/93428",
    label="Partenariats transversaux",
    commitment_authorisation=Decimal("375000.00"),
)

GRANT_2023_121 = dict(
    convention="2023-121",
    funder="cd62",
    beneficiary="fas",
    # Fictional test IBAN (mod-97 valid): the demo never loads real bank details.
    iban="FR7630006000011234567890189",
    bic="",
    account_holder="FEDERATION DES ACTEURS DE LA SOL",
    years={2023: Decimal("20000.00"), 2024: Decimal("20000.00"), 2025: Decimal("20000.00")},
)

# seed 004 §1, §5: 45 measures × 5 000 € = 225 000 €, Sept 2019 – Dec 2020, 20 / 25.
ENVELOPE = dict(
    programme="asrl",
    funder="dihal",
    label="ASRL Logement d'abord Pas-de-Calais — septembre 2019 à décembre 2020",
    period_start=D(2019, 9, 1),
    period_end=D(2020, 12, 31),
    measures=45,
    unit_cost=Decimal("5000.00"),
)
TERRITORY_ALLOCATIONS = {"artois": 20, "lens-henin": 25}
OPERATOR_ALLOCATIONS = [
    ("artois", "passerelles", 20),
    ("lens-henin", "toit-commun", 15),
    ("lens-henin", "escale", 10),
]

# seed 003 §VII
COFUNDING = dict(
    convention="MEDIATION-HUMANICITE-2019",
    label="Médiation sociale du quartier Humanicité — coût global 2019",
    cost=Decimal("60600.00"),
    contributions=[
        ("lille-lomme", "citeo", Decimal("10000.00")),
        ("capinghem", "asl", Decimal("10000.00")),
        # The seed writes "ALSH"; it is the ASL Humanicité (ASLH).
        ("asl", "citeo", Decimal("40600.00")),
    ],
)

# seed 004 §6
CALL = dict(
    programme="asrl",
    publisher="cd62",
    title="Appel à candidatures « Accompagnement Social Renforcé au Logement » — Logement "
    "d'abord",
    territories=["artois", "lens-henin"],
    measures_offered=45,
    eligible_kinds=["chrs_manager"],  # §6.a: managers of CHRS only
    deadline=(2019, 9, 6, 16, 0),  # §6.d: 6 September 2019 at 16:00, Paris time
    jury="jury-asrl",
    documents=[
        "Courrier d'acte de candidature signé par le représentant légal, indiquant le "
        "nombre de mesures sollicitées et portant engagement du porteur de projet",
        "Délibération du conseil d'administration autorisant la participation au projet",
        "Fiche descriptive du projet, avec l'identification du porteur de projet / "
        "représentant légal, l'adresse, la raison sociale et le SIRET",
        "Organigramme du service précisant les compétences de chacun et leur équivalence "
        "en ETP",
        "Budget prévisionnel de l'action et montant de la subvention sollicitée auprès de "
        "la DDCS",
        "Fiches de poste, si le projet nécessite des recrutements",
    ],
    # The seed lists the six criteria without weights: the demo weighs them equally.
    criteria=[
        ("Le projet de territoire", 1),
        ("Le fonctionnement envisagé", 1),
        ("Le partenariat", 1),
        ("Les moyens", 1),
        ("Faisabilité financière du projet", 1),
        ("Qualité globale du projet", 1),
    ],
    # Fictional applications matching the allocations (territory key → measures).
    applications=[
        ("passerelles", (2019, 9, 5, 11, 20), {"artois": 20}),
        ("toit-commun", (2019, 9, 4, 15, 2), {"lens-henin": 15}),
        ("escale", (2019, 9, 6, 10, 45), {"lens-henin": 10}),
    ],
)

# -------------------------------------------------------------------------------- users
# Fictional people. `role` None: the superuser, who has no membership.
USERS = [
    dict(email="admin@maillage.test", first_name="Alix", last_name="Delannoy",
         role=None, organisation=None, superuser=True),
    dict(email="travailleur.social@maillage.test", first_name="Camille",
         last_name="Vasseur", role="social_worker", organisation="soliha"),
    dict(email="benevole@maillage.test", first_name="Pauline", last_name="Hennebelle",
         role="volunteer", organisation="mta"),
    dict(email="coordinateur@maillage.test", first_name="Julien", last_name="Deleforge",
         role="coordinator", organisation="cd62", territory="artois"),
    dict(email="directeur@maillage.test", first_name="Thomas", last_name="Roussel",
         role="director", organisation="soliha", staff=True),
    dict(email="directrice.mta@maillage.test", first_name="Hélène", last_name="Carpentier",
         role="director", organisation="mta", staff=True),
    dict(email="agent.departement@maillage.test", first_name="Nadia", last_name="Mouquet",
         role="department_staff", organisation="cd62", staff=True),
    dict(email="partenaire@maillage.test", first_name="Luc", last_name="Taquet",
         role="signatory_partner", organisation="capinghem"),
    # The ASRL households are followed by the CHRS operators' own social workers, and the
    # Lens-Hénin platform has its own coordinator (seed 004 §1: two coordinators).
    dict(email="travailleur.social.artois@maillage.test", first_name="Sarah",
         last_name="Lambrecht", role="social_worker", organisation="passerelles"),
    dict(email="travailleur.social.lens@maillage.test", first_name="Mehdi",
         last_name="Boulanger", role="social_worker", organisation="toit-commun"),
    dict(email="coordinatrice.lens-henin@maillage.test", first_name="Agathe",
         last_name="Ternisien", role="coordinator", organisation="cd62",
         territory="lens-henin"),
]

# --------------------------------------------------------------------------- households
# Fictional households. User keys are the part of the e-mail before "@".
HOUSEHOLDS = [
    dict(
        reference="ASRL-ART-001",
        organisation="passerelles",
        territory="bethune",
        housing_situation="hosted",
        informed_on=-80,
        priorities=["single_parent", "domestic_violence"],
        members=[
            ("Jessica", "Vandamme", D(1994, 3, 12), "head"),
            ("Enzo", "Vandamme", D(2016, 7, 3), "child"),
            ("Lina", "Vandamme", D(2019, 11, 21), "child"),
        ],
        referral=dict(
            programme="asrl",
            referred_by="siao62",
            received_on=-84,
            situation="Mère isolée hébergée chez un tiers après des violences conjugales ; "
            "demande d'accès direct à un logement pérenne.",
            status="oriented",
            orientation=dict(
                outcome="oriented",
                decided_on=-78,
                decided_by="coordinateur",
                operator="passerelles",
                reason="Validée avec le chef du SLISL de l'Artois.",
            ),
        ),
        project=dict(
            programme="asrl",
            operator="passerelles",
            referent="travailleur.social.artois",
            objectives="Sécuriser l'entrée dans le logement, ouvrir les droits (CAF, "
            "complémentaire santé), accompagner la scolarité des enfants.",
            contract_signed_on=-75,
            start_date=-75,
            status="active",
            allocation=None,
            actions=[
                ("acces-droits", "Ouverture des droits CAF et aide au logement",
                 "passerelles", "professional", -60, "done"),
                ("vie-quotidienne", "Installation dans le logement et ouverture des compteurs",
                 "passerelles", "professional", -40, "done"),
                ("parentalite", "Lien avec l'école et la PMI", "passerelles", "professional",
                 10, "in_progress"),
            ],
            contacts=[
                (-74, "office_planned", "travailleur.social.artois", [], 60,
                 ["acces-droits"], "Signature du contrat d'accompagnement.",
                 "Évoque des craintes liées à l'ancien conjoint."),
                (-70, "home_visit", "travailleur.social.artois", [], 45,
                 ["vie-quotidienne"], "Visite du logement proposé.", ""),
                (-66, "accompanying", "travailleur.social.artois", [], 120,
                 ["acces-droits"], "Accompagnement à la CAF.", ""),
                (-45, "home_visit", "travailleur.social.artois", [], 60,
                 ["vie-quotidienne", "parentalite"], "Point sur l'installation.", ""),
                (-12, "phone", "travailleur.social.artois", [], 20, ["sante"],
                 "Rendez-vous médical des enfants confirmé.", ""),
                (-5, "home_visit", "travailleur.social.artois", [], 60,
                 ["parentalite"], "Préparation du bilan intermédiaire.", ""),
            ],
            reviews=[],
        ),
    ),
    dict(
        reference="ASRL-ART-002",
        organisation="passerelles",
        territory="bruay",
        housing_situation="homeless",
        informed_on=-9,
        priorities=["young_institutional"],
        members=[("Kévin", "Delattre", D(2004, 5, 9), "head")],
        referral=dict(
            programme="asrl",
            referred_by="cd62",
            received_on=-10,
            situation="Jeune homme sorti de l'aide sociale à l'enfance, sans solution "
            "d'hébergement stable.",
            status="under_study",
        ),
    ),
    dict(
        # Followed in 2019-2020 under the DIHAL envelope: consumes 2 measures (the adult
        # son stays a child for funding, seed 004 §5).
        reference="ASRL-ART-003",
        organisation="passerelles",
        territory="lillers",
        housing_situation="eviction_threat",
        informed_on=D(2019, 11, 20),
        priorities=["eviction"],
        members=[
            ("Didier", "Caron", D(1968, 10, 2), "head"),
            ("Sylviane", "Caron", D(1970, 4, 17), "partner"),
            ("Maxime", "Caron", D(1999, 2, 14), "child"),
        ],
        referral=dict(
            programme="asrl",
            referred_by="cd62",
            received_on=D(2019, 11, 12),
            situation="Couple menacé d'expulsion après des impayés de loyer ; fils majeur "
            "au foyer.",
            status="oriented",
            orientation=dict(
                outcome="oriented",
                decided_on=D(2019, 11, 26),
                decided_by="coordinateur",
                operator="passerelles",
                meeting=("parcours-complexes", 0),
                reason="Orientation décidée en commission des parcours complexes.",
            ),
        ),
        project=dict(
            programme="asrl",
            operator="passerelles",
            referent="travailleur.social.artois",
            objectives="Prévenir l'expulsion : plan d'apurement, FSL, maintien dans le "
            "logement.",
            contract_signed_on=D(2019, 12, 2),
            start_date=D(2019, 12, 2),
            renewals_used=1,
            status="closed",
            allocation=("artois", "passerelles"),
            actions=[
                ("acces-droits", "Dossier FSL maintien", "passerelles", "professional",
                 D(2020, 1, 15), "done"),
            ],
            contacts=[
                (D(2019, 12, 2), "office_planned", "travailleur.social.artois", [], 60,
                 ["acces-droits"], "Signature du contrat d'accompagnement.", ""),
                (D(2019, 12, 5), "home_visit", "travailleur.social.artois", [], 60,
                 ["vie-quotidienne"], "Visite à domicile, budget.", ""),
            ],
            reviews=[
                ("intermediate", D(2020, 3, 2), "Plan d'apurement signé avec le bailleur.",
                 "continue", D(2020, 3, 4)),
                ("end_of_term", D(2020, 5, 29), "Dette réduite de moitié ; renouvellement "
                 "utile pour consolider.", "renew", D(2020, 6, 2)),
                ("closing", D(2020, 11, 27), "Maintien dans le logement assuré.", "close",
                 D(2020, 11, 30)),
            ],
            closure=(D(2020, 11, 30), "maintained", "Dette soldée, bail maintenu."),
        ),
    ),
    dict(
        reference="ASRL-LH-001",
        organisation="toit-commun",
        territory="lens",
        housing_situation="recently_evicted",
        informed_on=-3,
        priorities=["eviction"],
        members=[("Franck", "Wallart", D(1979, 1, 23), "head")],
        referral=dict(
            programme="asrl",
            referred_by="ccas-lens",
            received_on=-4,
            situation="Homme seul expulsé il y a un mois, hébergé en urgence.",
            status="received",
        ),
    ),
    dict(
        reference="ASRL-LH-002",
        organisation="toit-commun",
        territory="lievin",
        housing_situation="hosted",
        informed_on=-50,
        priorities=["single_parent"],
        members=[
            ("Samira", "Haddouche", D(1988, 6, 30), "head"),
            ("Inès", "Haddouche", D(2012, 9, 14), "child"),
            ("Adam", "Haddouche", D(2015, 2, 1), "child"),
            ("Nour", "Haddouche", D(2020, 12, 8), "child"),
        ],
        referral=dict(
            programme="asrl",
            referred_by="siao62",
            received_on=-55,
            situation="Mère de trois enfants hébergée en CHRS, prête pour un logement.",
            status="oriented",
            orientation=dict(
                outcome="oriented",
                decided_on=-48,
                decided_by="coordinatrice.lens-henin",
                operator="toit-commun",
                reason="",
            ),
        ),
        project=dict(
            programme="asrl",
            operator="toit-commun",
            referent="travailleur.social.lens",
            objectives="Accès direct au logement et installation ; insertion "
            "professionnelle.",
            contract_signed_on=-40,
            start_date=-40,
            status="active",
            allocation=None,
            actions=[
                ("insertion", "Inscription à France Travail et atelier CV", "toit-commun",
                 "professional", 20, "planned"),
            ],
            contacts=[
                (-40, "office_planned", "travailleur.social.lens", [], 60, ["acces-droits"],
                 "Signature du contrat d'accompagnement.", ""),
                (-33, "home_visit", "travailleur.social.lens", [], 60, ["vie-quotidienne"],
                 "Visite du logement.", ""),
                (-9, "office_walk_in", "travailleur.social.lens", [], 30, ["insertion"],
                 "Passage sans rendez-vous pour une offre d'emploi.", ""),
            ],
            reviews=[],
        ),
    ),
    dict(
        reference="ASRL-LH-003",
        organisation="toit-commun",
        territory="henin",
        housing_situation="eviction_threat",
        informed_on=-15,
        priorities=["eviction"],
        members=[
            ("Grégory", "Lenglet", D(1985, 8, 19), "head"),
            ("Aurélie", "Lenglet", D(1987, 12, 5), "partner"),
        ],
        referral=dict(
            programme="asrl",
            referred_by="ccas-lens",
            received_on=-18,
            situation="Couple locataire, commandement de payer reçu.",
            status="oriented",
            orientation=dict(
                outcome="oriented",
                decided_on=-11,
                decided_by="coordinatrice.lens-henin",
                operator="toit-commun",
                reason="",
            ),
        ),
        project=dict(
            programme="asrl",
            operator="toit-commun",
            referent="travailleur.social.lens",
            objectives="Maintien dans le logement : plan d'apurement et FSL.",
            contract_signed_on=None,
            start_date=7,
            status="proposed",
            allocation=None,
            actions=[],
            contacts=[],
            reviews=[],
        ),
    ),
    dict(
        # Followed in 2020 under the DIHAL envelope: consumes 1 measure.
        reference="ASRL-LH-004",
        organisation="toit-commun",
        territory="carvin",
        housing_situation="homeless",
        informed_on=D(2019, 12, 10),
        priorities=["young_institutional"],
        members=[("Yannick", "Dufossez", D(1997, 7, 28), "head")],
        referral=dict(
            programme="asrl",
            referred_by="siao62",
            received_on=D(2019, 12, 5),
            situation="Jeune homme sans domicile, ancien mineur protégé.",
            status="oriented",
            orientation=dict(
                outcome="oriented",
                decided_on=D(2019, 12, 12),
                decided_by="coordinatrice.lens-henin",
                operator="toit-commun",
                reason="",
            ),
        ),
        project=dict(
            programme="asrl",
            operator="toit-commun",
            referent="travailleur.social.lens",
            objectives="Accès à un logement autonome et ouverture des droits.",
            contract_signed_on=D(2020, 1, 6),
            start_date=D(2020, 1, 6),
            status="closed",
            allocation=("lens-henin", "toit-commun"),
            actions=[],
            contacts=[
                (D(2020, 1, 6), "office_planned", "travailleur.social.lens", [], 60,
                 ["acces-droits"], "Signature du contrat d'accompagnement.", ""),
            ],
            reviews=[
                ("intermediate", D(2020, 4, 6), "Logement obtenu, droits ouverts.", "continue",
                 D(2020, 4, 8)),
                ("end_of_term", D(2020, 7, 3), "Autonomie suffisante.", "close",
                 D(2020, 7, 6)),
            ],
            closure=(D(2020, 7, 5), "housed", "Relogé dans le parc social."),
        ),
    ),
    dict(
        reference="SMN-MTA-001",
        organisation="soliha",
        territory="marcq",
        housing_situation="tenant",
        informed_on=-235,
        priorities=[],
        members=[
            ("Reza", "Karimi", D(1983, 4, 2), "head"),
            ("Leyla", "Karimi", D(1986, 11, 20), "partner"),
            ("Sina", "Karimi", D(2011, 5, 16), "child"),
            ("Darya", "Karimi", D(2017, 1, 29), "child"),
        ],
        referral=dict(
            programme="soliha-mta",
            referred_by="mta",
            received_on=-240,
            situation="Famille réfugiée logée dans le parc de SOLiHA MN à Marcq-en-Barœul.",
            status="oriented",
            orientation=dict(
                outcome="oriented",
                decided_on=-230,
                decided_by="directeur",
                operator="soliha",
                meeting=("copil-soliha-mta", 0),
                reason="Accord de chacune des structures en comité de pilotage.",
            ),
        ),
        project=dict(
            programme="soliha-mta",
            operator="soliha",
            partners=["mta"],
            referent="travailleur.social",
            volunteers=["benevole"],
            objectives="Appropriation du logement, scolarité des enfants, apprentissage du "
            "français et insertion professionnelle des parents.",
            contract_signed_on=-215,
            start_date=-215,
            status="active",
            allocation=None,
            approvals=[("soliha", "directeur"), ("mta", "directrice.mta")],
            approval_decision=("copil-soliha-mta", 0, "household_follow_up",
                               "Accord pour le suivi du ménage SMN-MTA-001"),
            actions=[
                ("pre-accueil", "Accueil de la famille et visite du quartier", "mta",
                 "volunteer", -210, "done"),
                ("vie-appartement", "Relevés de compteurs et tri des déchets", "mta",
                 "volunteer", -150, "done"),
                ("sante-scolarite", "Inscription au collège et suivi des vaccinations", "mta",
                 "volunteer", -120, "done"),
                ("insertion", "Parcours d'insertion professionnelle du père", "soliha",
                 "professional", 60, "in_progress"),
                ("soutien-financier", "Avance sur la facture d'énergie", "mta", "volunteer",
                 -100, "done"),
            ],
            contacts=[
                (-214, "home_visit", "travailleur.social", ["benevole"], 90,
                 ["pre-accueil", "vie-appartement"], "Visite d'installation avec la "
                 "bénévole.", "Fatigue importante de la mère, à suivre."),
                (-180, "office_planned", "travailleur.social", [], 60, ["insertion"],
                 "Point sur les démarches administratives.", ""),
                (-121, "accompanying", "benevole", [], 120, ["sante-scolarite"],
                 "Accompagnement à l'inscription au collège.", ""),
                (-60, "home_visit", "benevole", [], 60, ["vie-appartement"],
                 "Aide à la lecture des factures.", ""),
                (-21, "home_visit", "travailleur.social", ["benevole"], 75,
                 ["insertion", "sante-scolarite"], "Bilan conjoint à six mois.",
                 "Situation administrative du père à sécuriser."),
                (-6, "phone", "benevole", [], 15, ["vie-appartement"],
                 "Appel de courtoisie, tout va bien.", ""),
            ],
            reviews=[
                ("intermediate", -21, "Installation réussie ; scolarité en place ; insertion "
                 "professionnelle à engager.", "continue", None),
            ],
            helps=[
                dict(purpose="energy", amount_requested=Decimal("180.00"), status="granted",
                     amount_granted=Decimal("150.00"), decided_on=-102, paid_on=-100,
                     payment_method="Virement", payer="mta"),
                dict(purpose="food", amount_requested=Decimal("60.00"),
                     status="waiting_documents", payer="mta"),
            ],
        ),
    ),
    dict(
        reference="SMN-MTA-002",
        organisation="soliha",
        territory="croix",
        housing_situation="hosted",
        informed_on=-45,
        priorities=["single_parent"],
        members=[
            ("Aïcha", "Diabaté", D(1992, 3, 3), "head"),
            ("Moussa", "Diabaté", D(2018, 10, 11), "child"),
        ],
        referral=dict(
            programme="soliha-mta",
            referred_by="soliha",
            received_on=-47,
            situation="Mère isolée hébergée en urgence par SOLiHA MN, un enfant.",
            status="under_study",
        ),
        project=dict(
            programme="soliha-mta",
            operator="soliha",
            partners=["mta"],
            referent="travailleur.social",
            volunteers=[],
            objectives="Accès à un logement et accompagnement de proximité.",
            contract_signed_on=None,
            start_date=14,
            status="proposed",
            allocation=None,
            # seed 000 art. IV: MTA has not agreed yet, so the project stays proposed.
            approvals=[("soliha", "directeur")],
            approval_decision=("copil-soliha-mta", 1, "household_follow_up",
                               "Accord pour le suivi du ménage SMN-MTA-002"),
            actions=[],
            contacts=[],
            reviews=[],
        ),
    ),
    dict(
        reference="SMN-MTA-003",
        organisation="soliha",
        territory="marcq",
        housing_situation="tenant",
        informed_on=-770,
        priorities=[],
        members=[("Gérard", "Vermeersch", D(1958, 9, 9), "head")],
        referral=dict(
            programme="soliha-mta",
            referred_by="ccas-marcq",
            received_on=-775,
            situation="Homme seul isolé, logement dégradé, risque de perte du bail.",
            status="oriented",
            orientation=dict(
                outcome="oriented",
                decided_on=-768,
                decided_by="directeur",
                operator="soliha",
                reason="",
            ),
        ),
        project=dict(
            programme="soliha-mta",
            operator="soliha",
            partners=["mta"],
            referent="travailleur.social",
            volunteers=["benevole"],
            objectives="Maintien dans le logement et lutte contre l'isolement.",
            contract_signed_on=-760,
            start_date=-760,
            status="closed",
            allocation=None,
            approvals=[("soliha", "directeur"), ("mta", "directrice.mta")],
            actions=[],
            contacts=[
                (-400, "home_visit", "benevole", [], 60, ["vie-appartement"],
                 "Visite hebdomadaire de convivialité.", ""),
            ],
            reviews=[
                ("closing", -30, "Bail maintenu, liens sociaux retrouvés.", "close", -28),
            ],
            closure=(-27, "maintained", "Fin des 24 mois d'accompagnement."),
        ),
    ),
]


def seed_person_names() -> list[str]:
    """Every person named by the seeds, to keep them out of the fictional households."""
    named = [
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
    return named


def normalise_name(value: str) -> str:
    ascii_only = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return " ".join(ascii_only.upper().split())


def seed_surnames() -> set[str]:
    """Upper-case surnames of the seeds' people, and each part of a compound one."""
    surnames = set()
    for full_name in seed_person_names():
        words = [w for w in full_name.split() if w.isupper() and w not in {"M.", "MME"}]
        surname = normalise_name(" ".join(words))
        surnames.add(surname)
        surnames.update(part for part in surname.replace("-", " ").split() if len(part) > 2)
    return surnames
