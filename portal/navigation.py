"""The menu follows the role: each entry says which roles see it."""

from dataclasses import dataclass
from functools import cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from partnerships.enums import OrganisationKind, Role
from partnerships.perimeter import memberships, roles


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]
    staff_only: bool = False
    # Used now and then: under « Plus » when the person's menu is long (issue 18).
    secondary: bool = False
    # Only for the people of these kinds of organisation (a commune's figures).
    organisation_kinds: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return _reverse(self.url_name, get_script_prefix())

    def is_active(self, path: str) -> bool:
        """The home entry matches its own page; the others their whole section."""
        url = self.url
        return path == url if url == "/" else path.startswith(url)


@cache
def _reverse(url_name: str, prefix: str) -> str:
    """The menu's addresses never change while the process runs: each is reversed once per
    script prefix, not five times on every page (about 1 ms of each request, issue 15)."""
    return reverse(url_name)


ALL_ROLES = tuple(Role.values)
MENU = [
    NavItem(_("Accueil"), "home", ALL_ROLES),
    NavItem(
        _("Ménages"),
        "households:household_list",
        (Role.SOCIAL_WORKER, Role.VOLUNTEER, Role.COORDINATOR, Role.DIRECTOR),
    ),
    NavItem(
        _("Rencontres"),
        "households:contact_list",
        (Role.SOCIAL_WORKER, Role.VOLUNTEER, Role.COORDINATOR, Role.DIRECTOR),
    ),
    # seed 004 §7: the reviews sent to the coordinators.
    NavItem(_("Bilans transmis"), "households:review_inbox", (Role.COORDINATOR,), secondary=True),
    NavItem(
        _("Conventions"),
        "partnerships:convention_list",
        (Role.DEPARTMENT_STAFF, Role.DIRECTOR, Role.SIGNATORY_PARTNER, Role.COORDINATOR),
    ),
    NavItem(_("Échéances"), "portal:due", ALL_ROLES),
    # seed 004 §4: a partner's staff with no professional role refers households themselves.
    NavItem(
        _("Mes saisines"),
        "households:referral_sent_list",
        (Role.SIGNATORY_PARTNER, Role.DEPARTMENT_STAFF),
        secondary=True,
    ),
    # seed 000 art. III: the communes read, in figures, the households housed there.
    NavItem(
        _("Ménages logés"),
        "households:commune_report",
        ALL_ROLES,
        secondary=True,
        organisation_kinds=(OrganisationKind.COMMUNE,),
    ),
    NavItem(
        _("Instances"),
        "governance:committee_list",
        (Role.DEPARTMENT_STAFF, Role.DIRECTOR, Role.SIGNATORY_PARTNER),
    ),
    NavItem(
        _("Signalements"),
        "partnerships:incident_list",
        (Role.DIRECTOR, Role.DEPARTMENT_STAFF, Role.SIGNATORY_PARTNER, Role.SOCIAL_WORKER),
    ),
    NavItem(
        _("Financements"),
        "funding:dashboard",
        (Role.DEPARTMENT_STAFF, Role.DIRECTOR, Role.SIGNATORY_PARTNER),
    ),
    NavItem(_("Membres"), "partnerships:member_list", (Role.DIRECTOR,), secondary=True),
    NavItem(_("Recherche"), "portal:search", ALL_ROLES, secondary=True),
    NavItem(_("Agenda"), "portal:calendar", ALL_ROLES, secondary=True),
    NavItem(_("Administration"), "admin:index", ALL_ROLES, staff_only=True, secondary=True),
]

# Issue 18: a director's twelve entries wrapped onto two lines at 1280 px. Beyond this many
# entries, the secondary ones go under « Plus »; shorter menus show every entry.
MAX_DIRECT_ENTRIES = 8


def menu_for(user) -> list[NavItem]:
    mine = roles(user)
    kinds = {m.organisation.kind for m in memberships(user)}
    return [
        item
        for item in MENU
        if (user.is_superuser or mine & set(item.roles))
        and (not item.staff_only or user.is_staff)
        and (not item.organisation_kinds or kinds & set(item.organisation_kinds))
    ]


def split_menu(items: list[NavItem]) -> tuple[list[NavItem], list[NavItem]]:
    """The entries shown in the bar, and those under « Plus » (none when the menu is short)."""
    if len(items) <= MAX_DIRECT_ENTRIES:
        return items, []
    bar = [i for i in items if not i.secondary]
    more = [i for i in items if i.secondary]
    # Never more than MAX_DIRECT_ENTRIES in the bar: the last ones join « Plus » first.
    return bar[:MAX_DIRECT_ENTRIES], bar[MAX_DIRECT_ENTRIES:] + more
