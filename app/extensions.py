"""Extensions, created once and ``init_app``'d by the factory."""
from flask_login import LoginManager
from flask_smorest import Api
from flask_sqlalchemy_lite import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

# Services return the objects they changed; reading them after commit must not cost a reload.
db = SQLAlchemy(session_options={"expire_on_commit": False})
api = Api()
login_manager = LoginManager()
csrf = CSRFProtect()
