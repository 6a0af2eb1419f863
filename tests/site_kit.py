"""What the site's tests share: a copy of the bundled output with its site built, a package
of two report editions (as issue 15's rows will have them: a `periodo_informe` column), and
the built site served on loopback."""

from __future__ import annotations

import contextlib
import csv
import functools
import re
import shutil
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

from conftest import ROOT
from local_server import serving

from opendata.export.interop import write_exports
from opendata.export.package_writer import write_package
from opendata.files import load_yaml_safely
from opendata.metadata.record import computed_metadata
from opendata.package.descriptor import load_descriptor, with_provenance
from opendata.package.table import csv_text
from opendata.package.views import package_views
from opendata.validate.tables import ResourceInput, check_tables

SERIES_DATASET = "plandai-ediciones"
EDITIONS = ("2022/2023", "2023/2024")


def site_of(source: Path, target: Path) -> Path:
    """A copy of the output folder `source` at `target`, with its site built."""
    from opendata.site import build_site

    shutil.copytree(source, target)
    build_site(target)
    return target / "sitio"


def two_editions(bundled_out: Path, out: Path) -> Path:
    """An output folder holding one package whose figures come from two report editions,
    written by the package writer from the loaded descriptor, the way a run writes it."""
    descriptor = load_descriptor(ROOT / "datapackages", "plandai", series=True)
    descriptor["name"] = SERIES_DATASET
    descriptor["title"] = "PlanDAI en dos ediciones del informe"
    descriptor["description"] = "Las cifras del PlanDAI según dos informes de cierre."
    schema = descriptor["resources"][0]["schema"]
    common = load_yaml_safely(ROOT / "datapackages/_comun/paquete.yaml", "test")["views"]
    descriptor["views"] = package_views(common, None, descriptor, "test")
    with (bundled_out / "plandai" / "indicadores.csv").open(encoding="utf-8") as handle:
        latest = [dict(row) for row in csv.DictReader(handle)]
    rows = []
    for edition in EDITIONS:
        for row in latest:
            value = int(row["valor"])
            if edition == EDITIONS[0]:  # the earlier report: other, smaller figures
                value = max(value - 3, 0) if value < 10 else value * 3 // 4
            typed: dict[str, Any] = {**row, "periodo_informe": edition, "valor": value}
            if edition == EDITIONS[0]:
                typed["cifra_texto"] = str(value)
            rows.append({f["name"]: typed[f["name"]] for f in schema["fields"]})
    source = {"path": "informes.txt", "sha256": "0" * 64, "periodo": "2022/2024"}
    descriptor = with_provenance(descriptor, {"source": source})
    text = csv_text(rows, schema, f"{SERIES_DATASET}/indicadores")
    checked = check_tables(
        SERIES_DATASET, [ResourceInput("indicadores", schema, [(text, "indicadores.csv")])]
    )
    assert checked.valid, checked.checks["indicadores"].errors[:3]
    descriptor |= computed_metadata(checked.tables, descriptor)
    validacion = {"valido": True, "advertencias": []}
    write_package(
        out / SERIES_DATASET, descriptor, {"indicadores": text}, checked.tables, validacion
    )
    write_exports(out, [SERIES_DATASET])
    return out


class QuietFolderHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` over HTTP on 127.0.0.1 (a free port); yields the base address."""
    with serving(functools.partial(QuietFolderHandler, directory=str(folder))) as base:
        yield f"{base}/"


MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


def plain_value(text: str, kind: str) -> str:
    """A value of a field of type `kind` as a mark's label says it, back in the CSV's form:
    "2,000" -> "2000", "6 de marzo de 2024" -> "2024-03-06"; text as it is."""
    if kind in ("integer", "number") and re.fullmatch(r"-?\d{1,3}(,\d{3})*(\.\d+)?", text):
        return text.replace(",", "")
    date = re.fullmatch(r"(\d{1,2}) de (\w+) de (\d{4})", text)
    if kind == "date" and date and date[2] in MONTHS:
        return f"{date[3]}-{MONTHS.index(date[2]) + 1:02d}-{int(date[1]):02d}"
    return text


def label_pairs(label: str, schema: dict[str, Any]) -> dict[str, str]:
    """ "Descripción: Personas; Valor: 2,000" -> {"descripcion": "Personas", "valor": "2000"}:
    each title the label says, as its field's name, with the value as the CSV writes it."""
    fields = {f.get("title") or f["name"]: f for f in schema["fields"]}
    pairs = {}
    for part in label.split("; "):
        title, _, value = part.partition(": ")
        field = fields[title]
        pairs[field["name"]] = plain_value(value, field.get("type", "string"))
    return pairs
