"""Dataset search answered from PostgreSQL instead of Solr.

Supported query language (a practical subset of what CKAN sends to Solr):

* ``q``: free text (every word must occur, case-insensitively, in the name,
  title, notes, tags or resource names/descriptions), ``*:*``, quoted
  phrases, ``field:value`` clauses, ``AND``/``OR``/``NOT``/``+``/``-`` and
  parentheses.
* ``fq`` / ``fq_list``: ``field:value``, ``field:"value"``,
  ``field:(a OR b)``, ``field:[from TO to]`` (dates: ISO or ``NOW-1DAY``),
  ``field:*``, trailing/leading ``*`` wildcards.  Fields: id, name, title,
  notes, type/dataset_type, owner_org, organization (name), groups (name),
  tags, license_id, state, capacity, private, creator_user_id,
  metadata_created, metadata_modified, res_format, res_name,
  res_description, res_url, res_type, extras_<key> and any other name, which
  is looked up among the dataset's extras (as Solr indexes them).
* ``rows``, ``start``, ``sort`` (metadata_modified, metadata_created, name,
  title, title_string, id, ...; ``score`` is ignored), ``fl``,
  ``facet.field``/``facet.limit``/``facet.mincount``.
* Permission labels (private datasets) are honoured like CKAN's default
  IPermissionLabels implementation.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
from collections.abc import Callable
from typing import Any

import ckan.logic as logic
import ckan.model as model
import sqlalchemy as sa
from ckan.common import asbool, config
from ckan.lib.navl.dictization_functions import MissingNullEncoder
from ckan.lib.search.common import SearchError, SearchQueryError
from ckan.lib.search.index import PackageSearchIndex
from ckan.lib.search.query import VALID_SOLR_PARAMETERS, PackageSearchQuery
from sqlalchemy.dialects.postgresql import ARRAY

log = logging.getLogger(__name__)

P = model.package_table
G = model.group_table
M = model.member_table
T = model.tag_table
PT = model.package_tag_table
R = model.resource_table


def install() -> None:
    """Point CKAN's search layer at the PostgreSQL implementation."""
    import ckan.lib.search as search

    search._INDICES["package"] = NoSolrPackageIndex
    search._QUERIES["package"] = PostgresPackageSearchQuery
    # model_dictize calls search.PackageSearchQuery() directly (group counts).
    search.PackageSearchQuery = PostgresPackageSearchQuery  # type: ignore
    # environment.update_config() probes Solr's schema on every start-up.
    search.check_solr_schema_version = _no_schema_check  # type: ignore


def _no_schema_check(schema_file: str | None = None) -> bool:
    return False


class NoSolrPackageIndex(PackageSearchIndex):
    """Accepts every index write and drops it: the database is the index."""

    def index_package(self, pkg_dict: dict[str, Any] | None, defer_commit: bool = False) -> None:
        return None

    def delete_package(self, pkg_dict: dict[str, Any]) -> None:
        return None

    def commit(self) -> None:
        return None

    def clear(self) -> None:
        return None

    def get_all_entity_ids(self, max_results: int = 1000) -> list[str]:
        return _active_ids(max_results)


def _active_ids(max_results: int) -> list[str]:
    q = (
        sa.select(P.c.id)
        .where(P.c.state == "active")
        .order_by(P.c.metadata_modified.desc())
        .limit(max_results)
    )
    return [row[0] for row in model.Session.execute(q)]


# --------------------------------------------------------------------------
# Query parsing: Solr-ish syntax -> small AST
#   ("and", [nodes]) ("or", [nodes]) ("not", node) ("all",)
#   ("text", value) ("field", name, value)
# values: ("term", raw, quoted) ("list", "and"|"or", [values])
#         ("range", lo_raw, hi_raw)
# --------------------------------------------------------------------------

_FIELD_RE = re.compile(r"([A-Za-z_][\w.\-]*|\*):")
_WORD_STOP = set(' \t\r\n()[]{}"')


