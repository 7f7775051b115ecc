"""Safe, streaming XML for untrusted returns.

Returns come from case management systems and are handled as untrusted input: Smeaton
refuses a document type declaration outright (the way in for entity expansion and
external entity attacks; statutory returns never have one), never resolves entities,
never touches the network and keeps lxml's limits on depth and text size.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from smeaton.analytics.problems import FileProblem


def iterparse(source, **options):
    """lxml's iterparse with every unsafe feature switched off."""
    return etree.iterparse(
        str(source) if isinstance(source, Path) else source, resolve_entities=False,
        no_network=True, load_dtd=False, huge_tree=False, remove_comments=True,
        remove_pis=True, **options,
    )


def root_tag(path: Path) -> str:
    """The root element's name, after refusing a DTD and anything that is not XML."""
    events = iterparse(path, events=("start",))
    try:
        _, root = next(events)
    except StopIteration:
        raise FileProblem(path, "is empty: there is no XML in it") from None
    except etree.XMLSyntaxError as error:
        raise FileProblem(path, f"is not well-formed XML: {error.msg}") from None
    except OSError as error:
        raise FileProblem(path, f"cannot be read: {error}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise FileProblem(path, "has a document type declaration (<!DOCTYPE>), which "
                                "returns never need; refused, as it can carry entity "
                                "expansion or external entity attacks")
    name = etree.QName(root)
    if name.namespace:
        raise FileProblem(path, f"its elements are in the XML namespace {name.namespace}; "
                                "returns have none. Export the file again without it")
    return name.localname


def malformed(path: Path, error: etree.XMLSyntaxError) -> FileProblem:
    return FileProblem(path, f"is not well-formed XML at line {error.lineno}: {error.msg}")
