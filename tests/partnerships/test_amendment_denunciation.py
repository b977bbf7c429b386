"""seed 002 §VII: « La convention cadre de partenariat ainsi que les éventuels avenants dont
elle pourra faire l'objet peuvent être dénoncés par l'une ou l'autre des parties par courrier
avec accusé de réception. Dans ce cas, ils resteront applicables durant le préavis de trois
mois à compter de la réception de la lettre de dénonciation. » An amendment denounced on its
own: the convention goes on, the amendment's terms stop after the notice."""

import datetime as dt
import importlib
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from partnerships import services
from partnerships.enums import ConventionStatus, PartyRole, RenewalPolicy, Role
from partnerships.models import Amendment, Convention
from partnerships.services import ConventionError
from tests.partnerships.factories import (
    PASSWORD,
    OrganisationFactory,
    UserFactory,
    convention_between,
    member,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def admin():
    return UserFactory(is_superuser=True, is_staff=True)


def framework(renewal_policy, *, first_year=2019, **terms):
    """seed 002: the Département du Nord × UDCCAS du Nord framework of three years (2019-2021
    unless told), three months' notice; returns (department, union, convention)."""
    department = OrganisationFactory(department=True, name="Département du Nord")
    union = OrganisationFactory(name="UDCCAS du Nord")
    last_year = first_year + 2
    convention = convention_between(
        department,
        union,
        reference=f"CD59-UDCCAS-{first_year}-{last_year}",
        start_date=D(first_year, 1, 1),
        end_date=D(last_year, 12, 31),
        signed_on=D(first_year, 1, 1),
        notice_months=3,
        renewal_policy=renewal_policy,
        **terms,
    )
    return department, union, convention


@pytest.fixture
def udccas():
    """seed 002: Département du Nord × UDCCAS du Nord, 2019-2021, three months' notice; an
    amendment of 1 March 2020 adds 10 000 € to 100 000 € and extends the end to 2022."""
    department, union, convention = framework(RenewalPolicy.NONE, amount=Decimal("100000.00"))
    admin = UserFactory(is_superuser=True, is_staff=True)
    amendment = services.amendment_add(
        convention=convention,
        by=admin,
        signed_on=D(2020, 3, 1),
        summary="Action complémentaire et prolongation",
        new_end_date=D(2022, 12, 31),
        amount_change=Decimal("10000"),
    )
    return convention, department, union, amendment


def fresh(convention):
    return Convention.objects.prefetch_related("amendments", "parties").get(pk=convention.pk)


def test_an_amendment_stays_applicable_three_months_then_lapses(udccas, admin):
    convention, _department, union, amendment = udccas
    amendment = services.amendment_denounce(
        amendment=amendment, by=admin, organisation=union, notified_on=D(2020, 4, 15)
    )
    # « applicables durant le préavis de trois mois à compter de la réception de la lettre »
    assert amendment.lapses_on == D(2020, 7, 15)
    assert amendment.denunciation_notice_months == 3
    convention = fresh(convention)
    # during the notice: 110 000 €; after it, 100 000 €
    assert convention.amount_in_force(D(2020, 7, 14)) == Decimal("110000.00")
    assert convention.amount_in_force(D(2020, 7, 15)) == Decimal("100000.00")
    # the extension to 2022 no longer applies: the convention ends on 31 December 2021
    assert convention.end_in_force() == D(2021, 12, 31)
    # the convention itself is not denounced and stays in force
    assert convention.status_on(D(2020, 8, 1)) == ConventionStatus.ACTIVE
    assert not convention.terminations.exists()


def test_an_extension_denounced_after_the_initial_end_runs_to_the_notices_end(udccas, admin):
    convention, _department, union, amendment = udccas
    services.amendment_denounce(
        amendment=amendment, by=admin, organisation=union, notified_on=D(2022, 2, 1)
    )
    # the amendment applies until 1 May 2022: the convention runs to 30 April 2022, not to the
    # end of 2022, nor stopped at the end of 2021 while the amendment still applied
    assert fresh(convention).end_in_force() == D(2022, 4, 30)


def _roubaix_added_then_denounced(convention, department, admin):
    """The CCAS de Roubaix joins by an amendment signed on 1 May 2020, which the département
    denounces on 10 June 2020 (three months' notice: bound until 9 September 2020)."""
    ccas = OrganisationFactory(name="CCAS de Roubaix")
    second = services.amendment_add(
        convention=convention,
        by=admin,
        signed_on=D(2020, 5, 1),
        summary="Adhésion du CCAS de Roubaix",
        add_parties=[(ccas, PartyRole.SIGNATORY, None)],
    )
    services.amendment_denounce(
        amendment=second, by=admin, organisation=department, notified_on=D(2020, 6, 10)
    )
    return ccas, second


def test_a_party_added_by_a_denounced_amendment_is_no_longer_bound(udccas, admin):
    convention, department, union, _amendment = udccas
    ccas, second = _roubaix_added_then_denounced(convention, department, admin)
    convention = fresh(convention)
    bound = {p.organisation_id for p in convention.parties_on(D(2020, 9, 9))}
    after = {p.organisation_id for p in convention.parties_on(D(2020, 9, 10))}
    assert ccas.pk in bound and ccas.pk not in after
    assert {department.pk, union.pk} <= after


def test_twice_or_before_its_signature_or_by_an_outsider_is_refused(udccas, admin):
    convention, _department, union, amendment = udccas
    with pytest.raises(ConventionError, match="précède la signature de l'avenant"):
        services.amendment_denounce(
            amendment=amendment, by=admin, organisation=union, notified_on=D(2020, 2, 1)
        )
    with pytest.raises(ConventionError, match="n'est pas partie"):
        services.amendment_denounce(
            amendment=amendment,
            by=admin,
            organisation=OrganisationFactory(name="Autre"),
            notified_on=D(2020, 4, 15),
        )
    services.amendment_denounce(
        amendment=amendment, by=admin, organisation=union, notified_on=D(2020, 4, 15)
    )
    with pytest.raises(ConventionError, match="déjà dénoncé ; il cesse de s'appliquer le 15/07"):
        services.amendment_denounce(
            amendment=amendment, by=admin, organisation=union, notified_on=D(2020, 5, 1)
        )


def test_a_director_records_only_his_own_structures_letter(udccas):
    convention, department, union, amendment = udccas
    director = member(Role.DIRECTOR, union)
    with pytest.raises(ConventionError, match="propre structure"):
        services.amendment_denounce(
            amendment=amendment, by=director, organisation=department, notified_on=D(2020, 4, 15)
        )
    assert Amendment.objects.get(pk=amendment.pk).lapses_on is None


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_the_convention_page_denounces_an_amendment(client):
    """The same framework, in force today: 2025-2027, an amendment of 1 June 2025 adding
    10 000 € to 100 000 €, denounced by the UDCCAS by a letter received on 15 September 2025."""
    department, union, convention = framework(
        RenewalPolicy.NONE, first_year=2025, amount=Decimal("100000.00")
    )
    amendment = services.amendment_add(
        convention=convention,
        by=UserFactory(is_superuser=True, is_staff=True),
        signed_on=D(2025, 6, 1),
        summary="Action complémentaire",
        amount_change=Decimal("10000"),
    )
    director = member(Role.DIRECTOR, union)
    login(client, director)
    detail = reverse("partnerships:convention_detail", args=[convention.pk])
    url = reverse("partnerships:amendment_denounce", args=[amendment.pk])
    assert url in client.get(detail).content.decode()
    assert client.get(url).status_code == 200
    bad = client.post(url, {"organisation": union.pk, "notified_on": "2025-05-01"})
    assert bad.status_code == 400
    assert "précède la signature de l" in bad.content.decode()
    assert Amendment.objects.get(pk=amendment.pk).lapses_on is None
    done = client.post(url, {"organisation": union.pk, "notified_on": "2025-09-15"})
    assert done.status_code == 302
    assert Amendment.objects.get(pk=amendment.pk).lapses_on == D(2025, 12, 15)
    body = client.get(detail + "?au=2026-01-01").content.decode().replace("\xa0", " ")
    assert "a cessé de s’appliquer le 15 décembre 2025" in body
    assert "100 000,00" in body and "110 000,00" not in body.split("Avenants")[0]


def test_another_organisation_gets_a_404(client, udccas):
    _convention, _department, _union, amendment = udccas
    outsider = member(Role.DIRECTOR, OrganisationFactory(name="Opérateur B"))
    login(client, outsider)
    url = reverse("partnerships:amendment_denounce", args=[amendment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"notified_on": "2020-04-15"}).status_code == 404
    assert Amendment.objects.get(pk=amendment.pk).lapses_on is None


def test_a_renewal_amendment_is_denounced_like_any_other(admin):
    """seed 002 §VII: « La convention cadre de partenariat ainsi que les éventuels avenants
    dont elle pourra faire l'objet peuvent être dénoncés par l'une ou l'autre des parties »
    — the text excepts no amendment, a renewal neither: the 2019-2021 framework renewed by
    decision to 31 December 2024, the renewal denounced by a letter received on 15 January
    2022, stays applicable « durant le préavis de trois mois »: the convention runs to
    14 April 2022, then ends."""
    department, union, convention = framework(RenewalPolicy.BY_DECISION)
    renewal = services.convention_renew(
        convention=convention,
        by=admin,
        decided_on=D(2021, 12, 1),
        new_end_date=D(2024, 12, 31),
        decision_reference="Commission Permanente du 1er décembre 2021",
    )
    assert renewal.is_renewal
    renewal = services.amendment_denounce(
        amendment=renewal, by=admin, organisation=union, notified_on=D(2022, 1, 15)
    )
    assert renewal.lapses_on == D(2022, 4, 15)
    convention = fresh(convention)
    assert convention.end_in_force() == D(2022, 4, 14)
    assert convention.status_on(D(2022, 4, 14)) == ConventionStatus.ACTIVE
    assert convention.status_on(D(2022, 4, 15)) == ConventionStatus.EXPIRED


def tacit_by_amendment(convention, admin, **terms):
    """Amendment n° 2 of 1 May 2020: the framework is renewed tacitly (seed 002 §VII)."""
    return services.amendment_add(
        convention=convention,
        by=admin,
        signed_on=D(2020, 5, 1),
        summary="Tacite reconduction",
        new_renewal_policy=RenewalPolicy.TACIT,
        **terms,
    )


def test_an_amendment_that_changed_the_renewal_terms_is_denounced_and_they_come_back(udccas, admin):
    """seed 002 §VII: « La convention cadre de partenariat ainsi que les éventuels avenants dont
    elle pourra faire l'objet peuvent être dénoncés par l'une ou l'autre des parties […] ils
    resteront applicables durant le préavis de trois mois à compter de la réception de la
    lettre de dénonciation. » The 2019-2021 framework, without renewal, made tacit by an
    amendment of 1 May 2020; the UDCCAS denounces that amendment by a letter received on
    15 October 2020: tacit until 14 January 2021, without renewal from 15 January 2021, and the
    framework ends on 31 December 2021 (the first amendment's extension to 2022 aside)."""
    convention, _department, union, first = udccas
    Amendment.objects.filter(pk=first.pk).update(new_end_date=None)  # only its 10 000 €
    services.refresh_convention_dates(convention)
    terms = tacit_by_amendment(convention, admin)
    assert terms.replaced_terms == {"renewal_policy": RenewalPolicy.NONE}
    terms = services.amendment_denounce(
        amendment=terms, by=admin, organisation=union, notified_on=D(2020, 10, 15)
    )
    assert terms.lapses_on == D(2021, 1, 15)
    assert terms.denunciation_notice_months == 3
    # during the notice the amendment's tacit renewal applies (the nightly run, as of that day)
    services.refresh_all_convention_dates(D(2021, 1, 14))
    convention = fresh(convention)
    assert convention.renewal_policy == RenewalPolicy.TACIT
    assert convention.status_on(D(2022, 1, 1)) == ConventionStatus.RENEWED
    # the day the notice runs out, the replaced terms come back
    assert services.refresh_all_convention_dates(D(2021, 1, 15)) >= 1
    convention = fresh(convention)
    assert convention.renewal_policy == RenewalPolicy.NONE
    assert convention.notice_months == 3
    assert convention.end_in_force() == D(2021, 12, 31)
    assert convention.status_on(D(2021, 12, 31)) == ConventionStatus.ACTIVE
    assert convention.status_on(D(2022, 1, 1)) == ConventionStatus.EXPIRED
    # the convention's history records the restored terms
    assert convention.history.first().renewal_policy == RenewalPolicy.NONE
    assert not convention.terminations.exists()


def test_a_tacit_term_begun_under_the_denounced_amendment_ends_with_the_notice(udccas, admin):
    """seed 002 §VII, « préavis de trois mois »: the framework made tacit by the amendment of
    1 May 2020 is renewed on 1 January 2022 (the first amendment's extension set aside); the
    UDCCAS denounces the amendment by a letter received on 15 February 2022. The renewed term
    applies until 14 May 2022, then the framework, without renewal again, has ended."""
    convention, _department, union, first = udccas
    Amendment.objects.filter(pk=first.pk).update(new_end_date=None)
    services.refresh_convention_dates(convention)
    terms = tacit_by_amendment(convention, admin)
    services.amendment_denounce(
        amendment=terms, by=admin, organisation=union, notified_on=D(2022, 2, 15)
    )
    services.refresh_all_convention_dates(D(2022, 5, 14))
    convention = Convention.objects.get(pk=convention.pk)
    assert (convention.renewal_policy, convention.status) == (
        RenewalPolicy.TACIT,
        ConventionStatus.RENEWED,
    )
    assert convention.effective_end == D(2022, 12, 31)
    services.refresh_all_convention_dates(D(2022, 5, 15))
    convention = Convention.objects.get(pk=convention.pk)
    assert convention.renewal_policy == RenewalPolicy.NONE
    assert convention.end_in_force() == D(2022, 5, 14)
    assert convention.effective_end == D(2022, 5, 14)
    assert convention.status == ConventionStatus.EXPIRED
    assert convention.denounce_by == D(2022, 2, 14)


def test_longer_terms_denounced_give_back_the_yearly_terms(admin):
    """seed 002 §VII (three months' notice) with a tacit framework of 2019-2021 renewed by
    periods of 12 months; an amendment of 1 March 2021 renews it by periods of 36 months, and
    the framework is renewed on 1 January 2022 to 31 December 2024. The amendment, denounced
    by a letter received on 1 March 2022, lapses on 1 June 2022: the term begun under it ends
    on 31 May 2022 and yearly terms follow (to 31 May 2023), to be denounced by 28 February
    2023, three months before."""
    department, union, convention = framework(RenewalPolicy.TACIT)
    longer = services.amendment_add(
        convention=convention,
        by=admin,
        signed_on=D(2021, 3, 1),
        summary="Reconduction par périodes de trois ans",
        new_renewal_term_months=36,
    )
    assert longer.replaced_terms == {"renewal_term_months": None}
    services.amendment_denounce(
        amendment=longer, by=admin, organisation=department, notified_on=D(2022, 3, 1)
    )
    services.refresh_all_convention_dates(D(2022, 5, 31))
    convention = Convention.objects.get(pk=convention.pk)
    assert convention.renewal_term_months == 36
    assert convention.effective_end == D(2024, 12, 31)
    services.refresh_all_convention_dates(D(2022, 6, 1))
    convention = Convention.objects.get(pk=convention.pk)
    assert convention.renewal_term_months is None
    assert convention.renewal_policy == RenewalPolicy.TACIT
    assert convention.end_in_force() == D(2022, 5, 31)
    assert convention.status == ConventionStatus.RENEWED
    assert convention.effective_end == D(2023, 5, 31)
    assert convention.denounce_by == D(2023, 2, 28)


def test_a_convention_ended_under_the_denounced_amendment_does_not_come_back(admin):
    """seed 002 §VII: the amendment applies during the three months' notice. A tacit framework
    of 2019-2021 whose amendment of 1 March 2021 excludes renewal; the amendment, denounced by
    a letter received on 1 December 2021, still applied on 31 December 2021: the framework
    ended then, and the tacit renewal it replaced does not renew it on 1 March 2022."""
    department, union, convention = framework(RenewalPolicy.TACIT)
    none = services.amendment_add(
        convention=convention,
        by=admin,
        signed_on=D(2021, 3, 1),
        summary="Plus de tacite reconduction",
        new_renewal_policy=RenewalPolicy.NONE,
    )
    services.amendment_denounce(
        amendment=none, by=admin, organisation=union, notified_on=D(2021, 12, 1)
    )
    services.refresh_all_convention_dates(D(2022, 3, 1))
    convention = Convention.objects.get(pk=convention.pk)
    assert convention.renewal_policy == RenewalPolicy.NONE
    assert convention.status == ConventionStatus.EXPIRED
    assert convention.effective_end == D(2021, 12, 31)


def test_the_replaced_terms_unknown_the_amendment_is_refused_and_nothing_stored(udccas, admin):
    """seed 002 §VII lets any amendment be denounced; for an amendment signed before Maillage
    kept the terms it replaced, and whose history does not show them, nothing could restore
    them after the notice: refused, the party denounces the convention or signs a new
    amendment, and nothing is stored."""
    convention, _department, union, _amendment = udccas
    terms = tacit_by_amendment(convention, admin)
    Amendment.objects.filter(pk=terms.pk).update(replaced_terms=None)
    with pytest.raises(ConventionError, match="ne connaît pas les conditions qu'il a remplac"):
        services.amendment_denounce(
            amendment=terms, by=admin, organisation=union, notified_on=D(2020, 6, 1)
        )
    assert Amendment.objects.get(pk=terms.pk).lapses_on is None
    assert Convention.objects.get(pk=convention.pk).renewal_policy == RenewalPolicy.TACIT


def test_the_migration_backfills_the_replaced_terms_from_the_history(udccas, admin):
    """Migration 0018: the amendments already signed get the terms they replaced from the
    convention's history; without it they stay unknown."""
    from django.apps import apps

    backfill = importlib.import_module(
        "partnerships.migrations.0018_amendment_replaced_terms"
    ).backfill
    convention, _department, _union, first = udccas
    terms = tacit_by_amendment(convention, admin, new_notice_months=6)
    lost = services.amendment_add(
        convention=convention,
        by=admin,
        signed_on=D(2020, 6, 1),
        summary="Reconduction par périodes de deux ans",
        new_renewal_term_months=24,
    )
    Amendment.objects.filter(pk__in=[terms.pk, lost.pk]).update(replaced_terms=None)
    Amendment.history.filter(id=lost.pk).delete()
    backfill(apps)
    assert Amendment.objects.get(pk=terms.pk).replaced_terms == {
        "renewal_policy": RenewalPolicy.NONE,
        "notice_months": 3,
    }
    assert Amendment.objects.get(pk=lost.pk).replaced_terms is None
    assert Amendment.objects.get(pk=first.pk).replaced_terms is None  # changed no term


def test_the_convention_page_denounces_a_renewal_terms_amendment(client):
    """seed 002 §VII, « préavis de trois mois »: the 2025-2027 framework, without renewal,
    made tacit by an amendment of 1 June 2025, which the UDCCAS denounces by a letter received
    on 15 September 2025; from 15 December 2025 the framework is without renewal again, and
    its page says so."""
    department, union, convention = framework(RenewalPolicy.NONE, first_year=2025)
    amendment = services.amendment_add(
        convention=convention,
        by=UserFactory(is_superuser=True, is_staff=True),
        signed_on=D(2025, 6, 1),
        summary="Tacite reconduction",
        new_renewal_policy=RenewalPolicy.TACIT,
    )
    login(client, member(Role.DIRECTOR, union))
    detail = reverse("partnerships:convention_detail", args=[convention.pk])
    url = reverse("partnerships:amendment_denounce", args=[amendment.pk])
    assert url in client.get(detail).content.decode()
    page = client.get(url).content.decode().replace("&#x27;", "'")
    assert "Les conditions qu'il avait remplacées s'appliqueront de nouveau" in page
    bad = client.post(url, {"organisation": union.pk, "notified_on": "2025-05-01"})
    assert bad.status_code == 400
    assert Convention.objects.get(pk=convention.pk).renewal_policy == RenewalPolicy.TACIT
    done = client.post(url, {"organisation": union.pk, "notified_on": "2025-09-15"})
    assert done.status_code == 302
    assert Amendment.objects.get(pk=amendment.pk).lapses_on == D(2025, 12, 15)
    assert Convention.objects.get(pk=convention.pk).renewal_policy == RenewalPolicy.NONE
    body = client.get(detail + "?au=2026-01-01").content.decode().replace("\xa0", " ")
    assert "a cessé de s’appliquer le 15 décembre 2025" in body
    assert "les conditions qu’il avait remplacées s’appliquent de nouveau" in body
    assert "Aucun renouvellement (pas de tacite reconduction)" in body


def test_the_nightly_command_restores_the_replaced_terms(udccas, admin):
    """seed 002 §VII: the nightly `manage.py refresh_convention_dates` puts back the terms a
    denounced amendment replaced once its three months' notice has run out (here the letter
    of 15 October 2020, lapsed on 15 January 2021), as the write does."""
    from django.core.management import call_command

    convention, _department, union, _first = udccas
    terms = tacit_by_amendment(convention, admin)
    services.amendment_denounce(
        amendment=terms, by=admin, organisation=union, notified_on=D(2020, 10, 15)
    )
    # as it stood before the notice ran out
    Convention.objects.filter(pk=convention.pk).update(renewal_policy=RenewalPolicy.TACIT)
    call_command("refresh_convention_dates", stdout=io.StringIO())
    assert Convention.objects.get(pk=convention.pk).renewal_policy == RenewalPolicy.NONE


def test_a_later_amendment_keeps_its_own_terms_when_an_earlier_one_lapses(udccas, admin):
    """seed 002 §VII, three months' notice: amendment n° 2 (1 May 2020) makes the framework
    tacit, n° 3 (1 June 2020) sets periods of 24 months. Denouncing n° 2 by a letter of
    15 October 2020 gives back « sans reconduction » on 15 January 2021; n° 3 still applies.
    Denouncing n° 3 in turn (letter of 1 February 2021) gives back the 12-month default on
    1 May 2021."""
    convention, _department, union, _first = udccas
    tacit = tacit_by_amendment(convention, admin)
    longer = services.amendment_add(
        convention=convention,
        by=admin,
        signed_on=D(2020, 6, 1),
        summary="Périodes de deux ans",
        new_renewal_term_months=24,
    )
    services.amendment_denounce(
        amendment=tacit, by=admin, organisation=union, notified_on=D(2020, 10, 15)
    )
    services.refresh_all_convention_dates(D(2021, 1, 15))
    convention = Convention.objects.get(pk=convention.pk)
    assert (convention.renewal_policy, convention.renewal_term_months) == (
        RenewalPolicy.NONE,
        24,
    )
    services.amendment_denounce(
        amendment=longer, by=admin, organisation=union, notified_on=D(2021, 2, 1)
    )
    services.refresh_all_convention_dates(D(2021, 4, 30))
    assert Convention.objects.get(pk=convention.pk).renewal_term_months == 24
    services.refresh_all_convention_dates(D(2021, 5, 1))
    convention = Convention.objects.get(pk=convention.pk)
    assert (convention.renewal_policy, convention.renewal_term_months) == (
        RenewalPolicy.NONE,
        None,
    )


def test_the_convention_page_shows_the_parties_bound_at_the_date_asked(client, udccas, admin):
    """The page's « Voir au » (?au=): the CCAS added by an amendment denounced on 10 June
    2020 is bound until 9 September 2020, not after; the page names the amendment that
    added it."""
    convention, department, union, _amendment = udccas
    _ccas, second = _roubaix_added_then_denounced(convention, department, admin)
    client.force_login(admin)
    detail = reverse("partnerships:convention_detail", args=[convention.pk])
    before = client.get(detail + "?au=2020-09-09").content.decode().replace("\xa0", " ")
    after = client.get(detail + "?au=2020-09-10").content.decode().replace("\xa0", " ")
    assert "3 parties engagées au 9 septembre 2020" in before
    assert "2 parties engagées au 10 septembre 2020" in after
    assert f"Ajoutée par l’avenant n° {second.number}" in after
