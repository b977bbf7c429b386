"""One exporter per household list. Only what the list shows: references, never a member's
name, birth date or note (the file of a household is its own PDF)."""

from django.utils.translation import gettext_lazy as _

from partnerships.exporting import Column, Exporter


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
