"""The home page's "À faire" (issue 16): per role, each line's count is the number of rows of
the list it links to (same user, following the link), inside the perimeter, in a number of
queries that does not grow with the rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from governance.enums import AgendaKind, CommitteeKind, Frequency
from governance.models import AgendaItem
from households.enums import Performer, ReviewKind
from households.models import Referral
from partnerships.enums import Role
from partnerships.models import (
    ActivityKind,
    ActivityRecord,
    IncidentAcknowledgement,
    IncidentReport,
)
from tests.funding.factories import ApplicationFactory, CallFactory, GrantFactory, InstalmentFactory
from tests.governance.factories import AnnualReportFactory, CommitteeFactory, MeetingFactory
from tests.households.factories import (
    AppointmentFactory,
    ContactFactory,
    HouseholdFactory,
    PlannedActionFactory,
    ProjectApprovalFactory,
    ProjectFactory,
    ReferralFactory,
    ReviewFactory,
)
from tests.partnerships.factories import convention_between, member

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAYS = dt.timedelta


def todo_of(client, user) -> dict[str, object]:
    """The user's to-do lines, by label, read from their home page."""
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return {str(line.label): line for line in response.context["todo"]}


def rows_behind(client, line) -> int:
    """The number of rows of the list a line links to (its paginator, or the due page's
    section of missing meetings)."""
    response = client.get(line.url)
    assert response.status_code == 200, line.url
    if "page_obj" in response.context:
        return response.context["page_obj"].paginator.count
    if line.url.endswith("#titre-rendez-vous"):  # today's rows of the appointments section
        sections = {s.key: s for s in response.context["sections"]}
        return sum(1 for row in sections["rendez-vous"].rows if row.day == TODAY)
    return len(response.context["items"].missed_meetings)


def assert_each_count_is_its_list(client, user) -> dict[str, int]:
    lines = todo_of(client, user)
    assert lines, "aucune ligne « À faire »"
    for label, line in lines.items():
        assert line.count == rows_behind(client, line), label
    return {label: line.count for label, line in lines.items()}


# ------------------------------------------------------------------------------ social worker
def _asrl(world, *, started: dt.date, referent=None, organisation=None, territory=None):
    household = HouseholdFactory(
        organisation=organisation or world.orgs.chrs,
        territory=territory or world.territories.arras,
    )
    return ProjectFactory(
        household=household,
        programme=world.asrl,
        operator=organisation or world.orgs.chrs,
        referent=referent or world.users.social_worker,
        start_date=started,
        active=True,
    )


def test_social_worker_counts_reviews_ends_contacts_and_silence(client, world):
    # seed 004 §4: ASRL, 6 months, review at 3 months, at least 2 meetings a week.
    review_soon = _asrl(world, started=TODAY - DAYS(80))  # review in ~10 days, no contact
    ending = _asrl(world, started=TODAY - DAYS(175))  # ends in ~8 days
    ReviewFactory(project=ending, kind=ReviewKind.INTERMEDIATE, held_on=TODAY - DAYS(80))
    ContactFactory(project=ending, happened_on=TODAY)  # 1 contact: still below 2 this week
    fresh = _asrl(world, started=TODAY - DAYS(3))  # too recent for every line
    # An appointment today (at noon) and one in two days: today's is on the to-do.
    noon = timezone.make_aware(dt.datetime.combine(TODAY, dt.time(12, 0)))
    AppointmentFactory(project=fresh, starts_at=noon)
    AppointmentFactory(project=fresh, starts_at=noon + DAYS(2))
    # Another organisation's project, overdue on everything: never counted.
    _asrl(
        world,
        started=TODAY - DAYS(175),
        referent=world.users.outsider,
        organisation=world.orgs.other,
    )
    counts = assert_each_count_is_its_list(client, world.users.social_worker)
    assert counts == {
        "Bilans intermédiaires dus ou en retard": 1,
        "Accompagnements qui prennent fin dans les 30 jours": 1,
        "Accompagnements sous le rythme de rencontres de la semaine": 2,
        "Accompagnements sans rencontre depuis 30 jours": 1,
        "Rendez-vous prévus aujourd'hui": 1,
    }
    assert review_soon.review_due_on <= TODAY + DAYS(30) and fresh.start_date > TODAY - DAYS(7)


def test_the_lines_of_a_social_worker_link_to_their_projects_only(client, world):
    # A colleague's project of the same structure is in the perimeter, not in "my" to-do.
    _asrl(world, started=TODAY - DAYS(80), referent=member(Role.SOCIAL_WORKER, world.orgs.chrs))
    counts = assert_each_count_is_its_list(client, world.users.social_worker)
    assert set(counts.values()) == {0}


