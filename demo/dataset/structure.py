"""The département's structure: territories, organisations, users, programmes.

Everything is drawn from one seeded `random.Random`, in a fixed order, so that the same seed
and the same reference day give the same rows.
"""

import itertools

from django.contrib.auth.hashers import make_password
from stdnum import luhn

from demo.dataset import names
from demo.dataset.base import Context
from households.enums import Performer
from partnerships.enums import OrganisationKind, Role, TerritoryKind
from partnerships.models import (
    Membership,
    Organisation,
    OrganisationContact,
    Programme,
    ProgrammeDomain,
    Territory,
    User,
)

PASSWORD = "maillage-dataset"  # noqa: S105 — the documented password of the synthetic users
DOMAIN = "dataset.maillage.test"


def siret(number: int) -> str:
    """A SIRET whose SIREN and whole number both pass the Luhn key: the establishment 0001 of
    SIREN 6 + `number` on 7 digits + key."""
    siren = f"6{number:07d}"
    siren += luhn.calc_check_digit(siren)
    nic = "0001"
    return siren + nic + luhn.calc_check_digit(siren + nic)


def iban(number: int) -> str:
    """A French IBAN passing mod-97 (bank 30004, branch 00001, account derived from number)."""
    bban = f"3000400001{number:011d}00"
    numeric = bban + "1527" + "00"  # F=15, R=27, check digits 00
    check = 98 - int(numeric) % 97
    return f"FR{check:02d}{bban}"


def build(ctx: Context) -> None:
    _territories(ctx)
    _organisations(ctx)
    _programmes(ctx)
    _users(ctx)


def _territories(ctx: Context) -> None:
    dept_name, dept_code = names.DEPARTMENT
    department = Territory(name=dept_name, kind=TerritoryKind.DEPARTMENT, code=dept_code, path="")
    ctx.save([department])
    department.path = f"/{department.pk}/"
    territories, epcis, communes = [], [], []
    for name, epci_list in names.TERRITORIES:
        territory = Territory(name=name, kind=TerritoryKind.TERRITORY, parent=department, path="")
        territories.append((territory, epci_list))
    ctx.save([t for t, _ in territories])
    for territory, epci_list in territories:
        territory.path = f"{department.path}{territory.pk}/"
        for epci_name, commune_names in epci_list:
            epcis.append(
                (
                    Territory(name=epci_name, kind=TerritoryKind.EPCI, parent=territory, path=""),
                    commune_names,
                )
            )
    ctx.save([e for e, _ in epcis])
    code = itertools.count(62001)
    for epci, commune_names in epcis:
        epci.path = f"{epci.parent.path}{epci.pk}/"
        for commune_name in commune_names:
            communes.append(
                Territory(
                    name=commune_name,
                    kind=TerritoryKind.COMMUNE,
                    code=str(next(code)),
                    parent=epci,
                    path="",
                )
            )
    ctx.save(communes)
    districts = []
    for commune in communes:
        commune.path = f"{commune.parent.path}{commune.pk}/"
        for district_name in names.DISTRICTS.get(commune.name, []):
            districts.append(
                Territory(name=district_name, kind=TerritoryKind.DISTRICT, parent=commune, path="")
            )
    ctx.save(districts)
    for district in districts:
        district.path = f"{district.parent.path}{district.pk}/"
    everything = [
        department,
        *(t for t, _ in territories),
        *(e for e, _ in epcis),
        *communes,
        *districts,
    ]
    Territory.objects.bulk_update(everything, ["path"], batch_size=ctx.batch)
    ctx.department_territory = department
    ctx.territories = [t for t, _ in territories]
    ctx.epcis = [e for e, _ in epcis]
    ctx.communes_of = {
        t.pk: [c for c in communes if c.parent.parent_id == t.pk] for t in ctx.territories
    }


def _org(ctx, name, kind, territory, short_name="", network=None) -> Organisation:
    number = len(ctx.all_orgs) + 1
    commune = ctx.rng.choice(ctx.communes_of[territory.pk]) if territory else None
    org = Organisation(
        name=name,
        short_name=short_name,
        kind=kind,
        siret=siret(number),
        address=f"{ctx.rng.randint(1, 180)} rue {ctx.rng.choice(names.LAST_NAMES)}",
        postal_code=f"62{ctx.rng.randint(100, 990):03d}",
        city=commune.name if commune else "Arras",
        network=network,
    )
    org.home_territory = territory
    ctx.all_orgs.append(org)
    return org


