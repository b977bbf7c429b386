"""Territories, organisations, conventions, programmes, users, action sheets and activity."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.password_validation import validate_password

from common.dates import previous_month
from demo import data
from demo.writer import DemoWriter
from partnerships.models import (
    ActionSheet,
    ActivityAxis,
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
    SupervisionTime,
    SynthesisAnalysis,
    Territory,
    User,
)
from partnerships.services import refresh_convention_dates


def load(writer: DemoWriter) -> None:
    load_territories(writer, data.TERRITORIES, parent=None)
    load_organisations(writer)
    load_conventions(writer)
    load_programmes(writer)
    load_users(writer)
    load_action_sheets(writer)
    load_mediation_activity(writer)


def load_territories(writer: DemoWriter, nodes, parent: Territory | None) -> None:
    for key, name, kind, code, children in nodes:
        territory = writer.upsert(Territory, {"parent": parent, "name": name}, kind=kind, code=code)
        writer.territories[key] = territory
        load_territories(writer, children, parent=territory)


def load_organisations(writer: DemoWriter) -> None:
    # Networks (federations) first, so that their members can point to them.
    ordered = sorted(data.ORGANISATIONS.items(), key=lambda item: "network" in item[1])
    for key, spec in ordered:
        organisation = writer.upsert(
            Organisation,
            {"name": spec["name"]},
            short_name=spec.get("short_name", ""),
            kind=spec["kind"],
            address=spec.get("address", ""),
            postal_code=spec.get("postal_code", ""),
            city=spec.get("city", ""),
            network=writer.organisations.get(spec.get("network")),
        )
        writer.organisations[key] = organisation
        writer.set_m2m(
            organisation,
            "territories",
            [writer.territories[t] for t in spec.get("territories", [])],
        )
        for full_name, title in spec.get("contacts", []):
            writer.contacts[(key, full_name)] = writer.upsert(
                OrganisationContact,
                {"organisation": organisation, "full_name": full_name},
                title=title,
            )


def load_conventions(writer: DemoWriter) -> None:
    for spec in data.CONVENTIONS:
        reference = spec["reference"]
        convention = writer.upsert(
            Convention,
            {"reference": reference},
            title=spec["title"].format(first=writer.year, last=writer.year + 2),
            kind=spec["kind"],
            purpose=spec["purpose"],
            parent=writer.conventions.get(spec.get("parent")),
            start_date=writer.day(spec["start_date"]),
            end_date=writer.day(spec["end_date"]),
            renewal_policy=spec["renewal_policy"],
            notice_months=spec["notice_months"],
            signed_on=writer.day(spec["signed_on"]),
            signed_at=spec["signed_at"],
        )
        writer.conventions[reference] = convention
        writer.set_m2m(
            convention, "territories", [writer.territories[t] for t in spec["territories"]]
        )
        for org_key, role, representative, signed_on in spec["parties"]:
            party = writer.upsert(
                ConventionParty,
                {
                    "convention": convention,
                    "organisation": writer.organisations[org_key],
                    "role": role,
                },
                representative=writer.contacts.get((org_key, representative)),
                signed_on=writer.day(signed_on),
            )
            for text, due_on in spec["commitments"].get(org_key, []):
                writer.upsert(Commitment, {"party": party, "text": text}, due_on=writer.day(due_on))
        for number, signed_on, summary, new_end_date in spec.get("amendments", []):
            writer.upsert(
                Amendment,
                {"convention": convention, "number": number},
                signed_on=writer.day(signed_on),
                summary=summary,
                new_end_date=writer.day(new_end_date),
            )
        # The date columns (status included) follow the model's own rules, on the loading day.
        refresh_convention_dates(convention, writer.today)


def load_programmes(writer: DemoWriter) -> None:
    for code, spec in data.PROGRAMMES.items():
        programme = writer.upsert(
            Programme,
            {"code": code},
            name=spec["name"],
            convention=writer.conventions[spec["convention"]],
            duration_months=spec["duration_months"],
            review_after_months=spec["review_after_months"],
            renewals_allowed=spec["renewals_allowed"],
            renewal_months=spec["renewal_months"],
            min_contacts_per_week=spec["min_contacts_per_week"],
            requires_each_partner_approval=spec["requires_each_partner_approval"],
            counts_measures=spec["counts_measures"],
        )
        writer.programmes[code] = programme
        for position, (domain_code, label) in enumerate(spec["domains"], start=1):
            writer.domains[(code, domain_code)] = writer.upsert(
                ProgrammeDomain,
                {"programme": programme, "code": domain_code},
                label=label,
                position=position,
            )


def load_users(writer: DemoWriter) -> None:
    for spec in data.USERS:
        user = _user(writer, spec)
        writer.users[spec["email"].split("@")[0]] = user
        if spec["role"]:
            writer.upsert(
                Membership,
                {
                    "user": user,
                    "organisation": writer.organisations[spec["organisation"]],
                    "role": spec["role"],
                },
                territory=writer.territories.get(spec.get("territory")),
                is_active=True,
            )


def _user(writer: DemoWriter, spec: dict) -> User:
    superuser = spec.get("superuser", False)
    values = {
        "first_name": spec["first_name"],
        "last_name": spec["last_name"],
        "is_staff": superuser or spec.get("staff", False),
        "is_superuser": superuser,
        "is_active": True,
    }
    user = User.objects.filter(email=spec["email"]).first()
    created = user is None
    if created:
        user = User(email=spec["email"], **values)
        validate_password(data.PASSWORD, user)
    changed = False
    for name, value in values.items():
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed = True
    if created or not user.check_password(data.PASSWORD):
        user.set_password(data.PASSWORD)
        changed = True
    if changed:
        user.save()
    writer.count_user(created=created, changed=changed)
    return user


def load_action_sheets(writer: DemoWriter) -> None:
    """seed 001 annexes: the three fiches actions of convention 2023-121."""
    # seed 001 art. 6: a yearly activity report; the demo's FAS commitment gives it until 30 June.
    cpom = writer.upsert(Convention, {"reference": "2023-121"}, annual_report_months=6)
    writer.conventions["2023-121"] = cpom
    sheets = {}
    for spec in data.ACTION_SHEETS:
        sheet = writer.upsert(
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
            writer.upsert(
                Indicator,
                {"sheet": sheet, "label": label},
                unit=unit,
                target=target,
                period=period,
            )
        for label in spec["deliverables"]:
            writer.upsert(Deliverable, {"sheet": sheet, "label": label})
    for number, label, period_start, value, comment in data.INDICATOR_VALUES:
        indicator = Indicator.objects.get(sheet=sheets[number], label=label)
        writer.upsert(
            IndicatorValue,
            {"indicator": indicator, "period_start": period_start},
            value=value,
            comment=comment,
        )


def load_mediation_activity(writer: DemoWriter) -> None:
    """seed 003 §III-§IV: the 8 mediation activities, daily records, an incident report."""
    mediation = writer.conventions["MEDIATION-HUMANICITE-2019"]
    # seed 003 §IV.1: a yearly base of 1 607 hours and a weekly average of 35 hours.
    mediation = writer.upsert(
        Convention,
        {"reference": mediation.reference},
        contracted_hours_per_year=Decimal("1607.00"),
        contracted_hours_per_week=Decimal("35.00"),
        # seed 003 §IV.1: 1/2 journée d'encadrement par semaine, of a 7-hour day.
        supervision_hours_per_week=Decimal("3.50"),
    )
    # seed 003 §II: the four axes are the convention's own; a record names the one it serves.
    axes = [
        writer.upsert(ActivityAxis, {"convention": mediation, "label": label}, position=position)
        for position, label in enumerate(data.MEDIATION_AXES, start=1)
    ]
    kinds = [
        writer.upsert(
            ActivityKind,
            {"convention": mediation, "label": label},
            axis=data.MEDIATION_AXES[axis],
            position=position,
        )
        for position, (label, axis) in enumerate(data.ACTIVITY_KINDS, start=1)
    ]
    operator = writer.organisations["citeo"]
    district = writer.territories["humanicite"]
    for day, kind_index, hours, people, represented, notes, commune in data.ACTIVITY_RECORDS:
        record = writer.upsert(
            ActivityRecord,
            {"convention": mediation, "day": day, "kind": kinds[kind_index]},
            operator=operator,
            axis=axes[data.ACTIVITY_KINDS[kind_index][1]],
            hours=hours,
            participants=people,
            notes=notes,
            commune=writer.territories[commune],
            district=district,
        )
        writer.set_m2m(record, "organisations_represented", writer.orgs(represented))
    for days, kind_index, hours, people, represented, notes, commune in data.RECENT_ACTIVITY:
        record = writer.upsert(
            ActivityRecord,
            {"convention": mediation, "kind": kinds[kind_index], "notes": notes},
            day=writer.day(days),
            operator=operator,
            axis=axes[data.ACTIVITY_KINDS[kind_index][1]],
            hours=hours,
            participants=people,
            commune=writer.territories[commune],
            district=district,
        )
        writer.set_m2m(record, "organisations_represented", writer.orgs(represented))
    # Found by their notes (their week moves with the loading day), nearest week first so
    # that a later loading day moves each row to a week the previous one has left.
    monday = writer.today - dt.timedelta(days=writer.today.weekday())
    for weeks_back, hours in data.SUPERVISION_WEEKS:
        writer.upsert(
            SupervisionTime,
            {"convention": mediation, "notes": f"Démonstration : semaine -{weeks_back}."},
            week_start=monday - dt.timedelta(weeks=weeks_back),
            operator=operator,
            hours=hours,
        )
    first, _last = previous_month(writer.today)
    writer.upsert(
        SynthesisAnalysis,
        {"convention": mediation, "analysis": data.SYNTHESIS_ANALYSIS["analysis"]},
        month=first,
        operator=operator,
        # No demo account works for Citéo: the administrator wrote it in its name.
        written_by=writer.users["admin"],
        recommendations=data.SYNTHESIS_ANALYSIS["recommendations"],
    )
    incident = data.INCIDENT
    report = writer.upsert(
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
    writer.set_m2m(report, "recipients", writer.orgs(incident["recipients"]))
