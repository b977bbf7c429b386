from rules.permissions import has_perm as rule_allows

from portal.navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_active": None, "can_read_audit_log": False}
    items = menu_for(user)
    return {
        "nav_items": items,
        # The most specific entry: /menages/rencontres/ is "Rencontres", not "Ménages".
        "nav_active": max(
            (i.url for i in items if i.is_active(request.path)), key=len, default=None
        ),
        # The rule alone: `perms.…` in the template would also ask Django's ModelBackend,
        # two queries on every page for a permission no group grants.
        "can_read_audit_log": rule_allows("households.read_audit_log", user),
    }
