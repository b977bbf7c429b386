"""The grants import (issue 19): one line per financial year of a participation financière,
the convention's reference and the beneficiary repeated on each; the bank details (IBAN, BIC,
account holder: seed 001 art. 4.3, « le versement … ne pourra intervenir qu'après la
production d'un relevé d'identité bancaire ») given on one of its lines at least. The
structure the import is made for is the funder. A grant is found again by its convention,
funder and beneficiary (the natural key); the beneficiary is named by SIRET or name among the
convention's parties. `write` calls funding.services (grant_create, grant_year_set,
grant_set_bank_details), which check the funder's staff, the budget and what was paid."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.formatting import format_euros
from common.validators import normalise_bic, normalise_iban, validate_bic, validate_iban
from funding import services
from funding.models import Grant
from partnerships.models import Convention, Organisation
from portal.imports.base import CREATE, UNCHANGED, UPDATE, Entry, Plan, collect, progress_every
from portal.imports.reading import Column, Row, normalise, parse_amount, parse_siret

NOUN = gettext_lazy("Participations")
KEY_HEADER = gettext_lazy("Convention — bénéficiaire")
LABEL_HEADER = gettext_lazy("Exercice")

COLUMNS = (
    Column(
        "convention",
        "Référence de la convention",
        aliases=("Convention", "Référence", "N° de convention"),
        required=True,
        help="Une convention dont votre structure (le financeur) et le bénéficiaire sont parties.",
    ),
    Column(
        "beneficiary_siret",
        "SIRET du bénéficiaire",
        aliases=("SIRET",),
        help="Ou bien son nom dans la colonne suivante.",
    ),
    Column(
        "beneficiary",
        "Bénéficiaire",
        aliases=("Structure bénéficiaire", "Organisation", "Porteur"),
    ),
    Column(
        "year", "Exercice", aliases=("Année",), help="Une ligne par exercice, par exemple 2025."
    ),
    Column(
        "amount",
        "Montant annuel",
        aliases=("Montant", "Montant (€)", "Montant de l'exercice"),
        help="En euros, par exemple 20 000,00.",
    ),
    Column("iban", "IBAN", help="Vérifié (longueur du pays, clé de contrôle) ; espaces acceptés."),
    Column("bic", "BIC", aliases=("Code BIC", "SWIFT")),
    Column(
        "account_holder",
        "Titulaire du compte",
        aliases=("Titulaire", "Titulaire du RIB"),
    ),
)
EXAMPLES = (
    ("CONV-2025-014", "775 672 272 00055", "", "2025", "20 000,00",
     "FR76 3000 6000 0112 3456 7890 189", "AGRIFRPP", "Association Départementale d'Entraide"),
    ("CONV-2025-014", "775 672 272 00055", "", "2026", "20 000,00", "", "", ""),
)  # fmt: skip
LABELS = {c.key: c.header for c in COLUMNS}


@dataclass
class GrantLine:
    convention: int
    beneficiary: int
    years: dict[int, Decimal] = field(default_factory=dict)  # to create or change
    bank: dict | None = None  # iban, bic, account_holder: to record
    pk: int | None = None


def _iban(row: Row) -> str:
    value = normalise_iban(row.text("iban"))
    try:
        validate_iban(value)
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from exc
    return value


def _bic(row: Row) -> str:
    value = normalise_bic(row.text("bic"))
    try:
        validate_bic(value)
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from exc
    return value


def _holder(row: Row) -> str:
    value = row.text("account_holder")
    if len(value) > 200:
        raise ValueError(_("200 caractères au plus."))
    return value


def _year(row: Row) -> int:
    text = row.text("year")
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise ValueError(
            _("« %(value)s » n'est pas un exercice (par exemple 2025).") % {"value": text}
        )
    return int(text)


def _beneficiary(row: Row, convention: Convention) -> tuple[int, str]:
    parties = {p.organisation_id: p.organisation for p in convention.parties.all()}
    if row.text("beneficiary_siret"):
        siret = parse_siret(row, "beneficiary_siret")
        found = [org for org in parties.values() if org.siret == siret]
        what = siret
    else:
        what = row.text("beneficiary")
        name = normalise(what)
        found = [
            org
            for org in parties.values()
            if name in {normalise(org.name), normalise(org.short_name)}
        ]
    if len(found) == 1:
        return found[0].pk, str(found[0])
    raise ValueError(
        _("Organisation « %(org)s » inconnue parmi les parties de la convention %(ref)s.")
        % {"org": what, "ref": convention.reference}
    )


def plan(
    rows: Iterable[Row], *, organisation, by, progress: Callable[[int], None] | None = None
) -> Plan:
    """What importing `rows` would do, row by row; writes nothing. `organisation` is the
    funder."""
    rows = list(rows)
    references = {row.text("convention") for row in rows if row.text("convention")}
    conventions = {
        c.reference: c
        for c in Convention.objects.visible_to(by)
        .filter(reference__in=references)
        .prefetch_related("parties__organisation")
    }
    entries: dict[tuple, Entry] = {}
    years: dict[tuple, dict[int, tuple[Decimal, Row]]] = {}
    blank_lines: list[int] = []
    count = 0
    for row in rows:
        count += 1
        progress_every(progress, count)
        if row.blank:
            blank_lines.append(row.line)
            continue
        reference = row.text("convention")
        convention = conventions.get(reference)
        beneficiary = None
        if not reference:
            row.messages.append(_("Référence de la convention : obligatoire."))
        elif convention is None:
            row.messages.append(
                _("Convention « %(ref)s » inconnue (ou hors de votre périmètre).")
                % {"ref": reference}
            )
        elif not (row.text("beneficiary_siret") or row.text("beneficiary")):
            row.messages.append(_("Bénéficiaire : indiquez son SIRET ou son nom."))
        else:
            try:
                beneficiary = _beneficiary(row, convention)
            except ValueError as exc:
                row.messages.append(str(exc))
        if beneficiary is None:
            key = (reference, row.text("beneficiary_siret") or row.text("beneficiary"), row.line)
            label = f"{reference} — {key[1]}"
        else:
            key = (convention.pk, beneficiary[0])
            label = f"{reference} — {beneficiary[1]}"
        entry = entries.setdefault(key, Entry(key=label))
        entry.rows.append(row)
        if convention is not None:
            entry.values.setdefault("_convention", (convention, row.line))
        for name, parse in (("iban", _iban), ("bic", _bic), ("account_holder", _holder)):
            collect(row, entry, name, LABELS[name], parse)
        if not (row.text("year") or row.text("amount")):
            continue
        try:
            year = _year(row)
        except ValueError as exc:
            row.messages.append(f"{LABELS['year']} : {exc}")
            continue
        entry.labels[row.line] = str(year)
        try:
            amount = parse_amount(row.cells.get("amount")) if row.text("amount") else None
        except ValueError as exc:
            row.messages.append(f"{LABELS['amount']} : {exc}")
            continue
        if amount is None or amount <= 0:
            row.messages.append(_("Le montant annuel %(year)s doit être positif.") % {"year": year})
            continue
        seen = years.setdefault(key, {})
        if year in seen:
            row.messages.append(
                _("L'exercice %(year)s figure déjà ligne %(line)s pour cette participation.")
                % {"year": year, "line": seen[year][1].line}
            )
            continue
        seen[year] = (amount, row)
    existing = _existing(organisation, [k for k in entries if len(k) == 2])
    for key, entry in entries.items():
        if entry.failed:
            continue
        _decide(entry, key, existing.get(key), years.get(key, {}), organisation)
    return Plan(list(entries.values()), blank_lines, count, what=_("cette participation"))


def _existing(funder, keys: list[tuple]) -> dict[tuple, list[Grant]]:
    found: dict[tuple, list[Grant]] = {}
    conventions = {c for c, _b in keys}
    # unscoped: the funder's own grants on conventions found through visible_to above
    grants = Grant.objects.filter(funder=funder, convention__in=conventions).prefetch_related(
        "years"
    )
    for grant in grants:
        found.setdefault((grant.convention_id, grant.beneficiary_id), []).append(grant)
    return found


def _decide(entry: Entry, key: tuple, grants: list | None, years: dict, funder) -> None:
    first = entry.rows[0]
    convention = entry.value("_convention")
    parties = {p.organisation_id for p in convention.parties.all()}
    if funder.pk not in parties:
        first.messages.append(
            _("%(org)s n'est pas partie à la convention %(ref)s.")
            % {"org": funder, "ref": convention.reference}
        )
        return
    if key[1] == funder.pk:
        first.messages.append(_("Le financeur et le bénéficiaire sont deux structures distinctes."))
        return
    bank = {k: entry.value(k, "") for k in ("iban", "bic", "account_holder")}
    given = any(k in entry.values for k in ("iban", "bic", "account_holder"))
    if not grants:
        if not years:
            first.messages.append(_("Indiquez au moins un exercice et son montant."))
            return
        entry.action = CREATE
        entry.payload = GrantLine(
            convention=key[0],
            beneficiary=key[1],
            years={year: amount for year, (amount, _row) in years.items()},
            bank=bank if given else None,
        )
        return
    if len(grants) > 1:
        first.messages.append(
            _(
                "Plusieurs participations de ce financeur à ce bénéficiaire sur cette convention : "
                "modifiez-les depuis leur page."
            )
        )
        return
    grant = grants[0]
    stored = {y.year: y.amount for y in grant.years.all()}
    changed = {}
    for year, (amount, row) in sorted(years.items()):
        if year not in stored:
            row.notes.append(_("Nouvel exercice"))
            entry.change(_("Exercice ajouté"))
            changed[year] = amount
        elif stored[year] != amount:
            row.notes.append(
                _("Montant %(year)s : %(old)s → %(new)s")
                % {"year": year, "old": format_euros(stored[year]), "new": format_euros(amount)}
            )
            entry.change(_("Montant annuel modifié"))
            changed[year] = amount
    current = {"iban": grant.iban, "bic": grant.bic, "account_holder": grant.account_holder}
    merged = {k: entry.value(k, current[k]) for k in current}
    if given and merged != current:
        entry.change(_("Coordonnées bancaires modifiées"))
    entry.action = UPDATE if entry.changes else UNCHANGED
    if entry.action == UPDATE:
        entry.payload = GrantLine(
            convention=key[0],
            beneficiary=key[1],
            years=changed,
            bank=merged if merged != current else None,
            pk=grant.pk,
        )


def write(the_plan: Plan, *, by, organisation, progress: Callable[[int, int], None] = None) -> None:
    """Each grant through the services of its page, in the caller's transaction."""
    lines = [e.payload for e in the_plan.entries if e.action != UNCHANGED and e.payload]
    # unscoped: conventions and parties the plan found through visible_to
    conventions = Convention.objects.in_bulk({line.convention for line in lines})
    # unscoped: beneficiaries the plan found among the conventions' parties
    beneficiaries = Organisation.objects.in_bulk({line.beneficiary for line in lines})
    # unscoped: the funder's grants the plan found; the services check the funder's staff
    grants = Grant.objects.in_bulk([line.pk for line in lines if line.pk])
    for done, line in enumerate(lines, start=1):
        if line.pk is None:
            services.grant_create(
                convention=conventions[line.convention],
                funder=organisation,
                beneficiary=beneficiaries[line.beneficiary],
                yearly_amounts=line.years,
                by=by,
                **(line.bank or {}),
            )
        else:
            grant = grants[line.pk]
            for year, amount in sorted(line.years.items()):
                services.grant_year_set(grant=grant, year=year, amount=amount, by=by)
            if line.bank is not None:
                services.grant_set_bank_details(grant=grant, by=by, **line.bank)
        if progress and (done % 50 == 0 or done == len(lines)):
            progress(done, len(lines))
