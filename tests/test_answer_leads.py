"""The first line states the answer, and regional questions are answered faithfully.

Behaviour through `Engine.handle` on the real index: a duration question's lead
carries the number with its unit from the cited article; a procedure question's
lead carries the procedure; a clause keeps its subject; a conditions question's
lead lists every item; every piece of a lead is quoted from the cited article; a
region whose text is silent is said to be silent (covered false), with other
regions' rules labelled as reference and never passed off as the region's own.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from bot.engine import Engine
from bot.messages import Reply, UserInput
from bot.shapes import defined_term_asked
from bot.slots import Slot, detect_slot
from corpus import cached_corpus
from corpus.models import JURISDICTION_NAMES, Jurisdiction
from retrieval.sentences import split_sentences, strip_label
from tests.test_engine_answers import assert_numbers_are_quoted

DURATION = re.compile(r"\d+\s*(?:年|个月|个工作日|日|天)")
ITEM_LABEL = re.compile(r"[（(][一二三四五六七八九十]+[）)]")


def ask(engine: Engine, text: str, user: str = "tg:leads", command: str | None = None) -> Reply:
    return engine.handle(UserInput(user_id=user, text=text, command=command))


def lead(reply: Reply) -> str:
    """What the user reads before the citations: the answer text without the 依据 line and
    without the validity note line (注:《…》为试行文件), which is fixed text, not a quotation."""
    return "\n".join(line for line in reply.text.splitlines() if not line.startswith(("(依据", "注:")))


def plain(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not ch.isspace() and not unicodedata.category(ch).startswith(("P", "S")))


def assert_quoted(text: str, article: str) -> None:
    """Every piece (a sentence, an item) between fixed connectives is verbatim in the article."""
    for piece in re.split(r"……|\n|\s+|(?<=[。;;])|(?=[（(][一二三四五六七八九十]+[）)])", text):
        assert plain(piece) in plain(article), f"not quoted from the article: {piece}"


def whole(doc_key: str, number: int | None) -> str:
    return cached_corpus().article(doc_key, number).text


@pytest.mark.parametrize("question", ["兵团评价机构备案有效期多久?", "内蒙古评价机构备案有效期是几年?"])
def test_duration_lead_has_the_number_and_unit_of_the_cited_article(chat_engine: Engine, question: str) -> None:
    reply = ask(chat_engine, question)

    assert reply.covered
    top = reply.citations[0]
    figures = DURATION.findall(reply.text.splitlines()[0])
    assert figures, reply.text
    assert all(figure in top.text for figure in figures)
    assert_quoted(lead(reply), whole(top.doc_key, top.article))


def test_steps_question_leads_with_the_procedure_not_the_list_header(chat_engine: Engine) -> None:
    # /ask: as plain text the router currently reads 终止备案 as a registry list request.
    reply = ask(chat_engine, "兵团的评价机构被责令终止备案前,要经过哪些处理?", command="ask")

    assert reply.covered
    top = reply.citations[0]
    article = whole(top.doc_key, top.article)
    lines = article.splitlines()
    # The procedure: the plain lines under the 项 the question names (not its numbered grounds).
    start = next(i for i, line in enumerate(lines) if "责令终止备案" in line and ITEM_LABEL.match(line))
    procedure = [line for line in lines[start + 1 :] if not re.match(r"^\d+[.、]", line) and not ITEM_LABEL.match(line)]
    assert procedure
    for line in procedure:
        assert plain(line) in plain(lead(reply))
    assert_quoted(lead(reply), article)


def test_a_clause_keeps_the_subject_it_governs(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团的首席技师评价由哪个部门统筹管理?")

    assert reply.covered
    first = reply.text.splitlines()[0]
    before, found, _ = first.partition("统筹管理特级技师")
    assert found, first
    assert re.search(r"(局|厅|部门|中心)", before), f"the clause lost its subject: {first}"
    top = reply.citations[0]
    assert_quoted(lead(reply), whole(top.doc_key, top.article))


def test_conditions_lead_lists_every_item(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团备案评价机构要具备哪些基本条件?")

    assert reply.covered
    top = reply.citations[0]
    article = whole(top.doc_key, top.article)
    labels = [line[:3] for line in article.splitlines() if ITEM_LABEL.match(line)]
    assert len(labels) >= 3
    for label in labels:
        assert label in lead(reply)
    assert_quoted(lead(reply), article)


def test_region_silent_on_the_point_says_so_and_labels_other_regions(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团的评价档案电子版要保存几年?")

    assert reply.covered is False
    first = reply.text.splitlines()[0]
    assert "没有规定" in first and "兵团" in first
    assert reply.citations, "other regions' rules are shown for reference"
    others = [hit for hit in reply.citations if hit.jurisdiction != "bingtuan"]
    assert others
    for hit in reply.citations:
        name = JURISDICTION_NAMES[Jurisdiction(hit.jurisdiction)]
        (line,) = [line for line in reply.text.splitlines() if hit.citation in line]
        if hit.jurisdiction == "bingtuan":  # 兵团's own article on archives, with no retention period
            quoted = line.split("(《")[0]
            assert line.startswith("兵团的相关规定") and not re.search(r"\d+\s*年", quoted)
        else:
            assert line.startswith(name) and "参考" in line
    assert any(DURATION.search(line) for line in reply.text.splitlines()[1:])
    assert_numbers_are_quoted(reply)


def test_words_only_other_regions_use_make_the_named_region_silent(chat_engine: Engine) -> None:
    """回避 and 轮换 occur in 内蒙古's text only: 兵团's 考评人员 article does not answer."""
    reply = ask(chat_engine, "兵团对考评员有回避、轮换这类要求吗")

    assert reply.covered is False
    first = reply.text.splitlines()[0]
    assert "兵团" in first and "没有规定" in first and "回避" in first
    reference = [line for line in reply.text.splitlines() if line.startswith("内蒙古(供参考)")]
    assert reference and "回避制" in reference[0]


def test_a_compound_the_region_writes_apart_is_not_foreign(chat_engine: Engine) -> None:
    """天津 writes 登记(或注册): 登记注册 is not a word only other regions use."""
    reply = ask(chat_engine, "在天津,评价机构必须在哪些部门登记注册?")

    assert reply.covered is True
    assert "市场监管部门" in reply.text.splitlines()[0]


def test_a_question_of_counts_in_a_unit_the_region_lacks_is_silent(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团的职业技能等级总共分几级啊")

    assert reply.covered is False
    assert "没有规定" in reply.text.splitlines()[0]
    assert "五个级别" in reply.text  # 内蒙古 or 天津, labelled as reference


def test_no_other_region_answers_a_regional_question_unlabelled(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "天津的评价机构备案到期续期,要提前多久提交申请?")

    for hit in reply.citations:
        if hit.jurisdiction in ("tianjin", "national"):
            continue
        assert reply.covered is False
        name = JURISDICTION_NAMES[Jurisdiction(hit.jurisdiction)]
        (line,) = [line for line in reply.text.splitlines() if hit.citation in line]
        assert line.startswith(name) and "参考" in line


def test_region_with_the_rule_is_answered_from_its_own_text(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "内蒙古的评价档案电子材料要保存几年?")

    assert reply.covered
    assert {hit.jurisdiction for hit in reply.citations} == {"neimenggu"}
    assert DURATION.search(reply.text.splitlines()[0])


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("内蒙古评价机构备案有效期是几年?", Slot.HOW_LONG),
        ("兵团的首席技师评价由哪个部门统筹管理?", Slot.WHO),
        ("兵团的评价机构被责令终止备案前,要经过哪些处理?", Slot.STEPS),
        ("兵团备案评价机构要具备哪些基本条件?", Slot.CONDITIONS),
        ("兵团和内蒙古的备案有效期一样吗?", Slot.COMPARISON),
        ("兵团办技能大赛,选手能直接拿证吗?", Slot.WHETHER),
        ("你好", Slot.OTHER),
    ],
)
def test_detect_slot_reads_the_cue_table(question: str, slot: Slot) -> None:
    assert detect_slot(question) is slot


# -- coverage judgement on colloquial questions, and uncovered topics ------------------


def test_a_split_separable_verb_is_read_as_the_law_word(chat_engine: Engine) -> None:
    # 备一回案 is 备案 said colloquially: the answer is the filing period, not another period.
    colloquial = ask(chat_engine, "内蒙古的机构备一回案能用几年", user="tg:split1")
    plain_form = ask(chat_engine, "内蒙古的机构备案能用几年", user="tg:split2")

    assert colloquial.covered and plain_form.covered
    assert colloquial.citations[0].citation == plain_form.citations[0].citation
    assert DURATION.search(colloquial.text.splitlines()[0])
    top = colloquial.citations[0]
    assert "备案" in top.text
    assert_quoted(lead(colloquial), whole(top.doc_key, top.article))


def test_a_numeral_with_its_measure_word_does_not_make_a_question_uncovered(chat_engine: Engine) -> None:
    # 一次 is how often, not the topic: the filing period still answers.
    reply = ask(chat_engine, "兵团评价机构备一次案管几年啊")

    assert reply.covered
    assert DURATION.search(reply.text.splitlines()[0])
    assert_numbers_are_quoted(reply)


@pytest.mark.parametrize(
    "question",
    [
        "兵团的机构想把考试时间往后推,要找哪个部门?",
        # Whether one who runs the 认定 may sit its exam is a rule of conduct, not a date.
        "我在协会专门负责资格认定这块,今年想自己也报个本专业的考试,行不行?",
    ],
)
def test_changing_an_exam_schedule_is_a_covered_rule_not_an_exam_date_question(chat_engine: Engine, question: str) -> None:
    reply = ask(chat_engine, question)

    assert reply.covered, reply.text
    assert "具体考试、报名日期" not in reply.text


def test_changing_an_exam_schedule_where_only_another_region_rules_it(chat_engine: Engine) -> None:
    # Only 兵团 第十四条 rules on it (评价时间、场地需变更的,应提前…申请): 内蒙古's text is silent, which is
    # said first, with 兵团's rule as reference; it is still no question about exam dates.
    reply = ask(chat_engine, "内蒙古的评价机构考试场地和时间要调整,怎么办?")

    assert not reply.covered
    assert reply.text.startswith("内蒙古") and "兵团(供参考)" in reply.text
    assert "具体考试、报名日期" not in reply.text


@pytest.mark.parametrize(
    "question", ["今年兵团考试时间是几号?", "内蒙古什么时候开考?", "证书上名字打错了能换一张新证吗", "证书遗失了怎么补办?"]
)
def test_exam_dates_and_certificate_replacement_are_not_covered(chat_engine: Engine, question: str) -> None:
    reply = ask(chat_engine, question)

    assert reply.covered is False
    assert not reply.citations
    assert "没有回答" in reply.text


def test_a_figure_in_a_unit_no_text_sets_is_not_answered_with_another_figure(chat_engine: Engine) -> None:
    # No collected text sets an amount of money: a head count or a period is not the answer.
    reply = ask(chat_engine, "评价机构的注册资金至少要几万元?")

    assert reply.covered is False
    assert not reply.citations
    assert not re.search(r"\d", reply.text.splitlines()[0])


def test_a_figure_far_from_the_asked_words_is_silence_not_an_answer(chat_engine: Engine) -> None:
    # The region's text has periods (how long to keep files), but none for the step asked (整理).
    reply = ask(chat_engine, "内蒙古评价结束后多少天内要把档案整理好?")

    assert reply.covered is False
    first = reply.text.splitlines()[0]
    assert "没有规定" in first and "内蒙古" in first
    for hit in reply.citations:  # 内蒙古's own article only as its related rule, without 整理's period
        if hit.jurisdiction == "neimenggu":
            (line,) = [line for line in reply.text.splitlines() if hit.citation in line]
            assert line.startswith("内蒙古的相关规定") and "整理" not in line.split("(《")[0]


def test_a_list_opens_the_item_whose_line_matches_not_the_longest(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团的机构备案后一年多没组织评价,会被怎样处理?")

    assert reply.covered
    top = reply.citations[0]
    article = whole(top.doc_key, top.article)
    # The line of the article that speaks of a year without evaluations is shown in the lead.
    (line,) = [line for line in article.splitlines() if "一年以上" in line]
    assert plain(line) in plain(lead(reply)), lead(reply)
    assert_quoted(lead(reply), article)


def test_the_way_of_asking_does_not_count_against_the_best_article(chat_engine: Engine) -> None:
    # 怎么处理 is how the question asks; the article search ranks first lacks 处理 but answers.
    question = "机构弄不清归哪个师市管,兵团怎么处理?"
    best = chat_engine.answerer.searcher.search(question, k=1, jurisdiction="bingtuan")[0]
    reply = ask(chat_engine, question)

    assert reply.covered
    assert "处理" not in best.text
    assert reply.citations[0].citation == best.citation
    assert_quoted(lead(reply), whole(best.doc_key, best.article))


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("天津的红黑榜多长时间调整一次?被评为黑色的机构会怎样?", ("调整", "黑色")),
        ("人社部的行业组织承接办法里,职业资格证书由谁用印?在全国都有效吗?", ("用印", "全国")),
    ],
)
def test_a_question_asking_two_things_gets_the_sentence_for_each(
    chat_engine: Engine, question: str, words: tuple[str, str]
) -> None:
    # Each sub-question's own words pick its sentence; a period asked in one part is found
    # near that part's words, not diluted by the other part's.
    reply = ask(chat_engine, question)

    assert reply.covered, reply.text
    top = reply.citations[0]
    article = whole(top.doc_key, top.article)
    for word in words:
        (sentence,) = [s for s in split_sentences(strip_label(article)) if word in s]
        assert plain(sentence) in plain(lead(reply)), (word, lead(reply))
    assert_quoted(lead(reply), article)


@pytest.mark.parametrize("question", ["天津评价机构的收费标准要不要向社会公示?", "内蒙古要求评价机构公开收多少钱吗?"])
def test_whether_fees_must_be_published_is_a_covered_rule(chat_engine: Engine, question: str) -> None:
    # The amount of a fee is not in the texts; the duty to publish the fee standard is.
    reply = ask(chat_engine, question)

    assert reply.covered, reply.text
    assert any("收费" in hit.text for hit in reply.citations)


@pytest.mark.parametrize("question", ["考个中级工要交钱吗", "技能补贴怎么领?", "兵团今年的考试日期定了没有"])
def test_fee_amounts_allowances_and_exam_dates_are_not_covered(chat_engine: Engine, question: str) -> None:
    reply = ask(chat_engine, question)

    assert reply.covered is False
    # A fee asked cites no more than where fees are set (each agency's published 收费标准).
    assert all("收费标准" in hit.text for hit in reply.citations)
    if "钱" not in question:
        assert not reply.citations


def test_a_list_question_leads_with_the_article_that_enumerates_its_noun(chat_engine: Engine) -> None:
    # Several close articles say 方式; the one that lists the ways leads (not one saying
    # "是…的重要方式" in passing).
    reply = ask(chat_engine, "天津做职业技能等级认定都能用哪几种考核方式?")

    assert reply.covered
    first = lead(reply)
    assert any("方式" in s and s.count("、") >= 2 for s in split_sentences(first)), first
    top = reply.citations[0]
    assert_quoted(first, whole(top.doc_key, top.article))


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("内蒙古备案以后,在有效期里面能不能增加认定的工种?", Slot.WHETHER),  # 能不能 outranks 有效期
        ("兵团备案有效期几年", Slot.HOW_LONG),
        ("天津评价机构备案结果一年公布几批?", Slot.HOW_MANY),
        ("续期有什么条件吗", Slot.CONDITIONS),  # a bare 吗 does not outrank the topic
    ],
)
def test_a_way_of_asking_outranks_a_topic_word(question: str, slot: Slot) -> None:
    assert detect_slot(question) is slot


def test_a_verdict_is_not_said_of_another_subject(chat_engine: Engine) -> None:
    """The best sentence allows 特级技师 for 用人单位; the question is about 社会培训评价组织."""
    reply = ask(chat_engine, "社会培训评价组织在内蒙古能不能评特级技师、首席技师?")

    head = reply.text.splitlines()[0]
    assert not head.startswith(("可以", "不可以"))
    assert "社会培训评价组织一般按五个技能等级开展评价" in head


def test_a_lead_adds_the_sentence_with_the_figure_of_each_thing_counted(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "在兵团备案,每个工种最少要配几个命题专家和考评员?兼职考评员合同签多长?")

    head = reply.text.splitlines()[0]
    assert "一般不少于2人" in head and "一般不少于3人" in head and "1-3年" in head


def test_who_manages_the_asker_is_not_the_asker(chat_engine: Engine) -> None:
    """第三条 says what 市鉴定中心 does and what 各评价机构 do; the question asks who manages 评价机构."""
    reply = ask(chat_engine, "在天津办评价机构备案,归哪个单位管?")

    head = reply.text.splitlines()[0]
    assert head.startswith("(二)市鉴定中心负责"), head


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("水平评价类职业资格认定办法里说的行业组织,具体指哪些单位?", "行业组织"),
        ("内蒙古讲的职业技能等级认定,说白了是干啥的?", "职业技能等级认定"),
        ("天津说的评价机构是什么意思", "评价机构"),
        ("什么叫社会培训评价组织", "社会培训评价组织"),
        ("备案条件有哪些", ""),
    ],
)
def test_the_term_a_definition_question_asks_about(question: str, term: str) -> None:
    assert defined_term_asked(question) == term


def test_a_definition_question_leads_with_the_clause_defining_that_term(chat_engine: Engine) -> None:
    """Search ranks 第四条 (defining 具体认定工作) first; 第三条 defines 行业组织, the term asked."""
    reply = ask(chat_engine, "水平评价类职业资格认定办法里说的行业组织,具体指哪些单位?")

    head = reply.text.splitlines()[0]
    assert head.startswith("本办法所称行业组织"), head
    assert "全国性行业协会、学会" in head


def test_one_regions_wording_does_not_make_anothers_rule_not_found(chat_engine: Engine) -> None:
    """考试 is 兵团's word; 内蒙古's 站点备案 article says 认定. Both lines quote their rule, and a
    procedure without items is quoted whole (书面同意 … 授权后方可)."""
    reply = ask(chat_engine, "机构想到别的师市或者盟市去组织考试,兵团和内蒙古分别得办什么手续?")

    lines = {line.split(":", 1)[0]: line for line in reply.text.splitlines() if ":" in line}
    assert "站点备案" in lines["内蒙古"]
    assert "书面同意" in lines["兵团"] and "授权" in lines["兵团"]


def test_a_procedure_asked_with_who_acts_first_leads_with_the_procedure(chat_engine: Engine) -> None:
    """"流程是怎样的?先找谁?": the procedure names who acts at each step, so the lead is the
    procedure (兵团 第八条 down to 统一向社会公布), not one sentence naming a body."""
    reply = ask(chat_engine, "我们在兵团想申请当等级认定机构,流程是怎样的?先找谁?")
    assert (reply.citations[0].doc_key, reply.citations[0].article) == ("bingtuan2025", 8)
    assert "复核评估结果" in lead(reply) and "统一向社会公布" in lead(reply)
    assert detect_slot("申请的流程是怎样的?先找谁?") is Slot.STEPS


def test_how_to_object_with_a_time_limit_leads_with_the_period(chat_engine: Engine) -> None:
    """"怎么申诉,有没有时间限制": a procedure asked (怎么申诉), so 内蒙古 第四十八条 is quoted
    whole, periods first, not only its last sentence on 申诉."""
    reply = ask(chat_engine, "内蒙古考生说被冤枉作弊了,不服的话怎么申诉,有没有时间限制?")
    assert "五个工作日" in lead(reply) and "上一级评价监管部门" in lead(reply)


def test_a_comparison_of_when_texts_take_effect_quotes_each_clause(chat_engine: Engine) -> None:
    """"兵团的办法和天津的规程分别是啥时候开始执行的": each line is its text's own 施行 clause
    (兵团 第二十八条, 天津 第二十六条), though a clause has too few words to pass the coverage
    judgement, and 执行 also stands in a ground for termination (拒不执行)."""
    reply = ask(chat_engine, "兵团的办法和天津的规程分别是啥时候开始执行的")
    cited = {(hit.doc_key, hit.article) for hit in reply.citations}
    assert cited == {("bingtuan2025", 28), ("tianjin2020", 26)}
    assert "2025年9月1日起施行" in reply.text and "自印发之日起试行" in reply.text


def test_a_question_for_measures_lists_every_measure(chat_engine: Engine) -> None:
    """"有啥激励措施": a list asked (啥…措施), so the lead gives 兵团 第二十四条(一) with every
    measure, not its first sentence and first item."""
    reply = ask(chat_engine, "兵团对诚信的评价机构有啥激励措施")
    assert "同等条件下优先考虑" in lead(reply) and "降低督导频次" in lead(reply)


def test_a_verdict_is_given_only_by_a_clause_about_what_is_asked(chat_engine: Engine) -> None:
    # 兵团 第十一条's "严禁不符合条件人员参加评价" says nothing on an agency running a class.
    reply = ask(chat_engine, "兵团评价机构能不能自己办培训班")
    assert not reply.text.startswith(("可以", "不可以"))
    decided = ask(chat_engine, "内蒙备案有效期内能不能加个工种")
    assert decided.text.startswith("不可以。")
