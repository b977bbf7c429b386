"""Who may act in governance (django-rules predicates)."""

import rules

from partnerships.rules import is_staff_party


@rules.predicate
def manages_report_convention(user, report) -> bool:
    return report is not None and is_staff_party(user, report.convention)


rules.add_perm("governance.validate_report", rules.is_superuser | manages_report_convention)
