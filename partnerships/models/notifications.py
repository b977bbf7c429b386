"""Notifications (issue 16): what a person is told, in the application (the bell, the
« Notifications » page) and by e-mail, as they choose per kind (NotificationPreference).

A notification names its object by a reference and a link, never by a household member's
name nor a social note: its title is written by the service that emits it, from references
only (partnerships/services/notifications.py), and the e-mail repeats the title and the link.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerships.enums import NotificationDelivery, NotificationKind


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        # A person sees their own notifications only (not even a director sees others').
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("destinataire"),
    )
    kind = models.CharField(_("nature"), max_length=40, choices=NotificationKind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    url = models.CharField(_("lien"), max_length=300, blank=True)
    # The object it is about ("households.interventionproject", 12) and its reference as the
    # e-mail shows it (a household's or a convention's reference, never a name).
    object_type = models.CharField(_("type d'objet"), max_length=80, blank=True)
    object_id = models.PositiveBigIntegerField(_("identifiant de l'objet"), null=True, blank=True)
    reference = models.CharField(_("référence"), max_length=80, blank=True)
    # What makes a reminder unique for its recipient ("review_due:12:2026-03-01"): the daily
    # command writes each reminder once, however often it runs.
    key = models.CharField(_("clé"), max_length=120, blank=True)
    # How the recipient chose to hear of this kind when it was created.
    delivery = models.CharField(_("envoi"), max_length=20, choices=NotificationDelivery.choices)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("envoyée par e-mail le"), null=True, blank=True)
    # The day of the daily digest that carried it: one digest per person and day.
    digest_on = models.DateField(_("récapitulatif du"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["delivery", "emailed_at"], name="notification_to_send"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~Q(key=""),
                name="notification_unique_key",
            ),
        ]

    def __str__(self):
        return self.title


class NotificationPreferenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class NotificationPreference(models.Model):
    """How a person hears of one kind of notification; without a row, DEFAULT_DELIVERY."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("utilisateur"),
    )
    kind = models.CharField(_("nature"), max_length=40, choices=NotificationKind.choices)
    delivery = models.CharField(_("envoi"), max_length=20, choices=NotificationDelivery.choices)

    objects = NotificationPreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")
        ]

    def __str__(self):
        return f"{self.user} — {self.get_kind_display()} : {self.get_delivery_display()}"
