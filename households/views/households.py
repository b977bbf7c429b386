"""One household's file: members, situation, referrals, projects, documents, timeline."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common.compiled import compiled_list, remember_list
from common.pages import form_page, perm_required, require_perm, url_maker
from households import services
from households.audit import audit_record, audited
from households.enums import AuditAction
from households.forms import (
    DocumentForm,
    DwellingForm,
    DwellingLeaveForm,
    MemberForm,
    ReferralForm,
    SituationForm,
)
from households.models import OPEN_PROJECT_STATUSES, Document, Dwelling, Household
from households.readers import household_readers
from households.retention import with_last_activity
from households.rules import remember_file_answers, with_file_answers
from households.selectors import (
    file_documents,
    file_dwellings,
    file_projects,
    file_referent_changes,
    file_referrals,
    follow_ups,
    household_members,
    household_priorities,
    split_upcoming,
    timeline,
)
from households.services import EditConflict
from households.views.lists import ACCESS
from partnerships.perimeter import get_visible_or_404, per_user


def _household(request, pk: int) -> Household:
    return get_visible_or_404(
        Household.objects.select_related("organisation", "territory"), request.user, pk=pk
    )


def crumbs(household: Household | None = None, project=None) -> list[tuple[str, str]]:
    """The breadcrumb of a household's pages, up to the page itself."""
    trail = [(_("Ménages"), reverse("households:household_list"))]
    if household is not None:
        trail.append((household.reference, household.get_absolute_url()))
    if project is not None:
        trail.append((str(project.programme), project.get_absolute_url()))
    return trail


def household_form(request, household, form, save, *, success_url=None, **page):
    """A form on the household's file (here and on the data-protection pages): back to the
    file (unless told), saved or not. The page names the household (issue 18)."""
    response = form_page(
        request,
        form,
        save,
        success_url=household if success_url is None else success_url,
        back_url=household.get_absolute_url(),
        crumbs=crumbs(household),
        file_household=household,
        **page,
    )
    return named_page(request, response, household, AuditAction.VIEW_FILE)


def named_page(request, response, household, action, detail: str = ""):
    """A page of the household's file that shows its name (issue 18): a read in the access
    log, unless the answer is a redirect (saved: the next page records its own read)."""
    if not response.has_header("Location"):
        audit_record(
            request=request,
            action=action,
            household=household,
            detail=detail or request.resolver_match.view_name,
        )
    return response


@per_user(int)
def _file_household(user, pk):
    """The household of the file, if the user sees it, with what its retention is computed
    from (the data-protection panel) and what the rules ask of the user (may they read the
    notes, write on the file): no query more. Compiled once per process for each user's
    perimeter (issue 15)."""
    # unscoped: restricted by visible_to(user) below
    queryset = Household.objects.select_related("organisation", "territory")
    return (
        with_file_answers(with_last_activity(queryset), user)
        .visible_to(user)
        .filter(pk=pk)
        .order_by()
    )


@perm_required(ACCESS)
@require_GET
@audited(AuditAction.VIEW_FILE)
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = _file_household.first(request.user, pk)
    if household is None:
        raise Http404
    remember_file_answers(household, request.user)
    request.audited = (pk, household)
    user = request.user
    can_documents = user.has_perm("households.manage_documents", household)
    # Read once, shown in their panels and in the timeline (issue 15: fewer round trips),
    # each list by a statement compiled once per process, for this household's id.
    members = compiled_list(household_members, household.pk, household=household)
    # the household's name (household.family_name) is read from its members
    remember_list(household, "members", members)
    referrals = compiled_list(file_referrals, household.pk, household=household)
    projects = compiled_list(file_projects, household.pk, household=household)
    referent_changes = compiled_list(file_referent_changes, household.pk)
    documents = compiled_list(file_documents, household.pk, household=household)
    # The rows' links at the cost of one reverse() per kind (issue 15).
    for rows, name in (
        (referrals, "households:referral_detail"),
        (projects, "households:project_detail"),
        (documents, "households:document_download"),
    ):
        url = url_maker(name)
        for row in rows:
            row.url = url(row.pk)
    contact_url = url_maker("households:contact_new")
    for project in projects:
        project.contact_url = contact_url(project.pk)
    # seed 000 art. III: the dwelling in the partner's stock, the current one first.
    dwellings = compiled_list(file_dwellings, household.pk, household=household)
    current_dwelling = next((d for d in dwellings if d.left_on is None), None)
    upcoming, past = split_upcoming(
        timeline(
            household,
            document_titles=can_documents,
            referrals=referrals,
            projects=projects,
            documents=documents,
            referent_changes=referent_changes,
        ),
        timezone.localdate(),
    )
    context = {
        "household": household,
        "members": members,
        "priorities": compiled_list(household_priorities, household.pk, household=household),
        "referrals": referrals,
        "projects": projects,
        "documents": documents if can_documents else [],
        "current_dwelling": current_dwelling,
        "former_dwellings": [d for d in dwellings if d.left_on is not None],
        "upcoming": upcoming,
        "events": Paginator(past, 30).get_page(request.GET.get("page")),
        "follow_ups": follow_ups(projects, referent_changes),
        "readers": household_readers(household, projects),
        "can_edit": user.has_perm("households.edit_household", household),
        "can_upload": user.has_perm("households.upload_document", household),
        "can_refer": user.has_perm("households.create_referral", household),
        "can_propose": user.has_perm("households.propose_project", household),
        "can_documents": can_documents,
        # issue 18: « Noter un contact » at the top of the file, one per project followed.
        "contact_projects": [
            project
            for project in projects
            if project.status in OPEN_PROJECT_STATUSES
            and user.has_perm("households.log_contact", project)
        ],
    }
    return render(request, "households/household_detail.html", context)


