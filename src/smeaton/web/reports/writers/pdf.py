"""A report as a tagged PDF (PDF/UA-1): title, language, headings, tables with header
cells, figures with alternative text. WeasyPrint writes it from the same HTML blocks the
web page shows, with the report's own print stylesheet."""

import hashlib
from pathlib import Path

from django.template.loader import render_to_string

from smeaton.web.reports.blocks import Document

STYLESHEET = (Path(__file__).parent.parent / "templates" / "reports" / "document.css").read_text()


def html(document: Document) -> str:
    return render_to_string("reports/document.html", {
        "document": document, "stylesheet": STYLESHEET, "printing": True,
        # The document's dates are the day it was written as at, never the clock's.
        "written_on": f"{document.as_at}T00:00:00Z"})


def write(document: Document) -> bytes:
    from weasyprint import HTML  # loads its fonts and libraries: only writing a PDF pays

    page = html(document)
    # The file's id comes from what it says, so the same blocks give the same bytes.
    identifier = hashlib.sha256(page.encode()).hexdigest()[:32].encode()
    return HTML(string=page).write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier)
