"""« Qui peut voir ce dossier » (issue 16): every structure and every named person who can read
a household's file, and why.

Read from what the perimeter itself reads — the access table (HouseholdAccess, kept by
refresh_access and the handover), the coordinators of the household's territory and the
superusers — and admitted by the same rules (households.models.households: STRUCTURE_READERS,
PERSON_READERS, household_perimeter): a test checks, for every demo user, that the panel names
them exactly when `Household.objects.visible_to(user)` gives them the household. Three queries,
whatever the number of rows.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.compiled import compiled_list
from households.enums import AccessReason
from households.models import Household, HouseholdAccess
from households.models.households import PERSON_READERS, STRUCTURE_READERS
from partnerships.enums import Role
from partnerships.models import Membership

# What a person's name is made of (User.__str__, _name_order).
PERSON_NAME = ("user__first_name", "user__last_name", "user__email")


@dataclass
class ReadingStructure:
    organisation: object
    reasons: list[str]
    people: list = field(default_factory=list)


@dataclass
class ReadingPerson:
    person: object
    reasons: list[str] = field(default_factory=list)


@dataclass
class Readers:
    structures: list[ReadingStructure]
    people: list[ReadingPerson]
    referents: set[int]

    def user_ids(self) -> set[int]:
        """Everyone the panel names, as a structure's member or in their own right."""
        ids = {p.person.pk for p in self.people}
        for structure in self.structures:
            ids |= {person.pk for person in structure.people}
        return ids


def _territory_prefixes(path: str) -> list[str]:
    """The paths of the territories that contain this one ("/1/4/17/" → "/1/", "/1/4/", …):
    a coordinator whose territory path starts the household's sees it (territory_paths)."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _name_order(person) -> tuple:
    return (person.last_name.lower(), person.first_name.lower(), person.pk)


def reader_accesses(household_id: int):
    """Every access row of the household, those ended included (sorted out by the caller:
    the statement does not change with the time)."""
    return (
        # unscoped: the access rows of a household the view loaded through visible_to
        HouseholdAccess.objects.filter(household_id=household_id)
        .select_related("organisation")
        .order_by("pk")
    )


def superusers_named(_unused=None):
    """The superusers, by what their name is made of."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return (
        user_model.objects.filter(is_superuser=True)
        .only(*(name.removeprefix("user__") for name in PERSON_NAME))
        .order_by("pk")
    )


def household_readers(household: Household, projects=()) -> Readers:
    """Who can read the file now, and why; `projects` (read by the page, with their referent
    and programme) say who is referent of what."""
    now = timezone.now()
    # The access rows and the superusers by statements compiled once per process (issue 15);
    # the access rows in force (HouseholdAccess.current) kept here, so that the statement
    # does not change with the time.
    accesses = [
        access
        for access in compiled_list(reader_accesses, household.pk, household=household)
        if access.until is None or access.until >= now
    ]
    structure_reasons: dict[int, list[str]] = defaultdict(list)
    organisations = {}
    person_rows = defaultdict(list)
    for access in accesses:
        if access.organisation_id:
            organisations[access.organisation_id] = access.organisation
            label = access.get_reason_display()
            if label not in structure_reasons[access.organisation_id]:
                structure_reasons[access.organisation_id].append(label)
        else:
            person_rows[access.user_id].append(access)
    prefixes = _territory_prefixes(household.territory.path)
    memberships = list(
        # unscoped: who belongs to the structures and territory that read this household
        Membership.objects.active()
        .filter(organisation__isnull=False)
        .filter(
            Q(organisation__in=list(organisations), role__in=STRUCTURE_READERS)
            | Q(user__in=list(person_rows))
            | Q(role=Role.COORDINATOR, territory__path__in=prefixes)
        )
        .select_related("user", "organisation", "territory")
        # what the panel shows of them: names, a territory's path (issue 15: a file read by
        # forty people instantiated their passwords and login dates)
        .only(
            "user_id",
            "organisation_id",
            "role",
            "territory_id",
            *PERSON_NAME,
            "organisation__name",
            "organisation__short_name",
            "territory__name",
            "territory__path",
        )
        .order_by("pk")
    )
    superusers = compiled_list(superusers_named, None)

    referent_of: dict[int, list[str]] = defaultdict(list)
    for project in projects:
        referent_of[project.referent_id].append(str(project.programme))

    people: dict[int, ReadingPerson] = {}

    def person(user) -> ReadingPerson:
        if user.pk not in people:
            people[user.pk] = ReadingPerson(user)
        return people[user.pk]

    structure_people: dict[int, dict[int, object]] = defaultdict(dict)
    roles_of: dict[int, set[str]] = defaultdict(set)
    for membership in memberships:
        roles_of[membership.user_id].add(membership.role)
        if membership.organisation_id in organisations and membership.role in STRUCTURE_READERS:
            structure_people[membership.organisation_id][membership.user_id] = membership.user
        coordinates = membership.role == Role.COORDINATOR and membership.territory_id
        if coordinates and membership.territory.path in prefixes:
            person(membership.user).reasons.append(
                _("Coordinateur du territoire %(territory)s (%(organisation)s)")
                % {"territory": membership.territory, "organisation": membership.organisation}
            )
    users = {m.user_id: m.user for m in memberships}
    for user_id, rows in person_rows.items():
        for access in rows:
            if not roles_of[user_id] & set(PERSON_READERS.get(access.reason, ())):
                continue  # the row names them, but they no longer hold the role it needs
            if access.reason == AccessReason.HANDOVER:
                day = date_format(timezone.localtime(access.until), "j F Y")
                reason = _(
                    "Ancien référent : accès de transition, en lecture seule, jusqu'au %(day)s"
                ) % {"day": day}
            else:
                reason = access.get_reason_display()
            person(users[user_id]).reasons.append(reason)
    for user in superusers:
        person(user).reasons.append(_("Administrateur de Maillage"))

    structures = []
    for organisation_id, organisation in organisations.items():
        members = sorted(structure_people[organisation_id].values(), key=_name_order)
        reasons = structure_reasons[organisation_id]
        structures.append(ReadingStructure(organisation, reasons, members))
    structures.sort(key=lambda s: s.organisation.name.lower())
    readers = set().union(*(s.people for s in structures)) if structures else set()
    reader_ids = {p.pk for p in readers} | set(people)
    for user_id, programmes in referent_of.items():
        if user_id in people:
            people[user_id].reasons.insert(
                0, _("Référent du projet %(programmes)s") % {"programmes": ", ".join(programmes)}
            )
    return Readers(
        structures=structures,
        people=sorted(people.values(), key=lambda p: _name_order(p.person)),
        referents={pk for pk in referent_of if pk in reader_ids},
    )
