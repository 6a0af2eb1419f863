"""ckanext-dcat profiles that run after its own (`euro_dcat_ap_3`, `croissant`).

ckanext-dcat writes a resource's CKAN `mimetype` and `format` as literals ("text/csv",
"CSV"); DCAT-AP 3 wants IRIs of the IANA and EU file-type vocabularies there, and CKAN's
`mimetype` must stay the plain media type: it is the Content-Type of every download. This
profile turns the literals into those IRIs, types the nodes the DCAT-AP 3 shapes ask a class
of (what RDFS entailment would give), names the catalog's language by IRI and gives the
catalog its publisher (`ckanext.opendata_mx.publisher`).

The Croissant profile reads each CSV table's records from the Parquet file of the same table
(opendata publishes both): pandas reading the CSV would drop the leading zero of a key such
as "09"; Parquet keeps the column types. DataStore types ckanext-dcat leaves untyped (date,
bool) get their schema.org type.
"""

from __future__ import annotations

from ckantoolkit import config, get_action
from rdflib import Literal, URIRef
from rdflib.namespace import Namespace

from ckanext.dcat.profiles.base import CR, DCAT, DCT, FOAF, RDF, RDFS, VCARD, RDFProfile
from ckanext.dcat.utils import resource_uri

EU = "http://publications.europa.eu/resource/authority"
IANA = "https://www.iana.org/assignments/media-types/"
FILE_TYPES = {"CSV": "CSV", "PARQUET": "PARQUET", "JSON": "JSON"}
LANGUAGES = {"es": "SPA", "en": "ENG"}
SCHEMA = Namespace("https://schema.org/")
DATASTORE_TYPES = {"date": SCHEMA.Date, "bool": SCHEMA.Boolean, "timestamp": SCHEMA.Date}
PARQUET = "application/x-parquet"  # Croissant 1.0's name for Parquet


class MexicanDCATProfile(RDFProfile):
    def graph_from_dataset(self, dataset_dict, dataset_ref):
        g = self.g
        for distribution in list(g.objects(dataset_ref, DCAT.distribution)):
            for media in list(g.objects(distribution, DCAT.mediaType)):
                if isinstance(media, Literal):
                    iri = URIRef(IANA + str(media))
                    g.remove((distribution, DCAT.mediaType, media))
                    g.add((distribution, DCAT.mediaType, iri))
                    g.add((iri, RDF.type, DCT.MediaType))
            for fmt in list(g.objects(distribution, DCT["format"])):
                if isinstance(fmt, Literal):
                    label = str(fmt).upper()
                    iri = URIRef(f"{EU}/file-type/{FILE_TYPES.get(label, label)}")
                    g.remove((distribution, DCT["format"], fmt))
                    g.add((distribution, DCT["format"], iri))
                    g.add((iri, RDF.type, DCT.MediaTypeOrExtent))
            for predicate in (DCAT.accessURL, DCAT.downloadURL):
                for url in g.objects(distribution, predicate):
                    g.add((url, RDF.type, RDFS.Resource))
        for contact in g.objects(dataset_ref, DCAT.contactPoint):
            g.add((contact, RDF.type, VCARD.Kind))

    def graph_from_catalog(self, catalog_dict, catalog_ref):
        g = self.g
        for language in list(g.objects(catalog_ref, DCT.language)):
            if isinstance(language, Literal):
                code = LANGUAGES.get(str(language)[:2].lower(), str(language).upper())
                iri = URIRef(f"{EU}/language/{code}")
                g.remove((catalog_ref, DCT.language, language))
                g.add((catalog_ref, DCT.language, iri))
                g.add((iri, RDF.type, DCT.LinguisticSystem))
        for homepage in g.objects(catalog_ref, FOAF.homepage):
            g.add((homepage, RDF.type, FOAF.Document))
        name = config.get("ckanext.opendata_mx.publisher") or config.get("ckan.site_title")
        if name and not any(g.objects(catalog_ref, DCT.publisher)):
            publisher = URIRef(f"{config.get('ckan.site_url')}#publicador")
            g.add((catalog_ref, DCT.publisher, publisher))
            g.add((publisher, RDF.type, FOAF.Agent))
            g.add((publisher, FOAF.name, Literal(name)))


class MexicanCroissantProfile(RDFProfile):
    def graph_from_dataset(self, dataset_dict, dataset_ref):
        g = self.g
        resources = dataset_dict.get("resources", [])
        by_key = {r.get("opendata_key"): r for r in resources if r.get("opendata_key")}
        for resource in resources:
            key = str(resource.get("opendata_key") or "")
            if not key.endswith(".csv"):
                continue
            csv_ref = URIRef(resource_uri(resource))
            sibling = by_key.get(key[: -len(".csv")] + ".parquet")
            if sibling is not None:
                parquet_ref = URIRef(resource_uri(sibling))
                for source in list(g.subjects(CR.fileObject, csv_ref)):
                    g.remove((source, CR.fileObject, csv_ref))
                    g.add((source, CR.fileObject, parquet_ref))
                for old in list(g.objects(parquet_ref, SCHEMA.encodingFormat)):
                    g.remove((parquet_ref, SCHEMA.encodingFormat, old))
                g.add((parquet_ref, SCHEMA.encodingFormat, Literal(PARQUET)))
            self._type_fields(resource)

    def _type_fields(self, resource):
        if not resource.get("datastore_active"):
            return
        try:
            info = get_action("datastore_info")({"ignore_auth": True}, {"id": resource["id"]})
        except Exception:  # noqa: BLE001 - no DataStore: nothing to type
            return
        for field in info.get("fields", []):
            field_ref = URIRef(f"{resource['id']}/records/{field['id']}")
            kind = DATASTORE_TYPES.get(field.get("type"))
            if kind is not None and not any(self.g.objects(field_ref, CR.dataType)):
                self.g.add((field_ref, CR.dataType, kind))
