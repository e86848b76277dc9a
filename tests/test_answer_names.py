"""A lead is read alone: short names come with their full name, no clause is said twice, and
a question about one item of a list gets that item, not the whole list.

The full name of a short name comes from the text that defines it ("(以下简称“市鉴定中心”)"),
so it is quoted, not invented; it follows the lead, which stays verbatim. A comparison
searches each region's text without the places the question names.
"""

from __future__ import annotations

from bot.question_text import without_places
from bot.engine import Engine
from bot.messages import Reply, UserInput
from corpus import cached_corpus
from corpus.abbreviations import abbreviations, with_full_names
from retrieval.sentences import split_sentences


def ask(engine: Engine, text: str) -> Reply:
    return engine.handle(UserInput(user_id="tg:names", text=text))


def test_short_names_are_read_from_the_text_that_defines_them(chat_engine: Engine) -> None:
    corpus = cached_corpus()
    words = chat_engine.answerer.searcher.terms.words  # the search tokenizer, whole words
    assert abbreviations(corpus.document("tianjin2020").text, words)["市鉴定中心"] == "天津市职业技能鉴定指导中心"
    bingtuan = abbreviations(corpus.document("bingtuan2025").text, words)
    assert bingtuan["兵团评价管理机构"] == "兵团技能人才评价管理机构"
    # "(以下简称等级认定机构,…)" names nothing shorter than what stands before it.
    assert "等级认定机构" not in bingtuan


def test_a_name_that_ends_the_text_before_it_is_no_short_name() -> None:
    # However a tokenizer cuts it (技能人才评价机构 as one word), "…评价机构(以下简称评价机构)"
    # abbreviates nothing; "天津市…中心(以下简称“市鉴定中心”)" widens to the word 天津市.
    whole_words = lambda text: [text]  # noqa: E731 - one word: the widest cut there is
    assert abbreviations("兵团技能人才评价机构(以下简称评价机构)负责", whole_words) == {}
    by_word = lambda text: ["是指", "经过", "天津市", "职业技能", "鉴定", "指导", "中心"]  # noqa: E731
    text = "是指经过天津市职业技能鉴定指导中心(以下简称“市鉴定中心”)备案"
    assert abbreviations(text, by_word) == {"市鉴定中心": "天津市职业技能鉴定指导中心"}


def test_the_full_name_follows_the_lead_once() -> None:
    names = {"市鉴定中心": "天津市职业技能鉴定指导中心"}
    lead = "评价机构向市鉴定中心备案。市鉴定中心复核。"
    assert with_full_names(lead, names) == f"{lead}(市鉴定中心即天津市职业技能鉴定指导中心)"
    assert with_full_names("天津市职业技能鉴定指导中心(以下简称“市鉴定中心”)负责", names).count("即") == 0
    assert with_full_names("评价机构备案", names) == "评价机构备案"


def test_a_tianjin_lead_naming_the_centre_gives_its_full_name(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "在天津办评价机构备案,归哪个单位管?")
    first = reply.text.splitlines()[0]
    assert "市鉴定中心" in first
    assert first.endswith("(市鉴定中心即天津市职业技能鉴定指导中心)")
    assert reply.citations[0].doc_key == "tianjin2020"


def test_a_subject_clause_quoted_just_before_is_not_repeated(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "新备案的评价机构名单在哪里能查到?兵团是谁、通过什么渠道公布的?")
    first = reply.text.splitlines()[0]
    sentences = [s for s in split_sentences(first) if len(s) > 10]
    assert sentences, first
    assert len(sentences) == len(set(sentences)), first


def test_a_comparison_searches_each_region_without_the_places_named() -> None:
    assert "兵团" not in without_places("兵团和内蒙古分别得办什么手续")
    assert "内蒙古" not in without_places("兵团和内蒙古分别得办什么手续")
    # Words that also name a topic stay: cross-area exams, industry organisations.
    assert "师市" in without_places("到别的师市或者盟市组织考试,兵团和内蒙古分别怎么办")
    assert "行业组织" in without_places("行业组织和天津的规定一样吗")


def test_a_comparison_finds_the_cross_area_rule_in_each_region(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "机构想到别的师市或者盟市去组织考试,兵团和内蒙古分别得办什么手续?")
    lines = reply.text.splitlines()
    bingtuan = next(line for line in lines if line.startswith("兵团:"))
    neimenggu = next(line for line in lines if line.startswith("内蒙古:"))
    assert "书面同意" in bingtuan
    assert "站点备案" in neimenggu


def test_a_question_about_one_item_gets_that_item_under_the_header(chat_engine: Engine) -> None:
    narrow = ask(chat_engine, "兵团对考评员的人数和资格有什么要求?").text.splitlines()[0]
    assert narrow.startswith("备案评价机构,应当具备以下基本条件:(二)")
    assert "不少于3人" in narrow
    assert "依法登记的独立法人" not in narrow  # item (一) is not what was asked
    whole = ask(chat_engine, "兵团申请备案评价机构要具备哪些条件?").text.splitlines()[0]
    assert "(一)" in whole and "(二)" in whole and "(三)" in whole


