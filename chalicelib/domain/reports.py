"""The vocabulary of a report (DESIGN §2): kinds, privacy, channels, statuses, with labels."""
from __future__ import annotations

from datetime import date
from enum import Enum

from chalicelib.i18n import Text


class Kind(str, Enum):
    """pengaduan, aspirasi, permintaan informasi"""

    COMPLAINT = "complaint"
    ASPIRATION = "aspiration"
    INFORMATION_REQUEST = "information_request"


class Privacy(str, Enum):
    PUBLIC = "public"
    ANONYMOUS = "anonymous"  # report may be public; identity hidden from public and agency
    CONFIDENTIAL = "confidential"  # never public; identity only for admins who handle it


class Channel(str, Enum):
    WEB = "web"
    API = "api"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    SOCIAL_MEDIA = "social_media"
    WALK_IN = "walk_in"
    LETTER = "letter"
    PHONE = "phone"
    COMPLAINT_BOX = "complaint_box"


class Status(str, Enum):
    SUBMITTED = "submitted"
    ON_HOLD = "on_hold"
    ARCHIVED = "archived"
    DISPOSITIONED = "dispositioned"
    IN_PROGRESS = "in_progress"
    # The agency asked the reporter for missing information: its clocks pause until the reporter
    # answers or the policy's limit passes.
    AWAITING_REPORTER = "awaiting_reporter"
    # A unit officer's final answer waits for the agency admin's approval; the clocks keep running.
    AWAITING_APPROVAL = "awaiting_approval"
    RESPONDED = "responded"
    REPORTER_REPLIED = "reporter_replied"
    CLOSED = "closed"
    # Merged into another report about the same matter (``duplicate_of``); nothing more happens
    # to it, its reporter follows the other report.
    DUPLICATE = "duplicate"


STATUS_LABELS = {
    Status.SUBMITTED: Text("Belum Terverifikasi", "Not yet verified"),
    Status.ON_HOLD: Text("Tertunda", "On hold"),
    Status.ARCHIVED: Text("Arsip", "Archived"),
    Status.DISPOSITIONED: Text("Terdisposisi – Belum Ditindaklanjuti",
                               "Dispositioned – not yet followed up"),
    Status.IN_PROGRESS: Text("Terdisposisi – Sedang Diproses", "Dispositioned – in progress"),
    Status.AWAITING_REPORTER: Text("Menunggu Keterangan Pelapor", "Waiting for the reporter"),
    Status.AWAITING_APPROVAL: Text("Jawaban Menunggu Persetujuan", "Answer awaiting approval"),
    Status.RESPONDED: Text("Ditindaklanjuti oleh Instansi", "Followed up by the agency"),
    Status.REPORTER_REPLIED: Text("Ditanggapi oleh Pelapor", "Replied to by the reporter"),
    Status.CLOSED: Text("Selesai", "Closed"),
    Status.DUPLICATE: Text("Digabung (duplikat)", "Merged (duplicate)"),
}


class EventType(str, Enum):
    SUBMITTED = "submitted"
    RECORDED = "recorded"  # an officer wrote down a walk-in, letter, call or complaint-box slip
    VERIFIED = "verified"
    HELD = "held"
    RESUMED = "resumed"
    ARCHIVED = "archived"
    TRANSFERRED = "transferred"
    ASSIGNED = "assigned"
    STARTED = "started"
    # A progress update (tindak lanjut bertahap): public ones keep the reporter informed and meet the
    # first follow-up deadline; internal ones are the agency's own log. Only RESPONDED is the final answer.
    UPDATED = "updated"
    INFO_REQUESTED = "info_requested"  # the agency asked the reporter for missing information
    REPORTER_SILENT = "reporter_silent"  # the reporter did not answer in time; the clocks run again
    ANSWER_DRAFTED = "answer_drafted"  # a unit officer's final answer, waiting for approval (staff only)
    ANSWER_RETURNED = "answer_returned"  # the agency admin sent the draft back with a note (staff only)
    RESPONDED = "responded"
    CLOSED = "closed"
    REPORTER_REPLIED = "reporter_replied"
    FEEDBACK = "feedback"
    REOPENED = "reopened"
    ESCALATED = "escalated"
    ATTACHMENT_ADDED = "attachment_added"  # the reporter declared a file to upload
    STAFF_ATTACHMENT_ADDED = "staff_attachment_added"  # staff declared a file for an update or answer
    ATTACHMENT_HIDDEN = "attachment_hidden"  # staff hid a file from the public view (details: the file)
    ATTACHMENT_UNHIDDEN = "attachment_unhidden"  # ... and showed it again
    MARKED_DUPLICATE = "marked_duplicate"  # this report was merged into another (details: duplicate_of)
    DUPLICATE_LINKED = "duplicate_linked"  # another report was merged into this one (details: duplicate)
    # by the scheduled jobs
    AUTO_CLOSED = "auto_closed"
    REMINDED = "reminded"
    DEADLINE_BREACHED = "deadline_breached"
    DAILY_DIGEST = "daily_digest"  # a notification only, never in a timeline
    COMPLIANCE_REPORT = "compliance_report"  # the monthly report to oversight bodies; notification only


