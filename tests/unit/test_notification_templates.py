"""One Chinese template per event, text + HTML (catalog §3.9)."""
import pytest

from app.services.messaging import templates

EVENTS = [*templates.EVENT_LABELS, templates.DIGEST]


@pytest.mark.parametrize("event", EVENTS)
def test_every_event_renders_text_and_html(event):
    text, html = templates.render(event, {"title": "标题", "body": "正文", "url": "http://x/records/1",
                                          "items": [{"title": "甲", "body": "乙"}]})
    assert "标题" in text and "人事业绩填报与审核平台" in text
    assert html.startswith("<!doctype html>") and "标题" in html


def test_the_return_mail_carries_the_comment_and_html_is_escaped():
    text, html = templates.render("record_returned", {"title": "T04被退回", "comment": "<场次有误>", "url": "u"})
    assert "退回意见：<场次有误>" in text
    assert "&lt;场次有误&gt;" in html
