"""Domain errors of the follow-up: ValidationErrors with a French message a page shows as is."""

from django.core.exceptions import ValidationError

from common.concurrency import EditConflict


class HouseholdError(ValidationError):
    """A rule of the follow-up refused the operation; nothing was written."""


class HouseholdEditConflict(HouseholdError, EditConflict):
    """Someone saved the household or the project after this person opened it (issue 8).

    An EditConflict, and a HouseholdError too, so that the households pages, which catch
    every HouseholdError, show it on the form like any other refusal."""
