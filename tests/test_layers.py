"""The data flow is one straight line: extract → package → validate → export → publish →
download. Each stage is a package of src/opendata/, and none imports a later stage."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

STAGES = ["extract", "package", "validate", "export", "publish", "download"]
# Packages that serve a stage: the metadata of a package (DCAT, citation, coverage) is the
# package stage's; the compliance report judges what was published, after every stage.
SERVES = {"metadata": "package"}
PACKAGE = ROOT / "src" / "opendata"


def imported(path: Path) -> set[str]:
    """The opendata modules a file imports when it runs, at any depth (lazy imports
    included; `if TYPE_CHECKING:` blocks, read by the type checker only, aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name == "opendata" or name.startswith("opendata.")}


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    name = SERVES.get(parts[1], parts[1]) if len(parts) > 1 else None
    return name if name in STAGES else None


def test_every_stage_is_a_package() -> None:
    for stage in STAGES:
        assert (PACKAGE / stage / "__init__.py").is_file(), stage


def test_no_stage_imports_a_later_one() -> None:
    backwards = []
    for folder in [*STAGES, *SERVES]:
        stage = SERVES.get(folder, folder)
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            for module in imported(path):
                target = stage_of(module)
                if target and STAGES.index(target) > STAGES.index(stage):
                    backwards.append(f"{path.relative_to(ROOT)} imports {module}")
    assert backwards == []


def test_shared_modules_import_no_stage() -> None:
    """What every stage may use (errors, files, the project...) depends on none of them."""
    shared = ["errors.py", "files.py", "redaction.py", "arrow_values.py", "project.py"]
    found: list[str] = []
    for name in shared:
        path = PACKAGE / name
        if path.is_file():
            found.extend(f"{name} imports {m}" for m in imported(path) if stage_of(m))
    assert found == []
