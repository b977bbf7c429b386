"""Per-measure envelopes of seed 004 §5: 45 measures × 5 000 €, 20 Artois / 25 Lens-Hénin."""

from decimal import Decimal

import pytest

from funding.envelopes import (
    allocation_set,
    allocations_with_usage,
    envelopes_with_usage,
    measures_for,
    operator_usage,
    reserve_measures,
    territory_usage,
)
from funding.errors import EnvelopeExceeded, EnvelopeMissing, FundingError
from funding.models import MeasureAllocation, MeasureEnvelope, MeasureReservation
from partnerships.enums import OrganisationKind, Role
from tests.households.factories import MemberFactory, ProjectFactory
from tests.partnerships.factories import (
    OrganisationFactory,
    ProgrammeFactory,
    TerritoryFactory,
    member,
)
from tests.world import envelope_project

pytestmark = pytest.mark.django_db


def test_envelope_total_is_45_measures_of_5000_euros(envelope_seed):
    # seed 004 §5: 225 000 € for 45 measures
    assert envelope_seed.envelope.total == Decimal("225000.00")
    usage = envelopes_with_usage(MeasureEnvelope.objects.all()).get(pk=envelope_seed.envelope.pk)
    assert (usage.allocated, usage.committed, usage.remaining) == (45, 0, 45)


def test_measures_count_adults_only_even_children_of_age(envelope_seed):
    # seed 004 §5: 5 000 € per person per year, children excluded even when of age
    couple = envelope_project(envelope_seed, adults=2, children=2, adult_children=1)
    assert measures_for(couple) == 2


def test_programme_without_measures_consumes_none(envelope_seed):
    joint = ProjectFactory(programme=ProgrammeFactory(joint=True))
    MemberFactory(household=joint.household)
    assert measures_for(joint) == 0


def test_territories_cannot_receive_more_than_the_envelope(envelope_seed):
    extra = TerritoryFactory(name="Audomarois")
    with pytest.raises(FundingError, match="45 mesures, dont 45 déjà allouées"):
        allocation_set(
            envelope=envelope_seed.envelope, territory=extra, measures=1, by=envelope_seed.agent
        )
    assert not MeasureAllocation.objects.filter(territory=extra).exists()


def test_operators_share_their_territorys_allocation(envelope_seed):
    allocation_set(
        envelope=envelope_seed.envelope,
        territory=envelope_seed.artois,
        operator=envelope_seed.chrs_artois,
        measures=12,
        by=envelope_seed.agent,
    )
    other = OrganisationFactory(kind=OrganisationKind.CHRS_MANAGER)
    with pytest.raises(FundingError, match="Artois dispose de 20 mesures, dont 12"):
        allocation_set(
            envelope=envelope_seed.envelope,
            territory=envelope_seed.artois,
            operator=other,
            measures=9,
            by=envelope_seed.agent,
        )


def test_approval_reserves_one_measure_per_adult(envelope_seed):
    couple = envelope_project(envelope_seed, adults=2, children=1)
    reserve_measures(project=couple, by=envelope_seed.agent)

    reservation = MeasureReservation.objects.get(project=couple)
    assert reservation.measures == 2
    assert reservation.allocation.territory == envelope_seed.artois
    couple.refresh_from_db()
    assert couple.measure_allocation == reservation.allocation


def test_renewal_does_not_consume_a_second_time(envelope_seed):
    # seed 004 §5: a measure is a year, i.e. 6 months and the possible renewal
    single = envelope_project(envelope_seed)
    reserve_measures(project=single, by=envelope_seed.agent)
    single.renewals_used = 1
    single.save()
    reserve_measures(project=single, by=envelope_seed.agent)

    assert MeasureReservation.objects.filter(project=single).count() == 1
    usage = territory_usage(envelope_seed.envelope)
    assert usage[0]["committed"] == 1


def test_exceeding_the_allocation_is_refused_with_the_figures(envelope_seed):
    allocation_set(
        envelope=envelope_seed.envelope,
        territory=envelope_seed.artois,
        operator=envelope_seed.chrs_artois,
        measures=3,
        by=envelope_seed.agent,
    )
    reserve_measures(project=envelope_project(envelope_seed, adults=2), by=envelope_seed.agent)
    late = envelope_project(envelope_seed, adults=2)
    worker = member(Role.SOCIAL_WORKER, organisation=envelope_seed.chrs_artois)

    with pytest.raises(EnvelopeExceeded) as refused:
        reserve_measures(project=late, by=worker, override_reason="Urgence")
    assert (
        "CHRS Le Relais dispose de 3 mesures, dont 2 déjà engagées ; il en reste 1 et ce "
        "projet en demande 2" in refused.value.message
    )
    assert not MeasureReservation.objects.filter(project=late).exists()
    late.refresh_from_db()
    assert late.over_allocation_reason == ""


