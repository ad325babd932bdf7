"""Precision and recall of the plan reader against a hand-written list of a plan's goals.

A found goal matches an expected one when kind, metric, target and window agree and
the two texts share most of their words; each goal matches at most once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

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
