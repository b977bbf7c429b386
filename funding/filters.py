"""Filters of the money lists (django-filter), French labels."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.pages import SortFilter
from funding.enums import ApplicationStatus, InstalmentStatus, SubsidyRequestStatus
from funding.models import (
    Application,
    BudgetLine,
    CallForApplications,
    CoFundingPlan,
    Grant,
    Instalment,
    MeasureEnvelope,
    SubsidyRequest,
)
from partnerships.enums import Role
from partnerships.models import Convention, Organisation, Territory
from partnerships.perimeter import org_ids


def funders(request):
    if request is None:
        return Organisation.objects.none()
    # unscoped: funders of the user's visible grants only (subquery below)
    return Organisation.objects.filter(
        pk__in=Grant.objects.visible_to(request.user).values("funder")
    ).order_by("name")


def territories(request):
    return Territory.objects.order_by("path")


def within_territory(queryset, prefix: str, territory):
    """Rows whose convention covers the territory or a place inside it.

    Through a subquery, not a join: a convention on two territories must not count twice.
    """
    if not territory:
        return queryset
    # unscoped: narrows an already scoped queryset; no convention row is shown
    covering = Convention.objects.filter(territories__path__startswith=territory.path)
    return queryset.filter(**{f"{prefix}convention__in": covering.values("pk")})


class InstalmentFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="year", label=_("Exercice"))
    status = django_filters.ChoiceFilter(choices=InstalmentStatus.choices, label=_("Statut"))
    funder = django_filters.ModelChoiceFilter(
        field_name="grant__funder", queryset=funders, label=_("Financeur")
    )
    territory = django_filters.ModelChoiceFilter(
        queryset=territories, label=_("Territoire"), method="filter_territory"
    )
    due_before = django_filters.DateFilter(
        field_name="due_on",
        lookup_expr="lte",
        label=_("Exigible au plus tard le"),
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    q = django_filters.CharFilter(label=_("Convention ou bénéficiaire"), method="filter_q")

    tri = SortFilter(
        # Late instalments first, then by date, « Non exigible » last (issue 18):
        # `late_rank` is annotated by funding.selectors.with_lateness.
        columns={
            "due_on": ("late_rank", "due_on"),
            "year": ("year", "position"),
            "beneficiary": "grant__beneficiary__name",
            "amount": "amount",
            "status": "status",
        },
        default="due_on",
    )

    class Meta:
        model = Instalment
        fields = []

    def filter_territory(self, queryset, name, value):
        return within_territory(queryset, "grant__", value)

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(grant__convention__reference__icontains=value)
            | Q(grant__beneficiary__name__icontains=value)
            | Q(grant__beneficiary__short_name__icontains=value)
        )


class DashboardFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="year", label=_("Exercice"))
    funder = django_filters.ModelChoiceFilter(
        field_name="grant__funder", queryset=funders, label=_("Financeur")
    )
    territory = django_filters.ModelChoiceFilter(
        queryset=territories, label=_("Territoire"), method="filter_territory"
    )

    class Meta:
        model = Instalment
        fields = []

    def filter_territory(self, queryset, name, value):
        return within_territory(queryset, "grant__", value)


class GrantFilter(django_filters.FilterSet):
    funder = django_filters.ModelChoiceFilter(queryset=funders, label=_("Financeur"))
    q = django_filters.CharFilter(label=_("Convention ou bénéficiaire"), method="filter_q")

    # The list's queryset carries the totals (Grant.objects.with_totals()).
    tri = SortFilter(
        columns={
            "convention": "convention__reference",
            "beneficiary": "beneficiary__name",
            "total": "total",
            "paid": "paid",
            "net": "net_received",
        },
        default="convention",
    )

    class Meta:
        model = Grant
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(convention__reference__icontains=value)
            | Q(beneficiary__name__icontains=value)
            | Q(beneficiary__short_name__icontains=value)
        )


class BudgetLineFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Exercice"))
    q = django_filters.CharFilter(label=_("Code, imputation ou libellé"), method="filter_q")

    # The list's queryset carries the figures (BudgetLine.objects.with_figures()).
    tri = SortFilter(
        columns={
            "code": ("operation_code", "imputation"),
            "year": "year",
            "ae": "commitment_authorisation",
            "proposed": "proposed",
            "balance": "balance",
        },
        default="-year",
    )

    class Meta:
        model = BudgetLine
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(operation_code__icontains=value)
            | Q(imputation__icontains=value)
            | Q(label__icontains=value)
        )


class CoFundingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Action ou convention"), method="filter_q")
    balanced = django_filters.BooleanFilter(
        label=_("Équilibré"), method="filter_balanced", widget=django_filters.widgets.BooleanWidget
    )

    tri = SortFilter(columns={"label": "label", "cost": "cost", "gap": "gap"}, default="label")

    class Meta:
        model = CoFundingPlan
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(label__icontains=value) | Q(convention__reference__icontains=value)
        )

    def filter_balanced(self, queryset, name, value):
        return queryset.filter(gap=0) if value else queryset.exclude(gap=0)


class EnvelopeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="label", lookup_expr="icontains", label=_("Libellé"))

    # The list's queryset carries the usage (funding.envelopes.envelopes_with_usage()).
    tri = SortFilter(
        columns={
            "label": "label",
            "start": "period_start",
            "measures": "measures",
            "committed": "committed",
            "remaining": "remaining",
        },
        default="-start",
    )

    class Meta:
        model = MeasureEnvelope
        fields = []


class CallFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Intitulé"))
    a_faire = django_filters.ChoiceFilter(
        label=_("À faire"),
        choices=[
            ("depot", _("Candidature de ma structure à déposer")),
            ("notation", _("Candidatures déposées à examiner")),
        ],
        method="to_do",
        empty_label=_("Tout"),
    )

    tri = SortFilter(columns={"deadline": "deadline", "title": "title"}, default="-deadline")

    class Meta:
        model = CallForApplications
        fields = []

    def to_do(self, queryset, name, value):
        """The lines of the home page's "À faire" (portal/todo.py)."""
        user = self.request.user
        if value == "depot":
            # seed 004 §6: a file in constitution can be completed until the deadline.
            directed = list(org_ids(user, roles=[Role.DIRECTOR]))
            # unscoped: the user's own structures' files (organisation__in)
            drafts = Application.objects.filter(
                organisation__in=directed, status=ApplicationStatus.DRAFT
            )
            return queryset.filter(deadline__gt=timezone.now(), pk__in=drafts.values("call"))
        if value == "notation":
            # Submitted files of the calls my structure publishes or judges (seed 004 §6).
            mine = list(org_ids(user))
            # unscoped: files of the calls the user's structures publish or judge
            submitted = Application.objects.filter(status=ApplicationStatus.SUBMITTED).filter(
                Q(call__publisher__in=mine) | Q(call__jury__members__organisation__in=mine)
            )
            return queryset.filter(pk__in=submitted.values("call"))
        return queryset


class SubsidyRequestFilter(django_filters.FilterSet):
    """seed 002 §VI: the annual requests, by year and by status."""

    year = django_filters.NumberFilter(field_name="year", label=_("Exercice"))
    status = django_filters.ChoiceFilter(
        field_name="status", choices=SubsidyRequestStatus.choices, label=_("Statut")
    )
    tri = SortFilter(
        columns={"year": "year", "asked": "amount_requested", "applicant": "applicant__name"},
        default="-year",
    )

    class Meta:
        model = SubsidyRequest
        fields = []
