"""python manage.py generate_dataset --households N — a whole synthetic département."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.dataset import generate
from demo.dataset.structure import DOMAIN, PASSWORD
from partnerships.models import Organisation


class Command(BaseCommand):
    help = (
        "Construit un département fictif complet (territoires, ~300 organisations, ~200 "
        "conventions, instances, financements, N ménages et leur suivi, utilisateurs de chaque "
        "rôle) pour mesurer les performances. Déterministe : même graine, mêmes données. "
        "Refuse une base qui contient déjà des organisations."
    )

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, default=2000, help="Nombre de ménages.")
        parser.add_argument("--seed", type=int, default=62, help="Graine du hasard.")
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Jour de référence (AAAA-MM-JJ) ; par défaut aujourd'hui.",
        )
        parser.add_argument("--batch", type=int, default=2000, help="Lignes par insertion.")

    def handle(self, *args, **options):
        count = options["households"]
        if count < 1:
            raise CommandError("Le nombre de ménages doit être au moins 1.")
        if Organisation.objects.exists():
            raise CommandError(
                "La base contient déjà des organisations : utilisez une base vide "
                "(par exemple createdb maillage_bench puis migrate)."
            )
        today = options["today"] or timezone.localdate()
        started = time.perf_counter()
        ctx = generate(
            households_count=count, seed=options["seed"], today=today, batch=options["batch"]
        )
        elapsed = time.perf_counter() - started
        total = sum(ctx.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Département fictif créé : {total} lignes en {elapsed:.1f} s "
                f"(graine {options['seed']}, jour de référence {today:%d/%m/%Y})."
            )
        )
        width = max(len(label) for label in ctx.counts)
        for label, number in sorted(ctx.counts.items()):
            self.stdout.write(f"  {label.ljust(width)}  {number:>8}")
        self.stdout.write(
            f"Comptes : <rôle>-0001@{DOMAIN} (par ex. social-worker-0001@{DOMAIN}), "
            f"admin@{DOMAIN} ; mot de passe commun : {PASSWORD}"
        )
