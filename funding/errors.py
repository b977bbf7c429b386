"""Domain errors of the money: ValidationErrors with a French message a view shows as is."""

from django.core.exceptions import ValidationError


class FundingError(ValidationError):
    """A rule of the funding domain refused the operation; nothing was written."""


class EnvelopeExceeded(FundingError):
    """Approving the project would consume more measures than its allocation has left."""


class EditConflict(FundingError):
    """Someone else changed the row since it was read (optimistic locking)."""
