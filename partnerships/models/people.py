from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.enums import Role
from partnerships.perimeter import org_ids


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("L'adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person who logs in, by e-mail. What they see follows from their memberships."""

    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def visible_to(self, user):
        if user.is_superuser:
            return self

        directed = org_ids(user, roles=[Role.DIRECTOR])
        return self.filter(Q(user=user) | Q(organisation__in=directed))


class Membership(models.Model):
    """Belonging of a user to an organisation, with the role they hold there."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("utilisateur")
    )
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("rôle"), max_length=32, choices=Role.choices)
    territory = models.ForeignKey(
        "partnerships.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("territoire d'intervention"),
        help_text=_("Obligatoire pour un coordinateur : son périmètre."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("appartenance")
        verbose_name_plural = _("appartenances")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.COORDINATOR) | Q(territory__isnull=False),
                name="membership_coordinator_has_territory",
                violation_error_message=_("Un coordinateur doit avoir un territoire."),
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} ({self.organisation})"


class UserSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        # A person sees their own sessions only; nobody else's (not even a director).
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class UserSession(models.Model):
    """One open session of a user, so that they can see where they are connected and end it.

    Written at login, refreshed at most once a minute, removed at logout or when ended.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="open_sessions", verbose_name=_("utilisateur")
    )
    session_key = models.CharField(_("clé de session"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("ouverte le"), auto_now_add=True)
    last_seen = models.DateTimeField(_("dernière activité"))
    # The browser, as it names itself, to tell one session from another; truncated.
    user_agent = models.CharField(_("navigateur"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)

    objects = UserSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session ouverte")
        verbose_name_plural = _("sessions ouvertes")
        ordering = ["-last_seen"]

    def __str__(self):
        return f"{self.user} — {self.created_at:%d/%m/%Y %H:%M}"
