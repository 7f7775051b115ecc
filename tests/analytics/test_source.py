"""The statutory returns, named once: the store's folders, the pages' labels, DfE's words."""

import json

from smeaton.analytics.formats.spec import all_tables
from smeaton.analytics.indicators import COMPUTED, PUBLISHED
from smeaton.analytics.measures.data import RECORDS
from smeaton.analytics.source import Source


def test_a_sources_value_is_its_folder_in_the_store_and_reads_as_plain_text():
    assert [str(source) for source in Source] == ["ssda903", "cin", "attendance"]
    assert f"{Source.CIN}/la_code=879" == "cin/la_code=879"
    assert json.dumps({"source": Source.ATTENDANCE}) == '{"source": "attendance"}'
    assert Source("ssda903") is Source.SSDA903


def test_labels_for_a_heading_and_for_a_sentence():
    assert [source.label for source in Source] == ["SSDA903", "CIN census",
                                                   "School attendance"]
    assert [source.in_sentence for source in Source] == ["SSDA903", "CIN census",
                                                         "attendance"]


def test_every_table_record_and_measure_names_its_source_from_the_one_vocabulary():
    assert {table.source for table in all_tables()} == set(Source)
    assert all(isinstance(record.source, Source) for record in RECORDS.values())
    assert {indicator.computed.source for indicator in COMPUTED} == set(Source)
    for indicator in COMPUTED:
        assert {RECORDS[name].source for name in indicator.computed.needs} == {
            indicator.computed.source}


def test_the_published_indicators_name_a_returns_publication_in_dfes_words():
    publications = {indicator.published.publication for indicator in PUBLISHED}
    assert {source.publication for source in Source} <= publications
    assert Source.SSDA903.publication == "Children looked after in England including adoptions"
