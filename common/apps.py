from django.apps import AppConfig


class CommonConfig(AppConfig):
    """The domain-free kit every app builds on: exports, PDF rendering, French formatting,
    optimistic locking, page helpers and the `maillage` template filters. It imports no app
    of Maillage."""

    name = "common"
    verbose_name = "Maillage — outils communs"
