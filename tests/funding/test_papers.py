"""The papers of a grant (issue 19): bank identity statement, certified reports, Cerfa; filed
by the beneficiary or the funder's staff, scanned for format, served through the perimeter;
seed 001 art. 4.3: no payment before a bank identity statement is on file."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from funding import services
from funding.enums import GrantPaperKind, InstalmentStatus
from funding.errors import FundingError
from funding.models import GrantPaper
from partnerships.enums import Role
from tests.funding.factories import REAL_PDF, GrantFactory, GrantPaperFactory
from tests.partnerships.factories import member

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00 This program cannot be run"


def stored_files() -> list[str]:
    """Every file under the test's private media folder."""
    root = Path(default_storage.location)
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def bare_grant(world, cpom, budget_line):
    """seed 001 art. 4.1: 20 000 € a year, its IBAN entered but no bank statement filed."""
    return services.grant_create(
        convention=cpom,
        funder=world.orgs.department,
        beneficiary=world.orgs.fas,
        budget_line=budget_line,
        yearly_amounts={2023: Decimal("20000")},
        iban="FR7630006000011234567890189",
        by=world.users.staff,
    )


def _due_first_instalment(grant, agent):
    services.instalments_generate(grant=grant, by=agent)
    services.grant_notify(grant=grant, on=dt.date(2023, 4, 19), by=agent)
    return grant.instalments.get(year=2023, position=1)


def _pay(instalment, agent, mandate="MAND-2023-0412"):
    instalment.refresh_from_db()
    return services.instalment_pay(
        instalment=instalment,
        version=instalment.version,
        paid_on=dt.date(2023, 5, 10),
        mandate_reference=mandate,
        by=agent,
    )


# ------------------------------------------------------------------- seed 001 art. 4.3
def test_no_payment_before_the_bank_statement_is_produced_then_paid(bare_grant, world):
    # seed 001 art. 4.3: « le versement … ne pourra intervenir qu'après la production d'un
    # relevé d'identité bancaire ou postale »: the 70 % of 20 000 € (14 000 €) waits for it.
    agent = world.users.staff
    first = _due_first_instalment(bare_grant, agent)
    assert first.amount == Decimal("14000.00")

    with pytest.raises(FundingError, match="relevé d'identité bancaire"):
        _pay(first, agent)
    first.refresh_from_db()
    assert first.status == InstalmentStatus.DUE

    # The beneficiary's director files its statement; the payment then goes through.
    services.grant_paper_upload(
        grant=bare_grant,
        kind=GrantPaperKind.BANK_STATEMENT,
        dated=dt.date(2023, 4, 20),
        upload=SimpleUploadedFile("rib.pdf", REAL_PDF),
        by=world.users.fas_director,
    )
    _pay(first, agent)
    first.refresh_from_db()
    assert (first.status, first.paid_on) == (InstalmentStatus.PAID, dt.date(2023, 5, 10))


def test_another_paper_is_not_a_bank_statement(bare_grant, world):
    # seed 001 art. 4.3: only the bank identity statement opens the payment.
    agent = world.users.staff
    first = _due_first_instalment(bare_grant, agent)
    services.grant_paper_upload(
        grant=bare_grant,
        kind=GrantPaperKind.CERTIFIED_BUDGET,
        dated=dt.date(2023, 4, 20),
        upload=SimpleUploadedFile("budget.pdf", REAL_PDF),
        by=agent,
    )
    with pytest.raises(FundingError, match="relevé d'identité bancaire"):
        _pay(first, agent)


def test_the_payment_page_shows_the_refusal_in_french(client, bare_grant, world):
    # seed 001 art. 4.3, on the instalment's page.
    agent = world.users.staff
    first = _due_first_instalment(bare_grant, agent)
    client.force_login(agent)
    response = client.post(
        reverse("funding:instalment_pay", args=[first.pk]),
        {"version": first.version, "paid_on": "2023-05-10", "mandate_reference": "MAND-1"},
    )
    assert response.status_code == 400
    assert "Aucun relevé d&#x27;identité bancaire (RIB) n&#x27;est au dossier" in (
        response.content.decode()
    )
    first.refresh_from_db()
    assert first.status == InstalmentStatus.DUE


def test_the_grant_page_warns_when_no_bank_statement_is_on_file(client, bare_grant, world):
    client.force_login(world.users.staff)
    page = client.get(reverse("funding:grant_detail", args=[bare_grant.pk])).content.decode()
    assert "Aucun relevé d’identité bancaire n’est au dossier" in page


def test_the_only_bank_statement_of_a_paid_grant_stays(fas_grant, world):
    # seed 001 art. 4.3: the payment was made on a produced statement; it stays on file.
    agent = world.users.staff
    first = _due_first_instalment(fas_grant, agent)
    _pay(first, agent)
    rib = fas_grant.papers.get(kind=GrantPaperKind.BANK_STATEMENT)

    with pytest.raises(FundingError, match="reste au dossier"):
        services.grant_paper_remove(paper=rib, by=agent)
    assert fas_grant.papers.filter(pk=rib.pk).exists()


