"""Everything Maillage holds about one household, for a right-of-access request (RGPD
art. 15): JSON for a machine, a readable PDF for the person. Built in a fixed number of
queries, so that even a long follow-up exports in well under a minute."""

import datetime as dt
import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from common.pdf import render_pdf
from households.models import AuditEntry, Household
from households.retention import last_activity, retention_end


def _day(value) -> str | None:
    return value.isoformat() if value else None


def access_data(household: Household) -> dict:
    household = (
        # unscoped: the subject access file of a household the view already checked
        Household.objects.select_related("organisation", "territory")
        .prefetch_related(
            "members",
            "priorities",
            "referrals__referred_by",
            "referrals__programme",
            "referrals__orientation__operator",
            "projects__programme",
            "projects__operator",
            "projects__referent",
            "projects__referent_changes__former_referent",
            "projects__referent_changes__new_referent",
            "projects__partners",
            "projects__actions__domain",
            "projects__contacts__domains",
            "projects__reviews",
            "projects__financial_helps",
            "documents",
            "dwellings__landlord",
            "dwellings__territory",
        )
        .get(pk=household.pk)
    )
    projects = []
    for project in household.projects.all():
        closure = getattr(project, "closure", None)
        projects.append(
            {
                "dispositif": str(project.programme),
                "structure_operatrice": str(project.operator),
                "structures_partenaires": [str(o) for o in project.partners.all()],
                "referent": str(project.referent),
                "changements_de_referent": [
                    {
                        "le": c.changed_at.isoformat(timespec="seconds"),
                        "ancien_referent": str(c.former_referent),
                        "nouveau_referent": str(c.new_referent),
                        "motif": c.reason,
                    }
                    for c in project.referent_changes.all()
                ],
                "statut": project.get_status_display(),
                "objectifs": project.objectives,
                "contrat_signe_le": _day(project.contract_signed_on),
                "debut": _day(project.start_date),
                "fin_prevue": _day(project.planned_end),
                "actions": [
                    {
                        "domaine": str(a.domain),
                        "action": a.description,
                        "echeance": _day(a.due_on),
                        "statut": a.get_status_display(),
                    }
                    for a in project.actions.all()
                ],
                "rencontres": [
                    {
                        "date": _day(c.happened_on),
                        "modalite": c.get_medium_display(),
                        "duree_minutes": c.duration_minutes,
                        "domaines": [str(d) for d in c.domains.all()],
                        "compte_rendu": c.summary,
                        "note_confidentielle": c.confidential_note,
                    }
                    for c in project.contacts.all()
                ],
                "bilans": [
                    {
                        "type": r.get_kind_display(),
                        "date": _day(r.held_on),
                        "evaluation": r.assessment,
                        "preconisation": r.get_recommendation_display(),
                    }
                    for r in project.reviews.all()
                ],
                "aides_financieres": [
                    {
                        "objet": h.get_purpose_display(),
                        "montant_demande": h.amount_requested,
                        "statut": h.get_status_display(),
                        "montant_accorde": h.amount_granted,
                        "avance_sur": h.awaited_aid if h.is_advance else None,
                        "versee_le": _day(h.paid_on),
                        "remboursee_le": _day(h.repaid_on),
                        "montant_rembourse": h.amount_repaid,
                    }
                    for h in project.financial_helps.all()
                ],
                "cloture": {
                    "date": _day(closure.closed_on),
                    "issue": closure.get_outcome_display(),
                    "commentaire": closure.comment,
                }
                if closure
                else None,
            }
        )
    # unscoped: the subject access file of a household the view already checked
    log = AuditEntry.objects.for_household(household).select_related("user", "organisation")
    end = retention_end(household)
    return {
        "reference": household.reference,
        "genere_le": timezone.now().isoformat(timespec="seconds"),
        "responsable_du_suivi": str(household.organisation),
        "commune": str(household.territory),
        "situation_de_logement": household.get_housing_situation_display(),
        "criteres_de_priorite": [p.get_criterion_display() for p in household.priorities.all()],
        "informe_du_traitement_le": _day(household.informed_on),
        "membres": [
            {
                "prenom": m.first_name,
                "nom": m.last_name,
                "date_de_naissance": _day(m.birth_date),
                "lien": m.get_relationship_display(),
            }
            for m in household.members.all()
        ],
        "saisines": [
            {
                "recue_le": _day(r.received_on),
                "prescripteur": str(r.referred_by),
                "dispositif_demande": str(r.programme),
                "situation": r.situation,
                "statut": r.get_status_display(),
                "orientation": {
                    "decision": r.orientation.get_outcome_display(),
                    "le": _day(r.orientation.decided_on),
                    "operateur": str(r.orientation.operator or ""),
                    "motif": r.orientation.reason,
                }
                if hasattr(r, "orientation")
                else None,
            }
            for r in household.referrals.all()
        ],
        "accompagnements": projects,
        # seed 000 art. III: the dwellings put at the household's disposal.
        "logements": [
            {
                "adresse": d.address,
                "logement": d.unit,
                "bailleur": str(d.landlord),
                "commune": str(d.territory),
                "occupe_depuis_le": _day(d.since),
                "quitte_le": _day(d.left_on),
            }
            for d in household.dwellings.all()
        ],
        "documents": [
            {
                "titre": d.title,
                "type": d.get_kind_display(),
                "depose_le": d.uploaded_at.isoformat(timespec="seconds"),
            }
            for d in household.documents.all()
        ],
        "conservation": {
            "dernier_contact": _day(last_activity(household)),
            "conservee_jusqu_au": _day(end),
        },
        "acces_au_dossier": [
            {
                "le": e.at.isoformat(timespec="seconds"),
                "par": str(e.user or "traitement automatique"),
                "structure": str(e.organisation or ""),
                "action": e.get_action_display(),
            }
            for e in log
        ],
    }


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            return f"{o:.2f}"
        if isinstance(o, dt.date):
            return o.isoformat()
        return super().default(o)


def access_json(household: Household) -> bytes:
    return json.dumps(access_data(household), cls=_Encoder, ensure_ascii=False, indent=2).encode()


def access_context(household: Household) -> dict:
    return {
        "document_title": f"Vos données — {household.reference}",
        "data": access_data(household),
        "household": household,
        "generated_on": timezone.localdate(),
        "organisations": [household.organisation],
        "toc": [],
    }


def access_pdf(household: Household) -> bytes:
    return render_pdf("households/pdf/access_request.html", access_context(household))
