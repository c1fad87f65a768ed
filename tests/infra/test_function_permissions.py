"""Each function's role allows every AWS call its code makes, and nothing needs more.

The hand-written policies (.chalice/policy-*.json) cannot be tried against AWS from here, so a
forgotten permission would first show as AccessDenied in production. This runs the API and
every scheduled function through a report's life under moto, records each call with the
function it ran in (tests/infra/aws_calls.py), and checks it against that function's role in
both packaged stages; also every call of the tests that ran before in the same session
(tests/conftest.py records them all) and, in `make test`, which runs this file last and alone,
every call its parallel processes recorded (saved in the folder CHECK_FROM names).
"""
from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import boto3
import pytest

from chalicelib.config import get_settings
from devtools.package import STAGES
from tests.conftest import TEST_ENVIRONMENT, Staff, on, run_job, submit
from tests.infra.aws_calls import API_HANDLER, CHECK_FROM, Call, Recorder, load_all, needed_in
from tests.infra.iam import ACCOUNT, REGION, Stage, allows

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
SCHEDULED = ("sla_sweep", "auto_close", "send_notifications", "daily_digest", "monthly_compliance_report")


def a_month_of_work(client, staff: Staff) -> None:
    """Citizens, staff and every scheduled function, through the paths that touch AWS."""
    with on("2026-10-05"):
        receipt = submit(client, reporter={"name": "Siti", "email": "siti@example.id", "phone": "0812 3456 7890"})
        again = client.post("/reports", {"kind": "aspiration", "title": "Taman kota", "region_code": "21.72",
                                         "description": "Mohon taman kota diperbanyak di Tanjungpinang."},
                            headers={"Idempotency-Key": "permissions-1"})
        client.post("/reports", {"kind": "aspiration", "title": "Taman kota", "region_code": "21.72",
                                 "description": "Mohon taman kota diperbanyak di Tanjungpinang."},
                    headers={"Idempotency-Key": "permissions-1"})
        tracking_id, reporter = receipt["tracking_id"], {"Authorization": f"Bearer {receipt['access_token']}"}
        upload = client.post(f"/reports/{tracking_id}/attachments", {"filename": "foto.png", "content_type":
                             "image/png", "size": len(PNG)}, headers=reporter).json["upload"]
        boto3.client("s3", region_name=TEST_ENVIRONMENT["AWS_REGION"]).put_object(
            Bucket=TEST_ENVIRONMENT["FILES_BUCKET"], Key=upload["fields"]["key"], Body=PNG, ContentType="image/png")
        for path in ("/regions", "/agencies?region_code=21.72", "/topics", f"/reports/{tracking_id}"):
            assert client.get(path).status_code == 200, path
        assert client.get(f"/reports/{tracking_id}", headers=reporter).json["attachments"]

        for action, body in (("verify", {"agency_id": "dpupr-tanjungpinang",
                                         "unit_id": "dpupr-tanjungpinang.bina-marga"}),
                             ("start", {}), ("respond", {"message": "Sudah ditambal."})):
            assert staff.act("pupr_admin", tracking_id, action, body).status_code == 200, action
        assert client.post(f"/reports/{tracking_id}/feedback", {"resolved": False}, headers=reporter).status_code == 200
        other = again.json["tracking_id"]
        for name, action, body in (("coordinator_admin", "hold", {"message": "Mohon lengkapi lokasi."}),
                                   ("coordinator_admin", "resume", {}),
                                   ("coordinator_admin", "verify", {"agency_id": "dishub-tanjungpinang"}),
                                   ("dishub_admin", "transfer", {"agency_id": "dpupr-tanjungpinang",
                                                                 "reason": "Urusan jalan, bukan perhubungan."})):
            assert staff.act(name, other, action, body).status_code == 200, (action, name)
        for path in ("/reports?region_code=21", "/reports?region_code=21.72", "/reports", "/admin/me",
                     "/admin/queues", "/admin/reports?queue=inbox", "/admin/reports?queue=overdue",
                     f"/admin/reports/{tracking_id}", "/admin/users", "/admin/agencies?region_code=21.72",
                     "/admin/agencies/dpupr-tanjungpinang", "/admin/holidays?year=2026", "/admin/notifications",
                     "/admin/stats?scope=national&period=2026-10", "/admin/compliance-reports"):
            assert staff.get("national", path).status_code == 200, path
        assert staff.get("binamarga_officer", "/admin/reports?queue=inbox").status_code == 200
        assert staff.post("national", "/admin/users", {
            "username": "petugas.baru", "password": "Rahasia#2026y", "role": "unit_officer",
            "agency_id": "dpupr-tanjungpinang", "unit_id": "dpupr-tanjungpinang.bina-marga",
            "email": "baru@aduan.test"}).status_code == 201
        assert staff.post("national", "/admin/agencies", {
            "agency_id": "dinkes-baru", "name": "Dinas Kesehatan Baru", "short_name": "Dinkes Baru",
            "region_code": "21.72", "time_zone": "Asia/Jakarta", "units": [{"unit_id": "dinkes-baru.umum",
                                                                           "name": "Umum"}]}).status_code == 201
        assert staff.post("national", "/admin/holidays", {"date": "2026-12-28", "name": "Libur"}).status_code == 201
        assert client.request("DELETE", "/admin/holidays/2026-12-28", headers=staff.headers("national")
                              ).status_code in (200, 204)
        built = staff.post("national", "/admin/compliance-reports", {"scope": "national", "period": "2026-09"})
        assert built.status_code == 201, built.json
        assert staff.get("national", f"/admin/compliance-reports/{built.json['id']}").status_code == 200

    with on("2026-10-20", 7):  # deadlines have passed: reminders, breaches, a digest, auto-close
        for job in SCHEDULED[:4]:
            run_job(client, job)
    with on("2026-11-01", 7):
        run_job(client, "monthly_compliance_report")
        run_job(client, "send_notifications")


