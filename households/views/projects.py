"""An intervention project: approval status, start, actions, contacts, reviews, renewal,
closure and one-off financial help."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from households import services
from households.forms import (
    ActionForm,
    ActionStatusForm,
    CloseForm,
    ContactForm,
    HelpDecisionForm,
    HelpForm,
    ProjectForm,
    ProjectStartForm,
    ReviewForm,
)
from households.models import (
    OPEN_PROJECT_STATUSES,
    FinancialHelp,
    Household,
    InterventionProject,
    PlannedAction,
)
from households.selectors import project_detail as load_project
from households.selectors import recent_contacts
from households.services import EditConflict, HouseholdError
from households.views.common import form_error, household_access
from partnerships.models import Organisation
from partnerships.perimeter import get_visible_or_404


def _project(request, pk: int) -> InterventionProject:
    return get_visible_or_404(
        InterventionProject.objects.select_related("household", "programme", "operator"),
        request.user,
        pk=pk,
    )


def _require(request, perm: str, obj) -> None:
    # Visible but not allowed: the page exists for this user, the action does not.
    if not request.user.has_perm(perm, obj):
        raise Http404


def _refused(form, error: HouseholdError, project: InterventionProject) -> None:
    form_error(form, error)
    if isinstance(error, EditConflict):
        project.refresh_from_db(fields=["version"])
        form.refresh_version(project.version)


def _form_page(request, *, project, form, title: str, submit: str, intro: str = ""):
    return render(
        request,
        "households/form.html",
        {
            "form": form,
            "title": title,
            "submit": submit,
            "household": project.household,
            "project": project,
            "back_url": project.get_absolute_url(),
            "intro": intro,
        },
    )


def contact_panel_context(request, project, form=None) -> dict:
    """The week's contacts against the programme's rule, the quick form, the last contacts."""
    today = timezone.localdate()
    with_note = request.user.has_perm("households.read_confidential_notes", project.household)
    week = (
        InterventionProject.objects.filter(pk=project.pk)
        .with_week_contacts(today)
        .values("week_contacts", "is_behind")
        .get()
    )
    can_log = project.status in OPEN_PROJECT_STATUSES and request.user.has_perm(
        "households.log_contact", project
    )
    return {
        "project": project,
        "week_contacts": week["week_contacts"],
        "behind": week["is_behind"],
        "can_log": can_log,
        "can_read_notes": with_note,
        "contact_form": form or (ContactForm(with_note=with_note) if can_log else None),
        "contacts": recent_contacts(project),
    }


@household_access
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = load_project(request.user, pk, timezone.localdate())
    user = request.user
    missing = services.approvals_missing(project) if project.status == "proposed" else set()
    context = {
        **contact_panel_context(request, project),
        "household": project.household,
        "missing_approvals": Organisation.objects.filter(pk__in=missing).order_by("name"),
        "can_manage": user.has_perm("households.manage_project", project),
        "can_approve": user.has_perm("households.approve_project", project),
        "renewal_refusal": services.renewal_refusal(project),
        "action_status_form": ActionStatusForm(),
    }
    return render(request, "households/project_detail.html", context)


@household_access
def project_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A joint project proposed by the structures for a household they follow (seed 000)."""
    household = get_visible_or_404(Household.objects, request.user, pk=pk)
    _require(request, "households.propose_project", household)
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_propose(
                household=household, by=request.user, **form.cleaned_data
            )
        except HouseholdError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Projet proposé : il attend l'accord de chaque structure."))
            return redirect(project)
    return render(
        request,
        "households/form.html",
        {
            "form": form,
            "title": _("Projet d'intervention conjoint pour le ménage %(ref)s")
            % {"ref": household},
            "submit": _("Proposer le projet"),
            "household": household,
            "back_url": household.get_absolute_url(),
            "intro": _(
                "Le projet d'intervention précise les actions de la structure professionnelle "
                "et celles des bénévoles ; il est validé quand chaque structure a donné son "
                "accord (seed 000 art. IV)."
            ),
        },
    )


def _versioned_form(request, pk: int, form_class, service, *, done: str, **page):
    """A form that moves the project on (start, review, closure), from the version read."""
    project = _project(request, pk)
    _require(request, "households.manage_project", project)
    form = form_class(request.POST or None, initial={"version": project.version})
    if request.method == "POST" and form.is_valid():
        try:
            service(project=project, by=request.user, **form.cleaned_data)
        except HouseholdError as error:
            _refused(form, error, project)
        else:
            messages.success(request, done)
            return redirect(project)
    return _form_page(request, project=project, form=form, **page)


