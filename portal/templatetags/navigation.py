"""`{% site_navigation %}`: the site's menu, bell and account menu of every page, written in
Python (issue 15: Django's template engine spent about a third of a small page on these fifty
lines). The same HTML as templates/components/navigation_reference.html, which
tests/portal/test_navigation.py renders beside it for each kind of menu."""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

_BELL_ICON = (
    '<svg class="mg-bell-icon" width="18" height="18" viewBox="0 0 16 16" fill="currentColor"'
    ' aria-hidden="true" focusable="false"><path d="M8 16a2 2 0 0 0 2-2H6a2 2 0 0 0 2 2zM8'
    " 1.5a1 1 0 0 0-1 1v.6A4.5 4.5 0 0 0 3.5 7.5V11L2 12.5V13h12v-.5L12.5 11V7.5A4.5 4.5 0 0 0"
    ' 9 3.1v-.6a1 1 0 0 0-1-1z"/></svg>'
)


def _plural(count) -> str:
    return "" if count == 1 else "s"


def _current(item, active, path: str) -> str:
    if active != item.url:
        return ""
    return f' aria-current="{"page" if path == item.url else "true"}"'


def _entries(items, active, path: str) -> str:
    return "".join(
        f' <li class="nav-item"> <a class="nav-link{" active" if active == item.url else ""}"'
        f' href="{escape(item.url)}"{_current(item, active, path)}>{escape(item.label)}</a>'
        f" </li>"
        for item in items
    )


def _more(items, active, path: str) -> str:
    if not items:
        return ""
    toggle = "".join(" active" for item in items if active == item.url)
    entries = "".join(
        f' <li><a class="dropdown-item{" active" if active == item.url else ""}"'
        f' href="{escape(item.url)}"{_current(item, active, path)}>{escape(item.label)}</a></li>'
        for item in items
    )
    return (
        f' <li class="nav-item dropdown"> <button class="nav-link dropdown-toggle{toggle}"'
        f' type="button" data-bs-toggle="dropdown" aria-expanded="false">Plus</button>'
        f' <ul class="dropdown-menu" data-bs-theme="light">{entries} </ul> </li>'
    )


@register.simple_tag(takes_context=True)
def site_navigation(context) -> str:
    """The menu of the signed-in user (base.html shows it only then)."""
    request = context["request"]
    user = context["user"]
    active = context.get("nav_active")
    path = request.path
    ready = context.get("exports_ready") or 0
    unread = context.get("unread_notifications") or 0
    name = escape(user.get_full_name() or user.email)
    ready_badge = (
        f' <span class="badge text-bg-warning">{ready}<span class="visually-hidden"> export'
        f"{_plural(ready)} prêt{_plural(ready)}</span></span>"
        if ready
        else ""
    )
    tokens = (
        f'<li><a class="dropdown-item" href="{reverse("portal:api_tokens")}">Clés d’API</a></li>'
        if context.get("can_manage_api_tokens")
        else ""
    )
    log = (
        f'<li><a class="dropdown-item" href="{reverse("rgpd:log")}">Journal des accès</a></li>'
        if context.get("can_read_audit_log")
        else ""
    )
    csrf_token = context.get("csrf_token")
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
        if csrf_token and csrf_token != "NOTPROVIDED"
        else ""
    )
    match = getattr(request, "resolver_match", None)
    on_bell = match is not None and match.view_name == "notifications:list"
    bell_current = ' aria-current="page"' if on_bell else ""
    unread_badge = (
        f' <span class="badge text-bg-warning">{unread}<span class="visually-hidden"> non lue'
        f"{_plural(unread)}</span></span>"
        if unread
        else ""
    )
    exports_badge = f' <span class="badge text-bg-warning">{ready}</span>' if ready else ""
    return mark_safe(  # noqa: S308 (every value above is escaped or a fixed address)
        ' <button class="navbar-toggler ms-auto" type="button" data-bs-toggle="collapse"'
        ' data-bs-target="#menu-principal" aria-controls="menu-principal" aria-expanded="false"'
        ' aria-label="Afficher ou masquer le menu"> <span class="navbar-toggler-icon"></span>'
        ' </button> <div class="collapse navbar-collapse" id="menu-principal">'
        ' <ul class="navbar-nav me-auto">'
        f"{_entries(context.get('nav_bar') or [], active, path)}"
        f"{_more(context.get('nav_more') or [], active, path)}"
        ' </ul> <ul class="navbar-nav"> <li class="nav-item dropdown">'
        ' <button class="nav-link dropdown-toggle mg-user-toggle" type="button"'
        f' data-bs-toggle="dropdown" aria-expanded="false"> {name}{ready_badge} </button>'
        ' <ul class="dropdown-menu dropdown-menu-end" data-bs-theme="light">'
        f' <li><a class="dropdown-item" href="{reverse("password_change")}">Changer mon mot de'
        " passe</a></li>"
        f' <li><a class="dropdown-item" href="{reverse("security:sessions")}">Mes'
        " sessions</a></li>"
        f' <li><a class="dropdown-item" href="{reverse("portal:export_list")}">Mes'
        f" exports{exports_badge}</a></li>"
        f" {tokens} {log}"
        ' <li><hr class="dropdown-divider"></li> <li>'
        f' <form method="post" action="{reverse("logout")}"> {csrf}'
        ' <button type="submit" class="dropdown-item">Se déconnecter</button> </form> </li>'
        " </ul> </li> </ul> </div>"
        f' <a class="mg-bell ms-2" href="{reverse("notifications:list")}"'
        f"{bell_current}>{_BELL_ICON}"
        f' <span class="mg-bell-label">Notifications</span>{unread_badge}</a>'
    )
