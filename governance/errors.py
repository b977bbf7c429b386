"""Domain errors of governance: ValidationErrors with a French message a page shows as is."""

from django.core.exceptions import ValidationError


class GovernanceError(ValidationError):
    """A rule of governance said no; the message is French and shown as is."""
