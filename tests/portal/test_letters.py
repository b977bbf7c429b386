"""Letters and receipts (issue 19 item 3): each letter written with the figures of the source
documents, in its sender's identity, kept on the file, served through the perimeter only."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from funding import services as funding_services
from funding.enums import ApplicationStatus, InstalmentStatus
from funding.envelopes import allocation_set
from governance.enums import ReportStatus
from households.enums import OrientationOutcome, Relationship
from households.models import AuditEntry
from households.services import orientation_decide
from partnerships.enums import Role
from partnerships.models import OrganisationContact
from portal.letters.services import LetterError, letter_generate
from portal.models import Letter, LetterKind
from tests.funding.factories import (
    ApplicationFactory,
    CallFactory,
    EnvelopeFactory,
    RequiredDocumentFactory,
)
from tests.governance.factories import AnnualReportFactory
from tests.households.factories import ContactFactory, MemberFactory, ReferralFactory
from tests.partnerships.factories import PASSWORD, OrganisationFactory, member
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def log_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def text_of(letter: Letter) -> str:
    assert bytes(letter.content).startswith(b"%PDF")
    return " ".join(pdf_text(bytes(letter.content)).split())


# ------------------------------------------------------------------------ seed 001: the grant
@pytest.fixture
def scheduled(fas_grant, agent, department):
    department.address = "Rue Ferdinand Buisson"
    department.postal_code = "62018"
    department.city = "Arras"
    department.save()
    OrganisationContact.objects.create(
        organisation=department, full_name="Jean-Claude LEROY", title="Président"
    )
    funding_services.instalments_generate(grant=fas_grant, by=agent)
    return fas_grant


def test_grant_notification_states_the_yearly_amounts_and_the_70_30_schedule(scheduled, agent):
    # seed 001 art. 4.1: 20 000 € a year for 2023, 2024 and 2025; art. 4.2: 70 % on
    # signature and notification (then on the action programme), 30 % after the report.
    letter = letter_generate(kind=LetterKind.GRANT_NOTIFICATION, obj=scheduled, by=agent)
    text = text_of(letter)
    assert letter.grant == scheduled and letter.organisation == scheduled.funder
    assert letter.recipient == "Fédération des Acteurs de la Solidarité Hauts-de-France"
    assert letter.reference == f"DPC-{letter.created_at.year}-0001"
    assert f"Réf. : {letter.reference}" in text
    assert "Objet : Notification de la participation financière — convention 2023-121" in text
    assert (
        "d’un montant total de 60 000,00 € : 20 000,00 € pour 2023, 20 000,00 € pour 2024 et "
        "20 000,00 € pour 2025."
    ) in text
    assert "70 % 14 000,00 €" in text and "30 % 6 000,00 €" in text
    assert "Signature et notification de la convention" in text
    assert "Arras, le " in text
    # Signed by the Département's representative, with its article.
    assert "Pour le Département du Pas-de-Calais, Président Jean-Claude LEROY" in text
    # seed 001 art. 4.3: the bank details are on file, the letter does not print them.
    assert "FR76" not in text
    # A second letter takes the next number; the first stays as it was.
    again = letter_generate(kind=LetterKind.GRANT_NOTIFICATION, obj=scheduled, by=agent)
    assert again.reference.endswith("-0002")
    assert Letter.objects.filter(grant=scheduled).count() == 2


def test_instalment_notice_once_paid_gives_the_amount_date_and_mandate(scheduled, agent):
    # seed 001 art. 4.2: the first 70 % (14 000 €) is due on notification.
    funding_services.grant_notify(grant=scheduled, on=dt.date(2023, 4, 19), by=agent)
    first = scheduled.instalments.get(year=2023, position=1)
    planned = scheduled.instalments.get(year=2023, position=2)
    with pytest.raises(LetterError, match="exigible ou versé"):
        letter_generate(kind=LetterKind.INSTALMENT_NOTICE, obj=planned, by=agent)
    first = funding_services.instalment_pay(
        instalment=first,
        version=first.version,
        paid_on=dt.date(2023, 5, 2),
        mandate_reference="M-2023-0457",
        by=agent,
    )
    assert first.status == InstalmentStatus.PAID
    letter = letter_generate(kind=LetterKind.INSTALMENT_NOTICE, obj=first, by=agent)
    text = text_of(letter)
    assert "le versement de 14 000,00 €, soit 70 % de la participation de l’exercice 2023" in text
    assert "mis en paiement le 2 mai 2023" in text
    assert "Mandat n° M-2023-0457" in text
    # Only the end of the account (seed 001 art. 4.3: FR76 … 3075).
    assert "se terminant par 3075" in text and "1627" not in text


def test_only_the_funders_staff_write_the_grant_letters(scheduled, world):
    for user in (world.users.fas_director, world.users.director, world.users.outsider):
        with pytest.raises(LetterError, match="Vous ne pouvez pas"):
            letter_generate(kind=LetterKind.GRANT_NOTIFICATION, obj=scheduled, by=user)
    assert not Letter.objects.exists()


# ------------------------------------------------------------------------ seed 004 §6: the call
@pytest.fixture
def call(world):
    """seed 004 §6: the ASRL call of the Département, files due 6 September 2019 at 16:00."""
    call = CallFactory(publisher=world.orgs.department, programme=world.asrl)
    call.territories.set([world.territories.artois, world.territories.lens])
    world.orgs.chrs.territories.set([world.territories.arras])  # seed 004 §6a: on the Artois
    call.pieces = [
        RequiredDocumentFactory(call=call, label=label, position=i)
        for i, label in enumerate(
            [
                "Courrier d'acte de candidature signé indiquant le nombre de mesures sollicitées",
                "Budget prévisionnel et montant de la subvention sollicitée auprès de la DDCS",
            ]
        )
    ]
    return call


BEFORE = dt.datetime(2019, 9, 5, 15, 0, tzinfo=PARIS)
JURY = dt.datetime(2019, 9, 25, 10, 0, tzinfo=PARIS)  # seed 004 §6d: the jury on 25 September


def _submit(call, organisation, director, measures):
    application = funding_services.application_open(
        call=call, organisation=organisation, by=director, now=BEFORE
    )
    funding_services.application_request_measures(
        application=application,
        territory=call.territories.get(name="Lens-Hénin"),
        measures=measures,
        by=director,
        now=BEFORE,
    )
    for piece in call.pieces:
        funding_services.application_upload(
            application=application,
            required_document=piece,
            upload=SimpleUploadedFile("piece.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
            by=director,
            now=BEFORE,
        )
    return funding_services.application_submit(application=application, by=director, now=BEFORE)


@pytest.fixture
def decided(world, call):
    """Two CHRS apply for measures on Lens-Hénin; the jury grants 10 to one, none to the other."""
    winner = _submit(call, world.orgs.chrs, world.users.director, 10)
    other = OrganisationFactory(name="CHRS de Lens", kind="chrs_manager")
    other.territories.set([world.territories.lens])
    loser = _submit(call, other, member(Role.DIRECTOR, other), 5)
    envelope = EnvelopeFactory(programme=call.programme, manager=call.publisher)
    allocation_set(
        envelope=envelope, territory=world.territories.lens, measures=25, by=world.users.staff
    )
    funding_services.call_decide(
        call=call,
        envelope=envelope,
        granted={winner.requests.get().pk: 10, loser.requests.get().pk: 0},
        by=world.users.staff,
        now=JURY,
    )
    winner.refresh_from_db()
    loser.refresh_from_db()
    return winner, loser


def test_application_receipt_lists_the_pieces_and_promises_a_letter(world, call):
    application = _submit(call, world.orgs.chrs, world.users.director, 10)
    letter = letter_generate(
        kind=LetterKind.APPLICATION_RECEIPT, obj=application, by=world.users.staff
    )
    text = text_of(letter)
    assert letter.recipient == "CHRS Le Relais"
    assert "déposée le 5 septembre 2019 à 15 h 00" in text
    assert "avant la date limite du 6 septembre 2019 à 16 h 00" in text
    assert "Courrier d'acte de candidature signé" in text
    assert "Lens-Hénin 10" in text
    # seed 004 §6d: « Le porteur de projet sera informé par courrier des suites données ».
    assert "Vous serez informé par courrier des suites données" in text


def test_a_draft_application_has_no_receipt(world, call):
    draft = ApplicationFactory(call=call, organisation=world.orgs.chrs)
    with pytest.raises(LetterError, match="pas encore déposée"):
        letter_generate(kind=LetterKind.APPLICATION_RECEIPT, obj=draft, by=world.users.staff)


def test_call_outcome_tells_each_applicant_selected_or_not_with_the_reason(world, decided):
    # seed 004 §6d: « Le porteur de projet sera informé par courrier des suites données ».
    winner, loser = decided
    assert (winner.status, loser.status) == (
        ApplicationStatus.SELECTED,
        ApplicationStatus.NOT_SELECTED,
    )
    staff = world.users.staff
    text = text_of(letter_generate(kind=LetterKind.CALL_OUTCOME, obj=winner, by=staff))
    assert "Votre candidature est retenue." in text
    assert "Lens-Hénin 10 10" in text
    assert "soumise à la délibération de la Commission Permanente" in text
    with pytest.raises(LetterError, match="Indiquez le motif"):
        letter_generate(kind=LetterKind.CALL_OUTCOME, obj=loser, by=staff)
    reason = "Le projet de territoire ne couvre pas Liévin."
    letter = letter_generate(kind=LetterKind.CALL_OUTCOME, obj=loser, by=staff, reason=reason)
    text = text_of(letter)
    assert "Votre candidature n’est pas retenue." in text
    assert f"Motif : {reason}" in text
    assert letter.recipient == "CHRS de Lens"
    # The applicants do not write the call's letters.
    with pytest.raises(LetterError, match="Vous ne pouvez pas"):
        letter_generate(kind=LetterKind.CALL_OUTCOME, obj=winner, by=world.users.director)


def test_an_incomplete_file_is_told_what_it_lacked(world, call):
    # seed 004 §6: a file incomplete at the deadline is rejected.
    application = ApplicationFactory(
        call=call, organisation=world.orgs.chrs, status=ApplicationStatus.REJECTED_INCOMPLETE
    )
    text = text_of(
        letter_generate(kind=LetterKind.CALL_OUTCOME, obj=application, by=world.users.staff)
    )
    assert "le dossier n’était pas complet à la date limite de dépôt du 6 septembre 2019" in text
    assert "Budget prévisionnel et montant de la subvention" in text


def test_the_jury_has_not_decided_yet(world, call):
    application = _submit(call, world.orgs.chrs, world.users.director, 10)
    with pytest.raises(LetterError, match="pas encore rendu son avis"):
        letter_generate(kind=LetterKind.CALL_OUTCOME, obj=application, by=world.users.staff)


# ------------------------------------------------------------------------ the annual report
def test_report_receipt_is_sent_by_the_funder_to_the_beneficiary(world, cpom, agent):
    # seed 001 art. 4.2 and 6: the year's report, transmitted, releases the 30 % once validated.
    report = AnnualReportFactory(convention=cpom, year=2023, submitted=True)
    assert report.status == ReportStatus.SUBMITTED
    letter = letter_generate(kind=LetterKind.REPORT_RECEIPT, obj=report, by=agent)
    text = text_of(letter)
    assert letter.organisation == world.orgs.department
    assert letter.recipient == world.orgs.fas.name
    assert f"transmis le {report.submitted_on.day}" in text
    assert "bilan de l’année 2023" in text and "n° 2023-121" in text
    with pytest.raises(LetterError, match="Vous ne pouvez pas"):
        letter_generate(kind=LetterKind.REPORT_RECEIPT, obj=report, by=world.users.fas_director)
    draft = AnnualReportFactory(convention=cpom, year=2024)
    with pytest.raises(LetterError, match="pas encore été transmis"):
        letter_generate(kind=LetterKind.REPORT_RECEIPT, obj=draft, by=agent)


# ------------------------------------------------------------------------ households
SECRET = "Note confidentielle : suivi psychiatrique en cours"


@pytest.fixture
def oriented(world, household):
    """seed 004 §4: the SIAO refers a household; Artois' coordinator orients it to the CHRS."""
    MemberFactory(
        household=household,
        first_name="Zéphirine",
        last_name="Tartempion",
        relationship=Relationship.HEAD,
    )
    MemberFactory(
        household=household, first_name="Enzo", last_name="Tartempion", relationship="child"
    )
    referral = ReferralFactory(
        household=household,
        referred_by=world.orgs.siao,
        programme=world.asrl,
        received_on=dt.date(2019, 9, 10),
        situation="Expulsion locative en cours, dettes de loyer.",
    )
    orientation_decide(
        referral=referral,
        by=world.users.coordinator,
        outcome=OrientationOutcome.ORIENTED,
        decided_on=dt.date(2019, 9, 24),
        operator=world.orgs.chrs,
        # seed 004 §4: validated « en lien avec le chef SLISL ».
        slisl_head="Mme Delattre, cheffe du SLISL de l'Artois",
        slisl_opinion="favourable",
        slisl_opinion_on=dt.date(2019, 9, 20),
    )
    return referral


