"""« Bilans transmis »: the coordinator reads the reviews sent to them and marks them read.

seed 004 §7: « Les évaluations/bilans des accompagnements individuels devront être envoyés aux
coordinateurs. » Two coordinators (seed 004: « 2 coordinateurs « Logement d'abord » », one on
the Artois, the other on Lens-Hénin), each for the households of their territory.
"""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from households import services
from households.errors import HouseholdError
from households.models import Review
from partnerships.enums import Role
from tests.households.factories import HouseholdFactory, ProjectFactory, ReviewFactory
from tests.partnerships.factories import member

pytestmark = pytest.mark.django_db

INBOX = reverse("households:review_inbox")
SENT_ON = dt.date(2024, 5, 3)


def acknowledge_url(review) -> str:
    return reverse("households:review_acknowledge", args=[review.pk])


def sent_review(world, *, territory=None, sent_on=SENT_ON, **fields) -> Review:
    """An intermediate review of an ASRL project of the CHRS, held on 1 May 2024 (3 months
    after its start, seed 004 §4), sent to the coordinator on `sent_on`."""
    project = ProjectFactory(
        household=HouseholdFactory(
            organisation=world.orgs.chrs, territory=territory or world.territories.arras
        ),
        programme=world.asrl,
        operator=world.orgs.chrs,
        referent=world.users.social_worker,
        start_date=dt.date(2024, 2, 1),
    )
    return ReviewFactory(project=project, sent_to_coordinator_on=sent_on, **fields)


@pytest.fixture
def lens_coordinator(world):
    """The Lens-Hénin platform's coordinator (seed 004: the second « Logement d'abord »
    coordinator)."""
    return member(Role.COORDINATOR, world.orgs.department, territory=world.territories.lens)


def rows(client, url=INBOX) -> list:
    response = client.get(url)
    assert response.status_code == 200
    return list(response.context["rows"])


# ------------------------------------------------------------------------- seed 004 §7
def test_the_territory_s_coordinator_sees_the_review_sent_and_marks_it_read(client, world):
    # seed 004 §7: the review of a household of Arras (Artois) goes to the Artois coordinator.
    review = sent_review(world)
    coordinator = world.users.coordinator
    client.force_login(coordinator)
    assert rows(client) == [review]
    page = client.get(INBOX).content.decode()
    assert review.project.household.reference in page
    assert review.project.get_absolute_url() in page
    assert "Marquer comme lu" in page

    response = client.post(acknowledge_url(review), {"retour": "statut=a_lire"})
    assert response.status_code == 302
    assert response.url == f"{INBOX}?statut=a_lire"
    review.refresh_from_db()
    assert review.acknowledged_by == coordinator
    assert review.acknowledged_on is not None
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Bilan du ménage {review.project.household.reference} marqué comme lu."
    ]
    # Read: no longer « À lire » (the default), listed under « Lus » and « Tous ».
    assert rows(client) == []
    assert rows(client, f"{INBOX}?statut=lus") == [review]
    assert rows(client, f"{INBOX}?statut=") == [review]
    reader = coordinator.get_full_name() or coordinator.email
    assert f"par {reader} le" in client.get(f"{INBOX}?statut=lus").content.decode()
    # The project page says who read it.
    client.force_login(world.users.social_worker)
    assert f"lu par {reader} le" in client.get(review.project.get_absolute_url()).content.decode()


def test_unread_reviews_come_first(client, world):
    read = sent_review(world, sent_on=dt.date(2024, 5, 10))
    services.review_acknowledge(review=read, by=world.users.coordinator)
    older_unread = sent_review(world, sent_on=dt.date(2024, 5, 2))
    client.force_login(world.users.coordinator)
    assert rows(client, f"{INBOX}?statut=") == [older_unread, read]


def test_a_review_not_sent_is_not_listed_and_cannot_be_marked_read(client, world):
    review = sent_review(world, sent_on=None)
    client.force_login(world.users.coordinator)
    assert rows(client, f"{INBOX}?statut=") == []
    assert client.post(acknowledge_url(review)).status_code == 404
    with pytest.raises(HouseholdError, match="n'a pas été transmis au coordinateur"):
        services.review_acknowledge(review=review, by=world.users.coordinator)
    review.refresh_from_db()
    assert review.acknowledged_on is None


