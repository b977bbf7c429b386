"""issue 13, case 4 (conventions): a signed convention's terms — end date, renewal policy,
notice, amount, parties — change only by amendment (seed 001 art. 8 and 9, seed 002 §VII);
every convention service checks the acting user."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from partnerships import services
from partnerships.enums import PartyRole, RenewalPolicy
from partnerships.models import Amendment, Convention
from partnerships.services import ConventionError
from tests.partnerships.factories import PASSWORD, ConventionFactory, ConventionPartyFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def signed(world):
    """A convention of the Département and the FAS signed on 15 January 2025, to the end of
    2029, with no tacit renewal (seed 001 art. 8) and 60 000 €."""
    convention = ConventionFactory(
        reference="CPOM-2025-2029",
        start_date=D(2025, 1, 1),
        end_date=D(2029, 12, 31),
        signed_on=D(2025, 1, 15),
        renewal_policy=RenewalPolicy.NONE,
        notice_months=0,
        amount=Decimal("60000.00"),
    )
    ConventionPartyFactory(
        convention=convention, organisation=world.orgs.department, role=PartyRole.FUNDER
    )
    ConventionPartyFactory(
        convention=convention, organisation=world.orgs.fas, role=PartyRole.BENEFICIARY
    )
    return convention


def terms(convention):
    convention = Convention.objects.get(pk=convention.pk)
    return (
        convention.end_in_force(),
        convention.renewal_policy,
        convention.notice_months,
        convention.amount_in_force(),
    )


NOT_AMENDED = (D(2029, 12, 31), RenewalPolicy.NONE, 0, Decimal("60000.00"))


def test_moving_the_end_to_2040_with_tacit_renewal_is_refused_without_an_amendment(world, signed):
    # seed 001 art. 9: "La présente convention peut être modifiée … par voie d'avenant"
    with pytest.raises(ConventionError, match="ne changent plus que par avenant"):
        services.convention_update(
            convention=signed,
            by=world.users.staff,
            end_date=D(2040, 12, 31),
            renewal_policy=RenewalPolicy.TACIT,
            notice_months=0,
        )
    assert terms(signed) == NOT_AMENDED


def test_the_refusal_names_the_terms_and_the_amendment(world, signed):
    with pytest.raises(ConventionError) as refused:
        services.convention_update(
            convention=signed,
            by=world.users.staff,
            end_date=D(2040, 12, 31),
            amount=Decimal("1.00"),
        )
    message = refused.value.messages[0]
    assert "date de fin initiale" in message and "montant initial" in message
    assert "Enregistrez un avenant" in message


def test_an_amendment_moves_the_end_to_2040_and_switches_to_tacit_renewal_with_its_notice(
    world, signed
):
    # seed 002 §VII: a tacit convention is denounced with three months' notice
    amendment = services.amendment_add(
        convention=signed,
        by=world.users.staff,
        signed_on=D(2025, 6, 1),
        summary="Prolongation jusqu'en 2040 et tacite reconduction",
        new_end_date=D(2040, 12, 31),
        new_renewal_policy=RenewalPolicy.TACIT,
        new_notice_months=3,
    )
    assert terms(signed) == (D(2040, 12, 31), RenewalPolicy.TACIT, 3, Decimal("60000.00"))
    assert (amendment.new_renewal_policy, amendment.new_notice_months) == (RenewalPolicy.TACIT, 3)
    convention = Convention.objects.get(pk=signed.pk)
    assert convention.end_date == D(2029, 12, 31)  # the initial end stays readable
    assert convention.last_day_to_denounce() == D(2040, 9, 30)
    assert convention.history.first().history_user == world.users.staff


def test_even_an_amendment_cannot_make_a_tacit_renewal_without_notice(world, signed):
    with pytest.raises(ConventionError, match="précise le préavis"):
        services.amendment_add(
            convention=signed,
            by=world.users.staff,
            signed_on=D(2025, 6, 1),
            summary="Prolongation jusqu'en 2040 et tacite reconduction",
            new_end_date=D(2040, 12, 31),
            new_renewal_policy=RenewalPolicy.TACIT,
            new_notice_months=0,
        )
    assert terms(signed) == NOT_AMENDED
    assert not Amendment.objects.exists()


def test_the_title_and_purpose_of_a_signed_convention_stay_editable(world, signed):
    services.convention_update(
        convention=signed,
        by=world.users.staff,
        title="CPOM 2025-2029 avec la FAS",
        end_date=D(2029, 12, 31),  # unchanged terms, as a form sends them back
        amount=Decimal("60000"),
    )
    assert Convention.objects.get(pk=signed.pk).title == "CPOM 2025-2029 avec la FAS"


def test_another_organisation_cannot_amend_nor_edit(world, signed):
    outsider = world.users.outsider_director
    with pytest.raises(ConventionError, match="pilotent la convention"):
        services.amendment_add(
            convention=signed,
            by=outsider,
            signed_on=D(2025, 6, 1),
            summary="Prolongation",
            new_end_date=D(2040, 12, 31),
        )
    with pytest.raises(ConventionError, match="pilotent la convention"):
        services.convention_update(convention=signed, by=outsider, title="Détournée")
    assert terms(signed) == NOT_AMENDED
    assert Convention.objects.get(pk=signed.pk).title != "Détournée"


def test_a_social_worker_of_a_party_cannot_amend(world):
    convention = world.conventions.asrl  # the CHRS is party to it
    with pytest.raises(ConventionError, match="pilotent la convention"):
        services.amendment_add(
            convention=convention,
            by=world.users.social_worker,
            signed_on=D(2023, 6, 1),
            summary="Prolongation",
            new_end_date=D(2040, 12, 31),
        )


# ---------------------------------------------------------------------------------- pages
def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def test_the_terms_page_of_a_signed_convention_ignores_new_terms(client, world, signed):
    login(client, world.users.staff)
    url = reverse("partnerships:convention_edit", args=[signed.pk])
    assert "se modifie par avenant" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "reference": signed.reference,
            "title": "CPOM renommée",
            "kind": signed.kind,
            "start_date": "2025-01-01",
            "end_date": "2040-12-31",
            "renewal_policy": RenewalPolicy.TACIT,
            "notice_months": "0",
        },
    )
    assert response.status_code == 302
    assert terms(signed) == NOT_AMENDED
    assert Convention.objects.get(pk=signed.pk).title == "CPOM renommée"


def test_the_amendment_page_applies_the_new_renewal_terms(client, world, signed):
    login(client, world.users.staff)
    url = reverse("partnerships:amendment_add", args=[signed.pk])
    data = {
        "signed_on": "2025-06-01",
        "summary": "Prolongation et tacite reconduction",
        "new_end_date": "2040-12-31",
        "new_renewal_policy": RenewalPolicy.TACIT,
        "new_notice_months": "",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "précise le préavis" in response.content.decode()
    assert terms(signed) == NOT_AMENDED
    response = client.post(url, {**data, "new_notice_months": "3"})
    assert response.status_code == 302
    assert terms(signed) == (D(2040, 12, 31), RenewalPolicy.TACIT, 3, Decimal("60000.00"))
