"""Checks a machine can make on a package on disk: its files, tables and metadata."""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from opendata.compliance.report import Result, criterion
from opendata.metadata.periods import bounds, valid_periodicity
from opendata.metadata.record import PackageFile, PackageRecord

OPEN_FORMATS = {
    "csv": "text/csv",
    "parquet": "application/vnd.apache.parquet",
    "json": "application/json",
}
TOTAL_WORDS = {"total", "totales", "gran total", "suma", "subtotal"}
NUMBER_WITH_UNIT = re.compile(
    r"^\s*(?:[$€£]\s*\d[\d.,\s]*|\d[\d.,\s]*\s*(?:%|m2|m²|km|kg|mxn|usd|pesos|dólares))\s*$",
    re.IGNORECASE,
)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YEARMONTH = re.compile(r"^\d{4}-\d{2}$")
Check = Callable[[PackageRecord], Result]
Verdict = tuple[list[str], str]  # the problems found (none: passed), and what a pass shows


def judged(check: str) -> Callable[[Callable[[PackageRecord], Verdict]], Check]:
    """A check made of a function that finds the problems, judged by its criterion."""

    def judge(find: Callable[[PackageRecord], Verdict]) -> Check:
        @functools.wraps(find)
        def run(record: PackageRecord) -> Result:
            problems, evidence = find(record)
            return criterion(check).judge(record.name, problems, evidence)

        return run

    return judge


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(plain.lower().split())


def _tables(record: PackageRecord) -> Iterator[tuple[PackageFile, Path]]:
    for file in record.files:
        if file.schema is not None:
            yield file, record.folder / file.path


def _numbered_rows(record: PackageRecord) -> Iterator[tuple[PackageFile, int, dict[str, str]]]:
    """Every row of every table, with its number in its file (the header is row 1)."""
    for file, path in _tables(record):
        for number, row in enumerate(_rows(path), start=2):
            yield file, number, row


def _rows(path: Path) -> Iterator[dict[str, str]]:
    # Bytes that are not UTF-8 are the texto-utf8 check's finding; the others read on.
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        yield from csv.DictReader(handle)


@judged("formatos-abiertos")
def open_formats(record: PackageRecord) -> Verdict:
    problems = [
        f"{f.path}: formato {f.format or '?'} ({f.mediatype or 'sin mediatype'})"
        for f in record.files
        if OPEN_FORMATS.get(f.format) != f.mediatype
    ]
    kinds = sorted({f"{f.format} ({f.mediatype})" for f in record.files})
    return problems, f"{len(record.files)} archivos: {', '.join(kinds)}"


@judged("legible-por-maquinas")
def machine_readable(record: PackageRecord) -> Verdict:
    problems = []
    tables = list(_tables(record))
    for file, path in tables:
        expected = [f["name"] for f in (file.schema or {}).get("fields", [])]
        try:
            with path.open(encoding="utf-8", errors="replace", newline="") as handle:
                header = next(csv.reader(handle), [])
        except (OSError, csv.Error) as exc:
            problems.append(f"{file.path}: no se puede leer ({exc.__class__.__name__})")
            continue
        if header != expected:
            problems.append(f"{file.path}: encabezado {header} no es el de su Table Schema")
    if not record.descriptor.get("validacion", {}).get("valido"):
        problems.append("datapackage.json no registra una validación sin errores")
    return problems, f"{len(tables)} tablas con Table Schema, validación sin errores"


@judged("texto-utf8")
def utf8(record: PackageRecord) -> Verdict:
    problems = []
    for file, path in _tables(record):
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(f"{file.path}: byte {exc.start} no es UTF-8")
    return problems, "todas las tablas CSV se leen como UTF-8"


@judged("fechas-iso-8601")
def iso_dates(record: PackageRecord) -> Verdict:
    problems = []
    checked = 0
    for file, path in _tables(record):
        fields = {f["name"]: f.get("type") for f in (file.schema or {}).get("fields", [])}
        for number, row in enumerate(_rows(path), start=2):
            for name, kind in fields.items():
                value = row.get(name) or ""
                if not value:
                    continue
                bad = (
                    (kind == "date" and not DATE.match(value))
                    or (kind == "yearmonth" and not YEARMONTH.match(value))
                    or (name == "periodo" and bounds(value) is None)
                )
                checked += kind in ("date", "yearmonth") or name == "periodo"
                if bad:
                    problems.append(f"{file.path}:{number}: {name} {value!r}")
    return problems, f"{checked} fechas y periodos en ISO 8601"


@judged("claves-inegi")
def inegi_keys(record: PackageRecord) -> Verdict:
    from opendata.extract.entidades import all_entidades

    names = {e.cve_ent: e.nombre for e in all_entidades()}
    problems = []
    checked = 0
    for file, path in _tables(record):
        fields = [f["name"] for f in (file.schema or {}).get("fields", [])]
        if "cve_ent" not in fields:
            continue
        for number, row in enumerate(_rows(path), start=2):
            key = row.get("cve_ent") or ""
            if not key:
                continue
            checked += 1
            state = row.get("entidad_federativa")
            if key not in names:
                problems.append(f"{file.path}:{number}: cve_ent {key!r} no es clave INEGI")
            elif state and _fold(state) != _fold(names[key]):
                problems.append(
                    f"{file.path}:{number}: cve_ent {key} es {names[key]}, no {state!r}"
                )
    spatial = record.spatial
    if not spatial.get("uri"):
        problems.append("sin cobertura espacial")
    return problems, f"{checked} claves INEGI válidas; cobertura: {spatial.get('texto', '')}"


