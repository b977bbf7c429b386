"""Who funding tells (issue 16): an instalment that falls due (the funder's staff, who pay it,
and the beneficiary's director), an application decided (the applicant's directors). Titles
carry references (convention, call) only."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funding.enums import ApplicationStatus, OtherFunderAnswer
from funding.models import Application, Instalment, OtherFunderRequest
from partnerships.enums import NotificationKind, Role
from partnerships.models import Membership
from partnerships.services import notify


def _people(organisation_ids, roles) -> list:
    memberships = (
        # unscoped: candidate recipients only; notify() keeps those who see the object
        Membership.objects.active()
        .filter(organisation__in=list(organisation_ids), role__in=list(roles))
        .select_related("user")
        .order_by("user_id")
    )
    return [m.user for m in memberships]


def instalment_due(instalment: Instalment, by) -> None:
    grant = instalment.grant
    reference = grant.convention.reference
    notify(
        recipients=[
            *_people([grant.funder_id], [Role.DEPARTMENT_STAFF, Role.DIRECTOR]),
            *_people([grant.beneficiary_id], [Role.DIRECTOR]),
        ],
        kind=NotificationKind.INSTALMENT_DUE,
        title=_("Versement exigible : %(share)s de l'exercice %(year)s, convention %(ref)s")
        % {
            "share": f"{instalment.share * 100:.0f}\u00a0%",
            "year": instalment.year,
            "ref": reference,
        },
        obj=instalment,
        url=reverse("funding:instalment_detail", args=[instalment.pk]),
        reference=reference,
        by=by,
    )


OUTCOMES = {
    ApplicationStatus.SELECTED: gettext_lazy("retenue"),
    ApplicationStatus.NOT_SELECTED: gettext_lazy("non retenue"),
}


def application_decided(application: Application, by) -> None:
    call = application.call
    notify(
        recipients=_people([application.organisation_id], [Role.DIRECTOR]),
        kind=NotificationKind.APPLICATION_DECIDED,
        title=_("Avis du jury : votre candidature est %(outcome)s — %(call)s")
        % {
            "outcome": OUTCOMES.get(application.status, application.get_status_display()),
            "call": call,
        },
        obj=application,
        url=reverse("funding:application_detail", args=[application.pk]),
        reference=str(call)[:80],
        by=by,
    )


def other_funder_answered(row: OtherFunderRequest, by) -> None:
    """seed 002 §VI: the Département « est donc tenu informé, le cas échéant, de l'issue des
    demandes présentées aux autres financeurs portant sur les mêmes axes »: its staff who
    follow the framework convention (the request's funder) hear of the answer."""
    request = row.request
    reference = request.framework.reference
    notify(
        recipients=_people([request.funder_id], [Role.DEPARTMENT_STAFF]),
        kind=NotificationKind.OTHER_FUNDER_ANSWER,
        title=_("Autre financeur : %(funder)s a %(answer)s la demande %(year)s — %(ref)s")
        % {
            "funder": row.funder_name,
            "answer": ANSWERS.get(row.answer, row.get_answer_display()),
            "year": request.year,
            "ref": reference,
        },
        obj=request,
        url=reverse("funding:subsidy_request_detail", args=[request.pk]),
        reference=reference,
        by=by,
    )


ANSWERS = {
    OtherFunderAnswer.GRANTED: gettext_lazy("accordé"),
    OtherFunderAnswer.REFUSED: gettext_lazy("refusé"),
}
