"""An intervention project: approval status, start, actions, contacts, reviews, renewal,
closure and one-off financial help."""

import functools

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.compiled import compiled_list
from common.pages import form_page, perm_required, post_action, require_perm, submit, url_maker
from households import services
from households.audit import audit_record, audited
from households.enums import (
    CONTACT_DEFAULT_MINUTES,
    CONTACT_MEDIA_ORDER,
    AuditAction,
    ContactMedium,
)
from households.forms import (
    ActionForm,
    ActionStatusForm,
    CloseForm,
    ContactForm,
    FurtherRenewalForm,
    HelpDecisionForm,
    HelpForm,
    HelpPaymentForm,
    HelpRepaymentForm,
    ProjectForm,
    ProjectStartForm,
    ReferentChangeForm,
    ReviewForm,
)
from households.models import (
    OPEN_PROJECT_STATUSES,
    FinancialHelp,
    Household,
    InterventionProject,
    PlannedAction,
)
from households.rules import remember_file_answers
from households.selectors import project_detail as load_project
from households.selectors import recent_contacts, renewal_decisions
from households.services import EditConflict
from households.services.appointments import PLANNABLE
from households.views.households import crumbs, named_page
from households.views.lists import ACCESS
from partnerships.models import Organisation
from partnerships.perimeter import get_visible_or_404


def _project(request, pk: int) -> InterventionProject:
    return get_visible_or_404(
        InterventionProject.objects.select_related("household", "programme", "operator"),
        request.user,
        pk=pk,
    )


def _project_form(request, project, form, save, *, success_url=None, **page) -> HttpResponse:
    """A form on a project's page: back to the project (unless told), saved or not. The page
    names the household (issue 18): a read of the project in the access log."""
    response = form_page(
        request,
        form,
        save,
        success_url=project if success_url is None else success_url,
        back_url=project.get_absolute_url(),
        crumbs=crumbs(project.household, project),
        file_household=project.household,
        **page,
    )
    return named_page(
        request, response, project.household, AuditAction.VIEW_PROJECT, f"projet n° {project.pk}"
    )


def contact_panel_context(request, project, form=None) -> dict:
    """The week's contacts against the programme's rule, the quick form, the last contacts."""
    today = timezone.localdate()
    with_note = request.user.has_perm("households.read_confidential_notes", project.household)
    if hasattr(project, "week_contacts"):
        # Annotated as of today when the page read the project (projects_for): no new query.
        week = {"week_contacts": project.week_contacts, "is_behind": project.is_behind}
    else:
        week = (
            # unscoped: pk already checked via visible_to (load_project)
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
        "blank_contact_fields": (
            blank_contact_fields(with_note, today, translation.get_language())
            if can_log and form is None
            else ""
        ),
        "contacts": recent_contacts(project),
    }


@functools.lru_cache(maxsize=16)
def blank_contact_fields(with_note: bool, today, language: str | None) -> str:
    """The fields of a blank quick contact form, written once per day, language and kind of
    reader (with or without the confidential note) rather than on every project page: its
    widgets' templates cost the page more than its contacts' SQL (issue 15). `today`: the
    form's date, `language`: its labels' (both part of the key)."""
    return render_to_string(
        "households/_contact_fields.html", {"contact_form": ContactForm(with_note=with_note)}
    )


@perm_required(ACCESS)
@require_GET
@audited(AuditAction.VIEW_PROJECT, target="project")
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = load_project(request.user, pk, timezone.localdate())
    remember_file_answers(project.household, request.user, annotated=project)
    request.audited = (pk, project.household)
    user = request.user
    missing = services.approvals_missing(project) if project.status == "proposed" else set()
    # The rows' forms at the cost of one reverse() per kind (issue 15).
    action_url = url_maker("households:action_status")
    for action in project.actions.all():
        action.status_url = action_url(action.pk)
    context = {
        **contact_panel_context(request, project),
        "household": project.household,
        "closure": getattr(project, "closure", None),  # None while the project runs
        # unscoped: names of the parties of a visible project still to approve
        "missing_approvals": Organisation.objects.filter(pk__in=missing).order_by("name"),
        "can_manage": user.has_perm("households.manage_project", project),
        "can_approve": user.has_perm("households.approve_project", project),
        "can_change_referent": project.status != "closed"
        and user.has_perm("households.change_referent", project),
        "renewal_refusal": services.renewal_refusal(project),
        # seed 004 §5: beyond the measure's renewal, the coordinator agrees to a new measure.
        "can_renew_further": services.further_renewal_refusal(project) is None
        and user.has_perm("households.agree_further_renewal", project),
        "renewal_decisions": compiled_list(renewal_decisions, project.pk),
        "action_status_form": ActionStatusForm(),
        "appointments": project.appointments.all(),
        "can_plan": project.status in PLANNABLE
        and user.has_perm("households.log_contact", project),
        "now": timezone.now(),
    }
    return render(request, "households/project_detail.html", context)


