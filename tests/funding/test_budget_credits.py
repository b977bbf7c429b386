"""seed 001 rapport n°56: a deliberation's Disponible is the AE minus the earlier commitments
on the line, and the payments of each year stay within the payment credits (CP) « inscrits
chaque année au Budget Primitif »: the rule in the services, the line's page, its perimeter."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from funding import services
from funding.errors import FundingError
from funding.models import Instalment, PaymentCredit
from partnerships.enums import Role
from tests.funding.factories import BudgetLineFactory
from tests.partnerships.factories import PASSWORD, member

pytestmark = pytest.mark.django_db


def log_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def text(content) -> str:
    if not isinstance(content, str):
        content = content.content.decode()
    return content.replace("\xa0", " ").replace("\u202f", " ").replace("&#x27;", "'")


@pytest.fixture
def second_grant(world, cpom, budget_line, agent):
    """A second deliberation on C02-585F01 after the FAS's 60 000 €: 40 000 € in 2024."""
    return services.grant_create(
        convention=cpom,
        funder=world.orgs.department,
        beneficiary=world.orgs.fas,
        budget_line=budget_line,
        yearly_amounts={2024: Decimal("40000")},
        by=agent,
    )


@pytest.fixture
def due_2023(fas_grant, agent):
    """seed 001 art. 4.2: the 2023 schedule 14 000 + 6 000, the 14 000 due on notification."""
    services.instalments_generate(grant=fas_grant, by=agent)
    services.grant_notify(grant=fas_grant, on=dt.date(2023, 4, 19), by=agent)
    return fas_grant.instalments.get(year=2023, position=1)


def pay(instalment, agent, on, ref):
    instalment.refresh_from_db()
    return services.instalment_pay(
        instalment=instalment,
        version=instalment.version,
        paid_on=on,
        mandate_reference=ref,
        by=agent,
    )


# ------------------------------------------------------------------ Disponible / Solde
def test_the_first_deliberation_sees_the_whole_ae_available(fas_grant, budget_line):
    # seed 001 rapport n°56: AE 375 000 ; Disponible 375 000 ; Proposition 60 000 ; Solde 315 000
    figures = budget_line.imputation_of(fas_grant)
    assert figures == (
        Decimal("375000.00"),
        Decimal("375000.00"),
        Decimal("60000.00"),
        Decimal("315000.00"),
    )


def test_a_second_deliberation_sees_315000_available(fas_grant, second_grant, budget_line):
    # seed 001 rapport n°56: after the FAS's 60 000 €, the line has 315 000 € available, not
    # its AE: Disponible 315 000, Proposition 40 000, Solde 275 000.
    figures = budget_line.imputation_of(second_grant)
    assert (figures.available, figures.proposed, figures.balance) == (
        Decimal("315000.00"),
        Decimal("40000.00"),
        Decimal("275000.00"),
    )
    # the first deliberation's own figures do not move
    assert budget_line.imputation_of(fas_grant).available == Decimal("375000.00")


def test_the_grant_page_prints_the_second_deliberations_figures(
    client, world, fas_grant, second_grant
):
    body = text(
        log_in(client, world.users.staff).get(
            reverse("funding:grant_detail", args=[second_grant.pk])
        )
    )
    for figure in ("375 000,00 €", "315 000,00 €", "40 000,00 €", "275 000,00 €"):
        assert figure in body


def test_the_line_page_lists_each_deliberation_in_order(client, world, fas_grant, second_grant):
    line = fas_grant.budget_line
    response = log_in(client, world.users.staff).get(
        reverse("funding:budget_line_detail", args=[line.pk])
    )
    assert response.status_code == 200
    rows = [
        (grant.available, grant.proposed, grant.balance) for grant in response.context["grants"]
    ]
    assert rows == [
        (Decimal("375000.00"), Decimal("60000.00"), Decimal("315000.00")),
        (Decimal("315000.00"), Decimal("40000.00"), Decimal("275000.00")),
    ]
    assert response.context["balance"] == Decimal("275000.00")


# -------------------------------------------------------------- crédits de paiement
def test_the_staff_enter_the_years_cp_on_the_line_page(client, world, budget_line):
    # seed 001 art. 4.1: « des crédits de paiement à hauteur de 20.000 euros par an »
    url = reverse("funding:payment_credit_set", args=[budget_line.pk])
    response = log_in(client, world.users.staff).post(url, {"year": 2023, "amount": "20000"})
    assert response.status_code == 302
    assert PaymentCredit.objects.get(budget_line=budget_line, year=2023).amount == 20000
    # corrected, not doubled
    client.post(url, {"year": 2023, "amount": "25000"})
    assert PaymentCredit.objects.get(budget_line=budget_line, year=2023).amount == 25000
    bad = client.post(url, {"year": 2023, "amount": "-1"})
    assert bad.status_code == 400
    assert "Les crédits de paiement ne peuvent pas être négatifs." in text(bad)
    assert PaymentCredit.objects.get(budget_line=budget_line, year=2023).amount == 25000