def _stored_situation(household: Household) -> str:
    """What the other person saved, for the one whose edit conflicted to compare."""
    priorities = ", ".join(p.get_criterion_display() for p in household.priorities.all())
    informed = household.informed_on.strftime("%d/%m/%Y") if household.informed_on else "—"
    return _(
        "Enregistré actuellement : %(situation)s ; critères : %(priorities)s ; "
        "informé le : %(informed)s."
    ) % {
        "situation": household.get_housing_situation_display(),
        "priorities": priorities or _("aucun"),
        "informed": informed,
    }


@perm_required(ACCESS)
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household(request, pk)
    require_perm(request.user, "households.edit_household", household)
    initial = {
        "version": household.version,
        "housing_situation": household.housing_situation,
        "priorities": list(household.priorities.values_list("criterion", flat=True)),
        "informed_on": household.informed_on,
    }
    form = SituationForm(request.POST or None, initial=initial)

    def conflict(error):
        if isinstance(error, EditConflict):
            form.add_error(None, _stored_situation(household))
            form.refresh_version(household.version)

    return household_form(
        request,
        household,
        form,
        lambda f: services.household_update_situation(
            household=household, by=request.user, **f.cleaned_data
        ),
        refused=conflict,
        title=_("Situation du ménage %(ref)s") % {"ref": household},
        submit_label=_("Enregistrer la situation"),
    )


@perm_required(ACCESS)
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household(request, pk)
    require_perm(request.user, "households.edit_household", household)
    return household_form(
        request,
        household,
        MemberForm(request.POST or None),
        lambda f: services.member_add(household=household, by=request.user, **f.cleaned_data),
        title=_("Ajouter un membre au ménage %(ref)s") % {"ref": household},
        submit_label=_("Ajouter le membre"),
    )


@perm_required(ACCESS)
def referral_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household(request, pk)
    require_perm(request.user, "households.create_referral", household)
    return household_form(
        request,
        household,
        ReferralForm(request.POST or None, user=request.user),
        lambda f: services.referral_receive(household=household, by=request.user, **f.cleaned_data),
        # To the new referral.
        success_url=lambda referral: referral,
        title=_("Nouvelle saisine pour le ménage %(ref)s") % {"ref": household},
        submit_label=_("Enregistrer la saisine"),
    )


@perm_required(ACCESS)
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household(request, pk)
    require_perm(request.user, "households.upload_document", household)
    return household_form(
        request,
        household,
        DocumentForm(request.POST or None, request.FILES or None, household=household),
        lambda f: services.document_upload(
            household=household,
            by=request.user,
            kind=f.cleaned_data["kind"],
            title=f.cleaned_data["title"],
            upload=f.cleaned_data["file"],
            project=f.cleaned_data["project"],
        ),
        done=lambda document: _("Document déposé : « %(title)s ».") % {"title": document.title},
        success_url=lambda document: f"{household.get_absolute_url()}#document-{document.pk}",
        title=_("Déposer un document pour le ménage %(ref)s") % {"ref": household},
        submit_label=_("Déposer le document"),
    )


@perm_required(ACCESS)
@require_GET
@audited(AuditAction.DOWNLOAD_DOCUMENT, target="document")
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """The only way to a stored document: inside the perimeter, for professionals."""
    document = get_visible_or_404(Document.objects.select_related("household"), request.user, pk=pk)
    require_perm(request.user, "households.manage_documents", document.household)
    extension = document.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{document.household.reference}-{document.pk}.{extension}",
        content_type=document.content_type or "application/octet-stream",
    )


# ------------------------------------------------------------------ dwelling (seed 000 art. III)
@perm_required(ACCESS)
def dwelling_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household(request, pk)
    require_perm(request.user, "households.edit_household", household)
    return household_form(
        request,
        household,
        DwellingForm(request.POST or None, user=request.user, household=household),
        lambda f: services.dwelling_record(household=household, by=request.user, **f.cleaned_data),
        done=_("Logement enregistré."),
        title=_("Logement mis à disposition — %(ref)s") % {"ref": household},
        submit_label=_("Enregistrer le logement"),
        intro=_(
            "Le logement mis à disposition du ménage dans le parc du bailleur partenaire "
            "(convention-cadre SOLiHA × MTA, article III). Un nouveau logement met fin au "
            "précédent à sa date d'installation."
        ),
    )


@perm_required(ACCESS)
def dwelling_leave(request: HttpRequest, pk: int) -> HttpResponse:
    dwelling = get_visible_or_404(
        Dwelling.objects.select_related("household__organisation", "household__territory"),
        request.user,
        pk=pk,
    )
    household = dwelling.household
    require_perm(request.user, "households.edit_household", household)
    return household_form(
        request,
        household,
        DwellingLeaveForm(request.POST or None),
        lambda f: services.dwelling_leave(dwelling=dwelling, by=request.user, **f.cleaned_data),
        done=_("Départ du logement enregistré."),
        title=_("Départ du logement %(address)s") % {"address": dwelling.address},
        submit_label=_("Enregistrer le départ"),
    )