def _organisations(ctx: Context) -> None:
    """~300 organisations at full size: the département, the State, federations, communes,
    CCAS, EPCI, operators (associations, CHRS managers), volunteer associations, landlords."""
    rng, size = ctx.rng, ctx.structure
    ctx.all_orgs = []
    ctx.department = _org(
        ctx, "Département du Pas-de-Calais", OrganisationKind.DEPARTMENT, None, "CD62"
    )
    ctx.dihal = _org(
        ctx,
        "Délégation interministérielle à l'hébergement et à l'accès au logement",
        OrganisationKind.STATE_SERVICE,
        None,
        "DIHAL",
    )
    ctx.ddets = _org(
        ctx,
        "Direction départementale de l'emploi, du travail et des solidarités",
        OrganisationKind.STATE_SERVICE,
        None,
        "DDETS 62",
    )
    ctx.fas = _org(
        ctx,
        "Fédération des Acteurs de la Solidarité Hauts-de-France",
        OrganisationKind.FEDERATION,
        None,
        "FAS HDF",
    )
    ctx.udccas = _org(
        ctx,
        "Union départementale des CCAS du Pas-de-Calais",
        OrganisationKind.FEDERATION,
        None,
        "UDCCAS 62",
    )
    ctx.save(ctx.all_orgs)
    every_commune = [c for t in ctx.territories for c in ctx.communes_of[t.pk]]
    commune_count = max(4, round(80 * size))
    chosen = every_commune[:commune_count] if commune_count < len(every_commune) else every_commune
    ctx.communes_orgs, ctx.ccas, ctx.epci_orgs = [], [], []
    for commune in chosen:
        territory = _territory_of(ctx, commune)
        ctx.communes_orgs.append(
            _org(ctx, f"Commune de {commune.name}", OrganisationKind.COMMUNE, territory)
        )
        ccas = _org(
            ctx, f"CCAS de {commune.name}", OrganisationKind.CCAS, territory, network=ctx.udccas
        )
        ctx.ccas.append(ccas)
    for epci in ctx.epcis[: max(2, round(14 * size))]:
        ctx.epci_orgs.append(_org(ctx, epci.name, OrganisationKind.EPCI, _territory_of(ctx, epci)))
    ctx.operators, ctx.volunteer_assocs, ctx.landlords, ctx.mediators = [], [], [], []
    for index in range(max(6, round(70 * size)) * ctx.copies):
        territory = ctx.territories[index % len(ctx.territories)]
        word = names.ASSOCIATION_WORDS[index % len(names.ASSOCIATION_WORDS)]
        ctx.operators.append(
            _org(
                ctx,
                f"Association {word} {territory.name} {index // 15 + 1}",
                OrganisationKind.ASSOCIATION,
                territory,
                network=ctx.fas,
            )
        )
    for index in range(max(2, round(15 * size)) * ctx.copies):
        territory = ctx.territories[index % len(ctx.territories)]
        ctx.operators.append(
            _org(
                ctx,
                f"CHRS {rng.choice(names.LAST_NAMES)} — {territory.name}",
                OrganisationKind.CHRS_MANAGER,
                territory,
                network=ctx.fas,
            )
        )
    # Some CCAS follow households themselves.
    ctx.operators.extend(ctx.ccas[: max(1, round(20 * size))])
    for index in range(max(2, round(15 * size)) * ctx.copies):
        territory = ctx.territories[index % len(ctx.territories)]
        ctx.volunteer_assocs.append(
            _org(
                ctx,
                f"Bénévoles {names.ASSOCIATION_WORDS[index % 15]} {territory.name}"
                + (f" {index // 15 + 1}" if index >= 15 else ""),
                OrganisationKind.ASSOCIATION,
                territory,
            )
        )
    for name in names.LANDLORDS[: max(2, round(8 * size))]:
        ctx.landlords.append(_org(ctx, name, OrganisationKind.LANDLORD, None))
    for index in range(max(1, round(6 * size))):
        territory = ctx.territories[index % len(ctx.territories)]
        ctx.mediators.append(
            _org(
                ctx,
                f"Médiation {names.ASSOCIATION_WORDS[index]} {territory.name}",
                OrganisationKind.MEDIATION_OPERATOR,
                territory,
            )
        )
    others = [o for o in ctx.all_orgs if o.pk is None]
    ctx.save(others)
    ctx.save_m2m(
        Organisation.territories.through,
        [
            Organisation.territories.through(organisation_id=o.pk, territory_id=o.home_territory.pk)
            for o in ctx.all_orgs
            if o.home_territory
        ],
    )
    contacts = []
    for org in ctx.all_orgs:
        contacts.append(
            OrganisationContact(
                organisation=org,
                full_name=f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}",
                title="Président" if org.kind == OrganisationKind.ASSOCIATION else "Directrice",
                email=f"direction-{org.pk}@{DOMAIN}",
            )
        )
    ctx.save(contacts)
    ctx.representative = {c.organisation_id: c for c in contacts}
    # Operators follow households of their territory; weights make a few of them large.
    ctx.operators_by_territory = {t.pk: [] for t in ctx.territories}
    for org in ctx.operators:
        ctx.operators_by_territory[org.home_territory.pk].append(org)
    # Each rank comes once per copy (issue 15): at 100 000 households five structures weigh
    # what the largest one weighs at 20 000, rather than one structure five times its size.
    ctx.operator_weights = [
        1.0 / (rank // ctx.copies + 1) ** 0.6 for rank in range(len(ctx.operators))
    ]
    ctx.operator_cum = list(itertools.accumulate(ctx.operator_weights))


def _territory_of(ctx: Context, territory: Territory) -> Territory:
    top = {t.pk: t for t in ctx.territories}
    ids = [int(part) for part in territory.path.strip("/").split("/")]
    return next(top[i] for i in ids if i in top)


def _programmes(ctx: Context) -> None:
    asrl = Programme(
        code="asrl",
        name="Accompagnement social renforcé au logement (ASRL)",
        duration_months=6,
        review_after_months=3,
        renewals_allowed=1,
        renewal_months=6,
        min_contacts_per_week=2,
        counts_measures=True,
    )
    joint = Programme(
        code="soliha-mta",
        name="Accompagnement conjoint professionnels et bénévoles",
        duration_months=24,
        requires_each_partner_approval=True,
    )
    avdl = Programme(
        code="avdl",
        name="Accompagnement vers et dans le logement (AVDL)",
        duration_months=12,
        review_after_months=6,
        renewals_allowed=None,
        renewal_months=6,
    )
    ctx.save([asrl, joint, avdl])
    domains = {
        asrl: [
            "Accès aux droits",
            "Santé",
            "Vie quotidienne",
            "Insertion sociale et professionnelle",
            "Parentalité",
        ],
        joint: [
            "Pré-accueil",
            "Vie dans le logement",
            "Santé et scolarité",
            "Intégration",
            "Soutien financier ponctuel",
        ],
        avdl: ["Accès au logement", "Maintien dans le logement", "Budget"],
    }
    rows = [
        ProgrammeDomain(programme=p, code=f"d{i}", label=label, position=i)
        for p, labels in domains.items()
        for i, label in enumerate(labels)
    ]
    ctx.save(rows)
    ctx.asrl, ctx.joint, ctx.avdl = asrl, joint, avdl
    ctx.domains = {p.pk: [d for d in rows if d.programme_id == p.pk] for p in (asrl, joint, avdl)}


def _users(ctx: Context) -> None:
    """Users of every role, each with one membership; one password for all (documented)."""
    rng = ctx.rng
    password = make_password(PASSWORD, salt=f"dataset{ctx.seed}")
    users, memberships = [], []
    counters: dict[str, int] = {}

    def add(role, org, *, territory=None, staff=False):
        counters[role] = counters.get(role, 0) + 1
        first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
        user = User(
            email=f"{role.replace('_', '-')}-{counters[role]:04d}@{DOMAIN}",
            first_name=first,
            last_name=last,
            password=password,
            is_staff=staff,
        )
        users.append(user)
        memberships.append((user, org, role, territory))
        return user

    ctx.superuser = User(
        email=f"admin@{DOMAIN}",
        password=password,
        is_staff=True,
        is_superuser=True,
        first_name="Administrateur",
        last_name="Maillage",
    )
    users.append(ctx.superuser)
    ctx.dept_staff = [
        add(Role.DEPARTMENT_STAFF, ctx.department, staff=True)
        for _ in range(max(2, round(12 * ctx.structure)))
    ]
    ctx.coordinators = {
        t.pk: add(Role.COORDINATOR, ctx.department, territory=t) for t in ctx.territories
    }
    ctx.directors = {}
    for org in [*ctx.operators, *ctx.volunteer_assocs, *ctx.mediators]:
        ctx.directors[org.pk] = add(Role.DIRECTOR, org, staff=True)
    # Social workers: about one for 35 households of the operator (computed from its weight).
    total_weight = sum(ctx.operator_weights)
    ctx.social_workers = {}
    for org, weight in zip(ctx.operators, ctx.operator_weights, strict=True):
        expected = ctx.households * weight / total_weight
        ctx.social_workers[org.pk] = [
            add(Role.SOCIAL_WORKER, org) for _ in range(max(1, round(expected / 35)))
        ]
    ctx.volunteers = {
        org.pk: [add(Role.VOLUNTEER, org) for _ in range(5)] for org in ctx.volunteer_assocs
    }
    ctx.signatories = [
        add(Role.SIGNATORY_PARTNER, org) for org in [*ctx.communes_orgs[:20], *ctx.epci_orgs]
    ]
    ctx.save(users)
    ctx.save(
        [
            Membership(user=user, organisation=org, role=role, territory=territory)
            for user, org, role, territory in memberships
        ]
    )
    ctx.performer_of = {
        Role.SOCIAL_WORKER: Performer.PROFESSIONAL,
        Role.VOLUNTEER: Performer.VOLUNTEER,
    }
