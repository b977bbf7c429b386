from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitteeKind(models.TextChoices):
    STEERING = "steering", _("Comité de pilotage (COPIL)")
    OPERATIONAL = "operational", _("Comité opérationnel (COMOP)")
    TECHNICAL = "technical", _("Comité technique")
    FOLLOW_UP = "follow_up", _("Comité de suivi")
    STANDING_COMMISSION = "standing_commission", _("Commission permanente")
    JURY = "jury", _("Jury")
    COMPLEX_CASES = "complex_cases", _("Commission des parcours complexes")
    ELECTED = "elected", _("Réunion des élus")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Mensuelle")
    TWICE_A_YEAR = "twice_a_year", _("Deux fois par an")
    YEARLY = "yearly", _("Annuelle")
    LAUNCH_MIDTERM_YEARLY = "launch_midterm_yearly", _("Lancement, mi-parcours et annuelle")
    AS_NEEDED = "as_needed", _("Selon les besoins")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    HELD = "held", _("Tenue")
    CANCELLED = "cancelled", _("Annulée")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Présent")
    EXCUSED = "excused", _("Excusé")
    REPRESENTED = "represented", _("Représenté")
    NON_VOTING = "non_voting", _("Présent sans voix délibérative")
    EXCUSED_NON_VOTING = "excused_non_voting", _("Excusé sans voix délibérative")


class DecisionSubject(models.TextChoices):
    AUTHORISE_SIGNING = "authorise_signing", _("Autoriser la signature d'une convention")
    HOUSEHOLD_FOLLOW_UP = "household_follow_up", _("Accord sur le suivi d'un ménage")
    ORIENTATION = "orientation", _("Orientation d'un ménage")
    VALIDATE_REPORT = "validate_report", _("Valider un bilan annuel")
    ALLOCATE_MEASURES = "allocate_measures", _("Attribuer des mesures")
    VALIDATE_INSTALMENT = "validate_instalment", _("Valider un versement")
    GRANT = "grant", _("Attribuer une participation financière")
    OTHER = "other", _("Autre")


class DecisionOutcome(models.TextChoices):
    PENDING = "pending", _("En attente")
    ADOPTED = "adopted", _("Adoptée")
    REJECTED = "rejected", _("Rejetée")
    POSTPONED = "postponed", _("Ajournée")


class PlanPeriod(models.TextChoices):
    YEAR = "year", _("Feuille de route annuelle")
    MONTH = "month", _("Feuille de route mensuelle")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Transmis")
    VALIDATED = "validated", _("Validé")
