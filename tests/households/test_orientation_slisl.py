"""The SLISL head's opinion on an orientation the coordinator validates.

seed 004 §4: « L'orientation ASRL peut être validée par le coordinateur, en lien avec le chef
SLISL (Service Local Inclusion Sociale et Logement) concerné, après sollicitation de la
plateforme (fiche saisine) et étude de la situation. L'orientation ASRL peut également être
décidée à l'issue d'une commission des parcours complexes Logement d'abord. »"""

import datetime as dt

import pytest
from django.urls import reverse

from governance.enums import CommitteeKind, MeetingStatus
from households import services
from households.enums import OrientationOutcome, ReferralStatus, SlislOpinion
from households.errors import HouseholdError
from households.models import OrientationDecision
from partnerships.enums import Role
from tests.governance.factories import MeetingFactory
from tests.households.test_services import new_referral
from tests.partnerships.factories import member

pytestmark = pytest.mark.django_db
D = dt.date


def orient(world, referral, **slisl):
    return services.orientation_decide(
        referral=referral,
        by=world.users.coordinator,
        outcome=OrientationOutcome.ORIENTED,
        decided_on=D(2019, 9, 20),
        operator=world.orgs.chrs,
        **slisl,
    )


def test_the_coordinators_validation_records_the_slisl_heads_opinion(world):
    """seed 004 §4: « validée par le coordinateur, en lien avec le chef SLISL … concerné »:
    the referral received on 12 September 2019 is oriented on 20 September 2019 with the
    reserved opinion the SLISL head of Artois gave on 18 September, and its comment."""
    referral = new_referral(world)
    decision = orient(
        world,
        referral,
        slisl_head="Mme Delattre, cheffe du SLISL de l'Artois",
        slisl_opinion=SlislOpinion.RESERVED,
        slisl_opinion_on=D(2019, 9, 18),
        slisl_comment="Réservée tant que la dette locative n'est pas chiffrée.",
    )
    decision.refresh_from_db()
    assert (decision.slisl_head, decision.slisl_opinion, decision.slisl_opinion_on) == (
        "Mme Delattre, cheffe du SLISL de l'Artois",
        SlislOpinion.RESERVED,
        D(2019, 9, 18),
    )
    assert decision.slisl_comment == "Réservée tant que la dette locative n'est pas chiffrée."


@pytest.mark.parametrize("missing", ["slisl_head", "slisl_opinion", "slisl_opinion_on"])
def test_a_validation_without_the_slisl_heads_opinion_is_refused(world, missing):
    """seed 004 §4: the coordinator validates « en lien avec le chef SLISL »: who, the
    opinion and its date are each required; nothing is stored without them."""
    referral = new_referral(world)
    slisl = {
        "slisl_head": "Mme Delattre",
        "slisl_opinion": SlislOpinion.FAVOURABLE,
        "slisl_opinion_on": D(2019, 9, 18),
    }
    slisl[missing] = None if missing == "slisl_opinion_on" else ""
    with pytest.raises(HouseholdError, match="en lien avec le chef SLISL concerné"):
        orient(world, referral, **slisl)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED
    assert not OrientationDecision.objects.exists()


def test_the_opinion_cannot_follow_the_decision(world):
    """The opinion is asked before the validation of 20 September 2019, not after."""
    referral = new_referral(world)
    with pytest.raises(HouseholdError, match="précède la décision du 20 septembre 2019"):
        orient(
            world,
            referral,
            slisl_head="Mme Delattre",
            slisl_opinion=SlislOpinion.FAVOURABLE,
            slisl_opinion_on=D(2019, 9, 25),
        )
    assert not OrientationDecision.objects.exists()


def test_a_complex_cases_commission_orients_without_it(world):
    """seed 004 §4: « peut également être décidée à l'issue d'une commission des parcours
    complexes »: the commission's decision needs no SLISL opinion."""
    referral = new_referral(world)
    meeting = MeetingFactory(
        committee__kind=CommitteeKind.COMPLEX_CASES,
        committee__organisation=world.orgs.department,
        held_on=D(2019, 9, 26),
        status=MeetingStatus.HELD,
    )
    decision = orient(world, referral, meeting=meeting)
    assert decision.decided_on == D(2019, 9, 26) and decision.slisl_head == ""


def test_the_coordinator_records_it_on_the_referral_page(client, world):
    referral = new_referral(world)
    client.force_login(world.users.coordinator)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Chef SLISL consulté" in page and "Avis du chef SLISL" in page
    url = reverse("households:orientation", args=[referral.pk])
    data = {"outcome": "oriented", "operator": world.orgs.chrs.pk, "decided_on": "2019-09-20"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "en lien avec le chef SLISL concerné" in response.content.decode()
    response = client.post(
        url,
        data
        | {
            "slisl_head": "Mme Delattre, cheffe du SLISL de l'Artois",
            "slisl_opinion": "favourable",
            "slisl_opinion_on": "2019-09-18",
            "slisl_comment": "Accord pour une orientation ASRL.",
        },
    )
    assert response.status_code == 302
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Favorable — Mme Delattre, cheffe du SLISL de l" in page
    assert "le 18 septembre 2019 : Accord pour une orientation ASRL." in page


def test_the_orientation_is_404_for_a_coordinator_of_another_territory(client, world):
    """Perimeter: the coordinator of Lens-Hénin does not see a household of Arras."""
    referral = new_referral(world)
    client.force_login(member(Role.COORDINATOR, world.orgs.department, world.territories.lens))
    url = reverse("households:orientation", args=[referral.pk])
    response = client.post(
        url,
        {
            "outcome": "oriented",
            "operator": world.orgs.chrs.pk,
            "decided_on": "2019-09-20",
            "slisl_head": "Mme Delattre",
            "slisl_opinion": "favourable",
            "slisl_opinion_on": "2019-09-18",
        },
    )
    assert response.status_code == 404
    assert client.get(referral.get_absolute_url()).status_code == 404
    assert not OrientationDecision.objects.exists()
