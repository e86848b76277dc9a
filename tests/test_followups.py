"""Follow-ups through Engine.handle: the last question's subject is kept in the database.

"那内蒙古呢" re-asks the last question for another region, "那X呢" with an agency asks the
same of another agency, "它能评钳工吗" means the last agency, a bare date continues a
renewal question, a bare region continues any question. A new question starts fresh, one
user's subject never leaks to another, and a new Engine (a restart, another worker)
continues where the last one stopped. SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import select

from bot.engine import Engine
from bot.messages import Intent, Reply, UserInput
from config import Settings
from corpus.models import Jurisdiction
from db.enums import FilingState
from db.models import Agency, Filing, UserProfile
from db.scope import LEVEL_TITLES
from db.session import dispose_engine, session_scope, today_cn

USER = "tg:31"
OTHER = "tg:32"


@pytest.fixture
def engine(sample_url: str, indexed_settings: Settings) -> Iterator[Engine]:
    yield Engine(indexed_settings, database_url=sample_url)
    dispose_engine(sample_url)


def send(engine: Engine, text: str, *, user: str = USER, command: str | None = None) -> Reply:
    return engine.handle(UserInput(user_id=user, text=text, command=command))


def live_agencies(engine: Engine) -> list[tuple[str, str, list[dict[str, object]]]]:
    """(name, 简称, scope) of agencies with one active, unexpired filing with levels."""
    with session_scope(engine.database_url) as session:
        found = session.exec(select(Agency, Filing).where(Filing.agency_id == Agency.id)).all()
        counts: dict[str, int] = {}
        for agency, _ in found:
            counts[agency.name] = counts.get(agency.name, 0) + 1
        return [
            (a.name, a.short_name or "", list(f.scope))
            for a, f in found
            if counts[a.name] == 1 and a.short_name and f.state is FilingState.ACTIVE
            and f.valid_until >= today_cn() and any(i.get("levels") for i in f.scope)
        ]


def regions_cited(reply: Reply) -> set[str]:
    return {hit.jurisdiction for hit in reply.citations}


def first_cited(reply: Reply) -> tuple[str, int | None]:
    """The article the reply leads with (document key, article number)."""
    return reply.citations[0].doc_key, reply.citations[0].article


def test_region_follow_up_repeats_the_question_for_the_new_region(engine: Engine) -> None:
    first = send(engine, "兵团评价机构备案有效期几年?")
    reply = send(engine, "那内蒙古呢")

    assert regions_cited(first) == {Jurisdiction.BINGTUAN.value}
    assert reply.intent is Intent.POLICY and reply.covered
    assert regions_cited(reply) == {Jurisdiction.NEIMENGGU.value}
    assert "内蒙古" in reply.text and ("3年" in reply.text or "三年" in reply.text)


def test_region_follow_up_that_asks_one_more_thing_keeps_the_topic(engine: Engine) -> None:
    """"内蒙古呢,怎么续": the earlier question for the new region, plus what is added."""
    send(engine, "兵团评价机构备案有效期几年?")
    reply = send(engine, "内蒙古呢,怎么续")

    assert reply.intent is Intent.POLICY and reply.covered
    assert regions_cited(reply) == {Jurisdiction.NEIMENGGU.value}
    assert "3个月" in reply.text.splitlines()[0]


def test_bare_region_after_a_question_continues_it_and_keeps_the_stored_region(engine: Engine) -> None:
    send(engine, "兵团评价机构备案有效期几年?")
    reply = send(engine, "内蒙古")

    assert reply.intent is Intent.POLICY
    assert regions_cited(reply) == {Jurisdiction.NEIMENGGU.value}
    with session_scope(engine.database_url) as session:
        assert session.get(UserProfile, USER).jurisdiction is None  # type: ignore[union-attr]


def test_bare_region_without_a_previous_question_still_sets_the_region(engine: Engine) -> None:
    reply = send(engine, "内蒙古")

    assert reply.intent is Intent.SETTINGS


def test_it_after_a_status_lookup_answers_from_that_agencys_scope(engine: Engine) -> None:
    name, short, scope = live_agencies(engine)[0]
    item = next(i for i in scope if i.get("levels"))
    send(engine, short, command="status")
    reply = send(engine, f"它能评{item['occupation']}吗")

    head = reply.text.splitlines()[0]
    assert reply.intent is Intent.STATUS
    assert head.startswith("可以") and name in head and str(item["occupation"]) in head
    # The scope in the registry's own notation, as users name levels: 电工(五级/四级).
    assert f"{item['occupation']}({'/'.join(item['levels'])})" in head  # type: ignore[arg-type]


def test_a_level_outside_the_scope_is_refused_naming_the_scope_and_the_level(engine: Engine) -> None:
    """"它能评三级的吗" for an agency filed up to 四级: "不可以:…可评价电工(五级/四级),不含高级工/三级"."""
    name, short, scope = next(
        (n, s, sc) for n, s, sc in live_agencies(engine)
        if any(i.get("levels") and "一级" not in i["levels"] for i in sc)  # type: ignore[operator]
    )
    item = next(i for i in scope if i.get("levels") and "一级" not in i["levels"])  # type: ignore[operator]
    missing = next(lv for lv in ("一级", "二级", "三级", "四级") if lv not in item["levels"])  # type: ignore[operator]
    send(engine, f"{short}还有效吗", user="tg:followup-level")
    reply = send(engine, f"它能评{missing}{item['occupation']}吗", user="tg:followup-level")

    head = reply.text.splitlines()[0]
    assert head.startswith("不可以") and name in head
    assert f"{item['occupation']}({'/'.join(item['levels'])})" in head  # type: ignore[arg-type]
    assert f"{LEVEL_TITLES[missing]}/{missing}" in head


def test_follow_up_survives_a_restart(engine: Engine, indexed_settings: Settings) -> None:
    name, short, scope = live_agencies(engine)[0]
    occupation = next(str(i["occupation"]) for i in scope if i.get("levels"))
    send(engine, f"{short}还有效吗")
    restarted = Engine(indexed_settings, database_url=engine.database_url)
    reply = send(restarted, f"这个机构能评{occupation}吗")

    assert reply.text.splitlines()[0].startswith("可以") and name in reply.text


def test_agency_follow_up_asks_the_same_of_another_agency(engine: Engine) -> None:
    (first, first_short, _), (second, second_short, _) = live_agencies(engine)[:2]
    send(engine, f"{first_short}续期最晚啥时候交")
    reply = send(engine, f"那{second_short}呢")

    head = reply.text.splitlines()[0]
    assert reply.intent is Intent.STATUS
    assert head.startswith(second) and "续期" in head and first not in reply.text


def test_bare_date_after_a_renewal_question_computes_the_deadline(engine: Engine) -> None:
    send(engine, "内蒙古评价机构续期最晚什么时候申请?")
    reply = send(engine, "2026年3月1日")

    assert reply.intent is Intent.DEADLINE
    assert "2026年3月1日" in reply.text
    assert Jurisdiction.NEIMENGGU.value in regions_cited(reply) or "内蒙古" in reply.text


def test_a_dotted_expiry_date_after_asking_how_many_months_ahead_computes_the_deadline(engine: Engine) -> None:
    # "提前几个月" asks when as "多久" does; the date then continues it.
    send(engine, "兵团续期要提前几个月交材料", user="dotted")
    reply = send(engine, "我们2027.5.20到期", user="dotted")

    assert reply.intent is Intent.DEADLINE
    assert "2027年2月20日" in reply.text.splitlines()[0]


def test_a_new_full_question_starts_fresh(engine: Engine) -> None:
    _, short, _ = live_agencies(engine)[0]
    send(engine, f"{short}还有效吗")
    send(engine, "兵团评价机构备案有效期几年?")
    reply = send(engine, "那内蒙古呢")

    assert reply.intent is Intent.POLICY
    assert regions_cited(reply) == {Jurisdiction.NEIMENGGU.value}


def test_one_users_subject_is_not_another_users(engine: Engine) -> None:
    _, short, scope = live_agencies(engine)[0]
    occupation = next(str(i["occupation"]) for i in scope if i.get("levels"))
    send(engine, f"{short}还有效吗")
    reply = send(engine, f"它能评{occupation}吗", user=OTHER)

    assert reply.intent is not Intent.STATUS


def test_the_conversations_region_carries_to_a_question_naming_none(engine: Engine) -> None:
    """兵团 named once: the next policy question and a filing date keep to 兵团's rule."""
    send(engine, "兵团评价机构备案能管几年")
    policy = send(engine, "续期申请啥时候交")
    deadline = send(engine, "我们是2024年6月15日备案的")

    assert regions_cited(policy) == {Jurisdiction.BINGTUAN.value}
    assert deadline.intent is Intent.DEADLINE
    head = deadline.text.splitlines()[0]
    assert "2027年6月15日" in head and "2027年3月15日" in head  # expiry, and 3 months before it


