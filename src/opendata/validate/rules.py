"""The report's own consistency rules, declared in `validation/reglas.yaml`.

A rule names its kind (`regla`), a severity (`error` blocks publication, `warning` travels
with the data), and the tables or indicators it compares as `dataset/recurso` or
`dataset/indicador`. A rule whose datasets are not all in the run is skipped, and says so.
Adding a rule of an existing kind is a few lines of YAML; a new kind is one function here.

Most kinds check one edition of the report at a time (each edition's rows, against its own
period: `Packages` of `edition_views`); the kinds of `SERIES_KINDS` compare consecutive
editions of the series (series.py) and are skipped while there is one edition only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opendata import arrow_values as av
from opendata.errors import InputError
from opendata.extract.spanish import fold
from opendata.package.descriptor import read_structured
from opendata.validate.packages import DamagedTable, PackageData
from opendata.validate.report import Finding, Severity

RULES_FILE = "reglas.yaml"


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    severity: Severity
    description: str
    params: dict[str, Any]

    def datasets(self) -> set[str]:
        names = set()
        for key in ("tabla", "indicador", "izquierda", "derecha"):
            if key in self.params:
                names.add(str(self.params[key]).split("/")[0])
        for ref in self.params.get("indicadores", []):
            names.add(str(ref).split("/")[0])
        return names


class Packages:
    """The packages of a run, looked up by `dataset/recurso` and `dataset/indicador`."""

    def __init__(self, packages: list[PackageData]) -> None:
        self.by_name = {p.name: p for p in packages}

    def rows(self, ref: str) -> list[dict[str, Any]]:
        dataset, resource = ref.split("/", 1)
        return self.by_name[dataset].rows(resource)

    def indicator(self, ref: str) -> dict[str, Any]:
        dataset, code = ref.split("/", 1)
        for row in self.by_name[dataset].rows("indicadores"):
            if row["indicador"] == code:
                return row
        raise LookupError(f"indicator {ref} not found")


Outcome = tuple[str, dict[str, Any], list[str]] | None  # (message, values, sentences) if broken
Check = Callable[[Rule, Packages], Outcome]


def _rows_equal_indicator(rule: Rule, data: Packages) -> Outcome:
    rows = data.rows(rule.params["tabla"])
    indicator = data.indicator(rule.params["indicador"])
    if len(rows) == indicator["valor"]:
        return None
    message = (
        f"{rule.params['tabla']} lists {len(rows)} rows but indicator "
        f"{rule.params['indicador']} says {indicator['valor']}"
    )
    return message, {"filas": len(rows), "indicador": indicator["valor"]}, [indicator["oracion"]]


def _sum_equals(rule: Rule, data: Packages) -> Outcome:
    refs = rule.params["indicadores"]
    rows = [data.indicator(ref) for ref in refs]
    total = sum(row["valor"] for row in rows)
    if total == rule.params["total"]:
        return None
    parts = " + ".join(
        f"{ref.split('/')[1]} {row['valor']}" for ref, row in zip(refs, rows, strict=True)
    )
    message = f"{parts} = {total}, expected {rule.params['total']}"
    values = {ref: row["valor"] for ref, row in zip(refs, rows, strict=True)}
    return message, {**values, "suma": total}, sorted({row["oracion"] for row in rows})


_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}


def _compare(rule: Rule, data: Packages) -> Outcome:
    left, right = data.indicator(rule.params["izquierda"]), data.indicator(rule.params["derecha"])
    symbol = rule.params["operador"]
    if _OPERATORS[symbol](left["valor"], right["valor"]):
        return None
    message = (
        f"{rule.params['izquierda']} ({left['valor']}) {symbol} "
        f"{rule.params['derecha']} ({right['valor']}) does not hold"
    )
    values = {rule.params["izquierda"]: left["valor"], rule.params["derecha"]: right["valor"]}
    return message, values, sorted({left["oracion"], right["oracion"]})


_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def _date_bounds(text: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of "2024-10-17", "2024-10" or "2024-10-17/2024-10-18"; years: None."""
    days: list[dt.date] = []
    for part in text.split("/"):
        match = _ISO.match(part)
        if not match:
            return None
        year, month = int(match[1]), int(match[2])
        if match[3]:
            days.append(dt.date(year, month, int(match[3])))
        else:
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            days.extend([dt.date(year, month, 1), following - dt.timedelta(days=1)])
    return min(days), max(days)


