"""A tiny engine double for plumbing tests of the channel (no database, no retrieval).

It answers with fixed Replies shaped like the real engine's: buttons, an edit,
citations, a long answer, a long list, a refusal. It says nothing about the
engine's behaviour; the end-to-end tests use the real `build_engine`.
"""

from __future__ import annotations

import threading

from bot.messages import Button, Intent, Reply, Role, UserInput
from errors import PermissionDeniedError
from retrieval.hits import Hit as CitedPassage

HIT = CitedPassage(
    doc_key="neimenggu2024",
    doc_title="内蒙古自治区职业技能等级认定实施办法",
    doc_number="内人社办发〔2024〕53号",
    jurisdiction="neimenggu",
    article=11,
    article_label="第十一条",
    chapter="第二章",
    text="第十一条 评价机构应当<公开>评价标准。",
    score=1.0,
    citation="《内蒙古自治区职业技能等级认定实施办法》第十一条 (内人社办发〔2024〕53号)",
)


class FakeEngine:
    """Fixed replies; remembers checklist ticks per user in memory."""

    def __init__(self) -> None:
        self.calls: list[UserInput] = []
        self.ticks: dict[str, set[int]] = {}
        self._lock = threading.Lock()

    def handle(self, message: UserInput) -> Reply:
        with self._lock:
            self.calls.append(message)
        if message.callback and message.callback.startswith("ck:"):
            ticks = self.ticks.setdefault(message.user_id, set())
            ticks ^= {int(message.callback[3:])}
            return self._checklist(ticks, edit=True)
        if message.command == "checklist":
            return self._checklist(self.ticks.setdefault(message.user_id, set()), edit=False)
        if message.command == "registry":
            if message.role is not Role.REGULATOR:
                raise PermissionDeniedError()
            lines = [f"{n}. 第{n}号评价机构 备案编号 S{n:010d}" for n in range(1, 301)]
            return Reply(text="\n".join(lines), intent=Intent.REGISTRY)
        if message.command == "source" or (message.callback or "").startswith("src:"):
            where = message.text or message.callback
            return Reply(text=f"原文 {where}:" + HIT.text, intent=Intent.SOURCE)
        if message.command == "boom" or message.text == "boom":
            raise RuntimeError("engine failure")
        if message.text == "long":
            return Reply(
                text="评价机构应当依法开展评价。" * 800,
                intent=Intent.POLICY,
                citations=(HIT,),
                buttons=((Button("查看原文:内蒙古第十一条", "src:neimenggu2024:11"),),),
            )
        label = f"/{message.command}" if message.command else message.text
        return Reply(text=f"收到:{label} <{message.user_id}>", intent=Intent.SMALLTALK)

    @staticmethod
    def _checklist(ticks: set[int], *, edit: bool) -> Reply:
        items = ["申请表", "营业执照", "评价人员名单"]
        lines = [f"{'☑' if n in ticks else '☐'} {item}" for n, item in enumerate(items)]
        buttons = tuple((Button(line, f"ck:{n}"),) for n, line in enumerate(lines))
        return Reply(
            text="备案材料清单\n" + "\n".join(lines),
            intent=Intent.CHECKLIST,
            buttons=buttons,
            edit=edit,
        )
