"""`make stage-setup`: a new stage gets its reference data and a first national admin who can sign in."""
from __future__ import annotations

from chalice.test import Client

from devtools import stage_setup
from tests.conftest import ApiClient

PASSWORD = "Pertama#2026x"


def test_the_first_national_admin_signs_in_and_finds_the_reference_data(aws):
    from app import app

    first = stage_setup.set_up("admin.pertama", "admin@aduan.test", PASSWORD)
    again = stage_setup.set_up("admin.pertama", "admin@aduan.test", "Lain#2026xyz")

    with Client(app) as chalice_client:
        client = ApiClient(chalice_client)
        login = client.post("/auth/login", {"username": "admin.pertama", "password": PASSWORD})
        assert login.status_code == 200, login.json
        me = client.get("/admin/me", headers={"Authorization": f"Bearer {login.json['id_token']}"}).json
        regions = client.get("/regions").json
    assert (first["admin_created"], again["admin_created"]) == (True, False)
    assert (first["answer_templates_added"], again["answer_templates_added"]) == (3, 0)
    assert me["role"] == "national_admin"
    assert {region["region_code"] for region in regions["regions"]} >= {"21", "21.72"}


def test_the_stages_settings_come_from_its_config_and_its_stack():
    environment = stage_setup.stage_environment("prod", {
        "UserPoolId": "ap-southeast-3_abc", "UserPoolClientId": "client1", "FilesBucketName": "aduan-prod-files-1"})
    assert environment["TABLE_PREFIX"] == "aduan-prod-"
    assert environment["ADUAN_STAGE"] == "prod"
    assert environment["USER_POOL_ID"] == "ap-southeast-3_abc"
    assert environment["AWS_REGION"] == "ap-southeast-3"
