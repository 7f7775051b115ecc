"""A file recognised by its start, before it is loaded: what return it is, or why not."""

import pytest

from smeaton.analytics.formats import recognise
from smeaton.analytics.problems import FileProblem
from tests.analytics.ingest.conftest import EPISODES


@pytest.mark.parametrize(("parts", "kind"), [
    (("d2i-cin", "CIN_Census_2024.xml"), "CIN census"),
    (("d2i-903", "fake_903.xml"), "SSDA903 (XML)"),
    (("d2i-903", "episodes.csv"), "SSDA903 Episodes"),
    (("d2i-903", "header.csv"), "SSDA903 Header"),
])
def test_each_return_is_recognised(conformance, parts, kind):
    assert recognise(conformance.joinpath(*parts)) == kind


def test_a_csv_in_another_encoding_is_recognised_by_its_header(write):
    assert recognise(write("e.csv", EPISODES, encoding="utf-16")) == "SSDA903 Episodes"
    assert recognise(write("e.csv", "\ufeff" + EPISODES.lower())) == "SSDA903 Episodes"


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("report.csv", "Name,Team\nA,B", "unknown table"),
    ("note.xml", "<note>hello</note>", "root is <note>"),
    ("broken.xml", "<Message><Header>", None),
    ("blank.csv", "\n\n", "is empty"),
    ("notes.docx", "hello", "not a CSV or XML file"),
])
def test_a_file_that_is_not_a_return_is_refused_with_a_reason(write, name, content, reason):
    path = write(name, content)
    if name == "broken.xml":  # cut short after its start: the load finds that
        assert recognise(path) == "CIN census"
        return
    with pytest.raises(FileProblem, match=reason):
        recognise(path)


def test_a_binary_file_is_refused(tmp_path):
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(FileProblem, match="binary"):
        recognise(path)