def test_a_payment_beyond_the_years_cp_is_refused(due_2023, budget_line, agent):
    # seed 001 rapport n°56: « Le versement de la participation financière reste conditionné
    # d'une part aux crédits de paiement inscrits chaque année au Budget Primitif ». With
    # 10 000 € of CP in 2023, the 14 000 € first instalment (70 % of 20 000) cannot be paid.
    services.payment_credit_set(line=budget_line, year=2023, amount=Decimal("10000"), by=agent)
    with pytest.raises(FundingError) as refused:
        pay(due_2023, agent, dt.date(2023, 5, 10), "MAND-2023-1")
    message = text(" ".join(refused.value.messages))
    assert "crédits de paiement 2023 de la ligne C02-585F01" in message
    assert "10 000,00 €" in message and "14 000,00 €" in message
    due_2023.refresh_from_db()
    assert due_2023.paid_on is None
    # 20 000 € of CP: the 14 000 € is paid, 6 000 € remain for 2023
    services.payment_credit_set(line=budget_line, year=2023, amount=Decimal("20000"), by=agent)
    pay(due_2023, agent, dt.date(2023, 5, 10), "MAND-2023-1")
    (year,) = services.credit_years(budget_line)
    assert (year.year, year.credits, year.paid, year.remaining) == (
        2023,
        Decimal("20000.00"),
        Decimal("14000.00"),
        Decimal("6000.00"),
    )


def test_a_year_without_cp_on_a_line_that_has_cp_pays_nothing(due_2023, budget_line, agent):
    services.payment_credit_set(line=budget_line, year=2024, amount=Decimal("20000"), by=agent)
    with pytest.raises(FundingError) as refused:
        pay(due_2023, agent, dt.date(2023, 5, 10), "MAND-2023-1")
    assert "il en reste 0,00 €" in text(" ".join(refused.value.messages))


def test_the_cp_never_fall_below_what_the_year_paid(due_2023, budget_line, agent):
    services.payment_credit_set(line=budget_line, year=2023, amount=Decimal("20000"), by=agent)
    pay(due_2023, agent, dt.date(2023, 5, 10), "MAND-2023-1")
    with pytest.raises(FundingError) as refused:
        services.payment_credit_set(line=budget_line, year=2023, amount=Decimal("13999"), by=agent)
    assert "déjà versé 14 000,00 € en 2023" in text(" ".join(refused.value.messages))


def test_the_line_page_shows_cp_paid_and_remaining(client, world, due_2023, budget_line, agent):
    services.payment_credit_set(line=budget_line, year=2023, amount=Decimal("20000"), by=agent)
    pay(due_2023, agent, dt.date(2023, 5, 10), "MAND-2023-1")
    body = text(
        log_in(client, world.users.staff).get(
            reverse("funding:budget_line_detail", args=[budget_line.pk])
        )
    )
    for figure in ("Crédits de paiement", "20 000,00 €", "14 000,00 €", "6 000,00 €"):
        assert figure in body


def test_a_line_without_cp_pays_within_its_grants(due_2023, agent):
    pay(due_2023, agent, dt.date(2023, 5, 10), "MAND-2023-1")
    assert Instalment.objects.get(pk=due_2023.pk).paid_on == dt.date(2023, 5, 10)


# --------------------------------------------------------------------------- perimeter
def test_the_line_page_is_the_funders_only(client, world, fas_grant, budget_line):
    url = reverse("funding:budget_line_detail", args=[budget_line.pk])
    # the beneficiary reads its grant, never the funder's line
    for user in (world.users.fas_director, world.users.outsider_director):
        client.logout()
        assert log_in(client, user).get(url).status_code == 404
    client.logout()
    director = member(Role.DIRECTOR, organisation=world.orgs.department)
    page = log_in(client, director).get(url)
    assert page.status_code == 200 and "Inscrire les crédits" not in text(page)
    assert (
        client.post(
            reverse("funding:payment_credit_set", args=[budget_line.pk]),
            {"year": 2023, "amount": "1"},
        ).status_code
        == 404
    )
    assert not PaymentCredit.objects.exists()


def test_the_line_page_queries_do_not_grow_with_grants(
    client, world, budget_line, cpom, agent, django_assert_max_num_queries
):
    log_in(client, world.users.staff)
    url = reverse("funding:budget_line_detail", args=[budget_line.pk])

    def add(n):
        for i in range(n):
            services.grant_create(
                convention=cpom,
                funder=world.orgs.department,
                beneficiary=world.orgs.fas,
                budget_line=budget_line,
                yearly_amounts={2024 + i: Decimal("1000")},
                by=agent,
            )

    add(1)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    add(5)
    with django_assert_max_num_queries(len(one)):
        assert client.get(url).status_code == 200


def test_another_funders_line_is_not_found(client, world):
    line = BudgetLineFactory(funder=world.orgs.other)
    log_in(client, world.users.staff)
    assert client.get(reverse("funding:budget_line_detail", args=[line.pk])).status_code == 404
