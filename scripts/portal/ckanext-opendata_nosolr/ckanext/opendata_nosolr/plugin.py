"""CKAN plugin ``opendata_nosolr``: run CKAN without Solr (local portal only).

CKAN 2.12 writes every dataset change synchronously into Solr and answers
``package_search`` (and organization/group dataset counts) from it; there is
no setting to turn that off.  This plugin swaps CKAN's Solr-backed search
index for one that drops writes, and answers searches from PostgreSQL.
"""

from __future__ import annotations

import ckan.plugins as p

from . import search


class NoSolrPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)

    def update_config(self, config):  # type: ignore[override]
        # update_config runs inside ckan.config.environment.update_config,
        # before the Solr schema check and before any request or CLI command.
        search.install()
