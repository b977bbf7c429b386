"""The page kit: one way to build a list page, one way to build a form page.

A list page filters with a django-filter FilterSet, sorts with its `OrderingFilter` (`?tri=`),
paginates and links to its exports (`list_page`); the export answers with the same filters
(`export_filtered`). A form page shows a form and, on a valid POST, hands it to one service
whose domain error (a `ValidationError`) comes back as the form's own error (`form_page`,
built on `submit`); a button without a form does the same with a message (`post_action`).
An invalid form answers 400. The templates are under templates/components/.

One refusal policy (`require_perm`, `perm_required`): a page or an action the rules refuse
answers 404, like an object outside the perimeter (`perimeter.get_visible_or_404`). Never 403,
which would tell a stranger that the object exists; any other PermissionDenied (the admin, a
service's own check) becomes the same 404 in `common.middleware.RefusalAs404Middleware`.
"""

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import EMPTY_VALUES
from django.forms.models import ModelChoiceField, ModelChoiceIterator
from django.forms.utils import flatatt
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.choices import CallableChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_filters.filters import QuerySetRequestMixin

from common.choices import labelled
from common.exporting import background_handler, beyond_sync_limit, export_response
from common.paginators import rows_by_keys

PER_PAGE = 25
EXPORT_FORMATS = ("csv", "xlsx")
FORM_TEMPLATE = "components/form_page.html"
INVALID = 400


# -------------------------------------------------------------------------------- refusals
def require_perm(user, perm: str, obj=None) -> None:
    """An action the rules refuse on an object, or a page the user's roles do not open:
    404, as for an object outside the perimeter."""
    if not user.has_perm(perm, obj):
        raise Http404


