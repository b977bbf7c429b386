"""Forms of governance: they parse input; the rules live in governance/services.py."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.enums import (
    AgendaKind,
    AttendanceStatus,
    CommitteeKind,
    DecisionOutcome,
    DecisionSubject,
    Frequency,
    ItemOutcome,
    MeetingStatus,
    ObjectiveStatus,
    PlanPeriod,
    ReportStatus,
)
from governance.models import AnnualReport, Meeting
from governance.rules import RUNNING_ROLES, report_funders
from partnerships.enums import OrganisationKind, Role
from partnerships.models import Convention, Organisation, User
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


def text_field(label, *, required=True, rows=3, **kwargs):
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class CommitteeForm(forms.Form):
    convention = forms.ModelChoiceField(label=_("Convention"), queryset=None)
    name = forms.CharField(label=_("Nom"), max_length=200)
    kind = forms.ChoiceField(label=_("Type d'instance"), choices=CommitteeKind.choices)
    frequency = forms.ChoiceField(label=_("Fréquence attendue"), choices=Frequency.choices)
    organisation = forms.ModelChoiceField(label=_("Organisation porteuse"), queryset=None)
    seats_per_organisation = forms.IntegerField(
        label=_("Représentants par structure"),
        min_value=1,
        required=False,
        help_text=_(
            "Par exemple 2 pour le comité de pilotage SOLiHA × MTA (convention-cadre SOLiHA × "
            "MTA, art. IV)."
        ),
    )
    chair = forms.CharField(label=_("Présidence"), max_length=200, required=False)
    secretary = forms.ModelChoiceField(
        label=_("Secrétariat"),
        queryset=None,
        required=False,
        help_text=_("Prépare l'ordre du jour ; les réunions dues s'affichent sur son accueil."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convention"].queryset = Convention.objects.visible_to(user).order_by(
            "reference"
        )
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user).order_by(
            "name"
        )
        self.fields["secretary"].queryset = secretaries(user)


def secretaries(user):
    """Directors and agents of the organisations the user runs committees for."""
    return (
        User.objects.filter(
            memberships__organisation__in=org_ids(user, roles=RUNNING_ROLES),
            memberships__role__in=RUNNING_ROLES,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


class SecretaryForm(forms.Form):
    secretary = forms.ModelChoiceField(label=_("Secrétariat"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secretary"].queryset = secretaries(user)


class MemberForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Structure"), queryset=None)
    full_name = forms.CharField(label=_("Nom"), max_length=200)
    title = forms.CharField(label=_("Qualité"), max_length=200, required=False)
    voting = forms.BooleanField(label=_("Voix délibérative"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user).order_by(
            "name"
        )


class MeetingForm(forms.Form):
    held_on = date_field(_("Date"))
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)
    agenda = text_field(_("Ordre du jour"))


class HoldForm(forms.Form):
    minutes = text_field(_("Compte rendu"), required=False, rows=6)


class CancelForm(forms.Form):
    reason = text_field(_("Motif de l'annulation"))


class MinutesForm(forms.Form):
    minutes = text_field(_("Compte rendu"), rows=8)


class AttendanceForm(forms.Form):
    full_name = forms.CharField(label=_("Nom"), max_length=200)
    organisation = forms.ModelChoiceField(label=_("Structure"), queryset=None, required=False)
    status = forms.ChoiceField(label=_("Présence"), choices=AttendanceStatus.choices)
    represented_by = forms.CharField(label=_("Représenté par"), max_length=200, required=False)
    proxy_holder = forms.ModelChoiceField(
        label=_("Pouvoir donné à"),
        queryset=None,
        required=False,
        help_text=_(
            "Un membre excusé peut donner pouvoir à un membre présent, qui n'en détient "
            "qu'un seul (CGCT L.3121-14-1, appliqué par la délibération 2023-121)."
        ),
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        # unscoped: seats of the committee of a meeting loaded through visible_to
        self.fields["organisation"].queryset = Organisation.objects.filter(
            committee_seats__committee=meeting.committee
        ).distinct()
        self.fields["proxy_holder"].queryset = meeting.attendances.filter(
            status=AttendanceStatus.PRESENT, proxy_given_by__isnull=True
        ).order_by("full_name")


class DecisionForm(forms.Form):
    subject = forms.ChoiceField(label=_("Objet"), choices=DecisionSubject.choices)
    number = forms.CharField(label=_("Numéro"), max_length=40, required=False)
    title = forms.CharField(label=_("Intitulé"), max_length=300)
    text = text_field(_("Texte (articles)"), required=False, rows=5)
    convention = forms.ModelChoiceField(
        label=_("Convention concernée"), queryset=None, required=False
    )
    report = forms.ModelChoiceField(
        label=_("Bilan annuel à valider"),
        queryset=None,
        required=False,
        help_text=_("Une décision adoptée valide le bilan transmis (sans double saisie)."),
    )
    votes_for = forms.IntegerField(label=_("Voix pour"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Voix contre"), min_value=0, required=False)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, required=False)
    requires_each_organisation = forms.BooleanField(
        label=_("Accord de chaque structure requis (convention-cadre SOLiHA × MTA, art. IV)"),
        required=False,
    )
    outcome = forms.ChoiceField(
        label=_("Issue (sans vote ni accord par structure)"),
        choices=[("", "—"), *DecisionOutcome.choices],
        required=False,
    )

    def __init__(self, *args, user, meeting, **kwargs):
        super().__init__(*args, **kwargs)

        conventions = Convention.objects.visible_to(user).order_by("reference")
        if meeting.committee.convention_id:
            self.fields["convention"].initial = meeting.committee.convention_id
        self.fields["convention"].queryset = conventions
        # Only a report of the committee's own convention can be validated in its meetings.
        self.fields["report"].queryset = (
            AnnualReport.objects.visible_to(user)
            .filter(status=ReportStatus.SUBMITTED, convention=meeting.committee.convention_id)
            .select_related("convention")
        )

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["outcome"] = data.get("outcome") or None
        return data


class ReportValidationForm(forms.Form):
    """The validation of a report is a decision of a meeting (seed 001 art. 4.2, art. 5): a
    held meeting of an instance of the report's convention where its funder sits."""

    meeting = forms.ModelChoiceField(
        label=_("Réunion"),
        queryset=None,
        help_text=_(
            "Une réunion tenue, après la transmission du bilan, d'une instance de la "
            "convention où siège le financeur."
        ),
    )
    title = forms.CharField(label=_("Intitulé de la décision"), max_length=300)
    number = forms.CharField(label=_("Numéro"), max_length=40, required=False)
    votes_for = forms.IntegerField(label=_("Voix pour"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Voix contre"), min_value=0, required=False)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, required=False)

    def __init__(self, *args, user, report, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = (
            Meeting.objects.visible_to(user)
            .filter(committee__convention=report.convention_id, status=MeetingStatus.HELD)
            .select_related("committee")
            .order_by("-held_on", "pk")
        )
        if report.submitted_on is None:
            # A draft is not validated: no meeting to choose (and the service refuses it).
            meetings = meetings.none()
        else:
            meetings = meetings.filter(held_on__gte=report.submitted_on)
        funders = report_funders(report.convention)
        if funders:
            meetings = meetings.filter(committee__members__organisation__in=funders).distinct()
        self.fields["meeting"].queryset = meetings
        self.fields["title"].initial = _("Validation du bilan %(year)s") % {"year": report.year}

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        votes = (data["votes_for"], data["votes_against"], data["abstentions"])
        # Without a vote, the decision is recorded as adopted (a validation in session).
        data["outcome"] = None if any(v is not None for v in votes) else DecisionOutcome.ADOPTED
        return data


class PublicationForm(forms.Form):
    sent_to_control_on = date_field(_("Envoi au contrôle de légalité le"), today=True)
    published_on = date_field(_("Publication le"), today=True)


class AgreementForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Structure"), queryset=None)
    agreed = forms.TypedChoiceField(
        label=_("Réponse"),
        choices=[("1", _("Accord")), ("0", _("Refus"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    on = date_field(_("Date"), today=True)

    def __init__(self, *args, user, decision, **kwargs):
        super().__init__(*args, **kwargs)
        # unscoped: seats of the decision's committee, then the user's own structures
        structures = Organisation.objects.filter(
            committee_seats__committee=decision.meeting.committee
        ).exclude(pk__in=decision.agreements.values("organisation"))
        if not user.is_superuser:
            structures = structures.filter(pk__in=org_ids(user, roles=[Role.DIRECTOR]))
        self.fields["organisation"].queryset = structures.distinct()


class PlanForm(forms.Form):
    convention = forms.ModelChoiceField(label=_("Convention"), queryset=None)
    period = forms.ChoiceField(label=_("Périodicité"), choices=PlanPeriod.choices)
    period_start = date_field(
        _("Début de période"), help_text=_("1er janvier (annuel) ou 1er du mois (mensuel).")
    )
    objectives = text_field(_("Objectifs"))
    planned_actions = text_field(_("Actions prévues"), required=False)
    indicators = text_field(_("Indicateurs"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convention"].queryset = Convention.objects.visible_to(user).order_by(
            "reference"
        )


class ObjectiveForm(forms.Form):
    """How far one objective of the plan was achieved (seed 002 §V)."""

    status = forms.ChoiceField(
        label=_("Atteinte de l'objectif"),
        choices=[
            (ObjectiveStatus.ACHIEVED, ObjectiveStatus.ACHIEVED.label),
            (ObjectiveStatus.PARTLY, ObjectiveStatus.PARTLY.label),
            (ObjectiveStatus.NOT_ACHIEVED, ObjectiveStatus.NOT_ACHIEVED.label),
        ],
        widget=forms.RadioSelect,
    )
    comment = text_field(
        _("Commentaire"),
        required=False,
        rows=4,
        help_text=_("Obligatoire si l'objectif n'est pas pleinement atteint."),
    )
    on = date_field(_("Date de l'évaluation"), today=True)


class DayForm(forms.Form):
    on = date_field(_("Date"), today=True)


class ReportForm(forms.Form):
    convention = forms.ModelChoiceField(label=_("Convention"), queryset=None)
    year = forms.IntegerField(
        label=_("Année"), min_value=2000, max_value=2100, initial=lambda: dt.date.today().year - 1
    )
    activity_summary = text_field(_("Bilan d'activité"), required=False, rows=6)
    financial_summary = text_field(_("Bilan financier"), required=False, rows=4)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convention"].queryset = Convention.objects.visible_to(user).order_by(
            "reference"
        )


class ReportEditForm(forms.Form):
    activity_summary = text_field(_("Bilan d'activité"), rows=8)
    financial_summary = text_field(_("Bilan financier"), required=False, rows=4)


# seed 004 §4: the orientation designates the structure (a CHRS) that will accompany.
OPERATOR_KINDS = (
    OrganisationKind.CHRS_MANAGER,
    OrganisationKind.ASSOCIATION,
    OrganisationKind.CCAS,
)


class AgendaPrepareForm(forms.Form):
    """Pick the pending items and give their order (1, 2, 3…)."""

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for index, candidate in enumerate(candidates):
            self.fields[f"pick_{index}"] = forms.BooleanField(label=candidate.title, required=False)
            self.fields[f"order_{index}"] = forms.IntegerField(
                label=_("Ordre"), min_value=1, required=False, initial=index + 1
            )
            candidate.pick_field = f"pick_{index}"
            candidate.order_field = f"order_{index}"

    def rows(self):
        return [
            (candidate, self[candidate.pick_field], self[candidate.order_field])
            for candidate in self.candidates
        ]

    def picks(self) -> list[str]:
        """The keys of the picked items, by the order given (then as listed)."""
        picked = [
            (self.cleaned_data.get(c.order_field) or index + 1, index, c.key)
            for index, c in enumerate(self.candidates)
            if self.cleaned_data.get(c.pick_field)
        ]
        return [key for _order, _index, key in sorted(picked)]


class ItemDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Issue"),
        choices=[c for c in ItemOutcome.choices if c[0] != ItemOutcome.PENDING],
        widget=forms.RadioSelect,
    )
    votes_for = forms.IntegerField(label=_("Voix pour"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Voix contre"), min_value=0, required=False)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, required=False)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Structures dont les représentants ont donné leur accord"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("convention-cadre SOLiHA × MTA, art. IV : l'accord de chacune des structures."),
    )
    operator = forms.ModelChoiceField(
        label=_("Structure qui accompagnera (orientation validée)"),
        queryset=None,
        required=False,
    )
    applied_on = date_field(
        _("Date d'effet"),
        required=False,
        help_text=_("Par défaut, le jour de la réunion."),
    )
    note = text_field(_("Motif ou observations"), required=False)

    def __init__(self, *args, item, user, **kwargs):
        super().__init__(*args, **kwargs)
        committee = item.meeting.committee
        if item.kind == AgendaKind.AMENDMENT:
            self.fields["applied_on"].label = _("Avenant signé le (s'il est adopté)")
        elif item.kind == AgendaKind.TERMINATION:
            self.fields["applied_on"].label = _(
                "Lettre recommandée notifiée le (si la proposition est adoptée)"
            )
        else:
            del self.fields["applied_on"]
        # unscoped: the structures seated on a committee the view loaded through visible_to
        self.fields["organisations"].queryset = Organisation.objects.filter(
            committee_seats__committee=committee
        ).distinct()
        if item.kind != AgendaKind.PROJECT_AGREEMENT:
            del self.fields["organisations"]
        if item.kind == AgendaKind.ORIENTATION:
            self.fields["operator"].queryset = (
                Organisation.objects.visible_to(user)
                .filter(kind__in=OPERATOR_KINDS)
                .order_by("name")
            )
        else:
            del self.fields["operator"]

    def service_kwargs(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
