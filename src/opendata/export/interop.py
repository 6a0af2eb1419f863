"""What `opendata run` writes for portals and harvesters, after the packages are in place:
each package's `dcat.jsonld` and `croissant.json`, and one `data.json` for the whole output
folder (a package's coverage and citation are in its datapackage.json already:
metadata.record.computed_metadata, before it is written)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from opendata.export.croissant import FILE_NAME as CROISSANT
from opendata.export.croissant import croissant_document
from opendata.export.datajson import FILE_NAME as DATA_JSON
from opendata.export.datajson import data_json
from opendata.export.dcat import FILE_NAME as DCAT
from opendata.export.dcat import dcat_document
from opendata.metadata.record import DESCRIPTOR, PackageRecord


def _write_json(path: Path, document: dict[str, Any]) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    path.write_text(text, encoding="utf-8")


def write_exports(out: Path, datasets: Sequence[str]) -> None:
    """Enrich and describe the packages `datasets` of `out`; rewrite `out/data.json`."""
    for name in datasets:
        folder = out / name
        record = PackageRecord.read(folder)
        _write_json(folder / DCAT, dcat_document(record))
        _write_json(folder / CROISSANT, croissant_document(record))
    records = [PackageRecord.read(p.parent) for p in sorted(out.glob(f"*/{DESCRIPTOR}"))]
    _write_json(out / DATA_JSON, data_json(records))
