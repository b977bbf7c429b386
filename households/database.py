"""The application's PostgreSQL role: everything it needs, and on the access log no more than
reading and adding (issue 14, docs/deployment.md).

The role that migrates owns the tables: as owner it could grant itself TRUNCATE, or
`ALTER TABLE … DISABLE TRIGGER` and rewrite the log, whatever the append-only trigger says.
The application therefore runs with another role, which owns nothing: it reads and writes the
business tables, but only SELECT and INSERT the access log, and, owning no table, can neither
alter one nor grant itself a right. The migrating role applies this after each `migrate`:

    manage.py grant_app_role maillage_app
"""

from django.db import connection

AUDIT_TABLE = "households_auditentry"


def grant_application_role(role: str) -> None:
    """Run as the owner of the tables (the role that migrates), on PostgreSQL."""
    name = connection.ops.quote_name(role)
    statements = [
        f"GRANT USAGE ON SCHEMA current_schema TO {name}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA current_schema TO {name}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA current_schema TO {name}",
        # The access log: read and add, nothing else (the daily purge of entries past their
        # retention runs as the owner, see docs/deployment.md).
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {AUDIT_TABLE} FROM {name}",
        f"GRANT SELECT, INSERT ON {AUDIT_TABLE} TO {name}",
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = connection.ops.quote_name(cursor.fetchone()[0])
        for statement in statements:
            cursor.execute(statement.replace("current_schema", schema))
