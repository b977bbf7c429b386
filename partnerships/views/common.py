"""What the screens share: pagination, a form page, services' errors shown on forms."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

PER_PAGE = 25


def paginate(request, queryset, per_page: int = PER_PAGE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def form_error(form, error) -> None:
    """Show a service's domain error as the form's own error."""
    for message in error.messages:
        form.add_error(None, message)


def require(user, perm: str, obj) -> None:
    """The object is visible (else 404 earlier); the action may still be refused: 403."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def form_page(request, form, *, title, submit, back_url, intro="", status=None, **extra):
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "back_url": back_url,
        "intro": intro,
        **extra,
    }
    if status is None:
        status = 400 if request.method == "POST" else 200
    return render(request, "partnerships/form.html", context, status=status)


def parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
