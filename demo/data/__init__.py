"""What the demo loads, as plain Python data.

Public facts (organisations, signatories, references, dates, amounts, votes) come from the
five source documents and cite them (`# seed 001 art. 4.2`); everything about users and
followed households is fictional (`people.py`, `asrl_households.py`, `mta_households.py`).
Where a seed leaves a value open (a signature date, a meeting date), the demo picks one and
says so in a comment.
"""

from demo.data.activity import (
    ACTION_SHEETS,
    ACTIVITY_KINDS,
    ACTIVITY_RECORDS,
    INCIDENT,
    INDICATOR_VALUES,
    MEDIATION_AXES,
    RECENT_ACTIVITY,
    SUPERVISION_WEEKS,
    SYNTHESIS_ANALYSIS,
)
from demo.data.asrl_households import ASRL_HOUSEHOLDS
from demo.data.conventions import CONVENTIONS
from demo.data.funding import (
    BUDGET_LINE,
    CALL,
    COFUNDING,
    ENVELOPE,
    GRANT_2023_121,
    GRANT_SUCCESSOR,
    NEXT_CALL,
    NEXT_ENVELOPE,
    OPERATOR_ALLOCATIONS,
    TERRITORY_ALLOCATIONS,
)
from demo.data.governance import (
    ACTION_PLANS,
    ANNUAL_REPORT_2023,
    COMMITTEES,
    CP_EXCUSED,
    CP_EXCUSED_NON_VOTING,
    CP_NON_VOTING,
    CP_PRESENT,
    CP_PROXIES,
    DELIBERATION_2023_121,
)
from demo.data.mta_households import MTA_HOUSEHOLDS
from demo.data.organisations import ORGANISATIONS, PROGRAMMES, TERRITORIES
from demo.data.people import PASSWORD, USERS, normalise_name, seed_person_names, seed_surnames

# In loading order: the ASRL platforms' households, then the joint programme's.
HOUSEHOLDS = [*ASRL_HOUSEHOLDS, *MTA_HOUSEHOLDS]

__all__ = [
    "ACTION_PLANS",
    "ACTION_SHEETS",
    "ACTIVITY_KINDS",
    "ACTIVITY_RECORDS",
    "ANNUAL_REPORT_2023",
    "BUDGET_LINE",
    "CALL",
    "COFUNDING",
    "COMMITTEES",
    "CONVENTIONS",
    "CP_EXCUSED",
    "CP_EXCUSED_NON_VOTING",
    "CP_NON_VOTING",
    "CP_PRESENT",
    "CP_PROXIES",
    "DELIBERATION_2023_121",
    "ENVELOPE",
    "GRANT_2023_121",
    "GRANT_SUCCESSOR",
    "NEXT_CALL",
    "NEXT_ENVELOPE",
    "HOUSEHOLDS",
    "INCIDENT",
    "INDICATOR_VALUES",
    "MEDIATION_AXES",
    "OPERATOR_ALLOCATIONS",
    "ORGANISATIONS",
    "PASSWORD",
    "PROGRAMMES",
    "RECENT_ACTIVITY",
    "SUPERVISION_WEEKS",
    "SYNTHESIS_ANALYSIS",
    "TERRITORIES",
    "TERRITORY_ALLOCATIONS",
    "USERS",
    "normalise_name",
    "seed_person_names",
    "seed_surnames",
]
