"""`{% url %}` with its addresses remembered per process (issue 15).

A page writes tens of links to the same few views (a convention's page: 26); Django's
`reverse()` costs 25 µs each, more than the page's SQL for some of them. The tag is Django's
own, whose `reverse()` is asked once per process for each view, arguments, script prefix and
URL configuration, when the arguments are plain numbers and texts (an address depends on
nothing else). Anything else (an object given as argument) goes to `reverse()` each time.

Loaded as a template builtin (config/settings.py, TEMPLATES): it replaces Django's `url` in
every template.
"""

from django import template
from django.conf import settings
from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

# Addresses kept, at most: a page's links are a few hundred distinct ones at most; past the
# limit the memory is emptied and filled again.
SIZE = 4096
_addresses: dict = {}


def cached_reverse(view_name: str, args: list, kwargs: dict, current_app) -> str:
    """`reverse()`, remembered for plain arguments."""
    if not all(type(value) in (int, str) for value in (*args, *kwargs.values())):
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    key = (
        view_name,
        tuple(args),
        tuple(sorted(kwargs.items())),
        current_app,
        get_script_prefix(),
        get_urlconf(),
        settings.ROOT_URLCONF,
    )
    address = _addresses.get(key)
    if address is None:
        address = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        if len(_addresses) >= SIZE:
            _addresses.clear()
        _addresses[key] = address
    return address


class CachedURLNode(defaulttags.URLNode):
    """Django's URLNode.render, its `reverse()` remembered."""

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = cached_reverse(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        if context.autoescape:
            url = conditional_escape(url)
        return url


@register.tag
def url(parser, token):
    """Django's `{% url %}` (same syntax, same output), its addresses remembered."""
    node = defaulttags.url(parser, token)
    node.__class__ = CachedURLNode
    return node
