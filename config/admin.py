"""The administration's site (issue 18): a director's home starts with the projects awaiting
their structure's agreement, each approved or refused with one button and a confirmation
(households/admin_approvals.py). Everything else is Django's admin site."""

from functools import partial

from django.contrib import admin
from django.urls import path

from households.admin_approvals import approve_view, refuse_view
from households.approvals import pending_approvals
from partnerships.enums import Role
from partnerships.perimeter import has_role


class MaillageAdminSite(admin.AdminSite):
    def index(self, request, extra_context=None):
        is_director = has_role(request.user, Role.DIRECTOR)
        context = {
            "shows_approvals": is_director,
            "pending_approvals": pending_approvals(request.user) if is_director else [],
            **(extra_context or {}),
        }
        return super().index(request, context)

    def get_urls(self):
        own = [
            path(
                "a-approuver/<int:pk>/approuver/",
                self.admin_view(partial(approve_view, admin_site=self)),
                name="project_approve",
            ),
            path(
                "a-approuver/<int:pk>/refuser/",
                self.admin_view(partial(refuse_view, admin_site=self)),
                name="project_refuse",
            ),
        ]
        return own + super().get_urls()
