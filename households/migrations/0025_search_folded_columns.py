"""Search (issue 15): the folded reference and member names as stored generated columns.

`maillage_fold()` (lower + unaccent, partnerships 0004; registered in Python on SQLite by
common/folding.py) was evaluated on every row the search read: a trigram index always
rechecks each heap row, and the outer scan in reference order folded each reference. The
database now computes the folded value once per write, and the trigram indexes of 0005
are rebuilt on the columns themselves (PostgreSQL only).
"""

from django.db import migrations, models

import common.folding

INDEXES = [
    ("household_reference_trgm", "households_household", "reference"),
    ("member_first_name_trgm", "households_member", "first_name"),
    ("member_last_name_trgm", "households_member", "last_name"),
]


def folded_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}", params=None)
        schema_editor.execute(
            f"CREATE INDEX {name} ON {table} USING gin ({column}_folded gin_trgm_ops)",
            params=None,
        )


def expression_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}", params=None)
        schema_editor.execute(
            f"CREATE INDEX {name} ON {table} USING gin (maillage_fold({column}) gin_trgm_ops)",
            params=None,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('households', '0024_household_commune_situation'),
    ]

    operations = [
        migrations.AddField(
            model_name='household',
            name='reference_folded',
            field=models.GeneratedField(db_persist=True, expression=common.folding.Fold('reference'), output_field=models.TextField()),
        ),
        migrations.AddField(
            model_name='member',
            name='first_name_folded',
            field=models.GeneratedField(db_persist=True, expression=common.folding.Fold('first_name'), output_field=models.TextField()),
        ),
        migrations.AddField(
            model_name='member',
            name='last_name_folded',
            field=models.GeneratedField(db_persist=True, expression=common.folding.Fold('last_name'), output_field=models.TextField()),
        ),
        migrations.RunPython(folded_indexes, expression_indexes, elidable=False),
    ]
