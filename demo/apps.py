from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data (`load_demo`) and the synthetic data set (`generate_dataset`): they may
    import every app of Maillage, and no app imports them."""

    name = "demo"
    verbose_name = "Maillage — données de démonstration"
