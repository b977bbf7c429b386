"""Per-measure envelopes (seed 004 §5): what a project consumes, and what is left.

The one home of the rule "5 000 € per person per year, children excluded even when of
age, for a year covering the 6-month accompaniment and its possible renewal", of the
allocation limits (45 measures = 20 Artois + 25 Lens-Hénin, then shared among operators)
and of the allocated / committed / remaining figures.
"""

from django.db import transaction
from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import as_author
from funding.errors import EnvelopeExceeded, FundingError
from funding.models import MeasureAllocation, MeasureEnvelope, MeasureReservation
from partnerships.enums import Role
from partnerships.perimeter import org_ids


def measures_for(project) -> int:
    """Measures a project consumes for its year (6 months + the possible renewal)."""
    # seed 004 §5: one measure per adult of the household; children never count, even of age.
    if not project.programme.counts_measures:
        return 0
    return project.household.adults_for_funding()


def _reserved(**lookups):
    """Correlated SUM of reserved measures (0 without any row), for annotations."""
    rows = MeasureReservation.objects.filter(**lookups).order_by()
    rows = rows.values(total=Func(F("measures"), function="SUM"))
    return Coalesce(Subquery(rows), Value(0), output_field=IntegerField())


def _minus(left, right):
    return ExpressionWrapper(left - right, output_field=IntegerField())


def allocations_with_usage(queryset=None):
    """Each allocation with `committed` and `remaining` measures, in the same query.

    A territory's own allocation (no operator) is consumed by every project of the
    territory, whichever operator follows it; an operator's allocation by its projects.
    """
    queryset = MeasureAllocation.objects.all() if queryset is None else queryset
    return queryset.annotate(
        committed=Case(
            When(
                operator__isnull=True,
                then=_reserved(
                    allocation__envelope=OuterRef("envelope"),
                    allocation__territory=OuterRef("territory"),
                ),
            ),
            default=_reserved(allocation=OuterRef("pk")),
            output_field=IntegerField(),
        )
    ).annotate(remaining=_minus(F("measures"), F("committed")))


def envelopes_with_usage(queryset=None):
    """Envelopes with the measures given to territories, committed and remaining."""
    queryset = MeasureEnvelope.objects.all() if queryset is None else queryset
    to_territories = (
        MeasureAllocation.objects.filter(envelope=OuterRef("pk"), operator__isnull=True)
        .order_by()
        .values(total=Func(F("measures"), function="SUM"))
    )
    return queryset.annotate(
        allocated=Coalesce(Subquery(to_territories), Value(0), output_field=IntegerField()),
        committed=_reserved(allocation__envelope=OuterRef("pk")),
    ).annotate(remaining=_minus(F("measures"), F("committed")))


def territory_usage(envelope) -> list[dict]:
    """Allocated / committed / remaining per territory, one grouped query."""
    rows = (
        MeasureAllocation.objects.filter(envelope=envelope)
        .values("territory", "territory__name")
        .annotate(
            allocated=Coalesce(
                Sum("measures", filter=Q(operator__isnull=True)),
                Sum("measures", filter=Q(operator__isnull=False)),
                Value(0),
                output_field=IntegerField(),
            ),
            to_operators=Coalesce(
                Sum("measures", filter=Q(operator__isnull=False)),
                Value(0),
                output_field=IntegerField(),
            ),
            committed=_reserved(
                allocation__envelope=envelope.pk, allocation__territory=OuterRef("territory")
            ),
        )
        .annotate(remaining=_minus(F("allocated"), F("committed")))
        .order_by("territory__name")
    )
    return list(rows)


def operator_usage(envelope) -> list[dict]:
    """Allocated / committed / remaining per operator, one grouped query."""
    rows = (
        MeasureAllocation.objects.filter(envelope=envelope, operator__isnull=False)
        .values("operator", "operator__name", "territory__name")
        .annotate(
            allocated=Sum("measures"),
            committed=_reserved(
                allocation__envelope=envelope.pk,
                allocation__territory=OuterRef("territory"),
                project__operator=OuterRef("operator"),
            ),
        )
        .annotate(remaining=_minus(F("allocated"), F("committed")))
        .order_by("territory__name", "operator__name")
    )
    return list(rows)


