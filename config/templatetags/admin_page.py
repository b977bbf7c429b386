"""A change list page of the administration, written in Python: the markup of Django's
admin/base.html, base_site.html (ours), change_list.html and their included templates
(search form, actions, result list, pagination, filters), for the admins of the perimeter.

Django renders that page through some 500 template nodes — blocks, `{% translate %}`,
`{% static %}`, `{% url %}`, inclusion tags that look up a template per model — which cost a
change list of 25 rows more than its SQL (issue 15: 3 ms of chrome on a 15 ms page). The
markup is the same; what depends only on the language is worked out once per language. A
list with editable columns (a formset) or a filter with a template of its own keeps Django's
templates.
"""

import datetime
import re
from functools import cache
from html import escape as html_escape

from django import template
from django.conf import settings
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.templatetags.admin_list import (
    admin_actions,
    pagination,
    paginator_number,
    search_form,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import IS_FACETS_VAR, IS_POPUP_VAR, PAGE_VAR, SEARCH_VAR
from django.template.base import render_value_in_context
from django.template.defaultfilters import capfirst
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.encoding import iri_to_uri
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi, gettext, ngettext

from config.templatetags.admin_menu import admin_side_menu
from config.templatetags.admin_rows import _result_list

register = template.Library()

FILTER_TEMPLATE = "admin/filter.html"
# What `iri_to_uri` leaves as it is: unreserved characters and those it keeps.
_URI_SAFE = re.compile(r"[A-Za-z0-9_.~/#%\[\]=:;$&()+,!?*@'-]*\Z")
ACTION_FIELDS = ["action", "select_across"]

SVGS = """<!-- SVGs -->
<svg xmlns="http://www.w3.org/2000/svg" class="base-svgs">
  <symbol viewBox="0 0 24 24" width="1.5rem" height="1.5rem" id="icon-auto"><path d="M0 0h24v24H0z" fill="currentColor"/><path d="M12 22C6.477 22 2 17.523 2 12S6.477 2 12 2s10 4.477 10 10-4.477 10-10 10zm0-2V4a8 8 0 1 0 0 16z"/></symbol>
  <symbol viewBox="0 0 24 24" width="1.5rem" height="1.5rem" id="icon-moon"><path d="M0 0h24v24H0z" fill="currentColor"/><path d="M10 7a7 7 0 0 0 12 4.9v.1c0 5.523-4.477 10-10 10S2 17.523 2 12 6.477 2 12 2h.1A6.979 6.979 0 0 0 10 7zm-6 5a8 8 0 0 0 15.062 3.762A9 9 0 0 1 8.238 4.938 7.999 7.999 0 0 0 4 12z"/></symbol>
  <symbol viewBox="0 0 24 24" width="1.5rem" height="1.5rem" id="icon-sun"><path d="M0 0h24v24H0z" fill="currentColor"/><path d="M12 18a6 6 0 1 1 0-12 6 6 0 0 1 0 12zm0-2a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM11 1h2v3h-2V1zm0 19h2v3h-2v-3zM3.515 4.929l1.414-1.414L7.05 5.636 5.636 7.05 3.515 4.93zM16.95 18.364l1.414-1.414 2.121 2.121-1.414 1.414-2.121-2.121zm2.121-14.85l1.414 1.415-2.121 2.121-1.414-1.414 2.121-2.121zM5.636 16.95l1.414 1.414-2.121 2.121-1.414-1.414 2.121-2.121zM23 11v2h-3v-2h3zM4 11v2H1v-2h3z"/></symbol>
</svg>
<!-- END SVGs -->"""  # noqa: E501 (Django's admin/base.html, as it is)


@cache
def _fixed(language: str, prefix: str) -> dict:
    """What a change list page says and links to whatever its model and user: once per
    language and URL prefix (a static URL or a translation is the same on every page)."""
    del language, prefix  # the key: gettext and reverse read them from the request's state
    css = {
        name: static(f"admin/css/{name}.css")
        for name in (
            "base",
            "dark_mode",
            "nav_sidebar",
            "rtl",
            "responsive",
            "responsive_rtl",
            "changelists",
            "forms",
        )
    }
    return {
        "css": css,
        "theme_js": static("admin/js/theme.js"),
        "nav_sidebar_js": static("admin/js/nav_sidebar.js"),
        "filters_js": static("admin/js/filters.js"),
        "favicon": static("img/favicon.svg"),
        "admin_css": static("css/admin.css"),
        "a11y_js": static("js/admin-a11y.js"),
        "search_svg": static("admin/img/search.svg"),
        "index": reverse("admin:index"),
        "home": reverse("home"),
        "jsi18n": reverse("admin:jsi18n"),
        "password_change": reverse("admin:password_change"),
        "logout": reverse("admin:logout"),
        "docsroot": _reverse_or_empty("django-admindocs-docroot"),
        "skip": gettext("Skip to main content"),
        "welcome": gettext("Welcome,"),
        "view_site": gettext("View site"),
        "documentation": gettext("Documentation"),
        "change_password": gettext("Change password"),
        "log_out": gettext("Log out"),
        "breadcrumbs": gettext("Breadcrumbs"),
        "home_label": gettext("Home"),
        "toggle_nav": gettext("Toggle navigation"),
        "sidebar": gettext("Sidebar"),
        "filter_placeholder": gettext("Start typing to filter…"),
        "filter_nav": gettext("Filter navigation items"),
        "search": gettext("Search"),
        "show_all": gettext("Show all"),
        "filter": gettext("Filter"),
        "hide_counts": gettext("Hide counts"),
        "show_counts": gettext("Show counts"),
        "clear_filters": gettext("Clear all filters"),
        "run_action": gettext("Run the selected action"),
        "go": gettext("Go"),
        "select_all_pages": gettext("Click here to select the objects across all pages"),
        "clear_selection": gettext("Clear selection"),
        "error": gettext("Error:"),
        "theme_toggle": (
            '<button class="theme-toggle">'
            '<span class="visually-hidden theme-label-when-auto">'
            f"{gettext('Toggle theme (current theme: auto)')}</span>"
            '<span class="visually-hidden theme-label-when-light">'
            f"{gettext('Toggle theme (current theme: light)')}</span>"
            '<span class="visually-hidden theme-label-when-dark">'
            f"{gettext('Toggle theme (current theme: dark)')}</span>"
            '<svg aria-hidden="true" class="theme-icon-when-auto">'
            '<use xlink:href="#icon-auto" /></svg>'
            '<svg aria-hidden="true" class="theme-icon-when-dark">'
            '<use xlink:href="#icon-moon" /></svg>'
            '<svg aria-hidden="true" class="theme-icon-when-light">'
            '<use xlink:href="#icon-sun" /></svg>'
            "</button>"
        ),
    }


def _reverse_or_empty(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _text(value, context) -> str:
    """`{{ value }}`: localised, escaped."""
    return render_value_in_context(value, context)


_MEDIA: dict = {}


def _media(media, kind: str, context) -> str:
    """`{{ media.css }}` or `{{ media.js }}`: the same few lists of files on every page of an
    admin, each rendered once per process (a path through `static` and a merge of the lists
    each time took 0.3 ms a page; issue 15). Lists holding anything but paths are rendered
    each time."""
    try:
        css = tuple(
            tuple((medium, tuple(paths)) for medium, paths in sorted(group.items()))
            for group in media._css_lists
        )
        js = tuple(tuple(paths) for paths in media._js_lists)
        key = (kind, get_script_prefix(), css, js)
        paths = [path for group in js for path in group]
        paths += [path for group in css for _medium, listed in group for path in listed]
        if not all(type(path) is str for path in paths):
            raise TypeError
        hash(key)
    except (AttributeError, TypeError):
        return _text(media[kind], context)
    if key not in _MEDIA:
        _MEDIA[key] = _text(media[kind], context)
    return _MEDIA[key]


def _csrf_input(context) -> str:
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'


@register.simple_tag(takes_context=True)
def perimeter_change_list_page(context):
    cl = context["cl"]
    fixed = _fixed(get_language(), settings.FORCE_SCRIPT_NAME or "")
    css = fixed["css"]
    bidi = get_language_bidi()
    is_popup = context.get("is_popup")
    sidebar = not is_popup and context.get("is_nav_sidebar_enabled")
    formset = cl.formset
    action_form = context.get("action_form")
    media = context.get("media")
    opts = context["opts"]
    title = context.get("title")
    subtitle = context.get("subtitle")
    site_title = context.get("site_title") or gettext("Django site admin")
    out = []
    add = out.append

    # ------------------------------------------------------------------------------ head
    language = get_language()
    add(
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language or "en-us")}" dir="{"rtl" if bidi else "ltr"}">\n'
        "<head>\n<title>"
    )
    if formset and formset.errors:
        add(f"{fixed['error']} ")
    if subtitle:
        add(f"{_text(subtitle, context)} | ")
    add(f"{_text(title, context)} | {_text(site_title, context)}</title>\n")
    add(
        f'<link rel="stylesheet" href="{css["base"]}">\n'
        f'<link rel="stylesheet" href="{css["dark_mode"]}">\n'
        f'<script src="{fixed["theme_js"]}"></script>\n'
    )
    if sidebar:
        add(
            f'<link rel="stylesheet" href="{css["nav_sidebar"]}">\n'
            f'<script src="{fixed["nav_sidebar_js"]}" defer></script>\n'
        )
    add(
        f'<link rel="icon" href="{fixed["favicon"]}" type="image/svg+xml">'
        f'<link rel="stylesheet" href="{fixed["admin_css"]}">'
        f'<script src="{fixed["a11y_js"]}" defer></script>\n'
        f'<link rel="stylesheet" href="{css["changelists"]}">\n'
    )
    if formset:
        add(f'<link rel="stylesheet" href="{css["forms"]}">\n')
    if formset or action_form:
        add(f'<script src="{fixed["jsi18n"]}"></script>\n')
    if media is not None:
        add(f"{_media(media, 'css', context)}\n")
    if not context.get("actions_on_top") and not context.get("actions_on_bottom"):
        add("<style>\n#changelist table thead th:first-child {width: inherit}\n</style>\n")
    if bidi:
        add(f'<link rel="stylesheet" href="{css["rtl"]}">\n')
    if media is not None:
        add(f"{_media(media, 'js', context)}\n")
    add(
        f'<script src="{fixed["filters_js"]}" defer></script>\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        f'<link rel="stylesheet" href="{css["responsive"]}">\n'
    )
    if bidi:
        add(f'<link rel="stylesheet" href="{css["responsive_rtl"]}">\n')
    add('<meta name="robots" content="NONE,NOARCHIVE">\n</head>\n\n')

    # ------------------------------------------------------------------------------ body
    zone = timezone.get_current_timezone() if settings.USE_TZ else None
    offset = date_format(datetime.datetime.now(tz=zone), "Z")  # as {% now "Z" %}
    body_class = f"{'popup ' if is_popup else ''} app-{opts.app_label} model-{opts.model_name}"
    add(
        f'<body class="{escape(body_class)} change-list"\n'
        f'  data-admin-utc-offset="{offset}">\n'
        f'<a href="#content-start" class="skip-to-content-link">{fixed["skip"]}</a>\n'
        '<!-- Container -->\n<div id="container">\n'
    )
    if not is_popup:
        _header(add, context, fixed, cl)
    add('<div class="main" id="main">\n')
    if sidebar:
        add(
            '<button class="sticky toggle-nav-sidebar" id="toggle-nav-sidebar" '
            f'aria-label="{fixed["toggle_nav"]}"></button>\n'
            f'<nav class="sticky" id="nav-sidebar" aria-label="{fixed["sidebar"]}">\n'
            '<input type="search" id="nav-filter" '
            f'placeholder="{fixed["filter_placeholder"]}" '
            f'aria-label="{fixed["filter_nav"]}">\n'
            f"{admin_side_menu(context.get('available_apps'), context['request'].path)}\n"
            "</nav>\n"
        )
    add('<main id="content-start" class="content" tabindex="-1">\n')
    messages = context.get("messages")
    if messages:
        add('<ul class="messagelist">')
        for message in messages:
            tags = f' class="{_text(message.tags, context)}"' if message.tags else ""
            add(f"<li{tags}>{_text(capfirst(message), context)}</li>\n")
        add("</ul>\n")
    add('<!-- Content -->\n<div id="content" class="">\n')
    if title:
        add(f"<h1>{_text(title, context)}</h1>\n")
    if subtitle:
        add(f"<h2>{_text(subtitle, context)}</h2>")
    notice = context.get("pages_notice")
    if notice:
        url = context.get("pages_url")
        link = f' <a href="{_text(url, context)}">Ouvrir la page</a>' if url else ""
        add(
            '<p class="mg-admin-notice" role="note"><strong>Consultation seulement.</strong> '
            f"{_text(notice, context)}{link}</p>"
        )
    add("\n")
    _content(add, context, fixed, cl)
    add(
        '<br class="clear">\n</div>\n<!-- END Content -->\n</main>\n</div>\n'
        '<footer id="footer"></footer>\n</div>\n<!-- END Container -->\n\n'
        f"{SVGS}\n</body>\n</html>\n"
    )
    return mark_safe("".join(out))  # noqa: S308 (every value above is escaped)