@perm_required(ACCESS)
def project_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A joint project proposed by the structures for a household they follow (seed 000)."""
    household = get_visible_or_404(Household.objects, request.user, pk=pk)
    require_perm(request.user, "households.propose_project", household)
    return form_page(
        request,
        ProjectForm(request.POST or None, user=request.user),
        lambda f: services.project_propose(household=household, by=request.user, **f.cleaned_data),
        done=_("Projet proposé : il attend l'accord de chaque structure."),
        title=_("Projet d'intervention conjoint pour le ménage %(ref)s") % {"ref": household},
        submit_label=_("Proposer le projet"),
        back_url=household.get_absolute_url(),
        crumbs=crumbs(household),
        intro=_(
            "Le projet d'intervention précise les actions de la structure professionnelle "
            "et celles des bénévoles ; il est validé quand chaque structure a donné son "
            "accord (convention-cadre SOLiHA × MTA, art. IV)."
        ),
    )


def _versioned_form(
    request, pk: int, form_class, service, perm="households.manage_project", **page
):
    """A form that moves the project on (start, review, closure), from the version read: after
    an edit conflict, the form carries the version now stored."""
    project = _project(request, pk)
    require_perm(request.user, perm, project)
    form = form_class(request.POST or None, initial={"version": project.version})

    def conflict(error):
        if isinstance(error, EditConflict):
            project.refresh_from_db(fields=["version"])
            form.refresh_version(project.version)

    return _project_form(
        request,
        project,
        form,
        lambda f: service(project=project, by=request.user, **f.cleaned_data),
        refused=conflict,
        **page,
    )


@perm_required(ACCESS)
def project_start(request: HttpRequest, pk: int) -> HttpResponse:
    return _versioned_form(
        request,
        pk,
        ProjectStartForm,
        services.project_start,
        done=_("Contrat signé : l'accompagnement a commencé."),
        title=_("Signature du contrat d'accompagnement"),
        submit_label=_("Enregistrer la signature"),
        intro=_("Le bilan intermédiaire et la fin prévue se calculent d'après le dispositif."),
    )


@perm_required(ACCESS)
def project_referent(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand the project over to another referent (issue 16), for a reason; the former one
    reads the file, and only reads it, for 30 days."""
    project = _project(request, pk)
    require_perm(request.user, "households.change_referent", project)
    form = ReferentChangeForm(
        request.POST or None, project=project, initial={"version": project.version}
    )

    def conflict(error):
        if isinstance(error, EditConflict):
            project.refresh_from_db(fields=["version"])
            form.refresh_version(project.version)

    return _project_form(
        request,
        project,
        form,
        lambda f: services.project_change_referent(
            project=project,
            by=request.user,
            new_referent=f.cleaned_data["new_referent"],
            reason=f.cleaned_data["reason"],
            version=f.cleaned_data["version"],
        ),
        refused=conflict,
        done=_(
            "Référent changé. L'ancien référent garde un accès en lecture seule au dossier "
            "pendant 30 jours."
        ),
        title=_("Changer le référent du projet"),
        submit_label=_("Changer de référent"),
        intro=_(
            "Référent actuel : %(referent)s. Le changement et son motif figurent dans le "
            "dossier du ménage ; l'ancien référent peut le consulter, sans rien y modifier, "
            "pendant 30 jours."
        )
        % {"referent": project.referent},
    )


