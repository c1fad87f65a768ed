"""Bilingual text: Indonesian first, English when the caller asks for it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    id: str
    en: str

    def render(self, language: str) -> str:
        return self.en if language == "en" else self.id


def language_from_header(accept_language: str | None) -> str:
    """Pick ``en`` only when the caller prefers English over Indonesian."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("id"):
            return "id"
        if tag.startswith("en"):
            return "en"
    return "id"
