"""issue 18 item 10: the demo tells a story for every role. Each demo user's home shows
figures that are not zero where the story says so and agree with the lists and the report;
seed 004 can be played by the demo users themselves (no superuser); dates follow the
loading day."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from demo import data
from demo.data.governance import COMMITTEES, CP_PRESENT
from demo.loader import load_demo
from funding.enums import InstalmentStatus
from funding.models import (
    Application,
    CallForApplications,
    GrantYear,
    Instalment,
    MeasureAllocation,
    MeasureEnvelope,
)
from funding.services import calls
from governance import agenda
from governance import services as governance_services
from governance.models import Committee
from households.models import Household, priority_codes
from households.selectors import timeline
from partnerships.enums import OrganisationKind, Role
from partnerships.models import Convention, Membership, User
from portal.home import home_figures
from portal.reports import department_report_context

pytestmark = pytest.mark.django_db

AGENT = "agent.departement@maillage.test"
CHRS_DIRECTOR = "directrice.chrs@maillage.test"
COMMITTEE_VOTERS = CP_PRESENT[:3]
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# Every demo user who follows households, and how many they follow (demo/data/*households).
FOLLOWERS = {
    "travailleur.social@maillage.test": 3,
    "benevole@maillage.test": 2,
    "coordinateur@maillage.test": 3,
    "directeur@maillage.test": 3,
    "directrice.mta@maillage.test": 3,
    "travailleur.social.artois@maillage.test": 3,
    "travailleur.social.lens@maillage.test": 4,
    "coordinatrice.lens-henin@maillage.test": 4,
    CHRS_DIRECTOR: 3,
}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(demo_once, db):
    return demo_once


def figures_of(email) -> dict:
    return {str(f.label): f.value for f in home_figures(User.objects.get(email=email))}


def test_the_department_agent_sees_the_year_without_clicking_anything(demo):
    agent = User.objects.get(email=AGENT)
    year = timezone.localdate().year
    figures = figures_of(AGENT)

    in_force = Convention.objects.visible_to(agent).filter(status__in=["active", "renewed"])
    assert figures["Conventions en vigueur"] == in_force.count() >= 2
    assert set(in_force.values_list("reference", flat=True)) >= {"CPOM-FAS-SUITE", "ASRL-62-2019"}
    # The follow-on CPOM's 20 000 € of the year, as on the grants' list.
    year_total = sum(
        GrantYear.objects.visible_to(agent).filter(year=year).values_list("amount", flat=True)
    )
    assert figures["Participations de l'année"] == year_total == Decimal("20000.00")
    # Instalments exist without « Générer l'échéancier »: one is due (the follow-on's 70 %).
    due = Instalment.objects.visible_to(agent).filter(status=InstalmentStatus.DUE)
    assert figures["Versements exigibles"] == due.count() >= 1
    assert due.filter(grant__convention__reference="CPOM-FAS-SUITE", amount=Decimal("14000.00"))
    # The report of the year counts the same households as the home.
    report = department_report_context(agent, year, lambda _percent: None)
    households = figures["Ménages accompagnés dans l'année (agrégé)"]
    assert households == report["households"].households >= 3
    assert report["money_totals"].amount == year_total


def test_the_department_agent_lists_agree_with_the_home(client, demo):
    agent = User.objects.get(email=AGENT)
    figures = figures_of(AGENT)
    client.force_login(agent)

    page = client.get(reverse("funding:instalment_list"), {"status": "due"}).content.decode()
    due = Instalment.objects.visible_to(agent).filter(status=InstalmentStatus.DUE)
    for instalment in due:
        assert instalment.grant.convention.reference in page
    assert figures["Versements exigibles"] == len(due)
    assert client.get(reverse("portal:reports")).status_code == 200


@pytest.mark.parametrize("email", sorted(FOLLOWERS))
def test_each_follower_sees_households_and_projects_and_the_list_agrees(client, demo, email):
    user = User.objects.get(email=email)
    figures = figures_of(email)

    assert figures["Ménages suivis"] == FOLLOWERS[email]
    assert figures["Projets en cours"] >= 1
    client.force_login(user)
    page = client.get(reverse("households:household_list")).content.decode()
    shown = set(re.findall(r"(?:ASRL|SMN)-[A-Z]+-\d{3}", page))
    visible = set(Household.objects.visible_to(user).values_list("reference", flat=True))
    assert shown == visible
    assert len(visible) == figures["Ménages suivis"]


def test_something_is_due_for_the_coordinators_and_workers_of_asrl(demo):
    for email in ("coordinateur@maillage.test", "travailleur.social.artois@maillage.test"):
        figures = figures_of(email)
        assert figures["Bilans ou fins de mesure sous 30 jours"] >= 1
        assert figures["Saisines en attente de décision"] >= 1


def test_the_signatory_partner_sees_their_convention(demo):
    figures = figures_of("partenaire@maillage.test")

    assert figures["Conventions signées"] >= 1
    # The mediation's hours of the last weeks (demo/data/activity.py, RECENT_ACTIVITY).
    assert figures["Heures d'activité de l'année"] > 0


def test_the_communes_signatory_reads_the_households_housed_there_in_figures(client, demo):
    """seed 000 art. III: « Informer les communes … de la mise à disposition d'un logement »:
    Capinghem's signatory reads the household SOLiHA housed there, counted, never named."""
    client.force_login(User.objects.get(email="partenaire@maillage.test"))
    year = timezone.localdate().year
    response = client.get(reverse("households:commune_report"), {"annee": year})
    (capinghem,) = response.context["communes"]
    assert capinghem.housed == 1
    assert "SMN-MTA-002" not in response.content.decode()
    assert "Moulin" not in response.content.decode()


