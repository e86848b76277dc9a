"""How users name what the texts say in other words, and what a reply then leads with.

- The item, figure or ground asked: one item of a conditions list named by one word
  ("命题专家有啥要求", 题(卷)库, 场地); a figure inside a short item ("备案有效期几年"); one ground of
  a sanctions list with the sanction its part states once; a validity period is no answer to
  how long a procedure takes.
- Everyday words: a 师 without 第 ("八师"); 队伍; a claim heard (听人说…); 核查期间; 通知 before
  and after a decision (告知, 送达); 红榜 and 黑榜; 去查; 组织一批认定; 超范围; "后果是啥".
- Checklists: a kind of procedure named without which one ("变更信息要交啥材料"), and what
  follows a checklist ("那首次备案呢", "那终止备案呢" while the menu waits, "多久能批下来").
- Follow-ups: another region in its own terms ("内蒙跨盟市呢"), "天津有这条没", and another
  subject with what is asked of it ("那考评员呢 有啥要求").

Dialogues keep their state in the database: those run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.messages import Intent, Reply, Role, UserInput
from bot.slots import Slot, detect_slot
from corpus.models import Jurisdiction
from retrieval.regions import detect_regions


def ask(engine: Engine, text: str, user: str = "tg:wording", role: Role = Role.STAFF) -> Reply:
    return engine.handle(UserInput(user_id=user, text=text, role=role))


def first_line(reply: Reply) -> str:
    return reply.text.splitlines()[0]


def test_one_item_named_by_its_own_word_is_the_lead(chat_engine: Engine) -> None:
    # 命题专家 is said in item (二); item (四) only echoes 命题 (命题技术规程).
    reply = ask(chat_engine, "兵团命题专家有啥要求")
    assert "命题专家应符合" in reply.text
    assert "在兵团辖区内依法登记" not in first_line(reply)


def test_a_word_the_text_writes_with_an_insert_names_its_item(chat_engine: Engine) -> None:
    # 兵团 writes 题(卷)库: item (四) is about the 题库, item (二) only mentions 命题专家.
    reply = ask(chat_engine, "题库建设上,兵团和内蒙古对评价机构分别有什么要求?")
    bingtuan = next(line for line in reply.text.splitlines() if line.startswith("兵团"))
    assert "不低于20%" in bingtuan and "命题专家" not in bingtuan


def test_a_place_to_evaluate_is_the_items_premises(chat_engine: Engine) -> None:
    # 场地 is said 场所 in 兵团's list: item (三) is the lead, not the whole list.
    reply = ask(chat_engine, "兵团评价机构的场地有啥要求")
    assert "场所、设施设备" in first_line(reply)
    assert "在兵团辖区内依法登记" not in first_line(reply)


def test_a_claim_heard_is_what_is_asked(chat_engine: Engine) -> None:
    # Who asks (协会) and where (八师 = 兵团) come before 听人说; the claim after it is the question.
    reply = ask(chat_engine, "我们协会想在八师做电工评价,听人说一个师同一个职业只给挂一家牌子,真的假的")
    assert reply.covered
    assert "不超过1家" in first_line(reply)


def test_a_figure_inside_a_short_item_leads(chat_engine: Engine) -> None:
    # 天津 第十二条(三) ends with the period: the sentence with the figure is the lead.
    reply = ask(chat_engine, "天津评价机构备案有效期几年")
    assert first_line(reply).startswith("备案有效期为3年")


def test_each_round_of_evaluation_is_planned_first(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "津 机构组织一批认定前要先报什么")
    assert "认定计划并向市鉴定中心备案" in first_line(reply)


def test_a_team_is_its_people(chat_engine: Engine) -> None:
    # 兵团 lists 命题专家、考评人员… without the word 队伍: its text is not silent.
    reply = ask(chat_engine, "兵团评价机构要建哪些队伍")
    assert reply.covered
    assert "考评人员" in first_line(reply)
    assert "没有规定" not in reply.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("我们协会想在八师做电工评价", [Jurisdiction.BINGTUAN]), ("去一师那边考试", [Jurisdiction.BINGTUAN]),
     ("8师的机构", [Jurisdiction.BINGTUAN]), ("高级技师怎么评", []), ("二级技师", []), ("八师傅", [])],
)
def test_a_division_without_its_di(text: str, expected: list[Jurisdiction]) -> None:
    assert detect_regions(text) == expected


def test_while_an_agency_is_checked(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团这边人社在查我们机构,查的这段时间还能接着招人报名考试不?")
    assert "暂停评价报名" in first_line(reply)
    assert ("bingtuan2025", 19) in {(c.doc_key, c.article) for c in reply.citations}


def test_told_before_a_decision_and_served_after(chat_engine: Engine) -> None:
    before = ask(chat_engine, "兵团跟内蒙,对机构下处理决定之前是不是都得先通知人家?")
    bingtuan = next(line for line in before.text.splitlines() if line.startswith("兵团"))
    assert "决定前告知" in bingtuan
    after = ask(chat_engine, "内蒙古的违纪处理决定是怎么通知到当事人的?")
    assert "以书面形式送达" in first_line(after)


def test_red_and_black_lists(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "津的红黑榜多长时间调一回?被评成红的机构有啥好处")
    assert "每三年" in first_line(reply) and "连续备案" in first_line(reply)


def test_how_the_ministry_checks_the_industry_organisations(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "人社部对承接资格认定的行业组织一般靠哪些方式去查")
    assert "巡视、巡察、抽查" in first_line(reply)


# ------------------------------------------------------------------ a kind of procedure


@pytest.fixture
def dialogue_engine(engine_on_each_database: Engine) -> Engine:
    """The checklist dialogue keeps its step in the database: SQLite and PostgreSQL."""
    return engine_on_each_database


def test_a_kind_of_procedure_shows_each_of_the_regions_with_what_it_takes(dialogue_engine: Engine) -> None:
    user = "tg:family"
    reply = ask(dialogue_engine, "兵团评价机构变更信息要交啥材料", user)
    assert reply.intent is Intent.CHECKLIST
    lines = reply.text.splitlines()
    assert lines[0].startswith("兵团的信息变更分2种")
    assert "登记注册机关出具的变更文件" in lines[1] and "备案信息变更说明" in lines[2]
    choices = [b for row in reply.buttons for b in row if "变更" in b.label]
    assert len(choices) == 2
    # A choice opens that procedure's full list, stored for ticking.
    shown = dialogue_engine.handle(UserInput(user_id=user, callback=choices[1].payload, role=Role.STAFF))
    assert first_line(shown) == "兵团变更常规信息(联系人、联系方式等)要交:备案信息变更说明。"
    assert "兵团 · 变更联系人" in shown.text


def test_a_kind_of_procedure_the_regions_text_lacks(dialogue_engine: Engine) -> None:
    reply = ask(dialogue_engine, "天津评价机构变更信息要交啥材料", "tg:family-tj")
    assert not reply.covered
    assert first_line(reply) == "《天津市职业技能等级认定工作规程(试行)》没有规定“信息变更”的办理程序和材料。"
    assert "兵团、内蒙古" in reply.text.splitlines()[1]


# ------------------------------------------------------------------ follow-ups


def test_another_region_asked_in_its_own_terms(chat_engine: Engine) -> None:
    user = "tg:echo"
    ask(chat_engine, "兵团的评价机构想去别的师市组织考试,要走啥手续", user)
    reply = ask(chat_engine, "内蒙跨盟市呢", user)
    assert "站点备案" in first_line(reply)
    assert ("neimenggu2024", 12) in {(c.doc_key, c.article) for c in reply.citations}


def test_has_the_other_region_such_a_rule(chat_engine: Engine) -> None:
    user = "tg:such-a-rule"
    ask(chat_engine, "兵团评价机构备案后一直不组织评价,会被取消吗", user)
    reply = ask(chat_engine, "天津有这条没", user)
    assert not reply.covered
    assert first_line(reply).startswith("天津:《天津市职业技能等级认定工作规程(试行)》没有规定")
    assert any(line.startswith("兵团(供参考)") for line in reply.text.splitlines())


# ------------------------------------------------------------------ after a checklist


def test_another_procedure_after_a_checklist_is_its_checklist(dialogue_engine: Engine) -> None:
    user = "tg:after-list"
    ask(dialogue_engine, "兵团评价机构续期要交啥材料", user)
    reply = ask(dialogue_engine, "那首次备案呢", user)
    assert reply.intent is Intent.CHECKLIST
    assert first_line(reply).startswith("兵团首次备案申请的步骤:向单位注册登记地人力资源和社会保障部门提交申请材料")
    assert "兵团 · 等级认定机构首次备案" in reply.text


def test_a_procedure_named_while_the_menu_waits_is_chosen(dialogue_engine: Engine) -> None:
    user = "tg:menu-words"
    ask(dialogue_engine, "兵团评价机构变更信息要交啥材料", user)
    reply = ask(dialogue_engine, "那终止备案呢", user)
    assert first_line(reply).startswith("兵团自愿终止备案要交:自愿终止备案申请")


def test_a_short_question_after_a_checklist_is_about_its_procedure(dialogue_engine: Engine) -> None:
    user = "tg:list-then-how-long"
    ask(dialogue_engine, "内蒙古站点备案要交啥", user)
    reply = ask(dialogue_engine, "多久能批下来", user)
    assert not reply.covered
    assert first_line(reply) == "内蒙古:《内蒙古自治区职业技能等级认定实施办法》没有规定相应的期限。"
    assert "站点备案" in reply.text


# ------------------------------------------------------------------ a subject of its own


def test_another_subject_and_what_is_asked_of_it(chat_engine: Engine) -> None:
    # The last question was about 内部督导员; "那考评员呢 有啥要求" is about 考评员, in 内蒙古.
    user = "tg:new-subject"
    ask(chat_engine, "内蒙古内部督导员能兼任同场监考吗", user)
    reply = ask(chat_engine, "那考评员呢 有啥要求", user)
    assert "考评人员" in first_line(reply) and "内部质量督导员" not in first_line(reply)
    assert reply.citations[0].doc_key == "neimenggu2024" and reply.citations[0].article != 26


def test_an_agency_that_never_evaluates(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团的机构备案后一直不开展评价会怎样")
    assert "一年以上不开展评价工作" in first_line(reply)


# ------------------------------------------------------------------ what happens on one ground


def test_a_ground_of_a_list_is_said_with_its_sanction(chat_engine: Engine) -> None:
    # 兵团 第十九条(二) lists its grounds under one sanction (…公示7个工作日,取消其备案资质).
    user = "tg:ground"
    ask(chat_engine, "天津评价机构不履行工作承诺 咋处理", user)
    reply = ask(chat_engine, "兵团咋弄", user)
    lead = first_line(reply)
    assert "12.不履行工作承诺" in lead and "取消其备案资质" in lead
    assert lead.index("12.不履行工作承诺") < lead.index("取消其备案资质")
    assert "11.出现违纪违规培训行为" not in lead




def test_what_happens_on_one_ground_named_first(chat_engine: Engine) -> None:
    # Not all twelve grounds: the one named (5.证书数据造假) and the sanction of its part.
    reply = ask(chat_engine, "兵团评价机构证书数据造假会被咋处理")
    lead = first_line(reply)
    assert "5.证书数据造假" in lead and "取消其备案资质" in lead
    assert "1.提供虚假备案材料" not in lead and "12.不履行工作承诺" not in lead


def test_beyond_the_filed_scope_and_what_the_consequence_is(chat_engine: Engine) -> None:
    # 超范围 is 兵团's 超备案职业; "后果是啥" is a way of asking: 兵团's text, which never says
    # 后果, is not silent for it.
    reply = ask(chat_engine, "兵团机构超范围评价 后果是啥")
    assert reply.covered
    assert "没有规定" not in first_line(reply)
    assert "2.超备案职业(工种)、等级开展评价工作的" in first_line(reply)


def test_a_filings_validity_is_no_answer_to_how_long_a_procedure_takes(chat_engine: Engine) -> None:
    user = "tg:how-long-procedure"
    ask(chat_engine, "天津评价机构备案要经过哪些程序", user)
    reply = ask(chat_engine, "要多久", user)
    assert not reply.covered
    assert first_line(reply) == "天津:《天津市职业技能等级认定工作规程(试行)》没有规定相应的期限。"
    # Asked of the validity itself, the same sentence is the answer.
    assert first_line(ask(chat_engine, "天津评价机构备案有效期几年")).startswith("备案有效期为3年")


# ------------------------------------------------------------------ a figure the user believes


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        ("津的评价机构备案一次能管五年吧?", "how_long"),
        ("兵团续期是不是提前3个月", "how_long"),
        ("是不是3年前的证也能用", "other"),  # a time before, not a period believed
    ],
)
def test_a_believed_figure_asks_for_the_figure(text: str, slot: str) -> None:
    assert detect_slot(text).value == slot


def test_a_wrong_figure_is_answered_with_the_rules(chat_engine: Engine) -> None:
    # "能管五年吧" believes a 有效期 of five years: 天津 第十二条 says 3.
    reply = ask(chat_engine, "津的评价机构备案一次能管五年吧?")
    assert first_line(reply).startswith("备案有效期为3年")


@pytest.mark.parametrize(
    ("first", "again"),
    [
        ("天津纸质评价资料存几年", "兵团也是这个年限不"),
        ("内蒙 评价资料纸质的要留几年", "兵团是不是不一样 有年限没"),
    ],
)
def test_is_the_other_region_different_asks_the_question_again(dialogue_engine: Engine, first: str, again: str) -> None:
    user = f"tg:wording-period-{len(first)}"
    ask(dialogue_engine, first, user=user)
    reply = ask(dialogue_engine, again, user=user)
    # 兵团 第十六条 sets a month to file, no period to keep: said first, the others' periods after.
    assert not reply.covered
    assert "兵团" in first_line(reply) and "没有规定" in first_line(reply)
    assert "不少于3年" in reply.text


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        # 干不好 is the texts' 不能按照要求完成…任务 (人社部 第十九条), not its 第六条 principles.
        ("承接认定的行业组织要是干不好会咋样", "责令其整改"),
        # 起草 is 拟定: the 专家委员会 drafts, the ministry guides (人社部 第十二条).
        ("水平评价类的评价大纲谁起草", "专家委员会"),
        # Tying a certificate to a job is the 目录's 与就业创业挂钩 (人社部2017, 浙江 一).
        ("我应届生,面试时HR说必须先有协会发的证才签合同。国家是不是说过这种证不能跟找工作绑在一起?", "不得与就业创业挂钩"),
    ],
)
def test_everyday_verbs_read_as_the_texts_say_them(chat_engine: Engine, text: str, lead: str) -> None:
    assert lead in first_line(ask(chat_engine, text))


@pytest.mark.parametrize(
    ("text", "silent", "reference"),
    [
        # 天津 第十一条 asks for a 专家团队 and sets no head count; 兵团 第六条 sets 2.
        ("天津对专家人数有硬性要求没", "天津", "不少于2人"),
        # 内蒙古 sets none for 考评人员; 兵团 sets 3.
        ("内蒙考评员人数有硬性规定没", "内蒙古", "不少于3人"),
    ],
)
def test_a_head_count_the_region_does_not_set(chat_engine: Engine, text: str, silent: str, reference: str) -> None:
    reply = ask(chat_engine, text)
    assert not reply.covered
    assert first_line(reply) == f"{silent}:《{reply.citations[0].doc_title}》没有规定相应的数量标准。"
    assert reference in reply.text


def test_a_head_count_the_region_sets_is_given(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团命题专家人数有要求吗")
    assert reply.covered and "不少于2人" in first_line(reply)


@pytest.mark.parametrize(
    ("turns", "lead"),
    [
        # Changing a few questions of a drawn paper is 调整试卷内容 (兵团 第十三条).
        (("兵团这边考试卷子是我们机构自己出还是去哪抽", "抽出来的卷子我们能自己调几道题不"), "不应超过卷面总分的10%"),
        # A 工种 nobody sat is one where the agency 未开展认定 (内蒙古 第十六条).
        (("内蒙 评价机构续期备案专家评估没过的话咋处理", "那要是评估过了,但有几个工种这三年压根没人考过呢"), "取消相应的职业"),
    ],
)
def test_everyday_words_for_papers_and_idle_occupations(dialogue_engine: Engine, turns: tuple[str, str], lead: str) -> None:
    user = f"tg:wording-idle-{len(turns[0])}"
    ask(dialogue_engine, turns[0], user=user)
    assert lead in first_line(ask(dialogue_engine, turns[1], user=user))


def test_what_happens_reaches_the_article_stating_the_sanction(chat_engine: Engine) -> None:
    # 内蒙古 第四十三条 (who handles) and 第四十九条 (records) rank above 第四十四条 (what happens).
    lead = first_line(ask(chat_engine, "内蒙认定作弊了 会咋处理"))
    assert "取消认定结果" in lead and "宣布证书作废" in lead


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        # A period asked as "is there a requirement": 天津 第十一条 sets none for 场地.
        (("我们在兵团准备申请等级认定机构,考试场地是租的,跟房东签了两年的合同,这样符合条件吗?", "天津这块对场地有年限要求吗"),
         "天津:《天津市职业技能等级认定工作规程(试行)》没有规定相应的期限。"),
        # A correction without 是: the question asked again of 兵团, whose 第十六条 sets no years.
        (("天津评价档案纸质的要存几年", "不对 我问的兵团"), "兵团:《兵团技能人才评价机构管理办法(试行)》没有规定"),
    ],
)
def test_a_period_the_region_does_not_set_when_asked_again(dialogue_engine: Engine, turns: tuple[str, str], expected: str) -> None:
    user = f"tg:wording-period-again-{len(turns[0])}"
    ask(dialogue_engine, turns[0], user=user)
    reply = ask(dialogue_engine, turns[1], user=user)
    assert not reply.covered and first_line(reply).startswith(expected)


def test_a_bank_without_questions_for_the_occupation(dialogue_engine: Engine) -> None:
    user = "tg:wording-bank"
    ask(dialogue_engine, "兵团考试卷子从哪抽", user=user)
    lead = first_line(ask(dialogue_engine, "要是兵团库里压根没这工种的题咋整", user=user))
    assert lead.startswith("兵团题(卷)库尚无试题的") and "审核同意" in lead


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        ("场地使用有没有年限规定", Slot.HOW_LONG),
        ("天津对专家人数有硬性要求没", Slot.HOW_MANY),
        ("专家有没有人数要求", Slot.HOW_MANY),
        ("这个职业得满足什么前提?", Slot.CONDITIONS),
        ("有没有年审要求", Slot.WHETHER),  # no period or count named: whether
    ],
)
def test_a_requirement_on_a_period_or_a_count_asks_for_the_figure(text: str, slot: Slot) -> None:
    assert detect_slot(text) is slot


def test_a_deadline_after_questions_on_the_objection_keeps_its_time_limit(dialogue_engine: Engine) -> None:
    # 申辩 was asked two turns back; "向谁提" in between keeps it (内蒙古 第四十八条: 5 working days).
    user = "tg:wording-objection"
    ask(dialogue_engine, "内蒙这边对评价机构作出的违规处理决定不服 能申辩吗", user=user)
    ask(dialogue_engine, "向谁提", user=user)
    reply = ask(dialogue_engine, "我们是11月27号收到的书面决定 最晚哪天要交", user=user)
    assert "要计算哪个期限" not in reply.text
    assert "最迟于2026年12月4日" in first_line(reply)


def test_has_it_a_time_limit_asks_the_last_question_of_that_region(dialogue_engine: Engine) -> None:
    user = "tg:wording-time-limit"
    ask(dialogue_engine, "内蒙对处理决定有异议的话 几天内要提出申辩", user=user)
    reply = ask(dialogue_engine, "兵团有没有时限", user=user)
    assert not reply.covered
    assert first_line(reply) == "兵团:《兵团技能人才评价机构管理办法(试行)》没有规定相应的期限。"


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        # 内督 is the 内部质量督导员; the same sitting is 同场次 (内蒙古 第二十六条).
        ("内蒙这边人手紧,内督能不能同一场顺带监个考?", "不得兼任同场次监考"),
        # A lease's term is a period 内蒙古 does not set; 兵团 asks 3年以上使用权.
        ("我们准备在内蒙申报评价机构,考场是租的,合同只签了两年。内蒙对场地租期有没有硬性要求?", "内蒙古:《内蒙古自治区职业技能等级认定实施办法》没有规定相应的期限。"),
    ],
)
def test_staff_shorthand_and_a_lease(chat_engine: Engine, text: str, lead: str) -> None:
    assert lead in first_line(ask(chat_engine, text))
