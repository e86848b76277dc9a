"""Colloquial questions: connective words, places outside the texts, and which close hit leads.

Users write "停了之后还要干啥" and "直接去就行?". Such connectives are rare in the texts, so
an unmatched one used to outweigh every topic word a passage matched, and the region's own
answering article was judged silent.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Reply, UserInput
from retrieval.terms import FILLER


def ask(engine: Engine, text: str, user: str = "tg:colloquial") -> Reply:
    return engine.handle(UserInput(user_id=user, text=text))


def test_connective_adverbs_are_not_topic_words() -> None:
    assert {"直接", "之后", "以后"} <= FILLER
    assert "终止" not in FILLER and "备案" not in FILLER


def test_a_connective_word_does_not_make_the_regions_text_look_silent(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "内蒙古的机构不干了,停了之后还要干啥")
    assert reply.covered
    assert "没有规定" not in reply.text.splitlines()[0]
    assert {(c.doc_key, c.article) for c in reply.citations} & {("neimenggu2024", 17), ("neimenggu2024", 18)}


def test_a_place_outside_the_texts_is_refused_before_any_dialogue(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "上海的评价机构申请备案要带什么材料", user="tg:colloquial-sh")
    assert not reply.covered
    assert "上海" in reply.text.splitlines()[0]
    assert not reply.buttons  # no "请选择办理地区" for a place no text covers


def test_a_place_outside_the_texts_beside_a_covered_region_is_still_a_question(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "广东的机构能到兵团来备案吗", user="tg:colloquial-gd")
    assert "兵团" in reply.text
    assert "不包括广东" not in reply.text


def test_a_list_noun_does_not_pull_a_far_lower_hit_above_the_one_asked(chat_engine: Engine) -> None:
    # 第十九条 lists "按以下程序" but for 自动/责令终止; 第十八条(五) is the voluntary one.
    reply = ask(chat_engine, "兵团的评价机构要主动申请终止备案,走什么流程", user="tg:colloquial-steps")
    assert reply.covered
    assert reply.citations[0].article == 18
    assert "停止评价报名" in reply.text


def test_which_kinds_of_handling_asks_for_the_sanctions(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "内蒙古的评价机构违规了会有哪些处理", user="tg:colloquial-sanction")
    assert reply.covered
    first = reply.text.splitlines()[0]
    assert "约谈主要负责人" in first and "终止备案" in first


def test_a_head_count_asked_after_the_people_counted_needs_a_head_count(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "内蒙古评价机构的命题专家最少得几个", user="tg:colloquial-count")
    assert not reply.covered
    assert "没有规定" in reply.text.splitlines()[0]
    assert "不少于2人" in reply.text  # 兵团's figure, labelled as reference


def test_how_common_a_domain_word_is_comes_from_the_general_dictionary() -> None:
    from retrieval.tokenize import everyday_frequency

    # The domain list gives 申辩 a high count so that it stays whole; that is not its usage.
    assert (everyday_frequency("申辩") or 0) < 2000
    assert (everyday_frequency("时间") or 0) > 2000
    assert everyday_frequency("社会培训评价组织") is None


def test_a_distinctive_run_is_one_few_passages_hold() -> None:
    from bot.question_text import distinctive_run

    corpus = ["职业技能等级认定甲", "职业技能等级认定乙", "职业技能等级认定丙", "职业技能等级认定丁", "自愿终止备案(即主动申请终止备案)"]
    assert distinctive_run("主动申请终止备案走什么流程", corpus[-1], corpus) == 8
    # The domain's own name, held by most passages, is no sign of the article asked.
    assert distinctive_run("职业技能等级认定用哪些方式", corpus[0], corpus) < 4


def test_numbered_points_cut_from_a_long_item_come_under_its_heading(chat_engine: Engine) -> None:
    """"6.…拒不执行的;8.…不合格的" alone does not say what follows; under 第十九条(二) it does."""
    hit = chat_engine.answerer.searcher.article_hit("bingtuan2025", 19, 1.0)
    lead = chat_engine.answerer.lead("要是限期整改了还拒不执行呢", hit)
    assert lead.startswith("(二)责令终止备案")
    assert "拒不执行" in lead


def test_a_related_article_another_region_far_outmatches_is_silence(chat_engine: Engine) -> None:
    """天津's text has no voluntary exit; its 红黑榜 article (黑色 → 退出目录) is only related,
    while 兵团 第十八条 carries every word asked: silence first, then both, labelled."""
    reply = ask(chat_engine, "天津我们机构想主动退出备案,要怎么办", user="tg:colloquial-outmatched")
    assert not reply.covered
    first = reply.text.splitlines()[0]
    assert first.startswith("天津") and "没有规定" in first
    assert "兵团" in reply.text and "供参考" in reply.text


def test_a_regions_own_article_closer_in_meaning_still_answers(chat_engine: Engine) -> None:
    """One word phrased otherwise (名单) costs 内蒙古 第十一条 coverage, not closeness."""
    reply = ask(chat_engine, "内蒙古评价机构名单每年什么时候公布", user="tg:colloquial-own")
    assert reply.covered
    assert "4月和10月" in reply.text.splitlines()[0]


def test_how_a_wrongdoing_is_handled_is_asked_per_region_as_its_sanctions(chat_engine: Engine) -> None:
    """"违规了…分别怎么处理" asks what happens to the agency: 内蒙古's line quotes 第四十五条's
    sanctions, not 第四十三条 on who handles violations."""
    reply = ask(chat_engine, "机构违规了,内蒙古和天津各自会怎么处理", user="tg:colloquial-compare")
    line = next(line for line in reply.text.splitlines() if line.startswith("内蒙古"))
    assert "约谈主要负责人" in line


def test_a_rented_site_is_asked_as_the_sites_ownership_or_right_of_use(chat_engine: Engine) -> None:
    # "租的行不" is the statute's 所有权或3年以上使用权 (兵团 第六条); 内蒙古's text sets no such rule.
    reply = ask(chat_engine, "想在兵团申请评价机构,考场得是自己的房子吗,租的行不")
    assert (reply.citations[0].doc_key, reply.citations[0].article) == ("bingtuan2025", 6)
    assert "3年以上使用权" in reply.text.splitlines()[0]
    silent = ask(chat_engine, "内蒙古考场可以租用吗")
    assert not silent.covered and "没有规定" in silent.text.splitlines()[0]


def test_a_city_named_is_one_of_the_regions_cities_its_rules_speak_of(chat_engine: Engine) -> None:
    # 五家渠 is a 师市: going there to evaluate is 兵团's rule for 跨师市 evaluation (第二十三条).
    reply = ask(chat_engine, "兵团的评价机构想去五家渠开考要办啥")
    assert (reply.citations[0].doc_key, reply.citations[0].article) == ("bingtuan2025", 23)
    assert "跨师市" in reply.text.splitlines()[0]


def test_an_agency_that_never_holds_exams_is_the_texts_not_carrying_out_evaluation(chat_engine: Engine) -> None:
    # 没组织过考试 is 兵团's "一年以上不开展评价工作" (第十九条) and 内蒙古's "未开展认定" (第十六条).
    reply = ask(chat_engine, "兵团我们备完案一直没组织过考试,会不会有啥后果?")
    assert (reply.citations[0].doc_key, reply.citations[0].article) == ("bingtuan2025", 19)
    assert "一年以上不开展评价工作" in reply.text.splitlines()[0]
    both = ask(chat_engine, "机构备案下来后一直没组织过考试,兵团和内蒙古分别会怎么处理?")
    assert {(c.doc_key, c.article) for c in both.citations} == {("bingtuan2025", 19), ("neimenggu2024", 16)}


def test_going_to_a_city_to_run_exams_is_running_them_in_another_area(chat_engine: Engine) -> None:
    # "去赤峰组织考试" is 内蒙古 第十二条's 在盟市开展…申请站点备案; its 考试 is matched by that phrase.
    reply = ask(chat_engine, "我们是自治区级的社培组织,想去赤峰组织考试,直接去就行吗?", user="tg:colloquial-city")
    assert reply.covered
    assert reply.citations[0].doc_key == "neimenggu2024" and reply.citations[0].article == 12
    assert "站点备案" in reply.text.splitlines()[0]
    bingtuan = ask(chat_engine, "兵团的机构想去五家渠组织考试要办啥", user="tg:colloquial-city-2")
    assert bingtuan.citations[0].doc_key == "bingtuan2025" and bingtuan.citations[0].article == 23