def test_a_region_named_again_replaces_the_conversations_region(engine: Engine) -> None:
    """天津 named after a 兵团 question: the reply is about 天津 (whose text sets no renewal
    window); 兵团's rule may follow only labelled as reference, never as the answer."""
    send(engine, "兵团评价机构备案能管几年")
    reply = send(engine, "天津续期申请啥时候交")

    first = reply.text.splitlines()[0]
    assert first.startswith("天津") and "兵团" not in first
    cited = [line for line in reply.text.splitlines() if "(《兵团技能人才评价机构管理办法" in line]
    assert all(line.startswith("兵团(供参考)") for line in cited)
    assert "依据:《兵团" not in reply.text


def test_a_short_state_question_after_a_status_lookup_means_that_agency(engine: Engine) -> None:
    name, short, _ = live_agencies(engine)[0]
    send(engine, f"{short}现在咋样了")
    reply = send(engine, "什么时候到期的")

    assert reply.intent is Intent.STATUS
    assert reply.text.splitlines()[0].startswith(name)


def test_an_elliptical_question_is_searched_beside_the_last_one(engine: Engine) -> None:
    """"往上加级别" alone finds no article on levels; beside "天津技能等级一共分几级" it finds 第八条."""
    send(engine, "天津技能等级一共分几级")
    reply = send(engine, "企业自己评的话还能往上加级别不")

    assert reply.intent is Intent.POLICY
    head = reply.text.splitlines()[0]
    assert "特级技师" in head and "首席技师" in head
    assert regions_cited(reply) == {Jurisdiction.TIANJIN.value}