def test_orientation_letters_to_the_household_and_to_the_prescriber(world, oriented):
    coordinator = world.users.coordinator
    to_household = letter_generate(
        kind=LetterKind.ORIENTATION_HOUSEHOLD, obj=oriented, by=coordinator
    )
    text = text_of(to_household)
    assert to_household.recipient == "Zéphirine Tartempion"  # the adult, not the child
    assert to_household.organisation == world.orgs.department
    assert "Orientation validée — accompagnement confié à CHRS Le Relais" in text
    assert "Le 24 septembre 2019" in text
    assert "présentée par le SIAO du Pas-de-Calais le 10 septembre 2019" in text
    assert "Expulsion locative" not in text  # the referral's situation stays on the file
    to_prescriber = letter_generate(
        kind=LetterKind.ORIENTATION_PRESCRIBER, obj=oriented, by=coordinator
    )
    assert to_prescriber.recipient == "SIAO du Pas-de-Calais"
    assert "pour le ménage de Zéphirine Tartempion" in text_of(to_prescriber)
    # The orientation is the coordinator's: the structure's social worker does not write it.
    with pytest.raises(LetterError, match="Vous ne pouvez pas"):
        letter_generate(
            kind=LetterKind.ORIENTATION_HOUSEHOLD, obj=oriented, by=world.users.social_worker
        )


