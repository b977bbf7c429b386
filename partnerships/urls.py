from django.urls import path

from partnerships.views import activity, conventions, exports, members, papers, sheets

app_name = "partnerships"
urlpatterns = [
    path("conventions/", conventions.convention_list, name="convention_list"),
    path("conventions/export/", exports.convention_export, name="convention_export"),
    path("conventions/nouvelle/", conventions.convention_create, name="convention_create"),
    path("conventions/<int:pk>/", conventions.convention_detail, name="convention_detail"),
    path("conventions/<int:pk>/termes/", conventions.convention_edit, name="convention_edit"),
    path("conventions/<int:pk>/parties/", conventions.party_add, name="party_add"),
    path("conventions/<int:pk>/engagements/", conventions.commitment_add, name="commitment_add"),
    path(
        "conventions/<int:pk>/soumettre/", conventions.convention_submit, name="convention_submit"
    ),
    path("conventions/<int:pk>/signature/", conventions.convention_sign, name="convention_sign"),
    path("conventions/<int:pk>/avenants/", conventions.amendment_add, name="amendment_add"),
    path("conventions/<int:pk>/pieces/", papers.convention_paper_add, name="convention_paper_add"),
    path("pieces/<int:pk>/", papers.convention_paper_download, name="convention_paper_download"),
    path(
        "pieces/<int:pk>/retrait/", papers.convention_paper_remove, name="convention_paper_remove"
    ),
    path(
        "conventions/<int:pk>/avenants/proposer/",
        conventions.amendment_propose,
        name="amendment_propose",
    ),
    path(
        "conventions/<int:pk>/fin/proposer/",
        conventions.termination_propose,
        name="termination_propose",
    ),
    path(
        "conventions/<int:pk>/reconduction/", conventions.convention_renew, name="convention_renew"
    ),
    path(
        "conventions/<int:pk>/denonciation/",
        conventions.convention_denounce,
        name="convention_denounce",
    ),
    path(
        "avenants/<int:pk>/denonciation/",
        conventions.amendment_denounce,
        name="amendment_denounce",
    ),
    path(
        "conventions/<int:pk>/resiliation/",
        conventions.convention_terminate,
        name="convention_terminate",
    ),
    path("conventions/<int:pk>/activite/", activity.activity_list, name="activity_list"),
    path("conventions/<int:pk>/activite/export/", exports.activity_export, name="activity_export"),
    path("conventions/<int:pk>/activite/nouvelle/", activity.activity_add, name="activity_add"),
    path("conventions/<int:pk>/activite/mois/", activity.activity_month, name="activity_month"),
    path(
        "conventions/<int:pk>/activite/mois/analyse/",
        activity.synthesis_write,
        name="synthesis_write",
    ),
    path(
        "conventions/<int:pk>/activite/encadrement/",
        activity.supervision_add,
        name="supervision_add",
    ),
    path(
        "conventions/<int:pk>/tableau-de-bord/",
        activity.activity_dashboard,
        name="activity_dashboard",
    ),
    path("conventions/<int:pk>/signalements/", activity.incident_add, name="incident_add"),
    path("fiches-action/<int:pk>/", activity.sheet_detail, name="sheet_detail"),
    path("conventions/<int:pk>/fiches-action/", sheets.sheet_create, name="sheet_create"),
    path("fiches-action/<int:pk>/modifier/", sheets.sheet_edit, name="sheet_edit"),
    path("fiches-action/<int:pk>/indicateurs/", sheets.indicator_add, name="indicator_add"),
    path("indicateurs/<int:pk>/modifier/", sheets.indicator_edit, name="indicator_edit"),
    path("fiches-action/<int:pk>/livrables/", sheets.deliverable_add, name="deliverable_add"),
    path("livrables/<int:pk>/modifier/", sheets.deliverable_edit, name="deliverable_edit"),
    path("indicateurs/<int:pk>/valeur/", activity.indicator_value_add, name="indicator_value_add"),
    path("livrables/<int:pk>/remise/", activity.deliverable_deliver, name="deliverable_deliver"),
    path("membres/", members.member_list, name="member_list"),
    path("membres/inviter/", members.member_invite, name="member_invite"),
    path("membres/<int:pk>/role/", members.member_role, name="member_role"),
    path("membres/<int:pk>/retirer/", members.member_deactivate, name="member_deactivate"),
    path("signalements/", activity.incident_list, name="incident_list"),
    path("signalements/export/", exports.incident_export, name="incident_export"),
    path("signalements/<int:pk>/", activity.incident_detail, name="incident_detail"),
    path(
        "signalements/<int:pk>/reception/",
        activity.incident_acknowledge,
        name="incident_acknowledge",
    ),
]