def test_a_statutes_covering_notice_leads_only_questions_about_the_text(chat_engine: Engine) -> None:
    rule = ask(chat_engine, "天津这边下个月要组织一批认定,开考前我们得先办啥")
    assert rule.citations[0].article is not None  # a rule, not "现将《…》印发给你们"
    assert "印发给你们" not in rule.text.splitlines()[0]
    issued = ask(chat_engine, "天津这个认定工作规程是哪天印发的?")
    assert issued.citations[0].article is None
    assert "2020年12月28日" in issued.text.splitlines()[0]


def test_a_benefits_question_lists_every_measure(chat_engine: Engine) -> None:
    first = ask(chat_engine, "兵团督导结果好的评价机构能得到啥好处?").text.splitlines()[0]
    assert "降低督导频次" in first and "增量备案" in first and "优先选择对象" in first


def test_which_steps_is_a_procedure_question_and_every_step_is_given(chat_engine: Engine) -> None:
    from bot.slots import Slot, detect_slot

    assert detect_slot("从交材料到公布要走哪几步?") is Slot.STEPS
    assert detect_slot("外部督导员一般是怎么选出来的") is Slot.STEPS
    assert detect_slot("督导员怎么考核发证") is Slot.STEPS
    first = ask(chat_engine, "在天津申请当评价机构,从交材料到公布要走哪几步?").text.splitlines()[0]
    for step in ("(一)申请", "(二)评估", "(三)备案", "(四)公布"):
        assert step in first
    assert "报人力资源社会保障部复核" in first  # step (三) whole, not its title alone


def test_more_occupations_is_judged_as_a_wider_evaluation_range(chat_engine: Engine) -> None:
    # The text says 增加评价范围, not 工种: the article on changes answers, not one that only names 工种.
    reply = ask(chat_engine, "兵团的机构想再多评几个工种,要办啥手续?")
    assert reply.covered
    assert (reply.citations[0].doc_key, reply.citations[0].article) == ("bingtuan2025", 18)
    assert "提交增量备案申请" in reply.text.splitlines()[0]


def test_what_happens_prefers_the_article_that_states_a_sanction(chat_engine: Engine) -> None:
    from bot.slots import Slot, detect_slot

    assert detect_slot("违规了会受到哪些处理?") is Slot.CONSEQUENCES
    # Close hits: who handles violations (第四十三条), the records (第四十九条), the sanctions.
    first = ask(chat_engine, "内蒙古的评价机构要是违规了,会受到什么处理?").text.splitlines()[0]
    assert "约谈主要负责人" in first and "终止备案" in first


def test_each_part_of_a_two_part_question_reads_its_own_colloquial_words(chat_engine: Engine) -> None:
    # "上了黑榜会咋样": 黑榜 is the text's 被评为“黑色”; the second part gets its own sentence.
    first = ask(chat_engine, "天津红黑榜隔多久调整?进了黑榜会怎样?").text.splitlines()[0]
    assert "每三年调整" in first
    assert "退出评价机构目录" in first


def test_a_steps_question_is_never_narrowed_to_one_item(chat_engine: Engine) -> None:
    # Two bodies named, a division of work asked: every item of the list, not the first alone.
    first = ask(chat_engine, "天津市人社局和市鉴定中心在认定工作上是怎么分工的?").text.splitlines()[0]
    assert "(一)市人社局" in first and "(二)市鉴定中心" in first


def test_when_a_text_takes_effect_is_answered_from_its_effect_clause(chat_engine: Engine) -> None:
    # The one-line final article, not the covering notice or the purpose article search ranks first.
    cases = {
        "行业组织承接水平评价类资格认定的那个办法,从什么时候开始施行?": ("mohrss2016", "自发布之日起施行"),
        "天津这个规程从哪天开始执行?": ("tianjin2020", "自印发之日起试行"),
        "兵团的管理办法什么时候开始施行": ("bingtuan2025", "自2025年9月1日起施行"),
    }
    for question, (doc, clause) in cases.items():
        reply = ask(chat_engine, question)
        assert reply.covered, question
        assert reply.citations[0].doc_key == doc and reply.citations[0].article is not None
        assert clause in reply.text.splitlines()[0], reply.text


