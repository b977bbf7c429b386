"""What funding brings to a committee's agenda (governance/agenda.py), registered in
FundingConfig.ready(): the jury's allocation, deliberated by the Commission Permanente
(seed 004 §6d: "Ces projets seront soumis à la délibération de la Commission Permanente")."""

from django.urls import reverse
from django.utils.translation import gettext as _

from funding.models import CallForApplications
from funding.services.calls import call_allocations_adopt
from governance.agenda import AgendaSource, Candidate, register
from governance.enums import AgendaKind, CommitteeKind, ItemOutcome


class AllocationSource(AgendaSource):
    kind = AgendaKind.ALLOCATION

    def pending(self, committee, user) -> list[Candidate]:
        if committee.kind != CommitteeKind.STANDING_COMMISSION:
            return []
        calls = (
            CallForApplications.objects.visible_to(user)
            .filter(
                publisher=committee.organisation_id,
                envelope__isnull=False,
                adopted_by__isnull=True,
            )
            .order_by("deadline", "pk")
        )
        return [
            Candidate(
                self.kind,
                call,
                _("Attribution des mesures après l'avis du jury : %(call)s") % {"call": call},
                reverse("funding:call_detail", args=[call.pk]),
            )
            for call in calls
        ]

    def apply(self, item, decision, by, **details) -> None:
        if item.outcome == ItemOutcome.ADOPTED:
            call_allocations_adopt(call=item.target, by=by, decision=decision)


def register_sources() -> None:
    register(AllocationSource())
