"""In a group chat every reply is public: a regulator there gets the stranger's view plus a
pointer to the private chat, through `Engine.handle`, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from bot import texts
from bot.messages import ChatKind, Reply, Role, UserInput
from tests.concurrency_workers import engine_for

REGULATOR = "tg:900"
STRANGER = "tg:1"
SUSPENDED = "BT-2024-0002"  # suspended after a supervision visit in the sample registry
REGULATOR_ONLY = ("督导记录:", "变更记录(最近", "的变更记录(最近")  # headings of the regulator-only parts


def ask(url: str, user: str, chat: ChatKind, *, text: str = "", command: str | None = None, callback: str | None = None) -> Reply:
    role = Role.REGULATOR if user == REGULATOR else None
    message = UserInput(user_id=user, text=text, command=command, callback=callback, role=role, chat=chat)
    return engine_for(url).handle(message)


@pytest.mark.parametrize(
    ("text", "command"),
    [(SUSPENDED, "status"), (f"{SUSPENDED}备案状态", None), (f"记录 {SUSPENDED}", "registry")],
)
def test_a_regulator_sees_only_the_public_view_in_a_group(sample_url: str, text: str, command: str | None) -> None:
    private = ask(sample_url, REGULATOR, ChatKind.PRIVATE, text=text, command=command)
    group = ask(sample_url, REGULATOR, ChatKind.GROUP, text=text, command=command)
    stranger = ask(sample_url, STRANGER, ChatKind.GROUP, text=text, command=command)

    assert any(word in private.text for word in REGULATOR_ONLY)
    assert not any(word in group.text for word in REGULATOR_ONLY)
    assert group.text.endswith(texts.GROUP_PUBLIC_VIEW)
    assert group.text.removesuffix(texts.GROUP_PUBLIC_VIEW).rstrip() == stranger.text
    assert texts.GROUP_PUBLIC_VIEW not in private.text + stranger.text


def test_a_regulator_list_asked_in_a_group_is_not_posted_there(sample_url: str) -> None:
    private = ask(sample_url, REGULATOR, ChatKind.PRIVATE, text="列出所有暂停的机构")
    group = ask(sample_url, REGULATOR, ChatKind.GROUP, text="列出所有暂停的机构")
    pages = [b.payload for row in ask(sample_url, REGULATOR, ChatKind.PRIVATE, text="到期 3650", command="registry").buttons for b in row]
    paged = ask(sample_url, REGULATOR, ChatKind.GROUP, callback=pages[0])

    assert SUSPENDED in private.text
    for reply in (group, paged):
        assert SUSPENDED not in reply.text and "仅向主管部门" in reply.text
        assert reply.text.endswith(texts.GROUP_PUBLIC_VIEW) and not reply.buttons


def test_other_replies_in_a_group_carry_no_note(sample_url: str) -> None:
    for user in (REGULATOR, STRANGER):
        assert not ask(sample_url, user, ChatKind.GROUP, command="help").text.endswith(texts.GROUP_PUBLIC_VIEW)
    stranger = ask(sample_url, STRANGER, ChatKind.GROUP, text="列出所有暂停的机构")
    assert "仅向主管部门" in stranger.text and texts.GROUP_PUBLIC_VIEW not in stranger.text
