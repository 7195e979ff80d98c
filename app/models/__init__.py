"""SQLAlchemy 2 models; importing this package registers every table on ``Base.metadata``."""
from .base import LOCAL_TZ, Base, school_time, utcnow
from .definitions import DefinitionVersion, RecordType
from .files import Attachment
from .messaging import Notification, OutboxMessage
from .org import ApiToken, AuditEvent, RoleGrant, Unit, User
from .records import Record, ReviewEvent
from .signatures import Signature
from .withdrawals import WithdrawalRequest
from .workflow import Incident, ProcessInstance, UserTask

__all__ = [
           "LOCAL_TZ",
           "ApiToken",
           "Attachment",
           "AuditEvent",
           "Base",
           "DefinitionVersion",
           "Incident",
           "Notification",
           "OutboxMessage",
           "ProcessInstance",
           "Record",
           "RecordType",
           "ReviewEvent",
           "RoleGrant",
           "Signature",
           "Unit",
           "User",
           "UserTask",
           "WithdrawalRequest",
           "school_time",
           "utcnow",
]
