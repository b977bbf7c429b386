import rules
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from common.concurrency import VersionedModelForm
from common.expressions import AmongKeys
from households import services
from households.audit import AdminReadAudit
from households.enums import ProjectStatus
from households.forms import ReferentChangeForm, users_with_roles
from households.models import (
    FOLLOWING_ROLES,
    Appointment,
    AuditEntry,
    Closure,
    Contact,
    Document,
    Dwelling,
    FinancialHelp,
    Household,
    HouseholdAccess,
    HouseholdPriority,
    InterventionProject,
    Member,
    OrientationDecision,
    PlannedAction,
    ProjectApproval,
    ProjectRefusal,
    ReferentChange,
    Referral,
    RenewalAgreement,
    Review,
    household_perimeter,
)
from households.services import HouseholdError
from partnerships.admin_base import PerimeterAdmin, PerimeterInlineMixin
from partnerships.enums import Role
from partnerships.models import Organisation
from partnerships.perimeter import has_role, org_ids

# Department staff never see names (domain.md): household admin is for directors.
HOUSEHOLD_ADMINS = (Role.DIRECTOR,)


class HouseholdAdminBase(AdminReadAudit, PerimeterAdmin):
    view_roles = HOUSEHOLD_ADMINS
    edit_roles = HOUSEHOLD_ADMINS
    # A change list, shown, reads its perimeter as the caseload's keys (`household_id =
    # ANY(ARRAY(…))`, common.expressions.AmongKeys) instead of the semi-join on the access
    # table: the keys then *replace* the perimeter rather than being added to it
    # (rows_to_read), the filters' choices no longer check each row of the caseload in the
    # access table again, and the keys of the page (keys_first) are read by the index of
    # the household (issue 15: a director's projects, 50.7 → 33.1 ms of SQL at 100 000
    # households, 40.7 → 27.9 at 20 000). Only with keys_first: a page walked along its
    # ordering's index would look each row up in the array (past keys_first, a large
    # structure's page does so, over a short walk). Never for a change page or a write.
    perimeter_by_keys = False

    def _listing_by_keys(self, request) -> bool:
        match = request.resolver_match
        return (
            self.perimeter_by_keys
            and request.method in ("GET", "HEAD")
            and match is not None
            and match.url_name == f"{self.opts.app_label}_{self.opts.model_name}_changelist"
        )

    def perimeter(self, request, queryset):
        if self._listing_by_keys(request):
            path = f"{queryset.household_path}__"
            return queryset.filter(household_perimeter(request.user, path=path, keys_first=True))
        return super().perimeter(request, queryset)

    def rows_to_read(self, request, queryset, *, counting=False):
        """The same rows, also keyed by their household among the user's households read
        first (common.expressions.AmongKeys, a condition the perimeter already implies):
        PostgreSQL then starts from the caseload's households and their index instead of
        joining the perimeter against every row of the département (issue 15: a director's
        choices of programmes and operators, and count of contacts, grew 1.5× from 20 000 to
        100 000 households). A count of rows keyed by their own household (households, projects)
        already starts from the caseload: it is left as it is."""
        if request.user.is_superuser or connections[queryset.db].vendor != "postgresql":
            return queryset
        if self._listing_by_keys(request):
            return queryset  # the perimeter is already the caseload's keys
        key = getattr(queryset, "household_path", "")
        if not key or (counting and "__" not in key):
            return queryset
        households = Household.objects.keys_visible_to(request.user)
        return queryset.filter(AmongKeys(key, households))


class HouseholdInline(PerimeterInlineMixin):
    """Shown with the household or project; written by the pages' services."""


class MemberInline(HouseholdInline, admin.TabularInline):
    """A name is corrected here; a member is added from the household's page (member_add
    checks the birth date), and the relationship and birth date, which count the adults of
    the measures (seed 004 §5), change there too."""

    model = Member
    editable = True
    addable = False
    guarded_fields = ("birth_date", "relationship")


class PriorityInline(HouseholdInline, admin.TabularInline):
    model = HouseholdPriority