def test_attestation_gives_dates_structure_and_referent_and_nothing_sensitive(world, asrl_project):
    MemberFactory(
        household=asrl_project.household,
        first_name="Zéphirine",
        last_name="Tartempion",
        relationship=Relationship.HEAD,
    )
    ContactFactory(project=asrl_project, happened_on=dt.date(2019, 10, 3), confidential_note=SECRET)
    letter = letter_generate(
        kind=LetterKind.ATTESTATION, obj=asrl_project, by=world.users.social_worker
    )
    text = text_of(letter)
    assert letter.organisation == world.orgs.chrs
    assert (
        "travailleur social du CHRS Le Relais, atteste que Zéphirine Tartempion bénéficie "
        "d’un accompagnement par le CHRS Le Relais"
    ) in text
    assert "depuis le 1er octobre 2019" in text
    assert world.users.social_worker.get_full_name() in text
    assert "psychiatrique" not in text and "Note confidentielle" not in text
    # Another structure's staff do not attest for the CHRS.
    for user in (world.users.outsider, world.users.staff, world.users.soliha_director):
        with pytest.raises(LetterError, match="Vous ne pouvez pas"):
            letter_generate(kind=LetterKind.ATTESTATION, obj=asrl_project, by=user)


# ------------------------------------------------------------------------ pages and perimeter
def test_the_grant_page_generates_lists_and_serves_its_letters(client, scheduled, agent, world):
    page = reverse("funding:grant_detail", args=[scheduled.pk])
    log_in(client, agent)
    assert "Générer le courrier de notification" in client.get(page).content.decode()
    response = client.post(
        reverse("portal:letter_create", args=[LetterKind.GRANT_NOTIFICATION, scheduled.pk]),
        {"next": page},
    )
    assert response.status_code == 302 and response["Location"] == page
    letter = Letter.objects.get()
    html = client.get(page).content.decode()
    assert letter.reference in html
    download = client.get(reverse("portal:letter_download", args=[letter.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.content == bytes(letter.content)
    # The beneficiary reads its letter, without the button to write one.
    client.logout()
    log_in(client, world.users.fas_director)
    html = client.get(page).content.decode()
    assert letter.reference in html and "Générer le courrier" not in html
    assert client.get(reverse("portal:letter_download", args=[letter.pk])).status_code == 200


def test_another_organisation_gets_a_404(client, scheduled, agent, world):
    letter = letter_generate(kind=LetterKind.GRANT_NOTIFICATION, obj=scheduled, by=agent)
    for user in (world.users.outsider_director, world.users.director, world.users.partner):
        client.logout()
        log_in(client, user)
        assert client.get(reverse("portal:letter_download", args=[letter.pk])).status_code == 404
        create = reverse("portal:letter_create", args=[LetterKind.GRANT_NOTIFICATION, scheduled.pk])
        assert client.post(create, {"next": "/"}).status_code == 404
    assert Letter.objects.count() == 1


def test_the_beneficiary_cannot_post_a_letter_it_may_read(client, scheduled, world):
    log_in(client, world.users.fas_director)
    create = reverse("portal:letter_create", args=[LetterKind.GRANT_NOTIFICATION, scheduled.pk])
    assert client.post(create, {"next": "/"}).status_code == 404
    assert not Letter.objects.exists()


def test_a_refused_letter_is_a_french_message_and_nothing_is_kept(client, world, call):
    draft = ApplicationFactory(call=call, organisation=world.orgs.chrs)
    page = reverse("funding:application_detail", args=[draft.pk])
    log_in(client, world.users.staff)
    response = client.post(
        reverse("portal:letter_create", args=[LetterKind.APPLICATION_RECEIPT, draft.pk]),
        {"next": page},
        follow=True,
    )
    assert "La candidature n’est pas encore déposée." in response.content.decode().replace(
        "&#x27;", "’"
    ).replace("'", "’")
    assert not Letter.objects.exists()


def test_household_letters_follow_the_households_perimeter_and_are_logged(client, world, oriented):
    letter = letter_generate(
        kind=LetterKind.ORIENTATION_HOUSEHOLD, obj=oriented, by=world.users.coordinator
    )
    url = reverse("portal:letter_download", args=[letter.pk])
    log_in(client, world.users.social_worker)  # the CHRS follows the household
    assert client.get(url).status_code == 200
    assert AuditEntry.objects.filter(
        household=oriented.household, user=world.users.social_worker, detail__contains="Courrier"
    ).exists()
    client.logout()
    log_in(client, world.users.outsider)
    assert client.get(url).status_code == 404


def test_the_referral_page_lists_its_letters_in_bounded_queries(
    client, world, oriented, django_assert_max_num_queries
):
    page = reverse("households:referral_detail", args=[oriented.pk])
    log_in(client, world.users.coordinator)
    client.get(page)
    letter_generate(kind=LetterKind.ORIENTATION_HOUSEHOLD, obj=oriented, by=world.users.coordinator)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(page).status_code == 200
    for _ in range(5):
        letter_generate(
            kind=LetterKind.ORIENTATION_PRESCRIBER, obj=oriented, by=world.users.coordinator
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(page).content.decode()
    assert html.count("PDF<span") == 6


def test_the_admin_lists_letters_read_only_within_the_perimeter(client, scheduled, agent, world):
    letter = letter_generate(kind=LetterKind.GRANT_NOTIFICATION, obj=scheduled, by=agent)
    for user in (agent, world.users.outsider_director):
        user.is_staff = True
        user.save()
    log_in(client, agent)
    changelist = reverse("admin:portal_letter_changelist")
    assert letter.reference in client.get(changelist).content.decode()
    change = reverse("admin:portal_letter_change", args=[letter.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"recipient": "autre"}).status_code in (403, 404)
    client.logout()
    log_in(client, world.users.outsider_director)
    assert letter.reference not in client.get(changelist).content.decode()
    assert client.get(change).status_code in (302, 404)
    letter.refresh_from_db()
    assert letter.recipient != "autre"


@pytest.mark.parametrize(
    ("name", "of", "to"),
    [
        (
            "Département du Pas-de-Calais",
            "du Département du Pas-de-Calais",
            "au Département du Pas-de-Calais",
        ),
        ("CHRS Le Relais", "du CHRS Le Relais", "au CHRS Le Relais"),
        (
            "Fédération des Acteurs de la Solidarité",
            "de la Fédération des Acteurs de la Solidarité",
            "à la Fédération des Acteurs de la Solidarité",
        ),
        (
            "Association Les Passerelles de l'Artois",
            "de l'Association Les Passerelles de l'Artois",
            "à l'Association Les Passerelles de l'Artois",
        ),
        ("SOLiHA Métropole Nord", "de SOLiHA Métropole Nord", "à SOLiHA Métropole Nord"),
    ],
)
def test_letters_contract_the_article_after_de_and_a(name, of, to):
    from partnerships.models import Organisation
    from portal.templatetags.letters import of_org, to_org

    assert of_org(Organisation(name=name)) == of
    assert to_org(Organisation(name=name)) == to


def test_an_anonymised_household_keeps_no_letter_naming_it(world, oriented, asrl_project):
    """RGPD: the letters of a household name its members; anonymised, they go with its
    documents (households.retention.household_anonymise)."""
    from households.retention import household_anonymise

    letter_generate(kind=LetterKind.ORIENTATION_HOUSEHOLD, obj=oriented, by=world.users.coordinator)
    letter_generate(kind=LetterKind.ATTESTATION, obj=asrl_project, by=world.users.social_worker)
    other = letter_generate(
        kind=LetterKind.GRANT_NOTIFICATION,
        obj=funding_services.grant_create(
            convention=world.conventions.asrl,
            funder=world.orgs.department,
            beneficiary=world.orgs.chrs,
            budget_line=None,
            yearly_amounts={2019: 1000},
            by=world.users.staff,
        ),
        by=world.users.staff,
    )
    household_anonymise(household=oriented.household)
    assert list(Letter.objects.all()) == [other]


def test_each_objects_page_shows_its_courriers_block_and_buttons(
    client, world, scheduled, decided, oriented, asrl_project, cpom, agent
):
    """The block is on the page of every object a letter is about, with the buttons of the
    letters the reader may write (and only those)."""
    funding_services.grant_notify(grant=scheduled, on=dt.date(2023, 4, 19), by=agent)
    instalment = scheduled.instalments.get(year=2023, position=1)
    winner, _loser = decided
    report = AnnualReportFactory(convention=cpom, year=2023, submitted=True)
    pages = [
        (
            agent,
            reverse("funding:instalment_detail", args=[instalment.pk]),
            ["d’avis de versement"],
        ),
        (
            agent,
            reverse("funding:application_detail", args=[winner.pk]),
            ["d’accusé de réception", "de réponse"],
        ),
        (agent, reverse("governance:report_detail", args=[report.pk]), ["d’accusé de réception"]),
        (
            world.users.coordinator,
            reverse("households:referral_detail", args=[oriented.pk]),
            ["au ménage", "au prescripteur"],
        ),
        (
            world.users.social_worker,
            reverse("households:project_detail", args=[asrl_project.pk]),
            ["d’attestation d’accompagnement"],
        ),
    ]
    for user, url, buttons in pages:
        client.logout()
        log_in(client, user)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode().replace("&#x27;", "’").replace("'", "’")
        assert "Courriers" in html, url
        for label in buttons:
            assert f"Générer le courrier {label}" in html, (url, label)
    # The applicant reads its page without the publisher's buttons.
    client.logout()
    log_in(client, world.users.director)
    html = client.get(reverse("funding:application_detail", args=[winner.pk])).content.decode()
    assert "Courriers" in html and "Générer le courrier" not in html


def test_after_the_letter_the_page_goes_back_only_to_this_site(client, scheduled, agent):
    log_in(client, agent)
    create = reverse("portal:letter_create", args=[LetterKind.GRANT_NOTIFICATION, scheduled.pk])
    for elsewhere in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        response = client.post(create, {"next": elsewhere})
        assert response.status_code == 302 and response["Location"] == "/", elsewhere
    assert Letter.objects.count() == 3
