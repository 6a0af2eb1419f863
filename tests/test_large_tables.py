"""Large tables: a pipeline whose input is CSV files, validated and exported as they stream.

frictionless-py is the reference: the streaming validator must find exactly its errors, row
for row, on generated tables and on (a small copy of) the benchmark's damaged table.
"""

from __future__ import annotations

import collections
import contextlib
import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from conftest import ROOT, tree_digest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opendata.cli import cli
from opendata.errors import InputError
from opendata.export.stream_writers import csv_rows
from opendata.project import find_project
from opendata.publish.mapping import LocalDataset
from opendata.runner import run
from opendata.validate.patterns import Pattern, fixed_width
from opendata.validate.stream import check_table

sys.path.insert(0, str(ROOT / "benchmarks"))
import tablegen

Errors = collections.Counter[tuple[Any, ...]]


def frictionless_errors(path: Path, schema: dict[str, Any]) -> Errors:
    """(row, field, error type) of every error frictionless finds, its error limit lifted."""
    from frictionless import Dialect, Resource, Schema, formats

    control = formats.CsvControl(
        delimiter=",", quote_char='"', double_quote=True, skip_initial_space=False
    )
    resource = Resource(
        path=path.name,
        basepath=str(path.parent),
        schema=Schema.from_descriptor(schema),
        encoding="utf-8",
        dialect=Dialect(header=True, controls=[control]),
    )
    report = resource.validate(limit_errors=10**9)
    errors = [e for task in report.tasks for e in task.errors] + list(report.errors)
    return collections.Counter(
        (getattr(e, "row_number", None), getattr(e, "field_name", None) or None, e.type)
        for e in errors
    )


def opendata_errors(path: Path, schema: dict[str, Any]) -> Errors:
    check = check_table([(path, path.name)], schema)
    return collections.Counter((e.row, e.field or None, e.type) for e in check.errors)


