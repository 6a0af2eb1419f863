"""Download: datasets from any CKAN portal, verified, as data packages or DataFrames."""

from opendata.download.package import Downloaded, check_dest, download_dataset, list_datasets
from opendata.portal import DownloadError

__all__ = ["DownloadError", "Downloaded", "check_dest", "download_dataset", "list_datasets"]
