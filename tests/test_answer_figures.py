"""A figure question is answered only by a figure near what it asks about.

The words that ask for the unit ("工作日" of 多少个工作日) are in every sentence with such a
figure, so they cannot show that a sentence is the one asked: 兵团's 7-working-day notice
before a filing is cancelled is no answer to how long a filing application takes to review.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Reply, UserInput
from bot.shapes import asked_unit_words
from bot.slots import Slot


def ask(engine: Engine, text: str) -> Reply:
    return engine.handle(UserInput(user_id="tg:figures", text=text))


def test_the_words_asking_for_the_unit() -> None:
    assert asked_unit_words("审核一般多少个工作日出结果", Slot.HOW_LONG) == "工作日"
    assert asked_unit_words("备案有效期几年", Slot.HOW_LONG) == "几年"
    assert asked_unit_words("备案有效期多久", Slot.HOW_LONG) == ""


def test_a_figure_in_the_unit_about_something_else_does_not_answer(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团交了备案申请以后,审核一般多少个工作日出结果?")
    assert not reply.covered
    assert "没有规定" in reply.text.splitlines()[0]
    assert "7个工作日" not in reply.text.splitlines()[0]


def test_a_figure_in_the_unit_about_the_thing_asked_answers(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团评价机构被责令终止备案,要公示几个工作日?")
    assert reply.covered
    assert "7个工作日" in reply.text.splitlines()[0]


def test_a_sentence_is_read_under_the_title_of_its_part() -> None:
    from bot.structure import section_title

    sentences = ["(一)自动终止备案", "1.期满未续期的,取消备案资质。", "(二)责令终止备案", "由人社部门核实。", "公示7个工作日。"]
    assert section_title(sentences, 4) == "(二)责令终止备案"
    assert section_title(sentences, 1) == "(一)自动终止备案"
    assert section_title(sentences, 0) == ""
    # A label followed by a whole rule is a rule, not a title.
    assert section_title(["(一)评价机构应当建立考评人员队伍,确保质量。", "每年1次。"], 1) == ""


def test_work_safety_licences_and_theses_are_outside_the_texts(chat_engine: Engine) -> None:
    # 特种作业操作证 are renewed by other authorities; a thesis is a personal requirement.
    for question in ("特种作业的电工证到期了要不要复审", "内蒙古高级技师评审要不要发表论文"):
        reply = ask(chat_engine, question)
        assert not reply.covered, reply.text
        assert not reply.citations
    # That 特种作业 projects may be certified is in the texts, and so is a review of a decision.
    assert ask(chat_engine, "兵团的等级认定机构能评特种作业项目吗").covered
    assert ask(chat_engine, "对处理决定不服能申请复审吗").covered


def test_a_yes_or_no_comes_with_the_condition_that_qualifies_it(chat_engine: Engine) -> None:
    from bot.shapes import shapes

    assert shapes().exception is not None and shapes().exception.match("确需调整试卷内容的,调整比例不应超过10%")
    first = ask(chat_engine, "兵团评价机构从题库抽出来的试卷能自己改吗").text.splitlines()[0]
    assert first.startswith("不可以")
    assert "不得擅自变动试卷内容" in first
    assert "卷面总分的10%" in first  # the exception right after the rule


def test_a_head_count_cue_that_names_who_is_counted_is_answered(chat_engine: Engine) -> None:
    # "几个出题的专家": the counted people are the question's topic, not a unit to discount.
    reply = ask(chat_engine, "兵团每个工种起码得有几个出题的专家?")
    assert reply.covered, reply.text
    assert "不少于2人" in reply.text.splitlines()[0]


def test_a_one_character_unit_does_not_decide_whether_a_figure_is_near(chat_engine: Engine) -> None:
    # "几个人": 人 is the unit; the figure says 3名, and the sentence is about the 督导小组 asked.
    reply = ask(chat_engine, "内蒙古搞专项督导,督导组要几个人")
    assert reply.covered, reply.text
    assert "3名以上" in reply.text.splitlines()[0]


def test_an_a_not_a_question_is_a_whether_question() -> None:
    from bot.slots import detect_slot

    for question in ("有效期内加工种允不允许", "这样做行不行", "外省的证认不认"):
        assert detect_slot(question) is Slot.WHETHER, question


def test_a_colloquial_phrase_only_another_regions_law_words_answer_is_silence(chat_engine: Engine) -> None:
    # "顺便兼" stands for 兼任: 内蒙古's text forbids it, 天津's says nothing of it.
    silent = ask(chat_engine, "天津的内部督导员能不能顺便兼同一场的监考")
    assert not silent.covered
    assert "没有规定" in silent.text.splitlines()[0] and "兼任" in silent.text.splitlines()[0]
    answered = ask(chat_engine, "内蒙古的内部督导员能不能顺便兼同一场的监考")
    assert answered.covered and "不得兼任" in answered.text.splitlines()[0]
    # A phrase the region's text itself uses is no sign of silence (浙江 speaks of 考试).
    assert ask(chat_engine, "浙江对组织职业资格考试的考试机构有什么要求?").covered


def test_asking_how_far_ahead_is_a_way_of_asking_not_a_topic(chat_engine: Engine) -> None:
    # 提前 asks for a time as 几个月 does; the rule says "有效期满3个月前", without 提前.
    for question, fact in {
        "兵团续期要提前几个月交材料": "有效期满3个月前",
        "内蒙续期要提前几个月交材料": "有效期满3个月内",
    }.items():
        reply = ask(chat_engine, question)
        assert reply.covered, reply.text
        assert fact in reply.text.splitlines()[0], reply.text


def test_asking_how_far_ahead_is_answered_only_by_a_lead_time(chat_engine: Engine) -> None:
    # 兵团 第十四条 says a changed exam date is applied for "提前" with no period: the renewal
    # window of 第十条 (有效期满3个月前) is another rule's lead time, not this one's.
    reply = ask(chat_engine, "兵团考试时间要变更的话要提前多久申请")
    assert not reply.covered
    first = reply.text.splitlines()[0]
    assert first.startswith("兵团:") and "没有规定" in first
    assert ("bingtuan2025", 14) in {(c.doc_key, c.article) for c in reply.citations}
    assert "有效期满3个月前" not in reply.text
