"""Questions about one case of a list, the period a question is set in, and what a follow-up
carries over: the procedure to its checklist, and nothing more than the region when the
follow-up names its own topic.

"兵团想加个工种走啥程序" is answered by 第十八条(三), the 增量备案 case, not all five cases;
"备案有效期内" says when, not what; "要交哪些材料" after a question about changing a name is
the checklist of that change; "抽出来的卷子能自己调吗" after a 题库 question asks about 调整
the paper, not about the 题库. Conversations run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Intent, Reply, UserInput
from bot.slots import Slot, detect_slot
from bot.structure import is_case_list, parse_structure
from retrieval.expansion import naming_phrases

USER = "tg:cases"


def ask(engine: Engine, text: str, user: str = USER) -> Reply:
    return engine.handle(UserInput(user_id=user, text=text))


def test_items_that_each_open_with_a_condition_are_cases() -> None:
    cases = parse_structure("总则。\n(一)甲增加的,提交申请。\n(二)甲缩减的,提交材料。")[0].items
    conditions = parse_structure("应具备:\n(一)独立法人;\n(二)专职人员。")[0].items
    assert is_case_list(cases)
    assert not is_case_list(conditions)


def test_one_case_named_leads_with_that_case_only(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团想加个工种走啥程序")
    first = reply.text.splitlines()[0]
    assert reply.covered and reply.citations[0].article == 18
    assert "增量备案申请" in first
    assert "自愿终止备案申请" not in first and "变更文件" not in first


def test_a_question_naming_no_case_gets_every_case(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团评价机构变更信息和终止备案分别交什么", user="tg:cases-all")
    first = reply.text.splitlines()[0]
    assert "增量备案" in first and "自愿终止备案" in first


def test_the_period_a_question_is_set_in_is_not_what_it_asks() -> None:
    assert detect_slot("兵团有效期内想加个工种走啥程序") is not Slot.HOW_LONG
    assert detect_slot("兵团备案有效期是多久") is Slot.HOW_LONG


def test_within_the_filing_period_does_not_pull_the_renewal_rule(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团备案有效期内能不能加个工种,走啥程序", user="tg:cases-period")
    assert reply.covered
    assert reply.citations[0].article == 18
    assert "增量备案" in reply.text.splitlines()[0]


def test_adding_a_trade_is_the_regions_change_of_trades(chat_engine: Engine) -> None:
    # 内蒙古 never says 增量备案; its 第十四条 rules on 变更认定职业(工种): not silent.
    reply = ask(chat_engine, "内蒙备案期内想增加个工种怎么操作", user="tg:cases-nmg")
    assert reply.covered
    assert ("neimenggu2024", 14) == (reply.citations[0].doc_key, reply.citations[0].article)
    assert "没有规定" not in reply.text


def test_what_to_hand_in_after_a_procedure_question_is_its_checklist(sample_engine: Engine) -> None:
    ask(sample_engine, "兵团评价机构要改机构名称咋办")
    reply = ask(sample_engine, "要交哪些材料")
    assert reply.intent is Intent.CHECKLIST
    assert "变更原因" in reply.text and "营业执照" in reply.text
    assert "请选择" not in reply.text


def test_a_follow_up_naming_its_own_topic_keeps_only_the_region(sample_engine: Engine) -> None:
    ask(sample_engine, "兵团备案对题库有啥要求", user="tg:cases-paper")
    reply = ask(sample_engine, "抽出来的卷子能自己调吗", user="tg:cases-paper")
    first = reply.text.splitlines()[0]
    assert reply.citations[0].article == 13
    assert first.startswith("确需调整试卷内容的") and "10%" in first


def test_a_region_that_rules_within_the_period_keeps_it(chat_engine: Engine) -> None:
    # 内蒙古 第十四条 is worded "原则上在备案有效期内不得变更认定职业(工种)、等级".
    reply = ask(chat_engine, "内蒙古备案有效期内想改认定的工种等级,要走什么程序?", user="tg:cases-nmg2")
    assert reply.covered and reply.citations[0].article == 14
    assert "书面申请" in reply.text.splitlines()[0]


def test_a_figure_in_a_titled_part_is_found_by_the_title(chat_engine: Engine) -> None:
    # 兵团 第十九条: "(二)责令终止备案" … "向社会公示7个工作日"; (一) says 公示 without a figure.
    reply = ask(chat_engine, "兵团责令终止备案的 要对外公示几天", user="tg:cases-title")
    assert "7个工作日" in reply.text.splitlines()[0]


def test_which_incentives_lists_the_incentive_items(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团对诚信好的评价机构有啥激励", user="tg:cases-incentive")
    first = reply.text.splitlines()[0]
    assert "优先考虑" in first and "优先选择对象" in first


def test_a_long_article_quotes_the_sentence_with_the_word_asked(chat_engine: Engine) -> None:
    # 兵团 第二十三条 names 跨师市 in three sentences; only one says whose 书面同意 is needed.
    reply = ask(chat_engine, "兵团 跨师市去别的师考试需要哪些同意", user="tg:cases-consent")
    first = reply.text.splitlines()[0]
    assert "书面同意" in first and "授权" in first


def test_another_regions_way_of_asking_continues_the_last_topic(sample_engine: Engine) -> None:
    ask(sample_engine, "内蒙备案有效期内能不能加个工种", user="tg:cases-swap")
    reply = ask(sample_engine, "兵团的话走啥程序", user="tg:cases-swap")
    assert reply.citations[0].article == 18
    assert "增量备案" in reply.text.splitlines()[0]


def test_what_consequence_is_a_way_of_asking_not_a_word_the_text_lacks(chat_engine: Engine) -> None:
    # 后果 occurs in 天津's text only; "会有啥后果" asks what happens, which 兵团 第十九条 says.
    reply = ask(chat_engine, "兵团备案以后我们一年多没组织评价,会有啥后果", user="tg:cases-idle")
    first = reply.text.splitlines()[0]
    assert reply.covered and reply.citations[0].article == 19
    assert "一年以上不开展评价工作" in first and "取消评价机构备案资质" in first


def test_how_much_is_renewed_needs_a_share_or_a_count(chat_engine: Engine) -> None:
    # 兵团 第六条(四): 不低于20%; 内蒙古 第二十四条 only says 及时补充、更新: silent on how much.
    reply = ask(chat_engine, "兵团题库每年得更新多少", user="tg:cases-bank")
    assert "20%" in reply.text.splitlines()[0]
    silent = ask(chat_engine, "内蒙古对题库每年更新多少有硬指标没?", user="tg:cases-bank-nmg")
    assert not silent.covered
    assert "没有规定" in silent.text.splitlines()[0]
    assert "及时补充、更新试题资源" in silent.text


def test_what_requirements_prefers_the_article_listing_them(chat_engine: Engine) -> None:
    # 内蒙古 第三十五条 (a 考评人员 database the regulators may build) scores as high as
    # 第二十五条, which lists what 考评人员 must do: 持证上岗, 承诺制、回避制、轮换制等工作要求.
    reply = ask(chat_engine, "内蒙古对考评员有啥硬性要求", user="tg:cases-requirements")
    assert ("neimenggu2024", 25) == (reply.citations[0].doc_key, reply.citations[0].article)
    assert "持证上岗" in reply.text.splitlines()[0]


def test_only_phrases_marked_as_naming_a_rule_name_one() -> None:
    assert naming_phrases("协会发的证书出了本省还认吗") == ("全国范围内有效",)
    assert naming_phrases("兵团想加个工种走啥程序") == ()  # 增量备案 is a synonym, not a name


def test_the_statutes_phrase_for_what_is_asked_picks_its_article(chat_engine: Engine) -> None:
    # 人社部 第十三条: "证书在全国范围内有效". The 目录 notice shares more everyday words
    # (行业协会, 证书) and ranked first.
    reply = ask(chat_engine, "行业协会发的水平评价类证书,出了本省还认不认?", user="tg:cases-valid")
    assert (reply.citations[0].doc_key, reply.citations[0].article) == ("mohrss2016", 13)
    assert "全国范围内有效" in reply.text.splitlines()[0]
