"""issue 19: the keys of the read API: who creates and revokes them (the service checks the
person who acts), the page « Clés d'API » and its admin, the key shown once."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from portal.api.tokens import api_token_create, api_token_revoke, digest_of
from portal.models import ApiToken


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ------------------------------------------------------------------------ the service
def test_a_director_or_department_staff_creates_a_key_stored_only_as_a_digest(world):
    row, key = api_token_create(
        organisation=world.orgs.chrs, label="Entrepôt", by=world.users.director
    )
    assert key.startswith("mlg_") and len(key) > 40
    assert row.digest == digest_of(key) and key not in (row.digest, row.hint)
    assert row.hint == key[4:12]
    assert (row.organisation, row.created_by, row.revoked_at) == (
        world.orgs.chrs,
        world.users.director,
        None,
    )
    assert row.history.get().history_user == world.users.director
    staff_row, _key = api_token_create(
        organisation=world.orgs.department, label="Infocentre", by=world.users.staff
    )
    assert staff_row.organisation == world.orgs.department


@pytest.mark.parametrize(
    ("person", "organisation"),
    [
        ("social_worker", "chrs"),  # not a director
        ("volunteer", "mta"),
        ("coordinator", "department"),  # a coordinator does not run the département
        ("partner", "commune"),
        ("outsider_director", "chrs"),  # a director of another organisation
        ("staff", "chrs"),  # department staff, for a structure they do not belong to
    ],
)
def test_nobody_else_creates_a_key(world, person, organisation):
    with pytest.raises(PermissionDenied):
        api_token_create(
            organisation=getattr(world.orgs, organisation),
            label="Clé",
            by=getattr(world.users, person),
        )
    assert not ApiToken.objects.exists()


def test_a_key_needs_a_label(world):
    with pytest.raises(ValidationError) as error:
        api_token_create(organisation=world.orgs.chrs, label="  ", by=world.users.director)
    assert error.value.message_dict == {
        "label": ["Donnez un libellé à la clé (par exemple le système qui l'utilise)."]
    }


def test_only_the_organisations_runners_revoke_a_key_and_only_once(world):
    row, _key = api_token_create(organisation=world.orgs.chrs, label="BI", by=world.users.director)
    for person in (world.users.social_worker, world.users.outsider_director, world.users.staff):
        with pytest.raises(PermissionDenied):
            api_token_revoke(token=row, by=person)
    api_token_revoke(token=row, by=world.users.director)
    row.refresh_from_db()
    assert row.revoked_at is not None and row.revoked_by == world.users.director
    with pytest.raises(ValidationError) as error:
        api_token_revoke(token=row, by=world.users.director)
    assert error.value.messages == ["Cette clé est déjà révoquée."]


# ------------------------------------------------------------------------ the page
def test_the_page_creates_a_key_and_shows_it_once(world):
    client = _client(world.users.director)
    url = reverse("portal:api_tokens")
    page = client.get(url)
    assert page.status_code == 200
    assert "Créer une clé" in page.content.decode()
    response = client.post(url, {"organisation": world.orgs.chrs.pk, "label": "Infocentre"})
    # Post/Redirect/Get: the answer to the creation is a redirect to the page itself.
    assert response.status_code == 302 and response["Location"] == url
    row = ApiToken.objects.get()
    body = client.get(url).content.decode()
    key = (
        body.split('id="nouvelle-cle" class="form-control font-monospace" type="text" readonly')[1]
        .split('value="')[1]
        .split('"')[0]
    )
    assert digest_of(key) == row.digest
    assert "Votre nouvelle clé" in body
    again = client.get(url).content.decode()
    assert key not in again and f"mlg_{row.hint}…" in again and "Infocentre" in again
    assert "Votre nouvelle clé" not in again


def test_reloading_the_page_after_creating_a_key_does_not_create_a_second_one(world):
    """Reloading after the creation reloads the redirected GET, not the POST: one key only."""
    client = _client(world.users.director)
    url = reverse("portal:api_tokens")
    response = client.post(
        url, {"organisation": world.orgs.chrs.pk, "label": "Infocentre"}, follow=True
    )
    assert response.redirect_chain == [(url, 302)]
    assert response.request["REQUEST_METHOD"] == "GET"
    assert "Votre nouvelle clé" in response.content.decode()
    # What the browser does on « Recharger »: repeat the last request, a GET.
    reloaded = client.get(url)
    assert reloaded.status_code == 200
    assert "Votre nouvelle clé" not in reloaded.content.decode()
    assert ApiToken.objects.count() == 1


def test_the_page_refuses_an_empty_label_and_another_organisation(world):
    client = _client(world.users.director)
    url = reverse("portal:api_tokens")
    response = client.post(url, {"organisation": world.orgs.chrs.pk, "label": ""})
    assert response.status_code == 400
    response = client.post(url, {"organisation": world.orgs.other.pk, "label": "Vol"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("person", ["social_worker", "volunteer", "coordinator", "partner"])
def test_the_page_is_for_the_people_who_run_an_organisation(world, person):
    client = _client(getattr(world.users, person))
    assert client.get(reverse("portal:api_tokens")).status_code == 404
    home = client.get(reverse("home")).content.decode()
    assert "Clés d’API" not in home
    assert "Clés d’API" in _client(world.users.director).get(reverse("home")).content.decode()


def test_a_key_is_revoked_from_the_page_and_only_by_its_organisation(world):
    row, _key = api_token_create(organisation=world.orgs.chrs, label="BI", by=world.users.director)
    url = reverse("portal:api_token_revoke", args=[row.pk])
    assert _client(world.users.outsider_director).post(url).status_code == 404
    assert _client(world.users.social_worker).post(url).status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None
    response = _client(world.users.director).post(url, follow=True)
    assert "La clé « BI » est révoquée : elle ne répond plus." in response.content.decode()
    row.refresh_from_db()
    assert row.revoked_by == world.users.director
    # Another organisation's keys are not listed.
    other, _ = api_token_create(
        organisation=world.orgs.other, label="Clé de B", by=world.users.outsider_director
    )
    page = _client(world.users.director).get(reverse("portal:api_tokens")).content.decode()
    assert "Clé de B" not in page and other.hint not in page


# ------------------------------------------------------------------------ the admin
def test_the_admin_shows_the_keys_read_only_and_revokes_through_the_service(world):
    mine, _ = api_token_create(organisation=world.orgs.chrs, label="BI", by=world.users.director)
    theirs, _ = api_token_create(
        organisation=world.orgs.other, label="Clé de B", by=world.users.outsider_director
    )
    director = world.users.director
    director.is_staff = True
    director.save()
    client = _client(director)
    changelist = reverse("admin:portal_apitoken_changelist")
    page = client.get(changelist).content.decode()
    assert "BI" in page and "Clé de B" not in page
    assert client.get(reverse("admin:portal_apitoken_change", args=[theirs.pk])).status_code == 404
    detail = client.get(reverse("admin:portal_apitoken_change", args=[mine.pk])).content.decode()
    assert mine.digest not in detail
    # Keys are created on the page (shown once there), never in the admin.
    assert client.get(reverse("admin:portal_apitoken_add")).status_code == 404
    client.post(
        changelist,
        {"action": "revoke", ACTION_CHECKBOX_NAME: [mine.pk, theirs.pk]},
    )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_by == director
    assert theirs.revoked_at is None
