"""issue 16, in Chromium with axe on every page: a social worker plans an appointment from a
phone, then hands the project over to a colleague; the former referent, gone to another
structure, reads the file (« Qui peut voir ce dossier » names her transition access) and
changes nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from households.models import Appointment, ReferentChange
from partnerships.enums import Role
from partnerships.models import Membership
from tests.e2e.conftest import PHONE, field
from tests.households.factories import ProjectFactory
from tests.partnerships.factories import PASSWORD, MembershipFactory, member


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_appointment_then_handover_then_read_only(
    make_page, live_server, login, assert_accessible, world
):
    project = ProjectFactory(
        household__organisation=world.orgs.chrs,
        household__territory=world.territories.arras,
        programme=world.asrl,
        operator=world.orgs.chrs,
        referent=world.users.social_worker,
        start_date=dt.date(2019, 10, 1),
        active=True,
    )
    colleague = member(Role.SOCIAL_WORKER, world.orgs.chrs, first_name="Sacha")
    worker = make_page(viewport=PHONE)
    login(worker, live_server, world.users.social_worker.email, PASSWORD)

    # A planned contact, from a phone
    worker.goto(live_server.url + project.get_absolute_url())
    worker.get_by_role("link", name="Prévoir un rendez-vous").click()
    field(worker, "day").fill((dt.date.today() + dt.timedelta(days=2)).isoformat())
    field(worker, "time").fill("14:30")
    field(worker, "medium").select_option(label="Visite à domicile")
    field(worker, "place").fill("Domicile")
    assert_accessible(worker)
    worker.get_by_role("button", name="Prévoir le rendez-vous").click()
    expect(worker.get_by_role("status")).to_contain_text("Rendez-vous prévu")
    expect(worker.get_by_role("cell", name="Domicile", exact=True)).to_be_visible()
    assert_accessible(worker)
    assert Appointment.objects.count() == 1

    # The handover, with its reason
    worker.get_by_role("link", name="changer de référent").click()
    field(worker, "new_referent").select_option(str(colleague.pk))
    field(worker, "reason").fill("Mutation de Camille dans une autre structure.")
    assert_accessible(worker)
    worker.get_by_role("button", name="Changer de référent").click()
    expect(worker.get_by_role("status")).to_contain_text("Référent changé")
    assert ReferentChange.objects.get().new_referent == colleague

    # She leaves the CHRS for Opérateur B: the file stays readable, read only, for 30 days.
    Membership.objects.filter(user=world.users.social_worker, organisation=world.orgs.chrs).update(
        is_active=False
    )
    MembershipFactory(
        user=world.users.social_worker, organisation=world.orgs.other, role=Role.SOCIAL_WORKER
    )
    worker.goto(live_server.url + project.household.get_absolute_url())
    panel = worker.locator(
        "section", has=worker.get_by_role("heading", name="Qui peut voir ce dossier")
    )
    expect(panel).to_contain_text("accès de transition, en lecture seule")
    history = worker.locator(
        "section", has=worker.get_by_role("heading", name="Référents et structures")
    )
    expect(history).to_contain_text("Mutation de Camille dans une autre structure.")
    expect(worker.get_by_role("link", name="Modifier la situation")).to_have_count(0)
    assert_accessible(worker)
    worker.goto(live_server.url + reverse("households:household_edit", args=[project.household.pk]))
    expect(worker.get_by_role("heading", level=1)).to_contain_text("Page introuvable")
