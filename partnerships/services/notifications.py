"""Notifications (issue 16): `notify()` writes them, the task worker e-mails them.

Every app that emits calls `notify()` from the service that owns the event, inside its
transaction; it lives here, in the lowest layer, so that governance, funding and households
may all reach it (tests/test_layers.py). It keeps the rules of every notification:

- nobody outside the object's perimeter is told: each recipient must see the object through
  its model's `visible_to` (the person acting is never told of their own act);
- the person's choice for the kind (NotificationPreference, DEFAULT_DELIVERY otherwise) is
  written on the notification: immediately by e-mail, in the daily digest, or not at all;
- e-mails are sent by the task worker (django-tasks, as « export prêt »), after the commit,
  in French with a plain-text part; they carry the title (written from references only), the
  reference and a link, never a household member's name nor a social note (CNIL);
- the daily digest (`send_digests`, run by `manage.py send_notifications`) sends one e-mail
  per person and day and marks what it carried: a second run the same day sends nothing.
"""

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager, suppress

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from partnerships.enums import DEFAULT_DELIVERY, NotificationDelivery, NotificationKind
from partnerships.models import Notification, NotificationPreference

logger = logging.getLogger(__name__)


def deliveries(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """How each person hears of `kind`: their choice, or the default."""
    user_ids = list(user_ids)
    default = DEFAULT_DELIVERY[NotificationKind(kind)]
    chosen = dict(
        NotificationPreference.objects.filter(user__in=user_ids, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {pk: chosen.get(pk, default) for pk in user_ids}


def preferences_of(user) -> dict[str, str]:
    """Every kind with the person's delivery for it (the preferences page)."""
    chosen = dict(NotificationPreference.objects.visible_to(user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, DEFAULT_DELIVERY[kind]) for kind in NotificationKind.values}


@transaction.atomic
def notification_preferences_set(*, user, choices: dict[str, str], by) -> None:
    """A person chooses how they hear of each kind; nobody chooses for somebody else."""
    if by.pk != user.pk:
        raise PermissionError(_("Chacun choisit ses propres notifications."))
    for kind, delivery in choices.items():
        NotificationKind(kind)
        NotificationDelivery(delivery)
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )


def sees(user, obj) -> bool:
    """Whether `user` reads `obj` through its model's perimeter (`visible_to`)."""
    if obj is None:
        return True
    manager = type(obj)._default_manager
    if not hasattr(manager, "visible_to"):
        return False
    return manager.visible_to(user).filter(pk=obj.pk).exists()


def notify(
    *,
    recipients: Iterable,
    kind: str,
    title: str,
    obj=None,
    url: str = "",
    reference: str = "",
    key: str = "",
    by=None,
) -> list[Notification]:
    """Tell `recipients` (users) of an event about `obj`, within the perimeter of `obj`.

    `title` and `reference` are shown in the application and in the e-mail: write them from
    references (household, convention, call), never from a person's name or a note. `key`
    makes the notification unique per recipient (a reminder the daily command writes)."""
    NotificationKind(kind)
    people = {u.pk: u for u in recipients if u is not None and u.is_active}
    if by is not None:
        people.pop(by.pk, None)
    if key:
        already = Notification.objects.filter(recipient__in=list(people), key=key)
        for pk in already.values_list("recipient_id", flat=True):
            people.pop(pk, None)
    people = {pk: u for pk, u in people.items() if sees(u, obj)}
    if not people:
        return []
    chosen = deliveries(people, kind)
    object_type = obj._meta.label_lower if obj is not None else ""
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient_id=pk,
            kind=kind,
            title=title[:200],
            url=url,
            object_type=object_type,
            object_id=obj.pk if obj is not None else None,
            reference=reference[:80],
            key=key,
            delivery=chosen[pk],
        )
        for pk in sorted(people)
    )
    immediate = [n.pk for n in notifications if n.delivery == NotificationDelivery.IMMEDIATE]
    if immediate:
        transaction.on_commit(lambda: send_notification_emails.enqueue(immediate))
    return notifications


# ------------------------------------------------------------------------------ e-mails
def absolute(url: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{url}" if url.startswith("/") else url


def _send(user, subject: str, template: str, context: dict) -> None:
    preferences = absolute(reverse("notifications:preferences"))
    context = {**context, "user": user, "preferences_url": preferences}
    text = render_to_string(f"partnerships/email/{template}.txt", context)
    html = render_to_string(f"partnerships/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _claim(notifications, **changes) -> bool:
    """Mark them sent before sending (a conditional UPDATE): of two workers, one sends."""
    pks = [n.pk for n in notifications]
    claimed = Notification.objects.filter(pk__in=pks, emailed_at__isnull=True).update(
        emailed_at=timezone.now(), **changes
    )
    return claimed == len(pks)


@contextmanager
def _released_on_failure(notifications):
    """An e-mail that could not leave is not marked sent: the next run tries it again."""
    try:
        yield
    except Exception:
        logger.exception("Échec de l'envoi d'un e-mail de notification")
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            emailed_at=None, digest_on=None
        )
        raise


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail each notification whose recipient chose « immediately » (one e-mail each)."""
    sent = 0
    pending = (
        Notification.objects.filter(
            pk__in=notification_ids,
            delivery=NotificationDelivery.IMMEDIATE,
            emailed_at__isnull=True,
            recipient__is_active=True,
        )
        .select_related("recipient")
        .order_by("pk")
    )
    for notification in pending:
        if not _claim([notification]):
            continue
        notification.link = absolute(notification.url)
        with _released_on_failure([notification]):
            _send(
                notification.recipient,
                _("Maillage : %(title)s") % {"title": notification.title},
                "notification",
                {"notification": notification},
            )
        sent += 1
    return sent


def send_digests(*, today: dt.date | None = None) -> int:
    """The daily digest: one e-mail per person listing the notifications of the kinds they
    receive « daily » not e-mailed yet. A person who already had today's digest gets none:
    the command may run twice a day and sends nothing twice."""
    today = today or timezone.localdate()
    waiting = (
        Notification.objects.filter(
            delivery=NotificationDelivery.DIGEST,
            emailed_at__isnull=True,
            recipient__is_active=True,
        )
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "pk")
    )
    done_today = set(
        Notification.objects.filter(digest_on=today).values_list("recipient_id", flat=True)
    )
    by_person: dict[int, list[Notification]] = defaultdict(list)
    for notification in waiting:
        if notification.recipient_id not in done_today:
            by_person[notification.recipient_id].append(notification)
    sent = 0
    for notifications in by_person.values():
        with transaction.atomic():
            if not _claim(notifications, digest_on=today):
                transaction.set_rollback(True)
                continue
        for notification in notifications:
            notification.link = absolute(notification.url)
        user = notifications[0].recipient
        with suppress(Exception), _released_on_failure(notifications):
            _send(
                user,
                _("Maillage : votre récapitulatif du %(day)s (%(count)s)")
                % {"day": today.strftime("%d/%m/%Y"), "count": len(notifications)},
                "digest",
                {"notifications": notifications, "day": today},
            )
            sent += 1
    return sent


# A notification is kept a year (docs/rgpd.md): it names references only, and is of no use
# once its object has been dealt with.
RETENTION = dt.timedelta(days=365)


def purge_old_notifications(*, now: dt.datetime | None = None) -> int:
    """Delete the notifications older than a year (run by the daily command)."""
    limit = (now or timezone.now()) - RETENTION
    return Notification.objects.filter(created_at__lt=limit).delete()[0]
