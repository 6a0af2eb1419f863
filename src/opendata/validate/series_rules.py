"""Rules across editions of the report: each compares an indicator in one edition with the
same indicator in the next edition that has it (`periodo_informe` of the series tables), and
each finding names both editions, both values and both sentences.

- `edicion_consecutiva`: an event's ordinal (PlanDAI "quinta", then "sexta") goes up by one
  for each year between the two reports;
- `acumulado_no_decrece`: a figure counted since a strategy began never goes down;
- `indicador_aparece_o_desaparece`: an indicator in one edition and not in the next;
- `salto_mayor_que`: a value that grows or shrinks by more than `factor`.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from opendata.validate.packages import EDITION
from opendata.validate.rules import Check, Outcome, Packages, Rule

Row = dict[str, Any]
_SHOWN = 5  # cases named in a finding's message; its values hold them all


def _indicators(data: Packages, dataset: str) -> dict[str, dict[str, Row]]:
    """A dataset's indicator rows by edition (oldest first), then by code."""
    found: dict[str, dict[str, Row]] = {}
    for row in data.rows(f"{dataset}/indicadores"):
        if row.get(EDITION):
            found.setdefault(str(row[EDITION]), {})[str(row["indicador"])] = row
    return dict(sorted(found.items()))


def _start(label: str) -> int:
    return int(label.split("/")[0])


def _datasets(rule: Rule, data: Packages) -> list[str]:
    if rule.datasets():
        return sorted(rule.datasets())
    excluded = set(rule.params.get("excepto") or [])
    return sorted(name for name in data.by_name if name not in excluded)


def editions_of(rule: Rule, data: Packages) -> set[str]:
    """The editions the rule's datasets hold."""
    return {label for name in _datasets(rule, data) for label in data.by_name[name].editions()}


def _present(data: Packages, ref: str) -> list[tuple[str, Row]]:
    dataset, code = ref.split("/", 1)
    return [
        (label, rows[code]) for label, rows in _indicators(data, dataset).items() if code in rows
    ]


def _case(ref: str, earlier: tuple[str, Row], later: tuple[str, Row], why: str) -> str:
    (la, a), (lb, b) = earlier, later
    return f"{ref}: report {la} says {a['valor']}, report {lb} says {b['valor']}{why}"


def _outcome(cases: list[tuple[str, str, list[Row]]], what: str) -> Outcome:
    """(reference, message, rows whose sentences it quotes) of each case, as one finding."""
    if not cases:
        return None
    shown = "; ".join(message for _, message, _ in cases[:_SHOWN])
    more = f" (and {len(cases) - _SHOWN} more)" if len(cases) > _SHOWN else ""
    values: dict[str, Any] = {}
    sentences: list[str] = []
    for ref, _, rows in cases:
        for row in rows:
            values.setdefault(ref, {})[str(row[EDITION])] = row.get("valor")
            if row.get("oracion") and row["oracion"] not in sentences:
                sentences.append(str(row["oracion"]))
    return f"{len(cases)} {what}: {shown}{more}", values, sentences


def _consecutive_editions(rule: Rule, data: Packages) -> Outcome:
    cases = []
    for ref in rule.params["indicadores"]:
        for earlier, later in pairwise(_present(data, ref)):
            expected = earlier[1]["valor"] + _start(later[0]) - _start(earlier[0])
            if later[1]["valor"] != expected:
                why = f"; after edition {earlier[1]['valor']} comes {expected}"
                cases.append((ref, _case(ref, earlier, later, why), [earlier[1], later[1]]))
    return _outcome(cases, "edition ordinal(s) that do not follow the previous report's")


def _cumulative(rule: Rule, data: Packages) -> Outcome:
    cases = []
    for ref in rule.params["indicadores"]:
        for earlier, later in pairwise(_present(data, ref)):
            if later[1]["valor"] < earlier[1]["valor"]:
                why = ": a cumulative figure went down"
                cases.append((ref, _case(ref, earlier, later, why), [earlier[1], later[1]]))
    return _outcome(cases, "cumulative figure(s) lower than in the previous report")


def _appears_or_vanishes(rule: Rule, data: Packages) -> Outcome:
    cases = []
    for dataset in _datasets(rule, data):
        if "indicadores" not in data.by_name[dataset].resource_names():
            continue
        for (la, before), (lb, after) in pairwise(_indicators(data, dataset).items()):
            for code in sorted(set(before) - set(after)):
                message = f"{dataset}/{code}: in report {la}, not in report {lb}"
                cases.append((f"{dataset}/{code}", message, [before[code]]))
            for code in sorted(set(after) - set(before)):
                message = f"{dataset}/{code}: in report {lb}, not in report {la}"
                cases.append((f"{dataset}/{code}", message, [after[code]]))
    return _outcome(cases, "indicator(s) in one report and not in the next")


def _jumps(rule: Rule, data: Packages) -> Outcome:
    factor = float(rule.params["factor"])
    cases = []
    for dataset in _datasets(rule, data):
        if "indicadores" not in data.by_name[dataset].resource_names():
            continue
        for (la, before), (lb, after) in pairwise(_indicators(data, dataset).items()):
            for code in sorted(set(before) & set(after)):
                a, b = before[code]["valor"], after[code]["valor"]
                low, high = sorted((abs(a), abs(b)))
                if (low == 0 and high > 0) or (low > 0 and high / low > factor):
                    ref = f"{dataset}/{code}"
                    why = f": more than {factor:g} times" + (" more" if b > a else " less")
                    pair = ((la, before[code]), (lb, after[code]))
                    cases.append((ref, _case(ref, *pair, why), [before[code], after[code]]))
    return _outcome(cases, f"value(s) that changed by a factor of more than {factor:g}")


SERIES_KINDS: dict[str, Check] = {
    "edicion_consecutiva": _consecutive_editions,
    "acumulado_no_decrece": _cumulative,
    "indicador_aparece_o_desaparece": _appears_or_vanishes,
    "salto_mayor_que": _jumps,
}
