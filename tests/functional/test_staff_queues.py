"""Staff work queues: GET /admin/reports?queue=&status=&agency_id=&cursor=&limit= (DESIGN §3).

Which report is in which queue, who sees which reports, the filters and their refusals,
pages that neither repeat nor skip a report (also across the eight national shards), and
the overdue queue as the clock passes an agency deadline.
"""
from __future__ import annotations

import base64
import json
import math
import os
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

import boto3
import pytest
import time_machine

from chalicelib.domain.queues import shard_of
from chalicelib.store import staff as staff_store
from chalicelib.store.models import StaffModel
from tests.conftest import STAFF_PASSWORD, Staff, submit

WIB = timezone(timedelta(hours=7))
# A Monday with no holiday in the week: verification is due Thursday 23:59:59 WIB.
MONDAY_10_WIB = datetime(2026, 11, 23, 10, 0, tzinfo=WIB)
PUPR, DISHUB = "dpupr-tanjungpinang", "dishub-tanjungpinang"
BINA_MARGA, SDA = "dpupr-tanjungpinang.bina-marga", "dpupr-tanjungpinang.sumber-daya-air"


def at(instant: datetime):
    return time_machine.travel(instant, tick=False)


def submit_at(client, instant: datetime, **overrides) -> str:
    with at(instant):
        return submit(client, **overrides)["tracking_id"]


def queue_path(**params) -> str:
    params = {key: value for key, value in params.items() if value is not None}
    return "/admin/reports" + (f"?{urlencode(params)}" if params else "")


def listed(staff, name: str, **params) -> dict:
    response = staff.get(name, queue_path(**params))
    assert response.status_code == 200, response.json
    return response.json


def ids(page: dict) -> list[str]:
    return [item["tracking_id"] for item in page["items"]]


def all_pages(staff, name: str, **params) -> list[list[str]]:
    """Every page of a listing, following the cursor to its end."""
    pages, cursor = [], None
    for _ in range(50):
        page = listed(staff, name, **params, cursor=cursor)
        pages.append(ids(page))
        cursor = page["cursor"]
        if cursor is None:
            return pages
    raise AssertionError(f"the cursor never ended: {pages}")


def everything(staff, name: str, **params) -> list[str]:
    return [tracking_id for page in all_pages(staff, name, **params, limit=100) for tracking_id in page]


def act(staff, name: str, tracking_id: str, action: str, body=None) -> dict:
    response = staff.act(name, tracking_id, action, body)
    assert response.status_code == 200, response.json
    return response.json


def assert_refused(response, status: int, code: str, field: str | None = None, detail_code: str | None = None):
    assert response.status_code == status, response.json
    error = response.json["error"]
    assert error["code"] == code, error
    if field is not None:
        assert [problem["field"] for problem in error["details"]] == [field], error
    if detail_code is not None:
        assert detail_code in [problem["code"] for problem in error["details"]], error
    return error


def cursor_of(positions: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(positions).encode()).decode().rstrip("=")


def reply_as_reporter(client, receipt: dict) -> None:
    response = client.post(f"/reports/{receipt['tracking_id']}/replies", {"message": "Belum, masih berlubang."},
                           headers={"Authorization": f"Bearer {receipt['access_token']}"})
    assert response.status_code == 200, response.json


def one_report_in_each_status(client, staff) -> dict[str, str]:
    """Dinas PUPR's reports, one per status, each moved there through the API."""
    receipts = {status: submit(client) for status in (
        "submitted", "on_hold", "dispositioned", "in_progress", "reporter_replied", "responded", "closed",
        "archived")}
    reports = {status: receipt["tracking_id"] for status, receipt in receipts.items()}
    act(staff, "pupr_admin", reports["on_hold"], "hold", {"message": "Mohon lampirkan foto lokasi."})
    for status in ("dispositioned", "in_progress", "reporter_replied", "responded", "closed"):
        act(staff, "pupr_admin", reports[status], "verify", {"agency_id": PUPR})
    for status in ("in_progress", "reporter_replied", "responded", "closed"):
        act(staff, "pupr_admin", reports[status], "start")
    for status in ("reporter_replied", "responded", "closed"):
        act(staff, "pupr_admin", reports[status], "respond", {"message": "Lubang sudah ditambal kemarin."})
    reply_as_reporter(client, receipts["reporter_replied"])
    act(staff, "pupr_admin", reports["closed"], "close")
    act(staff, "pupr_admin", reports["archived"], "archive", {"reason": "spam"})
    return reports


