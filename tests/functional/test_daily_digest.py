"""The daily digest (``daily_digest``, every hour): at 07:00 agency time on a working day each
agency's admins get one e-mail with what is new, what falls due this or the next working day
and what is overdue; nothing for an agency with nothing to say, nothing twice, nothing at the
weekend. Tanjungpinang runs on WIB (UTC+7), Kutai Timur on WITA (UTC+8).
"""
from __future__ import annotations

import pytest

from tests.conftest import create_staff_account, on, run_job, staff_email, submit

DIGEST_SUBJECT = "Ringkasan harian"
KUTAI_TIMUR_ADMIN = "admin.dpu-kutaitimur"


def submitted_on(client, day: str, hour: int, title: str, **overrides) -> str:
    with on(day, hour):
        return submit(client, title=title, **overrides)["tracking_id"]


def digest(client) -> dict:
    return run_job(client, "daily_digest")


def digests_to(client, mailbox, address: str) -> list[dict]:
    run_job(client, "send_notifications")
    return [email for email in mailbox.emails_to(address) if DIGEST_SUBJECT in email["subject"]]


def all_digests(client, mailbox) -> list[dict]:
    run_job(client, "send_notifications")
    return [email for email in mailbox.emails() if DIGEST_SUBJECT in email["subject"]]


def sections(body: str) -> dict[str, list[str]]:
    """Tracking ids listed under each heading of the Indonesian part of a digest."""
    headings = {"Laporan baru": "new", "Batas waktu hari kerja ini atau berikutnya": "due_soon",
                "Terlambat": "overdue"}
    listed: dict[str, list[str]] = {}
    current = None
    for line in body.split("--- English ---")[0].splitlines():
        heading = next((name for text, name in headings.items() if line.startswith(f"{text} (")), None)
        if heading:
            current = listed.setdefault(heading, [])
        elif line.startswith("- ") and current is not None and ":" in line:
            current.append(line[2:].split(":", 1)[0])
    return listed


@pytest.fixture
def tuesday_reports(client) -> dict[str, str]:
    """Reports of Dinas PUPR Tanjungpinang as they stand on Tuesday 24 Nov 2026, 07:00 WIB."""
    return {
        # Verification was due Thu 19 Nov.
        "overdue": submitted_on(client, "2026-11-16", 10, "Lampu jalan mati di Jalan Pramuka"),
        # Due Wed 25 Nov, the next working day.
        "due_soon": submitted_on(client, "2026-11-20", 10, "Trotoar rusak di Jalan Merdeka"),
        # Came in Monday after the last digest; due Thu 26 Nov.
        "new": submitted_on(client, "2026-11-23", 10, "Jalan berlubang di Jalan Ganet"),
        # Came in Monday before 07:00, so Monday's digest counted it; not due before Thursday.
        "quiet": submitted_on(client, "2026-11-23", 6, "Saluran air tersumbat di Batu 9"),
    }


def test_the_agency_admins_get_one_digest_of_new_due_soon_and_overdue(
        client, staff, mailbox, tuesday_reports):
    with on("2026-11-24", 7):  # Tuesday
        result = digest(client)
        assert result["time_zones"] == ["Asia/Jakarta"]
        assert result["digests_queued"] == 1

        received = digests_to(client, mailbox, staff_email("pupr_admin"))
        assert len(received) == 1
        email = received[0]
        assert email["subject"] == (
            "[Aduan] Ringkasan harian Dinas Pekerjaan Umum dan Penataan Ruang Kota Tanjungpinang, "
            "24 November 2026: 1 baru, 1 segera jatuh tempo, 1 terlambat")
        assert sections(email["body"]) == {"new": [tuesday_reports["new"]],
                                           "due_soon": [tuesday_reports["due_soon"]],
                                           "overdue": [tuesday_reports["overdue"]]}
        assert tuesday_reports["quiet"] not in email["body"]
        assert "Trotoar rusak di Jalan Merdeka" in email["body"]
        # Each line opens its case in the console; the digest never links the public tracking page.
        lines = email["body"].splitlines()
        for tracking_id in (tuesday_reports["new"], tuesday_reports["due_soon"], tuesday_reports["overdue"]):
            opens = [lines[number + 1].strip() for number, line in enumerate(lines)
                     if line.startswith(f"- {tracking_id}: ")]
            assert opens == [f"https://aduan.test/console#/reports/{tracking_id}"] * 2  # Indonesian, English
        assert "/track/" not in email["body"]
        assert "https://aduan.test/console\n" in email["body"]  # and the console itself, at the end


def test_agencies_with_nothing_new_due_or_overdue_get_no_digest(client, staff, mailbox, tuesday_reports):
    with on("2026-11-24", 7):
        digest(client)
        assert digests_to(client, mailbox, staff_email("dishub_admin")) == []
        assert digests_to(client, mailbox, staff_email("coordinator_admin")) == []
        assert digests_to(client, mailbox, staff_email("national")) == []
        assert [email["to"] for email in all_digests(client, mailbox)] == [[staff_email("pupr_admin")]]


def test_running_the_digest_twice_in_the_hour_sends_it_once(client, staff, mailbox, tuesday_reports):
    with on("2026-11-24", 7):
        first, second = digest(client), digest(client)
        assert (first["digests_queued"], first["already_queued"]) == (1, 0)
        assert (second["digests_queued"], second["already_queued"]) == (0, 1)
        assert len(digests_to(client, mailbox, staff_email("pupr_admin"))) == 1
        digest(client)
        assert len(digests_to(client, mailbox, staff_email("pupr_admin"))) == 1


