"""Each term of an ASRL accompaniment, and a renewal beyond the one a measure funds.

seed 004 §4: « La durée de l'accompagnement est de 6 mois, avec bilan intermédiaire à 3 mois,
renouvelable » — « Un bilan d'accompagnement est également réalisé à échéance, en amont d'un
éventuel renouvellement ». seed 004 §5: « Le financement d'une mesure est de
5000€/personne/an (hors enfants même majeurs), soit un accompagnement de 6 mois et un éventuel
renouvellement, pour la même durée »."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from funding.envelopes import allocation_set, reserve_measures
from funding.models import MeasureReservation
from households import services
from households.enums import ProjectStatus, Recommendation, ReviewKind
from households.errors import HouseholdError
from households.models import InterventionProject, RenewalAgreement, Review
from partnerships.enums import Role
from tests.funding.factories import EnvelopeFactory
from tests.partnerships.factories import member
from tests.world import envelope_project

pytestmark = pytest.mark.django_db
D = dt.date


def review(project, by, kind, held_on):
    services.review_record(
        project=project,
        by=by,
        kind=kind,
        held_on=held_on,
        assessment="Logement maintenu ; dette locative en cours d'apurement.",
        recommendation=Recommendation.RENEW,
    )
    project.refresh_from_db()
    return project


def renewed_once(project, by):
    """The first term (1 October 2019 – 31 March 2020) reviewed at its end and renewed."""
    review(project, by, ReviewKind.END_OF_TERM, D(2020, 3, 31))
    services.project_renew(project=project, by=by)
    project.refresh_from_db()
    return project


# --------------------------------------------------------------- each term (seed 004 §4)
def test_a_renewed_term_has_its_own_intermediate_review_at_three_months(world, asrl_project):
    """seed 004 §4: « 6 mois, avec bilan intermédiaire à 3 mois, renouvelable »; §5: « un
    éventuel renouvellement, pour la même durée ». From 1 October 2019: review on 1 January
    2020, end on 31 March 2020; renewed, the term 1 April – 30 September 2020 has its own
    review on 1 July 2020, and the first term's review does not stand for it."""
    worker = world.users.social_worker
    review(asrl_project, worker, ReviewKind.INTERMEDIATE, D(2020, 1, 2))
    due = InterventionProject.objects.review_due(D(2020, 6, 15))
    assert not due.filter(pk=asrl_project.pk).exists()
    project = renewed_once(asrl_project, worker)
    assert (project.term_start, project.review_due_on, project.planned_end) == (
        D(2020, 4, 1),
        D(2020, 7, 1),
        D(2020, 9, 30),
    )
    # The renewed term's review is due: the one of January 2020 was the first term's.
    assert due.filter(pk=project.pk).exists()
    late = InterventionProject.objects.with_review_late(D(2020, 7, 15)).get(pk=project.pk)
    assert late.review_late
    review(project, worker, ReviewKind.INTERMEDIATE, D(2020, 7, 1))
    assert not InterventionProject.objects.review_due(D(2020, 6, 15)).filter(pk=project.pk)


def test_the_end_of_term_review_is_held_near_the_end_not_on_day_one(world, asrl_project):
    """seed 004 §4: « Un bilan d'accompagnement est également réalisé à échéance, en amont
    d'un éventuel renouvellement »: for the term ending on 31 March 2020, not on 1 October
    2019, its first day, nor before 1 March 2020, its last month."""
    worker = world.users.social_worker
    for day in (D(2019, 10, 1), D(2020, 2, 29)):
        with pytest.raises(HouseholdError, match="pas avant le 1 mars 2020"):
            review(asrl_project, worker, ReviewKind.END_OF_TERM, day)
    assert not Review.objects.filter(project=asrl_project).exists()
    assert asrl_project.status == ProjectStatus.ACTIVE
    project = review(asrl_project, worker, ReviewKind.END_OF_TERM, D(2020, 3, 1))
    assert project.status == ProjectStatus.IN_REVIEW


def test_the_renewed_terms_end_review_is_near_its_own_end(world, asrl_project):
    """seed 004 §4: the renewed term ends on 30 September 2020: its end-of-term review is held
    from 1 September 2020, not right after the renewal."""
    project = renewed_once(asrl_project, world.users.social_worker)
    with pytest.raises(HouseholdError, match="pas avant le 1 septembre 2020"):
        review(project, world.users.social_worker, ReviewKind.END_OF_TERM, D(2020, 4, 1))


# ---------------------------------------------- a further renewal, a new measure (seed 004 §5)
@pytest.fixture
def second_term_ended(world, envelope_seed):
    """A single adult's ASRL project in Béthune (Artois) from 1 October 2019, its measure
    reserved in the 2019-2020 envelope (20 measures for Artois), renewed once, its second term
    (to 30 September 2020) reviewed at its end; an envelope of the current year gives Artois
    20 measures again."""
    seed = envelope_seed
    project = envelope_project(seed, adults=1)
    reserve_measures(project=project, by=seed.agent)
    worker = member(Role.SOCIAL_WORKER, organisation=seed.chrs_artois)
    project.referent = worker
    project.save()
    project = renewed_once(project, worker)
    review(project, worker, ReviewKind.END_OF_TERM, D(2020, 9, 30))
    today = timezone.localdate()
    seed.current = EnvelopeFactory(
        programme=world.asrl,
        manager=world.orgs.department,
        period_start=today.replace(month=1, day=1),
        period_end=today.replace(month=12, day=31),
    )
    seed.current_artois = allocation_set(
        envelope=seed.current, territory=seed.artois, measures=20, by=seed.agent
    )
    seed.project, seed.worker = project, worker
    return seed


