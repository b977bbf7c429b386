"""A partner's own staff submits a referral, then reads its receipt — never the file.

seed 004 §4: « Il convient de rappeler que la saisine de la plateforme peut se faire par tout
partenaire (SIAO, CCAS et communes, travailleurs sociaux notamment internes au Département,
professionnels du champ de la psychiatrie, bailleurs, …), confronté à des situations de
parcours complexes liés au logement. » — « L'orientation ASRL peut être validée par le
coordinateur, en lien avec le chef SLISL … concerné, après sollicitation de la plateforme
(fiche saisine) et étude de la situation. »

The CCAS d'Arras, party to the ASRL-2019 convention, has a signatory partner in Maillage and
no professional: its agent sends the fiche saisine, the Artois coordinator is told, and the
agent reads the reference, the status and the decision — no name, no situation."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from households import services
from households.enums import HousingSituation, OrientationOutcome, Relationship, SlislOpinion
from households.errors import HouseholdError
from households.models import Household, Member, Referral
from partnerships.enums import NotificationKind, OrganisationKind, Role
from partnerships.models import Notification
from tests.households.factories import asrl_partner
from tests.households.test_services import new_referral
from tests.partnerships.factories import (
    MembershipFactory,
    member,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def ccas(world):
    """The CCAS d'Arras, party to the ASRL convention; its agent is a signatory partner."""
    return asrl_partner(world, "CCAS d'Arras", OrganisationKind.CCAS)


@pytest.fixture
def agent(ccas):
    return member(Role.SIGNATORY_PARTNER, ccas, first_name="Sophie")


def submit(world, by, referred_by, **overrides):
    fields = {
        "by": by,
        "territory": world.territories.arras,
        "housing_situation": HousingSituation.EVICTION_THREAT,
        "informed_on": None,
        "priorities": ["eviction"],
        "first_name": "Nadia",
        "last_name": "Fictif",
        "birth_date": None,
        "relationship": Relationship.HEAD,
        "referred_by": referred_by,
        "programme": world.asrl,
        "situation": "Menacée d'expulsion avec deux enfants.",
    }
    return services.referral_receive_new_household(**(fields | overrides))


def nothing_stored():
    return not (Household.objects.exists() or Member.objects.exists() or Referral.objects.exists())


def orient(world, referral):
    return services.orientation_decide(
        referral=referral,
        by=world.users.coordinator,
        outcome=OrientationOutcome.ORIENTED,
        decided_on=timezone.localdate(),
        operator=world.orgs.chrs,
        slisl_head="Mme Delattre, cheffe du SLISL de l'Artois",
        slisl_opinion=SlislOpinion.FAVOURABLE,
        slisl_opinion_on=timezone.localdate(),
    )


# ---------------------------------------------------------------------------- the service
def test_a_ccas_signatory_partner_refers_a_household_in_its_name(world, ccas, agent):
    """seed 004 §4: « la saisine de la plateforme peut se faire par tout partenaire (SIAO,
    CCAS et communes, …) »: the CCAS's agent, with no professional role, sends it; it is
    received the day it is sent and the file is the CCAS's until the orientation — yet the
    agent never sees it; the Artois coordinator does."""
    referral = submit(world, agent, ccas)
    household = referral.household
    assert referral.referred_by == ccas
    assert referral.received_on == timezone.localdate()
    assert household.organisation == ccas
    assert household.members.get().last_name == "Fictif"
    assert not Household.objects.visible_to(agent).exists()
    assert not Referral.objects.visible_to(agent).exists()
    assert Referral.objects.visible_to(world.users.coordinator).get() == referral
    assert list(Referral.objects.sent_by(agent)) == [referral]


def test_the_coordinator_is_notified_as_for_any_referral(world, ccas, agent):
    """seed 004 §4: the coordinator orients « après sollicitation de la plateforme (fiche
    saisine) »: the Artois coordinator hears of it; the agent, who cannot open it, does not."""
    referral = submit(world, agent, ccas)
    told = Notification.objects.filter(kind=NotificationKind.REFERRAL_RECEIVED)
    assert set(told.values_list("recipient", flat=True)) == {world.users.coordinator.pk}
    assert told.get().title == (
        f"Saisine reçue pour le ménage {referral.household.reference} ({world.asrl})"
    )


