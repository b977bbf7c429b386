"""The organisations import (issue 19): one line per representative, the organisation's SIRET
repeated on each of its lines; its own columns (name, kind, address, territories) given on one
of its lines at least. The SIRET is the natural key: an organisation already there is found
by it and changed only where the file says something else. A representative is known by
their name within the organisation; the same person twice in the file, or an e-mail already
another representative's, is an error. `write` hands everything to
partnerships.services.organisations_import."""

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerships import services
from partnerships.enums import OrganisationKind
from partnerships.models import Organisation, OrganisationContact
from partnerships.services.organisations import ContactLine, OrganisationLine
from portal.imports.base import CREATE, UNCHANGED, UPDATE, Entry, Plan, collect, progress_every
from portal.imports.households import Territories
from portal.imports.reading import Column, Row, normalise, parse_choice, parse_siret

NOUN = gettext_lazy("Organisations")
KEY_HEADER = gettext_lazy("SIRET")
LABEL_HEADER = gettext_lazy("Représentant")
KIND_LABEL = gettext_lazy("Type de structure")

COLUMNS = (
    Column(
        "siret",
        "SIRET",
        aliases=("N° SIRET", "Numéro SIRET", "Siret de la structure"),
        required=True,
        help="14 chiffres (espaces acceptés), clé de contrôle vérifiée ; répété sur la ligne "
        "de chacun de ses représentants.",
    ),
    Column(
        "name",
        "Raison sociale",
        aliases=("Nom de la structure", "Structure", "Organisation", "Nom de l'organisation"),
        help="Obligatoire pour une nouvelle organisation.",
    ),
    Column("short_name", "Sigle", aliases=("Acronyme",)),
    Column(
        "kind",
        "Type de structure",
        aliases=("Type", "Type d'organisation", "Catégorie"),
        help=", ".join(str(label) for _v, label in OrganisationKind.choices)
        + ". Obligatoire pour une nouvelle organisation ; ne se change pas ensuite.",
    ),
    Column("address", "Adresse", aliases=("Adresse postale", "Rue")),
    Column("postal_code", "Code postal", aliases=("CP",)),
    Column("city", "Ville", aliases=("Localité",)),
    Column(
        "territories",
        "Territoires",
        aliases=("Territoire", "Territoires d'intervention", "Communes d'intervention"),
        help="Noms ou codes INSEE, séparés par « / ».",
    ),
    Column(
        "contact_name",
        "Représentant",
        aliases=("Nom du représentant", "Contact", "Nom du contact", "Représentante"),
        help="Prénom et nom ; une ligne par représentant.",
    ),
    Column("contact_title", "Qualité", aliases=("Fonction", "Qualité du représentant")),
    Column("contact_email", "E-mail", aliases=("Email", "Courriel", "Adresse e-mail", "Mél")),
    Column("contact_phone", "Téléphone", aliases=("Tél", "Tel", "Portable")),
)
EXAMPLES = (
    ("775 672 272 00055", "Association Départementale d'Entraide", "ADE", "Association",
     "12 rue des Écoles", "62000", "Arras", "Arras", "Hélène Dupré", "Présidente",
     "presidence@ade.example", "03 21 00 00 00"),
    ("775 672 272 00055", "", "", "", "", "", "", "", "Karim Benali", "Directeur général",
     "direction@ade.example", ""),
)  # fmt: skip
ORGANISATION_KEYS = ("name", "short_name", "kind", "address", "postal_code", "city")
LABELS = {c.key: c.header for c in COLUMNS}
FIELD_LABELS = {
    "name": gettext_lazy("Raison sociale"),
    "short_name": gettext_lazy("Sigle"),
    "address": gettext_lazy("Adresse"),
    "postal_code": gettext_lazy("Code postal"),
    "city": gettext_lazy("Ville"),
}
LIMITS = {"name": 255, "short_name": 60, "address": 255, "postal_code": 5, "city": 120}


def _text(key: str) -> Callable[[Row], str]:
    def parse(row: Row) -> str:
        value = row.text(key)
        if len(value) > LIMITS[key]:
            raise ValueError(_("%(n)s caractères au plus.") % {"n": LIMITS[key]})
        return value

    return parse


def _kind(row: Row) -> str:
    return parse_choice(row.text("kind"), OrganisationKind, KIND_LABEL)