def test_a_level_asked_after_a_status_lookup_is_asked_of_that_agency(engine: Engine) -> None:
    name, short, scope = live_agencies(engine)[0]
    item = next(i for i in scope if i.get("levels"))
    send(engine, f"{short}能评{item['occupation']}吗")
    reply = send(engine, "一级的有没有")

    assert reply.intent is Intent.STATUS
    head = reply.text.splitlines()[0]
    assert name in head and str(item["occupation"]) in head
    assert head.startswith("可以" if "一级" in item["levels"] else "不可以")  # type: ignore[operator]


def test_change_to_a_region_right_after_a_question_asks_it_there(engine: Engine) -> None:
    """"换成兵团" after a question re-asks it for 兵团; "地区换成天津" still changes the setting."""
    send(engine, "想在天津申请做评价机构,申请材料交给谁")
    reply = send(engine, "换成兵团")

    assert reply.intent is Intent.POLICY
    assert regions_cited(reply) == {Jurisdiction.BINGTUAN.value}
    assert "登记地人力资源和社会保障部门" in reply.text.splitlines()[0]
    setting = send(engine, "地区换成天津")
    assert setting.intent is Intent.SETTINGS
    with session_scope(engine.database_url) as session:
        assert session.get(UserProfile, USER).jurisdiction == Jurisdiction.TIANJIN.value  # type: ignore[union-attr]


