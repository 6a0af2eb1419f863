"""Render a text report as a PDF with a real text layer, the way a word processor would."""

from __future__ import annotations

from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def text_to_pdf(text: str, target: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    for line in text.split("\n"):
        # Tabs (index lines) are kept as a wide gap, as a PDF's table of contents shows them.
        pdf.multi_cell(0, 5, line.replace("\t", "        ") or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(target))
    return target
