from django.urls import path

from households.views import appointments, households, lists, projects, referrals, reports

app_name = "households"
urlpatterns = [
    path("", lists.household_list, name="household_list"),
    path("export/", reports.household_export, name="household_export"),
    path("<int:pk>/dossier.pdf", reports.household_file, name="household_file"),
    path("<int:pk>/", households.household_detail, name="household_detail"),
    path("<int:pk>/situation/", households.household_edit, name="household_edit"),
    path("<int:pk>/membres/ajouter/", households.member_add, name="member_add"),
    path("<int:pk>/saisine/", households.referral_add, name="referral_add"),
    path("<int:pk>/documents/ajouter/", households.document_add, name="document_add"),
    path("<int:pk>/projet/", projects.project_add, name="project_add"),
    path("documents/<int:pk>/", households.document_download, name="document_download"),
    path("saisines/", lists.referral_list, name="referral_list"),
    path("saisines/export/", reports.referral_export, name="referral_export"),
    path("saisines/nouvelle/", referrals.referral_create, name="referral_create"),
    path("saisines/<int:pk>/", referrals.referral_detail, name="referral_detail"),
    path("saisines/<int:pk>/etude/", referrals.referral_study, name="referral_study"),
    path("saisines/<int:pk>/orientation/", referrals.orientation_decide, name="orientation"),
    path("saisines/<int:pk>/projet/", referrals.project_from_referral, name="referral_project"),
    path("projets/", lists.project_list, name="project_list"),
    path("projets/export/", reports.project_export, name="project_export"),
    path("projets/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projets/<int:pk>/demarrer/", projects.project_start, name="project_start"),
    path("projets/<int:pk>/referent/", projects.project_referent, name="project_referent"),
    path("projets/<int:pk>/rencontres/", projects.contact_add, name="contact_add"),
    path("projets/<int:pk>/rendez-vous/", appointments.appointment_add, name="appointment_add"),
    path("rendez-vous/<int:pk>/tenu/", appointments.appointment_held, name="appointment_held"),
    path(
        "rendez-vous/<int:pk>/manque/", appointments.appointment_missed, name="appointment_missed"
    ),
    path("bilans/", lists.review_inbox, name="review_inbox"),
    path("bilans/<int:pk>/lu/", lists.review_acknowledge, name="review_acknowledge"),
    path("rencontres/", lists.contact_list, name="contact_list"),
    path("rencontres/export/", reports.contact_export, name="contact_export"),
    path("projets/<int:pk>/actions/", projects.action_add, name="action_add"),
    path("projets/<int:pk>/bilans/", projects.review_add, name="review_add"),
    path("projets/<int:pk>/renouveler/", projects.project_renew, name="project_renew"),
    path("projets/<int:pk>/cloturer/", projects.project_close, name="project_close"),
    path("projets/<int:pk>/aides/", projects.help_add, name="help_add"),
    path("actions/<int:pk>/statut/", projects.action_status, name="action_status"),
    path("aides/<int:pk>/decision/", projects.help_decide, name="help_decide"),
    path("aides/<int:pk>/pieces/", projects.help_documents, name="help_documents"),
    path("aides/<int:pk>/versement/", projects.help_pay, name="help_pay"),
]
