"""Data protection pages, in the `rgpd` namespace (config/urls.py)."""

from django.urls import path

from households import rgpd_views

app_name = "rgpd"
urlpatterns = [
    path("journal-des-acces/", rgpd_views.organisation_log, name="log"),
    path("menages/<int:pk>/journal/", rgpd_views.household_log, name="household_log"),
    path("menages/<int:pk>/conservation/", rgpd_views.retention_extend, name="retention_extend"),
    path("menages/<int:pk>/anonymiser/", rgpd_views.anonymise, name="anonymise"),
    path("menages/<int:pk>/donnees.json", rgpd_views.access_export_json, name="access_json"),
    path("menages/<int:pk>/donnees.pdf", rgpd_views.access_export_pdf, name="access_pdf"),
]