def _header(add, context, fixed, cl) -> None:
    add(
        '<!-- Header -->\n<header id="header">\n<div id="branding">\n'
        f'<div id="site-name"><a href="{fixed["index"]}">'
        f"{_text(context.get('site_header') or gettext('Django administration'), context)}"
        "</a></div>\n</div>\n"
    )
    if context.get("has_permission"):
        user = context["user"]
        name = user.get_short_name() or user.get_username()
        add(
            f'<div id="user-tools">\n{fixed["welcome"]}\n<strong>{_text(name, context)}</strong>.\n'
        )
        site_url = context.get("site_url")
        if site_url:
            add(f'<a href="{_text(site_url, context)}">{fixed["view_site"]}</a> /\n')
        if user.is_active and user.is_staff and fixed["docsroot"]:
            add(f'<a href="{escape(fixed["docsroot"])}">{fixed["documentation"]}</a> /\n')
        if user.has_usable_password():
            add(f'<a href="{fixed["password_change"]}">{fixed["change_password"]}</a> /\n')
        add(
            f'<form id="logout-form" method="post" action="{fixed["logout"]}">\n'
            f"{_csrf_input(context)}\n"
            f'<button type="submit">{fixed["log_out"]}</button>\n</form>\n'
            f"{fixed['theme_toggle']}\n</div>\n"
        )
    opts = cl.opts
    app_url = reverse("admin:app_list", kwargs={"app_label": opts.app_label})
    add(
        f'<a class="mg-admin-back" href="{fixed["home"]}">Retour à Maillage</a>\n'
        "</header>\n<!-- END Header -->\n"
        f'<nav aria-label="{fixed["breadcrumbs"]}">\n<div class="breadcrumbs">\n'
        f'<a href="{fixed["index"]}">{fixed["home_label"]}</a>\n'
        f'&rsaquo; <a href="{escape(app_url)}">'
        f"{_text(opts.app_config.verbose_name, context)}</a>\n"
        f"&rsaquo; {_text(capfirst(opts.verbose_name_plural), context)}\n</div>\n</nav>\n"
    )


