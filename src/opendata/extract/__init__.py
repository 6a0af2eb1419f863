"""Extract: read a report and turn its figures into rows with provenance."""

from opendata.extract.entidades import Entidad, entidad_in, entidad_named
from opendata.extract.extraction import Extraction, Figure, Row
from opendata.extract.report import Report, load_report

__all__ = [
    "Entidad",
    "Extraction",
    "Figure",
    "Report",
    "Row",
    "entidad_in",
    "entidad_named",
    "load_report",
]
