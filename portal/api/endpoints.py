"""The read API: one NinjaAPI, GET only, every list paginated and filterable by date of change.

Each resource is read through the pages' perimeter, `Model.objects.visible_to(reader)`, where
the reader is the key's organisation (principal.py); a detail outside it answers 404, as a page
does. Errors answer in French: {"detail": "…"}.
"""

import datetime as dt
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import OuterRef, Prefetch, Q, Subquery, Value
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Router, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PaginationBase, paginate
from ninja.security import HttpBearer

from funding.models import Grant, GrantYear, Instalment
from governance.models import Committee, Decision
from partnerships.models import Convention, ConventionParty
from portal.api.figures import territory_figures, with_household_figures
from portal.api.principal import OrganisationReader
from portal.api.schemas import (
    ChiffresConventionOut,
    ChiffresTerritoireOut,
    ConventionOut,
    DecisionOut,
    Erreur,
    InstanceOut,
    SubventionOut,
    VersementOut,
)
from portal.api.tokens import token_for_key

RATE_PER_MINUTE = 60
MAX_LIMIT = 100
DEFAULT_LIMIT = 50

DESCRIPTION = """API de lecture de Maillage pour les systèmes d'information et les tableaux
de bord des partenaires. Une clé par organisation (page « Clés d'API ») ; chaque appel envoie
l'en-tête `Authorization: Bearer <clé>` et voit exactement ce que les personnes de
l'organisation voient dans les pages. Lecture seule, pages de 50 lignes (100 au plus),
filtre `modifie_depuis` pour synchroniser, 60 appels par minute et par clé. Les chiffres des
ménages sont des comptes, jamais des noms ; un compte de 1 à 4 est rendu « <5 ».
Guide : docs/api.md."""


# ------------------------------------------------------------------------ errors
class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after


def rate_per_minute() -> int:
    return getattr(settings, "MAILLAGE_API_RATE_PER_MINUTE", RATE_PER_MINUTE)


