"""Answer templates (templat jawaban): what a template may say and how it is filled for one report.

A template is Indonesian text with placeholders from a small fixed vocabulary, written in braces:
``{nomor_laporan}``, ``{sapaan}``... Braces are for placeholders only, so a template with a name
outside the vocabulary, or a brace that opens no placeholder, is refused when it is saved, not
discovered by an officer when it is filled. Filling happens on the server, for one report and one
staff member, so an anonymous reporter's name never reaches the agency: ``{sapaan}`` then greets
"Bapak/Ibu Pelapor".

Pure: no AWS, no HTTP.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from zoneinfo import ZoneInfo

from chalicelib.domain.messages import format_date, format_deadline
from chalicelib.domain.text import one_line
from chalicelib.i18n import Text

# Who owns a template: the national defaults are kept under "ID" (the house's code for the whole
# country, which no agency id can be: those are lower case), an agency's under its agency id.
NATIONAL = "ID"
TEMPLATE_ID_PATTERN = r"^(ID|[a-z0-9][a-z0-9-]{1,62})\.[a-z0-9][a-z0-9-]{0,62}$"
MAX_NAME_CHARACTERS = 100
MAX_BODY_CHARACTERS = 4000
# A filled template must fit the message it becomes (schemas.Message: a staff answer, 5000).
MAX_FILLED_CHARACTERS = 5000
# Each owner's list is read whole on every form that offers templates.
MAX_TEMPLATES_PER_OWNER = 100


class Purpose(str, Enum):
    """The forms that offer a template: each is the name of the staff action the form takes."""

    UPDATE = "update"  # a progress update that keeps the case open
    RESPOND = "respond"  # the final answer (tindak lanjut)
    ASK_REPORTER = "ask_reporter"  # a question to the reporter (the clocks pause)


@dataclass(frozen=True)
class Placeholder:
    name: str
    description: Text
    longest: int  # the most characters it can be filled with


# The other side of these limits is in schemas.py: a title 150, an agency's name 200, a reporter's name 100.
_LONGEST_DATE = len("30 September 2026, 23:59 WITA")
NOT_SET = "(belum ditetapkan)"

VOCABULARY: dict[str, Placeholder] = {placeholder.name: placeholder for placeholder in (
    Placeholder("nomor_laporan", Text("Nomor pelacakan laporan, mis. K7M2Q-X9T4Q.",
                                      "The report's tracking id, e.g. K7M2Q-X9T4Q."), 11),
    Placeholder("judul_laporan", Text("Judul laporan seperti ditulis pelapor.",
                                      "The report's title as the reporter wrote it."), 150),
    Placeholder("tanggal_diterima", Text("Tanggal laporan diterima, mis. 20 November 2026.",
                                         "The day the report was received, e.g. 20 November 2026."),
                len("30 September 2026")),
    Placeholder("instansi", Text("Nama instansi yang menangani laporan.",
                                 "The name of the agency handling the report."), 200),
    Placeholder("batas_tindak_lanjut", Text("Tenggat tindak lanjut pertama, mis. 27 November 2026, 23:59 WIB.",
                                            "The first follow-up deadline, e.g. 27 November 2026, 23:59 WIB."),
                _LONGEST_DATE),
    Placeholder("batas_penyelesaian", Text("Tenggat penyelesaian laporan, dalam zona waktu instansi.",
                                           "The completion deadline, in the agency's time zone."), _LONGEST_DATE),
    Placeholder("sapaan", Text("Sapaan kepada pelapor: \"Bapak/Ibu <nama>\", atau \"Bapak/Ibu Pelapor\" bila "
                               "laporan anonim atau tanpa nama.",
                               "The greeting: \"Bapak/Ibu <name>\", or \"Bapak/Ibu Pelapor\" when the report is "
                               "anonymous or has no name."), len("Bapak/Ibu ") + 100),
)}

_TOKEN = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"[a-z_]+")


@dataclass(frozen=True)
class TextProblem:
    code: str  # unknown_placeholder | malformed_placeholder | too_long_when_filled
    message: Text


def _listed(items: list[str]) -> str:
    return ", ".join(dict.fromkeys(items))


def problems_in(body: str) -> list[TextProblem]:
    """What keeps ``body`` from being saved as a template: placeholders outside the vocabulary, braces
    that open or close no placeholder, or a text that could not fit an answer once filled."""
    unknown, malformed, outside = [], [], []
    at, longest = 0, 0
    for match in _TOKEN.finditer(body):
        outside.append(body[at:match.start()])
        at = match.end()
        name = match.group(1)
        if name in VOCABULARY:
            longest += VOCABULARY[name].longest
        elif _NAME.fullmatch(name):
            unknown.append(match.group(0))
        else:
            malformed.append(match.group(0))
    outside.append(body[at:])
    stray = "".join(outside)
    malformed += [brace for brace in "{}" if brace in stray]
    longest += len(stray)
    known = ", ".join(f"{{{name}}}" for name in VOCABULARY)
    problems = []
    if unknown:
        names = _listed(unknown)
        problems.append(TextProblem("unknown_placeholder", Text(
            f"Placeholder tidak dikenal: {names}. Yang dapat dipakai: {known}.",
            f"Unknown placeholders: {names}. Those available: {known}.")))
    if malformed:
        written = _listed(malformed)
        problems.append(TextProblem("malformed_placeholder", Text(
            f"Penulisan placeholder tidak sah: {written}. Tulis nama dari daftar dalam kurung kurawal, huruf "
            f"kecil tanpa spasi, mis. {{nomor_laporan}}; kurung kurawal hanya untuk placeholder.",
            f"Placeholders written wrongly: {written}. Write a name from the list in braces, lower case "
            f"without spaces, e.g. {{nomor_laporan}}; braces are for placeholders only.")))
    if not problems and longest > MAX_FILLED_CHARACTERS:
        problems.append(TextProblem("too_long_when_filled", Text(
            f"Setelah diisi, teks dapat melebihi {MAX_FILLED_CHARACTERS} karakter, batas sebuah jawaban; "
            f"pendekkan teks atau kurangi placeholder.",
            f"Once filled, the text could exceed {MAX_FILLED_CHARACTERS} characters, the limit of an answer; "
            f"shorten it or use fewer placeholders.")))
    return problems


def placeholders_in(body: str) -> list[str]:
    """The vocabulary's names a template uses, each once, in the order they first appear."""
    return list(dict.fromkeys(name for name in _TOKEN.findall(body) if name in VOCABULARY))


