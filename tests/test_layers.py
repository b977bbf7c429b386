"""The layers of docs/architecture.md, read from the code itself.

    common  ←  partnerships  ←  governance  ←  funding  ←  households  ←  portal
                                                                    (config wires them)
    demo: beside everything; may import any app, and nothing imports it.

Each package may import the ones to its left, never one to its right. The imports are read
from the source (AST), wherever they sit: at module level or inside a function.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What each top-level package may import, besides itself.
ALLOWED = {
    "common": set(),
    "partnerships": {"common"},
    "governance": {"common", "partnerships"},
    "funding": {"common", "partnerships", "governance"},
    "households": {"common", "partnerships", "governance", "funding"},
    "portal": {"common", "partnerships", "governance", "funding", "households"},
    "config": {"common", "partnerships", "governance", "funding", "households", "portal"},
    "demo": {"common", "partnerships", "governance", "funding", "households", "portal"},
}
PACKAGES = set(ALLOWED)


def project_imports(path: Path) -> list[tuple[int, str, bool]]:
    """(line, imported module, inside a function?) for every import of a project package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    nested = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            nested.update(id(n) for n in ast.walk(node) if n is not node)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            continue
        for module in modules:
            if module.split(".")[0] in PACKAGES:
                found.append((node.lineno, module, id(node) in nested))
    return found


def sources(root: Path):
    """Product code: every package's modules, generated migrations left out."""
    for package in sorted(PACKAGES):
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" not in path.relative_to(root).parts:
                yield package, path


def upward_imports(root: Path) -> list[str]:
    wrong = []
    for package, path in sources(root):
        for line, module, _nested in project_imports(path):
            target = module.split(".")[0]
            if target != package and target not in ALLOWED[package]:
                wrong.append(f"{path.relative_to(root)}:{line} imports {module}")
    return wrong


def hidden_imports(root: Path) -> list[str]:
    """Project imports inside functions: the layers make them unnecessary. An AppConfig's
    ready() is the one place where Django asks for them (signal receivers)."""
    return [
        f"{path.relative_to(root)}:{line} imports {module} inside a function"
        for _package, path in sources(root)
        if path.name != "apps.py"
        for line, module, nested in project_imports(path)
        if nested
    ]


def test_no_package_imports_a_layer_above_it():
    assert upward_imports(ROOT) == []


def test_no_project_import_is_hidden_inside_a_function():
    assert hidden_imports(ROOT) == []


def test_every_top_level_package_has_a_place_in_the_layers():
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests"}
    assert packages == PACKAGES


@pytest.mark.parametrize(
    ("package", "source", "reported"),
    [
        ("partnerships", "from households.models import Household\n", True),
        ("partnerships", "def f():\n    from funding import services\n", True),
        ("governance", "import portal.views\n", True),
        ("common", "from partnerships.perimeter import memberships\n", True),
        ("households", "from demo.loader import load_demo\n", True),
        ("households", "from funding.models import Grant\n", False),
        ("portal", "from households.models import Household\n", False),
    ],
)
def test_the_check_reports_an_upward_import(tmp_path, package, source, reported):
    for name in PACKAGES:
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("")
    (tmp_path / package / "module.py").write_text(source)
    found = upward_imports(tmp_path)
    assert bool(found) is reported, found
    if reported:
        assert found[0].startswith(f"{package}/module.py:")


def test_the_check_reports_an_import_hidden_in_a_function(tmp_path):
    for name in PACKAGES:
        (tmp_path / name).mkdir()
    (tmp_path / "funding" / "services.py").write_text(
        "from governance.enums import X\n\ndef f():\n    from funding.models import Grant\n"
    )
    (tmp_path / "funding" / "apps.py").write_text("def ready():\n    from funding import x\n")
    assert hidden_imports(tmp_path) == [
        "funding/services.py:4 imports funding.models inside a function"
    ]
