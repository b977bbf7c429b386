"""Two people recording the same payment at once, on two real PostgreSQL connections."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections, transaction

from funding import services
from funding.enums import InstalmentStatus
from funding.errors import EditConflict
from funding.models import Instalment

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="verrous de lignes réels : PostgreSQL seulement"
    ),
]


def test_concurrent_payments_of_one_instalment_let_exactly_one_succeed(fas_grant, agent):
    services.instalments_generate(grant=fas_grant, by=agent)
    services.grant_notify(grant=fas_grant, on=dt.date(2023, 4, 19), by=agent)
    instalment = fas_grant.instalments.get(year=2023, position=1)
    version = instalment.version

    first_updated = threading.Event()
    results: dict[str, object] = {}

    def pay(name: str, mandate: str, hold: bool) -> None:
        try:
            with transaction.atomic():
                services.instalment_pay(
                    instalment=Instalment.objects.get(pk=instalment.pk),
                    version=version,
                    paid_on=dt.date(2023, 5, 10),
                    mandate_reference=mandate,
                    by=agent,
                )
                if hold:
                    # Keep the row locked while the other writer tries its own update.
                    first_updated.set()
                    threading.Event().wait(0.5)
            results[name] = "ok"
        except EditConflict as error:
            results[name] = error
        finally:
            first_updated.set()
            connections.close_all()

    first = threading.Thread(target=pay, args=("first", "MAND-1", True))
    first.start()
    first_updated.wait(5)
    second = threading.Thread(target=pay, args=("second", "MAND-2", False))
    second.start()
    first.join(10)
    second.join(10)

    assert results["first"] == "ok"
    assert isinstance(results["second"], EditConflict)
    instalment.refresh_from_db()
    assert (instalment.status, instalment.mandate_reference) == (InstalmentStatus.PAID, "MAND-1")
    assert instalment.history.filter(status=InstalmentStatus.PAID).count() == 1