# --- which report is in which queue -------------------------------------------------------


def test_each_queue_holds_exactly_the_statuses_it_is_for(client, staff):
    reports = one_report_in_each_status(client, staff)
    expected = {"verification": {"submitted", "on_hold"},
                "inbox": {"dispositioned", "in_progress", "reporter_replied"},
                "answered": {"responded"}, "done": {"closed", "archived"}}
    for queue, statuses in expected.items():
        page = listed(staff, "pupr_admin", queue=queue)
        assert page["queue"] == queue and page["status"] is None and page["agency_id"] == PUPR
        assert page["cursor"] is None
        shown = {item["tracking_id"]: item["status"] for item in page["items"]}
        assert shown == {reports[status]: status for status in statuses}, queue


def test_a_queue_line_shows_status_deadline_and_version_for_the_next_action(client, staff):
    receipt = submit(client)
    [item] = listed(staff, "pupr_admin", queue="verification")["items"]
    assert item["tracking_id"] == receipt["tracking_id"]
    assert item["status"] == "submitted" and item["agency_id"] == PUPR and item["unit_id"] is None
    assert item["overdue"] is False and item["version"] == 1
    due = datetime.fromisoformat(receipt["deadlines"]["verification_due"])
    assert item["next_due_at"] == due.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    act(staff, "pupr_admin", receipt["tracking_id"], "verify", {"agency_id": PUPR})
    assert listed(staff, "pupr_admin", queue="verification")["items"] == []
    [item] = listed(staff, "pupr_admin", queue="inbox")["items"]
    assert item["status"] == "dispositioned" and item["version"] == 2
    assert item["next_due_at"] > due.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_without_a_queue_an_admin_sees_verification_and_a_unit_officer_sees_the_inbox(client, staff):
    waiting = submit(client)["tracking_id"]
    assigned = submit(client)["tracking_id"]
    act(staff, "pupr_admin", assigned, "verify", {"agency_id": PUPR, "unit_id": BINA_MARGA})

    admin_page = listed(staff, "pupr_admin")
    assert admin_page["queue"] == "verification" and ids(admin_page) == [waiting]
    officer_page = listed(staff, "binamarga_officer")
    assert officer_page["queue"] == "inbox" and ids(officer_page) == [assigned]


def test_a_status_alone_picks_its_queue(client, staff):
    reports = one_report_in_each_status(client, staff)
    page = listed(staff, "pupr_admin", status="responded")
    assert page["queue"] == "answered" and page["status"] == "responded"
    assert ids(page) == [reports["responded"]]


def test_verification_lists_oldest_first_and_done_lists_newest_first(client, staff):
    received = [submit_at(client, MONDAY_10_WIB + timedelta(minutes=minute)) for minute in (0, 5, 10, 15)]
    # Archived in another order than received: the done queue goes by when each was finished.
    archive_order = [received[2], received[0], received[3]]
    for minute, tracking_id in enumerate(archive_order):
        with at(MONDAY_10_WIB + timedelta(minutes=30 + minute)):
            act(Staff(client), "pupr_admin", tracking_id, "archive", {"reason": "duplicate"})

    staff = Staff(client)
    assert ids(listed(staff, "pupr_admin", queue="verification")) == [received[1]]
    assert ids(listed(staff, "pupr_admin", queue="done")) == list(reversed(archive_order))
    assert ids(listed(staff, "national", queue="done")) == list(reversed(archive_order))


# --- who sees what ----------------------------------------------------------------------


