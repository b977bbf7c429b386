from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.papers import ADMIN_FIELDS as PAPER_FIELDS
from partnerships.admin_base import PerimeterAdmin, PerimeterInlineMixin
from partnerships.enums import Role
from partnerships.models import (
    ActionSheet,
    ActivityAxis,
    ActivityKind,
    ActivityRecord,
    Amendment,
    AmendmentProposal,
    Commitment,
    Convention,
    ConventionPaper,
    ConventionParty,
    Deliverable,
    IncidentAcknowledgement,
    IncidentReport,
    Indicator,
    IndicatorValue,
    Membership,
    Organisation,
    OrganisationContact,
    Programme,
    ProgrammeDomain,
    SupervisionTime,
    SynthesisAnalysis,
    Termination,
    TerminationProposal,
    Territory,
    User,
)
from partnerships.perimeter import has_role, org_ids
from partnerships.services.organisations import registering_organisation


def _members_page_notice(request) -> None:
    """Roles are granted and taken back on the « Membres » page, through the services that
    check who may grant what (partnerships/services/members.py): the admin only shows them."""
    messages.info(
        request,
        format_html(
            'Les rôles se donnent et se retirent depuis la page <a href="{}">Membres</a> : '
            "l'administration les montre sans les modifier.",
            reverse("partnerships:member_list"),
        ),
    )


