"""One admin base for every model: the perimeter decides rows, roles decide rights."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from simple_history.admin import SimpleHistoryAdmin

from common.paginators import CappedCountPaginator
from partnerships.enums import Role
from partnerships.perimeter import has_role

# Organisation names are public among partners: any may be chosen as a party or a funder.
PUBLIC_CHOICES = {"partnerships.organisation"}


def limit_choices_to_perimeter(db_field, request, kwargs) -> None:
    """The choices of a foreign key or many-to-many field come from the related model's
    `visible_to(user)`: an admin form never lists another organisation's conventions,
    meetings or households (proved by tests/security/test_every_url.py)."""
    if "queryset" in kwargs or request.user.is_superuser:
        return
    related = db_field.remote_field.model
    if related._meta.label_lower in PUBLIC_CHOICES:
        return
    queryset = related._default_manager.all()
    if hasattr(queryset, "visible_to"):
        kwargs["queryset"] = queryset.visible_to(request.user)


class PerimeterAdmin(SimpleHistoryAdmin):
    """Rows come from the model's `visible_to(user)`; an object outside it is a 404."""

    view_roles: tuple[str, ...] = (Role.DIRECTOR, Role.DEPARTMENT_STAFF)
    edit_roles: tuple[str, ...] = (Role.DIRECTOR, Role.DEPARTMENT_STAFF)
    # Admin change lists paginate without counting a large table twice, nor in full once
    # (issue 7: at most 10 001 rows are counted).
    show_full_result_count = False
    paginator = CappedCountPaginator
    # Shared references (territories, programmes) are readable by every admin user.
    shared_reference = False
    list_per_page = 50

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        if not self._may(request, self.view_roles + self.edit_roles):
            return queryset.none()
        if self.shared_reference:
            return queryset
        return queryset.visible_to(request.user)

    def _may(self, request, wanted) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return user.is_superuser or has_role(user, *wanted)

    def _in_perimeter(self, request, obj) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_module_permission(self, request):
        return self._may(request, self.view_roles + self.edit_roles)

    def has_view_permission(self, request, obj=None):
        return self._may(request, self.view_roles + self.edit_roles) and self._in_perimeter(
            request, obj
        )

    def has_change_permission(self, request, obj=None):
        return self._may(request, self.edit_roles) and self._in_perimeter(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._may(request, self.edit_roles)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        limit_choices_to_perimeter(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        limit_choices_to_perimeter(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version, to read: inside the perimeter only, for a model with a history.

        Never to restore: django-simple-history's "revert" saves the old version on POST with
        the view permission alone and around every service (a paid instalment back to "due",
        another organisation's IBAN). SIMPLE_HISTORY_REVERT_DISABLED only hides its button."""
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        if not hasattr(self.model._meta, "simple_history_manager_attribute"):
            raise Http404
        try:
            exists = self.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, ValidationError):
            exists = False
        if not exists:
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        try:
            exists = self.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, ValidationError):
            exists = False
        if not exists:
            raise Http404
        return super().history_view(request, object_id, extra_context=extra_context)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Outside the perimeter or absent: the same 404, so existence does not leak.
        raise Http404


class PerimeterInlineMixin:
    """Inlines are reached through their parent, already inside the perimeter."""

    edit_roles: tuple[str, ...] = (Role.DIRECTOR, Role.DEPARTMENT_STAFF)
    extra = 0

    def _may(self, request) -> bool:
        user = request.user
        return user.is_superuser or (user.is_staff and has_role(user, *self.edit_roles))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        limit_choices_to_perimeter(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        limit_choices_to_perimeter(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        return self._may(request)

    def has_change_permission(self, request, obj=None):
        return self._may(request)

    def has_add_permission(self, request, obj=None):
        return self._may(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
