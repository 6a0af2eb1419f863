"""`opendata sitio`: a static site of the validated packages, one folder any static host
serves: an index with search and filters, and one page per dataset with its charts drawn to
SVG at build time (no JavaScript needed to read them)."""

from opendata.site.build import SITE_DIR, SiteResult, build_site

__all__ = ["SITE_DIR", "SiteResult", "build_site"]