def test_when_and_by_whom_a_text_was_issued_is_answered_from_its_record(chat_engine: Engine) -> None:
    # No article says when a text was issued: the 落款 or the record beside the text does.
    cases = {
        "浙人社发146号那个转发通知是哪天印发的?": ("zhejiang2017", "2017年12月28日"),
        "兵团那个管理办法啥时候出台的": ("bingtuan2025", "2025年8月12日"),
        "内蒙古的实施办法文号是多少": ("neimenggu2024", "内人社办发〔2024〕53号"),
        "天津的规程是哪个部门发的": ("tianjin2020", "天津市人力资源和社会保障局"),
    }
    for question, (doc, fact) in cases.items():
        reply = ask(chat_engine, question)
        assert reply.covered, question
        assert reply.citations[0].doc_key == doc, question
        assert fact in reply.text.splitlines()[0], reply.text
    signed = ask(chat_engine, "浙人社发146号那个转发通知是哪天印发的?").citations[0]
    assert signed.article_label == "落款"


def test_a_record_without_a_date_does_not_answer_when_and_a_rule_question_is_no_record_question(
    chat_engine: Engine,
) -> None:
    undated = ask(chat_engine, "国家职业资格目录那个通知是哪天发的")
    assert not undated.covered and "没有载明发布日期" in undated.text.splitlines()[0]
    both = ask(chat_engine, "浙江转发的那个国家职业资格目录通知,人社部原文号是多少?浙江自己的文号呢?")
    assert "人社部发〔2017〕68号" in both.text and "浙人社发〔2017〕146号" in both.text
    # 备案结果 are 公布 twice a year: a rule of the text, not the text's own issue date.
    results = ask(chat_engine, "内蒙备案结果一般啥时候公布")
    assert "4月和10月" in results.text.splitlines()[0]


def test_each_step_of_a_procedure_says_what_happens_in_it(chat_engine: Engine) -> None:
    # 内蒙古 第十一条 titles each step on its own line: the step's first sentence comes with it.
    first = ask(chat_engine, "内蒙古申请评价机构备案,流程都有哪几步?").text.splitlines()[0]
    for step in ("(一)备案申请", "(二)评估", "(三)审核公示", "(四)备案公布"):
        assert step in first
    assert "对申报材料进行初审" in first and "组织专家" in first


def test_a_purpose_article_leads_only_a_question_about_the_texts_purpose(chat_engine: Engine) -> None:
    # "为……制定本办法" shares the text's key words with every question about it.
    rule = ask(chat_engine, "承接水平评价类职业资格认定的行业协会,能不能自己开考前培训班收钱?")
    assert (rule.citations[0].doc_key, rule.citations[0].article) == ("mohrss2016", 15)
    assert "不得举办与职业资格认定相关的培训" in rule.text.splitlines()[0]
    why = ask(chat_engine, "行业组织承接办法是为什么制定的")
    assert (why.citations[0].doc_key, why.citations[0].article) == ("mohrss2016", 1)


def test_sitting_ones_own_exam_is_the_work_discipline_of_those_who_run_it(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "我在协会专门负责资格认定这块,今年想自己也报个本专业的考试,行不行?")
    assert "不得申请参加本专业职业资格考试" in reply.text.splitlines()[0]


def test_where_to_hand_in_and_who_reviews_is_the_whole_procedure(chat_engine: Engine) -> None:
    from bot.slots import Slot, detect_slot

    assert detect_slot("材料往哪交,后面咋审") is Slot.STEPS
    assert detect_slot("要交哪些材料") is Slot.CONDITIONS  # 交哪些 lists, 交哪 asks where
    # 兵团 第八条 lists the 流程 for each kind of agency; step (二) is asked: all of it is given.
    first = ask(chat_engine, "兵团想申请做等级认定机构,材料交哪里,谁来审?").text.splitlines()[0]
    assert "复核评估结果" in first and "由兵团人力资源和社会保障局统一向社会公布" in first
    # A 流程 asked without the word: the article that lists its 流程 leads, not one defining the kind.
    special = ask(chat_engine, "在兵团想做专项能力考核机构,材料往哪交,后面咋审")
    assert (special.citations[0].doc_key, special.citations[0].article) == ("bingtuan2025", 8)


def test_a_texts_number_is_matched_whole_and_an_agencys_own_notice_is_no_text() -> None:
    from bot.issued import asks_about_issue, numbered

    metas = [d.meta for d in cached_corpus().documents.values()]
    assert numbered("浙人社发146号那个通知", metas).key == "zhejiang2017"
    assert numbered("46号文", metas) is None and numbered("3号文件", metas) is None
    assert not asks_about_issue("处理决定通知书是哪天发的")
    assert asks_about_issue("内蒙古的实施办法文号是多少")


def test_a_notices_covering_words_lead_only_a_question_about_the_notice(chat_engine: Engine) -> None:
    # "现将《…》转发给你们" matches every question on the notice and answers only what it forwards.
    rule = ask(chat_engine, "浙江那个转发文件说,没进国家职业资格目录的职业怎么评价")
    assert rule.citations[0].doc_key == "zhejiang2017" and rule.citations[0].article is not None
    forwarded = ask(chat_engine, "浙江转发的是哪个文件")
    assert "人社部发〔2017〕68号" in forwarded.text.splitlines()[0]
