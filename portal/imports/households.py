"""The households import (issue 19): one line per person, the household's reference repeated
on each of its members' lines; the household's own columns (commune, situation, criteria,
information date) given on one of its lines at least.

`plan` reads the rows and says, row by row, what the import would do (nothing is written):
the natural key is the household's reference in the structure's file (kept on the household,
`source_reference`), or its Maillage reference (MEN-…) for a household already there; a person
is known by name, first name and birth date. `write` hands the plan to the household services
(`households_import`), by batches, in the caller's transaction."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from households import services
from households.enums import HousingSituation, PriorityCriterion, Relationship
from households.models import Household, HouseholdPriority, Member
from partnerships.models import Territory
from portal.imports.reading import Column, Row, normalise, parse_choice, parse_date

BATCH = 500  # households written per call of the service

COLUMNS = (
    Column(
        "reference",
        "Référence",
        aliases=("Référence du ménage", "Réf", "Ref", "N° de dossier", "Numéro de dossier"),
        required=True,
        help="La référence du ménage dans votre fichier (ou sa référence Maillage MEN-…), "
        "répétée sur la ligne de chacun de ses membres.",
    ),
    Column(
        "territory",
        "Commune",
        aliases=("Ville", "Code INSEE", "Commune de résidence"),
        help="Le nom de la commune ou son code INSEE.",
    ),
    Column(
        "housing_situation",
        "Situation de logement",
        aliases=("Situation", "Logement"),
        help=", ".join(str(label) for _v, label in HousingSituation.choices),
    ),
    Column(
        "priorities",
        "Critères de priorité",
        aliases=("Critères", "Publics prioritaires", "Critère de priorité"),
        help="Séparés par « / » : "
        + " / ".join(str(label) for _v, label in PriorityCriterion.choices),
    ),
    Column(
        "informed_on",
        "Informé le",
        aliases=("Ménage informé le", "Date d'information", "Informé du traitement le"),
        help="Date à laquelle le ménage a été informé du traitement de ses données.",
    ),
    Column("last_name", "Nom", aliases=("Nom de famille", "Nom d'usage")),
    Column("first_name", "Prénom", aliases=("Prénoms",)),
    Column("birth_date", "Date de naissance", aliases=("Né le", "Née le", "Naissance")),
    Column(
        "relationship",
        "Lien",
        aliases=("Lien avec le référent", "Lien familial", "Rôle"),
        help=", ".join(str(label) for _v, label in Relationship.choices),
    ),
)
HOUSEHOLD_KEYS = ("territory", "housing_situation", "priorities", "informed_on")
EXAMPLES = (
    ("2024-017", "Arras", "Hébergé", "Famille monoparentale", "12/03/2024", "Lefèvre", "Amélie",
     "04/07/1988", "Référent du ménage"),
    ("2024-017", "", "", "", "", "Lefèvre", "Noé", "21/11/2015", "Enfant"),
    ("2024-018", "Arras", "Locataire", "", "", "Nguyen", "Thi Hà", "30/01/1975",
     "Référent du ménage"),
)  # fmt: skip

CREATE, UPDATE, UNCHANGED, ERROR, BLANK = "create", "update", "unchanged", "error", "blank"
ACTIONS = {
    CREATE: gettext_lazy("Création"),
    UPDATE: gettext_lazy("Modification"),
    UNCHANGED: gettext_lazy("Inchangé"),
    ERROR: gettext_lazy("Erreur"),
    BLANK: gettext_lazy("Ligne vide ignorée"),
}
# What a choice is called in its error message (« Lien « Cousine » inconnu(e) »).
SITUATION = gettext_lazy("Situation de logement")
CRITERION = gettext_lazy("Critère de priorité")
RELATIONSHIP = gettext_lazy("Lien")
LABELS = {c.key: c.header for c in COLUMNS}


def person_key(last_name: str, first_name: str, birth_date: dt.date | None) -> tuple:
    return (normalise(last_name), normalise(first_name), birth_date)


@dataclass
class Group:
    """The lines of one household in the file."""

    reference: str
    rows: list[Row] = field(default_factory=list)
    values: dict = field(default_factory=dict)  # household column → (value, first line)
    members: list[tuple[Row, services.MemberLine]] = field(default_factory=list)
    existing: dict | None = None
    action: str = UNCHANGED
    changes: list[str] = field(default_factory=list)
    line: services.HouseholdLine | None = None

    @property
    def failed(self) -> bool:
        return any(row.messages for row in self.rows)


@dataclass
class Plan:
    groups: list[Group]
    blank_lines: list[int]
    rows: int

    @property
    def errors(self) -> int:
        """The rows not imported: in error, or of a household with a row in error."""
        return sum(len(g.rows) for g in self.groups if g.failed)

    def count(self, action: str) -> int:
        return sum(1 for g in self.groups if not g.failed and g.action == action)

    def report(self) -> list[list]:
        """Row by row, in the file's order: [line, reference, person, action, messages]."""
        out = [[line, "", "", BLANK, []] for line in self.blank_lines]
        for group in self.groups:
            members = {row.line: member for row, member in group.members}
            for row in group.rows:
                member = members.get(row.line)
                person = f"{member.first_name} {member.last_name}" if member else ""
                if row.messages:
                    out.append([row.line, group.reference, person, ERROR, row.messages])
                elif group.failed:
                    out.append(
                        [
                            row.line,
                            group.reference,
                            person,
                            ERROR,
                            [_("Une autre ligne de ce ménage est en erreur.")],
                        ]
                    )
                else:
                    notes = list(row.notes)
                    if row is group.rows[0]:
                        notes = group.changes + notes
                    out.append([row.line, group.reference, person, group.action, notes])
        out.sort(key=lambda r: r[0])
        return out


