"""Whether a sentence reads as a goal at all."""

from __future__ import annotations

import re
from collections.abc import Sequence

from domain.plan_reader.measure import _MILESTONE, _Draft, _Sentence

_GOAL_VERB_START = re.compile(r"^(?:att\s+)?(?:genomfor|varva|anordna|ar+angera|ta\s+fram|starta|halla|minst\b)")
_MODAL = re.compile(r"\bska(?:ll)?\b")
def _is_goal_prose(sentence: _Sentence, drafts: Sequence[_Draft]) -> bool:
    if _GOAL_VERB_START.match(sentence.folded):
        return True
    return bool(_MODAL.search(sentence.folded)) and drafts != [_MILESTONE]