@transaction.atomic
def allocation_set(*, envelope, territory, operator=None, measures: int, by) -> MeasureAllocation:
    """Give `measures` of the envelope to a territory, or within it to an operator.

    seed 004 §5: 45 measures shared 20 Artois / 25 Lens-Hénin, then among the operators of
    each territory; an allocation never goes below what its projects already consume.
    """
    envelope = MeasureEnvelope.objects.select_for_update().get(pk=envelope.pk)
    if measures < 0:
        raise FundingError(_("Le nombre de mesures ne peut pas être négatif."))
    siblings = MeasureAllocation.objects.filter(envelope=envelope)
    if operator is None:
        others = (
            siblings.filter(operator__isnull=True)
            .exclude(territory=territory)
            .aggregate(t=Sum("measures"))["t"]
            or 0
        )
        if others + measures > envelope.measures:
            raise FundingError(
                _(
                    "L'enveloppe compte %(total)s mesures, dont %(others)s déjà allouées à "
                    "d'autres territoires : %(territory)s peut en recevoir %(left)s au plus."
                )
                % {
                    "total": envelope.measures,
                    "others": others,
                    "territory": territory,
                    "left": envelope.measures - others,
                }
            )
        shared = (
            siblings.filter(territory=territory, operator__isnull=False).aggregate(
                t=Sum("measures")
            )["t"]
            or 0
        )
        if measures < shared:
            raise FundingError(
                _(
                    "%(shared)s mesures de %(territory)s sont déjà réparties entre opérateurs : "
                    "l'allocation du territoire ne peut pas descendre sous ce nombre."
                )
                % {"shared": shared, "territory": territory}
            )
    else:
        parent = siblings.filter(territory=territory, operator__isnull=True).first()
        if parent is None:
            raise FundingError(
                _("Allouez d'abord des mesures au territoire %(territory)s.")
                % {"territory": territory}
            )
        others = (
            siblings.filter(territory=territory, operator__isnull=False)
            .exclude(operator=operator)
            .aggregate(t=Sum("measures"))["t"]
            or 0
        )
        if others + measures > parent.measures:
            raise FundingError(
                _(
                    "%(territory)s dispose de %(total)s mesures, dont %(others)s déjà réparties : "
                    "%(operator)s peut en recevoir %(left)s au plus."
                )
                % {
                    "territory": territory,
                    "total": parent.measures,
                    "others": others,
                    "operator": operator,
                    "left": parent.measures - others,
                }
            )
    allocation = siblings.filter(territory=territory, operator=operator).first()
    if allocation is not None:
        committed = allocations_with_usage(MeasureAllocation.objects.filter(pk=allocation.pk))
        used = committed.values_list("committed", flat=True).get()
        if measures < used:
            raise FundingError(
                _(
                    "%(used)s mesures de cette allocation sont déjà consommées par des projets : "
                    "elle ne peut pas descendre sous ce nombre."
                )
                % {"used": used}
            )
    else:
        allocation = MeasureAllocation(envelope=envelope, territory=territory, operator=operator)
    allocation.measures = measures
    as_author(allocation, by).save()
    return allocation


def allocation_for(project) -> MeasureAllocation | None:
    """The allocation a project draws on: its own, or the one of its operator on the
    household's territory under an envelope of its programme covering its start."""
    if project.measure_allocation_id:
        return project.measure_allocation
    day = project.start_date or timezone.localdate()
    candidates = (
        MeasureAllocation.objects.filter(
            envelope__programme=project.programme_id,
            envelope__period_start__lte=day,
            envelope__period_end__gte=day,
        )
        .filter(Q(operator=project.operator_id) | Q(operator__isnull=True))
        .select_related("territory", "envelope")
    )
    path = project.household.territory.path
    matching = [a for a in candidates if path.startswith(a.territory.path)]
    # The operator's own share first, then the territory's undivided allocation.
    matching.sort(key=lambda a: (a.operator_id is None, -len(a.territory.path)))
    return matching[0] if matching else None