# --- filling ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFacts:
    """What a template may say about one report, as one staff member may know it."""

    tracking_id: str
    title: str
    agency_name: str
    time_zone: str  # the agency's
    received_at: datetime
    first_response_due: str | None  # ISO 8601 with the agency's offset, as the report keeps it
    completion_due: str | None
    reporter_name: str | None  # None when the report is anonymous to the caller, or gave no name


@dataclass(frozen=True)
class Filled:
    text: str
    unfilled: tuple[str, ...]  # placeholders the report has no value for yet (written as NOT_SET)


def greeting(reporter_name: str | None) -> str:
    name = one_line(reporter_name or "").strip()
    return f"Bapak/Ibu {name}" if name else "Bapak/Ibu Pelapor"


def _deadline(iso: str | None, time_zone: str) -> str | None:
    if not iso:
        return None
    return format_deadline(datetime.fromisoformat(iso).astimezone(ZoneInfo(time_zone)), "id")


def values_for(facts: ReportFacts) -> dict[str, str | None]:
    zone = ZoneInfo(facts.time_zone)
    return {
        "nomor_laporan": facts.tracking_id,
        "judul_laporan": one_line(facts.title),
        "tanggal_diterima": format_date(facts.received_at.astimezone(zone).date(), "id"),
        "instansi": one_line(facts.agency_name),
        "batas_tindak_lanjut": _deadline(facts.first_response_due, facts.time_zone),
        "batas_penyelesaian": _deadline(facts.completion_due, facts.time_zone),
        "sapaan": greeting(facts.reporter_name),
    }


def fill(body: str, facts: ReportFacts) -> Filled:
    """``body`` with each placeholder replaced by its value for the report. Text outside the
    vocabulary stays as written (a template is checked when saved, so there is none)."""
    values = values_for(facts)
    unfilled: list[str] = []

    def value_of(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        if values[name] is None:
            unfilled.append(name)
            return NOT_SET
        return values[name]

    return Filled(_TOKEN.sub(value_of, body), tuple(dict.fromkeys(unfilled)))
