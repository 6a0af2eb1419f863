"""The validation report: a value, never an exception. Every check adds findings to it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    dataset: str
    resource: str | None
    check: str
    severity: Severity
    message: str
    values: dict[str, Any] = field(default_factory=dict)
    sentences: list[str] = field(default_factory=list)

    def line(self) -> str:
        where = f"{self.dataset}/{self.resource}" if self.resource else self.dataset
        return f"{self.severity}: {where}: {self.check}: {self.message}"


@dataclass
class ValidationReport:
    findings: list[Finding] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def extend(self, other: ValidationReport) -> None:
        self.findings.extend(other.findings)
        self.datasets.extend(d for d in other.datasets if d not in self.datasets)

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "datasets": self.datasets,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [asdict(f) for f in self.findings],
        }

    def summary(self, limit: int = 20) -> str:
        lines = [f.line() for f in self.errors + self.warnings]
        shown = lines[:limit]
        if len(lines) > limit:
            shown.append(f"... and {len(lines) - limit} more (see the JSON report)")
        verdict = "valid" if self.valid else "INVALID"
        shown.append(
            f"{verdict}: {len(self.datasets)} datasets, "
            f"{len(self.errors)} errors, {len(self.warnings)} warnings"
        )
        return "\n".join(shown)
