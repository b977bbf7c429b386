"""One exporter per convention list."""

from django.utils.translation import gettext_lazy as _

from common.exporting import Column, Exporter


class ConventionExporter(Exporter):
    filename = "conventions"
    columns = (
        Column(_("Référence"), lambda c: c.reference),
        Column(_("Intitulé"), lambda c: c.title),
        Column(_("Type"), lambda c: c.get_kind_display()),
        Column(_("Parties"), lambda c: " ; ".join(str(p.organisation) for p in c.parties.all())),
        Column(_("Début"), lambda c: c.start_date),
        Column(_("Fin en vigueur"), lambda c: c.effective_end),
        Column(_("Dernier jour pour dénoncer"), lambda c: c.denounce_by),
        Column(_("Statut"), lambda c: c.get_status_display()),
        Column(_("Signée le"), lambda c: c.signed_on),
    )

    def get_queryset(self):
        return self.queryset.prefetch_related("parties__organisation")


class ActivityRecordExporter(Exporter):
    filename = "releves-activite"
    columns = (
        Column(_("Convention"), lambda r: r.convention.reference),
        Column(_("Jour"), lambda r: r.day),
        Column(_("Activité"), lambda r: r.kind.label),
        Column(_("Axe"), lambda r: r.axis.label if r.axis else ""),
        Column(_("Opérateur"), lambda r: r.operator.name),
        Column(_("Heures"), lambda r: r.hours),
        Column(_("Participants"), lambda r: r.participants),
        Column(
            _("Structures représentées"),
            lambda r: " ; ".join(o.name for o in r.organisations_represented.all()),
        ),
        Column(_("Observations"), lambda r: r.notes),
        # seed 003 §VI: where the activity took place, each commune's share
        Column(_("Commune"), lambda r: r.commune.name if r.commune else ""),
        Column(_("Quartier"), lambda r: r.district.name if r.district else ""),
    )

    def get_queryset(self):
        return self.queryset.select_related(
            "convention", "kind", "axis", "operator", "commune", "district"
        ).prefetch_related("organisations_represented")


class IncidentExporter(Exporter):
    """The columns of the list page; the description stays on the report's own page."""

    filename = "signalements"
    columns = (
        Column(_("Date des faits"), lambda r: r.occurred_on),
        Column(_("Nature"), lambda r: r.kind),
        Column(_("Lieu"), lambda r: r.place),
        Column(_("Convention"), lambda r: r.convention.reference),
        Column(_("Émise par"), lambda r: r.reported_by.name),
        Column(_("Destinataires"), lambda r: " ; ".join(o.name for o in r.recipients.all())),
        Column(_("Accusés de réception"), lambda r: len(r.acknowledgements.all())),
    )

    def get_queryset(self):
        return self.queryset.select_related("convention", "reported_by").prefetch_related(
            "recipients", "acknowledgements"
        )