def perm_required(perm: str) -> Callable:
    """A view for the roles that have `perm` (without an object); 404 for the others."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            require_perm(request.user, perm)
            return view(request, *args, **kwargs)

        # Read by a background export that runs the view again (portal/exports.py).
        wrapper.required_perm = perm
        return wrapper

    return decorator


# ---------------------------------------------------------------------------------- sorting
class StableOrdering(django_filters.OrderingFilter):
    """django-filter's OrderingFilter (a "Trier par" drop-down), ties broken by the primary
    key in the direction of the last field: two households of the same commune always come in
    the same order, so that the pages of a list sorted by commune neither overlap nor skip a
    row, and a walk down an index (created_at, id) still matches the order."""

    def filter(self, qs, value):
        ordering = [
            self.get_ordering_value(param) for param in value or () if param not in EMPTY_VALUES
        ]
        if not ordering:
            return qs
        if ordering[-1].lstrip("-") not in ("pk", "id"):
            ordering.append("-pk" if ordering[-1].startswith("-") else "pk")
        return qs.order_by(*ordering)


class SortFilter(django_filters.OrderingFilter):
    """Sorting by a column header: `?tri=montant` ascending, `?tri=-montant` descending.

    Each column may order by several fields; the primary key breaks ties so that pages do not
    overlap. The field is hidden (the headers are the controls) and an unknown column, a link
    edited by hand, sorts by `default` instead of failing the filter form.
    """

    def __init__(self, *, columns: Mapping[str, str | tuple[str, ...]], default: str, **kwargs):
        self.columns = {
            name: (fields,) if isinstance(fields, str) else tuple(fields)
            for name, fields in columns.items()
        }
        self.default = default
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(fields={name: name for name in self.columns}, **kwargs)

        class LenientField(self.field_class):
            def clean(self, value):
                try:
                    return super().clean(value)
                except ValidationError:
                    return []

        self.field_class = LenientField

    def chosen(self, value) -> str | None:
        """The column asked for (`-` first when descending), if any."""
        return next((v for v in value or () if v and v.lstrip("-") in self.columns), None)

    def filter(self, qs, value):
        wanted = self.chosen(value)
        return qs if wanted is None else self.sort(qs, wanted)

    def sort(self, qs, wanted: str):
        descending = wanted.startswith("-")
        fields = self.columns[wanted.lstrip("-")]
        return qs.order_by(*(f"-{f}" if descending else f for f in fields), "pk")


@dataclass(frozen=True)
class SortLink:
    url: str
    state: str  # "ascending", "descending" or "none": the header's aria-sort


def _query(params: QueryDict, **changes) -> str:
    """The query string of `params` with some keys changed (None removes one), no "?"."""
    query = params.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query.urlencode()


def _sorted(filterset, rows, data: QueryDict) -> tuple[Any, dict[str, SortLink]]:
    """Apply the default order of a `SortFilter` when none was chosen; the header links."""
    for name, sort_filter in filterset.filters.items():
        if not isinstance(sort_filter, SortFilter):
            continue
        # `filterset.qs` has cleaned the form: its valid fields are in cleaned_data, even
        # when another filter is invalid.
        chosen = sort_filter.chosen(filterset.form.cleaned_data.get(name))
        current = chosen or sort_filter.default
        if chosen is None:
            rows = sort_filter.sort(rows, current)
        key, descending = current.lstrip("-"), current.startswith("-")
        links = {}
        for column in sort_filter.columns:
            is_current = column == key
            state = ("descending" if descending else "ascending") if is_current else "none"
            next_value = f"-{column}" if is_current and not descending else column
            links[column] = SortLink(f"?{_query(data, **{name: next_value, 'page': None})}", state)
        return rows, links
    return rows, {}


# ------------------------------------------------------------------------------- list pages
def url_maker(name: str) -> Callable[[int], str]:
    """`reverse(name, args=[pk])` for the many rows of a page at the cost of one reverse()
    (issue 15: a hundred `{% url %}` in a table cost more than its SQL)."""
    marker = "4242424242"
    head, tail = reverse(name, args=[int(marker)]).split(marker)
    return lambda pk: f"{head}{pk}{tail}"


class QuickSelect(forms.Select):
    """A drop-down whose options are joined in Python (issue 15): Django renders each option
    through a template of its own, and a filter listing hundreds of organisations cost a list
    page more than its SQL. Same HTML as forms.Select, without option groups."""

    def render(self, name, value, attrs=None, renderer=None):
        # Read once, without list()'s length hint (a COUNT query for a model's choices).
        choices = [choice for choice in self.choices]  # noqa: C416
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        chosen = {str(v) for v in self.format_value(value)}
        # format_html() per option escapes through lazy wrappers: plain joins of the same
        # escaping (conditional_escape's, a safe label kept as it is) cost a third.
        options = "".join(
            f'<option value="{_escaped(option)}"{" selected" if str(option) in chosen else ""}>'
            f"{_escaped(label)}</option>"
            for option, label in choices
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe(options),  # noqa: S308 - every part escaped above
        )


def _escaped(value) -> str:
    """conditional_escape(value), without its lazy wrappers."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class ListedChoices(ModelChoiceIterator):
    """A queryset's choices read by one plain query: ModelChoiceIterator reads them through
    .iterator(), a server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three round trips
    for one, issue 15). The same choices, django-filter's null choice included."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if getattr(self.field, "null_label", None) is not None:
            yield (self.field.null_value, self.field.null_label)
        rows = self.queryset.all()
        # A model that names its __str__'s fields (label_fields) is read for those alone:
        # a filter's hundred organisations were read whole, column by column (issue 15).
        fields = getattr(rows.model, "label_fields", None)
        if (
            fields
            and not rows.query.select_related
            and self.field.to_field_name is None
            and type(self.field).label_from_instance is ModelChoiceField.label_from_instance
        ):
            # Read as values when the model says how its name is made (no instance per row).
            if getattr(rows.model, "label_of", None) is not None:
                yield from labelled(rows, "pk")
                return
            rows = rows.only("pk", *fields)
        for obj in rows:
            yield self.choice(obj)


def quick_selects(filterset):
    """The filter form's drop-downs rendered by QuickSelect; returns the filterset."""
    quick_form_selects(filterset.form)
    return filterset


