"""What households brings to a committee's agenda (governance/agenda.py), registered in
HouseholdsConfig.ready(): the joint projects the COPIL agrees (seed 000 art. IV), the
referrals a complex-cases commission orients (seed 004 §4) and the renewals the end-of-term
review asks for (seed 004 §4: "renouvelable")."""

from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.agenda import AgendaSource, Candidate, register
from governance.enums import AgendaKind, CommitteeKind, ItemOutcome
from households.enums import OrientationOutcome, ProjectStatus, Recommendation, ReviewKind
from households.errors import HouseholdError
from households.models import InterventionProject, Referral, Review
from households.notifications import committee_decided
from households.services.projects import (
    project_approve_in_committee,
    project_renew_in_committee,
    project_renewal_refuse_in_committee,
)
from households.services.referrals import orientation_decide


class FileSource(AgendaSource):
    """A source whose items are a household's file: its decision is told to the file's
    referent (issue 16, households.notifications.committee_decided)."""

    def decided(self, item, decision, by) -> None:
        committee_decided(
            item.target,
            _("%(committee)s : %(title)s — %(outcome)s")
            % {
                "committee": decision.meeting.committee,
                "title": item.title,
                "outcome": item.get_outcome_display().lower(),
            },
            by,
        )


class ProjectAgreementSource(FileSource):
    """seed 000 art. IV: the COPIL of the joint convention agrees each household follow-up,
    on the agreement of each structure."""

    kind = AgendaKind.PROJECT_AGREEMENT

    def pending(self, committee, user) -> list[Candidate]:
        if committee.kind != CommitteeKind.STEERING or committee.convention_id is None:
            return []
        projects = (
            InterventionProject.objects.visible_to(user)
            .filter(
                status=ProjectStatus.PROPOSED,
                programme__convention=committee.convention_id,
                programme__requires_each_partner_approval=True,
            )
            .select_related("household", "programme")
            .order_by("pk")
        )
        return [
            Candidate(
                self.kind,
                project,
                _("Suivi conjoint du ménage %(household)s (%(programme)s)")
                % {"household": project.household, "programme": project.programme},
                reverse("households:project_detail", args=[project.pk]),
            )
            for project in projects
        ]

    def apply(self, item, decision, by, organisations=(), **details) -> None:
        if item.outcome == ItemOutcome.ADOPTED:
            project_approve_in_committee(
                project=item.target, by=by, decision=decision, organisations=organisations
            )


class OrientationSource(FileSource):
    """seed 004 §4: "L'orientation ASRL peut également être décidée à l'issue d'une
    commission des parcours complexes Logement d'abord"."""

    kind = AgendaKind.ORIENTATION

    def pending(self, committee, user) -> list[Candidate]:
        if committee.kind != CommitteeKind.COMPLEX_CASES:
            return []
        referrals = (
            Referral.objects.visible_to(user)
            .waiting()
            .select_related("household", "programme")
            .order_by("received_on", "pk")
        )
        if committee.convention_id:
            referrals = referrals.filter(programme__convention=committee.convention_id)
        return [
            Candidate(
                self.kind,
                referral,
                _("Orientation du ménage %(household)s (%(programme)s)")
                % {"household": referral.household, "programme": referral.programme},
                reverse("households:referral_detail", args=[referral.pk]),
            )
            for referral in referrals
        ]

    def apply(self, item, decision, by, operator=None, **details) -> None:
        if item.outcome == ItemOutcome.ADOPTED:
            if operator is None:
                raise HouseholdError(_("Une orientation validée désigne la structure opératrice."))
            orientation_decide(
                referral=item.target,
                by=by,
                outcome=OrientationOutcome.ORIENTED,
                operator=operator,
                meeting=decision.meeting,
            )
        else:
            orientation_decide(
                referral=item.target,
                by=by,
                outcome=OrientationOutcome.REFUSED,
                meeting=decision.meeting,
                reason=decision.text or _("Refusée en commission des parcours complexes."),
            )


class RenewalSource(FileSource):
    """seed 004 §4: "La durée de l'accompagnement est de 6 mois, avec bilan intermédiaire à 3
    mois, renouvelable" — "Un bilan d'accompagnement est également réalisé à échéance, en
    amont d'un éventuel renouvellement". The referent's end-of-term review recommending the
    renewal is the request, its assessment the reason; the project waits in review for the
    committee whose remit it is (renewal_committee_fits): the COPIL of a joint programme's
    convention, the complex-cases commission otherwise. Projects that used the renewals their
    measures fund (ASRL: one a measure) are not listed: a further renewal consumes a new
    measure, with the coordinator's agreement (project_renew_further, seed 004 §5)."""

    kind = AgendaKind.RENEWAL

    def pending(self, committee, user) -> list[Candidate]:
        if committee.kind == CommitteeKind.STEERING and committee.convention_id:
            remit = Q(
                programme__convention=committee.convention_id,
                programme__requires_each_partner_approval=True,
            )
        elif committee.kind == CommitteeKind.COMPLEX_CASES:
            remit = Q(programme__requires_each_partner_approval=False)
            if committee.convention_id:
                remit &= Q(programme__convention=committee.convention_id)
        else:
            return []
        last_end_of_term = (
            # unscoped: the reviews of the projects read through visible_to just below
            Review.objects.filter(project=OuterRef("pk"), kind=ReviewKind.END_OF_TERM)
            .order_by("-held_on", "-pk")
            .values("recommendation")[:1]
        )
        projects = (
            InterventionProject.objects.visible_to(user)
            .filter(remit, status=ProjectStatus.IN_REVIEW, renewal_refused_by__isnull=True)
            .filter(
                Q(programme__renewals_allowed__isnull=True)
                | Q(renewals_used__lt=F("programme__renewals_allowed") + F("extra_renewals"))
            )
            .annotate(asked=Subquery(last_end_of_term))
            .filter(asked=Recommendation.RENEW)
            .select_related("household", "programme")
            .order_by("planned_end", "pk")
        )
        return [
            Candidate(
                self.kind,
                project,
                _("Renouvellement de l'accompagnement du ménage %(household)s (%(programme)s)")
                % {"household": project.household, "programme": project.programme},
                reverse("households:project_detail", args=[project.pk]),
            )
            for project in projects
        ]

    def apply(self, item, decision, by, **details) -> None:
        if item.outcome == ItemOutcome.ADOPTED:
            project_renew_in_committee(project=item.target, by=by, decision=decision)
        else:
            project_renewal_refuse_in_committee(project=item.target, by=by, decision=decision)


def register_sources() -> None:
    register(ProjectAgreementSource())
    register(OrientationSource())
    register(RenewalSource())