def check_rate(token) -> None:
    """A fixed window of one minute per key, counted in Django's cache (atomic `incr`)."""
    now = time.time()
    window = int(now // 60)
    key = f"maillage-api-rate:{token.pk}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    if count > rate_per_minute():
        raise RateLimited(max(1, math.ceil(60 - now % 60)))


class KeyAuth(HttpBearer):
    """`Authorization: Bearer <clé>`: the key's organisation becomes the reader."""

    openapi_description = "La clé d'API de l'organisation, créée sur la page « Clés d'API »."

    def authenticate(self, request, token):
        row = token_for_key(token)
        if row is None:
            return None
        request.api_token = row
        request.reader = OrganisationReader(row.organisation)
        check_rate(row)
        return row


api = NinjaAPI(
    title="Maillage — API de lecture",
    version="1",
    description=DESCRIPTION,
    auth=KeyAuth(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

VALIDATION_MESSAGES = {
    "less_than_equal": "doit être au plus {le}",
    "greater_than_equal": "doit être au moins {ge}",
    "int_parsing": "doit être un nombre entier",
    "int_type": "doit être un nombre entier",
    "date_from_datetime_parsing": "doit être une date AAAA-MM-JJ",
    "date_parsing": "doit être une date AAAA-MM-JJ",
    "datetime_parsing": "doit être une date et heure ISO 8601 (2026-01-31T08:00:00+01:00)",
    "datetime_from_date_parsing": (
        "doit être une date et heure ISO 8601 (2026-01-31T08:00:00+01:00)"
    ),
    "enum": "n'est pas une valeur possible",
    "literal_error": "n'est pas une valeur possible",
}


def _french(error: dict) -> str:
    field = str(error.get("loc", ["?"])[-1])
    template = VALIDATION_MESSAGES.get(error.get("type", ""), "n'est pas une valeur acceptée")
    try:
        message = template.format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        message = template
    return f"« {field} » {message}."


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    response = api.create_response(
        request,
        {
            "detail": "Clé d'API absente, inconnue ou révoquée : envoyez l'en-tête "
            "« Authorization: Bearer <clé> » avec une clé active de votre organisation."
        },
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="maillage"'
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(
        request, {"detail": "Introuvable dans le périmètre de votre organisation."}, status=404
    )


@api.exception_handler(RateLimited)
def rate_limited(request, exc):
    response = api.create_response(
        request,
        {
            "detail": f"Trop d'appels : {rate_per_minute()} par minute au plus pour une clé. "
            f"Réessayez dans {exc.retry_after} secondes."
        },
        status=429,
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(NinjaValidationError)
def invalid(request, exc):
    return api.create_response(
        request,
        {
            "detail": "Paramètres invalides : " + " ".join(_french(e) for e in exc.errors),
        },
        status=400,
    )


# ------------------------------------------------------------------------ pagination
class Page(PaginationBase):
    """`limite` (50 par défaut, 100 au plus) and `decalage` (0 par défaut)."""

    class Input(Schema):
        limite: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Lignes par page.")
        decalage: int = Field(0, ge=0, description="Lignes sautées depuis le début.")

    class Output(Schema):
        total: int
        resultats: list

    items_attribute = "resultats"

    def paginate_queryset(self, queryset, pagination, request, **params):
        start = pagination.decalage
        return {
            "total": self._items_count(queryset),
            "resultats": list(queryset[start : start + pagination.limite]),
        }


ERRORS = {401: Erreur, 404: Erreur, 429: Erreur, 400: Erreur}
LIST_ERRORS = {401: Erreur, 429: Erreur, 400: Erreur}


def reader(request):
    return request.reader


# ------------------------------------------------------------------------ date of change
def _history(model):
    return model.history.model


def last_change(model, key: str = "id"):
    """The date of the last history row of each object (`key`: the history's column that
    points at it). Every save, from the pages, the services or the admin, writes one."""
    rows = (
        _history(model)
        .objects.filter(**{key: OuterRef("pk")})
        .order_by("-history_date")
        .values("history_date")[:1]
    )
    return Subquery(rows)


def changed_since(queryset, since: dt.datetime | None, *sources):
    """Objects with a history row (their own, or a child's: `sources` = (model, column))
    written at `since` or after."""
    if since is None:
        return queryset
    if timezone.is_naive(since):
        since = timezone.make_aware(since)
    condition = Q()
    for model, key in sources:
        condition |= Q(pk__in=_history(model).objects.filter(history_date__gte=since).values(key))
    return queryset.filter(condition)


class Changes(Schema):
    modifie_depuis: dt.datetime | None = Field(
        None,
        description="Seulement ce qui a été modifié à cette date et heure ou après "
        "(ISO 8601, par exemple 2026-01-31T08:00:00+01:00).",
    )


# ------------------------------------------------------------------------ resources
v1 = Router(tags=["v1"])


def conventions_of(request):
    # unscoped: the parties of conventions read through visible_to just below
    parties = ConventionParty.objects.select_related("organisation").order_by("pk")
    return (
        Convention.objects.visible_to(reader(request))
        .prefetch_related(Prefetch("parties", queryset=parties), "territories")
        .annotate(
            own_changed_at=last_change(Convention),
            children_changed_at=last_change(ConventionParty, "convention_id"),
        )
        .order_by("pk")
    )


class ConventionFilters(Changes):
    statut: str | None = Field(None, description="Statut (draft, active, expired…).")


@v1.get(
    "/conventions",
    response={200: list[ConventionOut], **LIST_ERRORS},
    url_name="conventions",
    summary="Conventions et leurs parties",
)
@paginate(Page)
def convention_list(request, filters: Query[ConventionFilters]):
    rows = conventions_of(request)
    if filters.statut:
        rows = rows.filter(status=filters.statut)
    return changed_since(
        rows, filters.modifie_depuis, (Convention, "id"), (ConventionParty, "convention_id")
    )


@v1.get(
    "/conventions/{pk}",
    response={200: ConventionOut, **ERRORS},
    url_name="convention",
    summary="Une convention",
)
def convention_detail(request, pk: int):
    return get_object_or_404(conventions_of(request), pk=pk)


def grants_of(request):
    # unscoped: the yearly amounts of grants read through visible_to just below
    years = GrantYear.objects.order_by("year")
    return (
        Grant.objects.visible_to(reader(request))
        .select_related("convention", "funder", "beneficiary")
        .prefetch_related(Prefetch("years", queryset=years))
        .annotate(
            own_changed_at=last_change(Grant),
            children_changed_at=last_change(GrantYear, "grant_id"),
        )
        .order_by("pk")
    )


class GrantFilters(Changes):
    convention: int | None = Field(None, description="Identifiant de la convention.")


@v1.get(
    "/subventions",
    response={200: list[SubventionOut], **LIST_ERRORS},
    url_name="grants",
    summary="Participations financières et leurs montants annuels",
)
@paginate(Page)
def grant_list(request, filters: Query[GrantFilters]):
    rows = grants_of(request)
    if filters.convention:
        rows = rows.filter(convention=filters.convention)
    return changed_since(rows, filters.modifie_depuis, (Grant, "id"), (GrantYear, "grant_id"))


@v1.get(
    "/subventions/{pk}",
    response={200: SubventionOut, **ERRORS},
    url_name="grant",
    summary="Une participation financière",
)
def grant_detail(request, pk: int):
    return get_object_or_404(grants_of(request), pk=pk)


def instalments_of(request):
    return (
        Instalment.objects.visible_to(reader(request))
        .select_related("grant")
        .annotate(own_changed_at=last_change(Instalment))
        .order_by("pk")
    )


class InstalmentFilters(Changes):
    convention: int | None = Field(None, description="Identifiant de la convention.")
    subvention: int | None = Field(None, description="Identifiant de la participation.")
    annee: int | None = Field(None, description="Exercice.")
    statut: str | None = Field(None, description="Statut (planned, due, paid, cancelled).")


@v1.get(
    "/versements",
    response={200: list[VersementOut], **LIST_ERRORS},
    url_name="instalments",
    summary="Versements",
)
@paginate(Page)
def instalment_list(request, filters: Query[InstalmentFilters]):
    rows = instalments_of(request)
    if filters.convention:
        rows = rows.filter(grant__convention=filters.convention)
    if filters.subvention:
        rows = rows.filter(grant=filters.subvention)
    if filters.annee:
        rows = rows.filter(year=filters.annee)
    if filters.statut:
        rows = rows.filter(status=filters.statut)
    return changed_since(rows, filters.modifie_depuis, (Instalment, "id"))


@v1.get(
    "/versements/{pk}",
    response={200: VersementOut, **ERRORS},
    url_name="instalment",
    summary="Un versement",
)
def instalment_detail(request, pk: int):
    return get_object_or_404(instalments_of(request), pk=pk)


def committees_of(request):
    return (
        Committee.objects.visible_to(reader(request))
        .select_related("organisation")
        .annotate(own_changed_at=last_change(Committee))
        .order_by("pk")
    )


class CommitteeFilters(Changes):
    convention: int | None = Field(None, description="Identifiant de la convention.")


@v1.get(
    "/instances",
    response={200: list[InstanceOut], **LIST_ERRORS},
    url_name="committees",
    summary="Instances (comités de pilotage, commissions…)",
)
@paginate(Page)
def committee_list(request, filters: Query[CommitteeFilters]):
    rows = committees_of(request)
    if filters.convention:
        rows = rows.filter(convention=filters.convention)
    return changed_since(rows, filters.modifie_depuis, (Committee, "id"))


@v1.get(
    "/instances/{pk}",
    response={200: InstanceOut, **ERRORS},
    url_name="committee",
    summary="Une instance",
)
def committee_detail(request, pk: int):
    return get_object_or_404(committees_of(request), pk=pk)


def decisions_of(request):
    return (
        Decision.objects.visible_to(reader(request))
        .select_related("meeting")
        .annotate(own_changed_at=last_change(Decision))
        .order_by("pk")
    )


class DecisionFilters(Changes):
    convention: int | None = Field(None, description="Identifiant de la convention.")
    instance: int | None = Field(None, description="Identifiant de l'instance.")


@v1.get(
    "/decisions",
    response={200: list[DecisionOut], **LIST_ERRORS},
    url_name="decisions",
    summary="Décisions et délibérations des instances",
)
@paginate(Page)
def decision_list(request, filters: Query[DecisionFilters]):
    rows = decisions_of(request)
    if filters.convention:
        rows = rows.filter(convention=filters.convention)
    if filters.instance:
        rows = rows.filter(meeting__committee=filters.instance)
    return changed_since(rows, filters.modifie_depuis, (Decision, "id"))


@v1.get(
    "/decisions/{pk}",
    response={200: DecisionOut, **ERRORS},
    url_name="decision",
    summary="Une décision",
)
def decision_detail(request, pk: int):
    return get_object_or_404(decisions_of(request), pk=pk)


# ------------------------------------------------------------------------ household figures
class Year(Schema):
    annee: int = Field(
        default_factory=lambda: timezone.localdate().year,
        ge=2000,
        le=2100,
        description="Année comptée (par défaut l'année en cours).",
    )


def convention_figures_of(request, year: int):
    rows = (
        Convention.objects.visible_to(reader(request))
        .only("pk", "reference", "title")
        .annotate(annee=Value(year))
        .order_by("pk")
    )
    return with_household_figures(rows, year)


@v1.get(
    "/chiffres/menages/conventions",
    response={200: list[ChiffresConventionOut], **LIST_ERRORS},
    url_name="household_figures_by_convention",
    summary="Ménages suivis, comptés par convention (jamais nominatif)",
)
@paginate(Page)
def convention_figures(request, year: Query[Year]):
    return convention_figures_of(request, year.annee)


@v1.get(
    "/chiffres/menages/conventions/{pk}",
    response={200: ChiffresConventionOut, **ERRORS},
    url_name="household_figures_of_convention",
    summary="Ménages suivis sous une convention (jamais nominatif)",
)
def convention_figures_detail(request, pk: int, year: Query[Year]):
    return get_object_or_404(convention_figures_of(request, year.annee), pk=pk)


@v1.get(
    "/chiffres/menages/territoires",
    response={200: list[ChiffresTerritoireOut], **LIST_ERRORS},
    url_name="household_figures_by_territory",
    summary="Ménages suivis, comptés par territoire du ménage (jamais nominatif)",
)
@paginate(Page)
def territory_figures_list(request, year: Query[Year]):
    return territory_figures(Convention.objects.visible_to(reader(request)), year.annee)


api.add_router("/v1", v1)
