from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from governance.selectors import due_items
from partnerships.enums import Role
from partnerships.perimeter import has_role, memberships
from portal.home import home_figures, secretary_todo
from portal.todo import todo_lines


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    # The department's to-do counts the missing committee meetings of the "Échéances" page
    # (its meetings only: the home page shows none of its reports and deadlines).
    due = (
        due_items(user, timezone.localdate(), meetings_only=True)
        if has_role(user, Role.DEPARTMENT_STAFF)
        else None
    )
    context = {
        "todo": todo_lines(request, due),
        "figures": home_figures(user),
        "memberships": memberships(user),
        "secretary_todo": secretary_todo(user, due),
        # issue 18: the people who follow households in person reach them in one tap.
        "follows_households": has_role(user, Role.SOCIAL_WORKER) or has_role(user, Role.VOLUNTEER),
    }
    return render(request, "portal/home.html", context)
