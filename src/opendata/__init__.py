"""opendata: figures from Mexican transparency reports as validated open data.

The stages, one package each: extract -> package -> validate -> export (publish and
download come next). `opendata.runner.run` runs them all; the CLI is `opendata.cli`.
"""

from typing import Any

__version__ = "0.1.0"


def load(
    dataset: str, resource: str = "indicadores", portal: str | None = None, **options: Any
) -> Any:
    """One table of a published dataset as a pandas DataFrame, verified and cached: the
    series of every edition of the report (column `periodo_informe`), or one edition's rows
    with `periodo="2023/2024"`. Options: `cache`, `allow_external`, `periodo`.

    >>> import opendata
    >>> df = opendata.load("plandai", resource="indicadores", portal="https://datos.example.mx")
    >>> one = opendata.load("plandai", periodo="2023/2024", portal="https://datos.example.mx")
    """
    from opendata.download.load import load as load_table

    return load_table(dataset, resource, portal, **options)
