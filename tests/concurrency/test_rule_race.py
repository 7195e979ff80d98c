"""Rules under concurrency (issue 8, finding 4): two identical T01 create+submit requests at once
yield one record and the duplicate message; two uploads at once never pass the file-count cap."""
import io
import threading

import pytest

from conftest import ApiClient, requires_postgres
from flows import SEED000_T04, T01_DATA, TEACHER_JSGZB, TEACHER_JSJ, uploaded
from samples import pdf_bytes


@requires_postgres
@pytest.mark.committed
def test_concurrent_identical_t01_submissions_one_201_one_422(app, db_session):
    token = app.config["TEST_TOKENS"][TEACHER_JSJ]
    for round_no in range(5):
        data = {**T01_DATA, "teaching_class": f"计科23{round_no:02d}班"}
        barrier = threading.Barrier(2)
        answers: list[tuple[int, dict]] = []

        def submit(data=data, barrier=barrier, answers=answers) -> None:
            client = app.test_client()          # every request: its own app context, session and connection
            barrier.wait()
            response = client.post("/api/v1/records", json={"record_type": "T01", "data": data, "submit": True},
                                   headers={"Authorization": f"Bearer {token}"})
            answers.append((response.status_code, response.get_json()))

        threads = [threading.Thread(target=submit) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(status for status, _ in answers) == [201, 422], answers
        refused = next(body for status, body in answers if status == 422)
        assert "该课程该教学班级已填报" in [e["message"] for e in refused["errors"]]


@requires_postgres
@pytest.mark.committed
def test_concurrent_uploads_never_pass_the_file_count_cap(app, db_session, store):
    """Nine files on the record, two more uploads at once: the record lock lets exactly one in."""
    token = app.config["TEST_TOKENS"][TEACHER_JSGZB]
    teacher = ApiClient(app.test_client(), TEACHER_JSGZB, token)
    record = teacher.ok("POST", "/api/v1/records", 201, json={"record_type": "T04", "data": SEED000_T04})
    for i in range(9):
        uploaded(teacher, record["id"], "attachments", f"f{i}.pdf", pdf_bytes(text=str(i)))
    barrier = threading.Barrier(2)
    answers: list[int] = []

    def upload(n: int) -> None:
        client = app.test_client()
        barrier.wait()
        response = client.post(f"/api/v1/records/{record['id']}/attachments", content_type="multipart/form-data",
                               headers={"Authorization": f"Bearer {token}"},
                               data={"field": "attachments", "file": (io.BytesIO(pdf_bytes(text=f"race{n}")), f"r{n}.pdf")})
        answers.append(response.status_code)

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(answers) == [201, 422]
    assert len(teacher.ok("GET", f"/api/v1/records/{record['id']}/attachments")) == 10
