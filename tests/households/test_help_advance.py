"""One-off financial help as an advance on a public aid, paid then repaid.

seed 000 axe 5: « Actions de soutien financier ponctuel (faire face aux imprévus financiers ou
temporiser le déblocage d'une aide publique). » A help can be an advance on the public aid the
household awaits, repaid when it arrives; every help is marked paid (date, means) and repaid
(date, amount)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from households import services
from households.errors import HouseholdError
from households.models import FinancialHelp
from tests.households.factories import FinancialHelpFactory

pytestmark = pytest.mark.django_db
D = dt.date


def advance(world, joint_project, **kwargs):
    return services.help_request(
        project=joint_project,
        by=world.users.volunteer,
        purpose="housing",
        amount_requested=Decimal("300.00"),
        payer=world.orgs.soliha,
        is_advance=True,
        awaited_aid="APL du mois de mars",
        **kwargs,
    )


PAID_ON = D(2024, 3, 5)


def granted_and_paid(world, help_, amount="300.00", paid_on=PAID_ON):
    director = world.users.soliha_director
    services.help_decide(
        help_=help_, by=director, granted=True, decided_on=D(2024, 3, 1),
        amount_granted=Decimal(amount),
    )  # fmt: skip
    return services.help_pay(help_=help_, by=director, paid_on=paid_on, payment_method="Virement")


def stored(help_):
    help_ = FinancialHelp.objects.get(pk=help_.pk)
    return help_.repaid_on, help_.amount_repaid


def test_an_advance_temporises_a_public_aid_and_is_repaid_when_it_arrives(world, joint_project):
    """seed 000 axe 5: « temporiser le déblocage d'une aide publique »: 300 € advanced on
    5 March 2024 while the APL is awaited, repaid in full on 10 April 2024 when it arrives."""
    help_ = advance(world, joint_project)
    assert (help_.is_advance, help_.awaited_aid) == (True, "APL du mois de mars")
    help_ = granted_and_paid(world, help_)
    assert help_.left_to_repay == Decimal("300.00")
    services.help_repay(
        help_=help_,
        by=world.users.soliha_director,
        repaid_on=D(2024, 4, 10),
        amount_repaid=Decimal("300.00"),
    )
    help_ = FinancialHelp.objects.get(pk=help_.pk)
    assert stored(help_) == (D(2024, 4, 10), Decimal("300.00"))
    assert help_.left_to_repay == Decimal("0.00")
    assert help_.history.first().history_user == world.users.soliha_director


def test_an_advance_names_the_public_aid_it_waits_for(world, joint_project):
    """seed 000 axe 5: an advance temporises « une aide publique »: which one is required."""
    with pytest.raises(HouseholdError) as refused:
        services.help_request(
            project=joint_project,
            by=world.users.volunteer,
            purpose="housing",
            amount_requested=Decimal("300.00"),
            payer=world.orgs.soliha,
            is_advance=True,
            awaited_aid="  ",
        )
    assert refused.value.messages == [
        "Une avance temporise une aide publique : indiquez l'aide publique attendue."
    ]
    assert not FinancialHelp.objects.exists()


def test_a_help_is_not_repaid_before_it_is_paid(world, joint_project):
    """seed 000 axe 5: the advance is repaid after it was paid, never before."""
    help_ = advance(world, joint_project)
    services.help_decide(
        help_=help_, by=world.users.soliha_director, granted=True, decided_on=D(2024, 3, 1),
        amount_granted=Decimal("300.00"),
    )  # fmt: skip
    with pytest.raises(HouseholdError) as refused:
        services.help_repay(
            help_=help_,
            by=world.users.soliha_director,
            repaid_on=D(2024, 4, 10),
            amount_repaid=Decimal("300.00"),
        )
    assert refused.value.messages == ["Une aide ne peut être remboursée qu'après son versement."]
    assert stored(help_) == (None, None)


@pytest.mark.parametrize(
    ("repaid_on", "amount", "message"),
    [
        (
            D(2024, 3, 4),
            "300.00",
            "Le remboursement ne peut pas précéder le versement du 5 mars 2024.",
        ),
        (
            D(2024, 4, 10),
            "300.01",
            "Le montant remboursé (300,01\u00a0€) ne peut pas dépasser le montant versé "
            "(300,00\u00a0€).",
        ),
        (D(2024, 4, 10), "0", "Le montant remboursé doit être positif."),
        (D(2099, 1, 1), "300.00", "Un remboursement ne peut pas être daté dans le futur."),
    ],
)
def test_a_wrong_repayment_is_refused_in_french_and_stores_nothing(
    world, joint_project, repaid_on, amount, message
):
    """seed 000 axe 5: 300 € paid on 5 March 2024: repaid on or after that day, at most
    300 €, a positive amount, not in the future."""
    help_ = granted_and_paid(world, advance(world, joint_project))
    with pytest.raises(HouseholdError) as refused:
        services.help_repay(
            help_=help_,
            by=world.users.soliha_director,
            repaid_on=repaid_on,
            amount_repaid=Decimal(amount),
        )
    assert refused.value.messages == [message]
    assert stored(help_) == (None, None)


def test_a_help_is_repaid_once(world, joint_project):
    help_ = granted_and_paid(world, advance(world, joint_project))
    director = world.users.soliha_director
    services.help_repay(
        help_=help_, by=director, repaid_on=D(2024, 4, 10), amount_repaid=Decimal("100.00")
    )
    with pytest.raises(HouseholdError, match="déjà été remboursée le 10 avril 2024"):
        services.help_repay(
            help_=help_, by=director, repaid_on=D(2024, 4, 11), amount_repaid=Decimal("50.00")
        )
    assert stored(help_) == (D(2024, 4, 10), Decimal("100.00"))


def test_any_help_can_be_repaid_not_only_an_advance(world, joint_project):
    """seed 000 axe 5: « faire face aux imprévus financiers »: a help that was not an
    advance (150 € for an energy bill) can still be marked repaid."""
    help_ = FinancialHelpFactory(project=joint_project, payer=world.orgs.soliha)
    granted_and_paid(world, help_, amount="150.00")
    services.help_repay(
        help_=help_,
        by=world.users.soliha_director,
        repaid_on=D(2024, 6, 1),
        amount_repaid=Decimal("150.00"),
    )
    assert stored(help_) == (D(2024, 6, 1), Decimal("150.00"))


def test_the_database_refuses_a_repayment_beyond_the_payment(world, joint_project):
    help_ = granted_and_paid(world, advance(world, joint_project))
    with pytest.raises(IntegrityError), transaction.atomic():
        FinancialHelp.objects.filter(pk=help_.pk).update(
            repaid_on=D(2024, 4, 10), amount_repaid=Decimal("300.01")
        )


def test_a_volunteer_cannot_record_a_repayment(world, joint_project):
    help_ = granted_and_paid(world, advance(world, joint_project))
    with pytest.raises(PermissionDenied):
        services.help_repay(
            help_=help_,
            by=world.users.volunteer,
            repaid_on=D(2024, 4, 10),
            amount_repaid=Decimal("300.00"),
        )
    assert stored(help_) == (None, None)


def test_the_project_page_shows_the_advance_and_records_its_repayment(client, world, joint_project):
    """seed 000 axe 5: on the project's page, the advance, what is left to repay, and the
    repayment form; a wrong amount answers 400 with the message and keeps the input."""
    help_ = granted_and_paid(world, advance(world, joint_project))
    client.force_login(world.users.soliha_director)
    page = client.get(joint_project.get_absolute_url()).content.decode()
    assert "Avance sur : APL du mois de mars" in page
    assert "reste à rembourser : 300,00" in page
    url = reverse("households:help_repay", args=[help_.pk])
    assert url in page
    response = client.post(url, {"repaid_on": "2024-04-10", "amount_repaid": "999.00"})
    assert response.status_code == 400
    assert "ne peut pas dépasser le montant versé" in response.content.decode()
    assert 'value="999.00"' in response.content.decode()
    assert stored(help_) == (None, None)
    response = client.post(url, {"repaid_on": "2024-04-10", "amount_repaid": "300.00"})
    assert response.status_code == 302
    assert stored(help_) == (D(2024, 4, 10), Decimal("300.00"))
    page = client.get(joint_project.get_absolute_url()).content.decode()
    assert "remboursée le 10 avril 2024" in page


def test_the_request_page_records_an_advance(client, world, joint_project):
    client.force_login(world.users.volunteer)
    response = client.post(
        reverse("households:help_add", args=[joint_project.pk]),
        {
            "purpose": "housing",
            "amount_requested": "300.00",
            "payer": world.orgs.soliha.pk,
            "is_advance": "on",
            "awaited_aid": "FSL accès",
        },
    )
    assert response.status_code == 302
    help_ = FinancialHelp.objects.get()
    assert (help_.is_advance, help_.awaited_aid) == (True, "FSL accès")


def test_the_repayment_page_of_another_organisation_is_404(client, world, joint_project):
    help_ = granted_and_paid(world, advance(world, joint_project))
    client.force_login(world.users.outsider_director)
    url = reverse("households:help_repay", args=[help_.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"repaid_on": "2024-04-10", "amount_repaid": "1"}).status_code == 404
    assert stored(help_) == (None, None)


def test_the_admin_shows_the_repayment_read_only(client, world, joint_project):
    """The advance and its repayment are written by the services only (help_request,
    help_repay): the admin shows them and changes nothing."""
    help_ = granted_and_paid(world, advance(world, joint_project))
    client.force_login(world.users.soliha_director)
    url = reverse("admin:households_financialhelp_change", args=[help_.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "APL du mois de mars" in response.content.decode()
    form = response.context["adminform"].form
    for name in ("is_advance", "awaited_aid", "repaid_on", "amount_repaid", "paid_on"):
        assert name not in form.fields
    client.post(url, {"amount_repaid": "300.00", "repaid_on": "2024-04-10"})
    assert stored(help_) == (None, None)
