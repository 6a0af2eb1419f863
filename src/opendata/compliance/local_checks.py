"""Checks a machine can make on a package on disk: its files, tables and metadata."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from opendata.compliance.report import ERROR, FAIL, NOT_CHECKABLE, PASS, WARNING, Result
from opendata.compliance.sources import Source, guide, law
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


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(plain.lower().split())


def _tables(record: PackageRecord) -> Iterator[tuple[PackageFile, Path]]:
    for file in record.files:
        if file.schema is not None:
            yield file, record.folder / file.path


def _rows(path: Path) -> Iterator[dict[str, str]]:
    # Bytes that are not UTF-8 are the texto-utf8 check's finding; the others read on.
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        yield from csv.DictReader(handle)


def _result(
    record: PackageRecord,
    check: str,
    characteristic: str,
    what: str,
    problems: list[str],
    evidence: str,
    sources: tuple[Source, ...],
    severity: str = ERROR,
) -> Result:
    state = FAIL if problems else PASS
    shown = "; ".join(problems[:5]) + (f" (y {len(problems) - 5} más)" if len(problems) > 5 else "")
    return Result(
        record.name, check, characteristic, what, severity, state, shown or evidence, sources
    )


def open_formats(record: PackageRecord) -> Result:
    problems = [
        f"{f.path}: formato {f.format or '?'} ({f.mediatype or 'sin mediatype'})"
        for f in record.files
        if OPEN_FORMATS.get(f.format) != f.mediatype
    ]
    kinds = sorted({f"{f.format} ({f.mediatype})" for f in record.files})
    return _result(
        record,
        "formatos-abiertos",
        "en formatos abiertos",
        "cada archivo en un formato de especificación pública (CSV RFC 4180, Apache Parquet, "
        "JSON) con su tipo de medio",
        problems,
        f"{len(record.files)} archivos: {', '.join(kinds)}",
        (law("en formatos abiertos"),),
    )


def machine_readable(record: PackageRecord) -> Result:
    problems = []
    tables = 0
    for file, path in _tables(record):
        tables += 1
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
    return _result(
        record,
        "legible-por-maquinas",
        "legibles por máquinas",
        "cada tabla CSV con encabezado igual a su Table Schema y validada sin errores",
        problems,
        f"{tables} tablas con Table Schema, validación sin errores",
        (law("legibles por máquinas"),),
    )


def utf8(record: PackageRecord) -> Result:
    problems = []
    for file, path in _tables(record):
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(f"{file.path}: byte {exc.start} no es UTF-8")
    return _result(
        record,
        "texto-utf8",
        "legibles por máquinas",
        "texto codificado en UTF-8",
        problems,
        "todas las tablas CSV se leen como UTF-8",
        (guide("2.2"), law("legibles por máquinas")),
    )


def iso_dates(record: PackageRecord) -> Result:
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
    return _result(
        record,
        "fechas-iso-8601",
        "legibles por máquinas",
        "fechas y periodos en ISO 8601",
        problems,
        f"{checked} fechas y periodos en ISO 8601",
        (guide("2.2"),),
    )


def inegi_keys(record: PackageRecord) -> Result:
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
    return _result(
        record,
        "claves-inegi",
        "legibles por máquinas",
        "entidades federativas con su clave INEGI del Catálogo Único de Claves, y cobertura "
        "espacial declarada",
        problems,
        f"{checked} claves INEGI válidas; cobertura: {spatial.get('texto', '')}",
        (guide("2.2"),),
    )


def no_total_rows(record: PackageRecord) -> Result:
    problems = []
    rows = 0
    for file, path in _tables(record):
        for number, row in enumerate(_rows(path), start=2):
            rows += 1
            for name, value in row.items():
                if value and _fold(value).rstrip(":") in TOTAL_WORDS:
                    problems.append(f"{file.path}:{number}: {name} = {value!r}")
    return _result(
        record,
        "sin-filas-de-totales",
        "legibles por máquinas",
        "ninguna fila de totales («Total», «Suma») mezclada con los datos",
        problems,
        f"{rows} filas sin celdas de totales",
        (guide("2.2"),),
    )


def numbers_without_units(record: PackageRecord) -> Result:
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
    return _result(
        record,
        "numeros-sin-unidades",
        "legibles por máquinas",
        "cifras en columnas numéricas (integer, number) y unidades en su propia columna; "
        "ninguna columna de texto hecha de números con unidad",
        problems,
        f"{numeric} columnas numéricas tipadas en el Table Schema",
        (guide("2.2"),),
    )


def required_metadata(record: PackageRecord) -> Result:
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
    return _result(
        record,
        "metadatos-obligatorios",
        "integrales",
        "metadatos obligatorios del conjunto y de cada recurso, y diccionario de datos (cada "
        "campo descrito en su Table Schema)",
        problems,
        f"{len(wanted)} metadatos del conjunto; {len(record.files)} recursos con título y tipo "
        "de medio; cada campo descrito",
        (law("integrales"), guide("2.4")),
    )


def licence_and_citation(record: PackageRecord) -> Result:
    licence = record.licence
    problems = []
    if not (licence.get("name") and licence.get("path")):
        problems.append("sin licencia con su URL")
    cita = (record.descriptor.get("cita") or {}).get("texto")
    if not cita:
        problems.append("sin cita de la fuente")
    return _result(
        record,
        "licencia-y-cita",
        "de libre uso",
        "licencia de libre uso declarada y la cita de la fuente que pide",
        problems,
        f"licencia {licence.get('title') or licence.get('name')} ({licence.get('path')}); "
        f"cita: {cita}",
        (law("de libre uso"),),
    )


def periodicity_declared(record: PackageRecord) -> Result:
    value = record.periodicity
    problems = [] if valid_periodicity(value) else [f"periodicidad {value!r} no es ISO 8601"]
    return _result(
        record,
        "periodicidad-declarada",
        "oportunos",
        "periodicidad de actualización declarada (ISO 8601, p. ej. R/P1Y, o «irregular»)",
        problems,
        f"periodicidad {value}",
        (law("oportunos"), guide("2.4")),
    )


def free_of_charge(record: PackageRecord) -> Result:
    return Result(
        record.name,
        "gratuidad",
        "gratuitos",
        "que los datos se obtengan sin contraprestación",
        WARNING,
        NOT_CHECKABLE,
        "es una condición de la publicación, no de los archivos; la descarga anónima "
        "(descarga-anonima) no pide pago ni registro",
        (law("gratuitos"),),
    )


def primary(record: PackageRecord) -> Result:
    rows = with_source = 0
    for file, path in _tables(record):
        if not file.name.startswith("indicadores"):
            continue
        for row in _rows(path):
            rows += 1
            with_source += bool(row.get("seccion") and row.get("oracion"))
    return Result(
        record.name,
        "datos-primarios",
        "primarios",
        "que los datos provengan de la fuente de origen con el máximo nivel de desagregación",
        WARNING,
        NOT_CHECKABLE,
        "el máximo nivel de desagregación posible no se deduce de los archivos; evidencia: "
        f"{with_source} de {rows} cifras llevan la sección y la oración del informe de origen",
        (law("primarios"),),
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
