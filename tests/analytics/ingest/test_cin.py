"""The CIN census: every module into flat tables that join, read safely as a stream."""

import pytest

from smeaton.analytics import parallel
from smeaton.analytics.formats import cin, read
from smeaton.analytics.problems import FileProblem

from .conftest import cin_message, problems_of, stored

CHILD = """
<Child>
  <ChildIdentifiers><LAchildID>C1</LAchildID><UPN>A123456789012</UPN>
    <PersonBirthDate>2015-03-27</PersonBirthDate><Sex>M</Sex></ChildIdentifiers>
  <ChildCharacteristics><Ethnicity>WBRI</Ethnicity>
    <Disabilities><Disability>HAND</Disability><Disability>HEAR</Disability></Disabilities>
  </ChildCharacteristics>
  <CINdetails>
    <CINreferralDate>2024-06-06</CINreferralDate><ReferralSource>1A</ReferralSource>
    <PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>false</ReferralNFA>
    <Assessments><AssessmentActualStartDate>2024-06-07</AssessmentActualStartDate>
      <AssessmentAuthorisationDate>2024-07-19</AssessmentAuthorisationDate>
      <FactorsIdentifiedAtAssessment><AssessmentFactors>1C</AssessmentFactors>
        <AssessmentFactors>3A</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>
    <CINPlanDates><CINPlanStartDate>2024-07-20</CINPlanStartDate></CINPlanDates>
    <Section47><S47ActualStartDate>2024-06-10</S47ActualStartDate>
      <DateOfInitialCPC>2024-07-01</DateOfInitialCPC><ICPCnotRequired>0</ICPCnotRequired>
    </Section47>
    <ChildProtectionPlans><CPPstartDate>2024-07-01</CPPstartDate>
      <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
      <LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>
      <NumberOfPreviousCPP>1</NumberOfPreviousCPP>
      <Reviews><CPPreviewDate>2024-09-01</CPPreviewDate><CPPreviewDate>2025-01-10</CPPreviewDate></Reviews>
    </ChildProtectionPlans>
  </CINdetails>
  <CINdetails>
    <CINreferralDate>2024-11-01</CINreferralDate><ReferralSource>2A</ReferralSource>
    <ReferralNFA>1</ReferralNFA>
  </CINdetails>
</Child>"""


def test_every_module_becomes_a_table_joined_by_numbers(write, load, store):
    result = load(write("cin.xml", cin_message(CHILD)))
    assert not problems_of(result)
    tables = {summary.table: summary.rows_stored for summary in result.summaries}
    assert tables == {"cin_children": 1, "cin_disabilities": 2, "cin_details": 2,
                      "cin_assessments": 1, "cin_assessment_factors": 2, "cin_plans": 1,
                      "cin_section47": 1, "cin_cp_plans": 1, "cin_cp_reviews": 2}
    details = stored(store, "cin", "cin_details", "879", 2025)
    assert [row["referral_id"] for row in details] == [1, 2]
    assert [row["ReferralNFA"] for row in details] == ["0", "1"]  # xs:boolean, as 0 and 1
    factors = stored(store, "cin", "cin_assessment_factors", "879", 2025)
    assert {(row["referral_id"], row["assessment_id"]) for row in factors} == {(1, 1)}
    reviews = stored(store, "cin", "cin_cp_reviews", "879", 2025)
    assert [row["cp_plan_id"] for row in reviews] == [1, 1]
    tokens = {row["LAchildID"] for name in ("cin_children", "cin_details", "cin_cp_reviews")
              for row in stored(store, "cin", name, "879", 2025)}
    assert len(tokens) == 1 and "C1" not in tokens


def test_the_2026_pre_proceedings_module_is_read(write, load, store):
    child = CHILD.replace("</CINdetails>\n  <CINdetails>", """<PreProceedingsandFGDM>
      <PPStartDate>2025-09-09</PPStartDate><FGDMMeetingOffer>1</FGDMMeetingOffer>
      <ReviewMeetingsCount>3</ReviewMeetingsCount><PPOutcome>A</PPOutcome>
      </PreProceedingsandFGDM></CINdetails>\n  <CINdetails>""", 1)
    load(write("cin.xml", cin_message(child, year=2026)))
    (row,) = stored(store, "cin", "cin_pre_proceedings", "879", 2026)
    assert (row["referral_id"], row["ReviewMeetingsCount"], row["PPOutcome"]) == (1, 3, "A")


