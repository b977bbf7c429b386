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
    # seed 001 art. 5: "au minimum une fois par an, en début d'année" (governance/schedule.py).
    YEARLY_EARLY = "yearly_early", _("Annuelle, en début d'année")
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


class ObjectiveStatus(models.TextChoices):
    """Atteinte d'un objectif du plan d'actions annuel (seed 002 §V)."""

    TO_ASSESS = "to_assess", _("À évaluer")
    ACHIEVED = "achieved", _("Atteint")
    PARTLY = "partly", _("Partiellement atteint")
    NOT_ACHIEVED = "not_achieved", _("Non atteint")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Transmis")
    VALIDATED = "validated", _("Validé")


class AgendaKind(models.TextChoices):
    """What an agenda item asks the committee to decide (domain.md § governance)."""

    PROJECT_AGREEMENT = "project_agreement", _("Accord sur le suivi d'un ménage")
    ORIENTATION = "orientation", _("Orientation d'un ménage")
    RENEWAL = "renewal", _("Renouvellement d'un accompagnement")
    ANNUAL_REPORT = "annual_report", _("Validation d'un bilan annuel")
    ALLOCATION = "allocation", _("Attribution des mesures après le jury")
    AMENDMENT = "amendment", _("Avenant")
    TERMINATION = "termination", _("Résiliation")


class ItemOutcome(models.TextChoices):
    PENDING = "pending", _("À décider")
    ADOPTED = "adopted", _("Adopté")
    REFUSED = "refused", _("Refusé")
    DEFERRED = "deferred", _("Reporté")


AGENDA_SUBJECT = {
    AgendaKind.PROJECT_AGREEMENT: DecisionSubject.HOUSEHOLD_FOLLOW_UP,
    AgendaKind.ORIENTATION: DecisionSubject.ORIENTATION,
    AgendaKind.RENEWAL: DecisionSubject.HOUSEHOLD_FOLLOW_UP,
    AgendaKind.ANNUAL_REPORT: DecisionSubject.VALIDATE_REPORT,
    AgendaKind.ALLOCATION: DecisionSubject.ALLOCATE_MEASURES,
    AgendaKind.AMENDMENT: DecisionSubject.OTHER,
    AgendaKind.TERMINATION: DecisionSubject.OTHER,
}


class DeliberationPaperKind(models.TextChoices):
    """The papers of a decision on file (issue 19; seed 001: the deliberation n° 2023-121, sent
    to the legality control and published)."""

    DELIBERATION = "deliberation", _("Délibération signée")
    LEGALITY_RECEIPT = "legality_receipt", _("Accusé de réception du contrôle de légalité")
