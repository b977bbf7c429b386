"""`{% load fields %}`: `{{ form.field|bootstrap_field }}` draws a form field in the kit's
Bootstrap 5 markup, the same as crispy-forms' `|as_crispy_field` (label, widget with its
class, errors, help text), written in Python; `{{ object|label:"status" }}` is a choice's label.

Why not crispy: its field template (several nested includes and a template tag that copies
the widget's attributes) cost a list page about a quarter of its time to render a filter
form of seven fields (issue 15). The widgets crispy lays out differently (check boxes,
radio buttons, file inputs, fields in a fieldset) still go through crispy.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from common.choices import choice_label

register = template.Library()

# Laid out by crispy's own templates: a check box after its label, radio buttons and check
# boxes one by one, a file input with its current file, several widgets in a fieldset.
CRISPY_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.FileInput, forms.MultiWidget)


def _widget_class(field: BoundField) -> str:
    """The widget's classes as crispy sets them: its own, its type (`select`, `textinput`),
    then Bootstrap's (`form-select` or `form-control`, `is-invalid` with errors)."""
    widget = field.field.widget
    classes = widget.attrs.get("class", "").split()
    kind = type(widget).__name__.lower()
    if kind not in classes:
        classes.append(kind)
    bootstrap = "form-select" if isinstance(widget, forms.Select) else "form-control"
    for name in (bootstrap, "is-invalid") if field.errors else (bootstrap,):
        if name not in classes:
            classes.append(name)
    return " ".join(classes)


@register.filter
def bootstrap_field(field: BoundField) -> str:
    widget = field.field.widget
    if field.is_hidden:
        return str(field)
    if (
        isinstance(widget, CRISPY_WIDGETS)
        or widget.use_fieldset
        or field.field.show_hidden_initial
        or getattr(field.form, "helper", None) is not None
    ):
        return as_crispy_field(field)
    label = ""
    if field.label:
        required = field.field.required
        label = format_html(
            '<label{} class="form-label{}">{}{}</label>',
            format_html(' for="{}"', field.id_for_label) if field.id_for_label else "",
            " requiredField" if required else "",
            field.label,
            mark_safe('<span class="asteriskField">*</span>') if required else "",
        )
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.errors.field_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((n, field.auto_id, error) for n, error in enumerate(field.errors, start=1)),
            ),
        )
    help_text = ""
    if field.help_text:
        # Help texts are written in the code, with their markup (as crispy shows them).
        help_text = format_html(
            '<div{} class="form-text">{}</div>',
            format_html(' id="{}_helptext"', field.auto_id) if field.auto_id else "",
            mark_safe(field.help_text),
        )
    css = field.css_classes()
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}{}{}{}</div>',
        field.auto_id,
        f" {css}" if css else "",
        label,
        field.as_widget(attrs={"class": _widget_class(field)}),
        errors,
        help_text,
    )


@register.filter
def label(instance, field_name: str):
    """`{{ project|label:"status" }}`: the choice's label, as `get_status_display`, without
    rebuilding the field's choices on each call (common.choices)."""
    return choice_label(instance, field_name)