@judged("sin-filas-de-totales")
def no_total_rows(record: PackageRecord) -> Verdict:
    problems: list[str] = []
    rows = 0
    for file, number, row in _numbered_rows(record):
        totals = [(n, v) for n, v in row.items() if v and _fold(v).rstrip(":") in TOTAL_WORDS]
        problems += [f"{file.path}:{number}: {name} = {value!r}" for name, value in totals]
        rows += 1
    return problems, f"{rows} filas sin celdas de totales"


@judged("numeros-sin-unidades")
def numbers_without_units(record: PackageRecord) -> Verdict:
    problems = []
    numeric = 0
    for file, path in _tables(record):
        schema_fields = (file.schema or {}).get("fields", [])
        numeric += sum(f.get("type") in ("integer", "number") for f in schema_fields)
        texts = [f["name"] for f in schema_fields if f.get("type", "string") == "string"]
        values: dict[str, list[str]] = {name: [] for name in texts}
        for row in _rows(path):
            for name in texts:
                if row.get(name):
                    values[name].append(row[name])
        for name, cells in values.items():
            if cells and all(NUMBER_WITH_UNIT.match(cell) for cell in cells):
                problems.append(f"{file.path}: {name} guarda números con su unidad ({cells[0]!r})")
    return problems, f"{numeric} columnas numéricas tipadas en el Table Schema"


@judged("metadatos-obligatorios")
def required_metadata(record: PackageRecord) -> Verdict:
    descriptor = record.descriptor
    wanted: dict[str, Any] = {
        "identifier (name)": descriptor.get("name"),
        "title": descriptor.get("title"),
        "description": descriptor.get("description"),
        "keywords": descriptor.get("keywords"),
        "contactPoint (contacto.nombre)": record.contact["nombre"],
        "mbox (contacto.correo)": "@" in record.contact["correo"] and record.contact["correo"],
        "accrualPeriodicity (periodicidad)": valid_periodicity(record.periodicity),
        "temporal (cobertura_temporal)": record.temporal,
        "spatial (cobertura_espacial)": record.spatial.get("uri"),
        "license": record.licence.get("path"),
    }
    problems = [f"falta {key}" for key, value in wanted.items() if not value]
    for file in record.files:
        if not (file.title and file.mediatype):
            problems.append(f"{file.path}: falta title o mediaType")
    undocumented = [
        f"{file.path}: {f['name']}"
        for file in record.files
        if file.schema
        for f in file.schema.get("fields", [])
        if not f.get("description")
    ]
    problems += [f"campo sin descripción en el diccionario de datos: {u}" for u in undocumented]
    return problems, (
        f"{len(wanted)} metadatos del conjunto; {len(record.files)} recursos con título y tipo "
        "de medio; cada campo descrito"
    )


@judged("licencia-y-cita")
def licence_and_citation(record: PackageRecord) -> Verdict:
    licence = record.licence
    problems = []
    if not (licence.get("name") and licence.get("path")):
        problems.append("sin licencia con su URL")
    cita = (record.descriptor.get("cita") or {}).get("texto")
    if not cita:
        problems.append("sin cita de la fuente")
    licensed = f"licencia {licence.get('title') or licence.get('name')} ({licence.get('path')})"
    return problems, f"{licensed}; cita: {cita}"


@judged("periodicidad-declarada")
def periodicity_declared(record: PackageRecord) -> Verdict:
    value = record.periodicity
    problems = [] if valid_periodicity(value) else [f"periodicidad {value!r} no es ISO 8601"]
    return problems, f"periodicidad {value}"


def free_of_charge(record: PackageRecord) -> Result:
    return criterion("gratuidad").unknown(
        record.name,
        "es una condición de la publicación, no de los archivos; la descarga anónima "
        "(descarga-anonima) no pide pago ni registro",
    )


def primary(record: PackageRecord) -> Result:
    rows = with_source = 0
    for file, path in _tables(record):
        if not file.name.startswith("indicadores"):
            continue
        for row in _rows(path):
            rows += 1
            with_source += bool(row.get("seccion") and row.get("oracion"))
    return criterion("datos-primarios").unknown(
        record.name,
        "el máximo nivel de desagregación posible no se deduce de los archivos; evidencia: "
        f"{with_source} de {rows} cifras llevan la sección y la oración del informe de origen",
    )


LOCAL_CHECKS: tuple[Check, ...] = (
    open_formats,
    machine_readable,
    utf8,
    iso_dates,
    inegi_keys,
    no_total_rows,
    numbers_without_units,
    required_metadata,
    licence_and_citation,
    periodicity_declared,
    free_of_charge,
    primary,
)
