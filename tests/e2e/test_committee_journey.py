"""issue 17, in Chromium with axe on every page: the secretary of the SOLiHA × MTA COPIL
prepares the agenda from the pending joint projects (an agreement, a renewal asked by the
end-of-term review), the meeting is held, the decisions are recorded and show on the
household's project (seed 000 art. IV)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from governance import services
from governance.enums import AttendanceStatus, CommitteeKind, Frequency
from households.enums import ProjectStatus
from households.models import InterventionProject
from tests.governance.factories import CommitteeFactory, CommitteeMemberFactory, MeetingFactory
from tests.households.factories import HouseholdFactory, ProjectFactory
from tests.partnerships.factories import PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_copil_agenda_from_pending_projects_and_decision_on_the_file(
    page, live_server, login, assert_accessible, screenshot, world
):
    world.joint.convention = world.conventions.joint
    world.joint.save()
    soliha, mta = world.orgs.soliha, world.orgs.mta
    secretary = world.users.soliha_director
    copil = CommitteeFactory(
        name="Comité de pilotage SOLiHA × MTA",
        kind=CommitteeKind.STEERING,
        convention=world.conventions.joint,
        organisation=soliha,
        frequency=Frequency.TWICE_A_YEAR,
        seats_per_organisation=2,
        secretary=secretary,
    )
    seats = [
        (soliha, "Chargé de mission SOLiHA"),
        (soliha, "Responsable Hébergements d'Urgence"),
        (mta, "Jean-Marie DUMORTIER"),
        (mta, "M. HARQUET"),
    ]
    for organisation, name in seats:
        CommitteeMemberFactory(committee=copil, organisation=organisation, full_name=name)
    household = HouseholdFactory(
        organisation=soliha, territory=world.territories.marcq, reference="SMN-MTA-002"
    )
    project = ProjectFactory(
        household=household,
        programme=world.joint,
        operator=soliha,
        referent=world.users.soliha_worker,
        proposed=True,
    )
    project.partners.add(mta)
    # A second household's follow-up ends: its end-of-term review asks for the renewal.
    renewal = ProjectFactory(
        household=HouseholdFactory(
            organisation=soliha, territory=world.territories.marcq, reference="SMN-MTA-003"
        ),
        programme=world.joint,
        operator=soliha,
        referent=world.users.soliha_worker,
        in_review=True,
    )
    meeting = MeetingFactory(
        committee=copil, held_on=timezone.localdate(), planned=True, agenda="À préparer"
    )

    login(page, live_server, secretary.email, PASSWORD)
    page.goto(live_server.url + reverse("governance:meeting_detail", args=[meeting.pk]))
    page.get_by_role("link", name="Préparer l’ordre du jour").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Préparer l’ordre du jour")
    assert_accessible(page)
    page.get_by_label("Suivi conjoint du ménage SMN-MTA-002").first.check()
    page.get_by_label("Renouvellement de l'accompagnement du ménage SMN-MTA-003").first.check()
    page.get_by_role("button", name="Préparer l’ordre du jour").click()
    expect(page.get_by_text("Ordre du jour préparé.")).to_be_visible()
    expect(page.get_by_text("Suivi conjoint du ménage SMN-MTA-002")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "copil-ordre-du-jour")

    page.get_by_role("link", name="Déclarer tenue").click()
    page.get_by_role("button", name="Déclarer tenue").click()
    expect(page.get_by_text("Réunion tenue.")).to_be_visible()
    # The representatives of both structures are present (recorded as on the presence page).
    for organisation, name in seats:
        services.attendance_record(
            meeting=meeting,
            by=secretary,
            full_name=name,
            organisation=organisation,
            status=AttendanceStatus.PRESENT,
        )
    page.reload()
    page.get_by_role("link", name="Décider du point 1").click()
    expect(page).to_have_url(re.compile(r"/points/\d+/decision/$"))
    assert_accessible(page)
    page.get_by_label("Adopté").check()
    page.get_by_label(soliha.name).check()
    page.get_by_label(mta.name).check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Décision enregistrée et reportée sur le dossier.")).to_be_visible()
    assert_accessible(page)

    assert InterventionProject.objects.get(pk=project.pk).status == ProjectStatus.APPROVED
    page.get_by_role("link", name="Décider du point 2").click()
    page.get_by_label("Adopté").check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Décision enregistrée et reportée sur le dossier.")).to_be_visible()
    assert InterventionProject.objects.get(pk=renewal.pk).status == ProjectStatus.RENEWED
    page.goto(live_server.url + reverse("households:project_detail", args=[project.pk]))
    minutes = page.get_by_role("link", name="compte rendu").first
    expect(minutes).to_be_visible()
    assert reverse("governance:meeting_minutes_pdf", args=[meeting.pk]) in (
        minutes.get_attribute("href") or ""
    )
    assert_accessible(page)
    screenshot(page, "copil-decision-sur-le-projet")
