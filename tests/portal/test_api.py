"""issue 19, the read API: keys, French errors, read-only, pagination, the date-of-change
filter, the rate limit, the journal of calls, the figures that never name a household, the
OpenAPI schema, and lists whose query count does not grow with their rows."""

import datetime as dt
import itertools
import json

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openapi_spec_validator import validate

from portal.api.tokens import api_token_revoke
from portal.models import ApiCall
from tests.funding.factories import GrantFactory, GrantYearFactory, InstalmentFactory
from tests.governance.factories import CommitteeFactory, DecisionFactory, MeetingFactory
from tests.partnerships.factories import ConventionFactory, ConventionPartyFactory
from tests.portal.conftest import ApiClient, households_under

LISTS = [
    "conventions",
    "subventions",
    "versements",
    "instances",
    "decisions",
    "chiffres/menages/conventions",
    "chiffres/menages/territoires",
]
UNAUTHORISED = (
    "Clé d'API absente, inconnue ou révoquée : envoyez l'en-tête « Authorization: Bearer "
    "<clé> » avec une clé active de votre organisation."
)


# ------------------------------------------------------------------------ keys and errors
@pytest.mark.parametrize("resource", LISTS)
def test_without_a_key_or_with_a_wrong_one_the_api_answers_401_in_french(api_scene, resource):
    for key in (None, "mlg_inconnue", "pas-une-cle", api_scene.a_key[:-1]):
        response = ApiClient(key).get(f"/api/v1/{resource}")
        assert response.status_code == 401
        assert response.json() == {"detail": UNAUTHORISED}
        assert response["WWW-Authenticate"] == 'Bearer realm="maillage"'


def test_a_session_is_not_a_key(world, api_scene):
    """A person logged in to the pages reads nothing through the API without a key."""
    client = ApiClient(None)
    client.client.force_login(world.users.staff)
    assert client.get("/api/v1/conventions").status_code == 401


def test_a_revoked_key_stops_answering_at_once(world, api_scene):
    client = ApiClient(api_scene.b_key)
    assert client.get("/api/v1/conventions").status_code == 200
    api_token_revoke(token=api_scene.b_token, by=world.users.outsider_director)
    assert client.get("/api/v1/conventions").status_code == 401


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_only_reads_other_methods_answer_405(api_scene, method):
    client = ApiClient(api_scene.a_key).client
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_scene.a_key}"}
    for path in ("/api/v1/conventions", f"/api/v1/conventions/{api_scene.a.convention.pk}"):
        response = getattr(client, method)(path, **auth)
        assert response.status_code == 405
        assert response.json() == {"detail": "Méthode refusée : l'API se lit seulement (GET)."}
        assert response["Allow"] == "GET"


def test_bad_parameters_answer_400_with_a_french_message(api_scene):
    client = ApiClient(api_scene.a_key)
    response = client.get("/api/v1/conventions", {"limite": 500})
    assert response.status_code == 400
    assert response.json() == {"detail": "Paramètres invalides : « limite » doit être au plus 100."}
    response = client.get("/api/v1/conventions", {"modifie_depuis": "hier"})
    assert response.status_code == 400
    assert "« modifie_depuis » doit être une date et heure ISO 8601" in response.json()["detail"]
    assert client.get("/api/v1/conventions/abc").status_code in (400, 404)


# ------------------------------------------------------------------------ pagination
def test_lists_are_paginated_with_a_total_and_a_maximum_of_100(world, api_scene):
    for number in range(7):
        convention = ConventionFactory(reference=f"PAGE-{number}")
        ConventionPartyFactory(convention=convention, organisation=world.orgs.department)
    client = ApiClient(api_scene.a_key)
    everything = client.get("/api/v1/conventions").json()
    total = everything["total"]
    assert total == len(everything["resultats"]) == 9  # ASRL, the CPOM and seven more
    first = client.get("/api/v1/conventions", {"limite": 4}).json()
    second = client.get("/api/v1/conventions", {"limite": 4, "decalage": 4}).json()
    third = client.get("/api/v1/conventions", {"limite": 4, "decalage": 8}).json()
    assert first["total"] == second["total"] == third["total"] == total
    pages = [r["id"] for page in (first, second, third) for r in page["resultats"]]
    assert [len(p["resultats"]) for p in (first, second, third)] == [4, 4, 1]
    assert pages == [r["id"] for r in everything["resultats"]] == sorted(pages)
    assert client.get("/api/v1/conventions", {"limite": 100}).status_code == 200
    assert client.get("/api/v1/conventions", {"limite": 0}).status_code == 400


