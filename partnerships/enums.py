from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("Travailleur social")
    VOLUNTEER = "volunteer", _("Bénévole")
    COORDINATOR = "coordinator", _("Coordinateur")
    DIRECTOR = "director", _("Directeur / président")
    DEPARTMENT_STAFF = "department_staff", _("Agent départemental")
    SIGNATORY_PARTNER = "signatory_partner", _("Partenaire signataire")


# Roles whose members may read the personal data of the households in their perimeter.
PROFESSIONAL_ROLES = (Role.SOCIAL_WORKER, Role.DIRECTOR, Role.COORDINATOR)
HOUSEHOLD_ROLES = (*PROFESSIONAL_ROLES, Role.VOLUNTEER)
# seed 004 §4: the staff of a partner with no professional role who may submit a referral in
# their organisation's name, and read its receipt only (no household file).
PARTNER_PRESCRIBER_ROLES = (Role.SIGNATORY_PARTNER, Role.DEPARTMENT_STAFF)


class OrganisationKind(models.TextChoices):
    DEPARTMENT = "department", _("Département")
    COMMUNE = "commune", _("Commune")
    CCAS = "ccas", _("CCAS")
    EPCI = "epci", _("EPCI")
    STATE_SERVICE = "state_service", _("Service de l'État")
    ASSOCIATION = "association", _("Association")
    FEDERATION = "federation", _("Fédération / union")
    CHRS_MANAGER = "chrs_manager", _("Gestionnaire de CHRS")
    LANDLORD = "landlord", _("Bailleur")
    MEDIATION_OPERATOR = "mediation_operator", _("Opérateur de médiation")
    OTHER = "other", _("Autre")


class TerritoryKind(models.TextChoices):
    DEPARTMENT = "department", _("Département")
    TERRITORY = "territory", _("Territoire")
    EPCI = "epci", _("EPCI")
    COMMUNE = "commune", _("Commune")
    DISTRICT = "district", _("Quartier")


class ConventionKind(models.TextChoices):
    FRAMEWORK = "framework", _("Convention cadre")
    CPOM = "cpom", _("Convention pluriannuelle d'objectifs et de moyens (CPOM)")
    COOPERATION = "cooperation", _("Convention de coopération")
    FUNDING = "funding", _("Convention de financement")
    LOCAL = "local", _("Convention locale")
    ANNUAL_FINANCIAL = "annual_financial", _("Convention financière annuelle")


class ConventionStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    AWAITING_SIGNATURE = "awaiting_signature", _("En attente de signature")
    ACTIVE = "active", _("En vigueur")
    EXPIRED = "expired", _("Échue")
    TERMINATED = "terminated", _("Résiliée")
    RENEWED = "renewed", _("Renouvelée")


class RenewalPolicy(models.TextChoices):
    NONE = "none", _("Aucun renouvellement (pas de tacite reconduction)")
    BY_DECISION = "by_decision", _("Renouvelable par décision expresse")
    TACIT = "tacit", _("Tacite reconduction, sauf dénonciation avec préavis")


class PartyRole(models.TextChoices):
    SIGNATORY = "signatory", _("Signataire")
    FUNDER = "funder", _("Financeur")
    OPERATOR = "operator", _("Opérateur")
    COMMISSIONING = "commissioning", _("Commanditaire")
    BENEFICIARY = "beneficiary", _("Bénéficiaire")


class TerminationKind(models.TextChoices):
    DENUNCIATION = "denunciation", _("Dénonciation (lettre recommandée, avec préavis)")
    TERMINATION = "termination", _("Résiliation après mise en demeure")


class IndicatorPeriod(models.TextChoices):
    YEAR = "year", _("Année")
    SEMESTER = "semester", _("Semestre")
    QUARTER = "quarter", _("Trimestre")
    MONTH = "month", _("Mois")
    CONVENTION = "convention", _("Durée de la convention")


