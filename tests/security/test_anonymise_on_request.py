"""issue 8, rights of the person: a household asks for the erasure of its data (RGPD art. 17);
the referent structure's director anonymises it at once, before the end of the retention
period, with a written reason kept in the access log."""

import pytest
from django.urls import reverse

from households.enums import AuditAction, ProjectStatus
from households.models import AuditEntry, Contact, Document, Household, Member
from partnerships.security.policy import AUTH_AT

pytestmark = pytest.mark.django_db

REASON = "Demande écrite d'effacement reçue le 20/11/2026"


def url(household) -> str:
    return reverse("rgpd:anonymise", args=[household.pk])


def test_the_director_anonymises_a_household_on_its_request(client, world, ended):
    client.force_login(world.users.director)
    page = client.get(ended.get_absolute_url())
    assert url(ended) in page.content.decode()
    response = client.post(url(ended), {"reason": REASON, "confirm": ended.reference.lower()})
    assert response.status_code == 302
    ended.refresh_from_db()
    assert ended.anonymised_at is not None
    assert not Member.objects.filter(household=ended, last_name="Tartempion").exists()
    assert not Document.objects.filter(household=ended).exists()
    assert not Contact.objects.filter(project__household=ended).exclude(summary="").exists()
    entry = AuditEntry.objects.get(household=ended, action=AuditAction.ANONYMISED)
    assert entry.user == world.users.director
    assert entry.detail == f"Sur demande : {REASON}"
    # The household and its counts stay: one closed project, two members.
    assert ended.projects.filter(status=ProjectStatus.CLOSED).count() == 1
    assert ended.members.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "", "confirm": "x"}, "Indiquez le motif"),
        ({"reason": REASON, "confirm": "MEN-0000"}, "ne correspond pas"),
        ({"reason": REASON}, "Recopiez la référence"),
    ],
)
def test_bad_input_is_a_french_message_and_nothing_is_erased(
    client,
    world,
    ended,
    data,
    message,
):
    client.force_login(world.users.director)
    response = client.post(url(ended), data)
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert Household.objects.get(pk=ended.pk).anonymised_at is None
    assert Member.objects.filter(household=ended, last_name="Tartempion").count() == 2


def test_an_open_accompaniment_must_be_closed_first(client, world, asrl_project):
    household = asrl_project.household
    client.force_login(world.users.director)
    response = client.post(url(household), {"reason": REASON, "confirm": household.reference})
    assert "clôturez-le avant" in response.content.decode()
    assert Household.objects.get(pk=household.pk).anonymised_at is None


@pytest.mark.parametrize("who", ["social_worker", "coordinator", "outsider_director", "staff"])
def test_only_the_referent_structure_director_may_anonymise(client, world, ended, who):
    client.force_login(getattr(world.users, who))
    assert client.get(url(ended)).status_code == 404
    response = client.post(url(ended), {"reason": REASON, "confirm": ended.reference})
    assert response.status_code == 404
    assert Household.objects.get(pk=ended.pk).anonymised_at is None


def test_a_stale_session_confirms_the_password_first(client, world, ended):
    client.force_login(world.users.director)
    session = client.session
    session[AUTH_AT] -= 16 * 60
    session.save()
    response = client.post(url(ended), {"reason": REASON, "confirm": ended.reference})
    assert response["Location"].startswith(reverse("security:reauth"))
    assert Household.objects.get(pk=ended.pk).anonymised_at is None
