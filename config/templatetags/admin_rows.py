"""The rows of an admin change list, as Django's `result_list` writes them, in less time.

Django works out each cell on its own: the empty value, the classes, the display of a date
or a choice (a translated month name, a label looked up in the choices), the change URL and
its preserved filters, a `format_html` per cell. On a list of 25 rows and 6 columns that cost
more than the list's SQL (issue 15). Here what depends only on the column is worked out once
per page, a field's value is displayed once per page (the same date, status or funder on
several rows), and the cell is written directly. The markup is Django's; a list with editable
columns keeps Django's own rows.
"""

import datetime

from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    _coerce_field_name,
    result_headers,
    result_list,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    lookup_field,
)
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.template import Library
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

register = Library()


def _result_list(cl):
    """Django's `result_list` context, with these rows."""
    if cl.formset:
        return result_list(cl)
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": [],  # only a list with editable columns has some
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": list(_results(cl)),
    }


class _Column:
    __slots__ = ("name", "empty", "classes", "link", "field", "admin_attr")

    def __init__(self, cl, index, name, link):
        self.name = name
        self.empty = conditional_escape(cl.model_admin.get_empty_value_display())
        self.classes = [f"field-{_coerce_field_name(name, index)}"]
        self.link = link
        # What `lookup_field` finds for this column, found once: a field of the model, or a
        # method of the admin (the action checkbox); anything else is looked up per row.
        self.field = self.admin_attr = None
        if callable(name):
            return
        try:
            self.field = _get_non_gfk_field(cl.model._meta, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            if name == "action_checkbox" and hasattr(cl.model_admin, "action_checkboxes"):
                # The admin's checkbox, made once for the page (PerimeterAdmin).
                self.admin_attr = cl.model_admin.action_checkboxes()
            elif name != "__str__" and hasattr(cl.model_admin, name):
                self.admin_attr = getattr(cl.model_admin, name)


def _columns(cl) -> list[_Column]:
    columns = []
    for index, name in enumerate(cl.list_display):
        if cl.list_display_links is None:
            link = False
        elif not columns and not cl.list_display_links:
            link = True
        else:
            link = name in cl.list_display_links
        columns.append(_Column(cl, index, name, link))
    return columns


def _results(cl):
    columns = _columns(cl)
    shown = {}  # (column, value) -> the displayed value, for this page
    for result in cl.result_list:
        yield ResultList(None, _cells(cl, result, columns, shown))


def _cells(cl, result, columns, shown):
    first = True
    for column in columns:
        row_classes = column.classes
        empty = column.empty
        try:
            if column.field is not None:
                f, attr, value = column.field, None, getattr(result, column.name)
            elif column.admin_attr is not None:
                f, attr, value = None, column.admin_attr, column.admin_attr(result)
            else:
                f, attr, value = lookup_field(column.name, result, cl.model_admin)
        except ObjectDoesNotExist:
            result_repr = empty
        else:
            empty = getattr(attr, "empty_value_display", empty)
            if isinstance(value, str) and value.strip() == "":
                value = ""
            if f is None or f.auto_created:
                if column.name == "action_checkbox":
                    row_classes = ["action-checkbox"]
                boolean = getattr(attr, "boolean", False)
                if isinstance(attr, property) and hasattr(attr, "fget"):
                    boolean = getattr(attr.fget, "boolean", False)
                result_repr = display_for_value(value, empty, boolean)
                if isinstance(value, (datetime.date, datetime.time)):
                    row_classes = [*row_classes, "nowrap"]
            else:
                if isinstance(f.remote_field, models.ManyToOneRel):
                    related = value  # getattr(result, f.name), as lookup_field read it
                    if related is None:
                        result_repr = empty
                    else:
                        key = (column.name, related.pk)
                        result_repr = shown.get(key)
                        if result_repr is None:
                            result_repr = shown[key] = conditional_escape(related)
                else:
                    result_repr = _displayed(shown, column, value, f, empty)
                if isinstance(f, (models.DateField, models.TimeField, models.ForeignKey)):
                    row_classes = [*row_classes, "nowrap"]
        row_class = f' class="{" ".join(row_classes)}"'
        cell = result_repr if type(result_repr) is SafeString else conditional_escape(result_repr)
        if column.link:
            tag = "th" if first else "td"
            first = False
            try:
                url = cl.url_for_result(result)
            except NoReverseMatch:
                link = cell
            else:
                if cl.preserved_filters:
                    url = add_preserved_filters(
                        {"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url
                    )
                if cl.is_popup:
                    attr_name = str(cl.to_field) if cl.to_field else cl.lookup_opts.pk.attname
                    popup = format_html(
                        ' data-popup-opener="{}"', result.serializable_value(attr_name)
                    )
                else:
                    popup = ""
                link = f'<a href="{conditional_escape(url)}"{popup}>{cell}</a>'
            yield SafeString(f"<{tag}{row_class}>{link}</{tag}>")  # escaped above
        else:
            yield SafeString(f"<td{row_class}>{cell}</td>")  # escaped above


def _displayed(shown, column, value, field, empty):
    try:
        key = (column.name, type(value), value)
        hash(key)
    except TypeError:
        return display_for_field(value, field, empty, avoid_link=column.link)
    result = shown.get(key)
    if result is None:
        # Escaped once: a choice's label is a lazy translation, translated at each use.
        result = shown[key] = conditional_escape(
            display_for_field(value, field, empty, avoid_link=column.link)
        )
    return result


@register.tag(name="perimeter_result_list")
def perimeter_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )
