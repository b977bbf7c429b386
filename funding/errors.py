"""Domain errors of the money: ValidationErrors with a French message a view shows as is."""

from django.core.exceptions import ValidationError

from common.concurrency import EditConflict

__all__ = ["EditConflict", "EnvelopeExceeded", "EnvelopeMissing", "FundingError"]


class FundingError(ValidationError):
    """A rule of the funding domain refused the operation; nothing was written."""


class EnvelopeExceeded(FundingError):
    """Approving the project would consume more measures than its allocation has left."""


class EnvelopeMissing(FundingError):
    """No envelope of the programme covers the project's period: no measure can be counted."""
