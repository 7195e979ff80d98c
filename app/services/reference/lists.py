"""The reference lists: every ``x-reference`` name of a deployed form, with its label and the fields it backs."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.definitions.forms import FormDefinition
from app.definitions.reference import COURSE_CATALOG, TERM_CALENDAR, reference_fields
from app.errors import NotFound
from app.models import RecordType

from app.services.deployment import form_of

KIND_COURSE, KIND_TERM, KIND_ENUM = "course", "term", "enum"
UNKNOWN_LIST = "参考数据“{name}”不存在"
_FIXED_LABELS = {COURSE_CATALOG: "课程名称（课程目录）", TERM_CALENDAR: "学年学期"}


@dataclass(frozen=True)
class FieldUse:
    """A form field backed by a list: record type, its 记录类型 title, field key and 标签."""

    record_type: str
    type_title: str
    field: str
    label: str


@dataclass
class ReferenceList:
    """One reference list: name (the ``x-reference`` value), label, kind (course / term / enum) and uses."""

    name: str
    label: str
    kind: str
    uses: list[FieldUse] = field(default_factory=list)
    forms: list[FormDefinition] = field(default_factory=list)

    @property
    def fields(self) -> list[tuple[str, str]]:
        """``[(record type, field)]``: where a value of this list may be stored."""
        return [(u.record_type, u.field) for u in self.uses]


def reference_lists(session: Session) -> dict[str, ReferenceList]:
    """Every reference list named by the current forms, in catalog order of their first use.

    Labels: 课程名称（课程目录）, 学年学期, else 「<标签>（<记录类型>）」 of the first field using it.
    """
    out: dict[str, ReferenceList] = {}
    for rtype in session.scalars(select(RecordType).order_by(RecordType.sort_order, RecordType.code)):
        form = form_of(session, rtype.form_version_id)
        for key, name in reference_fields(form.doc).items():
            entry = out.get(name)
            if entry is None:
                kind = {COURSE_CATALOG: KIND_COURSE, TERM_CALENDAR: KIND_TERM}.get(name, KIND_ENUM)
                label = _FIXED_LABELS.get(name) or f"{form.label(key)}（{rtype.name}）"
                entry = out[name] = ReferenceList(name, label, kind)
            entry.uses.append(FieldUse(rtype.code, rtype.name, key, form.label(key)))
            entry.forms.append(form)
    return out


def reference_list(session: Session, name: str) -> ReferenceList:
    """One list by name. Raises NotFound (「参考数据“X”不存在」)."""
    found = reference_lists(session).get(name)
    if found is None:
        raise NotFound(UNKNOWN_LIST.format(name=str(name)[:64]))
    return found
