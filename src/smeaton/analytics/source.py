"""The statutory returns Smeaton reads, named once.

A source's value names its folder in the store (``ssda903/la_code=879/year=2025``) and
is what readers, checks, the store and measures compare; its label is how a page or a
report names it, and its publication is DfE's statistics made from it, in DfE's words.
"""

from __future__ import annotations

from enum import StrEnum


class Source(StrEnum):
    SSDA903 = "ssda903"  # children looked after
    CIN = "cin"  # the children in need census
    ATTENDANCE = "attendance"  # school attendance, pupil by pupil and term by term

    @property
    def label(self) -> str:
        """As a heading names it: "SSDA903", "CIN census", "School attendance"."""
        return _LABELS[self][0]

    @property
    def in_sentence(self) -> str:
        """As a sentence names its returns: "no attendance return stored"."""
        return _LABELS[self][1]

    @property
    def publication(self) -> str:
        """DfE's statistics made from the source, in DfE's words."""
        return _PUBLICATIONS[self]


_LABELS = {
    Source.SSDA903: ("SSDA903", "SSDA903"),
    Source.CIN: ("CIN census", "CIN census"),
    Source.ATTENDANCE: ("School attendance", "attendance"),
}
_PUBLICATIONS = {
    Source.SSDA903: "Children looked after in England including adoptions",
    Source.CIN: "Children in need",
    Source.ATTENDANCE: "Pupil absence in schools in England",
}
