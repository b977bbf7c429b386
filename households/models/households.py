"""The household, its members and priority criteria, and the one definition of who may see it."""

from collections.abc import Iterable

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.expressions import AmongKeys
from common.folding import Fold
from households.enums import AccessReason, HousingSituation, PriorityCriterion, Relationship
from partnerships.enums import Role
from partnerships.perimeter import has_role, org_ids, territory_paths

FOLLOWING_ROLES = (Role.SOCIAL_WORKER, Role.DIRECTOR)

# Whom an access row admits — the perimeter below and the panel « Qui peut voir ce dossier »
# (households.readers, issue 16) read these two: a row naming a structure admits its members
# of STRUCTURE_READERS; a row naming a person admits them while they hold, somewhere, one of
# the roles of its reason.
STRUCTURE_READERS = FOLLOWING_ROLES
PERSON_READERS = {
    AccessReason.VOLUNTEER: (Role.VOLUNTEER,),
    AccessReason.HANDOVER: FOLLOWING_ROLES,
}


def person_reasons(user, *, professionals_only: bool = False, transition: bool = True) -> list:
    """The reasons of the access rows naming `user` that admit them."""
    return [
        reason
        for reason, roles in PERSON_READERS.items()
        if has_role(user, *roles)
        and not (professionals_only and reason == AccessReason.VOLUNTEER)
        and (transition or reason != AccessReason.HANDOVER)
    ]


def household_perimeter(
    user,
    *,
    professionals_only: bool = False,
    transition: bool = True,
    path: str = "",
    keys_first: bool = False,
) -> Q:
    """The one definition of which households a user may see (domain.md: the perimeter),
    read from the access table (HouseholdAccess, kept by the services) rather than computed:

    - social worker, director: households their organisation follows — referring structure,
      operator or partner structure of one of its projects, operator designated by an
      orientation decision;
    - volunteer: only the households of the projects they are assigned to;
    - a social worker or director given an access until a date (handover, issue 16), until
      that date, to read only: `transition=False` leaves it out (where the user may write);
    - coordinator: households of their territory (a column of the household, not stored);
    - department staff, signatory partner: none by name (aggregates only).

    `path` prefixes the lookups ("household__", "project__household__") for the rows that
    belong to a household. `keys_first` writes the same condition for a count led by the
    caseload's keys (common.expressions.AmongKeys). household_perimeter_computed is the same
    rule, computed.
    """

    nothing = Q(pk__in=[])
    if not getattr(user, "is_authenticated", False):
        return nothing
    if user.is_superuser:
        return Q()
    Territory = apps.get_model("partnerships", "Territory")
    condition = nothing
    accesses = _accesses(user, professionals_only=professionals_only, transition=transition)
    if accesses is not None:
        key = path.removesuffix("__") if path else "pk"
        # One semi-join on the access table, led by its index: a list costs the caseload.
        if keys_first:
            condition = Q(AmongKeys(key, accesses.values("household")))
        else:
            condition = Q(**{f"{key}__in": accesses.values("household")})
    for territory_path in territory_paths(user):
        within = Territory.objects.filter(path__startswith=territory_path).values("pk")
        condition |= Q(**{f"{path}territory__in": within})
    return condition


def _accesses(user, *, professionals_only: bool = False, transition: bool = True):
    """The rows of the access table that open households to the user (their organisation's,
    their own), or None when none can: the part of the perimeter the table stores."""
    # Looked up by name: the access model imports this module.
    HouseholdAccess = apps.get_model("households", "HouseholdAccess")
    following = org_ids(user, roles=STRUCTURE_READERS)
    # Issue 16: a former referent keeps, until a date, the file they handed over.
    personal = person_reasons(user, professionals_only=professionals_only, transition=transition)
    if not (following or personal):
        return None
    granted = Q(organisation__in=following) if following else Q(pk__in=[])
    if personal:
        granted |= Q(user=user, reason__in=personal)
    return HouseholdAccess.objects.filter(granted).filter(
        Q(until__isnull=True) | Q(until__gte=Now())
    )


