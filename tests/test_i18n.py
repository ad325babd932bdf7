"""The English catalog covers every text in the code, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from views.i18n import LOCALES, Texts

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "n_": (1, 2), "N_": None}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def source_msgids() -> set[str]:
    found = set()
    for folder in ("bot", "handlers", "scheduler", "views"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, keywords=KEYWORDS, comment_tags=(), method_map=[("**.py", "python")]
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_text_has_an_english_translation_with_the_same_placeholders():
    with (LOCALES / "en" / "LC_MESSAGES" / "verksam.po").open("rb") as handle:
        catalog = read_po(handle)
    translated = {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalog if m.id}
    missing = source_msgids() - translated.keys()
    assert not missing, f"add these to en.po (pybabel extract + update): {sorted(missing)}"
    for msgid, message in translated.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            assert string, f"empty translation for {msgid!r}"
            assert set(PLACEHOLDER.findall(string)) == set(PLACEHOLDER.findall(msgid)), msgid


def test_swedish_numbers_and_dates():
    t = Texts("sv")
    assert t.num(4215) == "4\xa0215"
    assert t.percent(0.29) == "29\xa0%"
    assert t.n_("{n} dörr", "{n} dörrar", 1) == "1 dörr"
    assert Texts("en").n_("{n} dörr", "{n} dörrar", 2) == "2 doors"
