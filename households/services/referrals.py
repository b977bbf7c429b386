"""Referrals (fiches saisine) and the orientation decided on each (seed 004 §4)."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.history import as_author
from governance.enums import CommitteeKind, MeetingStatus
from households import notifications
from households.enums import OrientationOutcome, ReferralStatus
from households.errors import HouseholdError
from households.models import WAITING_REFERRAL_STATUSES, Household, OrientationDecision, Referral
from households.services.access import refresh_access
from households.services.base import french_day, not_in_future, require
from households.services.households import household_new, member_new
from partnerships.enums import PARTNER_PRESCRIBER_ROLES, PROFESSIONAL_ROLES
from partnerships.models import Organisation, Programme
from partnerships.perimeter import org_ids


def _programme_conventions(programme=None):
    if programme is None:
        return Programme.objects.filter(convention__isnull=False).values("convention")
    return [programme.convention_id] if programme.convention_id else []


def _convention_partners(programme=None) -> Q:
    """The parties of the programme's convention and of its sub-conventions (of every
    programme's, without one)."""
    conventions = _programme_conventions(programme)
    return Q(convention_parties__convention__in=conventions) | Q(
        convention_parties__convention__parent__in=conventions
    )


def partner_prescribers(user, programme=None):
    """seed 004 §4: « la saisine de la plateforme peut se faire par tout partenaire (SIAO,
    CCAS et communes, …, bailleurs, …) »: the organisations a partner user — a signatory
    partner or the Département's staff, with no professional role — may themselves refer a
    household for: their own, when it is a party to the programme's convention (to any
    programme's, without one)."""
    own = org_ids(user, roles=PARTNER_PRESCRIBER_ROLES)
    if not own:
        return Organisation.objects.none()
    # unscoped: the user's own organisations, kept when party to a programme's convention
    return Organisation.objects.filter(_convention_partners(programme), pk__in=own).distinct()


def referral_prescribers(user, programme=None):
    """seed 004 §4: « la saisine de la plateforme peut se faire par tout partenaire (SIAO,
    CCAS et communes, travailleurs sociaux …, bailleurs, …) »: the organisations a user may
    record a referral for — theirs and those they work with (Organisation.visible_to), and
    every party of the programme's convention (or of any programme's, without one), whether
    or not its staff use Maillage: the coordinator or a partner records it on their behalf."""
    partners = _convention_partners(programme)
    visible = Organisation.objects.visible_to(user).values("pk")
    # unscoped: the partners of a programme's convention, named on a referral (seed 004 §4)
    return Organisation.objects.filter(Q(pk__in=visible) | partners).distinct()


def _check_prescriber(by, referred_by, programme) -> None:
    if by.is_superuser:
        return
    if not referral_prescribers(by, programme).filter(pk=referred_by.pk).exists():
        raise HouseholdError(
            _(
                "Le prescripteur doit être un partenaire de la convention du dispositif "
                "demandé ou une structure avec laquelle vous travaillez."
            )
        )


def _check_partner_submission(by, referred_by, programme) -> None:
    """seed 004 §4: a partner with no professional role refers a household in its own
    organisation's name, for a programme whose convention that organisation is party to."""
    if not org_ids(by, roles=PARTNER_PRESCRIBER_ROLES):
        raise PermissionDenied
    if referred_by.pk not in org_ids(by, roles=PARTNER_PRESCRIBER_ROLES):
        raise HouseholdError(
            _("Vous ne pouvez transmettre une saisine qu'au nom de votre structure.")
        )
    if not partner_prescribers(by, programme).filter(pk=referred_by.pk).exists():
        raise HouseholdError(
            _(
                "%(org)s n'est pas partie à la convention du dispositif demandé : adressez "
                "la saisine au coordinateur, ou choisissez un dispositif dont votre structure "
                "est partenaire."
            )
            % {"org": referred_by}
        )


