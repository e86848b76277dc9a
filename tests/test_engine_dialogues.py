"""Guided dialogues through the conversation engine: eligibility, deadlines, checklists.

The tests press the buttons the engine offers and type what a user would type,
then check the questions asked, the verdicts and their citations. Dialogue
state lives in the database, so the tests also restart the engine mid-dialogue,
let a new question interrupt a dialogue, and check that one user's dialogue
never leaks into another's, and that stale or forged buttons are met politely.
"""

from __future__ import annotations

import pytest

from bot import texts
from bot.engine import Engine
from bot.messages import Intent, Reply, UserInput
from db.session import dispose_engine


@pytest.fixture
def chat_engine(engine_on_each_database: Engine) -> Engine:
    """These behaviours live in the database: run them on SQLite and on PostgreSQL."""
    return engine_on_each_database

USER = "tg:1"
OTHER = "tg:2"
YES = "an:eligibility:yes"
UNSURE = "an:eligibility:unsure"
RENEWAL_DATE_PROMPT = "请发送备案有效期届满日"


# The last reply each user saw: pressing "an:eligibility:yes" presses that value's button on it,
# whose payload also names the question it belongs to ("an:eligibility:yes:3"). A value with
# no such button on the latest message is sent untagged, as a stale or forged button would be.
_LAST: dict[str, Reply] = {}


def _seen(user: str, reply: Reply) -> Reply:
    _LAST[user] = reply
    return reply


def say(engine: Engine, text: str = "", *, user: str = USER, command: str | None = None) -> Reply:
    return _seen(user, engine.handle(UserInput(user_id=user, text=text, command=command)))


def press(engine: Engine, payload: str, *, user: str = USER) -> Reply:
    last = _LAST.get(user)
    if payload.startswith("an:") and last is not None:
        tagged = [b.payload for row in last.buttons for b in row if b.payload.startswith(payload + ":")]
        payload = tagged[0] if tagged else payload
    return _seen(user, engine.handle(UserInput(user_id=user, callback=payload)))


def tag_of(reply: Reply) -> str:
    """The question tag of a reply's answer buttons."""
    return next(b.payload.rsplit(":", 1)[1] for row in reply.buttons for b in row if b.payload.startswith("an:"))


def payloads(reply: Reply) -> list[str]:
    """Button payloads, answer buttons without their question tag."""
    return [
        button.payload.rsplit(":", 1)[0] if button.payload.startswith("an:") else button.payload
        for row in reply.buttons
        for button in row
    ]


def labels(reply: Reply) -> list[str]:
    return [button.label for row in reply.buttons for button in row]


def start_eligibility(engine: Engine, region: str, kind: str, *, user: str = USER) -> Reply:
    """/eligibility, then the region and applicant-type buttons; returns the first rule question."""
    first = say(engine, command="eligibility", user=user)
    assert f"an:eligibility:{region}" in payloads(first)
    second = press(engine, f"an:eligibility:{region}", user=user)
    assert f"an:eligibility:{kind}" in payloads(second)
    return press(engine, f"an:eligibility:{kind}", user=user)


def start_renewal_deadline(engine: Engine, region: str = "neimenggu", *, user: str = USER) -> Reply:
    """/deadline, region, 续期备案申请; returns the date question."""
    say(engine, command="deadline", user=user)
    press(engine, f"an:deadline:{region}", user=user)
    return press(engine, "an:deadline:renewal", user=user)


# ---------------------------------------------------------------- eligibility


def test_eligibility_by_buttons_reaches_a_cited_verdict(chat_engine: Engine) -> None:
    reply = start_eligibility(chat_engine, "tianjin", "social_org")
    asked = []
    while reply.state is not None and len(asked) < 40:
        assert YES in payloads(reply), reply.text
        asked.append(reply.text)
        reply = press(chat_engine, YES)

    assert reply.state is None, "the dialogue never ended"
    assert len(asked) == len(set(asked)), "a question was asked twice"
    assert reply.intent is Intent.ELIGIBILITY
    assert reply.text.startswith("结论:符合")
    assert "《天津市职业技能等级认定工作规程(试行)》第" in reply.text


def test_a_disqualifying_answer_gives_a_negative_verdict(chat_engine: Engine) -> None:
    reply = start_eligibility(chat_engine, "neimenggu", "employer")
    assert "an:eligibility:government" in payloads(reply)

    verdict = press(chat_engine, "an:eligibility:government")

    assert verdict.state is None
    assert verdict.text.startswith("结论:不符合")
    assert "《内蒙古自治区职业技能等级认定实施办法》第十条" in verdict.text


