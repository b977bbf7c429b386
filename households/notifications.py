"""Who is told of what happens to a household's file (issue 16), called by the services that
own each event, inside their transaction (partnerships.services.notify keeps the rows
with the transaction and e-mails after the commit).

Titles name the household by its reference and the programme, never by a member's name nor
a note: they are what the e-mails carry. `notify` keeps only the recipients who see the
object through its perimeter.
"""

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from households.models import (
    FOLLOWING_ROLES,
    InterventionProject,
    OrientationDecision,
    ReferentChange,
    Referral,
)
from partnerships.enums import PARTNER_PRESCRIBER_ROLES, NotificationKind, Role
from partnerships.models import Membership
from partnerships.services import notify


def members_of(organisation_ids: Iterable[int], roles: Iterable[str]) -> list:
    """The active people holding one of `roles` in these organisations."""
    memberships = (
        # unscoped: candidate recipients only; notify() keeps those who see the object
        Membership.objects.active()
        .filter(organisation__in=list(organisation_ids), role__in=list(roles))
        .select_related("user")
        .order_by("user_id")
    )
    return list({m.user_id: m.user for m in memberships}.values())


def _day(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _project_url(project: InterventionProject) -> str:
    return reverse("households:project_detail", args=[project.pk])


def _referral_url(referral: Referral) -> str:
    return reverse("households:referral_detail", args=[referral.pk])


# ----------------------------------------------------------------------------- referrals
def referral_received(referral: Referral, by) -> None:
    """The coordinators who orient it (those of the household's territory see it) and the
    referring structure are told the referral was received."""
    path = referral.household.territory.path if referral.household.territory_id else ""
    coordinators = [
        m.user
        # unscoped: candidate recipients only; notify() keeps those who see the object
        for m in Membership.objects.active()
        .filter(role=Role.COORDINATOR, territory__isnull=False)
        .select_related("user", "territory")
        .order_by("user_id")
        if path.startswith(m.territory.path)
    ]
    referrers = members_of([referral.referred_by_id], FOLLOWING_ROLES)
    notify(
        recipients=[*coordinators, *referrers],
        kind=NotificationKind.REFERRAL_RECEIVED,
        title=_("Saisine reçue pour le ménage %(ref)s (%(programme)s)")
        % {"ref": referral.household.reference, "programme": referral.programme},
        obj=referral,
        url=_referral_url(referral),
        reference=referral.household.reference,
        by=by,
    )


def referral_oriented(decision: OrientationDecision, by) -> None:
    """The referring structure hears of the decision; the operator designated, that a
    household is oriented to it."""
    referral = decision.referral
    recipients = members_of([referral.referred_by_id], FOLLOWING_ROLES)
    if decision.operator_id:
        recipients += members_of([decision.operator_id], [Role.DIRECTOR, Role.COORDINATOR])
    title = _("Saisine du ménage %(ref)s : %(outcome)s%(operator)s") % {
        "ref": referral.household.reference,
        "outcome": decision.get_outcome_display().lower(),
        "operator": f" vers {decision.operator}" if decision.operator_id else "",
    }
    notify(
        recipients=recipients,
        kind=NotificationKind.REFERRAL_ORIENTED,
        title=title,
        obj=referral,
        url=_referral_url(referral),
        reference=referral.household.reference,
        by=by,
    )
    # seed 004 §4: the partner's staff with no professional role, who sent or asked for the
    # referral, never see it: they hear of the decision through its receipt (what the title
    # says: the reference, the outcome, the operator), the perimeter of Referral.sent_by.
    # The people of the referring organisation holding those roles are exactly who reads
    # that receipt: notify() is given no object to check them against.
    notify(
        recipients=members_of([referral.referred_by_id], PARTNER_PRESCRIBER_ROLES),
        kind=NotificationKind.REFERRAL_ORIENTED,
        title=title,
        url=reverse("households:referral_receipt", args=[referral.pk]),
        reference=referral.household.reference,
        by=by,
    )


# ------------------------------------------------------------------------------ projects
def project_proposed(project: InterventionProject, to_approve: set[int], by) -> None:
    """Each structure that must agree hears, through its directors, that the project awaits
    its approval (seed 000 art. IV); the referent, that the case is theirs."""
    approval_asked(project, to_approve, by)
    case_assigned(project, by)


def approval_asked(project: InterventionProject, to_approve: set[int], by) -> None:
    reference = project.household.reference
    notify(
        recipients=members_of(to_approve, [Role.DIRECTOR]),
        kind=NotificationKind.PROJECT_TO_APPROVE,
        title=_("Projet à approuver : ménage %(ref)s (%(programme)s)")
        % {"ref": reference, "programme": project.programme},
        obj=project,
        url=_project_url(project),
        reference=reference,
        by=by,
    )


def case_assigned(project: InterventionProject, by) -> None:
    notify(
        recipients=[project.referent],
        kind=NotificationKind.CASE_ASSIGNED,
        title=_("Nouveau dossier : vous êtes référent du ménage %(ref)s (%(programme)s)")
        % {"ref": project.household.reference, "programme": project.programme},
        obj=project,
        url=_project_url(project),
        reference=project.household.reference,
        by=by,
    )


def project_approved(project: InterventionProject, structures: set[int], by) -> None:
    """Every structure agreed: the referent and the structures' directors are told."""
    notify(
        recipients=[project.referent, *members_of(structures, [Role.DIRECTOR])],
        kind=NotificationKind.PROJECT_APPROVED,
        title=_("Projet approuvé : ménage %(ref)s (%(programme)s)")
        % {"ref": project.household.reference, "programme": project.programme},
        obj=project,
        url=_project_url(project),
        reference=project.household.reference,
        by=by,
    )


def project_refused(project: InterventionProject, organisation, others: set[int], by) -> None:
    """A structure refused the follow-up (seed 000 art. IV): the referent and the other
    structures' directors are told which one, never the reason (it stays on the project page,
    inside the perimeter)."""
    notify(
        recipients=[project.referent, *members_of(others, [Role.DIRECTOR])],
        kind=NotificationKind.PROJECT_REFUSED,
        title=_("Projet refusé par %(organisation)s : ménage %(ref)s (%(programme)s)")
        % {
            "organisation": organisation,
            "ref": project.household.reference,
            "programme": project.programme,
        },
        obj=project,
        url=_project_url(project),
        reference=project.household.reference,
        by=by,
    )


def referent_changed(sender, change: ReferentChange, by, **kwargs) -> None:
    """Receiver of households.signals.referent_changed: the former and the new referent are
    both told (the former one reads the file until the end of the transition)."""
    project = change.project
    reference = project.household.reference
    notify(
        recipients=[change.new_referent],
        kind=NotificationKind.REFERENT_HANDOVER,
        title=_("Le ménage %(ref)s (%(programme)s) vous est confié : vous en êtes le référent")
        % {"ref": reference, "programme": project.programme},
        obj=project,
        url=_project_url(project),
        reference=reference,
        by=by,
    )
    notify(
        recipients=[change.former_referent],
        kind=NotificationKind.REFERENT_HANDOVER,
        title=_(
            "Le ménage %(ref)s (%(programme)s) a un nouveau référent ; vous lisez le dossier "
            "jusqu'au %(until)s"
        )
        % {
            "ref": reference,
            "programme": project.programme,
            "until": _day(change.access_until.date()),
        },
        obj=project,
        url=_project_url(project),
        reference=reference,
        by=by,
    )


def committee_decided(project_or_referral, title: str, by) -> None:
    """A committee decided on a file: its referent, and a former referent still reading it
    (Carnet de bord: the former referent hears of the committee's decision)."""
    if isinstance(project_or_referral, Referral):
        referral = project_or_referral
        recipients = [p.referent for p in referral.household.projects.select_related("referent")]
        recipients += members_of([referral.referred_by_id], FOLLOWING_ROLES)
        url = _referral_url(referral)
    else:
        project = project_or_referral
        changes = project.referent_changes.select_related("former_referent")
        recipients = [project.referent, *(c.former_referent for c in changes)]
        url = _project_url(project)
    reference = project_or_referral.household.reference
    notify(
        recipients=recipients,
        kind=NotificationKind.COMMITTEE_DECISION,
        title=title,
        obj=project_or_referral,
        url=url,
        reference=reference,
        by=by,
    )


# ----------------------------------------------------------------------------- reminders
REMINDER_DAYS = 15


def remind_due_dates(today: dt.date) -> int:
    """The daily reminders: the referent of each open project whose intermediate review is
    due, or whose end comes, within 15 days. Each reminder is written once (its key names
    the project and the date), however often the command runs."""
    written = 0
    reviews = (
        # unscoped: every open project; notify() keeps the referent within the perimeter
        InterventionProject.objects.review_due(today, days=REMINDER_DAYS)
        .filter(review_due_on__gte=today)
        .select_related("household", "programme", "referent")
        .order_by("pk")
    )
    for project in reviews:
        written += len(
            notify(
                recipients=[project.referent],
                kind=NotificationKind.REVIEW_DUE,
                title=_("Bilan intermédiaire du ménage %(ref)s dû le %(day)s")
                % {"ref": project.household.reference, "day": _day(project.review_due_on)},
                obj=project,
                url=_project_url(project),
                reference=project.household.reference,
                key=f"review_due:{project.pk}:{project.review_due_on:%Y-%m-%d}",
            )
        )
    ending = (
        # unscoped: every open project; notify() keeps the referent within the perimeter
        InterventionProject.objects.ending_within(today, days=REMINDER_DAYS)
        .select_related("household", "programme", "referent")
        .order_by("pk")
    )
    for project in ending:
        written += len(
            notify(
                recipients=[project.referent],
                kind=NotificationKind.END_DUE,
                title=_("Fin de l'accompagnement du ménage %(ref)s le %(day)s")
                % {"ref": project.household.reference, "day": _day(project.planned_end)},
                obj=project,
                url=_project_url(project),
                reference=project.household.reference,
                key=f"end_due:{project.pk}:{project.planned_end:%Y-%m-%d}",
            )
        )
    return written
