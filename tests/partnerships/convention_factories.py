"""Factories of the convention follow-up (sheets, indicators, activity, incidents) and the
four parties of the mediation convention of seed 003."""

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from partnerships.enums import ConventionKind, OrganisationKind, PartyRole, TerritoryKind
from partnerships.models import (
    ActionSheet,
    ActivityAxis,
    ActivityKind,
    ActivityRecord,
    Deliverable,
    IncidentReport,
    Indicator,
    Territory,
)
from tests.partnerships.factories import (
    ConventionFactory,
    ConventionPartyFactory,
    OrganisationFactory,
    TerritoryFactory,
)


class ActionSheetFactory(DjangoModelFactory):
    class Meta:
        model = ActionSheet

    convention = factory.SubFactory(ConventionFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Animation de réseau"


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    sheet = factory.SubFactory(ActionSheetFactory)
    label = "Rencontres territoriales des adhérents"
    unit = "rencontres"
    target = Decimal("4")
    period = "year"


class DeliverableFactory(DjangoModelFactory):
    class Meta:
        model = Deliverable

    sheet = factory.SubFactory(ActionSheetFactory)
    label = "Comptes-rendus des rencontres"


class ActivityAxisFactory(DjangoModelFactory):
    class Meta:
        model = ActivityAxis

    convention = factory.SubFactory(ConventionFactory)
    label = factory.Sequence(lambda n: f"Axe {n + 1}")
    position = factory.Sequence(lambda n: n + 1)


class ActivityKindFactory(DjangoModelFactory):
    class Meta:
        model = ActivityKind

    convention = factory.SubFactory(ConventionFactory)
    label = factory.Sequence(lambda n: f"Activité {n + 1}")
    position = factory.Sequence(lambda n: n + 1)


class ActivityRecordFactory(DjangoModelFactory):
    class Meta:
        model = ActivityRecord

    convention = factory.SubFactory(ConventionFactory)
    operator = factory.SubFactory(OrganisationFactory)
    day = dt.date(2019, 9, 9)
    kind = factory.SubFactory(ActivityKindFactory, convention=factory.SelfAttribute("..convention"))
    hours = Decimal("3.50")
    participants = 5


class IncidentReportFactory(DjangoModelFactory):
    class Meta:
        model = IncidentReport

    convention = factory.SubFactory(ConventionFactory)
    reported_by = factory.SubFactory(OrganisationFactory)
    occurred_on = dt.date(2019, 10, 17)
    kind = "Dégradation des parties communes"
    description = "Boîtes aux lettres forcées dans un hall d'immeuble."


def mediation_territories() -> dict[str, Territory]:
    """The communes of seed 003 and the quartier (filed under Capinghem, as the demo does)."""
    found = {t.name: t for t in Territory.objects.filter(name__in=["Capinghem", "Lille", "Lomme"])}
    places = {
        key: found.get(name) or TerritoryFactory(name=name, kind=TerritoryKind.COMMUNE)
        for key, name in (("capinghem", "Capinghem"), ("lille", "Lille"), ("lomme", "Lomme"))
    }
    places["humanicite"] = Territory.objects.filter(
        name="Quartier Humanicité"
    ).first() or TerritoryFactory(
        name="Quartier Humanicité", kind=TerritoryKind.DISTRICT, parent=places["capinghem"]
    )
    return places


def mediation_convention(**fields):
    """seed 003: Citéo (operator), ASL Humanicité (commissioning), Capinghem and Lille-Lomme
    (funders); 1 607 h a year, 35 h a week; signed in June 2019."""
    fields.setdefault(
        "title",
        "Convention de coopération pour la médiation sociale du quartier Humanicité",
    )
    fields.setdefault(
        "purpose",
        "Poursuivre en 2019 la prestation de médiation sociale sur le quartier Humanicité "
        "selon quatre axes (seed 003 §I-§II).",
    )
    convention = ConventionFactory(
        reference=fields.pop("reference", "MEDIATION-HUMANICITE-2019"),
        kind=ConventionKind.COOPERATION,
        start_date=dt.date(2019, 1, 1),
        end_date=dt.date(2019, 12, 31),
        signed_on=dt.date(2019, 6, 28),
        contracted_hours_per_year=Decimal("1607.00"),
        contracted_hours_per_week=Decimal("35.00"),
        # seed 003 §IV.1: « 1/2 journée par semaine », half a 7-hour day of a 35-hour week
        supervision_hours_per_week=Decimal("3.50"),
        **fields,
    )
    orgs = {
        "citeo": OrganisationFactory(name="Citéo", kind=OrganisationKind.MEDIATION_OPERATOR),
        "asl": OrganisationFactory(name="ASL Humanicité"),
        "capinghem": OrganisationFactory(name="Ville de Capinghem", kind=OrganisationKind.COMMUNE),
        "lille": OrganisationFactory(
            name="Ville de Lille et sa commune associée de Lomme", kind=OrganisationKind.COMMUNE
        ),
    }
    roles = {
        "citeo": PartyRole.OPERATOR,
        "asl": PartyRole.COMMISSIONING,
        "capinghem": PartyRole.FUNDER,
        "lille": PartyRole.FUNDER,
    }
    # seed 003 §I: the quartier Humanicité lies on Lille and its commune associée of Lomme and
    # on Capinghem; each commune reads the activity on its own territory (§VI).
    places = mediation_territories()
    orgs["capinghem"].territories.set([places["capinghem"]])
    orgs["lille"].territories.set([places["lille"], places["lomme"]])
    convention.territories.set([places["humanicite"]])
    for key, organisation in orgs.items():
        ConventionPartyFactory(
            convention=convention,
            organisation=organisation,
            role=roles[key],
            signed_on=dt.date(2019, 6, 28),
        )
    axes = [
        ActivityAxisFactory(convention=convention, label=label, position=i)
        for i, label in enumerate(
            [
                "Axe 1 — Amélioration du cadre de vie",
                "Axe 2 — Cohésion sociale et appropriation positive du quartier",
                "Axe 3 — Implication des usagers / acteurs du quartier",
                "Axe 4 — Évaluation partagée et modélisation",
            ],
            start=1,
        )
    ]
    kinds = [
        ActivityKindFactory(convention=convention, label=label, position=i)
        for i, label in enumerate(
            [
                "Assurer une présence active de proximité",
                "Prévenir et gérer les situations conflictuelles",
                "Lever les incompréhensions entre les personnes et les institutions",
                "Participer à une veille sociale et technique territoriale",
                "Mettre en relation avec un partenaire",
                "Faciliter la concertation entre les habitants et les institutions",
                "Favoriser les projets collectifs, supports de médiation sociale",
                "Informer, sensibiliser et/ou former",
            ],
            start=1,
        )
    ]
    return convention, orgs, axes, kinds