def test_unsure_answer_never_yields_a_positive_verdict(chat_engine: Engine) -> None:
    reply = start_eligibility(chat_engine, "tianjin", "social_org")
    for _ in range(40):
        if reply.state is None:
            break
        reply = press(chat_engine, UNSURE if UNSURE in payloads(reply) else payloads(reply)[0])

    assert reply.state is None
    assert reply.text.startswith("结论:还需要更多信息")
    assert "符合文本所列条件" not in reply.text


def test_back_button_asks_the_previous_question_again(chat_engine: Engine) -> None:
    first = start_eligibility(chat_engine, "tianjin", "social_org")
    second = press(chat_engine, YES)
    assert second.text != first.text and "bk:eligibility" in payloads(second)

    back = press(chat_engine, "bk:eligibility")

    assert back.text == first.text
    assert back.state == first.state
    after = press(chat_engine, YES)
    assert after.text == second.text


def test_back_from_the_first_rule_question_returns_to_applicant_type(chat_engine: Engine) -> None:
    start_eligibility(chat_engine, "tianjin", "social_org")

    back = press(chat_engine, "bk:eligibility")

    assert back.state == "eligibility:applicant_type"
    assert "an:eligibility:social_org" in payloads(back)


@pytest.mark.parametrize("how", ["command", "button", "text"])
def test_cancel_ends_the_dialogue(chat_engine: Engine, how: str) -> None:
    start_eligibility(chat_engine, "tianjin", "social_org")

    if how == "command":
        cancelled = say(chat_engine, command="cancel")
    elif how == "button":
        cancelled = press(chat_engine, "cx")
    else:
        cancelled = say(chat_engine, "取消")

    assert cancelled.text == texts.CANCELLED
    assert press(chat_engine, YES).text == texts.STALE_BUTTON
    assert say(chat_engine, command="cancel").text == texts.NOTHING_TO_CANCEL


def test_typed_answers_work_like_buttons(chat_engine: Engine) -> None:
    by_button = start_eligibility(chat_engine, "tianjin", "social_org", user="tg:a")
    next_by_button = press(chat_engine, YES, user="tg:a")
    start_eligibility(chat_engine, "tianjin", "social_org", user="tg:b")

    next_by_text = say(chat_engine, "是", user="tg:b")

    assert by_button.state == "eligibility:question"
    assert next_by_text.text == next_by_button.text


@pytest.mark.parametrize("dialogue", ["eligibility", "deadline", "checklist"])
def test_region_can_be_typed_instead_of_pressed(chat_engine: Engine, dialogue: str) -> None:
    asked = say(chat_engine, command=dialogue)
    assert asked.state == f"{dialogue}:jurisdiction"

    reply = say(chat_engine, "内蒙古")

    assert reply.state is not None and reply.state != asked.state
    assert "请从按钮中选择地区" not in reply.text


# ---------------------------------------------------------------- deadlines


def test_deadline_question_in_free_text_is_answered_at_once(chat_engine: Engine) -> None:
    reply = say(chat_engine, "我们2023年5月10日在内蒙古备案的,什么时候要续期?")

    assert reply.intent is Intent.DEADLINE
    assert reply.state is None  # nothing left to ask
    assert "2026年5月10日" in reply.text  # expiry derived from the filing date
    assert "2026年2月11日至2026年5月10日" in reply.text  # the renewal window
    assert ("neimenggu2024", 15) in {(h.doc_key, h.article) for h in reply.citations}
    assert "src:neimenggu2024:15" in payloads(reply)


def test_deadline_dialogue_asks_region_then_event_then_date(chat_engine: Engine) -> None:
    region_q = say(chat_engine, command="deadline")
    assert region_q.state == "deadline:jurisdiction" and "内蒙古" in labels(region_q)

    event_q = press(chat_engine, "an:deadline:neimenggu")
    assert event_q.state == "deadline:event" and "续期备案申请" in labels(event_q)

    date_q = press(chat_engine, "an:deadline:renewal")
    # The rule in the text's words comes first, then the date that would place it.
    first, prompt = date_q.text.split("\n", 1)
    assert date_q.state == "deadline:date" and prompt.startswith("要算出具体日期," + RENEWAL_DATE_PROMPT)
    assert first.startswith("内蒙古:") and "应于有效期满3个月内" in first
    assert ("neimenggu2024", 15) in {(h.doc_key, h.article) for h in date_q.citations}

    answer = say(chat_engine, "2026年5月10日")
    assert answer.state is None
    assert "2026年2月11日至2026年5月10日" in answer.text
    assert ("neimenggu2024", 15) in {(h.doc_key, h.article) for h in answer.citations}


