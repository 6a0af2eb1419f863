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
    suites: dict[str, int] = field(default_factory=dict)  # dataset -> expectations checked
    rules: list[str] = field(default_factory=list)  # rules checked
    skipped_rules: list[str] = field(default_factory=list)  # rules whose datasets were absent
    # What was checked instead, for datasets of large tables (their GX suites do not run).
    large_tables: dict[str, list[str]] = field(default_factory=dict)

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
        self.suites.update(other.suites)
        self.large_tables.update(other.large_tables)

    def for_dataset(self, dataset: str) -> list[Finding]:
        return [f for f in self.findings if f.dataset == dataset]

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "datasets": self.datasets,
            "expectations": self.suites,
            "rules": self.rules,
            "skipped_rules": self.skipped_rules,
            "findings": [asdict(f) for f in self.errors + self.warnings],
        } | ({"large_tables": self.large_tables} if self.large_tables else {})

    def summary(self, limit: int = 20) -> str:
        lines = [f.line() for f in self.errors + self.warnings]
        shown = lines[:limit]
        if len(lines) > limit:
            shown.append(f"... and {len(lines) - limit} more (see the JSON report)")
        verdict = "valid" if self.valid else "INVALID"
        shown.append(
            f"{verdict}: {len(self.datasets)} datasets, {sum(self.suites.values())} expectations, "
            f"{len(self.rules)} rules; {len(self.errors)} errors, {len(self.warnings)} warnings"
        )
        for dataset, checks in self.large_tables.items():
            shown.append(f"{dataset}: {'; '.join(checks)}")
        return "\n".join(shown)
