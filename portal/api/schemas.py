"""What the API answers, field by field, in French (docs/api.md). Amounts are decimal
strings ("20000.00"), dates ISO 8601. No bank details, no person's name, no household."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from portal.api.figures import shown


def _latest(*values):
    found = [v for v in values if v is not None]
    return max(found) if found else None


class OrganisationRef(Schema):
    id: int
    nom: str = Field(alias="name")
    sigle: str = Field(alias="short_name")
    siret: str
    type: str = Field(alias="kind")


class TerritoireRef(Schema):
    id: int
    nom: str = Field(alias="name")
    code: str
    niveau: str = Field(alias="kind")


class PartieOut(Schema):
    organisation: OrganisationRef
    qualite: str = Field(alias="role")
    qualite_libelle: str = Field(alias="get_role_display")
    signee_le: dt.date | None = Field(alias="signed_on")
    retiree: bool = Field(description="Retirée de la convention par un avenant.")

    @staticmethod
    def resolve_retiree(obj) -> bool:
        return obj.removed_by_id is not None


class ConventionOut(Schema):
    id: int
    reference: str
    intitule: str = Field(alias="title")
    type: str = Field(alias="kind")
    type_libelle: str = Field(alias="get_kind_display")
    statut: str = Field(alias="status")
    statut_libelle: str = Field(alias="get_status_display")
    convention_cadre_id: int | None = Field(alias="parent_id")
    date_debut: dt.date = Field(alias="start_date")
    date_fin_initiale: dt.date = Field(alias="end_date")
    fin_apres_avenants: dt.date | None = Field(alias="amended_end")
    fin_en_vigueur: dt.date | None = Field(alias="effective_end")
    denonciation_au_plus_tard: dt.date | None = Field(alias="denounce_by")
    fin_anticipee_le: dt.date | None = Field(alias="terminated_on")
    signee_le: dt.date | None = Field(alias="signed_on")
    renouvellement: str = Field(alias="renewal_policy")
    montant_initial: Decimal | None = Field(alias="amount")
    territoires: list[TerritoireRef]
    parties: list[PartieOut]
    modifie_le: dt.datetime | None = Field(
        description="Dernière modification enregistrée de la convention ou de ses parties."
    )

    @staticmethod
    def resolve_territoires(obj):
        return list(obj.territories.all())

    @staticmethod
    def resolve_parties(obj):
        return list(obj.parties.all())

    @staticmethod
    def resolve_modifie_le(obj):
        return _latest(obj.own_changed_at, obj.children_changed_at)


class MontantAnnuelOut(Schema):
    annee: int = Field(alias="year")
    montant: Decimal = Field(alias="amount")


class SubventionOut(Schema):
    id: int
    convention_id: int
    convention_reference: str = Field(alias="convention.reference")
    financeur: OrganisationRef = Field(alias="funder")
    beneficiaire: OrganisationRef = Field(alias="beneficiary")
    deliberation_id: int | None = Field(alias="decision_id")
    notifiee_le: dt.date | None = Field(alias="notified_on")
    rib_fourni: bool = Field(alias="has_bank_details")
    montants_annuels: list[MontantAnnuelOut]
    modifie_le: dt.datetime | None = Field(
        description="Dernière modification de la participation ou de ses montants annuels."
    )

    @staticmethod
    def resolve_montants_annuels(obj):
        return list(obj.years.all())

    @staticmethod
    def resolve_modifie_le(obj):
        return _latest(obj.own_changed_at, obj.children_changed_at)


class VersementOut(Schema):
    id: int
    subvention_id: int = Field(alias="grant_id")
    convention_id: int = Field(alias="grant.convention_id")
    annee: int = Field(alias="year")
    rang: int = Field(alias="position")
    part: Decimal = Field(alias="share")
    montant: Decimal = Field(alias="amount")
    condition: str
    condition_libelle: str = Field(alias="get_condition_display")
    statut: str = Field(alias="status")
    statut_libelle: str = Field(alias="get_status_display")
    exigible_le: dt.date | None = Field(alias="due_on")
    verse_le: dt.date | None = Field(alias="paid_on")
    reference_mandat: str = Field(alias="mandate_reference")
    modifie_le: dt.datetime | None = Field(alias="own_changed_at")


class InstanceOut(Schema):
    id: int
    nom: str = Field(alias="name")
    type: str = Field(alias="kind")
    type_libelle: str = Field(alias="get_kind_display")
    convention_id: int | None
    organisation: OrganisationRef
    frequence: str = Field(alias="frequency")
    presidence: str = Field(alias="chair")
    modifie_le: dt.datetime | None = Field(alias="own_changed_at")


class DecisionOut(Schema):
    id: int
    numero: str = Field(alias="number")
    objet: str = Field(alias="subject")
    objet_libelle: str = Field(alias="get_subject_display")
    intitule: str = Field(alias="title")
    texte: str = Field(alias="text")
    instance_id: int = Field(alias="meeting.committee_id")
    reunion_le: dt.date = Field(alias="meeting.held_on")
    convention_id: int | None
    issue: str = Field(alias="outcome")
    issue_libelle: str = Field(alias="get_outcome_display")
    voix_pour: int | None = Field(alias="votes_for")
    voix_contre: int | None = Field(alias="votes_against")
    abstentions: int | None
    envoi_controle_legalite_le: dt.date | None = Field(alias="sent_to_control_on")
    publiee_le: dt.date | None = Field(alias="published_on")
    executoire: bool = Field(alias="enforceable")
    modifie_le: dt.datetime | None = Field(alias="own_changed_at")


Compte = int | str


class ChiffresConventionOut(Schema):
    convention_id: int = Field(alias="pk")
    reference: str
    intitule: str = Field(alias="title")
    annee: int
    menages: Compte = Field(description='Ménages suivis dans l\'année ; "<5" de 1 à 4.')
    projets: Compte = Field(description='Projets d\'accompagnement en cours ; "<5" de 1 à 4.')
    projets_commences: Compte
    projets_clos: Compte

    @staticmethod
    def resolve_menages(obj):
        return shown(obj.menages)

    @staticmethod
    def resolve_projets(obj):
        return shown(obj.projets)

    @staticmethod
    def resolve_projets_commences(obj):
        return shown(obj.projets_commences)

    @staticmethod
    def resolve_projets_clos(obj):
        return shown(obj.projets_clos)


class ChiffresTerritoireOut(Schema):
    territoire_id: int | None
    territoire: str
    code: str
    niveau: str
    annee: int
    menages: Compte
    projets: Compte
    projets_commences: Compte
    projets_clos: Compte


class Erreur(Schema):
    detail: str