def household_perimeter_computed(
    user, *, professionals_only: bool = False, transition: bool = True
) -> Q:
    """Which households a user may see, computed from the sources (domain.md: the perimeter).

    The definition the access table (HouseholdAccess) stores: household_perimeter reads the
    table, and a test checks that both answer the same for every user after every service.
    Too slow for pages (an OR of EXISTS evaluated on every household, issue 15).

    - social worker, director: households of their organisation, or co-followed by it
      (operator or partner structure of one of its projects, or operator designated by an
      orientation decision);
    - volunteer: only the households of the projects they are assigned to;
    - a former referent who is a social worker or director somewhere: the households of the
      projects they handed over, until the end of their transition access (issue 16);
    - coordinator: households of their territory;
    - department staff, signatory partner: none by name (aggregates only).
    """

    nothing = Q(pk__in=[])
    if not getattr(user, "is_authenticated", False):
        return nothing
    if user.is_superuser:
        return Q()
    # The projects and orientations build on the household: their models are looked up here
    # rather than imported, so that households.py imports neither.
    InterventionProject = apps.get_model("households", "InterventionProject")
    OrientationDecision = apps.get_model("households", "OrientationDecision")
    condition = nothing
    following = org_ids(user, roles=FOLLOWING_ROLES)
    if following:
        co_followed = InterventionProject.objects.filter(
            Q(operator__in=following) | Q(partners__in=following), household=OuterRef("pk")
        )
        # The operator an orientation designates follows the household from that decision on.
        oriented_to = OrientationDecision.objects.filter(
            operator__in=following, referral__household=OuterRef("pk")
        )
        condition |= Q(organisation__in=following) | Q(Exists(co_followed)) | Q(Exists(oriented_to))
        if transition:
            handed_over = apps.get_model("households", "ReferentChange").objects.filter(
                former_referent=user, project__household=OuterRef("pk"), access_until__gte=Now()
            )
            condition |= Q(Exists(handed_over))
    if not professionals_only and has_role(user, Role.VOLUNTEER):
        assigned = InterventionProject.objects.filter(volunteers=user, household=OuterRef("pk"))
        condition |= Q(Exists(assigned))
    for path in territory_paths(user):
        condition |= Q(territory__path__startswith=path)
    return condition


class HouseholdQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(household_perimeter(user))

    def counted_visible_to(self, user):
        """The households of visible_to(user), to be counted: the caseload's keys read
        first (issue 15: a social worker's households counted at 100 000 households read
        them all to keep 1 500, 13 ms; by their keys, 3.6 ms). Not for a page of rows, which
        its ordering's index leads."""
        return self.filter(household_perimeter(user, keys_first=True))

    def keys_visible_to(self, user):
        """The ids of the households of visible_to(user), as a subquery (`household_id IN
        …`, common.expressions.AmongKeys). When the user's perimeter is the access table's
        alone (no territory), the ids are read from that table's index without reading each
        household again (issue 15: 1 465 probes of the households' key, half of what a
        director's admin lists spent on their caseload at 100 000 households)."""
        if user.is_authenticated and not user.is_superuser and not territory_paths(user):
            accesses = _accesses(user)
            if accesses is None:
                return self.none().values("pk")
            return accesses.order_by().values("household").distinct()
        return self.visible_to(user).order_by().values("pk")

    def professionally_visible_to(self, user):
        """Households whose confidential notes the user may read (never volunteers)."""
        return self.filter(household_perimeter(user, professionals_only=True))

    def worked_on_by(self, user):
        """Households whose file the user may change: professionally visible, but never
        through a transition access alone (issue 16: the former referent reads only)."""
        return self.filter(household_perimeter(user, professionals_only=True, transition=False))


class HouseholdChildQuerySet(models.QuerySet):
    household_path = "household"

    def visible_to(self, user):
        return self.filter(household_perimeter(user, path=f"{self.household_path}__"))


