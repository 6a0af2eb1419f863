"""The validation report for machines (JSON) and people (one self-contained HTML page)."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from opendata.validate.report import Finding, ValidationReport

JSON_NAME = "validation-report.json"
HTML_NAME = "validation-report.html"
HTML_FINDINGS = 1000  # the page lists this many; the JSON report has every finding

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:70rem;color:#222;padding:0 1rem}
h1{font-size:1.5rem}.ok{color:#17663a}.bad{color:#a11}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top;font-size:.9rem}
th{background:#f3f3f3}.error{background:#fde8e8}.warning{background:#fff6db}
blockquote{margin:.3rem 0;padding-left:.6rem;border-left:3px solid #bbb;color:#444}
code{font-size:.85rem}
"""


def write_reports(report: ValidationReport, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    json_path = folder / JSON_NAME
    json_path.write_text(
        json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n",
        encoding="utf-8",
    )
    html_path = folder / HTML_NAME
    html_path.write_text(render_html(report), encoding="utf-8")
    return [json_path, html_path]


def _row(finding: Finding) -> str:
    where = escape(finding.dataset + (f"/{finding.resource}" if finding.resource else ""))
    values = escape(json.dumps(finding.values, ensure_ascii=False, default=str))
    quotes = "".join(f"<blockquote>{escape(s)}</blockquote>" for s in finding.sentences)
    return (
        f'<tr class="{finding.severity}"><td>{finding.severity}</td><td>{where}</td>'
        f"<td><code>{escape(finding.check)}</code></td><td>{escape(finding.message)}{quotes}</td>"
        f"<td><code>{values}</code></td></tr>"
    )


def render_html(report: ValidationReport) -> str:
    verdict = (
        '<p class="ok">Valid: nothing blocks publication.</p>'
        if report.valid
        else '<p class="bad">Invalid: error-level findings block publication.</p>'
    )
    every = report.errors + report.warnings
    findings = "".join(_row(f) for f in every[:HTML_FINDINGS]) or (
        '<tr><td colspan="5">No findings.</td></tr>'
    )
    if len(every) > HTML_FINDINGS:
        findings += (
            f'<tr><td colspan="5">… and {len(every) - HTML_FINDINGS} more, '
            f"all in {JSON_NAME}.</td></tr>"
        )
    large = "".join(
        f"<tr><td>{escape(name)}</td><td>{escape('; '.join(checks))}</td></tr>"
        for name, checks in report.large_tables.items()
    )
    if large:
        large = (
            "<h2>Large tables</h2>\n"
            f"<table><tr><th>dataset</th><th>checked</th></tr>{large}</table>\n"
        )
    datasets = "".join(
        f"<tr><td>{escape(name)}</td><td>{report.suites.get(name, 0)}</td>"
        f"<td>{len([f for f in report.for_dataset(name) if f.severity == 'error'])}</td>"
        f"<td>{len([f for f in report.for_dataset(name) if f.severity == 'warning'])}</td></tr>"
        for name in report.datasets
    )
    skipped = ", ".join(report.skipped_rules) or "none"
    return f"""<!doctype html>
<html lang="es"><head><meta charset="utf-8">
<title>Validation report</title><style>{_STYLE}</style></head>
<body>
<h1>Validation report</h1>
{verdict}
<p>{len(report.errors)} errors, {len(report.warnings)} warnings; {len(report.datasets)} datasets,
{sum(report.suites.values())} expectations, {len(report.rules)} consistency rules checked
(skipped for absent datasets: {escape(skipped)}).</p>
<h2>Findings</h2>
<table><tr><th>severity</th><th>where</th><th>check</th><th>what, and the report's words</th>
<th>values</th></tr>{findings}</table>
<h2>Datasets</h2>
<table><tr><th>dataset</th><th>expectations</th><th>errors</th><th>warnings</th></tr>{datasets}</table>
{large}</body></html>
"""


def markdown_summary(report: ValidationReport, limit: int = 30) -> str:
    """The verdict and the findings as Markdown, fit for a CI job summary."""
    verdict = "valid" if report.valid else "**INVALID**: nothing is published"
    lines = [
        "## Validation",
        "",
        f"{verdict}: {len(report.datasets)} datasets, {sum(report.suites.values())} "
        f"expectations, {len(report.rules)} rules; {len(report.errors)} errors, "
        f"{len(report.warnings)} warnings.",
    ]
    findings = report.errors + report.warnings
    if findings:
        lines += ["", "| severity | where | check | finding |", "|---|---|---|---|"]
        for finding in findings[:limit]:
            where = finding.dataset + (f"/{finding.resource}" if finding.resource else "")
            message = finding.message.replace("|", "\\|")
            lines.append(f"| {finding.severity} | {where} | `{finding.check}` | {message} |")
        if len(findings) > limit:
            lines.append(f"| | | | … and {len(findings) - limit} more (validation-report.json) |")
    return "\n".join(lines) + "\n"
