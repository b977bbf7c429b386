import datetime as dt
import functools

import factory
from django.contrib.auth.hashers import make_password
from factory.django import DjangoModelFactory

from common.dates import add_months
from partnerships.enums import (
    ConventionKind,
    ConventionStatus,
    OrganisationKind,
    PartyRole,
    Role,
    TerminationKind,
    TerritoryKind,
)
from partnerships.models import (
    Amendment,
    Convention,
    ConventionParty,
    Membership,
    Organisation,
    Programme,
    ProgrammeDomain,
    Termination,
    Territory,
    User,
)
from partnerships.services import refresh_convention_dates

PASSWORD = "mot-de-passe-de-test-2026"


class TerritoryFactory(DjangoModelFactory):
    class Meta:
        model = Territory

    name = factory.Sequence(lambda n: f"Territoire {n}")
    kind = TerritoryKind.TERRITORY


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Association {n}")
    kind = OrganisationKind.ASSOCIATION

    class Params:
        department = factory.Trait(
            kind=OrganisationKind.DEPARTMENT,
            name=factory.Sequence(lambda n: f"Département {n}"),
        )


@functools.cache
def password_hash(raw: str) -> str:
    """One hash per password for the whole run (tests/conftest.py sets a fast hasher)."""
    return make_password(raw)


class UserFactory(DjangoModelFactory):
    """A person who logs in with `raw_password` (PASSWORD unless given)."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    password = factory.LazyAttribute(lambda user: password_hash(user.raw_password))

    class Params:
        raw_password = PASSWORD


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.SOCIAL_WORKER


def member(role: str, organisation=None, territory=None, **user_fields) -> User:
    """A user holding `role` in `organisation` (a new one when omitted)."""
    organisation = organisation or OrganisationFactory()
    staff = role in (Role.DIRECTOR, Role.DEPARTMENT_STAFF)
    user = UserFactory(is_staff=staff, **user_fields)
    if role == Role.COORDINATOR and territory is None:
        territory = TerritoryFactory()
    MembershipFactory(user=user, organisation=organisation, role=role, territory=territory)
    return user


class ConventionFactory(DjangoModelFactory):
    """A signed convention (2023-2025, signed on 20 March 2023); `draft` or
    `awaiting_signature` before, `terminated` by its first party after (with the
    termination, as convention_terminate records it)."""

    class Meta:
        model = Convention
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"CONV-{n:05d}")
    title = factory.Sequence(lambda n: f"Convention de partenariat {n}")
    kind = ConventionKind.CPOM
    start_date = dt.date(2023, 1, 1)
    end_date = dt.date(2025, 12, 31)
    status = ConventionStatus.ACTIVE
    signed_on = dt.date(2023, 3, 20)

    class Params:
        draft = factory.Trait(status=ConventionStatus.DRAFT, signed_on=None)
        awaiting_signature = factory.Trait(
            status=ConventionStatus.AWAITING_SIGNATURE, signed_on=None
        )
        signed = factory.Trait(status=ConventionStatus.ACTIVE)
        terminated = factory.Trait(
            termination=factory.RelatedFactory(
                "tests.partnerships.factories.TerminationFactory",
                factory_related_name="convention",
            )
        )


class _DatesConvention:
    """An amendment or a termination changes its convention's date columns, as the services
    that record them do (refresh_convention_dates), on the convention object given too."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        row = super()._create(model_class, *args, **kwargs)
        refresh_convention_dates(row.convention)
        return row


class AmendmentFactory(_DatesConvention, DjangoModelFactory):
    """Amendment n° 1, a year after the signature, extending the convention by a year."""

    class Meta:
        model = Amendment

    convention = factory.SubFactory(ConventionFactory)
    number = 1
    signed_on = factory.LazyAttribute(lambda a: add_months(a.convention.signed_on, 12))
    summary = "Prolongation d'un an"
    new_end_date = factory.LazyAttribute(lambda a: add_months(a.convention.end_date, 12))


class TerminationFactory(_DatesConvention, DjangoModelFactory):
    """Termination by the beneficiary, who may renounce at any time (seed 001 art. 9),
    notified a year after the signature; the convention's first party when it has one."""

    class Meta:
        model = Termination

    convention = factory.SubFactory(ConventionFactory)
    kind = TerminationKind.TERMINATION
    by_organisation = factory.LazyAttribute(
        lambda t: (
            (
                t.convention.parties.order_by("pk").first()
                or ConventionPartyFactory(convention=t.convention)
            ).organisation
        )
    )
    notified_on = factory.LazyAttribute(lambda t: add_months(t.convention.signed_on, 12))
    notice_months = 0
    reason = "Renonciation au financement."


class ConventionPartyFactory(DjangoModelFactory):
    class Meta:
        model = ConventionParty

    convention = factory.SubFactory(ConventionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = PartyRole.SIGNATORY


def convention_between(*organisations, **fields) -> Convention:
    convention = ConventionFactory(**fields)
    for organisation in organisations:
        ConventionPartyFactory(convention=convention, organisation=organisation)
    return convention


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("code",)

    code = "asrl"
    name = "Accompagnement social renforcé au logement"
    duration_months = 6
    review_after_months = 3
    renewals_allowed = 1
    renewal_months = 6
    min_contacts_per_week = 2
    counts_measures = True

    class Params:
        joint = factory.Trait(
            code="soliha-mta",
            name="Accompagnement conjoint SOLiHA × MTA",
            duration_months=24,
            review_after_months=None,
            renewals_allowed=None,
            renewal_months=24,
            min_contacts_per_week=0,
            counts_measures=False,
            requires_each_partner_approval=True,
        )


class ProgrammeDomainFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeDomain

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"domaine-{n}")
    label = factory.Sequence(lambda n: f"Domaine {n}")
