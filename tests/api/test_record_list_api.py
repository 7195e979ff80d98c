"""The record list's 查询 keyword: owner, title and the type's search fields (catalog §1.4.1, §5.4)."""

from flows import SEED000_T04, TEACHER_JSJ, TEACHER_JSGZB, UNIT_ADMIN_JSJ, create
from samples import example

A01 = example("A01")


def _ids(api, **params) -> list[int]:
    return [row["id"] for row in api.ok("GET", "/api/v1/records", query_string=params)["items"]]


def test_the_keyword_searches_every_search_field_of_the_listed_type(login_as):
    teacher = login_as(TEACHER_JSJ)
    kept = create(teacher, "A01", {**A01, "specialty": "软件工程", "position": "系主任"})
    other = create(teacher, "A01", {**A01, "employer": "太原理工大学", "specialty": "数学", "position": "讲师"})
    # A01: 「请输入单位名称、从事专业、担任职务进行查询」
    assert _ids(teacher, record_type="A01", q="软件") == [kept["id"]]          # 从事专业
    assert _ids(teacher, record_type="A01", q="系主任") == [kept["id"]]        # 担任职务
    assert _ids(teacher, record_type="A01", q="太原理工") == [other["id"]]     # 单位名称 (the title)
    assert _ids(teacher, record_type="A01", q="物理") == []
    assert sorted(_ids(teacher, record_type="A01", q="  ")) == sorted([kept["id"], other["id"]])


def test_without_a_record_type_the_keyword_searches_title_and_owner_only(login_as):
    teacher = login_as(TEACHER_JSJ)
    record = create(teacher, "A01", {**A01, "specialty": "软件工程"})
    assert _ids(teacher, q="软件") == []
    assert _ids(teacher, q="李明") == [record["id"]]
    assert _ids(teacher, q="02010001") == [record["id"]]


def test_wildcards_in_the_keyword_match_themselves(login_as):
    teacher = login_as(TEACHER_JSJ)
    percent = create(teacher, "A01", {**A01, "position": "负责50%课程"})
    create(teacher, "A01", {**A01, "position": "专任_教师"})
    assert _ids(teacher, record_type="A01", q="%") == [percent["id"]]
    assert len(_ids(teacher, record_type="A01", q="_")) == 1


def test_the_keyword_stays_inside_the_callers_scope(login_as):
    create(login_as(TEACHER_JSJ), "A01", {**A01, "specialty": "软件工程"}, submit=True)
    create(login_as(TEACHER_JSGZB), "T04", SEED000_T04, submit=True)
    unit = login_as(UNIT_ADMIN_JSJ)
    assert len(_ids(unit, view="scope", record_type="A01", q="软件")) == 1
    assert _ids(unit, view="scope", record_type="T04", q="四级") == []       # another unit's record
