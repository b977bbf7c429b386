"""`{% load fields %}`: `{{ object|label:"status" }}` is a choice's label, without the cost
of `get_status_display` (issue 15). A form's field without crispy's templates is
`{{ field|form_field }}` of `{% load maillage %}`."""

from django import forms, template

from common.choices import choice_label

register = template.Library()

# Laid out by crispy's own templates: a check box after its label, radio buttons and check
# boxes one by one, a file input with its current file, several widgets in a fieldset.
CRISPY_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.FileInput, forms.MultiWidget)


@register.filter
def label(instance, field_name: str):
    """`{{ project|label:"status" }}`: the choice's label, as `get_status_display`, without
    rebuilding the field's choices on each call (common.choices)."""
    return choice_label(instance, field_name)
