"""The demo loader: idempotent, faithful to the seeds' figures, fictional people only."""

import datetime as dt
import io
import zoneinfo
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from common.validators import iban_ok
from demo import data
from demo.loader import load_demo
from funding.enums import GrantPaperKind
from funding.models import (
    BudgetLine,
    CallForApplications,
    CoFundingPlan,
    Grant,
    GrantPaper,
    Instalment,
    MeasureAllocation,
    MeasureEnvelope,
)
from governance import voting
from governance.models import Committee, Decision
from households.models import Household, Member
from partnerships.enums import Role
from partnerships.models import ActivityKind, Convention, Membership, Programme, User

DOMAIN_APPS = ("partnerships", "governance", "funding", "households")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(demo_once, db):
    return demo_once


def row_counts() -> dict[str, int]:
    """Every table of the domain apps, history and many-to-many tables included."""
    return {
        model._meta.label: model.objects.count()
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }


@pytest.mark.django_db
def test_loading_twice_leaves_the_same_rows_and_writes_nothing():
    load_demo()
    before = row_counts()

    second = load_demo()

    assert row_counts() == before
    assert (second.created, second.updated) == (0, 0)


@pytest.mark.django_db
def test_loading_on_a_later_day_moves_the_follow_up_without_adding_rows():
    today = timezone.localdate()
    load_demo(today=today - dt.timedelta(days=40))
    domain_rows = {k: v for k, v in row_counts().items() if ".Historical" not in k}

    load_demo(today=today)

    assert {k: v for k, v in row_counts().items() if ".Historical" not in k} == domain_rows
    # The households' follow-up is anchored on the loading day; the seeds' dates are not.
    project = Household.objects.get(reference="ASRL-ART-001").projects.get()
    assert project.start_date == today - dt.timedelta(days=75)
    assert Decision.objects.get(number="2023-121").meeting.held_on == dt.date(2023, 3, 20)


@pytest.mark.django_db
def test_cpom_2023_121_binds_the_departement_and_the_fas(demo):
    convention = Convention.objects.get(reference="2023-121")

    parties = {p.organisation.name: p.role for p in convention.parties.all()}
    assert parties == {
        "Département du Pas-de-Calais": "funder",
        "Fédération des Acteurs de la Solidarité Hauts-de-France": "beneficiary",
    }
    # seed 001 art. 8: 1 January 2023 to 31 December 2025, no tacit renewal.
    assert (convention.start_date, convention.end_date) == (
        dt.date(2023, 1, 1),
        dt.date(2025, 12, 31),
    )
    assert convention.renewal_policy == "none"


@pytest.mark.django_db
def test_grant_of_2023_121_is_20_000_a_year_for_three_years(demo):
    grant = Grant.objects.get(convention__reference="2023-121")

    # seed 001 art. 1: 20 000 € a year, 60 000 € over 3 years.
    years = dict(grant.years.values_list("year", "amount"))
    assert years == {
        2023: Decimal("20000.00"),
        2024: Decimal("20000.00"),
        2025: Decimal("20000.00"),
    }
    assert grant.years.aggregate(total=Sum("amount"))["total"] == Decimal("60000.00")
    assert grant.funder.name == "Département du Pas-de-Calais"
    assert grant.decision.number == "2023-121"
    # seed 001 art. 4.3: bank details are checked; the demo's IBAN is a fictional valid one.
    assert iban_ok(grant.iban)


@pytest.mark.django_db
def test_budget_line_of_the_deliberation(demo):
    line = BudgetLine.objects.get(operation_code="C02-585F01")

    # seed 001 art. 3: C02-585F01, 6568/93428, Partenariats transversaux, AE 375 000,00 €.
    assert line.imputation == "6568/93428"
    assert line.label == "Partenariats transversaux"
    assert line.commitment_authorisation == Decimal("375000.00")
    assert line.funder.name == "Département du Pas-de-Calais"
    assert line.grants.get().convention.reference == "2023-121"


