"""The pages as HTTP sees them (security headers, assets), and the API calls only the pages make:
who is signed in, queue counts, what a reporter may do now, and the web channel."""
from __future__ import annotations

import re

import pytest

from chalicelib.api.web import PAGE_PATHS
from tests.conftest import submit, web_form_headers

PAGES = ["/", "/receipt", "/track", "/track/AB3CD-EF4GH", "/browse", "/console"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_forbids_inline_script_framing_and_other_origins(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    policy = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    # Attachments go straight to the stage's own bucket and to nowhere else.
    assert policy["connect-src"] == "'self' https://aduan-test-files.s3.ap-southeast-3.amazonaws.com"
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert b"<script>" not in response.body and b" style=" not in response.body


def test_the_page_assets_are_served_by_the_app_with_their_types_and_nothing_else_is(client):
    shell = client.get("/").body.decode()
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', shell)

    assert sorted(path.split("?")[0] for path in assets) == ["/static/aduan.css", "/static/citizen.js"]
    for path in assets:
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get("/static/common.js").headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert client.get("/static/common.js").headers["Cache-Control"] == "no-cache"
    assert not re.search(r"https?://", shell), "no asset from another site"
    for missing in ("/static/nothing.js", "/static/..%2Fpages.py", "/static/.hidden.js", "/static/pages.py"):
        response = client.get(missing)
        assert response.status_code == 404
        assert response.json["error"]["code"] == "not_found"


def test_the_pages_are_not_in_the_api_document_and_all_have_routes(client):
    document = client.get("/openapi.json").json

    assert not PAGE_PATHS & set(document["paths"])
    for path in PAGES:
        assert client.get(path).status_code == 200


def test_a_report_sent_from_the_web_form_is_counted_as_the_web_channel(client, staff):
    from_form = client.post("/reports", {"kind": "aspiration", "title": "Tambah lampu jalan",
                                         "description": "Mohon tambah lampu di Jalan Ganet yang gelap.",
                                         "region_code": "21.72"}, headers=web_form_headers(client))
    from_api = submit(client)

    assert from_form.status_code == 201
    assert staff.get("national", f"/admin/reports/{from_form.json['tracking_id']}").json["channel"] == "web"
    assert staff.get("national", f"/admin/reports/{from_api['tracking_id']}").json["channel"] == "api"


def test_the_reporter_view_offers_only_what_the_reporter_may_do_now(client, staff):
    receipt = submit(client)
    tracking_id, bearer = receipt["tracking_id"], {"Authorization": f"Bearer {receipt['access_token']}"}

    def offered():
        return client.get(f"/reports/{tracking_id}", headers=bearer).json["reporter_actions"]

    assert offered() == ["attach"]  # nothing to answer yet, and the agency is within its deadline
    staff.act("pupr_admin", tracking_id, "verify", {"agency_id": "dpupr-tanjungpinang"})
    staff.act("pupr_admin", tracking_id, "start")
    staff.act("pupr_admin", tracking_id, "respond", {"message": "Sudah ditambal."})
    assert offered() == ["reply", "feedback", "attach"]

    client.post(f"/reports/{tracking_id}/feedback", {"resolved": True, "rating": 5}, headers=bearer)
    assert offered() == []  # rated once, and a closed report takes no more files
    assert "reporter_actions" not in client.get(f"/reports/{tracking_id}").json


def test_the_console_learns_who_is_signed_in_and_what_to_offer(client, staff):
    national = staff.get("national", "/admin/me").json
    agency = staff.get("pupr_admin", "/admin/me").json
    oversight = staff.get("oversight", "/admin/me").json

    assert national["may"] == {"record_reports": True, "read_statistics": True, "create_users": True,
                               "manage_agencies": True, "agency_settings": False, "manage_holidays": True,
                               "manage_templates": True}
    assert agency["agency"]["name"] == "Dinas Pekerjaan Umum dan Penataan Ruang Kota Tanjungpinang"
    assert agency["may"] == {"record_reports": True, "read_statistics": True, "create_users": True,
                             "manage_agencies": False, "agency_settings": True, "manage_holidays": False,
                             "manage_templates": True}
    assert oversight["may"] == {"record_reports": False, "read_statistics": True, "create_users": False,
                                "manage_agencies": False, "agency_settings": False, "manage_holidays": False,
                                "manage_templates": False}
    assert client.get("/admin/me").status_code == 401


def test_queue_counts_are_those_of_the_callers_own_scope(client, staff):
    first, _second = submit(client), submit(client)
    submit(client, agency_id="dishub-tanjungpinang", title="Lampu lalu lintas mati di simpang")
    staff.act("pupr_admin", first["tracking_id"], "verify", {"agency_id": "dpupr-tanjungpinang"})

    pupr = staff.get("pupr_admin", "/admin/queues").json["counts"]
    national = staff.get("national", "/admin/queues").json["counts"]

    assert pupr["verification"] == {"count": 1, "more": False}
    assert pupr["inbox"] == {"count": 1, "more": False}
    assert national["verification"]["count"] == 2
    assert national["inbox"]["count"] == 1