def test_director_overrides_with_a_written_reason_kept_in_history(envelope_seed):
    allocation_set(
        envelope=envelope_seed.envelope,
        territory=envelope_seed.artois,
        operator=envelope_seed.chrs_artois,
        measures=1,
        by=envelope_seed.agent,
    )
    reserve_measures(project=envelope_project(envelope_seed), by=envelope_seed.agent)
    late = envelope_project(envelope_seed)
    director = member(Role.DIRECTOR, organisation=envelope_seed.chrs_artois)

    with pytest.raises(EnvelopeExceeded, match="Indiquez le motif"):
        reserve_measures(project=late, by=director, override_reason="  ")
    reason = "Expulsion imminente d'une mère isolée, validée en commission."
    reserve_measures(project=late, by=director, override_reason=reason)

    late.refresh_from_db()
    assert late.over_allocation_reason == reason
    recorded = late.history.first()
    assert (recorded.over_allocation_reason, recorded.history_user) == (reason, director)
    reservation = MeasureReservation.objects.get(project=late)
    assert reservation.over_allocation_reason == reason
    assert reservation.history.first().history_user == director
    operator_row = operator_usage(envelope_seed.envelope)[0]
    assert (operator_row["allocated"], operator_row["committed"], operator_row["remaining"]) == (
        1,
        2,
        -1,
    )


def test_director_of_another_organisation_cannot_override(envelope_seed):
    allocation_set(
        envelope=envelope_seed.envelope,
        territory=envelope_seed.artois,
        operator=envelope_seed.chrs_artois,
        measures=1,
        by=envelope_seed.agent,
    )
    reserve_measures(project=envelope_project(envelope_seed), by=envelope_seed.agent)
    outsider = member(Role.DIRECTOR, organisation=envelope_seed.chrs_lens)
    with pytest.raises(EnvelopeExceeded, match="Seul un directeur"):
        reserve_measures(
            project=envelope_project(envelope_seed), by=outsider, override_reason="Motif"
        )


def test_operator_without_allocation_on_a_territory_with_an_envelope_is_refused(envelope_seed):
    lens_project = envelope_project(
        envelope_seed, territory=envelope_seed.lievin, operator=envelope_seed.chrs_lens
    )
    allocation_set(
        envelope=envelope_seed.envelope,
        territory=envelope_seed.lens,
        operator=OrganisationFactory(kind=OrganisationKind.CHRS_MANAGER),
        measures=25,
        by=envelope_seed.agent,
    )
    # The territory's own allocation is fully shared out: 25 of 25 go to another operator.
    with pytest.raises(EnvelopeExceeded):
        reserve_measures(project=lens_project, by=envelope_seed.agent)


def test_project_outside_any_envelope_is_refused_then_consumes_nothing_with_a_reason():
    # seed 004 §5: measures are counted in an envelope; without one, a director decides.
    single = ProjectFactory()
    MemberFactory(household=single.household)
    director = member(Role.DIRECTOR, organisation=single.operator)
    with pytest.raises(EnvelopeMissing, match="Aucune enveloppe de mesures n'existe"):
        reserve_measures(project=single, by=director)
    reserve_measures(project=single, by=director, override_reason="Financement hors enveloppe")
    assert not MeasureReservation.objects.exists()
    single.refresh_from_db()
    assert single.over_allocation_reason == "Financement hors enveloppe"


def test_usage_per_territory_and_operator_with_the_seed_figures(envelope_seed):
    allocation_set(
        envelope=envelope_seed.envelope,
        territory=envelope_seed.lens,
        operator=envelope_seed.chrs_lens,
        measures=15,
        by=envelope_seed.agent,
    )
    reserve_measures(project=envelope_project(envelope_seed, adults=2), by=envelope_seed.agent)
    reserve_measures(
        project=envelope_project(
            envelope_seed,
            territory=envelope_seed.lievin,
            operator=envelope_seed.chrs_lens,
            adults=1,
        ),
        by=envelope_seed.agent,
    )

    assert [
        (row["territory__name"], row["allocated"], row["committed"], row["remaining"])
        for row in territory_usage(envelope_seed.envelope)
    ] == [("Artois", 20, 2, 18), ("Lens-Hénin", 25, 1, 24)]
    assert [
        (row["operator__name"], row["allocated"], row["committed"], row["remaining"])
        for row in operator_usage(envelope_seed.envelope)
    ] == [("CHRS de Lens", 15, 1, 14)]
    lens_allocation = allocations_with_usage(MeasureAllocation.objects.all()).get(
        territory=envelope_seed.lens, operator=envelope_seed.chrs_lens
    )
    assert (lens_allocation.committed, lens_allocation.remaining) == (1, 14)
    usage = envelopes_with_usage(MeasureEnvelope.objects.all()).get(pk=envelope_seed.envelope.pk)
    assert (usage.committed, usage.remaining) == (3, 42)


def test_allocation_cannot_go_below_what_is_consumed(envelope_seed):
    reserve_measures(project=envelope_project(envelope_seed, adults=2), by=envelope_seed.agent)
    with pytest.raises(FundingError, match="2 mesures de cette allocation sont déjà consommées"):
        allocation_set(
            envelope=envelope_seed.envelope,
            territory=envelope_seed.artois,
            measures=1,
            by=envelope_seed.agent,
        )
