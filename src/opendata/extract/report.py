"""A parsed report: its sections, its period, the page furniture removed and the corrections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from opendata.errors import InputError
from opendata.extract.corrections import Correction, load_corrections
from opendata.extract.furniture import Removal, clean
from opendata.extract.sections import Section, StructureError, is_heading_line, split_sections
from opendata.extract.source import ReportText, read_report

_PERIOD = re.compile(r"Periodo\s+(\d{4})\s*[-–/]\s*(\d{4})", re.IGNORECASE)


class SectionNotFound(LookupError):
    pass


@dataclass
class Report:
    source: ReportText
    sections: list[Section]
    corrections: list[Correction]
    period: tuple[int, int]
    furniture: list[Removal] = field(default_factory=list)

    def section(self, key: str) -> Section:
        """The section numbered `key` ("1.1", "I", "Eje 2")."""
        for section in self.sections:
            if section.key == key:
                return section
        raise SectionNotFound(key)

    @property
    def cut_lines(self) -> dict[int, Removal]:
        """The lines whose end may have been removed as page furniture, with that removal."""
        return {r.cuts: r for r in self.furniture if r.cuts is not None}

    @property
    def applied_corrections(self) -> list[Correction]:
        return [c for s in self.sections for c in s.applied]

    @property
    def period_text(self) -> str:
        """The period as the report's name says it: "2023-2024"."""
        start, end = self.period
        return f"{start}-{end}" if start != end else str(start)


def load_report(path: Path, corrections_path: Path | None = None) -> Report:
    """Read and parse a report; a report without its period or sections is an InputError."""
    source = read_report(path)
    corrections = load_corrections(corrections_path) if corrections_path else []
    raw_lines = source.text.split("\n")
    pages = list(source.page_starts) if source.page_starts else None
    if pages is None and any("\f" in line for line in raw_lines):
        pages = [0] + [i for i, line in enumerate(raw_lines) if line.startswith("\f")]
    raw_lines = [line.replace("\f", "") for line in raw_lines]
    lines, furniture = clean(raw_lines, pages, is_heading_line)
    try:
        sections = split_sections(lines, corrections)
    except StructureError as exc:
        raise InputError(f"{path}: {exc}") from None
    if not sections:
        raise InputError(f"{path}: no section headings found (is this the CEAyTP report?)")
    match = _PERIOD.search("\n".join(line.text for line in lines))
    if not match:
        raise InputError(f"{path}: the report's period ('Periodo AAAA - AAAA') was not found")
    start, end = int(match[1]), int(match[2])
    if end < start:
        raise InputError(f"{path}: the report's period ends before it starts: {match[0]!r}")
    return Report(source, sections, corrections, (start, end), furniture)
