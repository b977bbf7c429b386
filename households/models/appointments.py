"""Planned contacts (rendez-vous, issue 16): a contact scheduled with its date, time, place and
participants, then marked held — which notes the contact itself, with its summary and note —
or missed. They show on the project's page, and in the calendar feed of its referent, its
volunteers and its participants (portal/calendar.py)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from households.enums import AppointmentStatus, ContactMedium
from households.models.projects import Contact, InterventionProject, ProjectChildQuerySet


class AppointmentQuerySet(ProjectChildQuerySet):
    def planned(self):
        return self.filter(status=AppointmentStatus.PLANNED)

    def concerning(self, user):
        """The appointments of the projects the user follows in person: as a participant,
        as the project's referent or as one of its volunteers."""
        Volunteers = InterventionProject.volunteers.through
        assigned = Volunteers.objects.filter(interventionproject=OuterRef("project"), user=user)
        attending = Appointment.participants.through.objects.filter(
            appointment=OuterRef("pk"), user=user
        )
        return self.filter(Q(project__referent=user) | Exists(assigned) | Exists(attending))


class Appointment(models.Model):
    """Rendez-vous: a contact planned for a day and time."""

    project = models.ForeignKey(
        InterventionProject,
        on_delete=models.CASCADE,
        related_name="appointments",
        verbose_name=_("projet"),
    )
    starts_at = models.DateTimeField(_("date et heure"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée prévue (minutes)"), default=60, validators=[MinValueValidator(1)]
    )
    medium = models.CharField(_("modalité"), max_length=20, choices=ContactMedium.choices)
    place = models.CharField(_("lieu"), max_length=200)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="appointments",
        verbose_name=_("participants"),
    )
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.PLANNED,
    )
    contact = models.OneToOneField(
        Contact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointment",
        verbose_name=_("rencontre notée"),
    )
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("prévu par"),
    )

    history = HistoricalRecords()
    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["project", "starts_at"], name="appointment_project_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=AppointmentStatus.HELD, contact__isnull=False)
                | (~Q(status=AppointmentStatus.HELD) & Q(contact__isnull=True)),
                name="appointment_held_has_its_contact",
            ),
        ]

    def __str__(self):
        return f"{self.get_medium_display()} le {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"
