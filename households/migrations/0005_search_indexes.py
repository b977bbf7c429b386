"""Search (issue 7): trigram indexes on the folded household reference and member names.

PostgreSQL only; `maillage_fold` comes from partnerships 0004. See partnerships/search.py.
"""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS household_reference_trgm ON households_household "
    "USING gin (maillage_fold(reference) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS member_first_name_trgm ON households_member "
    "USING gin (maillage_fold(first_name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS member_last_name_trgm ON households_member "
    "USING gin (maillage_fold(last_name) gin_trgm_ops)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS member_last_name_trgm",
    "DROP INDEX IF EXISTS member_first_name_trgm",
    "DROP INDEX IF EXISTS household_reference_trgm",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0004_audit_log_retention"),
        ("partnerships", "0004_search"),
    ]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False)]
