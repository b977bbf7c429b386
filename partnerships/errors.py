"""Domain errors of the conventions: ValidationErrors with a French message a page shows as is."""

from django.core.exceptions import ValidationError


class ConventionError(ValidationError):
    """A rule of the conventions said no; the message is French and shown as is."""