@pytest.mark.parametrize("hour", [6, 8])
def test_before_or_after_seven_wib_tanjungpinang_gets_nothing(client, staff, mailbox, tuesday_reports, hour):
    with on("2026-11-24", hour):
        result = digest(client)
        assert "Asia/Jakarta" not in result["time_zones"]
        assert result["digests_queued"] == 0
        assert all_digests(client, mailbox) == []


def test_no_digest_on_saturday(client, staff, mailbox, tuesday_reports):
    with on("2026-11-28", 7):
        result = digest(client)
        assert result["time_zones"] == []
        assert result["digests_queued"] == 0
        assert all_digests(client, mailbox) == []


def test_a_wita_agency_is_served_at_seven_wita_not_seven_wib(client, staff, mailbox):
    create_staff_account(KUTAI_TIMUR_ADMIN, "agency_admin", "dpu-kutaitimur", None)
    admin = f"{KUTAI_TIMUR_ADMIN}@aduan.test"
    new = submitted_on(client, "2026-11-23", 10, "Jembatan kayu rapuh di Sangatta Utara",
                       region_code="64.08", agency_id="dpu-kutaitimur")

    with on("2026-11-24", 7):  # 07:00 WIB is 08:00 WITA
        result = digest(client)
        assert result["time_zones"] == ["Asia/Jakarta"]
        assert result["digests_queued"] == 0
        assert digests_to(client, mailbox, admin) == []

    with on("2026-11-24", 6):  # 06:00 WIB is 07:00 WITA
        result = digest(client)
        assert result["time_zones"] == ["Asia/Makassar"]
        assert result["digests_queued"] == 1
        received = digests_to(client, mailbox, admin)
        assert len(received) == 1
        assert "24 November 2026" in received[0]["subject"]
        assert sections(received[0]["body"]) == {"new": [new], "due_soon": [], "overdue": []}
        assert [email["to"] for email in all_digests(client, mailbox)] == [[admin]]


def test_monday_seven_wita_is_still_sunday_in_utc_yet_the_wita_agency_gets_mondays_digest(
        client, staff, mailbox):
    create_staff_account(KUTAI_TIMUR_ADMIN, "agency_admin", "dpu-kutaitimur", None)
    admin = f"{KUTAI_TIMUR_ADMIN}@aduan.test"
    submitted_on(client, "2026-11-27", 10, "Jembatan kayu rapuh di Sangatta Utara",
                 region_code="64.08", agency_id="dpu-kutaitimur")  # Friday: due Wed 2 Dec WITA

    with on("2026-11-30", 6):  # Monday 07:00 WITA
        assert digest(client)["digests_queued"] == 1
        received = digests_to(client, mailbox, admin)
        assert len(received) == 1 and "30 November 2026" in received[0]["subject"]


def test_mondays_digest_counts_what_came_in_over_the_weekend(client, staff, mailbox):
    before_fridays_digest = submitted_on(client, "2026-11-27", 6, "Pohon tumbang di Jalan Basuki Rahmat")
    friday = submitted_on(client, "2026-11-27", 9, "Drainase meluap di Jalan Wiratno")
    saturday = submitted_on(client, "2026-11-28", 10, "Jalan amblas di Kampung Bugis")
    sunday = submitted_on(client, "2026-11-29", 20, "Gorong-gorong runtuh di Tanjung Unggat")

    with on("2026-11-30", 7):  # Monday
        assert digest(client)["digests_queued"] == 1
        received = digests_to(client, mailbox, staff_email("pupr_admin"))
        assert len(received) == 1
        listed = sections(received[0]["body"])
        assert listed["new"] == [friday, saturday, sunday]
        assert "3 baru" in received[0]["subject"]
        # In on Friday before 07:00 (in Friday's digest): due Wed 2 Dec, not yet "due soon" on Monday.
        assert before_fridays_digest not in received[0]["body"]


def test_the_first_digest_after_christmas_covers_the_holidays(client, staff, mailbox):
    wednesday = submitted_on(client, "2026-12-23", 8, "Jalan berlubang di Jalan Ganet")
    cuti_bersama = submitted_on(client, "2026-12-24", 10, "Lampu jalan mati di Jalan Pramuka")

    for holiday in ("2026-12-24", "2026-12-25"):  # cuti bersama, Christmas
        with on(holiday, 7):
            assert digest(client)["time_zones"] == []
    with on("2026-12-28", 7):  # Monday; the previous working day was Wednesday 23 Dec
        assert digest(client)["digests_queued"] == 1
        received = digests_to(client, mailbox, staff_email("pupr_admin"))
        assert len(received) == 1
        # Both due Wed 30 Dec (3 working days: 28, 29, 30): not yet "due soon" on Monday.
        assert sections(received[0]["body"]) == {"new": [wednesday, cuti_bersama], "due_soon": [], "overdue": []}


def test_the_totals_count_every_report_beyond_the_lines_listed(client, staff, mailbox):
    with on("2026-11-23", 10):
        submitted = [submit(client, title=f"Jalan berlubang nomor {n}")["tracking_id"] for n in range(23)]

    with on("2026-11-24", 7):
        assert digest(client)["digests_queued"] == 1
        email = digests_to(client, mailbox, staff_email("pupr_admin"))[0]
        assert "23 baru, 0 segera jatuh tempo, 0 terlambat" in email["subject"]
        listed = sections(email["body"])["new"]
        assert len(listed) == 20 and set(listed) <= set(submitted)
        assert "… 3 lainnya" in email["body"]
