"""A row picked from a list, a date told beside a how-long question, an option named in a sentence.

- After a regulator's list, "最早过期的是哪家" / "第二家呢" looks up that row (the list is in date
  order); a refused list has no rows, so nothing is picked and nothing leaks.
- "里面被责令终止的都是啥原因" after a list of terminations asks for its reasons.
- A filing date told with "有效期几年" is answered with the expiry it gives (天津 第十二条(三)).
- "档案要保存几年" with the day the evaluation ended computes the retention dates where the
  region sets a period (内蒙古 第三十条); where it sets none (兵团), the text says so instead of
  a menu of other deadlines.
- The word that says what a told date is (收到) is no topic a silent text lacks.
- A dialogue question with fixed options takes a sentence naming one ("那政府下面的事业单位能报不").
- "已经发出去的证" is a question of certificates (内蒙古 第四十四条).

Conversations run on SQLite and PostgreSQL (`sample_engine`).
"""

from __future__ import annotations

import re

from bot.dialogues.common import parse_choice
from bot.engine import Engine
from bot.intents import ApplicantType
from bot.list_pick import listed_rows, picked_row
from bot.messages import Intent, Role
from tests.replies import ask, cited, first_line

_NUMBER = re.compile(r"^([A-Z]{2}-\d{4}-\d{4}) ", re.MULTILINE)

# ------------------------------------------------------------ a row of a list


def test_the_earliest_row_of_a_list_is_looked_up(sample_engine: Engine) -> None:
    user = "tg:pick-1"
    listed = ask(sample_engine, "内蒙名录里哪些机构过了有效期", user=user, role=Role.REGULATOR)
    rows = _NUMBER.findall(listed.text)
    assert listed.intent is Intent.REGISTRY and len(rows) >= 2
    reply = ask(sample_engine, "最早过期的是哪家 哪天到期的", user=user, role=Role.REGULATOR)
    assert reply.intent is Intent.STATUS
    assert f"备案编号:{rows[0]}" in reply.text and "有效期至" in first_line(reply)
    again = ask(sample_engine, "它评哪些工种", user=user, role=Role.REGULATOR)
    assert f"备案编号:{rows[0]}" in again.text  # the picked agency is the subject now


def test_an_ordinal_picks_that_row(sample_engine: Engine) -> None:
    user = "tg:pick-2"
    listed = ask(sample_engine, "兵团哪些机构暂停了", user=user, role=Role.REGULATOR)
    rows = _NUMBER.findall(listed.text)
    assert len(rows) >= 2
    reply = ask(sample_engine, "第二家呢", user=user, role=Role.REGULATOR)
    assert reply.intent is Intent.STATUS and f"备案编号:{rows[1]}" in reply.text


def test_a_refused_list_has_no_row_to_pick(sample_engine: Engine) -> None:
    user = "tg:pick-3"
    refused = ask(sample_engine, "内蒙名录里哪些机构过了有效期", user=user, role=Role.APPLICANT)
    assert not _NUMBER.findall(refused.text)
    reply = ask(sample_engine, "最早过期的是哪家", user=user, role=Role.APPLICANT)
    assert reply.intent is not Intent.STATUS and "NM-" not in reply.text


def test_reasons_of_the_terminations_listed(sample_engine: Engine) -> None:
    user = "tg:pick-4"
    listed = ask(sample_engine, "天津哪些评价机构已经终止备案了", user=user, role=Role.REGULATOR)
    assert listed.intent is Intent.REGISTRY and _NUMBER.findall(listed.text)
    reply = ask(sample_engine, "里面被责令终止的都是啥原因", user=user, role=Role.REGULATOR)
    assert first_line(reply).startswith("原因(名录记录):") and "不履行工作承诺" in first_line(reply)


