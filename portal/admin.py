from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from partnerships.admin_base import PerimeterAdmin
from partnerships.enums import Role
from portal.models import CalendarToken, Letter, ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(PerimeterAdmin):
    """Generated reports are read here; they are requested from the reports page."""

    pages = (
        "portal:reports",
        _("Un rapport se demande et se télécharge depuis la page Rapports annuels."),
    )
    view_roles = (Role.DEPARTMENT_STAFF, Role.DIRECTOR, Role.SIGNATORY_PARTNER)
    edit_roles = ()

    list_display = ["kind", "year", "status", "progress", "requested_by", "requested_at"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["requested_by__email"]
    list_select_related = ["requested_by"]
    exclude = ["file"]

    def has_delete_permission(self, request, obj=None):
        # A prepared file may be cleared by an operator: no rule reads it.
        return request.user.is_superuser


@admin.register(CalendarToken)
class CalendarTokenAdmin(PerimeterAdmin):
    """Private calendar addresses: only their digest is stored; revoke from the agenda page."""

    pages = (
        "portal:calendar",
        _("Une adresse d'agenda privée se crée et se révoque depuis la page Agenda."),
    )
    list_display = ["user", "hint", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email"]
    list_select_related = ["user"]

    def has_delete_permission(self, request, obj=None):
        # An operator may cut off a feed whose address leaked: it stops answering at once.
        return request.user.is_superuser


@admin.register(Letter)
class LetterAdmin(PerimeterAdmin):
    """Letters kept on the file, read only: each is written by its object's page (service
    `letter_generate`) and never changed; the list holds what `Letter.objects.visible_to`
    opens to the reader."""

    # No list page of its own (the URL needs a letter): the notice is shown without a link.
    pages = (
        "portal:letter_download",
        _("Un courrier se génère et se télécharge depuis la page de l'objet qu'il concerne."),
    )
    edit_roles = ()

    list_display = ["reference", "kind", "organisation", "recipient", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["reference", "recipient"]
    list_select_related = ["organisation", "created_by"]
    exclude = ["content"]
    addable = False
