"""What a user may do on the cross-app pages (django-rules)."""

import rules

from partnerships.rules import is_department_staff

# The department-wide report reads every convention of the perimeter: department staff only.
rules.add_perm("portal.run_department_report", rules.is_superuser | is_department_staff)
