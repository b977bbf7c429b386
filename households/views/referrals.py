"""Referrals (fiches saisine) and their orientation (seed 004 §4)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.pages import form_page, perm_required, post_action, require_perm
from households import services
from households.audit import audit_record
from households.enums import AuditAction, ReferralStatus
from households.forms import NewHouseholdReferralForm, OrientationForm, ProjectForm
from households.models import Referral
from households.views.households import crumbs
from households.views.lists import ACCESS
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


@perm_required(ACCESS)
def referral_create(request: HttpRequest) -> HttpResponse:
    """A referral of a household the platform does not know yet."""
    require_perm(request.user, "households.receive_referrals")
    return form_page(
        request,
        NewHouseholdReferralForm(request.POST or None, user=request.user),
        lambda f: services.referral_receive_new_household(by=request.user, **f.cleaned_data),
        done=lambda referral: (
            _("Saisine enregistrée pour le ménage %(ref)s.") % {"ref": referral.household}
        ),
        # seed 004 §4: recorded on behalf of another partner, the file is the prescriber's
        # until the orientation: the recording user may no longer see it.
        success_url=lambda referral: (
            referral
            if Referral.objects.visible_to(request.user).filter(pk=referral.pk).exists()
            else reverse("households:referral_list")
        ),
        title=_("Nouvelle saisine"),
        submit_label=_("Enregistrer la saisine"),
        crumbs=crumbs(),
        intro=_(
            "Fiche saisine de la plateforme : tout partenaire peut saisir la plateforme "
            "pour un ménage (cahier des charges ASRL, §4). Vous pouvez l'enregistrer pour un "
            "partenaire dont le personnel n'utilise pas Maillage. Le dossier reste au "
            "prescripteur jusqu'à l'orientation, qui le confie à la structure désignée pour "
            "accompagner le ménage."
        ),
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
        "orientation": getattr(referral, "orientation", None),  # None until decided
        "orientation_form": orientation_form if waiting else None,
        "can_decide": can_decide,
        "can_propose": referral.status == ReferralStatus.ORIENTED
        and not referral.projects.exists()
        and user.has_perm("households.propose_project", referral.household),
    }
    # The page shows the household's situation: a read, whatever the door (the detail, or
    # an orientation form sent back with its errors).
    audit_record(
        request=request,
        action=AuditAction.VIEW_REFERRAL,
        household=referral.household,
        detail=f"saisine n° {referral.pk}",
    )
    return render(request, "households/referral_detail.html", context, status=status)


@perm_required(ACCESS)
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _referral(request, pk))


@perm_required(ACCESS)
@require_POST
def referral_study(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    require_perm(request.user, "households.decide_orientation", referral)
    return post_action(
        request,
        lambda: services.referral_start_study(referral=referral, by=request.user),
        then=referral,
    )


@perm_required(ACCESS)
@require_POST
def orientation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    require_perm(request.user, "households.decide_orientation", referral)
    return form_page(
        request,
        OrientationForm(request.POST, user=request.user),
        lambda f: services.orientation_decide(referral=referral, by=request.user, **f.cleaned_data),
        done=_("Décision d'orientation enregistrée."),
        success_url=referral,
        page=lambda form, status: _detail(request, referral, orientation_form=form, status=status),
    )


@perm_required(ACCESS)
def project_from_referral(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    household = referral.household
    require_perm(request.user, "households.propose_project", household)
    if referral.status != ReferralStatus.ORIENTED:
        raise Http404
    return form_page(
        request,
        ProjectForm(request.POST or None, user=request.user, referral=referral),
        lambda f: services.project_propose(
            household=household,
            by=request.user,
            referral=referral,
            programme=referral.programme,
            operator=referral.orientation.operator,
            **f.cleaned_data,
        ),
        done=_("Projet proposé : il attend l'accord de la structure."),
        title=_("Projet d'accompagnement — %(programme)s") % {"programme": referral.programme},
        submit_label=_("Proposer le projet"),
        back_url=referral.get_absolute_url(),
        crumbs=crumbs(household),
        intro=_("Structure opératrice désignée par l'orientation : %(operator)s.")
        % {"operator": referral.orientation.operator},
    )
