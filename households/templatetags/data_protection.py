"""`{% load data_protection %}{% data_protection_panel household %}` on a household's file."""

from django import template

from households.retention import retention_end

register = template.Library()


@register.inclusion_tag("households/_data_protection.html", takes_context=True)
def data_protection_panel(context, household):
    user = context["request"].user
    can_documents = user.has_perm("households.read_household_log", household)
    can_extend = user.has_perm("households.extend_retention", household)
    return {
        "household": household,
        "can_documents": can_documents,
        "can_extend_retention": can_extend,
        "can_anonymise": user.has_perm("households.anonymise_household", household),
        "retention_end": retention_end(household) if (can_documents or can_extend) else None,
    }
