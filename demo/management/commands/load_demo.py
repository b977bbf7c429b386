"""python manage.py load_demo — loads (or refreshes) the demo data; safe to run again."""

from django.core.management.base import BaseCommand

from demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (conventions des documents sources, ménages "
        "fictifs, comptes de démonstration). Peut être relancée sans créer de doublons."
    )

    def handle(self, *args, **options):
        summary = load_demo()
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        self.stdout.write(
            f"Lignes créées : {summary.created}, mises à jour : {summary.updated}, "
            f"inchangées : {summary.unchanged}."
        )
        self.stdout.write("")
        self.stdout.write("Contenu de la base :")
        width = max(len(label) for label in summary.counts)
        for label, count in summary.counts.items():
            self.stdout.write(f"  {label.ljust(width)}  {count:>4}")
        self.stdout.write("")
        self.stdout.write("Comptes de démonstration :")
        rows = [("E-mail", "Rôle", "Organisation", "Mot de passe")]
        rows += [(x.email, x.role, x.organisation, x.password) for x in summary.logins]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for index, row in enumerate(rows):
            line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(f"  {line}".rstrip())
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
        self.stdout.write("")
        self.stdout.write(
            "Codes de secours (double authentification des comptes de démonstration ; "
            "chacun ne sert qu'une fois, les codes utilisés sont remplacés au prochain "
            "chargement) :"
        )
        for login in summary.logins:
            if login.codes:
                self.stdout.write(f"  {login.email.ljust(widths[0])}  {'  '.join(login.codes)}")
        self.stdout.write("")
        self.stdout.write(
            "Connexion : l'e-mail, le mot de passe, puis un code de secours à 8 chiffres."
        )
