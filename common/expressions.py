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
