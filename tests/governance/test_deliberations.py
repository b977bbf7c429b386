"""Deliberations as the administration keeps them: number, legality control, publication; a
convention is not signed before the deliberation authorising it is enforceable (seed 001)."""

import datetime as dt

import pytest

from governance import services
from governance.enums import CommitteeKind, DecisionOutcome, DecisionSubject
from governance.errors import GovernanceError
from partnerships import services as partnerships_services
from partnerships.enums import ConventionStatus, PartyRole
from partnerships.models import Convention
from tests.governance.factories import DecisionFactory, MeetingFactory
from tests.partnerships.factories import (
    ConventionFactory,
    ConventionPartyFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def admin():
    return UserFactory(is_superuser=True, is_staff=True)


def cpom_awaiting_signature():
    convention = ConventionFactory(reference="2023-121", awaiting_signature=True)
    ConventionPartyFactory(
        convention=convention, organisation=OrganisationFactory(), role=PartyRole.FUNDER
    )
    ConventionPartyFactory(
        convention=convention, organisation=OrganisationFactory(), role=PartyRole.BENEFICIARY
    )
    return convention


def deliberation(convention, outcome=DecisionOutcome.ADOPTED):
    """seed 001: the Commission Permanente of 20 March 2023, deliberation n° 2023-121 art. 2
    authorises the President to sign the convention."""
    meeting = MeetingFactory(
        committee__convention=None,
        committee__kind=CommitteeKind.STANDING_COMMISSION,
        held_on=D(2023, 3, 20),
    )
    return DecisionFactory(
        meeting=meeting,
        number="2023-121",
        subject=DecisionSubject.AUTHORISE_SIGNING,
        convention=convention,
        outcome=outcome,
    )


def test_the_convention_is_signed_once_the_deliberation_is_enforceable(admin):
    # seed 001: "Envoi au contrôle de légalité le : 19 avril 2023 — Publication électronique
    # le : 19 avril 2023"; the convention is signed after (28 April 2023 in the demo).
    convention = cpom_awaiting_signature()
    decision = deliberation(convention)
    assert not decision.enforceable
    with pytest.raises(GovernanceError, match="n'est pas exécutoire au 28/04/2023"):
        partnerships_services.convention_sign(
            convention=convention, by=admin, signed_on=D(2023, 4, 28)
        )
    convention.refresh_from_db()
    assert convention.signed_on is None
    assert convention.status == ConventionStatus.AWAITING_SIGNATURE

    services.deliberation_publish(
        decision=decision, by=admin, sent_to_control_on=D(2023, 4, 19), published_on=D(2023, 4, 19)
    )
    decision.refresh_from_db()
    assert decision.enforceable and decision.enforceable_on(D(2023, 4, 19))
    assert not decision.enforceable_on(D(2023, 4, 18))
    # A signature dated before the publication is still refused.
    with pytest.raises(GovernanceError, match="n'est pas exécutoire au 18/04/2023"):
        partnerships_services.convention_sign(
            convention=convention, by=admin, signed_on=D(2023, 4, 18)
        )
    partnerships_services.convention_sign(convention=convention, by=admin, signed_on=D(2023, 4, 28))
    assert Convention.objects.get(pk=convention.pk).signed_on == D(2023, 4, 28)


def test_a_rejected_deliberation_authorises_no_signature(admin):
    convention = cpom_awaiting_signature()
    deliberation(convention, outcome=DecisionOutcome.REJECTED)
    with pytest.raises(GovernanceError, match="n'est pas adoptée"):
        partnerships_services.convention_sign(
            convention=convention, by=admin, signed_on=D(2023, 4, 28)
        )


def test_a_convention_no_deliberation_authorises_is_signed_as_before(admin):
    # seed 000: two associations sign under their statutes, no deliberation.
    convention = cpom_awaiting_signature()
    partnerships_services.convention_sign(convention=convention, by=admin, signed_on=D(2021, 2, 16))
    assert Convention.objects.get(pk=convention.pk).signed_on == D(2021, 2, 16)


def test_publication_is_of_an_adopted_numbered_deliberation_after_the_session(admin):
    convention = cpom_awaiting_signature()
    decision = deliberation(convention, outcome=DecisionOutcome.PENDING)
    dates = {"sent_to_control_on": D(2023, 4, 19), "published_on": D(2023, 4, 19)}
    with pytest.raises(GovernanceError, match="Seule une délibération adoptée"):
        services.deliberation_publish(decision=decision, by=admin, **dates)
    decision.outcome = DecisionOutcome.ADOPTED
    decision.save()
    with pytest.raises(GovernanceError, match="suivent la séance du 20/03/2023"):
        services.deliberation_publish(
            decision=decision,
            by=admin,
            sent_to_control_on=D(2023, 3, 1),
            published_on=D(2023, 4, 19),
        )
    with pytest.raises(GovernanceError, match="futur"):
        services.deliberation_publish(
            decision=decision,
            by=admin,
            sent_to_control_on=D(2099, 1, 1),
            published_on=D(2023, 4, 19),
        )
    decision.refresh_from_db()
    assert decision.sent_to_control_on is None and decision.published_on is None
    services.deliberation_publish(decision=decision, by=admin, **dates)
    with pytest.raises(GovernanceError, match="déjà enregistrées"):
        services.deliberation_publish(decision=decision, by=admin, **dates)


def test_only_those_who_run_the_committee_record_the_publication():
    decision = deliberation(cpom_awaiting_signature())
    with pytest.raises(GovernanceError, match="qui anime l'instance"):
        services.deliberation_publish(
            decision=decision,
            by=UserFactory(),
            sent_to_control_on=D(2023, 4, 19),
            published_on=D(2023, 4, 19),
        )
