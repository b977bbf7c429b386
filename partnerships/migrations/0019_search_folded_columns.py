"""Search (issue 15): the folded names and references of organisations and conventions as
stored generated columns, their trigram indexes rebuilt on them (PostgreSQL only; 0004 had
them on `maillage_fold(column)`). See households 0025 and common/folding.py.
"""

from django.db import migrations, models

import common.folding

INDEXES = [
    ("organisation_name_trgm", "partnerships_organisation", "name"),
    ("organisation_short_name_trgm", "partnerships_organisation", "short_name"),
    ("convention_reference_trgm", "partnerships_convention", "reference"),
    ("convention_title_trgm", "partnerships_convention", "title"),
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
        ('partnerships', '0018_amendment_replaced_terms'),
    ]

    operations = [
        migrations.AddField(
            model_name='convention',
            name='reference_folded',
            field=models.GeneratedField(db_persist=True, expression=common.folding.Fold('reference'), output_field=models.TextField()),
        ),
        migrations.AddField(
            model_name='convention',
            name='title_folded',
            field=models.GeneratedField(db_persist=True, expression=common.folding.Fold('title'), output_field=models.TextField()),
        ),
        migrations.AddField(
            model_name='organisation',
            name='name_folded',
            field=models.GeneratedField(db_persist=True, expression=common.folding.Fold('name'), output_field=models.TextField()),
        ),
        migrations.AddField(
            model_name='organisation',
            name='short_name_folded',
            field=models.GeneratedField(db_persist=True, expression=common.folding.Fold('short_name'), output_field=models.TextField()),
        ),
        migrations.RunPython(folded_indexes, expression_indexes, elidable=False),
    ]
