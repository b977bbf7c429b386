"""The dwelling in the partner's stock, and the communes informed in figures.

seed 000 art. III – ENGAGEMENTS (SOLiHA Métropole Nord): « Informer les communes du projet et
de la mise à disposition d'un logement dans le cadre de ce partenariat ; Informer les communes
et les partenaires sociaux du déroulement de la prise en charge des ménages concernées ;
Proposer des situations de ménages … logés et/ou hébergés au sein du parc de SOLiHA MN »."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from households import services
from households.enums import ClosureOutcome
from households.errors import HouseholdError
from households.models import Dwelling
from partnerships.enums import OrganisationKind, Role
from tests.households.factories import HouseholdFactory, MemberFactory, ProjectFactory
from tests.partnerships.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db
D = dt.date


def record(world, household, by=None, **changes):
    fields = {
        "landlord": world.orgs.soliha,
        "address": "12 rue de la Paix, 59700 Marcq-en-Barœul",
        "unit": "Bâtiment B, porte 12",
        "territory": world.territories.marcq,
        "since": D(2021, 3, 15),
    }
    return services.dwelling_record(
        household=household, by=by or world.users.soliha_worker, **(fields | changes)
    )


def dwellings(household):
    return list(
        Dwelling.objects.filter(household=household)
        .order_by("since")
        .values_list("address", "since", "left_on")
    )


def test_the_dwelling_in_solihas_stock_joins_the_household_file(world, joint_project):
    """seed 000 art. III: « la mise à disposition d'un logement », « au sein du parc de
    SOLiHA MN »: address, landlord, unit and date of installation, on 15 March 2021."""
    household = joint_project.household
    dwelling = record(world, household)
    assert (dwelling.landlord, dwelling.unit, dwelling.since) == (
        world.orgs.soliha,
        "Bâtiment B, porte 12",
        D(2021, 3, 15),
    )
    assert dwelling.history.first().history_user == world.users.soliha_worker


def test_a_new_dwelling_ends_the_current_one_on_the_day_of_the_move(world, joint_project):
    household = joint_project.household
    record(world, household)
    record(world, household, address="3 allée des Tilleuls", since=D(2022, 1, 10))
    assert dwellings(household) == [
        ("12 rue de la Paix, 59700 Marcq-en-Barœul", D(2021, 3, 15), D(2022, 1, 10)),
        ("3 allée des Tilleuls", D(2022, 1, 10), None),
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"since": D(2021, 3, 1)},
            "Le ménage occupe son logement actuel depuis le 15 mars 2021 : le nouveau "
            "logement ne peut pas le précéder.",
        ),
        ({"since": D(2099, 1, 1)}, "Une installation ne peut pas être datée dans le futur."),
        ({"address": "  "}, "Indiquez l'adresse du logement."),
    ],
)
def test_a_wrong_dwelling_is_refused_in_french_and_stores_nothing(
    world, joint_project, changes, message
):
    household = joint_project.household
    record(world, household)
    before = dwellings(household)
    with pytest.raises(HouseholdError) as refused:
        record(world, household, **({"address": "3 allée des Tilleuls"} | changes))
    assert refused.value.messages == [message]
    assert dwellings(household) == before


def test_the_landlord_is_a_structure_the_user_works_with(world, joint_project):
    stranger = OrganisationFactory(name="Bailleur inconnu", kind=OrganisationKind.LANDLORD)
    with pytest.raises(HouseholdError, match="une structure avec laquelle vous travaillez"):
        record(world, joint_project.household, landlord=stranger)
    assert not Dwelling.objects.exists()


def test_a_volunteer_does_not_record_the_dwelling(world, joint_project):
    with pytest.raises(PermissionDenied):
        record(world, joint_project.household, by=world.users.volunteer)
    assert not Dwelling.objects.exists()


def test_leaving_the_dwelling(world, joint_project):
    dwelling = record(world, joint_project.household)
    with pytest.raises(HouseholdError, match="précéder l'installation du 15 mars 2021"):
        services.dwelling_leave(
            dwelling=dwelling, by=world.users.soliha_worker, left_on=D(2021, 3, 1)
        )
    services.dwelling_leave(dwelling=dwelling, by=world.users.soliha_worker, left_on=D(2023, 6, 30))
    assert dwellings(joint_project.household)[0][2] == D(2023, 6, 30)


def test_the_household_page_records_and_shows_the_dwelling(client, world, joint_project):
    household = joint_project.household
    client.force_login(world.users.soliha_worker)
    url = reverse("households:dwelling_add", args=[household.pk])
    assert url in client.get(household.get_absolute_url()).content.decode()
    data = {
        "landlord": world.orgs.soliha.pk,
        "address": "12 rue de la Paix",
        "unit": "porte 12",
        "territory": world.territories.marcq.pk,
        "since": "2099-01-01",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "ne peut pas être datée dans le futur" in response.content.decode()
    assert not Dwelling.objects.exists()
    response = client.post(url, data | {"since": "2021-03-15"})
    assert response.status_code == 302
    page = client.get(household.get_absolute_url()).content.decode()
    assert "Logement mis à disposition" in page
    assert "12 rue de la Paix — porte 12" in page
    assert "15 mars 2021" in page


def test_another_organisations_dwelling_pages_are_404(client, world, joint_project):
    dwelling = record(world, joint_project.household)
    client.force_login(world.users.outsider_director)
    add = reverse("households:dwelling_add", args=[joint_project.household.pk])
    leave = reverse("households:dwelling_leave", args=[dwelling.pk])
    assert client.get(add).status_code == 404
    assert client.post(leave, {"left_on": "2023-06-30"}).status_code == 404
    assert Dwelling.objects.get().left_on is None


def test_the_admin_shows_the_dwelling_read_only(client, world, joint_project):
    dwelling = record(world, joint_project.household)
    client.force_login(world.users.soliha_director)
    url = reverse("admin:households_dwelling_change", args=[dwelling.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert not response.context["adminform"].form.fields
    client.post(url, {"address": "ailleurs", "since": "2021-01-01"})
    assert Dwelling.objects.get().address == "12 rue de la Paix, 59700 Marcq-en-Barœul"


# ---------------------------------------------------------------- the communes, in figures
@pytest.fixture
def marcq(world):
    """The commune of Marcq-en-Barœul, its territory, and a signatory at the town hall."""
    commune = OrganisationFactory(name="Ville de Marcq-en-Barœul", kind=OrganisationKind.COMMUNE)
    commune.territories.set([world.territories.marcq])
    return commune, member(Role.SIGNATORY_PARTNER, commune)


def housed(world, since, *, territory=None, closed_on=None, name="Fictif"):
    territory = territory or world.territories.marcq
    household = HouseholdFactory(organisation=world.orgs.soliha, territory=territory)
    MemberFactory(household=household, last_name=name)
    project = ProjectFactory(
        household=household,
        programme=world.joint,
        operator=world.orgs.soliha,
        referent=world.users.soliha_worker,
        start_date=since,
        active=True,
    )
    record(world, household, territory=territory, since=since)
    if closed_on:
        services.project_close(
            project=project,
            by=world.users.soliha_worker,
            version=project.version,
            closed_on=closed_on,
            outcome=ClosureOutcome.MAINTAINED,
            comment="",
        )
    return household


def test_the_commune_reads_the_installations_and_the_follow_up_in_figures_only(
    client, world, marcq
):
    """seed 000 art. III: « Informer les communes … de la mise à disposition d'un logement »
    and « du déroulement de la prise en charge »: in 2024, two households installed in
    Marcq-en-Barœul, one of them accompanied to its end; a household housed in Arras is
    not Marcq's. The page shows counts — never a name nor a reference."""
    commune, signatory = marcq
    first = housed(world, D(2024, 2, 1), name="Dupont")
    housed(world, D(2024, 5, 1), name="Durand", closed_on=D(2024, 11, 30))
    housed(world, D(2024, 4, 1), territory=world.territories.arras, name="Lefebvre")
    client.force_login(signatory)
    response = client.get(reverse("households:commune_report") + "?annee=2024")
    assert response.status_code == 200
    (figures,) = response.context["communes"]
    assert (figures.installed, figures.housed, figures.left) == (2, 2, 0)
    assert (figures.follow_up.households, figures.follow_up.started) == (2, 2)
    assert figures.follow_up.closed == 1
    body = response.content.decode()
    assert "Installés dans un logement en 2024" in body
    for secret in ("Dupont", "Durand", "Lefebvre", first.reference, "rue de la Paix"):
        assert secret not in body


