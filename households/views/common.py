"""What every household view shares: who may enter, pagination, services' errors on forms."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator

PER_PAGE = 25


def household_access(view):
    """Department staff and signatory partners have no household page at all (domain.md):
    they read aggregates on the home page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("households.access"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def paginate(request, queryset, per_page: int = PER_PAGE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def form_error(form, error) -> None:
    """Show a service's HouseholdError on the form, as the form's own error."""
    for message in error.messages:
        form.add_error(None, message)
