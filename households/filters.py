"""The filters of the household lists (django-filter); every queryset comes from selectors."""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.folding import fold
from common.pages import StableOrdering
from governance.enums import CommitteeKind, ItemOutcome, MeetingStatus
from governance.models import AgendaItem
from households.enums import (
    ContactMedium,
    HousingSituation,
    PriorityCriterion,
    ProjectStatus,
    ReferralStatus,
)
from households.models import InterventionProject, Referral
from households.selectors import mine
from partnerships.enums import Role
from partnerships.filters import period
from partnerships.models import Programme
from partnerships.perimeter import org_ids

YES = [("1", _("Oui"))]


class HouseholdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Référence ou nom"), method="search")
    suivis = django_filters.ChoiceFilter(
        label=_("Mes ménages seulement"), choices=YES, method="only_mine", empty_label=_("Non")
    )
    situation = django_filters.ChoiceFilter(
        field_name="housing_situation",
        label=_("Situation de logement"),
        choices=HousingSituation.choices,
        empty_label=_("Toutes"),
    )
    critere = django_filters.ChoiceFilter(
        label=_("Critère de priorité"),
        choices=PriorityCriterion.choices,
        empty_label=_("Tous"),
        method="with_criterion",
    )
    tri = StableOrdering(
        label=_("Trier par"),
        fields=(("reference", "reference"), ("created_at", "cree"), ("territory__name", "commune")),
        field_labels={
            "reference": _("Référence"),
            "created_at": _("Date d'enregistrement"),
            "territory__name": _("Commune"),
        },
        empty_label=_("Référence"),
    )

    def search(self, queryset, name, value):
        """Accents and case aside, as the site's search (`dupre` finds « Dupré »): the
        folded columns, each with its trigram index."""
        value = fold(value.strip())
        if not value:
            return queryset
        return queryset.filter(
            Q(reference_folded__contains=value)
            | Q(members__last_name_folded__contains=value)
            | Q(members__first_name_folded__contains=value)
        ).distinct()

    def only_mine(self, queryset, name, value):
        return mine(queryset, self.request.user) if value else queryset

    def with_criterion(self, queryset, name, value):
        """The households with this criterion, read from their copy of the criteria (issue
        15: no join with the criteria, no probe per household; priority_codes)."""
        return queryset.filter(priority_criteria__contains=f"|{value}|") if value else queryset


class ProjectFilter(django_filters.FilterSet):
    suivis = django_filters.ChoiceFilter(
        label=_("Mes projets seulement"), choices=YES, method="only_mine", empty_label=_("Non")
    )
    echeance = django_filters.ChoiceFilter(
        label=_("Bilan ou fin dans les 30 jours"),
        choices=YES,
        method="due_soon",
        empty_label=_("Non"),
    )
    retard = django_filters.ChoiceFilter(
        label=_("En retard de rencontres"),
        choices=YES,
        method="behind",
        empty_label=_("Non"),
    )
    a_faire = django_filters.ChoiceFilter(
        label=_("À faire"),
        choices=[
            ("bilan", _("Bilan intermédiaire dû ou en retard")),
            ("fin", _("Fin de l'accompagnement dans les 30 jours")),
            ("sans_rencontre", _("Sans rencontre depuis 30 jours")),
            ("accord", _("En attente de l'accord de ma structure")),
            ("actions", _("Actions bénévoles à mener")),
        ],
        method="to_do",
        empty_label=_("Tout"),
    )
    statut = django_filters.ChoiceFilter(
        field_name="status",
        label=_("Statut"),
        choices=ProjectStatus.choices,
        empty_label=_("Tous"),
    )
    dispositif = django_filters.ModelChoiceFilter(
        field_name="programme",
        label=_("Dispositif"),
        queryset=Programme.objects.all(),
        empty_label=_("Tous"),
    )
    tri = StableOrdering(
        label=_("Trier par"),
        fields=(
            ("planned_end", "fin"),
            ("review_due_on", "bilan"),
            ("start_date", "debut"),
            ("week_contacts", "rencontres"),
            ("household__reference", "menage"),
        ),
        field_labels={
            "planned_end": _("Fin prévue"),
            "review_due_on": _("Bilan intermédiaire dû"),
            "start_date": _("Début"),
            "week_contacts": _("Rencontres de la semaine"),
            "household__reference": _("Ménage"),
        },
        empty_label=_("Fin prévue"),
    )

    def only_mine(self, queryset, name, value):
        return mine(queryset, self.request.user, project_path="") if value else queryset

    def due_soon(self, queryset, name, value):
        return queryset.due_soon(timezone.localdate()) if value else queryset

    def behind(self, queryset, name, value):
        return queryset.behind_on_contacts(timezone.localdate()) if value else queryset

    def to_do(self, queryset, name, value):
        """The lines of the home page's "À faire" (portal/todo.py) link here."""
        today = timezone.localdate()
        if value == "bilan":
            return queryset.review_due(today)
        if value == "fin":
            return queryset.ending_within(today)
        if value == "sans_rencontre":
            return queryset.without_contact_since(today)
        if value == "accord":
            return queryset.awaiting_approval_of(org_ids(self.request.user, roles=[Role.DIRECTOR]))
        if value == "actions":
            return queryset.with_volunteer_actions_to_do()
        return queryset


