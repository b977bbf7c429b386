"""Filters of the convention lists (django-filter); querysets come from visible_to()."""

import datetime as dt

import django_filters
from django import forms
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import DEADLINE_HORIZON_DAYS, previous_month
from common.folding import fold
from common.pages import SortFilter, StableOrdering
from partnerships.enums import (
    ConventionKind,
    ConventionStatus,
    NotificationKind,
    RenewalPolicy,
    Role,
)
from partnerships.models import (
    ActivityAxis,
    ActivityKind,
    ActivityRecord,
    IncidentAcknowledgement,
    IncidentReport,
    Organisation,
)
from partnerships.models.activity import activity_places
from partnerships.perimeter import org_ids


def period(field_name: str) -> tuple[django_filters.DateFilter, django_filters.DateFilter]:
    """« Du » / « Au » on a date field, both ends included: `du, au = period("day")`."""
    return tuple(
        django_filters.DateFilter(
            field_name=field_name,
            lookup_expr=lookup,
            label=label,
            widget=forms.DateInput(attrs={"type": "date"}),
        )
        for lookup, label in (("gte", _("Du")), ("lte", _("Au")))
    )


def _visible_organisations(request):
    if request is None:
        return Organisation.objects.none()
    return Organisation.objects.visible_to(request.user).order_by("name")


class ConventionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Référence, intitulé ou partie"), method="search")
    type = django_filters.ChoiceFilter(
        field_name="kind",
        label=_("Type"),
        choices=ConventionKind.choices,
        empty_label=_("Tous"),
    )
    renouvellement = django_filters.ChoiceFilter(
        field_name="renewal_policy",
        label=_("Renouvellement"),
        choices=RenewalPolicy.choices,
        empty_label=_("Tous"),
    )
    statut = django_filters.ChoiceFilter(
        field_name="status",
        label=_("Statut"),
        choices=ConventionStatus.choices,
        empty_label=_("Tous"),
    )
    partie = django_filters.ModelChoiceFilter(
        field_name="parties__organisation",
        label=_("Partie"),
        queryset=_visible_organisations,
        empty_label=_("Toutes"),
        distinct=True,
    )
    annee = django_filters.NumberFilter(label=_("En cours l'année"), method="in_year")
    a_faire = django_filters.ChoiceFilter(
        label=_("À faire"),
        choices=[
            ("echeance", _("Fin ou date limite de dénonciation dans les 90 jours")),
            ("synthese", _("Activité saisie le mois dernier (synthèse mensuelle)")),
        ],
        method="to_do",
        empty_label=_("Tout"),
    )
    tri = StableOrdering(
        label=_("Trier par"),
        fields=(
            ("start_date", "debut"),
            ("end_date", "fin"),
            ("effective_end", "fin-en-vigueur"),
            ("reference", "reference"),
            ("title", "intitule"),
        ),
        field_labels={
            "start_date": _("Début"),
            "end_date": _("Fin initiale"),
            "effective_end": _("Fin en vigueur"),
            "reference": _("Référence"),
            "title": _("Intitulé"),
        },
        empty_label=_("Les plus récentes d'abord"),
    )

    def search(self, queryset, name, value):
        # Accents and case aside, as the site's search: the folded columns.
        value = fold(value.strip())
        if not value:
            return queryset
        return queryset.filter(
            Q(reference_folded__contains=value)
            | Q(title_folded__contains=value)
            | Q(parties__organisation__name_folded__contains=value)
            | Q(parties__organisation__short_name_folded__contains=value)
        ).distinct()

    def in_year(self, queryset, name, value):
        if not value:
            return queryset
        year = int(value)
        # The initial term or the end after amendments (a column): both count as "running
        # that year".
        return queryset.filter(
            Q(start_date__year__lte=year)
            & (Q(end_date__year__gte=year) | Q(amended_end__year__gte=year))
        )

    def to_do(self, queryset, name, value):
        """The lines of the home page's "À faire" (portal/todo.py), on the date columns."""
        today = timezone.localdate()
        if value == "echeance":
            # seed 002 §VII: the end, or the last day a party may still denounce, is near.
            horizon = today + dt.timedelta(days=DEADLINE_HORIZON_DAYS)
            return queryset.filter(
                status__in=[ConventionStatus.ACTIVE, ConventionStatus.RENEWED]
            ).filter(
                Q(effective_end__lte=horizon) | Q(denounce_by__gte=today, denounce_by__lte=horizon)
            )
        if value == "synthese":
            # seed 003 §IV.2: the monthly synthesis of last month's activity.
            first, last = previous_month(today)
            # unscoped: narrows conventions already read through visible_to
            records = ActivityRecord.objects.filter(day__gte=first, day__lte=last)
            return queryset.filter(pk__in=records.values("convention"))
        return queryset


