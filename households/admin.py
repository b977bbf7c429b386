from django.contrib import admin

from households.models import (
    Closure,
    Contact,
    Document,
    FinancialHelp,
    Household,
    HouseholdPriority,
    InterventionProject,
    Member,
    OrientationDecision,
    PlannedAction,
    ProjectApproval,
    Referral,
    Review,
)
from partnerships.admin_base import PerimeterAdmin, PerimeterInlineMixin
from partnerships.enums import Role

# Department staff never see names (domain.md): household admin is for directors.
HOUSEHOLD_ADMINS = (Role.DIRECTOR,)


class HouseholdAdminBase(PerimeterAdmin):
    view_roles = HOUSEHOLD_ADMINS
    edit_roles = HOUSEHOLD_ADMINS


class HouseholdInline(PerimeterInlineMixin):
    edit_roles = HOUSEHOLD_ADMINS


class MemberInline(HouseholdInline, admin.TabularInline):
    model = Member


class PriorityInline(HouseholdInline, admin.TabularInline):
    model = HouseholdPriority


@admin.register(Household)
class HouseholdAdmin(HouseholdAdminBase):
    list_display = ["reference", "organisation", "territory", "housing_situation"]
    list_filter = ["housing_situation", "priorities__criterion"]
    search_fields = ["reference", "members__last_name"]
    list_select_related = ["organisation", "territory"]
    autocomplete_fields = ["organisation", "territory"]
    inlines = [MemberInline, PriorityInline]


@admin.register(Referral)
class ReferralAdmin(HouseholdAdminBase):
    list_display = ["household", "referred_by", "programme", "received_on", "status"]
    list_filter = ["status", "programme"]
    search_fields = ["household__reference", "referred_by__name"]
    date_hierarchy = "received_on"
    list_select_related = ["household", "referred_by", "programme"]
    autocomplete_fields = ["household", "referred_by"]


@admin.register(OrientationDecision)
class OrientationDecisionAdmin(HouseholdAdminBase):
    list_display = ["referral", "outcome", "decided_on", "decided_by"]
    list_filter = ["outcome"]
    search_fields = ["referral__household__reference"]
    list_select_related = ["referral__household", "decided_by"]
    raw_id_fields = ["referral", "decided_by", "meeting", "operator"]


class ApprovalInline(HouseholdInline, admin.TabularInline):
    model = ProjectApproval
    raw_id_fields = ["approved_by", "decision"]


class ActionInline(HouseholdInline, admin.TabularInline):
    model = PlannedAction
    raw_id_fields = ["domain", "organisation"]


@admin.register(InterventionProject)
class InterventionProjectAdmin(HouseholdAdminBase):
    list_display = [
        "household",
        "programme",
        "operator",
        "status",
        "start_date",
        "review_due_on",
        "planned_end",
    ]
    list_filter = ["status", "programme", "operator"]
    search_fields = ["household__reference", "referent__last_name"]
    list_select_related = ["household", "programme", "operator"]
    raw_id_fields = ["household", "referral", "referent", "measure_allocation"]
    filter_horizontal = ["partners", "volunteers"]
    readonly_fields = ["review_due_on", "planned_end", "version"]
    inlines = [ApprovalInline, ActionInline]


@admin.register(Contact)
class ContactAdmin(HouseholdAdminBase):
    list_display = ["project", "happened_on", "medium", "author", "duration_minutes"]
    list_filter = ["medium"]
    search_fields = ["project__household__reference"]
    date_hierarchy = "happened_on"
    list_select_related = ["project__household", "project__programme", "author"]
    raw_id_fields = ["project", "author"]
    filter_horizontal = ["participants", "domains"]


@admin.register(Review)
class ReviewAdmin(HouseholdAdminBase):
    list_display = ["project", "kind", "held_on", "recommendation"]
    list_filter = ["kind", "recommendation"]
    search_fields = ["project__household__reference"]
    list_select_related = ["project__household", "project__programme"]
    raw_id_fields = ["project", "author"]


@admin.register(Closure)
class ClosureAdmin(HouseholdAdminBase):
    list_display = ["project", "closed_on", "outcome"]
    list_filter = ["outcome"]
    search_fields = ["project__household__reference"]
    list_select_related = ["project__household", "project__programme"]
    raw_id_fields = ["project"]


@admin.register(FinancialHelp)
class FinancialHelpAdmin(HouseholdAdminBase):
    list_display = ["project", "purpose", "amount_requested", "status", "amount_granted"]
    list_filter = ["status", "purpose"]
    search_fields = ["project__household__reference"]
    list_select_related = ["project__household", "project__programme"]
    raw_id_fields = ["project", "payer"]


@admin.register(Document)
class DocumentAdmin(HouseholdAdminBase):
    list_display = ["title", "kind", "household", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["title", "household__reference"]
    list_select_related = ["household"]
    raw_id_fields = ["household", "project", "uploaded_by"]
    exclude = ["file"]
