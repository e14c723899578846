"""LanguageTool's `data` parameter: annotated text, a list of `{"text": ...}` and `{"markup": ...,
"interpretAs": ...}` items. The checked text joins the texts and each markup's `interpretAs`; the
offsets answered are in the original, which joins the texts and the markup itself."""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    plain: int          # where it starts in the checked text
    original: int       # where it starts in the original
    plain_length: int
    original_length: int
    is_text: bool


class AnnotatedText:
    """The checked text of an annotation, the original, and the mapping of offsets between them."""

    def __init__(self, items: list[dict]) -> None:
        plain, original, self.segments = [], [], []
        p = o = 0
        for item in items:
            if not isinstance(item, dict) or not ({"text", "markup"} & item.keys()) or \
                    {"text", "markup"} <= item.keys():
                raise ValueError("each annotation item needs either 'text' or 'markup'")
            is_text = "text" in item
            shown = item["text"] if is_text else item.get("interpretAs", "")
            source = item["text"] if is_text else item["markup"]
            if not isinstance(shown, str) or not isinstance(source, str):
                raise ValueError("annotation 'text', 'markup' and 'interpretAs' must be strings")
            self.segments.append(Segment(p, o, len(shown), len(source), is_text))
            plain.append(shown)
            original.append(source)
            p, o = p + len(shown), o + len(source)
        self.plain, self.original = "".join(plain), "".join(original)
        self._starts = [s.plain for s in self.segments]

    @classmethod
    def from_json(cls, data: str) -> "AnnotatedText":
        try:
            parsed = json.loads(data)
        except json.JSONDecodeError as exc:
            raise ValueError(f"'data' is not JSON: {exc}") from exc
        if not isinstance(parsed, dict) or not isinstance(parsed.get("annotation"), list):
            raise ValueError("'data' must be a JSON object with an 'annotation' list")
        return cls(parsed["annotation"])

    def start(self, offset: int) -> int:
        """The original offset of a match starting at `offset` of the checked text."""
        i = bisect.bisect_right(self._starts, offset) - 1
        while i >= 0 and i < len(self.segments):
            s = self.segments[i]
            if s.plain <= offset < s.plain + s.plain_length:
                return s.original + (offset - s.plain if s.is_text else 0)
            i += 1
        return len(self.original)

    def end(self, offset: int) -> int:
        """The original offset of a match ending at `offset` of the checked text."""
        i = bisect.bisect_left(self._starts, offset) - 1
        while i >= 0:
            s = self.segments[i]
            if s.plain < offset <= s.plain + s.plain_length:
                return s.original + (offset - s.plain if s.is_text else s.original_length)
            i -= 1
        return 0