def _territories(territories: Territories) -> Callable[[Row], frozenset]:
    def parse(row: Row) -> frozenset:
        parts = [p.strip() for p in row.text("territories").replace("|", "/").split("/")]
        return frozenset(territories.find(p) for p in parts if p)

    return parse


def _contact(row: Row) -> ContactLine | None:
    name = row.text("contact_name")
    title, email, phone = (row.text(k) for k in ("contact_title", "contact_email", "contact_phone"))
    if not name:
        if title or email or phone:
            row.messages.append(_("Représentant : indiquez son nom."))
        return None
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.messages.append(_("E-mail « %(value)s » : adresse invalide.") % {"value": email})
    for value, limit, label in ((name, 200, "Représentant"), (title, 200, "Qualité"),
                                (phone, 30, "Téléphone")):  # fmt: skip
        if len(value) > limit:
            row.messages.append(
                _("%(label)s : %(n)s caractères au plus.") % {"label": label, "n": limit}
            )
    return ContactLine(full_name=name, title=title, email=email.lower(), phone=phone)


def plan(
    rows: Iterable[Row], *, organisation, by, progress: Callable[[int], None] | None = None
) -> Plan:
    """What importing `rows` would do, row by row; writes nothing. `organisation` is the
    department the run is logged for; `by` the person, whose perimeter decides what they
    may change."""
    entries: dict[str, Entry] = {}
    contacts: dict[str, list[tuple[Row, ContactLine]]] = {}
    blank_lines: list[int] = []
    territories = Territories()
    count = 0
    emails: dict[str, tuple[str, int]] = {}
    for row in rows:
        count += 1
        progress_every(progress, count)
        if row.blank:
            blank_lines.append(row.line)
            continue
        key = row.text("siret")
        if not key:
            row.messages.append(
                _("SIRET : obligatoire (c'est ainsi que l'organisation est retrouvée).")
            )
            key = _("(sans SIRET, ligne %(line)s)") % {"line": row.line}
        else:
            try:
                key = parse_siret(row, "siret")
            except ValueError as exc:
                row.messages.append(str(exc))
        entry = entries.setdefault(key, Entry(key=key))
        entry.rows.append(row)
        for name in ORGANISATION_KEYS:
            if name == "kind":
                collect(row, entry, name, str(KIND_LABEL), _kind)
            else:
                collect(row, entry, name, LABELS[name], _text(name))
        collect(row, entry, "territories", LABELS["territories"], _territories(territories))
        contact = _contact(row)
        if contact is None:
            continue
        entry.labels[row.line] = contact.full_name
        same = [
            r
            for r, c in contacts.get(key, [])
            if normalise(c.full_name) == normalise(contact.full_name)
        ]
        if same:
            row.messages.append(
                _("%(name)s figure déjà ligne %(line)s pour cette organisation.")
                % {"name": contact.full_name, "line": same[0].line}
            )
        if contact.email:
            other = emails.get(contact.email)
            if other and normalise(other[0]) != normalise(contact.full_name):
                row.messages.append(
                    _("L'e-mail %(email)s est déjà celui de %(name)s, ligne %(line)s.")
                    % {"email": contact.email, "name": other[0], "line": other[1]}
                )
            emails.setdefault(contact.email, (contact.full_name, row.line))
        contacts.setdefault(key, []).append((row, contact))
    existing = _existing(list(entries), by)
    for key, entry in entries.items():
        _decide(entry, existing.get(key), contacts.get(key, []))
    return Plan(list(entries.values()), blank_lines, count, what=_("cette organisation"))


def _existing(sirets: list[str], by) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for start in range(0, len(sirets), 1000):
        chunk = sirets[start : start + 1000]
        # unscoped: the SIRET is unique across Maillage (as the admin's check of a new one)
        for org in Organisation.objects.filter(siret__in=chunk).prefetch_related("territories"):
            found[org.siret] = {
                "pk": org.pk,
                **{name: getattr(org, name) for name in ORGANISATION_KEYS},
                "territories": frozenset(t.pk for t in org.territories.all()),
                "contacts": {},
                "visible": False,
            }
    by_pk = {record["pk"]: record for record in found.values()}
    for pk in (
        Organisation.objects.visible_to(by).filter(pk__in=list(by_pk)).values_list("pk", flat=True)
    ):
        by_pk[pk]["visible"] = True
    # Representatives of the organisations found by SIRET above, compared with the file only;
    # outside the perimeter, nothing of them is shown (one error, or « inchangé »).
    # unscoped: representatives of the organisations found by SIRET, compared only
    for contact in OrganisationContact.objects.filter(organisation__in=list(by_pk)):
        by_pk[contact.organisation_id]["contacts"][normalise(contact.full_name)] = contact
    return found


