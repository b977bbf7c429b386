"""The ASRL call for applications of seed 004 §6: eligibility, deadline, files, jury, decision."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from funding import services
from funding.enums import ApplicationStatus
from funding.envelopes import allocation_set
from funding.errors import FundingError
from funding.models import ApplicationDocument, CallForApplications, Grant, MeasureAllocation
from funding.selectors import applications_ranked
from governance import agenda
from governance.enums import CommitteeKind
from partnerships.enums import ConventionKind, OrganisationKind, PartyRole, Role
from tests.funding.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    EnvelopeFactory,
    RequiredDocumentFactory,
)
from tests.governance.factories import (
    AttendanceFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    DecisionFactory,
    MeetingFactory,
)
from tests.partnerships.factories import OrganisationFactory, TerritoryFactory, member

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
BEFORE = dt.datetime(2019, 9, 6, 15, 59, tzinfo=PARIS)
# 14:00 UTC is 16:00 in Paris (summer time): the deadline itself, already too late.
AT_DEADLINE_UTC = dt.datetime(2019, 9, 6, 14, 0, tzinfo=dt.UTC)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# seed 004 §6 b: the documents of the file
DOCUMENTS = [
    "Courrier d'acte de candidature signé indiquant le nombre de mesures sollicitées",
    "Délibération du conseil d'administration autorisant la participation au projet",
    "Fiche descriptive du projet (dont SIRET)",
    "Organigramme du service (compétences et ETP)",
    "Budget prévisionnel et montant de la subvention sollicitée auprès de la DDCS",
]
# seed 004 §6 c: the six selection criteria
CRITERIA = [
    ("Le projet de territoire", 3),
    ("Le fonctionnement envisagé", 3),
    ("Le partenariat", 2),
    ("Les moyens", 2),
    ("Faisabilité financière du projet", 1),
    ("Qualité globale du projet", 1),
]


def pdf(name="piece.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def call():
    department = OrganisationFactory(
        name="Département du Pas-de-Calais", kind=OrganisationKind.DEPARTMENT
    )
    jury = CommitteeFactory(
        name="Jury ASRL", kind=CommitteeKind.JURY, organisation=department, convention=None
    )
    call = CallFactory(publisher=department, jury=jury)
    call.artois = TerritoryFactory(name="Artois")
    call.lens = TerritoryFactory(name="Lens-Hénin")
    call.territories.set([call.artois, call.lens])
    call.pieces = [
        RequiredDocumentFactory(call=call, label=label, position=i)
        for i, label in enumerate(DOCUMENTS)
    ]
    call.grid = [
        CriterionFactory(call=call, label=label, weight=weight, position=i)
        for i, (label, weight) in enumerate(CRITERIA)
    ]
    # seed 004 §6 d: the jury is the Département and the 3 EPCI concerned
    CommitteeMemberFactory(committee=jury, organisation=department, full_name="DDS")
    call.epci = OrganisationFactory(name="CA Lens-Liévin", kind=OrganisationKind.EPCI)
    CommitteeMemberFactory(committee=jury, organisation=call.epci, full_name="Élue")
    call.agent = member(Role.DEPARTMENT_STAFF, organisation=department)
    return call


@pytest.fixture
def chrs(call):
    # seed 004 §6a: an operator that already works on the call's territories.
    chrs = OrganisationFactory(name="CHRS Le Cap", kind=OrganisationKind.CHRS_MANAGER)
    chrs.territories.set([call.lens])
    return chrs


@pytest.fixture
def director(chrs):
    return member(Role.DIRECTOR, organisation=chrs)


def complete(application, call, director):
    services.application_request_measures(
        application=application, territory=call.lens, measures=10, by=director, now=BEFORE
    )
    for document in call.pieces:
        services.application_upload(
            application=application,
            required_document=document,
            upload=pdf(),
            by=director,
            now=BEFORE,
        )


def test_deadline_is_stored_in_utc_and_shown_at_16h_paris_time(client, call, chrs, director):
    # seed 004 §6: "au plus tard le 6 septembre 2019 à 16h00" (Paris, summer time: 14:00 UTC).
    # It used to compare the factory's constant with this module's, which nothing could break.
    application = services.application_open(call=call, organisation=chrs, by=director, now=BEFORE)
    assert CallForApplications.objects.get(pk=call.pk).deadline == AT_DEADLINE_UTC
    client.force_login(director)
    page = client.get(reverse("funding:application_detail", args=[application.pk]))
    assert "Date limite : 6 septembre 2019 à 16h00" in page.content.decode()


def test_only_chrs_managers_are_eligible(call, director):
    # seed 004 §6 a: "les organismes gestionnaires de CHRS"
    association = OrganisationFactory(kind=OrganisationKind.ASSOCIATION)
    its_director = member(Role.DIRECTOR, organisation=association)
    with pytest.raises(FundingError, match="n'est pas éligible"):
        services.application_open(call=call, organisation=association, by=its_director, now=BEFORE)
    assert not call.applications.exists()


def test_application_cannot_be_opened_at_the_deadline(call, chrs, director):
    with pytest.raises(FundingError, match="06/09/2019 à 16h00"):
        services.application_open(call=call, organisation=chrs, by=director, now=AT_DEADLINE_UTC)


def test_incomplete_file_says_what_is_missing(call, chrs, director):
    application = services.application_open(call=call, organisation=chrs, by=director, now=BEFORE)
    services.application_upload(
        application=application,
        required_document=call.pieces[0],
        upload=pdf(),
        by=director,
        now=BEFORE,
    )

    with pytest.raises(FundingError) as refused:
        services.application_submit(application=application, by=director, now=BEFORE)
    message = refused.value.message
    assert "Délibération du conseil d'administration" in message
    assert "nombre de mesures sollicitées par territoire" in message
    assert "Courrier d'acte" not in message
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_file_completed_before_the_deadline_is_submitted(call, chrs, director):
    application = services.application_open(call=call, organisation=chrs, by=director, now=BEFORE)
    complete(application, call, director)
    services.application_submit(application=application, by=director, now=BEFORE)

    application.refresh_from_db()
    assert (application.status, application.submitted_at) == (ApplicationStatus.SUBMITTED, BEFORE)


def test_no_document_after_the_deadline_and_incomplete_files_are_rejected(call, chrs, director):
    # seed 004 §6 b: "Tout dossier incomplet sera rejeté. La régularisation est possible
    # jusqu'à la date limite de dépôt des projets."
    application = services.application_open(call=call, organisation=chrs, by=director, now=BEFORE)
    with pytest.raises(FundingError, match="est passée"):
        services.application_upload(
            application=application,
            required_document=call.pieces[0],
            upload=pdf(),
            by=director,
            now=AT_DEADLINE_UTC,
        )
    assert not ApplicationDocument.objects.exists()

    assert services.call_close(call=call, by=call.agent, now=AT_DEADLINE_UTC) == 1
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED_INCOMPLETE


def test_call_cannot_be_closed_before_its_deadline(call):
    with pytest.raises(FundingError, match="pas encore clos"):
        services.call_close(call=call, by=call.agent, now=BEFORE)


def test_document_type_comes_from_its_content_not_its_name(call, chrs, director):
    application = services.application_open(call=call, organisation=chrs, by=director, now=BEFORE)
    disguised = SimpleUploadedFile("budget.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(FundingError, match="type de fichier n'est pas accepté"):
        services.application_upload(
            application=application,
            required_document=call.pieces[0],
            upload=disguised,
            by=director,
            now=BEFORE,
        )
    assert not ApplicationDocument.objects.exists()


def test_document_larger_than_the_limit_is_refused(call, chrs, director, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    application = services.application_open(call=call, organisation=chrs, by=director, now=BEFORE)
    big = SimpleUploadedFile("organigramme.pdf", PDF + b"0" * 2000, "application/pdf")
    with pytest.raises(FundingError, match="taille maximale"):
        services.application_upload(
            application=application,
            required_document=call.pieces[3],
            upload=big,
            by=director,
            now=BEFORE,
        )


def test_a_document_can_be_replaced_until_the_deadline(call, chrs, director):
    application = services.application_open(call=call, organisation=chrs, by=director, now=BEFORE)
    for name in ("v1.pdf", "v2.pdf"):
        services.application_upload(
            application=application,
            required_document=call.pieces[0],
            upload=pdf(name),
            by=director,
            now=BEFORE,
        )
    document = ApplicationDocument.objects.get()
    assert (document.original_name, document.content_type) == ("v2.pdf", "application/pdf")


@pytest.fixture
def submitted(call, chrs, director):
    application = services.application_open(call=call, organisation=chrs, by=director, now=BEFORE)
    complete(application, call, director)
    return services.application_submit(application=application, by=director, now=BEFORE)


def test_jury_members_score_each_criterion_and_the_ranking_is_weighted(call, submitted):
    epci_member = member(Role.DIRECTOR, organisation=call.epci)
    after = dt.datetime(2019, 9, 25, 10, 0, tzinfo=PARIS)  # seed 004 §6 d: jury on 25 Sept
    for criterion in call.grid:
        services.score_record(
            application=submitted, criterion=criterion, score=8, by=call.agent, now=after
        )
        services.score_record(
            application=submitted,
            criterion=criterion,
            score=6 if criterion.weight == 3 else 10,
            by=epci_member,
            now=after,
        )

    ranked = applications_ranked(call, call.agent).get(pk=submitted.pk)
    # (8×12 + 6×6 + 10×6) / (12 + 12) = 192 / 24
    assert ranked.weighted_score == pytest.approx(8.0)
    assert ranked.scores_count == 12


def test_someone_outside_the_jury_cannot_score(call, submitted, director):
    after = dt.datetime(2019, 9, 25, 10, 0, tzinfo=PARIS)
    with pytest.raises(FundingError, match="membres du jury"):
        services.score_record(
            application=submitted, criterion=call.grid[0], score=10, by=director, now=after
        )


def test_scores_are_between_0_and_10(call, submitted):
    after = dt.datetime(2019, 9, 25, 10, 0, tzinfo=PARIS)
    with pytest.raises(FundingError, match="entre 0 et 10"):
        services.score_record(
            application=submitted, criterion=call.grid[0], score=11, by=call.agent, now=after
        )


def test_the_jury_allocation_becomes_measures_only_once_the_cp_decision_is_recorded(
    call, submitted
):
    # seed 004 §6d: "Jury de sélection … qui émettra un avis" on 25 September 2019; "Ces
    # projets seront soumis à la délibération de la Commission Permanente du 4 novembre 2019".
    envelope = EnvelopeFactory(programme=call.programme, manager=call.publisher)
    allocation_set(envelope=envelope, territory=call.lens, measures=25, by=call.agent)
    loser = ApplicationFactory(
        call=call, organisation=OrganisationFactory(kind="chrs_manager"), submitted=True
    )
    loser_request = loser.requests.create(territory=call.lens, measures=5)
    request = submitted.requests.get()
    after = dt.datetime(2019, 9, 25, 10, 0, tzinfo=PARIS)

    services.call_decide(
        call=call,
        envelope=envelope,
        granted={request.pk: 8, loser_request.pk: 0},
        by=call.agent,
        now=after,
    )
    # The jury's opinion: files selected or not, but no measure for the operators yet.
    submitted.refresh_from_db()
    loser.refresh_from_db()
    assert (submitted.status, loser.status) == (
        ApplicationStatus.SELECTED,
        ApplicationStatus.NOT_SELECTED,
    )
    assert not MeasureAllocation.objects.filter(operator__isnull=False).exists()

    # The Commission Permanente of 4 November 2019 adopts it, as an item of its agenda.
    cp = CommitteeFactory(
        name="Commission Permanente",
        kind=CommitteeKind.STANDING_COMMISSION,
        organisation=call.publisher,
        convention=None,
    )
    meeting = MeetingFactory(committee=cp, held_on=dt.date(2019, 11, 4), planned=True)
    candidates = agenda.pending_items(meeting, call.agent)
    assert [c.target for c in candidates] == [call]
    [item] = agenda.agenda_prepare(meeting=meeting, by=call.agent, picks=[candidates[0].key])
    meeting.status = "held"
    meeting.save()
    for index in range(3):
        AttendanceFactory(meeting=meeting, full_name=f"Élu {index}")
    agenda.agenda_item_decide(
        item=item, by=call.agent, outcome="adopted", votes_for=3, votes_against=0, abstentions=0
    )
    allocation = MeasureAllocation.objects.get(operator=submitted.organisation)
    assert (allocation.territory, allocation.measures) == (call.lens, 8)
    call.refresh_from_db()
    assert call.adopted_by.meeting == meeting
    assert agenda.pending_items(meeting, call.agent) == []


def test_a_refused_cp_decision_allocates_nothing(call, submitted):
    envelope = EnvelopeFactory(programme=call.programme, manager=call.publisher)
    allocation_set(envelope=envelope, territory=call.lens, measures=25, by=call.agent)
    request = submitted.requests.get()
    services.call_decide(
        call=call,
        envelope=envelope,
        granted={request.pk: 8},
        by=call.agent,
        now=dt.datetime(2019, 9, 25, 10, 0, tzinfo=PARIS),
    )
    cp = CommitteeFactory(
        kind=CommitteeKind.STANDING_COMMISSION, organisation=call.publisher, convention=None
    )
    meeting = MeetingFactory(committee=cp, held_on=dt.date(2019, 11, 4), planned=True)
    key = agenda.pending_items(meeting, call.agent)[0].key
    [item] = agenda.agenda_prepare(meeting=meeting, by=call.agent, picks=[key])
    meeting.status = "held"
    meeting.save()
    AttendanceFactory(meeting=meeting)
    agenda.agenda_item_decide(item=item, by=call.agent, outcome="refused")
    assert not MeasureAllocation.objects.filter(operator__isnull=False).exists()
    # A jury's allocation is not adopted by another committee than the CP.
    jury_meeting = MeetingFactory(committee=call.jury, held_on=dt.date(2019, 11, 4))
    decision = DecisionFactory(meeting=jury_meeting, outcome="adopted")
    with pytest.raises(FundingError, match="Commission Permanente"):
        services.call_allocations_adopt(call=call, by=call.agent, decision=decision)


def test_decision_cannot_grant_more_than_requested(call, submitted):
    envelope = EnvelopeFactory(programme=call.programme, manager=call.publisher)
    allocation_set(envelope=envelope, territory=call.lens, measures=25, by=call.agent)
    request = submitted.requests.get()
    with pytest.raises(FundingError, match="entre 0 et 10 mesures"):
        services.call_decide(
            call=call,
            envelope=envelope,
            granted={request.pk: 11},
            by=call.agent,
            now=dt.datetime(2019, 11, 4, tzinfo=PARIS),
        )
    assert not MeasureAllocation.objects.filter(operator__isnull=False).exists()


def test_the_jury_opinion_is_told_once_to_the_applicants_director(call, submitted, director):
    # issue 16: "application decided (to the applicant)"
    from partnerships.enums import NotificationKind
    from partnerships.models import Notification

    envelope = EnvelopeFactory(programme=call.programme, manager=call.publisher)
    request = submitted.requests.get()
    after = dt.datetime(2019, 9, 25, 10, 0, tzinfo=PARIS)
    for _ in range(2):  # the jury confirms its opinion: nothing changed, nobody told again
        services.call_decide(
            call=call, envelope=envelope, granted={request.pk: 8}, by=call.agent, now=after
        )
    [note] = Notification.objects.filter(kind=NotificationKind.APPLICATION_DECIDED)
    assert note.recipient == director
    assert note.title.startswith("Avis du jury : votre candidature est retenue")


# ----------------------------------------------------- seed 004 §5, §6d: funding the operators
def _jury(call, submitted, envelope, granted):
    """The jury grants `granted` measures to the CHRS's request on 25 September 2019."""
    request = submitted.requests.get()
    after = dt.datetime(2019, 9, 25, 10, 0, tzinfo=PARIS)
    services.call_decide(
        call=call, envelope=envelope, granted={request.pk: granted}, by=call.agent, now=after
    )


