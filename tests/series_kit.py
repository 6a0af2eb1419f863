"""Projects with several editions of the report, for the tests: the bundled edition and
later ones written from it (tests/editions.py; each marked in its own text as a test edition),
declared in the project's own pipelines/sources/ediciones.yaml. None of them is real data."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from conftest import ROOT
from editions import TEST_MARK

from opendata.project import Project

Build = Callable[[str], str]


def editions_project(
    folder: Path, report_text: str, later: Sequence[tuple[str, Build]] = ()
) -> Project:
    """A copy of the project whose ediciones.yaml adds each of `later` (period "2024/2025",
    builder of its text from the bundled report)."""
    root = folder / "proyecto"
    for part in ("datapackages", "pipelines", "validation"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    project = Project(root)
    for period, build in later:
        add_edition(project, period, build(report_text))
    return project


def add_edition(project: Project, period: str, text: str) -> Path:
    """Write a test edition beside the bundled one and declare it."""
    assert TEST_MARK in text, "a test edition says so in its own text"
    path = project.editions.parent / f"informe-prueba-{period.replace('/', '-')}.txt"
    path.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with project.editions.open("a", encoding="utf-8") as handle:
        handle.write(
            f"- archivo: {path.name}\n  periodo: {period}\n"
            f"  titulo: Edición de prueba {period} (no es un informe real)\n"
            f"  sha256: {digest}\n"
        )
    return path


def make_optional(project: Project, pipeline: str, code: str) -> None:
    """Declare one figure of a pipeline optional (the figure a later edition may not state)."""
    path = project.pipelines_dir / pipeline
    text = path.read_text(encoding="utf-8")
    start = text.index(f'"{code}"')
    end = text.index("Find(", start)
    close = text.index(")", end)
    path.write_text(text[:close] + ", optional=True" + text[close:], encoding="utf-8")
