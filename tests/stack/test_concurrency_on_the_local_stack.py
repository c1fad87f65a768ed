"""Many callers at once against `make run`'s real stack (chalice local + moto's server):
DynamoDB's guarantees hold, so nothing committed is lost and nothing is done twice."""
from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

NATIONAL_ADMIN = {"username": "admin.nasional", "password": "Nasional#2026"}


def report_body(title: str) -> dict:
    return {"kind": "complaint", "title": title,
            "description": "Lampu jalan mati sepanjang Jalan Pemuda sejak seminggu yang lalu.",
            "region_code": "21.72", "agency_id": "dpupr-tanjungpinang", "privacy": "public"}


def all_at_once(count: int, call) -> list[requests.Response]:
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(call, range(count)))


def sign_in(site) -> dict:
    response = requests.post(f"{site.url}/auth/login", json=NATIONAL_ADMIN, timeout=30)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['id_token']}"}


def test_twenty_officers_verifying_the_same_version_at_once_one_wins_and_the_rest_get_409(site):
    staff = sign_in(site)
    created = requests.post(f"{site.url}/reports", json=report_body(f"Lampu jalan mati {uuid.uuid4().hex[:8]}"),
                            timeout=30)
    assert created.status_code == 201, created.text
    case_url = f"{site.url}/admin/reports/{created.json()['tracking_id']}"
    version = requests.get(case_url, headers=staff, timeout=30).json()["version"]

    answers = all_at_once(20, lambda _: requests.post(
        f"{case_url}/verify", json={"agency_id": "dpupr-tanjungpinang", "expected_version": version},
        headers=staff, timeout=60))

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] + [409] * 19, [answer.text for answer in answers if answer.status_code != 409]
    assert {answer.json()["error"]["code"] for answer in answers if answer.status_code == 409} == {"version_conflict"}
    case = requests.get(case_url, headers=staff, timeout=30).json()
    assert (case["status"], case["version"]) == ("dispositioned", version + 1)
    assert [event["event_type"] for event in case["timeline"]].count("verified") == 1


def test_thirty_submissions_sharing_an_idempotency_key_store_one_report(site):
    staff = sign_in(site)
    marker = uuid.uuid4().hex[:8]
    key = f"stack-test-{marker}"

    answers = all_at_once(30, lambda n: requests.post(
        f"{site.url}/reports", json=report_body(f"Lampu jalan mati {marker} nomor {n}"),
        headers={"Idempotency-Key": key}, timeout=60))

    created = [answer for answer in answers if answer.status_code == 201]
    assert len(created) == 1, [answer.text for answer in answers if answer.status_code != 409]
    refused = [answer for answer in answers if answer.status_code != 201]
    assert {(answer.status_code, answer.json()["error"]["code"]) for answer in refused} == {
        (409, "idempotency_key_reused")}
    stored, cursor = [], None
    while True:
        page = requests.get(f"{site.url}/admin/reports", headers=staff, timeout=30,
                            params={"queue": "verification", **({"cursor": cursor} if cursor else {})}).json()
        stored += [item for item in page["items"] if marker in item["title"]]
        cursor = page.get("cursor")
        if not cursor:
            break
    assert [item["tracking_id"] for item in stored] == [created[0].json()["tracking_id"]]