@pytest.mark.django_db
def test_the_schedule_of_2023_121_is_loaded_as_the_agent_generates_it(demo):
    grant = Grant.objects.get(convention__reference="2023-121")
    rows = {
        (i.year, i.position): (i.amount, i.status, i.paid_on)
        for i in Instalment.objects.filter(grant=grant)
    }

    # seed 001 art. 4.2: each year 70 % then 30 % of 20 000 €.
    assert {key: amount for key, (amount, _s, _p) in rows.items()} == {
        (year, position): Decimal("14000.00") if position == 1 else Decimal("6000.00")
        for year in (2023, 2024, 2025)
        for position in (1, 2)
    }
    # Paid: 2023's 70 % after signature and notification, 2024's after the action programme
    # of 12 February 2024; the 2023 balance waits for the report's validation.
    assert rows[(2023, 1)][1:] == ("paid", dt.date(2023, 6, 6))
    assert rows[(2024, 1)][1:] == ("paid", dt.date(2024, 3, 15))
    assert rows[(2023, 2)][1] == "planned"
    assert Instalment.history.filter(grant=grant).first().history_user.email == (
        "agent.departement@maillage.test"
    )


def test_every_demo_grant_has_its_bank_statement_on_file_before_any_payment(demo):
    # seed 001 art. 4.3: « le versement … ne pourra intervenir qu'après la production d'un
    # relevé d'identité bancaire »: each demo grant (the paid one of 2023-121, the follow-on
    # one whose 70 % is due) has its fictional statement, a real PDF, filed before.
    for grant in Grant.objects.all():
        rib = GrantPaper.objects.get(grant=grant, kind=GrantPaperKind.BANK_STATEMENT)
        with rib.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
        paid = Instalment.objects.filter(grant=grant, status="paid").order_by("paid_on").first()
        if paid is not None:
            assert rib.dated <= paid.paid_on
    assert Instalment.objects.filter(status="paid").exists()


@pytest.mark.django_db
def test_deliberation_2023_121_votes_42_0_0_at_the_commission_permanente(demo):
    decision = Decision.objects.get(number="2023-121")

    # seed 001: Pour 42, Contre 0, Abstention 0 — adopted on 20 March 2023 at Arras.
    assert (decision.votes_for, decision.votes_against, decision.abstentions) == (42, 0, 0)
    assert decision.outcome == "adopted"
    assert decision.subject == "authorise_signing"
    assert decision.convention.reference == "2023-121"
    assert "Article 1" in decision.text and "Article 3" in decision.text
    # seed 001: "Envoi au contrôle de légalité le : 19 avril 2023 — Publication électronique
    # le : 19 avril 2023"; the convention is signed after, on 28 April.
    assert decision.sent_to_control_on == decision.published_on == dt.date(2023, 4, 19)
    assert decision.enforceable_on(decision.convention.signed_on)
    meeting = decision.meeting
    assert meeting.held_on == dt.date(2023, 3, 20)
    assert meeting.place == "Arras"
    assert meeting.status == "held"
    assert meeting.committee.kind == "standing_commission"
    assert meeting.committee.organisation.name == "Département du Pas-de-Calais"
    # seed 001: 39 present, 3 excused, 2 without a vote, 3 excused without a vote.
    statuses = list(meeting.attendances.values_list("status", flat=True))
    assert statuses.count("present") == 39
    assert statuses.count("excused") == 3
    assert statuses.count("non_voting") == 2
    assert statuses.count("excused_non_voting") == 3
    # seed 001: the 42 votes are the 39 present and the proxies of the 3 excused.
    assert voting.count(meeting).voters == 42


@pytest.mark.django_db
def test_action_sheets_of_2023_121(demo):
    sheets = Convention.objects.get(reference="2023-121").action_sheets.all()

    # seed 001 annexes: three fiches actions, with indicators and deliverables.
    assert [s.title for s in sheets] == [
        "Animation de réseau",
        "Veille sociale – Hébergement – Logement",
        "IAE / RSA",
    ]
    assert all(s.indicators.exists() and s.deliverables.exists() for s in sheets)