def test_picking_reads_the_words_of_the_table() -> None:
    rows = [("NM-2023-0004", "行业组织"), ("NM-2023-0001", "院校"), ("NM-2024-0002", "用人单位")]
    assert picked_row("最早过期的是哪家", rows) == "NM-2023-0004"
    assert picked_row("最后那家呢", rows) == "NM-2024-0002"
    assert picked_row("第二家呢", rows) == "NM-2023-0001"
    assert picked_row("第3个是谁", rows) == "NM-2024-0002"
    assert picked_row("第五家呢", rows) is None  # past the end
    assert picked_row("它们按办法该咋处理", rows) is None
    assert picked_row("里头哪家是行业协会", rows, ApplicantType.INDUSTRY_ORG) == "NM-2023-0004"
    assert picked_row("行业协会该咋处理", rows, ApplicantType.INDUSTRY_ORG) is None  # asks no "which"
    assert picked_row("哪家是企业", [*rows, ("NM-2024-0009", "用人单位")], ApplicantType.EMPLOYER) is None  # two are
    assert picked_row("最早过期的是哪家", []) is None
    listed = "共2条。\nNM-2023-0004 示例…协会(内蒙古·自治区本级·行业组织)有效期至…\nNM-2023-0001 示例…学校(内蒙古·呼伦贝尔市·院校)…"
    assert listed_rows(listed) == [("NM-2023-0004", "行业组织", "自治区本级", "", ""), ("NM-2023-0001", "院校", "呼伦贝尔市", "", "")]


def test_the_one_row_of_a_kind_asked_which_is_looked_up(sample_engine: Engine) -> None:
    user = "tg:pick-16"
    ask(sample_engine, "内蒙古哪些机构已经过了有效期", user=user, role=Role.REGULATOR)
    reply = ask(sample_engine, "里头哪家是行业协会", user=user, role=Role.REGULATOR)
    assert reply.intent is Intent.STATUS and "行业组织" in reply.text and "(简称:" in reply.text


def test_a_procedure_the_agency_would_go_through_is_its_regions_rule(sample_engine: Engine) -> None:
    user = "tg:pick-17"
    ask(sample_engine, "北方重工能评哪些工种", user=user)
    reply = ask(sample_engine, "它想再加个电工 现在能加不", user=user)
    assert reply.intent is Intent.POLICY and cited(reply) == ("neimenggu2024", 14)
    assert "书面申请" in first_line(reply)
    ask(sample_engine, "北方重工能评哪些工种", user="tg:pick-17b")
    control = ask(sample_engine, "它啥时候续期", user="tg:pick-17b")
    assert control.intent is Intent.STATUS  # a date of its own filing is still looked up


def test_an_agencys_levels_are_its_scope(sample_engine: Engine) -> None:
    user = "tg:pick-18"
    ask(sample_engine, "包头钢城技师学院是正规备案的机构不", user=user)
    reply = ask(sample_engine, "最高到几级", user=user)
    assert reply.intent is Intent.STATUS and "焊工(五级/四级/三级)" in first_line(reply)


def test_national_words_printed_on_a_certificate_name_no_scope(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "浙江这边协会自己搞的能力评价证书,能不能印“国家”“全国”这些字样?", user="tg:pick-19")
    assert first_line(reply).startswith("浙江:") and "没有规定" in first_line(reply)
    assert "中华人民共和国" in reply.text  # the national rule, for reference


# ------------------------------------------------------------ a date told beside a how-long question


def test_a_reply_letter_date_with_how_many_years_gives_the_expiry(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "天津评价机构备案有效期几年 我们拿到备案回函是2023年11月7号", user="tg:pick-5")
    assert reply.intent is Intent.DEADLINE
    assert "有效期至2026年11月7日" in first_line(reply)
    user = "tg:pick-6"
    ask(sample_engine, "天津评价机构备案有效期几年", user=user)
    told = ask(sample_engine, "我们拿到备案回函是2023年11月7号", user=user)
    assert "有效期至2026年11月7日" in first_line(told)


def test_how_long_records_are_kept_from_a_told_day(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "内蒙古 我们2025年10月20号考完的 档案要保存几年", user="tg:pick-7")
    assert reply.intent is Intent.DEADLINE
    assert "2028年10月20日" in first_line(reply) and "2030年10月20日" in reply.text