class _Parser:
    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0

    def parse(self) -> tuple:
        self._ws()
        if self.i >= len(self.s):
            return ("all",)
        node = self._or()
        self._ws()
        if self.i < len(self.s):
            raise SearchQueryError("Cannot parse query near: %r" % self.s[self.i : self.i + 20])
        return node

    # helpers
    def _ws(self) -> None:
        while self.i < len(self.s) and self.s[self.i].isspace():
            self.i += 1

    def _peek(self, tok: str) -> bool:
        return self.s.startswith(tok, self.i)

    def _keyword(self, kw: str) -> bool:
        self._ws()
        end = self.i + len(kw)
        if self.s.startswith(kw, self.i) and (
            end >= len(self.s) or self.s[end].isspace() or self.s[end] in "()"
        ):
            self.i = end
            return True
        return False

    def _expect(self, ch: str) -> None:
        self._ws()
        if not self._peek(ch):
            raise SearchQueryError("Expected %r in query %r" % (ch, self.s))
        self.i += len(ch)

    # grammar
    def _or(self) -> tuple:
        nodes = [self._and()]
        while self._keyword("OR") or self._symbol("||"):
            nodes.append(self._and())
        return nodes[0] if len(nodes) == 1 else ("or", nodes)

    def _symbol(self, sym: str) -> bool:
        self._ws()
        if self._peek(sym):
            self.i += len(sym)
            return True
        return False

    def _at_or(self) -> bool:
        save = self.i
        found = self._keyword("OR") or self._symbol("||")
        self.i = save
        return found

    def _and(self) -> tuple:
        nodes: list[tuple] = []
        while True:
            self._ws()
            if self.i >= len(self.s) or self._peek(")") or self._at_or():
                break
            if self._keyword("AND") or self._symbol("&&"):
                continue
            nodes.append(self._unary())
        if not nodes:
            raise SearchQueryError("Empty expression in query %r" % self.s)
        return nodes[0] if len(nodes) == 1 else ("and", nodes)

    def _unary(self) -> tuple:
        self._ws()
        if self._keyword("NOT"):
            return ("not", self._unary())
        nxt = self.s[self.i + 1 : self.i + 2]
        if self.s[self.i] in "-!" and nxt and not nxt.isspace():
            self.i += 1
            return ("not", self._primary())
        if self.s[self.i] == "+" and nxt and not nxt.isspace():
            self.i += 1
        return self._primary()

    def _primary(self) -> tuple:
        self._ws()
        if self._peek("("):
            self.i += 1
            node = self._or()
            self._expect(")")
            return node
        m = _FIELD_RE.match(self.s, self.i)
        if m:
            self.i = m.end()
            field = m.group(1)
            value = self._value()
            if field == "*" and value[0] == "term" and value[1] == "*":
                return ("all",)
            return ("field", field, value)
        if self._peek('"'):
            return ("text", ("term", self._quoted(), True))
        word = self._word()
        if word == "*":
            return ("all",)
        return ("text", ("term", word, False))

    def _value(self) -> tuple:
        self._ws()
        if self._peek('"'):
            return ("term", self._quoted(), True)
        if self._peek("("):
            self.i += 1
            items: list[tuple] = []
            ops: set[str] = set()
            while True:
                self._ws()
                if self.i >= len(self.s):
                    raise SearchQueryError("Unclosed '(' in %r" % self.s)
                if self._peek(")"):
                    self.i += 1
                    break
                if self._keyword("OR") or self._symbol("||"):
                    ops.add("or")
                    continue
                if self._keyword("AND") or self._symbol("&&"):
                    ops.add("and")
                    continue
                items.append(self._value())
            if not items:
                raise SearchQueryError("Empty value list in %r" % self.s)
            # Solr with q.op=AND: plain juxtaposition means AND.
            op = "or" if ops == {"or"} else "and"
            return ("list", op, items)
        if self._peek("[") or self._peek("{"):
            self.i += 1
            lo = self._word()
            if not self._keyword("TO"):
                raise SearchQueryError("Expected TO in range in %r" % self.s)
            hi = self._word()
            self._ws()
            if not (self._peek("]") or self._peek("}")):
                raise SearchQueryError("Unclosed range in %r" % self.s)
            self.i += 1
            return ("range", lo, hi)
        return ("term", self._word(), False)

    def _quoted(self) -> str:
        self.i += 1  # opening quote
        out = []
        while self.i < len(self.s):
            c = self.s[self.i]
            if c == "\\" and self.i + 1 < len(self.s):
                out.append(self.s[self.i + 1])
                self.i += 2
                continue
            if c == '"':
                self.i += 1
                return "".join(out)
            out.append(c)
            self.i += 1
        raise SearchQueryError("Unclosed quote in %r" % self.s)

    def _word(self) -> str:
        """Raw word: backslash escapes are kept (see _literal/_like)."""
        self._ws()
        start = self.i
        while self.i < len(self.s):
            c = self.s[self.i]
            if c == "\\" and self.i + 1 < len(self.s):
                self.i += 2
                continue
            if c in _WORD_STOP:
                break
            self.i += 1
        if self.i == start:
            raise SearchQueryError("Expected a value in %r" % self.s)
        return self.s[start : self.i]


