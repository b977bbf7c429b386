"""The papers of a deliberation (issue 19): the signed deliberation and the receipt of the
legality control, filed by the department staff of the body that deliberated."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance import services
from governance.enums import CommitteeKind, DeliberationPaperKind
from governance.errors import GovernanceError
from governance.models import DeliberationPaper
from tests.funding.factories import REAL_PDF
from tests.governance.factories import CommitteeFactory, DecisionFactory, MeetingFactory

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00 This program cannot be run"


@pytest.fixture
def deliberation(world):
    """seed 001: deliberation n° 2023-121 of the Commission Permanente, 20 March 2023."""
    committee = CommitteeFactory(
        name="Commission Permanente",
        kind=CommitteeKind.STANDING_COMMISSION,
        convention=None,
        organisation=world.orgs.department,
    )
    meeting = MeetingFactory(committee=committee, held_on=dt.date(2023, 3, 20))
    return DecisionFactory(meeting=meeting, number="2023-121")


def _upload(decision, by, content=REAL_PDF, kind=DeliberationPaperKind.DELIBERATION):
    return services.deliberation_paper_upload(
        decision=decision,
        kind=kind,
        dated=dt.date(2023, 4, 19),
        upload=SimpleUploadedFile("deliberation.pdf", content),
        by=by,
    )


def test_the_department_staff_file_the_signed_deliberation_on_the_meeting_page(
    client, world, deliberation
):
    client.force_login(world.users.staff)
    meeting_page = reverse("governance:meeting_detail", args=[deliberation.meeting_id])
    page = client.get(meeting_page).content.decode()
    add = reverse("governance:deliberation_paper_add", args=[deliberation.pk])
    assert add in page
    response = client.post(
        add,
        {
            "kind": DeliberationPaperKind.LEGALITY_RECEIPT,
            "dated": "2023-04-19",
            "upload": SimpleUploadedFile("ar-prefecture.pdf", REAL_PDF),
        },
    )
    assert response.status_code == 302
    paper = deliberation.papers.get()
    assert (paper.kind, paper.dated) == (
        DeliberationPaperKind.LEGALITY_RECEIPT,
        dt.date(2023, 4, 19),
    )
    page = client.get(meeting_page).content.decode()
    assert "Accusé de réception du contrôle de légalité" in page
    download = client.get(reverse("governance:deliberation_paper_download", args=[paper.pk]))
    assert b"".join(download.streaming_content) == REAL_PDF


def test_an_exe_renamed_pdf_is_refused_in_french(client, world, deliberation):
    client.force_login(world.users.staff)
    response = client.post(
        reverse("governance:deliberation_paper_add", args=[deliberation.pk]),
        {
            "kind": DeliberationPaperKind.DELIBERATION,
            "dated": "2023-04-19",
            "upload": SimpleUploadedFile("deliberation.pdf", EXE),
        },
    )
    assert response.status_code == 400
    assert "Ce type de fichier n&#x27;est pas accepté" in response.content.decode()
    assert not DeliberationPaper.objects.exists()


def test_only_the_department_staff_of_the_deliberating_body_file(world, deliberation):
    copil = CommitteeFactory(convention=world.conventions.asrl, organisation=world.orgs.chrs)
    decision = DecisionFactory(meeting=MeetingFactory(committee=copil))
    # The Département is a party to ASRL-2019: its staff file the COPIL's decisions too.
    _upload(decision, world.users.staff)
    for user in (world.users.director, world.users.outsider_director, world.users.coordinator):
        with pytest.raises(GovernanceError, match="agents départementaux"):
            _upload(deliberation, user)
    assert not deliberation.papers.exists()


def test_another_organisation_gets_404_on_every_paper_door(client, world):
    copil = CommitteeFactory(convention=world.conventions.asrl, organisation=world.orgs.chrs)
    decision = DecisionFactory(meeting=MeetingFactory(committee=copil))
    paper = _upload(decision, world.users.staff)
    client.force_login(world.users.outsider_director)
    download = reverse("governance:deliberation_paper_download", args=[paper.pk])
    assert client.get(download).status_code == 404
    remove = reverse("governance:deliberation_paper_remove", args=[paper.pk])
    assert client.post(remove).status_code == 404
    add = reverse("governance:deliberation_paper_add", args=[decision.pk])
    assert client.get(add).status_code == 404
    assert DeliberationPaper.objects.filter(pk=paper.pk).exists()


def test_meeting_page_queries_do_not_grow_with_decisions_and_papers(
    client, world, deliberation, count_queries
):
    client.force_login(world.users.staff)
    _upload(deliberation, world.users.staff)
    url = reverse("governance:meeting_detail", args=[deliberation.meeting_id])
    few, _sql = count_queries(lambda: client.get(url))
    for index in range(3):
        decision = DecisionFactory(meeting=deliberation.meeting, number=f"2023-12{index + 2}")
        _upload(decision, world.users.staff)
        _upload(decision, world.users.staff, kind=DeliberationPaperKind.LEGALITY_RECEIPT)
    many, sql = count_queries(lambda: client.get(url))
    assert many == few, "\n".join(sql)
