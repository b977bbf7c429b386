"""What a user may do on the cross-app pages (django-rules)."""

import rules

from households.rules import is_household_professional
from partnerships.rules import is_department_staff, is_director

# The department-wide report reads every convention of the perimeter: department staff only.
rules.add_perm("portal.run_department_report", rules.is_superuser | is_department_staff)

# Issue 19: a structure's professionals import its households (as household_create).
rules.add_perm("portal.import_households", rules.is_superuser | is_household_professional)
# Issue 19: organisations, conventions and grants are imported by department staff; the
# imports page opens to whoever may run one kind at least (runs.IMPORT_ROLES per kind).
rules.add_perm(
    "portal.import_data",
    rules.is_superuser | is_household_professional | is_department_staff | is_director,
)