def test_the_departements_agent_sends_a_referral_and_reads_only_its_receipt(client, demo):
    """seed 004 §4: « la saisine de la plateforme peut se faire par tout partenaire (…
    travailleurs sociaux notamment internes au Département …) »: the Département, party to
    the ASRL convention, refers a household through its agent, who has no professional role;
    the agent reads the receipt, never the file; Capinghem's signatory, party to no
    programme's convention, is not offered the form."""
    agent = User.objects.get(email="agent.departement@maillage.test")
    client.force_login(agent)
    form = client.get(reverse("households:referral_submit"))
    assert form.status_code == 200
    programme = form.context["form"].fields["programme"].queryset.get()
    territory = form.context["form"].fields["territory"].queryset.filter(kind="commune").first()
    response = client.post(
        reverse("households:referral_submit"),
        {
            "referred_by": form.context["form"].fields["referred_by"].queryset.get().pk,
            "programme": programme.pk,
            "situation": "Dette locative, procédure d'expulsion engagée.",
            "territory": territory.pk,
            "housing_situation": "eviction_threat",
            "first_name": "Karima",
            "last_name": "Démo",
            "relationship": "head",
        },
    )
    assert response.status_code == 302
    household = Household.objects.get(members__last_name="Démo")
    assert client.get(response["Location"]).status_code == 200
    assert client.get(household.get_absolute_url()).status_code == 404
    client.force_login(User.objects.get(email="partenaire@maillage.test"))
    assert client.get(reverse("households:referral_submit")).status_code == 404
    assert client.get(reverse("households:referral_sent_list")).status_code == 200


def test_seed_004_has_an_open_call_a_managed_envelope_and_a_chrs_director(demo):
    now = timezone.now()
    call = CallForApplications.objects.get(title=data.NEXT_CALL["title"])

    assert call.deadline > now + dt.timedelta(days=14)
    # seed 004 §6: the same documents and criteria as the call of 2019, CHRS managers only.
    assert call.required_documents.count() == 6 and call.criteria.count() == 6
    assert call.eligible_kinds == ["chrs_manager"]
    assert call.envelope.manager.name == "Département du Pas-de-Calais"
    # seed 004 §5-6: the DIHAL funds, the Département manages the 2019 envelope too.
    assert not MeasureEnvelope.objects.filter(programme__code="asrl", manager=None).exists()
    director = Membership.objects.get(user__email=CHRS_DIRECTOR, role=Role.DIRECTOR)
    assert director.organisation.kind == OrganisationKind.CHRS_MANAGER


def test_a_chrs_director_completes_and_submits_her_file_through_the_pages(client, demo):
    # seed 004 §6: a CHRS manager sends a complete file (six documents, the measures asked
    # for on each territory) before the deadline.
    director = User.objects.get(email=CHRS_DIRECTOR)
    operator = director.memberships.get().organisation
    call = CallForApplications.objects.get(title=data.NEXT_CALL["title"])
    client.force_login(director)
    assert client.get(reverse("funding:call_detail", args=[call.pk])).status_code == 200
    # The demo left her file open, measures asked, documents missing: her to-do says so.
    application = Application.objects.get(call=call, organisation=operator, status="draft")
    todo = client.get(reverse("home")).content.decode()
    assert re.search(r">1</span>Appels où la candidature de votre structure reste à déposer", todo)
    response = client.post(
        reverse("funding:application_request", args=[application.pk]),
        {"territory": call.territories.get(name="Artois").pk, "measures": 18},
    )
    assert response.status_code == 302
    for document in call.required_documents.all():
        upload = SimpleUploadedFile(f"piece-{document.position}.pdf", PDF, "application/pdf")
        response = client.post(
            reverse("funding:application_upload", args=[application.pk]),
            {"required_document": document.pk, "file": upload},
        )
        assert response.status_code == 302
    response = client.post(reverse("funding:application_submit", args=[application.pk]))

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.requests.get().measures == 18
    assert application.history.first().history_user == director


