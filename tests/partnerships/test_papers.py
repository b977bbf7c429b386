"""The papers of a convention (issue 19): the signed convention and its signed amendments,
filed by the staff of a party, scanned for format, served through the perimeter."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships import services
from partnerships.enums import ConventionPaperKind
from partnerships.errors import ConventionError
from partnerships.models import ConventionPaper
from tests.funding.factories import REAL_PDF
from tests.partnerships.factories import AmendmentFactory

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00 This program cannot be run"


@pytest.fixture
def convention(world):
    """ASRL-2019: the Département, the CHRS and the SIAO are its parties."""
    convention = world.conventions.asrl
    convention.signed_on = dt.date(2019, 11, 4)
    convention.save()
    return convention


def test_a_party_director_files_the_signed_convention_through_the_page(client, world, convention):
    client.force_login(world.users.director)
    response = client.post(
        reverse("partnerships:convention_paper_add", args=[convention.pk]),
        {
            "kind": ConventionPaperKind.SIGNED_CONVENTION,
            "dated": "2019-11-04",
            "upload": SimpleUploadedFile("convention signée.pdf", REAL_PDF),
        },
    )
    assert response.status_code == 302
    paper = convention.papers.get()
    assert (paper.kind, paper.dated, paper.content_type, paper.amendment) == (
        ConventionPaperKind.SIGNED_CONVENTION,
        dt.date(2019, 11, 4),
        "application/pdf",
        None,
    )
    page = client.get(reverse("partnerships:convention_detail", args=[convention.pk]))
    assert "Convention signée" in page.content.decode()
    download = client.get(reverse("partnerships:convention_paper_download", args=[paper.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == REAL_PDF


def test_an_exe_renamed_pdf_is_refused_in_french(client, world, convention):
    client.force_login(world.users.staff)
    response = client.post(
        reverse("partnerships:convention_paper_add", args=[convention.pk]),
        {
            "kind": ConventionPaperKind.SIGNED_CONVENTION,
            "dated": "2019-11-04",
            "upload": SimpleUploadedFile("convention.pdf", EXE),
        },
    )
    assert response.status_code == 400
    assert "Ce type de fichier n&#x27;est pas accepté" in response.content.decode()
    assert not ConventionPaper.objects.exists()


def test_a_signed_amendment_names_an_amendment_of_this_convention(world, convention):
    amendment = AmendmentFactory(convention=convention)
    elsewhere = AmendmentFactory(convention=world.conventions.joint)

    def upload(**kwargs):
        return services.convention_paper_upload(
            convention=convention,
            kind=ConventionPaperKind.SIGNED_AMENDMENT,
            dated=dt.date(2020, 11, 4),
            upload=SimpleUploadedFile("avenant.pdf", REAL_PDF),
            by=world.users.staff,
            **kwargs,
        )

    with pytest.raises(ConventionError, match="Indiquez l'avenant"):
        upload()
    with pytest.raises(ConventionError, match="n'est pas un avenant de cette convention"):
        upload(amendment=elsewhere)
    paper = upload(amendment=amendment)
    assert paper.label == "Avenant signé n° 1"


def test_only_the_staff_of_a_party_files_a_paper(world, convention):
    for user in (world.users.social_worker, world.users.soliha_director, world.users.partner):
        with pytest.raises(ConventionError, match="parties à la convention"):
            services.convention_paper_upload(
                convention=convention,
                kind=ConventionPaperKind.SIGNED_CONVENTION,
                dated=dt.date(2019, 11, 4),
                upload=SimpleUploadedFile("c.pdf", REAL_PDF),
                by=user,
            )
    assert not ConventionPaper.objects.exists()


def test_another_organisation_gets_404_on_every_paper_door(client, world, convention):
    paper = services.convention_paper_upload(
        convention=convention,
        kind=ConventionPaperKind.SIGNED_CONVENTION,
        dated=dt.date(2019, 11, 4),
        upload=SimpleUploadedFile("c.pdf", REAL_PDF),
        by=world.users.staff,
    )
    client.force_login(world.users.outsider_director)
    download = reverse("partnerships:convention_paper_download", args=[paper.pk])
    assert client.get(download).status_code == 404
    remove = reverse("partnerships:convention_paper_remove", args=[paper.pk])
    assert client.post(remove).status_code == 404
    add = reverse("partnerships:convention_paper_add", args=[convention.pk])
    assert client.get(add).status_code == 404
    assert ConventionPaper.objects.filter(pk=paper.pk).exists()


def test_a_party_removes_a_paper_filed_by_mistake(client, world, convention):
    paper = services.convention_paper_upload(
        convention=convention,
        kind=ConventionPaperKind.SIGNED_CONVENTION,
        dated=dt.date(2019, 11, 4),
        upload=SimpleUploadedFile("c.pdf", REAL_PDF),
        by=world.users.staff,
    )
    client.force_login(world.users.director)
    response = client.post(reverse("partnerships:convention_paper_remove", args=[paper.pk]))
    assert response.status_code == 302
    assert not ConventionPaper.objects.exists()
    # The history keeps who took it off.
    assert ConventionPaper.history.filter(id=paper.pk, history_type="-").get().history_user == (
        world.users.director
    )


def test_convention_page_queries_do_not_grow_with_papers(client, world, convention, count_queries):
    client.force_login(world.users.staff)
    url = reverse("partnerships:convention_detail", args=[convention.pk])

    def upload(number):
        services.convention_paper_upload(
            convention=convention,
            kind=ConventionPaperKind.SIGNED_AMENDMENT,
            amendment=AmendmentFactory(convention=convention, number=number),
            dated=dt.date(2020, 11, 4),
            upload=SimpleUploadedFile("a.pdf", REAL_PDF),
            by=world.users.staff,
        )

    none, _sql = count_queries(lambda: client.get(url))
    upload(1)
    few, _sql = count_queries(lambda: client.get(url))
    for number in range(2, 5):
        upload(number)
    many, sql = count_queries(lambda: client.get(url))
    # Without any paper the page does not read them (it looked for them with the convention).
    assert few == none + 1
    assert many == few, "\n".join(sql)