def _content(add, context, fixed, cl) -> None:
    add('<div id="content-main">\n<ul class="object-tools">\n')
    if context.get("has_add_permission"):
        add_url = reverse(f"admin:{cl.opts.app_label}_{cl.opts.model_name}_add")
        url = add_preserved_filters(
            {
                "preserved_filters": context.get("preserved_filters"),
                "opts": context.get("opts"),
                "is_popup": context.get("is_popup"),
                "to_field": context.get("to_field"),
            },
            add_url,
            context.get("is_popup"),
            context.get("to_field"),
        )
        label = gettext("Add %(name)s") % {"name": _text(cl.opts.verbose_name, context)}
        add(f'<li>\n<a href="{escape(url)}" class="addlink">\n{label}\n</a>\n</li>\n')
    add("</ul>\n")
    formset = cl.formset
    if formset and formset.errors:
        count = formset.total_error_count()
        add(
            '<p class="errornote">\n'
            + ngettext("Please correct the error below.", "Please correct the errors below.", count)
            + f"\n</p>\n{_text(formset.non_form_errors(), context)}\n"
        )
    filtered = " filtered" if cl.has_filters else ""
    add(
        f'<div class="module{filtered}" id="changelist">\n<div class="changelist-form-container">\n'
    )
    _search(add, context, fixed, cl)
    if cl.date_hierarchy:
        add(_django_tag(context, "{% load admin_list %}{% date_hierarchy cl %}"))
    multipart = ' enctype="multipart/form-data"' if formset and formset.is_multipart() else ""
    add(f'<form id="changelist-form" method="post"{multipart} novalidate>{_csrf_input(context)}\n')
    if formset:
        add(f"<div>{_text(formset.management_form, context)}</div>\n")
    action_form = context.get("action_form")
    show_actions = action_form and cl.show_admin_actions
    if show_actions and context.get("actions_on_top"):
        _actions(add, context, fixed, cl)
    _results(add, context, cl)
    if show_actions and context.get("actions_on_bottom"):
        _actions(add, context, fixed, cl)
    _pagination(add, context, fixed, cl)
    add("</form>\n</div>\n")
    if cl.has_filters:
        _filters(add, context, fixed, cl)
    add("</div>\n</div>\n")


