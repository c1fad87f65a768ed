"""The SLA sweep (``sla_sweep``, every 15 minutes): a reminder a working day before each
deadline, the breach marked once when it has passed, each told to the right people, and
nothing twice: not when the sweep runs again, not when two run at once, not when a staff
action races it. Dates run over Christmas 2026 (24 Dec cuti bersama, 25 Dec Christmas).
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import datetime, timezone

import boto3
import time_machine
from boto3.dynamodb.conditions import Key

from chalicelib import store
from chalicelib.domain.statistics import partitions_of
from chalicelib.services import sweep
from chalicelib.store import jobs, reports
from chalicelib.store.models import StatCounterModel
from tests.conftest import create_staff_account, on, run_job, staff_email, submit

PUPR = "dpupr-tanjungpinang"
REPORTER_EMAIL = "siti@example.id"
# Told of a breach at Dinas PUPR: the agency, Tanjungpinang's coordinator, the nation, the reporter.
ESCALATED_TO = {staff_email("pupr_admin"), staff_email("coordinator_admin"), staff_email("national"),
                REPORTER_EMAIL}
LETTER_WRITER = "rt03@example.id"
NOT_TOLD = {staff_email("dishub_admin"), staff_email("binamarga_officer"), staff_email("sda_officer"),
            staff_email("oversight")}


def old_letter(**overrides) -> dict:
    """A letter received in June and only now recorded: its verification deadline is long past."""
    return {"kind": "complaint", "title": "Surat tentang drainase tersumbat",
            "description": "Surat warga RT 03 tentang saluran air yang tersumbat sejak musim hujan.",
            "region_code": "21.72", "agency_id": PUPR, "topic": "pekerjaan-umum-dan-penataan-ruang",
            "privacy": "public", "channel": "letter", "received_at": "2026-06-02T09:00:00+07:00",
            "late_reason": "Surat baru ditemukan saat arsip dipindahkan.",
            "reporter": {"name": "Pak RT", "email": LETTER_WRITER, "phone": "0813 1111 2222"}, **overrides}


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


def events_of(case: dict, event_type: str) -> list[dict]:
    return [entry for entry in case["timeline"] if entry["event_type"] == event_type]


def breaches(case: dict) -> list[tuple[str, str]]:
    return [(breach["stage"], breach["deadline"]) for breach in case["breaches"]]


def overdue_ids(staff, name: str = "pupr_admin") -> list[str]:
    response = staff.get(name, "/admin/reports?queue=overdue")
    assert response.status_code == 200, response.json
    return [item["tracking_id"] for item in response.json["items"]]


def breaches_counted(scope: str) -> int:
    """The ``breached`` statistics counter of a scope, summed over day items and shard partitions."""
    settings = store.ready()
    table = boto3.resource("dynamodb").Table(StatCounterModel.Meta.table_name)
    items = [item for partition in partitions_of(scope, settings.hot_counter_shards)
             for item in table.query(KeyConditionExpression=Key("scope").eq(partition)
                                     & Key("period_shard").begins_with("D#"))["Items"]]
    return sum(int(item.get("breached", 0)) for item in items)


def verified_report(client, staff, unit_id: str | None = None) -> str:
    """Submitted and verified on Monday 23 Nov 2026, 09:00 WIB: first response due Mon 30 Nov,
    completion (simple complaint, 14 working days) due Fri 11 Dec."""
    with on("2026-11-23", 9):
        tracking_id = submit(client)["tracking_id"]
        verified = staff.act("pupr_admin", tracking_id, "verify", {"agency_id": PUPR, "unit_id": unit_id})
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
        reminded = events_of(case_of(staff, tracking_id), "reminded")
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
        assert case["breaches"][0]["detected_at"] == "2026-12-31T00:15:00+07:00"
        assert case["status"] == "submitted"
        assert event_types(case).count("deadline_breached") == 1
        assert tracking_id in overdue_ids(staff)
        assert tracking_id in overdue_ids(staff, "national")

        public = client.get(f"/reports/{tracking_id}")
        assert public.status_code == 200
        public_breaches = events_of(public.json, "deadline_breached")
        assert [(entry["details"]["stage"], entry["details"]["deadline"]) for entry in public_breaches] == [
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
        reminded = [entry["details"]["stage"] for entry in events_of(case, "reminded")]
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


def test_the_reminder_of_an_assigned_report_also_goes_to_the_units_officers(client, staff, mailbox):
    tracking_id = verified_report(client, staff, unit_id="dpupr-tanjungpinang.bina-marga")
    outbox = Outbox(client, mailbox)

    with on("2026-11-27", 8):
        assert sla_sweep(client)["handled"] == {"reminder": 1}
        reminders = outbox.new()
        assert recipients(reminders) == {staff_email("pupr_admin"), staff_email("binamarga_officer")}
        assert all(tracking_id in email["subject"] for email in reminders)


def test_a_wita_agency_is_reminded_at_eight_and_breached_at_midnight_wita(client, staff, mailbox):
    create_staff_account("admin.dpu-kutaitimur", "agency_admin", "dpu-kutaitimur", None)
    kutai_timur_admin = "admin.dpu-kutaitimur@aduan.test"
    with on("2026-11-23", 10):
        receipt = submit(client, region_code="64.08", agency_id="dpu-kutaitimur")
        tracking_id = receipt["tracking_id"]
        assert receipt["deadlines"]["verification_due"] == "2026-11-26T23:59:59+08:00"
        outbox = Outbox(client, mailbox)

    with at("2026-11-25T06:45:00+07:00"):  # 07:45 WITA
        assert sla_sweep(client)["handled"] == {}
    with at("2026-11-25T07:00:00+07:00"):  # 08:00 WITA
        assert sla_sweep(client)["handled"] == {"reminder": 1}
        assert [email["to"] for email in outbox.new()] == [[kutai_timur_admin]]
    with at("2026-11-26T22:45:00+07:00"):  # 23:45 WITA on the deadline day
        assert sla_sweep(client)["handled"] == {}
    with at("2026-11-26T23:00:00+07:00"):  # midnight WITA
        assert sla_sweep(client)["handled"] == {"breach": 1}
        escalations = outbox.new()
        assert {kutai_timur_admin, staff_email("national"), REPORTER_EMAIL} <= recipients(escalations)
        assert staff_email("coordinator_admin") not in recipients(escalations)  # Tanjungpinang's, not theirs
        assert all(tracking_id in email["subject"] for email in escalations)


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
        reminded = events_of(case_of(staff, tracking_id), "reminded")
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
        held = staff.act("pupr_admin", tracking_id, "hold", {"message": "Mohon lengkapi alamat."})
        assert held.status_code == 200, held.json
    with on("2026-11-26", 10):
        staff.sign_out_all()
        resumed = staff.act("pupr_admin", tracking_id, "resume")
        # Paused on one working day (26 Nov): due Friday 27 Nov, reminded at once (08:00 Thursday has passed).
        assert resumed.json["deadlines"]["verification_due"] == "2026-11-27T23:59:59+07:00"
        assert sla_sweep(client)["handled"] == {"reminder": 1}
        case = case_of(staff, tracking_id)
        reminded = [entry["details"]["deadline"] for entry in events_of(case, "reminded")]
        assert reminded == ["2026-11-26T23:59:59+07:00", "2026-11-27T23:59:59+07:00"]


def test_resuming_a_report_already_overdue_does_not_escalate_the_same_stage_again(client, staff, mailbox):
    with on("2026-11-23", 10):
        tracking_id = submit(client)["tracking_id"]  # verification due Thu 26 Nov
    with on("2026-11-25", 8):
        assert sla_sweep(client)["handled"] == {"reminder": 1}
    with at("2026-11-27T00:15:00+07:00"):
        assert sla_sweep(client)["handled"] == {"breach": 1}
    with on("2026-12-01", 10):
        staff.sign_out_all()
        held = staff.act("pupr_admin", tracking_id, "hold", {"message": "Mohon lampirkan foto lokasi."})
        assert held.status_code == 200, held.json
        outbox = Outbox(client, mailbox)
    with on("2026-12-02", 10):
        staff.sign_out_all()
        resumed = staff.act("pupr_admin", tracking_id, "resume")
        assert resumed.status_code == 200, resumed.json
        outbox.new()  # anything the resume itself sends

        sla_sweep(client)
        assert [stage for stage, _ in breaches(case_of(staff, tracking_id))] == ["verification"]
        assert outbox.new() == []


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

        # Both runs start together (each begins by reading the job's watermark) and both have read
        # the report before either writes.
        both_started, both_have_read = threading.Barrier(2, timeout=10), threading.Barrier(2, timeout=10)
        real_open_from, real_save = jobs.open_from, reports.save_change

        def open_from_when_both_started(*args, **kwargs):
            both_started.wait()
            return real_open_from(*args, **kwargs)

        def save_after_both_read(*args, **kwargs):
            both_have_read.wait()
            return real_save(*args, **kwargs)

        monkeypatch.setattr(jobs, "open_from", open_from_when_both_started)
        monkeypatch.setattr(reports, "save_change", save_after_both_read)
        now = datetime.now(timezone.utc)
        results = []
        threads = [threading.Thread(target=lambda: results.append(sweep.sla_sweep(now))) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        monkeypatch.setattr(jobs, "open_from", real_open_from)
        monkeypatch.setattr(reports, "save_change", real_save)

        assert len(results) == 2
        assert sorted(result.handled.get("breach", 0) for result in results) == [0, 1]
        assert sum(result.conflicts for result in results) == 1
        assert sum(result.failures for result in results) == 0
        case = case_of(staff, tracking_id)
        assert len(case["breaches"]) == 1
        assert event_types(case).count("deadline_breached") == 1
        assert breaches_counted(f"agency#{PUPR}") == 1
        assert breaches_counted("national") == 1

        escalations = outbox.new()
        for address in (ESCALATED_TO - {REPORTER_EMAIL}) | {LETTER_WRITER}:
            assert len([email for email in escalations if address in email["to"]]) == 1, address
        assert len(mailbox.sms()) == sms_before + 1


def test_the_first_sweep_ever_still_finds_a_report_whose_deadline_passed_days_ago(client, staff, mailbox):
    with on("2026-11-23", 10):  # verification due Thu 26 Nov; filed for its reminder on Wed 25 Nov
        tracking_id = submit(client)["tracking_id"]

    with on("2026-11-30", 10):  # the sweep runs for the first time
        assert tracking_id in overdue_ids(staff)
        assert sla_sweep(client)["handled"] == {"breach": 1}
        assert breaches(case_of(staff, tracking_id)) == [("verification", "2026-11-26T23:59:59+07:00")]


# --- cost -------------------------------------------------------------------------------------


def test_the_sweep_reads_only_the_reports_that_are_due(client, staff):
    with on("2026-11-23", 10):
        for _ in range(30):
            submit(client)  # reminded on Wednesday 25 Nov at 08:00, the same UTC day as the sweep below
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
        assert [len(case_of(staff, tracking_id)["breaches"]) for tracking_id in due] == [1, 1]

    with on("2026-11-25", 8):
        result = sla_sweep(client)
        assert (result["handled"], result["reports_read"]) == ({"reminder": 30}, 30)
        assert sla_sweep(client)["reports_read"] == 0


# --- a staff action racing the sweep -------------------------------------------------------------


def test_a_staff_action_racing_the_sweep_wins_and_the_next_sweep_still_marks_the_breach(
        client, staff, monkeypatch):
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