def test_the_demo_year_moves_with_the_loading_day_without_adding_rows(db):
    # Two past days (a contact cannot be dated in the future), a year apart.
    load_demo(today=dt.date(2025, 6, 1))
    counts = (GrantYear.objects.count(), Instalment.objects.count(), Convention.objects.count())

    load_demo(today=dt.date(2026, 6, 1))

    assert (GrantYear.objects.count(), Instalment.objects.count(), Convention.objects.count()) == (
        counts
    )
    years = GrantYear.objects.filter(grant__convention__reference="CPOM-FAS-SUITE")
    assert sorted(years.values_list("year", flat=True)) == [2026, 2027, 2028]
    follow_on = Convention.objects.get(reference="CPOM-FAS-SUITE")
    assert follow_on.start_date == dt.date(2026, 1, 1)
    assert "2026-2028" in follow_on.title
    first = Instalment.objects.get(grant__convention=follow_on, year=2026, position=1)
    assert first.status == InstalmentStatus.DUE
    assert first.due_on == dt.date(2026, 1, 12)


def test_the_call_deadline_follows_the_loading_day(db):
    load_demo(today=dt.date(2026, 6, 1))
    load_demo(today=dt.date(2026, 9, 1))

    call = CallForApplications.objects.get(title=data.NEXT_CALL["title"])
    assert timezone.localtime(call.deadline).date() == dt.date(2026, 9, 22)


def test_the_timeline_of_a_household_is_spread_over_its_follow_up(demo):
    today = timezone.localdate()
    household = Household.objects.get(reference="ASRL-ART-001")

    events = timeline(household, document_titles=True)

    by_label = {}
    for event in events:
        by_label.setdefault(str(event.label), []).append(event.day)
    # Received 84 days ago, oriented 78 days ago (demo/data/asrl_households.py): the members
    # were added and the project proposed then, not on the loading day.
    assert set(by_label["Membre ajouté"]) == {today - dt.timedelta(days=84)}
    assert by_label["Projet proposé"] == [today - dt.timedelta(days=78)]
    assert max(event.day for event in events if event.day <= today) < today
    days = {event.day for event in events}
    assert len(days) >= 6


def test_seed_004_goes_on_with_the_demo_users_after_the_deadline(demo):
    # seed 004 §6.d: after the deadline the Département closes the call, its jury (the
    # Département and the three EPCI) scores the complete files and gives its opinion.
    director = User.objects.get(email=CHRS_DIRECTOR)
    agent = User.objects.get(email=AGENT)
    operator = director.memberships.get().organisation
    call = CallForApplications.objects.get(title=data.NEXT_CALL["title"])
    application = Application.objects.get(call=call, organisation=operator)
    calls.application_request_measures(
        application=application,
        territory=call.territories.get(name="Artois"),
        measures=20,
        by=director,
    )
    for document in call.required_documents.all():
        upload = SimpleUploadedFile(f"piece-{document.position}.pdf", PDF, "application/pdf")
        calls.application_upload(
            application=application, required_document=document, upload=upload, by=director
        )
    application = calls.application_submit(application=application, by=director)
    after = call.deadline + dt.timedelta(hours=1)

    calls.call_close(call=call, by=agent, now=after)
    calls.scores_record(
        application=application,
        scores=[(criterion, 8) for criterion in call.criteria.all()],
        by=agent,
        now=after,
    )
    request = application.requests.get()
    calls.call_decide(
        call=call, envelope=call.envelope, granted={request.pk: 20}, by=agent, now=after
    )

    application.refresh_from_db()
    assert application.status == "selected"
    assert application.requests.get().measures_granted == 20

    # seed 004 §6.d: "Ces projets seront soumis à la délibération de la Commission
    # Permanente". The agent (the Département runs its Commission Permanente) plans its
    # meeting, finds the jury's proposal among the items to bring to it, holds the meeting and
    # records the adopted deliberation: the CHRS then has its 20 measures on Artois.
    cp = Committee.objects.get(name=COMMITTEES["cp62"]["name"])
    today = timezone.localdate()
    meeting = governance_services.meeting_plan(
        committee=cp, by=agent, held_on=today, place="Arras", agenda="Attribution des mesures."
    )
    candidates = agenda.pending_items(meeting, agent)
    assert [c.target for c in candidates if c.target == call] == [call]
    key = next(c.key for c in candidates if c.target == call)
    [item] = agenda.agenda_prepare(meeting=meeting, by=agent, picks=[key])
    governance_services.meeting_hold(meeting=meeting, by=agent)
    for name in COMMITTEE_VOTERS:
        governance_services.attendance_record(
            meeting=meeting, by=agent, full_name=name, status="present"
        )
    agenda.agenda_item_decide(
        item=item,
        by=agent,
        outcome="adopted",
        votes_for=len(COMMITTEE_VOTERS),
        votes_against=0,
        abstentions=0,
    )
    call.refresh_from_db()
    assert call.adopted_by.meeting == meeting
    allocation = MeasureAllocation.objects.get(
        envelope=call.envelope, operator=operator, territory__name="Artois"
    )
    assert allocation.measures == 20


def test_each_demo_household_s_copy_of_its_criteria_matches_its_criteria(demo):
    """issue 15: the household list filters on the copy; the demo writes it as the services
    do (households.services.set_priorities)."""
    households = Household.objects.prefetch_related("priorities")
    assert any(h.priority_criteria for h in households)
    for household in households:
        criteria = [p.criterion for p in household.priorities.all()]
        assert household.priority_criteria == priority_codes(criteria), household.reference
