"""Which characters a line of text, or text of several lines, may hold; and one line made safe.

Requests are refused for these characters (schemas.py); what is written out anyway (an e-mail,
an SMS) collapses them, for values stored before the rule or arriving by another path.
"""
from __future__ import annotations

import re

# Every C0 control, DEL and every C1 control (U+0080–U+009F can start terminal escapes), and the
# Unicode line and paragraph separators: in a line of text (a title, a name) none has a place, and
# each would let a value start a line of its own where it is written out. The bidirectional
# embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder what follows them, so
# "Jalan \u202erusak" is shown reversed in an e-mail: text that reads other than it is.
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
LINE_CONTROLS = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029{_BIDI_CONTROLS}]")
# Text of several lines keeps its line breaks (LF or CRLF) and tabs; every other control is refused.
TEXT_CONTROLS = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u2028\\u2029{_BIDI_CONTROLS}]|\\r(?!\\n)")

_LINE_CONTROL_RUNS = re.compile(LINE_CONTROLS.pattern + "+")


def one_line(value: str) -> str:
    """``value`` with each run of line breaks and other controls turned into one space."""
    return _LINE_CONTROL_RUNS.sub(" ", value)
