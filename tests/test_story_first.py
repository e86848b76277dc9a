"""Messages that tell their story before they ask.

Messenger users explain first ("我刚从社保那边调到盟人社局…。我以前没弄过,想先问问:…") and ask
last. The story is background: its words must not refuse the question (社保), decide what is
asked for (十几年, 要是哪天), open a checklist (这批材料) or silence a region (辖区); its places
still count, and a thin ask ("需要什么条件?") is read with it. Also: a whole message ending like a
name (…鉴定中心) that asks is a question.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.messages import Intent, Reply, Role, UserInput
from bot.question_story import story_and_ask
from bot.slots import Slot, asking_words, detect_slot


def ask(engine: Engine, text: str, user: str = "tg:story", role: Role = Role.STAFF) -> Reply:
    return engine.handle(UserInput(user_id=user, text=text, role=role))


def first_line(reply: Reply) -> str:
    return reply.text.splitlines()[0]


@pytest.mark.parametrize(
    ("message", "story", "asked"),
    [
        (
            "我们是乌兰察布一家培训公司,老板决定不做认定了。内蒙这边主动退出要怎么办?",
            "我们是乌兰察布一家培训公司,老板决定不做认定了。",
            "内蒙这边主动退出要怎么办?",
        ),
        # An asking phrase inside the first asking sentence opens the ask.
        ("科长让我搞个专项督导。我以前没弄过,想先问问:督导组最少几个人?", "科长让我搞个专项督导。我以前没弄过,想先问问:", "督导组最少几个人?"),
        # The question first, its circumstances after: nothing is told before it.
        ("天津能备案吗?我们是外省公司。", "", "天津能备案吗?我们是外省公司。"),
        # A polite opening is no story.
        ("请问兵团备案有效期几年", "", "请问兵团备案有效期几年"),
        # A message that never asks keeps its words together.
        ("我们是兵团一家企业。想做认定。", "", "我们是兵团一家企业。想做认定。"),
        # A full stop closes a sentence that tells, whatever counting words it holds.
        ("也有几家公司。内蒙哪些情形不能申报?", "也有几家公司。", "内蒙哪些情形不能申报?"),
        # ... but a question reported ("问…") still asks.
        ("领导问我评优秀有啥好处。兵团怎么规定的?", "", "领导问我评优秀有啥好处。兵团怎么规定的?"),
        # Asking only whether a text has the like says where to look; the question after it, what.
        ("天津有一样的规定吗?考评员要持证吗", "天津有一样的规定吗?", "考评员要持证吗"),
        ("人社部的办法里也有类似的吗?专职人员能报本专业的考试不", "人社部的办法里也有类似的吗?", "专职人员能报本专业的考试不"),
        # ... and alone it is the question.
        ("兵团也有类似的吗?", "", "兵团也有类似的吗?"),
    ],
)
def test_the_story_is_set_apart_from_the_ask(message: str, story: str, asked: str) -> None:
    assert story_and_ask(message) == (story, asked)


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        ("我在宁波干电工十几年了", Slot.OTHER),
        ("要是哪天被记了不良信用,会受到哪些限制", Slot.CONDITIONS),
        ("提前几天申请", Slot.HOW_LONG),
        ("哪天截止", Slot.WHEN),
    ],
)
def test_counting_and_supposing_do_not_ask(text: str, slot: Slot) -> None:
    assert detect_slot(text) is slot


def test_overlapping_ways_of_asking_all_count() -> None:
    # 找哪 and 哪一级 overlap: 一级 is part of how the question asks, not a level asked about.
    asked = asking_words("内蒙这边改考试时间要不要提前跟人社报告?找哪一级?")
    assert "哪一级" in asked.split() and "要不要" in asked.split()


@pytest.mark.parametrize(
    ("message", "role", "lead"),
    [
        # 社保 is where the asker came from, not a topic to refuse: 内蒙古 第三十八条.
        (
            "我刚从社保那边调到盟人社局职业能力科,科长说下周要我牵头对一家社会培训评价组织搞个专项督导,"
            "说是有人反映他们考场松。我以前没弄过,想先问问:专项督导组人数有没有硬性规定,最少要几个质量督导员一起去?",
            Role.REGULATOR,
            "3名以上",
        ),
        # "十几年了" and "零几年" tell, they do not ask how long: 浙江's 第三部分 on old certificates.
        (
            "我在宁波干电工十几年了,零几年考过一个劳动部门发的技能类职业资格证,后来听人说这个资格国家早就取消了。"
            "现在换了家公司,人事问我这个老证还作不作数,还能不能拿出来证明我的技术水平?浙江这边有没有说法?",
            Role.APPLICANT,
            "技能水平能力的证明",
        ),
        # 辖区 is where the asker works, no word the region's text must use: 天津 第七条.
        (
            "我是津南区人社的,辖区有家大型企业想按他们自己的岗位搞一套评价规范来评工人,不想用国家标准。"
            "这种企业规范谁来编、参照什么编?编完了要报到哪一级备案才能用?",
            Role.REGULATOR,
            "国家职业技能标准编制技术规程",
        ),
    ],
    ids=["topic-does-not-refuse", "years-do-not-ask", "word-does-not-silence"],
)
def test_the_story_is_background_to_the_ask(chat_engine: Engine, message: str, role: Role, lead: str) -> None:
    reply = ask(chat_engine, message, role=role)
    assert reply.covered
    assert lead in first_line(reply)


@pytest.mark.parametrize(
    ("message", "named"),
    [
        # "需要什么条件?" names nothing: the story says what about (落户, which the texts do not cover).
        ("我想在天津落户。需要什么条件?", "落户"),
        # A place in the story still counts: 广东 is not covered.
        ("我们是广东一家培训机构,想做认定。请问备案有效期几年?", "广东"),
    ],
    ids=["thin-ask-read-with-story", "place-in-story-counts"],
)
def test_what_the_story_names_can_still_refuse(chat_engine: Engine, message: str, named: str) -> None:
    reply = ask(chat_engine, message, role=Role.APPLICANT)
    assert not reply.covered
    assert named in first_line(reply)


@pytest.mark.parametrize(
    ("message", "lead"),
    [
        # "这两件事能干吗" names nothing: the story's 本专业的考试 and 辅导班 pick item (五) of 人社部 第十五条.
        (
            "我在一个全国性学会负责本专业认定的组织工作。我自己想报本专业的考试,还有朋友请我去考前辅导班讲课。这两件事能干吗?",
            "不得申请参加本专业职业资格考试",
        ),
        # "这些人" are the story's 劳务派遣 workers: 天津 第十三条's sentence on them leads.
        ("我们是天津一家已经备案的企业,车间里劳务派遣的工人挺多的。这些人能参加我们自己组织的等级认定吗?", "含劳务派遣人员"),
    ],
)
def test_an_ask_naming_nothing_or_pointing_back_is_composed_from_its_story(chat_engine: Engine, message: str, lead: str) -> None:
    assert lead in first_line(ask(chat_engine, message))


def test_an_ask_pointing_back_into_the_story_is_answered_from_it(chat_engine: Engine) -> None:
    # "能这么安排吗" is about the story's 内督 兼 监考: 内蒙古 第二十六条.
    reply = ask(
        chat_engine,
        "我们是鄂尔多斯一家企业的评价站,下个月场次排得很满,人手不够,领导想让内督老师同一场里顺便兼个监考。"
        "我觉得不太对劲但说不出依据。请问能这么安排吗?另外内督是不是必须有证?",
    )
    assert "不得兼任同场次监考" in reply.text.split("(依据")[0]


def test_regions_named_in_the_story_are_compared(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "我们公司在兵团和天津都有业务,考虑两边都去备案。考评员要求有啥?", role=Role.APPLICANT)
    lines = reply.text.splitlines()
    assert lines[0].startswith("兵团:") and "考评人员" in lines[0]
    assert any(line.startswith("天津:") and "考评人员" in line for line in lines)


def test_papers_in_the_story_do_not_open_a_checklist(chat_engine: Engine) -> None:
    # 材料 is what the regulator reads, not what is asked: the ask is 内蒙古 第十条's list.
    reply = ask(chat_engine, "我负责初审,这批材料里有民非的培训学校,也有几家公司。内蒙规定哪些情形是不能申报的?", role=Role.REGULATOR)
    assert reply.intent is Intent.POLICY
    assert "不能申报" in first_line(reply)


def test_a_question_ending_like_a_name_is_no_agency(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "天津评价机构开考前要不要报计划给鉴定中心")
    assert reply.intent is Intent.POLICY
    assert "没有找到名称" not in reply.text


def test_a_bare_agency_name_is_still_looked_up(chat_engine: Engine) -> None:
    # This engine's registry is empty: the name is looked up and not found.
    reply = ask(chat_engine, "示例天津津南技能评价有限公司")
    assert "没有找到名称为“示例天津津南技能评价有限公司”" in reply.text


def test_where_to_look_then_what_is_asked_is_answered_by_what(chat_engine: Engine) -> None:
    # 承接 in the frame would open the eligibility check; the question is 人社部 第十五条(五).
    reply = ask(
        chat_engine,
        "人社部那个行业组织承接水平评价类资格的办法里也有类似的吗?搞认定的专职人员自己能报本专业的考试不",
        role=Role.APPLICANT,
    )
    assert reply.intent is Intent.POLICY
    assert "不得申请参加本专业职业资格考试" in first_line(reply)
    assert "逐项帮您核对条件" not in reply.text


def test_a_follow_up_leans_on_the_last_ask_not_its_story(engine_on_each_database: Engine) -> None:
    # The story (a 天津 car-parts firm, 市里的鉴定中心) is background to the last question; "内蒙的话"
    # asks its ask there: who finally decides, 内蒙古 第十一条(四) 自治区评价监管部门…统筹确定.
    user = "tg:story-lean"
    ask(engine_on_each_database, "你好,我这边是天津一家做汽车零部件的企业,老板让我牵头去申请职业技能等级认定的评价机构,"
        "说是要先找市里的鉴定中心。我想问下从递申请到最后对外公布,中间一共要走哪几步?", user=user, role=Role.APPLICANT)
    reply = ask(engine_on_each_database, "内蒙的话最后谁拍板定", user=user, role=Role.APPLICANT)
    assert reply.covered
    assert "统筹确定" in first_line(reply) and "自治区评价监管部门" in first_line(reply)
    assert reply.citations[0].doc_key == "neimenggu2024" and reply.citations[0].article == 11


def test_a_story_the_ask_points_back_at_does_not_refuse_it(chat_engine: Engine) -> None:
    # 考完了 in the story is no question about exam dates: 人社部 第十四条 answers the ask.
    reply = ask(
        chat_engine,
        "我在省人社厅专技处,有家全国性学会在我省组织了水平评价类资格认定,今年已经考完了。"
        "他们年度认定结束后,是不是应该把我省的人员名单和结果报给我们?具体报给谁?",
        role=Role.REGULATOR,
    )
    assert reply.covered and "省级人力资源社会保障部门" in first_line(reply)