def test_only_a_communes_people_read_the_commune_figures(client, world, marcq):
    """Through the perimeter: the page is a commune's; the CHRS's social worker, the
    department's staff and another commune's people without territory get no Marcq figure."""
    housed(world, D(2024, 2, 1))
    url = reverse("households:commune_report")
    for user in (world.users.social_worker, world.users.staff, world.users.soliha_director):
        client.force_login(user)
        assert client.get(url).status_code == 404
    # Lille's signatory: a commune, but Marcq's households are not on its territory.
    client.force_login(world.users.partner)
    (lille,) = client.get(url + "?annee=2024").context["communes"]
    assert (lille.commune, lille.installed, lille.housed) == ("Commune de Lille", 0, 0)


def test_the_commune_page_queries_do_not_grow_with_rows(client, world, marcq, count_queries):
    _commune, signatory = marcq
    client.force_login(signatory)
    url = reverse("households:commune_report") + "?annee=2024"
    housed(world, D(2024, 2, 1))
    few, _sql = count_queries(lambda: client.get(url))
    for month in range(3, 8):
        housed(world, D(2024, month, 1), closed_on=D(2024, 11, 30))
    many, sql = count_queries(lambda: client.get(url))
    assert few == many, "\n".join(sql)


def test_the_commune_page_is_in_the_communes_menu(client, world, marcq):
    _commune, signatory = marcq
    client.force_login(signatory)
    assert reverse("households:commune_report") in client.get(reverse("home")).content.decode()
    client.force_login(world.users.staff)
    assert reverse("households:commune_report") not in client.get(reverse("home")).content.decode()


# ------------------------------------------------------------------------- the household's data
def test_the_dwelling_is_in_the_households_data_and_goes_with_its_anonymisation(
    world, joint_project
):
    """RGPD art. 15: the dwelling is part of what Maillage holds about the household; at
    anonymisation its address goes, the commune and the dates stay for the counts."""
    from households.access import access_data
    from households.retention import household_anonymise

    household = joint_project.household
    record(world, household)
    (dwelling,) = access_data(household)["logements"]
    assert (dwelling["adresse"], dwelling["occupe_depuis_le"]) == (
        "12 rue de la Paix, 59700 Marcq-en-Barœul",
        "2021-03-15",
    )
    household_anonymise(household=household)
    stored = Dwelling.objects.get()
    assert (stored.address, stored.unit) == ("", "")
    assert (stored.territory, stored.since) == (world.territories.marcq, D(2021, 3, 15))
    assert not stored.history.exists()