def quick_form_selects(form):
    """A form's drop-downs rendered by QuickSelect; returns the form."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            choices = field.choices
            if isinstance(choices, ModelChoiceIterator):
                choices = ListedChoices(field)
            field.widget = QuickSelect(attrs=field.widget.attrs, choices=choices)
    return form


def _filterset(request, queryset, filterset_class, data, filter_kwargs):
    filterset = filterset_class(
        request.GET if data is None else data,
        queryset=queryset,
        request=request,
        **filter_kwargs,
    )
    filterset._form = filter_form(filterset)
    return quick_selects(filterset)


# The form class of each FilterSet (and language, and set of filters): django-filter builds a
# new class, each filter's form field included, for every request (issue 15: 1.2 to 1.9 ms
# of a list page of eight filters).
_FORM_CLASSES: dict = {}


def filter_form(filterset):
    """`filterset.form`, its class built once per process. What depends on who asks, the
    choices of a filter on a model (a callable of the request, or a queryset a FilterSet sets
    for its object in `__init__`), is given to this request's form: the drop-down and the
    validation of a choice read this user's rows, never those of the user the class was
    built for."""
    key = (type(filterset), translation.get_language(), tuple(filterset.filters))
    form_class = _FORM_CLASSES.get(key)
    if form_class is None:
        form_class = filterset.get_form_class()
        # The fields whose markup depends only on their value (and the language, in the
        # key): no choices read from a model or computed at each use
        # (common.templatetags.maillage.form_field keeps their markup).
        form_class.fixed_fields = frozenset(
            name
            for name, field in form_class.base_fields.items()
            if not isinstance(field, ModelChoiceField)
            and not isinstance(getattr(field, "_choices", None), CallableChoiceIterator)
        )
        form_class = _FORM_CLASSES.setdefault(key, form_class)
    if filterset.is_bound:
        form = form_class(filterset.data, prefix=filterset.form_prefix)
    else:
        form = form_class(prefix=filterset.form_prefix)
    for name, filter_ in filterset.filters.items():
        if isinstance(filter_, QuerySetRequestMixin):
            form.fields[name].queryset = filter_.get_queryset(filterset.request)
    return form


def list_page(
    request: HttpRequest,
    queryset,
    filterset_class,
    *,
    data: QueryDict | None = None,
    export: str | None = None,
    export_args: tuple = (),
    per_page: int = PER_PAGE,
    paginator_class: type[Paginator] = Paginator,
    paged: Callable | None = None,
    counted_from=None,
    keys_first: bool = False,
    **filter_kwargs,
) -> dict:
    """The context of a list page: `filter`, `page_obj`, `rows`, `query` (the filters without
    the page, for the pagination links), `sort` (the header links of a `SortFilter`) and
    `exports` (the CSV and XLSX links of the URL named `export`, with the same filters).

    `data` replaces `request.GET` (a default filter); `paged` turns the filtered rows into
    what is paginated (primary keys only, for a large table); `counted_from`, the same rows
    as `queryset` in a form the database counts faster, is filtered alike and counted by the
    paginator (a CappedCountPaginator) instead of the page's rows.

    `keys_first` (with `counted_from`): the paginator reads the keys of the
    counted rows instead of their number, and when there are no more than its cap, the page
    is read among those keys (`_by_keys`); past the cap, as without it. A list of a user's
    caseload then costs what the caseload costs, not what the département does (issue 15:
    a social worker's list walked 1 540 households of the index of its sort to find 25 of
    theirs at 100 000 households, 262 at 20 000).
    """
    filterset = _filterset(request, queryset, filterset_class, data, filter_kwargs)
    rows, sort = _sorted(filterset, filterset.qs, request.GET)
    ordered = rows
    if paged is not None:
        rows = paged(rows)
    paginator = paginator_class(rows, per_page)
    if counted_from is not None and filterset.is_valid():
        paginator.counted = filterset.filter_queryset(counted_from)
        if keys_first:
            shaped = paged or (lambda rows: rows)
            paginator.by_keys = lambda keys: shaped(_by_keys(ordered, keys))
    page = paginator.get_page(request.GET.get("page"))
    query = _query(request.GET, page=None)
    exports = []
    if export:
        base = reverse(export, args=export_args)
        exports = [
            (label, f"{base}?{query}{'&' if query else ''}format={file_format}")
            for label, file_format in ((_("Exporter CSV"), "csv"), (_("Exporter XLSX"), "xlsx"))
        ]
    return {
        "filter": filterset,
        "page_obj": page,
        "rows": page.object_list,
        "query": query,
        "sort": sort,
        "exports": exports,
    }


# list_page's keys_first reads a page among its keys with this (a name of this module, so
# that a test can replace it).
_by_keys = rows_by_keys


def export_filtered(
    request, queryset, filterset_class, exporter_class, *, data=None, **filter_kwargs
) -> HttpResponse:
    """The rows of a list page, filtered by the same FilterSet, as `?format=csv` (default) or
    `?format=xlsx`. A bad format or filter answers 400 with a French message. Beyond
    `EXPORT_SYNC_MAX_ROWS` rows, the export becomes a background job (common/exporting.py)."""
    file_format = request.GET.get("format", "csv")
    if file_format not in EXPORT_FORMATS:
        return HttpResponseBadRequest(
            _("Format d'export inconnu : choisissez CSV ou XLSX."), content_type="text/plain"
        )
    filterset = _filterset(request, queryset, filterset_class, data, filter_kwargs)
    if not filterset.is_valid():
        errors = "; ".join(str(e) for field in filterset.errors.values() for e in field)
        return HttpResponseBadRequest(
            _("Filtres invalides : %(errors)s") % {"errors": errors}, content_type="text/plain"
        )
    exporter = exporter_class(filterset.qs)
    if getattr(request, "export_replay", None) is not None:
        return exporter  # a background job writes it
    handler = background_handler()
    if handler is not None and beyond_sync_limit(filterset.qs):
        return handler(request, exporter, file_format)
    return export_response(exporter, file_format)


# ------------------------------------------------------------------------------- form pages
@dataclass(frozen=True)
class Saved:
    """What the service returned, once it has written."""

    result: Any


def submit(
    form, save: Callable, *, refused: Callable | None = None, error_field: str | None = None
) -> Saved | None:
    """Valid input goes to one service, `save(form)`. Its domain error (a ValidationError,
    raised before anything is written) comes back as the form's own error (or `error_field`'s),
    and `refused(error)` may tell the form more (the version read again after an edit
    conflict). None unless saved.
    """
    if not form.is_valid():
        return None
    try:
        result = save(form)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(error_field, message)
        if refused is not None:
            refused(error)
        return None
    return Saved(result)


def _then(value, result):
    return value(result) if callable(value) else value


def form_page(
    request: HttpRequest,
    form,
    save: Callable,
    *,
    done: str | Callable = "",
    success_url: Any = None,
    refused: Callable | None = None,
    error_field: str | None = None,
    page: Callable[[Any, int], HttpResponse] | None = None,
    title: str = "",
    submit_label: str = "",
    back_url: str | None = None,
    intro: str = "",
    crumbs: tuple | list = (),
    submit_class: str = "btn-primary",
    **context,
) -> HttpResponse:
    """The one form page. GET shows the form (200). A valid POST calls `save(form)` (see
    `submit`); once saved, `done` becomes a success message and the answer redirects to
    `success_url` (a URL, an object with get_absolute_url, or a function of what `save`
    returned; by default what `save` returned). Anything else shows the form again with its
    errors: 400.

    The page is templates/components/form_page.html with `title`, `intro`, the `submit_label`
    of its button, a `back_url` and the breadcrumb `crumbs` ((label, url) pairs); `page(form,
    status)` renders another page instead (a detail page that holds the form)."""
    if request.method == "POST":
        saved = submit(form, save, refused=refused, error_field=error_field)
        if saved:
            message = _then(done, saved.result)
            if message:
                messages.success(request, message)
            target = _then(success_url, saved.result)
            return redirect(saved.result if target is None else target)
    status = INVALID if request.method == "POST" else 200
    if page is not None:
        return page(form, status)
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "title": title,
            "submit_label": submit_label,
            "submit_class": submit_class,
            "back_url": back_url,
            "intro": intro,
            "crumbs": crumbs,
            **context,
        },
        status=status,
    )


def post_action(
    request: HttpRequest, action: Callable, *, done: str | Callable = "", then: Any
) -> HttpResponse:
    """A button without a form (submit a convention, close a call): `action()` calls the
    service; its domain error becomes an error message, its success `done`; back to `then`."""
    try:
        result = action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        message = _then(done, result)
        if message:
            messages.success(request, message)
    return redirect(then)