# ---------------------------------------------------------------------------------- volunteer
def test_volunteer_counts_the_accompaniments_with_a_volunteer_action_to_do(
    client, world, joint_project
):
    PlannedActionFactory(
        project=joint_project, performer=Performer.VOLUNTEER, organisation=world.orgs.mta
    )
    PlannedActionFactory(project=joint_project, performer=Performer.VOLUNTEER, status="done")
    other = ProjectFactory(
        household=HouseholdFactory(organisation=world.orgs.soliha),
        programme=world.joint,
        operator=world.orgs.soliha,
        partners=[world.orgs.mta],
        volunteers=[world.users.volunteer],
    )
    PlannedActionFactory(project=other, performer=Performer.PROFESSIONAL)
    # The volunteer's appointment of today, planned by the referent.
    noon = timezone.make_aware(dt.datetime.combine(TODAY, dt.time(12, 0)))
    AppointmentFactory(project=other, starts_at=noon, planned_by=other.referent)
    counts = assert_each_count_is_its_list(client, world.users.volunteer)
    assert counts == {
        "Accompagnements où une action bénévole est à mener": 1,
        "Rendez-vous prévus aujourd'hui": 1,
    }


# -------------------------------------------------------------------------------- coordinator
def test_coordinator_counts_referrals_to_orient_waiting_operators_and_complex_cases(client, world):
    def household(territory=None):
        return HouseholdFactory(
            organisation=world.orgs.chrs, territory=territory or world.territories.arras
        )

    ReferralFactory(household=household(), programme=world.asrl)
    on_agenda = ReferralFactory(household=household(), programme=world.asrl, under_study=True)
    ReferralFactory(household=household(), programme=world.asrl, oriented=True)
    taken_up = ReferralFactory(household=household(), programme=world.asrl, oriented=True)
    ProjectFactory(
        household=taken_up.household,
        programme=world.asrl,
        referral=taken_up,
        operator=world.orgs.chrs,
        proposed=True,
    )
    # Outside the coordinator's territory (Artois): never counted.
    ReferralFactory(household=household(world.territories.lens), programme=world.asrl)
    commission = CommitteeFactory(
        convention=world.conventions.asrl, kind=CommitteeKind.COMPLEX_CASES
    )
    meeting = MeetingFactory(committee=commission, held_on=TODAY + DAYS(7), planned=True)
    AgendaItem.objects.create(
        meeting=meeting,
        position=1,
        kind=AgendaKind.ORIENTATION,
        target_type=ContentType.objects.get_for_model(Referral),
        target_id=on_agenda.pk,
        title="Orientation",
    )
    # seed 004 §7: reviews sent to the coordinator; the one of Lens and the one not sent are
    # not theirs to read.
    for territory, sent_on in (
        (world.territories.arras, TODAY),
        (world.territories.lens, TODAY),
        (world.territories.arras, None),
    ):
        ReviewFactory(
            project=ProjectFactory(household=household(territory), programme=world.asrl),
            held_on=TODAY,
            sent_to_coordinator_on=sent_on,
        )
    counts = assert_each_count_is_its_list(client, world.users.coordinator)
    assert counts == {
        "Saisines à orienter": 2,
        "Orientations en attente de l'opérateur": 1,
        "Cas complexes inscrits en commission": 1,
        "Bilans transmis à lire": 1,
    }


# ----------------------------------------------------------------------------------- director
def test_mta_director_sees_the_joint_project_awaiting_her_structure(client, world):
    # seed 000 art. IV: each structure agrees to the joint follow-up.
    project = ProjectFactory(
        household=HouseholdFactory(organisation=world.orgs.soliha),
        programme=world.joint,
        operator=world.orgs.soliha,
        partners=[world.orgs.mta],
        proposed=True,
    )
    counts = assert_each_count_is_its_list(client, world.users.mta_director)
    assert counts["Projets en attente de l'accord de votre structure"] == 1
    ProjectApprovalFactory(project=project, organisation=world.orgs.mta)
    counts = assert_each_count_is_its_list(client, world.users.mta_director)
    assert counts["Projets en attente de l'accord de votre structure"] == 0
    # SOLiHA, the operator, has not agreed yet.
    counts = assert_each_count_is_its_list(client, world.users.soliha_director)
    assert counts["Projets en attente de l'accord de votre structure"] == 1


