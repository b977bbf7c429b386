"""Writes the demo data of `data.py` into the database, idempotently.

Every row is found by its natural key (a convention's reference, an organisation's name,
a user's e-mail, a household's reference…) and saved only when one of its values differs,
so running the loader twice leaves the same rows, and the second run writes nothing
(no new history either).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.password_validation import validate_password
from django.db import models, transaction
from django.utils import timezone

from funding.models import (
    Application,
    ApplicationRequest,
    BudgetLine,
    CallForApplications,
    CoFundingContribution,
    CoFundingPlan,
    Grant,
    GrantYear,
    MeasureAllocation,
    MeasureEnvelope,
    RequiredDocument,
    SelectionCriterion,
)
from governance.models import (
    ActionPlan,
    AnnualReport,
    Attendance,
    Committee,
    CommitteeMember,
    Decision,
    Meeting,
    OrganisationAgreement,
)
from households.models import (
    Closure,
    Contact,
    FinancialHelp,
    Household,
    HouseholdPriority,
    InterventionProject,
    Member,
    OrientationDecision,
    PlannedAction,
    ProjectApproval,
    Referral,
    Review,
)
from partnerships.demo import data
from partnerships.enums import Role
from partnerships.models import (
    ActionSheet,
    ActivityKind,
    ActivityRecord,
    Amendment,
    Commitment,
    Convention,
    ConventionParty,
    Deliverable,
    IncidentReport,
    Indicator,
    IndicatorValue,
    Membership,
    Organisation,
    OrganisationContact,
    Programme,
    ProgrammeDomain,
    Territory,
    User,
)

# The rows the summary counts, in the order it prints them.
SUMMARY_MODELS = [
    Territory,
    Organisation,
    OrganisationContact,
    Convention,
    ConventionParty,
    Commitment,
    Amendment,
    Programme,
    ProgrammeDomain,
    ActionSheet,
    Indicator,
    IndicatorValue,
    Deliverable,
    ActivityKind,
    ActivityRecord,
    IncidentReport,
    User,
    Membership,
    Committee,
    CommitteeMember,
    Meeting,
    Attendance,
    Decision,
    OrganisationAgreement,
    ActionPlan,
    AnnualReport,
    BudgetLine,
    Grant,
    GrantYear,
    MeasureEnvelope,
    MeasureAllocation,
    CoFundingPlan,
    CoFundingContribution,
    CallForApplications,
    RequiredDocument,
    SelectionCriterion,
    Application,
    ApplicationRequest,
    Household,
    HouseholdPriority,
    Member,
    Referral,
    OrientationDecision,
    InterventionProject,
    ProjectApproval,
    PlannedAction,
    Contact,
    Review,
    Closure,
    FinancialHelp,
]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    organisation: str
    password: str


@dataclass
class DemoSummary:
    counts: dict[str, int]
    logins: list[DemoLogin]
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)


def load_demo(*, today: dt.date | None = None) -> DemoSummary:
    """Load (or bring up to date) the whole demo, in one transaction."""
    with transaction.atomic():
        loader = _Loader(today or timezone.localdate())
        loader.run()
    return DemoSummary(
        counts={
            str(model._meta.verbose_name_plural).capitalize(): model.objects.count()
            for model in SUMMARY_MODELS
        },
        logins=demo_logins(),
        created=loader.created,
        updated=loader.updated,
        unchanged=loader.unchanged,
    )


def demo_logins() -> list[DemoLogin]:
    logins = []
    for spec in data.USERS:
        if spec["role"] is None:
            role, where = "Superutilisateur", "—"
        else:
            role = str(Role(spec["role"]).label)
            where = data.ORGANISATIONS[spec["organisation"]]["name"]
            if spec.get("territory"):
                where += f" ({_territory_name(spec['territory'])})"
        logins.append(DemoLogin(spec["email"], role, where, data.PASSWORD))
    return logins


def _territory_name(key: str) -> str:
    def walk(nodes):
        for node_key, name, _kind, _code, children in nodes:
            if node_key == key:
                return name
            found = walk(children)
            if found:
                return found
        return None

    return walk(data.TERRITORIES)


class _Loader:
    def __init__(self, today: dt.date):
        self.today = today
        self.created = self.updated = self.unchanged = 0
        self.territories: dict[str, Territory] = {}
        self.organisations: dict[str, Organisation] = {}
        self.contacts: dict[tuple[str, str], OrganisationContact] = {}
        self.conventions: dict[str, Convention] = {}
        self.programmes: dict[str, Programme] = {}
        self.domains: dict[tuple[str, str], ProgrammeDomain] = {}
        self.users: dict[str, User] = {}
        self.committees: dict[str, Committee] = {}
        self.meetings: dict[tuple[str, int], Meeting] = {}
        self.allocations: dict[tuple[str, str | None], MeasureAllocation] = {}

    # ------------------------------------------------------------------ helpers
    def day(self, value) -> dt.date | None:
        """A fixed date, or a number of days from today (negative: in the past)."""
        if value is None or isinstance(value, dt.date):
            return value
        return self.today + dt.timedelta(days=value)

    def moment(self, day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    def upsert(self, model, lookup: dict, **values):
        """Find the row by its natural key; create it, or save it only if a value changed."""
        try:
            obj = model.objects.get(**lookup)
        except model.DoesNotExist:
            obj = model(**lookup, **values)
            _validate(obj)
            obj.save()
            self.created += 1
            return obj
        changed = False
        for name, value in values.items():
            model_field = model._meta.get_field(name)
            if model_field.is_relation:
                current = getattr(obj, model_field.attname)
                wanted = value.pk if isinstance(value, models.Model) else value
            else:
                current, wanted = getattr(obj, name), value
            if current != wanted:
                setattr(obj, name, value)
                changed = True
        if changed:
            _validate(obj)
            obj.save()
            self.updated += 1
        else:
            self.unchanged += 1
        return obj

    def set_m2m(self, obj, name: str, items) -> None:
        # set() only adds and removes the difference: nothing is written when equal.
        getattr(obj, name).set(list(items))

    def orgs(self, keys) -> list[Organisation]:
        return [self.organisations[key] for key in keys]

    # ------------------------------------------------------------------ run
    def run(self) -> None:
        self.load_territories(data.TERRITORIES, parent=None)
        self.load_organisations()
        self.load_conventions()
        self.load_programmes()
        self.load_users()
        self.load_governance()
        self.load_activity()
        self.load_plans_and_reports()
        self.load_funding()
        self.load_households()

    # ------------------------------------------------------------------ partnerships
    def load_territories(self, nodes, parent) -> None:
        for key, name, kind, code, children in nodes:
            territory = self.upsert(
                Territory, {"parent": parent, "name": name}, kind=kind, code=code
            )
            self.territories[key] = territory
            self.load_territories(children, parent=territory)

    def load_organisations(self) -> None:
        # Networks first, so that members can point to them.
        ordered = sorted(data.ORGANISATIONS.items(), key=lambda item: "network" in item[1])
        for key, spec in ordered:
            organisation = self.upsert(
                Organisation,
                {"name": spec["name"]},
                short_name=spec.get("short_name", ""),
                kind=spec["kind"],
                address=spec.get("address", ""),
                postal_code=spec.get("postal_code", ""),
                city=spec.get("city", ""),
                network=self.organisations.get(spec.get("network")),
            )
            self.organisations[key] = organisation
            self.set_m2m(
                organisation,
                "territories",
                [self.territories[t] for t in spec.get("territories", [])],
            )
            for full_name, title in spec.get("contacts", []):
                self.contacts[(key, full_name)] = self.upsert(
                    OrganisationContact,
                    {"organisation": organisation, "full_name": full_name},
                    title=title,
                )

    def load_conventions(self) -> None:
        for spec in data.CONVENTIONS:
            convention = self.upsert(
                Convention,
                {"reference": spec["reference"]},
                title=spec["title"],
                kind=spec["kind"],
                purpose=spec["purpose"],
                parent=self.conventions.get(spec.get("parent")),
                start_date=spec["start_date"],
                end_date=spec["end_date"],
                renewal_policy=spec["renewal_policy"],
                notice_months=spec["notice_months"],
                signed_on=spec["signed_on"],
                signed_at=spec["signed_at"],
            )
            self.conventions[spec["reference"]] = convention
            self.set_m2m(
                convention, "territories", [self.territories[t] for t in spec["territories"]]
            )
            for org_key, role, representative, signed_on in spec["parties"]:
                party = self.upsert(
                    ConventionParty,
                    {
                        "convention": convention,
                        "organisation": self.organisations[org_key],
                        "role": role,
                    },
                    representative=self.contacts.get((org_key, representative)),
                    signed_on=signed_on,
                )
                for text, due_on in spec["commitments"].get(org_key, []):
                    self.upsert(Commitment, {"party": party, "text": text}, due_on=due_on)
            for number, signed_on, summary, new_end_date in spec.get("amendments", []):
                self.upsert(
                    Amendment,
                    {"convention": convention, "number": number},
                    signed_on=signed_on,
                    summary=summary,
                    new_end_date=new_end_date,
                )
            # The stored status follows the model's own rule, on the day of loading.
            self.upsert(
                Convention,
                {"reference": spec["reference"]},
                status=convention.status_on(self.today),
            )

    def load_programmes(self) -> None:
        for code, spec in data.PROGRAMMES.items():
            programme = self.upsert(
                Programme,
                {"code": code},
                name=spec["name"],
                convention=self.conventions[spec["convention"]],
                duration_months=spec["duration_months"],
                review_after_months=spec["review_after_months"],
                renewals_allowed=spec["renewals_allowed"],
                renewal_months=spec["renewal_months"],
                min_contacts_per_week=spec["min_contacts_per_week"],
                requires_each_partner_approval=spec["requires_each_partner_approval"],
                counts_measures=spec["counts_measures"],
            )
            self.programmes[code] = programme
            for position, (domain_code, label) in enumerate(spec["domains"], start=1):
                self.domains[(code, domain_code)] = self.upsert(
                    ProgrammeDomain,
                    {"programme": programme, "code": domain_code},
                    label=label,
                    position=position,
                )

    def load_users(self) -> None:
        for spec in data.USERS:
            user = self._user(spec)
            self.users[spec["email"].split("@")[0]] = user
            if spec["role"]:
                self.upsert(
                    Membership,
                    {
                        "user": user,
                        "organisation": self.organisations[spec["organisation"]],
                        "role": spec["role"],
                    },
                    territory=self.territories.get(spec.get("territory")),
                    is_active=True,
                )

    def _user(self, spec) -> User:
        superuser = spec.get("superuser", False)
        values = {
            "first_name": spec["first_name"],
            "last_name": spec["last_name"],
            "is_staff": superuser or spec.get("staff", False),
            "is_superuser": superuser,
            "is_active": True,
        }
        user = User.objects.filter(email=spec["email"]).first()
        if user is None:
            user = User(email=spec["email"], **values)
            validate_password(data.PASSWORD, user)
            user.set_password(data.PASSWORD)
            user.save()
            self.created += 1
            return user
        changed = False
        for name, value in values.items():
            if getattr(user, name) != value:
                setattr(user, name, value)
                changed = True
        if not user.check_password(data.PASSWORD):
            user.set_password(data.PASSWORD)
            changed = True
        if changed:
            user.save()
            self.updated += 1
        else:
            self.unchanged += 1
        return user

    # ------------------------------------------------------------------ governance
    def load_governance(self) -> None:
        for key, spec in data.COMMITTEES.items():
            committee = self.upsert(
                Committee,
                {"name": spec["name"]},
                kind=spec["kind"],
                convention=self.conventions.get(spec["convention"]),
                organisation=self.organisations[spec["organisation"]],
                frequency=spec["frequency"],
                seats_per_organisation=spec.get("seats_per_organisation"),
                chair=spec["chair"],
            )
            self.committees[key] = committee
            for org_key, full_name, title, voting in spec["members"]:
                self.upsert(
                    CommitteeMember,
                    {
                        "committee": committee,
                        "organisation": self.organisations[org_key],
                        "full_name": full_name,
                    },
                    title=title,
                    voting=voting,
                )
            for index, (agenda, held_on, place, status, minutes) in enumerate(spec["meetings"]):
                meeting = self.upsert(
                    Meeting,
                    {"committee": committee, "agenda": agenda},
                    held_on=self.day(held_on),
                    place=place,
                    status=status,
                    minutes=minutes,
                )
                self.meetings[(key, index)] = meeting
                if status == "held" and key != "cp62":
                    for org_key, full_name, _title, _voting in spec["members"]:
                        self.upsert(
                            Attendance,
                            {"meeting": meeting, "full_name": full_name},
                            organisation=self.organisations[org_key],
                            status="present",
                            represented_by="",
                        )
        self._deliberation_2023_121()
        self.upsert(
            Decision,
            {
                "meeting": self.meetings[("cp62", 1)],
                "title": "Attribution de 45 mesures d'ASRL : 20 pour l'Artois, 25 pour "
                "Lens-Hénin",
            },
            number="",
            subject="allocate_measures",
            text="Mesures attribuées aux CHRS retenus par le jury du 25 septembre 2019 "
            "(seed 004 §6.d).",
            convention=self.conventions["ASRL-62-2019"],
            outcome="adopted",
        )

    def _deliberation_2023_121(self) -> None:
        meeting = self.meetings[("cp62", 0)]
        department = self.organisations["cd62"]
        # seed 001: present, excused, attending without a vote, excused without a vote.
        for names, status in [
            (data.CP_PRESENT, "present"),
            (data.CP_EXCUSED, "excused"),
            (data.CP_NON_VOTING, "non_voting"),
            (data.CP_EXCUSED_NON_VOTING, "excused_non_voting"),
        ]:
            for full_name in names:
                self.upsert(
                    Attendance,
                    {"meeting": meeting, "full_name": full_name},
                    organisation=department,
                    status=status,
                    represented_by="",
                )
        spec = data.DELIBERATION_2023_121
        votes_for, votes_against, abstentions = spec["votes"]
        self.upsert(
            Decision,
            {"number": spec["number"]},
            meeting=meeting,
            subject="authorise_signing",
            title=spec["title"],
            text=spec["text"],
            convention=self.conventions["2023-121"],
            outcome="adopted",
            votes_for=votes_for,
            votes_against=votes_against,
            abstentions=abstentions,
        )

    # ------------------------------------------------------------------ activity
    def load_activity(self) -> None:
        cpom = self.conventions["2023-121"]
        sheets = {}
        for spec in data.ACTION_SHEETS:
            sheet = self.upsert(
                ActionSheet,
                {"convention": cpom, "number": spec["number"]},
                title=spec["title"],
                context=spec["context"],
                objectives=spec["objectives"],
                actions=spec["actions"],
                calendar=spec["calendar"],
            )
            sheets[spec["number"]] = sheet
            for label, unit, target, period in spec["indicators"]:
                self.upsert(
                    Indicator,
                    {"sheet": sheet, "label": label},
                    unit=unit,
                    target=target,
                    period=period,
                )
            for label in spec["deliverables"]:
                self.upsert(Deliverable, {"sheet": sheet, "label": label})
        for number, label, period_start, value, comment in data.INDICATOR_VALUES:
            indicator = Indicator.objects.get(sheet=sheets[number], label=label)
            self.upsert(
                IndicatorValue,
                {"indicator": indicator, "period_start": period_start},
                value=value,
                comment=comment,
            )

        mediation = self.conventions["MEDIATION-HUMANICITE-2019"]
        kinds = []
        for position, (label, axis) in enumerate(data.ACTIVITY_KINDS, start=1):
            kinds.append(
                self.upsert(
                    ActivityKind,
                    {"convention": mediation, "label": label},
                    axis=data.MEDIATION_AXES[axis],
                    position=position,
                )
            )
        operator = self.organisations["citeo"]
        for day, kind_index, hours, participants, represented, notes in data.ACTIVITY_RECORDS:
            record = self.upsert(
                ActivityRecord,
                {"convention": mediation, "day": day, "kind": kinds[kind_index]},
                operator=operator,
                hours=hours,
                participants=participants,
                notes=notes,
            )
            self.set_m2m(record, "organisations_represented", self.orgs(represented))
        incident = data.INCIDENT
        report = self.upsert(
            IncidentReport,
            {
                "convention": mediation,
                "occurred_on": incident["occurred_on"],
                "kind": incident["kind"],
            },
            reported_by=operator,
            place=incident["place"],
            description=incident["description"],
        )
        self.set_m2m(report, "recipients", self.orgs(incident["recipients"]))

    def load_plans_and_reports(self) -> None:
        for spec in data.ACTION_PLANS:
            self.upsert(
                ActionPlan,
                {
                    "convention": self.conventions[spec["convention"]],
                    "period": spec["period"],
                    "period_start": spec["period_start"],
                },
                objectives=spec["objectives"],
                planned_actions=spec["planned_actions"],
                indicators=spec["indicators"],
                transmitted_on=spec["transmitted_on"],
            )
        spec = data.ANNUAL_REPORT_2023
        self.upsert(
            AnnualReport,
            {"convention": self.conventions[spec["convention"]], "year": spec["year"]},
            status=spec["status"],
            activity_summary=spec["activity_summary"],
            financial_summary=spec["financial_summary"],
            submitted_on=spec["submitted_on"],
        )

    # ------------------------------------------------------------------ funding
    def load_funding(self) -> None:
        spec = data.BUDGET_LINE
        budget_line = self.upsert(
            BudgetLine,
            {
                "funder": self.organisations[spec["funder"]],
                "year": spec["year"],
                "operation_code": spec["operation_code"],
                "imputation": spec["imputation"],
            },
            label=spec["label"],
            commitment_authorisation=spec["commitment_authorisation"],
        )
        spec = data.GRANT_2023_121
        # No instalment here: the 70/30 schedule is generated by its own service.
        grant = self.upsert(
            Grant,
            {
                "convention": self.conventions[spec["convention"]],
                "funder": self.organisations[spec["funder"]],
                "beneficiary": self.organisations[spec["beneficiary"]],
            },
            budget_line=budget_line,
            decision=Decision.objects.get(number=data.DELIBERATION_2023_121["number"]),
            iban=spec["iban"],
            bic=spec["bic"],
            account_holder=spec["account_holder"],
        )
        for year, amount in spec["years"].items():
            self.upsert(GrantYear, {"grant": grant, "year": year}, amount=amount)

        spec = data.ENVELOPE
        envelope = self.upsert(
            MeasureEnvelope,
            {
                "programme": self.programmes[spec["programme"]],
                "funder": self.organisations[spec["funder"]],
                "period_start": spec["period_start"],
            },
            label=spec["label"],
            period_end=spec["period_end"],
            measures=spec["measures"],
            unit_cost=spec["unit_cost"],
        )
        for territory, measures in data.TERRITORY_ALLOCATIONS.items():
            self.allocations[(territory, None)] = self.upsert(
                MeasureAllocation,
                {"envelope": envelope, "territory": self.territories[territory], "operator": None},
                measures=measures,
            )
        for territory, operator, measures in data.OPERATOR_ALLOCATIONS:
            self.allocations[(territory, operator)] = self.upsert(
                MeasureAllocation,
                {
                    "envelope": envelope,
                    "territory": self.territories[territory],
                    "operator": self.organisations[operator],
                },
                measures=measures,
            )

        spec = data.COFUNDING
        plan = self.upsert(
            CoFundingPlan,
            {"convention": self.conventions[spec["convention"]], "label": spec["label"]},
            cost=spec["cost"],
        )
        for funder, recipient, amount in spec["contributions"]:
            self.upsert(
                CoFundingContribution,
                {
                    "plan": plan,
                    "funder": self.organisations[funder],
                    "recipient": self.organisations[recipient],
                },
                amount=amount,
            )
        self.load_call()

    def load_call(self) -> None:
        spec = data.CALL
        call = self.upsert(
            CallForApplications,
            {"programme": self.programmes[spec["programme"]], "title": spec["title"]},
            publisher=self.organisations[spec["publisher"]],
            measures_offered=spec["measures_offered"],
            eligible_kinds=spec["eligible_kinds"],
            deadline=timezone.make_aware(dt.datetime(*spec["deadline"])),
            jury=self.committees[spec["jury"]],
        )
        self.set_m2m(call, "territories", [self.territories[t] for t in spec["territories"]])
        for position, label in enumerate(spec["documents"], start=1):
            self.upsert(RequiredDocument, {"call": call, "position": position}, label=label)
        for position, (label, weight) in enumerate(spec["criteria"], start=1):
            self.upsert(
                SelectionCriterion,
                {"call": call, "position": position},
                label=label,
                weight=weight,
            )
        for org_key, submitted, requests in spec["applications"]:
            application = self.upsert(
                Application,
                {"call": call, "organisation": self.organisations[org_key]},
                status="selected",
                submitted_at=timezone.make_aware(dt.datetime(*submitted)),
            )
            for territory, measures in requests.items():
                self.upsert(
                    ApplicationRequest,
                    {"application": application, "territory": self.territories[territory]},
                    measures=measures,
                    measures_granted=measures,
                )

    # ------------------------------------------------------------------ households
    def load_households(self) -> None:
        for spec in data.HOUSEHOLDS:
            household = self.upsert(
                Household,
                {"reference": spec["reference"]},
                organisation=self.organisations[spec["organisation"]],
                territory=self.territories[spec["territory"]],
                housing_situation=spec["housing_situation"],
                informed_on=self.day(spec["informed_on"]),
            )
            for criterion in spec["priorities"]:
                self.upsert(HouseholdPriority, {"household": household, "criterion": criterion})
            for first_name, last_name, birth_date, relationship in spec["members"]:
                self.upsert(
                    Member,
                    {"household": household, "first_name": first_name, "last_name": last_name},
                    birth_date=birth_date,
                    relationship=relationship,
                )
            referral = self._referral(household, spec["referral"])
            if "project" in spec:
                self._project(household, referral, spec["project"])

    def _referral(self, household: Household, spec: dict) -> Referral:
        programme = self.programmes[spec["programme"]]
        referral = self.upsert(
            Referral,
            {"household": household, "programme": programme},
            referred_by=self.organisations[spec["referred_by"]],
            received_on=self.day(spec["received_on"]),
            situation=spec["situation"],
            status=spec["status"],
        )
        orientation = spec.get("orientation")
        if orientation:
            meeting = orientation.get("meeting")
            self.upsert(
                OrientationDecision,
                {"referral": referral},
                outcome=orientation["outcome"],
                decided_on=self.day(orientation["decided_on"]),
                decided_by=self.users[orientation["decided_by"]],
                meeting=self.meetings[meeting] if meeting else None,
                operator=self.organisations[orientation["operator"]],
                reason=orientation["reason"],
            )
        return referral

    def _project(self, household: Household, referral: Referral, spec: dict) -> None:
        code = spec["programme"]
        allocation = spec["allocation"]
        project = self.upsert(
            InterventionProject,
            {"household": household, "programme": self.programmes[code]},
            referral=referral,
            operator=self.organisations[spec["operator"]],
            referent=self.users[spec["referent"]],
            measure_allocation=self.allocations[allocation] if allocation else None,
            objectives=spec["objectives"],
            contract_signed_on=self.day(spec["contract_signed_on"]),
            start_date=self.day(spec["start_date"]),
            renewals_used=spec.get("renewals_used", 0),
            status=spec["status"],
        )
        self.set_m2m(project, "partners", self.orgs(spec.get("partners", [])))
        self.set_m2m(project, "volunteers", [self.users[u] for u in spec.get("volunteers", [])])
        self._approvals(project, spec)
        for domain, description, org_key, performer, due_on, status in spec["actions"]:
            self.upsert(
                PlannedAction,
                {"project": project, "description": description},
                domain=self.domains[(code, domain)],
                organisation=self.organisations[org_key],
                performer=performer,
                due_on=self.day(due_on),
                status=status,
            )
        for contact in spec["contacts"]:
            day, medium, author, participants, minutes, domains, summary, note = contact
            row = self.upsert(
                Contact,
                {"project": project, "summary": summary},
                happened_on=self.day(day),
                medium=medium,
                author=self.users[author],
                duration_minutes=minutes,
                confidential_note=note,
            )
            self.set_m2m(row, "participants", [self.users[u] for u in participants])
            self.set_m2m(row, "domains", [self.domains[(code, d)] for d in domains])
        for kind, held_on, assessment, recommendation, sent_on in spec["reviews"]:
            self.upsert(
                Review,
                {"project": project, "kind": kind},
                held_on=self.day(held_on),
                assessment=assessment,
                recommendation=recommendation,
                author=self.users[spec["referent"]],
                sent_to_coordinator_on=self.day(sent_on),
            )
        if "closure" in spec:
            closed_on, outcome, comment = spec["closure"]
            self.upsert(
                Closure,
                {"project": project},
                closed_on=self.day(closed_on),
                outcome=outcome,
                comment=comment,
            )
        for help_spec in spec.get("helps", []):
            self.upsert(
                FinancialHelp,
                {"project": project, "purpose": help_spec["purpose"]},
                amount_requested=help_spec["amount_requested"],
                status=help_spec["status"],
                amount_granted=help_spec.get("amount_granted"),
                decided_on=self.day(help_spec.get("decided_on")),
                paid_on=self.day(help_spec.get("paid_on")),
                payment_method=help_spec.get("payment_method", ""),
                payer=self.organisations[help_spec["payer"]],
            )

    def _approvals(self, project: InterventionProject, spec: dict) -> None:
        """seed 000 art. IV: the steering committee agrees once each structure has agreed."""
        decision = None
        approvals = spec.get("approvals", [])
        if "approval_decision" in spec:
            committee, index, subject, title = spec["approval_decision"]
            meeting = self.meetings[(committee, index)]
            everyone = {org for org, _user in approvals} >= {
                spec["operator"],
                *spec.get("partners", []),
            }
            decision = self.upsert(
                Decision,
                {"meeting": meeting, "title": title},
                number="",
                subject=subject,
                text="",
                convention=self.programmes[spec["programme"]].convention,
                outcome="adopted" if everyone else "pending",
                requires_each_organisation=True,
            )
            for org_key, user_key in approvals:
                self.upsert(
                    OrganisationAgreement,
                    {"decision": decision, "organisation": self.organisations[org_key]},
                    agreed=True,
                    given_on=meeting.held_on,
                    given_by=self.users[user_key],
                )
        approved_on = decision.meeting.held_on if decision else self.day(spec["start_date"])
        for org_key, user_key in approvals:
            self.upsert(
                ProjectApproval,
                {"project": project, "organisation": self.organisations[org_key]},
                approved_by=self.users[user_key],
                approved_at=self.moment(approved_on, 18),
                decision=decision,
            )


def _validate(obj: models.Model) -> None:
    """Run the model's validators (SIRET, IBAN, dates…), except on derived fields."""
    obj.full_clean(exclude={f.name for f in obj._meta.fields if not f.editable})
