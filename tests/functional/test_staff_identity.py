"""Staff identity comes from the staff record, not from what a token claims: a changed Cognito
attribute or group widens nobody's reach, and a disabled account is refused at once."""
from __future__ import annotations

import os

import boto3
import pytest

from chalicelib.auth import _StaffRecords, forget_staff_record
from chalicelib.store import staff as staff_store
from tests.conftest import STAFF_PASSWORD, run_job, staff_email, submit

DISHUB = "dishub-tanjungpinang"


def cognito():
    return boto3.client("cognito-idp", region_name=os.environ["AWS_REGION"])


def sign_in(client, username: str):
    return client.post("/auth/login", {"username": username, "password": STAFF_PASSWORD})


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_an_officer_who_changes_their_own_agency_attribute_cannot_read_that_agencys_confidential_report(
        client, staff, app_logs):
    secret = submit(client, agency_id=DISHUB, topic=None, privacy="confidential",
                    reporter={"name": "Rahasia Sekali", "email": "rahasia@example.id", "phone": "0812 9999 0000"})
    tracking_id = secret["tracking_id"]
    signed_in = sign_in(client, "petugas.binamarga").json
    # moto accepts this; in AWS only the console client's write-attribute list stands in the way.
    cognito().update_user_attributes(AccessToken=signed_in["access_token"], UserAttributes=[
        {"Name": "custom:agency_id", "Value": DISHUB}, {"Name": "custom:unit_id", "Value": ""}])
    token = sign_in(client, "petugas.binamarga").json["id_token"]

    case = client.get(f"/admin/reports/{tracking_id}", headers=bearer(token))

    assert case.status_code == 401
    assert case.json["error"]["code"] == "token_claims_disagree"
    assert "Rahasia" not in case.body.decode() and "rahasia@example.id" not in case.body.decode()
    [warning] = [line for line in app_logs.getvalue().splitlines() if "refused by the staff record" in line]
    assert '"agency_id"' in warning and '"unit_id"' in warning
    # The log says which claims disagreed, not whose account or which values.
    assert "petugas.binamarga" not in warning and DISHUB not in warning


def test_a_token_of_an_account_missing_from_the_staff_register_is_refused(client, staff):
    token = sign_in(client, "petugas.sda").json["id_token"]
    staff_store.remove_staff("petugas.sda")
    forget_staff_record("petugas.sda")  # as if this container had not read the record yet

    page = client.get("/admin/reports", headers=bearer(token))

    assert page.status_code == 401
    assert page.json["error"]["code"] == "not_on_staff_record"


def test_a_disabled_account_is_refused_at_once_whatever_its_token_says_and_works_again_when_enabled(client, staff):
    token = sign_in(client, "petugas.binamarga").json["id_token"]
    assert client.get("/admin/reports", headers=bearer(token)).status_code == 200

    disabled = staff.post("pupr_admin", "/admin/users/petugas.binamarga/disable")

    assert disabled.status_code == 200, disabled.json
    assert disabled.json["disabled_at"] is not None
    refused = client.get("/admin/reports", headers=bearer(token))
    assert refused.status_code == 401 and refused.json["error"]["code"] == "account_disabled"
    assert sign_in(client, "petugas.binamarga").status_code == 401
    listed = staff.get("pupr_admin", "/admin/users").json["items"]
    assert [m["disabled_at"] is not None for m in listed if m["username"] == "petugas.binamarga"] == [True]

    enabled = staff.post("pupr_admin", "/admin/users/petugas.binamarga/enable")

    assert enabled.status_code == 200 and enabled.json["disabled_at"] is None
    fresh = sign_in(client, "petugas.binamarga").json["id_token"]
    assert client.get("/admin/reports", headers=bearer(fresh)).status_code == 200


def test_a_disabled_admin_is_no_longer_sent_the_agencys_reports(client, staff, mailbox):
    assert staff.post("national", "/admin/users/admin.dpupr-tanjungpinang/disable").status_code == 200

    submit(client)
    run_job(client, "send_notifications")

    assert mailbox.emails_to("siti@example.id")  # the reporter's receipt went out
    assert mailbox.emails_to(staff_email("pupr_admin")) == []


@pytest.mark.parametrize("who, whom", [
    ("dishub_admin", "petugas.binamarga"),     # another agency's officer
    ("pupr_admin", "admin.dishub-tanjungpinang"),  # an agency admin
    ("binamarga_officer", "petugas.sda"),      # officers manage no accounts
    ("oversight", "petugas.sda"),
])
def test_accounts_beyond_the_callers_rights_cannot_be_disabled(client, staff, who, whom):
    response = staff.post(who, f"/admin/users/{whom}/disable")

    assert response.status_code == 403, response.json
    assert staff_store.get_staff(whom).disabled_at is None


def test_nobody_disables_their_own_account_and_an_unknown_account_is_not_found(client, staff):
    own = staff.post("national", "/admin/users/admin.nasional/disable")
    unknown = staff.post("national", "/admin/users/tidak.ada/disable")

    assert (own.status_code, own.json["error"]["code"]) == (409, "own_account")
    assert staff_store.get_staff("admin.nasional").disabled_at is None
    assert unknown.status_code == 404


def test_a_change_made_by_another_container_applies_once_the_kept_record_is_older_than_the_cache_age(
        aws, monkeypatch):
    from datetime import datetime, timezone

    from chalicelib.config import get_settings
    from tests.conftest import create_staff_account

    monkeypatch.setenv("STAFF_RECORD_CACHE_SECONDS", "10")
    get_settings.cache_clear()
    create_staff_account("petugas.sda", "unit_officer", "dpupr-tanjungpinang", "dpupr-tanjungpinang.sumber-daya-air")
    now = [1000.0]
    records = _StaffRecords(clock=lambda: now[0])
    assert records.get("petugas.sda").disabled_at is None

    staff_store.set_disabled("petugas.sda", datetime.now(timezone.utc), "admin.nasional")
    now[0] += 9.9
    assert records.get("petugas.sda").disabled_at is None
    now[0] += 0.2
    assert records.get("petugas.sda").disabled_at is not None
