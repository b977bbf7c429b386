"""`load_demo()`: the whole demo, in one transaction, idempotent.

Every row is found by its natural key (a convention's reference, an organisation's name,
a user's e-mail, a household's reference…) and saved only when a value differs, so a
second run leaves the same rows and writes nothing, history included.
"""

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from demo import data
from demo.backup_codes import demo_codes
from demo.steps import conventions, funding, governance, households
from demo.writer import DemoWriter
from partnerships.enums import Role
from partnerships.models import User

STEPS = (conventions, governance, funding, households)

# The rows the summary counts, in the order it prints them.
SUMMARY_MODELS = [
    "partnerships.Territory",
    "partnerships.Organisation",
    "partnerships.OrganisationContact",
    "partnerships.Convention",
    "partnerships.ConventionParty",
    "partnerships.Commitment",
    "partnerships.Amendment",
    "partnerships.Programme",
    "partnerships.ProgrammeDomain",
    "partnerships.ActionSheet",
    "partnerships.Indicator",
    "partnerships.Deliverable",
    "partnerships.ActivityKind",
    "partnerships.ActivityRecord",
    "partnerships.IncidentReport",
    "partnerships.User",
    "partnerships.Membership",
    "governance.Committee",
    "governance.CommitteeMember",
    "governance.Meeting",
    "governance.Attendance",
    "governance.Decision",
    "governance.ActionPlan",
    "governance.PlanObjective",
    "governance.AnnualReport",
    "funding.BudgetLine",
    "funding.Grant",
    "funding.GrantYear",
    "funding.MeasureEnvelope",
    "funding.MeasureAllocation",
    "funding.CoFundingPlan",
    "funding.CoFundingContribution",
    "funding.CallForApplications",
    "funding.SelectionCriterion",
    "funding.Application",
    "households.Household",
    "households.Member",
    "households.Referral",
    "households.OrientationDecision",
    "households.InterventionProject",
    "households.ProjectApproval",
    "households.PlannedAction",
    "households.Contact",
    "households.Review",
    "households.Closure",
    "households.FinancialHelp",
]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    organisation: str
    password: str
    # Single-use backup codes for the second factor (none: the password is enough).
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoSummary:
    counts: dict[str, int]
    logins: list[DemoLogin]
    created: int
    updated: int
    unchanged: int


def load_demo(*, today: dt.date | None = None) -> DemoSummary:
    """Load the demo, or bring it up to date; `today` anchors the households' follow-up."""
    writer = DemoWriter(today or timezone.localdate())
    with transaction.atomic():
        for step in STEPS:
            step.load(writer)
        logins = demo_logins(with_codes=True)
    counts = {}
    for label in SUMMARY_MODELS:
        model = apps.get_model(label)
        counts[str(model._meta.verbose_name_plural).capitalize()] = model.objects.count()
    return DemoSummary(
        counts=counts,
        logins=logins,
        created=writer.created,
        updated=writer.updated,
        unchanged=writer.unchanged,
    )


def demo_logins(*, with_codes: bool = False) -> list[DemoLogin]:
    """The demo accounts; `with_codes`: with their backup codes, topped up if some were used."""
    territory_names = dict(_territory_names(data.TERRITORIES))
    logins = []
    for spec in data.USERS:
        if spec["role"] is None:
            role, where = "Superutilisateur", "—"
        else:
            role = str(Role(spec["role"]).label)
            where = data.ORGANISATIONS[spec["organisation"]]["name"]
            if spec.get("territory"):
                where += f" ({territory_names[spec['territory']]})"
        codes = demo_codes(User.objects.get(email=spec["email"])) if with_codes else ()
        logins.append(DemoLogin(spec["email"], role, where, data.PASSWORD, codes))
    return logins


def _territory_names(nodes):
    for key, name, _kind, _code, children in nodes:
        yield key, name
        yield from _territory_names(children)
