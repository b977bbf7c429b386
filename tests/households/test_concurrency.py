"""issue 8, concurrency: two people saving the same household or project from stale copies.
The second gets a clear conflict in French, nothing is lost: the first save stays, the second
person's input is given back to them with the version now stored."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from households import services
from households.enums import PriorityCriterion, ProjectStatus
from households.models import Closure, Household, Review
from households.services import EditConflict
from tests.households.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def logged(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def situation(household, **changes) -> dict:
    data = {
        "version": household.version,
        "housing_situation": "hosted",
        "priorities": [],
        "informed_on": "2024-01-15",
    }
    return data | changes


def test_two_stale_saves_of_a_household_the_second_gets_a_conflict(world, household):
    url = reverse("households:household_edit", args=[household.pk])
    camille, dominique = logged(world.users.social_worker), logged(world.users.director)
    # Both open the form on version 1.
    assert camille.get(url).status_code == dominique.get(url).status_code == 200
    first = camille.post(url, situation(household, housing_situation="homeless"))
    assert first.status_code == 302
    second = dominique.post(
        url,
        situation(household, housing_situation="eviction_threat", priorities=["single_parent"]),
    )
    page = second.content.decode().replace("&#x27;", "'")
    assert second.status_code == 400
    assert f"Le ménage {household.reference} a été modifié par Camille" in page
    assert "Rien n'a été enregistré et votre saisie est conservée" in page
    assert "Enregistré actuellement : Sans domicile" in page
    # The first save stays, whole.
    stored = Household.objects.get(pk=household.pk)
    assert (stored.housing_situation, stored.version) == ("homeless", 2)
    assert not stored.priorities.exists()
    # The second person's input is given back, with the version now stored...
    assert 'value="eviction_threat" selected' in page or 'value="eviction_threat"\n' in page
    assert 'name="version" value="2"' in page
    # ... so that saving again, having seen the other change, is a deliberate choice.
    again = dominique.post(
        url,
        situation(stored, housing_situation="eviction_threat", priorities=["single_parent"]),
    )
    assert again.status_code == 302
    stored.refresh_from_db()
    assert (stored.housing_situation, stored.version) == ("eviction_threat", 3)
    assert list(stored.priorities.values_list("criterion", flat=True)) == [
        PriorityCriterion.SINGLE_PARENT
    ]


def test_a_form_without_its_version_is_refused_in_french(world, household):
    url = reverse("households:household_edit", args=[household.pk])
    data = situation(household, housing_situation="homeless")
    del data["version"]
    response = logged(world.users.social_worker).post(url, data)
    assert "Le formulaire est incomplet : rechargez la page" in response.content.decode()
    assert Household.objects.get(pk=household.pk).housing_situation != "homeless"


def test_stale_situation_update_in_the_service_changes_nothing(world, household):
    before = (household.housing_situation, household.informed_on)
    stale = household.version
    services.household_update_situation(
        household=Household.objects.get(pk=household.pk),
        by=world.users.social_worker,
        version=stale,
        housing_situation="homeless",
        priorities=[],
        informed_on=dt.date(2024, 1, 15),
    )
    with pytest.raises(EditConflict):
        services.household_update_situation(
            household=Household.objects.get(pk=household.pk),
            by=world.users.director,
            version=stale,
            housing_situation="hosted",
            priorities=["single_parent"],
            informed_on=None,
        )
    stored = Household.objects.get(pk=household.pk)
    assert (stored.housing_situation, stored.informed_on) != before
    assert (stored.housing_situation, stored.informed_on) == ("homeless", dt.date(2024, 1, 15))
    assert not stored.priorities.exists()
    assert stored.history.count() == 2  # created, then the one save that went through


def closing(project, **changes) -> dict:
    data = {
        "version": project.version,
        "closed_on": "2020-03-01",
        "outcome": "housed",
        "comment": "",
    }
    return data | changes


def test_two_stale_closures_of_a_project_record_one(world, asrl_project):
    url = reverse("households:project_close", args=[asrl_project.pk])
    first = logged(world.users.social_worker).post(url, closing(asrl_project, comment="Relogée"))
    assert first.status_code == 302
    second = logged(world.users.director).post(url, closing(asrl_project, comment="Autre issue"))
    page = second.content.decode().replace("&#x27;", "'")
    assert "Le projet d'accompagnement a été modifié par Camille" in page
    assert "Autre issue" in page  # the second person's text is still in the form
    assert list(Closure.objects.values_list("comment", flat=True)) == ["Relogée"]


def test_two_stale_reviews_of_a_project_record_one(world, asrl_project):
    # seed 004 §4: the intermediate review at 3 months — recorded once, not twice.
    url = reverse("households:review_add", args=[asrl_project.pk])
    data = {
        "version": asrl_project.version,
        "kind": "intermediate",
        "held_on": "2020-01-02",
        "assessment": "Démarches engagées.",
        "recommendation": "continue",
    }
    assert logged(world.users.social_worker).post(url, data).status_code == 302
    second = logged(world.users.director).post(url, data)
    assert second.status_code == 400
    assert "a été modifié" in second.content.decode()
    assert Review.objects.filter(project=asrl_project).count() == 1


def test_a_stale_renewal_is_refused_with_a_message(world, household):
    asrl_project = ProjectFactory(
        household=household,
        programme=world.asrl,
        operator=world.orgs.chrs,
        referent=world.users.social_worker,
        start_date=dt.date(2019, 10, 1),
        in_review=True,
    )
    stale = asrl_project.version
    asrl_project.version += 1  # someone else's change since the page was opened
    asrl_project.save()
    response = logged(world.users.social_worker).post(
        reverse("households:project_renew", args=[asrl_project.pk]),
        {"version": stale},
        follow=True,
    )
    assert "a été modifié" in response.content.decode()
    asrl_project.refresh_from_db()
    assert (asrl_project.renewals_used, asrl_project.status) == (0, ProjectStatus.IN_REVIEW)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="verrous de lignes réels : PostgreSQL seulement"
)
def test_two_simultaneous_saves_of_a_household_let_exactly_one_through(world, household):
    """On two real PostgreSQL connections: the conditional UPDATE of the first holds the row;
    the second, from the same version, waits, then matches no row and conflicts."""
    version = household.version
    first_updated = threading.Event()
    results: dict[str, object] = {}

    def save(name: str, situation_: str, user, hold: bool) -> None:
        try:
            with transaction.atomic():
                services.household_update_situation(
                    household=Household.objects.get(pk=household.pk),
                    by=user,
                    version=version,
                    housing_situation=situation_,
                    priorities=[],
                    informed_on=None,
                )
                if hold:
                    first_updated.set()
                    threading.Event().wait(0.5)
            results[name] = "ok"
        except EditConflict as error:
            results[name] = error
        finally:
            first_updated.set()
            connections.close_all()

    first = threading.Thread(
        target=save, args=("first", "homeless", world.users.social_worker, True)
    )
    first.start()
    first_updated.wait(5)
    second = threading.Thread(target=save, args=("second", "hosted", world.users.director, False))
    second.start()
    first.join(10)
    second.join(10)
    assert results["first"] == "ok"
    assert isinstance(results["second"], EditConflict)
    stored = Household.objects.get(pk=household.pk)
    assert (stored.housing_situation, stored.version) == ("homeless", version + 1)


def _admin_form(user, household, **changes):
    """The admin's own change form of the household, as a director would send it."""
    from django.contrib import admin
    from django.forms.models import model_to_dict
    from django.test import RequestFactory

    model_admin = admin.site._registry[Household]
    request = RequestFactory().post("/")
    request.user = user
    form_class = model_admin.get_form(request, household, change=True)
    data = model_to_dict(household, fields=form_class.base_fields) | changes
    return form_class(data=data, instance=household)


def test_a_stale_change_in_the_admin_is_refused_and_changes_nothing(world, household):
    director = world.users.director
    director.is_staff = True
    director.save()
    seen = household.version
    services.household_update_situation(
        household=Household.objects.get(pk=household.pk),
        by=world.users.social_worker,
        version=seen,
        housing_situation="homeless",
        priorities=[],
        informed_on=None,
    )
    stale = _admin_form(
        director, Household.objects.get(pk=household.pk), seen_version=seen, informed_on=""
    )
    assert not stale.is_valid()
    assert "a été modifiée par Camille" in str(stale.non_field_errors())
    blind = _admin_form(director, Household.objects.get(pk=household.pk), seen_version="")
    assert not blind.is_valid()
    assert "Le formulaire est incomplet" in str(blind.non_field_errors())
    fresh = _admin_form(
        director,
        Household.objects.get(pk=household.pk),
        seen_version=seen + 1,
        housing_situation="hosted",
    )
    assert fresh.is_valid(), fresh.errors
    fresh.save()
    stored = Household.objects.get(pk=household.pk)
    assert (stored.housing_situation, stored.version) == ("hosted", seen + 2)