def _literal(raw: str, quoted: bool) -> str:
    if quoted:
        return raw
    return re.sub(r"\\(.)", r"\1", raw)


def _has_wildcard(raw: str, quoted: bool) -> bool:
    return not quoted and re.search(r"(?<!\\)[*?]", raw) is not None


def _like(raw: str, quoted: bool) -> str:
    """LIKE pattern (escape char '\\') for a Solr term."""
    out = []
    i = 0
    while i < len(raw):
        c = raw[i]
        if not quoted and c == "\\" and i + 1 < len(raw):
            c = raw[i + 1]
            out.append("\\" + c if c in "%_\\" else c)
            i += 2
            continue
        if not quoted and c == "*":
            out.append("%")
        elif not quoted and c == "?":
            out.append("_")
        elif c in "%_\\":
            out.append("\\" + c)
        else:
            out.append(c)
        i += 1
    return "".join(out)


# --------------------------------------------------------------------------
# AST -> SQL
# --------------------------------------------------------------------------

_EXACT_COLUMNS = {
    "id": P.c.id,
    "name": P.c.name,
    "type": P.c.type,
    "dataset_type": P.c.type,
    "owner_org": P.c.owner_org,
    "license_id": P.c.license_id,
    "state": P.c.state,
    "creator_user_id": P.c.creator_user_id,
    "version": P.c.version,
    "url": P.c.url,
    "title_string": P.c.title,
    "metadata_created": P.c.metadata_created,
    "metadata_modified": P.c.metadata_modified,
}
# Solr tokenizes these: match as case-insensitive substrings.
_TEXT_COLUMNS = {
    "title": P.c.title,
    "notes": P.c.notes,
    "author": P.c.author,
    "author_email": P.c.author_email,
    "maintainer": P.c.maintainer,
    "maintainer_email": P.c.maintainer_email,
    "name_ngram": P.c.name,
    "title_ngram": P.c.title,
}
_RESOURCE_COLUMNS = {
    "res_format": (R.c.format, False),
    "res_name": (R.c.name, True),
    "res_description": (R.c.description, True),
    "res_url": (R.c.url, False),
    "res_type": (R.c.resource_type, False),
}
_IGNORED_FIELDS = {"site_id", "entity_type", "index_id", "permission_labels"}
_DATE_COLUMNS = {"metadata_created", "metadata_modified"}

_NOW_RE = re.compile(r"^NOW((?:[+-]\d+(?:YEAR|MONTH|DAY|HOUR|MINUTE|SECOND)S?)*)(/[A-Z]+)?$")
_NOW_PART_RE = re.compile(r"([+-]\d+)(YEAR|MONTH|DAY|HOUR|MINUTE|SECOND)S?")
_UNIT_SECONDS = {
    "YEAR": 365 * 86400,
    "MONTH": 30 * 86400,
    "DAY": 86400,
    "HOUR": 3600,
    "MINUTE": 60,
    "SECOND": 1,
}


