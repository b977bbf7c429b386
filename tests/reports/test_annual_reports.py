"""The annual report of a convention and the department-wide report (PDF text via pypdf)."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from funding import services
from partnerships.enums import Role
from portal.models import ReportJob, ReportJobStatus
from portal.reports import department_report_context
from tests.partnerships.factories import convention_between, member
from tests.pdf import pdf_text
from tests.reports.conftest import (
    SECRET_BIRTH,
    SECRET_LAST_NAME,
    SECRET_NAME,
    SECRET_NOTE,
)

pytestmark = pytest.mark.django_db


def _assert_no_personal_data(text: str) -> None:
    assert SECRET_NAME not in text
    assert SECRET_LAST_NAME not in text
    assert "13 avril 1979" not in text and SECRET_BIRTH.strftime("%d/%m/%Y") not in text
    assert SECRET_NOTE not in text


@pytest.fixture
def report_2023(client, agent, cpom, fas_grant, deliberation, followed_households):
    services.instalments_generate(grant=fas_grant, by=agent)
    client.force_login(agent)
    response = client.get(reverse("portal:convention_report_pdf", args=[cpom.pk, 2023]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


def test_annual_report_of_2023_121_shows_the_seed_figures(report_2023):
    # seed 001 art. 1: 20 000 € a year; art. 4.2: 70 % / 30 % = 14 000 € and 6 000 €.
    assert "20 000,00 €" in report_2023
    assert "14 000,00 €" in report_2023 and "6 000,00 €" in report_2023
    assert "Département du Pas-de-Calais" in report_2023
    assert "Fédération des Acteurs de la Solidarité" in report_2023
    # seed 001: the deliberation of 20 March 2023, pour 42, contre 0, abstention 0.
    assert "42 / 0 / 0" in report_2023
    assert "20 mars 2023" in report_2023
    assert "Sommaire" in report_2023 and "Page 2 sur" in report_2023


def test_annual_report_counts_households_without_naming_them(report_2023):
    assert "ASRL (test)" in report_2023
    assert "Famille monoparentale 2" in report_2023
    assert "Relogé 1" in report_2023
    _assert_no_personal_data(report_2023)


def test_annual_report_of_a_year_outside_the_convention_is_404(client, agent, cpom):
    client.force_login(agent)
    response = client.get(reverse("portal:convention_report_pdf", args=[cpom.pk, 2019]))
    assert response.status_code == 404


def test_annual_report_of_another_organisations_convention_is_404(client, outsider, cpom):
    client.force_login(outsider)
    response = client.get(reverse("portal:convention_report_pdf", args=[cpom.pk, 2023]))
    assert response.status_code == 404


def test_reports_page_sends_to_the_pdf_and_refuses_a_year_outside(client, agent, cpom):
    client.force_login(agent)
    url = reverse("portal:reports")
    response = client.get(url, {"convention": cpom.pk, "year": 2023})
    assert response["Location"] == reverse("portal:convention_report_pdf", args=[cpom.pk, 2023])
    response = client.get(url, {"convention": cpom.pk, "year": 2030})
    assert response.status_code == 400
    assert "ne couvre pas l'année 2030" in html.unescape(response.content.decode())


# ----------------------------------------------------------------- department-wide report
def test_department_report_is_built_in_the_background_and_downloaded_by_its_requester(
    client, agent, cpom, fas_grant, followed_households
):
    services.instalments_generate(grant=fas_grant, by=agent)
    client.force_login(agent)
    response = client.post(reverse("portal:department_report_request"), {"year": 2023})
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("portal:report_job", args=[job.pk])
    # The immediate backend ran the task: the job is done, its file in the private storage.
    assert (job.status, job.progress) == (ReportJobStatus.DONE, 100)
    page = client.get(reverse("portal:report_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "Télécharger le rapport" in page.content.decode()
    assert "every 2s" not in page.content.decode()  # finished: the polling stops
    download = client.get(reverse("portal:report_job_download", args=[job.pk]))
    text = pdf_text(b"".join(download.streaming_content))
    assert "Rapport annuel départemental 2023" in text
    assert "2023-121" in text and "20 000,00 €" in text
    assert "ASRL (test)" in text
    _assert_no_personal_data(text)


def test_department_report_of_another_user_is_404(client, agent, outsider):
    job = ReportJob.objects.create(kind="department_annual", year=2023, requested_by=agent)
    client.force_login(outsider)
    assert client.get(reverse("portal:report_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("portal:report_job_download", args=[job.pk])).status_code == 404


def test_department_report_is_refused_to_a_social_worker(client, fas):
    client.force_login(member(Role.SOCIAL_WORKER, fas))
    response = client.post(reverse("portal:department_report_request"), {"year": 2023})
    assert response.status_code == 404
    assert not ReportJob.objects.exists()


def test_department_report_for_a_future_year_is_refused_and_nothing_is_queued(client, agent):
    client.force_login(agent)
    year = dt.date.today().year + 1
    response = client.post(reverse("portal:department_report_request"), {"year": year})
    assert response.status_code == 400
    assert "L'année doit être comprise entre" in html.unescape(response.content.decode())
    assert not ReportJob.objects.exists()


def test_department_report_queries_do_not_grow_with_conventions(
    count_queries, agent, department, fas
):
    def build():
        department_report_context(agent, 2023, progress=lambda percent: None)

    for _ in range(2):
        convention_between(department, fas)
    build()  # the memberships are read once per request (partnerships.perimeter)
    few, _sql = count_queries(build)
    for _ in range(6):
        convention_between(department, fas)
    many, sql = count_queries(build)
    assert few == many, "\n".join(sql)
