"""Any partner refers a household; the orientation hands the file to the operator it chose.

seed 004 §4: « Il convient de rappeler que la saisine de la plateforme peut se faire par tout
partenaire (SIAO, CCAS et communes, travailleurs sociaux notamment internes au Département,
professionnels du champ de la psychiatrie, bailleurs, …), confronté à des situations de
parcours complexes liés au logement. » — « L'orientation ASRL peut être validée par le
coordinateur, en lien avec le chef SLISL … concerné »."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from households import services
from households.enums import AccessReason, OrientationOutcome, SlislOpinion
from households.errors import HouseholdError
from households.models import Household, HouseholdAccess, Referral
from households.models.households import household_perimeter_computed
from partnerships.enums import OrganisationKind
from tests.households.factories import HouseholdFactory, asrl_partner
from tests.households.test_services import new_referral

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def landlord(world):
    """A landlord party to the ASRL convention, whose staff has no account in Maillage."""
    return asrl_partner(world, "Pas-de-Calais Habitat", OrganisationKind.LANDLORD)


def referral_for(world, by, referred_by, **overrides):
    fields = {
        "by": by,
        "organisation": None,
        "referred_by": referred_by,
    }
    return new_referral(world, **(fields | overrides))


def orient(world, referral, operator, outcome=OrientationOutcome.ORIENTED, reason=""):
    return services.orientation_decide(
        referral=referral,
        by=world.users.coordinator,
        outcome=outcome,
        decided_on=D(2019, 9, 20),
        operator=operator,
        reason=reason,
        slisl_head="Mme Delattre, cheffe du SLISL de l'Artois",
        slisl_opinion=SlislOpinion.FAVOURABLE,
        slisl_opinion_on=D(2019, 9, 18),
    )


def sees(user, household) -> bool:
    return Household.objects.visible_to(user).filter(pk=household.pk).exists()


def test_the_coordinator_records_a_landlords_referral(world, landlord):
    """seed 004 §4: « tout partenaire (… bailleurs, …) »: the landlord's staff has no role in
    Maillage; the Artois coordinator records its referral of 12 September 2019. The file is
    the landlord's until the orientation — not the coordinator's Département."""
    referral = referral_for(world, world.users.coordinator, landlord)
    household = referral.household
    assert referral.referred_by == landlord
    assert household.organisation == landlord
    assert household.members.get().last_name == "Fictif"
    assert sees(world.users.coordinator, household)  # the territory's coordinator
    assert not sees(world.users.social_worker, household)  # no operator yet
    assert not sees(world.users.outsider, household)


def test_a_partner_of_the_programmes_convention_is_a_prescriber_for_anyone(world, landlord):
    """seed 004 §4: the social worker of « Opérateur B » works with none of the ASRL partners,
    yet records the referral the landlord, party to the ASRL convention, sends."""
    referral = referral_for(world, world.users.outsider, landlord, territory=world.territories.lens)
    assert referral.referred_by == landlord
    assert referral.household.organisation == landlord
    assert landlord in services.referral_prescribers(world.users.outsider, world.asrl)


def test_a_prescriber_outside_the_programmes_partners_is_refused_and_nothing_stored(
    world, landlord
):
    """seed 004 §4: « tout partenaire »: a partner of the programme's convention or of the
    user's structure; SOLiHA is neither for « Opérateur B » and the ASRL."""
    with pytest.raises(HouseholdError) as refused:
        referral_for(world, world.users.outsider, world.orgs.soliha)
    assert refused.value.messages == [
        "Le prescripteur doit être un partenaire de la convention du dispositif demandé ou "
        "une structure avec laquelle vous travaillez."
    ]
    assert not Household.objects.exists()
    assert not Referral.objects.exists()


def test_a_volunteer_cannot_record_a_referral(world, landlord):
    with pytest.raises(PermissionDenied):
        referral_for(world, world.users.volunteer, landlord)
    assert not Household.objects.exists()


def test_the_orientation_makes_the_chosen_operator_the_referent_structure(world, landlord):
    """seed 004 §4: « L'orientation ASRL peut être validée par le coordinateur »: the
    landlord's referral, oriented on 20 September 2019 to the CHRS Le Relais, makes the CHRS
    the household's referent structure: its social worker follows it, the perimeter (access
    table) follows, and the landlord no longer holds the file."""
    referral = referral_for(world, world.users.coordinator, landlord)
    household = referral.household
    orient(world, referral, world.orgs.chrs)
    household.refresh_from_db()
    assert household.organisation == world.orgs.chrs
    assert sees(world.users.social_worker, household)
    assert world.users.social_worker.has_perm("households.edit_household", household)
    reasons = set(
        HouseholdAccess.objects.filter(household=household).values_list("organisation", "reason")
    )
    assert reasons == {
        (world.orgs.chrs.pk, AccessReason.REFERRING),
        (world.orgs.chrs.pk, AccessReason.ORIENTATION),
    }
    # The stored perimeter is the computed one.
    for user in (world.users.social_worker, world.users.outsider, world.users.coordinator):
        stored = set(Household.objects.visible_to(user).values_list("pk", flat=True))
        computed = set(
            Household.objects.filter(household_perimeter_computed(user)).values_list(
                "pk", flat=True
            )
        )
        assert stored == computed
    assert household.history.first().history_user == world.users.coordinator


