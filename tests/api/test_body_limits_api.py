"""Bodies (issue 8, finding 5): the JSON size limit holds for chunked bodies; lone surrogates and
non-finite numbers are refused with the field path, in values and in keys."""
import io

import pytest

from flows import SEED000_T04, TEACHER_JSGZB


class _Chunks(io.RawIOBase):
    """A body of ``size`` bytes read in pieces, with no length known in advance (chunked)."""

    def __init__(self, size: int) -> None:
        self.left = size
        self.read_so_far = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), self.left, 64 * 1024)
        buffer[:n] = b" " * n
        self.left -= n
        self.read_so_far += n
        return n


def _post_chunked(api, url: str, body):
    """POST ``body`` as a server hands a chunked request to the app: no Content-Length, input terminated."""
    from werkzeug.test import EnvironBuilder
    from werkzeug.wrappers import Request
    environ = EnvironBuilder(url, method="POST", headers=api.headers, content_type="application/json").get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ.update({"wsgi.input": body, "HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": True})
    return api.client.open(Request(environ))


def test_a_chunked_body_over_the_limit_is_413_without_reading_it_all(login_as):
    api = login_as(TEACHER_JSGZB)
    body = _Chunks(int(7.9 * 1024 * 1024))
    response = _post_chunked(api, "/api/v1/records", body)
    assert response.status_code == 413, response.get_json()
    assert response.get_json()["message"] == "提交的内容过大（上限 256 KB）"
    assert body.read_so_far < 1024 * 1024           # counted while reading, refused early


def test_a_small_chunked_body_still_works(login_as):
    import json
    api = login_as(TEACHER_JSGZB)
    payload = json.dumps({"record_type": "T04", "data": SEED000_T04}).encode()
    response = _post_chunked(api, "/api/v1/records", io.BytesIO(payload))
    assert response.status_code == 201, response.get_json()


@pytest.mark.parametrize("raw, field, message", [
    ('{"record_type": "T04", "data": {"task_type": "\\udfff"}}', "data.task_type",
     "「data.task_type」包含无效的 Unicode 字符（不成对的代理项）"),
    ('{"record_type": "T04", "data": {"\\udfff": 1}}', "data.\\udfff",
     "「data.\\udfff」包含无效的 Unicode 字符（不成对的代理项）"),
    ('{"record_type": "T04", "data": {"sessions": NaN}}', "data.sessions",
     "「data.sessions」必须是有限的数值，不能是 NaN 或 Infinity"),
    ('{"record_type": "T04", "data": {"sessions": -Infinity}}', "data.sessions",
     "「data.sessions」必须是有限的数值，不能是 NaN 或 Infinity"),
    ('{"record_type": "T04", "data": {"rows": [1, 1e999]}}', "data.rows[1]",
     "「data.rows[1]」必须是有限的数值，不能是 NaN 或 Infinity"),
])
def test_lone_surrogates_and_non_finite_numbers_are_422_with_the_field_path(login_as, raw, field, message):
    response = login_as(TEACHER_JSGZB).post("/api/v1/records", data=raw, content_type="application/json")
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["errors"][0]
    assert (error["field"], error["location"], error["message"]) == (field, "json", message)


def test_a_surrogate_in_a_patch_body_is_refused_too(login_as):
    api = login_as(TEACHER_JSGZB)
    record = api.ok("POST", "/api/v1/records", 201, json={"record_type": "T04", "data": SEED000_T04})
    response = api.patch(f"/api/v1/records/{record['id']}", data='{"data": {"exam_type": "a\\ud800b"}, "version": 1}',
                         content_type="application/json")
    assert response.status_code == 422 and response.get_json()["errors"][0]["field"] == "data.exam_type"