def _decide(entry: Entry, existing: dict | None, contacts: list[tuple[Row, ContactLine]]) -> None:
    first = entry.rows[0]
    values = {key: value for key, (value, _line) in entry.values.items()}
    if existing is None:
        entry.action = CREATE
        if "name" not in values:
            first.messages.append(_("Raison sociale : obligatoire pour une nouvelle organisation."))
        if "kind" not in values:
            first.messages.append(
                _("Type de structure : obligatoire pour une nouvelle organisation.")
            )
        for _row, contact in contacts:
            contact.pk = None
    else:
        kind_differs = values.get("kind", existing["kind"]) != existing["kind"]
        if kind_differs and existing["visible"]:
            first.messages.append(
                _("Le type de structure d'une organisation ne se change pas par un import.")
            )
        for name, label in FIELD_LABELS.items():
            if name in values and values[name] != existing[name]:
                entry.change(_("%(field)s modifié(e)") % {"field": label})
        if values.get("territories", existing["territories"]) != existing["territories"]:
            entry.change(_("Territoires modifiés"))
        known = existing["contacts"]
        emails = {c.email.lower(): c for c in known.values() if c.email}
        for row, contact in contacts:
            same = known.get(normalise(contact.full_name))
            other = emails.get(contact.email) if contact.email else None
            if other is not None and other is not same:
                row.messages.append(
                    _("L'e-mail %(email)s est déjà celui de %(name)s, représentant déjà connu de "
                      "cette organisation.") % {"email": contact.email, "name": other.full_name}
                )  # fmt: skip
            if same is None:
                entry.change(_("Représentant ajouté"))
                row.notes.append(_("Nouveau représentant"))
                continue
            contact.pk = same.pk
            contact.title = contact.title or same.title
            contact.email = contact.email or same.email
            contact.phone = contact.phone or same.phone
            if (contact.title, contact.email, contact.phone) != (
                same.title,
                same.email,
                same.phone,
            ):
                entry.change(_("Représentant modifié"))
                row.notes.append(_("Représentant déjà connu : qualité ou coordonnées modifiées"))
            else:
                row.notes.append(_("Représentant déjà connu"))
        entry.action = UPDATE if entry.changes else UNCHANGED
        if not existing["visible"]:
            # Nothing of an organisation outside the perimeter is told: unchanged, or one error.
            differs = entry.action == UPDATE or kind_differs
            for row in entry.rows:
                row.notes.clear()
                row.messages[:] = [m for m in row.messages if "déjà connu de cette" not in m]
            entry.changes.clear()
            if differs:
                first.messages[:] = [
                    _(
                        "Ce SIRET est celui d'une organisation hors de votre périmètre : elle ne "
                        "se modifie pas par un import."
                    )
                ]
    if entry.failed or entry.action == UNCHANGED:
        return
    merged = {
        name: values.get(name, existing and existing[name]) or "" for name in ORGANISATION_KEYS
    }
    entry.payload = OrganisationLine(
        siret=entry.key,
        territory_ids=sorted(values["territories"]) if "territories" in values else None,
        contacts=[c for _row, c in contacts if c.pk is None or _changed(c, existing)],
        pk=existing and existing["pk"],
        **merged,
    )


def _changed(contact: ContactLine, existing: dict | None) -> bool:
    same = existing and existing["contacts"].get(normalise(contact.full_name))
    return not same or (contact.title, contact.email, contact.phone) != (
        same.title,
        same.email,
        same.phone,
    )


def write(the_plan: Plan, *, by, organisation, progress: Callable[[int, int], None] = None) -> None:
    """Hand the plan's organisations to the service, in the caller's transaction."""
    lines = [e.payload for e in the_plan.entries if e.action != UNCHANGED and e.payload]
    for start in range(0, len(lines), 200):
        services.organisations_import(
            by=by, lines=lines[start : start + 200], registered_by=organisation
        )
        if progress:
            progress(min(start + 200, len(lines)), len(lines))