class Household(models.Model):
    """Ménage, known by a pseudonymous reference; names live on its members only."""

    reference = models.CharField(_("référence"), max_length=30, unique=True)
    # The search's columns (common/folding.py): computed by the database on every write.
    reference_folded = models.GeneratedField(
        expression=Fold("reference"), output_field=models.TextField(), db_persist=True
    )
    # Issue 19: the reference the structure gave the household in its own spreadsheet, the
    # natural key of an import (re-importing the same file finds the same household).
    source_reference = models.CharField(
        _("référence dans le fichier de la structure"),
        max_length=60,
        blank=True,
        editable=False,
    )
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("structure référente"),
    )
    territory = models.ForeignKey(
        "partnerships.Territory",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("commune"),
    )
    housing_situation = models.CharField(
        _("situation de logement"), max_length=30, choices=HousingSituation.choices
    )
    informed_on = models.DateField(
        _("informé du traitement de ses données le"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    # Retention (households/retention.py): warned a month before, extended once, anonymised.
    retention_warned_on = models.DateField(
        _("référent prévenu de la fin de conservation le"), null=True, blank=True, editable=False
    )
    retention_extended_until = models.DateField(
        _("conservation prolongée jusqu'au"), null=True, blank=True, editable=False
    )
    retention_extension_reason = models.TextField(
        _("motif de la prolongation"), blank=True, editable=False
    )
    retention_extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("prolongée par"),
    )
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True, editable=False)
    # Optimistic locking (common/concurrency.py): a stale edit gets a conflict.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # The criteria of its HouseholdPriority rows, "|eviction|single_parent|" (issue 15), written
    # with them by the services (households.services.households.set_priorities): a list
    # filtered on a criterion reads it from the commune's index, without probing the
    # criteria of every household of the territory (3 196 probes for a coordinator at 100 000
    # households). The rows stay the record; this is their copy.
    priority_criteria = models.CharField(
        _("critères de priorité (copie)"), max_length=100, blank=True, default="", editable=False
    )

    # The folded columns and the copy of the criteria stay out of the history: the database
    # or the services write them, and the criteria have a history of their own rows.
    history = HistoricalRecords(excluded_fields=["reference_folded", "priority_criteria"])
    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("ménage")
        verbose_name_plural = _("ménages")
        ordering = ["reference"]
        # "Date d'enregistrement" order as an index (issue 15): the list walks the newest
        # households and stops at its page (1 ms) instead of sorting every household of the
        # filter (45 ms for 30 000 at 100 000 households).
        indexes = [
            models.Index(fields=["created_at", "id"], name="household_recent"),
            # A coordinator's list by situation (issue 15): the households of each commune of
            # the territory in that situation, not every household of the commune filtered
            # (a third fewer pages read at 100 000 households). On PostgreSQL it also holds
            # what the list filters on, sorts by and counts (criteria, reference, key): its
            # page of keys and its count read the index alone (an index-only scan: 11 000
            # pages read → 70 for a coordinator at 100 000 households, 5 ms → 0.7 ms).
            models.Index(
                fields=["territory", "housing_situation"],
                include=["priority_criteria", "reference", "id"],
                name="household_commune_situation",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source_reference"],
                condition=~Q(source_reference=""),
                name="household_source_reference_unique",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("households:household_detail", args=[self.pk])

    def family_name(self) -> str:
        """The members' surnames, each once, in the order of the members (issue 18: the
        household's name on its pages, so that a note does not land on the wrong family).
        Personal data: a page that shows it records a read (households.audit)."""
        names = []
        for member in self.members.all():
            name = member.last_name.strip()
            if name and name.upper() not in (n.upper() for n in names):
                names.append(name)
        return " – ".join(names)

    def adults_for_funding(self) -> int:
        # seed 004 §5: a child stays a child for funding, even when of age.
        return sum(1 for m in self.members.all() if m.relationship != Relationship.CHILD)


def priority_codes(criteria: Iterable[str]) -> str:
    """Household.priority_criteria for these criteria: each between bars, in order, so that
    `priority_criteria__contains="|eviction|"` finds one criterion and nothing else."""
    criteria = sorted(set(criteria))
    return f"|{'|'.join(criteria)}|" if criteria else ""


class HouseholdPriority(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("ménage")
    )
    criterion = models.CharField(_("critère"), max_length=30, choices=PriorityCriterion.choices)

    objects = HouseholdChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("critère de priorité")
        verbose_name_plural = _("critères de priorité")
        constraints = [
            models.UniqueConstraint(fields=["household", "criterion"], name="priority_unique"),
        ]

    def __str__(self):
        return self.get_criterion_display()


class Member(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("ménage")
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    relationship = models.CharField(_("lien"), max_length=20, choices=Relationship.choices)
    # The search's columns (common/folding.py): computed by the database on every write,
    # the anonymisation's included. TextField: unaccent may lengthen a name (« Œ » → « oe »).
    first_name_folded = models.GeneratedField(
        expression=Fold("first_name"), output_field=models.TextField(), db_persist=True
    )
    last_name_folded = models.GeneratedField(
        expression=Fold("last_name"), output_field=models.TextField(), db_persist=True
    )

    history = HistoricalRecords(excluded_fields=["first_name_folded", "last_name_folded"])
    objects = HouseholdChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("membre du ménage")
        verbose_name_plural = _("membres du ménage")
        ordering = ["household", "pk"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def clean(self):
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError(
                {"birth_date": _("La date de naissance ne peut pas être dans le futur.")}
            )
