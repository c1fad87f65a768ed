"""What notifications say: e-mail in Indonesian with English below, SMS short.

Messages name the tracking id and link to where their reader works on the report: the
reporter to the public tracking page, staff to the case in the console
(``/console#/reports/<id>``, which opens it after sign-in too). They never carry the
reporter's identity or what the agency answered: the reporter reads that on the tracking
page, behind the access code. The code itself is in one message only, the e-mailed receipt
(the "received" e-mail), never in an SMS or a subject line.

Every stored value a message quotes (a title, an agency's name) goes in as one line
(``text.one_line``), so none can add a line of its own, such as a fake "Lihat laporan:" link.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from chalicelib.domain.clocks import STAGE_LABELS, Stage
from chalicelib.domain.reports import EVENT_LABELS, EventType
from chalicelib.domain.text import one_line
from chalicelib.i18n import Text

SMS_MAX_CHARACTERS = 160
_FOOTER = Text("Pesan ini dikirim otomatis oleh Aduan; mohon tidak membalas e-mail ini.",
               "This message was sent automatically by Aduan; please do not reply to it.")
_MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
              "Oktober", "November", "Desember")


@dataclass(frozen=True)
class Message:
    subject: str
    body: str  # the e-mail body, or the whole SMS


@dataclass(frozen=True)
class Context:
    """What a message may mention about its report."""

    tracking_id: str
    tracking_url: str  # the public tracking page: where the reporter follows the report
    console_url: str  # the staff console: staff open the case there (console_case_url)
    agency_name: str
    agency_short_name: str
    title: str | None = None  # staff messages only
    stage: str | None = None
    deadline: datetime | None = None  # in the agency's time zone
    merged_into: str | None = None  # the report this one was merged into (when it may be named)
    access_code: str | None = None  # the receipt e-mail's only


def console_case_url(console_url: str, tracking_id: str) -> str:
    """The case in the staff console (its hash route, kept through sign-in)."""
    return f"{console_url}#/reports/{tracking_id}"


# Indonesia's three zones by their UTC offset, as people name them.
_ZONE_NAMES = {7 * 3600: "WIB", 8 * 3600: "WITA", 9 * 3600: "WIT"}


def format_deadline(deadline: datetime, language: str) -> str:
    offset = deadline.utcoffset()
    zone = _ZONE_NAMES.get(int(offset.total_seconds()), deadline.tzname() or "") if offset is not None else ""
    if language == "en":
        return f"{deadline.strftime('%d %B %Y, %H:%M')} {zone}".strip()
    return f"{deadline.day} {_MONTHS_ID[deadline.month - 1]} {deadline.year}, {deadline.strftime('%H:%M')} {zone}".strip()


def format_date(day: date, language: str) -> str:
    """A calendar day as people write it: 20 November 2026."""
    if language == "en":
        return f"{day.day} {day.strftime('%B')} {day.year}"
    return f"{day.day} {_MONTHS_ID[day.month - 1]} {day.year}"


# (subject, first line of the body) per event, for the reporter and for staff. Placeholders:
# {agency}, {short}, {stage}, {deadline}, {tid}.
_TO_REPORTER: dict[EventType, tuple[Text, Text]] = {
    EventType.SUBMITTED: (Text("Laporan Anda telah diterima", "Your report has been received"),
                          Text("Laporan Anda telah kami terima dan diteruskan ke {agency} untuk diverifikasi.",
                               "We have received your report and passed it to {agency} for verification.")),
    EventType.VERIFIED: (Text("Laporan Anda telah diverifikasi", "Your report has been verified"),
                         Text("Laporan Anda telah diverifikasi dan didisposisikan ke {agency} untuk ditindaklanjuti.",
                              "Your report has been verified and routed to {agency} for follow-up.")),
    EventType.HELD: (Text("Laporan Anda ditunda", "Your report is on hold"),
                     Text("Laporan Anda ditunda. Lihat pesan petugas di halaman pelacakan.",
                          "Your report is on hold. See the officer's message on the tracking page.")),
    EventType.ARCHIVED: (Text("Laporan Anda diarsipkan", "Your report has been archived"),
                         Text("Laporan Anda diarsipkan. Alasannya dapat dilihat di halaman pelacakan.",
                              "Your report has been archived. The reason is on the tracking page.")),
    EventType.TRANSFERRED: (Text("Laporan Anda dialihkan", "Your report has been transferred"),
                            Text("Laporan Anda dialihkan ke {agency}, instansi yang berwenang.",
                                 "Your report has been transferred to {agency}, the agency with authority.")),
    EventType.UPDATED: (Text("Perkembangan tindak lanjut laporan Anda", "Progress on your report"),
                        Text("{agency} mengirim kabar perkembangan penanganan laporan Anda. Bacalah di halaman "
                             "pelacakan; laporan Anda masih ditangani.",
                             "{agency} sent news of how your report is being handled. Read it on the "
                             "tracking page; your report is still being worked on.")),
    EventType.INFO_REQUESTED: (Text("Instansi meminta keterangan tambahan", "The agency asks for more information"),
                               Text("{agency} memerlukan keterangan tambahan untuk menangani laporan Anda. Baca "
                                    "pertanyaannya dan jawablah di halaman pelacakan paling lambat {deadline}.",
                                    "{agency} needs more information to handle your report. Read the question "
                                    "and answer it on the tracking page by {deadline}.")),
    EventType.RESPONDED: (Text("Laporan Anda telah ditindaklanjuti", "Your report has been followed up"),
                          Text("{agency} telah menindaklanjuti laporan Anda. Baca tanggapannya, lalu balas "
                               "atau beri penilaian di halaman pelacakan.",
                               "{agency} has followed up your report. Read the answer, then reply or rate "
                               "it on the tracking page.")),
    EventType.CLOSED: (Text("Laporan Anda telah selesai", "Your report has been closed"),
                       Text("Laporan Anda telah selesai. Jika masalahnya belum tuntas, Anda dapat menyatakannya "
                            "di halaman pelacakan.",
                            "Your report has been closed. If the problem is not solved, you can say so on "
                            "the tracking page.")),
    EventType.AUTO_CLOSED: (Text("Laporan Anda telah selesai", "Your report has been closed"),
                            Text("Laporan Anda selesai otomatis karena tidak ada tanggapan dalam batas waktu. "
                                 "Jika masalahnya belum tuntas, Anda dapat menyatakannya di halaman pelacakan.",
                                 "Your report was closed automatically because there was no reply in time. "
                                 "If the problem is not solved, you can say so on the tracking page.")),
    EventType.DEADLINE_BREACHED: (Text("Batas waktu laporan Anda terlampaui", "The deadline for your report has passed"),
                                  Text("{agency} belum menyelesaikan tahap {stage} sebelum batas waktu {deadline}. "
                                       "Kami telah memberi tahu koordinator dan admin nasional.",
                                       "{agency} did not complete the {stage} stage by its deadline, {deadline}. "
                                       "We have told the coordinator and the national admin.")),
    EventType.ESCALATED: (Text("Laporan Anda diteruskan ke Ombudsman", "Your report was escalated to the Ombudsman"),
                          Text("Laporan Anda telah dilaporkan ke Ombudsman Republik Indonesia.",
                               "Your report has been escalated to the Ombudsman of the Republic of Indonesia.")),
    EventType.MARKED_DUPLICATE: (Text("Laporan Anda digabung dengan laporan lain", "Your report has been merged"),
                                 Text("Laporan Anda membahas hal yang sama dengan laporan lain dan digabung "
                                      "dengannya. Anda akan menerima kabar dan jawaban laporan tersebut; "
                                      "keduanya dapat dibaca di halaman pelacakan laporan Anda.",
                                      "Your report is about the same matter as another report and has been "
                                      "merged with it. You will hear of that report's progress and answer; "
                                      "both can be read on your report's tracking page.")),
}
_SMS_TO_REPORTER: dict[EventType, Text] = {
    EventType.SUBMITTED: Text("laporan diterima, diteruskan ke {short}.", "report received, sent to {short}."),
    EventType.VERIFIED: Text("laporan diverifikasi, didisposisikan ke {short}.", "report verified, routed to {short}."),
    EventType.HELD: Text("laporan ditunda; lihat pesan petugas.", "report on hold; see the officer's message."),
    EventType.ARCHIVED: Text("laporan diarsipkan.", "report archived."),
    EventType.TRANSFERRED: Text("laporan dialihkan ke {short}.", "report transferred to {short}."),
    EventType.UPDATED: Text("ada kabar perkembangan dari {short}.", "progress update from {short}."),
    EventType.INFO_REQUESTED: Text("{short} meminta keterangan tambahan; jawab di halaman pelacakan.",
                                   "{short} asks for more information; answer on the tracking page."),
    EventType.RESPONDED: Text("{short} telah menanggapi laporan Anda.", "{short} has answered your report."),
    EventType.CLOSED: Text("laporan selesai.", "report closed."),
    EventType.AUTO_CLOSED: Text("laporan selesai otomatis.", "report closed automatically."),
    EventType.DEADLINE_BREACHED: Text("{short} melewati batas waktu.", "{short} missed its deadline."),
    EventType.ESCALATED: Text("laporan diteruskan ke Ombudsman.", "report escalated to the Ombudsman."),
    EventType.MARKED_DUPLICATE: Text("laporan digabung dengan laporan lain yang sama.",
                                     "report merged with another about the same matter."),
}
_ACCESS_CODE_LINE = Text("Kode akses: {code}", "Access code: {code}")
_KEEP_THE_CODE = Text("Simpan kode akses ini. Dengan nomor pelacakan, kode ini membuka laporan lengkap Anda "
                      "untuk membalas dan memberi penilaian. Jangan berikan kepada siapa pun; petugas tidak "
                      "pernah memintanya.",
                      "Keep this access code. With the tracking id it opens your full report, to reply and "
                      "give feedback. Do not give it to anyone; officers never ask for it.")
_MERGED_LINE = Text("Laporan gabungan: {merged}", "Merged with report: {merged}")
_FOLLOWED_LINE = Text("Kabar dari laporan {merged}, yang digabung dengan laporan Anda:",
                      "News of report {merged}, which your report was merged with:")
_TO_STAFF: dict[EventType, tuple[Text, Text]] = {
    EventType.SUBMITTED: (Text("Laporan baru menunggu verifikasi", "New report awaiting verification"),
                          Text("Laporan baru masuk untuk {agency} dan menunggu verifikasi.",
                               "A new report for {agency} is awaiting verification.")),
    EventType.VERIFIED: (Text("Laporan baru didisposisikan ke instansi Anda", "New report routed to your agency"),
                         Text("Laporan telah diverifikasi dan didisposisikan ke {agency}.",
                              "A report has been verified and routed to {agency}.")),
    EventType.TRANSFERRED: (Text("Laporan dialihkan ke instansi Anda", "Report transferred to your agency"),
                            Text("Laporan dialihkan ke {agency} sebagai instansi yang berwenang.",
                                 "A report has been transferred to {agency} as the agency with authority.")),
    EventType.ASSIGNED: (Text("Laporan ditugaskan ke unit Anda", "Report assigned to your unit"),
                         Text("Laporan ditugaskan ke unit kerja Anda di {agency}.",
                              "A report has been assigned to your unit at {agency}.")),
    EventType.REPORTER_REPLIED: (Text("Pelapor menanggapi laporan", "The reporter replied"),
                                 Text("Pelapor menanggapi laporan ini di {agency}; baca tanggapannya di konsol.",
                                      "The reporter replied to this report at {agency}; read it in the console.")),
    EventType.REPORTER_SILENT: (Text("Pelapor tidak memberi keterangan", "No answer from the reporter"),
                                Text("Pelapor tidak memberi keterangan yang diminta dalam batas waktu; batas waktu "
                                     "{agency} berjalan lagi.",
                                     "The reporter did not give the information asked for in time; the deadlines "
                                     "of {agency} run again.")),
    EventType.ANSWER_DRAFTED: (Text("Jawaban akhir menunggu persetujuan Anda", "A final answer awaits your approval"),
                               Text("Petugas unit kerja mengajukan jawaban akhir laporan ini di {agency}. Setujui "
                                    "atau kembalikan di konsol; batas waktu tetap berjalan.",
                                    "A unit officer submitted the final answer of this report at {agency}. Approve "
                                    "or return it in the console; the deadlines keep running.")),
    EventType.ANSWER_RETURNED: (Text("Jawaban akhir dikembalikan", "Final answer returned"),
                                Text("Admin {agency} mengembalikan jawaban akhir Anda dengan catatan; perbaiki lalu "
                                     "ajukan lagi di konsol.",
                                     "The admin of {agency} returned your final answer with a note; change it and "
                                     "submit it again in the console.")),
    EventType.ESCALATED: (Text("Laporan dilaporkan ke Ombudsman", "Report escalated to the Ombudsman"),
                          Text("Pelapor melaporkan laporan di {agency} ini ke Ombudsman.",
                               "The reporter escalated this report at {agency} to the Ombudsman.")),
    EventType.REMINDED: (Text("Pengingat batas waktu", "Deadline reminder"),
                         Text("Batas waktu tahap {stage} untuk laporan ini di {agency} berakhir {deadline}.",
                              "The {stage} deadline of this report at {agency} ends {deadline}.")),
    EventType.DEADLINE_BREACHED: (Text("Batas waktu terlampaui", "Deadline missed"),
                                  Text("{agency} melewati batas waktu tahap {stage} ({deadline}). Laporan ini "
                                       "kini ada di antrean terlambat sampai ditindaklanjuti.",
                                       "{agency} missed the {stage} deadline ({deadline}). The report is in "
                                       "the overdue queue until it is acted on.")),
}


# Escalation is open once the agency missed any deadline, verification included (issue 18).
_OMBUDSMAN_HINT = Text("Anda juga dapat melaporkannya ke Ombudsman dari halaman pelacakan.",
                       "You may also escalate it to the Ombudsman from the tracking page.")


def _fill(text: Text, language: str, context: Context) -> str:
    stage = STAGE_LABELS[Stage(context.stage)].render(language) if context.stage else ""
    deadline = format_deadline(context.deadline, language) if context.deadline else ""
    return text.render(language).format(agency=one_line(context.agency_name),
                                         short=one_line(context.agency_short_name),
                                         stage=stage, deadline=deadline, tid=context.tracking_id)


def _generic(event_type: EventType) -> tuple[Text, Text]:
    label = EVENT_LABELS[event_type]
    return label, Text(f"Ada kabar baru tentang laporan ini: {label.id}.",
                       f"There is news about this report: {label.en}.")


def email(event_type: EventType, to_reporter: bool, context: Context) -> Message:
    subject_text, lead = (_TO_REPORTER if to_reporter else _TO_STAFF).get(event_type) or _generic(event_type)
    parts = []
    for language, heading in (("id", None), ("en", "English")):
        lines = [f"--- {heading} ---"] if heading else []
        following = to_reporter and context.merged_into and event_type != EventType.MARKED_DUPLICATE
        if following:
            lines.append(_FOLLOWED_LINE.render(language).format(merged=context.merged_into))
        lines.append(_fill(lead, language, context))
        if to_reporter and context.merged_into and not following:
            lines.append(_MERGED_LINE.render(language).format(merged=context.merged_into))
        if to_reporter and event_type == EventType.DEADLINE_BREACHED:
            lines[-1] += " " + _OMBUDSMAN_HINT.render(language)
        if context.title and not to_reporter:
            lines.append(("Judul: " if language == "id" else "Title: ") + one_line(context.title))
        lines.append(("Nomor pelacakan: " if language == "id" else "Tracking id: ") + context.tracking_id)
        if to_reporter and event_type == EventType.SUBMITTED and context.access_code:
            lines.append(_ACCESS_CODE_LINE.render(language).format(code=context.access_code))
            lines.append(_KEEP_THE_CODE.render(language))
        if to_reporter:
            lines.append(("Lihat laporan: " if language == "id" else "View the report: ") + context.tracking_url)
        else:
            lines.append(("Buka di konsol: " if language == "id" else "Open it in the console: ")
                         + console_case_url(context.console_url, context.tracking_id))
        parts.append("\n".join(lines))
    parts.append(f"{_FOOTER.id}\n{_FOOTER.en}")
    subject = f"[Aduan {context.tracking_id}] {_fill(subject_text, 'id', context)}"
    return Message(subject, "\n\n".join(parts) + "\n")


def sms(event_type: EventType, context: Context) -> Message:
    """One SMS in Indonesian, naming the tracking id; the link only when it fits."""
    text = _SMS_TO_REPORTER.get(event_type) or Text("ada kabar baru.", "there is news.")
    via = f" ({context.merged_into})" if context.merged_into else ""
    body = f"Aduan {context.tracking_id}{via}: {_fill(text, 'id', context)}"[:SMS_MAX_CHARACTERS]
    with_link = f"{body} {context.tracking_url}"
    return Message("", with_link if len(with_link) <= SMS_MAX_CHARACTERS else body)


@dataclass(frozen=True)
class DigestLine:
    tracking_id: str
    title: str
    due: datetime | None = None


@dataclass(frozen=True)
class Digest:
    agency_name: str
    day: datetime  # the morning it is sent, agency time
    new: list[DigestLine]
    due_soon: list[DigestLine]
    overdue: list[DigestLine]
    totals: dict[str, int]  # section -> how many, even beyond the lines listed
    console_url: str  # each line links to its case there


_DIGEST_SECTIONS = (
    ("new", Text("Laporan baru", "New reports")),
    ("due_soon", Text("Batas waktu hari kerja ini atau berikutnya", "Due this or the next working day")),
    ("overdue", Text("Terlambat", "Overdue")),
)


def digest_email(digest: Digest) -> Message:
    day_id = f"{digest.day.day} {_MONTHS_ID[digest.day.month - 1]} {digest.day.year}"
    totals = digest.totals
    agency_name = one_line(digest.agency_name)
    subject = (f"[Aduan] Ringkasan harian {agency_name}, {day_id}: {totals['new']} baru, "
               f"{totals['due_soon']} segera jatuh tempo, {totals['overdue']} terlambat")
    parts = []
    for language in ("id", "en"):
        lines = ["--- English ---"] if language == "en" else []
        lines.append(f"{'Ringkasan harian' if language == 'id' else 'Daily digest'}: {agency_name}")
        for name, heading in _DIGEST_SECTIONS:
            entries: list[DigestLine] = getattr(digest, name)
            lines.append(f"\n{heading.render(language)} ({totals[name]})")
            for entry in entries:
                due = f" ({format_deadline(entry.due, language)})" if entry.due else ""
                lines.append(f"- {entry.tracking_id}: {one_line(entry.title)}{due}\n"
                             f"  {console_case_url(digest.console_url, entry.tracking_id)}")
            if totals[name] > len(entries):
                more = totals[name] - len(entries)
                lines.append(f"- … {more} {'lainnya' if language == 'id' else 'more'}")
        lines.append(f"\n{'Buka konsol' if language == 'id' else 'Open the console'}: {digest.console_url}")
        parts.append("\n".join(lines))
    parts.append(f"{_FOOTER.id}\n{_FOOTER.en}")
    return Message(subject, "\n\n".join(parts) + "\n")


@dataclass(frozen=True)
class ComplianceNotice:
    """The monthly compliance report as an oversight body receives it."""

    body_name: str
    scope_name: str
    period_label: Text
    headline: dict  # compliance.headline(): received, percentages, open overdue, escalations
    links: list[tuple[str, str, str]]  # (format, language, url)
    link_days: int
    console_url: str


_HEADLINE_LINES = (
    ("received", Text("Laporan diterima", "Reports received"), ""),
    ("verified_within_deadline", Text("Terverifikasi ≤ 3 hari kerja", "Verified within 3 working days"), "%"),
    ("first_response_within_deadline", Text("Tindak lanjut pertama ≤ 5 hari kerja",
                                            "First follow-up within 5 working days"), "%"),
    ("completed_within_deadline", Text("Selesai dalam batas waktu", "Completed within the deadline"), "%"),
    ("completion_rate", Text("Tingkat penyelesaian", "Completion rate"), "%"),
    ("open_overdue_at_end", Text("Terlambat dan masih terbuka di akhir periode", "Open and overdue at period end"), ""),
    ("escalated", Text("Eskalasi ke Ombudsman", "Escalations to the Ombudsman"), ""),
)


def _figure(value, unit: str, language: str) -> str:
    if value is None:
        return "–"
    text = f"{value:.2f}" if isinstance(value, float) else str(value)
    return (text.replace(".", ",") if language == "id" else text) + unit


def compliance_email(notice: ComplianceNotice) -> Message:
    body_name, scope_name = one_line(notice.body_name), one_line(notice.scope_name)
    subject = (f"[Aduan] Laporan kepatuhan {scope_name}, {notice.period_label.id} / "
               f"Compliance report, {notice.period_label.en}")
    parts = []
    for language in ("id", "en"):
        lines = ["--- English ---"] if language == "en" else []
        intro = (Text(f"Kepada {body_name},\n\nBerikut laporan kepatuhan pengelolaan pengaduan "
                      f"{scope_name} untuk {notice.period_label.id}.",
                      f"To {body_name},\n\nHere is the complaint handling compliance report of "
                      f"{scope_name} for {notice.period_label.en}."))
        lines.append(intro.render(language) + "\n")
        for name, label, unit in _HEADLINE_LINES:
            lines.append(f"- {label.render(language)}: {_figure(notice.headline.get(name), unit, language)}")
        lines.append("\n" + Text(f"Unduh (tautan berlaku {notice.link_days} hari):",
                                 f"Download (links work for {notice.link_days} days):").render(language))
        for file_format, file_language, url in notice.links:
            if file_language == language:
                lines.append(f"- {file_format.upper()}: {url}")
        lines.append("\n" + Text("Setelah itu, unduh dari konsol", "After that, download from the console")
                     .render(language) + f": {notice.console_url}")
        parts.append("\n".join(lines))
    parts.append(f"{_FOOTER.id}\n{_FOOTER.en}")
    return Message(subject, "\n\n".join(parts) + "\n")
