from django.urls import path

from funding.views import calls, envelopes, exports, money

app_name = "funding"
urlpatterns = [
    path("", money.dashboard_view, name="dashboard"),
    path("versements/", money.instalment_list, name="instalment_list"),
    path("versements/export/", exports.instalment_export, name="instalment_export"),
    path("versements/<int:pk>/", money.instalment_detail, name="instalment_detail"),
    path("versements/<int:pk>/versement/", money.instalment_pay, name="instalment_pay"),
    path("versements/<int:pk>/annulation/", money.instalment_cancel, name="instalment_cancel"),
    path("participations/", money.grant_list, name="grant_list"),
    path("participations/export/", exports.grant_export, name="grant_export"),
    path("participations/<int:pk>/", money.grant_detail, name="grant_detail"),
    path("participations/<int:pk>/echeancier/", money.grant_generate, name="grant_generate"),
    path("participations/<int:pk>/rib/", money.grant_bank_details, name="grant_bank_details"),
    path("participations/<int:pk>/notification/", money.grant_notify, name="grant_notify"),
    path("participations/<int:pk>/reversement/", money.grant_claim, name="grant_claim"),
    path("reversements/<int:pk>/<slug:action>/", money.claim_move, name="claim_move"),
    path("lignes-budgetaires/", money.budget_line_list, name="budget_line_list"),
    path("lignes-budgetaires/export/", exports.budget_line_export, name="budget_line_export"),
    path("cofinancements/", money.cofunding_list, name="cofunding_list"),
    path("cofinancements/export/", exports.cofunding_export, name="cofunding_export"),
    path("enveloppes/", envelopes.envelope_list, name="envelope_list"),
    path("enveloppes/export/", exports.envelope_export, name="envelope_export"),
    path("enveloppes/<int:pk>/", envelopes.envelope_detail, name="envelope_detail"),
    path("appels/", calls.call_list, name="call_list"),
    path("appels/export/", exports.call_export, name="call_export"),
    path("appels/<int:pk>/", calls.call_detail, name="call_detail"),
    path("appels/<int:pk>/candidater/", calls.call_apply, name="call_apply"),
    path("appels/<int:pk>/cloture/", calls.call_close, name="call_close"),
    path("appels/<int:pk>/decision/", calls.call_decision, name="call_decision"),
    path("candidatures/<int:pk>/", calls.application_detail, name="application_detail"),
    path("candidatures/<int:pk>/mesures/", calls.application_request, name="application_request"),
    path("candidatures/<int:pk>/pieces/", calls.application_upload, name="application_upload"),
    path(
        "candidatures/<int:pk>/pieces/<int:document_pk>/",
        calls.application_document,
        name="application_document",
    ),
    path("candidatures/<int:pk>/depot/", calls.application_submit, name="application_submit"),
    path("candidatures/<int:pk>/notes/", calls.application_score, name="application_score"),
]
