"""Statements built and compiled once per process (issue 15).

Django spends more time building a queryset and compiling it to SQL than the database spends
running the small statements every page sends (who the user is, their memberships, the bell):
3 ms of Python for the memberships' 0.6 ms of SQL. A statement whose shape never changes,
only its values, is built and compiled once per process and database; each call puts its
values in and runs it, and Django turns the rows into objects as it always does (related
objects, prefetches, converters).

    @compiled(int)
    def user_memberships(user_id):
        return Membership.objects.filter(user_id=user_id, is_active=True)

    user_memberships.list(user.pk)   # [Membership, …]
    user_memberships.first(user.pk)  # Membership or None
    user_memberships.count(user.pk)  # int

The builder is called once, with markers in place of its arguments; each marker must reach
the statement's parameters unchanged (a column compared with it), and nothing else in the
builder may change from one call to the next: no date of today, no translated text, no list
whose length varies (an `IN` of the user's organisations): a page's keys are one argument of
kind `Keys`, compared by `common.expressions.AmongValues` (one parameter, whatever their
number). Building raises if a marker is missing from the compiled statement, and tests
compare each statement with its plain queryset (tests/common/test_compiled.py). Building
reads nothing from the database: a query while building raises.

A statement whose shape depends on who asks (a `visible_to(user)`, written from the user's
organisations, roles and territories) is compiled once per process for each user's perimeter
(`Keyed`, `partnerships.perimeter.per_user`), with the values a builder freezes (a day, the
language) in its key.
"""

import datetime as dt
import functools
import threading
from collections import OrderedDict

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.utils import translation

from common.expressions import Keys, keys_param

# The state a compiler keeps from compiling a statement, which turns its rows into objects.
_COMPILER_STATE = ("select", "klass_info", "annotation_col_map", "col_count", "has_extra_select")

# Markers: values no row holds, in the range of their columns (Django reads an integer out of
# a column's range as "no row" and would drop it from the statement).
_INT_MARKER = 2_147_483_629


def _marker(kind: type, index: int):
    if kind is Keys:
        return Keys((_INT_MARKER - index,))
    if kind is int:
        return _INT_MARKER - index
    if kind is str:
        return f"\x00maillage-marker-{index}\x00"
    if kind is dt.datetime:
        return dt.datetime(1, 1, 1 + index, tzinfo=dt.UTC)
    if kind is dt.date:
        return dt.date(1, 1, 1 + index)
    raise TypeError(f"no marker for {kind!r}: int, str, date, datetime or Keys")


def _prepared(kind: type, value, connection):
    """The value as Django passes it to the database driver."""
    if kind is Keys:
        return keys_param(value, connection)
    if kind is dt.datetime:
        return connection.ops.adapt_datetimefield_value(value)
    if kind is dt.date:
        return connection.ops.adapt_datefield_value(value)
    return value


class Statement:
    """A builder's queryset, compiled once per database; see the module's docstring."""

    def __init__(self, build, kinds: tuple[type, ...]):
        self.build = build
        self.kinds = kinds
        self.markers = tuple(_marker(kind, index) for index, kind in enumerate(kinds))
        self._built = None
        self._compiled: dict = {}
        self.__name__ = getattr(build, "__name__", "statement")
        self.__doc__ = build.__doc__

    def __call__(self, *args):
        """The plain queryset, built for these values (what the statement stands for)."""
        return self.build(*args)

    def _queryset(self):
        if self._built is None:
            # Building must not read the database: what it read would be frozen in the SQL.
            with _no_queries(self.__name__):
                self._built = self.build(*self.markers)
        return self._built.all()

    def _compile(self, query, alias: str, count: bool):
        """(sql, params, slots, compiler state), or None for a statement that can find no row
        (an `IN` of nothing: a user's perimeter without any organisation)."""
        key = (alias, count)
        if key not in self._compiled:
            try:
                self._compiled[key] = self._compile_sql(query, alias, count)
            except EmptyResultSet:
                self._compiled[key] = None
        return self._compiled[key]

    def _compile_sql(self, query, alias: str, count: bool):
        connection = connections[alias]
        if count:
            inner = query.chain()
            inner.clear_ordering(force=True)
            inner.select_related = False
            inner.set_annotation_mask(())
            inner.clear_select_fields()
            inner.add_fields([query.model._meta.pk.name])
            compiler = inner.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            sql = f"SELECT COUNT(*) FROM ({sql}) counted"  # noqa: S608 (compiled SQL)
        else:
            compiler = query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
        markers = {
            _prepared(kind, marker, connection): index
            for index, (kind, marker) in enumerate(zip(self.kinds, self.markers, strict=True))
        }
        slots = [markers.get(param) for param in params]
        missing = set(range(len(self.kinds))) - set(slots)
        if missing:
            raise ValueError(
                f"{self.__name__}: argument(s) {sorted(missing)} do not reach the statement"
            )
        state = {name: getattr(compiler, name) for name in _COMPILER_STATE}
        return (sql, tuple(params), slots, state)

    def _beyond_any_column(self, args) -> bool:
        """Whether an integer is beyond every integer column (a 20-digit id in an address):
        no row holds it, and the database would refuse it rather than find nothing."""
        return any(
            kind is int and not -(2**63) <= value < 2**63
            for kind, value in zip(self.kinds, args, strict=False)
        )

    def _params(self, compiled, args, connection) -> tuple:
        _sql, params, slots, _state = compiled
        if len(args) != len(self.kinds):
            raise TypeError(f"{self.__name__} takes {len(self.kinds)} argument(s)")
        values = [
            _prepared(kind, value, connection) for kind, value in zip(self.kinds, args, strict=True)
        ]
        return tuple(
            param if slot is None else values[slot]
            for param, slot in zip(params, slots, strict=True)
        )

    def queryset(self, *args):
        """The queryset, its SQL compiled once: iterate it (or slice nothing) as is."""
        queryset = self._queryset()
        query = queryset.query
        alias = queryset.db
        compiled = self._compile(query, alias, count=False)
        if compiled is None or self._beyond_any_column(args):
            return queryset.none()
        sql, _params, _slots, state = compiled
        params = self._params(compiled, args, connections[alias])
        make_compiler = query.get_compiler

        def get_compiler(using=None, connection=None, elide_empty=True):
            compiler = make_compiler(using, connection, elide_empty)
            compiler.__dict__.update(state)
            compiler.as_sql = lambda *_args, **_kwargs: (sql, params)
            return compiler

        query.get_compiler = get_compiler
        return queryset

    def list(self, *args, **known) -> list:
        """The rows, as objects; `known` is set on each (what a related manager sets: the
        household of its members)."""
        rows = list(self.queryset(*args))
        for row in rows:
            for name, value in known.items():
                setattr(row, name, value)
        return rows

    def first(self, *args):
        """The first row, or None (the builder orders and limits as it means)."""
        rows = self.list(*args)
        return rows[0] if rows else None

    def count(self, *args) -> int:
        queryset = self._queryset()
        alias = queryset.db
        compiled = self._compile(queryset.query, alias, count=True)
        if compiled is None or self._beyond_any_column(args):
            return 0
        params = self._params(compiled, args, connections[alias])
        with connections[alias].cursor() as cursor:
            cursor.execute(compiled[0], params)
            return cursor.fetchone()[0]


