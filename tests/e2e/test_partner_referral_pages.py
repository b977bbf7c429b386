"""seed 004 §4 in Chromium, with axe and at 390 px: « la saisine de la plateforme peut se
faire par tout partenaire (SIAO, CCAS et communes, …) »: a CCAS's signatory partner sends the
fiche saisine from a phone, reads the receipt, then « Mes saisines transmises »."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from households.models import Referral
from partnerships.enums import OrganisationKind, Role
from tests.e2e.conftest import PHONE, field, fits
from tests.households.factories import asrl_partner
from tests.partnerships.factories import (
    PASSWORD,
    member,
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_ccas_agent_sends_a_referral_from_a_phone(
    make_page, live_server, login, assert_accessible, world
):
    ccas = asrl_partner(world, "CCAS d'Arras", OrganisationKind.CCAS)
    agent = member(Role.SIGNATORY_PARTNER, ccas)
    phone = make_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    login(phone, live_server, agent.email, PASSWORD)

    phone.goto(live_server.url + reverse("households:referral_sent_list"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Mes saisines transmises")
    assert_accessible(phone)
    fits(phone)
    phone.get_by_role("link", name="Transmettre une saisine").click()
    field(phone, "programme").select_option(value=str(world.asrl.pk))
    field(phone, "situation").fill("Menacée d'expulsion avec deux enfants.")
    field(phone, "territory").select_option(value=str(world.territories.arras.pk))
    field(phone, "housing_situation").select_option(value="eviction_threat")
    field(phone, "first_name").fill("Nadia")
    field(phone, "last_name").fill("Fictif")
    assert_accessible(phone)
    fits(phone)
    phone.get_by_role("button", name="Transmettre la saisine").click()

    referral = Referral.objects.get()
    reference = referral.household.reference
    expect(phone.get_by_role("heading", level=1)).to_have_text("Accusé de réception de la saisine")
    expect(phone.get_by_text("au coordinateur d’Artois")).to_be_visible()
    expect(phone.get_by_text(reference).first).to_be_visible()
    assert "Fictif" not in phone.content()
    assert_accessible(phone)
    fits(phone)

    phone.get_by_role("link", name="Mes saisines transmises").last.click()
    expect(phone.get_by_role("row", name=reference)).to_contain_text("Reçue")
    assert_accessible(phone)
    fits(phone)
    # No way into the household's file.
    response = phone.goto(live_server.url + referral.household.get_absolute_url())
    assert response.status == 404
