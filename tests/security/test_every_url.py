"""issue 8, proof of the perimeter: every URL pattern of the project, found from the URL
resolver (pages, admin, exports, PDFs, calendar feeds, documents), is requested with the
objects of organisation B, by every role of organisation A and anonymously.

- An object of B answers 404 (or 405 to a method the URL does not take) to A's people, for
  every role: never 403, which would tell them it exists; never 2xx; never a redirect that
  would mean it was changed. To GET and to an empty POST.
- No 2xx answer contains any of B's personal or confidential strings.
- Anonymous requests are sent to the login page, except the few public views, and the
  tokenised calendar feed answers 404 to a wrong token.
- A URL pattern this file does not know fails the test: each new page must say how it is
  reached (URL_PARAMETERS), so that nothing escapes the proof.
"""

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from funding.models import (
    ApplicationDocument,
    MeasureReservation,
    OtherFunderRequest,
    SubsidyRequest,
)
from governance.models import AgendaItem, Committee, DeliberationPaper
from households.enums import AuditAction, DocumentKind
from households.models import AuditEntry, Document, Dwelling
from partnerships.enums import NotificationDelivery, NotificationKind, TerritoryKind
from partnerships.models import (
    Commitment,
    ConventionPaper,
    IncidentAcknowledgement,
    IndicatorValue,
    Notification,
    NotificationPreference,
    OrganisationContact,
    SupervisionTime,
    SynthesisAnalysis,
    UserSession,
)
from portal.models import ApiCall, ExportJob, ImportRun, Letter, LetterKind, ReportJob
from tests.funding.factories import (
    AllocationFactory,
    ApplicationFactory,
    BudgetLineFactory,
    CallFactory,
    CoFundingPlanFactory,
    ContributionFactory,
    CriterionFactory,
    EnvelopeFactory,
    GrantFactory,
    InstalmentFactory,
    ReimbursementClaimFactory,
    RequiredDocumentFactory,
)
from tests.governance.factories import (
    ActionPlanFactory,
    AnnualReportFactory,
    DecisionFactory,
    MeetingFactory,
)
from tests.households.factories import (
    AppointmentFactory,
    ContactFactory,
    FinancialHelpFactory,
    HouseholdFactory,
    MemberFactory,
    OrientationDecisionFactory,
    PlannedActionFactory,
    ProjectFactory,
    ReferralFactory,
    ReviewFactory,
)
from tests.partnerships.convention_factories import (
    ActionSheetFactory,
    ActivityRecordFactory,
    DeliverableFactory,
    IncidentReportFactory,
    IndicatorFactory,
)
from tests.partnerships.factories import (
    AmendmentFactory,
    OrganisationFactory,
    TerritoryFactory,
    convention_between,
)
from tests.shards import SHARDS, shard

pytestmark = pytest.mark.django_db

# Strings that only B's objects hold: none may appear in an answer to A's people.
SECRETS = [
    "LOGEMENT-B-SECRET",
    "DEMANDE-B-SECRETE",
    "CAF-B-SECRETE",
    "MEN-B-SECRET",
    "Bélisaire",
    "SITUATION-B-SECRETE",
    "CR-B-SECRET",
    "NOTE-B-SECRETE",
    "CONV-B-SECRETE",
    "Convention B secrète",
    "COMITE-B-SECRET",
    "Salle B secrète",
    "DECISION-B-SECRETE",
    "PLAN-B-SECRET",
    "SIGNALEMENT-B-SECRET",
    "DOC-B-SECRET",
    "LIGNE-B-SECRETE",
    "FICHE-B-SECRETE",
    "bilan-b-secret",
    "engagement-b-secret",
    "contact-b-secret",
    "NOTIF-B-SECRETE",
    "IMPORT-B-SECRET",
    "Personne B-SECRETE",
    "COURRIER-B-SECRET",
]