def _dates_in_period(rule: Rule, data: Packages) -> Outcome:
    """Every `fecha` and every dated `periodo` inside the report's period; streams over the
    tables, reading only those columns (and the sentence of a date found outside)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    outside: list[str] = []
    sentences: list[str] = []
    for name, package in sorted(data.by_name.items()):
        period = package.period()
        if period is None:
            continue
        for resource in package.resource_names():
            fields = {f["name"]: f for f in package.schema(resource)["fields"]}
            dated = [c for c in ("fecha", "periodo") if c in fields]
            if not dated:
                continue
            told = [c for c in ("oracion", "punto") if c in fields][:1]
            for batch in package.batches(resource, dated + told):
                for column in dated:
                    values = batch.column(column)
                    if pa.types.is_date(values.type):
                        # Arrow values only: a Python value in pyarrow.compute imports pandas.
                        early = pc.less(values, av.scalar(period[0], values.type))
                        late = pc.greater(values, av.scalar(period[1], values.type))
                        rows = pc.indices_nonzero(pc.or_(early, late).fill_null(av.FALSE))
                        found = rows.to_pylist()
                    else:
                        found = [
                            i
                            for i, text in enumerate(values.to_pylist())
                            if text is not None and _outside(str(text), period)
                        ]
                    for row in found:
                        outside.append(f"{name}/{resource} {column}={values[row].as_py()}")
                        if told:
                            sentences.append(str(batch.column(told[0])[row].as_py() or ""))
    if not outside:
        return None
    first = next(iter(data.by_name.values())).period()
    span = f"{first[0]}..{first[1]}" if first else "the report's period"
    message = f"{len(outside)} date(s) outside {span}: {', '.join(outside[:5])}"
    return message, {"fuera_del_periodo": outside}, [s for s in sentences if s][:5]


def _outside(text: str, period: tuple[dt.date, dt.date]) -> bool:
    bounds = _date_bounds(text)
    return bool(bounds and (bounds[0] < period[0] or bounds[1] > period[1]))


_STOPWORDS = {"de", "del", "la", "las", "los", "el", "y"}


def _host_key(name: str) -> str:
    return " ".join(w for w in fold(name).split() if w not in _STOPWORDS)


def _distinct_hosts(rule: Rule, data: Packages) -> Outcome:
    rows = data.rows(rule.params["tabla"])
    indicator = data.indicator(rule.params["indicador"])
    hosts: dict[str, str] = {}
    for row in rows:
        hosts.setdefault(_host_key(row[rule.params["columna"]]), row[rule.params["columna"]])
    words = {fold(w) for w in rule.params["palabras_ies"]}
    other = sorted(name for key, name in hosts.items() if not words & set(key.split()))
    higher_ed = len(hosts) - len(other)
    if higher_ed == indicator["valor"] and not other:
        return None
    message = (
        f"{rule.params['tabla']} has {len(hosts)} distinct hosts, {higher_ed} of them higher "
        f"education institutions, but indicator {rule.params['indicador']} says "
        f"{indicator['valor']}"
    )
    if other:
        message += f"; not higher education: {', '.join(other)}"
    values = {
        "sedes_distintas": len(hosts),
        "sedes_ies": higher_ed,
        "indicador": indicator["valor"],
    }
    return message, {**values, "otras_sedes": other}, [indicator["oracion"]]


_FORMULA_START = ("=", "+", "-", "@")
_SAMPLES = 100  # cells named in a finding; the rest are counted


def _no_formulas(rule: Rule, data: Packages) -> Outcome:
    """Text cells a spreadsheet would run as formulas; the data itself is left as it is.
    Streams over the tables, reading their text columns only."""
    import pyarrow.compute as pc

    cells: list[str] = []
    count = 0
    for name, package in sorted(data.by_name.items()):
        for resource in package.resource_names():
            texts = [
                f["name"]
                for f in package.schema(resource)["fields"]
                if f.get("type", "string") == "string"
            ]
            if not texts:
                continue
            first_row = 2
            for batch in package.batches(resource, texts):
                for column in texts:
                    values = batch.column(column)
                    starts = pc.starts_with(values, _FORMULA_START[0])
                    for mark in _FORMULA_START[1:]:
                        starts = pc.or_(starts, pc.starts_with(values, mark))
                    rows = pc.indices_nonzero(starts.fill_null(av.FALSE)).to_pylist()
                    count += len(rows)
                    for row in rows[: max(0, _SAMPLES - len(cells))]:
                        value = str(values[row].as_py())[:40]
                        where = f"{name}/{resource} row {first_row + row}"
                        cells.append(f"{where} {column}={value!r}")
                first_row += batch.num_rows
    if not count:
        return None
    message = (
        f"{count} text cell(s) start with =, +, - or @ and would run as formulas when "
        f"opened in a spreadsheet: {'; '.join(cells[:5])}"
    )
    return message, {"celdas": cells, "total": count}, []


def _figures_in_sentences(rule: Rule, data: Packages) -> Outcome:
    """Each figure read from the text, read again from its own text (validate/figure_text.py)."""
    from opendata.validate.figure_text import check_figure

    broken: list[str] = []
    sentences: list[str] = []
    for name, package in sorted(data.by_name.items()):
        if "indicadores" not in package.resource_names():
            continue
        for row in package.rows("indicadores"):
            if row.get("metodo") != "texto":
                continue
            cifra = row.get("cifra_texto")
            problem = (
                "no cifra_texto"
                if not cifra
                else check_figure(cifra, row["oracion"], row["valor"], row["calificador"])
            )
            if problem:
                broken.append(f"{name}/{row['indicador']}: {problem}")
                sentences.append(row["oracion"])
    if not broken:
        return None
    message = f"{len(broken)} figure(s) do not read as written: {'; '.join(broken[:5])}"
    return message, {"cifras": broken}, sentences[:5]


KINDS: dict[str, Check] = {
    "cifras_en_oracion": _figures_in_sentences,
    "filas_igual_indicador": _rows_equal_indicator,
    "suma_igual": _sum_equals,
    "comparacion": _compare,
    "fechas_en_periodo": _dates_in_period,
    "sedes_distintas_igual_indicador": _distinct_hosts,
    "sin_formulas": _no_formulas,
}


def _is_ref(value: Any) -> bool:
    return isinstance(value, str) and value.count("/") == 1 and all(value.split("/"))


# What each kind's parameters must be: `dataset/name` references, text, numbers...
_PARAMETERS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "ref": ("a reference dataset/name", _is_ref),
    "refs": (
        "a list of references dataset/name",
        lambda v: isinstance(v, list) and bool(v) and all(_is_ref(r) for r in v),
    ),
    "text": ("text", lambda v: isinstance(v, str) and bool(v)),
    "texts": (
        "a list of words",
        lambda v: isinstance(v, list) and all(isinstance(w, str) for w in v),
    ),
    "number": (
        "a number",
        lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    ),
    "operator": (f"one of {' '.join(_OPERATORS)}", lambda v: v in _OPERATORS),
}
SHAPES: dict[str, dict[str, str]] = {
    "filas_igual_indicador": {"tabla": "ref", "indicador": "ref"},
    "suma_igual": {"indicadores": "refs", "total": "number"},
    "comparacion": {"izquierda": "ref", "operador": "operator", "derecha": "ref"},
    "sedes_distintas_igual_indicador": {
        "tabla": "ref",
        "columna": "text",
        "indicador": "ref",
        "palabras_ies": "texts",
    },
    "edicion_consecutiva": {"indicadores": "refs"},
    "acumulado_no_decrece": {"indicadores": "refs"},
    "salto_mayor_que": {"factor": "number"},
}
_OPTIONAL: dict[str, str] = {"excepto": "texts"}  # any kind: datasets a rule leaves out


def load_rules(validation_dir: Path) -> list[Rule]:
    path = validation_dir / RULES_FILE
    items = read_structured(path, "rules file") or []
    if not isinstance(items, list):
        raise InputError(f"{path}: expected a list of rules")
    from opendata.validate.series_rules import SERIES_KINDS

    known = [*KINDS, *SERIES_KINDS]
    rules = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InputError(f"{path}: rule {number} must be a mapping")
        kind, severity = item.get("regla"), item.get("severidad")
        if kind not in known:
            raise InputError(
                f"{path}: rule {number} has unknown regla {kind!r} ({', '.join(known)})"
            )
        if severity not in ("error", "warning"):
            raise InputError(f"{path}: rule {number} needs severidad error or warning")
        if not item.get("id") or not item.get("descripcion"):
            raise InputError(f"{path}: rule {number} needs id and descripcion")
        if not isinstance(item["id"], str) or not isinstance(item["descripcion"], str):
            raise InputError(f"{path}: rule {number}: id and descripcion must be text")
        params = {
            k: v for k, v in item.items() if k not in ("id", "regla", "severidad", "descripcion")
        }
        optional = {k: v for k, v in _OPTIONAL.items() if k in params}
        for key, shape in {**SHAPES.get(kind, {}), **optional}.items():
            expected, valid = _PARAMETERS[shape]
            if not valid(params.get(key)):
                raise InputError(
                    f"{path}: rule {number} ({item['id']}): {key} must be {expected}, "
                    f"not {params.get(key)!r}"
                )
        if kind == "salto_mayor_que" and not params["factor"] > 1:
            raise InputError(f"{path}: rule {number} ({item['id']}): factor must be more than 1")
        rules.append(Rule(item["id"], kind, severity, item["descripcion"], params))
    return rules


def of_edition(finding: Finding, label: str | None) -> Finding:
    """The finding, saying which edition of the report it is about (when there are several)."""
    if label is None:
        return finding
    return dataclasses.replace(finding, message=f"report {label}: {finding.message}")


def edition_groups(packages: list[PackageData]) -> list[tuple[str | None, list[PackageData]]]:
    """The packages as each edition's checks see them; packages without editions, once."""
    groups: dict[str | None, list[PackageData]] = {}
    for package in packages:
        for label, view in package.edition_views():
            groups.setdefault(label, []).append(view)
    return sorted(groups.items(), key=lambda item: item[0] or "")


