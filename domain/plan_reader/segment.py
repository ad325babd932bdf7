"""Segmenting the document: lines to blocks (headings, goal labels, list items, prose), page chrome out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from itertools import pairwise

from domain.plan_reader.schedule import opens_with_date
from domain.plan_reader.text import _CONNECTORS, _fold

# --- Layout: lines to blocks --------------------------------------------------------


class _Role(Enum):
    HEADING = "heading"
    LABEL = "label"  # "Mål:", "Aktiviteter:"
    ITEM = "item"  # a bulleted or numbered list line
    RESPONSIBLE = "responsible"
    TEXT = "text"  # prose, an unbulleted list line, or a heading-shaped line


@dataclass
class _Block:
    role: _Role
    parts: list[str] = field(default_factory=list)
    marker: str = ""  # a list item's indentation and bullet: siblings share it, sub-items differ

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


_MARKUP = re.compile(r"</?[a-zA-Z][^<>\n]{0,40}>|\*\*|__|[\u200b\u200c\u200d\ufeff]")
_TOC_LINE = re.compile(r"^\S.{1,98}?(?:\t|\s{3}|\.{3}|…)[\s.…]*\d{1,3}$")
_TOC_LINE_MAX = 120  # a contents line is short; the guard also keeps the pattern cheap
_TOC_TITLE = re.compile(r"^(?:innehallsforteckning|innehall)$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(.+)$")
_LABEL = re.compile(
    r"^(?:mal|malsattning(?:ar)?|delmal|aktiviteter|aktivitet|atgarder|insatser)"
    r"(?:\s*:\s*(?P<rest>.*)|\s+[^:]{1,40}:\s*(?P<rest2>.*)|\s*)$"
)
_RESPONSIBLE = re.compile(r"^ansvar(?:ig|iga)?\s*[:–-]\s*(?P<who>\S.*)$")
_BULLET = re.compile(r"^[-–—•·*▪●◦‣]\s*(?P<rest>\S.*)$")
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+(?P<rest>\S.*)$")
_TERMINAL = (".", "!", "?", ":", ";")
# Page chrome: what a web page or a document viewer puts around a plan (matched on folded lines).
_CHROME = re.compile(
    r"^(?:[a-z]\s){10,}[a-z]$|webblasare|\bcookies?\b|\bkakor\b|^las\s+mer\b|^dela\b|^skriv\s+ut\b"
    r"|^(?:sida|hem|meny|sok|transkript|advertisement|\d{1,3})$|^(?:publicera|uppdatera)(?:d|des|t)\b"
    r"|^storlek:|^starta\s+visningen\b|^download\b|^save\s+this\b|^word\s+png\b|^source:"
    r"|^kopiera\s+lank\b|^foto:|^page\s+\d+$"
    r"|^(?:\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}-\d\d-\d\d)\s+(?:kl\.?\s*)?\d{1,2}[.:]\d\d$"  # a timestamp: "13.12.2019 kl. 07:47"
)
# A run-on table of contents, as PDF transcripts give it: "Förord... 3 Studier... 5 Kultur... 9".
_TOC_ENTRY = re.compile(r"(?:\.{3,}|…)\s*\d{1,3}\b")
_TOC_ENTRIES = 3


_CHROME_MAX = 100  # chrome is short lines; the guard keeps long prose cheap


def _clean_lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line with its indentation, spaces normalised; contents and page chrome left out."""
    text = _MARKUP.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n"))
    for raw in text.split("\n"):
        raw = raw.replace("\u00a0", " ").replace("\t", "    ")
        line = " ".join(raw.split())
        if len(line) <= _CHROME_MAX and (_TOC_TITLE.match(folded := _fold(line)) or _CHROME.search(folded)):
            continue
        if _is_contents_line(raw.strip()):
            continue
        yield len(raw) - len(raw.lstrip()), line


def _is_contents_line(line: str) -> bool:
    """ "Studier<TAB>4", "Studier ....... 4", or many such entries run together on one
    line: the table of contents, not the plan."""
    if len(line) <= _TOC_LINE_MAX and _TOC_LINE.match(line) is not None:
        return True
    return len(_TOC_ENTRY.findall(line)) >= _TOC_ENTRIES