def test_a_further_renewal_consumes_a_new_measure_with_the_coordinators_agreement(
    world, second_term_ended
):
    """seed 004 §5: a measure funds « un accompagnement de 6 mois et un éventuel
    renouvellement, pour la même durée »: the project renewed once is not renewed again on
    the same measure. The Artois coordinator agrees, with a reason: a new measure (one adult)
    is taken from Artois's 20, and the project runs a third term of 6 months, 1 October 2020 –
    31 March 2021, with its review on 1 January 2021; the new measure funds one renewal more."""
    seed = second_term_ended
    project = seed.project
    with pytest.raises(HouseholdError, match="n'autorise que 1 renouvellement"):
        services.project_renew(project=project, by=seed.worker)
    agreement = services.project_renew_further(
        project=project,
        by=world.users.coordinator,
        reason="Relogement en cours : la sortie du dispositif romprait le parcours.",
    )
    project.refresh_from_db()
    assert (project.status, project.renewals_used, project.renewals_allowed()) == (
        ProjectStatus.RENEWED,
        2,
        3,
    )
    assert (project.term_start, project.review_due_on, project.planned_end) == (
        D(2020, 10, 1),
        D(2021, 1, 1),
        D(2021, 3, 31),
    )
    reservation = agreement.reservation
    assert (reservation.rank, reservation.measures, reservation.allocation) == (
        2,
        1,
        seed.current_artois,
    )
    assert agreement.agreed_by == world.users.coordinator
    assert MeasureReservation.objects.filter(project=project).count() == 2


def test_a_further_renewal_needs_a_reason_and_the_territorys_coordinator(world, second_term_ended):
    """seed 004 §5: the new measure is consumed with the coordinator's agreement and a
    reason; the referent cannot, nor a coordinator of Lens-Hénin."""
    seed = second_term_ended
    with pytest.raises(HouseholdError, match="Indiquez le motif"):
        services.project_renew_further(project=seed.project, by=world.users.coordinator, reason=" ")
    lens = member(Role.COORDINATOR, world.orgs.department, territory=seed.lens)
    for someone in (seed.worker, lens):
        with pytest.raises(PermissionDenied):
            services.project_renew_further(project=seed.project, by=someone, reason="Motif.")
    assert not RenewalAgreement.objects.exists()
    assert MeasureReservation.objects.filter(project=seed.project).count() == 1


def test_a_further_renewal_never_goes_beyond_the_allocation(world, second_term_ended):
    """seed 004 §5: the measures are the envelope's count (« soit 45 mesures, réparties entre
    les 2 territoires »): with none left for Artois, nothing is renewed nor consumed."""
    seed = second_term_ended
    allocation_set(envelope=seed.current, territory=seed.artois, measures=0, by=seed.agent)
    with pytest.raises(HouseholdError, match="il en reste 0 et ce renouvellement en demande 1"):
        services.project_renew_further(
            project=seed.project, by=world.users.coordinator, reason="Relogement en cours."
        )
    seed.project.refresh_from_db()
    assert (seed.project.status, seed.project.renewals_used) == (ProjectStatus.IN_REVIEW, 1)
    assert not RenewalAgreement.objects.exists()


def test_no_new_measure_while_the_measure_still_funds_a_renewal(world, asrl_project):
    """seed 004 §5: the first renewal is the measure's own: no new measure for it."""
    project = review(
        asrl_project, world.users.social_worker, ReviewKind.END_OF_TERM, D(2020, 3, 31)
    )
    with pytest.raises(HouseholdError, match="aucune nouvelle mesure n'est nécessaire"):
        services.project_renew_further(
            project=project, by=world.users.coordinator, reason="Relogement en cours."
        )


# ------------------------------------------------------------------------------- the page
def test_the_coordinator_agrees_on_the_projects_page(client, world, second_term_ended):
    seed = second_term_ended
    project = seed.project
    client.force_login(world.users.coordinator)
    page = client.get(project.get_absolute_url())
    url = reverse("households:project_renew_further", args=[project.pk])
    assert url in page.content.decode()
    form = client.get(url)
    assert "Motif du nouveau renouvellement" in form.content.decode()
    response = client.post(url, {"reason": "", "version": project.version})
    assert response.status_code == 400 and not RenewalAgreement.objects.exists()
    response = client.post(url, {"reason": "Relogement en cours.", "version": project.version})
    assert response.status_code == 302
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Nouvelle mesure accordée" in page and "Relogement en cours." in page
    assert "2 sur 3 possibles" in page


def test_the_referents_page_has_no_agreement_button(client, second_term_ended):
    seed = second_term_ended
    client.force_login(seed.worker)
    page = client.get(seed.project.get_absolute_url()).content.decode()
    assert reverse("households:project_renew_further", args=[seed.project.pk]) not in page
    assert "n'autorise que 1 renouvellement" in page.replace("&#x27;", "'")


def test_the_agreement_page_is_404_for_another_territory(client, world, second_term_ended):
    """Perimeter: the coordinator of Lens-Hénin does not see an Artois household."""
    seed = second_term_ended
    client.force_login(member(Role.COORDINATOR, world.orgs.department, territory=seed.lens))
    url = reverse("households:project_renew_further", args=[seed.project.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x", "version": seed.project.version}).status_code == 404
    assert not RenewalAgreement.objects.exists()