def check_rules(rules: list[Rule], packages: list[PackageData]) -> tuple[list[Finding], list[str]]:
    """Findings of the broken rules, and the ids of the rules skipped: their datasets are not
    in the run, or (rules over the series) there is only one edition of them."""
    from opendata.validate.series_rules import SERIES_KINDS, editions_of

    groups = edition_groups(packages)
    several = len([label for label, _ in groups if label is not None]) > 1
    whole = Packages(packages)
    findings: list[Finding] = []
    skipped: list[str] = []
    for rule in rules:
        if rule.kind in SERIES_KINDS:
            if not rule.datasets() <= set(whole.by_name) or len(editions_of(rule, whole)) < 2:
                skipped.append(rule.id)
                continue
            findings.extend(_check(rule, whole, SERIES_KINDS[rule.kind], None))
            continue
        checked = False
        for label, group in groups:
            data = Packages(group)
            if not rule.datasets() <= set(data.by_name):
                continue
            checked = True
            findings.extend(_check(rule, data, KINDS[rule.kind], label if several else None))
        if not checked:
            skipped.append(rule.id)
    return findings, skipped


def _check(rule: Rule, data: Packages, kind: Check, label: str | None) -> list[Finding]:
    try:
        outcome = kind(rule, data)
    except (LookupError, TypeError, DamagedTable) as exc:  # a table, column or figure missing
        outcome = (f"cannot be checked: {exc}", {}, [])
    if not outcome:
        return []
    message, values, sentences = outcome
    dataset = sorted(rule.datasets())[0] if rule.datasets() else "*"
    resource = str(rule.params.get("tabla", "")).split("/")[-1] or None
    finding = Finding(
        dataset, resource, f"regla:{rule.id}", rule.severity, message, values, sentences
    )
    return [of_edition(finding, label)]
