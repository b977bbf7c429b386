from django.contrib import admin

from governance.models import (
    ActionPlan,
    AnnualReport,
    Attendance,
    Committee,
    CommitteeMember,
    Decision,
    Meeting,
    OrganisationAgreement,
)
from partnerships.admin_base import PerimeterAdmin, PerimeterInlineMixin


class MemberInline(PerimeterInlineMixin, admin.TabularInline):
    model = CommitteeMember
    autocomplete_fields = ["organisation"]


@admin.register(Committee)
class CommitteeAdmin(PerimeterAdmin):
    list_display = ["name", "kind", "frequency", "convention", "organisation"]
    list_filter = ["kind", "frequency"]
    search_fields = ["name", "convention__reference", "organisation__name"]
    list_select_related = ["convention", "organisation"]
    autocomplete_fields = ["convention", "organisation"]
    inlines = [MemberInline]


class AttendanceInline(PerimeterInlineMixin, admin.TabularInline):
    model = Attendance
    autocomplete_fields = ["organisation"]


class DecisionInline(PerimeterInlineMixin, admin.StackedInline):
    model = Decision
    autocomplete_fields = ["convention"]


@admin.register(Meeting)
class MeetingAdmin(PerimeterAdmin):
    list_display = ["committee", "held_on", "status", "place"]
    list_filter = ["status", "committee__kind"]
    search_fields = ["committee__name", "agenda", "place"]
    date_hierarchy = "held_on"
    list_select_related = ["committee"]
    autocomplete_fields = ["committee"]
    inlines = [AttendanceInline, DecisionInline]


class AgreementInline(PerimeterInlineMixin, admin.TabularInline):
    model = OrganisationAgreement
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["given_by"]


@admin.register(Decision)
class DecisionAdmin(PerimeterAdmin):
    list_display = ["number", "title", "subject", "outcome", "votes_for", "votes_against"]
    list_filter = ["subject", "outcome"]
    search_fields = ["number", "title", "convention__reference"]
    list_select_related = ["meeting__committee"]
    autocomplete_fields = ["meeting", "convention"]
    inlines = [AgreementInline]


@admin.register(ActionPlan)
class ActionPlanAdmin(PerimeterAdmin):
    list_display = ["convention", "period", "period_start", "transmitted_on"]
    list_filter = ["period"]
    search_fields = ["convention__reference", "objectives"]
    list_select_related = ["convention"]
    autocomplete_fields = ["convention"]


@admin.register(AnnualReport)
class AnnualReportAdmin(PerimeterAdmin):
    list_display = ["convention", "year", "status", "submitted_on", "validated_on"]
    list_filter = ["status", "year"]
    search_fields = ["convention__reference", "convention__title"]
    list_select_related = ["convention"]
    autocomplete_fields = ["convention", "validated_by"]
