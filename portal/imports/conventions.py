"""The conventions import (issue 19): one line per party, the convention's reference repeated
on each; its own columns (title, kind, dates, amount, renewal) given on one of its lines at
least. The reference is the natural key. Parties are named by SIRET or by name among the
organisations the person sees (as the party form of the convention page); the structure the
import is made for is one of them (as the new convention page). A convention already there is
changed through the same services as its page: its terms while it is not signed, a new party
before signature. `write` calls partnerships.services (convention_create, convention_update,
party_add)."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerships import services
from partnerships.enums import ConventionKind, PartyRole, RenewalPolicy
from partnerships.models import Convention, Organisation
from partnerships.services.base import MANAGE, NOT_YOURS, french_day
from portal.imports.base import CREATE, UNCHANGED, UPDATE, Entry, Plan, collect, progress_every
from portal.imports.reading import (
    Column,
    Row,
    normalise,
    parse_amount,
    parse_choice,
    parse_date,
    parse_siret,
)

NOUN = gettext_lazy("Conventions")
KEY_HEADER = gettext_lazy("Convention")
LABEL_HEADER = gettext_lazy("Partie")

COLUMNS = (
    Column(
        "reference",
        "Référence de la convention",
        aliases=("Référence", "Réf", "N° de convention", "Numéro de convention"),
        required=True,
        help="Répétée sur la ligne de chacune de ses parties.",
    ),
    Column("title", "Intitulé", aliases=("Titre", "Intitulé de la convention")),
    Column(
        "kind",
        "Type de convention",
        aliases=("Type",),
        help=", ".join(str(label) for _v, label in ConventionKind.choices),
    ),
    Column("start_date", "Date de début", aliases=("Début", "Du", "Date d'effet")),
    Column("end_date", "Date de fin", aliases=("Fin", "Au", "Échéance")),
    Column(
        "amount",
        "Montant",
        aliases=("Montant (€)", "Montant total", "Montant initial"),
        help="En euros, par exemple 60 000,00.",
    ),
    Column(
        "renewal_policy",
        "Renouvellement",
        aliases=("Reconduction",),
        help=", ".join(str(label) for _v, label in RenewalPolicy.choices)
        + ". Aucun renouvellement si la colonne est vide.",
    ),
    Column(
        "notice_months",
        "Préavis (mois)",
        aliases=("Préavis", "Préavis de dénonciation"),
        help="Obligatoire pour une tacite reconduction.",
    ),
    Column(
        "party_siret",
        "SIRET de la partie",
        aliases=("SIRET",),
        help="Le SIRET de l'organisation partie (ou bien son nom dans la colonne suivante).",
    ),
    Column("party_name", "Partie", aliases=("Organisation", "Nom de la partie", "Structure")),
    Column(
        "party_role",
        "Qualité",
        aliases=("Qualité de la partie", "Rôle", "En qualité de"),
        help=", ".join(str(label) for _v, label in PartyRole.choices),
    ),
)
EXAMPLES = (
    ("CONV-2025-014", "Accompagnement vers le logement", "Convention de financement",
     "01/01/2025", "31/12/2027", "60 000,00", "Aucun renouvellement (pas de tacite reconduction)",
     "", "", "Département du Pas-de-Calais", "Financeur"),
    ("CONV-2025-014", "", "", "", "", "", "", "", "775 672 272 00055", "", "Bénéficiaire"),
)  # fmt: skip
LABELS = {c.key: c.header for c in COLUMNS}
TERM_KEYS = ("title", "kind", "start_date", "end_date", "amount", "renewal_policy", "notice_months")
TERM_LABELS = {key: Convention._meta.get_field(key).verbose_name for key in TERM_KEYS}


@dataclass
class ConventionLine:
    fields: dict
    parties: list[tuple[int, str]] = field(default_factory=list)  # (organisation, role)
    pk: int | None = None


def _text(limit: int, key: str) -> Callable[[Row], str]:
    def parse(row: Row) -> str:
        value = row.text(key)
        if len(value) > limit:
            raise ValueError(_("%(n)s caractères au plus.") % {"n": limit})
        return value

    return parse


def _months(row: Row) -> int:
    text = row.text("notice_months").replace(",", ".")
    try:
        value = Decimal(text)
    except ArithmeticError as exc:
        raise ValueError(_("« %(value)s » n'est pas un nombre de mois.") % {"value": text}) from exc
    if value != value.to_integral_value() or not 0 <= value <= 120:
        raise ValueError(_("un nombre entier de mois, de 0 à 120."))
    return int(value)


def _amount(row: Row) -> Decimal:
    value = parse_amount(row.cells["amount"])
    if value < 0 or value >= Decimal("1e10"):
        raise ValueError(_("le montant doit être positif."))
    return value


def _renewal(text: str) -> str:
    """A renewal policy by its label, its stored value, or the start of its label as people
    shorten it (« Tacite reconduction », « Aucun renouvellement », « Renouvelable »)."""
    try:
        return parse_choice(text, RenewalPolicy, LABELS["renewal_policy"])
    except ValueError:
        wanted = normalise(text)
        found = [v for v, label in RenewalPolicy.choices if normalise(label).startswith(wanted)]
        if wanted and len(found) == 1:
            return found[0]
        raise


PARSERS: dict[str, Callable[[Row], object]] = {
    "title": _text(300, "title"),
    "kind": lambda row: parse_choice(row.text("kind"), ConventionKind, LABELS["kind"]),
    "start_date": lambda row: parse_date(row.cells["start_date"]),
    "end_date": lambda row: parse_date(row.cells["end_date"]),
    "amount": _amount,
    "renewal_policy": lambda row: _renewal(row.text("renewal_policy")),
    "notice_months": _months,
}


class Organisations:
    """The organisations the person sees, by SIRET, name or acronym (one query)."""

    def __init__(self, by):
        self.by_siret: dict[str, tuple[int, str]] = {}
        self.by_name: dict[str, list[tuple[int, str]]] = {}
        visible = (
            Organisation.objects.visible_to(by)
            .order_by()
            .values_list("pk", "name", "short_name", "siret")
        )
        for pk, name, short_name, siret in visible:
            label = short_name or name
            if siret:
                self.by_siret[siret] = (pk, label)
            for text in {normalise(name), normalise(short_name)} - {""}:
                if (pk, label) not in self.by_name.setdefault(text, []):
                    self.by_name[text].append((pk, label))

    def find(self, row: Row, siret_key: str, name_key: str) -> tuple[int, str]:
        """The organisation a line names; ValueError in French when unknown."""
        if row.text(siret_key):
            siret = parse_siret(row, siret_key)
            if siret in self.by_siret:
                return self.by_siret[siret]
            raise ValueError(
                _(
                    "Organisation de SIRET %(siret)s inconnue (ou hors de votre périmètre) : "
                    "importez-la d'abord."
                )
                % {"siret": siret}
            )
        name = row.text(name_key)
        found = self.by_name.get(normalise(name), [])
        if len(found) == 1:
            return found[0]
        if found:
            raise ValueError(
                _("Plusieurs organisations s'appellent « %(name)s » : indiquez son SIRET.")
                % {"name": name}
            )
        raise ValueError(
            _("Organisation « %(name)s » inconnue (ou hors de votre périmètre).") % {"name": name}
        )


def plan(
    rows: Iterable[Row], *, organisation, by, progress: Callable[[int], None] | None = None
) -> Plan:
    """What importing `rows` would do, row by row; writes nothing."""
    entries: dict[str, Entry] = {}
    parties: dict[str, list[tuple[Row, int, str]]] = {}
    blank_lines: list[int] = []
    organisations = Organisations(by)
    count = 0
    for row in rows:
        count += 1
        progress_every(progress, count)
        if row.blank:
            blank_lines.append(row.line)
            continue
        key = row.text("reference")
        if not key:
            row.messages.append(_("Référence de la convention : obligatoire."))
            key = _("(sans référence, ligne %(line)s)") % {"line": row.line}
        elif len(key) > 40:
            row.messages.append(_("Référence de la convention : 40 caractères au plus."))
        entry = entries.setdefault(key, Entry(key=key))
        entry.rows.append(row)
        for name, parse in PARSERS.items():
            collect(row, entry, name, LABELS[name], parse)
        if not (row.text("party_siret") or row.text("party_name") or row.text("party_role")):
            continue
        try:
            pk, label = organisations.find(row, "party_siret", "party_name")
        except ValueError as exc:
            row.messages.append(str(exc))
            continue
        entry.labels[row.line] = label
        if not row.text("party_role"):
            row.messages.append(
                _("Qualité : obligatoire pour une partie (%(choices)s).")
                % {"choices": ", ".join(str(lbl) for _v, lbl in PartyRole.choices)}
            )
            continue
        try:
            role = parse_choice(row.text("party_role"), PartyRole, LABELS["party_role"])
        except ValueError as exc:
            row.messages.append(str(exc))
            continue
        same = [r for r, p, q in parties.get(key, []) if (p, q) == (pk, role)]
        if same:
            row.messages.append(
                _("Cette partie figure déjà ligne %(line)s, en la même qualité.")
                % {"line": same[0].line}
            )
            continue
        parties.setdefault(key, []).append((row, pk, role))
    existing = _existing(list(entries), by)
    for key, entry in entries.items():
        _decide(entry, existing.get(key), parties.get(key, []), organisation, by)
    return Plan(list(entries.values()), blank_lines, count, what=_("cette convention"))


TAKEN = object()  # a reference taken by a convention outside the person's perimeter


def _existing(references: list[str], by) -> dict:
    """The conventions of these references: the object when the person sees it, TAKEN for a
    reference taken outside their perimeter (said as the service says it: « déjà prise »)."""
    found: dict = {}
    for start in range(0, len(references), 1000):
        chunk = references[start : start + 1000]
        # unscoped: a reference is unique across Maillage (the service's « déjà prise »)
        for reference in Convention.objects.filter(reference__in=chunk).values_list(
            "reference", flat=True
        ):
            found[reference] = TAKEN
        for convention in (
            Convention.objects.visible_to(by)
            .filter(reference__in=chunk)
            .prefetch_related("parties")
        ):
            found[convention.reference] = convention
    return found


def _decide(entry: Entry, existing, parties: list, organisation, by) -> None:
    first = entry.rows[0]
    values = {key: value for key, (value, _line) in entry.values.items()}
    if existing is TAKEN:
        first.messages.append(_("La référence %(ref)s est déjà prise.") % {"ref": entry.key})
        return
    if existing is None:
        entry.action = CREATE
        for key in ("title", "kind", "start_date", "end_date"):
            if key not in values:
                first.messages.append(
                    _("%(column)s : obligatoire pour une nouvelle convention.")
                    % {"column": LABELS[key]}
                )
        if organisation.pk not in {pk for _row, pk, _role in parties}:
            first.messages.append(
                _(
                    "%(org)s, pour qui vous importez, doit être partie à la convention : "
                    "ajoutez-la sur une ligne, avec sa qualité."
                )
                % {"org": organisation}
            )
        terms = {
            "reference": entry.key,
            "renewal_policy": RenewalPolicy.NONE,
            "notice_months": 0,
            **values,
        }
        new_parties = [(pk, role) for _row, pk, role in parties]
        pk = None
    else:
        if not by.has_perm(MANAGE, existing):
            first.messages.append(str(NOT_YOURS))
            return
        terms = {key: getattr(existing, key) for key in TERM_KEYS}
        changed = {k: v for k, v in values.items() if terms[k] != v}
        for key in changed:
            entry.change(_("%(field)s modifié(e)") % {"field": TERM_LABELS[key]})
        if existing.signed_on and set(changed) - {"title"}:
            first.messages.append(
                _(
                    "La convention est signée : ses termes (%(terms)s) ne changent plus que par "
                    "avenant. Enregistrez un avenant depuis la fiche de la convention."
                )
                % {"terms": ", ".join(str(TERM_LABELS[k]) for k in changed if k != "title")}
            )
        terms.update(changed)
        known = {(p.organisation_id, p.role) for p in existing.parties.all()}
        new_parties = []
        for row, pk, role in parties:
            if (pk, role) in known:
                row.notes.append(_("Partie déjà enregistrée"))
                continue
            if existing.signed_on:
                row.messages.append(
                    _("La convention est signée : une nouvelle partie s'ajoute par avenant.")
                )
                continue
            row.notes.append(_("Nouvelle partie"))
            entry.change(_("Partie ajoutée"))
            new_parties.append((pk, role))
        entry.action = UPDATE if entry.changes else UNCHANGED
        terms = changed
        pk = existing.pk
    _check_dates(entry, first, existing)
    if entry.failed or entry.action == UNCHANGED:
        return
    entry.payload = ConventionLine(fields=terms, parties=new_parties, pk=pk)


def _check_dates(entry: Entry, first: Row, existing) -> None:
    """seed 001 art. 8: the convention runs from its start to its end; the end after the
    start, and a tacit renewal with its notice."""
    start = entry.value("start_date", existing and existing.start_date)
    end = entry.value("end_date", existing and existing.end_date)
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        first.messages.append(
            _("La date de fin (%(end)s) précède la date de début (%(start)s).")
            % {"end": french_day(end), "start": french_day(start)}
        )
    policy = entry.value("renewal_policy", existing and existing.renewal_policy)
    notice = entry.value("notice_months", existing and existing.notice_months)
    if policy == RenewalPolicy.TACIT and not notice:
        first.messages.append(
            _("Une convention à tacite reconduction précise le préavis de dénonciation.")
        )


def write(the_plan: Plan, *, by, organisation, progress: Callable[[int, int], None] = None) -> None:
    """Each convention through the services of its page, in the caller's transaction."""
    lines = [e.payload for e in the_plan.entries if e.action != UNCHANGED and e.payload]
    wanted = {pk for line in lines for pk, _role in line.parties}
    # unscoped: the parties the plan found among the organisations the person sees
    orgs = Organisation.objects.in_bulk(wanted)
    # unscoped: the conventions the plan found through visible_to; the services check them
    conventions = Convention.objects.in_bulk([line.pk for line in lines if line.pk])
    for done, line in enumerate(lines, start=1):
        if line.pk is None:
            services.convention_create(
                by=by,
                parties=[(orgs[pk], role, None) for pk, role in line.parties],
                **line.fields,
            )
        else:
            convention = conventions[line.pk]
            if line.fields:
                convention = services.convention_update(convention=convention, by=by, **line.fields)
            for pk, role in line.parties:
                services.party_add(convention=convention, by=by, organisation=orgs[pk], role=role)
        if progress and (done % 50 == 0 or done == len(lines)):
            progress(done, len(lines))