def write_csv(path: Path, rows: list[list[str] | None], terminator: str = "\r\n") -> None:
    """Rows as Python's csv module writes them; None is an empty line."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator=terminator)
    for row in rows:
        if row is None:
            text.write(terminator)
        else:
            writer.writerow(row)
    path.write_text(text.getvalue(), encoding="utf-8", newline="")


# The differential test: generated tables, every type and constraint.

PATTERNS = [
    r"[a-z]+\d?",
    r"\w+",
    r"[A-ZÁÉÍÓÚ][a-záéíóúñ ]*",
    r"\d{2}",
    r".*o",
    r"a|b",
    r"\S+",
    r"x{,2}y",
    r"[[:alpha:]]+",
    r"(?=a)\w+",
    r"[A-Z]{2}-\d",
    r"[^a-c]\W.",
    r"ab",
]
MISSING = [[""], ["", "N/A"], ["NA"], []]
CELLS = {
    "integer": [
        "0",
        "7",
        "-3",
        "007",
        "-0",
        "+5",
        " 12",
        "1_000",
        "0x10",
        "1.5",
        "1e3",
        "١٢",
        "99999999999999999999",
        "9223372036854775807",
        "N/A",
        "NA",
        "",
        "abc",
    ],
    "number": [
        "0",
        "1.5",
        "-1.50",
        "1e3",
        "1E-2",
        ".5",
        "5.",
        "+2",
        " 3 ",
        "NaN",
        "inf",
        "-Infinity",
        "1,5",
        "1_0.5",
        "1000",
        "1000.000000000001",
        "0.1000000000000000001",
        "-1.5",
        "-1.6",
        "٣",
        "N/A",
        "",
        "x",
    ],
    "string": [
        "abc",
        "abc1",
        "Michoacán",
        "Nuevo León",
        "CDMX",
        "a",
        "b",
        "ab",
        "o",
        "ño",
        "12",
        "١٢",
        "xy",
        "xxy",
        "AB-1",
        "Ab-1",
        "AB-12",
        "AB-١",
        "d!x",
        "d x",
        "c!x",
        "x,y",
        'x"y',
        "x\ny",
        "x\ry",
        " a",
        "N/A",
        "NA",
        "",
        "ABC",
    ],
    "date": [
        "2023-01-31",
        "2024-02-29",
        "2023-02-29",
        "2023-02-30",
        "2023-5-1",
        "2023-05-01",
        " 2023-05-01",
        "2023/05/01",
        "0000-01-01",
        "2019-12-31",
        "2025-01-01",
        "20230501",
        "N/A",
        "",
        "x",
    ],
    "boolean": ["true", "false", "True", "FALSE", "1", "0", "yes", "t", "", "N/A", "sí"],
    "year": ["2023", "2024", "0000", "999", "02024", "+123", " 123", "12_3", "2025", "N/A", ""],
    "yearmonth": [
        "2023-01",
        "2024-12",
        "2024-1",
        "2024-13",
        "2022-12",
        " 2024-01",
        "2024-01-01",
        "-5-01",
        "2024/01",
        "N/A",
        "",
    ],
}


def schema_for(pattern: str, missing: list[str]) -> dict[str, Any]:
    return {
        "fields": [
            {"name": "id", "type": "integer", "constraints": {"required": True, "minimum": 0}},
            {"name": "monto", "type": "number", "constraints": {"minimum": -1.5, "maximum": 1000}},
            {
                "name": "nombre",
                "type": "string",
                "constraints": {"pattern": pattern, "minLength": 2, "maxLength": 8},
            },
            {
                "name": "estado",
                "type": "string",
                "constraints": {"enum": ["Michoacán", "Nuevo León", "CDMX"], "required": True},
            },
            {
                "name": "fecha",
                "type": "date",
                "constraints": {"minimum": "2020-01-01", "maximum": "2024-12-31"},
            },
            {"name": "activo", "type": "boolean", "constraints": {"enum": [True]}},
            {"name": "anio", "type": "year", "constraints": {"enum": [2023, 2024]}},
            {"name": "mes", "type": "yearmonth", "constraints": {"minimum": "2023-01"}},
            {"name": "clave", "type": "string", "constraints": {"unique": True}},
            {"name": "conteo", "type": "integer", "constraints": {"unique": True, "maximum": 100}},
            {"name": "tasa", "type": "number", "constraints": {"unique": True}},
        ],
        "primaryKey": ["id", "mes"],
        "missingValues": missing,
    }


# Fields whose options frictionless's own reader handles (the slow path), and custom booleans.
OPTIONS = [
    {"name": "cantidad", "type": "number", "groupChar": ",", "constraints": {"minimum": 0}},
    {"name": "precio", "type": "integer", "bareNumber": False},
    {"name": "dia", "type": "date", "format": "%d/%m/%Y", "constraints": {"unique": True}},
    {"name": "datos", "type": "string", "format": "binary"},
    {"name": "si", "type": "boolean", "trueValues": ["sí", "si"], "falseValues": ["no", "0"]},
]
CELLS["options"] = [
    "1,000.5",
    "1000",
    "-2",
    "$100",
    "100 MXN",
    "31/12/2023",
    "30/02/2023",
    "2023-12-31",
    "aGVsbG8=",
    "abc",
    "sí",
    "si",
    "no",
    "0",
    "1",
    "true",
    "",
]


def cell(kind: str) -> st.SearchStrategy[str]:
    tricky = st.sampled_from(CELLS[kind])
    if kind == "integer":
        return st.one_of(tricky, st.integers(-3, 12).map(str))
    return st.one_of(tricky, st.text("abñó1 ,-.", max_size=4))


ROW = st.tuples(*(cell(f["type"]) for f in schema_for("", [""])["fields"])).map(list)


@st.composite
def tables(draw: st.DrawFn) -> tuple[dict[str, Any], list[list[str] | None], str]:
    schema = schema_for(draw(st.sampled_from(PATTERNS)), draw(st.sampled_from(MISSING)))
    row = ROW
    if draw(st.booleans()):
        schema["fields"] += OPTIONS
        extra = st.lists(cell("options"), min_size=len(OPTIONS), max_size=len(OPTIONS))
        row = st.builds(lambda first, more: first + more, ROW, extra)
    rows: list[list[str] | None] = list(draw(st.lists(row, max_size=40)))
    width = len(schema["fields"])
    damaged = draw(st.booleans())
    if rows and damaged:  # a few rows repeated, blank, empty, short or long
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(rows) - 1))
            damage = draw(st.sampled_from(["repeat", "blank", "empty", "short", "long"]))
            if damage == "repeat":
                rows.append(rows[at])
            elif damage == "blank":
                rows.insert(at, [""] * width)
            elif damage == "empty":
                rows.insert(at, None)
            elif damage == "short":
                rows.insert(at, draw(row)[: draw(st.integers(1, width - 1))])
            else:
                rows.insert(at, [*draw(row), "extra"])
    return schema, rows, draw(st.sampled_from(["\r\n", "\n"]))


@pytest.mark.filterwarnings("ignore:Possible nested set:FutureWarning")  # [[:alpha:]]
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_same_errors_as_frictionless(tmp_path_factory: pytest.TempPathFactory, table: Any) -> None:
    schema, rows, terminator = table
    path = tmp_path_factory.mktemp("differential") / "tabla.csv"
    write_csv(path, [[f["name"] for f in schema["fields"]], *rows], terminator)
    assert opendata_errors(path, schema) == frictionless_errors(path, schema)


BYTE_PATTERNS = [r"[A-Z]{3}-[0-9]{7}", r"\d{2}", r"[^a-c]\W.", r"\w\s\S", r"a.b", r"", r"ñ?"]


def test_fixed_patterns_are_matched_byte_by_byte_and_others_are_not() -> None:
    assert [fixed_width(p) is not None for p in BYTE_PATTERNS] == [True] * 6 + [False]
    # "a|b" is "^a" or "b$" once frictionless wraps it, not one character of two.
    assert fixed_width("a|b") is fixed_width("(?i)ab") is fixed_width("x{2,3}") is None


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(BYTE_PATTERNS),
    st.lists(st.one_of(st.none(), st.text("aAbcZ09-_ \t\nñ١.!", max_size=12)), max_size=30),
)
def test_a_pattern_breaks_the_cells_pythons_re_does_not_match(
    pattern: str, cells: list[str | None]
) -> None:
    python = re.compile(f"^{pattern}$")
    expected = [cell is not None and python.match(cell) is None for cell in cells]
    assert Pattern(pattern).broken(pa.array(cells, pa.string())).to_pylist() == expected


def test_same_errors_as_frictionless_on_the_benchmark_table(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    assert tablegen.generate(good, bad, 20_000) == 160
    found = opendata_errors(bad, tablegen.SCHEMA)
    assert found == frictionless_errors(bad, tablegen.SCHEMA)
    kinds = {kind for _, _, kind in found}
    assert kinds == {"type-error", "constraint-error", "unique-error", "primary-key"}
    assert opendata_errors(good, tablegen.SCHEMA) == collections.Counter()


def test_a_header_that_differs_gets_frictionless_header_errors(tmp_path: Path) -> None:
    schema = {"fields": [{"name": "id", "type": "integer"}, {"name": "nombre"}]}
    path = tmp_path / "t.csv"
    write_csv(path, [["id", "name"], ["x", "y"]])
    check = check_table([(path, "t.csv")], schema)
    assert [(e.type, e.field) for e in check.errors] == [("incorrect-label", "nombre")]
    assert not check.rows_checked  # frictionless would also find the type error in row 2


# Semantics frictionless gives and pyarrow's defaults do not.


def test_n_a_is_a_value_unless_the_schema_says_it_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_csv(path, [["n", "x"], *([n, "x"] for n in ("N/A", "n/a", "NA", "", "3"))])
    schema: dict[str, Any] = {"fields": [{"name": "n", "type": "integer"}, {"name": "x"}]}
    assert opendata_errors(path, schema) == collections.Counter(
        {(2, "n", "type-error"): 1, (3, "n", "type-error"): 1, (4, "n", "type-error"): 1}
    )
    schema["missingValues"] = ["", "N/A"]
    assert opendata_errors(path, schema) == collections.Counter(
        {(3, "n", "type-error"): 1, (4, "n", "type-error"): 1}
    )
    assert opendata_errors(path, schema) == frictionless_errors(path, schema)


def test_dates_are_strict_where_python_is(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    rows = [["2023-02-30"], ["2023-02-29"], ["2024-02-29"], ["2023-13-01"], ["2023-5-1"]]
    write_csv(path, [["fecha"], *rows])
    schema = {"fields": [{"name": "fecha", "type": "date"}]}
    # 2023-5-1 is a date to frictionless (Python's strptime): the same here.
    assert opendata_errors(path, schema) == collections.Counter(
        {
            (2, "fecha", "type-error"): 1,
            (3, "fecha", "type-error"): 1,
            (5, "fecha", "type-error"): 1,
        }
    )
    assert opendata_errors(path, schema) == frictionless_errors(path, schema)


def test_unique_values_hold_across_files_and_errors_name_their_file(tmp_path: Path) -> None:
    schema = {"fields": [{"name": "folio", "constraints": {"unique": True}}]}
    first, second = tmp_path / "2023.csv", tmp_path / "2024.csv"
    write_csv(first, [["folio"], ["A"], ["B"]])
    write_csv(second, [["folio"], ["C"], ["A"]])
    check = check_table([(first, "2023.csv"), (second, "2024.csv")], schema)
    assert [(e.file, e.row, e.type, e.note) for e in check.errors] == [
        ("2024.csv", 3, "unique-error", "the same as in the row at position 2")
    ]
    assert check.rows == 4


def test_a_file_that_is_not_utf8_is_one_clean_input_error(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"a\r\nx\r\n\xff\r\n")
    with pytest.raises(InputError, match=r"t\.csv:3: not UTF-8"):
        check_table([(path, "t.csv")], {"fields": [{"name": "a"}]})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(max_size=5), min_size=2, max_size=2), min_size=1, max_size=20))
def test_the_csv_is_written_as_pythons_csv_module_writes_it(rows: list[list[str]]) -> None:
    from opendata import arrow_values as av

    columns = [av.array([row[i] for row in rows], pa.string()) for i in range(2)]
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    written = csv_rows(pa.RecordBatch.from_arrays(columns, names=["a", "b"]))
    assert bytes(written) == text.getvalue().encode("utf-8")


def test_a_large_table_run_imports_neither_pandas_nor_frictionless(tmp_path: Path) -> None:
    """pa.array() and Python values in pyarrow.compute import pandas (0.4 s a run);
    frictionless is for the cells the fast path does not know, GX for small tables only."""
    root = make_project(tmp_path / "proyecto", GOOD_ROWS)
    code = (
        "import sys; from pathlib import Path; from opendata.project import find_project;"
        "from opendata.runner import run;"
        f"assert run(find_project(Path({str(root)!r})), out=Path({str(tmp_path / 'out')!r}))"
        ".validation.valid;"
        "print(sorted(m for m in ('pandas', 'frictionless', 'great_expectations')"
        " if m in sys.modules))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


# A project whose pipeline reads a CSV file: run, package, validate, reject.

SCHEMA: dict[str, Any] = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True}},
        {"name": "entidad", "type": "string", "constraints": {"enum": ["Jalisco", "Yucatán"]}},
        {"name": "fecha", "type": "date"},
        {"name": "monto", "type": "number", "constraints": {"minimum": 0}},
        {"name": "vigente", "type": "boolean"},
        {"name": "anio", "type": "year"},
        {"name": "mes", "type": "yearmonth"},
    ],
    "primaryKey": ["id"],
}
GOOD_ROWS = [
    ["1", "Jalisco", "2024-01-31", "10.5", "true", "2024", "2024-01"],
    ["2", "Yucatán", "2024-02-29", "0", "false", "2023", "2023-12"],
    ["3", "Jalisco", "", "", "1", "", ""],
]


def make_project(root: Path, rows: list[list[str]]) -> Path:
    table = tablegen.write_project(root, "padron", "Padrón de prueba", SCHEMA)
    write_csv(table, [[f["name"] for f in SCHEMA["fields"]], *rows])
    return root


def test_a_csv_pipeline_is_validated_and_exported(tmp_path: Path) -> None:
    project = find_project(make_project(tmp_path / "proyecto", GOOD_ROWS))
    result = run(project, out=tmp_path / "salida")
    folder = tmp_path / "salida" / "padron"
    assert sorted(p.name for p in folder.iterdir()) == [
        "croissant.json",
        "datapackage.json",
        "dcat.jsonld",
        "registros.csv",
        "registros.parquet",
    ]
    assert (folder / "registros.csv").read_bytes() == (
        project.root / "datos" / "registros.csv"
    ).read_bytes()
    parquet = pq.read_table(folder / "registros.parquet")
    assert parquet.schema.types == [
        pa.int64(),
        pa.string(),
        pa.date32(),
        pa.float64(),
        pa.bool_(),
        pa.int64(),
        pa.string(),
    ]
    assert not parquet.schema.field("id").nullable
    assert parquet.column("vigente").to_pylist() == [True, False, True]
    assert parquet.column("fecha").to_pylist()[2] is None
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["validacion"] == {"tablas_grandes": True, "valido": True, "advertencias": []}
    assert descriptor["sources"][0]["path"] == "datos/registros.csv"
    assert [r["format"] for r in descriptor["resources"]] == ["csv", "parquet"]
    rows = result.tables["padron"]["registros"]
    assert len(rows) == 3 and rows[1]["entidad"] == "Yucatán" and rows[-1]["id"] == 3
    assert result.validation.large_tables["padron"][-1] == "gx: not run (large tables)"
    assert not (project.validation_dir / "padron.json").exists()  # no suite for a large table
    extras = LocalDataset.read(folder).metadata("org", "https://datos.example.gob.mx")["extras"]
    assert "archivos CSV de origen" in extras["procedencia"]

    again = run(project, out=tmp_path / "otra")
    assert tree_digest(tmp_path / "salida") == tree_digest(tmp_path / "otra")
    assert again.validation.valid

    checked = CliRunner().invoke(
        cli, ["--project", str(project.root), "-q", "validate", str(tmp_path / "salida"), "--json"]
    )
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout)["large_tables"]["padron"][0].startswith("schema: ")
    (folder / "registros.csv").write_bytes(b"id,entidad\r\n")  # tampered
    tampered = CliRunner().invoke(
        cli, ["--project", str(project.root), "validate", str(tmp_path / "salida")]
    )
    assert tampered.exit_code == 1
    assert "integrity:hash-count" in tampered.output


def test_a_bad_csv_fails_with_every_error_and_changes_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proyecto", GOOD_ROWS)
    run(find_project(root), out=tmp_path / "salida")
    before = tree_digest(tmp_path / "salida")
    bad = [
        *GOOD_ROWS,
        ["2", "Jalisco", "2024-02-30", "-1", "sí", "24", "2024-13"],
        ["", "Sonora", "", "N/A", "", "", ""],
        *[[str(n), "CDMX", "", "", "", "", ""] for n in range(10, 40)],
    ]
    write_csv(root / "datos" / "registros.csv", [[f["name"] for f in SCHEMA["fields"]], *bad])
    expected = frictionless_errors(root / "datos" / "registros.csv", SCHEMA)
    assert sum(expected.values()) == 40

    outcome = CliRunner().invoke(
        cli, ["--project", str(root), "run", "--out", str(tmp_path / "salida")]
    )
    assert outcome.exit_code == 1
    assert "... and" in outcome.output  # the summary shows some errors, the report has them all
    assert tree_digest(tmp_path / "salida") == before
    rejected = tmp_path / "salida.rejected"
    report = json.loads((rejected / "validation-report.json").read_text(encoding="utf-8"))
    found = collections.Counter(
        (f["values"].get("row_number"), f["values"].get("field_name"), f["check"][7:])
        for f in report["findings"]
    )
    assert found == expected
    assert report["errors"] == 40
    assert not (rejected / "padron").exists()  # a rejected large table writes no files


def test_a_csv_project_is_rebuilt_only_when_a_source_changes(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proyecto", GOOD_ROWS)
    command = ["--project", str(root), "run", "--out", str(tmp_path / "salida")]
    assert CliRunner().invoke(cli, command).exit_code == 0
    before = tree_digest(tmp_path / "salida")
    again = CliRunner().invoke(cli, command)
    assert again.exit_code == 0 and "nothing to do" in again.output
    assert tree_digest(tmp_path / "salida") == before
    rows = [*GOOD_ROWS, ["4", "Yucatán", "2024-03-01", "5", "false", "2024", "2024-03"]]
    write_csv(root / "datos" / "registros.csv", [[f["name"] for f in SCHEMA["fields"]], *rows])
    changed = CliRunner().invoke(cli, command)
    assert changed.exit_code == 0 and "padron: 1 table, 4 rows" in changed.output


def test_sources_that_do_not_match_the_descriptor_are_an_input_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proyecto", GOOD_ROWS)
    (root / "datos" / "registros.csv").unlink()
    with pytest.raises(InputError, match=r"datos/registros\.csv: no such file"):
        run(find_project(root), out=tmp_path / "salida")
    (root / "pipelines" / "padron.py").write_text(
        'DATASET = "padron"\nRESOURCES = ("registros",)\nSOURCES = {"otros": "x.csv"}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="SOURCES must map each of RESOURCES"):
        find_project(root).pipelines()


def test_a_csv_already_as_opendata_writes_it_is_copied_else_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opendata.export import stream_writers
    from opendata.export.stream_writers import copy_if_written

    cases = {
        b"a,b\r\n1,2\r\n": True,
        b"a,b\r\n1,2": False,  # no CRLF after the last row
        b"a,b\n1,2\n": False,
        b"a,b\r\n1,\r2\r\n": False,
        b"a,b\r\n1,2\r\r\n": False,
        b"a,b\r\n\n1,2\r\n": False,
        b'a,b\r\n1,"2"\r\n': False,  # quotes it did not need: written again without them
        b"\xef\xbb\xbfa,b\r\n1,2\r\n": False,
        b"": False,
    }
    for chunk in (3, 4, 8 << 20):  # CR and LF on either side of a chunk's end
        monkeypatch.setattr(stream_writers, "SCAN_CHUNK", chunk)
        for data, copied in cases.items():
            path, copy = tmp_path / "t.csv", tmp_path / "copy.csv"
            path.write_bytes(data)
            copy.unlink(missing_ok=True)
            assert (copy_if_written(path, copy) is not None) == copied, (chunk, data)
            assert copy.is_file() == copied
    monkeypatch.undo()

    root = make_project(tmp_path / "proyecto", GOOD_ROWS)
    source = root / "datos" / "registros.csv"
    source.write_bytes(source.read_bytes().replace(b"\r\n", b"\n"))
    run(find_project(root), out=tmp_path / "salida")
    written = (tmp_path / "salida" / "padron" / "registros.csv").read_bytes()
    assert written == source.read_bytes().replace(b"\n", b"\r\n")


def test_datastore_rows_come_from_the_parquet_typed_as_validation_read_the_csv(
    tmp_path: Path,
) -> None:
    from opendata.publish.datastore import records

    schema = {
        "fields": [
            {"name": "activo", "type": "boolean", "trueValues": ["sí"], "falseValues": ["no"]},
            {"name": "monto", "type": "number", "groupChar": ","},
            {"name": "dia", "type": "date", "format": "%d/%m/%Y"},
            {"name": "mes", "type": "yearmonth"},
            {"name": "personas", "type": "integer"},
            {"name": "nota", "type": "string"},
            {"name": "anio", "type": "year"},
        ],
        "missingValues": ["", "N/A"],
    }
    table = tablegen.write_project(tmp_path / "proyecto", "prueba", "Prueba", schema)
    table.write_text(
        'activo,monto,dia,mes,personas,nota,anio\r\nsí,"1,250.5",31/12/2023,2024-01,+7,N/A,2024\r\n'
        'no,N/A,01/02/2024,,12,"a, b",N/A\r\nN/A,NaN,N/A,2023-12,N/A,x,0999\r\n'
        "no,-inf,29/02/2024,2023-02,-3,ñ,2000\r\n",
        encoding="utf-8",
    )
    run(find_project(tmp_path / "proyecto"), out=tmp_path / "salida")
    local = LocalDataset.read(tmp_path / "salida" / "prueba")
    csv_file = next(f for f in local.files if f.schema is not None)
    assert csv_file.typed == tmp_path / "salida" / "prueba" / "registros.parquet"
    descriptor_path = tmp_path / "salida" / "prueba" / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["format"] == "csv"]
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(InputError, match="'registros' has no Parquet file with its schema"):
        LocalDataset.read(tmp_path / "salida" / "prueba")
    csv_file.path.unlink()  # the DataStore rows never read the CSV
    batches = list(records(csv_file.typed, schema, batch_rows=3))
    assert [len(batch) for batch in batches] == [3, 1]
    assert [row for batch in batches for row in batch] == [
        {"activo": True, "monto": 1250.5, "dia": "2023-12-31", "mes": "2024-01", "personas": 7,
         "nota": None, "anio": 2024},
        {"activo": False, "monto": None, "dia": "2024-02-01", "mes": None, "personas": 12,
         "nota": "a, b", "anio": None},
        {"activo": None, "monto": "NaN", "dia": None, "mes": "2023-12", "personas": None,
         "nota": "x", "anio": 999},
        {"activo": False, "monto": "-Infinity", "dia": "2024-02-29", "mes": "2023-02",
         "personas": -3, "nota": "ñ", "anio": 2000},
    ]  # fmt: skip


def test_datastore_batches_span_row_groups_and_the_parquet_must_match_its_schema(
    tmp_path: Path,
) -> None:
    from opendata.publish.datastore import records

    path = tmp_path / "t.parquet"
    schema = {"fields": [{"name": "n", "type": "integer"}, {"name": "d", "type": "date"}]}
    dates = pa.array([18000 + n for n in range(7)], pa.int32()).cast(pa.date32())
    pq.write_table(pa.table({"n": list(range(7)), "d": dates}), path, row_group_size=3)
    batches = list(records(path, schema, batch_rows=2))
    assert [[row["n"] for row in batch] for batch in batches] == [[0, 1], [2, 3], [4, 5], [6]]
    assert batches[0][0] == {"n": 0, "d": "2019-04-14"}
    for wrong in ({"name": "n", "type": "string"}, {"name": "falta", "type": "integer"}):
        with pytest.raises(InputError, match="not as its schema types it"):
            list(records(path, {"fields": [wrong]}))
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(InputError, match="unreadable Parquet file"):
        list(records(path, schema))


def test_a_large_table_reaches_the_datastore_typed_in_batches(
    tmp_path: Path, settings: dict[str, str], token: str
) -> None:
    from opendata.portal import Portal, PortalNotFound
    from opendata.publish import local_datasets, publish

    rows = [
        [str(n), ("Jalisco", "Yucatán")[n % 2], f"2024-01-{n % 28 + 1:02d}", f"{n / 4}",
         ("true", "false", "1", "0")[n % 4], "" if n % 5 else "2024", f"2023-{n % 12 + 1:02d}"]
        for n in range(1, 2501)
    ]  # fmt: skip
    root = make_project(tmp_path / "proyecto", rows)
    run(find_project(root), out=tmp_path / "salida")
    portal = Portal(settings["CKAN_URL"], token)
    with contextlib.suppress(PortalNotFound):
        portal.call_action("dataset_purge", {"id": "padron"})
    messages: list[str] = []
    datasets = local_datasets(tmp_path / "salida")
    publish(
        portal, datasets, organization="opendata-pruebas", whole=False, progress=messages.append
    )
    try:
        loads = [m for m in messages if "DataStore" in m]
        batches = [f"padron: DataStore registros.csv: {n:,} rows" for n in (1000, 2000, 2500)]
        assert loads == batches
        package = portal.call_action("package_show", {"id": "padron"})
        table = next(r for r in package["resources"] if r["opendata_key"] == "registros.csv")
        found = portal.call_action(
            "datastore_search", {"resource_id": table["id"], "sort": "id", "limit": 3}
        )
        assert found["total"] == 2500
        types = {f["id"]: f["type"] for f in found["fields"] if f["id"] != "_id"}
        assert types == {
            "id": "int8", "entidad": "text", "fecha": "date", "monto": "float8",
            "vigente": "bool", "anio": "int4", "mes": "text",
        }  # fmt: skip
        first = {k: v for k, v in found["records"][0].items() if k != "_id"}
        assert first == {
            "id": 1, "entidad": "Yucatán", "fecha": "2024-01-02", "monto": 0.25,
            "vigente": False, "anio": None, "mes": "2023-02",
        }  # fmt: skip
        assert [r["vigente"] for r in found["records"]] == [False, True, False]  # "0", "1"...
    finally:
        portal.call_action("dataset_purge", {"id": "padron"})


_ATOMS = ["a", "Z", "7", "-", ".", r"\d", r"\D", r"\w", r"\W", r"\s", r"\S", r"\.", "[a-c]",
          "[^a-c]", r"[\d_]", "[A-Z0-9]", "[-x]", "{2}", "{0}", "{1,1}", "(", "|", "*", "?",
          "{1,2}", r"\b", "[", "]"]  # fmt: skip


@pytest.mark.filterwarnings("ignore:Possible nested set:FutureWarning")  # "[" then "["
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_ATOMS), max_size=6),
    st.lists(st.text(alphabet=[chr(c) for c in range(0x20, 0x7F)], max_size=6), max_size=20),
)
def test_the_fixed_pattern_reader_agrees_with_python_re(atoms: list[str], cells: list[str]) -> None:
    """Whatever it reads as a fixed run of characters matches as re does, on printable ASCII."""
    import re

    import pyarrow as pa

    from opendata.validate.patterns import _match_fixed

    pattern = "".join(atoms)
    try:
        compiled = re.compile(f"^{pattern}$")
    except re.error:
        assert fixed_width(pattern) is None
        return
    positions = fixed_width(pattern)
    if positions is None or not cells:
        return
    verdict = _match_fixed(pa.array(cells, pa.string()), positions).tolist()
    assert verdict == [compiled.match(cell) is not None for cell in cells], pattern


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 40), st.booleans()), max_size=30), min_size=1, max_size=8
    ),
    st.booleans(),
    st.booleans(),
)
def test_the_key_index_finds_every_repeated_key_in_blocks_and_slices(
    batches: list[list[tuple[int, bool]]], exact: bool, counting: bool
) -> None:
    """Keys kept in blocks, runs of ids and sorted slice by slice find the rows a plain count
    finds: every row whose key (when it has one) another row has."""
    import numpy as np

    from opendata.validate import keys

    index = keys.KeyIndex("unique-error", [0])
    rows: list[tuple[int, bool]] = []
    start = 0
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keys, "BLOCK_KEYS", 7)
        patch.setattr(keys, "SORTED_KEYS", 4)
        for batch in batches:
            if counting:  # ids counting up by one, a run of their own
                batch = [(start + i, True) for i in range(len(batch))]
                start += len(batch) + 1
            values = np.array([v for v, _ in batch], np.uint64)
            present = np.array([p for _, p in batch], bool)
            index.add(values, present, exact)
            rows += batch
        found_rows, found_keys = index.repeated()
    counts = collections.Counter(v for v, p in rows if p)
    expected = [i for i, (v, p) in enumerate(rows) if p and counts[v] > 1]
    assert found_rows.tolist() == expected
    assert found_keys.tolist() == [rows[i][0] for i in expected]


def test_a_string_repeated_in_another_batch_is_a_repeated_key(tmp_path: Path) -> None:
    """A string's key is its own: the same whether the other strings of its batch are all as
    long as it (one path) or not (another)."""
    from opendata.validate import csv_reading

    schema = {"fields": [{"name": "folio", "constraints": {"unique": True}}]}
    first = [f"F{i:05d}" for i in range(400)] + ["long folio"]  # strings of two lengths
    rows: list[list[str] | None] = [["folio"], *([f] for f in first)]
    rows += [*([f"G{i:05d}"] for i in range(400)), ["F00007"]]
    write_csv(tmp_path / "folios.csv", rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csv_reading, "BLOCK_SIZE", 1024)  # batches of about a hundred rows
        check = check_table([(tmp_path / "folios.csv", "folios.csv")], schema)
    assert [(e.row, e.type, e.note) for e in check.errors] == [
        (803, "unique-error", "the same as in the row at position 9")
    ]
    for kind in ("F00007", "abc", "", "ñandú ñandú"):  # alone, or among others
        alone = keys_of([kind])[0]
        assert alone == keys_of([kind, "x" * 20])[0] == keys_of(["yy", kind])[1]


def keys_of(strings: list[str]) -> list[int]:
    from opendata.validate.keys import hash_strings

    return [int(k) for k in hash_strings(pa.array(strings, pa.string()))]