# ------------------------------------------------------------------------ date of change
def test_modifie_depuis_returns_what_changed_since_for_synchronisation(world, api_scene):
    client = ApiClient(api_scene.a_key)
    since = timezone.now()
    for resource in ("conventions", "subventions", "versements", "instances", "decisions"):
        assert (
            client.get(f"/api/v1/{resource}", {"modifie_depuis": since.isoformat()}).json()[
                "resultats"
            ]
            == []
        ), resource

    a = api_scene.a
    a.convention.title = "Accompagnement social lié au logement"
    a.convention.save()
    a.instalment.mandate_reference = "M-2024-001"
    a.instalment.save()
    a.committee.chair = "Le Président du Conseil départemental"
    a.committee.save()
    a.decision.title = "Délibération 2023-121"
    a.decision.save()
    # A child's change brings its parent: a yearly amount brings the grant.
    year = a.grant.years.order_by("year").first()
    year.amount = 21000
    year.save()

    def changed(resource):
        body = client.get(f"/api/v1/{resource}", {"modifie_depuis": since.isoformat()}).json()
        return [(r["id"], r["modifie_le"] is not None) for r in body["resultats"]]

    assert changed("conventions") == [(a.convention.pk, True)]
    assert changed("subventions") == [(a.grant.pk, True)]
    assert changed("versements") == [(a.instalment.pk, True)]
    assert changed("instances") == [(a.committee.pk, True)]
    assert changed("decisions") == [(a.decision.pk, True)]
    body = client.get("/api/v1/subventions", {"modifie_depuis": since.isoformat()}).json()
    assert dt.datetime.fromisoformat(body["resultats"][0]["modifie_le"]) >= since

    # A party added to the CPOM brings the CPOM.
    later = timezone.now()
    ConventionPartyFactory(convention=a.grant.convention, organisation=world.orgs.siao)
    body = client.get("/api/v1/conventions", {"modifie_depuis": later.isoformat()}).json()
    assert [r["id"] for r in body["resultats"]] == [a.grant.convention_id]


# ------------------------------------------------------------------------ rate limit
@override_settings(MAILLAGE_API_RATE_PER_MINUTE=3)
def test_a_key_makes_at_most_its_rate_per_minute_then_429_with_retry_after(api_scene):
    client = ApiClient(api_scene.a_key)
    assert [client.get("/api/v1/instances").status_code for _ in range(3)] == [200] * 3
    response = client.get("/api/v1/instances")
    assert response.status_code == 429
    retry = int(response["Retry-After"])
    assert 1 <= retry <= 60
    assert response.json() == {
        "detail": f"Trop d'appels : 3 par minute au plus pour une clé. "
        f"Réessayez dans {retry} secondes."
    }
    # Another organisation's key has its own count.
    assert ApiClient(api_scene.b_key).get("/api/v1/instances").status_code == 200


# ------------------------------------------------------------------------ journal
def test_every_call_is_logged_with_its_key_status_and_duration(world, api_scene):
    ApiCall.objects.all().delete()
    ApiClient(api_scene.a_key).get("/api/v1/conventions", {"limite": 2})
    ApiClient(api_scene.a_key).get(f"/api/v1/conventions/{api_scene.b.convention.pk}")
    ApiClient(None).get("/api/v1/versements")
    ApiClient(api_scene.a_key).post("/api/v1/decisions")
    calls = list(ApiCall.objects.order_by("pk"))
    assert [(c.method, c.path, c.query, c.status) for c in calls] == [
        ("GET", "/api/v1/conventions", "limite=2", 200),
        ("GET", f"/api/v1/conventions/{api_scene.b.convention.pk}", "", 404),
        ("GET", "/api/v1/versements", "", 401),
        ("POST", "/api/v1/decisions", "", 405),
    ]
    # A refused method is answered before the key is read: logged without it.
    assert [c.organisation_id for c in calls] == [world.orgs.department.pk] * 2 + [None, None]
    assert calls[2].token is None
    assert all(c.duration_ms >= 0 and c.at for c in calls)
    key = calls[0].token
    key.refresh_from_db()
    assert key.last_used_at is not None


