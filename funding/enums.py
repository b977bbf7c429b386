from django.db import models
from django.utils.translation import gettext_lazy as _


class ReleaseCondition(models.TextChoices):
    # seed 001 art. 4.2
    SIGNATURE = "signature", _("Signature et notification de la convention")
    ACTION_PROGRAMME = "action_programme", _("Transmission du programme d'actions prévisionnel")
    REPORT_VALIDATED = "report_validated", _("Validation du bilan de l'année")


class InstalmentStatus(models.TextChoices):
    PLANNED = "planned", _("Prévu")
    DUE = "due", _("Exigible")
    PAID = "paid", _("Versé")
    CANCELLED = "cancelled", _("Annulé")


class ReimbursementReason(models.TextChoices):
    # seed 001 art. 4.4
    UNJUSTIFIED_USE = "unjustified_use", _("Utilisation non conforme ou non justifiée")
    NOT_CARRIED_OUT = "not_carried_out", _("Actions non réalisées")
    PARTLY_MET = "partly_met", _("Objectifs partiellement atteints")
    # seed 001 art. 9: "le reversement des sommes versées non encore engagées"
    TERMINATION = "termination", _("Résiliation : sommes versées non encore engagées")


class ReimbursementStatus(models.TextChoices):
    CLAIMED = "claimed", _("Demandé")
    CONTESTED = "contested", _("Contesté")
    # CPOM art. 4.4: the sum is called back "par voie de titre exécutoire".
    TITLE_ISSUED = "title_issued", _("Titre exécutoire émis")
    RECOVERED = "recovered", _("Recouvré")
    CANCELLED = "cancelled", _("Annulé")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("En cours de constitution")
    SUBMITTED = "submitted", _("Déposé")
    REJECTED_INCOMPLETE = "rejected_incomplete", _("Rejeté (dossier incomplet)")
    SELECTED = "selected", _("Retenu")
    NOT_SELECTED = "not_selected", _("Non retenu")


class GrantPaperKind(models.TextChoices):
    """The papers of a grant on file (issue 19)."""

    # seed 001 art. 4.3: no payment before the bank identity statement is produced.
    BANK_STATEMENT = "bank_statement", _("Relevé d'identité bancaire (RIB)")
    # seed 001 art. 6: each year, a certified financial report and a certified budget copy.
    CERTIFIED_FINANCIAL_REPORT = "certified_financial_report", _("Compte rendu financier certifié")
    CERTIFIED_BUDGET = "certified_budget", _("Copie certifiée du budget")
    # seed 004 §7: « un compte-rendu financier (formulaire Cerfa) », Cerfa n° 15059.
    CERFA_FINANCIAL_REPORT = "cerfa_financial_report", _("Compte rendu financier (Cerfa n° 15059)")


class SubsidyRequestStatus(models.TextChoices):
    # seed 002 §VI: the annual request, then the Département's answer
    SUBMITTED = "submitted", _("Reçue, en attente de décision")
    ACCEPTED = "accepted", _("Acceptée")
    REFUSED = "refused", _("Refusée")


class OtherFunderAnswer(models.TextChoices):
    # seed 002 §VI: « l'issue des demandes présentées aux autres financeurs »
    PENDING = "pending", _("En attente de réponse")
    GRANTED = "granted", _("Accordée")
    REFUSED = "refused", _("Refusée")