EVENT_LABELS = {
    EventType.SUBMITTED: Text("Laporan diterima", "Report received"),
    EventType.RECORDED: Text("Laporan dicatat oleh petugas", "Report recorded by an officer"),
    EventType.VERIFIED: Text("Laporan diverifikasi dan didisposisikan",
                             "Report verified and routed to the agency"),
    EventType.HELD: Text("Laporan ditunda", "Report put on hold"),
    EventType.RESUMED: Text("Penanganan dilanjutkan", "Handling resumed"),
    EventType.ARCHIVED: Text("Laporan diarsipkan", "Report archived"),
    EventType.TRANSFERRED: Text("Laporan dialihkan ke instansi lain", "Report transferred to another agency"),
    EventType.ASSIGNED: Text("Laporan ditugaskan ke unit kerja", "Report assigned to a unit"),
    EventType.STARTED: Text("Laporan sedang diproses", "Work on the report started"),
    EventType.UPDATED: Text("Perkembangan tindak lanjut dari instansi", "Progress update from the agency"),
    EventType.INFO_REQUESTED: Text("Instansi meminta keterangan tambahan dari pelapor",
                                   "The agency asked the reporter for more information"),
    EventType.REPORTER_SILENT: Text("Pelapor tidak memberi keterangan dalam batas waktu; penanganan dilanjutkan",
                                    "No answer from the reporter in time; handling goes on"),
    EventType.ANSWER_DRAFTED: Text("Jawaban akhir diajukan untuk disetujui", "Final answer submitted for approval"),
    EventType.ANSWER_RETURNED: Text("Jawaban akhir dikembalikan untuk diperbaiki", "Final answer returned for changes"),
    EventType.RESPONDED: Text("Tindak lanjut dari instansi", "Follow-up answer from the agency"),
    EventType.CLOSED: Text("Laporan selesai", "Report closed"),
    EventType.REPORTER_REPLIED: Text("Tanggapan pelapor", "Reply from the reporter"),
    EventType.FEEDBACK: Text("Penilaian pelapor", "Feedback from the reporter"),
    EventType.REOPENED: Text("Pelapor menyatakan belum selesai", "The reporter says it is not resolved"),
    EventType.ESCALATED: Text("Dilaporkan ke Ombudsman", "Escalated to the Ombudsman"),
    EventType.ATTACHMENT_ADDED: Text("Pelapor menambahkan lampiran", "The reporter added an attachment"),
    EventType.STAFF_ATTACHMENT_ADDED: Text("Petugas mengunggah lampiran", "An officer uploaded an attachment"),
    EventType.ATTACHMENT_HIDDEN: Text("Lampiran disembunyikan dari publik", "Attachment hidden from the public"),
    EventType.ATTACHMENT_UNHIDDEN: Text("Lampiran ditampilkan lagi untuk publik",
                                        "Attachment shown to the public again"),
    EventType.MARKED_DUPLICATE: Text("Laporan digabung dengan laporan lain tentang hal yang sama",
                                     "Merged with another report about the same matter"),
    EventType.DUPLICATE_LINKED: Text("Laporan lain tentang hal yang sama digabung ke laporan ini",
                                     "Another report about the same matter was merged into this one"),
    EventType.AUTO_CLOSED: Text("Laporan selesai otomatis: pelapor tidak menanggapi dalam batas waktu",
                                "Closed automatically: no reply from the reporter in time"),
    EventType.REMINDED: Text("Pengingat batas waktu dikirim ke instansi", "Deadline reminder sent to the agency"),
    EventType.DEADLINE_BREACHED: Text("Batas waktu instansi terlampaui", "The agency missed its deadline"),
    EventType.DAILY_DIGEST: Text("Ringkasan harian", "Daily digest"),
    EventType.COMPLIANCE_REPORT: Text("Laporan kepatuhan bulanan", "Monthly compliance report"),
}


class Visibility(str, Enum):
    """Who sees a timeline event: everyone, the reporter (and staff), or staff only."""

    PUBLIC = "public"
    REPORTER = "reporter"
    INTERNAL = "internal"


class ArchiveReason(str, Enum):
    SPAM = "spam"
    INCOMPLETE = "incomplete"
    NOT_PUBLIC_SERVICE = "not_public_service"
    DUPLICATE = "duplicate"
    OTHER = "other"


ARCHIVE_REASON_LABELS = {
    ArchiveReason.SPAM: Text("Spam atau tidak pantas", "Spam or abusive"),
    ArchiveReason.INCOMPLETE: Text("Tidak lengkap", "Incomplete"),
    ArchiveReason.NOT_PUBLIC_SERVICE: Text("Bukan pelayanan publik", "Not about a public service"),
    ArchiveReason.DUPLICATE: Text("Duplikat laporan lain", "Duplicate of another report"),
    ArchiveReason.OTHER: Text("Alasan lain", "Other reason"),
}


# A report is about a public service of the Republic, proclaimed on 17 August 1945: an incident
# dated before that year is a typing mistake (a year of birth, a swapped field), never a complaint.
EARLIEST_INCIDENT_DATE = date(1945, 1, 1)


class Complexity(str, Enum):
    SIMPLE = "simple"
    INVESTIGATION = "investigation"  # berkadar pengawasan


class ActorRole(str, Enum):
    REPORTER = "reporter"
    SYSTEM = "system"
    NATIONAL_ADMIN = "national_admin"
    AGENCY_ADMIN = "agency_admin"
    UNIT_OFFICER = "unit_officer"
    OVERSIGHT = "oversight"
