"""The descriptors of a run's datasets: as series of every edition, their texts filled from
the figures, with what the run read (the editions, corrections, values inferred)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from opendata.errors import InputError
from opendata.extract.editions import label, slug
from opendata.extract.series import Series
from opendata.package.descriptor import Descriptor, load_descriptor
from opendata.package.edition import describe
from opendata.package.series import series_descriptor


def dataset_descriptors(
    datapackages_dir: Path, written: list[str], series: Series | None, catalog: str
) -> dict[str, Descriptor]:
    """Each dataset's descriptor; a dataset of the report's is a series of its editions."""
    descriptors: dict[str, Descriptor] = {}
    problems: list[str] = []
    for name in written:
        is_series = series is not None and name in series.tables
        descriptor = load_descriptor(datapackages_dir, name, series=is_series)
        if series is None or not is_series:
            descriptors[name] = descriptor
            continue
        reads = series.reads if name == catalog else series.editions_of[name]
        editions = [(read.label, read.slug) for read in reads]
        template = copy.deepcopy(descriptor.get("sources") or [])
        rendered, found = describe(
            series_descriptor(descriptor, editions),
            [read.report.period for read in reads],
            series.tables[name],
            series.sections[name],
        )
        problems.extend(found)
        descriptors[name] = _with_provenance(rendered, template, series, name, catalog)
    if problems:
        raise InputError("\n".join(problems))
    return descriptors


def _with_provenance(
    descriptor: Descriptor,
    template: list[Any],
    series: Series,
    name: str,
    catalog: str,
) -> Descriptor:
    """Each edition read, as a source and in `ediciones`; its corrections and inferences."""
    reads = series.reads if name == catalog else series.editions_of[name]
    sections = series.sections[name]
    base = dict(template[0]) if template and isinstance(template[0], dict) else {}
    sources, editions = [], []
    for read in reads:
        report = read.report
        edition = read.edition.metadata(report.period, report.source.sha256)
        editions.append(edition)
        title = str(base.get("title") or report.source.path.name)
        title = title.replace("{periodo_informe}", slug(report.period))
        sources.append(
            {
                **base,
                "title": read.edition.title or title,
                "path": report.source.path.name,
                "sha256": report.source.sha256,
                "periodo": label(report.period),
                **{k: edition[k] for k in ("fecha_publicacion", "url") if k in edition},
            }
        )
    found = copy.deepcopy(descriptor)
    found["sources"] = sources
    found["ediciones"] = editions
    applied = [
        {
            "periodo_informe": read.label,
            "seccion": c.section,
            "original": c.original,
            "corregido": c.corrected,
            "motivo": c.reason,
        }
        for read in reads
        for c in read.report.applied_corrections
        if c.section in sections
    ]
    inferred = [
        {"periodo_informe": read.label, "elemento": i.item, "valor": i.value, "fuente": i.source}
        for read, extraction in series.extractions
        if extraction.dataset == name
        for i in extraction.inferences
    ]
    if applied:
        found["correcciones"] = applied
    if inferred:
        found["inferencias"] = inferred
    return found