@pytest.mark.parametrize("bad", ["2月30日", "2026年2月30日", "明年13月1日", "abc"])
def test_impossible_date_is_explained_and_the_question_repeated(
    chat_engine: Engine, bad: str
) -> None:
    date_q = start_renewal_deadline(chat_engine)

    reply = say(chat_engine, bad)

    assert reply.state == date_q.state == "deadline:date"
    assert reply.text.endswith(date_q.text)
    problem = reply.text.removesuffix(date_q.text).strip()
    assert problem and problem != date_q.text
    follow_up = say(chat_engine, "2026年5月10日")
    assert "2026年2月11日至2026年5月10日" in follow_up.text


def test_impossible_date_names_the_problem(chat_engine: Engine) -> None:
    start_renewal_deadline(chat_engine)

    reply = say(chat_engine, "2026年2月30日")

    assert "2月30日不存在" in reply.text


def test_back_button_in_deadline_returns_to_the_event_question(chat_engine: Engine) -> None:
    start_renewal_deadline(chat_engine)

    back = press(chat_engine, "bk:deadline")

    assert back.state == "deadline:event"


# ---------------------------------------------------------------- checklists


def open_checklist(engine: Engine, *, user: str = USER) -> Reply:
    say(engine, command="checklist", user=user)
    press(engine, "an:checklist:neimenggu", user=user)
    return press(engine, "an:checklist:renewal", user=user)


def test_checklist_is_shown_with_tick_buttons_and_citations(chat_engine: Engine) -> None:
    region_q = say(chat_engine, command="checklist")
    assert region_q.state == "checklist:jurisdiction"

    shown = open_checklist(chat_engine)

    assert shown.intent is Intent.CHECKLIST and not shown.edit
    assert "续期备案" in shown.text
    assert ("neimenggu2024", 15) in {(h.doc_key, h.article) for h in shown.citations}
    ticks = [p for p in payloads(shown) if p.startswith("ck:")]
    assert ticks and all(label.startswith("☐") for label in labels(shown))


def test_ticking_edits_the_list_and_is_kept_per_user(chat_engine: Engine) -> None:
    shown = open_checklist(chat_engine)
    second_item = [p for p in payloads(shown) if p.startswith("ck:")][1]

    ticked = press(chat_engine, second_item)

    assert ticked.edit is True
    assert labels(ticked)[1].startswith("☑") and labels(ticked)[0].startswith("☐")
    assert "☑ 2." in ticked.text
    again = open_checklist(chat_engine)
    assert labels(again)[1].startswith("☑")
    other = open_checklist(chat_engine, user=OTHER)
    assert all(label.startswith("☐") for label in labels(other))
    assert "☑" not in other.text


def test_ticking_twice_unticks(chat_engine: Engine) -> None:
    shown = open_checklist(chat_engine)
    first_item = [p for p in payloads(shown) if p.startswith("ck:")][0]

    press(chat_engine, first_item)
    unticked = press(chat_engine, first_item)

    assert labels(unticked)[0].startswith("☐")


# ---------------------------------------------------------------- restarts and interruptions


def test_dialogue_survives_an_engine_restart(chat_engine: Engine) -> None:
    first = start_eligibility(chat_engine, "tianjin", "social_org")

    dispose_engine(chat_engine.database_url)  # drop pooled connections, as a new process would
    restarted = Engine(chat_engine.settings, database_url=chat_engine.database_url)
    reply = press(restarted, YES)

    assert reply.state == "eligibility:question"
    assert reply.text != first.text  # the answer was accepted: the next question is asked


def test_deadline_date_typed_after_a_restart_is_accepted(chat_engine: Engine) -> None:
    start_renewal_deadline(chat_engine)

    dispose_engine(chat_engine.database_url)
    restarted = Engine(chat_engine.settings, database_url=chat_engine.database_url)
    answer = say(restarted, "2026年5月10日")

    assert answer.intent is Intent.DEADLINE
    assert "2026年2月11日至2026年5月10日" in answer.text


def test_new_question_mid_dialogue_is_answered_and_the_dialogue_resumes(
    chat_engine: Engine,
) -> None:
    date_q = start_renewal_deadline(chat_engine)

    answer = say(chat_engine, "天津评价机构资料保管多少年?")

    assert answer.intent is Intent.POLICY and answer.covered
    assert ("tianjin2020", 19) in {(h.doc_key, h.article) for h in answer.citations}
    assert date_q.text not in answer.text
    resumed = say(chat_engine, "2026年5月10日")
    assert resumed.intent is Intent.DEADLINE
    assert "2026年2月11日至2026年5月10日" in resumed.text