def test_a_partner_refers_only_in_its_own_organisations_name(world, ccas, agent):
    """seed 004 §4: « tout partenaire » refers for itself: the CCAS's agent cannot send a
    referral in the SIAO's name; nothing is stored."""
    with pytest.raises(HouseholdError) as refused:
        submit(world, agent, world.orgs.siao)
    assert refused.value.messages == [
        "Vous ne pouvez transmettre une saisine qu'au nom de votre structure."
    ]
    assert nothing_stored()


def test_a_partner_outside_the_programmes_convention_is_refused_and_nothing_stored(world):
    """seed 004 §4: the partners of the programme's convention: the Commune de Lille signs
    MED-2019, not ASRL-2019 — its signatory partner cannot refer to the ASRL."""
    with pytest.raises(HouseholdError) as refused:
        submit(world, world.users.partner, world.orgs.commune)
    assert refused.value.messages == [
        "Commune de Lille n'est pas partie à la convention du dispositif demandé : adressez "
        "la saisine au coordinateur, ou choisissez un dispositif dont votre structure est "
        "partenaire."
    ]
    assert nothing_stored()


def test_a_partner_cannot_choose_the_referent_structure_nor_backdate(world, ccas, agent):
    """The file is the prescriber's until the orientation (seed 004 §4); the date received
    is the day the partner sends it, whatever it says."""
    with pytest.raises(PermissionDenied):
        submit(world, agent, ccas, organisation=world.orgs.chrs)
    assert nothing_stored()
    referral = submit(world, agent, ccas, received_on=D(2019, 1, 1))
    assert referral.received_on == timezone.localdate()


def test_a_volunteer_still_cannot_submit(world, ccas):
    with pytest.raises(PermissionDenied):
        submit(world, world.users.volunteer, world.orgs.mta)
    assert nothing_stored()


# ------------------------------------------------------------------------------ the pages
def form_data(world, ccas, **changes):
    return {
        "referred_by": ccas.pk,
        "programme": world.asrl.pk,
        "situation": "Menacée d'expulsion avec deux enfants.",
        "territory": world.territories.arras.pk,
        "housing_situation": "eviction_threat",
        "first_name": "Nadia",
        "last_name": "Fictif",
        "relationship": "head",
    } | changes


def test_the_agent_submits_on_the_page_and_reads_the_receipt(client, world, ccas, agent):
    """seed 004 §4: « fiche saisine »: the agent sends it; the receipt says when and to whom
    — « Saisine transmise le … au coordinateur d’Artois.» — with the reference, and shows no
    name and no situation."""
    client.force_login(agent)
    url = reverse("households:referral_submit")
    form = client.get(url)
    assert form.status_code == 200
    body = form.content.decode()
    assert "Reçue le" not in body and "Structure référente" not in body
    response = client.post(url, form_data(world, ccas))
    referral = Referral.objects.get()
    receipt = reverse("households:referral_receipt", args=[referral.pk])
    assert response.status_code == 302 and response["Location"] == receipt
    page = client.get(receipt).content.decode()
    today = timezone.localdate()
    assert f"Saisine transmise le {today:%-d} " in page
    assert "au coordinateur d’Artois." in page
    assert referral.household.reference in page
    assert "Fictif" not in page and "Nadia" not in page and "expulsion" not in page


def test_the_agent_gets_404_on_the_household_file_and_the_referral(client, world, ccas, agent):
    """No access to the household file afterwards: the coordinator and the operator follow
    it (seed 004 §4)."""
    referral = submit(world, agent, ccas)
    client.force_login(agent)
    for name, pk in (
        ("households:household_detail", referral.household_id),
        ("households:referral_detail", referral.pk),
        ("households:household_file", referral.household_id),
    ):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name


def test_another_organisations_referral_receipt_is_404(client, world, ccas, agent):
    """Perimeter: the SIAO's referral, or the CCAS's for Lille's signatory partner: 404."""
    siao = new_referral(world)
    client.force_login(agent)
    assert client.get(reverse("households:referral_receipt", args=[siao.pk])).status_code == 404
    own = submit(world, agent, ccas)
    client.force_login(world.users.partner)
    assert client.get(reverse("households:referral_receipt", args=[own.pk])).status_code == 404
    # Professionals read the referral itself, not a partner's receipt.
    client.force_login(world.users.coordinator)
    assert client.get(reverse("households:referral_receipt", args=[own.pk])).status_code == 404


