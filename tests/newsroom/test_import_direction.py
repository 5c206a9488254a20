"""Imports point one way (DESIGN "Layout"): the reader site (readers) -> articles ->
photos / accounts -> Django and the settings. Every import counts, at any depth of a
module (a function-level import cannot hide a cycle), in every module of each app."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PACKAGES = {"accounts", "articles", "bench", "newsroom", "photos", "readers"}

# What each package may import of the project's packages (besides itself).
ALLOWED = {
    "readers": {"articles", "photos", "accounts", "newsroom"},
    "articles": {"photos", "accounts", "newsroom"},
    "accounts": {"photos", "newsroom"},
    "photos": {"newsroom"},
    # Project wiring only: URLs include apps by dotted name; the settings read the
    # prose-editor extension lists of the apps (checked below, file by file).
    "newsroom": set(),
}
NEWSROOM_WIRING = {"newsroom/settings/base.py": {"articles", "photos"}}


def imported_packages(path):
    """The project packages a module imports, anywhere in it."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names)
    return found & PROJECT_PACKAGES


def modules(package):
    return sorted((ROOT / package).rglob("*.py"))


def violations(package):
    allowed = ALLOWED[package] | {package}
    found = []
    for path in modules(package):
        relative = path.relative_to(ROOT).as_posix()
        extra = imported_packages(path) - allowed - NEWSROOM_WIRING.get(relative, set())
        found += [f"{relative} imports {name}" for name in sorted(extra)]
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_it_keeps_imports_pointing_one_way(package):
    assert modules(package), f"no modules found for {package}"
    assert violations(package) == []


def test_it_sees_an_import_hidden_in_a_function(tmp_path):
    module = tmp_path / "hidden.py"
    module.write_text("def later():\n    from readers.cache import schedule_purge\n")
    assert imported_packages(module) == {"readers"}


def test_no_app_imports_bench():
    for package in ("readers", "articles", "photos", "accounts", "newsroom"):
        assert not any("bench" in imported_packages(path) for path in modules(package)), package
