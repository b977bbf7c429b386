"""Security scenarios on the shared world (tests/world.py), and TOTP helpers."""

import datetime as dt
import time
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.oath import TOTP

from households import services
from households.enums import ClosureOutcome, DocumentKind
from tests.households.factories import (
    AppointmentFactory,
    ContactFactory,
    MemberFactory,
    ReviewFactory,
)


def code_for(device, *, offset: int = 0) -> str:
    """The code an authenticator app shows now (offset: steps later) for the device."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def code():
    return code_for


LAST_CONTACT = dt.date(2024, 3, 15)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def ended(world, asrl_project):
    """A household whose ASRL accompaniment closed, last seen on 15 March 2024."""
    closed = asrl_project.household
    MemberFactory(household=closed, first_name="Zéphirine", last_name="Tartempion")
    MemberFactory(household=closed, child=True, first_name="Léo", last_name="Tartempion")
    ContactFactory(
        project=asrl_project,
        author=world.users.social_worker,
        happened_on=LAST_CONTACT,
        summary="Visite à domicile",
        confidential_note="Violences conjugales signalées",
    )
    ReviewFactory(
        project=asrl_project, author=world.users.social_worker, held_on=dt.date(2024, 1, 2)
    )
    services.project_close(
        project=asrl_project,
        by=world.users.social_worker,
        closed_on=dt.date(2024, 3, 1),
        outcome=ClosureOutcome.HOUSED,
        comment="Relogée à Arras",
    )
    asrl_project.refresh_from_db()
    services.document_upload(
        household=closed,
        by=world.users.social_worker,
        kind=DocumentKind.IDENTITY,
        title="Carte d'identité",
        upload=SimpleUploadedFile("cni.pdf", PDF),
    )
    return closed


@pytest.fixture
def admin_samples(world, household, asrl_project, cpom, fas_grant, budget_line):
    """One row of every model of the administration on side A of the world: the CHRS and
    the Département (ASRL-2019), seed 001's grant to the FAS; keyed by model label. The
    proof of the admin (test_admin_table.py) says who may see and change each of them."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from django_otp.plugins.otp_email.models import EmailDevice
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_tasks_db.models import DBTaskResult

    from funding import services as funding_services
    from funding.models import MeasureReservation, SubsidyRequest
    from households.enums import AuditAction
    from households.models import AuditEntry, Document, Dwelling
    from partnerships.models import (
        Commitment,
        IncidentAcknowledgement,
        IndicatorValue,
        Notification,
        NotificationPreference,
        OrganisationContact,
        SupervisionTime,
        SynthesisAnalysis,
        UserSession,
    )
    from portal.calendar import calendar_token_create
    from portal.models import Letter, LetterKind, ReportJob
    from tests.funding.factories import (
        AllocationFactory,
        ApplicationFactory,
        CallFactory,
        CoFundingPlanFactory,
        EnvelopeFactory,
        ReimbursementClaimFactory,
    )
    from tests.governance.factories import (
        ActionPlanFactory,
        AnnualReportFactory,
        DecisionFactory,
        MeetingFactory,
    )
    from tests.households.factories import (
        FinancialHelpFactory,
        OrientationDecisionFactory,
        ProjectFactory,
        ReferralFactory,
    )
    from tests.partnerships.convention_factories import (
        ActionSheetFactory,
        ActivityAxisFactory,
        ActivityKindFactory,
        ActivityRecordFactory,
        IncidentReportFactory,
        IndicatorFactory,
    )

    users, orgs, asrl = world.users, world.orgs, world.conventions.asrl
    party = asrl.parties.get(organisation=orgs.chrs)
    sheet = ActionSheetFactory(convention=asrl, title="Accompagner 20 ménages")
    incident = IncidentReportFactory(convention=asrl, reported_by=orgs.chrs)
    incident.recipients.add(orgs.department)
    meeting = MeetingFactory(committee__convention=asrl, committee__organisation=orgs.department)
    funding_services.instalments_generate(grant=fas_grant, by=users.staff)
    envelope = EnvelopeFactory(programme=world.asrl, funder=orgs.department)
    allocation = AllocationFactory(
        envelope=envelope, territory=world.territories.artois, operator=orgs.chrs
    )
    call = CallFactory(programme=world.asrl, publisher=orgs.department)
    document = Document(
        household=household,
        kind=DocumentKind.IDENTITY,
        title="Carte d'identité",
        uploaded_by=users.social_worker,
        content_type="application/pdf",
        size=len(PDF),
    )
    document.file.save("cni.pdf", ContentFile(PDF), save=False)
    document.save()
    session = UserSession.objects.create(
        user=users.social_worker,
        session_key="cle-de-session-de-camille",
        ip_address="10.0.0.1",
        last_seen=timezone.now(),
    )
    now = timezone.now()
    access = {"user_agent": "Firefox", "ip_address": "10.0.0.9", "username": "x@exemple.test"}
    access |= {"http_accept": "*/*", "path_info": "/connexion/", "attempt_time": now}
    calendar_token, _token = calendar_token_create(user=users.director)
    from portal.api.tokens import api_token_create
    from portal.models import ApiCall, ImportRun

    api_token, _key = api_token_create(organisation=orgs.chrs, label="Entrepôt", by=users.director)
    samples = {
        "partnerships.territory": world.territories.artois,
        "partnerships.organisation": orgs.chrs,
        "partnerships.organisationcontact": OrganisationContact.objects.create(
            organisation=orgs.chrs, full_name="Claire Dubois", title="Directrice"
        ),
        "partnerships.membership": users.social_worker.memberships.get(),
        "partnerships.user": users.social_worker,
        "partnerships.programme": world.asrl,
        "partnerships.convention": asrl,
        "partnerships.conventionparty": party,
        "partnerships.commitment": Commitment.objects.create(
            party=party, text="Accueillir les ménages orientés"
        ),
        "partnerships.actionsheet": sheet,
        "partnerships.indicatorvalue": IndicatorValue.objects.create(
            indicator=IndicatorFactory(sheet=sheet),
            period_start=dt.date(2023, 1, 1),
            value=Decimal("3"),
        ),
        "partnerships.activitykind": ActivityKindFactory(convention=asrl),
        "partnerships.activityaxis": ActivityAxisFactory(convention=asrl),
        "partnerships.activityrecord": ActivityRecordFactory(convention=asrl, operator=orgs.chrs),
        "partnerships.supervisiontime": SupervisionTime.objects.create(
            convention=asrl,
            operator=orgs.chrs,
            week_start=dt.date(2023, 5, 1),
            hours=Decimal("3.5"),
        ),
        "partnerships.synthesisanalysis": SynthesisAnalysis.objects.create(
            convention=asrl,
            operator=orgs.chrs,
            month=dt.date(2023, 5, 1),
            analysis="Analyse du mois",
            written_by=users.staff,
        ),
        "partnerships.incidentreport": incident,
        "partnerships.incidentacknowledgement": IncidentAcknowledgement.objects.create(
            report=incident,
            organisation=orgs.department,
            acknowledged_on=dt.date(2023, 5, 2),
            acknowledged_by=users.staff,
        ),
        "partnerships.usersession": session,
        "partnerships.notification": Notification.objects.create(
            recipient=users.social_worker,
            kind="case_assigned",
            title="Nouveau dossier : ménage MEN-00001",
            delivery="digest",
        ),
        "partnerships.notificationpreference": NotificationPreference.objects.create(
            user=users.social_worker, kind="case_assigned", delivery="none"
        ),
        "governance.committee": meeting.committee,
        "governance.meeting": meeting,
        "governance.decision": DecisionFactory(meeting=meeting),
        "governance.actionplan": ActionPlanFactory(convention=asrl),
        "governance.annualreport": AnnualReportFactory(convention=asrl),
        "funding.budgetline": budget_line,
        "funding.grant": fas_grant,
        "funding.instalment": fas_grant.instalments.order_by("year", "position").first(),
        "funding.reimbursementclaim": ReimbursementClaimFactory(grant=fas_grant),
        "funding.measureenvelope": envelope,
        "funding.measureallocation": allocation,
        "funding.measurereservation": MeasureReservation.objects.create(
            project=asrl_project, allocation=allocation, measures=1, reserved_by=users.director
        ),
        "funding.cofundingplan": CoFundingPlanFactory(convention=asrl),
        "funding.callforapplications": call,
        "funding.application": ApplicationFactory(call=call, organisation=orgs.chrs),
        # seed 002 §VI: the FAS's annual request under seed 001's CPOM, to the Département.
        "funding.subsidyrequest": SubsidyRequest.objects.create(
            framework=cpom,
            applicant=orgs.fas,
            funder=orgs.department,
            year=2024,
            purpose="Animation du réseau, plan d'actions 2024",
            amount_requested=Decimal("20000"),
            budget_total=Decimal("50000"),
            submitted_on=dt.date(2023, 11, 15),
        ),
        "households.household": household,
        "households.referral": ReferralFactory(
            household=household, referred_by=orgs.siao, programme=world.asrl
        ),
        "households.orientationdecision": OrientationDecisionFactory(
            referral=ReferralFactory(
                household=household, referred_by=orgs.siao, programme=world.asrl
            )
        ),
        "households.interventionproject": asrl_project,
        "households.contact": ContactFactory(project=asrl_project, author=users.social_worker),
        "households.appointment": AppointmentFactory(project=asrl_project),
        "households.review": ReviewFactory(project=asrl_project, author=users.social_worker),
        "households.closure": ProjectFactory(
            household=household,
            programme=world.asrl,
            operator=orgs.chrs,
            referent=users.social_worker,
            closed=True,
        ).closure,
        "households.financialhelp": FinancialHelpFactory(project=asrl_project, payer=orgs.chrs),
        "households.dwelling": Dwelling.objects.create(
            household=household,
            landlord=orgs.chrs,
            address="4 rue des Écoles, Arras",
            territory=world.territories.arras,
            since=dt.date(2024, 2, 1),
        ),
        "households.document": document,
        "households.auditentry": AuditEntry.objects.create(
            user=users.social_worker,
            organisation=orgs.chrs,
            household=household,
            action=AuditAction.VIEW_FILE,
        ),
        "portal.reportjob": ReportJob.objects.create(
            kind="department", year=2023, requested_by=users.staff
        ),
        "portal.calendartoken": calendar_token,
        "portal.letter": Letter.objects.create(
            kind=LetterKind.ATTESTATION,
            reference="CLR-2024-0001",
            organisation=orgs.chrs,
            recipient="Ménage suivi",
            subject="Attestation d'accompagnement",
            signatory="Directrice",
            project=asrl_project,
            content=b"%PDF-1.4\n",
            created_by=users.director,
        ),
        "portal.apitoken": api_token,
        "portal.apicall": ApiCall.objects.create(
            token=api_token,
            organisation=orgs.chrs,
            method="GET",
            path="/api/v1/conventions",
            status=200,
            duration_ms=3,
            at=now,
        ),
        "portal.importrun": ImportRun.objects.create(
            kind="households",
            organisation=orgs.chrs,
            file_name="menages-2024.csv",
            status="checked",
            row_count=1,
            created=1,
            report=[[2, "2019-001", "Personne suivie", "create", []]],
            requested_by=users.social_worker,
        ),
        "auth.group": Group.objects.create(name="Exploitation"),
        "django_tasks_database.dbtaskresult": DBTaskResult.objects.create(
            enqueued_at=now,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="portal.tasks.department_report",
            backend_name="default",
            run_after=now,
            exception_class_path="",
            traceback="",
        ),
        "otp_totp.totpdevice": TOTPDevice.objects.create(
            user=users.social_worker, name="Téléphone", confirmed=True
        ),
        "otp_email.emaildevice": EmailDevice.objects.create(
            user=users.social_worker, name="enrôlement", confirmed=False
        ),
        # Backup codes: the demo accounts only (demo/backup_codes.py).
        "otp_static.staticdevice": StaticDevice.objects.create(
            user=users.social_worker, name="Codes de secours (démonstration)", confirmed=True
        ),
        "axes.accessattempt": AccessAttempt.objects.create(
            **access, get_data="", post_data="", failures_since_start=3
        ),
        "axes.accesslog": AccessLog.objects.create(**access),
        "axes.accessfailurelog": AccessFailureLog.objects.create(**access),
    }
    return samples
