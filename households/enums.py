from django.db import models
from django.utils.translation import gettext_lazy as _


class HousingSituation(models.TextChoices):
    HOMELESS = "homeless", _("Sans domicile")
    HOSTED = "hosted", _("Hébergé")
    TENANT = "tenant", _("Locataire")
    EVICTION_THREAT = "eviction_threat", _("Menacé d'expulsion")
    RECENTLY_EVICTED = "recently_evicted", _("Récemment expulsé")


class PriorityCriterion(models.TextChoices):
    # seed 004 §1: priority publics ("notamment victimes de violences familiales": the whole
    # family, not only the couple — the stored value is kept, the label says what it covers).
    SINGLE_PARENT = "single_parent", _("Famille monoparentale")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Victime de violences familiales (dont conjugales)")
    YOUNG_INSTITUTIONAL = "young_institutional", _("Moins de 25 ans sortant d'institution")
    EVICTION = "eviction", _("Expulsion locative")


class Relationship(models.TextChoices):
    HEAD = "head", _("Référent du ménage")
    PARTNER = "partner", _("Conjoint")
    CHILD = "child", _("Enfant")
    OTHER_ADULT = "other_adult", _("Autre adulte")


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", _("Reçue")
    UNDER_STUDY = "under_study", _("À l'étude")
    ORIENTED = "oriented", _("Orientée")
    REFUSED = "refused", _("Refusée")
    REDIRECTED = "redirected", _("Réorientée")


class OrientationOutcome(models.TextChoices):
    ORIENTED = "oriented", _("Orientation validée")
    REFUSED = "refused", _("Refus")
    REDIRECTED = "redirected", _("Réorientation vers un autre dispositif")


class SlislOpinion(models.TextChoices):
    """seed 004 §4: the SLISL head's opinion on an orientation the coordinator validates."""

    FAVOURABLE = "favourable", _("Favorable")
    RESERVED = "reserved", _("Réservé")


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposé")
    APPROVED = "approved", _("Validé")
    ACTIVE = "active", _("En cours")
    IN_REVIEW = "in_review", _("En bilan")
    RENEWED = "renewed", _("Renouvelé")
    CLOSED = "closed", _("Clôturé")


class Performer(models.TextChoices):
    PROFESSIONAL = "professional", _("Professionnel")
    VOLUNTEER = "volunteer", _("Bénévole")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Réalisée")
    DROPPED = "dropped", _("Abandonnée")


class ContactMedium(models.TextChoices):
    OFFICE_PLANNED = "office_planned", _("Rendez-vous au bureau")
    OFFICE_WALK_IN = "office_walk_in", _("Passage au bureau sans rendez-vous")
    HOME_VISIT = "home_visit", _("Visite à domicile")
    PHONE = "phone", _("Téléphone")
    ACCOMPANYING = "accompanying", _("Accompagnement à un rendez-vous extérieur")
    LETTER = "letter", _("Courrier")
    EMAIL = "email", _("Courriel")
    VIDEO = "video", _("Visioconférence")
    THIRD_PARTY = "third_party", _("Échange avec un tiers")


# The usual length of a contact by medium (issue 18): a phone call is noted in a quarter of an
# hour, not in the hour of an office appointment. The contact form starts from these minutes.
CONTACT_DEFAULT_MINUTES = {
    ContactMedium.PHONE: 15,
    ContactMedium.EMAIL: 10,
    ContactMedium.LETTER: 15,
    ContactMedium.VIDEO: 30,
    ContactMedium.THIRD_PARTY: 15,
    ContactMedium.OFFICE_WALK_IN: 30,
    ContactMedium.OFFICE_PLANNED: 60,
    ContactMedium.HOME_VISIT: 60,
    ContactMedium.ACCOMPANYING: 120,
}
# The order of the media on the contact page: the most frequent first.
CONTACT_MEDIA_ORDER = [
    ContactMedium.PHONE,
    ContactMedium.OFFICE_PLANNED,
    ContactMedium.HOME_VISIT,
    ContactMedium.OFFICE_WALK_IN,
    ContactMedium.EMAIL,
    ContactMedium.ACCOMPANYING,
    ContactMedium.VIDEO,
    ContactMedium.LETTER,
    ContactMedium.THIRD_PARTY,
]


