"""Rules of conventions, with the figures and dates of the source documents."""

import datetime as dt
from decimal import Decimal

import pytest

from partnerships import services
from partnerships.enums import ConventionStatus, PartyRole, RenewalPolicy, Role
from partnerships.models import Amendment, Convention, Termination
from partnerships.services import ConventionError
from tests.partnerships.factories import (
    ConventionFactory,
    ConventionPartyFactory,
    OrganisationFactory,
    UserFactory,
    convention_between,
    member,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def admin():
    return UserFactory(is_superuser=True, is_staff=True)


def cpom_2023_121(**fields):
    """seed 001: CPOM 2023-2025 between the Pas-de-Calais and the FAS, no tacit renewal."""
    department = OrganisationFactory(department=True, name="Département du Pas-de-Calais")
    fas = OrganisationFactory(name="Fédération des Acteurs de la Solidarité")
    convention = ConventionFactory(
        reference="2023-121",
        start_date=D(2023, 1, 1),
        end_date=D(2025, 12, 31),
        signed_on=D(2023, 4, 28),
        renewal_policy=RenewalPolicy.NONE,
        amount=Decimal("60000.00"),
        **fields,
    )
    ConventionPartyFactory(convention=convention, organisation=department, role=PartyRole.FUNDER)
    ConventionPartyFactory(convention=convention, organisation=fas, role=PartyRole.BENEFICIARY)
    return convention, department, fas


def soliha_mta():
    """seed 000: signed at Croix on 16 February 2021 for one year, renewable (art. VII)."""
    soliha = OrganisationFactory(name="SOLiHA Métropole Nord")
    mta = OrganisationFactory(name="Marcq Terre d'Accueil")
    convention = convention_between(
        soliha,
        mta,
        reference="SOLIHA-MTA-2021",
        start_date=D(2021, 2, 16),
        end_date=D(2022, 2, 15),
        signed_on=D(2021, 2, 16),
        renewal_policy=RenewalPolicy.BY_DECISION,
    )
    return convention, soliha, mta


def udccas(**fields):
    """seed 002: 2019-2021, denounced by registered letter with three months' notice."""
    department = OrganisationFactory(department=True, name="Département du Nord")
    union = OrganisationFactory(name="UDCCAS du Nord")
    fields.setdefault("renewal_policy", RenewalPolicy.NONE)
    convention = convention_between(
        department,
        union,
        reference="CD59-UDCCAS-2019-2021",
        start_date=D(2019, 1, 1),
        end_date=D(2021, 12, 31),
        signed_on=D(2019, 1, 1),
        notice_months=3,
        **fields,
    )
    return convention, department, union


# --------------------------------------------------------------------------- renewal, status
def test_tacit_renewal_starts_a_new_term_and_a_new_denunciation_deadline():
    # seed 002 §VII: 3 months' notice; tacit renewal by terms of 12 months
    convention, _dep, _union = udccas(renewal_policy=RenewalPolicy.TACIT)
    assert convention.last_day_to_denounce() == D(2021, 9, 30)
    assert convention.term_end_on(D(2022, 6, 1)) == D(2022, 12, 31)
    assert convention.last_day_to_denounce(D(2022, 6, 1)) == D(2022, 9, 30)
    assert convention.status_on(D(2022, 6, 1)) == ConventionStatus.RENEWED
    assert convention.in_force_on(D(2022, 6, 1))


def test_convention_without_tacit_renewal_expires_at_its_end():
    # seed 001 art. 8: 1 January 2023 to 31 December 2025, "en aucun cas … tacite reconduction"
    convention, *_ = cpom_2023_121()
    assert convention.status_on(D(2025, 12, 31)) == ConventionStatus.ACTIVE
    assert convention.status_on(D(2026, 1, 1)) == ConventionStatus.EXPIRED
    assert convention.status_on(D(2023, 4, 27)) == ConventionStatus.AWAITING_SIGNATURE


def test_renewal_of_a_convention_excluding_tacit_renewal_is_refused(admin):
    # seed 001 art. 8
    convention, *_ = cpom_2023_121()
    with pytest.raises(ConventionError, match="exclut toute reconduction"):
        services.convention_renew(
            convention=convention,
            by=admin,
            decided_on=D(2025, 11, 1),
            new_end_date=D(2026, 12, 31),
            decision_reference="Commission Permanente",
        )
    assert not Amendment.objects.exists()


def test_soliha_mta_convention_is_renewed_by_decision_of_the_steering_committee(admin):
    # seed 000 art. VII: one year, renewable
    convention, *_ = soliha_mta()
    amendment = services.convention_renew(
        convention=convention,
        by=admin,
        decided_on=D(2022, 1, 18),
        new_end_date=D(2024, 2, 15),
        decision_reference="Comité de pilotage du 18 janvier 2022",
    )
    convention = Convention.objects.get(pk=convention.pk)
    assert amendment.is_renewal and amendment.number == 1
    assert convention.end_date == D(2022, 2, 15)  # the initial term stays readable
    assert convention.end_in_force() == D(2024, 2, 15)
    assert convention.status_on(D(2023, 1, 1)) == ConventionStatus.ACTIVE


def test_renewal_after_the_end_is_refused(admin):
    convention, *_ = soliha_mta()
    with pytest.raises(ConventionError, match="a pris fin le 15/02/2022"):
        services.convention_renew(
            convention=convention,
            by=admin,
            decided_on=D(2022, 3, 1),
            new_end_date=D(2023, 2, 15),
            decision_reference="COPIL",
        )


# ----------------------------------------------------------------------------- termination
def test_denunciation_keeps_the_convention_in_force_for_three_months(admin):
    # seed 002 §VII: notice of three months from the receipt of the letter
    convention, _dep, union = udccas()
    termination = services.convention_denounce(
        convention=convention, by=admin, organisation=union, notified_on=D(2020, 4, 15)
    )
    assert termination.effective_on == D(2020, 7, 15)
    convention = Convention.objects.get(pk=convention.pk)
    assert convention.status_on(D(2020, 7, 14)) == ConventionStatus.ACTIVE
    assert convention.status_on(D(2020, 7, 15)) == ConventionStatus.TERMINATED
    assert convention.end_on(D(2020, 5, 1)) == D(2020, 7, 14)


def test_denunciation_by_an_organisation_outside_the_convention_is_refused(admin):
    convention, *_ = udccas()
    with pytest.raises(ConventionError, match="n'est pas partie"):
        services.convention_denounce(
            convention=convention,
            by=admin,
            organisation=OrganisationFactory(name="Autre"),
            notified_on=D(2020, 4, 15),
        )
    assert not Termination.objects.exists()


def test_second_denunciation_is_refused(admin):
    convention, department, union = udccas()
    services.convention_denounce(
        convention=convention, by=admin, organisation=union, notified_on=D(2020, 4, 15)
    )
    with pytest.raises(ConventionError, match="déjà enregistrée"):
        services.convention_denounce(
            convention=convention, by=admin, organisation=department, notified_on=D(2020, 5, 1)
        )


def test_funder_terminates_only_after_formal_notice(admin):
    # seed 001 art. 9: unilateral termination by the Département after a formal notice
    convention, department, _fas = cpom_2023_121()
    with pytest.raises(ConventionError, match="mise en demeure"):
        services.convention_terminate(
            convention=convention,
            by=admin,
            organisation=department,
            notified_on=D(2024, 6, 1),
            reason="Engagements non respectés",
        )
    termination = services.convention_terminate(
        convention=convention,
        by=admin,
        organisation=department,
        formal_notice_on=D(2024, 3, 1),
        notified_on=D(2024, 6, 1),
        reason="Engagements non respectés après mise en demeure",
        amount_to_repay=Decimal("6000.00"),
    )
    assert termination.effective_on == D(2024, 6, 1)  # at any time, from its notification
    convention = Convention.objects.get(pk=convention.pk)
    assert convention.status_on(D(2024, 6, 1)) == ConventionStatus.TERMINATED


def test_beneficiary_may_renounce_without_formal_notice(admin):
    # seed 001 art. 9: "à l'initiative du bénéficiaire renonçant à la participation"
    convention, _dep, fas = cpom_2023_121()
    termination = services.convention_terminate(
        convention=convention,
        by=admin,
        organisation=fas,
        notified_on=D(2024, 6, 1),
        reason="Renonciation à la participation",
    )
    assert termination.formal_notice_on is None


# ------------------------------------------------------------------------------ amendments
def test_amendment_changes_the_amount_in_force_and_keeps_the_initial_one(admin):
    convention, *_ = cpom_2023_121()
    services.amendment_add(
        convention=convention,
        by=admin,
        signed_on=D(2024, 6, 1),
        summary="Réduction de la participation 2025",
        amount_change=Decimal("-5000.00"),
    )
    convention = Convention.objects.get(pk=convention.pk)
    assert convention.amount == Decimal("60000.00")
    assert convention.amount_in_force() == Decimal("55000.00")
    assert convention.amount_in_force(D(2024, 5, 31)) == Decimal("60000.00")


def test_amendment_that_would_make_the_amount_negative_is_refused(admin):
    convention, *_ = cpom_2023_121()
    with pytest.raises(ConventionError, match="négatif"):
        services.amendment_add(
            convention=convention,
            by=admin,
            signed_on=D(2024, 6, 1),
            summary="Erreur",
            amount_change=Decimal("-60000.01"),
        )
    assert not Amendment.objects.exists()


def test_amendment_changes_parties_and_history_shows_who_was_bound_when(admin):
    convention, department, fas = cpom_2023_121()
    newcomer = OrganisationFactory(name="Région Hauts-de-France")
    fas_party = convention.parties.get(organisation=fas)
    services.amendment_add(
        convention=convention,
        by=admin,
        signed_on=D(2024, 6, 1),
        summary="La Région rejoint la convention",
        add_parties=[(newcomer, PartyRole.FUNDER, None)],
    )
    amendment = services.amendment_add(
        convention=convention,
        by=admin,
        signed_on=D(2024, 9, 1),
        summary="Retrait de la FAS",
        remove_parties=[fas_party],
    )
    convention = Convention.objects.get(pk=convention.pk)
    before = {p.organisation.name for p in convention.parties_on(D(2024, 5, 31))}
    between = {p.organisation.name for p in convention.parties_on(D(2024, 7, 1))}
    after = {p.organisation.name for p in convention.parties_on(D(2024, 9, 1))}
    assert before == {department.name, fas.name}
    assert between == {department.name, fas.name, newcomer.name}
    assert after == {department.name, newcomer.name}
    assert amendment.number == 2
    assert convention.parties.count() == 3  # nothing is erased


def test_amendment_leaving_a_single_party_is_refused(admin):
    convention, _dep, fas = cpom_2023_121()
    with pytest.raises(ConventionError, match="au moins deux parties"):
        services.amendment_add(
            convention=convention,
            by=admin,
            signed_on=D(2024, 6, 1),
            summary="Retrait",
            remove_parties=[convention.parties.get(organisation=fas)],
        )


def test_amendment_after_the_end_is_refused(admin):
    convention, *_ = soliha_mta()
    with pytest.raises(ConventionError, match="n'est pas en vigueur le 01/03/2022"):
        services.amendment_add(
            convention=convention,
            by=admin,
            signed_on=D(2022, 3, 1),
            summary="Trop tard",
            new_end_date=D(2023, 2, 15),
        )


# --------------------------------------------------------------------- draft to signature
def test_a_convention_is_submitted_for_signature_with_two_parties_and_then_signed(admin):
    staff = member(Role.DEPARTMENT_STAFF)
    department = staff.memberships.get().organisation
    convention = services.convention_create(
        by=staff,
        parties=[(department, PartyRole.FUNDER, None)],
        reference="2023-121",
        title="CPOM 2023-2025",
        kind="cpom",
        start_date=D(2023, 1, 1),
        end_date=D(2025, 12, 31),
        renewal_policy=RenewalPolicy.NONE,
        notice_months=0,
    )
    with pytest.raises(ConventionError, match="au moins deux parties"):
        services.convention_submit(convention=convention, by=staff)
    services.party_add(
        convention=convention, by=staff, organisation=OrganisationFactory(), role="beneficiary"
    )
    services.convention_submit(convention=convention, by=staff)
    assert convention.status_on(D(2023, 1, 1)) == ConventionStatus.DRAFT  # stale instance
    convention.refresh_from_db()
    assert convention.status == ConventionStatus.AWAITING_SIGNATURE
    services.convention_sign(convention=convention, by=staff, signed_on=D(2023, 4, 28))
    convention.refresh_from_db()
    assert convention.signed_on == D(2023, 4, 28)
    assert all(p.signed_on == D(2023, 4, 28) for p in convention.parties.all())
    with pytest.raises(ConventionError, match="par avenant"):
        services.convention_update(convention=convention, by=staff, end_date=D(2026, 12, 31))


def test_local_convention_stays_within_its_framework(admin):
    # seed 002 §IV: local conventions UTPAS × CCAS decline the 2019-2021 framework
    framework, *_ = udccas()
    with pytest.raises(ConventionError, match="s'inscrit dans la durée de sa convention cadre"):
        services.convention_create(
            by=admin,
            reference="LOCAL-2022",
            title="Convention locale",
            kind="local",
            parent=framework,
            start_date=D(2021, 3, 1),
            end_date=D(2022, 12, 31),
        )
    assert not Convention.objects.filter(reference="LOCAL-2022").exists()


def test_tacit_renewal_without_notice_is_refused(admin):
    with pytest.raises(ConventionError, match="préavis"):
        services.convention_create(
            by=admin,
            reference="T-1",
            title="Tacite",
            kind="framework",
            start_date=D(2021, 1, 1),
            end_date=D(2021, 12, 31),
            renewal_policy=RenewalPolicy.TACIT,
            notice_months=0,
        )