def test_gendercurrent_before_2025_and_sex_after(write, load):
    old = CHILD.replace("<Sex>M</Sex>", "<GenderCurrent>1</GenderCurrent>")
    assert not problems_of(load(write("2024.xml", cin_message(old, year=2024))), "cin_children")
    result = load(write("2025.xml", cin_message(old, year=2025)))
    assert [p.column for p in problems_of(result, "cin_children")] == ["GenderCurrent"]
    neither = CHILD.replace("<Sex>M</Sex>", "")
    (problem,) = problems_of(load(write("x.xml", cin_message(neither, lea="880"))),
                             "cin_children")
    assert problem.reason.startswith("blank: a child's sex must be given")


def test_structural_checks_on_assessments_plans_and_referrals(write, load):
    child = (CHILD.replace("<AssessmentAuthorisationDate>2024-07-19",
                           "<AssessmentAuthorisationDate>2024-06-01")
             .replace("<CINPlanStartDate>2024-07-20</CINPlanStartDate>",
                      "<CINPlanStartDate>2024-07-20</CINPlanStartDate>"
                      "<CINPlanEndDate>2024-07-01</CINPlanEndDate>")
             .replace("<CPPstartDate>2024-07-01</CPPstartDate>",
                      "<CPPstartDate>2024-07-01</CPPstartDate><CPPendDate>2024-06-30</CPPendDate>"))
    result = load(write("cin.xml", cin_message(child)))
    found = {(p.table, p.column): p for p in problems_of(result)}
    assert found["cin_assessments", "AssessmentAuthorisationDate"].reason == (
        "before AssessmentActualStartDate 2024-06-07")
    assert found["cin_plans", "CINPlanEndDate"].reason == "before CINPlanStartDate 2024-07-20"
    assert found["cin_cp_plans", "CPPendDate"].row == (
        "/Message/Children/Child[1]/CINdetails[1]/ChildProtectionPlans[1]")
    assert found["cin_cp_plans", "CPPendDate"].child == "C1"


def test_a_duplicate_child_is_rejected_and_stray_text_and_unknown_elements_reported(write, load):
    child = CHILD.replace("<Sex>M</Sex>", "<Sex>M</Sex>oops<Nickname>Bob</Nickname>")
    result = load(write("cin.xml", cin_message(child + child)))
    reasons = [(p.column, p.reason, p.severity) for p in problems_of(result)]
    assert ("Sex", "stray text after this element; ignored", "warning") in reasons
    assert any(column == "Nickname" and "not stored" in reason for column, reason, _ in reasons)
    duplicate = [p for p in problems_of(result, "cin_children") if "duplicate" in p.reason]
    assert duplicate[0].row == "/Message/Children/Child[2]"


