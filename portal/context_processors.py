from rules.permissions import has_perm as rule_allows

from partnerships.perimeter import has_role
from partnerships.selectors import unread_notifications
from portal.exports import PENDING_SESSION_KEY
from portal.models import API_TOKEN_ROLES, ExportJob, ExportJobStatus
from portal.navigation import menu_for, split_menu


def _exports_ready(request, user) -> int:
    """How many exports asked for in this session are ready and not yet seen on « Mes
    exports »: one query, only while such an export exists (other pages read nothing)."""
    session = getattr(request, "session", None)
    pending = session.get(PENDING_SESSION_KEY) if session is not None else None
    if not pending:
        return 0
    return (
        ExportJob.objects.visible_to(user)
        .filter(pk__in=pending, status=ExportJobStatus.DONE)
        .count()
    )


NOTHING = {
    "nav_items": [],
    "nav_bar": [],
    "nav_more": [],
    "nav_active": None,
    "can_read_audit_log": False,
    "can_read_sent_reviews": False,
    "can_manage_api_tokens": False,
    "exports_ready": 0,
    "unread_notifications": 0,
}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return NOTHING
    match = getattr(request, "resolver_match", None)
    if match is not None and match.app_name == "admin":
        # The admin draws its own menu: the site's menu, bell and exports are not on its
        # pages (two queries and 2 ms of every admin page, issue 15).
        return NOTHING
    items = menu_for(user)
    bar, more = split_menu(items)
    return {
        "nav_items": items,
        "nav_bar": bar,
        "nav_more": more,
        # The most specific entry: /menages/rencontres/ is "Rencontres", not "Ménages".
        "nav_active": max(
            (i.url for i in items if i.is_active(request.path)), key=len, default=None
        ),
        # The rule alone: `perms.…` in the template would also ask Django's ModelBackend,
        # two queries on every page for a permission no group grants.
        "can_read_audit_log": rule_allows("households.read_audit_log", user),
        "can_read_sent_reviews": rule_allows("households.read_sent_reviews", user),
        # issue 19: the keys of the read API, for the people who run an organisation.
        "can_manage_api_tokens": user.is_superuser or has_role(user, *API_TOKEN_ROLES),
        "exports_ready": _exports_ready(request, user),
        # The bell: one COUNT on the index (recipient, read_at).
        "unread_notifications": unread_notifications.count(user.pk),
    }