def test_new_question_mid_eligibility_lets_go_and_buttons_still_work(chat_engine: Engine) -> None:
    first = start_eligibility(chat_engine, "tianjin", "social_org")

    answer = say(chat_engine, "内蒙古评价机构备案有效期是几年?")
    resumed = press(chat_engine, f"{YES}:{tag_of(first)}")  # the button on the question message

    assert answer.intent is Intent.POLICY and "3年" in answer.text
    assert resumed.state == "eligibility:question" and resumed.text != first.text


# ---------------------------------------------------------------- stale, forged, private


@pytest.mark.parametrize(
    "payload",
    [
        "zz:1",
        "ck:nosuch:1",
        "ck:neimenggu.renewal:99",
        "ck:neimenggu.renewal",
        "an:eligibility:bogus",
        "an:nosuch:1",
        "bk:eligibility",
        "bk:nosuch",
        "an:",
        "an",
        ":",
        "",
        "rg:mars",
        "rl:",
        "st:",
    ],
)
def test_stale_or_forged_buttons_get_the_polite_stale_text(
    chat_engine: Engine, payload: str
) -> None:
    reply = press(chat_engine, payload)

    assert reply.text == texts.STALE_BUTTON
    assert reply.covered is False


def test_forged_answer_inside_a_dialogue_is_asked_again(chat_engine: Engine) -> None:
    question = start_eligibility(chat_engine, "tianjin", "social_org")

    reply = press(chat_engine, f"an:eligibility:bogus:{tag_of(question)}")

    assert reply.state == question.state
    assert reply.text.endswith(question.text) and reply.text != question.text


def test_answer_button_of_an_earlier_question_is_stale(chat_engine: Engine) -> None:
    first = start_eligibility(chat_engine, "tianjin", "social_org")
    second = press(chat_engine, YES)
    assert second.state == "eligibility:question" and second.text != first.text

    reply = press(chat_engine, f"{YES}:{tag_of(first)}")  # 是 on the first question's message

    assert reply.text == texts.STALE_BUTTON


def test_button_of_a_finished_dialogue_is_stale(chat_engine: Engine) -> None:
    say(chat_engine, "我们2023年5月10日在内蒙古备案的,什么时候要续期?")

    assert press(chat_engine, "an:deadline:renewal").text == texts.STALE_BUTTON
    assert press(chat_engine, "bk:deadline").text == texts.STALE_BUTTON


def test_users_never_see_each_others_dialogue(chat_engine: Engine) -> None:
    mine = start_eligibility(chat_engine, "tianjin", "social_org", user=USER)

    assert press(chat_engine, YES, user=OTHER).text == texts.STALE_BUTTON
    assert press(chat_engine, "bk:eligibility", user=OTHER).text == texts.STALE_BUTTON
    assert say(chat_engine, command="cancel", user=OTHER).text == texts.NOTHING_TO_CANCEL
    their_typing = say(chat_engine, "是", user=OTHER)
    assert their_typing.state is None

    reply = press(chat_engine, YES, user=USER)
    assert reply.state == "eligibility:question" and reply.text != mine.text


def test_two_users_in_different_dialogues_keep_their_own_steps(chat_engine: Engine) -> None:
    start_renewal_deadline(chat_engine, user=USER)
    start_eligibility(chat_engine, "tianjin", "social_org", user=OTHER)

    mine = say(chat_engine, "2026年5月10日", user=USER)
    theirs = press(chat_engine, YES, user=OTHER)

    assert mine.intent is Intent.DEADLINE and "2026年2月11日" in mine.text
    assert theirs.intent is Intent.ELIGIBILITY and theirs.state == "eligibility:question"


def test_deadline_question_without_a_date_states_the_rule_first(chat_engine: Engine) -> None:
    reply = say(chat_engine, "我们在兵团,备案快到期了,续期申请啥时候交合适")

    assert reply.state == "deadline:date"
    assert "应于有效期满3个月前" in reply.text.splitlines()[0]
    assert RENEWAL_DATE_PROMPT in reply.text
    assert ("bingtuan2025", 10) in {(h.doc_key, h.article) for h in reply.citations}


