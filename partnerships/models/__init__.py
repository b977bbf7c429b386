from partnerships.models.activity import (
    ActionSheet,
    ActivityAxis,
    ActivityKind,
    ActivityRecord,
    Deliverable,
    IncidentAcknowledgement,
    IncidentReport,
    Indicator,
    IndicatorValue,
)
from partnerships.models.conventions import (
    Amendment,
    Commitment,
    Convention,
    ConventionParty,
    Termination,
)
from partnerships.models.organisations import Organisation, OrganisationContact, Territory
from partnerships.models.people import Membership, User, UserSession
from partnerships.models.programmes import Programme, ProgrammeDomain

__all__ = [
    "ActionSheet",
    "ActivityAxis",
    "ActivityKind",
    "ActivityRecord",
    "Amendment",
    "Commitment",
    "Convention",
    "ConventionParty",
    "Deliverable",
    "IncidentAcknowledgement",
    "IncidentReport",
    "Indicator",
    "IndicatorValue",
    "Membership",
    "Organisation",
    "OrganisationContact",
    "Programme",
    "ProgrammeDomain",
    "Termination",
    "Territory",
    "User",
    "UserSession",
]
