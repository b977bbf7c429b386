"""The administration shows the sessions, and changes none; the admins of the libraries
(groups, tasks, devices, login attempts) are for operators (superusers) only."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.http import Http404
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from partnerships.models import Notification, NotificationPreference, UserSession
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


class PersonalRecordAdmin(admin.ModelAdmin):
    """A person's own notifications and choices (issue 16): written by the services and the
    person's own pages; an operator (superuser) reads them to answer a question, nobody
    edits them here."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404  # outside the perimeter or absent: the same 404


@admin.register(Notification)
class NotificationAdmin(PersonalRecordAdmin):
    list_display = ["recipient", "kind", "title", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "delivery", "created_at"]
    search_fields = ["recipient__email", "title", "reference"]
    fields = [*list_display, "url", "reference", "delivery", "digest_on", "key"]
    readonly_fields = fields
    list_select_related = ["recipient"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(PersonalRecordAdmin):
    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__email"]
    fields = list_display
    readonly_fields = list_display
    list_select_related = ["user"]


# ------------------------------------------------------------- the third-party admins
class OperatorsOnly:
    """Only superusers reach an admin that is not about the partnerships (groups, background
    tasks, second-factor devices, login attempts); its own rules apply on top."""

    adds = True
    changes = True

    def _operator(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._operator(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._operator(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self.adds and self._operator(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return (
            self.changes and self._operator(request) and super().has_change_permission(request, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return self._operator(request) and super().has_delete_permission(request, obj)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404  # outside the perimeter or absent: the same 404


class DeviceAdmin(OperatorsOnly):
    """A second-factor device is enrolled by its owner only (partnerships/security/views.py):
    an operator sees it and deletes the one of a lost phone, never creates nor edits one, and
    never shows its secret (the QR code views of django-otp answer 404)."""

    adds = False
    changes = False

    def config_view(self, request, pk):
        raise Http404

    def qrcode_view(self, request, pk):
        raise Http404


class RecordAdmin(OperatorsOnly):
    """Rows the libraries write (background tasks, login attempts and logs): read, and deleted
    by an operator (deleting a login attempt unlocks the account), never written here."""

    adds = False
    changes = False


def _operators_only(model, mixin=OperatorsOnly) -> None:
    original = type(admin.site._registry[model])
    restricted = type(original.__name__, (mixin, original), {"__module__": __name__})
    admin.site.unregister(model)
    admin.site.register(model, restricted)


_operators_only(Group)
_operators_only(DBTaskResult, RecordAdmin)
_operators_only(AccessAttempt, RecordAdmin)
_operators_only(AccessLog, RecordAdmin)
_operators_only(AccessFailureLog, RecordAdmin)
_operators_only(TOTPDevice, DeviceAdmin)
_operators_only(EmailDevice, DeviceAdmin)
