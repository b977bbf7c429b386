"""Who a key reads as: its organisation's people, through the pages' own `visible_to`.

Every perimeter of the application starts from `partnerships.perimeter.memberships(user)`.
A key is not a person: `OrganisationReader` is a reader whose memberships are those of the
people who run the organisation — a director, and for a département its department staff
too — the widest view any of its people has of conventions, money and instances. The
querysets of the API are then the pages' ones, `Model.objects.visible_to(reader)`: what a key
returns, the organisation's director sees in the pages (tests/portal/test_api_perimeter.py).

The reader is never a superuser and has no user row: it reads no household by name (the API
gives household figures only, counted over the conventions it sees).
"""

from partnerships.enums import OrganisationKind, Role
from partnerships.models import Membership
from partnerships.perimeter import _CACHE


class OrganisationReader:
    is_authenticated = True
    is_anonymous = False
    is_superuser = False
    is_staff = False
    is_active = True
    pk = None
    id = None

    def __init__(self, organisation):
        self.organisation = organisation
        roles = [Role.DIRECTOR]
        if organisation.kind == OrganisationKind.DEPARTMENT:
            roles.append(Role.DEPARTMENT_STAFF)
        # Unsaved memberships, read by perimeter.memberships() from its per-request cache.
        setattr(
            self,
            _CACHE,
            [Membership(organisation=organisation, role=role, is_active=True) for role in roles],
        )

    def __str__(self):
        return f"API — {self.organisation}"
