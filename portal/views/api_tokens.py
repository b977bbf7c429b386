"""The keys of the read API (issue 19): the people who run an organisation list, create and
revoke them here. A new key is shown once: its creation answers a redirect (Post/Redirect/Get,
so reloading the page does not create a second key) and the key waits in the session until the
page that follows displays it and forgets it."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from common.pages import post_action
from partnerships.models import Organisation
from partnerships.perimeter import get_visible_or_404
from portal.api.tokens import api_token_create, api_token_revoke, organisations_managed
from portal.models import ApiCall, ApiToken

RECENT_CALLS = 20
# The session key holding a new API key between its creation and the page that shows it.
NEW_KEY_SESSION = "portal_api_new_key"


class ApiTokenForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation", queryset=Organisation.objects.none(), empty_label=None
    )
    label = forms.CharField(
        label="Libellé",
        max_length=100,
        help_text="Le système qui utilisera la clé, par exemple « Entrepôt de données DSI ».",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


def _organisations(user):
    return organisations_managed(user, Organisation.objects.visible_to(user)).order_by("name")


@never_cache
def api_token_list(request: HttpRequest) -> HttpResponse:
    """The organisation's keys, the last calls made with them, and the form for a new one."""
    organisations = _organisations(request.user)
    if not organisations.exists():
        raise Http404
    form = ApiTokenForm(request.POST or None, organisations=organisations)
    # Shown once: read and forgotten in the same request.
    new_key = request.session.pop(NEW_KEY_SESSION, "") if request.method == "GET" else ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _row, new_key = api_token_create(
                    organisation=form.cleaned_data["organisation"],
                    label=form.cleaned_data["label"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                request.session[NEW_KEY_SESSION] = new_key
                return redirect("portal:api_tokens")
        else:
            status = 400
    tokens = (
        ApiToken.objects.visible_to(request.user)
        .select_related("organisation", "created_by", "revoked_by")
        .order_by("revoked_at", "-created_at", "-pk")
    )
    calls = (
        ApiCall.objects.visible_to(request.user)
        .select_related("token")
        .order_by("-at", "-pk")[:RECENT_CALLS]
    )
    return render(
        request,
        "portal/api_tokens.html",
        {
            "form": form,
            "tokens": tokens,
            "calls": calls,
            "new_key": new_key,
            "docs_url": request.build_absolute_uri(reverse("api:openapi-view")),
            "api_url": request.build_absolute_uri("/api/v1/"),
        },
        status=status,
    )


@require_POST
def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_visible_or_404(ApiToken.objects, request.user, pk=pk)
    return post_action(
        request,
        lambda: api_token_revoke(token=token, by=request.user),
        done=f"La clé « {token.label} » est révoquée : elle ne répond plus.",
        then="portal:api_tokens",
    )
