"""One Chinese template per event, text + HTML (catalog §3.9; ``app/templates/notifications/``).

Pure rendering: no database, no Flask request. The text part is what in-app rows and plain mail show;
the HTML part is the mail's alternative body.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATE_ROOT = Path(__file__).resolve().parents[2] / "templates"

# every event a person can be told about, with the label of the preferences page
EVENT_LABELS: dict[str, str] = {
    "task_created": "有待我审核的记录",
    "record_returned": "记录被退回",
    "record_approved": "记录审核通过",
    "record_terminated": "记录被终止",
    "record_withdrawal": "撤回已处理",
    "withdrawal_requested": "撤回申请待处理",
    "import_finished": "导入完成",
    "records_imported": "单位为我导入了记录",
    "deadline_reminder": "超时提醒",
    "deadline_escalation": "超时升级",
    "cc": "抄送",
    "urge": "催办",
    "task_transferred": "转交给我的审核",
    "delegation": "委托代审",
}
DIGEST = "digest"


@cache
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATE_ROOT)), autoescape=select_autoescape(["html"]),
                       undefined=StrictUndefined, keep_trailing_newline=True)


def render(event_type: str, context: Mapping[str, object]) -> tuple[str, str]:
    """Render the event's ``.txt`` and ``.html`` templates.

    Args:
        event_type: a key of ``EVENT_LABELS`` or ``"digest"``; an unknown event falls back to ``cc``.
        context: ``title``, ``body``, ``url`` and, per event, ``comment`` or ``items``.

    Returns:
        ``(text, html)``.
    """
    name = event_type if event_type in EVENT_LABELS or event_type == DIGEST else "cc"
    values = {"title": "", "body": "", "url": "", "comment": None, "items": [], **context}
    env = _environment()
    return (env.get_template(f"notifications/{name}.txt").render(values),
            env.get_template(f"notifications/{name}.html").render(values))


__all__ = ["DIGEST", "EVENT_LABELS", "render"]