def test_an_elliptical_question_leans_on_the_whole_chain(engine: Engine) -> None:
    """"然后交啥" after "要先干啥" after the 主动终止 question: both earlier questions count."""
    send(engine, "兵团评价机构想主动终止备案")
    send(engine, "要先干啥")
    reply = send(engine, "然后交啥")

    assert reply.intent is Intent.POLICY and reply.covered
    assert regions_cited(reply) == {Jurisdiction.BINGTUAN.value}
    assert "终止备案" in reply.text.splitlines()[0]


def test_context_never_makes_a_question_too_long_to_search(engine: Engine) -> None:
    long_question = "兵团评价机构备案有效期满以后" + "还要继续开展评价工作的话" * 30 + "怎么续期?"
    send(engine, long_question)
    reply = send(engine, "那要提前多久交" + "呢" * 400)

    assert reply.intent is Intent.POLICY
    assert "太长" not in reply.text



def test_a_region_asking_how_it_rules_continues_the_last_question(engine: Engine) -> None:
    """"天津那边咋规定的" after a 兵团 renewal question asks 天津 the same thing; 天津's text
    sets no advance period, so the reply says so first."""
    send(engine, "兵团的机构续期得提前多久申请")
    reply = send(engine, "天津那边咋规定的")
    first = reply.text.splitlines()[0]
    assert "天津" in first and "没有规定" in first
    assert not reply.covered


def test_a_date_with_what_it_is_continues_a_deadline_question(engine: Engine) -> None:
    """"我们11.20考完的" after "兵团考完试档案得多久弄完": the date (written month.day) and
    what it is (考完) continue the archive question with its deadline computed."""
    send(engine, "兵团考完试档案得多久弄完")
    reply = send(engine, "我们11.20考完的")
    year = today_cn().year  # a month and day without a year are this year's
    assert f"{year}年11月20日" in reply.text
    assert f"{year}年12月20日" in reply.text


def test_does_that_region_have_such_a_rule_asks_the_last_question_there(engine: Engine) -> None:
    """"兵团那边有年限要求没" after a 内蒙古 retention question: 兵团's text sets no period."""
    send(engine, "内蒙古评价档案的纸质材料要保存几年")
    reply = send(engine, "兵团那边有年限要求没")
    first = reply.text.splitlines()[0]
    assert "兵团" in first and "没有规定" in first
    assert not reply.covered


def test_a_date_named_with_its_document_continues_a_time_limit_question(engine: Engine) -> None:
    """"决定书是…收到的" after "申辩有时间限制没": the date and what it is of (决定书) continue
    the question, and the 5-working-day branch is computed."""
    send(engine, "内蒙古机构对处理决定不服 申辩有时间限制没")
    reply = send(engine, "决定书是2026年11月24号收到的")
    assert reply.intent is Intent.DEADLINE
    assert "2026年11月24日" in reply.text and "2026年12月1日" in reply.text  # Tue + 5 working days

    send(engine, "兵团评价结束后档案多久内要整理好", user="tg:followup-exam")
    exam = send(engine, "考试是2026年11月27日结束的", user="tg:followup-exam")
    assert "2026年12月27日" in exam.text


def test_a_checklist_on_screen_is_the_subject_of_the_next_question(engine: Engine) -> None:
    """"只改个联系电话呢" after 兵团's checklist for a name change asks about 兵团, and "那内蒙古呢"
    shows 内蒙古's checklist."""
    send(engine, "我们机构改名了,兵团这边要交哪些材料")
    phone = send(engine, "只改个联系电话呢")
    assert ("bingtuan2025", 18) in {(c.doc_key, c.article) for c in phone.citations}
    assert "备案信息变更说明" in phone.text.splitlines()[0]

    send(engine, "我们机构改名了,兵团这边要交哪些材料", user="tg:followup-list")
    swapped = send(engine, "那内蒙古呢", user="tg:followup-list")
    assert swapped.intent is Intent.CHECKLIST
    assert swapped.text.startswith("内蒙古")


def test_what_does_that_region_require_asks_the_last_question_there(engine: Engine) -> None:
    send(engine, "兵团评价档案要保存几年")
    reply = send(engine, "内蒙古那边是啥要求")
    assert regions_cited(reply) == {Jurisdiction.NEIMENGGU.value}
    assert "不少于3年" in reply.text.splitlines()[0]


