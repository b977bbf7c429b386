"""Referrals (fiches saisine) and their orientation (seed 004 §4)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from households import services
from households.enums import ReferralStatus
from households.forms import NewHouseholdReferralForm, OrientationForm, ProjectForm
from households.models import Referral
from households.services import HouseholdError
from households.views.common import form_error, household_access
from partnerships.perimeter import get_visible_or_404


def _referral(request, pk: int) -> Referral:
    return get_visible_or_404(
        Referral.objects.select_related(
            "household__territory",
            "household__organisation",
            "referred_by",
            "programme",
            "orientation__operator",
            "orientation__decided_by",
            "orientation__meeting__committee",
        ),
        request.user,
        pk=pk,
    )


@household_access
def referral_create(request: HttpRequest) -> HttpResponse:
    """A referral of a household the platform does not know yet."""
    if not request.user.has_perm("households.receive_referrals"):
        raise Http404
    form = NewHouseholdReferralForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_receive_new_household(by=request.user, **form.cleaned_data)
        except HouseholdError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Saisine enregistrée pour le ménage %(ref)s.") % {"ref": referral.household},
            )
            return redirect(referral)
    return render(
        request,
        "households/form.html",
        {
            "form": form,
            "title": _("Nouvelle saisine"),
            "submit": _("Enregistrer la saisine"),
            "back_url": None,
            "intro": _(
                "Fiche saisine de la plateforme : tout partenaire peut saisir la plateforme "
                "pour un ménage (seed 004 §4)."
            ),
        },
    )


def _detail(request, referral, orientation_form=None, status=200) -> HttpResponse:
    user = request.user
    can_decide = user.has_perm("households.decide_orientation", referral)
    waiting = referral.status in (ReferralStatus.RECEIVED, ReferralStatus.UNDER_STUDY)
    if orientation_form is None and can_decide and waiting:
        orientation_form = OrientationForm(user=user)
    context = {
        "referral": referral,
        "household": referral.household,
        "orientation_form": orientation_form if waiting else None,
        "can_decide": can_decide,
        "can_propose": referral.status == ReferralStatus.ORIENTED
        and not referral.projects.exists()
        and user.has_perm("households.propose_project", referral.household),
    }
    return render(request, "households/referral_detail.html", context, status=status)


@household_access
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _referral(request, pk))


@household_access
@require_POST
def referral_study(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    if not request.user.has_perm("households.decide_orientation", referral):
        raise Http404
    try:
        services.referral_start_study(referral=referral, by=request.user)
    except HouseholdError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(referral)


@household_access
@require_POST
def orientation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    if not request.user.has_perm("households.decide_orientation", referral):
        raise Http404
    form = OrientationForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.orientation_decide(referral=referral, by=request.user, **form.cleaned_data)
        except HouseholdError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Décision d'orientation enregistrée."))
            return redirect(referral)
    return _detail(request, referral, orientation_form=form, status=422)


@household_access
def project_from_referral(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    household = referral.household
    if not request.user.has_perm("households.propose_project", household):
        raise Http404
    if referral.status != ReferralStatus.ORIENTED:
        raise Http404
    form = ProjectForm(request.POST or None, user=request.user, referral=referral)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_propose(
                household=household,
                by=request.user,
                referral=referral,
                programme=referral.programme,
                operator=referral.orientation.operator,
                **form.cleaned_data,
            )
        except HouseholdError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Projet proposé : il attend l'accord de la structure."))
            return redirect(project)
    return render(
        request,
        "households/form.html",
        {
            "form": form,
            "title": _("Projet d'accompagnement — %(programme)s")
            % {"programme": referral.programme},
            "submit": _("Proposer le projet"),
            "household": household,
            "back_url": referral.get_absolute_url(),
            "intro": _("Structure opératrice désignée par l'orientation : %(operator)s.")
            % {"operator": referral.orientation.operator},
        },
    )
