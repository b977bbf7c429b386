"""A co-funding plan and its contributions (seed 003 §VII: 60 600 € net of VAT), kept by the
staff of a party to the convention through the services."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.pages import form_page, post_action, require_perm
from funding import services
from funding.forms import CoFundingPlanForm, ContributionForm, NewCoFundingPlanForm
from funding.models import CoFundingContribution, CoFundingPlan
from partnerships.perimeter import get_visible_or_404

MANAGE = "funding.manage_cofunding"


def _crumbs(plan=None) -> list[tuple[str, str]]:
    trail = [
        (_("Financements"), reverse("funding:dashboard")),
        (_("Cofinancements"), reverse("funding:cofunding_list")),
    ]
    if plan is not None:
        trail.append((plan.label, reverse("funding:cofunding_detail", args=[plan.pk])))
    return trail


def _plan(request: HttpRequest, pk: int) -> CoFundingPlan:
    return get_visible_or_404(
        CoFundingPlan.objects.with_totals()
        .select_related("convention")
        .prefetch_related("convention__parties"),
        request.user,
        pk=pk,
    )


def _plan_page(request, plan, *, contribution_form=None, status=200) -> HttpResponse:
    return render(
        request,
        "funding/cofunding_detail.html",
        {
            "plan": plan,
            "contributions": plan.contributions.select_related("funder", "recipient"),
            "may_manage": request.user.has_perm(MANAGE, plan),
            "contribution_form": contribution_form or ContributionForm(user=request.user),
            "history": plan.history.select_related("history_user")[:10],
        },
        status=status,
    )


def cofunding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_page(request, _plan(request, pk))


def cofunding_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "funding.create_money")
    return form_page(
        request,
        NewCoFundingPlanForm(request.POST or None, user=request.user),
        lambda f: services.cofunding_plan_create(by=request.user, **f.cleaned_data),
        done=_("Plan créé : ajoutez maintenant les contributions de ses financeurs."),
        success_url=lambda plan: reverse("funding:cofunding_detail", args=[plan.pk]),
        title=_("Nouveau plan de cofinancement"),
        intro=_("Le plan est équilibré quand les contributions égalent le coût de l'action."),
        submit_label=_("Créer le plan"),
        back_url=reverse("funding:cofunding_list"),
        crumbs=_crumbs(),
    )


def _managed_plan(request: HttpRequest, pk: int) -> CoFundingPlan:
    plan = _plan(request, pk)
    require_perm(request.user, MANAGE, plan)
    return plan


def cofunding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _managed_plan(request, pk)
    back = reverse("funding:cofunding_detail", args=[pk])
    return form_page(
        request,
        CoFundingPlanForm(request.POST or None, initial={"label": plan.label, "cost": plan.cost}),
        lambda f: services.cofunding_plan_update(plan=plan, by=request.user, **f.cleaned_data),
        done=_("Plan enregistré."),
        success_url=back,
        title=_("Modifier le plan"),
        submit_label=_("Enregistrer"),
        back_url=back,
        crumbs=_crumbs(plan),
    )


@require_POST
def contribution_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _managed_plan(request, pk)
    return form_page(
        request,
        ContributionForm(request.POST, user=request.user),
        lambda f: services.contribution_add(plan=plan, by=request.user, **f.cleaned_data),
        done=_("Contribution ajoutée."),
        success_url=reverse("funding:cofunding_detail", args=[pk]),
        page=lambda form, status: _plan_page(request, plan, contribution_form=form, status=status),
    )


def _contribution(request: HttpRequest, pk: int) -> CoFundingContribution:
    visible = CoFundingPlan.objects.visible_to(request.user)
    contribution = get_object_or_404(
        CoFundingContribution.objects.filter(plan__in=visible).select_related(
            "funder", "recipient"
        ),
        pk=pk,
    )
    contribution.plan = _managed_plan(request, contribution.plan_id)
    return contribution


def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = _contribution(request, pk)
    plan = contribution.plan
    back = reverse("funding:cofunding_detail", args=[plan.pk])
    initial = {
        "funder": contribution.funder_id,
        "recipient": contribution.recipient_id,
        "amount": contribution.amount,
    }
    return form_page(
        request,
        ContributionForm(request.POST or None, user=request.user, initial=initial),
        lambda f: services.contribution_update(
            contribution=contribution, by=request.user, **f.cleaned_data
        ),
        done=_("Contribution enregistrée."),
        success_url=back,
        title=_("Contribution de %(funder)s") % {"funder": contribution.funder},
        submit_label=_("Enregistrer"),
        back_url=back,
        crumbs=_crumbs(plan),
    )


@require_POST
def contribution_remove(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = _contribution(request, pk)
    return post_action(
        request,
        lambda: services.contribution_remove(contribution=contribution, by=request.user),
        done=_("Contribution retirée du plan."),
        then=reverse("funding:cofunding_detail", args=[contribution.plan_id]),
    )