def _envelope_covers(project) -> bool:
    day = project.start_date or timezone.localdate()
    return MeasureEnvelope.objects.filter(
        programme=project.programme_id, period_start__lte=day, period_end__gte=day
    ).exists()


def _limits(allocation) -> list[tuple[object, int, int]]:
    """(who, measures, committed) of each allocation the project's measures count against,
    the rows locked so that two approvals at once cannot both take the last measure."""
    rows = list(
        MeasureAllocation.objects.select_for_update(of=("self",))
        .filter(envelope=allocation.envelope_id, territory=allocation.territory_id)
        .select_related("territory", "operator")
    )
    reserved = dict(
        MeasureReservation.objects.filter(allocation__in=[r.pk for r in rows])
        .values_list("allocation")
        .annotate(total=Sum("measures"))
    )
    territory = next((r for r in rows if r.operator_id is None), None)
    limits = []
    if allocation.operator_id is not None:
        limits.append((allocation.operator, allocation.measures, reserved.get(allocation.pk, 0)))
        if territory is not None:
            limits.append((territory.territory, territory.measures, sum(reserved.values())))
    elif territory is not None:
        shared = sum(r.measures for r in rows if r.operator_id is not None)
        label = _("la part non répartie de %(territory)s") % {"territory": territory.territory}
        limits.append((label, territory.measures - shared, reserved.get(territory.pk, 0)))
    return limits


@transaction.atomic
def reserve_measures(*, project, by, override_reason: str = "") -> None:
    """Consume the project's measures from its allocation when it is approved.

    seed 004 §5: refused when the allocation would be exceeded, unless a director of the
    operator overrides it with a written reason, kept on the project and in its history.
    Idempotent: a renewal stays within the year already counted.
    """
    if MeasureReservation.objects.filter(project=project).exists():
        return
    needed = measures_for(project)
    if not needed:
        return
    allocation = allocation_for(project)
    if allocation is None:
        if _envelope_covers(project):
            raise FundingError(
                _(
                    "Aucune mesure n'est allouée à %(operator)s sur le territoire de ce ménage "
                    "pour le dispositif %(programme)s."
                )
                % {"operator": project.operator, "programme": project.programme}
            )
        return
    for label, measures, committed in _limits(allocation):
        remaining = measures - committed
        if needed <= remaining:
            continue
        figures = {
            "allocation": label,
            "measures": measures,
            "committed": committed,
            "remaining": max(remaining, 0),
            "needed": needed,
        }
        if project.operator_id not in org_ids(by, roles=[Role.DIRECTOR]):
            raise EnvelopeExceeded(
                _(
                    "Allocation dépassée : %(allocation)s dispose de %(measures)s mesures, dont "
                    "%(committed)s déjà engagées ; il en reste %(remaining)s et ce projet en "
                    "demande %(needed)s (une par adulte du ménage). Seul un directeur de la "
                    "structure opératrice peut passer outre, avec un motif écrit."
                )
                % figures
            )
        if not override_reason.strip():
            raise EnvelopeExceeded(
                _(
                    "Allocation dépassée : %(allocation)s dispose de %(measures)s mesures, dont "
                    "%(committed)s déjà engagées ; il en reste %(remaining)s et ce projet en "
                    "demande %(needed)s. Indiquez le motif écrit du dépassement."
                )
                % figures
            )
        break
    else:
        override_reason = ""
    reservation = MeasureReservation(
        project=project,
        allocation=allocation,
        measures=needed,
        reserved_by=by,
        over_allocation_reason=override_reason.strip(),
    )
    as_author(reservation, by).save()
    project.measure_allocation = allocation
    fields = ["measure_allocation"]
    if override_reason.strip():
        project.over_allocation_reason = override_reason.strip()
        fields.append("over_allocation_reason")
    as_author(project, by).save(update_fields=fields)
