"""SQL expressions the kit needs that Django does not write itself."""

from django.db.models import BooleanField, F, Func, Subquery


class AmongKeys(Func):
    """`column IN (subquery)`, written on PostgreSQL `column = ANY(ARRAY(subquery))`: the
    subquery runs once, on its own, and the rows are then read by the column's index. The
    semi-join PostgreSQL plans for `IN` hashes the whole table when it expects many keys: a
    social worker's households counted at 100 000 households read all 100 000 to keep 1 500
    (issue 15). For counts: an ordered page of rows keeps `IN` (its ordering's index leads,
    and each row would be looked for in the array)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, queryset):
        # no ORDER BY: the keys are a set (the model's ordering would sort them first)
        super().__init__(F(column), Subquery(queryset.order_by()))

    def _sides(self, compiler):
        column, column_params = compiler.compile(self.source_expressions[0])
        keys, keys_params = compiler.compile(self.source_expressions[1])
        return column, keys, (*column_params, *keys_params)

    def as_sql(self, compiler, connection, **extra_context):
        column, keys, params = self._sides(compiler)
        return f"{column} IN {keys}", params

    def as_postgresql(self, compiler, connection, **extra_context):
        column, keys, params = self._sides(compiler)
        return f"{column} = ANY(ARRAY{keys})", params


class Keys(tuple):
    """Integer keys (a page's primary keys), handed to the database as one value by
    AmongValues: a kind of argument of common.compiled's statements."""


def keys_param(keys, connection) -> str:
    """The keys as one parameter: a PostgreSQL array, elsewhere a JSON array."""
    numbers = ",".join(str(int(key)) for key in keys)
    return f"{{{numbers}}}" if connection.vendor == "postgresql" else f"[{numbers}]"


class AmongValues(Func):
    """`column IN (k1, k2, …)`, the keys given as one parameter (`= ANY(%s::bigint[])` on
    PostgreSQL, `IN (SELECT value FROM json_each(%s))` elsewhere): the statement's text does
    not depend on how many keys there are, so a page's rows read by their keys are compiled
    once (common.compiled, issue 15)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, keys):
        super().__init__(F(column))
        self.keys = Keys(keys)

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        keys = keys_param(self.keys, connection)
        return f"{column} IN (SELECT value FROM json_each(%s))", (*params, keys)

    def as_postgresql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} = ANY(%s::bigint[])", (*params, keys_param(self.keys, connection))
