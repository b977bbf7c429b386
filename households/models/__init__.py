from households.models.access import DERIVED_REASONS, HouseholdAccess
from households.models.appointments import Appointment
from households.models.audit import AuditEntry
from households.models.documents import Document, document_path
from households.models.dwellings import Dwelling
from households.models.handover import HANDOVER_ACCESS, ReferentChange
from households.models.households import (
    FOLLOWING_ROLES,
    Household,
    HouseholdPriority,
    Member,
    household_perimeter,
    priority_codes,
)
from households.models.projects import (
    OPEN_PROJECT_STATUSES,
    Closure,
    Contact,
    FinancialHelp,
    InterventionProject,
    PlannedAction,
    ProjectApproval,
    ProjectRefusal,
    RenewalAgreement,
    Review,
)
from households.models.referrals import WAITING_REFERRAL_STATUSES, OrientationDecision, Referral

__all__ = [
    "DERIVED_REASONS",
    "FOLLOWING_ROLES",
    "HANDOVER_ACCESS",
    "OPEN_PROJECT_STATUSES",
    "WAITING_REFERRAL_STATUSES",
    "Appointment",
    "AuditEntry",
    "Closure",
    "Contact",
    "Document",
    "Dwelling",
    "FinancialHelp",
    "Household",
    "HouseholdAccess",
    "HouseholdPriority",
    "InterventionProject",
    "Member",
    "OrientationDecision",
    "PlannedAction",
    "ProjectApproval",
    "ProjectRefusal",
    "Referral",
    "ReferentChange",
    "RenewalAgreement",
    "Review",
    "document_path",
    "household_perimeter",
    "priority_codes",
]
