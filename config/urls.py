from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from partnerships.security import views as security_views
from partnerships.tokens import invitation_token_generator
from portal.views.home import home

admin.site.site_header = _("Maillage — administration")
admin.site.site_title = _("Maillage")
admin.site.index_title = _("Administration des partenariats")

urlpatterns = [
    path("", home, name="home"),
    path("connexion/", security_views.login, name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/", security_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "mot-de-passe/modifie/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # An invited member chooses a password through the link of the invitation e-mail
    # (partnerships/services/members.py): Django's password-reset token, public views.
    path(
        "mot-de-passe/definir/<uidb64>/<token>/",
        login_not_required(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="registration/password_set_form.html",
                success_url=reverse_lazy("password_set_done"),
                token_generator=invitation_token_generator,
            )
        ),
        name="password_set",
    ),
    path(
        "mot-de-passe/enregistre/",
        login_not_required(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="registration/password_set_done.html"
            )
        ),
        name="password_set_done",
    ),
    path("mot-de-passe/oubli/", security_views.password_reset, name="password_reset"),
    path(
        "mot-de-passe/oubli/envoye/", security_views.password_reset_done, name="password_reset_done"
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        security_views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/enregistre/",
        security_views.password_reset_complete,
        name="password_reset_complete",
    ),
    path("compte/", include("partnerships.security.urls")),
    path("", include("portal.urls")),
    path("partenariats/", include("partnerships.urls")),
    path("notifications/", include("partnerships.urls_notifications")),
    path("gouvernance/", include("governance.urls")),
    path("financements/", include("funding.urls")),
    path("menages/", include("households.urls")),
    path("", include("households.urls_rgpd")),
    # The read API (issue 19): portal/api/, its guide docs/api.md.
    path("api/", include("portal.api.urls")),
    path("admin/", admin.site.urls),
]
