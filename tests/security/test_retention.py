"""issue 8: retention (CNIL référentiel 2021-028: 24 months after the last contact), the
warning a month before, one extension with a reason, anonymisation, and rights of access."""

import datetime as dt
import json
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from households import services
from households.enums import AuditAction, ClosureOutcome
from households.models import AuditEntry, Closure, Contact, Document, Household, Member
from households.retention import (
    household_anonymise,
    overdue,
    retention_end,
    retention_extend,
    retention_run,
)
from households.services import HouseholdError
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

LAST_CONTACT = dt.date(2024, 3, 15)
END = dt.date(2026, 3, 15)  # 24 months later
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_data_is_kept_24_months_after_the_last_contact(ended):
    # CNIL référentiel 2021-028: 24 months after the last contact.
    assert retention_end(ended) == END


def test_a_household_still_followed_has_no_end(world, asrl_project):
    assert retention_end(asrl_project.household) is None


def test_the_referent_is_warned_30_days_before_once(world, ended):
    report = retention_run(today=dt.date(2026, 2, 12), dry_run=False)
    assert report.warned == []
    report = retention_run(today=dt.date(2026, 2, 13), dry_run=False)
    assert [h.pk for h, _end in report.warned] == [ended.pk]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.users.social_worker.email]
    assert "15 mars 2026" in mail.outbox[0].body
    assert "Tartempion" not in mail.outbox[0].body
    retention_run(today=dt.date(2026, 2, 20), dry_run=False)
    assert len(mail.outbox) == 1


def test_dry_run_lists_what_it_would_do_and_changes_nothing(ended, capsys):
    report = retention_run(today=dt.date(2026, 3, 16), dry_run=True)
    assert [h.pk for h, _end in report.anonymised] == [ended.pk]
    ended.refresh_from_db()
    assert ended.anonymised_at is None
    assert Member.objects.filter(last_name="Tartempion").count() == 2
    assert len(mail.outbox) == 0


def test_the_command_dry_run_prints_and_changes_nothing(ended, settings):
    settings.HOUSEHOLD_RETENTION_MONTHS = 1  # so that the end is past today
    from io import StringIO

    out = StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert f"[simulation] anonymiser : ménage {ended.reference}" in out.getvalue()
    assert Member.objects.filter(last_name="Tartempion").count() == 2


def test_anonymisation_removes_names_notes_documents_and_their_history(ended):
    document = Document.objects.get(household=ended)
    path = document.file.path
    household_anonymise(household=ended)
    ended.refresh_from_db()
    assert ended.anonymised_at is not None
    assert not Member.objects.filter(last_name="Tartempion").exists()
    assert not Member.objects.exclude(birth_date=None).filter(household=ended).exists()
    assert not Member.history.filter(last_name="Tartempion").exists()
    contact = Contact.objects.get(project__household=ended)
    assert contact.summary == contact.confidential_note == ""
    assert not Contact.history.filter(confidential_note__icontains="Violences").exists()
    assert not Closure.objects.filter(comment__icontains="Arras").exists()
    assert not Document.objects.filter(household=ended).exists()
    assert not Document.history.filter(household_id=ended.pk).exists()
    import os

    assert not os.path.exists(path)
    # What the yearly counts need stays: 1 adult (children never count), the outcome.
    assert ended.adults_for_funding() == 1
    assert Member.objects.filter(household=ended).count() == 2
    assert Closure.objects.get(project__household=ended).outcome == ClosureOutcome.HOUSED
    assert AuditEntry.objects.filter(household=ended, action=AuditAction.ANONYMISED).exists()


def test_the_daily_check_reports_zero_past_the_policy_once_the_task_ran(ended, settings):
    settings.HOUSEHOLD_RETENTION_MONTHS = 1
    with pytest.raises(CommandError):
        call_command("retention", "--check")
    call_command("retention")
    call_command("retention", "--check")
    from django.utils import timezone

    assert overdue(timezone.localdate()) == []


def test_a_director_extends_once_with_a_reason(world, ended):
    extended = retention_extend(
        household=ended, by=world.users.director, reason="Procédure d'expulsion en cours"
    )
    assert extended.retention_extended_until == dt.date(2027, 3, 15)
    assert retention_end(extended) == dt.date(2027, 3, 15)
    with pytest.raises(HouseholdError, match="déjà été prolongée une fois"):
        retention_extend(household=extended, by=world.users.director, reason="Encore")


def test_a_social_worker_cannot_extend(world, ended):
    with pytest.raises(HouseholdError):
        retention_extend(household=ended, by=world.users.social_worker, reason="Motif")
    ended.refresh_from_db()
    assert ended.retention_extended_until is None


def test_extension_without_a_reason_is_refused_and_changes_nothing(client, world, ended):
    client.force_login(world.users.director)
    url = reverse("rgpd:retention_extend", args=[ended.pk])
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 400
    assert "Indiquez le motif" in response.content.decode()
    ended.refresh_from_db()
    assert ended.retention_extended_until is None
    response = client.post(url, {"reason": "Recours DALO en cours"})
    assert response.status_code == 302
    ended.refresh_from_db()
    assert ended.retention_extension_reason == "Recours DALO en cours"
    assert AuditEntry.objects.filter(action=AuditAction.RETENTION_EXTENDED).count() == 1


def test_a_contact_before_the_household_was_informed_is_refused(world, asrl_project):
    household = asrl_project.household
    Household.objects.filter(pk=household.pk).update(informed_on=None)
    asrl_project.household.refresh_from_db()
    with pytest.raises(HouseholdError, match="informé du traitement"):
        services.contact_log(
            project=asrl_project,
            by=world.users.social_worker,
            happened_on=dt.date(2019, 10, 2),
            medium="home_visit",
            duration_minutes=60,
        )
    assert not Contact.objects.exists()


def test_right_of_access_exports_everything_as_json(client, world, ended):
    client.force_login(world.users.social_worker)
    response = client.get(reverse("rgpd:access_json", args=[ended.pk]))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert {m["nom"] for m in data["membres"]} == {"Tartempion"}
    contact = data["accompagnements"][0]["rencontres"][0]
    assert contact["note_confidentielle"] == "Violences conjugales signalées"
    assert data["conservation"]["conservee_jusqu_au"] == "2026-03-15"
    assert data["documents"][0]["titre"] == "Carte d'identité"
    assert AuditEntry.objects.filter(action=AuditAction.ACCESS_EXPORT, household=ended).exists()


def test_right_of_access_exports_a_readable_pdf(client, world, ended):
    client.force_login(world.users.director)
    response = client.get(reverse("rgpd:access_pdf", args=[ended.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Tartempion" in text
    assert "Violences conjugales signalées" in text
    # issue 18: dates written as French writes them (the JSON keeps ISO), never 2026-03-15.
    assert "15 mars 2026" in " ".join(text.split())
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), "date ISO dans le PDF"


def test_volunteers_and_outsiders_get_no_access_export(client, world, joint_project):
    for user in (world.users.volunteer, world.users.outsider):
        client.force_login(user)
        url = reverse("rgpd:access_json", args=[joint_project.household.pk])
        assert client.get(url).status_code == 404
