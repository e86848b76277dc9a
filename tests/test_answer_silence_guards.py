"""When a region's text is silent, and when it only looks so.

A word only other regions' texts use ("涉嫌", "合格") silences a region only when the article
using it is about as close in meaning as the region's own best. A figure asked in days is
answered by one in months. Paying for a certificate is misconduct the texts regulate, not a
fee. The sentence after the best one joins the lead when both are short.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Reply, UserInput
from tests.replies import first_line, said_silent_first


def ask(engine: Engine, text: str, user: str = "tg:silence-guards") -> Reply:
    return engine.handle(UserInput(user_id=user, text=text))


def cited(reply: Reply) -> set[tuple[str, int | None]]:
    return {(c.doc_key, c.article) for c in reply.citations}


def test_a_word_used_in_passing_elsewhere_does_not_silence_the_regions_own_rule(chat_engine: Engine) -> None:
    # 涉嫌 occurs in 天津's 第二十四条 only; 兵团's 第二十六条 is the rule asked about.
    reply = ask(chat_engine, "兵团人社系统自己的人在评价里违纪了咋处理?涉嫌犯罪移交哪", user="tg:sg-1")
    assert reply.covered
    assert reply.citations[0].doc_key == "bingtuan2025" and reply.citations[0].article == 26
    assert "移交" in reply.text.splitlines()[0]


def test_a_word_only_another_text_uses_still_silences_when_that_text_is_as_close(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团考评员遇到自己学员要不要回避?", user="tg:sg-2")
    assert not reply.covered
    assert "没有规定" in reply.text.splitlines()[0]
    assert ("neimenggu2024", 25) in cited(reply)


def test_a_statutory_synonyms_domain_word_counts_for_silence(chat_engine: Engine) -> None:
    # "每次开考都派" is 逢考必督, a word only 兵团's text uses: 内蒙古's is silent on it.
    reply = ask(chat_engine, "内蒙古社会培训评价组织是不是每次开考都必须派外督到现场", user="tg:sg-3")
    assert not reply.covered
    assert reply.text.startswith("内蒙古")
    assert ("bingtuan2025", 22) in cited(reply)


def test_a_limit_asked_in_days_is_answered_by_one_in_months(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团考完多少天内档案得整理完", user="tg:sg-4")
    assert reply.covered
    assert "1个月内" in reply.text.splitlines()[0]


def test_a_limit_asked_in_years_is_not_answered_by_one_in_months(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团考评的纸质材料要留存几年", user="tg:sg-5")
    assert not reply.covered
    assert "兵团" in reply.text.splitlines()[0] and "没有规定" in reply.text.splitlines()[0]


def test_a_month_of_the_year_needs_a_month_in_the_text(chat_engine: Engine) -> None:
    silent = ask(chat_engine, "天津新的评价机构名单一般几月份出来?", user="tg:sg-6")
    assert not silent.covered
    assert silent.text.startswith("天津") and "没有规定" in silent.text.splitlines()[0]
    assert ("neimenggu2024", 11) in cited(silent)  # 每年4月和10月, labelled as reference

    stated = ask(chat_engine, "内蒙古新的评价机构名单一般几月份出来?", user="tg:sg-7")
    assert stated.covered
    assert "每年4月和10月" in stated.text.splitlines()[0]


def test_paying_for_a_certificate_is_misconduct_not_a_fee_question(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "内蒙古有家机构交钱就给证,这种能去哪举报", user="tg:sg-8")
    assert reply.covered
    assert reply.citations[0].doc_key == "neimenggu2024" and reply.citations[0].article == 42

    fee = ask(chat_engine, "考个中级工要交多少钱", user="tg:sg-9")
    assert not fee.covered and "费用" in fee.text


def test_exam_dates_next_year_are_outside_the_texts(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团明年上半年育婴员啥时候开考", user="tg:sg-10")
    assert not reply.covered
    assert "考试" in reply.text.splitlines()[0]


def test_asking_for_some_examples_is_a_list_not_a_head_count(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团哪些情形会被责令终止备案,举几个", user="tg:sg-11")
    assert reply.covered
    first = reply.text.splitlines()[0]
    assert "租借备案资质" in first and "组织舞弊" in first


def test_guobiao_is_the_national_occupational_standard(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "天津我们想评的工种还没出国标,能做认定吗", user="tg:sg-12")
    assert reply.covered
    assert reply.citations[0].doc_key == "tianjin2020" and reply.citations[0].article == 14
    assert "经人力资源社会保障部备案的评价规范" in reply.text.splitlines()[0]


def test_the_sentence_that_finishes_the_rule_joins_the_lead(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团续期要提前多久", user="tg:sg-13")
    first = reply.text.splitlines()[0]
    assert "有效期满3个月前" in first and "经评估合格的,可续期备案3年" in first


def test_a_ministry_text_listed_beside_a_region_is_compared(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "机构违规了,人社部行业组织承接办法和天津规程各自怎么处理", user="tg:sg-14")
    lines = reply.text.splitlines()
    assert any(line.startswith("天津:") for line in lines)
    assert any(line.startswith("全国:") for line in lines)
    assert {c.jurisdiction for c in reply.citations} >= {"tianjin", "national"}


def test_how_many_agencies_needs_a_count_of_agencies(chat_engine: Engine) -> None:
    """"几家" asks for a number of agencies: 兵团 caps 同一职业 at 1家 per 师市, 内蒙古 sets none."""
    stated = ask(chat_engine, "兵团一个师市同一个职业最多能有几家社会培训评价组织?", user="tg:sg-15")
    assert stated.covered and "不超过1家" in stated.text.splitlines()[0]

    silent = ask(chat_engine, "内蒙古一个盟市同一个职业最多能有几家社会培训评价组织?", user="tg:sg-16")
    assert not silent.covered
    assert silent.text.startswith("内蒙古") and "没有规定" in silent.text.splitlines()[0]
    assert ("bingtuan2025", 7) in cited(silent)


def test_whether_one_may_charge_is_a_rule_question(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "承接水平评价类职业资格认定的行业协会,能不能自己开考前培训班收钱?", user="tg:sg-17")
    assert "考试或报名费用" not in reply.text


def test_jin_standing_alone_is_tianjin() -> None:
    from retrieval.regions import detect_regions

    assert [r.value for r in detect_regions("津 评价机构想自己主动退出,流程咋走?")] == ["tianjin"]
    assert detect_regions("津贴多少") == []



def test_a_list_noun_the_region_words_otherwise_does_not_silence_it(chat_engine: Engine) -> None:
    """"整个流程是怎么走的": 天津's text lists its 遴选程序, and 流程 = 程序 (shapes.yaml
    `list_nouns`), so 天津 is not said to be silent on "流程" although only 兵团 uses the word."""
    reply = ask(chat_engine, "天津申请做等级认定的机构,整个流程是怎么走的")
    assert reply.covered
    assert "没有规定" not in reply.text.splitlines()[0]
    assert cited(reply) == {("tianjin2020", 12)}


def test_a_persons_own_entry_conditions_are_outside_the_texts(chat_engine: Engine) -> None:
    """Schooling and years worked before 报技师 are set by the national standards, which the
    corpus does not hold: said so, not answered with the article listing the five levels."""
    reply = ask(chat_engine, "我高中毕业,干了六年车工,可以直接报技师吗")
    assert not reply.covered and "个人报考条件" in reply.text
    agency = ask(chat_engine, "我们机构能直接报三级的吗,评价范围要怎么加")
    assert "个人报考条件" not in agency.text


def test_who_asks_does_not_make_a_regions_text_silent_on_a_procedure(chat_engine: Engine) -> None:
    # 民办 is in 内蒙古's text only; it describes the asker, the question asks 兵团's procedure.
    reply = ask(chat_engine, "我们是一家在五家渠注册的民办职业学校,想申请成为兵团的职业技能等级认定机构(社会培训评价组织),材料交到哪?后面流程怎么走?")
    assert reply.covered, reply.text
    assert (reply.citations[0].doc_key, reply.citations[0].article) == ("bingtuan2025", 8)


def test_an_appeal_beyond_review_is_silent_where_a_text_stops_at_review(chat_engine: Engine) -> None:
    # 兵团 第二十五条 ends with the 复核决定; only 内蒙古 第四十八条 goes on to 上一级 申诉.
    beyond = ask(chat_engine, "兵团复核完了还是不服,能再往上一级申诉吗", user="tg:sg-appeal")
    assert not beyond.covered
    assert "没有规定" in beyond.text.splitlines()[0]
    assert "向上一级评价监管部门提出申诉" in beyond.text
    # Asking how to appeal at all is answered by 兵团's own 复核.
    review = ask(chat_engine, "兵团对处理决定不服怎么申诉", user="tg:sg-review")
    assert review.covered and review.citations[0].article == 25


def test_a_domain_word_only_another_text_uses_silences(chat_engine: Engine) -> None:
    # 证卡 is a word of the domain list (no everyday count) only 内蒙古's text uses (第三十六条).
    reply = ask(chat_engine, "兵团外部督导员的证卡由谁发", user="tg:sg-card")
    assert not reply.covered
    assert said_silent_first(reply, "兵团", "证卡") and "没有规定" in first_line(reply)
    assert ("neimenggu2024", 36) in cited(reply)


def test_a_domain_word_the_text_says_in_its_own_parts_does_not_silence(chat_engine: Engine) -> None:
    # 兵团 says 内部质量督导人员, not 内部质量督导员: the same people, in its own words.
    reply = ask(chat_engine, "兵团的内部质量督导员在考场上要干啥", user="tg:sg-inner")
    assert reply.covered and reply.citations[0].doc_key == "bingtuan2025"
    assert "没有规定" not in reply.text


def test_a_cutting_artefact_outside_the_domain_list_does_not_silence(chat_engine: Engine) -> None:
    # 人社局 cut for search yields 社局, a word of no list and no text: not a topic of the question.
    reply = ask(chat_engine, "我们是旗里人社局下面的事业单位,能在内蒙古申请当评价机构不", user="tg:sg-cut")
    assert "社局" not in reply.text.splitlines()[0]


def test_a_silence_names_a_word_once_not_its_pieces(chat_engine: Engine) -> None:
    # 职业技能竞赛 is cut for search into 竞赛 too: the silence names the whole word alone.
    reply = ask(chat_engine, "内蒙古评价机构能不能承办职业技能竞赛", user="tg:sg-pieces")
    line = first_line(reply)
    assert said_silent_first(reply, "内蒙古", "职业技能竞赛") and "没有规定" in line
    assert "、竞赛" not in line and "竞赛、" not in line


def test_colloquial_words_for_certified_work_and_recusal_find_the_silence(chat_engine: Engine) -> None:
    # 兵团 says nothing of 持证上岗 or 回避; 内蒙古 第二十五条 says both.
    reply = ask(chat_engine, "兵团的考评员是不是得先有个证才能上?碰上熟人来考要避开不", user="tg:sg-recuse")
    assert not reply.covered
    assert said_silent_first(reply, "兵团", "持证上岗") and "回避" in first_line(reply)
    assert ("neimenggu2024", 25) in cited(reply)
    control = ask(chat_engine, "内蒙古考评员碰上熟人来考要避开不", user="tg:sg-recuse-2")
    assert control.covered and "回避制" in control.text.splitlines()[0]
