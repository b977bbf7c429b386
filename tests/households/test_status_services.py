"""issue 13, cases 4 and 7 (households): the statuses of referrals and one-off financial help,
and the granted amount, are written only by their services; a help never grants more than
was asked (seed 000, volunteer axis 5: "soutien financier ponctuel")."""

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from households import services
from households.enums import HelpStatus
from households.errors import HouseholdError
from households.models import FinancialHelp
from tests.households.factories import FinancialHelpFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def help_(world, joint_project):
    """150 € asked for an energy bill, paid by SOLiHA (seed 000)."""
    return FinancialHelpFactory(
        project=joint_project, amount_requested=Decimal("150.00"), payer=world.orgs.soliha
    )


def stored(help_):
    help_ = FinancialHelp.objects.get(pk=help_.pk)
    return help_.status, help_.amount_granted, help_.decided_on


def test_granting_more_than_was_asked_is_refused_with_a_clear_message(world, help_):
    with pytest.raises(HouseholdError) as refused:
        services.help_decide(
            help_=help_,
            by=world.users.soliha_director,
            granted=True,
            decided_on=D(2024, 3, 1),
            amount_granted=Decimal("150.01"),
        )
    assert refused.value.messages == [
        "Le montant accordé (150,01\u00a0€) ne peut pas dépasser le montant demandé "
        "(150,00\u00a0€)."
    ]
    assert stored(help_) == (HelpStatus.WAITING_DOCUMENTS, None, None)


def test_granting_what_was_asked_or_less_is_accepted(world, help_):
    services.help_decide(
        help_=help_,
        by=world.users.soliha_director,
        granted=True,
        decided_on=D(2024, 3, 1),
        amount_granted=Decimal("120.00"),
    )
    assert stored(help_) == (HelpStatus.GRANTED, Decimal("120.00"), D(2024, 3, 1))


def test_the_decision_page_answers_400_with_the_message_and_keeps_the_input(client, world, help_):
    client.force_login(world.users.soliha_director)
    response = client.post(
        reverse("households:help_decide", args=[help_.pk]),
        {"granted": "1", "amount_granted": "500.00", "decided_on": "2024-03-01"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ne peut pas dépasser le montant demandé" in page
    assert 'value="500.00"' in page
    assert stored(help_) == (HelpStatus.WAITING_DOCUMENTS, None, None)


def test_documents_received_then_decided_then_paid(world, help_):
    director = world.users.soliha_director
    services.help_documents_received(help_=help_, by=director)
    assert stored(help_)[0] == HelpStatus.WAITING_DECISION
    with pytest.raises(HouseholdError, match="déjà été reçues"):
        services.help_documents_received(help_=help_, by=director)
    with pytest.raises(HouseholdError, match="Seule une aide accordée"):
        services.help_pay(help_=help_, by=director, paid_on=D(2024, 3, 5), payment_method="Chèque")
    services.help_decide(
        help_=help_,
        by=director,
        granted=True,
        decided_on=D(2024, 3, 1),
        amount_granted=Decimal("150.00"),
    )
    with pytest.raises(HouseholdError, match="précéder la décision du 1 mars 2024"):
        services.help_pay(
            help_=help_, by=director, paid_on=D(2024, 2, 28), payment_method="Virement"
        )
    services.help_pay(help_=help_, by=director, paid_on=D(2024, 3, 5), payment_method="Virement")
    paid = FinancialHelp.objects.get(pk=help_.pk)
    assert (paid.paid_on, paid.payment_method) == (D(2024, 3, 5), "Virement")
    assert paid.history.first().history_user == director


def test_a_volunteer_cannot_decide_nor_pay_a_help(world, help_):
    # The volunteer asks for the help (log_contact); the structure decides (manage_project).
    with pytest.raises(PermissionDenied):
        services.help_decide(
            help_=help_,
            by=world.users.volunteer,
            granted=True,
            decided_on=D(2024, 3, 1),
            amount_granted=Decimal("150.00"),
        )
    with pytest.raises(PermissionDenied):
        services.help_documents_received(help_=help_, by=world.users.volunteer)
    assert stored(help_) == (HelpStatus.WAITING_DOCUMENTS, None, None)


def test_the_payment_page_of_another_organisation_is_404(client, world, help_):
    client.force_login(world.users.outsider_director)
    for name in ("help_pay", "help_documents", "help_decide"):
        url = reverse(f"households:{name}", args=[help_.pk])
        assert client.post(url, {"paid_on": "2024-03-05", "payment_method": "x"}).status_code == 404
    assert stored(help_) == (HelpStatus.WAITING_DOCUMENTS, None, None)


# ------------------------------------------------------- statuses written in services only
PRODUCT_APPS = ("common", "partnerships", "governance", "funding", "households", "portal")
GUARDED = ("ReferralStatus.", "HelpStatus.")


def _writes_outside_services():
    """Every place of the product code, outside households/services/, that writes a status
    of a referral or a help (an assignment or a `status=` keyword of a constructor, `update`
    or `create`) or a granted amount."""
    root = Path(__file__).resolve().parents[2]
    found = []
    for app in PRODUCT_APPS:
        for path in (root / app).rglob("*.py"):
            relative = path.relative_to(root).as_posix()
            if "migrations" in path.parts or relative.startswith("households/services/"):
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Assign):
                    targets = [ast.unparse(t) for t in node.targets]
                    value = ast.unparse(node.value)
                    # funding's services write the amount another funder granted (seed 002
                    # §VI, OtherFunderRequest): their own field, not a help's.
                    granted = any(t.endswith(".amount_granted") for t in targets) and not (
                        relative.startswith("funding/services/")
                    )
                    status = any(t.endswith(".status") for t in targets)
                    if granted or (status and value.startswith(GUARDED)):
                        found.append(relative)
                elif isinstance(node, ast.Call) and ast.unparse(node.func).endswith(
                    (".update", ".create", "Referral", "FinancialHelp")
                ):
                    for keyword in node.keywords:
                        if keyword.arg == "amount_granted" or (
                            keyword.arg == "status"
                            and ast.unparse(keyword.value).startswith(GUARDED)
                        ):
                            found.append(relative)
    return sorted(set(found))


def test_referral_and_help_statuses_are_written_by_their_services_only():
    assert _writes_outside_services() == []
