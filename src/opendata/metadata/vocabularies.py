"""The IRIs DCAT-AP and DCAT-US expect for what our descriptors say in words or codes."""

from __future__ import annotations

EU = "http://publications.europa.eu/resource/authority"
# ISO 8601 repeating durations -> the EU Publications Office frequency vocabulary (DCAT-AP).
FREQUENCIES = {
    "R/P10Y": "DECENNIAL",
    "R/P4Y": "QUADRENNIAL",
    "R/P3Y": "TRIENNIAL",
    "R/P2Y": "BIENNIAL",
    "R/P1Y": "ANNUAL",
    "R/P6M": "ANNUAL_2",
    "R/P4M": "ANNUAL_3",
    "R/P3M": "QUARTERLY",
    "R/P2M": "BIMONTHLY",
    "R/P1M": "MONTHLY",
    "R/P2W": "BIWEEKLY",
    "R/P1W": "WEEKLY",
    "R/P1D": "DAILY",
    "irregular": "IRREG",
}
COUNTRY_MEXICO = f"{EU}/country/MEX"
LANGUAGE_SPANISH = f"{EU}/language/SPA"
FILE_TYPES = {"csv": "CSV", "parquet": "PARQUET", "json": "JSON"}
TABLE_SCHEMA = "https://specs.frictionlessdata.io/table-schema/"
DATA_PACKAGE = "https://specs.frictionlessdata.io/data-package/"
SHA256 = "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"


def frequency_iri(periodicity: str) -> str:
    """The EU frequency IRI of a periodicity; one without a named frequency is `OTHER`."""
    return f"{EU}/frequency/{FREQUENCIES.get(periodicity, 'OTHER')}"


def file_type_iri(fmt: str) -> str:
    return f"{EU}/file-type/{FILE_TYPES.get(fmt.lower(), fmt.upper())}"


def media_type_iri(mediatype: str) -> str:
    return f"https://www.iana.org/assignments/media-types/{mediatype}"
