"""SQLAlchemy 2 models; importing this package registers every table on ``Base.metadata``."""
from .base import LOCAL_TZ, Base, school_time, utcnow
from .definitions import DefinitionVersion, RecordType
from .files import Attachment
from .imports import ImportBatch, ImportRow
from .messaging import Notification, OutboxMessage
from .org import ApiToken, AuditEvent, RoleGrant, Unit, User
from .records import Record, ReviewEvent
from .summaries import WorkloadSettlement
from .withdrawals import WithdrawalRequest
from .workflow import Incident, ProcessInstance, UserTask

__all__ = [
           "LOCAL_TZ",
           "ApiToken",
           "Attachment",
           "AuditEvent",
           "Base",
           "DefinitionVersion",
           "ImportBatch",
           "ImportRow",
           "Incident",
           "Notification",
           "OutboxMessage",
           "ProcessInstance",
           "Record",
           "RecordType",
           "ReviewEvent",
           "RoleGrant",
           "Unit",
           "User",
           "UserTask",
           "WithdrawalRequest",
           "WorkloadSettlement",
           "school_time",
           "utcnow",
]