@pytest.fixture
def calls(client, staff, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_RECIPIENTS", json.dumps({"ombudsman-ri": ["laporan@ombudsman.test"]}))
    get_settings.cache_clear()
    get_settings()  # read now: the test client applies the stage's own environment while it invokes
    with Recorder().watching() as recorder:
        a_month_of_work(client, staff)
    return recorder.calls


def test_every_call_each_function_makes_is_allowed_by_its_role_in_every_stage(calls, templates,
                                                                             aws_calls_of_the_session):
    """The calls of this scenario, of every test that ran before in the session and of those
    `make test` ran before in other processes."""
    functions = {call.function for call in calls}
    calls = calls | aws_calls_of_the_session.calls
    if os.environ.get(CHECK_FROM):
        calls |= load_all(Path(os.environ[CHECK_FROM]))
    assert functions == {API_HANDLER, "SlaSweep", "AutoClose", "SendNotifications", "DailyDigest",
                         "MonthlyComplianceReport"}
    assert {call.service for call in calls} >= {"dynamodb", "s3", "cognito-idp", "ses", "sns"}
    for name in STAGES:
        stage = Stage(name, templates[name])
        refused = sorted({(call.function, action, resource) for call in calls
                          for action, resource in needed_in(stage, call, TEST_ENVIRONMENT)
                          if not allows(stage.statements_of(call.function), action, resource)})
        assert refused == [], f"{name}: " + "\n".join(map(str, refused))


def test_roles_do_not_reach_what_their_function_does_not_do(templates):
    """Least privilege the other way round: the sender cannot write reports, the API cannot
    send e-mail or SMS, a job cannot create staff accounts."""
    stage = Stage("prod", templates["prod"])
    reports = stage.arn("ReportsTable")
    pool = stage.arn("StaffUserPool")
    identity = f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/{stage.ref('SenderIdentity')}"
    assert not allows(stage.statements_of("SendNotifications"), "dynamodb:PutItem", reports)
    assert not allows(stage.statements_of(API_HANDLER), "ses:SendEmail", identity)
    assert not allows(stage.statements_of(API_HANDLER), "sns:Publish", "+6281234567890")
    for job in ("SlaSweep", "AutoClose", "SendNotifications", "DailyDigest", "MonthlyComplianceReport"):
        assert not allows(stage.statements_of(job), "cognito-idp:AdminCreateUser", pool), job
    assert not allows(stage.statements_of("SendNotifications"), "sns:Publish",
                      f"arn:aws:sns:{REGION}:{ACCOUNT}:any-topic")
    assert not allows(stage.statements_of("DailyDigest"), "dynamodb:DeleteItem", reports)


def test_reads_made_at_once_in_other_threads_count_for_the_function_that_made_them(client, staff):
    """The national queue counts are read by a pool's threads, where no function is on the stack:
    they are checked against the API handler's role like any other call."""
    staff.token("national")  # signed in before recording
    with Recorder().watching() as recorder:
        assert staff.get("national", "/admin/queues").status_code == 200
    national_queue_reads = {call for call in recorder.calls if call.index == "reports_by_national_queue"}
    assert national_queue_reads == {Call(API_HANDLER, "dynamodb", "Query",
                                         f"{TEST_ENVIRONMENT['TABLE_PREFIX']}reports", "reports_by_national_queue")}
