"""Organisations and their representatives brought in from a spreadsheet (issue 19): created
by department staff, as in the admin (OrganisationAdmin.add_roles), found again by their
SIRET; an existing organisation is changed only within the perimeter, its kind never (fixed
once set, seed 004 §6: it makes it eligible to a call). A new one is `registered_by` the
department the staff import for: it is within that department's perimeter from then on, to be
named as a party of a convention and corrected by a later import."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.history import as_author
from partnerships.enums import Role
from partnerships.errors import ConventionError
from partnerships.models import Organisation, OrganisationContact
from partnerships.perimeter import memberships, org_ids
from partnerships.services.base import require

IMPORT = "partnerships.import_organisations"
ORGANISATION_FIELDS = ("siret", "name", "short_name", "kind", "address", "postal_code", "city")
CONTACT_FIELDS = ("full_name", "title", "email", "phone")


@dataclass
class ContactLine:
    full_name: str
    title: str = ""
    email: str = ""
    phone: str = ""
    pk: int | None = None  # an existing representative of the organisation


@dataclass
class OrganisationLine:
    siret: str
    name: str
    kind: str
    short_name: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    territory_ids: list[int] | None = None  # None: left as they are
    contacts: list[ContactLine] = field(default_factory=list)
    pk: int | None = None  # the organisation of that SIRET, already there


def _clean(obj, siret: str, exclude=()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as error:
        raise ConventionError(
            _("SIRET %(siret)s : %(errors)s") % {"siret": siret, "errors": " ".join(error.messages)}
        ) from error


def registering_organisation(by) -> Organisation | None:
    """The structure an organisation added by `by` is registered by: their first (oldest)
    structure as department staff, None for anyone else (a superuser outside any department)."""
    for membership in memberships(by):
        if membership.role == Role.DEPARTMENT_STAFF:
            return membership.organisation
    return None


def check_registered_by(by, registered_by: Organisation | None) -> None:
    """Only a department its staff act for registers an organisation (a superuser: any one,
    or none)."""
    if by.is_superuser:
        return
    if registered_by is None or registered_by.pk not in org_ids(by, [Role.DEPARTMENT_STAFF]):
        raise ConventionError(
            _("Une organisation s'enregistre pour une structure dont vous êtes agent.")
        )


@transaction.atomic
def organisations_import(
    *, by, lines: list[OrganisationLine], registered_by: Organisation | None
) -> list[Organisation]:
    """Create or update each organisation of `lines` and its representatives, in the
    caller's transaction. Department staff only; an existing organisation must be within
    their perimeter (as in the admin's list); a new one is registered by `registered_by`,
    the department the staff import for, and so within its perimeter."""
    require(by, IMPORT, None, _("Seuls les agents départementaux importent des organisations."))
    check_registered_by(by, registered_by)
    existing = [line.pk for line in lines if line.pk]
    visible = set(
        Organisation.objects.visible_to(by).filter(pk__in=existing).values_list("pk", flat=True)
    )
    # unscoped: locked to be changed; each one is checked against `visible` below
    locked = Organisation.objects.select_for_update().in_bulk(existing)
    done = []
    for line in lines:
        if line.pk:
            organisation = locked.get(line.pk)
            if organisation is None or line.pk not in visible:
                raise ConventionError(
                    _(
                        "Le SIRET %(siret)s est celui d'une organisation hors de votre périmètre : "
                        "elle ne se modifie pas par un import."
                    )
                    % {"siret": line.siret}
                )
            if organisation.kind != line.kind:
                raise ConventionError(
                    _("SIRET %(siret)s : le type de structure ne se change pas par un import.")
                    % {"siret": line.siret}
                )
        else:
            organisation = Organisation(registered_by=registered_by)
        for name in ORGANISATION_FIELDS:
            setattr(organisation, name, getattr(line, name))
        _clean(organisation, line.siret, exclude=("logo", "territories"))
        as_author(organisation, by).save()
        if line.territory_ids is not None:
            organisation.territories.set(line.territory_ids)
        # unscoped: the representatives of the organisation being written
        contacts = OrganisationContact.objects.filter(organisation=organisation).in_bulk(
            [c.pk for c in line.contacts if c.pk]
        )
        for contact_line in line.contacts:
            contact = (
                contacts.get(contact_line.pk)
                if contact_line.pk
                else OrganisationContact(organisation=organisation)
            )
            if contact is None:
                raise ConventionError(
                    _("SIRET %(siret)s : représentant introuvable.") % {"siret": line.siret}
                )
            for name in CONTACT_FIELDS:
                setattr(contact, name, getattr(contact_line, name))
            _clean(contact, line.siret)
            as_author(contact, by).save()
        done.append(organisation)
    return done
