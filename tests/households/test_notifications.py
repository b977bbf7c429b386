"""issue 16: who is told of what happens to a household's file, and nobody outside its
perimeter; the e-mails carry a reference and a link, never a member's name nor a note."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from households import services
from households.enums import HousingSituation, OrientationOutcome, Relationship
from households.notifications import remind_due_dates
from partnerships.enums import NotificationDelivery, NotificationKind, Role
from partnerships.models import Notification, NotificationPreference
from partnerships.services import notify
from tests.households.factories import HouseholdFactory, MemberFactory, ProjectFactory
from tests.partnerships.factories import member

pytestmark = pytest.mark.django_db

NAME, SURNAME = "Nadia", "Fictif"
SITUATION = "Menacée d'expulsion avec deux enfants."


def told(kind) -> set:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def emails(*users) -> set:
    return {u.email for u in users}


def new_referral(world):
    return services.referral_receive_new_household(
        by=world.users.social_worker,
        organisation=world.orgs.chrs,
        territory=world.territories.arras,
        housing_situation=HousingSituation.EVICTION_THREAT,
        informed_on=dt.date(2019, 9, 10),
        priorities=["eviction"],
        first_name=NAME,
        last_name=SURNAME,
        birth_date=dt.date(1990, 6, 1),
        relationship=Relationship.HEAD,
        referred_by=world.orgs.chrs,
        programme=world.asrl,
        received_on=dt.date(2019, 9, 12),
        situation=SITUATION,
    )


@pytest.fixture
def lens_coordinator(world):
    """A coordinator of another territory: the household of Arras is not theirs."""
    return member(Role.COORDINATOR, world.orgs.department, territory=world.territories.lens)


def test_a_referral_received_tells_the_coordinator_of_its_territory_and_the_referrer(
    world, lens_coordinator
):
    new_referral(world)
    # The author (the referring social worker) is not told of their own act.
    assert told(NotificationKind.REFERRAL_RECEIVED) == emails(
        world.users.coordinator, world.users.director
    )


def test_an_orientation_tells_the_referrer_and_the_operator(world, lens_coordinator):
    referral = new_referral(world)
    services.orientation_decide(
        referral=referral,
        by=world.users.coordinator,
        outcome=OrientationOutcome.ORIENTED,
        decided_on=dt.date(2019, 9, 20),
        operator=world.orgs.chrs,
        slisl_head="Mme Delattre, cheffe du SLISL de l'Artois",
        slisl_opinion="favourable",
        slisl_opinion_on=dt.date(2019, 9, 18),
    )
    assert told(NotificationKind.REFERRAL_ORIENTED) == emails(
        world.users.social_worker, world.users.director
    )


def propose_joint(world, by=None, referent=None):
    household = HouseholdFactory(organisation=world.orgs.soliha, territory=world.territories.marcq)
    MemberFactory(household=household, first_name=NAME, last_name=SURNAME)
    return services.project_propose(
        household=household,
        by=by or world.users.soliha_worker,
        programme=world.joint,
        operator=world.orgs.soliha,
        referent=referent or world.users.soliha_worker,
        objectives="Autonomie dans le logement.",
        partners=[world.orgs.mta],
    )


def test_a_joint_project_proposed_asks_each_structures_director_and_nobody_else(world):
    # seed 000 art. IV: "sur la base d'un accord de chacune des structures"
    propose_joint(world)
    assert told(NotificationKind.PROJECT_TO_APPROVE) == emails(
        world.users.soliha_director, world.users.mta_director
    )
    # The referent proposed it: no « new case » for their own proposal.
    assert told(NotificationKind.CASE_ASSIGNED) == set()


def test_a_project_proposed_by_a_director_tells_the_referent_of_the_new_case(world):
    propose_joint(world, by=world.users.soliha_director)
    assert told(NotificationKind.CASE_ASSIGNED) == emails(world.users.soliha_worker)
    assert told(NotificationKind.PROJECT_TO_APPROVE) == emails(world.users.mta_director)


def test_the_approval_of_every_structure_tells_the_referent_and_the_directors(world):
    project = propose_joint(world)
    services.project_approve(
        project=project, by=world.users.soliha_director, organisation=world.orgs.soliha
    )
    assert told(NotificationKind.PROJECT_APPROVED) == set()  # MTA has not agreed yet
    services.project_approve(
        project=project, by=world.users.mta_director, organisation=world.orgs.mta
    )
    assert told(NotificationKind.PROJECT_APPROVED) == emails(
        world.users.soliha_worker, world.users.soliha_director
    )


def test_a_refusal_tells_the_referent_and_the_other_structure_never_the_reason(world):
    # seed 000 art. IV: the follow-up needs "un accord de chacune des structures".
    project = propose_joint(world)
    services.project_refuse(
        project=project,
        by=world.users.mta_director,
        organisation=world.orgs.mta,
        reason="Pas de bénévole disponible sur la commune.",
    )
    assert told(NotificationKind.PROJECT_REFUSED) == emails(
        world.users.soliha_worker, world.users.soliha_director
    )
    refused = Notification.objects.filter(kind=NotificationKind.PROJECT_REFUSED)
    assert all("MTA" in n.title or "Mouvement" in n.title for n in refused), [
        n.title for n in refused
    ]
    assert not any("bénévole disponible" in n.title for n in refused)


def test_a_handover_tells_the_former_and_the_new_referent(world, asrl_project):
    colleague = member(Role.SOCIAL_WORKER, world.orgs.chrs, first_name="Sacha")
    services.project_change_referent(
        project=asrl_project,
        new_referent=colleague,
        reason="Départ de Camille vers une autre structure.",
        by=world.users.director,
    )
    assert told(NotificationKind.REFERENT_HANDOVER) == emails(colleague, world.users.social_worker)
    former = Notification.objects.get(recipient=world.users.social_worker)
    assert "vous lisez le dossier jusqu'au" in former.title


def test_nobody_outside_the_perimeter_is_ever_told(world, asrl_project):
    outsiders = [world.users.outsider, world.users.outsider_director, world.users.mta_director]
    assert (
        notify(
            recipients=[*outsiders, world.users.social_worker],
            kind=NotificationKind.CASE_ASSIGNED,
            title="Dossier",
            obj=asrl_project,
        )
        != []
    )
    assert told(NotificationKind.CASE_ASSIGNED) == emails(world.users.social_worker)


def test_an_inactive_account_is_not_told(world, asrl_project):
    world.users.social_worker.is_active = False
    world.users.social_worker.save()
    notify(
        recipients=[world.users.social_worker],
        kind=NotificationKind.CASE_ASSIGNED,
        title="Dossier",
        obj=asrl_project,
    )
    assert not Notification.objects.exists()


# ------------------------------------------------------------------------------ e-mails
def test_an_immediate_notification_is_emailed_by_the_task_without_any_name_or_note(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        project = propose_joint(world)
    sent = {m.to[0]: m for m in mailoutbox}
    assert set(sent) == emails(world.users.soliha_director, world.users.mta_director)
    mail = sent[world.users.mta_director.email]
    html = mail.alternatives[0][0]
    for body in (mail.subject, mail.body, html):
        assert NAME not in body and SURNAME not in body
        assert "Autonomie dans le logement" not in body
    assert project.household.reference in mail.body
    assert f"/menages/projets/{project.pk}/" in mail.body
    assert mail.alternatives[0][1] == "text/html"
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


def test_the_chosen_delivery_is_respected(world, mailoutbox, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(
        user=world.users.mta_director,
        kind=NotificationKind.PROJECT_TO_APPROVE,
        delivery=NotificationDelivery.NONE,
    )
    NotificationPreference.objects.create(
        user=world.users.soliha_director,
        kind=NotificationKind.PROJECT_TO_APPROVE,
        delivery=NotificationDelivery.DIGEST,
    )
    with django_capture_on_commit_callbacks(execute=True):
        propose_joint(world)
    assert mailoutbox == []  # neither chose « immediately »
    # Both see it in Maillage.
    assert told(NotificationKind.PROJECT_TO_APPROVE) == emails(
        world.users.soliha_director, world.users.mta_director
    )
    call_command("send_notifications", stdout=StringIO())
    assert [m.to for m in mailoutbox] == [[world.users.soliha_director.email]]


# ----------------------------------------------------------------- reminders and digests
def test_reminders_and_digests_are_sent_once_however_often_the_command_runs(
    world, household, mailoutbox
):
    MemberFactory(household=household, first_name=NAME, last_name=SURNAME)
    today = timezone.localdate()
    project = ProjectFactory(
        household=household,
        programme=world.asrl,
        operator=world.orgs.chrs,
        referent=world.users.social_worker,
        start_date=today - dt.timedelta(days=80),
        active=True,
    )
    # seed 004 §4: the intermediate review at 3 months, so within 15 days of day 80.
    assert today < project.review_due_on <= today + dt.timedelta(days=15)
    out = StringIO()
    call_command("send_notifications", stdout=out)
    assert "1 rappel(s)" in out.getvalue() and "1 récapitulatif(s)" in out.getvalue()
    call_command("send_notifications", stdout=out)
    assert Notification.objects.filter(kind=NotificationKind.REVIEW_DUE).count() == 1
    assert len(mailoutbox) == 1
    digest = mailoutbox[0]
    assert digest.to == [world.users.social_worker.email]
    assert "récapitulatif" in digest.subject
    assert household.reference in digest.body
    assert NAME not in digest.body and SURNAME not in digest.body
    assert NAME not in digest.alternatives[0][0]


def test_one_digest_a_day_even_when_more_notifications_come(world, asrl_project, mailoutbox):
    def later(title):
        notify(
            recipients=[world.users.social_worker],
            kind=NotificationKind.COMMITTEE_DECISION,
            title=title,
            obj=asrl_project,
        )

    later("Première décision")
    call_command("send_notifications", stdout=StringIO())
    later("Deuxième décision")
    call_command("send_notifications", stdout=StringIO())
    assert len(mailoutbox) == 1 and "Première décision" in mailoutbox[0].body
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    call_command("send_notifications", "--date", tomorrow.isoformat(), stdout=StringIO())
    assert len(mailoutbox) == 2 and "Deuxième décision" in mailoutbox[1].body


def test_an_end_within_15_days_is_reminded_to_the_referent_only(world, asrl_project):
    end = asrl_project.planned_end
    written = remind_due_dates(end - dt.timedelta(days=15))
    assert written == 1
    assert told(NotificationKind.END_DUE) == emails(world.users.social_worker)
    assert remind_due_dates(end - dt.timedelta(days=14)) == 0
    assert remind_due_dates(end - dt.timedelta(days=16)) == 0


def test_notifications_are_kept_a_year(world, asrl_project):
    [kept] = notify(
        recipients=[world.users.social_worker],
        kind=NotificationKind.CASE_ASSIGNED,
        title="Récente",
        obj=asrl_project,
    )
    [old] = notify(
        recipients=[world.users.director],
        kind=NotificationKind.CASE_ASSIGNED,
        title="Ancienne",
        obj=asrl_project,
    )
    Notification.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=366)
    )
    out = StringIO()
    call_command("send_notifications", stdout=out)
    assert "1 notification(s) de plus d'un an effacée(s)" in out.getvalue()
    assert list(Notification.objects.all()) == [kept]


def test_a_digest_that_cannot_leave_is_tried_again_the_next_run(
    world, asrl_project, settings, mailoutbox
):
    notify(
        recipients=[world.users.social_worker, world.users.director],
        kind=NotificationKind.COMMITTEE_DECISION,
        title="Décision",
        obj=asrl_project,
    )
    # A real SMTP backend and nobody listening: the connection is refused.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    call_command("send_notifications", stdout=StringIO())
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_notifications", stdout=StringIO())
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [world.users.social_worker.email, world.users.director.email]
    )


def test_a_structure_added_to_a_joint_project_is_asked_for_its_agreement(world):
    household = HouseholdFactory(organisation=world.orgs.soliha, territory=world.territories.marcq)
    project = services.project_propose(
        household=household,
        by=world.users.soliha_worker,
        programme=world.joint,
        operator=world.orgs.soliha,
        referent=world.users.soliha_worker,
        objectives="Autonomie dans le logement.",
    )
    assert told(NotificationKind.PROJECT_TO_APPROVE) == emails(world.users.soliha_director)
    services.project_set_partners(
        project=project, by=world.users.soliha_worker, partners=[world.orgs.mta]
    )
    asked = Notification.objects.filter(kind=NotificationKind.PROJECT_TO_APPROVE)
    assert sorted(n.recipient.email for n in asked) == sorted(
        [world.users.soliha_director.email, world.users.mta_director.email]
    )