@pytest.fixture
def b(world):
    """Organisation B of the shared world (Opérateur B, its social worker and director) with
    one object of every kind, in a territory of its own, under a convention with its own
    département."""
    territory = TerritoryFactory(name="Territoire B", kind=TerritoryKind.TERRITORY)
    commune = TerritoryFactory(name="Commune B", parent=territory, kind=TerritoryKind.COMMUNE)
    org = world.orgs.other
    department = OrganisationFactory(department=True, name="Département B")
    worker = world.users.outsider
    director = world.users.outsider_director
    programme = world.asrl

    household = HouseholdFactory(reference="MEN-B-SECRET", organisation=org, territory=commune)
    MemberFactory(household=household, last_name="Bélisaire")
    referral = ReferralFactory(
        household=household, referred_by=org, programme=programme, situation="SITUATION-B-SECRETE"
    )
    orientation = OrientationDecisionFactory(
        referral=ReferralFactory(household=household, referred_by=org, programme=programme)
    )
    project = ProjectFactory(
        household=household, programme=programme, operator=org, referent=worker, active=True
    )
    contact = ContactFactory(
        project=project, author=worker, summary="CR-B-SECRET", confidential_note="NOTE-B-SECRETE"
    )
    action = PlannedActionFactory(project=project)
    appointment = AppointmentFactory(project=project, place="LIEU-B-SECRET")
    # Sent to B's territory's coordinator (seed 004 §7): never in A's « Bilans transmis ».
    review = ReviewFactory(
        project=project,
        author=worker,
        assessment="bilan-b-secret",
        sent_to_coordinator_on=dt.date(2024, 5, 3),
    )
    closed = ProjectFactory(
        household=household,
        programme=programme,
        operator=org,
        referent=worker,
        closed=True,
        closure__closed_on=dt.date(2024, 6, 1),
    )
    closure = closed.closure
    help_ = FinancialHelpFactory(project=project, payer=org)
    # seed 000 art. III: the dwelling in B's stock.
    dwelling = Dwelling.objects.create(
        household=household,
        landlord=org,
        address="LOGEMENT-B-SECRET",
        territory=commune,
        since=dt.date(2024, 2, 1),
    )
    document = Document(
        household=household,
        kind=DocumentKind.IDENTITY,
        title="DOC-B-SECRET",
        uploaded_by=worker,
        content_type="application/pdf",
        size=9,
    )
    document.file.save("b.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()

    convention = convention_between(
        org, department, reference="CONV-B-SECRETE", title="Convention B secrète"
    )
    party = convention.parties.get(organisation=org)
    commitment = Commitment.objects.create(party=party, text="engagement-b-secret")
    sheet = ActionSheetFactory(convention=convention, title="FICHE-B-SECRETE")
    indicator = IndicatorFactory(sheet=sheet)
    value = IndicatorValue.objects.create(
        indicator=indicator, period_start=dt.date(2023, 1, 1), value=Decimal("3")
    )
    deliverable = DeliverableFactory(sheet=sheet)
    activity = ActivityRecordFactory(convention=convention, operator=org)
    supervision = SupervisionTime.objects.create(
        convention=convention, operator=org, week_start=dt.date(2023, 5, 1), hours=Decimal("3.5")
    )
    synthesis = SynthesisAnalysis.objects.create(
        convention=convention,
        operator=org,
        month=dt.date(2023, 5, 1),
        analysis="ANALYSE-B-SECRETE",
        written_by=director,
    )
    incident = IncidentReportFactory(
        convention=convention, reported_by=org, description="SIGNALEMENT-B-SECRET"
    )
    acknowledgement = IncidentAcknowledgement.objects.create(
        report=incident,
        organisation=department,
        acknowledged_on=dt.date(2023, 5, 2),
        acknowledged_by=director,
    )
    contact_person = OrganisationContact.objects.create(
        organisation=org, full_name="contact-b-secret"
    )

    meeting = MeetingFactory(
        committee__convention=convention,
        committee__organisation=org,
        committee__name="COMITE-B-SECRET",
        place="Salle B secrète",
    )
    decision = DecisionFactory(meeting=meeting, title="DECISION-B-SECRETE")
    agenda_item = AgendaItem.objects.create(
        meeting=meeting, position=1, kind="annual_report", target=decision, title="POINT-B-SECRET"
    )
    plan = ActionPlanFactory(convention=convention, objectives="PLAN-B-SECRET")
    amendment = AmendmentFactory(convention=convention)
    annual = AnnualReportFactory(convention=convention)

    budget_line = BudgetLineFactory(funder=department, label="LIGNE-B-SECRETE")
    grant = GrantFactory(
        convention=convention, funder=department, beneficiary=org, budget_line=budget_line
    )
    instalment = InstalmentFactory(grant=grant)
    # Papers (issue 19): the grant's bank statement (GrantFactory files it), the signed
    # convention, the deliberation.
    grant_paper = grant.papers.get()
    convention_paper = ConventionPaper(
        convention=convention,
        kind="signed_convention",
        dated=dt.date(2023, 3, 20),
        uploaded_by=director,
        content_type="application/pdf",
    )
    convention_paper.file.save("b.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    convention_paper.save()
    deliberation_paper = DeliberationPaper(
        decision=decision,
        kind="deliberation",
        dated=dt.date(2023, 3, 20),
        uploaded_by=director,
        content_type="application/pdf",
    )
    deliberation_paper.file.save("b.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    deliberation_paper.save()
    claim = ReimbursementClaimFactory(grant=grant)
    subsidy = SubsidyRequest.objects.create(
        framework=convention,
        applicant=org,
        funder=department,
        year=2023,
        purpose="DEMANDE-B-SECRETE",
        amount_requested=Decimal("30000"),
        budget_total=Decimal("50000"),
        submitted_on=dt.date(2023, 1, 10),
    )
    other_funder = OtherFunderRequest.objects.create(
        request=subsidy, funder_name="CAF-B-SECRETE", amount_requested=Decimal("10000")
    )
    cofunding = CoFundingPlanFactory(convention=convention)
    contribution = ContributionFactory(plan=cofunding, funder=department, recipient=org)
    envelope = EnvelopeFactory(programme=programme)
    allocation = AllocationFactory(envelope=envelope, territory=territory, operator=org)
    reservation = MeasureReservation.objects.create(
        project=project, allocation=allocation, measures=1, reserved_by=director
    )
    call = CallFactory(programme=programme, publisher=department)
    application = ApplicationFactory(call=call, organisation=org)
    required = RequiredDocumentFactory(call=call)
    criterion = CriterionFactory(call=call)
    app_document = ApplicationDocument(
        application=application, required_document=required, uploaded_by=director
    )
    app_document.file.save("b.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    app_document.save()
    job = ReportJob.objects.create(kind="department", year=2023, requested_by=director)
    letter = Letter.objects.create(
        kind=LetterKind.ORIENTATION_HOUSEHOLD,
        reference="OB-2024-0001",
        organisation=org,
        recipient="COURRIER-B-SECRET",
        subject="Décision d'orientation",
        signatory="Directeur",
        referral=orientation.referral,
        content=b"%PDF-1.4\nCOURRIER-B-SECRET\n",
        created_by=director,
    )
    export_job = ExportJob(
        view_name="households:household_export",
        name="menages",
        file_format="csv",
        status="done",
        progress=100,
        row_count=1,
        requested_by=worker,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    export_job.file.save("b.csv", ContentFile(b"MEN-B-SECRET\n"), save=False)
    export_job.save()
    import_run = ImportRun(
        kind="households",
        organisation=org,
        file_name="IMPORT-B-SECRET.csv",
        status="checked",
        created=1,
        report=[[2, "B-SECRET", "Personne B-SECRETE", "create", []]],
        requested_by=worker,
    )
    import_run.file.save("b.csv", ContentFile(b"Reference\nB-SECRET\n"), save=False)
    import_run.save()
    session_client = Client()
    session_client.force_login(worker)
    session = UserSession.objects.get(user=worker)
    notification = Notification.objects.create(
        recipient=worker,
        kind=NotificationKind.CASE_ASSIGNED,
        title="NOTIF-B-SECRETE",
        url=f"/menages/{household.pk}/",
        delivery=NotificationDelivery.DIGEST,
    )
    preference = NotificationPreference.objects.create(
        user=worker, kind=NotificationKind.CASE_ASSIGNED, delivery=NotificationDelivery.NONE
    )
    audit = AuditEntry.objects.create(
        user=worker, organisation=org, household=household, action=AuditAction.VIEW_FILE
    )
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=worker)
    from django_otp.plugins.otp_email.models import EmailDevice

    mail_device = EmailDevice.objects.create(user=worker, name="enrôlement", confirmed=False)
    from django_otp.plugins.otp_static.models import StaticDevice

    backup_device = StaticDevice.objects.create(
        user=worker, name="Codes de secours (démonstration)", confirmed=True
    )
    from portal.calendar import calendar_token_create

    calendar_token, _token = calendar_token_create(user=worker)
    from portal.api.tokens import api_token_create

    api_token, _key = api_token_create(organisation=org, label="CLE-B-SECRETE", by=director)
    api_call = ApiCall.objects.create(
        token=api_token,
        organisation=org,
        method="GET",
        path="/api/v1/conventions",
        status=200,
        duration_ms=3,
        at=timezone.now(),
    )
    return SimpleNamespace(**locals())


# How each URL is reached: its parameters, from B's objects. Anything new must come here.
URL_PARAMETERS = {
    "households:household_detail": lambda b: {"pk": b.household.pk},
    "households:household_file": lambda b: {"pk": b.household.pk},
    "households:household_edit": lambda b: {"pk": b.household.pk},
    "households:member_add": lambda b: {"pk": b.household.pk},
    "households:referral_add": lambda b: {"pk": b.household.pk},
    "households:document_add": lambda b: {"pk": b.household.pk},
    "households:project_add": lambda b: {"pk": b.household.pk},
    "households:document_download": lambda b: {"pk": b.document.pk},
    "households:referral_detail": lambda b: {"pk": b.referral.pk},
    # seed 004 §4: the receipt of B's referral, for a partner of A: 404.
    "households:referral_receipt": lambda b: {"pk": b.referral.pk},
    "households:referral_study": lambda b: {"pk": b.referral.pk},
    "households:orientation": lambda b: {"pk": b.referral.pk},
    "households:referral_project": lambda b: {"pk": b.orientation.referral.pk},
    "households:project_detail": lambda b: {"pk": b.project.pk},
    "households:project_start": lambda b: {"pk": b.project.pk},
    "households:project_referent": lambda b: {"pk": b.project.pk},
    "households:appointment_add": lambda b: {"pk": b.project.pk},
    "households:appointment_held": lambda b: {"pk": b.appointment.pk},
    "households:appointment_missed": lambda b: {"pk": b.appointment.pk},
    "households:contact_add": lambda b: {"pk": b.project.pk},
    "households:contact_new": lambda b: {"pk": b.project.pk},
    "households:action_add": lambda b: {"pk": b.project.pk},
    "households:review_add": lambda b: {"pk": b.project.pk},
    "households:review_acknowledge": lambda b: {"pk": b.review.pk},
    "households:project_renew": lambda b: {"pk": b.project.pk},
    "households:project_renew_further": lambda b: {"pk": b.project.pk},
    "households:project_close": lambda b: {"pk": b.project.pk},
    "households:help_add": lambda b: {"pk": b.project.pk},
    "households:action_status": lambda b: {"pk": b.action.pk},
    "households:help_decide": lambda b: {"pk": b.help_.pk},
    "households:help_documents": lambda b: {"pk": b.help_.pk},
    "households:help_pay": lambda b: {"pk": b.help_.pk},
    "households:help_repay": lambda b: {"pk": b.help_.pk},
    "households:dwelling_add": lambda b: {"pk": b.household.pk},
    "households:dwelling_leave": lambda b: {"pk": b.dwelling.pk},
    "rgpd:household_log": lambda b: {"pk": b.household.pk},
    "rgpd:retention_extend": lambda b: {"pk": b.household.pk},
    "rgpd:anonymise": lambda b: {"pk": b.household.pk},
    "rgpd:access_json": lambda b: {"pk": b.household.pk},
    "rgpd:access_pdf": lambda b: {"pk": b.household.pk},
    "partnerships:convention_detail": lambda b: {"pk": b.convention.pk},
    "partnerships:convention_edit": lambda b: {"pk": b.convention.pk},
    "partnerships:party_add": lambda b: {"pk": b.convention.pk},
    "partnerships:commitment_add": lambda b: {"pk": b.convention.pk},
    "partnerships:convention_submit": lambda b: {"pk": b.convention.pk},
    "partnerships:convention_sign": lambda b: {"pk": b.convention.pk},
    "partnerships:amendment_add": lambda b: {"pk": b.convention.pk},
    "partnerships:amendment_propose": lambda b: {"pk": b.convention.pk},
    "partnerships:amendment_denounce": lambda b: {"pk": b.amendment.pk},
    "partnerships:termination_propose": lambda b: {"pk": b.convention.pk},
    "partnerships:convention_renew": lambda b: {"pk": b.convention.pk},
    "partnerships:convention_denounce": lambda b: {"pk": b.convention.pk},
    "partnerships:convention_terminate": lambda b: {"pk": b.convention.pk},
    "partnerships:activity_list": lambda b: {"pk": b.convention.pk},
    "partnerships:activity_export": lambda b: {"pk": b.convention.pk},
    "partnerships:activity_add": lambda b: {"pk": b.convention.pk},
    "partnerships:activity_month": lambda b: {"pk": b.convention.pk},
    "partnerships:synthesis_write": lambda b: {"pk": b.convention.pk},
    "partnerships:supervision_add": lambda b: {"pk": b.convention.pk},
    "partnerships:activity_dashboard": lambda b: {"pk": b.convention.pk},
    "partnerships:incident_add": lambda b: {"pk": b.convention.pk},
    "partnerships:sheet_detail": lambda b: {"pk": b.sheet.pk},
    "partnerships:indicator_value_add": lambda b: {"pk": b.indicator.pk},
    "partnerships:deliverable_deliver": lambda b: {"pk": b.deliverable.pk},
    "partnerships:incident_detail": lambda b: {"pk": b.incident.pk},
    "partnerships:incident_acknowledge": lambda b: {"pk": b.incident.pk},
    "portal:calendar_feed": lambda b: {"token": "jeton-inconnu-0123456789abcdef"},
    "governance:committee_detail": lambda b: {"pk": b.meeting.committee.pk},
    "governance:member_add": lambda b: {"pk": b.meeting.committee.pk},
    "governance:secretary_set": lambda b: {"pk": b.meeting.committee.pk},
    "governance:meeting_add": lambda b: {"pk": b.meeting.committee.pk},
    "governance:meeting_detail": lambda b: {"pk": b.meeting.pk},
    "governance:meeting_hold": lambda b: {"pk": b.meeting.pk},
    "governance:meeting_cancel": lambda b: {"pk": b.meeting.pk},
    "governance:meeting_minutes": lambda b: {"pk": b.meeting.pk},
    "governance:meeting_minutes_pdf": lambda b: {"pk": b.meeting.pk},
    "governance:attendance_add": lambda b: {"pk": b.meeting.pk},
    "governance:decision_add": lambda b: {"pk": b.meeting.pk},
    "governance:agenda_prepare": lambda b: {"pk": b.meeting.pk},
    "governance:agenda_pdf": lambda b: {"pk": b.meeting.pk},
    "governance:item_decide": lambda b: {"pk": b.agenda_item.pk},
    "governance:agreement_add": lambda b: {"pk": b.decision.pk},
    "governance:deliberation_pdf": lambda b: {"pk": b.decision.pk},
    "governance:deliberation_publish": lambda b: {"pk": b.decision.pk},
    "governance:plan_detail": lambda b: {"pk": b.plan.pk},
    "governance:plan_transmit": lambda b: {"pk": b.plan.pk},
    "governance:plan_objective_assess": lambda b: {
        "pk": b.plan.pk,
        "objective": b.plan.objective_lines.get().pk,
    },
    "governance:report_detail": lambda b: {"pk": b.annual.pk},
    "governance:report_edit": lambda b: {"pk": b.annual.pk},
    "governance:report_submit": lambda b: {"pk": b.annual.pk},
    "governance:report_validate": lambda b: {"pk": b.annual.pk},
    "funding:instalment_detail": lambda b: {"pk": b.instalment.pk},
    "funding:instalment_pay": lambda b: {"pk": b.instalment.pk},
    "funding:instalment_cancel": lambda b: {"pk": b.instalment.pk},
    "funding:grant_detail": lambda b: {"pk": b.grant.pk},
    "funding:grant_generate": lambda b: {"pk": b.grant.pk},
    "funding:grant_bank_details": lambda b: {"pk": b.grant.pk},
    "funding:grant_paper_add": lambda b: {"pk": b.grant.pk},
    "funding:grant_paper_download": lambda b: {"pk": b.grant_paper.pk},
    "funding:grant_paper_remove": lambda b: {"pk": b.grant_paper.pk},
    "partnerships:convention_paper_add": lambda b: {"pk": b.convention.pk},
    "partnerships:convention_paper_download": lambda b: {"pk": b.convention_paper.pk},
    "partnerships:convention_paper_remove": lambda b: {"pk": b.convention_paper.pk},
    "governance:deliberation_paper_add": lambda b: {"pk": b.decision.pk},
    "governance:deliberation_paper_download": lambda b: {"pk": b.deliberation_paper.pk},
    "governance:deliberation_paper_remove": lambda b: {"pk": b.deliberation_paper.pk},
    "funding:grant_notify": lambda b: {"pk": b.grant.pk},
    "funding:grant_claim": lambda b: {"pk": b.grant.pk},
    "funding:claim_move": lambda b: {"pk": b.claim.pk, "action": "accepter"},
    "portal:convention_report_pdf": lambda b: {"pk": b.convention.pk, "year": 2023},
    "portal:report_job": lambda b: {"pk": b.job.pk},
    "portal:report_job_download": lambda b: {"pk": b.job.pk},
    "portal:export_download": lambda b: {"pk": b.export_job.pk},
    "portal:import_run": lambda b: {"pk": b.import_run.pk},
    "portal:import_confirm": lambda b: {"pk": b.import_run.pk},
    "portal:letter_create": lambda b: {
        "kind": LetterKind.ORIENTATION_HOUSEHOLD,
        "pk": b.orientation.referral.pk,
    },
    "portal:letter_download": lambda b: {"pk": b.letter.pk},
    "funding:application_detail": lambda b: {"pk": b.application.pk},
    "funding:application_request": lambda b: {"pk": b.application.pk},
    "funding:application_upload": lambda b: {"pk": b.application.pk},
    "funding:application_document": lambda b: {
        "pk": b.application.pk,
        "document_pk": b.app_document.pk,
    },
    "funding:application_submit": lambda b: {"pk": b.application.pk},
    "funding:application_score": lambda b: {"pk": b.application.pk},
    "funding:application_fund": lambda b: {"pk": b.application.pk},
    "funding:budget_line_edit": lambda b: {"pk": b.budget_line.pk},
    "funding:budget_line_detail": lambda b: {"pk": b.budget_line.pk},
    "funding:payment_credit_set": lambda b: {"pk": b.budget_line.pk},
    "funding:grant_edit": lambda b: {"pk": b.grant.pk},
    "funding:grant_year_add": lambda b: {"pk": b.grant.pk},
    "funding:grant_year_edit": lambda b: {"pk": b.grant.pk, "year": 2023},
    "funding:grant_year_remove": lambda b: {"pk": b.grant.pk, "year": 2023},
    "funding:envelope_edit": lambda b: {"pk": b.envelope.pk},
    "funding:allocation_edit": lambda b: {"pk": b.envelope.pk},
    "funding:call_edit": lambda b: {"pk": b.call.pk},
    "funding:call_document_add": lambda b: {"pk": b.call.pk},
    "funding:call_document_remove": lambda b: {"pk": b.required.pk},
    "funding:call_criterion_add": lambda b: {"pk": b.call.pk},
    "funding:call_criterion_remove": lambda b: {"pk": b.criterion.pk},
    "funding:cofunding_detail": lambda b: {"pk": b.cofunding.pk},
    "funding:cofunding_edit": lambda b: {"pk": b.cofunding.pk},
    "funding:contribution_add": lambda b: {"pk": b.cofunding.pk},
    "funding:contribution_edit": lambda b: {"pk": b.contribution.pk},
    "funding:contribution_remove": lambda b: {"pk": b.contribution.pk},
    "funding:subsidy_request_detail": lambda b: {"pk": b.subsidy.pk},
    "funding:other_funder_add": lambda b: {"pk": b.subsidy.pk},
    "funding:other_funder_answer": lambda b: {"pk": b.other_funder.pk},
    "funding:subsidy_request_decide": lambda b: {"pk": b.subsidy.pk},
    "partnerships:sheet_create": lambda b: {"pk": b.convention.pk},
    "partnerships:sheet_edit": lambda b: {"pk": b.sheet.pk},
    "partnerships:indicator_add": lambda b: {"pk": b.sheet.pk},
    "partnerships:indicator_edit": lambda b: {"pk": b.indicator.pk},
    "partnerships:deliverable_add": lambda b: {"pk": b.sheet.pk},
    "partnerships:deliverable_edit": lambda b: {"pk": b.deliverable.pk},
    "security:session_revoke": lambda b: {"pk": b.session.pk},
    "notifications:open": lambda b: {"pk": b.notification.pk},
    "notifications:read": lambda b: {"pk": b.notification.pk},
    "partnerships:member_role": lambda b: {"pk": b.worker.memberships.get().pk},
    "partnerships:member_deactivate": lambda b: {"pk": b.worker.memberships.get().pk},
    "portal:api_token_revoke": lambda b: {"pk": b.api_token.pk},
    # issue 19, the read API: without a key it answers 401 to everyone (a session is not a
    # key); with organisation A's key, B's objects answer 404 (test below).
    "api:convention": lambda b: {"pk": b.convention.pk},
    "api:grant": lambda b: {"pk": b.grant.pk},
    "api:instalment": lambda b: {"pk": b.instalment.pk},
    "api:committee": lambda b: {"pk": b.meeting.committee_id},
    "api:decision": lambda b: {"pk": b.decision.pk},
    "api:household_figures_of_convention": lambda b: {"pk": b.convention.pk},
}

# Pages without a B object: lists, dashboards, creation forms. Their 2xx answers are read
# for B's strings; they take no parameter.
WITHOUT_PARAMETERS = {
    "home",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "security:otp_verify",
    "security:otp_setup",
    "security:reauth",
    "security:sessions",
    "security:session_revoke_others",
    "rgpd:log",
    # The contacts list and its export (summaries included): B's contacts never in them.
    "households:contact_list",
    "households:contact_export",
}
# Calls, envelopes and shared references (territories, programmes) are public to every
# partner: their detail pages show no B data, which the strings check verifies.
SHARED_OBJECTS = {
    "funding:envelope_detail": lambda b: {"pk": b.envelope.pk},
    "funding:call_detail": lambda b: {"pk": b.call.pk},
    "funding:call_apply": lambda b: {"pk": b.call.pk},
    "funding:call_close": lambda b: {"pk": b.call.pk},
    "funding:call_decision": lambda b: {"pk": b.call.pk},
    # The template of an import: the same file for every structure.
    "portal:import_template": lambda b: {"kind": "menages", "file_format": "csv"},
    # An invitation's link to choose a password: a wrong token shows "link no longer valid".
    "password_set": lambda b: {"uidb64": "MQ", "token": "jeton-inconnu"},
    # A reset link nobody sent: "no longer valid", whoever opens it.
    "password_reset_confirm": lambda b: {"uidb64": "MQ", "token": "lien-invalide"},
}
# Anonymous visitors reach these without being sent to the login page.
PUBLIC = {
    "login",
    "logout",
    "admin:login",
    "portal:calendar_feed",
    "password_set",
    "password_set_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}

# Admin: B's object for each model (None: a shared reference, readable by every admin user).
ADMIN_OBJECTS = {
    "households.household": lambda b: b.household,
    "households.referral": lambda b: b.referral,
    "households.orientationdecision": lambda b: b.orientation,
    "households.interventionproject": lambda b: b.project,
    "households.contact": lambda b: b.contact,
    "households.appointment": lambda b: b.appointment,
    "households.review": lambda b: b.review,
    "households.closure": lambda b: b.closure,
    "households.financialhelp": lambda b: b.help_,
    "households.dwelling": lambda b: b.dwelling,
    "households.document": lambda b: b.document,
    "households.auditentry": lambda b: b.audit,
    "partnerships.convention": lambda b: b.convention,
    "partnerships.conventionparty": lambda b: b.party,
    "partnerships.commitment": lambda b: b.commitment,
    "partnerships.actionsheet": lambda b: b.sheet,
    "partnerships.indicatorvalue": lambda b: b.value,
    "partnerships.activityrecord": lambda b: b.activity,
    "partnerships.supervisiontime": lambda b: b.supervision,
    "partnerships.synthesisanalysis": lambda b: b.synthesis,
    "partnerships.incidentreport": lambda b: b.incident,
    "partnerships.incidentacknowledgement": lambda b: b.acknowledgement,
    "partnerships.organisationcontact": lambda b: b.contact_person,
    "partnerships.membership": lambda b: b.worker.memberships.get(),
    "partnerships.user": lambda b: b.worker,
    "partnerships.usersession": lambda b: b.session,
    "partnerships.notification": lambda b: b.notification,
    "partnerships.notificationpreference": lambda b: b.preference,
    "governance.committee": lambda b: b.meeting.committee,
    "governance.meeting": lambda b: b.meeting,
    "governance.decision": lambda b: b.decision,
    "governance.annualreport": lambda b: b.annual,
    "governance.actionplan": lambda b: b.plan,
    "funding.grant": lambda b: b.grant,
    "funding.instalment": lambda b: b.instalment,
    "funding.reimbursementclaim": lambda b: b.claim,
    "funding.budgetline": lambda b: b.budget_line,
    "funding.subsidyrequest": lambda b: b.subsidy,
    "funding.cofundingplan": lambda b: b.cofunding,
    "funding.application": lambda b: b.application,
    "funding.measurereservation": lambda b: b.reservation,
    "funding.measureallocation": lambda b: b.allocation,
    "portal.reportjob": lambda b: b.job,
    "portal.calendartoken": lambda b: b.calendar_token,
    "portal.letter": lambda b: b.letter,
    "portal.apitoken": lambda b: b.api_token,
    "portal.apicall": lambda b: b.api_call,
    "portal.importrun": lambda b: b.import_run,
    "otp_totp.totpdevice": lambda b: b.device,
    "otp_email.emaildevice": lambda b: b.mail_device,
    "otp_static.staticdevice": lambda b: b.backup_device,
    "partnerships.organisation": None,
    "partnerships.territory": None,
    "partnerships.programme": None,
    "partnerships.activityaxis": None,
    "partnerships.activitykind": None,
    "funding.measureenvelope": None,
    "funding.callforapplications": None,
    "auth.group": None,
    "axes.accessattempt": None,
    "axes.accesslog": None,
    "axes.accessfailurelog": None,
    "django_tasks_database.dbtaskresult": None,
}
ADMIN_SITE_PARAMETERS = {
    "admin:index": lambda b: {},
    "admin:login": lambda b: {},
    "admin:logout": lambda b: {},
    "admin:password_change": lambda b: {},
    "admin:password_change_done": lambda b: {},
    "admin:jsi18n": lambda b: {},
    "admin:autocomplete": lambda b: {},
    "admin:app_list": lambda b: {"app_label": "households"},
    # issue 18: a director approves or refuses from the home of the administration.
    "admin:project_approve": lambda b: {"pk": b.project.pk},
    "admin:project_refuse": lambda b: {"pk": b.project.pk},
    "admin:view_on_site": lambda b: {
        "content_type_id": ContentType.objects.get_for_model(b.household).pk,
        "object_id": b.household.pk,
    },
}


def every_pattern():
    """(name, route, admin model label or None) of every URL pattern, from the resolver."""
    found = []
    model_prefixes = {
        f"admin/{model._meta.app_label}/{model._meta.model_name}/": model._meta.label_lower
        for model in admin.site._registry
    }

    def walk(resolver, prefix, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}{pattern.namespace}:"
                walk(pattern, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                name = f"{namespace}{pattern.name}" if pattern.name else None
                model = next((m for p, m in model_prefixes.items() if route.startswith(p)), None)
                found.append((name, route, model))

    walk(get_resolver(), "", "")
    return found


def _fill(route: str, parameters: dict) -> str:
    """The path of a route with its parameters: named (`<int:pk>`), or the positional groups
    of a regular expression (django-simple-history's `^([^/]+)/history/([^/]+)/`), filled in
    order from `parameters["groups"]`; the admin's catch-all gets a page that does not exist."""
    path = route.replace("(?P<url>.*)", "page-inexistante/")
    path = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: str(parameters[m.group(2)]), path)
    groups = iter(parameters.get("groups", ()))
    path = re.sub(r"\(\[\^/\]\+\)", lambda m: str(next(groups)), path)
    return "/" + path.replace("^", "").replace("$", "").lstrip("/")


def _object_parameters(obj) -> dict:
    history = getattr(obj, "history", None)
    version = history.order_by("pk").values_list("pk", flat=True).first() if history else None
    return {"object_id": obj.pk, "id": obj.pk, "pk": obj.pk, "groups": (obj.pk, version or 1)}


def requests_for(b):
    """(label, path, owned_by_b) for every pattern; the unknown ones are returned apart."""
    known, unknown = [], []
    for name, route, model in every_pattern():
        if model is not None:
            if model not in ADMIN_OBJECTS:
                if f"admin de {model}" not in unknown:
                    unknown.append(f"admin de {model}")
                continue
            builder = ADMIN_OBJECTS[model]
            obj = builder(b) if builder else None
            if "<" not in route and "(" not in route:
                known.append((name or route, _fill(route, {}), False))
                continue
            if obj is None:
                # A shared reference: any row will do, its page is read for B's strings.
                from django.apps import apps

                row = apps.get_model(model).objects.order_by("pk").first()
                if row is None:
                    continue
                parameters = _object_parameters(row)
                known.append((name or route, _fill(route, parameters), False))
            else:
                parameters = _object_parameters(obj)
                known.append((name or route, _fill(route, parameters), True))
            continue
        if name in URL_PARAMETERS:
            known.append((name, reverse(name, kwargs=URL_PARAMETERS[name](b)), True))
        elif name in SHARED_OBJECTS:
            known.append((name, reverse(name, kwargs=SHARED_OBJECTS[name](b)), False))
        elif name in ADMIN_SITE_PARAMETERS:
            known.append((name, reverse(name, kwargs=ADMIN_SITE_PARAMETERS[name](b)), False))
        elif name is None and route == "admin/(?P<url>.*)$":
            known.append(("admin (page inconnue)", _fill(route, {}), False))
        elif name in WITHOUT_PARAMETERS or (name and "<" not in route):
            known.append((name, reverse(name), False))
        else:
            unknown.append(f"{name or '(sans nom)'} : {route}")
    return known, unknown


@pytest.fixture
def people_of_a(world, household):
    """Every role of the world's side A (CHRS, MTA, Département, commune), with a household."""
    users = world.users
    return {
        "travailleur social": users.social_worker,
        "bénévole": users.volunteer,
        "coordinateur": users.coordinator,
        "directeur": users.director,
        "agent départemental": users.staff,
        "partenaire signataire": users.partner,
    }


def _leaks(response) -> list[str]:
    if not (200 <= response.status_code < 300) or response.streaming:
        if response.streaming and 200 <= response.status_code < 300:
            body = b"".join(response.streaming_content).decode(errors="replace")
        else:
            return []
    else:
        body = response.content.decode(errors="replace")
    return [secret for secret in SECRETS if secret in body]


NO_ACCESS = (404, 405)


def _api_without_key(label: str, status: int) -> bool:
    """The read API reads no session: without a key, 401 (its schema and docs are public)."""
    return label.startswith("api:") and status == 401


def _harmless_redirect(path: str, response) -> bool:
    """Two redirects of the admin show nothing and change nothing: a person who is not staff
    is sent to the admin's login; `<id>/` is sent on to `<id>/change/`, which then answers
    404 (checked as a URL of its own)."""
    if response.status_code != 302 or not path.startswith("/admin/"):
        return False
    location = response["Location"]
    return location.startswith(reverse("admin:login")) or location == f"{path}change/"


def test_every_url_pattern_is_known_to_this_proof(b):
    _known, unknown = requests_for(b)
    assert not unknown, "Motifs d'URL inconnus de la preuve du périmètre :\n" + "\n".join(unknown)


@pytest.mark.parametrize("part", range(SHARDS))
def test_no_role_of_organisation_a_reaches_the_data_of_organisation_b(b, people_of_a, part):
    known, unknown = requests_for(b)
    assert not unknown
    problems = []
    for role, user in people_of_a.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for label, path, owned in shard(known, part, SHARDS):
            if label in ("logout", "admin:logout"):
                continue
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                status = response.status_code
                if (
                    owned
                    and status not in NO_ACCESS
                    and not _harmless_redirect(path, response)
                    and not _api_without_key(label, status)
                ):
                    problems.append(f"{role} {method.upper()} {path} ({label}) → {status}")
                leaked = _leaks(response)
                if leaked:
                    problems.append(f"{role} {method.upper()} {path} ({label}) montre {leaked}")
                if status >= 500:
                    problems.append(f"{role} {method.upper()} {path} ({label}) → {status}")
    assert not problems, "\n".join(problems)


def test_anonymous_visitors_are_sent_to_the_login_page(b):
    known, _unknown = requests_for(b)
    client = Client(raise_request_exception=False)
    problems = []
    for label, path, _owned in known:
        response = client.get(path)
        status = response.status_code
        if label == "api:api-root":
            # django-ninja's root, /api/: nothing there, 404 to everyone.
            if status != 404:
                problems.append(f"{path} ({label}) → {status}, 404 attendu")
            continue
        if label in ("api:openapi-json", "api:openapi-view"):
            if status != 200 or _leaks(response):
                problems.append(f"{path} ({label}) → {status}, public et sans donnée attendu")
            continue
        if label.startswith("api:"):
            if not _api_without_key(label, status):
                problems.append(f"{path} ({label}) → {status}, 401 attendu sans clé")
            continue
        if label in PUBLIC:
            if label == "portal:calendar_feed" and status != 404:
                problems.append(f"{path} : jeton inconnu → {status}, 404 attendu")
            if _leaks(response):
                problems.append(f"{path} montre des données de B")
            continue
        logins = (reverse("login"), reverse("admin:login"))
        if status != 302 or not response["Location"].startswith(logins):
            problems.append(f"{path} ({label}) → {status} {response.get('Location', '')}")
    assert not problems, "\n".join(problems)


def test_a_key_of_organisation_a_reaches_no_object_of_b(b, world):
    """issue 19: with the API key of an organisation of side A, every API address of a B
    object answers 404, and no answer holds B's strings."""
    from portal.api.tokens import api_token_create

    known, _unknown = requests_for(b)
    api_paths = [(label, path, owned) for label, path, owned in known if label.startswith("api:")]
    assert len(api_paths) >= 13
    problems = []
    for organisation, runner in (
        (world.orgs.department, world.users.staff),
        (world.orgs.chrs, world.users.director),
    ):
        _row, key = api_token_create(organisation=organisation, label="A", by=runner)
        client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {key}")
        for label, path, owned in api_paths:
            response = client.get(path)
            if owned and response.status_code != 404:
                problems.append(f"{organisation} GET {path} ({label}) → {response.status_code}")
            if _leaks(response):
                problems.append(f"{organisation} GET {path} ({label}) montre {_leaks(response)}")
    assert not problems, "\n".join(problems)


def test_the_people_of_b_do_see_their_own_file(b):
    """The proof above would pass on a site that shows nothing: B's own people see it."""
    client = Client()
    client.force_login(b.worker)
    response = client.get(reverse("households:household_detail", args=[b.household.pk]))
    assert response.status_code == 200
    assert "MEN-B-SECRET" in response.content.decode()
    assert "Bélisaire" in response.content.decode()
    assert Committee.objects.filter(name="COMITE-B-SECRET").exists()


@pytest.mark.parametrize("part", range(SHARDS))
def test_no_page_speaks_of_seeds_and_every_title_is_plain_text(b, world, part):
    """issue 18: the source documents are named as their readers know them (« convention-cadre
    SOLiHA × MTA, art. IV », « cahier des charges ASRL, §4 »), never by the developers' file
    numbers (« seed 004 §4 »). Every page of the walk, read by B's people and by a superuser
    (the admin's forms and their help texts), as HTML or PDF text. The same walk checks that
    each page's <title> (read by screen readers first, RGAA 8.5–8.6) is a short plain text:
    the « Échéances » page once held its whole content in its title block."""
    from partnerships.models import User

    admin_user = User.objects.create_superuser(email="admin-seed@example.org", password="x" * 12)
    known, _unknown = requests_for(b)
    problems = []
    for user in (b.worker, b.director, admin_user):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for label, path, _owned in shard(known, part, SHARDS):
            if label in ("logout", "admin:logout"):
                continue
            response = client.get(path)
            html = response.get("Content-Type", "").startswith("text/html")
            if response.streaming:
                b"".join(response.streaming_content)  # a file: read to its end, as _leaks does
            if response.status_code != 200 or response.streaming or not html:
                continue
            body = response.content.decode(errors="replace")
            title = re.search(r"<title>(.*?)</title>", body, re.DOTALL)
            if title and ("<" in title.group(1) or len(title.group(1)) > 150):
                problems.append(f"{user.email} {path} ({label}) : titre « {title.group(1)[:80]} »")
            if re.search(r"\bseed ", body, re.IGNORECASE):
                at = re.search(r"\bseed ", body, re.IGNORECASE).start()
                problems.append(f"{user.email} {path} ({label}) : …{body[at - 60 : at + 40]}…")
    assert not problems, "\n".join(problems)
