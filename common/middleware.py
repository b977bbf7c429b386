"""The refusal policy, for every page of the site, the admin's included."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.cache import patch_cache_control


class RefusalAs404Middleware:
    """A PermissionDenied raised anywhere (the admin refusing a model or an object, a
    service's own check behind a page) answers 404, as an object outside the perimeter does:
    a 403 would tell a stranger that the page or the object exists. Views refuse with
    `common.pages.require_perm`, which answers 404 directly. The CSRF check's 403 is a
    response, not this exception: a form sent without its token still gets 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            raise Http404 from exception
        return None


class NoStoreMiddleware:
    """Every page, PDF, export, document and JSON the application answers may carry personal
    data: none is kept by the browser's cache nor by a shared cache on the way
    (`Cache-Control: no-store, private`, issue 14). Static files are answered before this
    middleware (WhiteNoise) and keep their long cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response
