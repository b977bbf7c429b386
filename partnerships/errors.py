"""Domain errors of the conventions: ValidationErrors with a French message a page shows as is."""

from django.core.exceptions import ValidationError


class ConventionError(ValidationError):
    """A rule of the conventions said no; the message is French and shown as is."""


class MembershipError(ValidationError):
    """A rule of people and roles said no (who grants which role where); the message is
    French and shown as is."""
