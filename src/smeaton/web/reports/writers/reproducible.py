"""Word and Excel files are zip archives, whose entries carry the time they were written,
and whose properties say when the document was last modified. Rewritten here with one
fixed time for the entries and the report's own date for the properties, the same report
gives the same bytes whenever it is written."""

import io
import re
import zipfile

FIXED = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
PROPERTIES = "docProps/core.xml"
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def same_bytes_every_time(archive: bytes, written_on: str) -> bytes:
    """``written_on``: the document's date and time (ISO 8601), which Excel's writer
    otherwise replaces with the clock's as it saves."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == PROPERTIES:
                content = MODIFIED.sub(rb"\g<1>" + written_on.encode() + rb"\g<2>", content)
            fixed = zipfile.ZipInfo(entry.filename, FIXED)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, content)
    return out.getvalue()