class MembershipInline(PerimeterInlineMixin, admin.TabularInline):
    """Read-only: a role is given or taken back through the services (« Membres »)."""

    model = Membership
    fk_name = "user"
    fields = ["organisation", "role", "territory", "is_active", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts, for superusers only; their roles are read-only here and change on the
    « Membres » page, through the services."""

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "memberships__role"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name")}),
        (
            _("Droits"),
            {"fields": ("is_active", "is_staff", "is_superuser")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        visible = Membership.objects.visible_to(request.user).values("user")
        return queryset.filter(pk__in=visible)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Outside the perimeter or absent: the same 404, so existence does not leak.
        raise Http404

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:  # the roles below are read-only here
            _members_page_notice(request)
        return response

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


def may_edit_organisation(user, organisation) -> bool:
    """An organisation's own data (address, representatives) is edited by its director or by
    department staff (issue 13 case 4: never by the director of another organisation)."""
    if user.is_superuser or has_role(user, Role.DEPARTMENT_STAFF):
        return True
    return organisation.pk in org_ids(user, roles=[Role.DIRECTOR])


def editable_organisations(request):
    """The organisations whose data the user may edit, among those they see."""
    user = request.user
    if user.is_superuser:
        return None
    visible = Organisation.objects.visible_to(user)
    if has_role(user, Role.DEPARTMENT_STAFF):
        return visible
    return visible.filter(pk__in=org_ids(user, roles=[Role.DIRECTOR]))


CONVENTION_PAGES = (
    "partnerships:convention_list",
    _(
        "Une convention se crée, se signe, change par avenant, se renouvelle, se dénonce et "
        "se résilie depuis sa page, dans Conventions ; ses parties, engagements, fiches "
        "action, valeurs d'indicateurs et relevés d'activité aussi."
    ),
)


@admin.register(Territory)
class TerritoryAdmin(PerimeterAdmin):
    """A shared reference, kept by the operators (superusers)."""

    shared_reference = True
    list_display = ["name", "kind", "code", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    # The materialised path of every territory within follows the parent: it stays fixed.
    fixed_fields = ("parent",)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser


class ContactInline(PerimeterInlineMixin, admin.TabularInline):
    model = OrganisationContact
    editable = True


@admin.register(Organisation)
class OrganisationAdmin(PerimeterAdmin):
    director_index = True  # its logo and colour, printed on its documents (issue 18)
    add_roles = (Role.DEPARTMENT_STAFF,)
    # issue 19: a new organisation is registered by the department of the staff who add it,
    # and so within its perimeter (save_model); nobody changes who registered it.
    guarded_fields = ("registered_by",)
    # The kind makes an organisation eligible to a call for applications (seed 004 §6): set by
    # department staff when they create it, never changed by the organisation itself.
    fixed_fields = ("kind",)
    list_display = ["name", "short_name", "kind", "siret", "city"]
    list_filter = ["kind", "territories"]
    search_fields = ["name", "short_name", "siret", "city"]
    autocomplete_fields = ["network"]
    filter_horizontal = ["territories"]
    inlines = [ContactInline]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or may_edit_organisation(request.user, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.registered_by = registering_organisation(request.user)
        super().save_model(request, obj, form, change)


@admin.register(OrganisationContact)
class OrganisationContactAdmin(PerimeterAdmin):
    list_display = ["full_name", "title", "organisation"]
    list_filter = ["organisation__kind"]
    search_fields = ["full_name", "title", "organisation__name"]
    list_select_related = ["organisation"]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or may_edit_organisation(request.user, obj.organisation)

    def choices(self, db_field, request):
        if db_field.name == "organisation":
            return editable_organisations(request)
        return super().choices(db_field, request)


@admin.register(Membership)
class MembershipAdmin(PerimeterAdmin):
    director_index = True  # the roles of the structures they direct
    """Read-only for everyone, superusers included (issue 13, case 1: a director gave himself
    any role in any organisation here). Roles are granted and taken back on the « Membres »
    page, whose services check who may grant which role where, keep the history and e-mail
    the person concerned; directors read their organisations' members here."""

    view_roles = (Role.DIRECTOR,)
    edit_roles = ()
    list_display = ["user", "organisation", "role", "territory", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__email", "user__last_name", "organisation__name"]
    list_select_related = ["user", "organisation", "territory"]
    fields = ["user", "organisation", "role", "territory", "is_active", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200:  # rendered afterwards: the notice shows on it
            _members_page_notice(request)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:
            _members_page_notice(request)
        return response


class DomainInline(PerimeterInlineMixin, admin.TabularInline):
    model = ProgrammeDomain
    editable = True


@admin.register(Programme)
class ProgrammeAdmin(PerimeterAdmin):
    """A shared reference (the programmes of the source documents), kept by the operators."""

    shared_reference = True
    list_display = ["name", "code", "duration_months", "review_after_months", "renewals_allowed"]
    list_filter = ["requires_each_partner_approval", "counts_measures"]
    search_fields = ["name", "code"]
    inlines = [DomainInline]

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser


class PartyInline(PerimeterInlineMixin, admin.TabularInline):
    model = ConventionParty


class AmendmentInline(PerimeterInlineMixin, admin.TabularInline):
    model = Amendment


class TerminationInline(PerimeterInlineMixin, admin.TabularInline):
    model = Termination


class ProposalInline(PerimeterInlineMixin, admin.TabularInline):
    """Read-only: a proposal is made on the convention's page and decided by its committee
    (partnerships/services/proposals.py); its status never changes around the service."""

    addable = False
    readonly_fields = ("status", "decided_on", "decision_reference")


class AmendmentProposalInline(ProposalInline):
    model = AmendmentProposal


class TerminationProposalInline(ProposalInline):
    model = TerminationProposal


class ConventionPaperInline(PerimeterInlineMixin, admin.TabularInline):
    """Read-only: the signed convention and amendments are filed on the convention's page
    (partnerships/services/papers.py), which checks who files them and the file's format."""

    model = ConventionPaper
    fields = (*PAPER_FIELDS[:1], "amendment", *PAPER_FIELDS[1:])
    readonly_fields = fields
    addable = False


class StartYearFilter(admin.SimpleListFilter):
    """The years conventions of the list start in, as the date hierarchy offered them, read
    in one query of the user's conventions (issue 15: the hierarchy read them in two, a third
    of the page's time)."""

    title = _("année de début")
    parameter_name = "annee"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("start_date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            return queryset.filter(start_date__year=int(self.value()))
        except ValueError:
            return queryset.none()


@admin.register(Convention)
class ConventionAdmin(PerimeterAdmin):
    pages = CONVENTION_PAGES
    # The status and the effective end are columns kept by the services and the nightly
    # run (partnerships.services.dates): filtered and sorted in SQL.
    list_display = ["reference", "title", "kind", "start_date", "effective_end", "status"]
    # No date_hierarchy: its row of years read the perimeter twice (its first and last dates,
    # then every year), a third of the page's time (issue 15).
    list_filter = ["kind", "status", "renewal_policy", StartYearFilter]
    search_fields = ["reference", "title", "parties__organisation__name"]
    inlines = [
        PartyInline,
        AmendmentInline,
        TerminationInline,
        AmendmentProposalInline,
        TerminationProposalInline,
        ConventionPaperInline,
    ]


@admin.register(ConventionParty)
class ConventionPartyAdmin(PerimeterAdmin):
    pages = CONVENTION_PAGES
    list_display = ["convention", "organisation", "role", "signed_on"]
    list_filter = ["role"]
    search_fields = ["convention__reference", "organisation__name"]
    list_select_related = ["convention", "organisation"]


class IndicatorInline(PerimeterInlineMixin, admin.TabularInline):
    model = Indicator


class DeliverableInline(PerimeterInlineMixin, admin.TabularInline):
    model = Deliverable


@admin.register(ActionSheet)
class ActionSheetAdmin(PerimeterAdmin):
    pages = CONVENTION_PAGES
    list_display = ["convention", "number", "title"]
    list_filter = ["convention__kind"]
    search_fields = ["title", "convention__reference"]
    list_select_related = ["convention"]
    inlines = [IndicatorInline, DeliverableInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(PerimeterAdmin):
    pages = CONVENTION_PAGES
    list_display = ["indicator", "period_start", "value"]
    list_filter = ["indicator__period"]
    search_fields = ["indicator__label"]
    list_select_related = ["indicator"]


class ConventionSettingAdmin(PerimeterAdmin):
    """The activity axes and kinds of a convention: set by those who run it (staff or
    directors of a party), attached to it for good."""

    fixed_fields = ("convention",)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or request.user.has_perm(
            "partnerships.manage_convention", obj.convention
        )

    def choices(self, db_field, request):
        allowed = super().choices(db_field, request)
        if db_field.name == "convention" and allowed is not None:
            run = org_ids(request.user, roles=[Role.DEPARTMENT_STAFF, Role.DIRECTOR])
            return allowed.filter(parties__organisation__in=run).distinct()
        return allowed


@admin.register(ActivityKind)
class ActivityKindAdmin(ConventionSettingAdmin):
    list_display = ["label", "axis", "convention"]
    list_filter = ["axis"]
    search_fields = ["label", "axis"]
    list_select_related = ["convention"]


@admin.register(ActivityAxis)
class ActivityAxisAdmin(ConventionSettingAdmin):
    list_display = ["label", "position", "convention"]
    list_filter = ["convention__kind"]
    search_fields = ["label", "convention__reference"]
    list_select_related = ["convention"]
    autocomplete_fields = ["convention"]


@admin.register(ActivityRecord)
class ActivityRecordAdmin(PerimeterAdmin):
    pages = CONVENTION_PAGES
    view_roles = (*PerimeterAdmin.view_roles, Role.SIGNATORY_PARTNER)
    list_display = ["day", "kind", "axis", "commune", "operator", "hours", "participants"]
    list_filter = ["axis", "kind", "operator"]
    search_fields = ["kind__label", "axis__label", "notes"]
    date_hierarchy = "day"
    list_select_related = ["kind", "axis", "operator", "commune"]


@admin.register(SupervisionTime)
class SupervisionTimeAdmin(PerimeterAdmin):
    pages = CONVENTION_PAGES
    view_roles = (*PerimeterAdmin.view_roles, Role.SIGNATORY_PARTNER)
    list_display = ["week_start", "hours", "operator", "convention"]
    list_filter = ["operator"]
    search_fields = ["convention__reference", "notes"]
    date_hierarchy = "week_start"
    list_select_related = ["operator", "convention"]


@admin.register(SynthesisAnalysis)
class SynthesisAnalysisAdmin(PerimeterAdmin):
    pages = CONVENTION_PAGES
    view_roles = (*PerimeterAdmin.view_roles, Role.SIGNATORY_PARTNER)
    list_display = ["month", "operator", "convention", "updated_at"]
    list_filter = ["operator"]
    search_fields = ["convention__reference", "analysis", "recommendations"]
    date_hierarchy = "month"
    list_select_related = ["operator", "convention"]


class AcknowledgementInline(PerimeterInlineMixin, admin.TabularInline):
    model = IncidentAcknowledgement


INCIDENT_PAGES = (
    "partnerships:incident_list",
    _(
        "Une fiche de signalement s'émet depuis la page de sa convention ; ses destinataires "
        "en accusent réception depuis la page Signalements."
    ),
)


@admin.register(IncidentReport)
class IncidentReportAdmin(PerimeterAdmin):
    pages = INCIDENT_PAGES
    list_display = ["occurred_on", "kind", "reported_by", "convention"]
    list_filter = ["kind"]
    search_fields = ["kind", "description"]
    date_hierarchy = "occurred_on"
    list_select_related = ["reported_by", "convention"]
    inlines = [AcknowledgementInline]


@admin.register(IncidentAcknowledgement)
class IncidentAcknowledgementAdmin(PerimeterAdmin):
    pages = INCIDENT_PAGES
    list_display = ["report", "organisation", "acknowledged_on"]
    list_filter = ["acknowledged_on"]
    search_fields = ["report__kind", "organisation__name"]
    list_select_related = ["report", "organisation"]


@admin.register(Commitment)
class CommitmentAdmin(PerimeterAdmin):
    pages = CONVENTION_PAGES
    list_display = ["party", "text", "due_on"]
    list_filter = ["party__role"]
    search_fields = ["text", "party__organisation__name"]
    list_select_related = ["party__organisation", "party__convention"]
