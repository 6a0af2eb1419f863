"""A large table like the ones bodies publish, and a copy of it with bad cells.

Eight mixed columns (an integer key, a unique folio, INEGI's state key and name with their
accents, a date, an amount, a count that may be empty, a boolean) and a Table Schema that
constrains every one of them. The bad copy changes about 0.1% of the cells, each in a way the
schema rejects: type errors, broken constraints, empty required cells, duplicate keys.
Deterministic: the same seed and row count give the same bytes.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np

from opendata.extract.entidades import all_entidades

CHUNK = 100_000
BAD_SHARE = 0.001

STATES = [(e.cve_ent, e.nombre) for e in all_entidades()]

SCHEMA: dict[str, Any] = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True, "minimum": 1}},
        {
            "name": "folio",
            "type": "string",
            "constraints": {"required": True, "unique": True, "pattern": "[A-Z]{3}-[0-9]{7}"},
        },
        {
            "name": "cve_ent",
            "type": "string",
            "constraints": {"required": True, "pattern": "[0-9]{2}"},
        },
        {
            "name": "entidad",
            "type": "string",
            "constraints": {"required": True, "enum": [name for _, name in STATES]},
        },
        {
            "name": "fecha",
            "type": "date",
            "constraints": {"required": True, "minimum": "2020-01-01", "maximum": "2025-12-31"},
        },
        {"name": "monto", "type": "number", "constraints": {"minimum": 0}},
        {"name": "personas", "type": "integer", "constraints": {"minimum": 0, "maximum": 100000}},
        {"name": "vigente", "type": "boolean", "constraints": {"required": True}},
    ],
    "primaryKey": ["id"],
}
FIELDS = [f["name"] for f in SCHEMA["fields"]]

# What a bad cell may become, per column; "<dup>" copies the cell of an earlier row.
BAD = {
    "id": ["abc", "0", "-7", "<dup>", "1.5"],
    "folio": ["AB-1234567", "abc-1234567", "<dup>", "", "ABC-12345678"],
    "cve_ent": ["9", "", "1a", "099"],
    "entidad": ["Michoacan de Ocampo", "N/A", "", "Nuevo Leon", "CDMX"],
    "fecha": ["2023-02-30", "2019-12-31", "2023/05/01", "31/12/2023", "", "2026-01-01"],
    "monto": ["-1.5", "1,5", "N/A", "$100", "-0.01"],
    "personas": ["100001", "1.5", "N/A", "-1", "diez"],
    "vigente": ["si", "", "verdadero", "T"],
}


def _folio_letters(row: int) -> str:
    """FOL for the first 9,999,999 rows, then FOM, FON...: folios stay unique and match the
    schema's pattern in tables of any size."""
    return "FO" + chr(ord("L") + row // 10**7)


def _chunk(rng: np.random.Generator, start: int, size: int) -> list[list[str]]:
    ids = np.arange(start + 1, start + size + 1)
    states = rng.integers(0, len(STATES), size)
    days = rng.integers(0, 2191, size)  # 2020-01-01 .. 2025-12-30
    dates = (np.datetime64("2020-01-01") + days).astype(str)
    amounts = np.round(rng.gamma(2.0, 5000.0, size), 2)
    people = rng.integers(0, 100_001, size)
    empty_amount = rng.random(size) < 0.02
    empty_people = rng.random(size) < 0.05
    flags = rng.random(size) < 0.7
    columns = [
        ids.astype(str).tolist(),
        [f"{_folio_letters(i)}-{i % 10**7:07d}" for i in ids.tolist()],
        [STATES[s][0] for s in states.tolist()],
        [STATES[s][1] for s in states.tolist()],
        dates.tolist(),
        [
            "" if e else f"{a:.2f}"
            for a, e in zip(amounts.tolist(), empty_amount.tolist(), strict=True)
        ],
        ["" if e else str(p) for p, e in zip(people.tolist(), empty_people.tolist(), strict=True)],
        ["true" if f else "false" for f in flags.tolist()],
    ]
    return [list(row) for row in zip(*columns, strict=True)]


def generate(good: Path, bad: Path | None, rows: int, seed: int = 7) -> int:
    """Write `rows` rows to `good` (and the damaged copy to `bad`); returns the bad cells."""
    rng = np.random.default_rng(seed)
    damage = np.random.default_rng(seed + 1)
    changed = 0
    with good.open("w", encoding="utf-8", newline="") as good_file:
        good_writer = csv.writer(good_file, lineterminator="\r\n")
        good_writer.writerow(FIELDS)
        bad_file = bad.open("w", encoding="utf-8", newline="") if bad else None
        bad_writer = csv.writer(bad_file, lineterminator="\r\n") if bad_file else None
        if bad_writer:
            bad_writer.writerow(FIELDS)
        for start in range(0, rows, CHUNK):
            table = _chunk(rng, start, min(CHUNK, rows - start))
            good_writer.writerows(table)
            if bad_writer is None:
                continue
            cells = len(table) * len(FIELDS)
            picks = damage.choice(cells, size=round(cells * BAD_SHARE), replace=False)
            for pick in picks.tolist():
                row, column = divmod(pick, len(FIELDS))
                options = BAD[FIELDS[column]]
                value = options[int(damage.integers(len(options)))]
                if value == "<dup>":
                    value = table[int(damage.integers(len(table)))][column]
                table[row][column] = value
            changed += len(picks)
            bad_writer.writerows(table)
        if bad_file:
            bad_file.close()
    return changed


def write_project(root: Path, dataset: str, title: str, schema: dict[str, Any]) -> Path:
    """A project of one CSV table, `datos/registros.csv` (the caller writes it): its
    pipeline, its descriptor and the repository's rules. Returns the table's path."""
    import yaml

    for folder in ("pipelines", f"datapackages/{dataset}", "validation", "datos"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "pipelines" / f"{dataset}.py").write_text(
        f'"""A table published as it is."""\n\nDATASET = "{dataset}"\n'
        'RESOURCES = ("registros",)\nSOURCES = {"registros": "datos/registros.csv"}\n',
        encoding="utf-8",
    )
    descriptor = {
        "name": dataset,
        "title": title,
        "description": "Una tabla leída de un archivo CSV.",
        "licenses": [{"name": "CC0-1.0"}],
        "resources": [{"name": "registros", "title": "Registros", "schema": schema}],
    }
    (root / "datapackages" / dataset / "datapackage.yaml").write_text(
        yaml.safe_dump(descriptor, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    # The repository's own rules: those that read every table (dates in the period, cells
    # like formulas) run on this one too, as they would in a real project.
    rules = Path(__file__).resolve().parents[1] / "validation" / "reglas.yaml"
    (root / "validation" / "reglas.yaml").write_bytes(rules.read_bytes())
    return root / "datos" / "registros.csv"
