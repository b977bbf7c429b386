"""Domain errors of the follow-up: ValidationErrors with a French message a page shows as is."""

from django.core.exceptions import ValidationError


class HouseholdError(ValidationError):
    """A rule of the follow-up refused the operation; nothing was written."""


class EditConflict(HouseholdError):
    """Someone saved the household or the project after this person opened it (issue 8)."""
