"""issue 14, case 4: every read of a household's personal data is logged, whatever the door.

docs/security.md §3 promised that every opening of a household file is logged; the project
page (contacts and confidential notes), the referral page (the situation), the name search
(members' full names) and every admin page of household data read them without a trace.

The walk below takes every URL pattern from the resolver (pages, exports, PDFs, documents,
the administration and its history pages, as tests/security/test_every_url.py does), opens
it as the people of organisation B, who may see B's household, and fails for any answer that
shows one of the household's personal strings without the access log growing.
"""

import pytest
from django.test import Client
from django.urls import reverse

from households.enums import AuditAction
from households.models import AuditEntry
from tests.security.test_every_url import b, requests_for  # noqa: F401 (b: the fixture)
from tests.shards import SHARDS, shard

pytestmark = pytest.mark.django_db

# What only B's household holds: a member's name, the referral's situation, a contact's
# summary and confidential note, a review's assessment, a document's title.
PERSONAL = [
    "Bélisaire",
    "SITUATION-B-SECRETE",
    "CR-B-SECRET",
    "NOTE-B-SECRETE",
    "bilan-b-secret",
    "DOC-B-SECRET",
]


def _body(response) -> str:
    if not 200 <= response.status_code < 300:
        return ""
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _shown(body: str) -> list[str]:
    return [secret for secret in PERSONAL if secret in body]


# The walk reads every page, some with objects a page does not expect (an activity without
# an axis): what it checks is the log, not the templates (their own tests are strict).
@pytest.mark.ignore_template_errors
@pytest.mark.parametrize("part", range(SHARDS))
def test_every_page_that_shows_personal_data_writes_the_access_log(request, part):
    objects = request.getfixturevalue("b")
    known, unknown = requests_for(objects)
    assert not unknown
    known = shard(known, part)
    readers = {"travailleur social de B": objects.worker, "directeur de B": objects.director}
    unlogged, logged = [], set()
    for role, user in readers.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for label, path, _owned in known:
            if label in ("logout", "admin:logout"):
                continue
            for query in ({}, {"format": "csv"}):
                before = AuditEntry.objects.count()
                response = client.get(path, query)
                if query and not response.get("Content-Type", "").startswith("text/html"):
                    # Not a page (a PDF, a file, JSON): ?format= does not turn it into another.
                    _body(response)  # a file is read to its end, as any other answer
                    continue
                shown = _shown(_body(response))
                if not shown:
                    continue
                if AuditEntry.objects.count() > before:
                    logged.add(label)
                else:
                    unlogged.append(f"{role} GET {path} {query or ''} ({label}) montre {shown}")
    assert not unlogged, "Lectures sans entrée au journal des accès :\n" + "\n".join(unlogged)
    # The walk would pass on a site that shows nothing: these doors did show the data.
    walked = {label for label, _path, _owned in known}
    for door in (
        "households:household_detail",
        "households:project_detail",
        "households:referral_detail",
        "households:contact_export",
        "rgpd:access_json",
        "admin:households_household_change",
        "admin:households_document_changelist",
        "admin:households_contact_simple_history",
        "admin:households_contact_change",
        "admin:households_referral_change",
    ):
        if door in walked:
            assert door in logged, f"{door} n'a montré aucune donnée du ménage"


def test_the_search_logs_one_entry_per_household_it_shows(request):
    objects = request.getfixturevalue("b")
    client = Client()
    client.force_login(objects.worker)
    response = client.post(reverse("portal:search"), {"q": "Bélisaire"})
    assert "Bélisaire" in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditAction.SEARCH)
    assert entry.household == objects.household
    assert entry.user == objects.worker


def test_the_project_page_logs_its_household(request):
    objects = request.getfixturevalue("b")
    client = Client()
    client.force_login(objects.worker)
    response = client.get(reverse("households:project_detail", args=[objects.project.pk]))
    assert "NOTE-B-SECRETE" in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditAction.VIEW_PROJECT)
    assert (entry.household, entry.detail) == (objects.household, f"projet n° {objects.project.pk}")


def test_the_admin_change_list_logs_each_household_it_shows(request):
    objects = request.getfixturevalue("b")
    client = Client()
    client.force_login(objects.director)
    response = client.get(reverse("admin:households_household_changelist"))
    assert response.status_code == 200
    assert "MEN-B-SECRET" in response.content.decode()
    entries = AuditEntry.objects.filter(action=AuditAction.ADMIN_VIEW)
    assert [e.household for e in entries] == [objects.household]
