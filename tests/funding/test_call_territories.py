"""seed 004 §6a: only structures that already work on the call's territories may apply.

« Ces organismes interviennent déjà sur les territoires de Lens-Hénin et de l'Artois » — the
world's territories: Pas-de-Calais > Artois > Arras, Pas-de-Calais > Lens-Hénin, and
Marcq-en-Barœul outside both."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from funding import services
from funding.enums import ApplicationStatus
from funding.errors import FundingError
from funding.models import Application
from partnerships.enums import OrganisationKind, Role
from tests.funding.factories import CallFactory, RequiredDocumentFactory
from tests.partnerships.factories import PASSWORD, OrganisationFactory, member

pytestmark = pytest.mark.django_db

BEFORE = dt.datetime(2019, 9, 5, 15, 0, tzinfo=ZoneInfo("Europe/Paris"))
REFUSAL = (
    "n'intervient sur aucun des territoires de l'appel (Artois et Lens-Hénin) : seules les "
    "structures qui y interviennent déjà peuvent candidater."
)


@pytest.fixture
def call(world):
    # seed 004 §6a: the ASRL call on the territories of the Artois and of Lens-Hénin.
    call = CallFactory(publisher=world.orgs.department, programme=world.asrl)
    call.territories.set([world.territories.artois, world.territories.lens])
    return call


def operator(world, name, *territories):
    chrs = OrganisationFactory(name=name, kind=OrganisationKind.CHRS_MANAGER)
    chrs.territories.set(territories)
    return chrs, member(Role.DIRECTOR, organisation=chrs)


def test_an_operator_on_arras_a_commune_of_the_artois_may_apply(world, call):
    # seed 004 §6a: working on Arras is working on the Artois.
    chrs, director = operator(world, "CHRS d'Arras", world.territories.arras)
    assert services.ineligibility(call, chrs) is None
    application = services.application_open(call=call, organisation=chrs, by=director, now=BEFORE)
    assert application.organisation == chrs


def test_an_operator_on_the_whole_departement_works_on_its_territories(world, call):
    chrs, director = operator(world, "CHRS départemental", world.territories.pas_de_calais)
    services.application_open(call=call, organisation=chrs, by=director, now=BEFORE)
    assert call.applications.count() == 1


def test_an_operator_on_marcq_only_is_refused_and_nothing_is_stored(world, call):
    # seed 004 §6a: Marcq-en-Barœul is neither in the Artois nor in Lens-Hénin.
    chrs, director = operator(world, "CHRS de Marcq", world.territories.marcq)
    with pytest.raises(FundingError) as refused:
        services.application_open(call=call, organisation=chrs, by=director, now=BEFORE)
    assert refused.value.messages == [f"CHRS de Marcq {REFUSAL}"]
    assert not Application.objects.exists()


def test_an_operator_working_nowhere_is_refused(world, call):
    chrs, director = operator(world, "CHRS sans territoire")
    with pytest.raises(FundingError, match="n'intervient sur aucun des territoires"):
        services.application_open(call=call, organisation=chrs, by=director, now=BEFORE)
    assert not Application.objects.exists()


def test_a_call_without_territory_checks_the_kind_only(world):
    call = CallFactory(publisher=world.orgs.department, programme=world.asrl)
    chrs, director = operator(world, "CHRS de Marcq", world.territories.marcq)
    services.application_open(call=call, organisation=chrs, by=director, now=BEFORE)
    assert call.applications.count() == 1


def test_submitting_is_refused_once_the_operator_no_longer_works_there(world, call):
    chrs, director = operator(world, "CHRS d'Arras", world.territories.arras)
    application = services.application_open(call=call, organisation=chrs, by=director, now=BEFORE)
    services.application_request_measures(
        application=application,
        territory=world.territories.artois,
        measures=20,
        by=director,
        now=BEFORE,
    )
    piece = RequiredDocumentFactory(call=call, label="Budget prévisionnel")
    services.application_upload(
        application=application,
        required_document=piece,
        upload=SimpleUploadedFile("budget.pdf", b"%PDF-1.4\n%%EOF\n"),
        by=director,
        now=BEFORE,
    )
    chrs.territories.set([world.territories.marcq])
    with pytest.raises(FundingError, match="n'intervient sur aucun des territoires"):
        services.application_submit(application=application, by=director, now=BEFORE)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_the_call_page_gives_the_reason_instead_of_the_apply_form(client, world, call):
    call.deadline = timezone.now() + dt.timedelta(days=10)
    call.save()
    chrs, director = operator(world, "CHRS de Marcq", world.territories.marcq)
    assert client.login(email=director.email, password=PASSWORD)
    url = reverse("funding:call_detail", args=[call.pk])
    page = client.get(url).content.decode()
    assert "CHRS de Marcq" in page and REFUSAL.replace("'", "&#x27;") in page
    assert "Ouvrir une candidature" not in page
    # Posted anyway: the structure is not among the choices, nothing is stored.
    response = client.post(reverse("funding:call_apply", args=[call.pk]), {"organisation": chrs.pk})
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_the_call_page_offers_the_form_to_an_operator_on_arras(client, world, call):
    call.deadline = timezone.now() + dt.timedelta(days=10)
    call.save()
    chrs, director = operator(world, "CHRS d'Arras", world.territories.arras)
    assert client.login(email=director.email, password=PASSWORD)
    page = client.get(reverse("funding:call_detail", args=[call.pk])).content.decode()
    assert "Ouvrir une candidature" in page
    assert "n'intervient sur aucun" not in page
    response = client.post(reverse("funding:call_apply", args=[call.pk]), {"organisation": chrs.pk})
    assert response.status_code == 302
    assert Application.objects.get().organisation == chrs


def _within(tree, wanted, inside=False):
    """The territory keys of the demo's tree lying within one of the wanted keys."""
    found = set()
    for key, _name, _kind, _code, children in tree:
        here = inside or key in wanted
        if here:
            found.add(key)
        found |= _within(children, wanted, here)
    return found


def test_the_demo_applicants_work_on_the_territories_of_their_call():
    # seed 004 §6a: the demo's CHRS (Artois, Lens-Hénin) apply to the call on these territories.
    from demo import data

    covered = _within(data.TERRITORIES, set(data.CALL["territories"]))
    drafts = [data.NEXT_CALL["draft"][0]]
    for key in [org for org, _submitted, _requests in data.CALL["applications"]] + drafts:
        assert set(data.ORGANISATIONS[key]["territories"]) & covered, key


def test_the_jury_sees_on_the_file_that_the_operator_is_not_eligible(client, world, call):
    # A file opened before the operator stopped working on the Artois: the publisher's staff
    # (and the jury) read the reason on the file's page.
    chrs, director = operator(world, "CHRS d'Arras", world.territories.arras)
    application = services.application_open(call=call, organisation=chrs, by=director, now=BEFORE)
    url = reverse("funding:application_detail", args=[application.pk])
    assert client.login(email=world.users.staff.email, password=PASSWORD)
    assert "Structure non éligible" not in client.get(url).content.decode()
    chrs.territories.set([world.territories.marcq])
    page = client.get(url).content.decode()
    assert "Structure non éligible" in page
    assert REFUSAL.replace("'", "&#x27;") in page
    # Another structure's director does not see the file at all.
    assert client.login(email=world.users.outsider_director.email, password=PASSWORD)
    assert client.get(url).status_code == 404