class Territories:
    """Communes by INSEE code or name (one query)."""

    def __init__(self):
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = {}
        for pk, name, code in Territory.objects.values_list("pk", "name", "code"):
            if code:
                self.by_code[code.strip()] = pk
            self.by_name.setdefault(normalise(name), []).append(pk)

    def find(self, text: str) -> int:
        if text in self.by_code:
            return self.by_code[text]
        found = self.by_name.get(normalise(text), [])
        if len(found) == 1:
            return found[0]
        if found:
            raise ValueError(
                _("Plusieurs communes s'appellent « %(name)s » : indiquez son code INSEE.")
                % {"name": text}
            )
        raise ValueError(_("Commune « %(name)s » inconnue.") % {"name": text})


def _parse_household_cells(
    row: Row, group: Group, territories: Territories, today: dt.date
) -> None:
    parsers: dict[str, Callable] = {
        "territory": territories.find,
        "housing_situation": lambda text: parse_choice(text, HousingSituation, SITUATION),
        "priorities": _parse_priorities,
        "informed_on": parse_date,
    }
    labels = LABELS
    for key, parse in parsers.items():
        raw = row.cells.get(key)
        if not row.text(key):
            continue
        try:
            value = parse(raw if key == "informed_on" else row.text(key))
        except ValueError as exc:
            # The choices name their column in their message; a date does not.
            row.messages.append(f"{labels[key]} : {exc}" if key == "informed_on" else str(exc))
            continue
        if key == "informed_on" and value > today:
            row.messages.append(
                _("La date d'information du ménage ne peut pas être dans le futur.")
            )
            continue
        if key in group.values and group.values[key][0] != value:
            row.messages.append(
                _("%(column)s diffère de celle de la ligne %(line)s pour le même ménage.")
                % {"column": labels[key], "line": group.values[key][1]}
            )
            continue
        group.values.setdefault(key, (value, row.line))


def _parse_priorities(text: str) -> frozenset[str]:
    parts = [p for p in (x.strip() for x in text.replace("|", "/").split("/")) if p]
    if len(parts) == 1 and ";" in text:
        parts = [p.strip() for p in text.split(";") if p.strip()]
    return frozenset(parse_choice(p, PriorityCriterion, CRITERION) for p in parts)


