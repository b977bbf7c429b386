from django.urls import path

from partnerships.security import views

app_name = "security"
urlpatterns = [
    path("code/", views.otp_verify, name="otp_verify"),
    path("double-authentification/", views.otp_setup, name="otp_setup"),
    path("confirmation/", views.reauth, name="reauth"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/<int:pk>/fermer/", views.session_revoke, name="session_revoke"),
    path("sessions/fermer-les-autres/", views.session_revoke_others, name="session_revoke_others"),
]
