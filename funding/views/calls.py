"""Calls for applications (seed 004 §6): files, documents, jury scores and the decision."""

from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.pages import form_page, list_page, post_action, require_perm
from funding import services
from funding.enums import ApplicationStatus
from funding.filters import CallFilter
from funding.forms import (
    ApplyForm,
    CallForm,
    CriterionForm,
    DecisionForm,
    MeasuresRequestForm,
    NewCallForm,
    RequiredDocumentForm,
    ScoreForm,
    UploadForm,
)
from funding.models import (
    Application,
    ApplicationRequest,
    CallForApplications,
    CriterionScore,
    MeasureEnvelope,
    RequiredDocument,
    SelectionCriterion,
)
from funding.rules import sits_on_jury
from funding.selectors import applications_ranked
from partnerships.enums import OrganisationKind, Role
from partnerships.models import Organisation
from partnerships.perimeter import get_visible_or_404, org_ids

MANAGE_CALL = "funding.manage_call"


def call_list(request: HttpRequest) -> HttpResponse:
    calls = (
        CallForApplications.objects.visible_to(request.user)
        .select_related("programme", "publisher")
        .annotate(applications_count=Count("applications"))
    )
    context = list_page(request, calls, CallFilter, export="funding:call_export")
    context["now"] = timezone.now()
    context["can_create"] = request.user.has_perm("funding.create_money")
    return render(request, "funding/call_list.html", context)


def _call(request: HttpRequest, pk: int) -> CallForApplications:
    return get_visible_or_404(
        CallForApplications.objects.select_related(
            "programme", "publisher", "jury", "adopted_by__meeting__committee"
        ),
        request.user,
        pk=pk,
    )


def _eligibility(request: HttpRequest, call) -> tuple:
    """The user's organisations that may still apply (directed, eligible, not yet applied),
    and why each other directed organisation without a file may not (seed 004 §6a)."""
    # unscoped: the organisations the user directs (org_ids)
    directed = Organisation.objects.filter(
        pk__in=org_ids(request.user, roles=[Role.DIRECTOR])
    ).exclude(applications__call=call)
    eligible, refusals = [], []
    for organisation in directed.order_by("name"):
        refusal = services.ineligibility(call, organisation)
        if refusal:
            refusals.append(refusal)
        else:
            eligible.append(organisation.pk)
    # unscoped: the structures the user directs, filtered above to the eligible ones
    return Organisation.objects.filter(pk__in=eligible), refusals


def _applicants(request: HttpRequest, call):
    return _eligibility(request, call)[0]


def _call_page(request, call, *, apply_form=None, status=200, **forms):
    now = timezone.now()
    kinds = dict(OrganisationKind.choices)
    applicants, ineligible = _eligibility(request, call)
    may_manage = request.user.has_perm(MANAGE_CALL, call)
    scored = CriterionScore.objects.filter(criterion__call=call).exists()
    shown = {
        "document_form": may_manage and now < call.deadline,
        "criterion_form": may_manage and not scored,
    }
    # A form refused once its section closed (a piece added after the deadline) is no longer
    # on the page: its message is said at the top, and the page answers 400.
    refusals = [
        message
        for name, form in forms.items()
        if form is not None and not shown.get(name, True)
        for errors in form.errors.values()
        for message in errors
    ]
    return render(
        request,
        "funding/call_detail.html",
        {
            "call": call,
            "refusals": refusals,
            "document_form": forms.get("document_form") or RequiredDocumentForm(),
            "criterion_form": forms.get("criterion_form") or CriterionForm(),
            "scored": scored,
            "open": now < call.deadline,
            "eligible": [kinds.get(k, k) for k in call.eligible_kinds],
            "documents": call.required_documents.all(),
            "criteria": call.criteria.all(),
            "territories": call.territories.order_by("name"),
            "jury": call.jury.members.select_related("organisation") if call.jury_id else [],
            "applications": applications_ranked(call, request.user),
            "may_manage": may_manage,
            "apply_form": apply_form or ApplyForm(organisations=applicants),
            "may_apply": now < call.deadline and applicants.exists(),
            "ineligible": ineligible if now < call.deadline else [],
        },
        status=status,
    )


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _call_page(request, _call(request, pk))


