"""Money in the administration: to read, for the funding roles of the organisations concerned.

Budget lines, grants with their yearly amounts and 70/30 schedule, bank details (asked again
with the password), payments, reimbursements, envelopes and allocations, co-funding plans,
calls and applications change only through the funding pages and their services, which keep
a grant within its budget line, the schedule within the grant and the measures within the
envelope (issue 13). Nobody writes money here, superusers included."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.papers import ADMIN_FIELDS as PAPER_FIELDS
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
    GrantPaper,
    GrantYear,
    Instalment,
    MeasureAllocation,
    MeasureEnvelope,
    MeasureReservation,
    OtherFunderRequest,
    PaymentCredit,
    ReimbursementClaim,
    RequiredDocument,
    SelectionCriterion,
    SubsidyRequest,
)
from partnerships.admin_base import PerimeterAdmin, PerimeterInlineMixin

GRANT_PAGES = (
    "funding:grant_list",
    _(
        "Une participation se crée avec ses montants annuels depuis la page Participations ; "
        "son échéancier, sa notification, son RIB (après confirmation du mot de passe et du "
        "code), ses pièces (relevé d'identité bancaire, sans lequel aucun versement n'est "
        "payé, comptes rendus financiers), ses versements et ses reversements se font depuis "
        "sa page."
    ),
)
ENVELOPE_PAGES = (
    "funding:envelope_list",
    _(
        "Les enveloppes de mesures et leurs allocations se gèrent depuis la page Enveloppes ; "
        "une mesure est réservée par l'accord du projet d'intervention."
    ),
)
CALL_PAGES = (
    "funding:call_list",
    _(
        "Un appel à candidatures, ses candidatures, leurs pièces et les notes du jury se "
        "gèrent depuis la page Appels."
    ),
)


class MoneyAdmin(PerimeterAdmin):
    view_roles = FUNDING_ROLES
    edit_roles = ()


class MoneyInline(PerimeterInlineMixin):
    """Shown with the row it belongs to, never edited here."""


class PaymentCreditInline(MoneyInline, admin.TabularInline):
    """seed 001 rapport n°56: the CP are entered on the line's page, never here."""

    model = PaymentCredit


@admin.register(BudgetLine)
class BudgetLineAdmin(MoneyAdmin):
    pages = (
        "funding:budget_line_list",
        _(
            "Les lignes budgétaires se créent et se modifient depuis la page Lignes budgétaires ; "
            "leurs crédits de paiement s'inscrivent depuis la page de la ligne."
        ),
    )
    inlines = [PaymentCreditInline]
    list_display = ["operation_code", "imputation", "label", "year", "commitment_authorisation"]
    list_filter = ["year"]
    search_fields = ["operation_code", "imputation", "label"]


class GrantYearInline(MoneyInline, admin.TabularInline):
    model = GrantYear


class InstalmentInline(MoneyInline, admin.TabularInline):
    model = Instalment


class GrantPaperInline(MoneyInline, admin.TabularInline):
    """Read-only: the bank identity statement and the certified reports are filed on the
    grant's page (funding/services/papers.py), which checks who files them and the file."""

    model = GrantPaper
    fields = PAPER_FIELDS
    readonly_fields = PAPER_FIELDS
    addable = False


@admin.register(Grant)
class GrantAdmin(MoneyAdmin):
    pages = GRANT_PAGES
    list_display = ["convention", "funder", "beneficiary", "budget_line"]
    list_filter = ["funder"]
    search_fields = ["convention__reference", "beneficiary__name", "funder__name"]
    list_select_related = ["convention", "funder", "beneficiary", "budget_line"]
    inlines = [GrantYearInline, InstalmentInline, GrantPaperInline]


@admin.register(Instalment)
class InstalmentAdmin(MoneyAdmin):
    pages = (
        "funding:instalment_list",
        _(
            "Un versement devient exigible par l'événement qui le libère (notification, bilan "
            "validé, plan transmis) ; il se paie ou s'annule depuis la page Versements."
        ),
    )
    list_display = ["grant", "year", "position", "share", "amount", "condition", "status"]
    list_filter = ["status", "condition", "year"]
    search_fields = ["grant__convention__reference", "mandate_reference"]
    list_select_related = ["grant__convention", "grant__funder", "grant__beneficiary"]


