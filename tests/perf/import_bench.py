"""Households import (issue 19): 10 000 households with 25 000 members, through the real path
(dry run, then the confirmation's background task: the file checked again and written through
households.services.households_import, in one transaction). Not part of `make test`.

    DATABASE_URL=postgres://…/maillage_import_bench python tests/perf/import_bench.py
                 [--households 10000] [--json FILE]

On a migrated database (`make bench-imports` creates one). Writes a CSV as a structure keeps
it (`;`, UTF-8 with BOM, dd/mm/yyyy and Excel serial dates), then measures: the dry run (the
upload page's work), the confirmed import (the task), and the same file again (dry run: every
household unchanged). Peak memory is the process's ru_maxrss. Prints one line of figures and
checks the counts; the goal (under 2 minutes) is reported, never a failure.
"""

import argparse
import datetime as dt
import io
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOAL_SECONDS = 120


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    import django

    django.setup()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def people_file(households: int) -> bytes:
    """`households` households, alternately of 2 and 3 members (2.5 on average)."""
    from portal.imports.reading import EXCEL_EPOCH

    out = io.StringIO()
    out.write(
        "Référence;Commune;Situation de logement;Critères de priorité;Informé le;Nom;Prénom;"
        "Date de naissance;Lien\r\n"
    )
    for n in range(households):
        ref = f"BENCH-{n:06d}"
        informed = (dt.date(2024, 1, 1) + dt.timedelta(days=n % 300) - EXCEL_EPOCH).days
        name = f"Élève{n}"
        out.write(
            f"{ref};Arras;Hébergé;Famille monoparentale;{informed};{name};Amélie;"
            f"{(n % 28) + 1:02d}/0{(n % 9) + 1}/1980;Référent du ménage\r\n"
        )
        out.write(f"{ref};;;;;{name};Noé;{(n % 28) + 1:02d}/05/2012;Enfant\r\n")
        if n % 2:
            out.write(f"{ref};;;;;{name};Inès;{(n % 28) + 1:02d}/06/2015;Enfant\r\n")
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    _setup_django()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from households.models import Household, Member
    from partnerships.enums import OrganisationKind, Role, TerritoryKind
    from partnerships.models import Membership, Organisation, Territory, User
    from portal.imports import runs
    from portal.models import ImportKind, ImportRun, ImportStatus

    territory, _created = Territory.objects.get_or_create(
        name="Arras", parent=None, defaults={"kind": TerritoryKind.COMMUNE, "code": "62041"}
    )
    organisation = Organisation.objects.create(
        name=f"CHRS du banc d'essai {time.time_ns()}", kind=OrganisationKind.CHRS_MANAGER
    )
    user = User.objects.create_user(email=f"import-{time.time_ns()}@bench.maillage.test")
    Membership.objects.create(user=user, organisation=organisation, role=Role.SOCIAL_WORKER)

    def finish_check(run):
        """A large file is checked by a background task: run it here if it is queued."""
        run.refresh_from_db()
        if run.status == ImportStatus.CHECKING:
            runs.check_run.func(run.pk)
            run.refresh_from_db()
        return run

    content = people_file(args.households)
    rows = content.count(b"\n") - 1
    start_mb = peak_mb()

    def upload():
        return SimpleUploadedFile("menages.csv", content, content_type="text/csv")

    started = time.perf_counter()
    run = runs.import_check(
        by=user, organisation=organisation, kind=ImportKind.HOUSEHOLDS, upload=upload()
    )
    run = finish_check(run)
    dry_run = time.perf_counter() - started
    assert run.status == ImportStatus.CHECKED, (run.error, run.report[:5])
    assert run.created == args.households

    started = time.perf_counter()
    runs.import_confirm(run=run, by=user)  # immediate backend: the task runs on commit
    run.refresh_from_db()
    if run.status == ImportStatus.QUEUED:  # a database task backend: run it here
        runs.run_import.func(run.pk)
        run.refresh_from_db()
    confirmed = time.perf_counter() - started
    assert run.status == ImportStatus.DONE, run.error
    households = Household.objects.filter(organisation=organisation).count()
    members = Member.objects.filter(household__organisation=organisation).count()
    assert households == args.households, households
    assert members == rows, (members, rows)

    started = time.perf_counter()
    again = runs.import_check(
        by=user, organisation=organisation, kind=ImportKind.HOUSEHOLDS, upload=upload()
    )
    again = finish_check(again)
    re_check = time.perf_counter() - started
    assert (again.created, again.updated, again.unchanged) == (0, 0, args.households)
    figures = {
        "households": households,
        "members": members,
        "rows": rows,
        "file_mb": round(len(content) / 1024 / 1024, 2),
        "dry_run_s": round(dry_run, 1),
        "import_s": round(confirmed, 1),
        "total_s": round(dry_run + confirmed, 1),
        "reimport_dry_run_s": round(re_check, 1),
        "peak_rss_mb": round(peak_mb()),
        "peak_rss_growth_mb": round(peak_mb() - start_mb),
        "goal_s": GOAL_SECONDS,
    }
    ImportRun.objects.filter(pk__in=[run.pk, again.pk]).update(report=[])
    sys.stdout.write(
        f"Import de {households} ménages ({members} membres, {rows} lignes, "
        f"{figures['file_mb']} Mo) : vérification {figures['dry_run_s']} s, import "
        f"{figures['import_s']} s, total {figures['total_s']} s (objectif < {GOAL_SECONDS} s) ; "
        f"réimport (vérification, tout inchangé) {figures['reimport_dry_run_s']} s ; "
        f"mémoire max {figures['peak_rss_mb']} Mo (+{figures['peak_rss_growth_mb']} Mo)\n"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
