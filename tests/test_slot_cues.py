"""What a message asks for, read from the cue tables (bot/slots.yaml): the messenger forms.

"啥时候" and "最晚" ask when as "什么时候" does; "能申报评价机构不" and "有这个限制没" ask whether;
"机构不履行承诺的 怎么处理" names a case and asks what happens, while "有异议的怎么处理" asks the
procedure; "咋申请" asks the steps; "…之前要先报备什么吗" asks what, not when; "只能批一家" asks a
count. A follow-up with a question word of its own ("在哪能查到") asks its own question; a bare
"呢" ("出题的专家呢") asks the last one again.
"""

from __future__ import annotations

import pytest

from bot.slots import Slot, detect_slot, names_a_question


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        ("兵团续期申请啥时候交", Slot.WHEN),
        ("那最晚呢", Slot.WHEN),
        ("最迟哪天要提", Slot.WHEN),
        ("我们是个事业单位 在内蒙能申报评价机构不", Slot.WHETHER),
        ("内蒙有这个限制没", Slot.WHETHER),
        ("兵团 机构不履行承诺的 怎么处理", Slot.CONSEQUENCES),
        ("兵团和津 机构不履行承诺的 分别怎么处理", Slot.COMPARISON),
        ("对处理决定有异议的怎么处理", Slot.STEPS),
        ("行业组织想承接水平评价类认定 咋申请", Slot.STEPS),
        ("天津这边,组织一批认定之前要先报备什么吗", Slot.WHETHER),
        ("天津这边 每次组织认定之前要先报计划吗,报给谁", Slot.WHO),
        ("听说同一个师市同一个职业只能批一家,这是真的吗?", Slot.HOW_MANY),
    ],
)
def test_a_messenger_form_asks_its_slot(text: str, slot: Slot) -> None:
    assert detect_slot(text) is slot


@pytest.mark.parametrize(("text", "own"), [("在哪能查到", True), ("谁批", True), ("出题的专家呢", False), ("那天津呢", False)])
def test_a_follow_up_names_a_question_of_its_own(text: str, own: bool) -> None:
    assert names_a_question(text) is own
