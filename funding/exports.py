"""One exporter per money list (common.exporting): the same rows as the page, filtered
the same way, streamed as CSV or written row by row to XLSX."""

from django.utils.translation import gettext_lazy as _

from common.exporting import Column, Exporter


class InstalmentExporter(Exporter):
    filename = "versements"
    columns = (
        Column(_("Convention"), lambda i: i.grant.convention.reference),
        Column(_("Financeur"), lambda i: i.grant.funder.name),
        Column(_("Bénéficiaire"), lambda i: i.grant.beneficiary.name),
        Column(_("Exercice"), lambda i: i.year),
        Column(_("Rang"), lambda i: i.position),
        Column(_("Part (%)"), lambda i: i.share * 100),
        Column(_("Montant (€)"), lambda i: i.amount),
        Column(_("Condition de versement"), lambda i: i.get_condition_display()),
        Column(_("Statut"), lambda i: i.get_status_display()),
        Column(_("Exigible le"), lambda i: i.due_on),
        Column(_("Versé le"), lambda i: i.paid_on),
        Column(_("Référence du mandat"), lambda i: i.mandate_reference),
    )

    def get_queryset(self):
        return self.queryset.select_related(
            "grant__convention", "grant__funder", "grant__beneficiary"
        )


class GrantExporter(Exporter):
    filename = "participations"
    columns = (
        Column(_("Convention"), lambda g: g.convention.reference),
        Column(_("Financeur"), lambda g: g.funder.name),
        Column(_("Bénéficiaire"), lambda g: g.beneficiary.name),
        Column(
            _("Code opération"), lambda g: g.budget_line.operation_code if g.budget_line else ""
        ),
        Column(_("Total (€)"), lambda g: g.total),
        Column(_("Programmé (€)"), lambda g: g.scheduled),
        Column(_("Exigible (€)"), lambda g: g.due),
        Column(_("Versé (€)"), lambda g: g.paid),
        Column(_("Reversements demandés (€)"), lambda g: g.reclaimed),
        Column(_("Net perçu (€)"), lambda g: g.net_received),
        Column(_("RIB enregistré"), lambda g: g.has_bank_details),
    )

    def get_queryset(self):
        # The queryset comes with its totals (Grant.objects.with_totals()), as on the list.
        return self.queryset.select_related("convention", "funder", "beneficiary", "budget_line")


class BudgetLineExporter(Exporter):
    filename = "lignes-budgetaires"
    columns = (
        Column(_("Financeur"), lambda b: b.funder.name),
        Column(_("Exercice"), lambda b: b.year),
        Column(_("Code opération"), lambda b: b.operation_code),
        Column(_("Imputation budgétaire"), lambda b: b.imputation),
        Column(_("Libellé opération"), lambda b: b.label),
        Column(_("AE (€)"), lambda b: b.available),
        Column(_("Proposé (€)"), lambda b: b.proposed),
        Column(_("Solde (€)"), lambda b: b.balance),
    )

    def get_queryset(self):
        # The queryset comes with its figures (BudgetLine.objects.with_figures()), as on the list.
        return self.queryset.select_related("funder")


class CoFundingExporter(Exporter):
    filename = "cofinancements"
    columns = (
        Column(_("Convention"), lambda p: p.convention.reference),
        Column(_("Action financée"), lambda p: p.label),
        Column(_("Coût (€)"), lambda p: p.cost),
        Column(_("Contributions (€)"), lambda p: p.contributed),
        Column(_("Écart (€)"), lambda p: p.gap),
        Column(
            _("Financeurs"),
            lambda p: " ; ".join(f"{c.funder} → {c.recipient}" for c in p.contributions.all()),
        ),
    )

    def get_queryset(self):
        # The queryset comes with its totals (CoFundingPlan.objects.with_totals()).
        return self.queryset.select_related("convention").prefetch_related(
            "contributions__funder", "contributions__recipient"
        )


class EnvelopeExporter(Exporter):
    filename = "enveloppes"
    columns = (
        Column(_("Enveloppe"), lambda e: e.label),
        Column(_("Dispositif"), lambda e: str(e.programme)),
        Column(_("Financeur"), lambda e: e.funder.name),
        Column(_("Début de période"), lambda e: e.period_start),
        Column(_("Fin de période"), lambda e: e.period_end),
        Column(_("Mesures"), lambda e: e.measures),
        Column(_("Montant (€)"), lambda e: e.total),
        Column(_("Allouées aux territoires"), lambda e: e.allocated),
        Column(_("Engagées"), lambda e: e.committed),
        Column(_("Restantes"), lambda e: e.remaining),
    )

    def get_queryset(self):
        # The queryset comes with its usage (funding.envelopes.envelopes_with_usage()).
        return self.queryset.select_related("programme", "funder")


class CallExporter(Exporter):
    filename = "appels-a-candidatures"
    columns = (
        Column(_("Appel"), lambda c: c.title),
        Column(_("Dispositif"), lambda c: str(c.programme)),
        Column(_("Émetteur"), lambda c: c.publisher.name),
        Column(_("Date limite"), lambda c: c.deadline),
        Column(_("Mesures proposées"), lambda c: c.measures_offered),
        Column(_("Candidatures"), lambda c: c.applications_count),
    )

    def get_queryset(self):
        # The queryset comes with `applications_count`, as on the list page.
        return self.queryset.select_related("programme", "publisher")
