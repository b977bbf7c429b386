from partnerships.navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_active": None}
    items = menu_for(user)
    return {
        "nav_items": items,
        # The most specific entry: /menages/rencontres/ is "Rencontres", not "Ménages".
        "nav_active": max(
            (i.url for i in items if i.is_active(request.path)), key=len, default=None
        ),
    }
