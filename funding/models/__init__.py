from funding.models.base import FUNDING_ROLES
from funding.models.calls import (
    Application,
    ApplicationDocument,
    ApplicationRequest,
    CallForApplications,
    CriterionScore,
    RequiredDocument,
    SelectionCriterion,
)
from funding.models.cofunding import CoFundingContribution, CoFundingPlan
from funding.models.envelopes import MeasureAllocation, MeasureEnvelope, MeasureReservation
from funding.models.grants import (
    BudgetLine,
    Grant,
    GrantYear,
    Instalment,
    PaymentCredit,
    ReimbursementClaim,
)
from funding.models.papers import GrantPaper
from funding.models.requests import OtherFunderRequest, SubsidyRequest

__all__ = [
    "FUNDING_ROLES",
    "Application",
    "ApplicationDocument",
    "ApplicationRequest",
    "BudgetLine",
    "CallForApplications",
    "CoFundingContribution",
    "CoFundingPlan",
    "CriterionScore",
    "Grant",
    "GrantPaper",
    "GrantYear",
    "Instalment",
    "MeasureAllocation",
    "MeasureEnvelope",
    "MeasureReservation",
    "OtherFunderRequest",
    "PaymentCredit",
    "ReimbursementClaim",
    "RequiredDocument",
    "SelectionCriterion",
    "SubsidyRequest",
]
