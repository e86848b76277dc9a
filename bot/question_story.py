"""The story a message tells before it asks, set apart from the ask.

Messenger users often explain first ("我刚调到盟人社局,科长让我牵头搞个专项督导,说是有人反映他们
考场松。我以前没弄过,想先问问:…最少要几个督导员?"). The story's words are background: they must
not refuse the question (社保), silence a region's text (辖区) or say what is asked for (十几年).
The question analysis splits the message once (`Question.story`); the answerer reads the ask.
"""

from __future__ import annotations

import re

from bot.question_text import ask_marker, reported_question, similar_ask
from bot.slots import asks

__all__ = ["story_and_ask"]

# A sentence of the message: its words up to and with its closing marks.
_SENTENCE = re.compile(r"[^。!！??;；\n]+[。!！??;；\n]*")
_ASKING_END = re.compile(r"[??]\s*$")
# A sentence closed by a full stop tells ("也有几家公司。"), unless a particle before it asks
# or it reports a question ("领导问我评优秀有啥好处。").
_TELLING_END = re.compile(r"(?<![吗呢么嘛])[。!！]+\s*$")
_NO_WORDS = re.compile(r"[\W_]+")


def _asking(sentence: str) -> bool:
    """Whether a sentence of the message asks (see `_TELLING_END`)."""
    if _ASKING_END.search(sentence):
        return True
    return asks(sentence) and (not _TELLING_END.search(sentence) or reported_question().search(sentence) is not None)


def story_and_ask(message: str) -> tuple[str, str]:
    """(the story told first, the ask) of a message that tells what happened before asking
    ("我们是乌兰察布一家培训公司,这两年生源太少,老板决定不做认定了。内蒙这边主动退出要怎么办?").
    The ask starts at the first sentence that asks (a question mark, or a way of asking from
    `slots.yaml` in a sentence no full stop closes), or after an asking phrase inside it
    ("想先问问:"); ("", message) when nothing precedes it or no sentence asks."""
    sentences = [m.group(0) for m in _SENTENCE.finditer(message)]
    asking = next((i for i, s in enumerate(sentences) if _asking(s)), None)
    if asking is None:
        return "", message
    if similar_ask().search(sentences[asking]):
        # "…办法里也有类似的吗?搞认定的专职人员能报考不": the question after it says what (a
        # last sentence no full stop closes asks, whatever its wording).
        last = len(sentences) - 1
        later = (i for i in range(asking + 1, len(sentences)) if _asking(sentences[i]) or (i == last and not _TELLING_END.search(sentences[i])))
        asking = next(later, asking)
    start = sum(len(s) for s in sentences[:asking])
    end = start + len(sentences[asking])
    markers = list(ask_marker().finditer(message, start, end))
    marker = markers[-1] if markers else None
    if marker is not None and _NO_WORDS.sub("", message[marker.end() : end]):
        start = marker.end()
    story, ask = message[:start], message[start:]
    if not _NO_WORDS.sub("", ask_marker().sub("", story)):
        return "", message  # "请问兵团…": no story, only a polite opening
    return story, ask

