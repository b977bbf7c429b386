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
    SupervisionTime,
    SynthesisAnalysis,
    activity_share_of,
    whole_activity_conventions,
)
from partnerships.models.conventions import (
    Amendment,
    AmendmentProposal,
    Commitment,
    Convention,
    ConventionParty,
    Termination,
    TerminationProposal,
)
from partnerships.models.notifications import Notification, NotificationPreference
from partnerships.models.organisations import Organisation, OrganisationContact, Territory
from partnerships.models.papers import ConventionPaper
from partnerships.models.people import Membership, User, UserSession
from partnerships.models.programmes import Programme, ProgrammeDomain

__all__ = [
    "activity_share_of",
    "whole_activity_conventions",
    "ActionSheet",
    "ActivityAxis",
    "ActivityKind",
    "ActivityRecord",
    "Amendment",
    "AmendmentProposal",
    "Commitment",
    "Convention",
    "ConventionPaper",
    "ConventionParty",
    "Deliverable",
    "IncidentAcknowledgement",
    "IncidentReport",
    "Indicator",
    "IndicatorValue",
    "Membership",
    "Notification",
    "NotificationPreference",
    "Organisation",
    "OrganisationContact",
    "Programme",
    "ProgrammeDomain",
    "SupervisionTime",
    "SynthesisAnalysis",
    "Termination",
    "TerminationProposal",
    "Territory",
    "User",
    "UserSession",
]
