"""The compliance report: one result per dataset and check, as JSON, HTML and Markdown."""

from __future__ import annotations

import functools
import html
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from opendata.compliance.sources import Source, guide, law
from opendata.files import load_yaml_safely

PASS = "cumple"
FAIL = "no cumple"
NOT_CHECKABLE = "no verificable por máquina"
NOT_CHECKED = "no verificado"  # checkable, but not in this run (no --portal)
ERROR = "error"
WARNING = "advertencia"
CRITERIA = Path(__file__).with_name("criterios.yaml")


@dataclass(frozen=True)
class Result:
    dataset: str
    check: str
    caracteristica: str
    que_se_verifica: str
    severidad: str
    estado: str
    evidencia: str
    fuentes: tuple[Source, ...]

    @property
    def failed_error(self) -> bool:
        return self.estado == FAIL and self.severidad == ERROR

    def to_dict(self) -> dict[str, Any]:
        fields = asdict(self)
        fields["fuentes"] = list(fields["fuentes"])  # each source as a dict
        return {"dataset": self.dataset, "verificacion": fields.pop("check")} | fields

    def line(self) -> str:
        return (
            f"{self.estado} [{self.severidad}]: {self.dataset}: {self.check} "
            f"({self.caracteristica}): {self.evidencia}"
        )


@dataclass(frozen=True)
class Criterion:
    """What one check verifies and the texts it answers to (criterios.yaml)."""

    check: str
    caracteristica: str
    que_se_verifica: str
    fuentes: tuple[Source, ...]
    severidad: str = ERROR

    def judge(self, dataset: str, problems: list[str], evidence: str) -> Result:
        """Passed, showing `evidence`, when nothing is wrong; else failed, showing the
        first five problems."""
        shown = "; ".join(problems[:5])
        if len(problems) > 5:
            shown += f" (y {len(problems) - 5} más)"
        state = FAIL if problems else PASS
        return self._result(dataset, state, shown or evidence)

    def unknown(self, dataset: str, evidence: str) -> Result:
        """Not checkable by a machine (or not in this run): why, and what was seen."""
        return self._result(dataset, NOT_CHECKABLE, evidence)

    def not_checked(self, dataset: str) -> Result:
        """A check on the portal, in a run given none."""
        return self._result(
            dataset, NOT_CHECKED, "sin --portal: se verifica contra el portal publicado"
        )

    def _result(self, dataset: str, state: str, evidence: str) -> Result:
        return Result(
            dataset,
            self.check,
            self.caracteristica,
            self.que_se_verifica,
            self.severidad,
            state,
            evidence,
            self.fuentes,
        )


def criterion(check: str) -> Criterion:
    """The criterion of a check, by its name (`formatos-abiertos`)."""
    return _criteria()[check]


@functools.cache
def _criteria() -> dict[str, Criterion]:
    found = load_yaml_safely(CRITERIA, "list of compliance criteria")
    criteria = {}
    for check, entry in found.items():
        characteristic = entry["caracteristica"]
        sources = tuple(
            law(characteristic) if name == "ley" else guide(name.removeprefix("guía "))
            for name in entry["fuentes"]
        )
        what, severity = entry["que_se_verifica"], entry.get("severidad", ERROR)
        criteria[check] = Criterion(check, characteristic, what, sources, severity)
    return criteria


@dataclass
class ComplianceReport:
    portal: str | None
    fecha: str
    results: list[Result] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not any(r.failed_error for r in self.results)

    def counts(self) -> Counter[str]:
        return Counter(r.estado for r in self.results)

    def summary(self) -> str:
        counts = self.counts()
        parts = ", ".join(f"{n} {estado}" for estado, n in sorted(counts.items()))
        datasets = len({r.dataset for r in self.results})
        verdict = "CUMPLE" if self.passed else "NO CUMPLE"
        return f"{verdict}: {datasets} conjuntos, {parts}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "portal": self.portal,
            "fecha": self.fecha,
            "cumple": self.passed,
            "conteo": dict(sorted(self.counts().items())),
            "resultados": [r.to_dict() for r in self.results],
        }

    def markdown(self) -> str:
        lines = [
            f"## Cumplimiento: {self.portal or 'paquetes locales'}",
            "",
            f"**{self.summary()}**",
            "",
        ]
        notable = [r for r in self.results if r.estado != PASS]
        if notable:
            lines += ["| conjunto | verificación | característica | estado | evidencia |"]
            lines += ["|---|---|---|---|---|"]
            for r in notable:
                evidence = r.evidencia.replace("|", "\\|")
                lines.append(
                    f"| {r.dataset} | {r.check} | {r.caracteristica} | {r.estado} | {evidence} |"
                )
        return "\n".join(lines) + "\n"

    def html(self) -> str:
        rows = []
        for r in self.results:
            sources = "<br>".join(
                f"{html.escape(s.documento)}, {html.escape(s.ubicacion)} "
                f"<small>({html.escape(s.version)})</small>: «{html.escape(s.texto)}»"
                for s in r.fuentes
            )
            kind = {"cumple": "ok", "no cumple": "bad"}.get(r.estado, "na")
            rows.append(
                f"<tr class='{kind}'><td>{html.escape(r.dataset)}</td>"
                f"<td>{html.escape(r.caracteristica)}</td><td>{html.escape(r.que_se_verifica)}"
                f"</td><td>{html.escape(r.severidad)}</td><td><b>{html.escape(r.estado)}</b></td>"
                f"<td>{html.escape(r.evidencia)}</td><td>{sources}</td></tr>"
            )
        return (
            "<!doctype html><html lang='es'><head><meta charset='utf-8'>"
            "<title>Cumplimiento de datos abiertos</title><style>"
            "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
            "td,th{border:1px solid #bbb;padding:.3em;vertical-align:top;font-size:.9em}"
            "tr.ok td:nth-child(5){color:#175e17}tr.bad td:nth-child(5){color:#a11}"
            "tr.na td:nth-child(5){color:#666}</style></head><body>"
            f"<h1>Cumplimiento de datos abiertos</h1><p>{html.escape(self.summary())}</p>"
            f"<p>Portal: {html.escape(self.portal or 'ninguno (solo paquetes locales)')}; "
            f"fecha: {html.escape(self.fecha)}</p><table><tr><th>conjunto</th>"
            "<th>característica</th><th>qué se verifica</th><th>severidad</th><th>estado</th>"
            "<th>evidencia</th><th>fuente</th></tr>" + "".join(rows) + "</table></body></html>\n"
        )

    def write(self, folder: Path) -> tuple[Path, Path]:
        folder.mkdir(parents=True, exist_ok=True)
        as_json = folder / "cumplimiento.json"
        as_html = folder / "cumplimiento.html"
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
        as_json.write_text(text, encoding="utf-8")
        as_html.write_text(self.html(), encoding="utf-8")
        return as_json, as_html
