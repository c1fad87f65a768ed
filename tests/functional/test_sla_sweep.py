"""The SLA sweep (``sla_sweep``, every 15 minutes): a reminder a working day before each
deadline, the breach marked once when it has passed, each told to the right people, and
nothing twice: not when the sweep runs again, not when two run at once, not when a staff
action races it. Dates run over Christmas 2026 (24 Dec cuti bersama, 25 Dec Christmas).
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import datetime

import time_machine

from chalicelib.services import sweep
from chalicelib.store import reports
from tests.conftest import on, run_job, staff_email, submit

PUPR = "dpupr-tanjungpinang"
REPORTER_EMAIL = "siti@example.id"
ESCALATED_TO = {staff_email("pupr_admin"), staff_email("coordinator_admin"), staff_email("national"), REPORTER_EMAIL}
NOT_TOLD = {staff_email("dishub_admin"), staff_email("binamarga_officer"), staff_email("sda_officer"),
            staff_email("oversight")}


def old_letter(**overrides) -> dict:
    """A letter received in June and only now recorded: its verification deadline is long past."""
    return {"kind": "complaint", "title": "Surat tentang drainase tersumbat",
            "description": "Surat warga RT 03 tentang saluran air yang tersumbat sejak musim hujan.",
            "region_code": "21.72", "agency_id": PUPR, "topic": "pekerjaan-umum-dan-penataan-ruang",
            "privacy": "public", "channel": "letter", "received_at": "2026-06-02T09:00:00+07:00",
            "reporter": {"name": "Pak RT", "email": "rt03@example.id", "phone": "0813 1111 2222"}, **overrides}


@contextmanager
def at(instant: str):
    """Frozen at an exact instant, e.g. ``2026-12-31T00:15:00+07:00``."""
    with time_machine.travel(datetime.fromisoformat(instant), tick=False):
        yield


def sla_sweep(client) -> dict:
    return run_job(client, "sla_sweep")


class Outbox:
    """The e-mails sent since the last look, after the sender has run."""

    def __init__(self, client, mailbox):
        self.client, self.mailbox = client, mailbox
        run_job(client, "send_notifications")
        self.seen = len(mailbox.emails())

    def new(self) -> list[dict]:
        run_job(self.client, "send_notifications")
        emails = self.mailbox.emails()
        fresh, self.seen = emails[self.seen:], len(emails)
        return fresh


def recipients(emails: list[dict]) -> set[str]:
    return {address for email in emails for address in email["to"]}


def case_of(staff, tracking_id: str) -> dict:
    response = staff.get("pupr_admin", f"/admin/reports/{tracking_id}")
    assert response.status_code == 200, response.json
    return response.json


def event_types(case: dict) -> list[str]:
    return [entry["event_type"] for entry in case["timeline"]]


def breaches(case: dict) -> list[tuple[str, str]]:
    return [(breach["stage"], breach["deadline"]) for breach in case["breaches"]]


def overdue_ids(staff, name: str = "pupr_admin") -> list[str]:
    response = staff.get(name, "/admin/reports?queue=overdue")
    assert response.status_code == 200, response.json
    return [item["tracking_id"] for item in response.json["items"]]


def verified_report(client, staff) -> str:
    """Submitted and verified on Monday 23 Nov 2026, 09:00 WIB: first response due Mon 30 Nov,
    completion (simple complaint, 14 working days) due Fri 11 Dec."""
    with on("2026-11-23", 9):
        tracking_id = submit(client)["tracking_id"]
        verified = staff.act("pupr_admin", tracking_id, "verify", {"agency_id": PUPR})
        assert verified.status_code == 200, verified.json
        assert verified.json["deadlines"]["first_response_due"] == "2026-11-30T23:59:59+07:00"
        assert verified.json["deadlines"]["completion_due"] == "2026-12-11T23:59:59+07:00"
    return tracking_id


# --- a report nobody verifies over Christmas ---------------------------------------------------


def test_an_unverified_report_is_reminded_the_working_day_before_and_breached_after_christmas(
        client, staff, mailbox):
    with on("2026-12-23", 10):  # Wednesday
        tracking_id = submit(client)["tracking_id"]
        # 3 working days: (24 Dec cuti bersama, 25 Dec Christmas, weekend) 28, 29, 30 Dec.
        assert case_of(staff, tracking_id)["deadlines"]["verification_due"] == "2026-12-30T23:59:59+07:00"
        outbox = Outbox(client, mailbox)  # the receipt and the new-report mail are out of the way

    with on("2026-12-28", 10):
        assert sla_sweep(client)["handled"] == {}
        assert outbox.new() == []

    with on("2026-12-29", 7):
        assert sla_sweep(client)["handled"] == {}

    with on("2026-12-29", 8):
        staff.sign_out_all()
        assert sla_sweep(client)["handled"] == {"reminder": 1}
        reminders = outbox.new()
        assert [email["to"] for email in reminders] == [[staff_email("pupr_admin")]]
        assert tracking_id in reminders[0]["subject"] and tracking_id in reminders[0]["body"]
        assert "Pengingat" in reminders[0]["subject"]
        assert "30 Desember 2026" in reminders[0]["body"]
        reminded = [entry for entry in case_of(staff, tracking_id)["timeline"] if entry["event_type"] == "reminded"]
        assert [(entry["visibility"], entry["details"]["stage"]) for entry in reminded] == [
            ("internal", "verification")]

        assert sla_sweep(client)["handled"] == {}

    with on("2026-12-29", 16):
        assert sla_sweep(client)["handled"] == {}
        assert outbox.new() == []

    with on("2026-12-30", 23):  # the last hour of the deadline day
        staff.sign_out_all()
        assert sla_sweep(client)["handled"] == {}
        assert tracking_id not in overdue_ids(staff)

    with at("2026-12-31T00:15:00+07:00"):
        staff.sign_out_all()
        assert sla_sweep(client)["handled"] == {"breach": 1}

        case = case_of(staff, tracking_id)
        assert breaches(case) == [("verification", "2026-12-30T23:59:59+07:00")]
        assert case["status"] == "submitted"
        assert event_types(case).count("deadline_breached") == 1
        assert tracking_id in overdue_ids(staff)
        assert tracking_id in overdue_ids(staff, "national")

        public = client.get(f"/reports/{tracking_id}")
        assert public.status_code == 200
        public_events = [entry for entry in public.json["timeline"] if entry["event_type"] == "deadline_breached"]
        assert [(entry["details"]["stage"], entry["details"]["deadline"]) for entry in public_events] == [
            ("verification", "2026-12-30T23:59:59+07:00")]
        assert "reminded" not in event_types(public.json)  # the reminder was internal

        escalations = outbox.new()
        assert ESCALATED_TO <= recipients(escalations)
        assert not NOT_TOLD & recipients(escalations)
        assert all(tracking_id in email["subject"] for email in escalations)
        for address in ESCALATED_TO:
            assert len([email for email in escalations if address in email["to"]]) == 1, address

        assert sla_sweep(client)["handled"] == {}
        assert outbox.new() == []


# --- a report with the agency ------------------------------------------------------------------


def test_first_response_and_completion_are_each_reminded_and_breached_once(client, staff, mailbox):
    tracking_id = verified_report(client, staff)
    outbox = Outbox(client, mailbox)
    expected = [
        ("2026-11-26T10:00:00+07:00", {}),
        ("2026-11-27T08:00:00+07:00", {"reminder": 1}),  # first response, due Monday
        ("2026-11-27T16:00:00+07:00", {}),
        ("2026-11-30T23:45:00+07:00", {}),
        ("2026-12-01T00:15:00+07:00", {"breach": 1}),  # first response
        ("2026-12-09T10:00:00+07:00", {}),
        ("2026-12-10T08:00:00+07:00", {"reminder": 1}),  # completion, due Friday
        ("2026-12-11T23:45:00+07:00", {}),
        ("2026-12-12T00:15:00+07:00", {"breach": 1}),  # completion (a Saturday: the sweep runs anyway)
        ("2026-12-14T10:00:00+07:00", {}),
    ]
    handled = []
    for instant, _ in expected:
        with at(instant):
            handled.append((instant, sla_sweep(client)["handled"]))
    assert handled == expected

    with on("2026-12-14", 10):
        staff.sign_out_all()
        case = case_of(staff, tracking_id)
        assert breaches(case) == [("first_response", "2026-11-30T23:59:59+07:00"),
                                  ("completion", "2026-12-11T23:59:59+07:00")]
        reminded = [entry["details"]["stage"] for entry in case["timeline"] if entry["event_type"] == "reminded"]
        assert reminded == ["first_response", "completion"]
        assert event_types(case).count("deadline_breached") == 2
        sent = outbox.new()
        to_pupr = [email["subject"] for email in sent if staff_email("pupr_admin") in email["to"]]
        assert len(to_pupr) == 4  # two reminders, two breaches
        assert len([email for email in sent if staff_email("national") in email["to"]]) == 2


def test_answering_stops_the_first_response_clock(client, staff, mailbox):
    tracking_id = verified_report(client, staff)
    with on("2026-11-27", 8):
        staff.sign_out_all()
        assert sla_sweep(client)["handled"] == {"reminder": 1}
    with on("2026-11-30", 10):
        staff.sign_out_all()
        assert staff.act("pupr_admin", tracking_id, "start").status_code == 200
        answered = staff.act("pupr_admin", tracking_id, "respond", {"message": "Lubang sudah ditambal."})
        assert answered.status_code == 200, answered.json
        outbox = Outbox(client, mailbox)

    with at("2026-12-01T00:15:00+07:00"):
        staff.sign_out_all()
        assert sla_sweep(client)["handled"] == {}
        case = case_of(staff, tracking_id)
        assert case["breaches"] == []
        assert "deadline_breached" not in event_types(case)
        assert tracking_id not in overdue_ids(staff)
        assert outbox.new() == []
    with on("2026-12-12", 10):  # past the completion deadline too: the agency has answered
        assert sla_sweep(client)["handled"] == {}


# --- on hold ---------------------------------------------------------------------------------


def test_on_hold_pauses_reminder_and_breach_and_resuming_moves_them_later(client, staff, mailbox):
    with on("2026-11-23", 10):  # Monday: verification due Thursday 26 Nov, reminder Wednesday 08:00
        tracking_id = submit(client)["tracking_id"]
    with on("2026-11-24", 10):
        held = staff.act("pupr_admin", tracking_id, "hold", {"message": "Mohon lampirkan foto lokasi."})
        assert held.status_code == 200, held.json
        outbox = Outbox(client, mailbox)

    for instant in ("2026-11-25T08:30:00+07:00", "2026-11-27T00:15:00+07:00", "2026-11-30T09:00:00+07:00"):
        with at(instant):
            assert sla_sweep(client)["handled"] == {}, instant
    assert outbox.new() == []

    with on("2026-11-30", 10):  # Monday
        staff.sign_out_all()
        resumed = staff.act("pupr_admin", tracking_id, "resume")
        assert resumed.status_code == 200, resumed.json
        # Paused on the working days 25, 26, 27 and 30 Nov: due four working days later, Wed 2 Dec.
        assert resumed.json["deadlines"]["verification_due"] == "2026-12-02T23:59:59+07:00"
        assert case_of(staff, tracking_id)["breaches"] == []
        outbox.new()

    with on("2026-12-01", 7):
        assert sla_sweep(client)["handled"] == {}
    with on("2026-12-01", 8):
        staff.sign_out_all()
        assert sla_sweep(client)["handled"] == {"reminder": 1}
        reminded = [entry for entry in case_of(staff, tracking_id)["timeline"] if entry["event_type"] == "reminded"]
        assert [entry["details"]["deadline"] for entry in reminded] == ["2026-12-02T23:59:59+07:00"]
        assert [email["to"] for email in outbox.new()] == [[staff_email("pupr_admin")]]
    with at("2026-12-02T23:45:00+07:00"):
        assert sla_sweep(client)["handled"] == {}
    with at("2026-12-03T00:15:00+07:00"):
        staff.sign_out_all()
        assert sla_sweep(client)["handled"] == {"breach": 1}
        assert breaches(case_of(staff, tracking_id)) == [("verification", "2026-12-02T23:59:59+07:00")]


def test_a_report_held_after_its_reminder_is_reminded_again_for_its_new_deadline(client, staff):
    with on("2026-11-23", 10):
        tracking_id = submit(client)["tracking_id"]
    with on("2026-11-25", 8):
        assert sla_sweep(client)["handled"] == {"reminder": 1}
    with on("2026-11-25", 10):
        assert staff.act("pupr_admin", tracking_id, "hold", {"message": "Mohon lengkapi alamat."}).status_code == 200
    with on("2026-11-26", 10):
        staff.sign_out_all()
        resumed = staff.act("pupr_admin", tracking_id, "resume")
        # Paused on one working day (26 Nov): due Friday 27 Nov, reminded at once (08:00 Thursday has passed).
        assert resumed.json["deadlines"]["verification_due"] == "2026-11-27T23:59:59+07:00"
        assert sla_sweep(client)["handled"] == {"reminder": 1}
        reminded = [entry["details"]["deadline"] for entry in case_of(staff, tracking_id)["timeline"]
                    if entry["event_type"] == "reminded"]
        assert reminded == ["2026-11-26T23:59:59+07:00", "2026-11-27T23:59:59+07:00"]


# --- nothing twice ----------------------------------------------------------------------------


def test_running_the_sweep_twice_at_the_same_instant_does_nothing_more(client, staff, mailbox):
    with on("2026-11-23", 10):
        tracking_id = submit(client)["tracking_id"]
    with on("2026-11-25", 8):
        outbox = Outbox(client, mailbox)
        assert sla_sweep(client)["handled"] == {"reminder": 1}
        second = sla_sweep(client)
        assert second["handled"] == {} and second["conflicts"] == 0
        assert len(outbox.new()) == 1
        events = event_types(case_of(staff, tracking_id))
        assert events.count("reminded") == 1


def test_two_sweeps_at_once_mark_the_breach_once_and_notify_once(client, staff, mailbox, monkeypatch):
    with on("2026-11-23", 10):
        recorded = staff.post("pupr_admin", "/admin/reports", old_letter())
        assert recorded.status_code == 201, recorded.json
        tracking_id = recorded.json["tracking_id"]
        outbox = Outbox(client, mailbox)
        sms_before = len(mailbox.sms())

        both_have_read = threading.Barrier(2, timeout=10)
        # DynamoDB serialises conflicting transactions; moto in-process does not, so writes take turns.
        one_writer_at_a_time = threading.Lock()
        real_save = reports.save_change

        def save_after_both_read(*args, **kwargs):
            both_have_read.wait()
            with one_writer_at_a_time:
                return real_save(*args, **kwargs)

        monkeypatch.setattr(reports, "save_change", save_after_both_read)
        now = datetime.now().astimezone()
        results = []
        threads = [threading.Thread(target=lambda: results.append(sweep.sla_sweep(now))) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        monkeypatch.setattr(reports, "save_change", real_save)

        assert len(results) == 2
        assert sorted(result.handled.get("breach", 0) for result in results) == [0, 1]
        assert sum(result.conflicts for result in results) == 1
        assert sum(result.failures for result in results) == 0
        case = case_of(staff, tracking_id)
        assert len(case["breaches"]) == 1
        assert event_types(case).count("deadline_breached") == 1

        escalations = outbox.new()
        for address in ESCALATED_TO - {REPORTER_EMAIL} | {"rt03@example.id"}:
            assert len([email for email in escalations if address in email["to"]]) == 1, address
        assert len(mailbox.sms()) == sms_before + 1


# --- cost -------------------------------------------------------------------------------------


def test_the_sweep_reads_only_the_reports_that_are_due(client, staff):
    with on("2026-11-23", 10):
        not_yet_due = [submit(client)["tracking_id"] for _ in range(30)]  # reminded Wed 25 Nov, 08:00
    with on("2026-11-25", 7):
        due = []
        for _ in range(2):
            recorded = staff.post("pupr_admin", "/admin/reports", old_letter())
            assert recorded.status_code == 201, recorded.json
            due.append(recorded.json["tracking_id"])

    with at("2026-11-25T07:45:00+07:00"):
        result = sla_sweep(client)
        assert result["handled"] == {"breach": 2}
        assert result["reports_read"] == 2

    with on("2026-11-25", 8):
        result = sla_sweep(client)
        assert result["handled"] == {"reminder": 30}
        assert result["reports_read"] == 30
        assert sla_sweep(client)["reports_read"] == 0
    assert len(set(not_yet_due)) == 30


# --- a staff action racing the sweep -------------------------------------------------------------


def test_a_staff_action_racing_the_sweep_wins_and_the_next_sweep_still_marks_the_breach(
        client, staff, mailbox, monkeypatch):
    tracking_id = verified_report(client, staff)
    with on("2026-11-27", 8):
        assert sla_sweep(client)["handled"] == {"reminder": 1}

    with at("2026-12-01T00:15:00+07:00"):  # the first-response deadline (30 Nov) has passed
        staff.sign_out_all()
        staff.token("pupr_admin")
        real_save = reports.save_change
        raced = []

        def officer_acts_first(report, *args, **kwargs):
            if not raced and report.tracking_id == tracking_id:
                raced.append(True)
                started = staff.act("pupr_admin", tracking_id, "start")
                assert started.status_code == 200, started.json
            return real_save(report, *args, **kwargs)

        monkeypatch.setattr(reports, "save_change", officer_acts_first)
        raced_run = sla_sweep(client)
        monkeypatch.setattr(reports, "save_change", real_save)

        assert raced == [True]
        assert raced_run["conflicts"] == 1
        assert raced_run["handled"] == {}
        case = case_of(staff, tracking_id)
        assert case["status"] == "in_progress"  # the officer's action stands
        assert case["breaches"] == []

    with at("2026-12-01T00:30:00+07:00"):
        staff.sign_out_all()
        next_run = sla_sweep(client)
        assert next_run["handled"] == {"breach": 1}
        assert next_run["conflicts"] == 0
        case = case_of(staff, tracking_id)
        assert breaches(case) == [("first_response", "2026-11-30T23:59:59+07:00")]
        assert case["status"] == "in_progress"
        assert event_types(case).count("deadline_breached") == 1


def test_when_the_racing_action_settles_the_deadline_the_next_sweep_has_nothing_to_do(
        client, staff, monkeypatch):
    with on("2026-11-23", 10):
        recorded = staff.post("pupr_admin", "/admin/reports", old_letter())
        tracking_id = recorded.json["tracking_id"]
        real_save = reports.save_change
        raced = []

        def officer_verifies_first(report, *args, **kwargs):
            if not raced and report.tracking_id == tracking_id:
                raced.append(True)
                assert staff.act("pupr_admin", tracking_id, "verify", {"agency_id": PUPR}).status_code == 200
            return real_save(report, *args, **kwargs)

        monkeypatch.setattr(reports, "save_change", officer_verifies_first)
        assert sla_sweep(client)["conflicts"] == 1
        monkeypatch.setattr(reports, "save_change", real_save)

        assert sla_sweep(client)["handled"] == {}
        assert case_of(staff, tracking_id)["status"] == "dispositioned"
