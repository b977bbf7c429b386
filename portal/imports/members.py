"""The members import (issue 19): the people who work in a structure, one line per person and
role, by their director (as on the « Membres » page). The e-mail address is the natural key;
a person already a member with that role is left as is (re-importing changes nothing, no
invitation sent again); a role taken back earlier is given again; the same person twice in
the file, or a person already known in the structure under another address, is an error.
`write` calls partnerships.services.member_invite, which checks who may grant which role and
e-mails each new member their invitation."""

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerships import services
from partnerships.enums import Role
from partnerships.errors import MembershipError
from partnerships.models import Membership, Territory
from partnerships.services.members import check_may_grant, check_territory
from portal.imports.base import CREATE, UNCHANGED, UPDATE, Entry, Plan, progress_every
from portal.imports.households import Territories
from portal.imports.reading import Column, Row, normalise, parse_choice

NOUN = gettext_lazy("Membres")
KEY_HEADER = gettext_lazy("E-mail")
LABEL_HEADER = gettext_lazy("Personne")
ROLE_LABEL = gettext_lazy("Rôle")

COLUMNS = (
    Column(
        "email",
        "E-mail",
        aliases=("Adresse e-mail", "Email", "Courriel", "Mél", "Adresse électronique"),
        required=True,
        help="L'adresse de connexion de la personne ; elle reçoit son invitation à cette adresse.",
    ),
    Column("last_name", "Nom", aliases=("Nom de famille",)),
    Column("first_name", "Prénom", aliases=("Prénoms",)),
    Column(
        "role",
        "Rôle",
        aliases=("Profil", "Rôle dans Maillage", "Fonction"),
        required=True,
        help=", ".join(str(label) for _v, label in Role.choices)
        + " (ceux que vous pouvez attribuer dans la structure).",
    ),
    Column(
        "territory",
        "Territoire",
        aliases=("Territoire d'intervention",),
        help="Pour un coordinateur seulement : un territoire du département (nom ou code).",
    ),
)
EXAMPLES = (
    ("amelie.lefevre@structure.example", "Lefèvre", "Amélie", "Travailleur social", ""),
    ("noe.martin@structure.example", "Martin", "Noé", "Bénévole", ""),
)


def plan(
    rows: Iterable[Row], *, organisation, by, progress: Callable[[int], None] | None = None
) -> Plan:
    """What importing `rows` into `organisation` would do, row by row; writes nothing."""
    entries: dict[tuple, Entry] = {}
    blank_lines: list[int] = []
    territories = Territories()
    seen: dict[str, int] = {}
    count = 0
    members = list(
        Membership.objects.visible_to(by)
        .filter(organisation=organisation)
        .select_related("user")
        .order_by()
    )
    by_email = {(m.user.email.lower(), m.role): m for m in members}
    by_name = {normalise(f"{m.user.first_name} {m.user.last_name}"): m.user for m in members}
    places = Territory.objects.in_bulk()  # territories are a shared reference
    for row in rows:
        count += 1
        progress_every(progress, count)
        if row.blank:
            blank_lines.append(row.line)
            continue
        email = row.text("email").lower()
        first, last = row.text("first_name"), row.text("last_name")
        try:
            validate_email(email)
        except ValidationError:
            row.messages.append(
                _("E-mail : « %(value)s » n'est pas une adresse valide.") % {"value": email}
            )
        role = ""
        try:
            role = parse_choice(row.text("role"), Role, ROLE_LABEL)
        except ValueError as exc:
            row.messages.append(str(exc))
        territory = None
        if row.text("territory"):
            try:
                territory = places[territories.find(row.text("territory"))]
            except ValueError as exc:
                row.messages.append(str(exc))
        key = (email, role)
        entry = Entry(key=email or _("(sans e-mail, ligne %(line)s)") % {"line": row.line})
        entry.rows.append(row)
        entry.labels[row.line] = f"{first} {last}".strip()
        entries[key if key not in entries else (email, role, row.line)] = entry
        if key in seen:
            row.messages.append(
                _("Cette personne figure déjà ligne %(line)s avec ce rôle.") % {"line": seen[key]}
            )
        seen.setdefault(key, row.line)
        if row.messages:
            continue
        try:
            check_may_grant(by, organisation, role)
            check_territory(organisation, role, territory)
        except MembershipError as exc:
            row.messages.append(exc.messages[0])
            continue
        known = by_name.get(normalise(f"{first} {last}")) if first and last else None
        if known is not None and known.email.lower() != email:
            row.messages.append(
                _(
                    "%(name)s est déjà membre de la structure sous l'adresse %(email)s : "
                    "corrigez l'adresse ou retirez la ligne."
                )
                % {"name": f"{first} {last}", "email": known.email}
            )
            continue
        current = by_email.get(key)
        if current is not None and current.is_active:
            entry.action = UNCHANGED
            row.notes.append(_("Déjà membre avec ce rôle"))
            continue
        if current is None and not (first and last) and email not in _emails(members):
            row.messages.append(_("Nom et prénom : obligatoires pour une nouvelle personne."))
            continue
        entry.action = UPDATE if current is not None else CREATE
        if current is not None:
            entry.change(_("Rôle rendu à la personne"))
        entry.payload = {
            "email": email,
            "first_name": first,
            "last_name": last,
            "role": role,
            "territory": territory,
        }
    return Plan(list(entries.values()), blank_lines, count, what=_("cette personne"))


def _emails(members: list) -> set[str]:
    return {m.user.email.lower() for m in members}


def write(the_plan: Plan, *, by, organisation, progress: Callable[[int, int], None] = None) -> None:
    """Each person through member_invite, as on the « Membres » page, in the caller's
    transaction (the invitations leave once it is committed)."""
    lines = [e.payload for e in the_plan.entries if e.action != UNCHANGED and e.payload]
    for done, line in enumerate(lines, start=1):
        services.member_invite(organisation=organisation, by=by, **line)
        if progress and (done % 50 == 0 or done == len(lines)):
            progress(done, len(lines))