@pytest.mark.django_db
def test_asrl_envelope_is_45_measures_of_5_000(demo):
    envelope = MeasureEnvelope.objects.get(programme__code="asrl", label=data.ENVELOPE["label"])

    # seed 004 §5: 45 measures × 5 000 € = 225 000 €, DIHAL, Sept 2019 – Dec 2020.
    assert (envelope.measures, envelope.unit_cost) == (45, Decimal("5000.00"))
    assert envelope.total == Decimal("225000.00")
    assert envelope.funder.short_name == "DIHAL"
    assert (envelope.period_start, envelope.period_end) == (
        dt.date(2019, 9, 1),
        dt.date(2020, 12, 31),
    )


@pytest.mark.django_db
def test_asrl_allocations_artois_20_and_lens_henin_25(demo):
    allocations = MeasureAllocation.objects.filter(envelope__programme__code="asrl")

    # seed 004 §1: 20 measures for the Artois, 25 for Lens-Hénin.
    by_territory = dict(
        allocations.filter(operator=None).values_list("territory__name", "measures")
    )
    assert by_territory == {"Artois": 20, "Lens-Hénin": 25}
    for territory, measures in by_territory.items():
        split = allocations.filter(territory__name=territory, operator__isnull=False)
        assert split.aggregate(total=Sum("measures"))["total"] == measures


@pytest.mark.django_db
def test_asrl_programme_rules(demo):
    programme = Programme.objects.get(code="asrl")

    # seed 004 §4: 6 months, review at 3, renewable once for 6; 2 meetings a week minimum.
    assert programme.duration_months == 6
    assert programme.review_after_months == 3
    assert (programme.renewals_allowed, programme.renewal_months) == (1, 6)
    assert programme.min_contacts_per_week == 2
    assert programme.counts_measures
    assert programme.domains.count() == 5


@pytest.mark.django_db
def test_joint_programme_of_soliha_and_mta(demo):
    programme = Programme.objects.get(code="soliha-mta")

    # seed 000 art. III: 24 months, renewable; art. IV: every structure agrees.
    assert programme.duration_months == 24
    assert programme.requires_each_partner_approval
    assert programme.domains.count() == 5  # seed 000: the five volunteer axes


@pytest.mark.django_db
def test_call_for_applications_closes_on_6_september_2019_at_16_00(demo):
    call = CallForApplications.objects.get(programme__code="asrl", title=data.CALL["title"])

    # seed 004 §6.d: deadline 6 September 2019 at 16:00, Paris time.
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    assert call.deadline == dt.datetime(2019, 9, 6, 16, 0, tzinfo=paris)
    # seed 004 §6.a-c: CHRS managers only, six documents, six selection criteria.
    assert call.eligible_kinds == ["chrs_manager"]
    assert call.required_documents.count() == 6
    assert call.criteria.count() == 6
    assert call.measures_offered == 45
    assert call.jury.kind == "jury"


@pytest.mark.django_db
def test_mediation_convention_has_four_parties_and_costs_60_600(demo):
    convention = Convention.objects.get(reference="MEDIATION-HUMANICITE-2019")

    # seed 003: four parties; cost 60 600 € net of VAT, split among three funders (§VII).
    assert convention.parties.count() == 4
    plan = CoFundingPlan.objects.get(convention=convention)
    assert plan.cost == Decimal("60600.00")
    contributions = {
        (c.funder.short_name, c.recipient.short_name): c.amount for c in plan.contributions.all()
    }
    assert contributions == {
        ("Lille-Lomme", "Citéo"): Decimal("10000.00"),
        ("Capinghem", "ASL Humanicité"): Decimal("10000.00"),
        ("ASL Humanicité", "Citéo"): Decimal("40600.00"),
    }
    assert sum(contributions.values()) == plan.cost
    # seed 003 §III: the 8 activities of social mediation, filed under the 4 axes of §II.
    kinds = ActivityKind.objects.filter(convention=convention)
    assert kinds.count() == 8
    assert set(kinds.values_list("axis", flat=True)) <= set(data.MEDIATION_AXES)


