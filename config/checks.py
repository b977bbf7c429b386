from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs, **kwargs):
    if settings.SECRET_KEY_FROM_ENV:
        return []
    return [
        Error(
            "SECRET_KEY n'est pas défini dans l'environnement.",
            hint="Définissez une clé longue et aléatoire dans la variable SECRET_KEY.",
            id="maillage.E001",
        )
    ]


def require_secret_key() -> None:
    """Called by the WSGI/ASGI entry points: never serve with a made-up key."""
    if not settings.DEBUG and not settings.SECRET_KEY_FROM_ENV:
        raise ImproperlyConfigured(
            "SECRET_KEY est obligatoire quand DEBUG est désactivé (voir README.md)."
        )


@register(Tags.security)
def audit_retention_floor(app_configs, **kwargs):
    """The database keeps access-log entries at least 180 days (households migration 0004):
    a shorter setting could never be applied."""
    if settings.AUDIT_RETENTION_DAYS >= 180:
        return []
    return [
        Error(
            "AUDIT_RETENTION_DAYS doit valoir au moins 180 jours.",
            hint="Le journal des accès est conservé de 6 mois à 1 an (recommandation CNIL).",
            id="maillage.E002",
        )
    ]
