"""`opendata cumplimiento`: each dataset against each characteristic of open data in Mexican
law and the Guía de Implementación de la Política de Datos Abiertos, with the evidence."""

from opendata.compliance.report import ComplianceReport, Result
from opendata.compliance.run import check_compliance

__all__ = ["ComplianceReport", "Result", "check_compliance"]