def test_an_agency_admin_sees_only_its_own_agencys_reports(client, staff):
    pupr_report = submit(client)["tracking_id"]
    dishub_report = submit(client, agency_id=DISHUB, topic=None)["tracking_id"]

    assert ids(listed(staff, "pupr_admin", queue="verification")) == [pupr_report]
    assert ids(listed(staff, "dishub_admin", queue="verification")) == [dishub_report]
    assert ids(listed(staff, "pupr_admin", queue="verification", agency_id=PUPR)) == [pupr_report]
    assert ids(listed(staff, "coordinator_admin", queue="verification")) == []


@pytest.mark.parametrize("name", ["pupr_admin", "binamarga_officer"])
def test_asking_for_another_agencys_queue_is_forbidden(client, staff, name):
    submit(client, agency_id=DISHUB, topic=None)
    response = staff.get(name, queue_path(queue="verification", agency_id=DISHUB))
    assert_refused(response, 403, "forbidden")


@pytest.mark.parametrize("name", ["national", "oversight"])
def test_national_admins_and_oversight_see_every_agency_and_may_narrow_to_one(client, staff, name):
    pupr_report = submit(client)["tracking_id"]
    dishub_report = submit(client, agency_id=DISHUB, topic=None)["tracking_id"]

    page = listed(staff, name, queue="verification")
    assert page["agency_id"] is None
    assert sorted(ids(page)) == sorted([pupr_report, dishub_report])
    narrowed = listed(staff, name, queue="verification", agency_id=DISHUB)
    assert narrowed["agency_id"] == DISHUB and ids(narrowed) == [dishub_report]


def test_a_unit_officer_sees_only_the_reports_assigned_to_its_unit(client, staff):
    to_bina_marga = submit(client)["tracking_id"]
    to_sda = submit(client)["tracking_id"]
    unassigned = submit(client)["tracking_id"]
    not_verified = submit(client)["tracking_id"]
    act(staff, "pupr_admin", to_bina_marga, "verify", {"agency_id": PUPR, "unit_id": BINA_MARGA})
    act(staff, "pupr_admin", to_sda, "verify", {"agency_id": PUPR, "unit_id": SDA})
    act(staff, "pupr_admin", unassigned, "verify", {"agency_id": PUPR})

    assert ids(listed(staff, "binamarga_officer", queue="inbox")) == [to_bina_marga]
    assert ids(listed(staff, "sda_officer", queue="inbox")) == [to_sda]
    assert ids(listed(staff, "binamarga_officer", queue="verification")) == []
    assert ids(listed(staff, "binamarga_officer", queue="inbox", agency_id=PUPR)) == [to_bina_marga]
    assert sorted(ids(listed(staff, "pupr_admin", queue="inbox"))) == sorted([to_bina_marga, to_sda, unassigned])
    assert ids(listed(staff, "pupr_admin", queue="verification")) == [not_verified]

    act(staff, "binamarga_officer", to_bina_marga, "start")
    act(staff, "binamarga_officer", to_bina_marga, "respond", {"message": "Sudah ditambal."})
    assert ids(listed(staff, "binamarga_officer", queue="inbox")) == []
    assert ids(listed(staff, "binamarga_officer", queue="answered")) == [to_bina_marga]
    assert ids(listed(staff, "sda_officer", queue="answered")) == []


def test_a_report_transferred_to_another_agency_leaves_the_first_agencys_queue(client, staff):
    tracking_id = submit(client)["tracking_id"]
    act(staff, "pupr_admin", tracking_id, "verify", {"agency_id": DISHUB})

    assert ids(listed(staff, "pupr_admin", queue="inbox")) == []
    assert ids(listed(staff, "pupr_admin", queue="verification")) == []
    assert ids(listed(staff, "dishub_admin", queue="inbox")) == [tracking_id]


