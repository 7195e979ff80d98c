"""E-signature (catalog §5.2): the first single review needs one; the trail records its version and
shows the image; replacing it makes a new version; batch review never asks for one."""
import base64
import io

import pytest
from sqlalchemy import delete, select

from conftest import signature_png
from flows import SEED000_T04, TEACHER_JSGZB, UNIT_ADMIN_JSGZB, UNIT_ADMIN_WXY, create, inbox, task_for


@pytest.fixture
def unsigned(app, db_session):
    """曹阳 without any signature (inside the test's isolation; its own app context, so the requests
    that follow get theirs)."""
    from app.extensions import db
    from app.models import Signature, User
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.account == UNIT_ADMIN_JSGZB))
        db.session.execute(delete(Signature).where(Signature.user_id == user_id))
        db.session.commit()         # a savepoint released into the test's outer transaction
    return user_id


def _b64(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def test_first_single_review_without_signature_is_refused_batch_is_not(login_as, unsigned):
    teacher, unit = login_as(TEACHER_JSGZB), login_as(UNIT_ADMIN_JSGZB)
    first, second = (create(teacher, "T04", SEED000_T04, submit=True) for _ in range(2))
    assert unit.ok("GET", "/api/v1/me/signature")["has_signature"] is False
    task = task_for(unit, first["id"])
    refused = unit.post(f"/api/v1/tasks/{task['id']}/complete", json={"action": "approve"})
    assert refused.status_code == 428
    assert refused.get_json()["code"] == "signature_required"
    assert refused.get_json()["message"] == "第一次审核时需要个人电子签名，请先签名"
    assert task_for(unit, first["id"]) is not None                     # nothing decided
    body = unit.ok("POST", "/api/v1/tasks/batch", json={"action": "approve", "task_ids": [task["id"]]})
    assert body["succeeded"] == 1                                       # 「该操作无需个人电子签名」
    assert second["id"] in {i["record"]["id"] for i in inbox(unit)["items"]}


def test_the_trail_records_the_version_and_shows_the_image(login_as, unsigned):
    teacher, unit = login_as(TEACHER_JSGZB), login_as(UNIT_ADMIN_JSGZB)
    first, second = (create(teacher, "T04", SEED000_T04, submit=True) for _ in range(2))
    state = unit.ok("PUT", "/api/v1/me/signature", 201, json={"image": _b64(signature_png())})
    assert (state["has_signature"], state["version"]) == (True, 1)
    unit.ok("POST", f"/api/v1/tasks/{task_for(unit, first['id'])['id']}/complete", json={"action": "approve"})
    assert unit.ok("PUT", "/api/v1/me/signature", 201, json={"image": _b64(signature_png(300, 90))})["version"] == 2
    unit.ok("POST", f"/api/v1/tasks/{task_for(unit, second['id'])['id']}/complete", json={"action": "approve"})

    trail = teacher.ok("GET", f"/api/v1/records/{first['id']}/trail")
    row = next(e for e in trail if e["action"] == "approve")
    assert row["signature_version"] == 1 and row["signature_url"] == f"/api/v1/signatures/{unsigned}/1"
    later = next(e for e in teacher.ok("GET", f"/api/v1/records/{second['id']}/trail") if e["action"] == "approve")
    assert later["signature_version"] == 2
    image = teacher.get(row["signature_url"])                           # the owner reads the trail's image
    assert image.status_code == 200 and image.mimetype == "image/png"
    from PIL import Image
    assert Image.open(io.BytesIO(image.data)).size == (240, 80)
    assert login_as(UNIT_ADMIN_WXY).get(row["signature_url"]).status_code == 404     # another unit's admin


@pytest.mark.parametrize("payload, message", [
    (b"GIF89a" + b"\x00" * 64, "电子签名必须是 PNG 图片"),
    (b"\x89PNG\r\n\x1a\n" + b"not really a png" * 8, "电子签名必须是 PNG 图片"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * (151 * 1024), "电子签名图片不能超过 150 KB"),
])
def test_uploads_are_checked_by_content(login_as, payload, message):
    response = login_as(UNIT_ADMIN_JSGZB).request("PUT", "/api/v1/me/signature",
                                                  json={"image": base64.b64encode(payload).decode()})
    assert response.status_code == 422 and response.get_json()["message"] == message


def test_blank_and_tiny_signatures_are_refused(login_as):
    from PIL import Image
    unit = login_as(UNIT_ADMIN_JSGZB)
    out = io.BytesIO()
    Image.new("RGBA", (240, 80), (0, 0, 0, 0)).save(out, format="PNG")
    blank = unit.request("PUT", "/api/v1/me/signature", json={"image": base64.b64encode(out.getvalue()).decode()})
    assert blank.status_code == 422 and blank.get_json()["message"] == "电子签名是空白的，请重新签名"
    tiny = unit.request("PUT", "/api/v1/me/signature", json={"image": base64.b64encode(signature_png(10, 10)).decode()})
    assert tiny.status_code == 422