class ActivityFilter(django_filters.FilterSet):
    du, au = period("day")
    activite = django_filters.ModelChoiceFilter(
        field_name="kind", label=_("Activité"), queryset=None, empty_label=_("Toutes")
    )
    axe = django_filters.ModelChoiceFilter(
        field_name="axis", label=_("Axe"), queryset=None, empty_label=_("Tous")
    )
    commune = django_filters.ModelChoiceFilter(
        field_name="commune", label=_("Commune"), queryset=None, empty_label=_("Toutes")
    )
    tri = StableOrdering(
        label=_("Trier par"),
        fields=(("day", "jour"), ("hours", "heures"), ("participants", "participants")),
        field_labels={
            "day": _("Jour"),
            "hours": _("Heures"),
            "participants": _("Participants"),
        },
        empty_label=_("Les plus récents d'abord"),
    )

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        # unscoped: kinds of a convention the view loaded through visible_to
        self.filters["activite"].queryset = ActivityKind.objects.filter(convention=convention)
        # unscoped: axes of a convention the view loaded through visible_to
        self.filters["axe"].queryset = ActivityAxis.objects.filter(convention=convention)
        # seed 003 §VI: the communes where the convention's activity takes place
        self.filters["commune"].queryset = activity_places(convention)[0]


class IncidentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Nature, lieu ou description"), method="search")
    a_faire = django_filters.ChoiceFilter(
        label=_("À faire"),
        choices=[("accuser", _("Réception à accuser par ma structure"))],
        method="to_acknowledge",
        empty_label=_("Tout"),
    )
    du = django_filters.DateFilter(
        field_name="occurred_on",
        lookup_expr="gte",
        label=_("Faits depuis le"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    tri = StableOrdering(
        label=_("Trier par"),
        fields=(("occurred_on", "date"), ("kind", "nature")),
        field_labels={"occurred_on": _("Date des faits"), "kind": _("Nature")},
        empty_label=_("Les plus récentes d'abord"),
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(kind__icontains=value) | Q(place__icontains=value) | Q(description__icontains=value)
        )

    def to_acknowledge(self, queryset, name, value):
        """seed 003 §V.2: reports sent to one of my structures that it has not acknowledged."""
        if value != "accuser":
            return queryset
        mine = list(org_ids(self.request.user))
        waiting = IncidentReport.recipients.through.objects.filter(
            incidentreport=OuterRef("pk"), organisation__in=mine
        ).exclude(
            # unscoped: acknowledgements of the report the outer row already scoped
            organisation__in=IncidentAcknowledgement.objects.filter(
                report=OuterRef("incidentreport")
            ).values("organisation")
        )
        return queryset.filter(Exists(waiting))


def _directed_organisations(request):
    if request is None:
        return Organisation.objects.none()
    user = request.user
    if user.is_superuser:
        return Organisation.objects.visible_to(user).order_by("name")
    # unscoped: the organisations the user directs (org_ids)
    return Organisation.objects.filter(pk__in=org_ids(user, roles=[Role.DIRECTOR])).order_by("name")


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Nom ou adresse e-mail"), method="search")
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=_directed_organisations, empty_label=_("Toutes")
    )
    role = django_filters.ChoiceFilter(label=_("Rôle"), choices=Role.choices, empty_label=_("Tous"))
    statut = django_filters.ChoiceFilter(
        label=_("Statut"),
        choices=[
            ("actif", _("Actif")),
            ("invite", _("Invitation en attente")),
            ("retire", _("Retiré")),
        ],
        empty_label=_("Tous"),
        method="by_status",
    )
    tri = SortFilter(
        columns={
            "nom": ("user__last_name", "user__first_name"),
            "organisation": "organisation__name",
            "role": "role",
            "depuis": "created_at",
        },
        default="nom",
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(user__last_name__icontains=value)
            | Q(user__first_name__icontains=value)
            | Q(user__email__icontains=value)
        )

    def by_status(self, queryset, name, value):
        if not value:
            return queryset
        if value == "invite":
            # An invitation not yet taken up: the person has not chosen a password
            # (partnerships.services.members, the list's "invitation en attente").
            return queryset.filter(
                is_active=True, user__password__startswith=UNUSABLE_PASSWORD_PREFIX
            )
        return queryset.filter(is_active=value == "actif")


class NotificationFilter(django_filters.FilterSet):
    etat = django_filters.ChoiceFilter(
        label=_("Afficher"),
        choices=[("non-lues", _("Non lues")), ("lues", _("Lues"))],
        empty_label=_("Toutes"),
        method="by_state",
    )
    nature = django_filters.ChoiceFilter(
        label=_("Nature"),
        field_name="kind",
        choices=NotificationKind.choices,
        empty_label=_("Toutes"),
    )

    def by_state(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "non-lues")
