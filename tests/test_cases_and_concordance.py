"""One case of a list named by its opening, and a question asked again of another region
answered by that region's provision on the same point.

- Items opening alike ("申请成为职业资格评价机构的单位", "申请成为等级认定机构的单位", …) are
  parallel cases: "想做职业技能等级认定机构 找谁备案" is answered by the one it names (兵团
  第八条(二)), while "交个变更说明就完事了吧" after a change of name names none (变更说明 is
  what another case requires).
- The sentence framing a list ("建立权责清晰…管理体制。") is no complement to its item.
- "那天津呢" after 内蒙古's 分类定级 is 天津's 红黑榜 (第二十三条); "内蒙那边呢" after 天津's
  承诺书 is 内蒙古's 诚信承诺书 (第二十三条): `corpus/rules/concordance.yaml`. A region silent on
  the point is still said to be silent.
- "要是没交呢" after a renewal question asks what happens (兵团 第十九条 自动终止备案).
- A regulator's list of suspended filings keeps its state: "它们该咋处理" is 内蒙古 第三十四条
  (停止认定工作, 限期整改).
- "改了名字" is a change of name (变更重要信息).
- A procedure named ("想备案成等级认定评价机构 大概走哪几步") is answered by the article setting
  out its steps, the one most of its checklist's steps cite (内蒙古 第十一条), though the article
  on who may apply ranks first by its words; a termination imposed (责令) is no agency's own
  终止备案 procedure, and going to another 师 to hold exams is 跨师市.

Conversations run on SQLite and PostgreSQL (`sample_engine`).
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.intents import route
from bot.messages import Intent, Role
from bot.routed import Procedure
from corpus import cached_corpus
from tests.replies import ask, cited, first_line, said_silent_first
from tools.checklists import steps_article
from tools.concordance import concordance, concordant_articles

# ------------------------------------------------------------ one case of a list


def test_the_kind_of_agency_named_answers_who_takes_its_filing(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "兵团想申请做职业技能等级认定机构,找谁备案")
    assert cited(reply) == ("bingtuan2025", 8)
    line = first_line(reply)
    assert line.startswith("(二)申请成为等级认定机构的单位") and "登记地人力资源和社会保障部门" in line
    assert "职业资格评价机构的单位" not in line


def test_what_one_case_requires_names_no_case(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "兵团我们机构改名字了,交个变更说明就完事了吧?")
    assert cited(reply) == ("bingtuan2025", 18)
    assert "登记注册机关出具的变更文件" in first_line(reply)


def test_a_list_framing_sentence_is_not_quoted_with_its_item(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "天津想申请做职业技能等级认定机构,找谁备案")
    line = first_line(reply)
    assert "市鉴定中心" in line and not line.startswith("建立权责清晰")


# ------------------------------------------------------------ the same point in another region


def test_grading_agencies_asked_again_of_tianjin_is_its_red_and_black_list(sample_engine: Engine) -> None:
    ask(sample_engine, "呼和浩特对评价机构有没有分类监管", role=Role.REGULATOR)
    reply = ask(sample_engine, "那天津呢", role=Role.REGULATOR)
    assert cited(reply) == ("tianjin2020", 23)
    assert "红黑榜" in first_line(reply) and "每三年" in first_line(reply)


def test_the_pledge_asked_again_of_neimenggu_is_its_integrity_pledge(sample_engine: Engine) -> None:
    first = ask(sample_engine, "天津备案完了还要签啥文件吗")
    assert cited(first) == ("tianjin2020", 12)
    reply = ask(sample_engine, "内蒙那边呢")
    assert cited(reply) == ("neimenggu2024", 23)
    assert "签署开展职业技能等级认定工作诚信承诺书" in reply.text


@pytest.mark.parametrize(
    ("first", "again", "region", "word"),
    [
        ("内蒙内部质量督导员能不能同时当监考", "兵团呢", "兵团", "兼任"),
        ("兵团的机构一年多没开展评价会被取消吗", "天津有这条没", "天津", "不开展评价工作"),
    ],
)
def test_a_region_silent_on_the_point_is_still_said_silent(
    sample_engine: Engine, first: str, again: str, region: str, word: str
) -> None:
    ask(sample_engine, first)
    reply = ask(sample_engine, again)
    assert said_silent_first(reply, region, word)
    assert not reply.covered


def test_concordance_rows_cite_articles_that_exist_and_use_their_words() -> None:
    corpus = cached_corpus()
    for concept in concordance().concepts:
        assert len(concept.articles) >= 2, concept.concept
        texts = [corpus.article(doc, number).text for doc, numbers in concept.articles.items() for number in numbers]
        for word in concept.words:
            assert any(word in text for text in texts), (concept.concept, word)


def test_an_article_on_several_points_gives_each_point_s_articles() -> None:
    found = concordant_articles(("tianjin2020", 12), "neimenggu2024")
    assert 23 in found and 11 in found  # 承诺书 and 备案流程: the caller weighs which is asked


# ------------------------------------------------------------ follow-ups


def test_what_if_it_was_not_handed_in_asks_what_happens(sample_engine: Engine) -> None:
    ask(sample_engine, "兵团评价机构备案到期续期,最晚啥时候交")
    ask(sample_engine, "交给谁")
    reply = ask(sample_engine, "要是没交呢")
    assert cited(reply) == ("bingtuan2025", 19)
    assert "未书面提出续期备案申请" in first_line(reply)


def test_what_is_done_with_suspended_filings_is_stopping_and_rectifying(sample_engine: Engine) -> None:
    listed = ask(sample_engine, "内蒙古哪些机构被暂停了", role=Role.REGULATOR)
    assert listed.intent is Intent.REGISTRY and first_line(listed).startswith("暂停")
    reply = ask(sample_engine, "它们该咋处理", role=Role.REGULATOR)
    assert cited(reply) == ("neimenggu2024", 34)
    assert "停止认定工作" in first_line(reply) and "限期整改" in first_line(reply)


@pytest.mark.parametrize("text", ["兵团 评价机构改了名字 变更要交哪些材料", "我们单位名字换了 内蒙古要交啥"])
def test_a_changed_name_is_a_change_of_key_information(sample_engine: Engine, text: str) -> None:
    reply = ask(sample_engine, text)
    assert reply.intent is Intent.CHECKLIST
    assert "变更重要信息" in first_line(reply)


# ------------------------------------------------------------ a procedure named


def test_the_steps_of_becoming_an_agency_come_from_the_procedure_article(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "鄂尔多斯一家企业想备案成等级认定评价机构 大概走哪几步")
    assert cited(reply) == ("neimenggu2024", 11)
    assert reply.covered
    line = first_line(reply)
    assert line.startswith("评价机构备案流程为") and "初审" in line and "评估" in line


def test_the_procedure_article_is_the_one_most_steps_cite() -> None:
    assert steps_article("neimenggu", "initial_filing") == ("neimenggu2024", 11)
    assert steps_article("tianjin", "initial_filing") == ("tianjin2020", 12)
    assert steps_article("tianjin", "site_filing") is None  # 天津's text sets out no such procedure


@pytest.mark.parametrize(
    ("text", "procedure"),
    [
        ("鄂尔多斯一家企业想备案成等级认定评价机构 大概走哪几步", Procedure.INITIAL_FILING),
        ("五家渠一家企业想申请当等级认定机构,去哪申请?后面怎么走", Procedure.INITIAL_FILING),
        ("兵团评价机构备案流程是啥", Procedure.INITIAL_FILING),
        ("兵团的评价机构想去别的师市组织考试,要走啥手续", Procedure.CROSS_DIVISION),
        ("我们是第八师登记的机构 想去第七师组织一场考试 要办啥手续", Procedure.CROSS_DIVISION),
        ("兵团我们想主动终止备案咋办", Procedure.VOLUNTARY_TERMINATION),
        ("兵团人社要责令一个机构终止备案,具体咋走流程", None),
        ("内蒙古续期备案流程是啥", Procedure.RENEWAL),
    ],
)
def test_the_procedure_a_question_names(text: str, procedure: Procedure | None) -> None:
    assert route(text).entities.procedure is procedure


# ------------------------------------------------------------ what the texts do not cover


def test_a_pass_mark_is_not_in_the_texts(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "技能等级认定理论考试 国家规定多少分算及格")
    assert not reply.covered and "合格分数线" in first_line(reply)


def test_who_sets_the_pass_line_of_a_qualification_is_still_answered(sample_engine: Engine) -> None:
    assert ask(sample_engine, "水平评价类职业资格的合格线是谁定的,怎么定出来").covered


# ------------------------------------------------------------ a figure said to hold as a rule


def test_a_figure_said_as_a_rule_comes_with_the_cases_that_differ(sample_engine: Engine) -> None:
    line = first_line(ask(sample_engine, "内蒙古职业技能等级分几级"))
    assert line.startswith("职业技能等级一般分为") and "五个级别" in line
    assert "新八级工" in line and "社会培训评价组织一般按五个技能等级开展评价" in line


def test_a_figure_without_a_hedge_is_quoted_alone(sample_engine: Engine) -> None:
    line = first_line(ask(sample_engine, "兵团评价机构备案有效期几年"))
    assert "3年" in line and "经评估合格的" in line  # 第十条's two sentences (CONTINUATION_CHARS)
    assert len(line) < 100


def test_how_to_apply_to_take_on_the_ministry_s_evaluation_is_its_procedure(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "全国性学会想承接水平平价类资格认定 咋申请")
    assert cited(reply) == ("mohrss2016", 9)
    line = first_line(reply)
    assert "提出承接职业资格具体认定工作的申请" in line and "综合评估" in line


def test_how_a_standard_is_set_is_not_the_application_procedure(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "行业组织承接认定以后,评价大纲和合格标准是怎么定出来的")
    assert cited(reply) != ("mohrss2016", 9)


# ------------------------------------------------------------ a like rule asked of another region


def test_a_like_rule_asked_of_another_region_is_its_provision_on_the_point(sample_engine: Engine) -> None:
    ask(sample_engine, "兵团对年检优秀的评价机构有啥激励措施", role=Role.REGULATOR)
    reply = ask(sample_engine, "内蒙古有没有类似的", role=Role.REGULATOR)
    assert cited(reply) == ("neimenggu2024", 39)
    assert reply.covered and "分类定级" in first_line(reply)


def test_the_same_words_asked_of_another_region_say_its_silence_then_its_like_rule(sample_engine: Engine) -> None:
    ask(sample_engine, "兵团对年检优秀的评价机构有啥激励措施", role=Role.REGULATOR)
    reply = ask(sample_engine, "内蒙古呢", role=Role.REGULATOR)
    assert said_silent_first(reply, "内蒙古", "年检") and not reply.covered
    assert reply.text.splitlines()[1].startswith("内蒙古的相关规定:") and "分类定级" in reply.text.splitlines()[1]
