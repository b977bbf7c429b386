"""The lists: households, projects (due, behind), referrals waiting for a decision, contacts,
the reviews sent to the coordinator."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.pages import list_page, perm_required, post_action, url_maker
from common.paginators import CappedCountPaginator
from households import services
from households.audit import audit_households
from households.enums import AuditAction, HousingSituation, PriorityCriterion, ProjectStatus
from households.filters import (
    ContactFilter,
    HouseholdFilter,
    ProjectFilter,
    ReferralFilter,
    ReviewFilter,
)
from households.models import Household
from households.selectors import (
    contact_page,
    contact_writable,
    contacts_for,
    household_page,
    my_households,
    projects_for,
    referrals_for,
    reviews_sent_to,
)
from partnerships.perimeter import get_visible_or_404

ACCESS = "households.access"


def waiting_by_default(request: HttpRequest):
    """Opened from the menu, the referrals list (and its export) holds what waits for a
    decision."""
    data = request.GET.copy()
    data.setdefault("statut", "attente")
    return data


class PerimeterPaginator(CappedCountPaginator):
    """The lists of a perimeter count at most 1 001 rows (issue 15): a full count costs what
    the whole caseload costs (20 000 households of a large operator at 100 000 in the
    département: 20 ms), 1 001 rows cost what 1 001 cost, whatever the size of the
    département. Past 1 000 (40 pages), the caption asks for a filter."""

    cap = 1_000


@perm_required(ACCESS)
def household_list(request: HttpRequest) -> HttpResponse:
    # The page of keys is read on the households alone; household_page reads what it shows.
    queryset = Household.objects.visible_to(request.user).order_by("reference")
    context = list_page(
        request,
        queryset,
        HouseholdFilter,
        paginator_class=PerimeterPaginator,
        counted_from=Household.objects.counted_visible_to(request.user),
        paged=lambda rows: rows.values_list("pk", flat=True),
        keys_first=True,
        export="households:household_export",
    )
    rows = household_page(list(context["page_obj"].object_list))
    # issue 18: « Noter un contact » on each open project the user may write on.
    writable = contact_writable(request.user, [p for line in rows for p in line.projects])
    # The rows written here, not by the template's loop (issue 15: 25 rows cost 5 ms there).
    situations = {value: str(label) for value, label in HousingSituation.choices}
    criteria = {value: str(label) for value, label in PriorityCriterion.choices}
    statuses = {value: str(label).lower() for value, label in ProjectStatus.choices}
    urls = {
        "household": url_maker("households:household_detail"),
        "project": url_maker("households:project_detail"),
        "contact": url_maker("households:contact_new"),
    }
    context["rows"], context["writable"] = rows, writable
    context["rows_html"] = mark_safe(
        "".join(
            _household_row(line, writable, situations, criteria, statuses, urls) for line in rows
        )
    )
    return render(request, "households/household_list.html", context)


def _household_row(line, writable, situations, criteria, statuses, urls) -> str:
    """A row of the household list: the markup of the template it replaced (whitespace
    aside), every value escaped."""
    projects = []
    for index, project in enumerate(line.projects):
        last = index == len(line.projects) - 1
        note = (
            f'<a class="btn btn-primary btn-sm text-nowrap" href="{urls["contact"](project.pk)}">'
            f'Noter un contact<span class="visually-hidden"> : {escape(line.reference)}, '
            f"{escape(project.programme)}</span></a>"
            if project.pk in writable
            else ""
        )
        projects.append(
            f'<div class="d-flex flex-wrap align-items-center gap-2{"" if last else " mb-1"}">'
            f'{note} <span><a href="{urls["project"](project.pk)}">{escape(project.programme)}</a>'
            f' <span class="mg-lead small">({escape(statuses[project.status])}, '
            f"{escape(project.referent)})</span></span></div>"
        )
    labels = ", ".join(escape(criteria[c]) for c in line.criteria)
    return (
        f'<tr> <th scope="row"><a href="{urls["household"](line.pk)}">{escape(line.reference)}</a>'
        f' <span class="d-block fw-normal small mg-lead">{escape(line.organisation)}</span></th>'
        f" <td>{escape(line.territory)}</td>"
        f" <td>{escape(situations[line.housing_situation])}</td>"
        f" <td>{labels or '—'}</td>"
        f" <td>{line.member_count}</td>"
        f" <td>{''.join(projects) or '—'}</td> </tr>"
    )


@perm_required(ACCESS)
def my_household_list(request: HttpRequest) -> HttpResponse:
    """« Mes ménages » (issue 18): the households the user follows in person, family name
    first, each open project with its « Noter un contact » button. The names are personal
    data: each household shown is a read in the access log (docs/security.md §3)."""
    page = Paginator(my_households(request.user), 25).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    if rows:
        audit_households(
            request=request,
            action=AuditAction.LIST,
            household_ids=[household.pk for household in rows],
        )
    return render(request, "households/my_household_list.html", {"rows": rows, "page_obj": page})


@perm_required(ACCESS)
def project_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    # Overdue intermediate reviews first (issue 18), then by planned end.
    queryset = (
        projects_for(request.user, today)
        .with_review_late(today)
        .order_by("-review_late", "planned_end", "pk")
    )
    context = list_page(
        request,
        queryset,
        ProjectFilter,
        paginator_class=PerimeterPaginator,
        export="households:project_export",
    )
    project_url = url_maker("households:project_detail")
    for project in context["rows"]:
        project.url = project_url(project.pk)
    return render(request, "households/project_list.html", context)


@perm_required(ACCESS)
def referral_list(request: HttpRequest) -> HttpResponse:
    queryset = referrals_for(request.user).order_by("received_on", "pk")
    context = list_page(
        request,
        queryset,
        ReferralFilter,
        data=waiting_by_default(request),
        paginator_class=PerimeterPaginator,
        export="households:referral_export",
    )
    return render(request, "households/referral_list.html", context)


@perm_required(ACCESS)
def contact_list(request: HttpRequest) -> HttpResponse:
    """Every contact of the perimeter, newest first (issue 7: 400 000 rows at N=20 000). The
    shared summaries stay on the project page and in the export."""
    context = list_page(
        request,
        contacts_for(request.user),
        ContactFilter,
        paginator_class=PerimeterPaginator,
        # The page of primary keys first, then its rows with what they show.
        paged=lambda rows: rows.values_list("pk", flat=True),
        export="households:contact_export",
    )
    context["rows"] = contact_page(list(context["page_obj"].object_list))
    project_url = url_maker("households:project_detail")
    for contact in context["rows"]:
        contact.project_url = project_url(contact.project_id)
    return render(request, "households/contact_list.html", context)


READ_SENT_REVIEWS = "households.read_sent_reviews"


def to_read_by_default(request: HttpRequest):
    """Opened from the menu, the reviews sent to the coordinator are those to read."""
    data = request.GET.copy()
    data.setdefault("statut", "a_lire")
    return data


@perm_required(READ_SENT_REVIEWS)
def review_inbox(request: HttpRequest) -> HttpResponse:
    """seed 004 §7: the reviews sent to the coordinator's territories, unread first."""
    context = list_page(
        request,
        reviews_sent_to(request.user),
        ReviewFilter,
        data=to_read_by_default(request),
        paginator_class=PerimeterPaginator,
    )
    context["next_query"] = request.GET.urlencode()
    return render(request, "households/review_inbox.html", context)


@perm_required(READ_SENT_REVIEWS)
@require_POST
def review_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """« Marquer comme lu »: only a review sent to the user's territories (404 otherwise)."""
    review = get_visible_or_404(reviews_sent_to(request.user), request.user, pk=pk)
    # Back to the list with its filters, re-encoded (never more than a query string).
    query = QueryDict(request.POST.get("retour", "")).urlencode()
    then = reverse("households:review_inbox") + (f"?{query}" if query else "")
    return post_action(
        request,
        lambda: services.review_acknowledge(review=review, by=request.user),
        done=_("Bilan du ménage %(reference)s marqué comme lu.")
        % {"reference": review.project.household.reference},
        then=then,
    )