@require_POST
def call_apply(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    return form_page(
        request,
        ApplyForm(request.POST, organisations=_applicants(request, call)),
        lambda f: services.application_open(
            call=call, organisation=f.cleaned_data["organisation"], by=request.user
        ),
        done=_("La candidature est ouverte : complétez-la avant la date limite."),
        success_url=lambda application: reverse(
            "funding:application_detail", args=[application.pk]
        ),
        page=lambda form, status: _call_page(request, call, apply_form=form, status=status),
    )


@require_POST
def call_close(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    require_perm(request.user, MANAGE_CALL, call)
    return post_action(
        request,
        lambda: services.call_close(call=call, by=request.user),
        done=lambda rejected: (
            _("Dépôt clos : %(n)s dossier(s) incomplet(s) rejeté(s).") % {"n": rejected}
        ),
        then=reverse("funding:call_detail", args=[pk]),
    )


def call_decision(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    require_perm(request.user, MANAGE_CALL, call)
    requests = ApplicationRequest.objects.filter(
        application__call=call, application__status=ApplicationStatus.SUBMITTED
    ).select_related("application__organisation", "territory")
    envelopes = MeasureEnvelope.objects.visible_to(request.user).filter(programme=call.programme_id)
    return form_page(
        request,
        DecisionForm(request.POST or None, envelopes=envelopes, requests=requests),
        lambda f: services.call_decide(
            call=call,
            envelope=f.cleaned_data["envelope"],
            granted=f.granted(),
            by=request.user,
        ),
        done=_(
            "L’avis du jury est enregistré : les mesures seront allouées par la délibération "
            "de la Commission Permanente (cahier des charges ASRL, §6d)."
        ),
        success_url=reverse("funding:call_detail", args=[pk]),
        page=lambda form, status: render(
            request, "funding/call_decision.html", {"call": call, "form": form}, status=status
        ),
    )


def _application(request: HttpRequest, pk: int) -> Application:
    return get_visible_or_404(
        Application.objects.select_related("call__programme", "call__jury", "organisation"),
        request.user,
        pk=pk,
    )


def _application_page(request, application, *, status=200, **forms):
    call = application.call
    now = timezone.now()
    may_edit = request.user.has_perm("funding.edit_application", application)
    is_jury = sits_on_jury(request.user, call)
    criteria = call.criteria.all()
    mine = {
        s.criterion_id: s.score
        for s in CriterionScore.objects.filter(application=application, juror=request.user)
    }
    may_edit = may_edit and now < call.deadline
    may_score = (
        is_jury and now >= call.deadline and application.status == ApplicationStatus.SUBMITTED
    )
    # A form refused after its section closed (a piece sent seconds after the deadline) is no
    # longer on the page: its message is said at the top, the page still answers 400.
    hidden = [
        form
        for name, form in forms.items()
        if form is not None and (not may_score if name == "score_form" else not may_edit)
    ]
    refusals = [message for form in hidden for errors in form.errors.values() for message in errors]
    return render(
        request,
        "funding/application_detail.html",
        {
            "application": application,
            "call": call,
            "requests": application.requests.select_related("territory"),
            "documents": application.documents.select_related("required_document", "uploaded_by"),
            "missing": services.application_missing(application),
            # seed 004 §6a: said to the candidate and to the jury when the structure no longer
            # works on the call's territories (or is of a kind the call no longer names).
            "ineligible": services.ineligibility(call, application.organisation),
            "may_edit": may_edit,
            "may_score": may_score,
            "refusals": refusals,
            "request_form": forms.get("request_form") or MeasuresRequestForm(call=call),
            "upload_form": forms.get("upload_form") or UploadForm(call=call),
            "score_form": forms.get("score_form")
            or ScoreForm(criteria=criteria, initial_scores=mine),
        },
        status=status,
    )


def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _application_page(request, _application(request, pk))


def _application_form(request, application, form, action, *, name: str, done: str):
    """One of the application page's forms (`name` in its context), sent to one service."""
    return form_page(
        request,
        form,
        action,
        done=done,
        success_url=reverse("funding:application_detail", args=[application.pk]),
        page=lambda form, status: _application_page(
            request, application, status=status, **{name: form}
        ),
    )


@require_POST
def application_request(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    require_perm(request.user, "funding.edit_application", application)
    return _application_form(
        request,
        application,
        MeasuresRequestForm(request.POST, call=application.call),
        lambda f: services.application_request_measures(
            application=application, by=request.user, **f.cleaned_data
        ),
        name="request_form",
        done=_("Le nombre de mesures sollicitées est enregistré."),
    )


@require_POST
def application_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    require_perm(request.user, "funding.edit_application", application)
    return _application_form(
        request,
        application,
        UploadForm(request.POST, request.FILES, call=application.call),
        lambda f: services.application_upload(
            application=application,
            required_document=f.cleaned_data["required_document"],
            upload=f.cleaned_data["file"],
            by=request.user,
        ),
        name="upload_form",
        done=_("La pièce est déposée."),
    )


@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    require_perm(request.user, "funding.edit_application", application)
    return post_action(
        request,
        lambda: services.application_submit(application=application, by=request.user),
        done=_("Le dossier est déposé complet."),
        then=reverse("funding:application_detail", args=[pk]),
    )


@require_POST
def application_score(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    require_perm(request.user, "funding.score_applications", application.call)
    return _application_form(
        request,
        application,
        ScoreForm(request.POST, criteria=application.call.criteria.all()),
        lambda f: services.scores_record(
            application=application, scores=f.scores(), by=request.user
        ),
        name="score_form",
        done=_("Vos notes sont enregistrées."),
    )


def application_document(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """Serve an uploaded document to whoever may see the application, never publicly."""
    application = _application(request, pk)
    document = application.documents.filter(pk=document_pk).first()
    if document is None:
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name or document.file.name.rsplit("/", 1)[-1],
        content_type=document.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


# ------------------------------------------------------------- the publisher's own pages
def _crumbs(call=None) -> list[tuple[str, str]]:
    trail = [(_("Appels à candidatures"), reverse("funding:call_list"))]
    if call is not None:
        trail.append((call.title, reverse("funding:call_detail", args=[call.pk])))
    return trail


def call_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "funding.create_money")
    return form_page(
        request,
        NewCallForm(request.POST or None, user=request.user),
        lambda f: services.call_create(by=request.user, **f.cleaned_data),
        done=_("Appel publié : ajoutez ses pièces exigées et ses critères de sélection."),
        success_url=lambda call: reverse("funding:call_detail", args=[call.pk]),
        title=_("Nouvel appel à candidatures"),
        intro=_(
            "La date limite est une date et une heure (cahier des charges ASRL : le 6 "
            "septembre 2019 à 16 h) ; "
            "après elle, les modalités de l'appel ne changent plus."
        ),
        submit_label=_("Publier l'appel"),
        back_url=reverse("funding:call_list"),
        crumbs=_crumbs(),
    )


def _managed_call(request: HttpRequest, pk: int) -> CallForApplications:
    call = _call(request, pk)
    require_perm(request.user, MANAGE_CALL, call)
    return call


def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed_call(request, pk)
    back = reverse("funding:call_detail", args=[pk])
    initial = {
        "title": call.title,
        "territories": list(call.territories.all()),
        "measures_offered": call.measures_offered,
        "eligible_kinds": call.eligible_kinds,
        "deadline": timezone.localtime(call.deadline),
        "jury": call.jury_id,
    }
    return form_page(
        request,
        CallForm(request.POST or None, user=request.user, initial=initial),
        lambda f: services.call_update(call=call, by=request.user, **f.cleaned_data),
        done=_("Appel enregistré."),
        success_url=back,
        title=_("Modifier l'appel"),
        intro=_("Après la date limite, seuls l'intitulé et le jury changent encore."),
        submit_label=_("Enregistrer"),
        back_url=back,
        crumbs=_crumbs(call),
    )


def _call_form(request, call, form, action, *, name: str, done: str) -> HttpResponse:
    """One of the call page's own forms (`name` in its context), sent to one service."""
    return form_page(
        request,
        form,
        action,
        done=done,
        success_url=reverse("funding:call_detail", args=[call.pk]),
        page=lambda form, status: _call_page(request, call, status=status, **{name: form}),
    )


@require_POST
def call_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed_call(request, pk)
    return _call_form(
        request,
        call,
        RequiredDocumentForm(request.POST),
        lambda f: services.required_document_add(call=call, by=request.user, **f.cleaned_data),
        name="document_form",
        done=_("Pièce exigée ajoutée."),
    )


@require_POST
def call_document_remove(request: HttpRequest, pk: int) -> HttpResponse:
    visible = CallForApplications.objects.visible_to(request.user)
    document = get_object_or_404(RequiredDocument.objects.filter(call__in=visible), pk=pk)
    call = _managed_call(request, document.call_id)
    return post_action(
        request,
        lambda: services.required_document_remove(document=document, by=request.user),
        done=_("Pièce retirée de l'appel."),
        then=reverse("funding:call_detail", args=[call.pk]),
    )


@require_POST
def call_criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed_call(request, pk)
    return _call_form(
        request,
        call,
        CriterionForm(request.POST),
        lambda f: services.criterion_add(call=call, by=request.user, **f.cleaned_data),
        name="criterion_form",
        done=_("Critère ajouté."),
    )


@require_POST
def call_criterion_remove(request: HttpRequest, pk: int) -> HttpResponse:
    visible = CallForApplications.objects.visible_to(request.user)
    criterion = get_object_or_404(SelectionCriterion.objects.filter(call__in=visible), pk=pk)
    call = _managed_call(request, criterion.call_id)
    return post_action(
        request,
        lambda: services.criterion_remove(criterion=criterion, by=request.user),
        done=_("Critère retiré de l'appel."),
        then=reverse("funding:call_detail", args=[call.pk]),
    )
