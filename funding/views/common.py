"""What every money list shares: filters, sorting by column, pagination."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, QueryDict

PER_PAGE = 25
SORT_PARAM = "tri"


@dataclass(frozen=True)
class SortLink:
    url: str
    state: str  # "ascending", "descending" or "none", for aria-sort


def _query(params: QueryDict, **changes) -> str:
    query = params.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def listing(
    request: HttpRequest, queryset, filterset_class, sorts: dict[str, tuple[str, ...]], default: str
) -> dict:
    """Filter, sort (whitelisted columns only) and paginate; the context of a list page."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    rows = filterset.qs
    wanted = request.GET.get(SORT_PARAM, default)
    key = wanted.lstrip("-")
    if key not in sorts:
        wanted, key = default, default.lstrip("-")
    descending = wanted.startswith("-")
    order = [f"-{f}" if descending else f for f in sorts[key]]
    rows = rows.order_by(*order, "pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    links = {}
    for name in sorts:
        current = name == key
        next_value = name if (not current or descending) else f"-{name}"
        state = ("descending" if descending else "ascending") if current else "none"
        links[name] = SortLink(_query(request.GET, **{SORT_PARAM: next_value, "page": None}), state)
    return {
        "filter": filterset,
        "page_obj": page,
        "rows": page.object_list,
        "sort": links,
        "page_query": _query(request.GET, page=None),
    }


def refuse(form, error: ValidationError) -> None:
    """Show a domain refusal on the form; the service wrote nothing."""
    for message in error.messages:
        form.add_error(None, message)


def done(request: HttpRequest, message: str) -> None:
    messages.success(request, message)