def test_another_territory_s_coordinator_neither_sees_nor_acknowledges(
    client, world, lens_coordinator
):
    # seed 004: the Lens-Hénin coordinator receives the reviews of Lens-Hénin, not Artois's.
    review = sent_review(world)
    lens_review = sent_review(world, territory=world.territories.lens)
    client.force_login(lens_coordinator)
    assert rows(client, f"{INBOX}?statut=") == [lens_review]
    assert client.post(acknowledge_url(review)).status_code == 404
    with pytest.raises(HouseholdError, match="hors de votre territoire"):
        services.review_acknowledge(review=review, by=lens_coordinator)
    review.refresh_from_db()
    assert review.acknowledged_on is None and review.acknowledged_by is None


@pytest.mark.parametrize("who", ["social_worker", "director", "outsider", "staff", "volunteer"])
def test_who_is_not_a_coordinator_gets_404_and_writes_nothing(client, world, who):
    review = sent_review(world)
    user = getattr(world.users, who)
    client.force_login(user)
    assert client.get(INBOX).status_code == 404
    assert client.post(acknowledge_url(review)).status_code == 404
    with pytest.raises(HouseholdError, match="Seul un coordinateur"):
        services.review_acknowledge(review=review, by=user)
    review.refresh_from_db()
    assert review.acknowledged_on is None


def test_acknowledging_twice_is_refused_in_french_and_keeps_the_first(
    client, world, lens_coordinator
):
    review = sent_review(world)
    first = services.review_acknowledge(review=review, by=world.users.coordinator)
    # A second coordinator of the Artois, on the same page opened before the first read it.
    colleague = member(Role.COORDINATOR, world.orgs.department, territory=world.territories.artois)
    client.force_login(colleague)
    response = client.post(acknowledge_url(review), follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and messages[0].startswith("Ce bilan a déjà été lu par ")
    review.refresh_from_db()
    assert review.acknowledged_by == world.users.coordinator
    assert review.acknowledged_on == first.acknowledged_on


def test_the_admin_shows_the_reading_without_changing_it(client, world):
    review = sent_review(world)
    services.review_acknowledge(review=review, by=world.users.coordinator)
    admin_user = member(Role.DIRECTOR, world.orgs.chrs, is_superuser=True)
    client.force_login(admin_user)
    url = reverse("admin:households_review_change", args=[review.pk])
    page = client.get(url).content.decode()
    assert "Lu par le coordinateur le" in page
    assert 'name="acknowledged_on"' not in page and 'name="acknowledged_by"' not in page


# ----------------------------------------------------------------------------- queries
def test_list_queries_do_not_grow_with_rows(client, world, count_queries):
    client.force_login(world.users.coordinator)
    for url in (INBOX, f"{INBOX}?statut=", f"{INBOX}?statut=lus&dispositif={world.asrl.pk}"):
        for _ in range(2):
            services.review_acknowledge(review=sent_review(world), by=world.users.coordinator)
            sent_review(world)
        few, _sql = count_queries(lambda url=url: client.get(url))
        for _ in range(5):
            services.review_acknowledge(review=sent_review(world), by=world.users.coordinator)
            sent_review(world)
        many, sql = count_queries(lambda url=url: client.get(url))
        assert few == many, "\n".join(sql)


def test_the_to_do_line_counts_the_rows_of_the_list(client, world, lens_coordinator):
    for _ in range(3):
        sent_review(world)
    services.review_acknowledge(review=sent_review(world), by=world.users.coordinator)
    sent_review(world, sent_on=None)
    sent_review(world, territory=world.territories.lens)
    client.force_login(world.users.coordinator)
    lines = {str(line.label): line for line in client.get(reverse("home")).context["todo"]}
    line = lines["Bilans transmis à lire"]
    response = client.get(line.url)
    assert line.count == response.context["page_obj"].paginator.count == 3
