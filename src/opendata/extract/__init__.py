"""Extract: read a report and turn its figures into rows with provenance."""

from opendata.extract.binding import Find
from opendata.extract.entidades import Entidad, entidad_named
from opendata.extract.extraction import Extraction, Figure, Row
from opendata.extract.report import Report, load_report

__all__ = [
    "Entidad",
    "Extraction",
    "Figure",
    "Find",
    "Report",
    "Row",
    "entidad_named",
    "load_report",
]
