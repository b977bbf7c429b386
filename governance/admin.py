"""Governance in the administration: to read. Committees, meetings, decisions, agreements,
action plans and annual reports change only through their pages (governance/services.py),
which check who acts and the rules of the source documents (issue 13)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.papers import ADMIN_FIELDS as PAPER_FIELDS
from governance.models import (
    ActionPlan,
    AgendaItem,
    AnnualReport,
    Attendance,
    Committee,
    CommitteeMember,
    Decision,
    DeliberationPaper,
    Meeting,
    OrganisationAgreement,
    PlanObjective,
)
from partnerships.admin_base import PerimeterAdmin, PerimeterInlineMixin

COMMITTEE_PAGES = (
    "governance:committee_list",
    _(
        "Une instance, ses membres, son secrétariat, ses réunions (ordre du jour préparé à "
        "partir des dossiers en attente, tenue, annulation, compte rendu, présences et "
        "pouvoirs) et ses décisions (issue de chaque point, accord de chaque structure, "
        "transmission au contrôle de légalité et publication) s'enregistrent depuis les pages "
        "Instances et Réunions."
    ),
)


class MemberInline(PerimeterInlineMixin, admin.TabularInline):
    model = CommitteeMember


@admin.register(Committee)
class CommitteeAdmin(PerimeterAdmin):
    pages = COMMITTEE_PAGES
    list_display = ["name", "kind", "frequency", "convention", "organisation"]
    list_filter = ["kind", "frequency"]
    search_fields = ["name", "convention__reference", "organisation__name"]
    list_select_related = ["convention", "organisation"]
    inlines = [MemberInline]


class AttendanceInline(PerimeterInlineMixin, admin.TabularInline):
    model = Attendance


class DecisionInline(PerimeterInlineMixin, admin.StackedInline):
    model = Decision


class AgendaItemInline(PerimeterInlineMixin, admin.TabularInline):
    """The agenda prepared from the pending items and each item's outcome: shown here,
    written by the "Préparer l'ordre du jour" and "Décider" pages (governance/agenda.py)."""

    model = AgendaItem
    fields = ["position", "kind", "title", "outcome", "decision", "carried_from"]
    addable = False


@admin.register(Meeting)
class MeetingAdmin(PerimeterAdmin):
    pages = COMMITTEE_PAGES
    list_display = ["committee", "held_on", "status", "place"]
    list_filter = ["status", "committee__kind"]
    search_fields = ["committee__name", "agenda", "place"]
    date_hierarchy = "held_on"
    list_select_related = ["committee"]
    inlines = [AgendaItemInline, AttendanceInline, DecisionInline]


class AgreementInline(PerimeterInlineMixin, admin.TabularInline):
    model = OrganisationAgreement


class DeliberationPaperInline(PerimeterInlineMixin, admin.TabularInline):
    """Read-only: the signed deliberation is filed on the meeting's page (governance
    services), which checks who files it and the file's format."""

    model = DeliberationPaper
    fields = PAPER_FIELDS
    readonly_fields = PAPER_FIELDS
    addable = False


@admin.register(Decision)
class DecisionAdmin(PerimeterAdmin):
    pages = COMMITTEE_PAGES
    list_display = ["number", "title", "subject", "outcome", "votes_for", "votes_against"]
    list_filter = ["subject", "outcome"]
    search_fields = ["number", "title", "convention__reference"]
    list_select_related = ["meeting__committee"]
    inlines = [AgreementInline, DeliberationPaperInline]


class PlanObjectiveInline(PerimeterInlineMixin, admin.TabularInline):
    model = PlanObjective
    fields = ["position", "text", "status", "comment", "assessed_on", "assessed_by"]


@admin.register(ActionPlan)
class ActionPlanAdmin(PerimeterAdmin):
    pages = (
        "governance:plan_list",
        _(
            "Un plan d'actions se rédige et se transmet depuis la page Plans d'actions ; "
            "l'atteinte de chacun de ses objectifs s'y évalue."
        ),
    )
    inlines = [PlanObjectiveInline]
    list_display = ["convention", "period", "period_start", "transmitted_on"]
    list_filter = ["period"]
    search_fields = ["convention__reference", "objectives"]
    list_select_related = ["convention"]


@admin.register(AnnualReport)
class AnnualReportAdmin(PerimeterAdmin):
    pages = (
        "governance:report_list",
        _(
            "Un bilan annuel se rédige, se transmet et se valide (par le financeur, sur "
            "décision de son instance) depuis la page Bilans ; sa validation rend exigible le "
            "solde des versements."
        ),
    )
    list_display = ["convention", "year", "status", "submitted_on", "validated_on"]
    list_filter = ["status", "year"]
    search_fields = ["convention__reference", "convention__title"]
    list_select_related = ["convention"]
