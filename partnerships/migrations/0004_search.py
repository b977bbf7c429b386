"""Search (issue 7): accent-insensitive folding, French full-text configuration, trigram
indexes on organisation and convention names.

PostgreSQL only: the extensions, the SQL function `maillage_fold` (lower + unaccent,
IMMUTABLE so that it can be indexed), the text search configuration `maillage_fr` (unaccent,
then French stemming) and GIN indexes. On SQLite, partnerships/search.py registers a Python
`maillage_fold` on the connection and nothing is indexed.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE OR REPLACE FUNCTION maillage_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, lower($1)) $$
    """,
    """
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'maillage_fr') THEN
            CREATE TEXT SEARCH CONFIGURATION maillage_fr (COPY = pg_catalog.french);
            ALTER TEXT SEARCH CONFIGURATION maillage_fr
                ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, french_stem;
        END IF;
    END
    $$
    """,
    "CREATE INDEX IF NOT EXISTS organisation_name_trgm ON partnerships_organisation "
    "USING gin (maillage_fold(name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS organisation_short_name_trgm ON partnerships_organisation "
    "USING gin (maillage_fold(short_name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS organisation_name_fts ON partnerships_organisation "
    "USING gin (to_tsvector('maillage_fr'::regconfig, name))",
    "CREATE INDEX IF NOT EXISTS convention_reference_trgm ON partnerships_convention "
    "USING gin (maillage_fold(reference) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS convention_title_trgm ON partnerships_convention "
    "USING gin (maillage_fold(title) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS convention_title_fts ON partnerships_convention "
    "USING gin (to_tsvector('maillage_fr'::regconfig, title))",
]

BACKWARD = [
    "DROP INDEX IF EXISTS convention_title_fts",
    "DROP INDEX IF EXISTS convention_title_trgm",
    "DROP INDEX IF EXISTS convention_reference_trgm",
    "DROP INDEX IF EXISTS organisation_name_fts",
    "DROP INDEX IF EXISTS organisation_short_name_trgm",
    "DROP INDEX IF EXISTS organisation_name_trgm",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS maillage_fr",
    # The function stays while the households indexes (migrated back first) used it.
    "DROP FUNCTION IF EXISTS maillage_fold(text)",
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
        ("partnerships", "0003_user_sessions"),
    ]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False)]
