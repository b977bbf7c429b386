"""The portal's pages keep the addresses they had before they moved here (issue 12)."""

from django.urls import path

from portal.imports import views as imports
from portal.letters import views as letters
from portal.views import api_tokens, calendar, due, exports, reports, search

app_name = "portal"
urlpatterns = [
    path("partenariats/recherche/", search.search_view, name="search"),
    # Governance's address (issue 16: the page now holds the dates of every app).
    path("gouvernance/echeances/", due.due, name="due"),
    path("partenariats/agenda/", calendar.calendar_settings, name="calendar"),
    path("partenariats/agenda/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("imports/", imports.import_home, name="import_home"),
    path(
        "imports/modeles/<slug:kind>.<str:file_format>",
        imports.import_template,
        name="import_template",
    ),
    path("imports/<int:pk>/", imports.import_run, name="import_run"),
    path("imports/<int:pk>/confirmer/", imports.import_confirm, name="import_confirm"),
    path("cles-api/", api_tokens.api_token_list, name="api_tokens"),
    path("cles-api/<int:pk>/revoquer/", api_tokens.api_token_revoke_view, name="api_token_revoke"),
    path("mes-exports/", exports.export_list, name="export_list"),
    path("mes-exports/<int:pk>/fichier/", exports.export_download, name="export_download"),
    path("financements/rapports/", reports.reports_home, name="reports"),
    path(
        "financements/rapports/conventions/<int:pk>/<int:year>/",
        reports.convention_report_pdf,
        name="convention_report_pdf",
    ),
    path(
        "financements/rapports/departement/",
        reports.department_report_request,
        name="department_report_request",
    ),
    path("financements/rapports/preparations/<int:pk>/", reports.report_job, name="report_job"),
    path(
        "financements/rapports/preparations/<int:pk>/fichier/",
        reports.report_job_download,
        name="report_job_download",
    ),
    path("courriers/<str:kind>/<int:pk>/nouveau/", letters.letter_create, name="letter_create"),
    path("courriers/<int:pk>/pdf/", letters.letter_download, name="letter_download"),
]
