"""One exporter per household list. Only what the list shows: references, never a member's
name, birth date or note (the file of a household is its own PDF). The contacts export adds
the shared summary of each contact, never its confidential note."""

from functools import cache

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.exporting import CHUNK, Column, Exporter
from households.enums import ContactMedium


class HouseholdExporter(Exporter):
    filename = "menages"
    columns = (
        Column(_("Référence"), lambda h: h.reference),
        Column(_("Structure référente"), lambda h: h.organisation.name),
        Column(_("Commune"), lambda h: h.territory.name),
        Column(_("Situation de logement"), lambda h: h.get_housing_situation_display()),
        Column(
            _("Critères de priorité"),
            lambda h: " ; ".join(p.get_criterion_display() for p in h.priorities.all()),
        ),
        Column(_("Membres"), lambda h: h.member_count),
        Column(
            _("Accompagnements en cours"),
            lambda h: " ; ".join(str(p.programme) for p in h.current_projects),
        ),
        Column(_("Enregistré le"), lambda h: h.created_at),
    )


class ProjectExporter(Exporter):
    filename = "projets"
    columns = (
        Column(_("Ménage"), lambda p: p.household.reference),
        Column(_("Dispositif"), lambda p: p.programme.name),
        Column(_("Structure opératrice"), lambda p: p.operator.name),
        Column(_("Référent"), lambda p: p.referent.get_full_name() or p.referent.email),
        Column(_("Statut"), lambda p: p.get_status_display()),
        Column(_("Début"), lambda p: p.start_date),
        Column(_("Bilan intermédiaire dû le"), lambda p: p.review_due_on),
        Column(_("Fin prévue"), lambda p: p.planned_end),
        Column(_("Rencontres des 7 derniers jours"), lambda p: p.week_contacts),
    )


class ReferralExporter(Exporter):
    filename = "saisines"
    columns = (
        Column(_("Ménage"), lambda r: r.household.reference),
        Column(_("Commune"), lambda r: r.household.territory.name),
        Column(_("Prescripteur"), lambda r: r.referred_by.name),
        Column(_("Dispositif demandé"), lambda r: r.programme.name),
        Column(_("Reçue le"), lambda r: r.received_on),
        Column(_("Statut"), lambda r: r.get_status_display()),
        Column(
            _("Opérateur désigné"),
            lambda r: (
                r.orientation.operator.name
                if hasattr(r, "orientation") and r.orientation.operator
                else ""
            ),
        ),
    )


def _person(user) -> str:
    return user.get_full_name() or user.email


@cache
def _medium_labels(language: str | None) -> dict[str, str]:
    return {value: str(label) for value, label in ContactMedium.choices}


def _medium(contact) -> str:
    # get_medium_display() translates all nine labels again on every row: over half the time
    # of an export of 400 000 contacts. Translated once per language instead.
    return _medium_labels(get_language()).get(contact.medium, contact.medium)


def _hour(value) -> str:
    """The time of a contact as French write it in a table (« 14:30 »), empty if unknown."""
    return value.strftime("%H:%M") if value else ""


class ContactExporter(Exporter):
    filename = "rencontres"
    columns = (
        Column(_("Date"), lambda c: c.happened_on),
        Column(_("Heure"), lambda c: _hour(c.happened_at)),
        Column(_("Ménage"), lambda c: c.project.household.reference),
        Column(_("Dispositif"), lambda c: c.project.programme.name),
        Column(_("Structure opératrice"), lambda c: c.project.operator.name),
        Column(_("Auteur"), lambda c: _person(c.author)),
        Column(_("Modalité"), _medium),
        Column(_("Lieu"), lambda c: c.place),
        Column(_("Durée (minutes)"), lambda c: c.duration_minutes),
        Column(_("Compte rendu partagé"), lambda c: c.summary),
    )

    # The same columns, read as tuples: building six model instances per row was two thirds
    # of the time of an export of 2 000 000 contacts (issue 15). tests/reports check that
    # both ways give the same rows.
    FIELDS = (
        "happened_on",
        "happened_at",
        "project__household__reference",
        "project__programme__name",
        "project__operator__name",
        "author__first_name",
        "author__last_name",
        "author__email",
        "medium",
        "place",
        "duration_minutes",
        "summary",
    )

    def rows(self):
        labels = _medium_labels(get_language())
        values = self.get_queryset().values_list(*self.FIELDS)
        for (
            day,
            hour,
            household,
            programme,
            operator,
            first,
            last,
            email,
            medium,
            place,
            minutes,
            summary,
        ) in values.iterator(chunk_size=CHUNK):
            author = f"{first} {last}".strip() or email
            yield [
                day,
                _hour(hour),
                household,
                programme,
                operator,
                author,
                labels.get(medium, medium),
                place,
                minutes,
                summary,
            ]
