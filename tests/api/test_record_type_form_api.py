"""The form endpoint hands the browser what its list and 调整 need (catalog §1.4, §3.6; docs/forms.md)."""


def test_the_form_metadata_carries_the_search_placeholder_and_the_adjustable_lists(login_as):
    api = login_as("01090023")
    a01 = api.ok("GET", "/api/v1/record-types/A01")["metadata"]
    assert a01["search_placeholder"] == "请输入单位名称、从事专业、担任职务进行查询"
    a20 = api.ok("GET", "/api/v1/record-types/A20")["metadata"]
    assert a20["adjustable_lists"] == [{"field": "cases", "when": {"template_entry": ["是"]}}]
    t04 = api.ok("GET", "/api/v1/record-types/T04")["metadata"]
    assert "search_placeholder" not in t04 and t04["search_fields"] == ["exam_type"]