def _django_tag(context, source: str) -> str:
    """A piece the page leaves to Django (date hierarchy, a filter's own template)."""
    return template.Template(source).render(context)


def _search(add, context, fixed, cl) -> None:
    if not cl.search_fields:
        return
    shown = search_form(cl)
    helped = ' aria-describedby="searchbar_helptext"' if cl.search_help_text else ""
    add(
        '<div id="toolbar"><form id="changelist-search" method="get" role="search">\n'
        "<div><!-- DIV needed for valid HTML -->\n"
        f'<label for="searchbar"><img src="{fixed["search_svg"]}" '
        f'alt="{fixed["search"]}"></label>\n'
        f'<input type="text" size="40" name="{SEARCH_VAR}" value="{_text(cl.query, context)}" '
        f'id="searchbar"{helped}>\n'
        f'<input type="submit" value="{fixed["search"]}">\n'
    )
    if shown["show_result_count"]:
        counter = _text(cl.result_count, context)
        count = ngettext("%(counter)s result", "%(counter)s results", cl.result_count) % {
            "counter": counter
        }
        query = ""
        if cl.is_popup:
            query += f"{IS_POPUP_VAR}=1"
            if cl.add_facets:
                query += "&"
        if cl.add_facets:
            query += IS_FACETS_VAR
        if cl.show_full_result_count:
            total = gettext("%(full_result_count)s total") % {
                "full_result_count": _text(cl.full_result_count, context)
            }
        else:
            total = fixed["show_all"]
        add(f'<span class="small quiet">{count} (<a href="?{escape(query)}">{total}</a>)</span>\n')
    for name, value in cl.params.items():
        if name != SEARCH_VAR:
            add(
                f'<input type="hidden" name="{_text(name, context)}" '
                f'value="{_text(value, context)}">'
            )
    add("\n</div>\n")
    if cl.search_help_text:
        add(
            '<br class="clear">\n'
            f'<div class="help" id="searchbar_helptext">{_text(cl.search_help_text, context)}'
            "</div>\n"
        )
    add("</form></div>\n")


