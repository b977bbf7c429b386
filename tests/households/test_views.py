"""The screens: who gets in, what they see, and what bad input does (nothing)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from households.enums import ContactMedium, ReferralStatus
from households.models import Contact, Document, Household, Member, Referral, Review
from households.services import document_upload
from tests.households.factories import (
    ContactFactory,
    FinancialHelpFactory,
    PlannedActionFactory,
    ProjectFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
NOTE = "Note réservée : suivi psychiatrique."


def client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def objects(world, asrl_project):
    household = asrl_project.household
    referral = ReferralFactory(
        household=household, programme=world.asrl, referred_by=world.orgs.siao
    )
    document = document_upload(
        household=household,
        by=world.users.social_worker,
        kind="contract",
        title="Contrat signé",
        upload=SimpleUploadedFile("contrat.pdf", PDF),
    )
    return {
        "household": household,
        "referral": referral,
        "project": asrl_project,
        "document": document,
        "action": PlannedActionFactory(project=asrl_project),
        "help": FinancialHelpFactory(project=asrl_project),
    }


HOUSEHOLD_URLS = [
    ("get", "household_detail", "household"),
    ("get", "household_edit", "household"),
    ("get", "member_add", "household"),
    ("get", "referral_add", "household"),
    ("get", "document_add", "household"),
    ("get", "project_add", "household"),
    ("get", "document_download", "document"),
    ("get", "referral_detail", "referral"),
    ("post", "referral_study", "referral"),
    ("post", "orientation", "referral"),
    ("get", "referral_project", "referral"),
    ("get", "project_detail", "project"),
    ("get", "project_start", "project"),
    ("get", "project_referent", "project"),
    ("post", "contact_add", "project"),
    ("get", "action_add", "project"),
    ("get", "review_add", "project"),
    ("post", "project_renew", "project"),
    ("get", "project_close", "project"),
    ("get", "help_add", "project"),
    ("post", "action_status", "action"),
    ("get", "help_decide", "help"),
]


@pytest.mark.parametrize(("method", "name", "key"), HOUSEHOLD_URLS)
def test_every_household_url_is_a_404_for_another_organisation(
    client, world, objects, method, name, key
):
    url = reverse(f"households:{name}", args=[objects[key].pk])
    response = getattr(client_for(client, world.users.outsider), method)(url)
    assert response.status_code == 404


@pytest.mark.parametrize(("method", "name", "key"), HOUSEHOLD_URLS)
def test_department_staff_has_no_household_page(client, world, objects, method, name, key):
    url = reverse(f"households:{name}", args=[objects[key].pk])
    response = getattr(client_for(client, world.users.staff), method)(url)
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["household_list", "project_list", "referral_list"])
def test_department_staff_has_no_household_list(client, world, name):
    response = client_for(client, world.users.staff).get(reverse(f"households:{name}"))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["household_list", "project_list", "referral_list"])
def test_outsider_lists_show_nothing_of_another_organisation(client, world, objects, name):
    response = client_for(client, world.users.outsider).get(reverse(f"households:{name}"))
    assert response.status_code == 200
    assert objects["household"].reference not in response.content.decode()


def test_social_worker_sees_own_household_and_its_confidential_notes(client, world, asrl_project):
    ContactFactory(project=asrl_project, happened_on=dt.date(2019, 10, 3), confidential_note=NOTE)
    page = client_for(client, world.users.social_worker).get(asrl_project.get_absolute_url())
    assert page.status_code == 200
    assert NOTE in page.content.decode()


def test_coordinator_sees_the_referrals_and_projects_of_the_territory(client, world, objects):
    client_for(client, world.users.coordinator)
    referrals = client.get(reverse("households:referral_list")).content.decode()
    projects = client.get(reverse("households:project_list")).content.decode()
    assert objects["household"].reference in referrals
    assert objects["household"].reference in projects


def test_coordinator_of_another_territory_gets_404(client, world, objects):
    from partnerships.enums import Role
    from tests.partnerships.factories import member

    lens_coordinator = member(
        Role.COORDINATOR, world.orgs.department, territory=world.territories.lens
    )
    url = objects["referral"].get_absolute_url()
    assert client_for(client, lens_coordinator).get(url).status_code == 404


def test_volunteer_never_sees_confidential_notes(client, world, joint_project):
    ContactFactory(
        project=joint_project,
        happened_on=dt.date(2021, 3, 5),
        summary="Visite partagée.",
        confidential_note=NOTE,
        author=world.users.soliha_worker,
    )
    client_for(client, world.users.volunteer)
    project_page = client.get(joint_project.get_absolute_url()).content.decode()
    household_page = client.get(joint_project.household.get_absolute_url()).content.decode()
    partial = client.post(
        reverse("households:contact_add", args=[joint_project.pk]),
        {"happened_on": "2021-03-06", "medium": ContactMedium.PHONE, "duration_minutes": "10"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    for html in (project_page, household_page, partial):
        assert "Visite partagée." in html
        assert NOTE not in html
        assert "confidential_note" not in html


def test_volunteer_sees_only_assigned_households(client, world, joint_project, asrl_project):
    page = client_for(client, world.users.volunteer).get(reverse("households:household_list"))
    html = page.content.decode()
    assert joint_project.household.reference in html
    assert asrl_project.household.reference not in html
    assert client.get(asrl_project.get_absolute_url()).status_code == 404


def test_volunteer_cannot_download_documents(client, world, joint_project):
    document = document_upload(
        household=joint_project.household,
        by=world.users.soliha_worker,
        kind="identity",
        title="Pièce d'identité",
        upload=SimpleUploadedFile("id.png", PNG),
    )
    url = reverse("households:document_download", args=[document.pk])
    assert client_for(client, world.users.volunteer).get(url).status_code == 404


# --------------------------------------------------------------------- the quick contact form
def contact_data(**overrides):
    data = {
        "happened_on": "2019-10-03",
        "medium": ContactMedium.HOME_VISIT,
        "duration_minutes": "45",
        "summary": "Point budget.",
        "confidential_note": "",
    }
    return data | overrides


def test_htmx_contact_returns_the_panel_with_the_new_count(client, world, asrl_project):
    response = client_for(client, world.users.social_worker).post(
        reverse("households:contact_add", args=[asrl_project.pk]),
        contact_data(happened_on=timezone.localdate().isoformat()),
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="rencontres"' in html
    assert "Rencontre enregistrée." in html
    assert "<strong>1</strong> rencontre sur les 7 derniers jours" in html
    assert Contact.objects.get().author == world.users.social_worker


def test_contact_without_htmx_redirects_to_the_project(client, world, asrl_project):
    response = client_for(client, world.users.social_worker).post(
        reverse("households:contact_add", args=[asrl_project.pk]), contact_data()
    )
    assert response.status_code == 302
    assert response["Location"] == asrl_project.get_absolute_url()


def test_contact_in_the_future_is_a_french_error_and_nothing_saved(client, world, asrl_project):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client_for(client, world.users.social_worker).post(
        reverse("households:contact_add", args=[asrl_project.pk]),
        contact_data(happened_on=tomorrow),
        HTTP_HX_REQUEST="true",
    )
    assert "Une rencontre ne peut pas être datée dans le futur." in response.content.decode()
    assert not Contact.objects.exists()


def test_contact_form_without_htmx_shows_the_error_on_a_full_page(client, world, asrl_project):
    response = client_for(client, world.users.social_worker).post(
        reverse("households:contact_add", args=[asrl_project.pk]),
        contact_data(duration_minutes="0"),
    )
    html = response.content.decode()
    assert "<html" in html and "au moins une minute" in html
    assert not Contact.objects.exists()


# --------------------------------------------------------------------- bad input, nothing saved
def test_member_born_after_today_is_refused_by_the_form(client, world, household):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client_for(client, world.users.social_worker).post(
        reverse("households:member_add", args=[household.pk]),
        {
            "first_name": "Léa",
            "last_name": "Fictif",
            "birth_date": tomorrow,
            "relationship": "child",
        },
    )
    assert "La date de naissance ne peut pas être dans le futur." in response.content.decode()
    assert Member.objects.count() == 0


def test_review_before_start_is_refused_by_the_form(client, world, asrl_project):
    response = client_for(client, world.users.social_worker).post(
        reverse("households:review_add", args=[asrl_project.pk]),
        {
            "kind": "intermediate",
            "held_on": "2019-09-15",
            "assessment": "Trop tôt.",
            "recommendation": "continue",
            "version": asrl_project.version,
        },
    )
    assert (
        "Un bilan ne peut pas précéder le début de l’accompagnement"
        in response.content.decode().replace("'", "’").replace("&#x27;", "’")
    )
    assert Review.objects.count() == 0


def test_second_renewal_is_refused_with_a_message(client, world, household):
    asrl_project = ProjectFactory(
        household=household,
        programme=world.asrl,
        operator=world.orgs.chrs,
        referent=world.users.social_worker,
        start_date=dt.date(2019, 10, 1),
        renewals_used=1,
        in_review=True,
    )
    response = client_for(client, world.users.social_worker).post(
        reverse("households:project_renew", args=[asrl_project.pk]),
        {"version": asrl_project.version},
        follow=True,
    )
    assert "n&#x27;autorise que 1 renouvellement" in response.content.decode()
    asrl_project.refresh_from_db()
    assert asrl_project.renewals_used == 1


def upload(client, household, **overrides):
    data = {"kind": "contract", "title": "Contrat", "file": SimpleUploadedFile("c.pdf", PDF)}
    return client.post(reverse("households:document_add", args=[household.pk]), data | overrides)


def test_document_with_a_pdf_name_but_other_content_is_refused(client, world, household):
    fake = SimpleUploadedFile("contrat.pdf", b"MZ\x90\x00 not a pdf at all")
    response = upload(client_for(client, world.users.social_worker), household, file=fake)
    assert "seuls les fichiers PDF, PNG et JPEG sont acceptés" in response.content.decode()
    assert Document.objects.count() == 0


def test_unknown_document_type_is_refused(client, world, household):
    response = upload(client_for(client, world.users.social_worker), household, kind="passport")
    assert "Type de document inconnu." in response.content.decode()
    assert Document.objects.count() == 0


def test_oversized_upload_is_refused(client, world, household, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    big = SimpleUploadedFile("gros.pdf", PDF + b"0" * 2048)
    response = upload(client_for(client, world.users.social_worker), household, file=big)
    assert "dépasse la taille maximale autorisée (1,0\xa0Kio)" in response.content.decode()
    assert Document.objects.count() == 0


def test_document_is_detected_from_content_and_served_as_attachment(client, world, household):
    png = SimpleUploadedFile("photo.pdf", PNG)  # the name lies, the content decides
    response = upload(client_for(client, world.users.social_worker), household, file=png)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.content_type == "image/png" and document.file.name.endswith(".png")
    download = client.get(reverse("households:document_download", args=[document.pk]))
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PNG


# --------------------------------------------------------------------- referral → orientation
def test_social_worker_files_a_referral_for_a_new_household(client, world):
    """seed 004 §4: the CHRS's social worker records the SIAO's referral: the file is the
    SIAO's until the orientation (not the recording user's structure), so the social worker
    returns to the list of referrals."""
    response = client_for(client, world.users.social_worker).post(
        reverse("households:referral_create"),
        {
            "referred_by": world.orgs.siao.pk,
            "programme": world.asrl.pk,
            "received_on": "2019-09-12",
            "situation": "Menacée d'expulsion.",
            "organisation": world.orgs.chrs.pk,
            "territory": world.territories.arras.pk,
            "housing_situation": "eviction_threat",
            "priorities": ["single_parent"],
            "first_name": "Nadia",
            "last_name": "Fictif",
            "relationship": "head",
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("households:referral_list")
    assert referral.household.members.get().first_name == "Nadia"
    assert referral.household.organisation == world.orgs.siao


def test_the_referral_form_offers_family_violence_not_only_conjugal(client, world):
    # seed 004 §1: "les familles monoparentales, sans domicile ou hébergées, notamment victimes
    # de violences familiales" — a child's or a parent's violence counts, not only a partner's.
    page = client_for(client, world.users.social_worker).get(reverse("households:referral_create"))
    body = page.content.decode()
    assert "Victime de violences familiales (dont conjugales)" in body
    assert "Victime de violences conjugales" not in body


def test_referral_with_bad_date_saves_nothing(client, world):
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = client_for(client, world.users.social_worker).post(
        reverse("households:referral_create"),
        {
            "referred_by": world.orgs.siao.pk,
            "programme": world.asrl.pk,
            "received_on": future,
            "situation": "x",
            "organisation": world.orgs.chrs.pk,
            "territory": world.territories.arras.pk,
            "housing_situation": "hosted",
            "first_name": "Nadia",
            "last_name": "Fictif",
            "relationship": "head",
        },
    )
    assert "Une saisine ne peut pas être reçue dans le futur." in response.content.decode()
    assert Household.objects.count() == 0 and Referral.objects.count() == 0


def test_volunteer_cannot_file_a_referral(client, world):
    response = client_for(client, world.users.volunteer).get(reverse("households:referral_create"))
    assert response.status_code == 404


def test_coordinator_orients_from_the_referral_page(client, world, objects):
    referral = objects["referral"]
    response = client_for(client, world.users.coordinator).post(
        reverse("households:orientation", args=[referral.pk]),
        {
            "outcome": "oriented",
            "operator": world.orgs.chrs.pk,
            "decided_on": "2024-01-20",
            "slisl_head": "Mme Delattre",
            "slisl_opinion": "favourable",
            "slisl_opinion_on": "2024-01-18",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ORIENTED


def test_social_worker_cannot_orient(client, world, objects):
    referral = objects["referral"]
    response = client_for(client, world.users.social_worker).post(
        reverse("households:orientation", args=[referral.pk]),
        {"outcome": "oriented", "operator": world.orgs.chrs.pk, "decided_on": "2024-01-20"},
    )
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED


def test_orientation_without_operator_is_a_french_error(client, world, objects):
    referral = objects["referral"]
    response = client_for(client, world.users.coordinator).post(
        reverse("households:orientation", args=[referral.pk]),
        {"outcome": "oriented", "decided_on": "2024-01-20"},
    )
    assert response.status_code == 400
    assert "désigne la structure qui accompagnera" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED


def test_household_timeline_tells_what_happened(client, world, objects):
    ContactFactory(
        project=objects["project"], happened_on=dt.date(2019, 10, 3), summary="Premier rendez-vous."
    )
    html = (
        client_for(client, world.users.social_worker)
        .get(objects["household"].get_absolute_url())
        .content.decode()
    )
    for expected in (
        "Saisine reçue",
        "Rencontre : Visite à domicile",
        "Premier rendez-vous.",
        "Document déposé",
        "3 octobre 2019",
    ):
        assert expected in html


def test_referral_list_opens_on_what_waits_for_a_decision(client, world, household):
    waiting = ReferralFactory(household=household, programme=world.asrl)
    ReferralFactory(household=household, programme=world.joint, refused=True)
    client.force_login(world.users.coordinator)
    assert list(client.get(reverse("households:referral_list")).context["rows"]) == [waiting]
    everything = client.get(reverse("households:referral_list") + "?statut=")
    assert len(everything.context["rows"]) == 2


def test_volunteer_updates_a_volunteer_action_but_not_a_professional_one(
    client, world, joint_project
):
    volunteers = PlannedActionFactory(project=joint_project, performer="volunteer")
    professionals = PlannedActionFactory(project=joint_project)
    client.force_login(world.users.volunteer)
    client.post(reverse("households:action_status", args=[volunteers.pk]), {"status": "done"})
    response = client.post(
        reverse("households:action_status", args=[professionals.pk]), {"status": "done"}
    )
    assert response.status_code == 404
    volunteers.refresh_from_db()
    professionals.refresh_from_db()
    assert (volunteers.status, professionals.status) == ("done", "planned")
