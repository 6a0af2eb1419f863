"""An error found in a table, as frictionless-py reports it (its type, row, field, message)."""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATES = {  # frictionless's messages
    "type-error": 'Type error in the cell "{cell}" in row "{row}" and field "{field}" at '
    'position "{number}": {note}',
    "constraint-error": 'The cell "{cell}" in row at position "{row}" and field "{field}" at '
    'position "{number}" does not conform to a constraint: {note}',
    "unique-error": 'Row at position "{row}" has unique constraint violation in field "{field}" '
    'at position "{number}": {note}',
    "primary-key": 'Row at position "{row}" violates the primary key: {note}',
    "blank-row": 'Row at position "{row}" is completely blank',
    "extra-cell": 'Row at position "{row}" has an extra value in field at position "{number}"',
    "missing-cell": 'Row at position "{row}" has a missing cell in field "{field}" at position '
    '"{number}"',
}
# frictionless's order of a row's errors: cell by cell, then extra and missing cells (all
# replaced by `blank-row` on a blank row), then unique fields, then the primary key.
PHASES = {"extra-cell": 1, "missing-cell": 2, "blank-row": 3, "unique-error": 4, "primary-key": 5}


@dataclass(frozen=True)
class TableError:
    file: str
    row: int | None  # None for the header's errors
    field: str | None
    number: int | None  # the field's position, from 1
    type: str
    note: str = ""
    cell: str | None = None

    def message(self) -> str:
        template = TEMPLATES.get(self.type, "{note}")
        text = template.format(
            cell=self.cell, row=self.row, field=self.field, number=self.number, note=self.note
        )
        return f"{self.file}: {text}"

    def sort_key(self, files: dict[str, int]) -> tuple[int, int, int, int]:
        return (files[self.file], self.row or 0, PHASES.get(self.type, 0), self.number or 0)
