"""The "Échéances" page and the calendar feed hold every derived date of the perimeter (issue
16): project reviews, ends and renewals, instalments, annual reports, commitments,
deliverables, meetings planned, expected and missing, last days to denounce, call deadlines."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from funding.models import CallForApplications
from households.enums import ReviewKind
from partnerships.enums import Role
from partnerships.models import ActionSheet, Commitment, Deliverable
from portal.calendar import events_for
from portal.navigation import menu_for
from tests.funding.factories import CallFactory, GrantFactory, InstalmentFactory
from tests.governance.factories import CommitteeFactory, MeetingFactory
from tests.households.factories import (
    AppointmentFactory,
    HouseholdFactory,
    ProjectFactory,
    ReviewFactory,
)
from tests.partnerships.factories import convention_between, member

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAYS = dt.timedelta


def _project(world, *, started, organisation=None, reference=None):
    organisation = organisation or world.orgs.chrs
    household = HouseholdFactory(
        organisation=organisation,
        territory=world.territories.arras,
        **({"reference": reference} if reference else {}),
    )
    return ProjectFactory(
        household=household,
        programme=world.asrl,
        operator=organisation,
        referent=world.users.social_worker
        if organisation == world.orgs.chrs
        else world.users.outsider,
        start_date=started,
        active=True,
    )


def _convention_dates(world, index: int = 0):
    """A convention of the department and the CHRS with one of each dated thing."""
    convention = convention_between(
        world.orgs.department,
        world.orgs.chrs,
        reference=f"ECH-{index:03d}",
        start_date=TODAY - DAYS(400),
        end_date=TODAY + DAYS(60),
        signed_on=TODAY - DAYS(400),
        # Last year's report is due at the end of this month.
        annual_report_months=TODAY.month,
    )
    party = convention.parties.get(organisation=world.orgs.chrs)
    Commitment.objects.create(
        party=party, text=f"Transmettre le plan d'actions {index}", due_on=TODAY + DAYS(20)
    )
    sheet = ActionSheet.objects.create(convention=convention, number=1, title="Fiche 1")
    Deliverable.objects.create(
        sheet=sheet, label=f"Guide de la médiation {index}", due_on=TODAY - DAYS(5)
    )
    grant = GrantFactory(
        convention=convention, funder=world.orgs.department, beneficiary=world.orgs.chrs
    )
    InstalmentFactory(grant=grant, due=True, year=TODAY.year)
    InstalmentFactory(
        grant=grant,
        position=2,
        share=Decimal("0.30"),
        amount=Decimal("6000.00"),
        due_on=TODAY + DAYS(30),
    )
    committee = CommitteeFactory(convention=convention, organisation=world.orgs.department)
    MeetingFactory(committee=committee, held_on=TODAY + DAYS(12), planned=True, place="Arras")
    CallFactory(title=f"Appel ASRL {index}", deadline=timezone.now() + DAYS(25))
    return convention


def test_social_worker_sees_reviews_and_ends_of_their_perimeter_only(client, world):
    review = _project(world, started=TODAY - DAYS(80), reference="M-REVUE")
    ending = _project(world, started=TODAY - DAYS(175), reference="M-FIN")
    ReviewFactory(project=ending, kind=ReviewKind.INTERMEDIATE, held_on=TODAY - DAYS(90))
    _project(world, started=TODAY - DAYS(80), organisation=world.orgs.other, reference="M-AUTRE")
    client.force_login(world.users.social_worker)
    response = client.get(reverse("portal:due"))
    assert response.status_code == 200
    page = response.content.decode()
    [projects] = [s for s in response.context["sections"] if s.key == "accompagnements"]
    kinds = {(row.uid, row.kind) for row in projects.rows}
    # seed 004 §4: the review at 3 months; the end at 6, renewable once.
    assert (f"projet-{review.pk}-bilan", "Bilan intermédiaire") in kinds
    assert (f"projet-{ending.pk}-fin", "Fin de l'accompagnement (renouvelable)") in kinds
    assert f"projet-{ending.pk}-bilan" not in {uid for uid, _kind in kinds}
    assert "M-REVUE" in page and "M-FIN" in page
    assert "M-AUTRE" not in page


def test_staff_sees_instalments_commitments_deliverables_meetings_and_calls(client, world):
    _convention_dates(world)
    client.force_login(world.users.staff)
    response = client.get(reverse("portal:due"))
    sections = {s.key: s for s in response.context["sections"]}
    assert [r.kind for r in sections["versements"].rows] == [
        "Versement exigible",
        "Versement prévu",
    ]
    assert {r.kind for r in sections["engagements"].rows} == {
        "Livrable à remettre",
        "Engagement de " + str(world.orgs.chrs),
    }
    assert [r.detail for r in sections["reunions-prevues"].rows] == ["Arras"]
    assert [r.title for r in sections["appels"].rows] == ["Appel ASRL 0"]
    # The department sees no household on this page.
    assert sections["accompagnements"].rows == []
    deadlines = {d.get_kind_display() for d in response.context["items"].deadlines}
    assert "Fin de la convention" in deadlines
    assert "en retard" in response.content.decode()  # the deliverable is late


def test_another_organisations_dates_stay_out(client, world):
    _convention_dates(world)
    client.force_login(world.users.outsider_director)
    response = client.get(reverse("portal:due"))
    sections = {s.key: s for s in response.context["sections"]}
    for key in ("accompagnements", "versements", "reunions-prevues", "engagements"):
        assert sections[key].rows == [], key
    assert "ECH-000" not in response.content.decode()
    # A published call is for everyone.
    assert [r.title for r in sections["appels"].rows] == ["Appel ASRL 0"]


def test_planned_appointments_show_for_who_follows_the_project_in_person(client, world):
    project = _project(world, started=TODAY - DAYS(30), reference="MEN-RDV-1")
    AppointmentFactory(project=project, place="Permanence d'Arras")
    client.force_login(world.users.social_worker)  # the project's referent
    sections = {s.key: s for s in client.get(reverse("portal:due")).context["sections"]}
    (row,) = sections["rendez-vous"].rows
    assert row.title == "Ménage MEN-RDV-1" and row.detail == "Permanence d'Arras"
    assert row.day == TODAY + DAYS(2) and row.kind.startswith("Rendez-vous à ")
    assert not row.overdue
    # Another organisation's director: neither the row nor the reference.
    client.force_login(world.users.outsider_director)
    response = client.get(reverse("portal:due"))
    assert {s.key: s for s in response.context["sections"]}["rendez-vous"].rows == []
    assert "MEN-RDV-1" not in response.content.decode()


@pytest.mark.parametrize("who", ["social_worker", "staff"])
def test_due_page_queries_do_not_grow_with_rows(client, world, count_queries, who):
    client.force_login(getattr(world.users, who))
    url = reverse("portal:due")

    def grow(index):
        project = _project(world, started=TODAY - DAYS(80 + index))
        AppointmentFactory(project=project)
        _convention_dates(world, index)

    grow(0)
    client.get(url)
    few, _sql = count_queries(lambda: client.get(url))
    for index in range(1, 4):
        grow(index)
    many, sql = count_queries(lambda: client.get(url))
    assert many == few, "\n".join(sql)


@pytest.mark.parametrize("role", list(Role))
def test_the_due_page_is_in_every_roles_menu(client, world, role):
    user = member(role, world.orgs.chrs)
    assert "portal:due" in [item.url_name for item in menu_for(user)]
    client.force_login(user)
    assert client.get(reverse("portal:due")).status_code == 200


def test_calendar_holds_commitments_deliverables_calls_reports_and_meetings(world):
    convention = _convention_dates(world)
    CommitteeFactory(convention=convention, organisation=world.orgs.department, frequency="monthly")
    summaries = [e.summary for e in events_for(world.users.staff)]
    assert any(s.startswith("Engagement de ") for s in summaries)
    assert any(s.startswith("Livrable à remettre — ECH-000") for s in summaries)
    assert any(s.startswith("Date limite de dépôt") for s in summaries)
    assert any(s.startswith("Versement prévu — ECH-000") for s in summaries)
    assert any(s.startswith("Réunion manquante : ") for s in summaries)
    assert any(s.startswith("Réunion à tenir d'ici ce jour : ") for s in summaries)
    # Last year's report, due at the end of this month (annual_report_months below).
    assert f"Bilan annuel {TODAY.year - 1} à remettre — ECH-000" in summaries
    # Each event once.
    uids = [e.uid for e in events_for(world.users.staff)]
    assert len(uids) == len(set(uids))
    # Another organisation's feed holds none of it but the published call.
    outsider = [e.summary for e in events_for(world.users.outsider_director)]
    assert all(s.startswith("Date limite de dépôt") for s in outsider)


def test_a_long_convention_title_is_cut_as_truncatechars_cuts_it():
    from django.template.defaultfilters import truncatechars

    from portal.views.due import _short

    for title in ("Convention courte", "Convention " + "très longue " * 10, "Cafe\u0301 " * 30):
        assert _short(title) == truncatechars(title, 90)


SCRIPT = '<script>alert("xss")</script>'


def test_markup_in_names_stays_text_in_the_rows_written_in_python(client, world):
    """Échéances and the convention list write their rows in Python (issue 15):
    a title, a name or a label holding markup is still shown as text."""
    convention = _convention_dates(world)
    type(convention).objects.filter(pk=convention.pk).update(title=SCRIPT)
    world.orgs.chrs.name, world.orgs.chrs.short_name = SCRIPT, ""
    world.orgs.chrs.save()
    Deliverable.objects.filter(sheet__convention=convention).update(label=SCRIPT)
    Commitment.objects.filter(party__convention=convention).update(text=SCRIPT)
    CallForApplications.objects.update(title=SCRIPT)
    client.force_login(world.users.staff)
    for url in (reverse("portal:due"), reverse("partnerships:convention_list")):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body, url
        assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in body, url
