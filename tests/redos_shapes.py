"""Pathological inputs for the regexes that read user text, built from each pattern's own words.

Catastrophic backtracking needs a string the pattern almost matches many ways: one of its own
literals repeated ("哈哈哈…", "吧了吧了…", "AB111…") and then a character that makes the match
fail at the end. `fragments` pulls the literal runs out of a pattern's source, `shapes` repeats
them up to a length and adds failing tails, and `user_patterns` lists every compiled pattern a
chat message or a CLI argument reaches in the router, dates, regions, text normalisation, agency
lookup and registry validators. Used by tests/test_redos.py and benchmarks/bench_pathological.py.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

TAILS = ("", "x", "!", "1", "?", " ", "X")
GENERIC = ("1", "a", "A", " ", "-", "?", ",", "。", "“", "的", "十", "〇", "年", "月", "\n")
_LITERAL = re.compile(r"(?<!\\)(?:\\[\\.?*+()\[\]{}|^$-]|[^\\\[\](){}|?*+^$.])+")


def fragments(source: str) -> list[str]:
    """Literal runs of a pattern (outside character classes and escapes), whole and per char."""
    found: list[str] = []
    plain = re.sub(r"\[[^\]]*\]|\\[dDsSwWbB]|\(\?P?<[^>]*>|\(\?[:=!<>a-zA-Z]*|\{\d*,?\d*\}", "|", source)
    for run in _LITERAL.findall(plain):
        run = re.sub(r"\\(.)", r"\1", run)
        for piece in (run, run[:1], run[-1:], run[-2:]):
            if piece and piece not in found:
                found.append(piece)
    return found + [g for g in GENERIC if g not in found]


def shapes(source: str, length: int) -> Iterator[str]:
    """Each fragment (and each neighbouring pair) repeated to about `length`, with failing tails."""
    parts = fragments(source)
    units = parts + [a + b for a, b in zip(parts, parts[1:], strict=False)]
    for unit in units:
        body = unit * max(1, length // len(unit))
        for tail in TAILS:
            yield body + tail
            yield "AB" + body + tail


def cpu_seconds(pattern: re.Pattern[str], text: str) -> float:
    """CPU time of search, match and fullmatch: process time, so a loaded machine does not count."""
    start = time.process_time()
    pattern.search(text)
    pattern.match(text)
    pattern.fullmatch(text)
    return time.process_time() - start


def user_patterns() -> dict[str, re.Pattern[str]]:
    """Every compiled pattern that user text or a command-line argument reaches, by name."""
    from bot import dates, intents, question_story, slots, sources
    from db import filing_number, reference, rows, scope
    from retrieval import regions, textnorm
    from tools import agency_lookup, workdays

    found: dict[str, re.Pattern[str]] = {}
    tables = intents._tables()
    found |= {f"intents.yaml cue {k}": v for k, v in tables.cues.items()}
    found |= {f"intents.yaml typo {i}": p for i, (p, _) in enumerate(tables.typos)}
    found |= {f"intents.yaml frame {i}": p for i, p in enumerate(tables.frames)}
    found |= {f"intents.yaml agency {k}": v for k, v in tables.agency.items()}
    for name in ("procedures", "applicant_types", "deadline_events", "roles"):
        found[f"intents.yaml {name}"] = getattr(tables, name)
    found |= {f"intents.yaml procedure family {name}": cue for name, cue, _ in tables.families}
    found |= {f"dates {p.name}": p.regex for p in dates._patterns()}
    found |= {f"regions compiled {i}": p for i, p in enumerate(regions._compiled())}
    found |= _question_patterns()
    modules = (intents, dates, sources, slots, question_story, regions, textnorm, agency_lookup, filing_number, rows, scope, reference, workdays)
    for module in modules:
        for name, value in vars(module).items():
            values = value if isinstance(value, tuple) else (value,)
            for i, item in enumerate(values):
                if isinstance(item, re.Pattern):
                    found[f"{module.__name__}.{name}{'' if len(values) == 1 else i}"] = item
    return found


def _question_patterns() -> dict[str, re.Pattern[str]]:
    """The question analysis's tables that read the user's question: question.yaml, slots.yaml,
    the `asked` cues of shapes.yaml, scope.yaml and issued.yaml. (The composer's own patterns and the
    `figure` shapes read only the corpus's sentences.)"""
    from bot import issued, question, question_text, scope, shapes, slots

    found: dict[str, re.Pattern[str]] = {}
    tables = question.cue_tables()
    for name in ("pronoun", "agency_state", "bare_date_rest", "self_agency", "occupation", "not_occupation", "level_words", "list_ask", "list_not", "next_step", "like_it"):
        found[f"question.yaml {name}"] = getattr(tables, name)
    found |= {f"question.yaml swap {i}": p for i, p in enumerate(tables.swap)}
    found |= {f"question.yaml aspect {k}{i}": p for i, (k, p) in enumerate(tables.aspects)}
    found |= {f"question.yaml list kind {k}": p for k, p in tables.list_kinds}
    found["question.yaml elliptical_cue"] = re.compile(tables.raw["followup"]["elliptical_cue"])
    found["question.yaml new_subject"] = re.compile(tables.raw["followup"]["new_subject"])
    for row in slots._table():
        for strength, pattern in (("strong", row.strong), ("weak", row.weak)):
            if pattern is not None:
                found[f"slots.yaml {row.slot} {strength}"] = pattern
    for slot, rows in shapes.shapes().units.items():
        for i, row in enumerate(rows):
            found[f"shapes.yaml {slot} asked {i}"] = row.asked
    for entry in scope._out_of_scope():
        found[f"scope.yaml {entry.topic}"] = entry.pattern
        if entry.unless is not None:
            found[f"scope.yaml {entry.topic} unless"] = entry.unless
    found["slots.yaml asking cues"] = slots._asking()
    from bot import question_parts  # noqa: PLC0415
    from retrieval import expansion  # noqa: PLC0415

    found |= {f"question.yaml parts {k}": v for k, v in vars(question_parts.cues()).items()}

    for i, row in enumerate(expansion._table()):
        if row.pattern is not None:
            found[f"synonyms.yaml pattern {i}"] = row.pattern
    found |= {f"issued.yaml {key}": value for key, value in vars(issued._cues()).items()}
    found |= {f"question.yaml {name}": value for name, value in question_text._patterns().items()}
    found |= {f"shapes.yaml reserved {key}": asked for key, asked in shapes.shapes().reserved.items()}
    for name in ("text_named", "skips_ahead"):
        if (pattern := getattr(shapes.shapes(), name)) is not None:
            found[f"shapes.yaml {name}"] = pattern
    if shapes.shapes().purpose_asked is not None:
        found["shapes.yaml purpose asked"] = shapes.shapes().purpose_asked
    found |= {f"bot.slots.{name}": value for name, value in vars(slots).items() if isinstance(value, re.Pattern)}
    return found
