"""Render a text report as a PDF with a real text layer, the way a word processor would."""

from __future__ import annotations

from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
HEADER = "Informe de cierre 2023-2024 · Comisión de Estado Abierto y Transparencia Proactiva"


def text_to_pdf(text: str, target: Path, furniture: bool = False) -> Path:
    """`furniture`: a running header and a numbered footer on every page, as reports have.

    A line that is only a form feed ("\\f") starts a new page there.
    """
    from fpdf import FPDF

    class Report(FPDF):
        def header(self) -> None:
            if furniture:
                self.set_font("DejaVu", size=8)
                self.cell(0, 6, HEADER, new_x="LMARGIN", new_y="NEXT")
                self.ln(2)
                self.set_font("DejaVu", size=10)

        def footer(self) -> None:
            if furniture:
                self.set_y(-12)
                self.set_font("DejaVu", size=8)
                self.cell(0, 6, f"CEAyTP · SNT        Página {self.page_no()} de {{nb}}")

    pdf = Report(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    for line in text.split("\n"):
        if line == "\f":
            pdf.add_page()
            continue
        # Tabs (index lines) are kept as a wide gap, as a PDF's table of contents shows them.
        pdf.multi_cell(0, 5, line.replace("\t", "        ") or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(target))
    return target
