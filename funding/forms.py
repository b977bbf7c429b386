"""Input of the money pages: parse and say what is wrong, in French; services decide."""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.concurrency import VersionedForm
from common.validators import normalise_bic, normalise_iban, validate_bic, validate_iban
from funding.enums import OtherFunderAnswer, ReimbursementReason
from funding.models import Application, BudgetLine
from governance.models import Committee, Decision
from partnerships.enums import OrganisationKind, PartyRole, Role
from partnerships.models import Convention, Organisation, Programme, Territory
from partnerships.perimeter import org_ids

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InstalmentPayForm(VersionedForm):
    paid_on = forms.DateField(label=_("Date du versement"), widget=DATE)
    mandate_reference = forms.CharField(label=_("Référence du mandat"), max_length=60)


class InstalmentCancelForm(VersionedForm):
    reason = forms.CharField(
        label=_("Motif de l'annulation"), widget=forms.Textarea(attrs={"rows": 2})
    )


class BankDetailsForm(forms.Form):
    iban = forms.CharField(label=_("IBAN"), max_length=42, validators=[validate_iban])
    bic = forms.CharField(label=_("BIC"), max_length=11, validators=[validate_bic])
    account_holder = forms.CharField(label=_("Titulaire du compte"), max_length=200)

    def clean_iban(self):
        return normalise_iban(self.cleaned_data["iban"])

    def clean_bic(self):
        return normalise_bic(self.cleaned_data["bic"])


class NotifyForm(forms.Form):
    notified_on = forms.DateField(label=_("Convention notifiée le"), widget=DATE)


class ReimbursementForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Montant à reverser (€)"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
    )
    reason = forms.ChoiceField(label=_("Motif"), choices=ReimbursementReason.choices)
    details = forms.CharField(
        label=_("Précisions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    claimed_on = forms.DateField(label=_("Demandé le"), widget=DATE)


class RecoverForm(forms.Form):
    recovered_on = forms.DateField(label=_("Recouvré le"), widget=DATE)


class TitleForm(forms.Form):
    """The executory title that calls the sum back (seed 001 art. 4.4)."""

    number = forms.CharField(label=_("N° du titre"), max_length=40)
    issued_on = forms.DateField(label=_("Émis le"), widget=DATE)


class MeasuresRequestForm(forms.Form):
    territory = forms.ModelChoiceField(label=_("Territoire"), queryset=None)
    measures = forms.IntegerField(label=_("Mesures sollicitées"), min_value=1, max_value=999)

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = call.territories.order_by("name")


class UploadForm(forms.Form):
    required_document = forms.ModelChoiceField(label=_("Pièce"), queryset=None)
    file = forms.FileField(label=_("Fichier"))

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required_document"].queryset = call.required_documents.all()


class ApplyForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Structure candidate"), queryset=None)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ScoreForm(forms.Form):
    """One mark out of 10 per criterion of the call."""

    def __init__(self, *args, criteria, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_scores = initial_scores or {}
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=_("%(label)s (coefficient %(weight)s)")
                % {"label": criterion.label, "weight": criterion.weight},
                min_value=0,
                max_value=10,
                initial=initial_scores.get(criterion.pk),
            )

    def scores(self):
        return [(c, self.cleaned_data[f"criterion_{c.pk}"]) for c in self.criteria]


class DecisionForm(forms.Form):
    """The envelope, then the measures granted for each request of a submitted file."""

    envelope = forms.ModelChoiceField(label=_("Enveloppe de mesures"), queryset=None)

    def __init__(self, *args, envelopes, requests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["envelope"].queryset = envelopes
        self.requests = list(requests)
        for request in self.requests:
            self.fields[f"request_{request.pk}"] = forms.IntegerField(
                label=_("%(organisation)s — %(territory)s (%(asked)s demandées)")
                % {
                    "organisation": request.application.organisation,
                    "territory": request.territory,
                    "asked": request.measures,
                },
                min_value=0,
                max_value=request.measures,
                initial=request.measures_granted or 0,
            )

    def granted(self) -> dict[int, int]:
        return {r.pk: self.cleaned_data[f"request_{r.pk}"] for r in self.requests}


# ------------------------------------------------------------------ the department's pages
# Each field that a rule guards says, in French and naming itself, what it accepts: the form
# answers before the service, and the service before the database (no constraint name ever
# reaches a page).
def money_field(label, *, what: str, below: str | None = None, allow_zero: bool = False):
    """An amount in euros whose refusal names the field: `what` is its subject ("Le montant
    annuel"), `below` the whole message when the amount is too small (for a feminine
    subject, say)."""
    if below is None:
        below = _("%(what)s doit être positif.") % {"what": what}
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0") if allow_zero else Decimal("0.01"),
        error_messages={
            "min_value": below,
            "invalid": _("%(what)s : saisissez un montant en euros, par exemple 20000,00.")
            % {"what": what},
        },
    )


def count_field(label, *, what: str, minimum: int = 1, **kwargs):
    """A whole number whose refusal names the field."""
    if minimum == 0:
        below = _("%(what)s ne peut pas être négatif.") % {"what": what}
    else:
        below = _("%(what)s doit être au moins %(min)s.") % {"what": what, "min": minimum}
    return forms.IntegerField(
        label=label,
        min_value=minimum,
        error_messages={
            "min_value": below,
            "invalid": _("%(what)s : saisissez un nombre entier.") % {"what": what},
        },
        **kwargs,
    )


def year_field(label=None):
    return forms.IntegerField(
        label=label or _("Exercice"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": _("L'exercice est une année, par exemple 2023."),
            "max_value": _("L'exercice est une année, par exemple 2023."),
            "invalid": _("L'exercice est une année, par exemple 2023."),
        },
    )


def staff_organisations(user):
    """The organisations whose department staff the user is: the funder, manager or
    publisher they act for."""
    if user.is_superuser:
        return Organisation.objects.visible_to(user).order_by("name")
    # unscoped: the user's own organisations (org_ids)
    return Organisation.objects.filter(
        pk__in=org_ids(user, roles=[Role.DEPARTMENT_STAFF])
    ).order_by("name")


class BudgetLineForm(forms.Form):
    year = year_field()
    operation_code = forms.CharField(label=_("Code opération"), max_length=40)
    imputation = forms.CharField(label=_("Imputation budgétaire"), max_length=40)
    label = forms.CharField(label=_("Libellé opération"), max_length=200)
    commitment_authorisation = money_field(
        _("Autorisation d'engagement (AE, €)"),
        what=_("L'autorisation d'engagement (AE)"),
        below=_("L'autorisation d'engagement (AE) ne peut pas être négative."),
        allow_zero=True,
    )


class PaymentCreditForm(forms.Form):
    """seed 001 rapport n°56: the payment credits (CP) of one year's Budget Primitif."""

    year = year_field(_("Année du budget primitif"))
    amount = money_field(
        _("Crédits de paiement (CP, €)"),
        what=_("Les crédits de paiement"),
        below=_("Les crédits de paiement ne peuvent pas être négatifs."),
        allow_zero=True,
    )


class NewBudgetLineForm(BudgetLineForm):
    funder = forms.ModelChoiceField(label=_("Financeur"), queryset=Organisation.objects.none())
    field_order = ["funder"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = staff_organisations(user)


class GrantForm(forms.Form):
    """A participation: the convention, who funds whom, its line, and the same amount each
    year for a number of years (seed 001 art. 4.1: 20 000 € a year for 3 years)."""

    convention = forms.ModelChoiceField(label=_("Convention"), queryset=None)
    funder = forms.ModelChoiceField(label=_("Financeur"), queryset=None)
    beneficiary = forms.ModelChoiceField(label=_("Bénéficiaire"), queryset=None)
    budget_line = forms.ModelChoiceField(label=_("Ligne budgétaire"), queryset=None, required=False)
    decision = forms.ModelChoiceField(label=_("Délibération"), queryset=None, required=False)
    first_year = year_field(_("Premier exercice"))
    years = count_field(
        _("Nombre d'exercices"), what=_("Le nombre d'exercices"), max_value=10, initial=3
    )
    yearly_amount = money_field(_("Montant annuel (€)"), what=_("Le montant annuel"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convention"].queryset = Convention.objects.visible_to(user).order_by(
            "reference"
        )
        self.fields["funder"].queryset = staff_organisations(user)
        self.fields["beneficiary"].queryset = Organisation.objects.visible_to(user).order_by("name")
        self.fields["budget_line"].queryset = (
            BudgetLine.objects.visible_to(user).select_related("funder").order_by("-year")
        )
        self.fields["decision"].queryset = Decision.objects.visible_to(user).order_by(
            "-meeting__held_on"
        )

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        first, count, amount = data.pop("first_year"), data.pop("years"), data.pop("yearly_amount")
        data["yearly_amounts"] = {first + i: amount for i in range(count)}
        return data


class GrantEditForm(forms.Form):
    budget_line = forms.ModelChoiceField(label=_("Ligne budgétaire"), queryset=None, required=False)
    decision = forms.ModelChoiceField(label=_("Délibération"), queryset=None, required=False)

    def __init__(self, *args, user, grant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = (
            BudgetLine.objects.visible_to(user).filter(funder=grant.funder_id).order_by("-year")
        )
        self.fields["decision"].queryset = Decision.objects.visible_to(user).order_by(
            "-meeting__held_on"
        )


class GrantYearForm(forms.Form):
    year = year_field()
    amount = money_field(_("Montant annuel (€)"), what=_("Le montant annuel"))


class EnvelopeForm(forms.Form):
    """seed 004 §5: ASRL, DIHAL, Sept 2019 – Dec 2020, 45 measures at 5 000 €."""

    label = forms.CharField(label=_("Libellé"), max_length=200)
    manager = forms.ModelChoiceField(
        label=_("Organisation gestionnaire"),
        queryset=None,
        help_text=_("Celle dont les agents répartissent les mesures."),
    )
    period_start = forms.DateField(label=_("Début de période"), widget=DATE)
    period_end = forms.DateField(label=_("Fin de période"), widget=DATE)
    measures = count_field(_("Nombre de mesures"), what=_("Le nombre de mesures"))
    unit_cost = money_field(
        _("Coût d'une mesure (par personne et par an, €)"), what=_("Le coût d'une mesure")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = staff_organisations(user)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end",
                _("La fin de période (%(end)s) précède son début (%(start)s).")
                % {"end": end.strftime("%d/%m/%Y"), "start": start.strftime("%d/%m/%Y")},
            )
        return data


class NewEnvelopeForm(EnvelopeForm):
    programme = forms.ModelChoiceField(label=_("Dispositif"), queryset=None)
    funder = forms.ModelChoiceField(
        label=_("Financeur"),
        queryset=None,
        help_text=_("Votre organisation, une partie de vos conventions ou un service de l'État."),
    )
    field_order = ["programme", "funder", "manager", "label"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(counts_measures=True).order_by(
            "name"
        )
        self.fields["funder"].queryset = (
            # unscoped: union with visible_to below; state services are public funders
            Organisation.objects.filter(
                Q(pk__in=Organisation.objects.visible_to(user).values("pk"))
                | Q(kind=OrganisationKind.STATE_SERVICE)
            )
            .distinct()
            .order_by("name")
        )


OPERATOR_KINDS = (
    OrganisationKind.CHRS_MANAGER,
    OrganisationKind.ASSOCIATION,
    OrganisationKind.CCAS,
)


class AllocationForm(forms.Form):
    territory = forms.ModelChoiceField(label=_("Territoire"), queryset=None)
    operator = forms.ModelChoiceField(
        label=_("Opérateur"),
        queryset=None,
        required=False,
        help_text=_("Vide : l'allocation du territoire, avant sa répartition entre opérateurs."),
    )
    measures = count_field(_("Mesures allouées"), what=_("Le nombre de mesures"), minimum=0)

    def __init__(self, *args, user, envelope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = Territory.objects.order_by("path")
        # unscoped: only the organisation ids of applicants, offered as operators
        applicants = Application.objects.filter(call__programme=envelope.programme_id)
        self.fields["operator"].queryset = (
            # unscoped: union with visible_to below; operators' names are public (seed 004)
            Organisation.objects.filter(
                Q(pk__in=Organisation.objects.visible_to(user).values("pk"))
                | Q(pk__in=applicants.values("organisation"))
                | Q(measure_allocations__envelope=envelope)
                # seed 004 §6: the operators of the measures are CHRS managers and
                # associations; their names are no secret.
                | Q(kind__in=OPERATOR_KINDS)
            )
            .distinct()
            .order_by("name")
        )


class CallForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=300)
    territories = forms.ModelMultipleChoiceField(
        label=_("Territoires"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    measures_offered = count_field(_("Mesures proposées"), what=_("Le nombre de mesures"))
    eligible_kinds = forms.MultipleChoiceField(
        label=_("Structures éligibles"),
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un type de structure éligible.")},
    )
    deadline = forms.DateTimeField(
        label=_("Date et heure limites de dépôt"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )
    jury = forms.ModelChoiceField(
        label=_("Jury"),
        queryset=None,
        required=False,
        help_text=_("Vide : les agents de l'émetteur notent les dossiers."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territories"].queryset = Territory.objects.order_by("path")
        self.fields["jury"].queryset = Committee.objects.visible_to(user).order_by("name")


class NewCallForm(CallForm):
    programme = forms.ModelChoiceField(label=_("Dispositif"), queryset=None)
    publisher = forms.ModelChoiceField(label=_("Émetteur"), queryset=None)
    field_order = ["programme", "publisher", "title"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["programme"].queryset = Programme.objects.order_by("name")
        self.fields["publisher"].queryset = staff_organisations(user)


class RequiredDocumentForm(forms.Form):
    label = forms.CharField(label=_("Pièce exigée"), max_length=300)


class CriterionForm(forms.Form):
    label = forms.CharField(label=_("Critère de sélection"), max_length=300)
    weight = count_field(_("Pondération"), what=_("La pondération"), max_value=100, initial=1)


class CoFundingPlanForm(forms.Form):
    label = forms.CharField(label=_("Action financée"), max_length=200)
    cost = money_field(_("Coût total, net de TVA (€)"), what=_("Le coût total"))


class NewCoFundingPlanForm(CoFundingPlanForm):
    convention = forms.ModelChoiceField(label=_("Convention"), queryset=None)
    field_order = ["convention"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        conventions = Convention.objects.visible_to(user)
        if not user.is_superuser:
            staff = org_ids(user, roles=[Role.DEPARTMENT_STAFF])
            conventions = conventions.filter(parties__organisation__in=staff)
        self.fields["convention"].queryset = conventions.distinct().order_by("reference")


class ContributionForm(forms.Form):
    funder = forms.ModelChoiceField(label=_("Financeur"), queryset=None)
    recipient = forms.ModelChoiceField(label=_("Destinataire"), queryset=None)
    amount = money_field(_("Montant (€)"), what=_("Le montant de la contribution"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.visible_to(user).order_by("name")
        self.fields["funder"].queryset = organisations
        self.fields["recipient"].queryset = organisations


# ------------------------------------------------------------- annual subsidy requests
class SubsidyRequestForm(forms.Form):
    """seed 002 §VI: the partner's annual request under its framework convention."""

    framework = forms.ModelChoiceField(label=_("Convention cadre"), queryset=None)
    year = year_field()
    purpose = forms.CharField(
        label=_("Actions pour lesquelles la subvention est demandée"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    amount_requested = money_field(_("Montant demandé (€)"), what=_("Le montant demandé"))
    budget_total = money_field(
        _("Budget prévisionnel de l'action (€)"), what=_("Le budget prévisionnel")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # unscoped: the conventions the user's own structures (as director) are party to
        mine = org_ids(user, roles=[Role.DIRECTOR])
        self.fields["framework"].queryset = (
            # unscoped: the conventions the user's own structures (as director) are party to
            Convention.objects.filter(
                # unscoped: the conventions the user's own structures (as director) are party to
                pk__in=Convention.objects.filter(parties__organisation__in=mine).values("pk")
            )
            .filter(parties__role=PartyRole.FUNDER)
            .distinct()
            .order_by("reference")
        )
        # unscoped: the user's own structures, where they are director
        self.applicants = Organisation.objects.filter(pk__in=mine).order_by("name")

    def clean(self):
        data = super().clean()
        framework = data.get("framework")
        if framework is not None:
            parties = set(framework.parties.values_list("organisation", flat=True))
            applicant = self.applicants.filter(pk__in=parties).first()
            if applicant is None:
                raise forms.ValidationError(
                    _("Votre structure n'est pas partie à cette convention.")
                )
            data["applicant"] = applicant
        return data


class OtherFunderForm(forms.Form):
    funder_name = forms.CharField(label=_("Autre financeur"), max_length=200)
    amount_requested = money_field(
        _("Montant demandé à ce financeur (€)"), what=_("Le montant demandé")
    )


class OtherFunderAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Issue"),
        choices=[
            (OtherFunderAnswer.GRANTED, OtherFunderAnswer.GRANTED.label),
            (OtherFunderAnswer.REFUSED, OtherFunderAnswer.REFUSED.label),
        ],
    )
    amount_granted = money_field(_("Montant accordé (€)"), what=_("Le montant accordé"))
    answered_on = forms.DateField(label=_("Réponse reçue le"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount_granted"].required = False


class SubsidyDecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Décision"),
        choices=[("1", _("Accepter la demande")), ("0", _("Refuser la demande"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    amount_granted = money_field(_("Montant accordé (€)"), what=_("Le montant accordé"))
    decided_on = forms.DateField(label=_("Décidée le"), widget=DATE)
    reason = forms.CharField(
        label=_("Motif (obligatoire pour un refus)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount_granted"].required = False
