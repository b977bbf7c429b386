"""issue 16, in Chromium with axe: the MTA director sees on her home page (« À faire ») and in
the bell that the joint SOLiHA × MTA project awaits her structure's approval, approves it in
the administration; the referent, on a phone, finds the notification in the bell, opens it
and it is read."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from households import services
from households.enums import ProjectStatus
from partnerships.enums import NotificationKind
from partnerships.models import Notification
from tests.e2e.conftest import PHONE
from tests.households.factories import HouseholdFactory
from tests.partnerships.factories import PASSWORD


def bell(page: Page):
    return page.get_by_role("link", name=re.compile(r"^Notifications"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_pending_approval_is_shown_then_the_referent_is_told(
    make_page, live_server, login, assert_accessible, world
):
    household = HouseholdFactory(
        organisation=world.orgs.soliha,
        territory=world.territories.marcq,
        reference="MEN-2021-00077",
    )
    project = services.project_propose(
        household=household,
        by=world.users.soliha_worker,
        programme=world.joint,
        operator=world.orgs.soliha,
        referent=world.users.soliha_worker,
        objectives="Autonomie dans le logement.",
        partners=[world.orgs.mta],
    )
    services.project_approve(
        project=project, by=world.users.soliha_director, organisation=world.orgs.soliha
    )

    # The MTA director: « À faire » and the bell both say a project waits for her.
    director = make_page()
    login(director, live_server, world.users.mta_director.email, PASSWORD)
    director.goto(live_server.url + reverse("home"))
    todo = director.get_by_role("link", name=re.compile("Projets en attente de l'accord"))
    expect(todo).to_contain_text("1")
    expect(bell(director)).to_contain_text("1 non lue")
    bell(director).click()
    expect(
        director.get_by_role("paragraph").filter(
            has_text="Projet à approuver : ménage MEN-2021-00077"
        )
    ).to_be_visible()
    assert_accessible(director)

    # She approves it in the administration (Django's own pages: not run through axe).
    director.goto(live_server.url + reverse("admin:households_interventionproject_changelist"))
    director.get_by_role("row").filter(has_text="MEN-2021-00077").get_by_role("checkbox").check()
    director.locator("select[name='action']").select_option(
        label="Approuver le suivi pour ma structure"
    )
    director.get_by_role("button", name="Envoyer").click()
    expect(director.locator(".messagelist")).to_contain_text("le projet est validé")
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED

    # The referent, on a phone: the bell counts it, the page lists it, opening reads it.
    referent = make_page(viewport=PHONE)
    login(referent, live_server, world.users.soliha_worker.email, PASSWORD)
    referent.goto(live_server.url + reverse("home"))
    expect(bell(referent)).to_be_visible()
    expect(bell(referent)).to_contain_text("1")
    bell(referent).click()
    item = referent.get_by_role("listitem").filter(has_text="Projet approuvé")
    expect(item).to_contain_text("MEN-2021-00077")
    assert_accessible(referent)
    item.get_by_role("button", name=re.compile("^Ouvrir")).click()
    expect(referent).to_have_url(re.compile(rf"/menages/projets/{project.pk}/$"))
    told = Notification.objects.get(
        recipient=world.users.soliha_worker, kind=NotificationKind.PROJECT_APPROVED
    )
    assert told.read_at is not None
    expect(bell(referent)).not_to_contain_text("non lue")
    assert_accessible(referent)