def _referral_new(*, household, by, referred_by, programme, received_on, situation) -> Referral:
    not_in_future(received_on, _("Une saisine ne peut pas être reçue dans le futur."))
    _check_prescriber(by, referred_by, programme)
    if household.referrals.filter(
        programme=programme, status__in=WAITING_REFERRAL_STATUSES
    ).exists():
        raise HouseholdError(
            _("Une saisine de ce ménage pour ce dispositif attend déjà une décision.")
        )
    referral = Referral(
        household=household,
        referred_by=referred_by,
        programme=programme,
        received_on=received_on,
        situation=situation,
        status=ReferralStatus.RECEIVED,
    )
    as_author(referral, by).save()
    notifications.referral_received(referral, by)
    return referral


@transaction.atomic
def referral_receive(
    *,
    household: Household,
    by,
    referred_by,
    programme,
    received_on: dt.date,
    situation: str,
) -> Referral:
    """Fiche saisine: any partner may refer a household to the platform (seed 004 §4)."""
    require(by, "households.create_referral", household)
    return _referral_new(
        household=household,
        by=by,
        referred_by=referred_by,
        programme=programme,
        received_on=received_on,
        situation=situation,
    )


@transaction.atomic
def referral_receive_new_household(
    *,
    by,
    territory,
    housing_situation: str,
    informed_on: dt.date | None,
    priorities: Iterable[str],
    first_name: str,
    last_name: str,
    birth_date: dt.date | None,
    relationship: str,
    referred_by,
    programme,
    situation: str,
    received_on: dt.date | None = None,
    organisation=None,
) -> Referral:
    """A referral of a household not known yet: the household, its first member, the referral.

    seed 004 §4: any partner refers (SIAO, CCAS, communes, landlords…), including one whose
    staff has no professional role in Maillage: a coordinator, or a professional of any
    structure, records the referral on its behalf. Until the orientation the file belongs to
    the prescriber (`organisation`, when not given) — its professionals, if any, and the
    territory's coordinator see it —; the orientation then hands it to the operator it
    designates (orientation_decide), never to the recording user's structure.

    A partner's own staff with no professional role (a commune's or a CCAS's signatory
    partner, the Département's staff) may also submit it themselves, in their organisation's
    name when it is a party to the programme's convention: the referral is received the day
    they send it, the file is their organisation's — which they never see: they read the
    referral's receipt only (Referral.objects.sent_by)."""
    if by.has_perm("households.receive_referrals"):
        _check_prescriber(by, referred_by, programme)
    else:
        _check_partner_submission(by, referred_by, programme)
        if organisation is not None:
            raise PermissionDenied
        received_on = timezone.localdate()
    if received_on is None:  # sent from the partner's page: received the day it is sent
        received_on = timezone.localdate()
    if organisation is None:
        organisation = referred_by
    elif not by.is_superuser and organisation.pk not in org_ids(by, roles=PROFESSIONAL_ROLES):
        raise HouseholdError(_("Vous ne pouvez enregistrer un ménage que pour votre structure."))
    household = household_new(
        by=by,
        organisation=organisation,
        territory=territory,
        housing_situation=housing_situation,
        informed_on=informed_on,
        priorities=priorities,
    )
    member_new(
        household=household,
        by=by,
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        relationship=relationship,
    )
    return _referral_new(
        household=household,
        by=by,
        referred_by=referred_by,
        programme=programme,
        received_on=received_on,
        situation=situation,
    )


def _lock_referral(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral.pk)


@transaction.atomic
def referral_start_study(*, referral: Referral, by) -> Referral:
    require(by, "households.decide_orientation", referral)
    referral = _lock_referral(referral)
    if referral.status != ReferralStatus.RECEIVED:
        raise HouseholdError(_("Seule une saisine reçue peut être mise à l'étude."))
    referral.status = ReferralStatus.UNDER_STUDY
    as_author(referral, by).save()
    return referral


ORIENTATION_TO_REFERRAL = {
    OrientationOutcome.ORIENTED: ReferralStatus.ORIENTED,
    OrientationOutcome.REFUSED: ReferralStatus.REFUSED,
    OrientationOutcome.REDIRECTED: ReferralStatus.REDIRECTED,
}


