"""issue 19: a key reads exactly what its organisation's people read in the pages.

For each resource of the API, and each organisation's key:
- the list holds the objects `visible_to` gives the organisation's director (or department
  staff), the querysets the pages use, and nothing more;
- no object is listed that none of the organisation's people sees through the pages' own
  querysets;
- another organisation's object is absent from the list and answers 404 on its detail, as
  its page answers 404 to the organisation's people.
"""

import pytest
from django.test import Client
from django.urls import reverse

from funding.models import Grant, Instalment
from governance.models import Committee, Decision
from partnerships.models import Convention, Membership, Organisation
from tests.portal.conftest import ApiClient, households_under

RESOURCES = {
    # API list path: (model, the object's page of the same organisation's pages)
    "conventions": (Convention, lambda o: reverse("partnerships:convention_detail", args=[o.pk])),
    "subventions": (Grant, lambda o: reverse("funding:grant_detail", args=[o.pk])),
    "versements": (Instalment, lambda o: reverse("funding:instalment_detail", args=[o.pk])),
    "instances": (Committee, lambda o: reverse("governance:committee_detail", args=[o.pk])),
    "decisions": (
        Decision,
        lambda o: reverse("governance:meeting_detail", args=[o.meeting_id]),
    ),
    "chiffres/menages/conventions": (
        Convention,
        lambda o: reverse("partnerships:convention_detail", args=[o.pk]),
    ),
}
FIELD = {
    "conventions": "convention",
    "subventions": "grant",
    "versements": "instalment",
    "instances": "committee",
    "decisions": "decision",
    "chiffres/menages/conventions": "convention",
}


def _ids(response) -> set[int]:
    body = response.json()
    assert response.status_code == 200, body
    # The figures name their convention by `convention_id`, the other resources by `id`.
    return {row.get("id", row.get("convention_id")) for row in body["resultats"]}


def _people(organisation: Organisation) -> list:
    members = Membership.objects.active().filter(organisation=organisation)
    return [m.user for m in members.select_related("user")]


@pytest.mark.parametrize("resource", list(RESOURCES))
@pytest.mark.parametrize(
    ("side", "key", "runner"),
    [("a", "a_key", "staff"), ("b", "b_key", "outsider_director")],
)
def test_a_key_lists_what_its_organisation_sees_in_the_pages(
    world, api_scene, resource, side, key, runner
):
    model, _page = RESOURCES[resource]
    organisation = world.orgs.department if side == "a" else world.orgs.other
    listed = _ids(ApiClient(getattr(api_scene, key)).get(f"/api/v1/{resource}", {"limite": 100}))
    # What the person who runs the organisation sees in the pages: exactly the list.
    runs_it = getattr(world.users, runner)
    assert listed == set(model.objects.visible_to(runs_it).values_list("pk", flat=True))
    # Nothing that none of the organisation's people sees in the pages.
    seen = set()
    for person in _people(organisation):
        seen |= set(model.objects.visible_to(person).values_list("pk", flat=True))
    assert listed <= seen
    assert listed, "la preuve ne vaut rien sur une liste vide"


@pytest.mark.parametrize("resource", list(RESOURCES))
@pytest.mark.parametrize(("reader", "owner"), [("a", "b"), ("b", "a")])
def test_another_organisations_object_is_absent_and_answers_404(
    world, api_scene, resource, reader, owner
):
    client = ApiClient(getattr(api_scene, f"{reader}_key"))
    theirs = getattr(getattr(api_scene, owner), FIELD[resource])
    mine = getattr(getattr(api_scene, reader), FIELD[resource])

    listed = _ids(client.get(f"/api/v1/{resource}", {"limite": 100}))
    assert theirs.pk not in listed
    assert mine.pk in listed

    response = client.get(f"/api/v1/{resource}/{theirs.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Introuvable dans le périmètre de votre organisation."}
    assert client.get(f"/api/v1/{resource}/{mine.pk}").status_code == 200

    # The pages answer the same to the organisation's people.
    _model, page = RESOURCES[resource]
    runner = world.users.staff if reader == "a" else world.users.outsider_director
    browser = Client()
    browser.force_login(runner)
    assert browser.get(page(theirs)).status_code == 404


def test_the_figures_by_territory_count_only_under_the_conventions_the_key_sees(world, api_scene):
    households_under(world, api_scene.b.convention, 6)
    b_rows = ApiClient(api_scene.b_key).get("/api/v1/chiffres/menages/territoires", {"annee": 2024})
    a_rows = ApiClient(api_scene.a_key).get("/api/v1/chiffres/menages/territoires", {"annee": 2024})
    assert [(r["territoire"], r["menages"]) for r in b_rows.json()["resultats"]] == [("Arras", 6)]
    # The Département is no party to B's mediation convention: none of its households.
    assert a_rows.json() == {"total": 0, "resultats": []}
