"""A report's blocks written out: as a web page and PDF (from the same HTML), as Word and
as Excel. Each writer reads only the blocks, so an issued report is written again exactly
as it was; and each fixes what a file would otherwise take from the clock (dates, ids), so
writing it again gives the same bytes."""
