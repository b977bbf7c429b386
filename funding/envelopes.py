"""Per-measure envelopes (seed 004 §5): what a project consumes, and what is left.

The one home of the rule "5 000 € per person per year, children excluded even when of
age, for a year covering the 6-month accompaniment and its possible renewal", of the
allocation limits (45 measures = 20 Artois + 25 Lens-Hénin, then shared among operators)
and of the allocated / committed / remaining figures.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Max,
    Min,
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
from funding.errors import EnvelopeExceeded, EnvelopeMissing, FundingError
from funding.models import MeasureAllocation, MeasureEnvelope, MeasureReservation
from funding.rules import require
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
    # unscoped: correlated sum for rows the caller has already scoped
    rows = MeasureReservation.objects.filter(**lookups).order_by()
    rows = rows.values(total=Func(F("measures"), function="SUM"))
    return Coalesce(Subquery(rows), Value(0), output_field=IntegerField())


def _minus(left, right):
    return ExpressionWrapper(left - right, output_field=IntegerField())


def allocations_with_usage(queryset):
    """Each allocation with `committed` and `remaining` measures, in the same query.

    A territory's own allocation (no operator) is consumed by every project of the
    territory, whichever operator follows it; an operator's allocation by its projects.
    """
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


def envelopes_with_usage(queryset):
    """Envelopes with the measures given to territories, committed and remaining."""
    to_territories = (
        # unscoped: subquery bound to each row of the caller's scoped envelopes
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
        # unscoped: figures of an envelope loaded through visible_to by the caller
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
        # unscoped: figures of an envelope loaded through visible_to by the caller
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


def _check_envelope(
    *, label: str, period_start: dt.date, period_end: dt.date, measures: int, unit_cost: Decimal
) -> None:
    if not label.strip():
        raise FundingError(_("Indiquez le libellé de l'enveloppe."))
    if period_start is None or period_end is None:
        raise FundingError(_("Indiquez le début et la fin de la période."))
    if period_end < period_start:
        raise FundingError(
            _(
                "La période de l'enveloppe finit le %(end)s, avant de commencer le %(start)s : "
                "la fin de période suit son début."
            )
            % {"start": period_start.strftime("%d/%m/%Y"), "end": period_end.strftime("%d/%m/%Y")}
        )
    if measures is None or measures <= 0:
        raise FundingError(_("Le nombre de mesures de l'enveloppe doit être positif."))
    if unit_cost is None or unit_cost <= 0:
        raise FundingError(_("Le coût d'une mesure doit être positif."))


@transaction.atomic
def envelope_create(
    *,
    programme,
    funder,
    label: str,
    period_start: dt.date,
    period_end: dt.date,
    measures: int,
    unit_cost: Decimal,
    by,
    manager=None,
) -> MeasureEnvelope:
    """An envelope of measures (seed 004 §5: DIHAL, Sept 2019 – Dec 2020, 45 × 5 000 €),
    created by the staff of its funder or of the organisation that manages it."""
    envelope = MeasureEnvelope(
        programme=programme,
        funder=funder,
        manager=manager,
        label=label.strip(),
        period_start=period_start,
        period_end=period_end,
        measures=measures,
        unit_cost=unit_cost,
    )
    require(by, "funding.manage_envelope", envelope)
    _check_envelope(
        label=label,
        period_start=period_start,
        period_end=period_end,
        measures=measures,
        unit_cost=unit_cost,
    )
    as_author(envelope, by).save()
    return envelope


@transaction.atomic
def envelope_update(
    *,
    envelope: MeasureEnvelope,
    label: str,
    period_start: dt.date,
    period_end: dt.date,
    measures: int,
    unit_cost: Decimal,
    by,
    manager=None,
) -> MeasureEnvelope:
    """Correct an envelope; it never holds fewer measures than its territories received, and
    its period keeps the start of every project that consumes it."""
    # unscoped: service: funding.manage_envelope is checked on the next line
    envelope = MeasureEnvelope.objects.select_for_update().get(pk=envelope.pk)
    require(by, "funding.manage_envelope", envelope)
    _check_envelope(
        label=label,
        period_start=period_start,
        period_end=period_end,
        measures=measures,
        unit_cost=unit_cost,
    )
    allocated = (
        # unscoped: service: the envelope was checked with funding.manage_envelope
        MeasureAllocation.objects.filter(envelope=envelope, operator__isnull=True).aggregate(
            t=Sum("measures")
        )["t"]
        or 0
    )
    if measures < allocated:
        raise FundingError(
            _(
                "%(allocated)s mesures sont déjà allouées aux territoires : l'enveloppe ne peut "
                "pas descendre à %(measures)s."
            )
            % {"allocated": allocated, "measures": measures}
        )
    # unscoped: service: the envelope was checked with funding.manage_envelope
    starts = MeasureReservation.objects.filter(
        allocation__envelope=envelope, project__start_date__isnull=False
    ).aggregate(first=Min("project__start_date"), last=Max("project__start_date"))
    if starts["first"] and (starts["first"] < period_start or starts["last"] > period_end):
        raise FundingError(
            _(
                "Des projets qui consomment cette enveloppe ont commencé entre le %(first)s et "
                "le %(last)s : la période doit les couvrir."
            )
            % {
                "first": starts["first"].strftime("%d/%m/%Y"),
                "last": starts["last"].strftime("%d/%m/%Y"),
            }
        )
    envelope.label = label.strip()
    envelope.manager = manager
    envelope.period_start = period_start
    envelope.period_end = period_end
    envelope.measures = measures
    envelope.unit_cost = unit_cost
    # The staff who edit must keep the right to: a manager removed by its own staff would
    # leave the envelope to the funder alone, which is the funder's call, not theirs.
    require(by, "funding.manage_envelope", envelope)
    as_author(envelope, by).save()
    return envelope


@transaction.atomic
def allocation_set(*, envelope, territory, operator=None, measures: int, by) -> MeasureAllocation:
    """Give `measures` of the envelope to a territory, or within it to an operator.

    seed 004 §5: 45 measures shared 20 Artois / 25 Lens-Hénin, then among the operators of
    each territory; an allocation never goes below what its projects already consume.
    """
    # unscoped: service: funding.manage_envelope is checked on the next line
    envelope = MeasureEnvelope.objects.select_for_update().get(pk=envelope.pk)
    require(by, "funding.manage_envelope", envelope)
    if measures is None or measures < 0:
        raise FundingError(_("Le nombre de mesures ne peut pas être négatif."))
    # unscoped: service: the envelope was checked with funding.manage_envelope
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
        # unscoped: service: the envelope was checked with funding.manage_envelope
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


def project_start(project) -> dt.date:
    """The first day of the project's period: its start, or, before it starts, the day it is
    approved (an accompaniment never starts before its approval)."""
    return project.start_date or timezone.localdate()


def envelope_for(project) -> MeasureEnvelope | None:
    """The envelope of the project's programme whose period covers the project's start.

    seed 004 §5: the measure is counted once, for the year that covers the 6-month
    accompaniment and its renewal, in the envelope in force when it starts (Sept 2019 – Dec
    2020 for the ASRL). The most recent envelope wins if two overlap.
    """
    return _envelope_on(project, project_start(project))


def allocation_for(project) -> MeasureAllocation | None:
    """The allocation a project draws on: its own, or the one of its operator on the
    household's territory under the envelope covering the project's period."""
    if project.measure_allocation_id:
        return project.measure_allocation
    return _operator_allocation(project, envelope_for(project))


def _envelope_on(project, day: dt.date) -> MeasureEnvelope | None:
    return (
        # unscoped: the measure rule of a project a service approves or renews (seed 004 §5)
        MeasureEnvelope.objects.filter(
            programme=project.programme_id, period_start__lte=day, period_end__gte=day
        )
        .order_by("-period_start", "-pk")
        .first()
    )


def _operator_allocation(project, envelope) -> MeasureAllocation | None:
    if envelope is None:
        return None
    candidates = (
        # unscoped: the measure rule of a project a service approves (seed 004 §5)
        MeasureAllocation.objects.filter(envelope=envelope)
        .filter(Q(operator=project.operator_id) | Q(operator__isnull=True))
        .select_related("territory", "envelope")
    )
    path = project.household.territory.path
    matching = [a for a in candidates if path.startswith(a.territory.path)]
    # The operator's own share first, then the territory's undivided allocation.
    matching.sort(key=lambda a: (a.operator_id is None, -len(a.territory.path)))
    return matching[0] if matching else None


def _no_envelope_message(project) -> str:
    day = project_start(project)
    figures = {
        "programme": project.programme,
        "day": day.strftime("%d/%m/%Y"),
        "started": _("débute le") if project.start_date else _("serait validé le"),
    }
    latest = (
        # unscoped: dates of the programme's envelopes for the refusal message
        MeasureEnvelope.objects.filter(programme=project.programme_id)
        .order_by("-period_end", "-pk")
        .first()
    )
    if latest is None:
        text = _(
            "Aucune enveloppe de mesures n'existe pour le dispositif %(programme)s : ce projet, "
            "qui %(started)s %(day)s, ne peut réserver aucune mesure."
        )
    else:
        figures["start"] = latest.period_start.strftime("%d/%m/%Y")
        figures["end"] = latest.period_end.strftime("%d/%m/%Y")
        text = _(
            "Aucune enveloppe du dispositif %(programme)s ne couvre la période de ce projet, "
            "qui %(started)s %(day)s (la plus récente couvre du %(start)s au %(end)s) : "
            "aucune mesure ne peut être réservée."
        )
    return (
        (text % figures)
        + " "
        + _(
            "Seul un directeur de la structure opératrice peut le valider quand même, avec un "
            "motif écrit."
        )
    )


def _limits(allocation) -> list[tuple[object, int, int]]:
    """(who, measures, committed) of each allocation the project's measures count against,
    the rows locked so that two approvals at once cannot both take the last measure."""
    rows = list(
        # unscoped: service: locks the allocations the approved project counts against
        MeasureAllocation.objects.select_for_update(of=("self",))
        .filter(envelope=allocation.envelope_id, territory=allocation.territory_id)
        .select_related("territory", "operator")
    )
    reserved = dict(
        # unscoped: service: sums the locked allocations the project counts against
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
    # unscoped: service: the project's own reservation, checked by its approver
    if MeasureReservation.objects.filter(project=project).exists():
        return
    needed = measures_for(project)
    if not needed:
        return
    if not project.measure_allocation_id and envelope_for(project) is None:
        # seed 004 §5: no envelope covers the project's period, so no measure can be counted;
        # only a director of the operator lets it through, with a written reason.
        if project.operator_id not in org_ids(by, roles=[Role.DIRECTOR]):
            raise EnvelopeMissing(_no_envelope_message(project))
        if not override_reason.strip():
            raise EnvelopeMissing(
                _no_envelope_message(project) + " " + _("Indiquez le motif écrit.")
            )
        project.over_allocation_reason = override_reason.strip()
        as_author(project, by).save(update_fields=["over_allocation_reason"])
        return
    allocation = allocation_for(project)
    if allocation is None:
        raise FundingError(
            _(
                "Aucune mesure n'est allouée à %(operator)s sur le territoire de ce ménage "
                "pour le dispositif %(programme)s."
            )
            % {"operator": project.operator, "programme": project.programme}
        )
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


@transaction.atomic
def reserve_further_measures(*, project, by) -> MeasureReservation | None:
    """A new measure for a renewal beyond the ones the project's measure funds.

    seed 004 §5: « Le financement d'une mesure est de 5000€/personne/an (hors enfants même
    majeurs), soit un accompagnement de 6 mois et un éventuel renouvellement, pour la même
    durée »: a further renewal consumes the household's measures again (one per adult), from
    the operator's allocation of the envelope in force on the day it is agreed, within its
    count (never beyond: the envelope is the DIHAL's credits). None for a programme that
    counts no measures. The caller (households' project_renew_further) checks the agreement.
    """
    needed = measures_for(project)
    if not needed:
        return None
    day = timezone.localdate()
    allocation = _operator_allocation(project, _envelope_on(project, day))
    if allocation is None:
        raise FundingError(
            _(
                "Aucune mesure du dispositif %(programme)s n'est allouée à %(operator)s sur le "
                "territoire de ce ménage au %(day)s : le nouveau renouvellement ne peut "
                "consommer aucune mesure."
            )
            % {
                "programme": project.programme,
                "operator": project.operator,
                "day": day.strftime("%d/%m/%Y"),
            }
        )
    for label, measures, committed in _limits(allocation):
        remaining = measures - committed
        if needed > remaining:
            raise EnvelopeExceeded(
                _(
                    "Allocation épuisée : %(allocation)s dispose de %(measures)s mesures, dont "
                    "%(committed)s déjà engagées ; il en reste %(remaining)s et ce "
                    "renouvellement en demande %(needed)s (une par adulte du ménage)."
                )
                % {
                    "allocation": label,
                    "measures": measures,
                    "committed": committed,
                    "remaining": max(remaining, 0),
                    "needed": needed,
                }
            )
    # unscoped: service: the ranks of the project's own reservations
    ranks = MeasureReservation.objects.filter(project=project).aggregate(last=Max("rank"))
    reservation = MeasureReservation(
        project=project,
        allocation=allocation,
        measures=needed,
        reserved_by=by,
        rank=(ranks["last"] or 1) + 1,
    )
    as_author(reservation, by).save()
    return reservation