def _parse_date(raw: str) -> datetime.datetime:
    m = _NOW_RE.match(raw)
    if m:
        value = datetime.datetime.utcnow()
        for amount, unit in _NOW_PART_RE.findall(m.group(1) or ""):
            value += datetime.timedelta(seconds=int(amount) * _UNIT_SECONDS[unit])
        if m.group(2) == "/DAY":
            value = value.replace(hour=0, minute=0, second=0, microsecond=0)
        return value
    try:
        value = datetime.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise SearchQueryError("Invalid date in query: %r" % raw) from None
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value


def _match(col: Any, value: tuple, text: bool = False, date: bool = False) -> Any:
    """Condition for one column against one term/range value."""
    kind = value[0]
    if kind == "range":
        lo, hi = _literal(value[1], False), _literal(value[2], False)
        conds = []
        if lo != "*":
            conds.append(col >= (_parse_date(lo) if date else lo))
        if hi != "*":
            conds.append(col <= (_parse_date(hi) if date else hi))
        conds.append(col.isnot(None))
        return sa.and_(*conds)
    raw, quoted = value[1], value[2]
    if not quoted and raw == "*":
        return sa.and_(col.isnot(None), sa.cast(col, sa.UnicodeText) != "")
    if date:
        return col == _parse_date(_literal(raw, quoted))
    if _has_wildcard(raw, quoted):
        return sa.cast(col, sa.UnicodeText).ilike(_like(raw, quoted), escape="\\")
    if text:
        return col.ilike("%" + _like(raw, True) + "%", escape="\\")
    return col == _literal(raw, quoted)


def _field_condition(field: str, value: tuple) -> Any:
    if value[0] == "list":
        conds = [_field_condition(field, item) for item in value[2]]
        return sa.or_(*conds) if value[1] == "or" else sa.and_(*conds)

    if field == "text":
        return _text_condition(value)
    if field in _IGNORED_FIELDS:
        return sa.true()
    if field in _EXACT_COLUMNS:
        return _match(_EXACT_COLUMNS[field], value, date=field in _DATE_COLUMNS)
    if field in _TEXT_COLUMNS:
        return _match(_TEXT_COLUMNS[field], value, text=True)
    if field == "capacity":
        lit = _literal(value[1], value[2]) if value[0] == "term" else ""
        if lit == "*":
            return sa.true()
        if lit not in ("public", "private"):
            return sa.false()
        return P.c.private == (lit == "private")
    if field == "private":
        lit = _literal(value[1], value[2]).lower()
        return P.c.private == (lit == "true")
    if field == "organization":
        orgs = sa.select(G.c.id).where(G.c.is_organization.is_(True), _match(G.c.name, value))
        return P.c.owner_org.in_(orgs)
    if field == "groups":
        return sa.exists().where(
            M.c.table_id == P.c.id,
            M.c.table_name == "package",
            M.c.state == "active",
            M.c.group_id == G.c.id,
            G.c.is_organization.is_(False),
            _match(G.c.name, value),
        )
    if field == "tags":
        return sa.exists().where(
            PT.c.package_id == P.c.id,
            PT.c.state == "active",
            PT.c.tag_id == T.c.id,
            T.c.vocabulary_id.is_(None),
            _match(T.c.name, value),
        )
    if field in _RESOURCE_COLUMNS:
        col, text = _RESOURCE_COLUMNS[field]
        return sa.exists().where(
            R.c.package_id == P.c.id, R.c.state == "active", _match(col, value, text=text)
        )
    # Solr indexes dataset extras both as extras_<key> and as <key>.
    key = field[len("extras_") :] if field.startswith("extras_") else field
    return _match(P.c.extras[key].astext, value)


def _text_condition(value: tuple) -> Any:
    if value[0] == "range":
        raise SearchQueryError("Ranges need a field name")
    raw, quoted = value[1], value[2]
    if not quoted and raw == "*":
        return sa.true()
    pattern = "%" + _like(raw, quoted) + "%"

    def has(col: Any) -> Any:
        return col.ilike(pattern, escape="\\")

    return sa.or_(
        has(P.c.name),
        has(P.c.title),
        has(P.c.notes),
        sa.exists().where(
            PT.c.package_id == P.c.id, PT.c.state == "active", PT.c.tag_id == T.c.id, has(T.c.name)
        ),
        sa.exists().where(
            R.c.package_id == P.c.id,
            R.c.state == "active",
            sa.or_(has(R.c.name), has(R.c.description)),
        ),
    )