def test_director_counts_approvals_signatures_reports_applications_and_members(client, world):
    director = world.users.director
    ProjectFactory(
        household=HouseholdFactory(organisation=world.orgs.chrs),
        programme=world.asrl,
        operator=world.orgs.chrs,
        proposed=True,
    )
    convention_between(world.orgs.department, world.orgs.chrs, awaiting_signature=True)
    AnnualReportFactory(convention=world.conventions.asrl, year=2023, draft=True)
    open_call = CallFactory(deadline=timezone.now() + DAYS(10))
    ApplicationFactory(call=open_call, organisation=world.orgs.chrs)
    closed_call = CallFactory(deadline=timezone.now() - DAYS(1))
    ApplicationFactory(call=closed_call, organisation=world.orgs.chrs)
    invited = member(Role.SOCIAL_WORKER, world.orgs.chrs)
    invited.set_unusable_password()  # as member_invite leaves a new account
    invited.save()
    counts = assert_each_count_is_its_list(client, director)
    assert counts["Projets en attente de l'accord de votre structure"] == 1
    assert counts["Conventions en attente de signature"] == 1
    assert counts["Bilans annuels en brouillon, à transmettre"] == 1
    assert counts["Appels où la candidature de votre structure reste à déposer"] == 1
    assert counts["Invitations de membres en attente"] == 1


# --------------------------------------------------------------------------- department staff
def test_department_staff_counts_money_reports_applications_conventions_and_meetings(client, world):
    department = world.orgs.department
    grant = GrantFactory(
        convention=world.conventions.asrl, funder=department, beneficiary=world.orgs.chrs
    )
    InstalmentFactory(grant=grant, due=True)
    InstalmentFactory(grant=grant, position=2, share=Decimal("0.30"), amount=Decimal("6000"))
    AnnualReportFactory(convention=world.conventions.asrl, year=2023, submitted=True)
    call = CallFactory(publisher=department)
    ApplicationFactory(call=call, organisation=world.orgs.chrs, submitted=True)
    convention_between(
        department,
        world.orgs.fas,
        start_date=TODAY - DAYS(700),
        end_date=TODAY + DAYS(40),
        signed_on=TODAY - DAYS(690),
        renewal_policy="none",
    )
    ending = convention_between(
        department,
        world.orgs.fas,
        start_date=TODAY - DAYS(500),
        end_date=TODAY + DAYS(400),
        signed_on=TODAY - DAYS(500),
    )
    CommitteeFactory(convention=ending, frequency=Frequency.MONTHLY, organisation=department)
    counts = assert_each_count_is_its_list(client, world.users.staff)
    assert counts["Versements exigibles"] == 1
    assert counts["Bilans annuels transmis, à valider"] == 1
    assert counts["Appels dont des candidatures déposées sont à examiner"] == 1
    assert (
        counts["Conventions qui prennent fin ou atteignent leur date limite de dénonciation"] >= 1
    )
    assert counts["Réunions d'instance manquantes"] >= 11  # a monthly committee never met


# ------------------------------------------------------------------------- signatory partner
def _incident(world, *, acknowledged: bool):
    report = IncidentReport.objects.create(
        convention=world.conventions.mediation,
        reported_by=world.orgs.other,
        occurred_on=TODAY - DAYS(2),
        kind="Conflit de voisinage",
        description="Altercation dans le hall.",
    )
    report.recipients.set([world.orgs.commune])
    if acknowledged:
        IncidentAcknowledgement.objects.create(
            report=report,
            organisation=world.orgs.commune,
            acknowledged_on=TODAY,
            acknowledged_by=world.users.partner,
        )
    return report


def test_partner_counts_incidents_to_acknowledge_syntheses_and_new_reports(client, world):
    # seed 003 §V.2: the partners named acknowledge the incident report.
    _incident(world, acknowledged=False)
    _incident(world, acknowledged=True)
    kind = ActivityKind.objects.create(convention=world.conventions.mediation, label="Médiation")
    last_month = TODAY.replace(day=1) - DAYS(3)
    ActivityRecord.objects.create(
        convention=world.conventions.mediation,
        operator=world.orgs.other,
        day=last_month,
        kind=kind,
        hours=Decimal("7"),
    )
    counts = assert_each_count_is_its_list(client, world.users.partner)
    assert counts["Signalements dont votre structure doit accuser réception"] == 1
    assert counts["Synthèses mensuelles du mois dernier"] == 1
    assert "Bilans annuels validés depuis 30 jours" in counts