@household_access
def project_start(request: HttpRequest, pk: int) -> HttpResponse:
    return _versioned_form(
        request,
        pk,
        ProjectStartForm,
        services.project_start,
        done=_("Contrat signé : l'accompagnement a commencé."),
        title=_("Signature du contrat d'accompagnement"),
        submit=_("Enregistrer la signature"),
        intro=_("Le bilan intermédiaire et la fin prévue se calculent d'après le dispositif."),
    )


@household_access
@require_POST
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The quick contact form: htmx swaps the panel in place, without htmx the page reloads."""
    project = _project(request, pk)
    _require(request, "households.log_contact", project)
    with_note = request.user.has_perm("households.read_confidential_notes", project.household)
    form = ContactForm(request.POST, with_note=with_note)
    saved = False
    if form.is_valid():
        try:
            services.contact_log(project=project, by=request.user, **form.cleaned_data)
        except HouseholdError as error:
            form_error(form, error)
        else:
            saved = True
    if saved and not request.htmx:
        messages.success(request, _("Rencontre enregistrée."))
        return redirect(project)
    if request.htmx:
        context = contact_panel_context(request, project, None if saved else form)
        context["saved"] = saved
        return render(request, "households/_contact_panel.html", context)
    return _form_page(
        request,
        project=project,
        form=form,
        title=_("Noter une rencontre"),
        submit=_("Enregistrer la rencontre"),
    )


@household_access
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    _require(request, "households.manage_project", project)
    form = ActionForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_plan(project=project, by=request.user, **form.cleaned_data)
        except HouseholdError as error:
            form_error(form, error)
        else:
            return redirect(project)
    return _form_page(
        request,
        project=project,
        form=form,
        title=_("Prévoir une action"),
        submit=_("Ajouter l'action"),
        intro=_("Qui fait quoi : la structure professionnelle ou les bénévoles (seed 000)."),
    )


@household_access
@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_visible_or_404(
        PlannedAction.objects.select_related("project"), request.user, pk=pk
    )
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.action_set_status(
                action=action, by=request.user, status=form.cleaned_data["status"]
            )
        except HouseholdError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Statut inconnu."))
    return redirect(action.project)


@household_access
def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _versioned_form(
        request,
        pk,
        ReviewForm,
        services.review_record,
        done=_("Bilan enregistré."),
        title=_("Enregistrer un bilan"),
        submit=_("Enregistrer le bilan"),
        intro=_(
            "Les bilans sont transmis au coordinateur (seed 004 §7). Un bilan de fin de mesure "
            "précède tout renouvellement."
        ),
    )


@household_access
@require_POST
def project_renew(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    _require(request, "households.manage_project", project)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        messages.error(
            request, _("Le formulaire de renouvellement est incomplet : rechargez la page.")
        )
        return redirect(project)
    try:
        services.project_renew(project=project, by=request.user, version=version)
    except HouseholdError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Accompagnement renouvelé."))
    return redirect(project)


@household_access
def project_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _versioned_form(
        request,
        pk,
        CloseForm,
        services.project_close,
        done=_("Accompagnement clôturé."),
        title=_("Clôturer l'accompagnement"),
        submit=_("Clôturer"),
    )


@household_access
def help_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    _require(request, "households.log_contact", project)
    form = HelpForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.help_request(project=project, by=request.user, **form.cleaned_data)
        except HouseholdError as error:
            form_error(form, error)
        else:
            return redirect(project)
    return _form_page(
        request,
        project=project,
        form=form,
        title=_("Demander une aide financière ponctuelle"),
        submit=_("Enregistrer la demande"),
        intro=_(
            "Faire face à un imprévu ou temporiser le déblocage d'une aide publique (seed 000)."
        ),
    )


@household_access
def help_decide(request: HttpRequest, pk: int) -> HttpResponse:
    help_ = get_visible_or_404(
        FinancialHelp.objects.select_related("project__household"), request.user, pk=pk
    )
    project = help_.project
    _require(request, "households.manage_project", project)
    form = HelpDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.help_decide(help_=help_, by=request.user, **form.cleaned_data)
        except HouseholdError as error:
            form_error(form, error)
        else:
            return redirect(project)
    return _form_page(
        request,
        project=project,
        form=form,
        title=_("Décision sur l'aide : %(help)s") % {"help": help_.get_purpose_display()},
        submit=_("Enregistrer la décision"),
    )