def _to_sql(node: tuple) -> Any:
    kind = node[0]
    if kind == "all":
        return sa.true()
    if kind == "and":
        return sa.and_(*[_to_sql(n) for n in node[1]])
    if kind == "or":
        return sa.or_(*[_to_sql(n) for n in node[1]])
    if kind == "not":
        # Solr's -field:x also keeps documents without the field (SQL NULL).
        return sa.not_(sa.func.coalesce(_to_sql(node[1]), sa.false()))
    if kind == "text":
        return _text_condition(node[1])
    if kind == "field":
        return _field_condition(node[1], node[2])
    raise SearchQueryError("Unsupported query node %r" % (kind,))


def _q_condition(q: str) -> Any:
    try:
        return _to_sql(_Parser(q).parse())
    except SearchQueryError:
        # Free text typed by a person: fall back to plain words.
        words = [w for w in re.split(r"\s+", q) if w]
        return sa.and_(*[_text_condition(("term", w, True)) for w in words])


def _labels_condition(labels: list[str]) -> Any:
    """SQL for ckan.lib.plugins.DefaultPermissionLabels.get_dataset_labels."""
    conds = []
    for label in labels:
        if label == "public":
            conds.append(sa.and_(P.c.state == "active", P.c.private.is_(False)))
        elif label.startswith("member-"):
            conds.append(P.c.owner_org == label[len("member-") :])
        elif label.startswith("creator-"):
            conds.append(
                sa.and_(P.c.owner_org.is_(None), P.c.creator_user_id == label[len("creator-") :])
            )
        elif label.startswith("collaborator-"):
            conds.append(P.c.id == label[len("collaborator-") :])
        else:
            log.debug("opendata_nosolr: ignoring permission label %r", label)
    return sa.or_(*conds) if conds else sa.false()


_SORT_COLUMNS: dict[str, Callable[[], Any]] = {
    "metadata_modified": lambda: P.c.metadata_modified,
    "metadata_created": lambda: P.c.metadata_created,
    "name": lambda: P.c.name,
    "title": lambda: sa.func.lower(P.c.title),
    "title_string": lambda: sa.func.lower(P.c.title),
    "id": lambda: P.c.id,
    "state": lambda: P.c.state,
    "license_id": lambda: P.c.license_id,
    "owner_org": lambda: P.c.owner_org,
    "type": lambda: P.c.type,
    "dataset_type": lambda: P.c.type,
}
# No relevance ranking or view counts here ("view_recent" is what CKAN's
# home page asks for).
_SORT_IGNORED = {
    "score",
    "rank",
    "views_recent",
    "views_total",
    "view_recent",
    "_version_",
    "index_id",
}


def _order_by(sort: str | None) -> list[Any]:
    order: list[Any] = []
    for part in (sort or "").split(","):
        bits = part.split()
        if not bits:
            continue
        field = bits[0]
        direction = bits[1].lower() if len(bits) > 1 else "asc"
        if direction not in ("asc", "desc") or len(bits) > 2:
            raise SearchQueryError('Invalid "sort" parameter')
        if field in _SORT_IGNORED:
            continue
        if field in _SORT_COLUMNS:
            col = _SORT_COLUMNS[field]()
        elif field.startswith("extras_"):
            col = P.c.extras[field[len("extras_") :]].astext
        else:
            raise SearchQueryError('Invalid "sort" parameter')
        order.append(col.desc().nullslast() if direction == "desc" else col.asc().nullslast())
    if not order:
        order.append(P.c.metadata_modified.desc())
    order.append(P.c.id)
    return order


# --------------------------------------------------------------------------
# Facets
# --------------------------------------------------------------------------