def _classify(line: str) -> tuple[_Role, str]:
    """The line's role and its content (a list item without its bullet)."""
    folded = _fold(line)
    if match := _MARKDOWN_HEADING.match(line):
        return _Role.HEADING, match[1]
    if match := _LABEL.match(folded):
        rest_start = match.start("rest") if match["rest"] is not None else match.start("rest2")
        return _Role.LABEL, line[rest_start:] if rest_start >= 0 else ""
    if match := _RESPONSIBLE.match(folded):
        return _Role.RESPONSIBLE, line[match.start("who") :]
    if match := _BULLET.match(line) or _NUMBERED.match(line):
        return _Role.ITEM, match["rest"]
    return _Role.TEXT, line


def _ends_open(text: str) -> bool:
    """Whether a line stops mid-sentence: on a comma, a hyphen or a connecting word."""
    if text.endswith((",", "-", "–")):
        return True
    words = _fold(text).split()
    return bool(words) and words[-1] in _CONNECTORS


def _continues(previous: _Block, line: str, after_blank: bool) -> bool:
    """Whether a plain line carries on the block above (a wrapped line)."""
    if previous.role not in (_Role.ITEM, _Role.RESPONSIBLE, _Role.TEXT):
        return False
    last = previous.parts[-1]
    starts_low = line[0].islower()
    if after_blank:
        return starts_low and previous.role is not _Role.RESPONSIBLE and not last.endswith(_TERMINAL)
    if line[0].isdigit() and opens_with_date(line) and opens_with_date(previous.parts[0]):
        return False  # "14 januari Årsmöte" / "11 februari Föredrag": rows of a table
    if starts_low or (line[0].isdigit() and not last.endswith(_TERMINAL)) or _ends_open(last):
        return True  # "4-6 styrelsemöten." after a full stop is a line of its own
    if previous.role is _Role.RESPONSIBLE:
        return False
    return not last.endswith(_TERMINAL) and not _heading_shaped(last) and not _heading_shaped(line)


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    after_blank = False
    for indent, line in _clean_lines(text):
        if not line:
            after_blank = True
            continue
        role, content = _classify(line)
        if role is _Role.TEXT and blocks and _continues(blocks[-1], content, after_blank):
            blocks[-1].parts.append(content)
        elif role is _Role.ITEM and blocks and _wraps_item(blocks[-1], content, line[0]):
            blocks[-1].parts.append(content)  # "- Månadsträffar … samt på hösten" / "- i september.": one item
        elif role is _Role.LABEL and content:
            blocks += [_Block(_Role.LABEL), _Block(_Role.ITEM, [content])]
        else:
            marker = f"{indent}{'#' if line[0].isdigit() else line[0]}" if role is _Role.ITEM else ""
            blocks.append(_Block(role, [content], marker))
        after_blank = False
    return _mark_headings(blocks)


# Words a wrapped line starts with that no list item does ("att …" opens many items).
_WRAP_STARTS = frozenset({"i", "pa", "och", "samt", "eller", "med", "for", "till", "av", "om", "fran", "hos", "vid", "inom"})


def _wraps_item(previous: _Block, content: str, bullet: str) -> bool:
    """A bulleted line that starts in lower case after an item that stopped mid-sentence
    carries that item on (a wrapped line the converter bulleted again)."""
    return (
        previous.role is _Role.ITEM
        and previous.marker.endswith(bullet)
        and content[:1].islower()
        and _fold(content).split()[0] in _WRAP_STARTS  # "i september.", "och resor": no item opens so
        and not previous.parts[-1].endswith(_TERMINAL)
    )


def _heading_shaped(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 10
        and len(text) <= 80
        and (text[0].isupper() or text[0].isdigit())
        and (not text.endswith((*_TERMINAL, ",")) or (text.endswith((".", ":")) and text.isupper()))
    )  # "MEDLEMSREKRYTERING." in capitals is a heading all the same


def _is_prose(block: _Block) -> bool:
    return block.role is _Role.TEXT and not _heading_shaped(block.text)


def _mark_headings(blocks: list[_Block]) -> list[_Block]:
    """A heading is a short line followed by prose, a goal label or a list."""
    for block, following in pairwise(blocks):
        if (
            block.role is _Role.TEXT
            and _heading_shaped(block.text)
            and (_is_prose(following) or following.role in (_Role.LABEL, _Role.ITEM))
        ):
            block.role = _Role.HEADING
        elif _numbered_heading(block) and _is_prose(following):
            block.role = _Role.HEADING  # "1. Styrelsen" over its paragraph: a numbered section
    return blocks


_NUMBERED_HEADING_WORDS = 5


def _numbered_heading(block: _Block) -> bool:
    return (
        block.role is _Role.ITEM
        and block.marker.endswith("#")
        and _heading_shaped(block.text)
        and len(block.text.split()) <= _NUMBERED_HEADING_WORDS
    )
