"""One exporter per governance list."""

from django.utils.translation import gettext_lazy as _

from common.exporting import Column, Exporter


class MeetingExporter(Exporter):
    filename = "reunions"
    columns = (
        Column(_("Date"), lambda m: m.held_on),
        Column(_("Instance"), lambda m: m.committee.name),
        Column(_("Type d'instance"), lambda m: m.committee.get_kind_display()),
        Column(
            _("Convention"),
            lambda m: m.committee.convention.reference if m.committee.convention else "",
        ),
        Column(_("Lieu"), lambda m: m.place),
        Column(_("Statut"), lambda m: m.get_status_display()),
        Column(_("Ordre du jour"), lambda m: m.agenda),
    )

    def get_queryset(self):
        return self.queryset.select_related("committee__convention")


class CommitteeExporter(Exporter):
    filename = "instances"
    columns = (
        Column(_("Instance"), lambda c: c.name),
        Column(_("Type"), lambda c: c.get_kind_display()),
        Column(_("Convention"), lambda c: c.convention.reference if c.convention else ""),
        Column(_("Organisation porteuse"), lambda c: c.organisation.name),
        Column(_("Fréquence attendue"), lambda c: c.get_frequency_display()),
    )

    def get_queryset(self):
        return self.queryset.select_related("convention", "organisation")


class ActionPlanExporter(Exporter):
    filename = "plans-d-actions"
    columns = (
        Column(_("Convention"), lambda p: p.convention.reference),
        Column(_("Périodicité"), lambda p: p.get_period_display()),
        Column(_("Début de période"), lambda p: p.period_start),
        Column(_("Objectifs"), lambda p: p.objectives),
        Column(_("Actions prévues"), lambda p: p.planned_actions),
        Column(_("Indicateurs"), lambda p: p.indicators),
        Column(_("Transmis le"), lambda p: p.transmitted_on),
    )

    def get_queryset(self):
        return self.queryset.select_related("convention")


class AnnualReportExporter(Exporter):
    filename = "bilans-annuels"
    columns = (
        Column(_("Convention"), lambda r: r.convention.reference),
        Column(_("Année"), lambda r: r.year),
        Column(_("Statut"), lambda r: r.get_status_display()),
        Column(_("Transmis le"), lambda r: r.submitted_on),
        Column(_("Validé le"), lambda r: r.validated_on),
    )

    def get_queryset(self):
        return self.queryset.select_related("convention")