def test_a_region_without_the_limit_says_so_rather_than_offering_a_menu(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "兵团 我们2025年10月20号考完的 档案要保存多久", user="tg:pick-8")
    assert reply.intent is Intent.POLICY and "要计算哪个期限" not in reply.text
    assert first_line(reply).startswith("兵团:") and "没有规定" in first_line(reply)
    assert "纸质材料保管不少于3年" in reply.text  # 内蒙古's, labelled for reference


def test_the_word_saying_what_a_date_is_is_no_missing_topic(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "天津 我们11月3号收到处理决定 申诉最晚啥时候", user="tg:pick-9")
    assert not reply.covered and "没有规定" in first_line(reply)
    assert "收到" not in first_line(reply)


# ------------------------------------------------------------ an option named in a sentence


def test_a_sentence_naming_an_option_answers_the_dialogue(sample_engine: Engine) -> None:
    user = "tg:pick-10"
    opened = ask(sample_engine, "内蒙古企业能申报职业技能等级评价机构吗", user=user, role=Role.APPLICANT)
    assert "贵单位属于哪类主体" in opened.text
    reply = ask(sample_engine, "那政府下面的事业单位能报不", user=user, role=Role.APPLICANT)
    assert "不在选项中" not in reply.text
    assert "不符合条件" in first_line(reply) and "不能申报" in first_line(reply)


def test_choices_match_a_label_named_in_a_sentence() -> None:
    options = [
        ("social_group", "社会团体(已与政府部门脱钩)"),
        ("social_group_linked", "未与政府部门脱钩的社会团体"),
        ("public_institution", "事业单位(含公办院校)"),
    ]
    assert parse_choice("那政府下面的事业单位能报不", options) == "public_institution"
    assert parse_choice("我们是未与政府部门脱钩的社会团体", options) == "social_group_linked"
    assert parse_choice("我们是社会团体", options) == "social_group"
    assert parse_choice("2", options) == "social_group_linked"
    assert parse_choice("民办学校", options) is None


# ------------------------------------------------------------ certificates already issued


def test_certificates_already_issued_after_a_sanction_question(sample_engine: Engine) -> None:
    user = "tg:pick-11"
    ask(sample_engine, "内蒙的评价机构出了违纪违规 一般咋处理机构", user=user, role=Role.REGULATOR)
    reply = ask(sample_engine, "那已经发出去的证咋办", user=user, role=Role.REGULATOR)
    assert cited(reply) == ("neimenggu2024", 44)
    assert "宣布证书作废" in first_line(reply)


# ------------------------------------------------------------ two parts, one article


def test_two_parts_answered_by_one_article_lead_with_both(sample_engine: Engine) -> None:
    """The whole message quotes 内蒙古 第十一条; its steps and its 每年进行两次 answer the two
    parts, so both lead (before, the steps alone did)."""
    reply = ask(sample_engine, "在内蒙申请当评价机构,大概是个啥流程?多久公布一次结果", user="tg:pick-12", role=Role.APPLICANT)
    assert cited(reply) == ("neimenggu2024", 11)
    assert "初审" in first_line(reply) and "每年进行两次" in first_line(reply)


def test_parts_agreeing_on_another_article_than_the_message_are_not_trusted(sample_engine: Engine) -> None:
    """Both parts of "去哪申请?后面怎么走" come to 兵团 第七条 (conditions); the message as a whole
    to 第八条 (where to file), which is kept."""
    reply = ask(sample_engine, "五家渠一家企业想申请当等级认定机构,去哪申请?后面怎么走", user="tg:pick-13", role=Role.APPLICANT)
    assert cited(reply) == ("bingtuan2025", 8)
    assert "登记地人力资源和社会保障部门" in first_line(reply)


def test_who_per_case_gives_each_kind_of_agency(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "兵团 机构备案申请材料交到哪", user="tg:pick-14", role=Role.APPLICANT)
    line = first_line(reply)
    assert cited(reply) == ("bingtuan2025", 8)
    assert "(二)申请成为等级认定机构的单位" in line and "(三)申请成为专项考核机构的单位" in line
    named = ask(sample_engine, "兵团 专项考核机构的申请材料交给谁", user="tg:pick-15", role=Role.APPLICANT)
    assert first_line(named).startswith("(三)申请成为专项考核机构的单位")
