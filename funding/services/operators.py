"""Funding the operators a call selected (seed 004 §5, §6d).

« La DDCS procédera au financement des mesures auprès des opérateurs retenus » (§5): once the
Commission Permanente adopted the call's allocations (call_allocations_adopt), the envelope's
funder turns each selected operator's measures into its funding: a funding convention with
the operator (§6d), linked to its application, and its grant of measures × the envelope's
unit cost (5 000 € par personne et par an) with its 70 / 30 instalments."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from common.formatting import format_euros as euros
from common.history import as_author
from funding.enums import ApplicationStatus
from funding.errors import FundingError
from funding.models import Application
from funding.services.grants import grant_create
from funding.services.schedule import instalments_generate
from partnerships import services as partnerships
from partnerships.enums import ConventionKind, PartyRole, Role
from partnerships.models import Convention
from partnerships.perimeter import org_ids


def measures_granted(application: Application) -> int:
    return application.requests.aggregate(n=Sum("measures_granted"))["n"] or 0


@transaction.atomic
def application_fund(*, application: Application, by) -> Application:
    """The selected operator's funding convention and grant (measures × unit cost)."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call__envelope__funder", "call__adopted_by", "organisation")
        .get(pk=application.pk)
    )
    call, operator = application.call, application.organisation
    envelope = call.envelope
    if envelope is None or not (
        by.is_superuser or envelope.funder_id in org_ids(by, roles=[Role.DEPARTMENT_STAFF])
    ):
        raise PermissionDenied
    if call.adopted_by_id is None:
        raise FundingError(
            _("La Commission Permanente n'a pas encore délibéré sur cet appel : rien à financer.")
        )
    if application.status != ApplicationStatus.SELECTED:
        raise FundingError(_("Seul un opérateur retenu est financé."))
    if application.grant_id:
        raise FundingError(
            _("Le financement de %(org)s est déjà engagé (convention %(ref)s).")
            % {"org": operator, "ref": application.convention.reference}
        )
    measures = measures_granted(application)
    if not measures:
        raise FundingError(_("Aucune mesure n'est attribuée à %(org)s.") % {"org": operator})
    amount = envelope.unit_cost * measures
    reference = f"ASRL-{call.pk}-{operator.pk}"
    if Convention.objects.filter(reference=reference).exists():
        raise FundingError(_("La référence %(ref)s est déjà prise.") % {"ref": reference})
    convention = partnerships.convention_create(
        by=by,
        reference=reference,
        title=_("Convention de financement — %(call)s — %(org)s") % {"call": call, "org": operator},
        kind=ConventionKind.FUNDING,
        purpose=_("%(n)s mesures × %(unit)s = %(total)s (délibération %(decision)s).")
        % {
            "n": measures,
            "unit": euros(envelope.unit_cost),
            "total": euros(amount),
            "decision": call.adopted_by,
        },
        start_date=envelope.period_start,
        end_date=envelope.period_end,
        amount=amount,
        parties=[(envelope.funder, PartyRole.FUNDER, None), (operator, PartyRole.OPERATOR, None)],
    )
    grant = grant_create(
        convention=convention,
        funder=envelope.funder,
        beneficiary=operator,
        yearly_amounts={envelope.period_start.year: amount},
        decision=call.adopted_by,
        by=by,
    )
    instalments_generate(grant=grant, by=by)
    application.convention = convention
    application.grant = grant
    as_author(application, by).save()
    return application