def _actions(add, context, fixed, cl) -> None:
    admin_actions(context)  # counts the action bars, as the tag does (action_index)
    action_form = context["action_form"]
    add('<div class="actions">\n')
    if type(action_form) is ActionForm and list(action_form.fields) == ACTION_FIELDS:
        _action_fields(add, action_form)
    else:
        for field in action_form:
            if field.label:
                add(f"<label>{_text(field.label, context)} {_text(field, context)}</label>")
            else:
                add(_text(field, context))
    add(
        f'\n<button type="submit" class="button" title="{fixed["run_action"]}" name="index" '
        f'value="{_text(context.get("action_index") or 0, context)}">{fixed["go"]}</button>\n'
    )
    if context.get("actions_selection_counter"):
        shown = len(cl.result_list)
        add(
            f'<span class="action-counter" data-actions-icnt="{_text(shown, context)}">'
            f"{_text(context.get('selection_note'), context)}</span>\n"
        )
        if cl.result_count != shown:
            select_all = gettext("Select all %(total_count)s %(module_name)s") % {
                "total_count": _text(cl.result_count, context),
                "module_name": _text(context.get("module_name"), context),
            }
            add(
                f'<span class="all hidden">{_text(context.get("selection_note_all"), context)}'
                "</span>\n"
                '<span class="question hidden">\n'
                f'<a role="button" href="#" title="{fixed["select_all_pages"]}">'
                f"{select_all}</a>\n</span>\n"
                '<span class="clear hidden"><a role="button" href="#">'
                f"{fixed['clear_selection']}</a></span>\n"
            )
    add("</div>\n")