@admin.register(ReimbursementClaim)
class ReimbursementClaimAdmin(MoneyAdmin):
    pages = GRANT_PAGES
    list_display = ["grant", "amount", "reason", "status", "claimed_on"]
    list_filter = ["status", "reason"]
    search_fields = ["grant__convention__reference", "details"]
    list_select_related = ["grant__convention", "grant__funder", "grant__beneficiary"]


class AllocationInline(MoneyInline, admin.TabularInline):
    model = MeasureAllocation


@admin.register(MeasureEnvelope)
class MeasureEnvelopeAdmin(MoneyAdmin):
    pages = ENVELOPE_PAGES
    list_display = ["label", "programme", "funder", "manager", "measures", "unit_cost"]
    list_filter = ["programme"]
    search_fields = ["label"]
    list_select_related = ["programme", "funder", "manager"]
    inlines = [AllocationInline]


@admin.register(MeasureReservation)
class MeasureReservationAdmin(MoneyAdmin):
    """Consumption is written by the project approval (funding.envelopes.reserve_measures)
    and by a further renewal the coordinator agrees to (reserve_further_measures)."""

    pages = ENVELOPE_PAGES
    list_display = ["project", "rank", "allocation", "measures", "reserved_at", "reserved_by"]
    list_filter = ["allocation__envelope", "allocation__territory"]
    search_fields = ["project__household__reference", "allocation__operator__name"]
    list_select_related = [
        "project__household",
        "project__programme",
        "allocation__territory",
        "allocation__operator",
        "reserved_by",
    ]


@admin.register(MeasureAllocation)
class MeasureAllocationAdmin(MoneyAdmin):
    pages = ENVELOPE_PAGES
    list_display = ["envelope", "territory", "operator", "measures"]
    list_filter = ["envelope", "territory"]
    search_fields = ["territory__name", "operator__name"]
    list_select_related = ["envelope", "territory", "operator"]


class ContributionInline(MoneyInline, admin.TabularInline):
    model = CoFundingContribution


@admin.register(CoFundingPlan)
class CoFundingPlanAdmin(MoneyAdmin):
    pages = (
        "funding:cofunding_list",
        _("Les plans de cofinancement et leurs apports se gèrent depuis la page Cofinancements."),
    )
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
    pages = CALL_PAGES
    list_display = ["title", "programme", "deadline", "measures_offered"]
    list_filter = ["programme"]
    search_fields = ["title"]
    list_select_related = ["programme"]
    inlines = [RequiredDocumentInline, CriterionInline]


class RequestInline(MoneyInline, admin.TabularInline):
    model = ApplicationRequest


class ApplicationDocumentInline(MoneyInline, admin.TabularInline):
    model = ApplicationDocument
    exclude = ["file"]


class ScoreInline(MoneyInline, admin.TabularInline):
    model = CriterionScore


@admin.register(Application)
class ApplicationAdmin(MoneyAdmin):
    pages = CALL_PAGES
    list_display = ["organisation", "call", "status", "submitted_at"]
    list_filter = ["status", "call"]
    search_fields = ["organisation__name", "call__title"]
    list_select_related = ["organisation", "call"]
    inlines = [RequestInline, ApplicationDocumentInline, ScoreInline]


class OtherFunderInline(MoneyInline, admin.TabularInline):
    model = OtherFunderRequest


@admin.register(SubsidyRequest)
class SubsidyRequestAdmin(MoneyAdmin):
    """seed 002 §VI: the partner asks and the Département decides on the funding pages."""

    pages = (
        "funding:subsidy_request_list",
        _(
            "Une demande annuelle se transmet, ses autres financeurs se renseignent et la "
            "décision se prend depuis la page Demandes annuelles."
        ),
    )
    list_display = ["applicant", "year", "funder", "amount_requested", "status"]
    list_filter = ["status", "year"]
    search_fields = ["applicant__name", "framework__reference"]
    list_select_related = ["applicant", "funder"]
    inlines = [OtherFunderInline]
