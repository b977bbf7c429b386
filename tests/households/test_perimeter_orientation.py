"""The perimeter's extension: an orientation brings the designated operator in (seed 004 §4)."""

import pytest

from households.models import Household
from tests.households.factories import HouseholdFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def test_operator_designated_by_the_orientation_sees_the_household(world):
    # The SIAO's household, oriented to the CHRS: the CHRS must see it to write the project.
    household = HouseholdFactory(organisation=world.orgs.siao, territory=world.territories.arras)
    assert not Household.objects.visible_to(world.users.social_worker).filter(pk=household.pk)
    ReferralFactory(
        household=household,
        programme=world.asrl,
        oriented=True,
        decision__operator=world.orgs.chrs,
        decision__decided_by=world.users.coordinator,
    )
    assert Household.objects.visible_to(world.users.social_worker).filter(pk=household.pk).exists()
    assert not Household.objects.visible_to(world.users.outsider).filter(pk=household.pk).exists()
    assert not Household.objects.visible_to(world.users.volunteer).filter(pk=household.pk).exists()


def test_signatory_partner_and_department_staff_have_no_household_access(world):
    from partnerships.enums import Role
    from tests.partnerships.factories import member

    partner = member(Role.SIGNATORY_PARTNER, world.orgs.siao)
    assert not partner.has_perm("households.access")
    assert not world.users.staff.has_perm("households.access")
    assert world.users.volunteer.has_perm("households.access")
