"""Forms of conventions and their follow-up: they parse input; rules live in services.py."""

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.papers import PaperForm
from partnerships.enums import (
    ConventionPaperKind,
    IndicatorPeriod,
    NotificationDelivery,
    NotificationKind,
    PartyRole,
    RenewalPolicy,
    Role,
    TerminationKind,
)
from partnerships.models import (
    ActivityAxis,
    ActivityKind,
    Amendment,
    Convention,
    ConventionParty,
    Organisation,
    OrganisationContact,
    Territory,
)
from partnerships.models.activity import activity_places
from partnerships.perimeter import org_ids
from partnerships.rules import grantable_roles
from partnerships.services.conventions import TERMS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label, *, required=True, today=False, **kwargs):
    field = forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)
    if today:
        field.initial = timezone.localdate
    return field


def money_field(label, *, required=False, **kwargs):
    return forms.DecimalField(
        label=label, required=required, max_digits=12, decimal_places=2, **kwargs
    )


class ConventionForm(forms.ModelForm):
    """The terms of a convention, before signature."""

    class Meta:
        model = Convention
        fields = [
            "reference",
            "title",
            "kind",
            "purpose",
            "parent",
            "start_date",
            "end_date",
            "renewal_policy",
            "notice_months",
            "renewal_term_months",
            "amount",
            "contracted_hours_per_year",
            "contracted_hours_per_week",
            "supervision_hours_per_week",
            "annual_report_months",
            "territories",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Convention.objects.visible_to(user).order_by("reference")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["territories"].queryset = Territory.objects.order_by("path")
        self.fields["territories"].required = False
        if self.instance.signed_on:
            # seed 001 art. 9: the terms of a signed convention change only by amendment.
            for name in TERMS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Signée : se modifie par avenant.")

    def validate_unique(self):
        """The service says which reference is taken, in the same words everywhere."""


class NewConventionForm(ConventionForm):
    organisation = forms.ModelChoiceField(
        label=_("Votre organisation, partie à la convention"), queryset=Organisation.objects.none()
    )
    role = forms.ChoiceField(label=_("En qualité de"), choices=PartyRole.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        mine = org_ids(user, roles=[Role.DEPARTMENT_STAFF, Role.DIRECTOR])
        # unscoped: the user's own organisations (org_ids)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=mine)
        if user.is_superuser:
            self.fields["organisation"].queryset = Organisation.objects.visible_to(user)


class PartyForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    role = forms.ChoiceField(label=_("Qualité"), choices=PartyRole.choices)
    representative = forms.ModelChoiceField(
        label=_("Représentée par"), queryset=None, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user).order_by(
            "name"
        )
        self.fields["representative"].queryset = (
            OrganisationContact.objects.visible_to(user)
            .select_related("organisation")
            .order_by("organisation__name", "full_name")
        )


class CommitmentForm(forms.Form):
    party = forms.ModelChoiceField(label=_("Partie"), queryset=None)
    text = forms.CharField(label=_("Engagement"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = date_field(_("Échéance"), required=False)

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = convention.parties.select_related("organisation")


class SignForm(forms.Form):
    signed_on = date_field(_("Date de signature"), today=True)
    signed_at = forms.CharField(label=_("Lieu de signature"), max_length=120, required=False)


class AmendmentTermsForm(forms.Form):
    """The terms an amendment changes (seed 001 art. 9, seed 002 §VII), whether it is recorded
    signed or proposed to the convention's committee."""

    summary = forms.CharField(
        label=_("Objet de l'avenant"), widget=forms.Textarea(attrs={"rows": 3})
    )
    new_end_date = date_field(_("Nouvelle date de fin"), required=False)
    amount_change = money_field(
        _("Variation du montant (€)"), help_text=_("Négative pour une baisse.")
    )
    new_renewal_policy = forms.ChoiceField(
        label=_("Nouveau régime de renouvellement"),
        choices=[("", _("— inchangé —")), *RenewalPolicy.choices],
        required=False,
    )
    new_notice_months = forms.IntegerField(
        label=_("Nouveau préavis de dénonciation (mois)"),
        min_value=0,
        max_value=120,
        required=False,
        help_text=_(
            "Obligatoire pour une tacite reconduction (convention-cadre Nord × UDCCAS, §VII : "
            "3 mois)."
        ),
    )
    new_renewal_term_months = forms.IntegerField(
        label=_("Nouvelle durée de chaque reconduction (mois)"),
        min_value=1,
        max_value=120,
        required=False,
    )


class AmendmentForm(AmendmentTermsForm):
    signed_on = date_field(_("Date de l'avenant"), today=True)
    add_organisation = forms.ModelChoiceField(
        label=_("Partie ajoutée"), queryset=None, required=False
    )
    add_role = forms.ChoiceField(
        label=_("Qualité de la partie ajoutée"),
        choices=[("", "—"), *PartyRole.choices],
        required=False,
    )
    remove_parties = forms.ModelMultipleChoiceField(
        label=_("Parties retirées"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = ["signed_on"]

    def __init__(self, *args, convention, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["add_organisation"].queryset = Organisation.objects.visible_to(user).order_by(
            "name"
        )
        # unscoped: parties of a convention the view loaded through visible_to
        self.fields["remove_parties"].queryset = ConventionParty.objects.filter(
            convention=convention, removed_by__isnull=True
        ).select_related("organisation")

    def clean(self):
        data = super().clean()
        if bool(data.get("add_organisation")) != bool(data.get("add_role")):
            raise forms.ValidationError(
                _("Pour ajouter une partie, choisissez l'organisation et sa qualité.")
            )
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        added = []
        if data.get("add_organisation"):
            added.append((data["add_organisation"], data["add_role"], None))
        return {
            "signed_on": data["signed_on"],
            "summary": data["summary"],
            "new_end_date": data.get("new_end_date"),
            "amount_change": data.get("amount_change"),
            "new_renewal_policy": data.get("new_renewal_policy") or "",
            "new_notice_months": data.get("new_notice_months"),
            "new_renewal_term_months": data.get("new_renewal_term_months"),
            "add_parties": added,
            "remove_parties": list(data.get("remove_parties") or []),
        }


class AmendmentProposalForm(AmendmentTermsForm):
    """An amendment submitted to the convention's committee (no change of parties: those
    are recorded directly with the signed amendment)."""


class RenewForm(forms.Form):
    decided_on = date_field(_("Date de la décision"), today=True)
    new_end_date = date_field(_("Nouvelle date de fin"))
    decision_reference = forms.CharField(
        label=_("Décision (instance, numéro)"),
        max_length=120,
        help_text=_("Par exemple : comité de pilotage du 18 janvier 2022."),
    )


class PartyChoiceMixin:
    def _parties(self, convention):
        # unscoped: parties of a convention the view loaded through visible_to
        return Organisation.objects.filter(convention_parties__convention=convention).distinct()


class DenounceForm(PartyChoiceMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Partie qui dénonce"), queryset=None)
    notified_on = date_field(_("Lettre recommandée reçue le"), today=True)
    reason = forms.CharField(
        label=_("Motif"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = self._parties(convention)


class TerminateForm(PartyChoiceMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Partie qui résilie"), queryset=None)
    formal_notice_on = date_field(
        _("Mise en demeure le"),
        required=False,
        help_text=_("Obligatoire quand le financeur résilie (CPOM FAS 2023-2025, art. 9)."),
    )
    notified_on = date_field(_("Résiliation notifiée le"), today=True)
    reason = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 3}))
    amount_to_repay = money_field(
        _("Montant à reverser (€)"),
        min_value=0,
        help_text=_(
            "Sommes versées non encore engagées que le financeur demande : elles deviennent une "
            "demande de reversement de la participation (CPOM FAS 2023-2025, art. 9). Les "
            "versements non "
            "payés sont annulés dès que la résiliation prend effet."
        ),
        error_messages={"min_value": _("Le montant à reverser ne peut pas être négatif.")},
    )

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = self._parties(convention)


class TerminationProposalForm(PartyChoiceMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Nature"), choices=TerminationKind.choices)
    organisation = forms.ModelChoiceField(label=_("À l'initiative de"), queryset=None)
    formal_notice_on = date_field(
        _("Mise en demeure le"),
        required=False,
        help_text=_("Obligatoire quand le financeur résilie (CPOM FAS 2023-2025, art. 9)."),
    )
    reason = forms.CharField(
        label=_("Motif"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Obligatoire pour une résiliation."),
    )
    amount_to_repay = money_field(_("Montant à reverser (€)"), min_value=0)

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = self._parties(convention)


class IndicatorValueForm(forms.Form):
    period_start = date_field(
        _("Début de la période"), help_text=_("Premier jour du mois, trimestre ou année.")
    )
    value = forms.DecimalField(label=_("Valeur"), max_digits=12, decimal_places=2, min_value=0)
    comment = forms.CharField(
        label=_("Commentaire"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DeliverForm(forms.Form):
    delivered_on = date_field(_("Remis le"), today=True)


class SheetForm(forms.Form):
    """A fiche action annexed to the convention (seed 001 annexes)."""

    number = forms.IntegerField(
        label=_("Numéro"),
        min_value=1,
        error_messages={"min_value": _("Le numéro de la fiche est un entier d'au moins 1.")},
    )
    title = forms.CharField(label=_("Intitulé"), max_length=300)
    context = forms.CharField(
        label=_("Contexte et besoins repérés"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    objectives = forms.CharField(
        label=_("Objectifs"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    actions = forms.CharField(
        label=_("Mise en œuvre et actions"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    calendar = forms.CharField(
        label=_("Calendrier"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class IndicatorForm(forms.Form):
    label = forms.CharField(label=_("Indicateur"), max_length=300)
    unit = forms.CharField(label=_("Unité"), max_length=60, required=False)
    target = forms.DecimalField(
        label=_("Cible"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        error_messages={"min_value": _("La cible de l'indicateur ne peut pas être négative.")},
    )
    period = forms.ChoiceField(label=_("Période"), choices=IndicatorPeriod.choices)


class DeliverableForm(forms.Form):
    label = forms.CharField(label=_("Livrable"), max_length=300)
    due_on = date_field(_("Échéance"), required=False)


class ActivityForm(forms.Form):
    day = date_field(_("Jour"), today=True)
    operator = forms.ModelChoiceField(label=_("Opérateur"), queryset=None)
    kind = forms.ModelChoiceField(label=_("Activité"), queryset=None)
    axis = forms.ModelChoiceField(label=_("Axe"), queryset=None, required=False)
    hours = forms.DecimalField(
        label=_("Heures"), max_digits=5, decimal_places=2, min_value=0, max_value=24
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Territory.objects.none(),
        help_text=_("Chaque commune signataire lit l'activité menée sur son territoire."),
    )
    district = forms.ModelChoiceField(
        label=_("Quartier"), queryset=Territory.objects.none(), required=False
    )
    participants = forms.IntegerField(label=_("Participants"), min_value=0, initial=0)
    organisations_represented = forms.ModelMultipleChoiceField(
        label=_("Structures représentées"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Observations (sans donnée personnelle)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        parties = convention.parties.select_related("organisation")
        operators = [p.organisation_id for p in parties if p.role == PartyRole.OPERATOR]
        # unscoped: operators of a convention the view loaded through visible_to
        self.fields["operator"].queryset = Organisation.objects.filter(pk__in=operators)
        if len(operators) == 1:
            self.fields["operator"].initial = operators[0]
        # unscoped: kinds of a convention the view loaded through visible_to
        self.fields["kind"].queryset = ActivityKind.objects.filter(convention=convention)
        # unscoped: axes of a convention the view loaded through visible_to
        self.fields["axis"].queryset = ActivityAxis.objects.filter(convention=convention)
        # unscoped: parties of a convention the view loaded through visible_to
        self.fields["organisations_represented"].queryset = Organisation.objects.filter(
            convention_parties__convention=convention
        ).distinct()
        # seed 003 §VI: where the activity took place, for each commune's share.
        communes, districts, required = activity_places(convention)
        self.fields["commune"].queryset = communes
        self.fields["commune"].required = required
        self.fields["district"].queryset = districts
        if len(districts) == 1:
            self.fields["district"].initial = districts[0].pk


class SupervisionForm(forms.Form):
    """seed 003 §IV.1: the supervision time of one week."""

    week_start = date_field(
        _("Semaine du (lundi)"), help_text=_("Le lundi de la semaine, au format jj/mm/aaaa.")
    )
    operator = forms.ModelChoiceField(label=_("Opérateur"), queryset=Organisation.objects.none())
    hours = forms.DecimalField(
        label=_("Heures d'encadrement"), max_digits=5, decimal_places=2, min_value=0, max_value=168
    )
    notes = forms.CharField(
        label=_("Observations (sans donnée personnelle)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        operators = [
            p.organisation_id for p in convention.parties.all() if p.role == PartyRole.OPERATOR
        ]
        # unscoped: operators of a convention the view loaded through visible_to
        self.fields["operator"].queryset = Organisation.objects.filter(pk__in=operators)
        if len(operators) == 1:
            self.fields["operator"].initial = operators[0]
        if convention.supervision_hours_per_week is not None:
            self.fields["hours"].initial = convention.supervision_hours_per_week


class SynthesisAnalysisForm(forms.Form):
    """seed 003 §V.2: the operator's analysis and recommendations of a month."""

    operator = forms.ModelChoiceField(
        label=_("Rédigée au nom de"), queryset=Organisation.objects.none()
    )
    analysis = forms.CharField(
        label=_("Analyse des résultats et des évolutions"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Sans donnée personnelle : les partenaires de la convention la lisent."),
    )
    recommendations = forms.CharField(
        label=_("Préconisations d'ajustements opérationnels"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Actions coordonnées visant la résolution durable des problématiques."),
    )

    def __init__(self, *args, convention, user, **kwargs):
        super().__init__(*args, **kwargs)
        operators = {
            p.organisation_id for p in convention.parties.all() if p.role == PartyRole.OPERATOR
        }
        if not user.is_superuser:
            operators &= org_ids(user)
        # unscoped: operators of a convention the view loaded through visible_to
        self.fields["operator"].queryset = Organisation.objects.filter(pk__in=operators)
        if len(operators) == 1:
            self.fields["operator"].initial = next(iter(operators))


class MonthForm(forms.Form):
    month = forms.CharField(
        label=_("Mois"),
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text=_("Au format AAAA-MM."),
    )

    def clean_month(self):
        value = self.cleaned_data["month"]
        try:
            return dt.datetime.strptime(value, "%Y-%m").date()
        except ValueError as exc:
            raise forms.ValidationError(_("Indiquez un mois au format AAAA-MM.")) from exc


class IncidentForm(forms.Form):
    reported_by = forms.ModelChoiceField(label=_("Émise par"), queryset=None)
    occurred_on = date_field(_("Date des faits"), today=True)
    kind = forms.CharField(label=_("Nature"), max_length=200)
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description (sans donnée personnelle)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    recipients = forms.ModelMultipleChoiceField(
        label=_("Destinataires"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, convention, user, **kwargs):
        super().__init__(*args, **kwargs)
        # unscoped: parties of a convention the view loaded through visible_to
        parties = Organisation.objects.filter(convention_parties__convention=convention).distinct()
        self.fields["recipients"].queryset = parties
        mine = parties if user.is_superuser else parties.filter(pk__in=org_ids(user))
        self.fields["reported_by"].queryset = mine


class AcknowledgeForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Pour la structure"), queryset=None)

    def __init__(self, *args, report, user, **kwargs):
        super().__init__(*args, **kwargs)
        recipients = report.recipients.exclude(
            pk__in=report.acknowledgements.values("organisation")
        )
        if not user.is_superuser:
            recipients = recipients.filter(pk__in=org_ids(user))
        self.fields["organisation"].queryset = recipients


# ------------------------------------------------------------------------ people and roles
def _grantable_choices(user, organisations) -> list[tuple[str, str]]:
    wanted = set()
    for organisation in organisations:
        wanted |= set(grantable_roles(user, organisation))
    return [(value, label) for value, label in Role.choices if value in wanted]


def _coordinator_territories(user, organisations):
    """Territories of the départements where `user` may appoint a coordinator."""
    paths = [
        territory.path
        for organisation in organisations
        if Role.COORDINATOR in grantable_roles(user, organisation)
        for territory in organisation.territories.all()
    ]
    if not paths:
        return Territory.objects.none()
    within = Q()
    for path in paths:
        within |= Q(path__startswith=path)
    return Territory.objects.filter(within).order_by("path")


def directed_organisations(user):
    if user.is_superuser:
        return Organisation.objects.visible_to(user).order_by("name")
    # unscoped: the organisations the user directs (org_ids)
    return Organisation.objects.filter(pk__in=org_ids(user, roles=[Role.DIRECTOR])).order_by("name")


class MemberInviteForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    email = forms.EmailField(label=_("Adresse e-mail"))
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    role = forms.ChoiceField(label=_("Rôle"))
    territory = forms.ModelChoiceField(
        label=_("Territoire d'intervention"),
        queryset=None,
        required=False,
        help_text=_("Pour un coordinateur seulement : un territoire de votre département."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = list(directed_organisations(user).prefetch_related("territories"))
        self.fields["organisation"].queryset = directed_organisations(user)
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk
        self.fields["role"].choices = _grantable_choices(user, organisations)
        territories = (
            Territory.objects.order_by("path")
            if user.is_superuser
            else _coordinator_territories(user, organisations)
        )
        self.fields["territory"].queryset = territories
        if not user.is_superuser and not territories.exists():
            del self.fields["territory"]


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Nouveau rôle"))
    territory = forms.ModelChoiceField(
        label=_("Territoire d'intervention"),
        queryset=None,
        required=False,
        help_text=_("Pour un coordinateur seulement : un territoire de votre département."),
    )

    def __init__(self, *args, user, membership, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = membership.organisation
        self.fields["role"].choices = _grantable_choices(user, [organisation])
        self.fields["role"].initial = membership.role
        self.fields["territory"].initial = membership.territory_id
        territories = (
            Territory.objects.order_by("path")
            if user.is_superuser
            else _coordinator_territories(user, [organisation])
        )
        self.fields["territory"].queryset = territories
        if not user.is_superuser and not territories.exists():
            del self.fields["territory"]


class NotificationPreferencesForm(forms.Form):
    """One choice per kind of notification: immediately, in the daily digest, or not at all."""

    def __init__(self, *args, initial_choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=NotificationDelivery.choices,
                initial=initial_choices[kind],
            )


class ConventionPaperForm(PaperForm):
    """A signed convention or a signed amendment (then: which amendment)."""

    amendment = forms.ModelChoiceField(
        label=_("Avenant signé"),
        queryset=Amendment.objects.none(),
        required=False,
        help_text=_("Pour un avenant signé : l'avenant que porte le document."),
    )

    def __init__(self, *args, convention, amendments=None, **kwargs):
        super().__init__(*args, kinds=ConventionPaperKind.choices, **kwargs)
        field = self.fields["amendment"]
        # unscoped: the amendments of the convention the view loaded by visible_to
        field.queryset = Amendment.objects.filter(convention=convention)
        if amendments is not None:
            # The amendments the convention's page has read already: its choices without a
            # query of their own (issue 15); the queryset still checks what is posted.
            field.choices = [
                ("", field.empty_label),
                *((a.pk, field.label_from_instance(a)) for a in amendments),
            ]
