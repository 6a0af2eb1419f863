"""The validators the interoperability tests share: DCAT-AP 3 SHACL shapes (pyshacl),
Croissant records (mlcroissant) against the CSV rows, DCAT-US 1.1 JSON Schemas."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
SHAPES = HERE / "shacl" / "dcat-ap_3_shacl_shapes.ttl"
DCAT_US = HERE / "schemas" / "dcat-us-1.1"


def shacl_violations(graph: Any) -> list[str]:
    """Every DCAT-AP 3 shape violation of `graph`, as "path: message" (none: it conforms)."""
    import pyshacl
    from rdflib import RDF, Namespace

    sh = Namespace("http://www.w3.org/ns/shacl#")
    conforms, results, _ = pyshacl.validate(graph, shacl_graph=str(SHAPES))
    found = sorted(
        f"{results.value(r, sh.focusNode)} {results.value(r, sh.resultPath)}: "
        f"{results.value(r, sh.resultMessage)}"
        for r in results.subjects(RDF.type, sh.ValidationResult)
    )
    assert conforms == (not found)
    return found


def _cell(value: Any) -> str:
    """A Croissant record's value as the CSV writes it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if hasattr(value, "to_pydatetime"):
        return str(value.to_pydatetime().date().isoformat())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def croissant_records(document: Path | str) -> dict[str, list[dict[str, str]]]:
    """Every record set's records read by mlcroissant (by its name, else its id), each record
    keyed by field name, its values as the CSV writes them."""
    import mlcroissant as mlc

    dataset = mlc.Dataset(jsonld=str(document))
    records: dict[str, list[dict[str, str]]] = {}
    for record_set in dataset.metadata.record_sets:
        rows = []
        for record in dataset.records(record_set=record_set.uuid):
            rows.append({str(k).rsplit("/", 1)[-1]: _cell(v) for k, v in record.items()})
        records[record_set.name or record_set.uuid] = rows
    return records


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def datajson_errors(document: dict[str, Any]) -> list[str]:
    """DCAT-US 1.1 schema errors; bureauCode and programCode (US federal budget codes) are
    not required of a Mexican catalog."""
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    schemas = {p.name: json.loads(p.read_text()) for p in DCAT_US.glob("*.json")}
    schemas["dataset.json"]["required"] = [
        key
        for key in schemas["dataset.json"]["required"]
        if key not in ("bureauCode", "programCode")
    ]
    registry: Registry[Any] = Registry()
    for name, schema in schemas.items():
        resource = Resource.from_contents(schema, default_specification=DRAFT4)
        registry = registry.with_resources([(schema["id"].rstrip("#"), resource), (name, resource)])
    validator = jsonschema.Draft4Validator(schemas["catalog.json"], registry=registry)
    return sorted(f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document))