@transaction.atomic
def orientation_decide(
    *,
    referral: Referral,
    by,
    outcome: str,
    decided_on: dt.date | None = None,
    operator=None,
    meeting=None,
    reason: str = "",
    slisl_head: str = "",
    slisl_opinion: str = "",
    slisl_opinion_on: dt.date | None = None,
    slisl_comment: str = "",
) -> OrientationDecision:
    """seed 004 §4: the territory's coordinator validates the orientation after study of the
    situation, or a complex-cases commission decides it (then the meeting's date is the date).
    « validée par le coordinateur, en lien avec le chef SLISL (Service Local Inclusion Sociale
    et Logement) concerné »: an orientation the coordinator validates outside a commission
    records the SLISL head consulted, the date and their opinion (favourable or reserved),
    given on or before the decision."""
    require(by, "households.decide_orientation", referral)
    referral = _lock_referral(referral)
    if referral.status not in WAITING_REFERRAL_STATUSES:
        raise HouseholdError(_("Cette saisine a déjà reçu une décision d'orientation."))
    if meeting is not None:
        if meeting.committee.kind != CommitteeKind.COMPLEX_CASES:
            raise HouseholdError(
                _("Seule une commission des parcours complexes peut décider d'une orientation.")
            )
        if meeting.status != MeetingStatus.HELD:
            raise HouseholdError(_("La commission choisie ne s'est pas encore tenue."))
        decided_on = meeting.held_on
    if decided_on is None:
        raise HouseholdError(_("Indiquez la date de la décision."))
    not_in_future(decided_on, _("Une décision ne peut pas être datée dans le futur."))
    if decided_on < referral.received_on:
        raise HouseholdError(
            _("La décision ne peut pas précéder la réception de la saisine (%(day)s).")
            % {"day": french_day(referral.received_on)}
        )
    if outcome == OrientationOutcome.ORIENTED and operator is None:
        raise HouseholdError(_("Une orientation validée désigne la structure qui accompagnera."))
    if outcome != OrientationOutcome.ORIENTED and not reason.strip():
        raise HouseholdError(_("Motivez un refus ou une réorientation."))
    slisl_head = (slisl_head or "").strip()
    if (
        meeting is None
        and outcome == OrientationOutcome.ORIENTED
        and not (slisl_head and slisl_opinion and slisl_opinion_on)
    ):
        raise HouseholdError(
            _(
                "L'orientation est validée par le coordinateur en lien avec le chef SLISL "
                "concerné : indiquez le chef SLISL consulté, son avis et sa date."
            )
        )
    if slisl_opinion_on is not None:
        not_in_future(slisl_opinion_on, _("L'avis du chef SLISL ne peut pas être futur."))
        if slisl_opinion_on > decided_on:
            raise HouseholdError(
                _("L'avis du chef SLISL précède la décision du %(day)s.")
                % {"day": french_day(decided_on)}
            )
    decision = OrientationDecision(
        referral=referral,
        outcome=outcome,
        decided_on=decided_on,
        decided_by=by,
        meeting=meeting,
        operator=operator if outcome == OrientationOutcome.ORIENTED else None,
        reason=reason.strip(),
        slisl_head=slisl_head,
        slisl_opinion=slisl_opinion or "",
        slisl_opinion_on=slisl_opinion_on,
        slisl_comment=(slisl_comment or "").strip(),
    )
    as_author(decision, by).save()
    referral.status = ORIENTATION_TO_REFERRAL[outcome]
    as_author(referral, by).save()
    refresh_access(referral.household)  # the designated operator follows the household
    # Told while the prescriber still holds the file: it hears of the decision it asked for.
    notifications.referral_oriented(decision, by)
    if outcome == OrientationOutcome.ORIENTED:
        # seed 004 §4: the household's referent structure is the operator the orientation
        # chose, not the structure that recorded or sent the referral: its staff follow the
        # household from now on, and the perimeter (the access table) follows.
        household = Household.objects.select_for_update().get(pk=referral.household_id)
        if household.organisation_id != operator.pk:
            household.organisation = operator
            as_author(household, by).save(update_fields=["organisation"])
            refresh_access(household)
    return decision
