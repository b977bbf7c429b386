"""issue 16: the referent handover.

Changing the referent of a project takes a reason; the former referent keeps a read-only
access to the household's file for 30 days, then loses it by itself (the perimeter reads the
access's end); the file shows the history of referents and structures."""

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from households import services
from households.access import access_data
from households.enums import AccessReason, ContactMedium, HousingSituation, Relationship
from households.models import (
    Contact,
    Document,
    Household,
    HouseholdAccess,
    InterventionProject,
    Member,
    PlannedAction,
    ReferentChange,
    Referral,
    Review,
)
from households.rules import (
    reads_confidential_notes,
    remember_file_answers,
    with_file_answers,
    works_on_household,
)
from households.services import HouseholdError
from households.signals import referent_changed
from partnerships.enums import Role
from partnerships.models import Membership, User
from tests.households.factories import ProjectFactory
from tests.partnerships.factories import MembershipFactory, member

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REASON = "Départ de Camille vers une autre structure au 1er décembre."


@pytest.fixture
def colleague(world):
    """A second social worker of the CHRS, who takes the project over."""
    return member(Role.SOCIAL_WORKER, world.orgs.chrs, first_name="Sacha", last_name="Nouveau")


@pytest.fixture
def informed_project(asrl_project):
    household = asrl_project.household
    household.informed_on = dt.date(2019, 9, 20)
    household.save()
    return asrl_project


def hand_over(project, to, by, reason=REASON):
    return services.project_change_referent(project=project, new_referent=to, reason=reason, by=by)


def leave_for_another_structure(world, user) -> User:
    """The former referent leaves the CHRS for another operator (Opérateur B)."""
    Membership.objects.filter(user=user, organisation=world.orgs.chrs).update(is_active=False)
    MembershipFactory(user=user, organisation=world.orgs.other, role=Role.SOCIAL_WORKER)
    return User.objects.get(pk=user.pk)  # memberships are cached on the user object


def visible(user) -> set[int]:
    fresh = User.objects.get(pk=user.pk)
    return set(Household.objects.visible_to(fresh).values_list("pk", flat=True))


def state(household, project) -> tuple:
    """What a write would change: the file's rows and versions."""
    project.refresh_from_db()
    household.refresh_from_db()
    return (
        household.version,
        household.housing_situation,
        project.version,
        project.status,
        project.referent_id,
        Member.objects.filter(household=household).count(),
        Referral.objects.filter(household=household).count(),
        Document.objects.filter(household=household).count(),
        InterventionProject.objects.filter(household=household).count(),
        Contact.objects.filter(project=project).count(),
        PlannedAction.objects.filter(project=project).count(),
        Review.objects.filter(project=project).count(),
        ReferentChange.objects.filter(project=project).count(),
    )


# ---------------------------------------------------------------------------------- service
def test_a_handover_records_who_why_and_gives_the_former_referent_30_days(
    world, asrl_project, colleague
):
    before = timezone.now()
    change = hand_over(asrl_project, colleague, world.users.director)

    asrl_project.refresh_from_db()
    assert asrl_project.referent == colleague
    assert (change.former_referent, change.new_referent) == (world.users.social_worker, colleague)
    assert change.reason == REASON
    assert change.changed_by == world.users.director
    access = HouseholdAccess.objects.get(
        household=asrl_project.household, reason=AccessReason.HANDOVER
    )
    assert access.user == world.users.social_worker
    assert access.until == change.access_until
    # issue 16: « 30 days of transition access »
    assert dt.timedelta(days=30) <= access.until - before < dt.timedelta(days=30, minutes=1)


def test_a_handover_sends_the_hook_the_notifications_will_use(world, asrl_project, colleague):
    received = []

    def receiver(sender, change, by, **kwargs):
        received.append((change.new_referent, by))

    referent_changed.connect(receiver)
    try:
        hand_over(asrl_project, colleague, world.users.social_worker)
    finally:
        referent_changed.disconnect(receiver)
    assert received == [(colleague, world.users.social_worker)]


def test_a_second_handover_of_the_same_person_lengthens_the_access_never_shortens_it(
    world, asrl_project, colleague
):
    hand_over(asrl_project, colleague, world.users.director)
    access = HouseholdAccess.objects.get(reason=AccessReason.HANDOVER)
    HouseholdAccess.objects.filter(pk=access.pk).update(until=F("until") - dt.timedelta(days=20))
    back = hand_over(asrl_project, world.users.social_worker, world.users.director, "Retour.")
    hand_over(asrl_project, colleague, world.users.director, "Nouveau départ.")
    rows = HouseholdAccess.objects.filter(reason=AccessReason.HANDOVER).order_by("user__pk")
    assert {r.user for r in rows} == {world.users.social_worker, colleague}
    assert rows.get(user=world.users.social_worker).until > back.access_until


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_a_handover_without_a_reason_is_refused_and_changes_nothing(
    world, asrl_project, colleague, reason
):
    household = asrl_project.household
    before = state(household, asrl_project)
    with pytest.raises(HouseholdError, match="Indiquez le motif du changement de référent"):
        hand_over(asrl_project, colleague, world.users.director, reason)
    assert state(household, asrl_project) == before
    assert not HouseholdAccess.objects.filter(reason=AccessReason.HANDOVER).exists()


