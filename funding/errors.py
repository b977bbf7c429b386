"""Domain errors of the money: ValidationErrors with a French message a view shows as is."""

from django.core.exceptions import ValidationError

from common.concurrency import EditConflict

__all__ = ["EditConflict", "EnvelopeExceeded", "FundingError"]


class FundingError(ValidationError):
    """A rule of the funding domain refused the operation; nothing was written."""


class EnvelopeExceeded(FundingError):
    """Approving the project would consume more measures than its allocation has left."""
