"""Download: datasets from any CKAN portal, verified, as data packages or DataFrames."""

from opendata.download.fetch import DownloadError
from opendata.download.package import Downloaded, check_dest, download_dataset, list_datasets

__all__ = ["DownloadError", "Downloaded", "check_dest", "download_dataset", "list_datasets"]