# ------------------------------------------------------------------------ household figures
def test_household_figures_are_counts_and_small_ones_read_below_5(world, api_scene):
    """docs/api.md: a count from 1 to 4 is answered "<5"; 0 stays 0; never a name."""
    convention = api_scene.a.convention
    client = ApiClient(api_scene.a_key)
    households_under(world, convention, 3)
    url = f"/api/v1/chiffres/menages/conventions/{convention.pk}"
    body = client.get(url, {"annee": 2024}).json()
    assert body == {
        "convention_id": convention.pk,
        "reference": "ASRL-2019",
        "intitule": convention.title,
        "annee": 2024,
        "menages": "<5",
        "projets": "<5",
        "projets_commences": "<5",
        "projets_clos": 0,
    }
    households_under(world, convention, 4)
    body = client.get(url, {"annee": 2024}).json()
    assert (body["menages"], body["projets"], body["projets_commences"]) == (7, 7, 7)
    # Another year: none ran.
    assert client.get(url, {"annee": 2020}).json()["menages"] == 0
    territories = client.get("/api/v1/chiffres/menages/territoires", {"annee": 2024}).json()
    assert [(r["territoire"], r["menages"]) for r in territories["resultats"]] == [("Arras", 7)]
    text = json.dumps([body, territories])
    from households.models import Household

    for household in Household.objects.all():
        assert household.reference not in text
        assert household.members.exists() is False or all(
            m.last_name not in text for m in household.members.all()
        )


# ------------------------------------------------------------------------ schema and docs
def test_the_openapi_schema_is_valid_and_public(api_scene):
    response = ApiClient(None).get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["info"]["title"] == "Maillage — API de lecture"
    paths = schema["paths"]
    for resource in LISTS:
        assert f"/api/v1/{resource}" in paths
        assert set(paths[f"/api/v1/{resource}"]) == {"get"}
    parameters = {p["name"] for p in paths["/api/v1/conventions"]["get"]["parameters"]}
    assert {"limite", "decalage", "modifie_depuis", "statut"} <= parameters
    assert schema["components"]["securitySchemes"]["KeyAuth"]["scheme"] == "bearer"


def test_the_documentation_page_loads_nothing_from_another_site(api_scene):
    response = ApiClient(None).get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "http://" not in page and "https://" not in page and "//cdn" not in page
    from django.contrib.staticfiles import finders

    assert finders.find("ninja/swagger-ui-bundle.js")
    assert finders.find("ninja/swagger-ui.css")


# ------------------------------------------------------------------------ query counts
NUMBERS = itertools.count()


def _add_rows(world, number: int):
    for _ in range(number):
        convention = ConventionFactory()
        for organisation in (world.orgs.department, world.orgs.fas):
            ConventionPartyFactory(convention=convention, organisation=organisation)
        convention.territories.add(world.territories.arras)
        grant = GrantFactory(
            convention=convention, funder=world.orgs.department, beneficiary=world.orgs.fas
        )
        GrantYearFactory(grant=grant, year=2024)
        GrantYearFactory(grant=grant, year=2025)
        InstalmentFactory(grant=grant, year=2024)
        committee = CommitteeFactory(convention=convention, organisation=world.orgs.department)
        DecisionFactory(meeting=MeetingFactory(committee=committee), number=f"Q-{next(NUMBERS)}")
        households_under(world, convention, 1)


@pytest.mark.parametrize("resource", LISTS)
def test_a_list_costs_the_same_queries_whatever_its_rows(world, api_scene, resource):
    client = ApiClient(api_scene.a_key)
    client.get(f"/api/v1/{resource}")  # the key's last call is written once a minute

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/api/v1/{resource}", {"annee": 2024})
        assert response.status_code == 200
        return len(captured.captured_queries)

    _add_rows(world, 1)
    few = queries()
    _add_rows(world, 6)
    assert queries() == few
    assert few <= 8


def test_the_journal_is_kept_as_long_as_the_access_log(api_scene, settings):
    from portal.management.commands.purge_api_calls import purge_api_calls

    ApiCall.objects.all().delete()
    ApiClient(api_scene.a_key).get("/api/v1/instances")
    ApiClient(api_scene.a_key).get("/api/v1/decisions")
    old, recent = ApiCall.objects.order_by("pk")
    old.at = timezone.now() - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS + 1)
    old.save()
    assert purge_api_calls() == 1
    assert list(ApiCall.objects.all()) == [recent]