def _adopted(call):
    """The Commission Permanente of 4 November 2019 adopts the jury's proposal."""
    cp = CommitteeFactory(
        name="Commission Permanente",
        kind=CommitteeKind.STANDING_COMMISSION,
        organisation=call.publisher,
        convention=None,
    )
    meeting = MeetingFactory(committee=cp, held_on=dt.date(2019, 11, 4), planned=True)
    candidates = agenda.pending_items(meeting, call.agent)
    [item] = agenda.agenda_prepare(meeting=meeting, by=call.agent, picks=[candidates[0].key])
    meeting.status = "held"
    meeting.save()
    for index in range(3):
        AttendanceFactory(meeting=meeting, full_name=f"Élu {index}")
    agenda.agenda_item_decide(
        item=item, by=call.agent, outcome="adopted", votes_for=3, votes_against=0, abstentions=0
    )
    call.refresh_from_db()


def test_the_funder_funds_a_selected_operator_measures_times_5000(client, call, submitted):
    # seed 004 §5: « La DDCS procédera au financement des mesures auprès des opérateurs
    # retenus » at « 5 000 € par personne et par an »; §6d: the funding convention with each
    # selected operator. 8 measures on Lens-Hénin → 40 000 €, 70 % then 30 %.
    envelope = EnvelopeFactory(programme=call.programme, manager=call.publisher)
    allocation_set(envelope=envelope, territory=call.lens, measures=25, by=call.agent)
    ddcs = member(Role.DEPARTMENT_STAFF, organisation=envelope.funder)
    fund = reverse("funding:application_fund", args=[submitted.pk])
    page = reverse("funding:envelope_detail", args=[envelope.pk])

    # after the jury's opinion, before the Commission Permanente: nothing to fund
    _jury(call, submitted, envelope, granted=8)
    submitted.refresh_from_db()
    with pytest.raises(FundingError, match="pas encore délibéré"):
        services.application_fund(application=submitted, by=ddcs)
    _adopted(call)

    # the publisher's staff (the Département) do not fund the DIHAL's measures; others: 404
    client.force_login(call.agent)
    assert client.post(fund).status_code == 404
    client.force_login(member(Role.DIRECTOR, organisation=submitted.organisation))
    assert client.post(fund).status_code == 404
    submitted.refresh_from_db()
    assert submitted.grant_id is None

    client.force_login(ddcs)
    assert "Engager le financement" in client.get(page).content.decode()
    assert client.post(fund).status_code == 302
    submitted.refresh_from_db()
    grant = Grant.objects.with_totals().get(pk=submitted.grant_id)
    assert grant.total == Decimal("40000.00")
    assert (grant.funder_id, grant.beneficiary_id) == (
        envelope.funder_id,
        submitted.organisation_id,
    )
    assert grant.decision_id == call.adopted_by_id
    assert sorted(grant.instalments.values_list("amount", flat=True)) == [
        Decimal("12000.00"),
        Decimal("28000.00"),
    ]
    convention = submitted.convention
    assert convention.kind == ConventionKind.FUNDING and convention.amount == Decimal("40000.00")
    assert {p.organisation_id: p.role for p in convention.parties.all()} == {
        envelope.funder_id: PartyRole.FUNDER,
        submitted.organisation_id: PartyRole.OPERATOR,
    }
    # the convention is linked to the application and shown on both pages
    assert convention.reference in client.get(page).content.decode()
    client.force_login(member(Role.DIRECTOR, organisation=submitted.organisation))
    detail = client.get(reverse("funding:application_detail", args=[submitted.pk]))
    assert convention.reference in detail.content.decode()
    # once only
    with pytest.raises(FundingError, match="déjà engagé"):
        services.application_fund(application=submitted, by=ddcs)
    assert Grant.objects.count() == 1