def test_a_swapped_question_names_the_new_region_once() -> None:
    """"天津市人社局…" for 内蒙古 is "内蒙古人社局…", not "内蒙古市人社局…" (whose 市人/社局 would
    become words of the question), and "内蒙古自治区" is one place, not two."""
    from bot.region_swap import swap_region

    assert swap_region("天津市人社局平时怎么抽查评价机构", Jurisdiction.NEIMENGGU) == "内蒙古人社局平时怎么抽查评价机构"
    assert swap_region("内蒙古自治区的规定是什么", Jurisdiction.TIANJIN) == "天津的规定是什么"
    assert swap_region("评价机构备案有效期几年", Jurisdiction.BINGTUAN) == "兵团评价机构备案有效期几年"


def test_how_does_that_region_do_it_asks_the_last_question_there(engine: Engine) -> None:
    """"内蒙古是怎么查的" after "天津…怎么抽查评价机构": 查 is the last question's verb, so it is
    that question for 内蒙古; "内蒙古是怎么发证的" asks something new."""
    send(engine, "天津市人社局平时怎么抽查评价机构")
    same = send(engine, "内蒙古是怎么查的")
    # Answered from 内蒙古's own 第三十八条: 天津's article, whose wording the swapped question
    # keeps (抽查), does not make 内蒙古's text look silent.
    assert same.covered
    assert first_cited(same) == ("neimenggu2024", 38)
    assert "日常督导" in same.text.splitlines()[0]

    send(engine, "天津市人社局平时怎么抽查评价机构", user="tg:followup-verb")
    new = send(engine, "内蒙古是怎么发证的", user="tg:followup-verb")
    assert "证书" in new.text.splitlines()[0]
    assert regions_cited(new) == {Jurisdiction.NEIMENGGU.value}


def test_x_de_hua_asks_the_last_question_of_x(engine: Engine) -> None:
    """"兵团的话" after a 内蒙古 question on changing contacts: 兵团's 第十八条(二)."""
    send(engine, "内蒙我们换了联系人和电话,要走啥手续")
    reply = send(engine, "兵团的话")
    assert regions_cited(reply) == {Jurisdiction.BINGTUAN.value}
    assert "备案信息变更说明" in reply.text


def test_not_accepting_a_decision_is_the_objection_time_limit(engine: Engine) -> None:
    """"处理决定我们不服,多久内得提出来" names no 申辩, yet a date that follows computes the
    objection deadline (5 working days after receipt in 内蒙古)."""
    send(engine, "内蒙这边人社给我们的处理决定我们不服,多久内得提出来")
    reply = send(engine, "决定是2026年11月24日收到的")
    assert reply.intent is Intent.DEADLINE
    assert "5个工作日" in reply.text and "2026年12月1日" in reply.text


def test_x_too_after_an_elliptical_question_asks_both_of_x(engine: Engine) -> None:
    """"天津也一样?" after "内蒙的评价资料纸质的要留几年" → "电子的呢": the last question leaned
    on the one before it, and both go to 天津 (第十九条: 纸质3年, 电子5年)."""
    send(engine, "内蒙的评价资料纸质的要留几年")
    send(engine, "电子的呢")
    reply = send(engine, "天津也一样?")
    assert regions_cited(reply) == {Jurisdiction.TIANJIN.value}
    assert "不少于3年" in reply.text and "不少于5年" in reply.text


def test_changing_a_contact_is_the_routine_information_checklist(engine: Engine) -> None:
    reply = send(engine, "兵团改个联系人电话要交啥材料")
    assert reply.intent is Intent.CHECKLIST
    assert "常规信息" in reply.text.splitlines()[0]
    swapped = send(engine, "那内蒙古呢,也交个说明就行?")
    assert swapped.text.startswith("内蒙古") and "书面申请" in swapped.text


