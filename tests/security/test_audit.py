"""issue 8: the access log. One append-only entry per read of a household's personal data."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction
from django.db.utils import DatabaseError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from households import services
from households.enums import AuditAction, DocumentKind
from households.models import AuditEntry
from households.retention import audit_purge
from partnerships.enums import Role
from tests.households.factories import HouseholdFactory
from tests.partnerships.factories import MembershipFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_opening_a_household_file_writes_one_entry(client, world, household):
    client.force_login(world.users.social_worker)
    response = client.get(household.get_absolute_url(), HTTP_X_REQUEST_ID="req-0123456789")
    assert response.status_code == 200
    entry = AuditEntry.objects.get()
    assert entry.user == world.users.social_worker
    assert entry.organisation == world.orgs.chrs
    assert entry.household == household
    assert entry.action == AuditAction.VIEW_FILE
    assert entry.request_id == "req-0123456789"
    assert response["X-Request-ID"] == "req-0123456789"


def test_an_outsider_404_reads_nothing_and_logs_nothing(client, world, household):
    client.force_login(world.users.outsider)
    assert client.get(household.get_absolute_url()).status_code == 404
    assert not AuditEntry.objects.exists()


def test_downloading_a_document_writes_an_entry_without_its_name(client, world, household):
    document = services.document_upload(
        household=household,
        by=world.users.social_worker,
        kind=DocumentKind.IDENTITY,
        title="Carte d'identité de Mme Zéphirine",
        upload=SimpleUploadedFile("cni.pdf", PDF),
    )
    client.force_login(world.users.director)
    response = client.get(reverse("households:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    # Close the file only: response.close() would also end the test's database connection.
    for close in response._resource_closers:
        close()
    entry = AuditEntry.objects.get(action=AuditAction.DOWNLOAD_DOCUMENT)
    assert entry.household == household
    assert entry.user == world.users.director
    assert entry.detail == f"document n° {document.pk}"
    assert "Zéphirine" not in entry.detail


def test_a_director_reads_the_log_of_their_organisation_only(client, world, household):
    other = HouseholdFactory(organisation=world.orgs.other)
    reader = Client()
    reader.force_login(world.users.social_worker)
    reader.get(household.get_absolute_url())
    outsider = Client()
    outsider.force_login(world.users.outsider)
    outsider.get(other.get_absolute_url())
    client.force_login(world.users.director)
    page = client.get(reverse("rgpd:log"))
    assert page.status_code == 200
    rows = list(page.context["rows"])
    assert [r.household for r in rows] == [household]


def test_a_social_worker_has_no_organisation_log(client, world):
    client.force_login(world.users.social_worker)
    assert client.get(reverse("rgpd:log")).status_code == 404
    assert reverse("rgpd:log") not in client.get("/").content.decode()


def test_the_user_menu_leads_a_director_to_the_log(client, world):
    client.force_login(world.users.director)
    assert reverse("rgpd:log") in client.get("/").content.decode()


def test_the_household_log_is_shown_to_its_professionals_not_to_volunteers(
    client, world, joint_project
):
    household = joint_project.household
    client.force_login(world.users.soliha_worker)
    client.get(household.get_absolute_url())
    page = client.get(reverse("rgpd:household_log", args=[household.pk]))
    assert page.status_code == 200
    assert len(page.context["rows"]) == 1
    volunteer = Client()
    volunteer.force_login(world.users.volunteer)
    assert volunteer.get(household.get_absolute_url()).status_code == 200
    assert volunteer.get(reverse("rgpd:household_log", args=[household.pk])).status_code == 404


def test_the_organisation_log_filters_by_action(client, world, household):
    client.force_login(world.users.director)
    client.get(household.get_absolute_url())
    page = client.get(reverse("rgpd:log"), {"action": AuditAction.DOWNLOAD_DOCUMENT})
    assert list(page.context["rows"]) == []
    page = client.get(reverse("rgpd:log"), {"action": "inconnue"})
    assert page.status_code == 200
    assert "action" in page.context["filter"].errors


def test_log_pages_keep_a_constant_number_of_queries(client, world, household, count_queries):
    client.force_login(world.users.director)
    for _ in range(3):
        client.get(household.get_absolute_url())
    few, _sql = count_queries(lambda: client.get(reverse("rgpd:log")))
    for _ in range(10):
        client.get(household.get_absolute_url())
    more, sql = count_queries(lambda: client.get(reverse("rgpd:log")))
    assert few == more, "\n".join(sql)


def test_the_admin_cannot_change_or_delete_an_entry(client, world, household):
    director = world.users.director
    client.force_login(director)
    client.get(household.get_absolute_url())
    entry = AuditEntry.objects.get()
    change = reverse("admin:households_auditentry_change", args=[entry.pk])
    assert client.get(change).status_code == 200  # readable
    client.post(change, {"action": AuditAction.EXPORT, "detail": "falsifié"})
    delete = reverse("admin:households_auditentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 404
    entry.refresh_from_db()
    assert entry.action == AuditAction.VIEW_FILE
    assert entry.detail == ""


def test_entries_older_than_a_year_are_purged_the_others_kept(world, household):
    # Written old from the start: an INSERT, which the database allows (an UPDATE it refuses).
    AuditEntry.objects.create(
        household=household,
        action=AuditAction.VIEW_FILE,
        at=timezone.now() - dt.timedelta(days=400),
    )
    recent = AuditEntry.objects.create(household=household, action=AuditAction.VIEW_FILE)
    today = timezone.localdate()
    assert audit_purge(today, dry_run=True) == 1
    assert AuditEntry.objects.count() == 2
    assert audit_purge(today, dry_run=False) == 1
    assert list(AuditEntry.objects.all()) == [recent]


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger is PostgreSQL's (the production base)"
)


@postgresql_only
def test_postgresql_refuses_to_update_an_entry(world, household):
    entry = AuditEntry.objects.create(household=household, action=AuditAction.VIEW_FILE)
    with pytest.raises((DatabaseError, InternalError, ProgrammingError)), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(detail="falsifié")
    entry.refresh_from_db()
    assert entry.detail == ""


@postgresql_only
def test_postgresql_refuses_to_delete_a_recent_entry(world, household):
    entry = AuditEntry.objects.create(household=household, action=AuditAction.VIEW_FILE)
    with (
        pytest.raises((DatabaseError, InternalError, IntegrityError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM households_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_acting_organisation_of_a_person_of_several_structures_is_their_first(
    client, world, household
):
    # A coordinator of the Département who also works for other structures reads a file of
    # the CHRS, to which they don't belong: every entry names the same organisation, the
    # one they joined first, however the database returns their memberships.
    coordinator = world.users.coordinator
    for _ in range(3):
        MembershipFactory(user=coordinator, role=Role.SOCIAL_WORKER)
    client.force_login(coordinator)
    for _ in range(5):
        assert client.get(household.get_absolute_url()).status_code == 200
    assert {entry.organisation for entry in AuditEntry.objects.all()} == {world.orgs.department}


def _as_role(role: str, statement: str, params=None):
    """Run one statement as `role` (the application's), in a savepoint of the test."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
        try:
            cursor.execute(statement, params)
            return cursor.fetchall() if cursor.description else None
        finally:
            cursor.execute("RESET ROLE")


@postgresql_only
def test_the_application_role_can_only_read_and_add_to_the_access_log(world, household):
    """issue 14, case 6: the role that migrates owns the table and can grant itself TRUNCATE
    or disable the trigger. The application runs with a role of its own (manage.py
    grant_app_role): it reads and adds entries, and can do nothing else to the log."""
    import uuid

    from django.core.management import call_command

    entry = AuditEntry.objects.create(household=household, action=AuditAction.VIEW_FILE)
    role = f"maillage_app_{uuid.uuid4().hex[:8]}"  # rolled back with the test's transaction
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
    call_command("grant_app_role", role, stdout=None)

    # What the application does: read, add; and its business tables stay writable.
    assert _as_role(role, "SELECT count(*) FROM households_auditentry") == [(1,)]
    _as_role(
        role,
        "INSERT INTO households_auditentry (at, action, detail, request_id, household_id)"
        " VALUES (now(), 'view_file', '', '', %s)",
        [household.pk],
    )
    _as_role(
        role, "UPDATE households_household SET version = version WHERE id = %s", [household.pk]
    )

    forbidden = [
        "UPDATE households_auditentry SET detail = 'falsifié'",
        f"DELETE FROM households_auditentry WHERE id = {entry.pk}",
        "TRUNCATE households_auditentry",
        "ALTER TABLE households_auditentry DISABLE TRIGGER households_auditentry_append_only",
        "DROP TRIGGER households_auditentry_append_only ON households_auditentry",
    ]
    allowed = []
    for statement in forbidden:
        try:
            _as_role(role, statement)
        except DatabaseError:
            continue
        allowed.append(statement)
    assert allowed == []
    # Not the owner, it cannot grant itself a right either (PostgreSQL only warns).
    _as_role(role, f"GRANT TRUNCATE, UPDATE, DELETE ON households_auditentry TO {role}")
    rights = _as_role(
        role,
        "SELECT has_table_privilege(%s, 'households_auditentry', 'TRUNCATE'),"
        " has_table_privilege(%s, 'households_auditentry', 'UPDATE'),"
        " has_table_privilege(%s, 'households_auditentry', 'DELETE')",
        [role, role, role],
    )
    assert rights == [(False, False, False)]
    assert AuditEntry.objects.filter(pk=entry.pk, detail="").exists()
    assert AuditEntry.objects.count() == 2


def test_volunteers_do_not_read_document_titles_in_the_timeline(client, world, joint_project):
    """issue 14, case 8: a volunteer, who cannot open documents, read their titles in the
    household's timeline; the professionals still do."""
    household = joint_project.household
    services.document_upload(
        household=household,
        by=world.users.soliha_worker,
        kind=DocumentKind.OTHER,
        title="Certificat médical – suivi psychiatrique",
        upload=SimpleUploadedFile("certificat.pdf", PDF),
    )
    client.force_login(world.users.volunteer)
    page = client.get(household.get_absolute_url())
    assert page.status_code == 200
    assert "Document déposé" in page.content.decode()
    assert "psychiatrique" not in page.content.decode()
    professional = Client()
    professional.force_login(world.users.soliha_worker)
    assert "psychiatrique" in professional.get(household.get_absolute_url()).content.decode()
