from django.urls import path

from governance.views import agenda, committees, papers, plans, reports

app_name = "governance"
urlpatterns = [
    path("instances/", committees.committee_list, name="committee_list"),
    path("instances/export/", reports.committee_export, name="committee_export"),
    path("reunions/export/", reports.meeting_export, name="meeting_export"),
    path(
        "reunions/<int:pk>/compte-rendu.pdf",
        reports.meeting_minutes_pdf,
        name="meeting_minutes_pdf",
    ),
    path(
        "decisions/<int:pk>/extrait.pdf", reports.deliberation_extract_pdf, name="deliberation_pdf"
    ),
    path("instances/nouvelle/", committees.committee_create, name="committee_create"),
    path("instances/<int:pk>/", committees.committee_detail, name="committee_detail"),
    path("instances/<int:pk>/membres/", committees.member_add, name="member_add"),
    path("instances/<int:pk>/secretariat/", committees.secretary_set, name="secretary_set"),
    path("instances/<int:pk>/reunions/", committees.meeting_add, name="meeting_add"),
    path("reunions/", committees.meeting_list, name="meeting_list"),
    path("reunions/<int:pk>/", committees.meeting_detail, name="meeting_detail"),
    path("reunions/<int:pk>/tenue/", committees.meeting_hold, name="meeting_hold"),
    path("reunions/<int:pk>/annulation/", committees.meeting_cancel, name="meeting_cancel"),
    path("reunions/<int:pk>/compte-rendu/", committees.meeting_minutes, name="meeting_minutes"),
    path("reunions/<int:pk>/presences/", committees.attendance_add, name="attendance_add"),
    path("reunions/<int:pk>/decisions/", committees.decision_add, name="decision_add"),
    path("reunions/<int:pk>/ordre-du-jour/", agenda.agenda_prepare, name="agenda_prepare"),
    path("reunions/<int:pk>/ordre-du-jour.pdf", agenda.agenda_pdf_view, name="agenda_pdf"),
    path("points/<int:pk>/decision/", agenda.item_decide, name="item_decide"),
    path("decisions/<int:pk>/accord/", committees.agreement_add, name="agreement_add"),
    path(
        "decisions/<int:pk>/pieces/",
        papers.deliberation_paper_add,
        name="deliberation_paper_add",
    ),
    path(
        "pieces/<int:pk>/",
        papers.deliberation_paper_download,
        name="deliberation_paper_download",
    ),
    path(
        "pieces/<int:pk>/retrait/",
        papers.deliberation_paper_remove,
        name="deliberation_paper_remove",
    ),
    path(
        "decisions/<int:pk>/publication/",
        committees.deliberation_publish,
        name="deliberation_publish",
    ),
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/export/", reports.plan_export, name="plan_export"),
    path("plans/nouveau/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/transmission/", plans.plan_transmit, name="plan_transmit"),
    path(
        "plans/<int:pk>/objectifs/<int:objective>/",
        plans.plan_objective_assess,
        name="plan_objective_assess",
    ),
    path("bilans/", plans.report_list, name="report_list"),
    path("bilans/export/", reports.report_export, name="report_export"),
    path("bilans/nouveau/", plans.report_create, name="report_create"),
    path("bilans/<int:pk>/", plans.report_detail, name="report_detail"),
    path("bilans/<int:pk>/modifier/", plans.report_edit, name="report_edit"),
    path("bilans/<int:pk>/transmission/", plans.report_submit, name="report_submit"),
    path("bilans/<int:pk>/validation/", plans.report_validate, name="report_validate"),
]
