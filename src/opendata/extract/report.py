"""A parsed report: its sections, its period and the corrections applied to it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from opendata.errors import InputError
from opendata.extract.corrections import Correction, load_corrections
from opendata.extract.sections import Section, split_sections
from opendata.extract.source import ReportText, read_report

_PERIOD = re.compile(r"Periodo\s+(\d{4})\s*[-–]\s*(\d{4})", re.IGNORECASE)


class SectionNotFound(LookupError):
    pass


@dataclass
class Report:
    source: ReportText
    sections: list[Section]
    corrections: list[Correction]
    period: tuple[int, int]

    def section(self, key: str) -> Section:
        """The section numbered `key` ("1.1", "I", "Eje 2")."""
        for section in self.sections:
            if section.key == key:
                return section
        raise SectionNotFound(key)

    @property
    def applied_corrections(self) -> list[Correction]:
        return [c for s in self.sections for c in s.applied]


def load_report(path: Path, corrections_path: Path | None = None) -> Report:
    """Read and parse a report; a report without its period or sections is an InputError."""
    source = read_report(path)
    corrections = load_corrections(corrections_path) if corrections_path else []
    sections = split_sections(source.text, corrections)
    if not sections:
        raise InputError(f"{path}: no section headings found (is this the CEAyTP report?)")
    match = _PERIOD.search(source.text)
    if not match:
        raise InputError(f"{path}: the report's period ('Periodo AAAA - AAAA') was not found")
    start, end = int(match[1]), int(match[2])
    if end < start:
        raise InputError(f"{path}: the report's period ends before it starts: {match[0]!r}")
    keys = [s.key for s in sections]
    duplicated = sorted({k for k in keys if keys.count(k) > 1})
    if duplicated:
        raise InputError(f"{path}: section(s) {', '.join(duplicated)} appear more than once")
    return Report(source=source, sections=sections, corrections=corrections, period=(start, end))