def test_the_new_referent_must_work_for_the_operator(world, asrl_project):
    household = asrl_project.household
    before = state(household, asrl_project)
    with pytest.raises(HouseholdError, match="travailleur social de la structure opératrice"):
        hand_over(asrl_project, world.users.soliha_worker, world.users.director)
    with pytest.raises(HouseholdError, match="travailleur social de la structure opératrice"):
        hand_over(asrl_project, member(Role.VOLUNTEER, world.orgs.chrs), world.users.director)
    assert state(household, asrl_project) == before


def test_handing_over_to_the_referent_themselves_is_refused(world, asrl_project):
    with pytest.raises(HouseholdError, match="est déjà le référent de ce projet"):
        hand_over(asrl_project, world.users.social_worker, world.users.director)
    assert not ReferentChange.objects.exists()


def test_a_closed_project_keeps_its_referent(world, colleague):
    project = ProjectFactory(
        household__organisation=world.orgs.chrs,
        programme=world.asrl,
        operator=world.orgs.chrs,
        referent=world.users.social_worker,
        closed=True,
    )
    with pytest.raises(HouseholdError, match="clôturé ne change plus"):
        hand_over(project, colleague, world.users.director)
    assert not ReferentChange.objects.exists()


@pytest.mark.parametrize("who", ["volunteer", "mta_director", "outsider", "coordinator", "staff"])
def test_only_the_operators_people_hand_a_project_over(world, joint_project, who):
    new = member(Role.SOCIAL_WORKER, world.orgs.soliha)
    with pytest.raises(PermissionDenied):
        hand_over(joint_project, new, getattr(world.users, who))
    joint_project.refresh_from_db()
    assert joint_project.referent == world.users.soliha_worker
    assert not ReferentChange.objects.exists()


def test_a_stale_form_conflicts_and_changes_nothing(world, asrl_project, colleague):
    seen = asrl_project.version
    services.project_set_volunteers(project=asrl_project, by=world.users.director, volunteers=[])
    with pytest.raises(services.EditConflict):
        services.project_change_referent(
            project=asrl_project,
            new_referent=colleague,
            reason=REASON,
            by=world.users.director,
            version=seen,
        )
    assert not ReferentChange.objects.exists()


# ------------------------------------------------------------------- read-only, then nothing
@pytest.fixture
def handed_over(world, informed_project, colleague):
    """Camille handed her project over to Sacha, then left the CHRS for Opérateur B."""
    document = services.document_upload(
        household=informed_project.household,
        by=world.users.social_worker,
        kind="contract",
        title="Contrat signé",
        upload=SimpleUploadedFile("contrat.pdf", PDF),
    )
    hand_over(informed_project, colleague, world.users.social_worker)
    former = leave_for_another_structure(world, world.users.social_worker)
    # Fresh rows: the rules remember their answers on the objects, for one request.
    project = InterventionProject.objects.select_related("household").get(pk=informed_project.pk)
    return project, former, document


