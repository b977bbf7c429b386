"""issue 16: the bell in the header, the « Notifications » page and the preferences page."""

import pytest
from django.urls import reverse

from partnerships.enums import NotificationDelivery, NotificationKind
from partnerships.models import Notification, NotificationPreference
from partnerships.services import preferences_of

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")
PREFERENCES = reverse("notifications:preferences")


def note(user, title="Projet à approuver : ménage MEN-00001", url="/menages/projets/1/", **kw):
    return Notification.objects.create(
        recipient=user,
        kind=kw.pop("kind", NotificationKind.PROJECT_TO_APPROVE),
        title=title,
        url=url,
        delivery=NotificationDelivery.DIGEST,
        **kw,
    )


@pytest.fixture
def director(client, world):
    client.force_login(world.users.mta_director)
    return world.users.mta_director


def test_the_bell_counts_the_unread_notifications_in_text(client, director, world):
    note(director)
    note(director)
    note(world.users.soliha_director)  # someone else's
    page = client.get(reverse("home")).content.decode()
    assert '2<span class="visually-hidden"> non lues</span>' in page
    assert f'href="{LIST}"' in page


def test_the_page_lists_ones_own_notifications_only(client, director, world):
    note(director, title="Projet à approuver : ménage MEN-00001")
    note(world.users.soliha_director, title="Projet à approuver : ménage MEN-00002")
    page = client.get(LIST).content.decode()
    assert "MEN-00001" in page and "MEN-00002" not in page
    assert "1 non lue" in page


def test_anothers_notification_is_404_and_stays_unread(client, director, world):
    theirs = note(world.users.soliha_director)
    for name in ("notifications:open", "notifications:read"):
        response = client.post(reverse(name, args=[theirs.pk]))
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_marks_read_and_goes_to_the_object(client, director):
    mine = note(director, url="/menages/projets/7/")
    response = client.post(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/menages/projets/7/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_an_outside_link_is_never_followed(client, director):
    mine = note(director, url="https://exemple.test/piege")
    response = client.post(reverse("notifications:open", args=[mine.pk]))
    assert response["Location"] == LIST


def test_marking_read_one_then_all(client, director):
    first, second, third = note(director), note(director), note(director)
    client.post(reverse("notifications:read", args=[first.pk]))
    assert set(Notification.objects.unread().values_list("pk", flat=True)) == {second.pk, third.pk}
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "2 notification(s) marquée(s) comme lue(s)" in response.content.decode()
    assert not Notification.objects.unread().exists()


def test_marking_read_is_a_post(client, director):
    mine = note(director)
    assert client.get(reverse("notifications:read", args=[mine.pk])).status_code == 405
    assert client.get(reverse("notifications:read_all")).status_code == 405
    mine.refresh_from_db()
    assert mine.read_at is None


def test_the_filter_shows_the_unread_ones(client, director):
    note(director, title="Lue MEN-00011", read_at="2026-01-01T10:00:00+01:00")
    note(director, title="Non lue MEN-00012")
    page = client.get(LIST, {"etat": "non-lues"}).content.decode()
    assert "MEN-00012" in page and "MEN-00011" not in page


def test_the_query_count_does_not_grow_with_rows(client, director, count_queries):
    note(director)
    few, _ = count_queries(lambda: client.get(LIST))
    for _ in range(15):
        note(director)
    many, sql = count_queries(lambda: client.get(LIST))
    assert few == many, "\n".join(sql)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302 and reverse("login") in response["Location"]


# ---------------------------------------------------------------------------- preferences
def test_defaults_ask_at_once_what_needs_an_action(world):
    chosen = preferences_of(world.users.mta_director)
    assert chosen[NotificationKind.PROJECT_TO_APPROVE] == NotificationDelivery.IMMEDIATE
    assert chosen[NotificationKind.REVIEW_DUE] == NotificationDelivery.DIGEST


def test_a_person_chooses_per_kind(client, director):
    page = client.get(PREFERENCES).content.decode()
    assert 'for="id_project_to_approve"' in page and "Projet à approuver" in page
    data = dict.fromkeys(NotificationKind.values, NotificationDelivery.DIGEST)
    data[NotificationKind.INCIDENT_REPORTED] = NotificationDelivery.NONE
    response = client.post(PREFERENCES, data)
    assert response.status_code == 302
    chosen = preferences_of(director)
    assert chosen[NotificationKind.INCIDENT_REPORTED] == NotificationDelivery.NONE
    assert chosen[NotificationKind.PROJECT_TO_APPROVE] == NotificationDelivery.DIGEST


def test_a_bad_choice_is_refused_in_french_and_changes_nothing(client, director):
    data = dict.fromkeys(NotificationKind.values, NotificationDelivery.DIGEST)
    data[NotificationKind.CASE_ASSIGNED] = "pigeon"
    response = client.post(PREFERENCES, data)
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not NotificationPreference.objects.exists()