def _action_fields(add, action_form) -> None:
    """Django's ActionForm as its widgets' templates write it (a drop-down of the actions and
    the hidden « select across »), unbound as the change list always shows it."""
    action = action_form["action"]
    selected = {str(v) if v is not None else "" for v in _as_list(action.value())}
    options = []
    for value, label in action.field.choices:
        value = "" if value is None else str(value)
        chosen = " selected" if value in selected else ""
        options.append(
            f'<option value="{escape(value)}"{chosen}>{conditional_escape(label)}</option>\n'
        )
    required = " required" if action.field.required else ""
    across = action_form["select_across"].value()
    add(
        f"<label>{conditional_escape(action.label)} "
        f'<select name="action"{required}>\n{"".join(options)}</select>\n</label>'
        f'<input type="hidden" name="select_across" value="{escape(across)}" '
        'class="select-across">\n'
    )


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _results(add, context, cl) -> None:
    shown = _result_list(cl)
    hidden = shown["result_hidden_fields"]
    if hidden:
        add(
            '<div class="hiddenfields">'
            + "".join(_text(item, context) for item in hidden)
            + "</div>\n"
        )
    results = shown["results"]
    if not results:
        return
    sort_remove = gettext("Remove from sorting")
    sort_toggle = gettext("Toggle sorting")
    several = shown["num_sorted_fields"] > 1
    add('<div class="results">\n<table id="result_list">\n<thead>\n<tr>\n')
    for header in shown["result_headers"]:
        add(f'<th scope="col"{header["class_attrib"]}>\n')
        sortable = header["sortable"]
        if sortable and header["sort_priority"] > 0:
            add(
                '<div class="sortoptions">\n'
                f'<a class="sortremove" href="{_text(header["url_remove"], context)}" '
                f'title="{sort_remove}"></a>\n'
            )
            if several:
                priority = _text(header["sort_priority"], context)
                label = gettext("Sorting priority: %(priority_number)s") % {
                    "priority_number": priority
                }
                add(f'<span class="sortpriority" title="{label}">{priority}</span>')
            direction = "ascending" if header["ascending"] else "descending"
            add(
                f'\n<a href="{_text(header["url_toggle"], context)}" class="toggle {direction}" '
                f'title="{sort_toggle}"></a>\n</div>\n'
            )
        text = _text(capfirst(header["text"]), context)
        if sortable:
            text = f'<a href="{_text(header["url_primary"], context)}">{text}</a>'
        else:
            text = f"<span>{text}</span>"
        add(f'<div class="text">{text}</div>\n<div class="clear"></div>\n</th>')
    add("\n</tr>\n</thead>\n<tbody>\n")
    for result in results:
        form = getattr(result, "form", None)
        if form and form.non_field_errors():
            add(
                f'<tr><td colspan="{len(result)}">'
                f"{_text(form.non_field_errors(), context)}</td></tr>\n"
            )
        add(f"<tr>{''.join(result)}</tr>\n")
    add("</tbody>\n</table>\n</div>\n")