def _parse_member(row: Row, today: dt.date) -> services.MemberLine | None:
    last, first = row.text("last_name"), row.text("first_name")
    if not (last or first or row.text("birth_date") or row.text("relationship")):
        return None  # a line of the household alone
    if not last:
        row.messages.append(_("Nom : obligatoire pour une personne."))
    if not first:
        row.messages.append(_("Prénom : obligatoire pour une personne."))
    birth_date = None
    if row.text("birth_date"):
        try:
            birth_date = parse_date(row.cells["birth_date"])
        except ValueError as exc:
            row.messages.append(_("Date de naissance : %(error)s") % {"error": exc})
        else:
            if birth_date > today:
                row.messages.append(_("La date de naissance ne peut pas être dans le futur."))
    relationship = ""
    if not row.text("relationship"):
        row.messages.append(
            _("Lien : obligatoire (%(choices)s).")
            % {"choices": ", ".join(str(label) for _v, label in Relationship.choices)}
        )
    else:
        try:
            relationship = parse_choice(row.text("relationship"), Relationship, RELATIONSHIP)
        except ValueError as exc:
            row.messages.append(str(exc))
    return services.MemberLine(
        first_name=first[:100], last_name=last[:100], birth_date=birth_date,
        relationship=relationship,
    )  # fmt: skip


def _existing(organisation, references: list[str]) -> dict[str, dict]:
    """The structure's households the file names, by either reference, with their members."""
    found: dict[str, dict] = {}
    for start in range(0, len(references), 1000):
        chunk = references[start : start + 1000]
        # unscoped: the importing structure's own households, one of the user's structures
        rows = Household.objects.filter(organisation=organisation).filter(
            Q(source_reference__in=chunk) | Q(reference__in=chunk)
        )
        for pk, ref, source, territory, situation, informed in rows.values_list(
            "pk", "reference", "source_reference", "territory_id", "housing_situation",
            "informed_on",
        ):  # fmt: skip
            record = {
                "pk": pk, "reference": ref, "territory": territory,
                "housing_situation": situation, "informed_on": informed,
                "priorities": set(), "members": {},
            }  # fmt: skip
            found[ref] = record
            if source:
                found[source] = record
    by_pk = {r["pk"]: r for r in found.values()}
    pks = list(by_pk)
    for start in range(0, len(pks), 1000):
        chunk = pks[start : start + 1000]
        # unscoped: criteria of the importing structure's own households found above
        for household, criterion in HouseholdPriority.objects.filter(
            household__in=chunk
        ).values_list("household_id", "criterion"):
            by_pk[household]["priorities"].add(criterion)
    return found


def _known_people(organisation) -> dict[tuple, tuple[int, int, str, str]]:
    """Every person of the structure's households: key → (member, household, reference,
    relationship)."""
    people = {}
    # unscoped: members of the importing structure's own households
    members = Member.objects.filter(household__organisation=organisation).order_by()
    for pk, household, reference, last, first, birth, relationship in members.values_list(
        "pk", "household_id", "household__reference", "last_name", "first_name", "birth_date",
        "relationship",
    ).iterator(chunk_size=5000):  # fmt: skip
        people[person_key(last, first, birth)] = (pk, household, reference, relationship)
    return people


def plan(
    rows: Iterable[Row], *, organisation, by=None, progress: Callable[[int], None] = None
) -> Plan:
    """What importing `rows` for `organisation` would do, row by row; writes nothing."""
    groups: dict[str, Group] = {}
    blank_lines: list[int] = []
    territories = Territories()
    today = timezone.localdate()
    count = 0
    seen_people: dict[tuple, int] = {}
    for row in rows:
        count += 1
        if row.blank:
            blank_lines.append(row.line)
            continue
        reference = row.text("reference")
        if not reference:
            row.messages.append(_("Référence : obligatoire (celle du ménage dans votre fichier)."))
            reference = _("(sans référence, ligne %(line)s)") % {"line": row.line}
        elif len(reference) > 60:
            row.messages.append(_("Référence : 60 caractères au plus."))
        group = groups.setdefault(reference, Group(reference=reference))
        group.rows.append(row)
        _parse_household_cells(row, group, territories, today)
        member = _parse_member(row, today)
        if member is not None:
            group.members.append((row, member))
            if member.birth_date and member.last_name and member.first_name:
                key = person_key(member.last_name, member.first_name, member.birth_date)
                if key in seen_people:
                    row.messages.append(
                        _(
                            "Cette personne (même nom, prénom et date de naissance) figure "
                            "déjà ligne %(line)s du fichier."
                        )
                        % {"line": seen_people[key]}
                    )
                else:
                    seen_people[key] = row.line
        if progress and count % 1000 == 0:
            progress(count)
    existing = _existing(organisation, list(groups))
    known = _known_people(organisation)
    for group in groups.values():
        _decide(group, existing.get(group.reference), known)
    return Plan(groups=list(groups.values()), blank_lines=blank_lines, rows=count)


