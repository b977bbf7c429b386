"""issue 13: unscoped reads are loud.

The budget-line leak of issue 13 (case 6) came from a plain `.objects` query in a view. Every
*perimeter model* — a model whose QuerySet defines `visible_to`, found from the app registry —
is read through `visible_to(user)` in the code people reach: views, admin, exports, filters,
forms, selectors, reports, the portal's pages. This test reads that code (AST) and fails on
each `Model.objects…` or `Model._default_manager…` of a perimeter model that is not scoped:

- scoped by construction: the chain calls `.visible_to(…)` (or a `…_visible_to(…)` variant,
  such as `professionally_visible_to`), or `.none()`; or the queryset is the first argument of
  `get_visible_or_404`, which calls `visible_to` itself;
- otherwise the line, or the line above, says why it may read every row:
  `# unscoped: <reason>`, a reason of a few words ("pk already checked via visible_to above",
  "service checks the acting user"), not a placeholder.

Left out, with their reason (`OUTSIDE`): the models themselves, migrations, the services (they
own every write and check the acting user with django-rules; they read the rows they are
about, whoever asks), management commands (run by operators on the server), and the few
infrastructure modules that are not a read for a person.
"""

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent.parent
APPS = ("partnerships", "governance", "funding", "households", "portal")

# Parts of a path (a directory or a module's name without .py) that put it outside the rule.
OUTSIDE_PARTS = {
    "migrations": "generated schema changes",
    "models": "the models define the perimeter itself (`visible_to`)",
    "services": "services own every write and check the acting user (django-rules)",
    "management": "commands run by operators on the server, not by a person of the site",
}
# Modules outside the rule, one by one.
OUTSIDE_MODULES = {
    "households/retention.py": (
        "the retention service: the nightly command anonymises every household past its date; "
        "the pages call it after their own permission check"
    ),
    "households/audit.py": (
        "writes the access log of an object a view has already loaded through visible_to"
    ),
    "partnerships/security/sessions.py": (
        "session bookkeeping of the signal handlers, keyed by the session's own key"
    ),
    "portal/jobs.py": "the background task runs the job the page enqueued after its check",
    "portal/exports.py": (
        "the export jobs: created for the requester by the page, run by the worker as that "
        "requester (the page's own queryset and perimeter), purged by date"
    ),
}
PLACEHOLDERS = {"todo", "fixme", "xxx", "ok", "fine", "legacy", "tbd", "later", "needed"}
ANNOTATION = re.compile(r"#\s*unscoped:\s*(?P<reason>.*)$")


def perimeter_models() -> dict[str, str]:
    """Class name → label of every model whose QuerySet defines `visible_to`."""
    found = {}
    for model in apps.get_models():
        queryset = type(model._default_manager.all())
        if any("visible_to" in vars(klass) for klass in queryset.__mro__):
            found[model.__name__] = model._meta.label
    return found


def _reasons(source: str) -> dict[int, str]:
    """Line → reason of each `# unscoped: …` comment."""
    reasons = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            match = ANNOTATION.search(token.string)
            if match:
                reasons[token.start[0]] = match["reason"].strip()
    return reasons


def real_reason(reason: str | None) -> bool:
    if not reason:
        return False
    words = re.findall(r"[\w'’-]+", reason.lower())
    return len(words) >= 3 and not set(words) <= PLACEHOLDERS


def _scoped(node, parents) -> bool:
    """Whether the chain that starts at `Model.objects` goes through `visible_to`, or is
    handed to `get_visible_or_404`."""
    current = node
    while True:
        parent = parents.get(current)
        if isinstance(parent, ast.Attribute) and parent.value is current:
            if parent.attr.endswith("visible_to") or parent.attr == "none":
                return True
        elif not (isinstance(parent, ast.Call) and parent.func is current):
            break
        current = parent
    if isinstance(parent, ast.Call) and parent.args and parent.args[0] is current:
        func = parent.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        return name == "get_visible_or_404"
    return False


def unscoped_reads(source: str, filename: str, models: dict[str, str]) -> list[str]:
    """`file:line Model.objects` for every unscoped, unexplained read of a perimeter model."""
    tree = ast.parse(source, filename=filename)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    reasons = _reasons(source)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and node.attr in ("objects", "_default_manager")):
            continue
        value = node.value
        name = value.id if isinstance(value, ast.Name) else getattr(value, "attr", None)
        if name not in models or _scoped(node, parents):
            continue
        line = node.lineno
        if real_reason(reasons.get(line)) or real_reason(reasons.get(line - 1)):
            continue
        found.append(f"{filename}:{line} {name}.{node.attr} ({models[name]})")
    return found


def checked_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            parts = {*path.relative_to(ROOT).parts[:-1], path.stem}
            if parts & set(OUTSIDE_PARTS) or relative in OUTSIDE_MODULES:
                continue
            yield relative, path


def test_perimeter_models_are_found_from_the_registry():
    models = perimeter_models()
    # A few the rule is about (issue 13 case 6: the budget line read from a view).
    assert {"Household", "BudgetLine", "Grant", "Convention", "Meeting"} <= set(models)
    assert "Territory" not in models  # a shared reference, no visible_to


def test_no_unscoped_read_of_a_perimeter_model():
    models = perimeter_models()
    found = []
    for relative, path in checked_modules():
        found += unscoped_reads(path.read_text(encoding="utf-8"), relative, models)
    assert not found, (
        "Lecture hors périmètre : passez par .visible_to(user) ou expliquez la ligne par "
        "« # unscoped: <raison> » :\n" + "\n".join(found)
    )


def test_the_excluded_modules_exist():
    for relative in OUTSIDE_MODULES:
        assert (ROOT / relative).is_file(), relative


# ------------------------------------------------------------------ the test can fail
MODELS = {"Household": "households.Household", "Grant": "funding.Grant"}


@pytest.mark.parametrize(
    "snippet",
    [
        "Household.objects.get(pk=pk)",
        "Household.objects.select_related('organisation').filter(pk=pk)",
        "Household._default_manager.all()",
        "models.Household.objects.all()",
        "Grant.objects.filter(pk=pk)  # unscoped: ok",
        "Grant.objects.filter(pk=pk)  # unscoped:",
        "get_object_or_404(Household.objects, pk=pk)",
        "get_visible_or_404(user, Household.objects)",
    ],
)
def test_an_unscoped_read_is_reported(snippet):
    source = f"def view(request, pk, user):\n    return {snippet}\n"
    found = unscoped_reads(source, "vue.py", MODELS)
    assert len(found) == 1 and found[0].startswith("vue.py:2 "), found


@pytest.mark.parametrize(
    "snippet",
    [
        "Household.objects.visible_to(user).get(pk=pk)",
        "Household.objects.select_related('organisation').visible_to(user)",
        "Household.objects.professionally_visible_to(user)",
        "Household.objects.none()",
        "get_visible_or_404(Household.objects.select_related('territory'), user, pk=pk)",
        "Grant.objects.filter(pk=pk)  # unscoped: pk already checked via visible_to above",
        "# unscoped: the service checks the acting user\n    Grant.objects.get(pk=pk)",
        "Territory.objects.all()",
    ],
)
def test_a_scoped_or_explained_read_is_not(snippet):
    source = f"def view(request, pk, user):\n    {snippet}\n"
    assert unscoped_reads(source, "vue.py", MODELS) == []