def _pagination(add, context, fixed, cl) -> None:
    shown = pagination(cl)
    add('<p class="paginator">\n')
    if shown["pagination_required"]:
        with_page = getattr(cl, "query_string_with", None)
        if with_page is None:
            for number in shown["page_range"]:
                add(paginator_number(cl, number))
        else:
            _page_links(add, cl, shown["page_range"], with_page(PAGE_VAR, None))
    name = cl.opts.verbose_name if cl.result_count == 1 else cl.opts.verbose_name_plural
    add(f"\n{_text(cl.result_count, context)} {_text(name, context)}\n")
    if shown["show_all_url"]:
        add(f'<a href="{_text(shown["show_all_url"], context)}" class="showall">')
        add(f"{fixed['show_all']}</a>")
    if cl.formset and cl.result_count:
        add(f'<input type="submit" name="_save" class="default" value="{gettext("Save")}">')
    add("\n</p>\n")


def _page_links(add, cl, page_range, link) -> None:
    """Django's `paginator_number` for each page, the query string worked out once and the
    ellipsis (a lazy translation, translated at each comparison) compared only with what is
    not a page number."""
    ellipsis = cl.paginator.ELLIPSIS
    last = cl.paginator.num_pages
    for number in page_range:
        if type(number) is not int and number == ellipsis:
            add(f"{conditional_escape(ellipsis)} ")
        elif number == cl.page_num:
            add(f'<span class="this-page">{conditional_escape(number)}</span> ')
        else:
            end = ' class="end"' if number == last else ""
            add(f'<a href="{escape(link(number))}"{end}>{conditional_escape(number)}</a> ')


def _filters(add, context, fixed, cl) -> None:
    add(
        '<nav id="changelist-filter" aria-labelledby="changelist-filter-header">\n'
        f'<h2 id="changelist-filter-header">{fixed["filter"]}</h2>\n'
    )
    if cl.is_facets_optional or cl.has_active_filters:
        add('<div id="changelist-filter-extra-actions">\n')
        if cl.is_facets_optional:
            if cl.add_facets:
                link = (
                    f'<a href="{_text(cl.remove_facet_link, context)}" class="hidelink">'
                    f"{fixed['hide_counts']}</a>"
                )
            else:
                link = (
                    f'<a href="{_text(cl.add_facet_link, context)}" class="viewlink">'
                    f"{fixed['show_counts']}</a>"
                )
            add(f"<h3>\n{link}\n</h3>")
        if cl.has_active_filters:
            add(
                f'<h3>\n<a href="{_text(cl.clear_all_filters_qs, context)}">&#10006; '
                f"{fixed['clear_filters']}</a>\n</h3>"
            )
        add("\n</div>")
    for spec in cl.filter_specs:
        add(_filter(context, cl, spec))
    add("\n</nav>\n")


def _filter(context, cl, spec) -> str:
    if spec.template != FILTER_TEMPLATE:
        return get_template(spec.template).render(
            {"title": spec.title, "choices": list(spec.choices(cl)), "spec": spec}
        )
    title = _text(spec.title, context)
    by = gettext(" By %(filter_title)s ") % {"filter_title": title}
    parts = [f'<details data-filter-title="{title}" open>\n<summary>\n{by}\n</summary>\n<ul>\n']
    for choice in spec.choices(cl):
        selected = ' class="selected"' if choice["selected"] else ""
        query = choice["query_string"]
        # As `escape(iri_to_uri(query))` and `conditional_escape(display)`, without their
        # lazy-string checks for the hundred choices of a filter (issue 15).
        if type(query) is not str or not _URI_SAFE.match(query):
            query = iri_to_uri(query)
        display = choice["display"]
        display = html_escape(display) if type(display) is str else conditional_escape(display)
        parts.append(f'<li{selected}>\n<a href="{html_escape(query)}">{display}</a></li>\n')
    parts.append("</ul>\n</details>\n")
    return "".join(parts)
