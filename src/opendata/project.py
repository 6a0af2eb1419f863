"""Where a project keeps its pipelines, descriptors, suites and bundled report.

The project folder is the one holding `pipelines/` and `datapackages/`: `--project`, else
$OPENDATA_PROJECT, else the current folder or one above it, else the checkout this package
was installed from (an editable install from a clone).

A pipeline script declares DATASET and RESOURCES, and either extract(), which reads the
resources' rows from a report, or SOURCES, the CSV file(s) each resource already is
(`{"resource": "path.csv"}` or a list of paths, relative to the project folder): a large
table, validated and exported as it streams (see opendata.export.table_package).
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from opendata.errors import InputError

if TYPE_CHECKING:
    from opendata.extract import Extraction

BUNDLED_REPORT = "pipelines/sources/informe-cierre-ceaytp-2023-2024.txt"
CORRECTIONS = "pipelines/sources/correcciones.yaml"
PLACES = "pipelines/sources/sedes.yaml"
EDITIONS = "pipelines/sources/ediciones.yaml"
CATALOG = "indicadores-ceaytp"
PIPELINE_MODULE = "opendata_pipeline_"  # the module name of each pipeline script, + its stem
DATASET_NAME = re.compile(r"[a-z0-9][a-z0-9_\-]{1,99}")  # CKAN's rule for a dataset's name
MAX_SCRIPT_BYTES = 1 << 20


@dataclass(frozen=True)
class Pipeline:
    """One script of `pipelines/`: the dataset it fills and the resources it declares."""

    dataset: str
    resources: tuple[str, ...]
    path: Path
    extract: Callable[[Extraction], None] | None = None  # reads the rows from a report
    sources: dict[str, tuple[Path, ...]] | None = None  # or: each resource's CSV file(s)


class _Under:
    """A path of every project: its folder joined with `relative`."""

    def __init__(self, relative: str) -> None:
        self.relative = relative

    def __get__(self, project: Any, owner: Any = None) -> Path:
        root: Path = project.root
        return root / self.relative


@dataclass(frozen=True)
class Project:
    root: Path

    pipelines_dir = _Under("pipelines")
    datapackages_dir = _Under("datapackages")
    validation_dir = _Under("validation")
    bundled_report = _Under(BUNDLED_REPORT)
    corrections = _Under(CORRECTIONS)
    editions = _Under(EDITIONS)  # the declared editions of the report every dataset is built from
    places = _Under(PLACES)  # the declared states of institutions that list items name without one

    def pipelines(self) -> list[Pipeline]:
        """Every pipeline script, sorted by dataset name."""
        found = [
            _load_pipeline(path, self.root) for path in sorted(self.pipelines_dir.glob("*.py"))
        ]
        names = [p.dataset for p in found]
        for name in names:
            if names.count(name) > 1:
                raise InputError(f"{self.pipelines_dir}: two scripts declare dataset {name!r}")
        return sorted(found, key=lambda p: p.dataset)


def find_project(explicit: Path | None = None) -> Project:
    candidates: list[Path] = []
    if explicit is not None:
        candidates.append(explicit)
    elif os.environ.get("OPENDATA_PROJECT"):
        candidates.append(Path(os.environ["OPENDATA_PROJECT"]))
    else:
        here = Path.cwd().resolve()
        candidates.extend([here, *here.parents])
        candidates.append(Path(__file__).resolve().parents[2])
    for candidate in candidates:
        if (candidate / "pipelines").is_dir() and (candidate / "datapackages").is_dir():
            return Project(candidate.resolve())
    where = candidates[0] if explicit or os.environ.get("OPENDATA_PROJECT") else Path.cwd()
    raise InputError(
        f"{where}: not an opendata project (no pipelines/ and datapackages/ folders); "
        "run from the project folder or pass --project"
    )


def _load_pipeline(path: Path, root: Path) -> Pipeline:
    module = _import(path)
    dataset = getattr(module, "DATASET", None)
    resources = getattr(module, "RESOURCES", None)
    extract = getattr(module, "extract", None)
    sources = getattr(module, "SOURCES", None)
    if (
        not isinstance(dataset, str)
        or not isinstance(resources, tuple)
        or callable(extract) == (sources is not None)
    ):
        raise InputError(
            f"{path}: a pipeline needs DATASET (str), RESOURCES (tuple), and extract() or SOURCES"
        )
    if not DATASET_NAME.fullmatch(dataset):
        raise InputError(
            f"{path}: DATASET {dataset!r} must be 2 to 100 lower-case letters, digits, '-' or "
            "'_' (it names the dataset's folder and its address on the portal)"
        )
    if sources is None:
        return Pipeline(dataset=dataset, resources=resources, path=path, extract=extract)
    return Pipeline(dataset, resources, path, sources=_sources(path, root, resources, sources))


def _sources(
    path: Path, root: Path, resources: tuple[str, ...], sources: Any
) -> dict[str, tuple[Path, ...]]:
    """SOURCES as each resource's files, in order, resolved from the project folder."""
    if not isinstance(sources, dict) or sorted(sources) != sorted(resources):
        raise InputError(
            f"{path}: SOURCES must map each of RESOURCES {list(resources)} to CSV files"
        )
    resolved = {}
    for resource, files in sources.items():
        files = [files] if isinstance(files, str) else files
        if (
            not isinstance(files, (list, tuple))
            or not files
            or not all(isinstance(f, str) for f in files)
        ):
            raise InputError(f"{path}: SOURCES[{resource!r}] must be a path or a list of paths")
        resolved[resource] = tuple(root / f for f in files)
    return resolved


def _import(path: Path) -> ModuleType:
    if not path.is_file() or path.stat().st_size > MAX_SCRIPT_BYTES:
        raise InputError(f"{path}: a pipeline script must be a regular file of at most 1 MiB")
    spec = importlib.util.spec_from_file_location(f"{PIPELINE_MODULE}{path.stem}", path)
    if spec is None or spec.loader is None:
        raise InputError(f"{path}: cannot load pipeline script")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise InputError(f"{path}:{exc.lineno}: syntax error in pipeline script") from None
    return module