def test_region_named_instead_of_a_date_moves_the_time_limit_there(chat_engine: Engine) -> None:
    say(chat_engine, "我们在兵团,备案快到期了,续期申请啥时候交合适")

    moved = say(chat_engine, "内蒙古那边是啥要求")
    assert moved.state == "deadline:date"
    assert moved.text.startswith("内蒙古:") and "应于有效期满3个月内" in moved.text
    assert "没有识别出日期" not in moved.text

    # 天津's text sets no renewal window: said at once, no date asked for, not covered.
    unstated = say(chat_engine, "天津呢")
    assert unstated.state is None and not unstated.covered
    assert "没有规定续期" in unstated.text and "请发送" not in unstated.text

    # The dialogue kept the region it moved to: a date now computes 内蒙古's window.
    say(chat_engine, "我们在兵团,备案快到期了,续期申请啥时候交合适")
    say(chat_engine, "内蒙古那边是啥要求")
    answer = say(chat_engine, "2026年5月10日")
    assert "2026年2月11日至2026年5月10日" in answer.text


def test_a_legal_form_stated_in_the_question_is_not_asked_again(chat_engine: Engine) -> None:
    """"事业单位下属的培训中心" in 内蒙古: 第十条 bars 事业单位, so the check concludes at once
    instead of asking which kind of body the applicant is."""
    reply = say(chat_engine, "我们是内蒙一家事业单位下属的培训中心,能报评价机构不?")
    assert reply.intent is Intent.ELIGIBILITY and reply.state is None
    first = reply.text.splitlines()[0]
    assert first.startswith("结论:不符合条件")
    # Why, on the line a user reads: the text's own words and where they stand.
    assert "不能申报" in first and "第十条" in first
    assert reply.citations[0].doc_key == "neimenggu2024" and reply.citations[0].article == 10


def test_every_stated_legal_form_is_a_choice_of_the_eligibility_table() -> None:
    """bot/intents.yaml `legal_forms` answers the rule table's legal_form question: a key the
    table does not offer would be an answer no rule can read."""
    import yaml

    from tools.eligibility import eligibility_table

    from bot.intents import TABLE_PATH

    stated = yaml.safe_load(TABLE_PATH.read_text(encoding="utf-8"))["legal_forms"]
    question = next(q for q in eligibility_table().questions if q.field == "legal_form")
    assert set(stated) <= {code for code, _ in question.choices}


def test_relative_dates_count_from_as_of_date(chat_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """AS_OF_DATE fixes the day answers are counted from (an evaluation written on 2026-12-01
    reproduces on any later day): "前天" is 2026-11-29, a Sunday, so the fifth working day
    after it is Friday 2026-12-04."""
    from config import get_settings

    monkeypatch.setenv("AS_OF_DATE", "2026-12-01")
    get_settings.cache_clear()
    try:
        say(chat_engine, "内蒙古这边对处理决定有异议,几天内要提出申辩", user="tg:as-of")
        reply = say(chat_engine, "前天收到的决定", user="tg:as-of")
    finally:
        monkeypatch.delenv("AS_OF_DATE")
        get_settings.cache_clear()
    assert "2026年11月29日" in reply.text and "2026年12月4日" in reply.text.splitlines()[0]


def test_a_month_without_a_day_gives_the_range_and_asks_for_the_day(
    chat_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """"我们明年3月到期": computed from 3月1日 the deadline would be today, from 3月31日 a month
    away, so both are said and the day asked for; "3月20号" then means March of that year."""
    from config import get_settings

    monkeypatch.setenv("AS_OF_DATE", "2026-12-01")
    get_settings.cache_clear()
    try:
        say(chat_engine, "兵团续期申请啥时候交", user="tg:month-only")
        ranged = say(chat_engine, "我们明年3月到期", user="tg:month-only")
        exact = say(chat_engine, "3月20号", user="tg:month-only")
    finally:
        monkeypatch.delenv("AS_OF_DATE")
        get_settings.cache_clear()
    head = ranged.text.splitlines()[0]
    assert "2026年12月1日" in head and "2026年12月31日" in head and "已过" not in ranged.text
    assert "2027年3月20日" in exact.text and "2026年12月20日" in exact.text.splitlines()[0]


def test_a_month_without_a_day_where_the_text_sets_no_window_says_so(chat_engine: Engine) -> None:
    """天津's 规程 sets no renewal window: a month-only expiry date changes nothing, the reply
    says so at once (covered false) rather than asking for the day."""
    reply = say(chat_engine, "天津我们机构2027年3月到期,续期得提前多久交", user="tg:month-tianjin")
    assert not reply.covered
    assert "没有规定" in reply.text.splitlines()[0] and "只给了月份" not in reply.text
