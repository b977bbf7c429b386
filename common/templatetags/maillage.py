"""The kit's template tags: `{% load maillage %}` then `|euros`, `|percent`, `|frdate` (French
formats), `|logo_src` (an organisation's logo in a PDF)
and `{% sort_header sort.column "Label" %}` (a sortable column header, with aria-sort),
`|day` (`|date:"j F Y"`, cheaper) and `|form_field` (a form's field as crispy renders it,
cheaper)."""

import base64
import datetime as dt
import functools
import html

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.conf import settings
from django.forms.renderers import get_default_renderer
from django.forms.utils import flatatt
from django.template.defaultfilters import date as date_filter
from django.utils import formats, translation
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime

from common.formatting import format_date_fr, format_datetime_fr, format_euros, format_percent

register = template.Library()


@register.filter
def euros(value) -> str:
    return format_euros(value)


@register.filter
def percent(value, digits: int = 0) -> str:
    return format_percent(value, digits)


@register.filter
def frdate(value) -> str:
    """`1er janvier 2025`, `20 mars 2023` (documents: French ordinals, no-break spaces)."""
    return format_date_fr(value)


@register.filter
def frdatetime(value) -> str:
    """`7 septembre 2026 à 14 h 05` (documents: Paris time)."""
    return format_datetime_fr(value)


LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


@register.filter
def day(value) -> str:
    """`{{ value|date:"j F Y" }}` (« 3 décembre 2026 »), each day written once per language:
    the date filter, a hundred times in a list, cost the page more than its SQL (issue 15)."""
    if type(value) is dt.date:
        return _day(value, translation.get_language())
    return date_filter(value, "j F Y")


@functools.lru_cache(maxsize=4096)
def _day(value: dt.date, language: str | None) -> str:
    return formats.date_format(value, "j F Y")


@register.filter
def logo_src(organisation) -> str:
    """An organisation's logo as a `data:` URL for a PDF (the renderer fetches nothing else);
    empty when it has none or its file is gone, and the document shows its name instead."""
    logo = getattr(organisation, "logo", None)
    if not logo:
        return ""
    mime = LOGO_TYPES.get(logo.name.rsplit(".", 1)[-1].lower())
    if mime is None:
        return ""
    try:
        with logo.open("rb") as handle:
            body = handle.read()
    except OSError:
        return ""
    return f"data:{mime};base64,{base64.b64encode(body).decode()}"


@register.inclusion_tag("components/sort_header.html")
def sort_header(link, label: str, align: str = "") -> dict:
    """`link` is a `common.pages.SortLink` of a list page's `sort`; `align="end"` for figures."""
    return {"link": link, "label": label, "align": align}


# The widgets crispy lays out otherwise than a label above the widget.
CRISPY_LAID_OUT = (
    forms.CheckboxInput,
    forms.RadioSelect,
    forms.CheckboxSelectMultiple,
    forms.MultiWidget,
)


# The markup of a list's filter fields whose markup depends only on their value (the
# form classes of common.pages.filter_form: `fixed_fields`), by form class, field, language
# and value: a list's eight filters cost 1 ms to write at each request (issue 15).
_FIXED_FIELDS: dict = {}
_FIXED_FIELDS_MAX = 4096


@register.filter
def form_field(field) -> str:
    """A form's field as crispy-forms' bootstrap5 pack renders it (label, widget with
    Bootstrap's classes, errors, help text), without its dozen nested templates: they cost a
    list page's filters or a page's small form more than its SQL (issue 15). The widgets crispy
    lays out otherwise (check boxes, radio buttons, a file already there, multi-widgets) are
    left to crispy."""
    key = _fixed_key(field)
    if key is None:
        return _form_field(field)
    markup = _FIXED_FIELDS.get(key)
    if markup is None:
        if len(_FIXED_FIELDS) >= _FIXED_FIELDS_MAX:
            _FIXED_FIELDS.clear()
        markup = _FIXED_FIELDS.setdefault(key, _form_field(field))
    return markup


def _fixed_key(field):
    """The key of a field's markup when it depends only on its value: a field of a filter
    form's class (common.pages.filter_form) without errors, whose value is empty or one of
    its choices (never a text typed in: the kept markups stay few)."""
    form_class = type(field.form)
    if field.name not in getattr(form_class, "fixed_fields", ()) or field.errors:
        return None
    value = field.value()
    values = value if isinstance(value, list | tuple) else [value]
    if any(v not in (None, "") for v in values):
        choices = getattr(field.field, "choices", None)
        if choices is None:
            return None
        known = {str(v) for v, _label in choices}
        if not all(v in (None, "") or str(v) in known for v in values):
            return None
    return (
        form_class,
        field.name,
        field.html_name,
        field.auto_id,
        translation.get_language(),
        tuple(str(v) for v in values),
    )


