"""opendata: figures from Mexican transparency reports as validated open data.

The stages, one package each: extract -> package -> validate -> export (publish and
download come next). `opendata.runner.run` runs them all; the CLI is `opendata.cli`.
"""

__version__ = "0.1.0"