def test_signing_a_document_is_a_policy_question_not_a_checklist(engine: Engine) -> None:
    reply = send(engine, "天津备案完了还要签啥文件吗")
    assert reply.intent is Intent.POLICY
    assert "承诺书" in reply.text.splitlines()[0]


def test_coming_to_look_on_site_is_the_on_site_assessment(engine: Engine) -> None:
    """"他们咋审的 要上门看吗" after a 天津 application question: 上门 is 现场 (评估, 考察),
    so the answer is 第十二条(二), not the conditions article again."""
    send(engine, "我们公司在天津,想申请当评价机构,材料交哪")
    reply = send(engine, "他们咋审的 要上门看吗")
    assert first_cited(reply) == ("tianjin2020", 12)
    assert "远程或现场评估" in reply.text.splitlines()[0]


@pytest.mark.parametrize("again", ["那要是在天津呢", "天津这块呢", "换天津看看", "天津有没有", "天津又是啥规定", "那在天津的话"])
def test_a_place_with_only_asking_words_asks_the_last_question_there(engine: Engine, again: str) -> None:
    """A message that names one region and otherwise only words that ask again (`swap_fillers`)
    is the last question for that region: 天津 第十九条 keeps 纸质3年 and 电子5年."""
    send(engine, "内蒙古评价档案要保存几年")
    reply = send(engine, again)
    assert regions_cited(reply) == {Jurisdiction.TIANJIN.value}
    assert "不少于3年" in reply.text.splitlines()[0]


def test_a_follow_up_with_few_words_of_its_own_is_judged_with_the_last_question(engine: Engine) -> None:
    """"那保存几年" after "兵团评价结束后档案多久整理完": 保存 alone matches any article, and 兵团
    第十条's "有效期为3年" used to answer it. Judged with the last question (档案), 兵团's text
    sets no retention period, and the reply says so."""
    send(engine, "兵团评价结束后档案多久整理完")
    reply = send(engine, "那保存几年")
    first = reply.text.splitlines()[0]
    assert not reply.covered and "兵团" in first and "没有规定" in first
    assert "有效期为3年" not in reply.text


def test_a_region_asked_again_is_silent_where_its_text_is(engine: Engine) -> None:
    """"天津这块呢" after 兵团's renewal window: 天津's 规程 sets no window, as "天津续期申请啥时候交"
    says. 兵团's own article is left out of that judgement (the question keeps its wording), but
    内蒙古's 第十五条 still shows that 天津's 遴选 article is only related."""
    user = "tg:followup-silent-swap"
    send(engine, "兵团续期申请啥时候交合适", user=user)
    reply = send(engine, "天津这块呢", user=user)
    assert not reply.covered
    assert reply.text.startswith("天津") and "没有规定" in reply.text.splitlines()[0]
    assert Jurisdiction.NEIMENGGU.value in regions_cited(reply)
    again = send(engine, "内蒙古呢", user=user)
    assert again.covered and regions_cited(again) == {Jurisdiction.NEIMENGGU.value}
    assert "3个月" in again.text.splitlines()[0]


def test_a_short_detail_follow_up_is_asked_of_the_article_just_quoted(engine: Engine) -> None:
    """"找哪个部门" after 内蒙古's 站点备案 answer (第十二条): that article names the body (盟市监管
    部门); a search on the two questions together ranks the 自治区 responsibilities (第七条) first."""
    user = "tg:followup-detail"
    send(engine, "我们是自治区级的机构,想到赤峰去组织认定,需要办什么", user=user)
    reply = send(engine, "找哪个部门", user=user)
    assert first_cited(reply) == ("neimenggu2024", 12)
    assert "盟市监管部门" in reply.text.splitlines()[0]


def test_an_elliptical_follow_up_asks_what_the_last_question_asked(engine: Engine) -> None:
    """"出卷子的专家呢" after "考评员一个工种最少几个" asks how many, so the lead is the count."""
    user = "tg:followup-slot"
    send(engine, "兵团考评员一个工种最少几个", user=user)
    reply = send(engine, "出卷子的专家呢", user=user)
    head = reply.text.splitlines()[0]
    assert "命题专家" in head and "不少于2人" in head


