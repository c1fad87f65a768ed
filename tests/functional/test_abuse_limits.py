"""Abuse limits (issue 15 §5): one client asking too often is held back with 429 and Retry-After,
nobody else is; wrong passwords slow a username down without revealing whether it exists; the web
form proves it is the web form; a hidden report costs the same as a missing one."""
from __future__ import annotations

import hashlib
import json
import secrets
from collections import Counter
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from unittest import mock

import boto3
import pytest
import time_machine
from botocore.client import BaseClient

from chalicelib.domain.limits import limits
from chalicelib.domain.tracking import ALPHABET
from tests.conftest import STAFF_PASSWORD, TEST_ENVIRONMENT, submit, web_form_headers

A, B = "198.51.100.7", "203.0.113.9"
LIMITS = limits()
REPORT = {"kind": "aspiration", "title": "Tambah lampu jalan", "region_code": "21.72",
          "description": "Mohon tambah lampu di Jalan Ganet yang gelap."}


@pytest.fixture(autouse=True)
def at_the_start_of_an_hour():
    """Time stands still just after the hour, where every limit's window begins: none ends mid-test."""
    hour = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    with time_machine.travel(hour + timedelta(seconds=1), tick=False):
        yield


def _configure(monkeypatch, **environment) -> None:
    from chalicelib.config import get_settings

    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    get_settings()  # read now: inside a request, Chalice's test client sets the dev stage's variables


def _later(seconds: int):
    return time_machine.travel(datetime.now(timezone.utc) + timedelta(seconds=seconds), tick=False)


def _assert_held_back(response, window_seconds: int) -> None:
    assert response.status_code == 429, response.json
    assert response.json["error"]["code"] == "too_many_requests"
    assert 1 <= int(response.headers["Retry-After"]) <= window_seconds


# --- per address -----------------------------------------------------------------------------


def test_one_address_filing_too_many_reports_is_held_back_and_another_is_not(client):
    first, second = client.from_address(A), client.from_address(B)
    for _ in range(LIMITS["reports"].count):
        submit(first)

    refused = first.post("/reports", REPORT)

    _assert_held_back(refused, LIMITS["reports"].window_seconds)
    assert "detik" in refused.json["error"]["message"]
    assert second.post("/reports", REPORT).status_code == 201
    with _later(int(refused.headers["Retry-After"])):
        assert first.post("/reports", REPORT).status_code == 201


def test_every_access_token_check_counts_against_one_limit_for_the_address(client):
    receipt = submit(client)
    tracking_id, right = receipt["tracking_id"], {"Authorization": f"Bearer {receipt['access_token']}"}
    wrong = {"Authorization": "Bearer tebakan"}
    guesser = client.from_address(A)
    checks = [("GET", f"/reports/{tracking_id}", None), ("POST", f"/reports/{tracking_id}/replies", {"message": "Lubangnya masih ada."}),
              ("POST", f"/reports/{tracking_id}/feedback", {"resolved": True, "rating": 5}),
              ("POST", f"/reports/{tracking_id}/escalation", {}),
              ("POST", f"/reports/{tracking_id}/attachments",
               {"filename": "a.jpg", "content_type": "image/jpeg", "size": 100})]
    for n in range(LIMITS["token_checks"].count):
        method, path, body = checks[n % len(checks)]
        assert guesser.request(method, path, body, headers=wrong).status_code in (401, 404)

    for method, path, body in checks:
        _assert_held_back(guesser.request(method, path, body, headers=right), LIMITS["token_checks"].window_seconds)
    assert client.from_address(B).get(f"/reports/{tracking_id}", headers=right).status_code == 200
    assert guesser.get(f"/reports/{tracking_id}").status_code == 200  # the public view checks no token