class AccessInline(HouseholdInline, admin.TabularInline):
    """Who may read the file and why (issue 15): kept by the services, only shown."""

    model = HouseholdAccess
    addable = False
    fields = ["organisation", "user", "reason", "until"]
    readonly_fields = fields
    verbose_name_plural = _("accès au dossier (tenus par les services)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "user")


@admin.register(Household)
class HouseholdAdmin(HouseholdAdminBase):
    """The situation is saved by household_update_situation, as on the household's page
    (optimistic locking, issue 8); the reference, the referent structure and the territory,
    which decide who sees the household, never change here."""

    form = VersionedModelForm  # issue 8: a stale change conflicts
    writes_through_service = True
    addable = False  # a household arrives with its referral (pages: Nouvelle saisine)
    guarded_fields = ("reference", "organisation", "territory")
    list_display = ["reference", "organisation", "territory", "housing_situation"]
    list_filter = ["housing_situation", "priorities__criterion"]
    search_fields = ["reference", "members__last_name"]
    list_select_related = ["organisation", "territory"]
    inlines = [MemberInline, PriorityInline, AccessInline]
    # A structure's households: 1 467 keys read by the count at 100 000 households, the page
    # among them (1.5 to 2 ms) rather than the reference index walked over the département.
    keys_first = 2_000

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        return not obj.anonymised_at and request.user.has_perm("households.edit_household", obj)

    def write(self, request, form):
        # unscoped: the row the admin loaded through visible_to, fresh for the service
        household = Household.objects.get(pk=form.instance.pk)
        return services.household_update_situation(
            household=household,
            by=request.user,
            version=form.cleaned_data["seen_version"],
            housing_situation=form.cleaned_data["housing_situation"],
            priorities=list(household.priorities.values_list("criterion", flat=True)),
            informed_on=form.cleaned_data["informed_on"],
        )


@admin.register(Referral)
class ReferralAdmin(HouseholdAdminBase):
    pages = (
        "households:referral_list",
        _(
            "Une saisine s'enregistre (Nouvelle saisine), se met à l'étude et reçoit sa "
            "décision d'orientation du coordinateur du territoire depuis la page Saisines."
        ),
    )
    list_display = ["household", "referred_by", "programme", "received_on", "status"]
    list_filter = ["status", "programme"]
    search_fields = ["household__reference", "referred_by__name"]
    date_hierarchy = "received_on"
    list_select_related = ["household", "referred_by", "programme"]


@admin.register(OrientationDecision)
class OrientationDecisionAdmin(HouseholdAdminBase):
    pages = ReferralAdmin.pages
    list_display = ["referral", "outcome", "decided_on", "decided_by"]
    list_filter = ["outcome"]
    search_fields = ["referral__household__reference"]
    list_select_related = ["referral__household", "decided_by"]
    # seed 004 §4: the SLISL head's opinion is recorded with the decision (orientation_decide).
    guarded_fields = ("slisl_head", "slisl_opinion", "slisl_opinion_on", "slisl_comment")


class ApprovalInline(HouseholdInline, admin.TabularInline):
    """Read only: an approval is given with the action of the project list, through the
    service, so that the project becomes approved when every structure has agreed."""

    model = ProjectApproval
    fields = ["organisation", "approved_by", "approved_at", "decision"]


class RefusalInline(HouseholdInline, admin.TabularInline):
    """Read only: a refusal is given from the home of the administration, with its reason,
    through project_refuse (issue 18)."""

    model = ProjectRefusal
    fields = ["organisation", "refused_by", "refused_at", "reason"]


class RenewalAgreementInline(HouseholdInline, admin.TabularInline):
    """Read only: a further renewal is agreed by the coordinator on the project's page,
    through project_renew_further, which consumes the new measure (seed 004 §5)."""

    model = RenewalAgreement
    fields = ["agreed_at", "agreed_by", "reason", "reservation"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agreed_by", "reservation")


class ActionInline(HouseholdInline, admin.TabularInline):
    model = PlannedAction


class ReferentChangeInline(HouseholdInline, admin.TabularInline):
    """Read only: a handover is made with the action « Changer de référent » (or from the
    project's page), through project_change_referent (issue 16)."""

    model = ReferentChange
    fields = ["changed_at", "former_referent", "new_referent", "reason", "changed_by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("former_referent", "new_referent", "changed_by")
        )


PROJECT_PAGES = (
    "households:project_list",
    _(
        "Un projet se propose, démarre (contrat signé), se renouvelle et se clôture depuis sa "
        "page ; ses actions, rencontres, bilans et aides ponctuelles s'y enregistrent aussi."
    ),
)


@admin.register(InterventionProject)
class InterventionProjectAdmin(HouseholdAdminBase):
    """The directors give their structure's approval here (actions below, through
    project_approve), and hand a project over to another referent (project_change_referent,
    issue 16: a reason, 30 days of read-only access for the former one). A director of one of
    the project's structures may also correct its objectives and its volunteers (people of the
    project's structures); everything a rule reads stays as the services wrote it."""

    form = VersionedModelForm  # issue 8: a stale change conflicts
    addable = False  # proposed from the household's or the referral's page
    director_index = True
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
    filter_horizontal = ["volunteers"]
    # A structure's projects: the perimeter read as its keys, and the page among the keys of
    # its projects (1 351 for the bench's director at 100 000 households).
    perimeter_by_keys = True
    keys_first = 2_000
    # Statuses, dates, structures and measures change only through the services
    # (households/services/projects.py, funding/envelopes.py).
    guarded_fields = (
        "household",
        "programme",
        "referral",
        "operator",
        "referent",
        "partners",
        "measure_allocation",
        "contract_signed_on",
        "start_date",
        "status",
        "renewals_used",
        "extra_renewals",
        "renewal_refused_by",
        "term_start",
        "review_due_on",
        "planned_end",
        "version",
        "over_allocation_reason",
    )
    inlines = [
        ApprovalInline,
        RefusalInline,
        RenewalAgreementInline,
        ActionInline,
        ReferentChangeInline,
    ]
    actions = ["approve_for_my_organisation", "approve_beyond_allocation", "change_referent"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The volunteers may have changed: who may read the file follows (issue 15).
        services.refresh_access(form.instance.household)

    @admin.action(
        description=_("Approuver le suivi pour ma structure"),
        permissions=["approve"],
    )
    def approve_for_my_organisation(self, request, queryset):
        """A director approves each selected project for the structures they direct
        (seed 000 art. IV: the agreement of each structure)."""
        self._approve(request, queryset, override_reason="")

    @admin.action(
        description=_("Approuver en dépassement d'allocation de mesures (motif écrit)"),
        permissions=["approve"],
    )
    def approve_beyond_allocation(self, request, queryset):
        """seed 004 §5: beyond the allocation, a director approves only with a written reason,
        asked on an intermediate page and kept on the project."""
        reason = (request.POST.get("override_reason") or "").strip()
        if "confirm" in request.POST and reason:
            self._approve(request, queryset, override_reason=reason)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Motif du dépassement d'allocation"),
            "projects": queryset,
            "action": "approve_beyond_allocation",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
            "missing_reason": "confirm" in request.POST and not reason,
        }
        return TemplateResponse(request, "admin/households/approve_beyond_allocation.html", context)

    @admin.action(
        description=_("Changer de référent (passation, motif écrit)"),
        permissions=["change_referent"],
    )
    def change_referent(self, request, queryset):
        """issue 16: the same handover as on the project's page, asked on an intermediate
        page for one project: the new referent and the reason, saved by the service."""
        projects = list(
            queryset.select_related("household", "programme", "operator", "referent")[:2]
        )
        if len(projects) != 1:
            self.message_user(
                request,
                _("Choisissez un seul projet de votre périmètre pour changer de référent."),
                messages.WARNING,
            )
            return None
        project = projects[0]
        confirmed = "confirm" in request.POST
        form = ReferentChangeForm(
            request.POST if confirmed else None,
            project=project,
            initial={"version": project.version},
        )
        if confirmed and form.is_valid():
            try:
                services.project_change_referent(
                    project=project,
                    by=request.user,
                    new_referent=form.cleaned_data["new_referent"],
                    reason=form.cleaned_data["reason"],
                    version=form.cleaned_data["version"],
                )
            except PermissionDenied:
                form.add_error(None, _("Vous n'avez pas le droit de changer ce référent."))
            except HouseholdError as error:
                form.add_error(None, error.messages)
            else:
                self.message_user(
                    request,
                    _(
                        "%(project)s : référent changé. L'ancien référent garde un accès en "
                        "lecture seule pendant 30 jours."
                    )
                    % {"project": project},
                    messages.SUCCESS,
                )
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Changer le référent du projet"),
            "project": project,
            "form": form,
            "action": "change_referent",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(
            request,
            "admin/households/change_referent.html",
            context,
            status=400 if confirmed else 200,
        )

    def has_change_referent_permission(self, request):
        return request.user.is_superuser or (
            request.user.is_staff and has_role(request.user, *FOLLOWING_ROLES)
        )

    def _approve(self, request, queryset, *, override_reason: str) -> None:
        if not queryset.exists():
            # Rows outside the perimeter are not in the queryset: say that nothing was done.
            self.message_user(
                request, _("Aucun projet de votre périmètre n'est sélectionné."), messages.WARNING
            )
            return
        directed = org_ids(request.user, roles=[Role.DIRECTOR])
        for project in queryset.select_related("household", "programme", "operator"):
            mine = sorted(
                (services.structures_to_approve(project) & directed)
                - {a.organisation_id for a in project.approvals.all()}
            )
            if not mine:
                self.message_user(
                    request,
                    _("%(project)s : aucune structure que vous dirigez n'a d'accord à donner.")
                    % {"project": project},
                    messages.WARNING,
                )
                continue
            # unscoped: the organisations the user directs (org_ids)
            for organisation in Organisation.objects.filter(pk__in=mine):
                try:
                    project = services.project_approve(
                        project=project,
                        by=request.user,
                        organisation=organisation,
                        override_reason=override_reason,
                    )
                except (HouseholdError, PermissionDenied) as error:
                    reason = " ".join(getattr(error, "messages", [])) or _("non autorisé")
                    self.message_user(
                        request,
                        _("%(project)s : accord refusé — %(reason)s")
                        % {"project": project, "reason": reason},
                        messages.ERROR,
                    )
                    break
                if project.status == ProjectStatus.APPROVED:
                    text = _("%(project)s : accord de %(org)s enregistré, le projet est validé.")
                else:
                    text = _(
                        "%(project)s : accord de %(org)s enregistré ; "
                        "le projet attend encore l'accord des autres structures."
                    )
                self.message_user(
                    request, text % {"project": project, "org": organisation}, messages.SUCCESS
                )

    def has_approve_permission(self, request):
        return request.user.is_superuser or (
            request.user.is_staff and has_role(request.user, Role.DIRECTOR)
        )

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or request.user.has_perm("households.approve_project", obj)

    def choices(self, db_field, request):
        """The volunteers work for one of the project's structures (as on the project's
        page), among the user's own people."""
        project = getattr(request, "_perimeter_object", None)
        allowed = super().choices(db_field, request)
        if project is None or db_field.name != "volunteers":
            return allowed
        wanted = users_with_roles(services.project_structures(project), [Role.VOLUNTEER])
        if allowed is not None:
            wanted = wanted.filter(pk__in=allowed.values("pk"))
        return wanted


@admin.register(Contact)
class ContactAdmin(HouseholdAdminBase):
    pages = (
        "households:contact_list",
        _("Une rencontre se note depuis la page du projet (Rencontres) ; elle reste telle quelle."),
    )
    list_display = ["project", "happened_on", "medium", "author", "duration_minutes"]
    search_fields = ["project__household__reference"]
    # No date_hierarchy: its years row is a DISTINCT over every contact (110 ms at 400 000,
    # EXPLAIN ANALYZE in docs/benchmarks.md); the date filter below costs no query.
    list_filter = ["medium", "happened_on"]
    list_select_related = ["project__household", "project__programme", "author"]


@admin.register(Appointment)
class AppointmentAdmin(HouseholdAdminBase):
    pages = (
        "households:project_list",
        _(
            "Un rendez-vous se prévoit depuis la page du projet (Rendez-vous), puis s'y note "
            "comme tenu (la rencontre est alors enregistrée) ou manqué."
        ),
    )
    list_display = ["project", "starts_at", "medium", "place", "status"]
    list_filter = ["status", "medium"]
    search_fields = ["project__household__reference"]
    list_select_related = ["project__household", "project__programme"]


@admin.register(Review)
class ReviewAdmin(HouseholdAdminBase):
    pages = PROJECT_PAGES
    # seed 004 §7: marked read by the coordinator on « Bilans transmis » (review_acknowledge).
    readonly_fields = ["acknowledged_on", "acknowledged_by"]
    list_display = ["project", "kind", "held_on", "recommendation", "acknowledged_on"]
    list_filter = ["kind", "recommendation"]
    search_fields = ["project__household__reference"]
    list_select_related = ["project__household", "project__programme"]


@admin.register(Closure)
class ClosureAdmin(HouseholdAdminBase):
    pages = PROJECT_PAGES
    list_display = ["project", "closed_on", "outcome"]
    list_filter = ["outcome"]
    search_fields = ["project__household__reference"]
    list_select_related = ["project__household", "project__programme"]


@admin.register(FinancialHelp)
class FinancialHelpAdmin(HouseholdAdminBase):
    pages = PROJECT_PAGES
    list_display = ["project", "purpose", "amount_requested", "status", "amount_granted"]
    list_filter = ["status", "purpose"]
    search_fields = ["project__household__reference"]
    list_select_related = ["project__household", "project__programme"]


@admin.register(Dwelling)
class DwellingAdmin(HouseholdAdminBase):
    """seed 000 art. III: the dwelling is recorded (and left) from the household's page, by
    dwelling_record and dwelling_leave, which keep one current dwelling and its dates."""

    pages = (
        "households:household_list",
        _(
            "Le logement mis à disposition s'enregistre depuis la page du ménage, qui ne "
            "garde qu'un logement en cours et vérifie ses dates."
        ),
    )
    list_display = ["household", "address", "landlord", "territory", "since", "left_on"]
    list_filter = ["since", "left_on"]
    search_fields = ["household__reference", "address"]
    list_select_related = ["household", "landlord", "territory"]


@admin.register(Document)
class DocumentAdmin(HouseholdAdminBase):
    pages = (
        "households:household_list",
        _(
            "Un document se dépose et se télécharge depuis la page du ménage, qui vérifie son "
            "format et inscrit chaque téléchargement au journal des accès."
        ),
    )
    list_display = ["title", "kind", "household", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["title", "household__reference"]
    list_select_related = ["household"]
    exclude = ["file"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only, and only the entries of the director's organisation (visible_to)."""

    list_display = ["at", "user", "organisation", "household", "action", "request_id"]
    list_filter = ["action", "at"]
    search_fields = ["household__reference", "user__email", "request_id"]
    fields = ["at", "user", "organisation", "household", "action", "detail", "request_id"]
    readonly_fields = fields
    list_select_related = ["user", "organisation", "household"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def history_view(self, request, object_id, extra_context=None):
        raise Http404  # the log has no history of its own: it is never changed

    def has_module_permission(self, request):
        # The rule itself (households/rules.py), as the navigation asks it: through
        # user.has_perm, a refused rule then read the user's and groups' permissions from
        # the database on every admin page (its side menu asks each model), for a permission
        # no row of auth_permission holds (issue 15).
        return request.user.is_staff and rules.has_perm("households.read_audit_log", request.user)

    def has_view_permission(self, request, obj=None):
        if not self.has_module_permission(request):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