def _form_field(field) -> str:
    widget = field.field.widget
    if (
        field.is_hidden
        or field.use_fieldset
        or getattr(field.form, "helper", None) is not None
        or isinstance(widget, CRISPY_LAID_OUT)
        or (isinstance(widget, forms.FileInput) and field.subwidgets[0].data.get("is_initial"))
    ):
        return as_crispy_field(field)
    required = field.field.required
    wrapper = "mb-3"
    if field.css_classes():
        wrapper += f" {field.css_classes()}"
    label = ""
    if field.label:
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
            getattr(field.errors, "field_id", None) or field.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((n, field.auto_id, error) for n, error in enumerate(field.errors, 1)),
            ),
        )
    help_text = ""
    if field.help_text:
        help_text = format_html(
            '<div {}class="form-text">{}</div>',
            format_html('id="{}_helptext" ', field.auto_id) if field.auto_id else "",
            mark_safe(field.help_text),  # noqa: S308 - crispy's |safe: help texts are ours
        )
    if isinstance(widget, forms.FileInput):
        body = _file_input(field, errors, help_text)
    else:
        body = format_html("{}{}{}", _widget(field), errors, help_text)
    return format_html(
        '<div id="div_{}" class="{}">{}{}</div>', field.auto_id, wrapper, label, body
    )


def _widget(field) -> str:
    """What crispy's {% crispy_field %} writes on the widget: its class name, then
    Bootstrap's."""
    widget = field.field.widget
    name = widget.__class__.__name__.lower()
    name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(name, name)
    css = widget.attrs.get("class", "")
    if not css:
        css = name
    elif name not in css:
        css += f" {name}"
    wanted = "form-select" if isinstance(widget, forms.Select) else "form-control"
    for extra in (wanted, "is-invalid") if field.errors else (wanted,):
        if extra not in css.split():
            css += f" {extra}"
    widget.attrs["class"] = css
    if isinstance(widget, forms.widgets.Input) and widget.template_name in PLAIN_INPUTS:
        return _input(field, widget)
    if isinstance(widget, forms.Select) and widget.template_name == SELECT:
        # As BoundField.as_widget() does, with a renderer that writes the drop-down in Python.
        attrs = field.build_widget_attrs({}, widget)
        if field.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", field.auto_id)
        if field.field.localize:
            widget.is_localized = True
        return widget.render(field.html_name, field.value(), attrs, renderer=PYTHON_SELECTS)
    return str(field)


SELECT = "django/forms/widgets/select.html"
SELECT_OPTION = "django/forms/widgets/select_option.html"


class PythonSelects:
    """A form renderer that writes Django's select.html and select_option.html in Python,
    character for character (the option template's last newline included): a drop-down of a
    list's filters went through one template per option, a millisecond or two of every list
    page (issue 15). Any other template goes to the project's renderer."""

    def render(self, template_name, context, request=None):
        widget = context["widget"]
        if template_name != SELECT or any(
            option["template_name"] != SELECT_OPTION
            for _group, options, _index in widget["optgroups"]
            for option in options
        ):
            return get_default_renderer().render(template_name, context, request)
        parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(f'\n  <optgroup label="{_shown(group)}">')
            for option in options:
                parts.append(
                    f'\n  <option value="{_formatted(option["value"])}"'
                    f"{_attrs(option['attrs'])}>{_shown(option['label'])}</option>\n"
                )
            if group:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)


PYTHON_SELECTS = PythonSelects()


def _shown(value) -> str:
    """`{{ value }}`: localised (numbers, dates), then escaped unless already safe."""
    return str(conditional_escape(formats.localize(template_localtime(value))))


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe value safe."""
    return str(value) if isinstance(value, SafeData) else html.escape(str(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


# Django's templates of the inputs that are one <input> and nothing else (input.html).
PLAIN_INPUTS = {
    f"django/forms/widgets/{name}.html"
    for name in ("text", "number", "email", "url", "search", "tel", "date", "datetime", "time")
}


def _input(field, widget) -> str:
    """What str(field) renders through django/forms/widgets/input.html, without the template
    engine: the same attributes, in the same order, escaped alike (issue 15)."""
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    if field.field.localize:
        widget.is_localized = True
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    html = f'<input type="{_text(context["type"])}" name="{_text(context["name"])}"'
    if context["value"] is not None:
        html += f' value="{_text(context["value"])}"'
    for name, value in context["attrs"].items():
        if value is True:
            html += f" {_text(name)}"
        elif value is not False:
            html += f' {_text(name)}="{_text(value)}"'
    return mark_safe(html + ">")  # noqa: S308 - every part escaped by _text


def _text(value) -> str:
    """`{{ value|stringformat:'s' }}` in an autoescaped template: always escaped (Django's
    escape() is html.escape(), behind lazy wrappers)."""
    return html.escape(str(value))


def _file_input(field, errors: str, help_text: str) -> str:
    """crispy's bootstrap5/layout/field_file.html, for a file input without a file yet."""
    data = field.subwidgets[0].data
    attrs = dict(data["attrs"])
    css = " ".join(
        part
        for part in ("form-control", attrs.pop("class", ""), "is-invalid" if field.errors else "")
        if part
    )
    return format_html(
        '<div{}><input type="{}" name="{}" class="{}"{}{}>{}{}</div>',
        mark_safe(' class="is-invalid"') if field.errors else "",
        data["type"],
        data["name"],
        css,
        mark_safe(" disabled") if field.field.disabled else "",
        flatatt({k: v for k, v in attrs.items() if v is not False}),
        errors,
        help_text,
    )
