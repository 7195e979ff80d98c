"""The PATCH bodies share the create bodies' checks: nothing required, nothing defaulted."""
import pytest
from marshmallow import ValidationError


def test_a_patch_body_keeps_the_checks_and_fills_in_nothing():
    from app.api.schemas.admin import AccountPatchRequest, UnitPatchRequest
    assert UnitPatchRequest().load({"name": "先进陶瓷研究所"}) == {"name": "先进陶瓷研究所"}
    assert UnitPatchRequest().load({}) == {}
    assert UnitPatchRequest().load({"default_research_owner": None, "parent_id": None}) == {
        "default_research_owner": None, "parent_id": None}
    with pytest.raises(ValidationError) as error:
        UnitPatchRequest().load({"code": "x" * 33, "kind": "学校"})
    assert set(error.value.messages) == {"code", "kind"}
    assert AccountPatchRequest().load({"email": None}) == {"email": None}          # no is_staff default
    with pytest.raises(ValidationError) as error:
        AccountPatchRequest().load({"account": "01090023"})                        # the 账号 is not changed
    assert set(error.value.messages) == {"account"}


def test_a_value_change_also_takes_a_position():
    from app.api.schemas.reference_data import ValueRequest, ValueUpdateRequest
    assert ValueUpdateRequest().load({"sort_order": 3}) == {"sort_order": 3}
    with pytest.raises(ValidationError):
        ValueUpdateRequest().load({"value": "x" * 201})
    with pytest.raises(ValidationError) as error:
        ValueRequest().load({"sort_order": 3})
    assert set(error.value.messages) == {"value", "sort_order"}