def test_the_recording_users_structure_loses_the_file_to_the_operator(world):
    """seed 004 §4: the SIAO's social worker records the SIAO's referral for the ASRL; once
    oriented to the CHRS, the CHRS is the referent structure, not the SIAO."""
    siao_worker = services_member(world)
    referral = referral_for(world, siao_worker, world.orgs.siao)
    assert sees(siao_worker, referral.household)
    orient(world, referral, world.orgs.chrs)
    referral.household.refresh_from_db()
    assert referral.household.organisation == world.orgs.chrs
    assert not sees(siao_worker, referral.household)
    assert sees(world.users.social_worker, referral.household)


def services_member(world):
    from partnerships.enums import Role
    from tests.partnerships.factories import member

    return member(Role.SOCIAL_WORKER, world.orgs.siao)


def test_a_refused_orientation_leaves_the_referent_structure(world, landlord):
    referral = referral_for(world, world.users.coordinator, landlord)
    orient(
        world,
        referral,
        None,
        outcome=OrientationOutcome.REFUSED,
        reason="Relève de l'hébergement d'urgence.",
    )
    referral.household.refresh_from_db()
    assert referral.household.organisation == landlord


def test_a_known_household_oriented_to_another_operator_changes_referent(world):
    """seed 004 §4: a household the CHRS already knows, referred by the SIAO and oriented to
    « Opérateur B », is followed by Opérateur B from the decision on."""
    household = HouseholdFactory(organisation=world.orgs.chrs, territory=world.territories.arras)
    referral = services.referral_receive(
        household=household,
        by=world.users.social_worker,
        referred_by=world.orgs.siao,
        programme=world.asrl,
        received_on=D(2019, 9, 12),
        situation="Dette locative.",
    )
    orient(world, referral, world.orgs.other)
    household.refresh_from_db()
    assert household.organisation == world.orgs.other
    assert sees(world.users.outsider, household)
    assert not sees(world.users.social_worker, household)


# ------------------------------------------------------------------------------ the pages
def form_data(world, referred_by, **changes):
    return {
        "referred_by": referred_by.pk,
        "programme": world.asrl.pk,
        "received_on": "2019-09-12",
        "situation": "Menacée d'expulsion.",
        "territory": world.territories.arras.pk,
        "housing_situation": "eviction_threat",
        "first_name": "Nadia",
        "last_name": "Fictif",
        "relationship": "head",
    } | changes


def test_the_coordinator_records_a_landlords_referral_on_the_page(client, world, landlord):
    """seed 004 §4: the page offers the partners of the ASRL convention as prescribers, and
    asks for no referent structure: the orientation designates it."""
    client.force_login(world.users.coordinator)
    url = reverse("households:referral_create")
    page = client.get(url)
    body = page.content.decode()
    assert "Pas-de-Calais Habitat" in body
    assert "Structure référente du ménage" not in body
    response = client.post(url, form_data(world, landlord))
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == referral.get_absolute_url()
    assert referral.household.organisation == landlord
    # The referral's page: another organisation gets a 404.
    client.force_login(world.users.outsider)
    assert client.get(referral.get_absolute_url()).status_code == 404


def test_a_refused_prescriber_on_the_page_answers_400_and_stores_nothing(client, world):
    client.force_login(world.users.outsider)
    response = client.post(
        reverse("households:referral_create"), form_data(world, world.orgs.soliha)
    )
    assert response.status_code == 400
    assert not Household.objects.exists()


def test_the_prescriber_hears_of_the_decision_before_handing_the_file_over(world):
    """seed 004 §4: the SIAO, which saisit la plateforme, is told of the orientation to the
    CHRS — and so is the CHRS — though the file then passes to the CHRS."""
    from partnerships.enums import NotificationKind
    from partnerships.models import Notification

    siao_worker = services_member(world)
    referral = referral_for(world, siao_worker, world.orgs.siao)
    orient(world, referral, world.orgs.chrs)
    told = set(
        Notification.objects.filter(kind=NotificationKind.REFERRAL_ORIENTED).values_list(
            "recipient", flat=True
        )
    )
    assert siao_worker.pk in told
    assert world.users.director.pk in told
