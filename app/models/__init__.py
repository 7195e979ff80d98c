"""SQLAlchemy 2 models; importing this package registers every table on ``Base.metadata``."""
from .base import LOCAL_TZ, Base, school_time, utcnow
from .definitions import DefinitionDraft, DefinitionVersion, RecordType
from .delegations import Delegation, SigningToken
from .files import Attachment
from .imports import ImportBatch, ImportRow
from .messaging import Notification, NotificationPreference, OutboxMessage, UrgeEvent
from .org import RESEARCH_OWNERS, UNIT_KINDS, ApiToken, AuditEvent, RoleGrant, Unit, User
from .records import Record, ReviewEvent
from .reference import ReferenceSetting, ReferenceValue
from .summaries import WorkloadSettlement
from .signatures import Signature
from .withdrawals import WithdrawalRequest
from .workflow import Incident, ProcessInstance, UserTask
from . import task_projection  # noqa: F401  (registers the hooks that keep user_task's record columns)

__all__ = [
    "LOCAL_TZ",
    "RESEARCH_OWNERS",
    "UNIT_KINDS",
    "ApiToken",
    "Attachment",
    "AuditEvent",
    "Base",
    "DefinitionDraft",
    "DefinitionVersion",
    "Delegation",
    "ImportBatch",
    "ImportRow",
    "Incident",
    "Notification",
    "NotificationPreference",
    "OutboxMessage",
    "ProcessInstance",
    "Record",
    "RecordType",
    "ReferenceSetting",
    "ReferenceValue",
    "ReviewEvent",
    "RoleGrant",
    "Signature",
    "SigningToken",
    "Unit",
    "UrgeEvent",
    "User",
    "UserTask",
    "WithdrawalRequest",
    "WorkloadSettlement",
    "school_time",
    "utcnow",
]