@pytest.mark.django_db
def test_udccas_framework_has_three_months_notice_and_children(demo):
    framework = Convention.objects.get(reference="CD59-UDCCAS-2019-2021")

    # seed 002 §VII: denunciation with three months' notice.
    assert framework.notice_months == 3
    assert framework.last_day_to_denounce() == dt.date(2021, 9, 30)
    # seed 002 §IV and §VI: local conventions and annual financial conventions.
    assert set(framework.children.values_list("kind", flat=True)) == {"local", "annual_financial"}


@pytest.mark.django_db
def test_soliha_mta_steering_and_operational_committees(demo):
    copil = Committee.objects.get(convention__reference="SOLIHA-MTA-2021", kind="steering")

    # seed 000 art. IV: two representatives per structure, twice a year.
    assert copil.seats_per_organisation == 2
    assert copil.frequency == "twice_a_year"
    seats = {}
    for member in copil.members.all():
        seats[member.organisation_id] = seats.get(member.organisation_id, 0) + 1
    assert list(seats.values()) == [2, 2]
    # seed 000 art. IV: the operational committee meets monthly.
    comop = Committee.objects.get(convention__reference="SOLIHA-MTA-2021", kind="operational")
    assert comop.frequency == "monthly"
    # seed 000 art. VII: renewable by decision.
    assert copil.convention.renewal_policy == "by_decision"


@pytest.mark.django_db
def test_every_role_has_a_demo_user_who_can_log_in(demo):
    for role in Role:
        membership = Membership.objects.filter(role=role, user__email__endswith="@maillage.test")
        assert membership.exists(), role
        email = membership.first().user.email
        assert authenticate(email=email, password=data.PASSWORD).email == email
    admin = authenticate(email="admin@maillage.test", password=data.PASSWORD)
    assert admin.is_superuser
    assert len(data.PASSWORD) >= 12


@pytest.mark.django_db
def test_directors_and_department_staff_are_staff(demo):
    staff = set(User.objects.filter(is_staff=True).values_list("email", flat=True))

    assert {
        "directeur@maillage.test",
        "directrice.mta@maillage.test",
        "agent.departement@maillage.test",
    } <= staff


@pytest.mark.django_db
def test_coordinator_of_artois_sees_the_households_of_artois_only(demo):
    coordinator = User.objects.get(email="coordinateur@maillage.test")

    visible = set(Household.objects.visible_to(coordinator).values_list("reference", flat=True))

    assert visible == {"ASRL-ART-001", "ASRL-ART-002", "ASRL-ART-003"}


@pytest.mark.django_db
def test_volunteer_sees_only_the_households_they_are_assigned_to(demo):
    volunteer = User.objects.get(email="benevole@maillage.test")

    visible = set(Household.objects.visible_to(volunteer).values_list("reference", flat=True))

    assert visible == {"SMN-MTA-001", "SMN-MTA-003"}


@pytest.mark.django_db
def test_a_child_of_age_is_not_counted_as_an_adult(demo):
    household = Household.objects.get(reference="ASRL-ART-003")

    # seed 004 §5: children excluded even when of age.
    of_age = [m for m in household.members.all() if m.relationship == "child"]
    assert of_age and of_age[0].birth_date <= dt.date(2001, 12, 2)
    assert household.adults_for_funding() == 2


@pytest.mark.django_db
def test_household_members_and_users_are_fictional(demo):
    seed_surnames = data.seed_surnames()

    names = list(Member.objects.values_list("last_name", flat=True))
    names += list(User.objects.values_list("last_name", flat=True))
    for last_name in names:
        normalised = data.normalise_name(last_name)
        parts = set(normalised.replace("-", " ").split())
        assert normalised not in seed_surnames, last_name
        assert not parts & seed_surnames, last_name


@pytest.mark.django_db
def test_command_prints_a_summary_and_the_logins():
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    printed = out.getvalue()
    assert "Comptes de démonstration" in printed
    for spec in data.USERS:
        assert spec["email"] in printed
    assert data.PASSWORD in printed
