"""Extensions, created once and ``init_app``'d by the factory."""
from flask_login import LoginManager
from flask_smorest import Api
from flask_sqlalchemy_lite import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

db = SQLAlchemy()
api = Api()
login_manager = LoginManager()
csrf = CSRFProtect()
