"""Login (session + CSRF), bearer tokens, /auth/me, OpenAPI."""
from conftest import DEMO_PASSWORD
from flows import SEED000_T04, browser_login


def test_login_with_wrong_password_is_refused_with_one_message(app, db_session):
    client = app.test_client()
    for account in ("01090023", "nobody"):
        response = browser_login(client, account, "wrong")
        assert response.status_code == 401 and response.get_json()["message"] == "账号或密码错误"


def test_session_login_needs_the_csrf_token_on_unsafe_requests(app, db_session):
    client = app.test_client()
    login = browser_login(client, "01090023", DEMO_PASSWORD)
    assert login.status_code == 200
    token = login.get_json()["csrf_token"]
    assert client.get("/api/v1/auth/me").get_json()["name"] == "赵志睿"
    refused = client.post("/api/v1/records", json={"record_type": "T04", "data": SEED000_T04})
    assert refused.status_code == 400 and refused.get_json()["code"] == "csrf_failed"
    accepted = client.post("/api/v1/records", json={"record_type": "T04", "data": SEED000_T04},
                           headers={"X-CSRFToken": token})
    assert accepted.status_code == 201
    client.post("/api/v1/auth/logout", headers={"X-CSRFToken": token})
    assert client.get("/api/v1/auth/me").status_code == 401


def test_me_shows_roles_and_scopes(login_as):
    me = login_as("05019001").ok("GET", "/api/v1/auth/me")     # 高远: teacher + unit admin of 医学院
    assert me["unit_name"] == "医学院" and me["roles"] == ["teacher", "unit_admin"]
    admin = next(g for g in me["grants"] if g["role"] == "unit_admin")
    assert admin["unit_name"] == "医学院" and "teaching" in admin["categories"]


def test_a_bad_bearer_token_is_unauthenticated(app, db_session):
    response = app.test_client().get("/api/v1/auth/me", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_openapi_document_lists_the_resources(app, db_session):
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    for path in ("/api/v1/records", "/api/v1/records/{record_id}/submit", "/api/v1/tasks",
                 "/api/v1/tasks/{task_id}/complete", "/api/v1/auth/tokens", "/api/v1/record-types/{code}"):
        assert path in spec["paths"], path
    docs = app.test_client().get("/api/v1/docs")
    assert docs.status_code == 200 and b"/api/v1/docs-assets/swagger-ui-bundle.js" in docs.data
    assert app.test_client().get("/api/v1/docs-assets/swagger-ui-bundle.js").status_code == 200   # no CDN needed


def test_a_script_gets_a_bearer_token_with_account_and_password(app, db_session):
    client = app.test_client()
    issued = client.post("/api/v1/auth/tokens", json={"account": "90070001", "password": DEMO_PASSWORD})
    assert issued.status_code == 201 and issued.get_json()["token_type"] == "Bearer"
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {issued.get_json()['token']}"})
    assert me.get_json()["name"] == "潘婷" and me.get_json()["roles"] == ["hr_reviewer"]
    wrong = client.post("/api/v1/auth/tokens", json={"account": "90070001", "password": "nope"})
    assert wrong.status_code == 401


def test_an_expired_token_or_a_deactivated_account_is_unauthenticated(app, db_session):
    from datetime import timedelta

    from sqlalchemy import update

    from app.extensions import db
    from app.models import ApiToken, User, utcnow
    client = app.test_client()
    tokens = [client.post("/api/v1/auth/tokens", json={"account": account, "password": DEMO_PASSWORD}).get_json()["token"]
              for account in ("90070001", "90070002")]
    me = [lambda token=token: client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
          for token in tokens]
    assert [call().status_code for call in me] == [200, 200]
    with app.app_context():
        first = db.session.scalar(ApiToken.__table__.select().with_only_columns(ApiToken.id).order_by(ApiToken.id.desc())
                                  .limit(1).offset(1))
        db.session.execute(update(ApiToken).where(ApiToken.id == first).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.execute(update(User).where(User.account == "90070002").values(is_active=False))
        db.session.commit()
    assert [call().status_code for call in me] == [401, 401]
