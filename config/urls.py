from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from partnerships.security import views as security_views
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
    path("gouvernance/", include("governance.urls")),
    path("financements/", include("funding.urls")),
    path("menages/", include("households.urls")),
    path("", include("households.urls_rgpd")),
    path("admin/", admin.site.urls),
]