def test_the_former_referent_reads_the_file_for_30_days(client, handed_over):
    project, former, document = handed_over
    client.force_login(former)
    page = client.get(project.household.get_absolute_url())
    assert page.status_code == 200
    assert client.get(project.get_absolute_url()).status_code == 200
    download = client.get(reverse("households:document_download", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    download.close()
    html = page.content.decode()
    # No button to change anything on the file.
    for name in ("household_edit", "member_add", "referral_add", "document_add", "project_add"):
        assert reverse(f"households:{name}", args=[project.household.pk]) not in html
    assert "accès de transition, en lecture seule" in html


def write_posts(project, document) -> list[tuple[str, dict]]:
    household = project.household
    return [
        (
            reverse("households:household_edit", args=[household.pk]),
            {
                "version": household.version,
                "housing_situation": HousingSituation.TENANT,
            },
        ),
        (
            reverse("households:member_add", args=[household.pk]),
            {
                "first_name": "Alex",
                "last_name": "Fictif",
                "relationship": Relationship.CHILD,
            },
        ),
        (
            reverse("households:referral_add", args=[household.pk]),
            {
                "referred_by": project.operator_id,
                "programme": project.programme_id,
                "received_on": "2024-01-10",
                "situation": "Hébergé.",
            },
        ),
        (
            reverse("households:document_add", args=[household.pk]),
            {
                "kind": "other",
                "title": "Pièce",
                "file": SimpleUploadedFile("a.pdf", PDF),
            },
        ),
        (reverse("households:project_add", args=[household.pk]), {"objectives": "Autre."}),
        (
            reverse("households:contact_add", args=[project.pk]),
            {
                "happened_on": "2024-01-10",
                "medium": ContactMedium.PHONE,
                "duration_minutes": 30,
                "summary": "Appel.",
            },
        ),
        (reverse("households:action_add", args=[project.pk]), {"description": "Action."}),
        (
            reverse("households:review_add", args=[project.pk]),
            {
                "version": project.version,
                "kind": "intermediate",
                "held_on": "2020-01-02",
                "assessment": "Bien.",
                "recommendation": "continue",
            },
        ),
        (reverse("households:project_renew", args=[project.pk]), {"version": project.version}),
        (
            reverse("households:project_close", args=[project.pk]),
            {
                "version": project.version,
                "closed_on": "2020-01-02",
                "outcome": "housed",
            },
        ),
        (
            reverse("households:help_add", args=[project.pk]),
            {
                "purpose": "energy",
                "amount_requested": "50",
                "payer": project.operator_id,
            },
        ),
        (
            reverse("households:project_referent", args=[project.pk]),
            {
                "version": project.version,
                "new_referent": project.referent_id,
                "reason": "Retour.",
            },
        ),
    ]


def test_every_write_page_refuses_the_former_referent_and_changes_nothing(client, handed_over):
    project, former, document = handed_over
    household = project.household
    client.force_login(former)
    before = state(household, project)
    for url, data in write_posts(project, document):
        response = client.post(url, data)
        assert response.status_code == 404, url
        assert state(household, project) == before, url


def test_every_write_service_refuses_the_former_referent(world, handed_over):
    project, former, _document = handed_over
    household = project.household
    before = state(household, project)
    writes = [
        lambda: services.household_update_situation(
            household=household,
            by=former,
            version=household.version,
            housing_situation=HousingSituation.TENANT,
            priorities=[],
            informed_on=None,
        ),
        lambda: services.member_add(
            household=household,
            by=former,
            first_name="Alex",
            last_name="Fictif",
            birth_date=None,
            relationship=Relationship.CHILD,
        ),
        lambda: services.referral_receive(
            household=household,
            by=former,
            referred_by=world.orgs.siao,
            programme=world.asrl,
            received_on=dt.date(2024, 1, 10),
            situation="Hébergé.",
        ),
        lambda: services.document_upload(
            household=household,
            by=former,
            kind="other",
            title="Pièce",
            upload=SimpleUploadedFile("a.pdf", PDF),
        ),
        lambda: services.contact_log(
            project=project,
            by=former,
            happened_on=dt.date(2024, 1, 10),
            medium=ContactMedium.PHONE,
            duration_minutes=30,
        ),
        lambda: services.project_close(
            project=project, by=former, closed_on=dt.date(2020, 1, 2), outcome="housed"
        ),
        lambda: hand_over(project, former, former, "Retour."),
    ]
    for write in writes:
        with pytest.raises(PermissionDenied):
            write()
    assert state(household, project) == before


def test_the_transition_access_ends_by_itself_after_30_days(client, handed_over):
    project, former, _document = handed_over
    household = project.household
    access = HouseholdAccess.objects.filter(reason=AccessReason.HANDOVER)

    # 29 days later (the handover's dates moved back: no clock to stop, no task to run).
    access.update(until=F("until") - dt.timedelta(days=29))
    assert household.pk in visible(former)
    # 30 days and a minute later.
    access.update(until=F("until") - dt.timedelta(days=1, minutes=1))
    assert household.pk not in visible(former)
    client.force_login(former)
    assert client.get(household.get_absolute_url()).status_code == 404
    assert client.get(project.get_absolute_url()).status_code == 404
    # The nightly task only tidies the table up.
    out = StringIO()
    call_command("retention", stdout=out)
    assert "1 accès de transition échu(s) effacé(s)." in out.getvalue()
    assert not access.exists()
    assert HouseholdAccess.objects.filter(household=household).exists()  # the others stay


def test_a_former_referent_still_in_the_operator_keeps_their_structures_rights(
    world, informed_project, colleague
):
    """The transition access matters once they have left; colleagues keep working as before."""
    hand_over(informed_project, colleague, world.users.director)
    former = User.objects.get(pk=world.users.social_worker.pk)
    assert former.has_perm("households.edit_household", informed_project.household)


# ------------------------------------------------------------------------------------ page
def test_the_project_page_hands_over_with_a_reason(client, world, asrl_project, colleague):
    url = reverse("households:project_referent", args=[asrl_project.pk])
    client.force_login(world.users.social_worker)
    assert url in client.get(asrl_project.get_absolute_url()).content.decode()
    form = client.get(url)
    assert form.status_code == 200
    assert "Nouveau référent" in form.content.decode()
    response = client.post(
        url, {"version": asrl_project.version, "new_referent": colleague.pk, "reason": REASON}
    )
    assert response.status_code == 302
    asrl_project.refresh_from_db()
    assert asrl_project.referent == colleague


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": ""}, "Ce champ est obligatoire."),
        ({"reason": "   "}, "Ce champ est obligatoire."),
        ({"new_referent": "outsider"}, "Sélectionnez un choix valide"),
        ({"new_referent": "social_worker"}, "Sélectionnez un choix valide"),
        ({"version": ""}, "Le formulaire est incomplet"),
    ],
)
def test_bad_input_on_the_handover_page_says_why_in_french_and_changes_nothing(
    client, world, asrl_project, colleague, data, message
):
    household = asrl_project.household
    before = state(household, asrl_project)
    posted = {"version": asrl_project.version, "new_referent": colleague.pk, "reason": REASON}
    posted.update(data)
    if posted["new_referent"] in ("outsider", "social_worker"):
        posted["new_referent"] = getattr(world.users, posted["new_referent"]).pk
    client.force_login(world.users.social_worker)
    response = client.post(reverse("households:project_referent", args=[asrl_project.pk]), posted)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert state(household, asrl_project) == before


