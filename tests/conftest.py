from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

from opendata.project import Project, find_project
from opendata.runner import RunResult, run

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def project() -> Project:
    return find_project(ROOT)


@pytest.fixture(scope="session")
def report_text(project: Project) -> str:
    return project.bundled_report.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def bundled(project: Project, tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    """One full run over the bundled report, shared by the tests that only read it."""
    return run(project, out=tmp_path_factory.mktemp("bundled") / "output")


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file below `folder` (hidden files included)."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def portal_settings() -> dict[str, str]:
    """CKAN_URL and CKAN_API_TOKEN_FILE of the local portal that `make portal` started."""
    import os

    home = Path(
        os.environ.get("OPENDATA_PORTAL_HOME")
        or Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local/share") / "opendata/portal"
    )
    env_file = home / "env"
    if not env_file.is_file():
        pytest.fail(f"no local portal at {home}: run `make portal` (make test does)")
    settings = dict(line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line)
    return {key: value.strip() for key, value in settings.items()}


@pytest.fixture(scope="session")
def settings() -> dict[str, str]:
    return portal_settings()


@pytest.fixture(scope="session")
def token(settings: dict[str, str]) -> str:
    """The local portal's sysadmin token."""
    return Path(settings["CKAN_API_TOKEN_FILE"]).read_text().strip()
