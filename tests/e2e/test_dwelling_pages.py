"""Issue 20 in Chromium, with axe and at 390 px: the dwelling on the household's page, the
communes' figures (seed 000 art. III), the advance on a public aid and its repayment
(seed 000 axe 5)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from households import services
from households.models import Dwelling, FinancialHelp
from partnerships.enums import OrganisationKind, Role
from tests.e2e.conftest import PHONE, field, fits
from tests.households.factories import MemberFactory
from tests.partnerships.factories import PASSWORD, OrganisationFactory, member


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_dwelling_and_the_communes_figures_on_a_phone(
    make_page, live_server, login, assert_accessible, world, joint_project
):
    household = joint_project.household
    MemberFactory(household=household, last_name="Lefebvre")
    phone = make_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    login(phone, live_server, world.users.soliha_worker.email, PASSWORD)
    phone.goto(live_server.url + household.get_absolute_url())
    phone.get_by_role("link", name="Enregistrer un logement").click()
    field(phone, "landlord").select_option(label="SOLiHA Métropole Nord")
    field(phone, "address").fill("12 rue de la Paix, Marcq-en-Barœul")
    field(phone, "unit").fill("Bâtiment B, porte 12")
    field(phone, "since").fill("2021-03-15")
    assert_accessible(phone)
    fits(phone)
    phone.get_by_role("button", name="Enregistrer le logement").click()
    expect(phone.get_by_role("status")).to_contain_text("Logement enregistré")
    section = phone.locator(
        "section", has=phone.get_by_role("heading", name="Logement mis à disposition")
    )
    expect(section).to_contain_text("12 rue de la Paix, Marcq-en-Barœul — Bâtiment B, porte 12")
    assert_accessible(phone)
    fits(phone)
    assert Dwelling.objects.get().since == dt.date(2021, 3, 15)

    # seed 000 art. III: the commune reads figures, never the household.
    commune = OrganisationFactory(name="Ville de Marcq-en-Barœul", kind=OrganisationKind.COMMUNE)
    commune.territories.set([world.territories.marcq])
    signatory = member(Role.SIGNATORY_PARTNER, commune)
    town = make_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    login(town, live_server, signatory.email, PASSWORD)
    town.goto(live_server.url + reverse("households:commune_report") + "?annee=2021")
    expect(town.get_by_role("heading", level=1)).to_have_text("Ménages logés dans la commune")
    expect(town.get_by_role("row", name="Installés dans un logement en 2021")).to_contain_text("1")
    body = town.content()
    for secret in ("Lefebvre", household.reference, "rue de la Paix"):
        assert secret not in body
    assert_accessible(town)
    fits(town)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_advance_is_repaid_from_the_project_page(
    make_page, live_server, login, assert_accessible, world, joint_project
):
    help_ = services.help_request(
        project=joint_project,
        by=world.users.soliha_worker,
        purpose="housing",
        amount_requested=Decimal("300.00"),
        payer=world.orgs.soliha,
        is_advance=True,
        awaited_aid="APL",
    )
    director = world.users.soliha_director
    services.help_decide(
        help_=help_, by=director, granted=True, decided_on=dt.date(2024, 3, 1),
        amount_granted=Decimal("300.00"),
    )  # fmt: skip
    services.help_pay(
        help_=help_, by=director, paid_on=dt.date(2024, 3, 5), payment_method="Virement"
    )
    phone = make_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    login(phone, live_server, director.email, PASSWORD)
    phone.goto(live_server.url + joint_project.get_absolute_url())
    expect(phone.get_by_text("Avance sur : APL")).to_be_visible()
    phone.get_by_role("link", name="enregistrer le remboursement").click()
    field(phone, "repaid_on").fill("2024-04-10")
    field(phone, "amount_repaid").fill("300.00")
    assert_accessible(phone)
    fits(phone)
    phone.get_by_role("button", name="Enregistrer le remboursement").click()
    expect(phone.get_by_role("status")).to_contain_text("Remboursement de l'aide enregistré")
    assert FinancialHelp.objects.get().repaid_on == dt.date(2024, 4, 10)
    assert_accessible(phone)