@perm_required(ACCESS)
@require_POST
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The quick contact form: htmx swaps the panel in place, without htmx the page reloads.
    The panel answers 200 even when the form is refused: htmx swaps no 4xx answer."""
    project = _project(request, pk)
    require_perm(request.user, "households.log_contact", project)
    with_note = request.user.has_perm("households.read_confidential_notes", project.household)
    form = ContactForm(request.POST, with_note=with_note)

    def save(form):
        return services.contact_log(project=project, by=request.user, **form.cleaned_data)

    if not request.htmx:
        return _project_form(
            request,
            project,
            form,
            save,
            done=_("Rencontre enregistrée."),
            title=_("Noter une rencontre"),
            submit_label=_("Enregistrer la rencontre"),
        )
    saved = submit(form, save) is not None
    context = contact_panel_context(request, project, None if saved else form)
    context["saved"] = saved
    # The panel shows the last contacts and their notes: a read, as on the project's page.
    audit_record(
        request=request,
        action=AuditAction.VIEW_PROJECT,
        household=project.household,
        detail=f"projet n° {project.pk}",
    )
    return render(request, "households/_contact_panel.html", context)


def _medium(value) -> str:
    """The medium asked for, or the phone: the most frequent contact (issue 18)."""
    return value if value in CONTACT_DEFAULT_MINUTES else ContactMedium.PHONE


@perm_required(ACCESS)
def contact_new(request: HttpRequest, pk: int) -> HttpResponse:
    """« Noter un contact » (issue 18): the medium first (a phone call unless another is
    chosen), its usual duration, today; saved, back to the project page on the new contact,
    with a confirmation. The page names the household: a read in the access log."""
    project = _project(request, pk)
    require_perm(request.user, "households.log_contact", project)
    household = project.household
    with_note = request.user.has_perm("households.read_confidential_notes", household)
    medium = _medium(request.POST.get("medium") or request.GET.get("modalite"))
    form = ContactForm(request.POST or None, with_note=with_note, medium=medium, project=project)
    form.fields["medium"].widget = forms.HiddenInput()
    # The note is what there is to write: the cursor starts there (the keyboard journey).
    form.fields["summary"].widget.attrs["autofocus"] = True

    def page(form, status):
        audit_record(
            request=request,
            action=AuditAction.VIEW_PROJECT,
            household=household,
            detail=f"projet n° {project.pk}",
        )
        return render(
            request,
            "households/contact_new.html",
            {
                "form": form,
                "project": project,
                "household": household,
                "medium": medium,
                "media": [
                    (m.value, m.label, CONTACT_DEFAULT_MINUTES[m]) for m in CONTACT_MEDIA_ORDER
                ],
            },
            status=status,
        )

    def done(contact):
        return _("Rencontre enregistrée pour le ménage %(ref)s : %(medium)s, %(minutes)s min.") % {
            "ref": household.reference,
            "medium": contact.get_medium_display().lower(),
            "minutes": contact.duration_minutes,
        }

    return form_page(
        request,
        form,
        lambda f: services.contact_log(project=project, by=request.user, **f.cleaned_data),
        done=done,
        success_url=lambda contact: f"{project.get_absolute_url()}#rencontre-{contact.pk}",
        page=page,
    )


@perm_required(ACCESS)
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    require_perm(request.user, "households.manage_project", project)
    return _project_form(
        request,
        project,
        ActionForm(request.POST or None, project=project),
        lambda f: services.action_plan(project=project, by=request.user, **f.cleaned_data),
        done=lambda action: _("Action ajoutée : « %(action)s ».") % {"action": action.description},
        success_url=lambda action: f"{project.get_absolute_url()}#action-{action.pk}",
        title=_("Prévoir une action"),
        submit_label=_("Ajouter l'action"),
        intro=_(
            "Qui fait quoi : la structure professionnelle ou les bénévoles (convention-cadre "
            "SOLiHA × MTA)."
        ),
    )


@perm_required(ACCESS)
@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_visible_or_404(
        PlannedAction.objects.select_related("project"), request.user, pk=pk
    )
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Statut inconnu."))
        return redirect(action.project)
    return post_action(
        request,
        lambda: services.action_set_status(
            action=action, by=request.user, status=form.cleaned_data["status"]
        ),
        done=lambda _result: (
            _("Statut de l'action « %(action)s » : %(status)s.")
            % {"action": action.description, "status": action.get_status_display().lower()}
        ),
        then=f"{action.project.get_absolute_url()}#action-{action.pk}",
    )


@perm_required(ACCESS)
def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _versioned_form(
        request,
        pk,
        ReviewForm,
        services.review_record,
        done=_("Bilan enregistré."),
        title=_("Enregistrer un bilan"),
        submit_label=_("Enregistrer le bilan"),
        intro=_(
            "Les bilans sont transmis au coordinateur (cahier des charges ASRL, §7). Un bilan "
            "de fin de mesure "
            "précède tout renouvellement."
        ),
    )


@perm_required(ACCESS)
@require_POST
def project_renew(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    require_perm(request.user, "households.manage_project", project)
    version = request.POST.get("version", "")
    if not version.isdigit():
        messages.error(
            request, _("Le formulaire de renouvellement est incomplet : rechargez la page.")
        )
        return redirect(project)
    return post_action(
        request,
        lambda: services.project_renew(project=project, by=request.user, version=int(version)),
        done=_("Accompagnement renouvelé."),
        then=project,
    )


@perm_required(ACCESS)
def project_renew_further(request: HttpRequest, pk: int) -> HttpResponse:
    """seed 004 §5: the coordinator of the household's territory agrees to a renewal beyond
    the one the measure funds; a new measure is consumed."""
    return _versioned_form(
        request,
        pk,
        FurtherRenewalForm,
        services.project_renew_further,
        perm="households.agree_further_renewal",
        done=_("Nouveau renouvellement accordé : une nouvelle mesure est consommée."),
        title=_("Accorder un nouveau renouvellement"),
        submit_label=_("Accorder le renouvellement"),
        intro=_(
            "Une mesure finance « un accompagnement de 6 mois et un éventuel renouvellement, "
            "pour la même durée » (cahier des charges ASRL, §5). Au-delà, le renouvellement "
            "consomme une nouvelle mesure de l'allocation de l'opérateur, avec votre accord "
            "et un motif."
        ),
    )


@perm_required(ACCESS)
def project_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _versioned_form(
        request,
        pk,
        CloseForm,
        services.project_close,
        done=_("Accompagnement clôturé."),
        title=_("Clôturer l'accompagnement"),
        submit_label=_("Clôturer"),
    )


@perm_required(ACCESS)
def help_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    require_perm(request.user, "households.log_contact", project)
    return _project_form(
        request,
        project,
        HelpForm(request.POST or None, project=project),
        lambda f: services.help_request(project=project, by=request.user, **f.cleaned_data),
        title=_("Demander une aide financière ponctuelle"),
        submit_label=_("Enregistrer la demande"),
        intro=_(
            "Faire face à un imprévu ou temporiser le déblocage d'une aide publique "
            "(convention-cadre SOLiHA × MTA)."
        ),
    )


@perm_required(ACCESS)
def help_decide(request: HttpRequest, pk: int) -> HttpResponse:
    help_ = _help(request, pk)
    project = help_.project
    return _project_form(
        request,
        project,
        HelpDecisionForm(request.POST or None),
        lambda f: services.help_decide(help_=help_, by=request.user, **f.cleaned_data),
        title=_("Décision sur l'aide : %(help)s") % {"help": help_.get_purpose_display()},
        submit_label=_("Enregistrer la décision"),
    )


def _help(request, pk: int) -> FinancialHelp:
    help_ = get_visible_or_404(
        FinancialHelp.objects.select_related("project__household"), request.user, pk=pk
    )
    require_perm(request.user, "households.manage_project", help_.project)
    return help_


@perm_required(ACCESS)
@require_POST
def help_documents(request: HttpRequest, pk: int) -> HttpResponse:
    help_ = _help(request, pk)
    return post_action(
        request,
        lambda: services.help_documents_received(help_=help_, by=request.user),
        done=_("Pièces reçues : l'aide attend sa décision."),
        then=help_.project,
    )


@perm_required(ACCESS)
def help_pay(request: HttpRequest, pk: int) -> HttpResponse:
    help_ = _help(request, pk)
    return _project_form(
        request,
        help_.project,
        HelpPaymentForm(request.POST or None),
        lambda f: services.help_pay(help_=help_, by=request.user, **f.cleaned_data),
        title=_("Versement de l'aide : %(help)s") % {"help": help_.get_purpose_display()},
        submit_label=_("Enregistrer le versement"),
        done=_("Versement de l'aide enregistré."),
    )


@perm_required(ACCESS)
def help_repay(request: HttpRequest, pk: int) -> HttpResponse:
    help_ = _help(request, pk)
    return _project_form(
        request,
        help_.project,
        HelpRepaymentForm(
            request.POST or None,
            initial={"amount_repaid": help_.amount_granted} if help_.is_advance else None,
        ),
        lambda f: services.help_repay(help_=help_, by=request.user, **f.cleaned_data),
        title=_("Remboursement de l'aide : %(help)s") % {"help": help_.get_purpose_display()},
        submit_label=_("Enregistrer le remboursement"),
        done=_("Remboursement de l'aide enregistré."),
        intro=_(
            "Une avance se rembourse quand l'aide publique attendue arrive (%(aid)s) ; "
            "le remboursement suit le versement et ne dépasse pas le montant versé."
        )
        % {"aid": help_.awaited_aid or _("aucune indiquée")},
    )