def test_the_collection_year_comes_from_the_reference_date(write):
    text = (cin_message(CHILD).replace("<ReferenceDate>2025-03-31", "<ReferenceDate>2024-07-21")
            .replace("<Year>2025", "<Year>2024"))
    raw = read(write("cin.xml", text))
    assert (raw.la_code, raw.year) == ("879", 2025)
    assert raw.problems[0].column == "Year" and "2025 is used" in raw.problems[0].reason


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Message><Children><Child><ChildIdentifiers><LAchildID>&lol3;</LAchildID>
</ChildIdentifiers></Child></Children></Message>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE Message [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Message><Children><Child><ChildIdentifiers><LAchildID>&secret;</LAchildID>
</ChildIdentifiers></Child></Children></Message>"""
NETWORK = """<?xml version="1.0"?>
<!DOCTYPE Message SYSTEM "http://example.invalid/cin.dtd">
<Message><Children/></Message>"""


@pytest.mark.parametrize("attack", [LAUGHS, EXTERNAL, NETWORK],
                         ids=["entity expansion", "external entity", "network DTD"])
def test_xml_attacks_are_refused_before_any_entity_is_read(write, attack):
    with pytest.raises(FileProblem, match="document type declaration"):
        read(write("attack.xml", attack))


def test_malformed_xml_is_one_message_with_its_line(write):
    with pytest.raises(FileProblem, match="is not well-formed XML at line 3"):
        read(write("broken.xml", "<Message>", "<Children>", "<Child></Children>"))


def test_an_xml_file_of_another_kind_is_refused(write):
    with pytest.raises(FileProblem, match=r"root is <Invoice>"):
        read(write("other.xml", "<Invoice/>"))


def test_a_file_in_an_xml_namespace_is_refused_rather_than_read_as_empty(write):
    text = cin_message(CHILD).replace("<Message>", '<Message xmlns="http://example.org/cin">')
    with pytest.raises(FileProblem, match="in the XML namespace http://example.org/cin"):
        read(write("cin.xml", text))


def test_the_files_own_la_is_used_and_a_different_la_asked_for_is_a_warning(write, load):
    result = load(write("cin.xml", cin_message(CHILD)), la_code="880")
    assert result.summaries[0].la_code == "879"
    assert "the file says LA 879, not 880 as asked" in problems_of(result)[0].reason


# --- A large file, read in parts by a process per core --------------------------------


def many_children(count: int) -> str:
    """Children with every module, some with stray text or an unknown element before
    their identifier is read, so that problems must find their child across parts."""
    children = []
    for number in range(1, count + 1):
        child = CHILD.replace("<LAchildID>C1<", f"<LAchildID>C{number}<")
        if number % 7 == 0:
            child = child.replace("<UPN>", "stray<UPN>")
        if number % 11 == 0:
            child = child.replace("<CINPlanDates>", "<Mystery>1</Mystery><CINPlanDates>")
        children.append(child)
    return "".join(children)


def tables_of(raw) -> dict:
    return {table.spec.name: ({name: cells.to_pylist() for name, cells in table.columns.items()},
                              {name: ids.to_pylist() for name, ids in table.links.items()},
                              table.rows.to_pylist(), table.children.to_pylist())
            for table in raw.tables}


multicore = pytest.mark.skipif(parallel.workers() < 2, reason="reading in parts needs two cores")


@multicore
def test_a_file_read_in_parts_gives_exactly_what_it_gives_read_whole(write):
    path = write("cin.xml", cin_message(many_children(120)))
    whole = cin.read(path)
    assert cin._read_in_parts(path, None, part_size=8_000) is not None  # really in parts
    parted = cin.read(path, part_size=8_000)
    assert tables_of(parted) == tables_of(whole)
    assert parted.problems == whole.problems
    assert {p.child for p in whole.problems if p.column == "LAchildID"} == {
        f"C{n}" for n in range(7, 121, 7)}
    assert max(tables_of(whole)["cin_cp_plans"][1]["cp_plan_id"]) == 120


@multicore
def test_a_child_tag_in_a_comment_makes_the_parts_disagree_so_the_file_is_read_whole(write):
    path = write("cin.xml", cin_message(
        many_children(30) + "<!-- a <Child> that is not one -->" + many_children(30)))
    assert cin._read_in_parts(path, None, part_size=4_000) is None
    assert tables_of(cin.read(path, part_size=4_000)) == tables_of(cin.read(path))


@multicore
def test_malformed_xml_read_in_parts_is_reported_at_the_files_own_line(write):
    children = many_children(60)
    broken = children.replace("<LAchildID>C50</LAchildID>", "<LAchildID>C50</LAchild>")
    path = write("cin.xml", cin_message(broken))
    line = next(number for number, text in enumerate(cin_message(broken).splitlines(), 1)
                if "C50<" in text)
    with pytest.raises(FileProblem, match=f"is not well-formed XML at line {line}:"):
        cin.read(path, part_size=4_000)


def test_the_rows_of_a_child_given_twice_are_refused_with_it(write, load, store):
    """The second <Child> C1 is refused as a duplicate, and every row inside it with it:
    its disabilities, referrals, assessments and their factors, plans, section 47s, child
    protection plans and their reviews. Its second referral differs from the first
    child's, and is refused all the same: which child it belongs to is in doubt."""
    again = CHILD.replace("<CINreferralDate>2024-11-01", "<CINreferralDate>2024-12-01")
    result = load(write("cin.xml", cin_message(CHILD + again)))
    counts = {s.table: (s.rows_in, s.rows_stored, s.rows_rejected) for s in result.summaries}
    assert counts == {"cin_children": (2, 1, 1), "cin_disabilities": (4, 2, 2),
                      "cin_details": (4, 2, 2), "cin_assessments": (2, 1, 1),
                      "cin_assessment_factors": (4, 2, 2), "cin_plans": (2, 1, 1),
                      "cin_section47": (2, 1, 1), "cin_cp_plans": (2, 1, 1),
                      "cin_cp_reviews": (4, 2, 2)}
    refused = [p for p in problems_of(result) if p.table != "cin_children"]
    assert len(refused) == 12
    assert {(p.column, p.value, p.child, p.severity) for p in refused} == {
        ("LAchildID", "C1", "C1", "error")}
    assert {p.reason for p in refused} == {
        "refused with its child: the child C1 was given twice (first at "
        "/Message/Children/Child[1]); row not stored"}
    assert all(p.row.startswith("/Message/Children/Child[2]/") for p in refused)
    assert "/Message/Children/Child[2]/CINdetails[2]" in {p.row for p in refused}
    details = stored(store, "cin", "cin_details", "879", 2025)
    assert [row["source_row"] for row in details] == [
        "/Message/Children/Child[1]/CINdetails[1]", "/Message/Children/Child[1]/CINdetails[2]"]
    reviews = stored(store, "cin", "cin_cp_reviews", "879", 2025)
    assert {row["source_row"].split("/CINdetails")[0] for row in reviews} == {
        "/Message/Children/Child[1]"}