def _facet_select(field: str, id_list: list[str]) -> Any:
    ids = sa.select(sa.func.unnest(sa.bindparam("ids", id_list, type_=ARRAY(sa.UnicodeText))))
    cnt = sa.func.count(sa.distinct(P.c.id))
    if field == "organization":
        return (
            sa.select(G.c.name, cnt)
            .select_from(P.join(G, G.c.id == P.c.owner_org))
            .where(P.c.id.in_(ids))
            .group_by(G.c.name)
        )
    if field == "groups":
        return (
            sa.select(G.c.name, sa.func.count(sa.distinct(M.c.table_id)))
            .select_from(M.join(G, G.c.id == M.c.group_id))
            .where(
                M.c.table_id.in_(ids),
                M.c.table_name == "package",
                M.c.state == "active",
                G.c.is_organization.is_(False),
            )
            .group_by(G.c.name)
        )
    if field == "tags":
        return (
            sa.select(T.c.name, sa.func.count(sa.distinct(PT.c.package_id)))
            .select_from(PT.join(T, T.c.id == PT.c.tag_id))
            .where(PT.c.package_id.in_(ids), PT.c.state == "active", T.c.vocabulary_id.is_(None))
            .group_by(T.c.name)
        )
    if field in _RESOURCE_COLUMNS:
        col = _RESOURCE_COLUMNS[field][0]
        return (
            sa.select(col, sa.func.count(sa.distinct(R.c.package_id)))
            .where(R.c.package_id.in_(ids), R.c.state == "active", col.isnot(None), col != "")
            .group_by(col)
        )
    if field == "capacity":
        col = sa.case((P.c.private.is_(True), "private"), else_="public")
    elif field in _EXACT_COLUMNS and field not in _DATE_COLUMNS:
        col = _EXACT_COLUMNS[field]
    else:
        key = field[len("extras_") :] if field.startswith("extras_") else field
        col = P.c.extras[key].astext
    return sa.select(col, cnt).where(P.c.id.in_(ids), col.isnot(None)).group_by(col)


def _facets(query: dict[str, Any], ids: list[str]) -> dict[str, dict[str, int]]:
    if not asbool(query.get("facet", "true")):
        return {}
    fields = query.get("facet.field") or []
    if isinstance(fields, str):
        try:
            fields = json.loads(fields)
        except ValueError:
            fields = [fields]
        if isinstance(fields, str):
            fields = [fields]
    limit = int(query.get("facet.limit", config.get("search.facets.limit") or 50))
    mincount = int(query.get("facet.mincount", 1))
    facets: dict[str, dict[str, int]] = {}
    for field in fields:
        stmt = _facet_select(field, ids)
        counts = [
            (str(k), int(n))
            for k, n in model.Session.execute(stmt)
            if k is not None and int(n) >= mincount
        ]
        counts.sort(key=lambda kv: (-kv[1], kv[0]))
        if limit >= 0:
            counts = counts[:limit]
        facets[field] = dict(counts)
    return facets


# --------------------------------------------------------------------------
# Result documents
# --------------------------------------------------------------------------

_CHEAP_FIELDS = {
    "id",
    "name",
    "title",
    "type",
    "owner_org",
    "state",
    "license_id",
    "private",
    "creator_user_id",
    "notes",
    "url",
    "version",
    "author",
    "maintainer",
}


def _flatten(default: dict[str, Any], custom: dict[str, Any]) -> dict[str, Any]:
    """A document shaped like the one CKAN would send to Solr."""
    doc = {
        k: v
        for k, v in default.items()
        if k not in ("extras", "tags", "groups", "organization", "resources")
    }
    doc["data_dict"] = json.dumps(default, cls=MissingNullEncoder)
    doc["validated_data_dict"] = json.dumps(custom, cls=MissingNullEncoder)
    for extra in default.get("extras") or []:
        doc["extras_" + extra["key"]] = extra["value"]
    doc["tags"] = [t["name"] for t in default.get("tags") or [] if not t.get("vocabulary_id")]
    doc["groups"] = [g["name"] for g in default.get("groups") or []]
    org = default.get("organization")
    doc["organization"] = org["name"] if org else None
    doc["capacity"] = "private" if default.get("private") else "public"
    doc["dataset_type"] = default.get("type")
    for resource in default.get("resources") or []:
        for key, solr_key in (
            ("name", "res_name"),
            ("description", "res_description"),
            ("format", "res_format"),
            ("url", "res_url"),
            ("resource_type", "res_type"),
        ):
            doc.setdefault(solr_key, []).append(resource.get(key) or "")
    doc["entity_type"] = "package"
    doc["site_id"] = config.get("ckan.site_id")
    return doc