@pytest.mark.parametrize("who", ["outsider", "outsider_director", "staff", "partner"])
def test_another_organisation_gets_404_on_the_handover_page(client, world, asrl_project, who):
    url = reverse("households:project_referent", args=[asrl_project.pk])
    client.force_login(getattr(world.users, who))
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": REASON}).status_code == 404
    assert not ReferentChange.objects.exists()


@pytest.mark.parametrize("who", ["volunteer", "mta_director"])
def test_a_partner_structure_sees_the_project_but_not_the_handover_page(
    client, world, joint_project, who
):
    client.force_login(getattr(world.users, who))
    url = reverse("households:project_referent", args=[joint_project.pk])
    assert client.get(joint_project.get_absolute_url()).status_code == 200
    assert client.get(url).status_code == 404


def test_the_file_shows_the_history_of_referents_and_structures(
    client, world, asrl_project, colleague
):
    hand_over(asrl_project, colleague, world.users.director)
    client.force_login(world.users.director)
    html = client.get(asrl_project.household.get_absolute_url()).content.decode()
    history = html.split('id="titre-referents"')[1].split("</section>")[0]
    assert "Référents et structures" in html
    assert str(world.orgs.chrs) in history
    assert str(colleague) in history and "référent actuel" in history
    assert str(world.users.social_worker) in history
    assert REASON in history
    # and the timeline
    assert "Changement de référent" in html


def test_the_right_of_access_export_carries_the_handovers(world, asrl_project, colleague):
    """RGPD art. 15: everything held about the household, the reason of a handover included."""
    hand_over(asrl_project, colleague, world.users.director)
    (project,) = access_data(asrl_project.household)["accompagnements"]
    assert project["referent"] == str(colleague)
    assert [
        (c["ancien_referent"], c["nouveau_referent"], c["motif"])
        for c in project["changements_de_referent"]
    ] == [(str(world.users.social_worker), str(colleague), REASON)]


def test_the_file_reads_the_rules_answers_with_its_household(world, asrl_project, colleague):
    """issue 15: the file loads its household with what reads_confidential_notes and
    works_on_household ask (with_file_answers): the same answers as their own queries, for
    every user, the former referent's read-only transition access included."""
    former = world.users.social_worker
    hand_over(asrl_project, colleague, former)
    former = leave_for_another_structure(world, former)
    household = asrl_project.household
    for user in [*vars(world.users).values(), former, colleague]:
        user = User.objects.get(pk=user.pk)  # memberships are cached on the user object
        loaded, fresh = loaded_for(user, household), Household.objects.get(pk=household.pk)
        # the project page reads them with its project
        project = with_file_answers(
            InterventionProject.objects.filter(pk=asrl_project.pk), user, household="household"
        ).get()
        remember_file_answers(project.household, user, annotated=project)
        for predicate in (reads_confidential_notes, works_on_household):
            answer = predicate(user, fresh)
            assert predicate(user, loaded) == answer, (user.email, predicate)
            assert predicate(user, project.household) == answer, (user.email, predicate)
    # the former referent reads, and only reads (issue 16)
    assert reads_confidential_notes(former, loaded_for(former, household))
    assert not works_on_household(former, loaded_for(former, household))


def loaded_for(user, household) -> Household:
    loaded = with_file_answers(Household.objects.filter(pk=household.pk), user).get()
    remember_file_answers(loaded, user)
    return loaded
