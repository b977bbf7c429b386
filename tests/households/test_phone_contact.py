"""issue 18: « Mes ménages » and « Noter un contact » — the medium first with its usual
duration, the household's name on its pages (a read in the access log), a confirmation after
each change, bad input refused in French with nothing written."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from households.enums import CONTACT_DEFAULT_MINUTES, AuditAction, ContactMedium
from households.forms import ContactForm
from households.models import OPEN_PROJECT_STATUSES, AuditEntry, Contact, PlannedAction
from households.selectors import contact_writable
from tests.households.factories import (
    HouseholdFactory,
    MemberFactory,
    PlannedActionFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

MINE = reverse("households:my_household_list")


def new_contact(project) -> str:
    return reverse("households:contact_new", args=[project.pk])


@pytest.fixture
def followed(world):
    project = ProjectFactory(
        household__organisation=world.orgs.chrs,
        household__territory=world.territories.arras,
        programme=world.asrl,
        operator=world.orgs.chrs,
        referent=world.users.social_worker,
        start_date=dt.date(2024, 1, 15),
        active=True,
    )
    MemberFactory(household=project.household, first_name="Nadia", last_name="Lefebvre")
    MemberFactory(household=project.household, first_name="Paul", last_name="LEFEBVRE")
    MemberFactory(household=project.household, first_name="Inès", last_name="Martin")
    return project


# ------------------------------------------------------------------ defaults per medium
@pytest.mark.parametrize(
    ("medium", "minutes"),
    [
        (ContactMedium.PHONE, 15),
        (ContactMedium.EMAIL, 10),
        (ContactMedium.VIDEO, 30),
        (ContactMedium.OFFICE_WALK_IN, 30),
        (ContactMedium.OFFICE_PLANNED, 60),
        (ContactMedium.HOME_VISIT, 60),
        (ContactMedium.ACCOMPANYING, 120),
    ],
)
def test_the_form_starts_from_the_usual_duration_of_the_medium(medium, minutes):
    form = ContactForm(with_note=True, medium=medium)
    assert form.fields["medium"].initial == medium
    assert form["duration_minutes"].value() == minutes
    # Left blank, the duration is the medium's.
    bound = ContactForm(
        {"medium": medium, "happened_on": "2026-11-02", "duration_minutes": ""}, with_note=True
    )
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["duration_minutes"] == minutes


def test_every_medium_has_a_usual_duration():
    assert set(CONTACT_DEFAULT_MINUTES) == set(ContactMedium)


def test_a_phone_call_unless_told_otherwise(client, world, followed):
    client.force_login(world.users.social_worker)
    response = client.get(new_contact(followed))
    assert response.status_code == 200
    form = response.context["form"]
    assert response.context["medium"] == ContactMedium.PHONE
    assert form["duration_minutes"].value() == 15
    assert form["happened_on"].value() == dt.date.today()
    # An unknown medium in the address is a phone call, not an error.
    assert client.get(new_contact(followed) + "?modalite=pigeon").context["medium"] == "phone"
    visit = client.get(new_contact(followed) + "?modalite=home_visit")
    assert visit.context["form"]["duration_minutes"].value() == 60


def test_a_phone_call_saved_with_its_defaults(client, world, followed):
    client.force_login(world.users.social_worker)
    response = client.post(
        new_contact(followed),
        {
            "medium": "phone",
            "happened_on": dt.date.today().isoformat(),
            "duration_minutes": "",
            "summary": "Le bailleur accepte l'échéancier.",
        },
    )
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{followed.get_absolute_url()}#rencontre-{contact.pk}"
    assert (contact.medium, contact.duration_minutes) == ("phone", 15)
    assert contact.author == world.users.social_worker
    page = client.get(followed.get_absolute_url())
    assert "Rencontre enregistrée pour le ménage" in page.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"duration_minutes": "0"}, "La durée d&#x27;une rencontre est d&#x27;au moins une minute"),
        ({"duration_minutes": "2000"}, "Une rencontre dure au plus 1 440 minutes"),
        ({"duration_minutes": "un quart d'heure"}, "Indiquez la durée en minutes"),
        ({"happened_on": "2099-01-01"}, "Une rencontre ne peut pas être datée dans le futur."),
        ({"happened_on": "2023-12-01"}, "L&#x27;accompagnement a commencé le"),
        ({"medium": "pigeon"}, "Sélectionnez un choix valide."),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_written(
    client, world, followed, data, message
):
    client.force_login(world.users.social_worker)
    post = {"medium": "phone", "happened_on": dt.date.today().isoformat(), "summary": "Appel."}
    response = client.post(new_contact(followed), {**post, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Contact.objects.exists()


def test_another_organisation_gets_404_and_nothing_is_written(client, world, followed):
    client.force_login(world.users.outsider)
    assert client.get(new_contact(followed)).status_code == 404
    post = {"medium": "phone", "happened_on": dt.date.today().isoformat()}
    assert client.post(new_contact(followed), post).status_code == 404
    assert not Contact.objects.exists()


def test_a_closed_project_refuses_the_contact_in_french(client, world):
    project = ProjectFactory(
        household__organisation=world.orgs.chrs,
        programme=world.asrl,
        operator=world.orgs.chrs,
        referent=world.users.social_worker,
        closed=True,
    )
    client.force_login(world.users.social_worker)
    post = {"medium": "phone", "happened_on": dt.date.today().isoformat()}
    response = client.post(new_contact(project), post)
    assert response.status_code == 400
    assert "accompagnement en cours" in response.content.decode()
    assert not Contact.objects.exists()


# ------------------------------------------------------------------ the household's name
def test_family_name_is_each_surname_once():
    household = HouseholdFactory()
    for first, last in [("Nadia", "Lefebvre"), ("Paul", "LEFEBVRE"), ("Inès", "Martin")]:
        MemberFactory(household=household, first_name=first, last_name=last)
    assert household.family_name() == "Lefebvre – Martin"
    assert HouseholdFactory().family_name() == ""


def test_the_name_is_on_the_pages_of_the_file_and_each_is_logged(client, world, followed):
    client.force_login(world.users.social_worker)
    for url in (
        followed.household.get_absolute_url(),
        followed.get_absolute_url(),
        new_contact(followed),
        # The forms of the file name the household too (components/form_page.html).
        reverse("households:action_add", args=[followed.pk]),
        reverse("households:appointment_add", args=[followed.pk]),
        reverse("households:member_add", args=[followed.household_id]),
        reverse("households:document_add", args=[followed.household_id]),
    ):
        before = AuditEntry.objects.count()
        response = client.get(url)
        assert "Lefebvre – Martin" in response.content.decode(), url
        assert AuditEntry.objects.count() == before + 1, url
    household_page = client.get(followed.household.get_absolute_url()).content.decode()
    assert new_contact(followed) in household_page
    assert new_contact(followed) in client.get(followed.get_absolute_url()).content.decode()


# ------------------------------------------------------------------ « Mes ménages »
def test_my_households_show_names_and_log_each_one(client, world, followed, joint_project):
    elsewhere = ProjectFactory(
        household__organisation=world.orgs.chrs,
        programme=world.asrl,
        operator=world.orgs.chrs,
        referent=world.users.director,
        active=True,
    )
    MemberFactory(household=elsewhere.household, last_name="Durand")
    client.force_login(world.users.social_worker)
    response = client.get(MINE)
    body = response.content.decode()
    assert response.status_code == 200
    assert [h.pk for h in response.context["rows"]] == [followed.household_id]
    assert "Lefebvre – Martin" in body
    assert "Durand" not in body
    assert new_contact(followed) in body
    entry = AuditEntry.objects.get(action=AuditAction.LIST)
    assert (entry.household_id, entry.user) == (followed.household_id, world.users.social_worker)


def test_a_volunteer_finds_the_project_they_follow(client, world, joint_project):
    client.force_login(world.users.volunteer)
    body = client.get(MINE).content.decode()
    assert new_contact(joint_project) in body


def test_my_households_queries_do_not_grow_with_rows(client, world, count_queries):
    def add(n):
        for _ in range(n):
            project = ProjectFactory(
                household__organisation=world.orgs.chrs,
                household__territory=world.territories.arras,
                programme=world.asrl,
                operator=world.orgs.chrs,
                referent=world.users.social_worker,
                active=True,
            )
            MemberFactory(household=project.household)

    client.force_login(world.users.social_worker)
    add(2)
    few, _sql = count_queries(lambda: client.get(MINE))
    add(6)
    many, sql = count_queries(lambda: client.get(MINE))
    assert few == many, "\n".join(sql)


# ------------------------------------------------------------------ confirmations
def test_an_action_added_and_its_status_changed_are_confirmed(client, world, followed):
    client.force_login(world.users.social_worker)
    domain = world.asrl.domains.first()
    response = client.post(
        reverse("households:action_add", args=[followed.pk]),
        {
            "domain": domain.pk,
            "description": "Constituer le dossier FSL.",
            "organisation": world.orgs.chrs.pk,
            "performer": "professional",
        },
        follow=True,
    )
    action = PlannedAction.objects.get()
    assert response.redirect_chain[-1][0] == f"{followed.get_absolute_url()}#action-{action.pk}"
    assert "Action ajoutée : « Constituer le dossier FSL. »." in response.content.decode()
    response = client.post(
        reverse("households:action_status", args=[action.pk]), {"status": "done"}, follow=True
    )
    assert "Statut de l&#x27;action « Constituer le dossier FSL. » : réalisée." in (
        response.content.decode()
    )


def test_an_unknown_status_changes_nothing(client, world, followed):
    action = PlannedActionFactory(project=followed)
    client.force_login(world.users.social_worker)
    response = client.post(
        reverse("households:action_status", args=[action.pk]), {"status": "??"}, follow=True
    )
    assert "Statut inconnu." in response.content.decode()
    action.refresh_from_db()
    assert action.status == "planned"


# ------------------------------------------------------------------ time and place (issue 18)
def test_the_place_follows_the_medium(world, followed):
    """No place for a call; the structure for the office; the household's home for a visit."""
    chrs = world.orgs.chrs
    chrs.address, chrs.postal_code, chrs.city = "12 rue Émile Zola", "62000", "Arras"
    chrs.save()
    phone = ContactForm(with_note=True, medium=ContactMedium.PHONE, project=followed)
    assert phone.fields["place"].widget.is_hidden
    assert phone["place"].value() in (None, "")
    office = ContactForm(with_note=True, medium=ContactMedium.OFFICE_PLANNED, project=followed)
    assert not office.fields["place"].widget.is_hidden
    assert office["place"].value() == "CHRS Le Relais, 12 rue Émile Zola, 62000 Arras"
    home = ContactForm(with_note=True, medium=ContactMedium.HOME_VISIT, project=followed)
    assert home["place"].value() == "Domicile du ménage, Arras"
    outside = ContactForm(with_note=True, medium=ContactMedium.ACCOMPANYING, project=followed)
    assert outside["place"].value() in (None, "") and not outside.fields["place"].widget.is_hidden


