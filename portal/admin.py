from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from partnerships.admin_base import PerimeterAdmin
from partnerships.enums import Role
from portal.api.tokens import api_token_revoke
from portal.models import (
    API_TOKEN_ROLES,
    ApiCall,
    ApiToken,
    CalendarToken,
    ImportRun,
    Letter,
    ReportJob,
)


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


@admin.register(ApiToken)
class ApiTokenAdmin(PerimeterAdmin):
    """Keys of the read API: only their digest is stored. A key is created on the page « Clés
    d'API » (it is shown once there); it is revoked there or here, by the same service."""

    pages = (
        "portal:api_tokens",
        _(
            "Une clé d'API se crée depuis la page Clés d'API, qui la montre une seule fois ; "
            "elle se révoque là ou par l'action « Révoquer » de cette liste."
        ),
    )
    view_roles = API_TOKEN_ROLES
    edit_roles = ()
    list_display = [
        "label",
        "organisation",
        "hint",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["label", "organisation__name"]
    list_select_related = ["organisation", "created_by"]
    readonly_fields = [
        "organisation",
        "label",
        "hint",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ]
    exclude = ["digest"]
    actions = ["revoke"]

    def has_revoke_permission(self, request):
        return self._may(request, self.view_roles)

    @admin.action(description=_("Révoquer les clés choisies"), permissions=["revoke"])
    def revoke(self, request, queryset):
        revoked = 0
        for token in queryset.select_related("organisation"):
            try:
                api_token_revoke(token=token, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{token} : {' '.join(error.messages)}", messages.ERROR)
            except PermissionDenied:
                self.message_user(
                    request,
                    _("%(token)s : seul un directeur de l'organisation peut la révoquer.")
                    % {"token": token},
                    messages.ERROR,
                )
            else:
                revoked += 1
        if revoked:
            self.message_user(
                request, _("%(n)d clé(s) révoquée(s) : elles ne répondent plus.") % {"n": revoked}
            )
        elif not queryset.exists():
            self.message_user(
                request,
                _("Aucune clé révoquée : choisissez des clés de la liste."),
                messages.WARNING,
            )


@admin.register(ApiCall)
class ApiCallAdmin(PerimeterAdmin):
    """The journal of the read API: one row per call, written by portal/api/urls.py."""

    pages = ("portal:api_tokens", _("Le journal des appels se lit seulement."))
    view_roles = API_TOKEN_ROLES
    edit_roles = ()
    list_display = ["at", "token", "method", "path", "status", "duration_ms"]
    list_filter = ["status", "method"]
    search_fields = ["path", "token__label"]
    list_select_related = ["token"]
    date_hierarchy = "at"

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(PerimeterAdmin):
    """The log of imports from spreadsheets (issue 19), read only: a run is created by the
    page « Importer des ménages » (service `import_check`), confirmed there by the person who
    uploaded it, finished by the background task, and forgotten by `purge_imports`. The rows
    are `ImportRun.objects.visible_to`: the uploader's runs, and a director's structure's."""

    pages = (
        "portal:import_home",
        _(
            "Un import se dépose, se vérifie et se confirme depuis la page Importer des ménages ; "
            "son journal se lit ici."
        ),
    )
    view_roles = (Role.DIRECTOR, Role.DEPARTMENT_STAFF)
    edit_roles = ()
    addable = False
    # On a director's home of the administration: the log of what came into their structure,
    # as the access log.
    director_index = True
    list_display = [
        "file_name",
        "kind",
        "organisation",
        "status",
        "row_count",
        "created",
        "updated",
        "unchanged",
        "errors",
        "requested_by",
        "requested_at",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["file_name", "requested_by__email"]
    list_select_related = ["organisation", "requested_by"]
    date_hierarchy = "requested_at"
    # The file and the row-by-row report hold the names of the households: the page of the
    # run shows them to whom it may; the log here says who, when, which file, what it did.
    exclude = ["file", "report"]
    readonly_fields = [
        "kind",
        "organisation",
        "file_name",
        "status",
        "progress",
        "row_count",
        "created",
        "updated",
        "unchanged",
        "errors",
        "error",
        "requested_by",
        "requested_at",
        "confirmed_at",
        "finished_at",
    ]
