"""issue 16: what funding tells, and to whom: an instalment falls due (the funder's staff who
pay it, the beneficiary's director), an annual report validated (the parties that wrote it),
each within the perimeter of the money (FUNDING_ROLES)."""

import datetime as dt

import pytest

from funding import services
from governance import agenda
from governance import services as governance_services
from governance.enums import ItemOutcome
from partnerships.enums import NotificationKind, Role
from partnerships.models import Notification
from tests.governance.factories import (
    AnnualReportFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    MeetingFactory,
)
from tests.partnerships.factories import member

pytestmark = pytest.mark.django_db


def told(kind) -> set:
    return {n.recipient for n in Notification.objects.filter(kind=kind)}


def test_an_instalment_falling_due_is_told_to_the_beneficiarys_director_not_to_its_author(
    world, fas_grant, agent
):
    # seed 001 art. 4.2: the 70 % falls due on the notification of the grant.
    services.instalments_generate(grant=fas_grant, by=agent)
    services.grant_notify(grant=fas_grant, on=dt.date(2023, 4, 19), by=agent)
    assert told(NotificationKind.INSTALMENT_DUE) == {world.users.fas_director}
    [note] = Notification.objects.filter(kind=NotificationKind.INSTALMENT_DUE)
    assert fas_grant.convention.reference in note.title and "70\u00a0%" in note.title


def test_another_agent_of_the_funder_is_told_too_and_no_social_worker(world, fas_grant, agent):
    colleague = member(Role.DEPARTMENT_STAFF, world.orgs.department)
    services.instalments_generate(grant=fas_grant, by=agent)
    services.grant_notify(grant=fas_grant, on=dt.date(2023, 4, 19), by=agent)
    assert told(NotificationKind.INSTALMENT_DUE) == {world.users.fas_director, colleague}


def test_a_validated_report_is_told_to_the_beneficiary_that_wrote_it(world, fas_grant, cpom):
    # seed 001 art. 4.2: the funder validates the report the beneficiary submits.
    AnnualReportFactory(
        convention=cpom,
        year=2023,
        validated=True,
        submitted_on=dt.date(2024, 2, 1),
        validation=dt.date(2024, 3, 15),
    )
    assert told(NotificationKind.REPORT_DECIDED) == {world.users.fas_director}
    [note] = Notification.objects.filter(kind=NotificationKind.REPORT_DECIDED)
    assert note.title == f"Bilan 2023 de la convention {cpom.reference} validé"


def test_a_report_the_committee_refuses_is_sent_back_to_its_writers(world, fas_grant, cpom, agent):
    report = AnnualReportFactory(
        convention=cpom, year=2023, submitted=True, submitted_on=dt.date(2024, 2, 1)
    )
    committee = CommitteeFactory(
        convention=cpom, organisation=world.orgs.department, secretary=agent
    )
    CommitteeMemberFactory(committee=committee, organisation=world.orgs.department)
    meeting = MeetingFactory(committee=committee, held_on=dt.date(2024, 3, 15), planned=True)
    key = next(c.key for c in agenda.pending_items(meeting, agent) if c.target == report)
    [item] = agenda.agenda_prepare(meeting=meeting, by=agent, picks=[key])
    governance_services.meeting_hold(meeting=meeting, by=agent)
    agenda.agenda_item_decide(item=item, by=agent, outcome=ItemOutcome.REFUSED)
    [note] = Notification.objects.filter(kind=NotificationKind.REPORT_DECIDED)
    assert note.recipient == world.users.fas_director
    assert note.title.startswith(f"Bilan 2023 de la convention {cpom.reference} renvoyé")