# ------------------------------------------------------------------------------- perimeter
def test_another_organisations_objects_are_never_counted(client, world):
    """Everything waits at Opérateur B: the CHRS's people count nothing, B's director does."""
    other = world.orgs.other
    ProjectFactory(
        household=HouseholdFactory(organisation=other),
        programme=world.asrl,
        operator=other,
        proposed=True,
    )
    _asrl(world, started=TODAY - DAYS(175), referent=world.users.outsider, organisation=other)
    AnnualReportFactory(convention=world.conventions.mediation, year=2023, draft=True)
    draft_call = CallFactory(deadline=timezone.now() + DAYS(10))
    ApplicationFactory(call=draft_call, organisation=other)
    users = world.users
    for user in (users.director, users.social_worker, users.mta_director):
        counts = assert_each_count_is_its_list(client, user)
        assert set(counts.values()) == {0}, user
    counts = assert_each_count_is_its_list(client, world.users.outsider_director)
    assert counts["Projets en attente de l'accord de votre structure"] == 1
    assert counts["Bilans annuels en brouillon, à transmettre"] == 1
    assert counts["Appels où la candidature de votre structure reste à déposer"] == 1


def test_a_line_points_to_a_list_whose_filter_says_what_it_holds(client, world):
    lines = todo_of(client, world.users.director)
    page = client.get(reverse("home")).content.decode()
    assert 'aria-labelledby="titre-a-faire"' in page
    for line in lines.values():
        assert f'href="{line.url.replace("&", "&amp;")}"' in page
        assert escape(str(line.label)) in page


# ----------------------------------------------------------------------------- query count
def _grow(world, index: int) -> None:
    """One more row behind every line of every role."""
    started = TODAY - DAYS(80 + index)
    _asrl(world, started=started)
    _asrl(world, started=TODAY - DAYS(175 + index))
    joint = ProjectFactory(
        household=HouseholdFactory(organisation=world.orgs.soliha),
        programme=world.joint,
        operator=world.orgs.soliha,
        partners=[world.orgs.mta],
        volunteers=[world.users.volunteer],
    )
    PlannedActionFactory(project=joint, performer=Performer.VOLUNTEER)
    ProjectFactory(
        household=HouseholdFactory(organisation=world.orgs.chrs),
        programme=world.asrl,
        operator=world.orgs.chrs,
        proposed=True,
    )
    household = HouseholdFactory(organisation=world.orgs.chrs, territory=world.territories.arras)
    ReferralFactory(household=household, programme=world.asrl)
    ReferralFactory(household=household, programme=world.asrl, oriented=True)
    ReviewFactory(
        project=ProjectFactory(household=household, programme=world.asrl),
        sent_to_coordinator_on=dt.date(2024, 5, 3),
    )
    convention = convention_between(
        world.orgs.department, world.orgs.chrs, world.orgs.commune, reference=f"TODO-{index}"
    )
    AnnualReportFactory(convention=convention, year=2023, submitted=True)
    AnnualReportFactory(convention=convention, year=2024, draft=True)
    grant = GrantFactory(
        convention=convention, funder=world.orgs.department, beneficiary=world.orgs.chrs
    )
    InstalmentFactory(grant=grant, due=True)
    call = CallFactory(publisher=world.orgs.department, deadline=timezone.now() + DAYS(5))
    ApplicationFactory(call=call, organisation=world.orgs.chrs)
    ApplicationFactory(call=call, submitted=True)
    CommitteeFactory(convention=convention, frequency=Frequency.MONTHLY)
    report = IncidentReport.objects.create(
        convention=convention,
        reported_by=world.orgs.chrs,
        occurred_on=TODAY,
        kind="Incident",
        description="Description.",
    )
    report.recipients.set([world.orgs.commune])
    invited = member(Role.SOCIAL_WORKER, world.orgs.chrs)
    invited.set_unusable_password()
    invited.save()


@pytest.mark.parametrize(
    "who", ["social_worker", "volunteer", "coordinator", "director", "staff", "partner"]
)
def test_home_queries_do_not_grow_with_the_rows_counted(client, world, count_queries, who):
    client.force_login(getattr(world.users, who))
    url = reverse("home")
    _grow(world, 0)
    client.get(url)
    few, _sql = count_queries(lambda: client.get(url))
    for index in range(1, 4):
        _grow(world, index)
    many, sql = count_queries(lambda: client.get(url))
    assert many == few, "\n".join(sql)


# -------------------------------------------------------------------------------------- demo
def test_every_demo_user_s_counts_are_their_lists_and_mta_sees_the_pending_approval(
    client, db, settings
):
    from demo.loader import load_demo
    from partnerships.models import User

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    for user in User.objects.filter(is_superuser=False, memberships__isnull=False).distinct():
        assert_each_count_is_its_list(client, user)
    # seed 000 art. IV: the joint project SOLiHA proposed waits for MTA's agreement.
    mta = User.objects.get(email="directrice.mta@maillage.test")
    counts = assert_each_count_is_its_list(client, mta)
    assert counts["Projets en attente de l'accord de votre structure"] == 1