def signed_in_without_placement(client, username: str, group: str, attributes: dict[str, str]) -> dict:
    """An account put in a staff group by hand (Cognito console or CLI) and on the staff register the
    same way, missing its agency or unit (an account only in Cognito is refused outright)."""
    staff_store.add_staff(StaffModel(username, role=group, agency_id=attributes.get("custom:agency_id"),
                                     created_at=datetime.now(timezone.utc)))
    idp = boto3.client("cognito-idp", region_name="ap-southeast-3")
    pool = os.environ["USER_POOL_ID"]
    idp.admin_create_user(UserPoolId=pool, Username=username, MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": name, "Value": value} for name, value in attributes.items()])
    idp.admin_set_user_password(UserPoolId=pool, Username=username, Password=STAFF_PASSWORD, Permanent=True)
    idp.admin_add_user_to_group(UserPoolId=pool, Username=username, GroupName=group)
    response = client.post("/auth/login", {"username": username, "password": STAFF_PASSWORD})
    assert response.status_code == 200, response.json
    return {"Authorization": f"Bearer {response.json['id_token']}"}


def test_an_agency_admin_account_without_an_agency_lists_no_agencys_reports(client, staff):
    tracking_id = submit(client)["tracking_id"]
    headers = signed_in_without_placement(client, "admin.tanpa.instansi", "agency_admin", {})
    assert client.get(f"/admin/reports/{tracking_id}", headers=headers).status_code == 403

    response = client.get(queue_path(queue="verification"), headers=headers)
    assert response.status_code == 403 or response.json["items"] == [], response.json


def test_a_unit_officer_account_without_a_unit_lists_no_reports_of_other_units(client, staff):
    tracking_id = submit(client)["tracking_id"]
    act(staff, "pupr_admin", tracking_id, "verify", {"agency_id": PUPR, "unit_id": SDA})
    headers = signed_in_without_placement(client, "petugas.tanpa.unit", "unit_officer",
                                          {"custom:agency_id": PUPR})
    assert client.get(f"/admin/reports/{tracking_id}", headers=headers).status_code == 403

    response = client.get(queue_path(queue="inbox"), headers=headers)
    assert response.status_code == 403 or response.json["items"] == [], response.json


# --- filters and refusals ---------------------------------------------------------------


def test_a_status_filter_narrows_a_queue_to_that_status(client, staff):
    reports = one_report_in_each_status(client, staff)

    on_hold = listed(staff, "pupr_admin", queue="verification", status="on_hold")
    assert on_hold["status"] == "on_hold" and ids(on_hold) == [reports["on_hold"]]
    assert ids(listed(staff, "pupr_admin", queue="verification", status="submitted")) == [reports["submitted"]]
    assert ids(listed(staff, "pupr_admin", queue="inbox", status="in_progress")) == [reports["in_progress"]]
    assert ids(listed(staff, "pupr_admin", queue="done", status="archived")) == [reports["archived"]]
    assert ids(listed(staff, "national", queue="done", status="closed")) == [reports["closed"]]


def test_a_status_that_is_never_in_the_queue_is_refused(client, staff):
    response = staff.get("pupr_admin", queue_path(queue="verification", status="closed"))
    assert_refused(response, 422, "validation_failed", "status", "status_not_in_queue")


def test_an_unknown_queue_or_status_or_a_page_size_outside_1_to_100_is_refused(client, staff):
    for params, field in [({"queue": "trash"}, "queue"), ({"queue": "VERIFICATION"}, "queue"),
                          ({"status": "lost"}, "status"), ({"limit": "0"}, "limit"), ({"limit": "101"}, "limit"),
                          ({"limit": "-1"}, "limit"), ({"limit": "ten"}, "limit"), ({"limit": "2.5"}, "limit"),
                          ({"limit": ""}, "limit")]:
        response = staff.get("pupr_admin", queue_path(**params))
        assert_refused(response, 422, "validation_failed", field, None)


def test_a_page_size_written_with_a_superscript_digit_is_refused(client, staff):
    response = staff.get("pupr_admin", "/admin/reports?limit=%C2%B2")
    assert_refused(response, 422, "validation_failed", "limit")


def test_the_page_size_defaults_to_25_and_goes_up_to_100(client, staff):
    created = {submit(client)["tracking_id"] for _ in range(26)}
    first = listed(staff, "pupr_admin", queue="verification")
    assert len(first["items"]) == 25 and first["cursor"] is not None
    rest = listed(staff, "pupr_admin", queue="verification", cursor=first["cursor"])
    assert len(rest["items"]) == 1 and rest["cursor"] is None
    assert set(ids(first)) | set(ids(rest)) == created
    whole = listed(staff, "pupr_admin", queue="verification", limit=100)
    assert set(ids(whole)) == created and whole["cursor"] is None


# --- pages: neither repeating nor skipping --------------------------------------------------


def seven_reports_an_hour_apart(client) -> list[str]:
    """Oldest first; to two agencies, so a national listing merges several shards."""
    return [submit_at(client, MONDAY_10_WIB - timedelta(hours=7 - n),
                      **({"agency_id": DISHUB, "topic": None} if n % 3 == 0 else {}))
            for n in range(7)]


def assert_pages_cover_exactly(pages: list[list[str]], expected: list[str], limit: int) -> None:
    assert [tracking_id for page in pages for tracking_id in page] == expected
    assert all(len(page) == limit for page in pages[:-1]), pages
    assert len(pages) <= math.ceil(len(expected) / limit) + 1, pages


@pytest.mark.parametrize("name, limit", [("national", 1), ("national", 3), ("oversight", 3)])
def test_a_national_listing_pages_through_all_shards_once_each_oldest_first(client, staff, name, limit):
    expected = seven_reports_an_hour_apart(client)
    assert len({shard_of(tracking_id) for tracking_id in expected}) > 1  # the merge is really exercised
    pages = all_pages(staff, name, queue="verification", limit=limit)
    assert_pages_cover_exactly(pages, expected, limit)


@pytest.mark.parametrize("limit", [1, 3])
def test_an_agency_listing_pages_through_its_reports_once_each(client, staff, limit):
    expected = [submit_at(client, MONDAY_10_WIB - timedelta(minutes=7 - n)) for n in range(7)]
    assert_pages_cover_exactly(all_pages(staff, "pupr_admin", queue="verification", limit=limit), expected, limit)


@pytest.mark.parametrize("limit", [1, 3])
def test_the_done_queue_pages_newest_first_across_shards(client, staff, limit):
    received = seven_reports_an_hour_apart(client)
    for n, tracking_id in enumerate(received):
        with at(MONDAY_10_WIB + timedelta(minutes=n)):
            act(Staff(client), "national", tracking_id, "archive", {"reason": "duplicate"})
    pages = all_pages(Staff(client), "national", queue="done", limit=limit)
    assert_pages_cover_exactly(pages, list(reversed(received)), limit)


@pytest.mark.parametrize("limit", [1, 2])
def test_a_status_filtered_listing_pages_through_only_that_status(client, staff, limit):
    received = seven_reports_an_hour_apart(client)
    held = received[1::2]
    for tracking_id in held:
        act(staff, "national", tracking_id, "hold", {"message": "Mohon lengkapi lokasi kejadian."})
    pages = all_pages(staff, "national", queue="verification", status="on_hold", limit=limit)
    # A hold keeps the report's place in the verification queue.
    assert_pages_cover_exactly(pages, held, limit)
    assert_pages_cover_exactly(all_pages(staff, "national", queue="verification", status="submitted",
                                         limit=limit), received[0::2], limit)


def test_a_listing_continues_where_it_stopped_when_a_listed_report_moves_on(client, staff):
    expected = seven_reports_an_hour_apart(client)
    first = listed(staff, "national", queue="verification", limit=3)
    assert ids(first) == expected[:3]
    for tracking_id in ids(first):
        act(staff, "national", tracking_id, "verify", {"agency_id": PUPR})
    rest = [tracking_id for page in all_pages(staff, "national", queue="verification", limit=3)
            for tracking_id in page]
    second = listed(staff, "national", queue="verification", limit=3, cursor=first["cursor"])
    assert ids(second) == expected[3:6]
    assert rest == expected[3:]


# --- cursors --------------------------------------------------------------------------------


def test_a_garbage_cursor_is_refused_as_a_bad_request(client, staff):
    submit(client)
    for cursor in ["garbage", "!!!", "%%%", "eyJub3QiOiAianNvbiJ9", cursor_of([1, 2]), cursor_of("end"),
                   cursor_of({"verification#0": None})]:
        response = staff.get("national", queue_path(queue="verification", cursor=cursor))
        assert_refused(response, 400, "bad_request", "cursor", "invalid_cursor")


def test_a_cursor_from_another_listing_is_refused(client, staff):
    for _ in range(3):
        submit(client)
        submit(client, agency_id=DISHUB, topic=None)
    national = listed(staff, "national", queue="verification", limit=1)["cursor"]
    pupr = listed(staff, "pupr_admin", queue="verification", limit=1)["cursor"]
    assert national and pupr

    attempts = [
        ("national", {"queue": "inbox", "cursor": national}),
        ("national", {"queue": "overdue", "cursor": national}),
        ("national", {"queue": "verification", "agency_id": PUPR, "cursor": national}),
        ("national", {"queue": "verification", "agency_id": DISHUB, "cursor": pupr}),
        ("pupr_admin", {"queue": "verification", "cursor": national}),
        ("pupr_admin", {"queue": "done", "cursor": pupr}),
        ("dishub_admin", {"queue": "verification", "cursor": pupr}),
        ("binamarga_officer", {"queue": "verification", "cursor": pupr}),
    ]
    for name, params in attempts:
        response = staff.get(name, queue_path(**params))
        assert_refused(response, 400, "bad_request", "cursor", "invalid_cursor")


def test_a_cursor_with_forged_positions_is_refused_as_a_bad_request(client, staff):
    submit(client)
    for position in ["somewhere", 42, {"tracking_id": {"S": "ABCDE-FGHJK"}}]:
        cursor = cursor_of({f"{PUPR}#verification": position})
        response = staff.get("pupr_admin", queue_path(queue="verification", cursor=cursor))
        assert_refused(response, 400, "bad_request", "cursor", "invalid_cursor")


# --- overdue --------------------------------------------------------------------------------

THURSDAY_23_WIB = datetime(2026, 11, 26, 23, 0, tzinfo=WIB)
FRIDAY_0030_WIB = datetime(2026, 11, 27, 0, 30, tzinfo=WIB)


def test_a_report_not_verified_within_three_working_days_turns_up_in_the_overdue_queue(client, staff):
    with at(MONDAY_10_WIB):
        receipt = submit(client)
        dishub_report = submit(client, agency_id=DISHUB, topic=None)["tracking_id"]
    assert receipt["deadlines"]["verification_due"] == "2026-11-26T23:59:59+07:00"
    tracking_id = receipt["tracking_id"]

    with at(THURSDAY_23_WIB):
        late_evening = Staff(client)
        assert listed(late_evening, "pupr_admin", queue="overdue")["items"] == []
        assert listed(late_evening, "national", queue="overdue")["items"] == []
        [item] = listed(late_evening, "pupr_admin", queue="verification")["items"]
        assert item["overdue"] is False

    with at(FRIDAY_0030_WIB):
        next_morning = Staff(client)
        page = listed(next_morning, "pupr_admin", queue="overdue")
        assert page["queue"] == "overdue" and page["agency_id"] == PUPR and page["cursor"] is None
        [item] = page["items"]
        assert item["tracking_id"] == tracking_id and item["status"] == "submitted" and item["overdue"] is True
        assert item["next_due_at"] == "2026-11-26T16:59:59Z"
        assert ids(listed(next_morning, "dishub_admin", queue="overdue")) == [dishub_report]
        for name in ("national", "oversight"):
            assert sorted(ids(listed(next_morning, name, queue="overdue"))) == sorted([tracking_id, dishub_report])
        assert ids(listed(next_morning, "national", queue="overdue", agency_id=DISHUB)) == [dishub_report]
        [item] = listed(next_morning, "pupr_admin", queue="verification")["items"]
        assert item["overdue"] is True


def test_reports_on_hold_answered_or_finished_are_never_overdue(client, staff):
    with at(MONDAY_10_WIB):
        monday = Staff(client)
        on_hold, answered, archived = (submit(client)["tracking_id"] for _ in range(3))
        act(monday, "pupr_admin", on_hold, "hold", {"message": "Mohon lampirkan foto lokasi."})
        act(monday, "pupr_admin", answered, "verify", {"agency_id": PUPR})
        act(monday, "pupr_admin", answered, "start")
        act(monday, "pupr_admin", answered, "respond", {"message": "Sudah ditambal."})
        act(monday, "pupr_admin", archived, "archive", {"reason": "spam"})

    with at(MONDAY_10_WIB + timedelta(days=60)):
        much_later = Staff(client)
        assert listed(much_later, "pupr_admin", queue="overdue")["items"] == []
        assert listed(much_later, "national", queue="overdue")["items"] == []


def test_a_verified_report_is_overdue_once_its_follow_up_deadline_passes_and_only_for_its_unit(client, staff):
    with at(MONDAY_10_WIB):
        monday = Staff(client)
        to_bina_marga = submit(client)["tracking_id"]
        case = act(monday, "pupr_admin", to_bina_marga, "verify", {"agency_id": PUPR, "unit_id": BINA_MARGA})
    first_response_due = datetime.fromisoformat(case["deadlines"]["first_response_due"])
    assert first_response_due > datetime(2026, 11, 26, 23, 59, 59, tzinfo=WIB)

    with at(first_response_due - timedelta(minutes=30)):
        assert listed(Staff(client), "pupr_admin", queue="overdue")["items"] == []

    with at(first_response_due + timedelta(minutes=30)):
        later = Staff(client)
        [item] = listed(later, "pupr_admin", queue="overdue")["items"]
        assert item["tracking_id"] == to_bina_marga and item["status"] == "dispositioned" and item["overdue"]
        assert ids(listed(later, "binamarga_officer", queue="overdue")) == [to_bina_marga]
        assert listed(later, "sda_officer", queue="overdue")["items"] == []
        assert ids(listed(later, "pupr_admin", queue="overdue", status="dispositioned")) == [to_bina_marga]
        assert listed(later, "pupr_admin", queue="overdue", status="submitted")["items"] == []

        act(later, "binamarga_officer", to_bina_marga, "start")
        act(later, "binamarga_officer", to_bina_marga, "respond", {"message": "Sudah ditambal."})
        assert listed(later, "pupr_admin", queue="overdue")["items"] == []


@pytest.mark.parametrize("limit", [1, 3])
def test_the_overdue_queue_pages_most_overdue_first_without_repeating_or_skipping(client, staff, limit):
    submitted = []
    for day in (0, 1):  # due Thursday, and Friday
        for minute in range(4 - day):
            with at(MONDAY_10_WIB + timedelta(days=day, minutes=minute)):
                submitted.append(submit(client, **({"agency_id": DISHUB, "topic": None} if minute == 1 else {}))
                                 ["tracking_id"])

    with at(datetime(2026, 11, 30, 0, 30, tzinfo=WIB)):
        monday_after = Staff(client)
        whole = listed(monday_after, "national", queue="overdue", limit=100)["items"]
        assert sorted(item["tracking_id"] for item in whole) == sorted(submitted)
        due = [item["next_due_at"] for item in whole]
        assert due == sorted(due) and due[0] < due[-1]
        pages = all_pages(monday_after, "national", queue="overdue", limit=limit)
        assert_pages_cover_exactly(pages, [item["tracking_id"] for item in whole], limit)

        pupr = [tracking_id for tracking_id in ids({"items": whole})
                if tracking_id not in ids(listed(monday_after, "dishub_admin", queue="overdue"))]
        assert_pages_cover_exactly(all_pages(monday_after, "pupr_admin", queue="overdue", limit=limit), pupr, limit)

