"""Call pages: applying, uploading (type from content), serving documents inside the perimeter."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from funding.enums import ApplicationStatus
from funding.models import Application, ApplicationDocument, CriterionScore
from partnerships.enums import OrganisationKind, Role
from tests.funding.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    RequiredDocumentFactory,
)
from tests.partnerships.factories import PASSWORD, OrganisationFactory, TerritoryFactory, member

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def log_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


@pytest.fixture
def open_call():
    call = CallFactory(deadline=timezone.now() + dt.timedelta(days=10))
    call.territories.set([TerritoryFactory(name="Artois")])
    RequiredDocumentFactory(call=call, label="Budget prévisionnel")
    return call


@pytest.fixture
def chrs_director(open_call):
    chrs = OrganisationFactory(name="CHRS Le Cap", kind=OrganisationKind.CHRS_MANAGER)
    chrs.territories.set(open_call.territories.all())  # seed 004 §6a: works on the territory
    return member(Role.DIRECTOR, organisation=chrs)


@pytest.fixture
def application(client, open_call, chrs_director):
    log_in(client, chrs_director)
    organisation = chrs_director.memberships.get().organisation
    response = client.post(
        reverse("funding:call_apply", args=[open_call.pk]), {"organisation": organisation.pk}
    )
    assert response.status_code == 302
    return Application.objects.get(call=open_call, organisation=organisation)


def test_director_of_an_eligible_structure_applies_from_the_call_page(client, application):
    response = client.get(reverse("funding:application_detail", args=[application.pk]))
    assert response.status_code == 200
    assert "Budget prévisionnel" in response.content.decode()


def test_an_ineligible_structure_is_not_offered_and_cannot_apply(client, open_call):
    association = OrganisationFactory(kind=OrganisationKind.ASSOCIATION)
    log_in(client, member(Role.DIRECTOR, organisation=association))
    response = client.post(
        reverse("funding:call_apply", args=[open_call.pk]), {"organisation": association.pk}
    )
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Application.objects.exists()


def test_upload_with_a_forged_type_is_refused(client, application, open_call):
    document = open_call.required_documents.get()
    forged = SimpleUploadedFile("budget.pdf", b"<html>pas un PDF</html>", "application/pdf")
    response = client.post(
        reverse("funding:application_upload", args=[application.pk]),
        {"required_document": document.pk, "file": forged},
    )
    assert response.status_code == 400
    assert "type de fichier n" in response.content.decode()
    assert not ApplicationDocument.objects.exists()


def test_uploaded_document_is_served_only_inside_the_perimeter(client, application, open_call):
    document = open_call.required_documents.get()
    client.post(
        reverse("funding:application_upload", args=[application.pk]),
        {"required_document": document.pk, "file": SimpleUploadedFile("budget.pdf", PDF)},
    )
    stored = ApplicationDocument.objects.get()
    url = reverse("funding:application_document", args=[application.pk, stored.pk])

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]

    client.logout()
    log_in(client, member(Role.DIRECTOR))
    assert client.get(url).status_code == 404


def test_missing_documents_block_the_submission(client, application):
    response = client.post(
        reverse("funding:application_submit", args=[application.pk]), follow=True
    )
    assert "il manque : Budget prévisionnel" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_jury_scores_through_the_page_after_the_deadline(client):
    call = CallFactory()  # deadline 6 September 2019, 16:00: passed
    criterion = CriterionFactory(call=call, label="Le partenariat", weight=2)
    chrs = OrganisationFactory(kind=OrganisationKind.CHRS_MANAGER)
    submitted = ApplicationFactory(call=call, organisation=chrs, submitted=True)
    agent = member(Role.DEPARTMENT_STAFF, organisation=call.publisher)
    log_in(client, agent)
    url = reverse("funding:application_score", args=[submitted.pk])

    bad = client.post(url, {f"criterion_{criterion.pk}": 12})
    assert bad.status_code == 400
    assert not CriterionScore.objects.exists()

    assert client.post(url, {f"criterion_{criterion.pk}": 7}).status_code == 302
    assert CriterionScore.objects.get().score == 7
