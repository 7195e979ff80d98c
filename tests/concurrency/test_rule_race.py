"""Two identical T01 create+submit requests at once (issue 8, finding 4): the duplicate rule holds
inside the transaction, so exactly one is created and the other gets the rule's message."""
import threading

import pytest

from conftest import requires_postgres
from flows import T01_DATA, TEACHER_JSJ


@requires_postgres
@pytest.mark.committed
def test_concurrent_identical_t01_submissions_one_201_one_422(app, db_session):
    token = app.config["TEST_TOKENS"][TEACHER_JSJ]
    for round_no in range(5):
        data = {**T01_DATA, "teaching_class": f"计科23{round_no:02d}班"}
        barrier = threading.Barrier(2)
        answers: list[tuple[int, dict]] = []

        def submit() -> None:
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
