"""The administration shows the sessions, and changes none."""

from django.contrib import admin
from django.http import Http404

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
