"""Find a household, an organisation or a convention by any part of its name or reference.

Accent- and case-insensitive: each searched column has its folded copy (`maillage_fold()`:
lower + unaccent), a generated column the database computes on every write
(common/folding.py), and the words typed are folded the same way in Python. On PostgreSQL
every folded column has a trigram GIN index (so `LIKE '%dupre%'` uses it, and its recheck
compares plain text) and titles also match by French full-text search (configuration
`maillage_fr`: French stemming after unaccent). On SQLite full-text search is left out.

Every result set starts from the model's `visible_to(user)`: a department agent finds no
household by name, a social worker only those of their perimeter.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, CharField, Exists, F, Func, OuterRef, Q, Value

from common.folding import fold
from households.models import Household, Member
from partnerships.models import Convention, Organisation

MIN_LENGTH = 2
MAX_LENGTH = 100
LIMIT = 20


def words(text: str) -> list[str]:
    return [w for w in fold(text).split() if w][:8]


class FrenchMatch(Func):
    """`to_tsvector('maillage_fr', column) @@ plainto_tsquery('maillage_fr', text)`; written
    as the expression indexed by the migration, so that PostgreSQL uses the GIN index."""

    template = "to_tsvector('maillage_fr'::regconfig, %(expressions)s)"
    arg_joiner = ") @@ plainto_tsquery('maillage_fr'::regconfig, "
    output_field = BooleanField()

    def __init__(self, column: str, text: str):
        super().__init__(F(column), Value(text, output_field=CharField()))


def _contains_all(columns: list[str], terms: list[str]) -> Q:
    """Every term appears in the folded copy of one of the columns (any part of a word)."""
    condition = Q()
    for term in terms:
        either = Q()
        for column in columns:
            either |= Q(**{f"{column}_folded__contains": term})
        condition &= either
    return condition


@dataclass(frozen=True)
class Results:
    query: str
    households: list
    organisations: list
    conventions: list
    searched_households: bool
    limit: int = LIMIT

    @property
    def count(self) -> int:
        return len(self.households) + len(self.organisations) + len(self.conventions)


def search_households(user, text: str):
    """Households of the perimeter whose reference, or a member's first or last name,
    contains every word typed."""
    terms = words(text)
    # unscoped: subquery bound to each household of the visible_to queryset
    members = Member.objects.filter(household=OuterRef("pk"))
    by_name = Exists(members.filter(_contains_all(["first_name", "last_name"], terms)))
    return (
        Household.objects.visible_to(user)
        .filter(Q(by_name) | _contains_all(["reference"], terms))
        .select_related("territory", "organisation")
        .order_by("reference")
    )


def search_organisations(user, text: str):
    terms = words(text)
    condition = _contains_all(["name", "short_name"], terms)
    if connection.vendor == "postgresql":
        condition |= Q(FrenchMatch("name", text))
    return Organisation.objects.visible_to(user).filter(condition).order_by("name", "pk")


def search_conventions(user, text: str):
    terms = words(text)
    condition = _contains_all(["reference", "title"], terms)
    if connection.vendor == "postgresql":
        condition |= Q(FrenchMatch("title", text))
    return (
        Convention.objects.visible_to(user).filter(condition).order_by("-start_date", "reference")
    )


def search(user, text: str, *, with_households: bool) -> Results:
    """At most LIMIT (+1, to tell that there are more) results of each kind."""
    text = " ".join(text.split())[:MAX_LENGTH]
    households = []
    if with_households:
        households = list(search_households(user, text).prefetch_related("members")[: LIMIT + 1])
    return Results(
        query=text,
        households=households,
        organisations=list(search_organisations(user, text)[: LIMIT + 1]),
        conventions=list(search_conventions(user, text)[: LIMIT + 1]),
        searched_households=with_households,
    )
