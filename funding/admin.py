from django.contrib import admin

from funding.models import (
    FUNDING_ROLES,
    Application,
    ApplicationDocument,
    ApplicationRequest,
    BudgetLine,
    CallForApplications,
    CoFundingContribution,
    CoFundingPlan,
    CriterionScore,
    Grant,
    GrantYear,
    Instalment,
    MeasureAllocation,
    MeasureEnvelope,
    MeasureReservation,
    ReimbursementClaim,
    RequiredDocument,
    SelectionCriterion,
)
from partnerships.admin_base import PerimeterAdmin, PerimeterInlineMixin
from partnerships.enums import Role

MONEY_EDITORS = (Role.DEPARTMENT_STAFF,)


class MoneyAdmin(PerimeterAdmin):
    view_roles = FUNDING_ROLES
    edit_roles = MONEY_EDITORS


class MoneyInline(PerimeterInlineMixin):
    edit_roles = MONEY_EDITORS


@admin.register(BudgetLine)
class BudgetLineAdmin(MoneyAdmin):
    list_display = ["operation_code", "imputation", "label", "year", "commitment_authorisation"]
    list_filter = ["year"]
    search_fields = ["operation_code", "imputation", "label"]
    autocomplete_fields = ["funder"]


class GrantYearInline(MoneyInline, admin.TabularInline):
    model = GrantYear


# Instalments move only through the funding pages (services with optimistic locking and
# history); the admin shows them, it never edits them.
INSTALMENT_FIELDS = [
    "year",
    "position",
    "share",
    "amount",
    "condition",
    "status",
    "due_on",
    "paid_on",
    "mandate_reference",
    "cancellation_reason",
    "version",
]


class InstalmentInline(MoneyInline, admin.TabularInline):
    model = Instalment
    fields = INSTALMENT_FIELDS
    readonly_fields = INSTALMENT_FIELDS

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Grant)
class GrantAdmin(MoneyAdmin):
    list_display = ["convention", "funder", "beneficiary", "budget_line"]
    list_filter = ["funder"]
    search_fields = ["convention__reference", "beneficiary__name", "funder__name"]
    list_select_related = ["convention", "funder", "beneficiary", "budget_line"]
    autocomplete_fields = ["convention", "funder", "beneficiary", "budget_line", "decision"]
    readonly_fields = ["notified_on"]
    inlines = [GrantYearInline, InstalmentInline]


@admin.register(Instalment)
class InstalmentAdmin(MoneyAdmin):
    list_display = ["grant", "year", "position", "share", "amount", "condition", "status"]
    list_filter = ["status", "condition", "year"]
    search_fields = ["grant__convention__reference", "mandate_reference"]
    list_select_related = ["grant__convention", "grant__funder", "grant__beneficiary"]
    readonly_fields = ["grant", *INSTALMENT_FIELDS]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReimbursementClaim)
class ReimbursementClaimAdmin(MoneyAdmin):
    list_display = ["grant", "amount", "reason", "status", "claimed_on"]
    list_filter = ["status", "reason"]
    search_fields = ["grant__convention__reference", "details"]
    list_select_related = ["grant__convention", "grant__funder", "grant__beneficiary"]


class AllocationInline(MoneyInline, admin.TabularInline):
    model = MeasureAllocation
    autocomplete_fields = ["territory", "operator"]


@admin.register(MeasureEnvelope)
class MeasureEnvelopeAdmin(MoneyAdmin):
    list_display = ["label", "programme", "funder", "manager", "measures", "unit_cost"]
    list_filter = ["programme"]
    search_fields = ["label"]
    list_select_related = ["programme", "funder", "manager"]
    autocomplete_fields = ["funder", "manager"]
    inlines = [AllocationInline]


@admin.register(MeasureReservation)
class MeasureReservationAdmin(MoneyAdmin):
    """Consumption is written by the project approval (funding.envelopes.reserve_measures)."""

    list_display = ["project", "allocation", "measures", "reserved_at", "reserved_by"]
    list_filter = ["allocation__envelope", "allocation__territory"]
    search_fields = ["project__household__reference", "allocation__operator__name"]
    list_select_related = [
        "project__household",
        "project__programme",
        "allocation__territory",
        "allocation__operator",
        "reserved_by",
    ]
    readonly_fields = [
        "project",
        "allocation",
        "measures",
        "reserved_at",
        "reserved_by",
        "over_allocation_reason",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MeasureAllocation)
class MeasureAllocationAdmin(MoneyAdmin):
    list_display = ["envelope", "territory", "operator", "measures"]
    list_filter = ["envelope", "territory"]
    search_fields = ["territory__name", "operator__name"]
    list_select_related = ["envelope", "territory", "operator"]


class ContributionInline(MoneyInline, admin.TabularInline):
    model = CoFundingContribution
    autocomplete_fields = ["funder", "recipient"]


@admin.register(CoFundingPlan)
class CoFundingPlanAdmin(MoneyAdmin):
    list_display = ["label", "convention", "cost"]
    search_fields = ["label", "convention__reference"]
    list_filter = ["convention__kind"]
    list_select_related = ["convention"]
    inlines = [ContributionInline]


class RequiredDocumentInline(MoneyInline, admin.TabularInline):
    model = RequiredDocument


class CriterionInline(MoneyInline, admin.TabularInline):
    model = SelectionCriterion


@admin.register(CallForApplications)
class CallForApplicationsAdmin(MoneyAdmin):
    list_display = ["title", "programme", "deadline", "measures_offered"]
    list_filter = ["programme"]
    search_fields = ["title"]
    list_select_related = ["programme"]
    filter_horizontal = ["territories"]
    inlines = [RequiredDocumentInline, CriterionInline]


class RequestInline(MoneyInline, admin.TabularInline):
    model = ApplicationRequest


class ApplicationDocumentInline(MoneyInline, admin.TabularInline):
    model = ApplicationDocument
    raw_id_fields = ["uploaded_by"]


class ScoreInline(MoneyInline, admin.TabularInline):
    model = CriterionScore
    raw_id_fields = ["juror"]


@admin.register(Application)
class ApplicationAdmin(MoneyAdmin):
    list_display = ["organisation", "call", "status", "submitted_at"]
    list_filter = ["status", "call"]
    search_fields = ["organisation__name", "call__title"]
    list_select_related = ["organisation", "call"]
    inlines = [RequestInline, ApplicationDocumentInline, ScoreInline]
