"""issue 16 §3: planned contacts (rendez-vous). A contact is scheduled with a date, a time, a
place and participants, then marked held (the contact is noted, with its note) or missed; it
shows on the project's page and in the calendar feed of its referent and volunteers."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from households import services
from households.enums import AppointmentStatus, ContactMedium
from households.models import Appointment, Contact
from households.services import HouseholdError
from partnerships.enums import Role
from portal.calendar import events_for, ics
from tests.households.factories import AppointmentFactory
from tests.partnerships.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def informed_project(asrl_project):
    household = asrl_project.household
    household.informed_on = dt.date(2019, 9, 20)
    household.save()
    return asrl_project


def later(days=2, hour=14):
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))


def plan(project, by, **changes):
    data = {
        "starts_at": later(),
        "medium": ContactMedium.OFFICE_PLANNED,
        "place": "Bureau du CHRS, Arras",
        "duration_minutes": 45,
    }
    return services.appointment_plan(project=project, by=by, **(data | changes))


def in_the_past(appointment, days=1) -> Appointment:
    """The appointment's day has come and gone (its time moved back: no clock to stop)."""
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=F("starts_at") - dt.timedelta(days=days + 3)
    )
    return Appointment.objects.get(pk=appointment.pk)


# ------------------------------------------------------------------------------- services
def test_a_contact_is_planned_with_day_time_place_and_participants(world, informed_project):
    colleague = member(Role.SOCIAL_WORKER, world.orgs.chrs)
    appointment = plan(informed_project, world.users.social_worker, participants=[colleague])
    assert appointment.status == AppointmentStatus.PLANNED
    assert timezone.localtime(appointment.starts_at).time() == dt.time(14, 30)
    assert appointment.place == "Bureau du CHRS, Arras"
    assert set(appointment.participants.all()) == {world.users.social_worker, colleague}
    assert not Contact.objects.exists()  # nothing happened yet


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts_at": later(days=-1)}, "Un rendez-vous se prévoit dans le futur"),
        ({"place": "  "}, "Indiquez le lieu du rendez-vous."),
        ({"duration_minutes": 0}, "au moins une minute"),
    ],
)
def test_a_bad_appointment_is_refused_and_nothing_is_written(
    world, informed_project, changes, message
):
    with pytest.raises(HouseholdError, match=message):
        plan(informed_project, world.users.social_worker, **changes)
    assert not Appointment.objects.exists()


def test_participants_are_people_of_the_project(world, informed_project):
    with pytest.raises(HouseholdError, match="professionnel ou un bénévole du projet"):
        plan(informed_project, world.users.social_worker, participants=[world.users.outsider])
    assert not Appointment.objects.exists()


def test_the_volunteer_plans_their_own_appointment(world, joint_project):
    appointment = plan(joint_project, world.users.volunteer, place="Café associatif")
    assert list(appointment.participants.all()) == [world.users.volunteer]


def test_no_appointment_on_a_closed_project_nor_by_another_organisation(world, informed_project):
    with pytest.raises(PermissionDenied):
        plan(informed_project, world.users.outsider)
    services.project_close(
        project=informed_project,
        by=world.users.social_worker,
        closed_on=dt.date(2020, 3, 1),
        outcome="housed",
    )
    with pytest.raises(HouseholdError, match="pas clôturé"):
        plan(informed_project, world.users.social_worker)
    assert not Appointment.objects.exists()


def test_a_held_appointment_notes_its_contact_on_its_day(world, informed_project):
    colleague = member(Role.SOCIAL_WORKER, world.orgs.chrs)
    appointment = in_the_past(
        plan(informed_project, world.users.social_worker, participants=[colleague])
    )
    held = services.appointment_hold(
        appointment=appointment,
        by=world.users.social_worker,
        summary="Dossier FSL complété.",
        confidential_note="Fragilité psychique évoquée.",
    )
    contact = held.contact
    assert held.status == AppointmentStatus.HELD
    assert contact.happened_on == timezone.localdate(appointment.starts_at)
    assert (contact.medium, contact.duration_minutes) == (ContactMedium.OFFICE_PLANNED, 45)
    assert (contact.summary, contact.confidential_note) == (
        "Dossier FSL complété.",
        "Fragilité psychique évoquée.",
    )
    assert set(contact.participants.all()) == {world.users.social_worker, colleague}


def test_an_appointment_to_come_is_neither_held_nor_missed(world, informed_project):
    appointment = plan(informed_project, world.users.social_worker)
    with pytest.raises(HouseholdError, match="pas encore eu lieu"):
        services.appointment_hold(appointment=appointment, by=world.users.social_worker)
    with pytest.raises(HouseholdError, match="ne peut pas encore être manqué"):
        services.appointment_miss(appointment=appointment, by=world.users.social_worker)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PLANNED
    assert not Contact.objects.exists()


def test_a_volunteer_holding_an_appointment_writes_no_confidential_note(world, joint_project):
    household = joint_project.household
    household.informed_on = dt.date(2021, 2, 1)
    household.save()
    appointment = in_the_past(plan(joint_project, world.users.volunteer, place="Domicile"))
    with pytest.raises(HouseholdError, match="Seuls les professionnels"):
        services.appointment_hold(
            appointment=appointment, by=world.users.volunteer, confidential_note="Secret."
        )
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PLANNED and appointment.contact is None
    assert not Contact.objects.exists()


def test_a_missed_appointment_is_said_once(world, informed_project):
    appointment = in_the_past(plan(informed_project, world.users.social_worker))
    services.appointment_miss(appointment=appointment, by=world.users.social_worker)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.MISSED
    with pytest.raises(HouseholdError, match="déjà noté comme manqué"):
        services.appointment_hold(appointment=appointment, by=world.users.social_worker)
    assert not Contact.objects.exists()