def test_the_time_starts_at_now(client, world, followed):
    client.force_login(world.users.social_worker)
    before = timezone.localtime().replace(second=0, microsecond=0)
    form = client.get(new_contact(followed)).context["form"]
    shown = dt.datetime.combine(before.date(), form["happened_at"].value(), before.tzinfo)
    assert before <= shown <= before + dt.timedelta(minutes=1)
    page = client.get(new_contact(followed) + "?modalite=home_visit").content.decode()
    assert 'type="time"' in page and "Domicile du ménage, Arras" in page


def test_a_home_visit_is_saved_with_its_time_and_place_and_shown(client, world, followed):
    client.force_login(world.users.social_worker)
    response = client.post(
        new_contact(followed) + "?modalite=home_visit",
        {
            "medium": "home_visit",
            "happened_on": "2024-03-04",
            "happened_at": "09:30",
            "place": "Domicile du ménage, Arras",
            "duration_minutes": "",
            "summary": "Visite : le logement est adapté.",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.happened_at, contact.place, contact.duration_minutes) == (
        dt.time(9, 30),
        "Domicile du ménage, Arras",
        60,
    )
    page = client.get(followed.get_absolute_url()).content.decode()
    assert "4 mars 2024 à 9 h 30" in page
    assert "Visite à domicile, 60 min, Domicile du ménage, Arras" in page


def test_a_time_still_to_come_today_is_refused_in_french(client, world, followed):
    now = timezone.localtime()
    later = now + dt.timedelta(minutes=30)
    if later.date() != now.date():
        pytest.skip("à moins de 30 minutes de minuit, aucune heure à venir ce jour")
    client.force_login(world.users.social_worker)
    response = client.post(
        new_contact(followed),
        {
            "medium": "phone",
            "happened_on": now.date().isoformat(),
            "happened_at": later.strftime("%H:%M"),
            "summary": "Appel.",
        },
    )
    assert response.status_code == 400
    assert "Une rencontre ne peut pas être notée à une heure à venir" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_place_too_long_is_refused_in_french(client, world, followed):
    client.force_login(world.users.social_worker)
    post = {
        "medium": "office_planned",
        "happened_on": dt.date.today().isoformat(),
        "place": "x" * 201,
    }
    response = client.post(new_contact(followed), post)
    assert response.status_code == 400
    assert "Le lieu tient en 200 caractères au plus." in response.content.decode()
    assert not Contact.objects.exists()


# ------------------------------------------------------------------ the full household list
LIST = reverse("households:household_list")


def test_the_household_list_offers_a_contact_where_the_user_may_write(
    client, world, followed, joint_project
):
    """issue 18: « Noter un contact » on each row of « Ménages », not only « Mes ménages »:
    on the open projects the user may note a contact on (households.log_contact)."""
    proposed = ProjectFactory(
        household__organisation=world.orgs.chrs,
        household__territory=world.territories.arras,
        programme=world.asrl,
        operator=world.orgs.chrs,
        referent=world.users.social_worker,
        proposed=True,
    )
    for user, shown, hidden in (
        # The referent's director writes on the structure's projects too.
        (world.users.director, [followed], []),
        (world.users.social_worker, [followed], []),
        # The volunteer, on the project they follow.
        (world.users.volunteer, [joint_project], []),
        # The coordinator reads the territory's households, notes no contact.
        (world.users.coordinator, [], [followed]),
    ):
        client.force_login(user)
        response = client.get(LIST)
        body = response.content.decode()
        for project in shown:
            assert new_contact(project) in body, (user, project)
            assert project.pk in response.context["writable"]
        for project in hidden:
            assert new_contact(project) not in body, (user, project)
    client.force_login(world.users.social_worker)
    # A project waiting for its approvals is not running yet: no contact on it.
    body = client.get(LIST).content.decode()
    assert proposed.status not in OPEN_PROJECT_STATUSES
    assert proposed.get_absolute_url() in body and new_contact(proposed) not in body


def test_the_list_asks_the_same_rule_as_the_contact_page(world, followed, joint_project):
    """contact_writable answers for the whole page what households.log_contact answers row by
    row, for every user of the world."""
    projects = [followed, joint_project]
    for user in vars(world.users).values():
        expected = {p.pk for p in projects if user.has_perm("households.log_contact", p)}
        assert contact_writable(user, projects) == expected, user
