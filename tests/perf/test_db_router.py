"""The optional read replica (issue 7): only reads of safe requests, never after a write."""

from django.http import HttpResponse
from django.test import RequestFactory

from config.db_router import PIN_COOKIE, ReplicaMiddleware, ReplicaRouter
from partnerships.models import Organisation


def _alias_seen_by(method: str, cookies: dict | None = None) -> tuple[str, HttpResponse]:
    seen = {}

    def view(request):
        seen["alias"] = ReplicaRouter().db_for_read(Organisation)
        return HttpResponse()

    request = getattr(RequestFactory(), method.lower())("/")
    request.COOKIES.update(cookies or {})
    response = ReplicaMiddleware(view)(request)
    return seen["alias"], response


def test_reads_of_a_get_request_go_to_the_replica(settings):
    settings.REPLICA_PIN_SECONDS = 5
    alias, response = _alias_seen_by("GET")

    assert alias == "replica"
    assert PIN_COOKIE not in response.cookies


def test_a_post_reads_the_primary_and_pins_the_browser_to_it(settings):
    settings.REPLICA_PIN_SECONDS = 5
    alias, response = _alias_seen_by("POST")

    assert alias == "default"
    assert response.cookies[PIN_COOKIE]["max-age"] == 5


def test_a_get_just_after_a_write_still_reads_the_primary():
    alias, _response = _alias_seen_by("GET", {PIN_COOKIE: "1"})

    assert alias == "default"


def test_outside_a_request_and_for_writes_the_primary_is_used():
    router = ReplicaRouter()

    assert router.db_for_read(Organisation) == "default"
    assert router.db_for_write(Organisation) == "default"
    assert router.allow_migrate("replica", "partnerships") is False