# ---------------------------------------------------------------------------------- pages
def test_the_project_page_plans_an_appointment(client, world, informed_project):
    client.force_login(world.users.social_worker)
    url = reverse("households:appointment_add", args=[informed_project.pk])
    assert url in client.get(informed_project.get_absolute_url()).content.decode()
    day = timezone.localdate() + dt.timedelta(days=3)
    response = client.post(
        url,
        {
            "day": day.isoformat(),
            "time": "09:15",
            "duration_minutes": "30",
            "medium": ContactMedium.HOME_VISIT,
            "place": "Domicile",
        },
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert timezone.localtime(appointment.starts_at).replace(tzinfo=None) == dt.datetime.combine(
        day, dt.time(9, 15)
    )
    page = client.get(informed_project.get_absolute_url()).content.decode()
    assert "Domicile" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"day": "2020-01-02"}, "Un rendez-vous se prévoit dans le futur"),
        ({"place": ""}, "Ce champ est obligatoire."),
        ({"time": "25:00"}, "Saisissez une heure valide."),
        ({"participants": ["outsider"]}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_on_the_appointment_page_says_why_and_writes_nothing(
    client, world, informed_project, changes, message
):
    data = {
        "day": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        "time": "09:15",
        "duration_minutes": "30",
        "medium": ContactMedium.HOME_VISIT,
        "place": "Domicile",
    } | changes
    if data.get("participants") == ["outsider"]:
        data["participants"] = [world.users.outsider.pk]
    client.force_login(world.users.social_worker)
    response = client.post(reverse("households:appointment_add", args=[informed_project.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Appointment.objects.exists()


def test_held_and_missed_from_the_project_page(client, world, informed_project):
    first = in_the_past(plan(informed_project, world.users.social_worker))
    second = in_the_past(plan(informed_project, world.users.social_worker))
    client.force_login(world.users.social_worker)
    page = client.get(informed_project.get_absolute_url()).content.decode()
    assert reverse("households:appointment_held", args=[first.pk]) in page
    response = client.post(
        reverse("households:appointment_held", args=[first.pk]),
        {"duration_minutes": "50", "summary": "Point budget.", "confidential_note": ""},
    )
    assert response.status_code == 302
    assert Contact.objects.get().summary == "Point budget."
    response = client.post(reverse("households:appointment_missed", args=[second.pk]))
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == AppointmentStatus.MISSED


@pytest.mark.parametrize("who", ["outsider", "outsider_director", "staff", "partner"])
def test_another_organisation_gets_404_on_every_appointment_page(
    client, world, informed_project, who
):
    appointment = in_the_past(plan(informed_project, world.users.social_worker))
    client.force_login(getattr(world.users, who))
    add = reverse("households:appointment_add", args=[informed_project.pk])
    held = reverse("households:appointment_held", args=[appointment.pk])
    missed = reverse("households:appointment_missed", args=[appointment.pk])
    assert client.get(add).status_code == 404
    assert client.post(add, {"place": "x"}).status_code == 404
    assert client.get(held).status_code == 404
    assert client.post(held, {"duration_minutes": "5"}).status_code == 404
    assert client.post(missed).status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PLANNED
    assert Appointment.objects.count() == 1


def test_the_project_page_reads_appointments_in_constant_queries(
    client, world, informed_project, count_queries
):
    client.force_login(world.users.social_worker)
    url = informed_project.get_absolute_url()
    AppointmentFactory(project=informed_project)
    client.get(url)
    few, _sql = count_queries(lambda: client.get(url))
    for _ in range(5):
        AppointmentFactory(
            project=informed_project,
            participants=[world.users.social_worker, world.users.director],
        )
    many, sql = count_queries(lambda: client.get(url))
    assert few == many, "\n".join(sql)


# -------------------------------------------------------------------------------- calendar
def test_the_feed_gives_the_referent_and_volunteers_their_appointments(world, joint_project):
    appointment = plan(joint_project, world.users.soliha_worker, place="Bureau SOLiHA")
    reference = joint_project.household.reference
    for user in (world.users.soliha_worker, world.users.volunteer):
        (event,) = [e for e in events_for(user) if e.uid == f"rendez-vous-{appointment.pk}"]
        assert event.summary == f"Rendez-vous — ménage {reference}"
        assert event.location == "Bureau SOLiHA"
        assert event.starts_at == appointment.starts_at
    text = ics(events_for(world.users.volunteer))
    start = appointment.starts_at.astimezone(dt.UTC)
    assert f"DTSTART:{start:%Y%m%dT%H%M%S}Z" in text
    assert f"DTEND:{start + dt.timedelta(minutes=45):%Y%m%dT%H%M%S}Z" in text


def test_the_feed_leaves_out_those_not_concerned_and_appointments_done(
    world, joint_project, informed_project
):
    appointment = plan(joint_project, world.users.soliha_worker, place="Bureau SOLiHA")
    uid = f"rendez-vous-{appointment.pk}"
    # A colleague sees the household but is not in the appointment: not in their agenda.
    for user in (world.users.soliha_director, world.users.outsider, world.users.staff):
        assert uid not in {e.uid for e in events_for(user)}
    past = in_the_past(plan(informed_project, world.users.social_worker))
    services.appointment_miss(appointment=past, by=world.users.social_worker)
    assert f"rendez-vous-{past.pk}" not in {e.uid for e in events_for(world.users.social_worker)}