def _documents(ids: list[str], fl: list[str]) -> list[dict[str, Any]]:
    wanted = set(fl)
    if wanted <= _CHEAP_FIELDS:
        cols = [P.c[f] for f in sorted(wanted - {"id"})]
        rows = {
            row.id: row._mapping
            for row in model.Session.execute(sa.select(P.c.id, *cols).where(P.c.id.in_(ids)))
        }
        return [{f: rows[i][f] for f in fl} for i in ids if i in rows]
    docs = []
    for pkg_id in ids:
        try:
            default, custom = logic.package_show_default_and_custom_schemas({}, pkg_id)
        except logic.NotFound:
            continue
        doc = _flatten(default, custom)
        if "*" not in wanted:
            doc = {k: v for k, v in doc.items() if k in wanted}
        docs.append(doc)
    return docs


class PostgresPackageSearchQuery(PackageSearchQuery):
    """PackageSearchQuery answered from the CKAN database."""

    def get_all_entity_ids(self, max_results: int = 1000) -> list[str]:
        return _active_ids(max_results)

    def get_index(self, reference: str) -> dict[str, Any]:
        # package_show then dictizes straight from the database.
        raise SearchError("No search index (opendata_nosolr): %s" % reference)

    def run(
        self, query: dict[str, Any], permission_labels: list[str] | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        if not set(query.keys()) <= VALID_SOLR_PARAMETERS:
            invalid = sorted(set(query.keys()) - VALID_SOLR_PARAMETERS)
            raise SearchQueryError("Invalid search parameters: %s" % invalid)

        conds = []
        q = (query.get("q") or "").strip()
        if q and q not in ('""', "''", "*:*"):
            conds.append(_q_condition(q))

        fq: list[str] = []
        if query.get("fq"):
            fq.extend(query["fq"] if isinstance(query["fq"], list) else [query["fq"]])
        fq.extend(query.get("fq_list") or [])
        for item in fq:
            if item and item.strip():
                conds.append(_to_sql(_Parser(item).parse()))
        if not any("+state:" in item for item in fq):
            conds.append(P.c.state == "active")
        if config.get("ckan.search.remove_deleted_packages"):
            # Solr never holds deleted datasets with this (default) setting.
            conds.append(P.c.state != "deleted")
        if permission_labels is not None:
            conds.append(_labels_condition(permission_labels))

        try:
            rows = int(query.get("rows", 10))
            start = int(query.get("start", 0) or 0)
        except (TypeError, ValueError):
            raise SearchQueryError("rows and start must be integers") from None

        # All matching ids, in order: the count and the facets come from
        # this list (fine for a local portal's few thousand datasets).
        all_ids = [
            r[0]
            for r in model.Session.execute(
                sa.select(P.c.id)
                .where(sa.and_(sa.true(), *conds))
                .order_by(*_order_by(query.get("sort")))
            )
        ]
        self.count = len(all_ids)
        page_ids = all_ids[start : start + rows] if rows > 0 else []

        fl_raw = query.get("fl", "name")
        if isinstance(fl_raw, list):
            fl_raw = " ".join(fl_raw)
        fl = [f for f in re.split(r"[\s,]+", fl_raw or "name") if f]
        if fl_raw in ("id", "name"):
            results: list[Any] = [d[fl_raw] for d in _documents(page_ids, [fl_raw])]
        else:
            results = _documents(page_ids, fl)
            for doc in results:
                # Same shape as CKAN's Solr query: extras_* -> extras dict.
                extras = {
                    k[len("extras_") :]: doc.pop(k)
                    for k in [k for k in doc if k.startswith("extras_")]
                }
                doc["extras"] = extras
        self.results = results
        self.facets = _facets(query, all_ids)
        return {"results": self.results, "count": self.count}
