"""What the imports of organisations, conventions and grants share (issue 19): the lines of
one record in the file (an Entry, found by its natural key), the values given on several of
its lines (which must agree), and the plan's report row by row, in the same shape as the
households import's so that the same page shows it."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from portal.imports.households import BLANK, CREATE, ERROR, UNCHANGED, UPDATE
from portal.imports.reading import Row

__all__ = ["BLANK", "CREATE", "ERROR", "UNCHANGED", "UPDATE", "Entry", "Plan", "collect"]


@dataclass
class Entry:
    """The lines of one record (an organisation, a convention, a grant) in the file."""

    key: str
    rows: list[Row] = field(default_factory=list)
    values: dict = field(default_factory=dict)  # column → (value, first line)
    labels: dict[int, str] = field(default_factory=dict)  # line → what it names
    action: str = CREATE
    changes: list[str] = field(default_factory=list)
    payload: Any = None  # what `write` hands to the service

    @property
    def failed(self) -> bool:
        return any(row.messages for row in self.rows)

    def value(self, key: str, default=None):
        return self.values[key][0] if key in self.values else default

    def change(self, text: str) -> None:
        if text not in self.changes:
            self.changes.append(text)


@dataclass
class Plan:
    entries: list[Entry]
    blank_lines: list[int]
    rows: int
    what: str = ""  # « cette organisation », for the message of a line whose sibling failed

    @property
    def errors(self) -> int:
        return sum(len(e.rows) for e in self.entries if e.failed)

    def count(self, action: str) -> int:
        return sum(1 for e in self.entries if not e.failed and e.action == action)

    def report(self) -> list[list]:
        """Row by row, in the file's order: [line, key, label, action, messages]."""
        out = [[line, "", "", BLANK, []] for line in self.blank_lines]
        sibling = _("Une autre ligne de %(what)s est en erreur.") % {"what": self.what}
        for entry in self.entries:
            for row in entry.rows:
                label = entry.labels.get(row.line, "")
                if row.messages:
                    out.append([row.line, entry.key, label, ERROR, row.messages])
                elif entry.failed:
                    out.append([row.line, entry.key, label, ERROR, [sibling]])
                else:
                    notes = list(row.notes)
                    if row is entry.rows[0]:
                        notes = entry.changes + notes
                    out.append([row.line, entry.key, label, entry.action, notes])
        out.sort(key=lambda r: r[0])
        return out


def collect(row: Row, entry: Entry, key: str, label: str, parse: Callable) -> None:
    """Parse the cell `key` of `row` (left alone when empty) and keep its value on the entry;
    a value different from the one of an earlier line of the same record is an error."""
    if not row.text(key):
        return
    try:
        value = parse(row)
    except ValueError as exc:
        message = str(exc)
        row.messages.append(message if message.startswith(label) else f"{label} : {message}")
        return
    if key in entry.values and entry.values[key][0] != value:
        row.messages.append(
            _("%(column)s diffère de la ligne %(line)s pour le même enregistrement.")
            % {"column": label, "line": entry.values[key][1]}
        )
        return
    entry.values.setdefault(key, (value, row.line))


def progress_every(progress: Callable[[int], None] | None, count: int) -> None:
    if progress and count % 1000 == 0:
        progress(count)
