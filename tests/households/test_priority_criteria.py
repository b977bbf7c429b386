"""The priority criteria of a household (seed 004 §1) and their copy on the household
(issue 15): every door that writes the criteria writes the copy, the household list filters
and shows them from it, and a list sorted by commune pages without overlap."""

import datetime as dt

import pytest
from django.urls import reverse

from common.pages import StableOrdering
from households import services
from households.enums import HousingSituation, PriorityCriterion, Relationship
from households.models import Household, HouseholdPriority, priority_codes
from tests.households.factories import HouseholdFactory, MemberFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LIST = reverse("households:household_list")


def rows_of(household: Household) -> set[str]:
    return set(
        HouseholdPriority.objects.filter(household=household).values_list("criterion", flat=True)
    )


def copy_of(household: Household) -> str:
    return Household.objects.values_list("priority_criteria", flat=True).get(pk=household.pk)


def test_the_copy_names_each_criterion_between_bars_in_order():
    assert priority_codes(["single_parent", "eviction", "eviction"]) == "|eviction|single_parent|"
    assert priority_codes([]) == ""


def test_a_household_created_with_criteria_keeps_their_copy(world):
    # seed 004 §1: priority publics, among them single-parent families and evictions
    household = services.household_create(
        by=world.users.social_worker,
        organisation=world.orgs.chrs,
        territory=world.territories.arras,
        housing_situation=HousingSituation.EVICTION_THREAT,
        priorities=[PriorityCriterion.SINGLE_PARENT, PriorityCriterion.EVICTION],
    )
    assert rows_of(household) == {"single_parent", "eviction"}
    assert copy_of(household) == "|eviction|single_parent|"


def test_the_situation_form_changes_the_criteria_and_their_copy(world, household):
    services.set_priorities(household, ["domestic_violence", "eviction"])
    services.household_update_situation(
        household=Household.objects.get(pk=household.pk),
        by=world.users.social_worker,
        version=household.version,
        housing_situation=HousingSituation.HOSTED,
        priorities=["eviction", "young_institutional"],
        informed_on=None,
    )
    assert rows_of(household) == {"eviction", "young_institutional"}
    assert copy_of(household) == "|eviction|young_institutional|"
    services.household_update_situation(
        household=Household.objects.get(pk=household.pk),
        by=world.users.social_worker,
        version=household.version + 1,
        housing_situation=HousingSituation.HOSTED,
        priorities=[],
        informed_on=None,
    )
    assert rows_of(household) == set()
    assert copy_of(household) == ""


def test_an_import_writes_the_copy_of_new_and_updated_households(world, household):
    services.set_priorities(household, ["eviction"])
    household.source_reference = "A-1"
    household.save(update_fields=["source_reference"])
    created = services.households_import(
        by=world.users.social_worker,
        organisation=world.orgs.chrs,
        lines=[
            services.HouseholdLine(
                source_reference="B-2",
                territory_id=world.territories.arras.pk,
                housing_situation=HousingSituation.HOSTED,
                informed_on=None,
                priorities=frozenset({"single_parent", "domestic_violence"}),
                members=[services.MemberLine("Ana", "Sol", dt.date(1990, 1, 1), Relationship.HEAD)],
            ),
            services.HouseholdLine(
                source_reference="A-1",
                territory_id=household.territory_id,
                housing_situation=household.housing_situation,
                informed_on=household.informed_on,
                priorities=frozenset({"single_parent"}),
                pk=household.pk,
            ),
        ],
    )
    (new,) = created
    assert copy_of(new) == "|domestic_violence|single_parent|" == priority_codes(rows_of(new))
    assert rows_of(household) == {"single_parent"}
    assert copy_of(household) == "|single_parent|"


def _chrs_household(world, criteria=(), situation=HousingSituation.HOSTED, territory=None):
    household = HouseholdFactory(
        organisation=world.orgs.chrs,
        territory=territory or world.territories.arras,
        housing_situation=situation,
    )
    services.set_priorities(household, criteria)
    return household


