"""The administration shows sessions and the access log, and changes neither."""

from django.contrib import admin
from django.http import Http404

from households.models import AuditEntry
from partnerships.models import UserSession
from partnerships.security.sessions import session_end


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    """A superuser may end anyone's session (a stolen laptop); nobody edits one."""

    list_display = ["user", "created_at", "last_seen", "ip_address", "user_agent"]
    list_filter = ["created_at"]
    search_fields = ["user__email", "user__last_name", "ip_address"]
    fields = list_display
    readonly_fields = list_display

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404  # outside the perimeter or absent: the same 404

    def delete_model(self, request, obj):
        session_end(obj)

    def delete_queryset(self, request, queryset):
        for record in queryset:
            session_end(record)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only, and only the entries of the director's organisation (visible_to)."""

    list_display = ["at", "user", "organisation", "household", "action", "request_id"]
    list_filter = ["action", "at"]
    search_fields = ["household__reference", "user__email", "request_id"]
    fields = ["at", "user", "organisation", "household", "action", "detail", "request_id"]
    readonly_fields = fields
    list_select_related = ["user", "organisation", "household"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def history_view(self, request, object_id, extra_context=None):
        raise Http404  # the log has no history of its own: it is never changed

    def has_module_permission(self, request):
        return request.user.is_staff and request.user.has_perm("households.read_audit_log")

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