class ReferralFilter(django_filters.FilterSet):
    statut = django_filters.ChoiceFilter(
        label=_("Statut"),
        choices=[("attente", _("En attente de décision")), *ReferralStatus.choices],
        method="by_status",
        empty_label=_("Tous"),
    )
    dispositif = django_filters.ModelChoiceFilter(
        field_name="programme",
        label=_("Dispositif demandé"),
        queryset=Programme.objects.all(),
        empty_label=_("Tous"),
    )
    a_faire = django_filters.ChoiceFilter(
        label=_("À faire"),
        choices=[
            ("operateur", _("Orientées, en attente de l'opérateur")),
            ("commission", _("Inscrites en commission des parcours complexes")),
        ],
        method="to_do",
        empty_label=_("Tout"),
    )
    tri = StableOrdering(
        label=_("Trier par"),
        fields=(("received_on", "reception"), ("household__reference", "menage")),
        field_labels={"received_on": _("Réception"), "household__reference": _("Ménage")},
        empty_label=_("Réception (plus anciennes d'abord)"),
    )

    def by_status(self, queryset, name, value):
        if value == "attente":
            return queryset.waiting()
        return queryset.filter(status=value) if value else queryset

    def to_do(self, queryset, name, value):
        """The coordinator's lines of the home page's "À faire" (portal/todo.py)."""
        if value == "operateur":
            # Oriented to an operator that has not yet proposed the project.
            # unscoped: narrows referrals already read through visible_to
            started = InterventionProject.objects.filter(referral=OuterRef("pk"))
            return queryset.filter(
                status=ReferralStatus.ORIENTED, orientation__operator__isnull=False
            ).exclude(Exists(started))
        if value == "commission":
            # seed 004 §4: waiting for a complex-cases commission that has it on the agenda of
            # a planned meeting, not yet decided.
            # unscoped: narrows referrals already read through visible_to
            listed = AgendaItem.objects.filter(
                target_type=ContentType.objects.get_for_model(Referral),
                target_id=OuterRef("pk"),
                outcome=ItemOutcome.PENDING,
                meeting__status=MeetingStatus.PLANNED,
                meeting__committee__kind=CommitteeKind.COMPLEX_CASES,
            )
            return queryset.waiting().filter(Exists(listed))
        return queryset


class ContactFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("du"), cleaned.get("au")
        if start and end and start > end:
            self.add_error("au", _("La fin de la période doit suivre son début."))
        return cleaned


class RecentFirstOrdering(django_filters.OrderingFilter):
    """The chosen order, then the primary key in the same direction: a stable page order that
    the index on (date, id) serves both ways."""

    def filter(self, queryset, value):
        if not value:
            return queryset
        ordering = [self.get_ordering_value(param) for param in value]
        tie = "-pk" if ordering[0].startswith("-") else "pk"
        return queryset.order_by(*ordering, tie)


class ContactFilter(django_filters.FilterSet):
    """The contacts list (issue 7); rows come from `selectors.contacts_for`."""

    du, au = period("happened_on")
    dispositif = django_filters.ModelChoiceFilter(
        field_name="project__programme",
        label=_("Dispositif"),
        queryset=Programme.objects.order_by("name"),
        empty_label=_("Tous"),
    )
    modalite = django_filters.ChoiceFilter(
        field_name="medium",
        label=_("Modalité"),
        choices=ContactMedium.choices,
        empty_label=_("Toutes"),
    )
    auteur = django_filters.ChoiceFilter(
        label=_("Mes rencontres seulement"),
        choices=YES,
        method="written_by_me",
        empty_label=_("Non"),
    )
    menage = django_filters.CharFilter(label=_("Référence du ménage"), method="by_household")
    tri = RecentFirstOrdering(
        label=_("Trier par"),
        # Only orders an index serves: sorting 400 000 contacts by duration took 190 ms.
        fields=(("happened_on", "date"), ("project__household__reference", "menage")),
        field_labels={"happened_on": _("Date"), "project__household__reference": _("Ménage")},
        empty_label=_("Les plus récentes d'abord"),
    )

    class Meta:
        form = ContactFilterForm

    def written_by_me(self, queryset, name, value):
        return queryset.filter(author=self.request.user) if value else queryset

    def by_household(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(project__household__reference__icontains=value)


class ReviewFilter(django_filters.FilterSet):
    """The reviews sent to the coordinator (seed 004 §7); rows from `selectors.reviews_sent_to`.
    Opened from the menu, the list holds those to read (`statut=a_lire`)."""

    statut = django_filters.ChoiceFilter(
        label=_("Lecture"),
        choices=[("a_lire", _("À lire")), ("lus", _("Lus"))],
        method="by_reading",
        empty_label=_("Tous"),
    )
    dispositif = django_filters.ModelChoiceFilter(
        field_name="project__programme",
        label=_("Dispositif"),
        queryset=Programme.objects.order_by("name"),
        empty_label=_("Tous"),
    )

    def by_reading(self, queryset, name, value):
        if value == "a_lire":
            return queryset.filter(acknowledged_on__isnull=True)
        if value == "lus":
            return queryset.filter(acknowledged_on__isnull=False)
        return queryset