def test_who_opens_the_submit_page(client, world, ccas, agent):
    """A partner of no programme's convention (Lille, MED-2019 only) and the professionals —
    who record referrals on « Nouvelle saisine » — get 404."""
    url = reverse("households:referral_submit")
    for user in (world.users.partner, world.users.social_worker, world.users.volunteer):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.force_login(agent)
    assert client.get(url).status_code == 200


def test_bad_input_on_the_page_answers_400_in_french_and_stores_nothing(client, world, ccas, agent):
    client.force_login(agent)
    url = reverse("households:referral_submit")
    response = client.post(url, form_data(world, ccas, last_name="", situation=""))
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.content.decode()
    # A programme its organisation is no party to is not offered.
    response = client.post(url, form_data(world, ccas, programme=world.joint.pk))
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert nothing_stored()


def test_my_sent_referrals_show_only_the_organisations_with_their_outcome(
    client, world, ccas, agent
):
    """seed 004 §4: the prescriber learns the orientation decided on its referral: « Mes
    saisines transmises » lists the CCAS's referrals — the SIAO's is not there — with the
    reference, the date, the status and the decision; no name, no commune, no situation."""
    mine = submit(world, agent, ccas)
    orient(world, mine)
    other = new_referral(world)
    client.force_login(agent)
    page = client.get(reverse("households:referral_sent_list")).content.decode()
    assert mine.household.reference in page
    assert other.household.reference not in page
    assert "Orientée" in page and "CHRS Le Relais" in page
    assert "Fictif" not in page and "expulsion" not in page and "Arras" not in page


def test_my_sent_referrals_queries_do_not_grow_with_rows(client, world, ccas, agent, count_queries):
    client.force_login(agent)
    url = reverse("households:referral_sent_list")
    orient(world, submit(world, agent, ccas))
    few, _sql = count_queries(lambda: client.get(url))
    for n in range(4):
        referral = submit(world, agent, ccas, last_name=f"Fictif{n}")
        if n % 2:
            orient(world, referral)
    many, sql = count_queries(lambda: client.get(url))
    assert few == many, "\n".join(sql)


def test_the_menu_offers_my_referrals_to_partners(client, world, ccas, agent):
    client.force_login(agent)
    home = client.get(reverse("home")).content.decode()
    assert reverse("households:referral_sent_list") in home
    client.force_login(world.users.social_worker)
    assert (
        reverse("households:referral_sent_list") not in client.get(reverse("home")).content.decode()
    )
    assert client.get(reverse("households:referral_sent_list")).status_code == 404


def test_the_agent_hears_of_the_orientation_through_the_receipt(world, ccas, agent):
    """seed 004 §4: the partner that « saisit la plateforme » learns the orientation: the
    CCAS's agent is told, with a link to the receipt — not to the referral it cannot open."""
    referral = submit(world, agent, ccas)
    orient(world, referral)
    told = Notification.objects.get(kind=NotificationKind.REFERRAL_ORIENTED, recipient=agent)
    assert told.url == reverse("households:referral_receipt", args=[referral.pk])
    assert told.title == (
        f"Saisine du ménage {referral.household.reference} : "
        "orientation validée vers CHRS Le Relais"
    )


def test_a_professional_who_is_also_a_partner_submits_from_the_partners_page(client, world, ccas):
    """The CHRS's social worker is also the CCAS's signatory partner: the partner's page
    sends the referral in the CCAS's name, received today, and leads to its receipt."""
    worker = world.users.social_worker
    MembershipFactory(user=worker, organisation=ccas, role=Role.SIGNATORY_PARTNER)
    client.force_login(worker)
    response = client.post(reverse("households:referral_submit"), form_data(world, ccas))
    referral = Referral.objects.get()
    assert response["Location"] == reverse("households:referral_receipt", args=[referral.pk])
    assert (referral.referred_by, referral.received_on) == (ccas, timezone.localdate())
