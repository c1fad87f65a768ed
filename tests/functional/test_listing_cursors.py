"""Every listing that pages with ``?cursor=`` refuses a cursor it did not hand out the same way:
400, ``bad_request``, the field ``cursor`` named, the same words; whether the cursor is garbage,
base64 of junk, or a real cursor of another listing."""
from __future__ import annotations

import base64
import json

import pytest

from tests.conftest import submit

REFUSAL = {"error": {"code": "bad_request", "message": "Kursor halaman tidak valid untuk daftar ini.",
                     "details": [{"field": "cursor", "code": "invalid_cursor",
                                  "message": "Mulai dari halaman pertama."}]}}

# (listing, who reads it; None: anyone)
LISTINGS = [
    pytest.param("/admin/reports?queue=verification", "national", id="admin report queue"),
    pytest.param("/admin/reports?queue=overdue&agency_id=dpupr-tanjungpinang", "pupr_admin", id="overdue queue"),
    pytest.param("/reports?region_code=21.72", None, id="public list"),
    pytest.param("/admin/users", "national", id="staff directory"),
    pytest.param("/admin/notifications", "national", id="undelivered notifications"),
    pytest.param("/admin/compliance-reports", "national", id="compliance reports"),
]


def base64_of(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


JUNK_CURSORS = ["garbage", "!!!", "%%%", base64_of(b"\xff\xfe\x00junk"), base64_of(json.dumps([1, 2]).encode()),
                base64_of(json.dumps({"somewhere": None}).encode())]


@pytest.fixture
def cursors_of_two_listings(client, staff) -> dict[str, str]:
    """Real cursors, each handed out by a listing: the staff directory and the verification queue."""
    submit(client)
    submit(client)
    directory = staff.get("national", "/admin/users?limit=1").json["cursor"]
    queue = staff.get("national", "/admin/reports?queue=verification&limit=1").json["cursor"]
    assert directory and queue
    return {"/admin/users": directory, "/admin/reports?queue=verification": queue}


@pytest.mark.parametrize("listing, who", LISTINGS)
def test_a_cursor_the_listing_did_not_hand_out_gets_the_same_refusal_everywhere(
        client, staff, cursors_of_two_listings, listing, who):
    foreign = [cursor for source, cursor in cursors_of_two_listings.items() if source != listing]
    separator = "&" if "?" in listing else "?"
    for cursor in JUNK_CURSORS + foreign:
        path = f"{listing}{separator}cursor={cursor}"
        response = client.get(path) if who is None else staff.get(who, path)

        assert response.status_code == 400, (cursor, response.json)
        assert response.json == REFUSAL, cursor


def test_a_listing_still_takes_its_own_cursor(staff, cursors_of_two_listings):
    response = staff.get("national", f"/admin/users?limit=1&cursor={cursors_of_two_listings['/admin/users']}")

    assert response.status_code == 200, response.json