class _no_queries:
    """Refuses any query while a statement is built (on every database)."""

    def __init__(self, name: str):
        self.name = name
        self.stack = []

    def _refuse(self, execute, sql, params, many, context):
        # Content types are read once per process and never change: Django caches them.
        if sql.startswith('SELECT "django_content_type"'):
            return execute(sql, params, many, context)
        raise RuntimeError(f"{self.name}: building the statement reads the database ({sql[:80]})")

    def __enter__(self):
        for connection in connections.all():
            manager = connection.execute_wrapper(self._refuse)
            manager.__enter__()
            self.stack.append(manager)
        return self

    def __exit__(self, *exc):
        while self.stack:
            self.stack.pop().__exit__(*exc)
        return False


class Keyed:
    """A builder of (subject, *keys, *values) compiled once per process for each key: the
    subject's `key_of(subject)` (for a user: their perimeter), the active language and the
    `keys` values (a day: what a builder computes from it is right for that day alone); the
    values are markers of `kinds`, as for a Statement. The `size` keys last used are kept.

    For a statement whose shape depends on who asks (a `visible_to(user)`: the user's
    organisations, roles and territories), so that it cannot be compiled once for all."""

    def __init__(self, build, key_of, keys: int, kinds: tuple[type, ...], size: int = 256):
        self.build = build
        self.key_of = key_of
        self.keys = keys
        self.kinds = kinds
        self.size = size
        self._statements: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.__name__ = getattr(build, "__name__", "statement")
        self.__doc__ = build.__doc__

    def __call__(self, subject, *args):
        """The plain queryset, built for these values (what the statement stands for)."""
        return self.build(subject, *args)

    def statement(self, subject, *args) -> tuple[Statement, tuple]:
        """The statement for this subject and these keys, and the values left to put in."""
        if len(args) != self.keys + len(self.kinds):
            raise TypeError(f"{self.__name__} takes {self.keys + len(self.kinds)} argument(s)")
        keys, values = args[: self.keys], args[self.keys :]
        key = (self.key_of(subject), translation.get_language(), *keys)
        statement = self._statements.get(key)
        if statement is None:
            statement = Statement(functools.partial(self.build, subject, *keys), self.kinds)
            statement.__name__ = self.__name__
            with self._lock:
                statement = self._statements.setdefault(key, statement)
                while len(self._statements) > self.size:
                    self._statements.popitem(last=False)
        else:
            with self._lock:
                if key in self._statements:
                    self._statements.move_to_end(key)
        return statement, values

    def list(self, subject, *args, **known) -> list:
        statement, values = self.statement(subject, *args)
        return statement.list(*values, **known)

    def first(self, subject, *args):
        statement, values = self.statement(subject, *args)
        return statement.first(*values)

    def count(self, subject, *args) -> int:
        statement, values = self.statement(subject, *args)
        return statement.count(*values)


def compiled(*kinds: type):
    """Decorator: the builder becomes a `Statement` taking arguments of these kinds."""

    def wrap(build) -> Statement:
        return Statement(build, kinds)

    return wrap


_by_builder: dict = {}


def compiled_list(build, pk: int | None, **known) -> list:
    """`list(build(pk))`, compiled once per process: for a builder of one id (a household's
    or a project's small lists), or of none (`pk` None: the builder ignores its argument)."""
    statement = _by_builder.get(build)
    if statement is None:
        if pk is None:
            statement = Statement(lambda: build(None), ())
            statement.__name__ = build.__name__
        else:
            statement = Statement(build, (int,))
        statement = _by_builder.setdefault(build, statement)
    return statement.list(*(() if pk is None else (pk,)), **known)


def remember_list(instance, name: str, rows: list) -> None:
    """`rows` as `instance.<name>.all()`, as prefetch_related leaves them: the related
    manager's queryset (a `.filter()` on it still asks the database), its rows read."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
