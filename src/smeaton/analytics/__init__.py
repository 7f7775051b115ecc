"""The analytics room: statutory returns in, checks, privacy, the store and measures.

Pure Python. Nothing here may import Django: the same code runs from the command line,
a notebook or a distributed engine, and ``smeaton.web`` calls it, never the reverse.
"""
