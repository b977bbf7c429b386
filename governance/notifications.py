"""Who governance tells (issue 16): the parties that wrote an annual report hear whether it
was validated or sent back; titles carry the convention's reference only."""

from django.urls import reverse
from django.utils.translation import gettext as _

from governance.models import AnnualReport
from governance.rules import RUNNING_ROLES, report_funders
from partnerships.enums import NotificationKind
from partnerships.models import Membership
from partnerships.services import notify


def report_decided(report: AnnualReport, *, validated: bool, by) -> None:
    """The directors and staff of the parties other than its funders (those who wrote and
    submitted it) hear that the report was validated, or refused and sent back."""
    convention = report.convention
    funders = report_funders(convention)
    writers = {p.organisation_id for p in convention.parties.all()} - funders
    people = (
        # unscoped: candidate recipients only; notify() keeps those who see the object
        Membership.objects.active()
        .filter(organisation__in=writers, role__in=RUNNING_ROLES)
        .select_related("user")
        .order_by("user_id")
    )
    title = (
        _("Bilan %(year)s de la convention %(ref)s validé")
        if validated
        else _("Bilan %(year)s de la convention %(ref)s renvoyé : l'instance ne l'a pas validé")
    ) % {"year": report.year, "ref": convention.reference}
    notify(
        recipients=[m.user for m in people],
        kind=NotificationKind.REPORT_DECIDED,
        title=title,
        obj=report,
        url=reverse("governance:report_detail", args=[report.pk]),
        reference=convention.reference,
        by=by,
    )