def test_the_list_filters_a_criterion_from_the_copy(client, world):
    single = _chrs_household(world, ["single_parent", "eviction"])
    evicted = _chrs_household(world, ["eviction"])
    none = _chrs_household(world)
    client.force_login(world.users.social_worker)

    def listed(query):
        return {line.pk for line in client.get(LIST + query).context["rows"]}

    assert listed("?critere=single_parent") == {single.pk}
    assert listed("?critere=eviction") == {single.pk, evicted.pk}
    assert listed("") == {single.pk, evicted.pk, none.pk}
    # An unknown criterion is refused by the form, in French, and filters nothing away.
    response = client.get(LIST + "?critere=inconnu")
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_the_list_shows_the_criteria_the_structure_the_referent_and_escapes_them(client, world):
    household = _chrs_household(world, ["single_parent", "domestic_violence"])
    MemberFactory(household=household)
    MemberFactory(household=household, relationship=Relationship.CHILD)
    world.orgs.chrs.short_name = "CHRS <b>Relais</b>"
    world.orgs.chrs.save()
    project = ProjectFactory(
        household=household,
        programme=world.asrl,
        operator=world.orgs.chrs,
        referent=world.users.social_worker,
        active=True,
    )
    client.force_login(world.users.social_worker)
    page = client.get(LIST).content.decode()
    start = page.rindex("<tr>", 0, page.index(household.reference))
    row = page[start : page.index("</tr>", start)]
    assert "CHRS &lt;b&gt;Relais&lt;/b&gt;" in row and "<b>" not in row
    assert "Victime de violences familiales (dont conjugales), Famille monoparentale" in row
    assert "<td>2</td>" in row  # members
    assert str(world.asrl) in row and world.users.social_worker.get_full_name() in row
    assert reverse("households:contact_new", args=[project.pk]) in row  # « Noter un contact »
    assert reverse("households:household_detail", args=[household.pk]) in row
    # A volunteer of another structure would not note a contact: the coordinator does not.
    client.force_login(world.users.coordinator)
    page = client.get(LIST).content.decode()
    assert reverse("households:project_detail", args=[project.pk]) in page
    assert reverse("households:contact_new", args=[project.pk]) not in page


def test_a_list_sorted_by_commune_pages_every_household_once(client, world):
    for index in range(27):
        territory = world.territories.arras if index % 3 else world.territories.lens
        _chrs_household(world, ["single_parent"], territory=territory)
    client.force_login(world.users.social_worker)  # the CHRS's households, in both communes
    first = client.get(LIST + "?tri=commune")
    second = client.get(LIST + "?tri=commune&page=2")
    assert first.context["filter"].qs.query.order_by[-1] == "pk"
    seen = [line.pk for line in first.context["rows"]] + [
        line.pk for line in second.context["rows"]
    ]
    assert len(seen) == len(set(seen)) == 27
    communes = [line.territory for line in first.context["rows"]]
    assert communes == sorted(communes)


def test_a_sort_keeps_the_direction_of_its_last_field_for_its_tie_break():
    ordering = StableOrdering(fields=(("created_at", "cree"), ("territory__name", "commune")))
    assert ordering.filter(Household.objects.all(), ["-cree"]).query.order_by == (
        "-created_at",
        "-pk",
    )
    assert ordering.filter(Household.objects.all(), ["commune"]).query.order_by == (
        "territory__name",
        "pk",
    )
    assert ordering.filter(Household.objects.all(), []).query.order_by == ()


def test_a_search_sorted_by_commune_lists_each_household_once(client, world):
    """The search joins the members (DISTINCT) and the sort the communes: the page of keys
    still lists each household once, in commune order (PostgreSQL asks the ordering's column
    in the SELECT of a DISTINCT)."""
    found = []
    for index in range(3):
        territory = world.territories.lens if index else world.territories.arras
        household = _chrs_household(world, ["single_parent"], territory=territory)
        MemberFactory(household=household, last_name="Dupré")
        MemberFactory(household=household, last_name="Dupré", relationship=Relationship.CHILD)
        found.append(household)
    _chrs_household(world)  # no member named so
    client.force_login(world.users.social_worker)
    for query in ("?q=dupre&tri=commune", "?q=dupre&tri=-commune&critere=single_parent"):
        response = client.get(LIST + query)
        assert response.status_code == 200
        rows = response.context["rows"]
        assert sorted(line.pk for line in rows) == sorted(h.pk for h in found), query
        communes = [line.territory for line in rows]
        assert communes == sorted(communes, reverse="-commune" in query), query
