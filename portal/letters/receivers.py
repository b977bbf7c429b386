"""What the letters hear from the apps below them."""

from django.db.models import Q

from portal.models import Letter


def forget_household_letters(sender, household, **kwargs) -> int:
    """An anonymised household keeps no letter naming its members (issue 19: the orientation
    letters and the attestations hold their names), as its documents are deleted."""
    # unscoped: the household the retention service is anonymising, not a person's read
    deleted, _ = Letter.objects.filter(
        Q(referral__household=household) | Q(project__household=household)
    ).delete()
    return deleted
