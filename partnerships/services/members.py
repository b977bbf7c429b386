"""People and roles: who belongs to an organisation, with which role (issue 13).

A director manages the members of the organisation they direct — invites by e-mail, changes a
role, takes it back — with the roles of a partner structure up to director (social worker,
volunteer, director, signatory partner). Coordinators (with a territory of the département)
and department staff are appointed only by the département's administrators — its direction —
or by a superuser (`partnerships.rules.grantable_roles`). Nobody grants a role in an
organisation they do not direct. Every change is in the history of the membership
(django-simple-history, with its author) and is e-mailed, in French, to the person concerned.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from common.history import as_author
from partnerships.enums import OrganisationKind, Role
from partnerships.errors import MembershipError
from partnerships.models import Membership, Organisation, Territory, User
from partnerships.perimeter import org_ids
from partnerships.rules import grantable_roles
from partnerships.security.policy import needs_second_factor
from partnerships.tokens import invitation_token_generator

# Roles that open the administration (its pages still filter by the perimeter).
STAFF_ROLES = (Role.DIRECTOR, Role.DEPARTMENT_STAFF)


def _label(role: str) -> str:
    return str(Role(role).label)


def check_may_grant(by, organisation: Organisation, role: str, *, taking_back=False) -> None:
    if by is None or not (by.is_superuser or organisation.pk in org_ids(by, roles=[Role.DIRECTOR])):
        raise MembershipError(
            _("Vous ne dirigez pas %(org)s : vous n'y attribuez aucun rôle.")
            % {"org": organisation}
        )
    if role not in grantable_roles(by, organisation):
        if role == Role.DEPARTMENT_STAFF and organisation.kind != OrganisationKind.DEPARTMENT:
            message = _("Le rôle « Agent départemental » s'exerce dans un département.")
        elif taking_back:
            message = _(
                "Seuls les administrateurs du département ou un superutilisateur retirent ou "
                "changent le rôle « %(role)s »."
            )
        else:
            message = _(
                "Seuls les administrateurs du département (sa direction) ou un "
                "superutilisateur attribuent le rôle « %(role)s »."
            )
        raise MembershipError(message % {"role": _label(role)})


def check_territory(organisation: Organisation, role: str, territory: Territory | None) -> None:
    """A coordinator works on a territory of the département that appoints them; the other
    roles have none (the perimeter of a coordinator is their territory)."""
    if role != Role.COORDINATOR:
        if territory is not None:
            raise MembershipError(_("Seul un coordinateur a un territoire d'intervention."))
        return
    if territory is None:
        raise MembershipError(_("Un coordinateur doit avoir un territoire."))
    own = [t.path for t in organisation.territories.all()]
    if not any(territory.path.startswith(path) for path in own):
        raise MembershipError(
            _(
                "%(territory)s n'est pas un territoire de %(org)s : un coordinateur intervient "
                "sur un territoire de son département."
            )
            % {"territory": territory, "org": organisation}
        )


def _check_not_self(by, membership: Membership) -> None:
    if membership.user_id == by.pk and not by.is_superuser:
        raise MembershipError(
            _(
                "Vous ne modifiez pas votre propre rôle : demandez-le à une autre personne de "
                "la direction ou à un administrateur."
            )
        )


def _sync_staff(user: User) -> None:
    """Directors and department staff enter the administration; nobody else, except a
    superuser (whose rights do not come from a membership)."""
    if user.is_superuser:
        return
    wanted = Membership.objects.active().filter(user=user, role__in=STAFF_ROLES).exists()
    if user.is_staff != wanted:
        user.is_staff = wanted
        user.save(update_fields=["is_staff"])


def _lock(membership: Membership) -> Membership:
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user", "organisation", "territory")
        .get(pk=membership.pk)
    )


# ------------------------------------------------------------------------------- e-mails
def _site_link(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def password_set_link(user: User) -> str:
    """The link that lets a person choose their password (partnerships/tokens.py: valid
    INVITATION_TIMEOUT seconds, spent once the password is set)."""
    return _site_link(
        reverse(
            "password_set",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": invitation_token_generator.make_token(user),
            },
        )
    )


def _notify(membership_id: int, subject: str, body: str, *, invitation: bool) -> None:
    membership = Membership.objects.select_related("user").get(pk=membership_id)
    user = membership.user
    text = body
    if invitation:
        days = settings.PASSWORD_RESET_TIMEOUT // 86400
        text += "\n\n" + _(
            "Pour choisir votre mot de passe, ouvrez ce lien (valable %(days)s jours, une "
            "seule fois) :\n%(link)s"
        ) % {"days": days, "link": password_set_link(user)}
        if needs_second_factor(user):
            text += "\n\n" + _(
                "À la première connexion, vous activerez la double authentification avec une "
                "application sur votre téléphone."
            )
    else:
        text += "\n\n" + _("Maillage : %(link)s") % {"link": _site_link(reverse("home"))}
    send_mail(
        subject=subject,
        message=_("Bonjour %(name)s,") % {"name": user.get_full_name() or user.email}
        + "\n\n"
        + text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


def _after_commit(membership: Membership, subject: str, body: str, *, invitation=False) -> None:
    transaction.on_commit(lambda: _notify(membership.pk, subject, body, invitation=invitation))


def _who(by) -> str:
    return by.get_full_name() or by.email


# ------------------------------------------------------------------------------ services
@transaction.atomic
def member_invite(
    *,
    organisation: Organisation,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    territory: Territory | None = None,
    by,
) -> Membership:
    """Invite a person into `organisation` with `role`. An unknown address becomes an account
    without a password: the person chooses one through the link of the e-mail. A role taken
    back earlier is given again; a person invited who never chose a password gets a new
    link."""
    check_may_grant(by, organisation, role)
    check_territory(organisation, role, territory)
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise MembershipError(_("Saisissez une adresse e-mail valide.")) from error
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        if not (first_name.strip() and last_name.strip()):
            raise MembershipError(_("Indiquez le prénom et le nom de la personne invitée."))
        user = User(email=email, first_name=first_name.strip(), last_name=last_name.strip())
        user.set_unusable_password()
        user.save()
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .filter(user=user, organisation=organisation, role=role)
        .first()
    )
    invitation = not user.has_usable_password()
    if membership is not None and membership.is_active:
        if not invitation:
            raise MembershipError(
                _("%(person)s est déjà %(role)s de %(org)s.")
                % {"person": user, "role": _label(role).lower(), "org": organisation}
            )
        # Invited before, never came: a fresh link, nothing else changes.
        _after_commit(
            membership,
            _("Maillage : votre invitation pour %(org)s") % {"org": organisation},
            _("%(by)s vous renvoie votre invitation dans Maillage, pour %(org)s (%(role)s).")
            % {"by": _who(by), "org": organisation, "role": _label(role)},
            invitation=True,
        )
        return membership
    if membership is None:
        membership = Membership(user=user, organisation=organisation, role=role)
    membership.territory = territory
    membership.is_active = True
    as_author(membership, by).save()
    _sync_staff(user)
    _after_commit(
        membership,
        _("Maillage : votre accès pour %(org)s") % {"org": organisation},
        _("%(by)s vous a donné accès à Maillage pour %(org)s, avec le rôle « %(role)s »%(where)s.")
        % {
            "by": _who(by),
            "org": organisation,
            "role": _label(role),
            "where": _(", sur le territoire %(t)s") % {"t": territory} if territory else "",
        },
        invitation=invitation,
    )
    return membership


@transaction.atomic
def member_set_role(
    *, membership: Membership, role: str, territory: Territory | None = None, by
) -> Membership:
    """Change the role of a member, within the roles `by` may grant in that organisation —
    both the role taken away and the role given."""
    membership = _lock(membership)
    organisation = membership.organisation
    check_may_grant(by, organisation, membership.role, taking_back=True)
    check_may_grant(by, organisation, role)
    _check_not_self(by, membership)
    if not membership.is_active:
        raise MembershipError(_("Ce rôle a été retiré : invitez de nouveau la personne."))
    check_territory(organisation, role, territory)
    if (membership.role, membership.territory_id) == (role, territory.pk if territory else None):
        raise MembershipError(_("La personne a déjà ce rôle."))
    if (
        role != membership.role
        and Membership.objects.filter(user=membership.user, organisation=organisation, role=role)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise MembershipError(
            _("%(person)s a déjà le rôle « %(role)s » dans %(org)s (éventuellement retiré).")
            % {"person": membership.user, "role": _label(role), "org": organisation}
        )
    before = membership.role
    membership.role = role
    membership.territory = territory
    as_author(membership, by).save()
    _sync_staff(membership.user)
    _after_commit(
        membership,
        _("Maillage : votre rôle pour %(org)s") % {"org": organisation},
        _(
            "%(by)s a changé votre rôle pour %(org)s : « %(before)s » devient "
            "« %(after)s »%(where)s."
        )
        % {
            "by": _who(by),
            "org": organisation,
            "before": _label(before),
            "after": _label(role),
            "where": _(", sur le territoire %(t)s") % {"t": territory} if territory else "",
        },
    )
    return membership


@transaction.atomic
def member_deactivate(*, membership: Membership, by) -> Membership:
    """Take a role back: the person no longer sees what it opened, from their next page."""
    membership = _lock(membership)
    organisation = membership.organisation
    check_may_grant(by, organisation, membership.role, taking_back=True)
    _check_not_self(by, membership)
    if not membership.is_active:
        raise MembershipError(_("Ce rôle est déjà retiré."))
    membership.is_active = False
    as_author(membership, by).save()
    _sync_staff(membership.user)
    _after_commit(
        membership,
        _("Maillage : votre rôle pour %(org)s est retiré") % {"org": organisation},
        _("%(by)s a retiré votre rôle « %(role)s » pour %(org)s.")
        % {"by": _who(by), "org": organisation, "role": _label(membership.role)},
    )
    return membership
