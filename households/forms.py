"""Forms of the follow-up: they parse input; the rules live in households/services.py."""

import datetime as dt

from django import forms
from django.conf import settings
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.concurrency import VersionedForm
from governance.enums import CommitteeKind, MeetingStatus
from governance.models import Meeting
from households.enums import (
    CONTACT_DEFAULT_MINUTES,
    CONTACT_MEDIA_ORDER,
    ActionStatus,
    ClosureOutcome,
    ContactMedium,
    DocumentKind,
    HelpPurpose,
    HousingSituation,
    OrientationOutcome,
    Performer,
    PriorityCriterion,
    Recommendation,
    Relationship,
    ReviewKind,
    SlislOpinion,
)
from households.models import FOLLOWING_ROLES, InterventionProject
from households.services.referrals import partner_prescribers as referral_partner_orgs
from households.services.referrals import referral_prescribers
from partnerships.enums import Role
from partnerships.models import Organisation, Programme, ProgrammeDomain, Territory, User
from partnerships.perimeter import org_ids


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label, *, required=True, today=False, **kwargs):
    field = forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)
    if today:
        field.initial = timezone.localdate
    return field


def users_with_roles(organisation_ids, roles):
    return (
        User.objects.filter(
            memberships__organisation__in=organisation_ids,
            memberships__role__in=list(roles),
            memberships__is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


class MemberForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    birth_date = date_field(_("Date de naissance"), required=False)
    relationship = forms.ChoiceField(
        label=_("Lien"),
        choices=Relationship.choices,
        help_text=_(
            "Un enfant reste un enfant pour le financement, même majeur (cahier des charges "
            "ASRL, §5)."
        ),
    )


class SituationFields(forms.Form):
    housing_situation = forms.ChoiceField(
        label=_("Situation de logement"), choices=HousingSituation.choices
    )
    priorities = forms.MultipleChoiceField(
        label=_("Critères de priorité"),
        choices=PriorityCriterion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    informed_on = date_field(_("Ménage informé du traitement de ses données le"), required=False)


class SituationForm(VersionedForm, SituationFields):
    """The household's situation, edited from the version the person read."""


class ReferralForm(forms.Form):
    referred_by = forms.ModelChoiceField(
        label=_("Prescripteur"),
        queryset=Organisation.objects.none(),
        help_text=_(
            "Le partenaire qui saisit la plateforme (SIAO, CCAS, commune, bailleur…), même "
            "si son personnel n'utilise pas Maillage : vous enregistrez la saisine pour lui."
        ),
    )
    programme = forms.ModelChoiceField(label=_("Dispositif demandé"), queryset=Programme.objects)
    received_on = date_field(_("Reçue le"), today=True)
    situation = forms.CharField(label=_("Situation"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # seed 004 §4: any partner of the programmes' conventions, or one the user works with.
        self.fields["referred_by"].queryset = referral_prescribers(user).order_by("name")
        self.fields["programme"].queryset = Programme.objects.order_by("name")


class NewHouseholdReferralForm(SituationFields, MemberForm, ReferralForm):
    """seed 004 §4: no referent structure here — the orientation designates it."""

    territory = forms.ModelChoiceField(label=_("Commune"), queryset=Territory.objects)

    field_order = [
        "referred_by",
        "programme",
        "received_on",
        "situation",
        "territory",
        "housing_situation",
        "priorities",
        "informed_on",
        "first_name",
        "last_name",
        "birth_date",
        "relationship",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["territory"].queryset = Territory.objects.order_by("path")
        self.fields["first_name"].label = _("Prénom de la personne de référence")
        self.fields["last_name"].label = _("Nom de la personne de référence")
        self.fields["relationship"].initial = Relationship.HEAD


class PartnerReferralForm(NewHouseholdReferralForm):
    """seed 004 §4: the fiche saisine a partner's own staff sends in their organisation's
    name; it is received the day it is sent (no « Reçue le »)."""

    field_order = [f for f in NewHouseholdReferralForm.field_order if f != "received_on"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        del self.fields["received_on"]
        own = referral_partner_orgs(user)
        self.fields["referred_by"].queryset = own.order_by("name")
        self.fields["referred_by"].label = _("Votre structure")
        self.fields["referred_by"].help_text = _(
            "La saisine est transmise au nom de votre structure, partenaire de la convention "
            "du dispositif demandé."
        )
        if len(self.fields["referred_by"].queryset) == 1:
            self.fields["referred_by"].initial = self.fields["referred_by"].queryset[0]
        self.fields["programme"].queryset = (
            Programme.objects.filter(
                Q(convention__parties__organisation__in=own)
                | Q(convention__children__parties__organisation__in=own)
            )
            .distinct()
            .order_by("name")
        )
        self.fields["territory"].label = _("Commune du ménage")
        self.fields["situation"].help_text = _(
            "Ce qui motive la saisine : le coordinateur l'étudie avant de décider de l'orientation."
        )


class OrientationForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Décision"), choices=OrientationOutcome.choices)
    operator = forms.ModelChoiceField(
        label=_("Structure désignée pour accompagner"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    meeting = forms.ModelChoiceField(
        label=_("Décidée en commission des parcours complexes"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("La date de la décision est alors celle de la commission."),
    )
    decided_on = date_field(_("Décidée le"), today=True, required=False)
    reason = forms.CharField(
        label=_("Motif"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire pour un refus ou une réorientation."),
    )
    # seed 004 §4: « validée par le coordinateur, en lien avec le chef SLISL concerné ».
    slisl_head = forms.CharField(
        label=_("Chef SLISL consulté"),
        required=False,
        max_length=150,
        help_text=_("Obligatoire pour une orientation validée hors commission."),
    )
    slisl_opinion = forms.ChoiceField(
        label=_("Avis du chef SLISL"),
        required=False,
        choices=[("", "—"), *SlislOpinion.choices],
    )
    slisl_opinion_on = date_field(_("Avis donné le"), required=False)
    slisl_comment = forms.CharField(
        label=_("Commentaire du chef SLISL"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = Organisation.objects.visible_to(user).order_by("name")
        self.fields["meeting"].queryset = (
            Meeting.objects.visible_to(user)
            .filter(committee__kind=CommitteeKind.COMPLEX_CASES, status=MeetingStatus.HELD)
            .select_related("committee")
        )


class ProjectForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Dispositif"), queryset=Programme.objects)
    operator = forms.ModelChoiceField(
        label=_("Structure opératrice"), queryset=Organisation.objects.none()
    )
    referent = forms.ModelChoiceField(label=_("Travailleur social référent"), queryset=User.objects)
    partners = forms.ModelMultipleChoiceField(
        label=_("Structures partenaires"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Chacune devra donner son accord (accompagnement conjoint, convention-cadre "
            "SOLiHA × MTA, art. IV)."
        ),
    )
    volunteers = forms.ModelMultipleChoiceField(
        label=_("Bénévoles"),
        queryset=User.objects,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    objectives = forms.CharField(label=_("Objectifs"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, referral=None, **kwargs):
        super().__init__(*args, **kwargs)
        visible = Organisation.objects.visible_to(user)
        following = org_ids(user, roles=FOLLOWING_ROLES)
        if referral is not None:
            operator_ids = {referral.orientation.operator_id}
            del self.fields["programme"], self.fields["operator"]
        else:
            operator_ids = following
            self.fields["programme"].queryset = Programme.objects.filter(
                requires_each_partner_approval=True
            ).order_by("name")
            # unscoped: the user's own organisations (org_ids)
            self.fields["operator"].queryset = Organisation.objects.filter(
                pk__in=following
            ).order_by("name")
        self.fields["referent"].queryset = users_with_roles(operator_ids, FOLLOWING_ROLES)
        if user.pk in self.fields["referent"].queryset.values_list("pk", flat=True):
            self.fields["referent"].initial = user.pk
        self.fields["partners"].queryset = visible.exclude(pk__in=operator_ids).order_by("name")
        self.fields["volunteers"].queryset = users_with_roles(
            set(visible.values_list("pk", flat=True)) | operator_ids, [Role.VOLUNTEER]
        )


class ProjectStartForm(VersionedForm):
    contract_signed_on = date_field(_("Contrat d'accompagnement signé le"), today=True)
    start_date = date_field(
        _("Début de l'accompagnement"),
        required=False,
        help_text=_("Par défaut, le jour de la signature."),
    )


class ReferentChangeForm(VersionedForm):
    """Handover (issue 16): the new referent, among the operator's professionals, and why."""

    new_referent = forms.ModelChoiceField(
        label=_("Nouveau référent"),
        queryset=User.objects.none(),
        help_text=_("Un travailleur social ou un directeur de la structure opératrice."),
    )
    reason = forms.CharField(
        label=_("Motif du changement"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Départ, réorganisation, demande du ménage… Il figure dans le dossier."),
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_referent"].queryset = users_with_roles(
            {project.operator_id}, FOLLOWING_ROLES
        ).exclude(pk=project.referent_id)


class ActionForm(forms.Form):
    domain = forms.ModelChoiceField(label=_("Domaine"), queryset=ProgrammeDomain.objects)
    description = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    organisation = forms.ModelChoiceField(
        label=_("Structure"), queryset=Organisation.objects.none()
    )
    performer = forms.ChoiceField(label=_("Assurée par"), choices=Performer.choices)
    due_on = date_field(_("Échéance"), required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = project.programme.domains.all()
        # unscoped: the project's operator and partners; the project was checked
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in={project.operator_id, *(p.pk for p in project.partners.all())}
        )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Statut"), choices=ActionStatus.choices)


# issue 18: where a contact takes place, by medium. A call, a mail, a letter, a video call have
# no place (the field is not shown); the office is the structure's; a home visit, the household's
# home (its commune: no address of the household is stored).
NO_PLACE_MEDIA = frozenset(
    {ContactMedium.PHONE, ContactMedium.EMAIL, ContactMedium.LETTER, ContactMedium.VIDEO}
)


def contact_default_place(medium: str | None, project) -> str:
    """The place the contact form proposes for this medium, on this project."""
    if medium in (ContactMedium.OFFICE_PLANNED, ContactMedium.OFFICE_WALK_IN):
        operator = project.operator
        town = " ".join(part for part in (operator.postal_code, operator.city) if part)
        return ", ".join(part for part in (operator.name, operator.address, town) if part)[:200]
    if medium == ContactMedium.HOME_VISIT:
        return _("Domicile du ménage, %(commune)s") % {"commune": project.household.territory}
    return ""


def _now_to_the_minute() -> dt.time:
    return timezone.localtime().time().replace(second=0, microsecond=0)


class ContactForm(forms.Form):
    """The contact form: what a phone needs, nothing more. The medium comes first and sets the
    usual duration (CONTACT_DEFAULT_MINUTES): left blank, the duration is the medium's."""

    medium = forms.ChoiceField(
        label=_("Modalité"),
        choices=[(m.value, m.label) for m in CONTACT_MEDIA_ORDER],
        initial=ContactMedium.PHONE,
    )
    happened_on = date_field(_("Date"), today=True)
    happened_at = forms.TimeField(
        label=_("Heure"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Indiquez l'heure sous la forme 14:30.")},
    )
    place = forms.CharField(
        label=_("Lieu"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Le lieu tient en 200 caractères au plus.")},
    )
    duration_minutes = forms.IntegerField(
        label=_("Durée (minutes)"),
        min_value=1,
        max_value=1440,
        required=False,
        help_text=_("Laissée vide : la durée habituelle de la modalité (téléphone : 15 min)."),
        error_messages={
            "min_value": _("La durée d'une rencontre est d'au moins une minute."),
            "max_value": _("Une rencontre dure au plus 1 440 minutes (une journée)."),
            "invalid": _("Indiquez la durée en minutes, par un nombre entier."),
        },
    )
    summary = forms.CharField(
        label=_("Compte rendu partagé"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confidential_note = forms.CharField(
        label=_("Note confidentielle (professionnels seulement)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, with_note: bool, medium: str | None = None, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_note:
            del self.fields["confidential_note"]
        self.fields["happened_at"].initial = _now_to_the_minute
        if medium in CONTACT_DEFAULT_MINUTES:
            self.fields["medium"].initial = medium
            self.fields["duration_minutes"].initial = CONTACT_DEFAULT_MINUTES[medium]
        if medium in NO_PLACE_MEDIA:
            self.fields["place"].widget = forms.HiddenInput()
        elif project is not None:
            self.fields["place"].initial = contact_default_place(medium, project)

    def clean(self):
        data = super().clean()
        medium = data.get("medium")
        blank = data.get("duration_minutes") is None and "duration_minutes" not in self.errors
        if medium and blank:
            data["duration_minutes"] = CONTACT_DEFAULT_MINUTES[ContactMedium(medium)]
        return data


class AppointmentForm(forms.Form):
    """A planned contact (issue 16): day, time, place and who takes part."""

    day = date_field(_("Date"))
    time = forms.TimeField(
        label=_("Heure"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.IntegerField(
        label=_("Durée prévue (minutes)"), min_value=1, max_value=1440, initial=60
    )
    medium = forms.ChoiceField(label=_("Modalité"), choices=ContactMedium.choices)
    place = forms.CharField(
        label=_("Lieu"),
        max_length=200,
        help_text=_(
            "Bureau, domicile, adresse du rendez-vous extérieur… Il figure dans l'agenda des "
            "participants : n'y écrivez pas le nom du ménage."
        ),
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Autres participants"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vous y participez d'office."),
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        structures = {project.operator_id, *(p.pk for p in project.partners.all())}
        self.fields["participants"].queryset = users_with_roles(
            structures, [*FOLLOWING_ROLES, Role.VOLUNTEER]
        )

    def starts_at(self):
        moment = dt.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        return timezone.make_aware(moment)


class AppointmentHeldForm(forms.Form):
    """The planned contact took place: what is noted of it, as on the quick contact form."""

    duration_minutes = forms.IntegerField(label=_("Durée (minutes)"), min_value=1, max_value=1440)
    summary = forms.CharField(
        label=_("Compte rendu partagé"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confidential_note = forms.CharField(
        label=_("Note confidentielle (professionnels seulement)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, with_note: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_note:
            del self.fields["confidential_note"]


class ReviewForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Type de bilan"), choices=ReviewKind.choices)
    held_on = date_field(_("Date du bilan"), today=True)
    assessment = forms.CharField(
        label=_("Évaluation par domaine"), widget=forms.Textarea(attrs={"rows": 5})
    )
    recommendation = forms.ChoiceField(label=_("Préconisation"), choices=Recommendation.choices)
    sent_to_coordinator_on = date_field(
        _("Transmis au coordinateur le"), required=False, help_text=_("cahier des charges ASRL, §7")
    )


class CloseForm(VersionedForm):
    closed_on = date_field(_("Clôturé le"), today=True)
    outcome = forms.ChoiceField(label=_("Issue"), choices=ClosureOutcome.choices)
    comment = forms.CharField(
        label=_("Commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FurtherRenewalForm(VersionedForm):
    """seed 004 §5: a further renewal consumes a new measure, with the coordinator's
    agreement and a reason."""

    reason = forms.CharField(
        label=_("Motif du nouveau renouvellement"), widget=forms.Textarea(attrs={"rows": 4})
    )


class HelpForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Objet"), choices=HelpPurpose.choices)
    amount_requested = forms.DecimalField(
        label=_("Montant demandé (€)"), max_digits=12, decimal_places=2, min_value=0.01
    )
    payer = forms.ModelChoiceField(label=_("Payeur"), queryset=Organisation.objects.none())
    # seed 000 axe 5: « temporiser le déblocage d'une aide publique ».
    is_advance = forms.BooleanField(
        label=_("Avance sur une aide publique attendue, remboursée à son arrivée"),
        required=False,
    )
    awaited_aid = forms.CharField(
        label=_("Aide publique attendue"),
        max_length=200,
        required=False,
        help_text=_("Par exemple : APL, FSL accès, prime d'activité. Obligatoire pour une avance."),
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        # unscoped: the project's operator and partners; the project was checked
        self.fields["payer"].queryset = Organisation.objects.filter(
            pk__in={project.operator_id, *(p.pk for p in project.partners.all())}
        )


class HelpDecisionForm(forms.Form):
    granted = forms.TypedChoiceField(
        label=_("Décision"),
        choices=[("1", _("Accordée")), ("0", _("Refusée"))],
        coerce=lambda v: v == "1",
    )
    amount_granted = forms.DecimalField(
        label=_("Montant accordé (€)"), max_digits=12, decimal_places=2, required=False
    )
    decided_on = date_field(_("Décidée le"), today=True)


class HelpPaymentForm(forms.Form):
    paid_on = date_field(_("Versée le"), today=True)
    payment_method = forms.CharField(
        label=_("Mode de paiement"),
        max_length=60,
        help_text=_("Par exemple : virement, chèque, paiement direct au fournisseur."),
    )


class DwellingForm(forms.Form):
    """seed 000 art. III: the dwelling put at the household's disposal."""

    landlord = forms.ModelChoiceField(
        label=_("Bailleur (parc)"), queryset=Organisation.objects.none()
    )
    address = forms.CharField(label=_("Adresse"), max_length=255)
    unit = forms.CharField(
        label=_("Logement"),
        max_length=100,
        required=False,
        help_text=_("Par exemple : bâtiment B, 2e étage, porte 12."),
    )
    territory = forms.ModelChoiceField(label=_("Commune"), queryset=Territory.objects.none())
    since = date_field(_("Occupé depuis le"), today=True)

    def __init__(self, *args, user, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["landlord"].queryset = Organisation.objects.visible_to(user).order_by("name")
        self.fields["territory"].queryset = Territory.objects.order_by("path")
        self.fields["territory"].initial = household.territory_id


class DwellingLeaveForm(forms.Form):
    left_on = date_field(_("Quitté le"), today=True)


class HelpRepaymentForm(forms.Form):
    repaid_on = date_field(_("Remboursée le"), today=True)
    amount_repaid = forms.DecimalField(
        label=_("Montant remboursé (€)"), max_digits=12, decimal_places=2
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type de document"),
        choices=DocumentKind.choices,
        error_messages={"invalid_choice": _("Type de document inconnu.")},
    )
    title = forms.CharField(label=_("Titre"), max_length=200)
    file = forms.FileField(label=_("Fichier"))
    project = forms.ModelChoiceField(
        label=_("Projet concerné"), queryset=InterventionProject.objects.none(), required=False
    )

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = household.projects.select_related("programme")
        self.fields["file"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg"
        self.fields["file"].help_text = _("PDF, PNG ou JPEG, %(max)s au plus.") % {
            "max": filesizeformat(settings.MAX_UPLOAD_SIZE)
        }
