"""issue 14, cases 9 and 10: what every answer says about itself. Nothing with personal data
is cached; the server does not name its software; refusals are 404 for every role, and the
pages that can still answer 403 or 500 are in French."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from households import services
from households.enums import DocumentKind

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_pdfs_exports_documents_and_the_access_export_are_never_cached(client, world, household):
    """Case 10: PDFs, exports, the JSON access export and documents had no Cache-Control."""
    document = services.document_upload(
        household=household,
        by=world.users.social_worker,
        kind=DocumentKind.IDENTITY,
        title="Carte d'identité",
        upload=SimpleUploadedFile("cni.pdf", PDF),
    )
    client.force_login(world.users.director)
    answers = {
        "dossier PDF": client.get(reverse("households:household_file", args=[household.pk])),
        "export CSV": client.get(reverse("households:household_export"), {"format": "csv"}),
        "export XLSX": client.get(reverse("households:contact_export"), {"format": "xlsx"}),
        "droit d'accès JSON": client.get(reverse("rgpd:access_json", args=[household.pk])),
        "droit d'accès PDF": client.get(reverse("rgpd:access_pdf", args=[household.pk])),
        "document": client.get(reverse("households:document_download", args=[document.pk])),
        "dossier": client.get(household.get_absolute_url()),
        "recherche": client.post(reverse("portal:search"), {"q": household.reference}),
    }
    for response in answers.values():
        if response.streaming:
            b"".join(response.streaming_content)
        # Close the files only: response.close() would also end the database connection.
        for close in response._resource_closers:
            close()
    assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(answers, 200)
    uncached = [name for name, r in answers.items() if not _no_store(r)]
    assert uncached == []


def test_the_404_page_of_a_stranger_is_not_cached_either(client, world, household):
    client.force_login(world.users.outsider)
    response = client.get(household.get_absolute_url())
    assert response.status_code == 404
    assert _no_store(response)


@pytest.mark.parametrize("who", ["partner", "staff", "outsider"])
def test_every_role_outside_the_perimeter_gets_404_on_household_urls(client, world, household, who):
    """Case 9: a partner signatory got 403 on every household URL, an unknown id too."""
    client.force_login(getattr(world.users, who))
    for url in (
        household.get_absolute_url(),
        reverse("households:household_detail", args=[987654]),
        reverse("households:household_list"),
    ):
        response = client.get(url)
        if who == "outsider" and url == reverse("households:household_list"):
            assert response.status_code == 200  # their own (empty of this household) list
            continue
        assert response.status_code == 404, url
        assert "Page introuvable" in response.content.decode()


def test_a_form_without_its_csrf_token_gets_a_french_403_page(world, household):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users.social_worker)
    response = client.post(
        reverse("households:household_edit", args=[household.pk]),
        {"housing_situation": "homeless"},
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "Formulaire expiré" in page
    assert "Forbidden" not in page


def test_the_403_and_500_templates_are_french(world):
    root = Path(__file__).resolve().parents[2] / "templates"
    for name, words in (("403.html", "Accès refusé"), ("500.html", "Une erreur est survenue")):
        assert words in (root / name).read_text()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_names_no_server_software(tmp_path):
    """Case 10: the `Server` header named gunicorn (and so its version to look up)."""
    port = _free_port()
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_ACCESS_LOG": "",
        "DEBUG": "1",
        "MAILLAGE_VAR_DIR": str(tmp_path),
        "MAILLAGE_PLAIN_STATIC": "1",
    }
    env.pop("DATABASE_URL", None)  # the login page reads no table
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        headers = None
        for _attempt in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/connexion/") as answer:
                    headers = answer.headers
                break
            except OSError:
                time.sleep(0.1)
        assert headers is not None, "gunicorn did not answer"
        assert headers.get("Server") is None
        assert "gunicorn" not in str(headers).lower()
        assert "no-store" in headers.get("Cache-Control", "")
    finally:
        server.terminate()
        server.wait(timeout=10)