def test_guessing_short_access_codes_is_held_back_per_address_and_the_right_code_still_works_elsewhere(client):
    """30 guesses a minute an address, whether they are aimed at one report or many, public or confidential;
    another caller with the right code is not slowed down, and the guesser's own code waits for the window."""
    target, hidden = submit(client), submit(client, privacy="confidential")
    own = submit(client.from_address(A))
    guesser, allowed = client.from_address(A), LIMITS["token_checks"]
    for n in range(allowed.count):
        aimed_at = (target, hidden)[n % 2]
        guess = "-".join("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(4))
        answer = guesser.get(f"/reports/{aimed_at['tracking_id']}", headers={"Authorization": f"Bearer {guess}"})
        assert answer.status_code == (401 if aimed_at is target else 404), answer.json  # hidden stays hidden

    refused = guesser.get(f"/reports/{target['tracking_id']}",
                          headers={"Authorization": f"Bearer {target['access_token']}"})
    _assert_held_back(refused, allowed.window_seconds)
    assert set(refused.json["error"]) == {"code", "message", "details"}
    _assert_held_back(guesser.get(f"/reports/{own['tracking_id']}",
                                  headers={"Authorization": f"Bearer {own['access_token'].lower()}"}),
                      allowed.window_seconds)
    reporter = client.from_address(B)
    for report in (target, hidden):
        assert reporter.get(f"/reports/{report['tracking_id']}",
                            headers={"Authorization": f"Bearer {report['access_token']}"}).status_code == 200
    with _later(int(refused.headers["Retry-After"])):
        assert guesser.get(f"/reports/{own['tracking_id']}",
                           headers={"Authorization": f"Bearer {own['access_token']}"}).status_code == 200


def test_one_address_asking_for_too_many_uploads_is_held_back(client):
    receipt = submit(client)
    bearer = {"Authorization": f"Bearer {receipt['access_token']}"}
    uploader, limit, checks = client.from_address(A), LIMITS["attachments"], LIMITS["token_checks"]
    upload = {"filename": "a.pdf", "content_type": "application/pdf", "size": 100}
    # Each upload is also a token check: spread them over the token checks' windows, within one hour.
    for n in range(limit.count + 1):
        with _later(n // checks.count * checks.window_seconds):
            response = uploader.post(f"/reports/{receipt['tracking_id']}/attachments", upload, headers=bearer)
        assert response.status_code != 429 or n == limit.count, n

    _assert_held_back(response, limit.window_seconds)


def test_addresses_are_kept_only_as_keyed_hashes_that_expire_a_window_after_their_own(client):
    submit(client.from_address(A))

    items = boto3.client("dynamodb").scan(TableName=f"{TEST_ENVIRONMENT['TABLE_PREFIX']}rate_limits")["Items"]
    stored = json.dumps(items)
    assert A not in stored and hashlib.sha256(A.encode()).hexdigest() not in stored
    counter, = (item for item in items if item["counter"]["S"].startswith("reports#"))
    assert counter["hits"]["N"] == "1"
    assert 3600 < int(counter["expires_at"]["N"]) - datetime.now(timezone.utc).timestamp() <= 2 * 3600


def test_limits_are_configuration(client, monkeypatch):
    _configure(monkeypatch, RATE_LIMITS=json.dumps({"reports": {"count": 1}}))
    caller = client.from_address(A)
    submit(caller)
    _assert_held_back(caller.post("/reports", REPORT), 3600)


# --- sign-in ----------------------------------------------------------------------------------


def sign_in(client, username: str, password: str):
    return client.post("/auth/login", {"username": username, "password": password})


def test_wrong_passwords_hold_a_username_back_alike_whether_or_not_it_exists(client, staff):
    allowed = LIMITS["login_failures"]
    answers = {}
    for username in ("admin.dpupr-tanjungpinang", "admin.tidak-ada"):
        # From many addresses, and in any letter case: the username is what counts.
        failures = [sign_in(client, variant, "Salah#2026xx")
                    for variant in [username, username.upper()] * allowed.count][:allowed.count]
        held_back = sign_in(client, username, STAFF_PASSWORD)
        answers[username] = [(r.status_code, r.body) for r in [*failures, held_back]]
        assert [r.status_code for r in failures] == [401] * allowed.count
        _assert_held_back(held_back, allowed.window_seconds)

    assert answers["admin.dpupr-tanjungpinang"] == answers["admin.tidak-ada"]
    assert sign_in(client, "admin.dishub-tanjungpinang", STAFF_PASSWORD).status_code == 200
    with _later(allowed.window_seconds):  # the failures still count in the next window
        assert sign_in(client, "admin.dpupr-tanjungpinang", STAFF_PASSWORD).status_code == 429
    with _later(2 * allowed.window_seconds):
        assert sign_in(client, "admin.dpupr-tanjungpinang", STAFF_PASSWORD).status_code == 200


def test_guesses_on_both_sides_of_a_window_edge_count_together(client, staff):
    """Five guesses just before a window ends and five just after would be ten in a minute."""
    allowed = LIMITS["login_failures"]
    with _later(allowed.window_seconds - 30):
        for _ in range(allowed.count - 2):
            assert sign_in(client, "admin.dpupr-tanjungpinang", "Salah#2026xx").status_code == 401
    with _later(allowed.window_seconds + 30):
        answers = [sign_in(client, "admin.dpupr-tanjungpinang", "Salah#2026xx").status_code
                   for _ in range(allowed.count)]
    assert answers == [401, 401] + [429] * (allowed.count - 2)


def test_signing_in_rightly_does_not_wipe_the_failures_counted(client, staff):
    username = "admin.dpupr-tanjungpinang"
    for _ in range(LIMITS["login_failures"].count - 1):
        assert sign_in(client, username, "Salah#2026xx").status_code == 401
    assert sign_in(client, username, STAFF_PASSWORD).status_code == 200
    assert sign_in(client, "admin.dishub-tanjungpinang", STAFF_PASSWORD).status_code == 200

    assert sign_in(client, username, "Salah#2026xx").status_code == 401
    assert sign_in(client, username, STAFF_PASSWORD).status_code == 429


def test_one_address_trying_many_usernames_is_held_back(client, staff):
    caller = client.from_address(A)
    for n in range(LIMITS["login"].count):
        assert sign_in(caller, f"petugas.{n}", "Salah#2026xx").status_code == 401

    _assert_held_back(sign_in(caller, "admin.dpupr-tanjungpinang", STAFF_PASSWORD), LIMITS["login"].window_seconds)
    assert sign_in(client.from_address(B), "admin.dpupr-tanjungpinang", STAFF_PASSWORD).status_code == 200


# --- the web form's check ----------------------------------------------------------------------


def test_a_report_from_the_web_form_needs_a_solved_challenge_and_an_empty_trap(client):
    solved = web_form_headers(client)
    unsolved = {**solved, "X-Aduan-Nonce": "0" if solved["X-Aduan-Nonce"] != "0" else "1"}
    trapped = {**web_form_headers(client), "X-Aduan-Trap": "http%3A%2F%2Fspam.example"}
    forged = {**solved, "X-Aduan-Challenge": solved["X-Aduan-Challenge"].replace(".16.", ".1.")}

    for headers in ({"X-Aduan-Client": "web"}, unsolved, trapped, forged):
        refused = client.post("/reports", REPORT, headers=headers)
        assert refused.status_code == 400, headers
        assert refused.json["error"]["code"] == "form_check_failed"
    assert client.post("/reports", REPORT, headers=solved).status_code == 201
    replayed = client.post("/reports", REPORT, headers=solved)
    assert (replayed.status_code, replayed.json["error"]["code"]) == (400, "form_check_used")
    assert client.post("/reports", REPORT).status_code == 201  # the API channel is only rate limited


def test_a_challenge_expires_and_its_difficulty_is_configuration(client, monkeypatch):
    stale = web_form_headers(client)
    with _later(2 * 3600):
        expired = client.post("/reports", REPORT, headers=stale)
    assert (expired.status_code, expired.json["error"]["code"]) == (400, "form_check_expired")

    _configure(monkeypatch, FORM_CHALLENGE_BITS="20")
    harder = client.get("/forms/challenge").json
    assert harder["difficulty"] == 20
    challenge = harder["challenge"]
    easy_nonce = next(str(n) for n in range(10**7)
                      if 16 <= 256 - int.from_bytes(hashlib.sha256(f"{challenge}{n}".encode()).digest(),
                                                    "big").bit_length() < 20)
    refused = client.post("/reports", REPORT, headers={"X-Aduan-Client": "web", "X-Aduan-Challenge": challenge,
                                                       "X-Aduan-Nonce": easy_nonce})
    assert refused.json["error"]["code"] == "form_check_failed"


# --- a hidden report costs what a missing one does ---------------------------------------------


@contextmanager
def aws_operations():
    """The AWS calls the app makes inside the block, counted by operation and table, and the items
    that came back to it."""
    calls: Counter = Counter()
    items: list = []
    make_api_call = BaseClient._make_api_call

    def counting(client, operation, params):
        calls[(client.meta.service_model.service_name, operation,
               params.get("TableName", "").removeprefix(TEST_ENVIRONMENT["TABLE_PREFIX"]))] += 1
        response = make_api_call(client, operation, params)
        items.extend(response.get("Items", [response["Item"]] if "Item" in response else []))
        return response

    with mock.patch.object(BaseClient, "_make_api_call", counting):
        yield calls, items


def test_a_confidential_report_without_its_token_takes_the_same_work_as_an_unknown_id(client):
    confidential = submit(client, privacy="confidential")["tracking_id"]
    unknown = "K7M2Q-X9T4Q"
    assert client.get(f"/reports/{unknown}").status_code == 404

    answers = {}
    for tracking_id in (unknown, confidential):
        with aws_operations() as (calls, items):
            response = client.get(f"/reports/{tracking_id}")
        answers[tracking_id] = (response.status_code, response.body, dict(calls), items)

    assert answers[unknown] == answers[confidential]
    # One read, and the confidential report never reaches the function to be looked at.
    assert answers[unknown][2:] == ({("dynamodb", "Query", "reports"): 1}, [])