class AppointmentStatus(models.TextChoices):
    """A planned contact (issue 16): planned, then held (a contact is noted) or missed."""

    PLANNED = "planned", _("Prévu")
    HELD = "held", _("Tenu")
    MISSED = "missed", _("Manqué")


class ReviewKind(models.TextChoices):
    INTERMEDIATE = "intermediate", _("Bilan intermédiaire")
    END_OF_TERM = "end_of_term", _("Bilan de fin de mesure")
    CLOSING = "closing", _("Bilan de clôture")


class Recommendation(models.TextChoices):
    CONTINUE = "continue", _("Poursuivre")
    RENEW = "renew", _("Renouveler")
    CLOSE = "close", _("Clôturer")
    REDIRECT = "redirect", _("Réorienter")


class ClosureOutcome(models.TextChoices):
    HOUSED = "housed", _("Relogé")
    MAINTAINED = "maintained", _("Maintenu dans le logement")
    REDIRECTED = "redirected", _("Réorienté")
    MOVED = "moved", _("Déménagé")
    LOST_CONTACT = "lost_contact", _("Perdu de vue")
    REFUSED = "refused", _("Refus de l'accompagnement")
    OTHER = "other", _("Autre")


class HelpPurpose(models.TextChoices):
    ENERGY = "energy", _("Énergie")
    FOOD = "food", _("Alimentation")
    HOUSING = "housing", _("Logement")
    OTHER = "other", _("Autre")


class HelpStatus(models.TextChoices):
    WAITING_DOCUMENTS = "waiting_documents", _("En attente de pièces")
    WAITING_DECISION = "waiting_decision", _("En attente de décision")
    GRANTED = "granted", _("Accordée")
    REFUSED = "refused", _("Refusée")


class DocumentKind(models.TextChoices):
    CONTRACT = "contract", _("Contrat d'accompagnement")
    REVIEW = "review", _("Bilan")
    IDENTITY = "identity", _("Pièce d'identité")
    REFERRAL = "referral", _("Fiche saisine")
    OTHER = "other", _("Autre")


class AuditAction(models.TextChoices):
    """What an entry of the access log records (issue 8: reads of personal data)."""

    VIEW_FILE = "view_file", _("Consultation du dossier")
    VIEW_PROJECT = "view_project", _("Consultation d'un projet d'accompagnement")
    VIEW_REFERRAL = "view_referral", _("Consultation d'une saisine")
    SEARCH = "search", _("Ménage affiché par une recherche")
    LIST = "list", _("Ménage affiché par son nom dans « Mes ménages »")
    ADMIN_VIEW = "admin_view", _("Consultation dans l'administration")
    DOWNLOAD_DOCUMENT = "download_document", _("Téléchargement d'un document")
    FILE_PDF = "file_pdf", _("Dossier en PDF")
    EXPORT = "export", _("Export d'une liste")
    ACCESS_EXPORT = "access_export", _("Export au titre du droit d'accès")
    RETENTION_EXTENDED = "retention_extended", _("Prolongation de la conservation")
    ANONYMISED = "anonymised", _("Anonymisation")


class AccessReason(models.TextChoices):
    """Why an organisation or a person may read a household's file (HouseholdAccess)."""

    REFERRING = "referring", _("Structure référente")
    OPERATOR = "operator", _("Co-suivi opérateur")
    PARTNER = "partner", _("Co-suivi partenaire")
    ORIENTATION = "orientation", _("Orientation")
    VOLUNTEER = "volunteer", _("Bénévole affecté")
    # Issue 16: the former referent keeps a read-only access for a while (`until`).
    HANDOVER = "handover", _("Passation")
