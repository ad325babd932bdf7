"""Precision and recall of the plan reader against a hand-written list of a plan's goals.

A found goal matches an expected one when kind, metric, target and window agree and
the two texts share most of their words; each goal matches at most once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

MIN_TEXT_OVERLAP = 0.5


@dataclass(frozen=True)
class Score:
    found: int
    expected: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    def __str__(self) -> str:
        return (
            f"precision {self.precision:.2f} ({self.matched}/{self.found}), "
            f"recall {self.recall:.2f} ({self.matched}/{self.expected})"
        )


def _key(goal: dict) -> tuple:
    target = goal["target"]
    return goal["kind"], goal["metric"], None if target is None else float(target), goal["window_days"]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def text_overlap(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' words."""
    words_a, words_b = _words(a), _words(b)
    union = words_a | words_b
    return len(words_a & words_b) / len(union) if union else 1.0


def score(found: Sequence[dict], expected: Sequence[dict]) -> tuple[Score, list[dict], list[dict]]:
    """The score, the found goals that matched nothing and the expected goals missed."""
    unmatched = list(found)
    missed = []
    for goal in expected:
        candidates = [
            (text_overlap(goal["text"], f["text"]), index) for index, f in enumerate(unmatched) if _key(f) == _key(goal)
        ]
        best = max(candidates, default=(0.0, -1))
        if best[0] >= MIN_TEXT_OVERLAP:
            unmatched.pop(best[1])
        else:
            missed.append(goal)
    matched = len(expected) - len(missed)
    return Score(len(found), len(expected), matched), unmatched, missed


# --- The corpus of real plans (tests/fixtures/plans, split.json) ----------------------

PLANS_DIR = Path(__file__).parent / "fixtures" / "plans"
SOURCE_PREFIX = "# source:"
MIN_PAIRING = 0.6  # share of the shorter text's words two goal texts must have in common
HALF = ("count", "level")  # expected kinds a milestone earns half a point for


def plan_text(stem: str) -> str:
    """A corpus plan's text without its first line, the source address."""
    text = (PLANS_DIR / f"{stem}.txt").read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    return rest if first.startswith(SOURCE_PREFIX) else text


def expected_goals(stem: str) -> list[dict]:
    return json.loads((PLANS_DIR / f"{stem}.expected.json").read_text(encoding="utf-8"))


def corpus_split() -> dict[str, list[str]]:
    """{"original": [...], "training": [...], "held_out": [...]}, as recorded once."""
    split = json.loads((PLANS_DIR / "split.json").read_text(encoding="utf-8"))
    return {half: split[half] for half in ("original", "training", "held_out")}


@dataclass(frozen=True)
class Credit:
    """The issue's score: a goal counts when kind and target agree; a count or level
    the reader found only as a milestone counts half."""

    found: int
    expected: int
    points: float

    @property
    def precision(self) -> float:
        return self.points / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.points / self.expected if self.expected else 1.0

    def __add__(self, other: Credit) -> Credit:
        return Credit(self.found + other.found, self.expected + other.expected, self.points + other.points)


def overlap(a: str, b: str) -> float:
    """Share of the shorter text's words that the other text has too."""
    words_a, words_b = _words(a), _words(b)
    shorter = min(len(words_a), len(words_b))
    return len(words_a & words_b) / shorter if shorter else 0.0


def _points(found: dict, expected: dict) -> float:
    target = expected["target"]
    same_target = (found["target"] is None) == (target is None) and (
        target is None or float(found["target"]) == float(target)
    )
    if found["kind"] == expected["kind"] and same_target:
        return 1.0
    if found["kind"] == "milestone" and expected["kind"] in HALF:
        return 0.5
    return 0.0


def credit(found: Sequence[dict], expected: Sequence[dict]) -> tuple[Credit, list[tuple[dict | None, dict, float]]]:
    """The credit, and for each expected goal the found goal paired with it and the points.

    Goals are paired by their texts (the same sentence of the plan), best points first."""
    pairs = sorted(
        (
            (_points(f, e), overlap(f["text"], e["text"]), fi, ei)
            for ei, e in enumerate(expected)
            for fi, f in enumerate(found)
            if overlap(f["text"], e["text"]) >= MIN_PAIRING
        ),
        reverse=True,
    )
    used_found: set[int] = set()
    paired: dict[int, tuple[int, float]] = {}
    for points, _, fi, ei in pairs:
        if fi not in used_found and ei not in paired:
            used_found.add(fi)
            paired[ei] = (fi, points)
    report = [
        (found[paired[ei][0]] if ei in paired else None, e, paired[ei][1] if ei in paired else 0.0)
        for ei, e in enumerate(expected)
    ]
    return Credit(len(found), len(expected), sum(points for _, _, points in report)), report