def test_a_what_happens_follow_up_finds_the_sanction(engine: Engine) -> None:
    """"过期了没续会咋样" after 兵团's validity answer: 第十九条 (自动终止备案), not 第十条 again."""
    user = "tg:followup-sanction"
    send(engine, "兵团备案有效期几年", user=user)
    reply = send(engine, "过期了没续会咋样", user=user)
    assert first_cited(reply) == ("bingtuan2025", 19)


def test_an_elliptical_question_naming_a_region_leans_on_the_last_one(engine: Engine) -> None:
    """"内蒙古能中途加不" after 兵团's question on adding occupations asks that of 内蒙古: its
    第十四条 (备案有效期内不得变更…确需变更的…书面申请), not whatever "能中途加不" alone finds."""
    user = "tg:followup-elsewhere"
    send(engine, "兵团机构想多评两个工种,要怎么弄", user=user)
    reply = send(engine, "内蒙古能中途加不", user=user)
    assert first_cited(reply) == ("neimenggu2024", 14)
    assert "书面申请" in reply.text.splitlines()[0]


def test_a_region_asked_again_is_searched_by_the_rule_just_quoted(engine: Engine) -> None:
    """"那内蒙古呢" after 兵团's 诚信管理制度 (第二十四条): the swapped question keeps 兵团's wording
    (诚信管理), which 内蒙古's 诚信承诺书 article matches best; what 兵团's rule said (激励, 重点监管,
    约束) finds 内蒙古's 第三十九条 (分类定级, 差异化监管)."""
    user = "tg:followup-analog"
    send(engine, "兵团评价机构的诚信管理是怎么搞的", user=user)
    reply = send(engine, "那内蒙古呢", user=user)
    assert first_cited(reply) == ("neimenggu2024", 39)
    assert "差异化监管" in reply.text.splitlines()[0]


def test_a_region_asked_again_while_a_started_check_waits_asks_the_question_there(engine: Engine) -> None:
    """"那天津呢" after an eligibility question that started the guided check: the question
    for 天津, not "请从按钮中选择"; a typed choice still answers the check."""
    send(engine, "我们是个事业单位 在内蒙能申报评价机构不", user="elig-swap")
    swapped = send(engine, "那天津呢?", user="elig-swap")
    assert "请从按钮中选择" not in swapped.text
    assert swapped.citations[0].jurisdiction == Jurisdiction.TIANJIN.value  # 天津's own text first

    send(engine, "我们是个事业单位 在内蒙能申报评价机构不", user="elig-typed")
    concluded = send(engine, "2", user="elig-typed")
    assert "不符合条件" in concluded.text.splitlines()[0]


def test_a_regions_silence_is_shown_before_the_check_it_starts(engine: Engine) -> None:
    reply = send(engine, "我们是个事业单位 在天津能申报评价机构不", user="elig-silent")
    assert reply.text.startswith("天津:") and "没有规定" in reply.text.splitlines()[0]
    assert not reply.covered
    assert "贵单位属于哪类申请主体" in reply.text


def test_a_follow_up_without_the_laws_words_is_composed_by_the_last_questions(engine: Engine) -> None:
    # "在哪能查到" names nothing of 第十一条: the last question (备案结果, 公布) picks step (四).
    send(engine, "内蒙备案结果一般啥时候公布", user="wordless")
    reply = send(engine, "在哪能查到", user="wordless")
    assert first_cited(reply) == ("neimenggu2024", 11)
    assert "技能人才评价工作网" in reply.text.splitlines()[0]


def test_another_regions_validity_period_is_no_lead_time_for_a_renewal_follow_up(engine: Engine) -> None:
    # 天津's 备案有效期为3年 is how long a filing lasts; 天津 sets no renewal lead time.
    send(engine, "兵团这边备案快到期了 续期申请得提前多久交啊", user="lead-time")
    reply = send(engine, "那天津呢,也是提前3个月?", user="lead-time")
    first = reply.text.splitlines()[0]
    assert first.startswith("天津:") and "没有规定" in first
    assert not reply.covered
