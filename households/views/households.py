"""One household's file: members, situation, referrals, projects, documents, timeline."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from households import services
from households.audit import audited
from households.enums import AuditAction
from households.forms import DocumentForm, MemberForm, ReferralForm, SituationForm
from households.models import Document, Household
from households.selectors import timeline
from households.services import EditConflict, HouseholdError
from households.views.common import form_error, household_access, paginate
from partnerships.perimeter import get_visible_or_404


def _household(request, pk: int) -> Household:
    return get_visible_or_404(
        Household.objects.select_related("organisation", "territory"), request.user, pk=pk
    )


def _form_page(request, *, household, form, title: str, submit: str, multipart=False):
    return render(
        request,
        "households/form.html",
        {
            "form": form,
            "title": title,
            "submit": submit,
            "household": household,
            "multipart": multipart,
            "back_url": household.get_absolute_url(),
        },
    )


@household_access
@require_GET
@audited(AuditAction.VIEW_FILE)
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household(request, pk)
    user = request.user
    can_documents = user.has_perm("households.manage_documents", household)
    context = {
        "household": household,
        "members": household.members.all(),
        "priorities": household.priorities.all(),
        "referrals": household.referrals.select_related(
            "referred_by", "programme", "orientation__operator"
        ),
        "projects": household.projects.select_related("programme", "operator", "referent"),
        "documents": household.documents.select_related("uploaded_by", "project__programme")
        if can_documents
        else [],
        "events": paginate(request, timeline(household), per_page=30),
        "can_edit": user.has_perm("households.edit_household", household),
        "can_refer": user.has_perm("households.create_referral", household),
        "can_propose": user.has_perm("households.propose_project", household),
        "can_documents": can_documents,
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


@household_access
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household(request, pk)
    if not request.user.has_perm("households.edit_household", household):
        raise Http404
    initial = {
        "version": household.version,
        "housing_situation": household.housing_situation,
        "priorities": list(household.priorities.values_list("criterion", flat=True)),
        "informed_on": household.informed_on,
    }
    form = SituationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_update_situation(
                household=household, by=request.user, **form.cleaned_data
            )
        except EditConflict as error:
            form_error(form, error)
            form.add_error(None, _stored_situation(household))
            form.refresh_version(household.version)
        except HouseholdError as error:
            form_error(form, error)
        else:
            return redirect(household)
    return _form_page(
        request,
        household=household,
        form=form,
        title=_("Situation du ménage %(ref)s") % {"ref": household},
        submit=_("Enregistrer la situation"),
    )


@household_access
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household(request, pk)
    if not request.user.has_perm("households.edit_household", household):
        raise Http404
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_add(household=household, by=request.user, **form.cleaned_data)
        except HouseholdError as error:
            form_error(form, error)
        else:
            return redirect(household)
    return _form_page(
        request,
        household=household,
        form=form,
        title=_("Ajouter un membre au ménage %(ref)s") % {"ref": household},
        submit=_("Ajouter le membre"),
    )


@household_access
def referral_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household(request, pk)
    if not request.user.has_perm("households.create_referral", household):
        raise Http404
    form = ReferralForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_receive(
                household=household, by=request.user, **form.cleaned_data
            )
        except HouseholdError as error:
            form_error(form, error)
        else:
            return redirect(referral)
    return _form_page(
        request,
        household=household,
        form=form,
        title=_("Nouvelle saisine pour le ménage %(ref)s") % {"ref": household},
        submit=_("Enregistrer la saisine"),
    )


@household_access
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household(request, pk)
    if not request.user.has_perm("households.manage_documents", household):
        raise Http404
    form = DocumentForm(request.POST or None, request.FILES or None, household=household)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.document_upload(
                household=household,
                by=request.user,
                kind=data["kind"],
                title=data["title"],
                upload=data["file"],
                project=data["project"],
            )
        except HouseholdError as error:
            form_error(form, error)
        else:
            return redirect(household)
    return _form_page(
        request,
        household=household,
        form=form,
        title=_("Déposer un document pour le ménage %(ref)s") % {"ref": household},
        submit=_("Déposer le document"),
        multipart=True,
    )


@household_access
@require_GET
@audited(AuditAction.DOWNLOAD_DOCUMENT, target="document")
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """The only way to a stored document: inside the perimeter, for professionals."""
    document = get_visible_or_404(Document.objects.select_related("household"), request.user, pk=pk)
    if not request.user.has_perm("households.manage_documents", document.household):
        raise Http404
    extension = document.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{document.household.reference}-{document.pk}.{extension}",
        content_type=document.content_type or "application/octet-stream",
    )