# ------------------------------------------------------------------------- upload pages
def test_the_beneficiary_uploads_a_real_pdf_and_the_funder_downloads_it(client, bare_grant, world):
    client.force_login(world.users.fas_director)
    response = client.post(
        reverse("funding:grant_paper_add", args=[bare_grant.pk]),
        {
            "kind": GrantPaperKind.BANK_STATEMENT,
            "dated": "2023-04-20",
            "upload": SimpleUploadedFile("RIB FAS Caisse d'épargne.pdf", REAL_PDF),
        },
    )
    assert response.status_code == 302
    paper = bare_grant.papers.get()
    assert (paper.kind, paper.dated, paper.content_type, paper.size) == (
        GrantPaperKind.BANK_STATEMENT,
        dt.date(2023, 4, 20),
        "application/pdf",
        len(REAL_PDF),
    )
    assert paper.uploaded_by == world.users.fas_director
    # The stored name says nothing of the file: random, with the detected extension.
    assert "RIB" not in paper.file.name and paper.file.name.endswith(".pdf")

    client.force_login(world.users.staff)
    page = client.get(reverse("funding:grant_detail", args=[bare_grant.pk])).content.decode()
    assert "Relevé d&#x27;identité bancaire (RIB)" in page
    download = client.get(reverse("funding:grant_paper_download", args=[paper.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == REAL_PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")


def test_an_exe_renamed_pdf_is_refused_and_nothing_is_stored(client, bare_grant, world):
    client.force_login(world.users.fas_director)
    before = stored_files()
    response = client.post(
        reverse("funding:grant_paper_add", args=[bare_grant.pk]),
        {
            "kind": GrantPaperKind.BANK_STATEMENT,
            "dated": "2023-04-20",
            "upload": SimpleUploadedFile("rib.pdf", EXE),
        },
    )
    assert response.status_code == 400
    assert "Ce type de fichier n&#x27;est pas accepté (formats acceptés : PDF, PNG, JPEG)" in (
        response.content.decode()
    )
    assert not GrantPaper.objects.exists()
    assert stored_files() == before


def test_a_paper_dated_in_the_future_is_refused(bare_grant, world):
    with pytest.raises(FundingError, match="dans le futur"):
        services.grant_paper_upload(
            grant=bare_grant,
            kind=GrantPaperKind.CERFA_FINANCIAL_REPORT,
            dated=dt.date.today() + dt.timedelta(days=2),
            upload=SimpleUploadedFile("cerfa.pdf", REAL_PDF),
            by=world.users.staff,
        )
    assert not GrantPaper.objects.exists()


def test_who_files_a_grant_paper(bare_grant, world):
    """The beneficiary's director and the funder's department staff file; a social worker of
    the beneficiary or another organisation's director does not."""
    fas_worker = member(Role.SOCIAL_WORKER, world.orgs.fas)
    for user in (world.users.fas_director, world.users.staff):
        services.grant_paper_upload(
            grant=bare_grant,
            kind=GrantPaperKind.CERTIFIED_FINANCIAL_REPORT,
            dated=dt.date(2024, 3, 1),
            upload=SimpleUploadedFile("rapport.pdf", REAL_PDF),
            by=user,
        )
    for user in (fas_worker, world.users.outsider_director, world.users.director):
        with pytest.raises(PermissionDenied):
            services.grant_paper_upload(
                grant=bare_grant,
                kind=GrantPaperKind.CERTIFIED_FINANCIAL_REPORT,
                dated=dt.date(2024, 3, 1),
                upload=SimpleUploadedFile("rapport.pdf", REAL_PDF),
                by=user,
            )
    assert bare_grant.papers.count() == 2


def test_another_organisation_gets_404_on_every_paper_door(client, fas_grant, world):
    paper = fas_grant.papers.get()
    client.force_login(world.users.outsider_director)
    assert client.get(reverse("funding:grant_paper_download", args=[paper.pk])).status_code == 404
    assert client.post(reverse("funding:grant_paper_remove", args=[paper.pk])).status_code == 404
    response = client.post(
        reverse("funding:grant_paper_add", args=[fas_grant.pk]),
        {
            "kind": "bank_statement",
            "dated": "2023-04-20",
            "upload": SimpleUploadedFile("r.pdf", REAL_PDF),
        },
    )
    assert response.status_code == 404
    assert fas_grant.papers.count() == 1


def test_a_paper_filed_by_mistake_is_removed_with_its_file(
    client, fas_grant, world, django_capture_on_commit_callbacks
):
    extra = GrantPaperFactory(grant=fas_grant, kind=GrantPaperKind.CERTIFIED_BUDGET)
    name = extra.file.name
    assert default_storage.exists(name)
    client.force_login(world.users.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("funding:grant_paper_remove", args=[extra.pk]))
    assert response.status_code == 302
    assert not GrantPaper.objects.filter(pk=extra.pk).exists()
    assert not default_storage.exists(name)
    assert fas_grant.papers.count() == 1


def test_grant_page_queries_do_not_grow_with_papers(client, world, count_queries):
    grant = GrantFactory(funder=world.orgs.department, beneficiary=world.orgs.fas)
    client.force_login(world.users.staff)
    url = reverse("funding:grant_detail", args=[grant.pk])
    few, _sql = count_queries(lambda: client.get(url))
    for kind in GrantPaperKind.values:
        GrantPaperFactory(grant=grant, kind=kind, uploaded_by=world.users.fas_director)
    many, sql = count_queries(lambda: client.get(url))
    assert many == few, "\n".join(sql)
