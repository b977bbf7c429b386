"""issue 13, case 1 in the browser: a director invites a person from « Membres », the person
chooses a password through the link of the e-mail. axe-core checks each page (WCAG 2.1 AA)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partnerships.enums import OrganisationKind, Role
from tests.partnerships.factories import PASSWORD, OrganisationFactory, member


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_director_invites_a_volunteer_who_chooses_a_password(
    page, make_page, live_server, login, assert_accessible, mailoutbox
):
    chrs = OrganisationFactory(name="CHRS Le Relais", kind=OrganisationKind.CHRS_MANAGER)
    director = member(Role.DIRECTOR, chrs, first_name="Dominique", last_name="Lefèvre")
    member(Role.SOCIAL_WORKER, chrs, first_name="Camille", last_name="Vasseur")
    login(page, live_server, director.email, PASSWORD)
    # A director's menu is long: « Membres » is under « Plus » (issue 18), and the home page's
    # « Invitations de membres en attente » would match a loose « Membres ».
    page.get_by_role("button", name="Plus").click()
    page.get_by_role("link", name="Membres", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Membres")
    expect(page.get_by_role("cell", name="Travailleur social")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Inviter une personne").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("partnerships:member_invite")) + "$"))
    assert_accessible(page)
    page.get_by_label("Adresse e-mail").fill("nina.bertin@exemple.test")
    page.get_by_label("Prénom").fill("Nina")
    page.locator("#id_last_name").fill("Bertin")
    page.get_by_label("Rôle").select_option(Role.VOLUNTEER)
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_text("Invitation envoyée à nina.bertin@exemple.test")).to_be_visible()
    expect(page.get_by_text("invitation en attente", exact=True)).to_be_visible()

    link = re.search(r"/mot-de-passe/definir/\S+/", mailoutbox[-1].body).group(0)
    guest = make_page()  # the invited person's own browser
    guest.goto(live_server.url + link)
    expect(guest.get_by_role("heading", level=1)).to_have_text("Choisir mon mot de passe")
    assert_accessible(guest)
    guest.locator("#id_new_password1").fill("tisserand-lumineux-2026")
    guest.locator("#id_new_password2").fill("tisserand-lumineux-2026")
    guest.get_by_role("button", name="Enregistrer mon mot de passe").click()
    expect(guest.get_by_role("heading", level=1)).to_have_text("Mot de passe enregistré")
    assert guest.url.endswith(reverse("password_set_done"))
    assert_accessible(guest)