def _decide(group: Group, existing: dict | None, known: dict) -> None:
    group.existing = existing
    first = group.rows[0]
    values = {key: value for key, (value, _line) in group.values.items()}
    situation_labels = dict(HousingSituation.choices)
    if existing is None:
        if "territory" not in values:
            first.messages.append(_("Commune : obligatoire pour un nouveau ménage."))
        if "housing_situation" not in values:
            first.messages.append(_("Situation de logement : obligatoire pour un nouveau ménage."))
        group.action = CREATE
    else:
        if "territory" in values and values["territory"] != existing["territory"]:
            first.messages.append(
                _("La commune du ménage %(ref)s ne se change pas par un import.")
                % {"ref": existing["reference"]}
            )
        situation = values.get("housing_situation", existing["housing_situation"])
        if situation != existing["housing_situation"]:
            group.changes.append(
                _("Situation de logement : %(old)s → %(new)s")
                % {
                    "old": situation_labels.get(existing["housing_situation"]),
                    "new": situation_labels.get(situation),
                }
            )
        if values.get("informed_on", existing["informed_on"]) != existing["informed_on"]:
            group.changes.append(_("Date d'information modifiée"))
        if set(values.get("priorities", existing["priorities"])) != existing["priorities"]:
            group.changes.append(_("Critères de priorité modifiés"))
    relationship_labels = dict(Relationship.choices)
    members = []
    for row, member in group.members:
        key = person_key(member.last_name, member.first_name, member.birth_date)
        same = known.get(key)
        if same and (existing is None or same[1] != existing["pk"]):
            if member.birth_date:
                row.messages.append(
                    _(
                        "Personne déjà connue dans le ménage %(ref)s (même nom, prénom et "
                        "date de naissance) : corrigez la référence ou retirez la ligne."
                    )
                    % {"ref": same[2]}
                )
            same = None
        if same:
            member.pk = same[0]
            if same[3] != member.relationship and member.relationship:
                row.notes.append(
                    _("Lien : %(old)s → %(new)s")
                    % {
                        "old": relationship_labels.get(same[3]),
                        "new": relationship_labels.get(member.relationship),
                    }
                )
                group.changes.append(_("Lien d'une personne modifié"))
        else:
            if existing is not None:
                row.notes.append(_("Nouvelle personne dans le ménage"))
                group.changes.append(_("Personne ajoutée"))
            members.append(member)
            continue
        members.append(member)
    if existing is not None:
        group.action = UPDATE if group.changes else UNCHANGED
        group.changes = list(dict.fromkeys(group.changes))
    if group.failed:
        return
    group.line = services.HouseholdLine(
        source_reference="" if existing else group.reference,
        territory_id=values.get("territory", existing and existing["territory"]),
        housing_situation=values.get(
            "housing_situation", existing and existing["housing_situation"]
        ),
        informed_on=values.get("informed_on", existing and existing["informed_on"]),
        priorities=frozenset(values.get("priorities", existing and existing["priorities"] or ())),
        members=[m for m in members if existing is None or m.pk is None or _changed(m, known)],
        pk=existing and existing["pk"],
    )


def _changed(member: services.MemberLine, known: dict) -> bool:
    same = known.get(person_key(member.last_name, member.first_name, member.birth_date))
    return bool(same) and same[3] != member.relationship


def write(the_plan: Plan, *, by, organisation, progress: Callable[[int, int], None] = None) -> None:
    """Hand the plan's households to the service, BATCH at a time, in the caller's
    transaction; unchanged households are not sent."""
    lines = [g.line for g in the_plan.groups if g.action != UNCHANGED and g.line is not None]
    for start in range(0, len(lines), BATCH):
        services.households_import(
            by=by, organisation=organisation, lines=lines[start : start + BATCH]
        )
        if progress:
            progress(min(start + BATCH, len(lines)), len(lines))