class ProposalStatus(models.TextChoices):
    """A proposed amendment or termination, until the convention's committee decides."""

    PROPOSED = "proposed", _("Proposé")
    ADOPTED = "adopted", _("Adopté")
    REFUSED = "refused", _("Refusé")


class NotificationKind(models.TextChoices):
    """What a notification is about (issue 16): each person chooses, per kind, how they hear
    of it (NotificationDelivery)."""

    REFERRAL_RECEIVED = "referral_received", _("Saisine reçue")
    REFERRAL_ORIENTED = "referral_oriented", _("Saisine orientée")
    PROJECT_TO_APPROVE = "project_to_approve", _("Projet à approuver")
    PROJECT_APPROVED = "project_approved", _("Projet approuvé")
    PROJECT_REFUSED = "project_refused", _("Projet refusé par une structure")
    CASE_ASSIGNED = "case_assigned", _("Nouveau dossier confié")
    REFERENT_HANDOVER = "referent_handover", _("Changement de référent")
    REVIEW_DUE = "review_due", _("Bilan à venir")
    END_DUE = "end_due", _("Fin d'accompagnement à venir")
    INSTALMENT_DUE = "instalment_due", _("Versement exigible")
    REPORT_DECIDED = "report_decided", _("Bilan annuel validé ou renvoyé")
    COMMITTEE_DECISION = "committee_decision", _("Décision d'une instance sur un dossier")
    APPLICATION_DECIDED = "application_decided", _("Candidature examinée")
    INCIDENT_REPORTED = "incident_reported", _("Fiche de signalement")
    OTHER_FUNDER_ANSWER = "other_funder_answer", _("Réponse d'un autre financeur")
    SYNTHESIS_WRITTEN = "synthesis_written", _("Analyse de la synthèse mensuelle")


class NotificationDelivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Par e-mail, immédiatement")
    DIGEST = "digest", _("Par e-mail, dans un récapitulatif quotidien")
    NONE = "none", _("Dans Maillage seulement, pas d'e-mail")


# What a person receives until they choose: what asks them to act comes at once, what keeps
# them informed comes once a day.
DEFAULT_DELIVERY = {
    NotificationKind.REFERRAL_RECEIVED: NotificationDelivery.IMMEDIATE,
    NotificationKind.REFERRAL_ORIENTED: NotificationDelivery.DIGEST,
    NotificationKind.PROJECT_TO_APPROVE: NotificationDelivery.IMMEDIATE,
    NotificationKind.PROJECT_APPROVED: NotificationDelivery.DIGEST,
    NotificationKind.PROJECT_REFUSED: NotificationDelivery.IMMEDIATE,
    NotificationKind.CASE_ASSIGNED: NotificationDelivery.IMMEDIATE,
    NotificationKind.REFERENT_HANDOVER: NotificationDelivery.IMMEDIATE,
    NotificationKind.REVIEW_DUE: NotificationDelivery.DIGEST,
    NotificationKind.END_DUE: NotificationDelivery.DIGEST,
    NotificationKind.INSTALMENT_DUE: NotificationDelivery.DIGEST,
    NotificationKind.REPORT_DECIDED: NotificationDelivery.DIGEST,
    NotificationKind.COMMITTEE_DECISION: NotificationDelivery.DIGEST,
    NotificationKind.APPLICATION_DECIDED: NotificationDelivery.IMMEDIATE,
    NotificationKind.INCIDENT_REPORTED: NotificationDelivery.IMMEDIATE,
    NotificationKind.OTHER_FUNDER_ANSWER: NotificationDelivery.DIGEST,
    NotificationKind.SYNTHESIS_WRITTEN: NotificationDelivery.DIGEST,
}


class ConventionPaperKind(models.TextChoices):
    """The papers of a convention on file (issue 19)."""

    SIGNED_CONVENTION = "signed_convention", _("Convention signée")
    SIGNED_AMENDMENT = "signed_amendment", _("Avenant signé")
