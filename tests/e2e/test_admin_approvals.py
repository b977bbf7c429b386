"""An association president approves a few files a year (issue 18): from the home of the
administration, « À approuver », one button and a confirmation, on a desktop and on a phone;
axe finds nothing on the admin pages a director uses."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from households.enums import ProjectStatus
from households.models import ProjectRefusal
from tests.e2e.conftest import DESKTOP, PHONE
from tests.households.factories import HouseholdFactory, ProjectFactory
from tests.partnerships.factories import PASSWORD

DOCS_IMG = Path(settings.BASE_DIR) / "docs" / "guide" / "img"


def _proposed(world, reference: str):
    """seed 000 art. IV: a joint SOLiHA × MTA follow-up needs both structures' agreement."""
    return ProjectFactory(
        household=HouseholdFactory(
            reference=reference,
            organisation=world.orgs.soliha,
            territory=world.territories.marcq,
        ),
        programme=world.joint,
        operator=world.orgs.soliha,
        referent=world.users.soliha_worker,
        proposed=True,
        partners=[world.orgs.mta],
    )


def _every_page_a_director_uses(page: Page, live_server, project, assert_accessible) -> None:
    for url in (
        reverse("admin:index"),
        reverse("admin:households_interventionproject_changelist"),
        reverse("admin:partnerships_organisation_changelist"),
        reverse("admin:partnerships_organisation_change", args=[project.partners.get().pk]),
        reverse("admin:households_interventionproject_change", args=[project.pk]),
        reverse("admin:partnerships_membership_changelist"),
        reverse("admin:households_auditentry_changelist"),
    ):
        page.goto(live_server.url + url)
        assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["bureau", "telephone"])
def test_director_approves_then_refuses_from_the_admin_home(
    make_page, viewport, live_server, login, assert_accessible, world
):
    first = _proposed(world, "MEN-2021-00042")
    second = _proposed(world, "MEN-2021-00043")
    phone = viewport == PHONE
    page = make_page(viewport=viewport, is_mobile=phone, has_touch=phone)
    login(page, live_server, world.users.mta_director.email, PASSWORD)
    taps = 0

    page.goto(live_server.url + reverse("admin:index"))
    approvals = page.get_by_role("region", name="À approuver")
    expect(approvals).to_contain_text("MEN-2021-00042")
    expect(approvals).to_contain_text("SOLiHA Métropole Nord : n'a pas encore répondu")
    assert_accessible(page)
    if phone:
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    # The home illustrates docs/guide/members.md.
    page.screenshot(
        path=DOCS_IMG / f"members-a-approuver-{'telephone' if phone else 'bureau'}.png",
        full_page=True,
    )

    # Approve: one button, one confirmation.
    approvals.get_by_role("link", name="Approuver le suivi de MEN-2021-00042").click()
    taps += 1
    expect(page.get_by_role("heading", level=1)).to_have_text("Approuver le suivi")
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer l'accord").click()
    taps += 1
    expect(page.locator(".messagelist")).to_contain_text(
        "accord de Marcq Terre d'Accueil enregistré ; le projet attend encore"
    )
    assert taps == 2
    first.refresh_from_db()
    assert first.approvals.get().organisation == world.orgs.mta
    assert first.status == ProjectStatus.PROPOSED

    # Refuse: the reason is asked, then kept.
    page.get_by_role("region", name="À approuver").get_by_role(
        "link", name="Refuser le suivi de MEN-2021-00043"
    ).click()
    page.get_by_role("button", name="Confirmer le refus").click()
    # The browser's own check: the reason is required.
    assert not ProjectRefusal.objects.exists()
    page.get_by_label("Motif du refus").fill("Aucun bénévole disponible à Marcq cet été.")
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer le refus").click()
    expect(page.locator(".messagelist")).to_contain_text("refus de Marcq Terre d'Accueil")
    assert ProjectRefusal.objects.get(project=second).reason.startswith("Aucun bénévole")
    expect(page.get_by_role("region", name="À approuver")).to_contain_text(
        "Aucun projet n'attend l'accord"
    )
    assert_accessible(page)

    _every_page_a_director_uses(page, live_server, first, assert_accessible)
