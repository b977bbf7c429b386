"""« Notifications »: the person's own notifications (the bell in the header counts the unread
ones), marked read one by one or all at once, and their choices per kind (issue 16)."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.pages import form_page, list_page
from partnerships.filters import NotificationFilter
from partnerships.forms import NotificationPreferencesForm
from partnerships.models import Notification
from partnerships.perimeter import get_visible_or_404
from partnerships.services import notification_preferences_set, preferences_of


def notification_list(request: HttpRequest) -> HttpResponse:
    queryset = Notification.objects.visible_to(request.user)
    context = list_page(request, queryset, NotificationFilter)
    context["unread_total"] = queryset.unread().count()
    return render(request, "partnerships/notification_list.html", context)


def _mark_read(notification: Notification) -> None:
    # The person's own row, no domain change: a plain conditional UPDATE, no history.
    Notification.objects.visible_to(notification.recipient).filter(
        pk=notification.pk, read_at__isnull=True
    ).update(read_at=timezone.now())


@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark it read and go to what it is about."""
    notification = get_visible_or_404(Notification.objects, request.user, pk=pk)
    _mark_read(notification)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = reverse("notifications:list")
    return redirect(target)


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_visible_or_404(Notification.objects, request.user, pk=pk)
    _mark_read(notification)
    messages.success(request, _("Notification marquée comme lue."))
    return redirect("notifications:list")


@require_POST
@transaction.atomic
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = Notification.objects.visible_to(request.user).unread().update(read_at=timezone.now())
    messages.success(
        request,
        _("Aucune notification non lue.")
        if not count
        else _("%(count)s notification(s) marquée(s) comme lue(s).") % {"count": count},
    )
    return redirect("notifications:list")


def notification_preferences(request: HttpRequest) -> HttpResponse:
    form = NotificationPreferencesForm(
        request.POST or None, initial_choices=preferences_of(request.user)
    )
    return form_page(
        request,
        form,
        lambda f: notification_preferences_set(
            user=request.user, choices=f.cleaned_data, by=request.user
        ),
        done=_("Vos choix de notification sont enregistrés."),
        success_url=reverse("notifications:list"),
        title=_("Comment être prévenu"),
        submit_label=_("Enregistrer mes choix"),
        back_url=reverse("notifications:list"),
        crumbs=[(_("Notifications"), reverse("notifications:list"))],
        intro=_(
            "Pour chaque nature de notification, choisissez : un e-mail immédiat, un "
            "récapitulatif quotidien, ou rien par e-mail. Toutes restent visibles sur la page "
            "« Notifications ». Les e-mails ne contiennent qu'une référence et un lien, jamais "
            "le nom d'une personne accompagnée ni une note."
        ),
    )
