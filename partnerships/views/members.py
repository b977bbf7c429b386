"""« Membres »: a director sees the members of the organisations they direct, invites a person
by e-mail, changes a role, takes it back (partnerships/services/members.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.pages import form_page, list_page, perm_required, post_action, require_perm
from partnerships import services
from partnerships.filters import MemberFilter
from partnerships.forms import MemberInviteForm, MemberRoleForm
from partnerships.models import Membership
from partnerships.perimeter import get_visible_or_404
from partnerships.rules import grantable_roles
from partnerships.selectors import members_for

OPEN = "partnerships.open_members"
MANAGE = "partnerships.manage_members"


def crumbs() -> list[tuple[str, str]]:
    return [(_("Membres"), reverse("partnerships:member_list"))]


@perm_required(OPEN)
def member_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    queryset = members_for(user).select_related("user", "organisation", "territory")
    context = list_page(request, queryset, MemberFilter)
    for membership in context["rows"]:
        membership.can_change = membership.user_id != user.pk or user.is_superuser
        membership.can_change &= membership.role in grantable_roles(user, membership.organisation)
    return render(request, "partnerships/member_list.html", context)


@perm_required(OPEN)
def member_invite(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        MemberInviteForm(request.POST or None, user=request.user),
        lambda f: services.member_invite(by=request.user, **f.cleaned_data),
        done=lambda m: _("Invitation envoyée à %(email)s.") % {"email": m.user.email},
        success_url=reverse("partnerships:member_list"),
        title=_("Inviter une personne"),
        submit_label=_("Envoyer l'invitation"),
        back_url=reverse("partnerships:member_list"),
        crumbs=crumbs(),
        intro=_(
            "La personne reçoit un e-mail avec un lien pour choisir son mot de passe (valable "
            "3 jours) ; si elle a déjà un compte, le rôle s'ajoute à ses accès. Coordinateurs "
            "et agents départementaux sont nommés par la direction du département."
        ),
    )


def _membership(request, pk: int) -> Membership:
    membership = get_visible_or_404(
        Membership.objects.select_related("user", "organisation", "territory"),
        request.user,
        pk=pk,
    )
    require_perm(request.user, MANAGE, membership.organisation)
    return membership


def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    return form_page(
        request,
        MemberRoleForm(request.POST or None, user=request.user, membership=membership),
        lambda f: services.member_set_role(
            membership=membership, by=request.user, **f.cleaned_data
        ),
        done=_("Rôle modifié ; la personne en est avertie par e-mail."),
        success_url=reverse("partnerships:member_list"),
        title=_("Rôle de %(person)s — %(org)s")
        % {"person": membership.user, "org": membership.organisation},
        submit_label=_("Changer le rôle"),
        back_url=reverse("partnerships:member_list"),
        crumbs=crumbs(),
    )


@require_POST
def member_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    return post_action(
        request,
        lambda: services.member_deactivate(membership=membership, by=request.user),
        done=_("Rôle retiré ; la personne en est avertie par e-mail."),
        then=reverse("partnerships:member_list"),
    )
