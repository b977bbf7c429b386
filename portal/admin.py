from django.contrib import admin

from partnerships.admin_base import PerimeterAdmin
from partnerships.enums import Role
from portal.models import CalendarToken, ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(PerimeterAdmin):
    """Generated reports are read here; they are requested from the reports page."""

    view_roles = (Role.DEPARTMENT_STAFF, Role.DIRECTOR, Role.SIGNATORY_PARTNER)
    edit_roles = (Role.DEPARTMENT_STAFF,)

    list_display = ["kind", "year", "status", "progress", "requested_by", "requested_at"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["requested_by__email"]
    list_select_related = ["requested_by"]
    exclude = ["file"]
    readonly_fields = ["kind", "year", "status", "progress", "error", "requested_by", "finished_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CalendarToken)
class CalendarTokenAdmin(PerimeterAdmin):
    """Private calendar addresses: only their digest is stored; revoke from the agenda page."""

    list_display = ["user", "hint", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "hint", "created_at", "revoked_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
