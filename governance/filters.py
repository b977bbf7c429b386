"""Filters of the governance lists (django-filter); querysets come from visible_to()."""

import datetime as dt

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.pages import StableOrdering
from governance.enums import CommitteeKind, Frequency, MeetingStatus, PlanPeriod, ReportStatus
from partnerships.models import Convention

RECENT_DAYS = 30


def _conventions(request):
    if request is None:
        return Convention.objects.none()
    return Convention.objects.visible_to(request.user).order_by("reference")


class CommitteeFilter(django_filters.FilterSet):
    convention = django_filters.ModelChoiceFilter(
        label=_("Convention"), queryset=_conventions, empty_label=_("Toutes")
    )
    type = django_filters.ChoiceFilter(
        field_name="kind", label=_("Type"), choices=CommitteeKind.choices, empty_label=_("Tous")
    )
    frequence = django_filters.ChoiceFilter(
        field_name="frequency",
        label=_("Fréquence"),
        choices=Frequency.choices,
        empty_label=_("Toutes"),
    )
    tri = StableOrdering(
        label=_("Trier par"),
        fields=(("name", "nom"), ("convention__reference", "convention")),
        field_labels={"name": _("Nom"), "convention__reference": _("Convention")},
        empty_label=_("Nom"),
    )


class MeetingFilter(django_filters.FilterSet):
    convention = django_filters.ModelChoiceFilter(
        field_name="committee__convention",
        label=_("Convention"),
        queryset=_conventions,
        empty_label=_("Toutes"),
    )
    type = django_filters.ChoiceFilter(
        field_name="committee__kind",
        label=_("Instance"),
        choices=CommitteeKind.choices,
        empty_label=_("Toutes"),
    )
    statut = django_filters.ChoiceFilter(
        field_name="status", label=_("Statut"), choices=MeetingStatus.choices, empty_label=_("Tous")
    )
    annee = django_filters.NumberFilter(field_name="held_on", lookup_expr="year", label=_("Année"))
    tri = StableOrdering(
        label=_("Trier par"),
        fields=(("held_on", "date"), ("committee__name", "instance")),
        field_labels={"held_on": _("Date"), "committee__name": _("Instance")},
        empty_label=_("Les plus récentes d'abord"),
    )


class PlanFilter(django_filters.FilterSet):
    convention = django_filters.ModelChoiceFilter(
        label=_("Convention"), queryset=_conventions, empty_label=_("Toutes")
    )
    periode = django_filters.ChoiceFilter(
        field_name="period",
        label=_("Périodicité"),
        choices=PlanPeriod.choices,
        empty_label=_("Toutes"),
    )
    transmis = django_filters.BooleanFilter(
        field_name="transmitted_on", lookup_expr="isnull", exclude=True, label=_("Transmis")
    )
    tri = StableOrdering(
        label=_("Trier par"),
        fields=(("period_start", "debut"), ("convention__reference", "convention")),
        field_labels={
            "period_start": _("Début de période"),
            "convention__reference": _("Convention"),
        },
        empty_label=_("Les plus récents d'abord"),
    )


class ReportFilter(django_filters.FilterSet):
    convention = django_filters.ModelChoiceFilter(
        label=_("Convention"), queryset=_conventions, empty_label=_("Toutes")
    )
    statut = django_filters.ChoiceFilter(
        field_name="status", label=_("Statut"), choices=ReportStatus.choices, empty_label=_("Tous")
    )
    annee = django_filters.NumberFilter(field_name="year", label=_("Année"))
    a_faire = django_filters.ChoiceFilter(
        label=_("Récents"),
        choices=[("nouveaux", _("Validés depuis 30 jours"))],
        method="recent",
        empty_label=_("Tous"),
    )
    tri = StableOrdering(
        label=_("Trier par"),
        fields=(("year", "annee"), ("convention__reference", "convention")),
        field_labels={"year": _("Année"), "convention__reference": _("Convention")},
        empty_label=_("Les plus récents d'abord"),
    )

    def recent(self, queryset, name, value):
        """The reports a signatory partner has not seen yet: validated in the last 30 days."""
        if value != "nouveaux":
            return queryset
        since = timezone.localdate() - dt.timedelta(days=RECENT_DAYS)
        return queryset.filter(status=ReportStatus.VALIDATED, validated_on__gte=since)
