"""Input of the money pages: parse and say what is wrong, in French; services decide."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from common.concurrency import VersionedForm
from common.validators import normalise_bic, normalise_iban, validate_bic, validate_iban
from funding.enums import ReimbursementReason

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
