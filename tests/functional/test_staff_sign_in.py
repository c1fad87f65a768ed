"""Staff sign-in (POST /auth/login), the ID token every staff route checks, and staff
accounts created through POST /admin/users (DESIGN §3).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from datetime import datetime, timedelta, timezone

import boto3
import jwt
import pytest
import time_machine
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from moto.utilities.utils import load_resource

from tests.conftest import STAFF_ACCOUNTS, STAFF_PASSWORD, submit

REGION = "ap-southeast-3"
PUPR, DISHUB = "dpupr-tanjungpinang", "dishub-tanjungpinang"
BINA_MARGA = "dpupr-tanjungpinang.bina-marga"
NEW_PASSWORD = "Kuat#Sekali2026"
STAFF_ROUTES = [("GET", "/admin/reports"), ("GET", "/admin/reports/ABCDE-FGHJK"),
                ("POST", "/admin/reports/ABCDE-FGHJK/start"), ("POST", "/admin/users")]


def cognito():
    return boto3.client("cognito-idp", region_name=REGION)


def pool_id() -> str:
    return os.environ["USER_POOL_ID"]


def sign_in(client, username: str, password: str = STAFF_PASSWORD):
    return client.post("/auth/login", {"username": username, "password": password})


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def call(client, method: str, path: str, headers: dict):
    body = {} if method == "POST" else None
    return client.request(method, path, body=body, headers=headers)


def assert_unauthorized(response) -> None:
    assert response.status_code == 401, response.json
    assert response.json["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def moto_signing_key():
    """The private key moto's Cognito signs every token with (kid "dummy")."""
    return jwt.PyJWK(load_resource("cognitoidp/resources/jwks-private.json"), algorithm="RS256").key


def id_token_claims(**changes) -> dict:
    now = int(datetime.now(timezone.utc).timestamp())
    claims = {"iss": f"https://cognito-idp.{REGION}.amazonaws.com/{pool_id()}",
              "aud": os.environ["USER_POOL_CLIENT_ID"], "token_use": "id", "iat": now, "auth_time": now,
              "exp": now + 3600, "sub": "5c2b6f0e-0000-4000-8000-000000000001",
              "cognito:username": "admin.nasional", "cognito:groups": ["national_admin"],
              "custom:agency_id": "kemenpan-rb"}
    claims.update(changes)
    return {name: value for name, value in claims.items() if value is not None}


def forged(claims: dict, kid: str = "dummy") -> str:
    return jwt.encode(claims, moto_signing_key(), algorithm="RS256", headers={"kid": kid})


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def create_user(staff, by: str, **body):
    new = {"username": "petugas.baru", "password": NEW_PASSWORD, "role": "unit_officer",
           "agency_id": PUPR, "unit_id": BINA_MARGA, "email": "petugas.baru@aduan.test"}
    new.update(body)
    return staff.post(by, "/admin/users", {key: value for key, value in new.items() if value is not None})


def assert_refused(response, status: int, code: str, field: str | None = None, detail_code: str | None = None):
    assert response.status_code == status, response.json
    error = response.json["error"]
    assert error["code"] == code, error
    if field is not None:
        assert field in [problem["field"] for problem in error["details"]], error
    if detail_code is not None:
        assert detail_code in [problem["code"] for problem in error["details"]], error


# --- signing in ---------------------------------------------------------------------------


def test_a_staff_member_signs_in_with_username_and_password_and_gets_bearer_tokens(client, staff):
    response = sign_in(client, "admin.dpupr-tanjungpinang")

    assert response.status_code == 200, response.json
    assert response.headers["Cache-Control"] == "no-store"
    tokens = response.json
    assert set(tokens) == {"id_token", "access_token", "refresh_token", "expires_in", "token_type"}
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 3600
    assert tokens["id_token"] and tokens["access_token"] and tokens["refresh_token"]
    claims = claims_of(tokens["id_token"])
    assert claims["token_use"] == "id" and claims["cognito:username"] == "admin.dpupr-tanjungpinang"
    assert claims["cognito:groups"] == ["agency_admin"] and claims["custom:agency_id"] == PUPR

    page = client.get("/admin/reports", headers=bearer(tokens["id_token"]))
    assert page.status_code == 200 and page.json["agency_id"] == PUPR


def test_a_wrong_password_and_an_unknown_username_get_the_same_refusal(client, staff):
    for language in ("id", "en"):
        headers = {"Accept-Language": language}
        wrong_password = client.post("/auth/login", {"username": "admin.dpupr-tanjungpinang",
                                                     "password": "Salah#Sandi2026"}, headers=headers)
        unknown_user = client.post("/auth/login", {"username": "tidak.ada",
                                                   "password": "Salah#Sandi2026"}, headers=headers)
        assert wrong_password.status_code == unknown_user.status_code == 401
        assert wrong_password.json == unknown_user.json
        assert wrong_password.json["error"]["code"] == "unauthorized"
    assert unknown_user.json["error"]["message"] == "Wrong username or password."


def test_a_disabled_account_cannot_sign_in(client, staff):
    cognito().admin_disable_user(UserPoolId=pool_id(), Username="petugas.sda")
    response = sign_in(client, "petugas.sda")
    assert_refused(response, 401, "unauthorized")
    assert response.json == sign_in(client, "tidak.ada").json


def test_an_account_with_a_temporary_password_is_told_to_set_a_new_one(client, staff):
    cognito().admin_create_user(UserPoolId=pool_id(), Username="petugas.sementara",
                                TemporaryPassword="Sementara#2026", MessageAction="SUPPRESS")
    response = sign_in(client, "petugas.sementara", "Sementara#2026")
    assert_refused(response, 403, "challenge_new_password_required")
    assert "id_token" not in response.json


@pytest.mark.parametrize("body, status, field", [
    ({"username": "admin.nasional"}, 422, "password"),
    ({"password": STAFF_PASSWORD}, 422, "username"),
    ({"username": "", "password": STAFF_PASSWORD}, 422, "username"),
    ({"username": "admin.nasional", "password": STAFF_PASSWORD, "remember": True}, 422, "remember"),
])
def test_a_sign_in_without_username_or_password_is_refused(client, body, status, field):
    response = client.post("/auth/login", body)
    assert_refused(response, status, "validation_failed", field)


def test_a_sign_in_without_a_body_is_a_bad_request(client):
    assert_refused(client.post("/auth/login"), 400, "bad_request", "body")
    assert_refused(client.post("/auth/login", raw="{username"), 400, "bad_request", "body")


# --- the token on staff routes --------------------------------------------------------------


def test_staff_routes_refuse_a_request_without_a_token(client, staff):
    for method, path in STAFF_ROUTES:
        for headers in ({}, {"Authorization": ""}, {"Authorization": "Bearer "},
                        {"Authorization": f"Basic {base64.b64encode(b'admin.nasional:x').decode()}"},
                        {"Authorization": staff.token("national")}):
            assert_unauthorized(call(client, method, path, headers))


def test_staff_routes_refuse_a_garbage_token(client, staff):
    for token in ("garbage", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30.", "x" * 2000):
        for method, path in STAFF_ROUTES:
            assert_unauthorized(call(client, method, path, bearer(token)))


def test_the_cognito_access_token_is_not_accepted_in_place_of_the_id_token(client, staff):
    tokens = sign_in(client, "admin.nasional").json
    assert claims_of(tokens["access_token"])["token_use"] == "access"
    for method, path in STAFF_ROUTES:
        assert_unauthorized(call(client, method, path, bearer(tokens["access_token"])))
    assert client.get("/admin/reports", headers=bearer(tokens["id_token"])).status_code == 200


def test_an_id_token_expires_an_hour_after_sign_in_give_or_take_thirty_seconds(client, staff):
    signed_in_at = datetime(2026, 11, 23, 10, 0, tzinfo=timezone(timedelta(hours=7)))
    with time_machine.travel(signed_in_at, tick=False):
        token = sign_in(client, "admin.dpupr-tanjungpinang").json["id_token"]
        assert client.get("/admin/reports", headers=bearer(token)).status_code == 200
    with time_machine.travel(signed_in_at + timedelta(hours=1, seconds=25), tick=False):
        assert client.get("/admin/reports", headers=bearer(token)).status_code == 200
    with time_machine.travel(signed_in_at + timedelta(hours=1, seconds=31), tick=False):
        assert_unauthorized(client.get("/admin/reports", headers=bearer(token)))
        fresh = sign_in(client, "admin.dpupr-tanjungpinang").json["id_token"]
        assert client.get("/admin/reports", headers=bearer(fresh)).status_code == 200


def test_a_token_with_a_tampered_signature_or_claims_is_refused(client, staff):
    token = staff.token("pupr_admin")
    header, payload, signature = token.split(".")
    flipped = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
    as_national = b64({**claims_of(token), "cognito:groups": ["national_admin"]})
    for tampered in (f"{header}.{payload}.{flipped}", f"{header}.{payload}.", f"{header}.{payload}",
                     f"{header}.{as_national}.{signature}"):
        assert_unauthorized(client.get("/admin/reports", headers=bearer(tampered)))
    assert client.get("/admin/reports", headers=bearer(token)).status_code == 200


def hs256(claims: dict, secret: bytes) -> str:
    """Signed by hand: PyJWT refuses to use a PEM public key as an HMAC secret."""
    signing_input = f"{b64({'alg': 'HS256', 'typ': 'JWT', 'kid': 'dummy'})}.{b64(claims)}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(signature).decode().rstrip('=')}"


def test_a_token_signed_with_alg_none_or_hs256_is_refused(client, staff):
    claims = {**claims_of(staff.token("pupr_admin")), "cognito:groups": ["national_admin"]}
    public_pem = moto_signing_key().public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    for token in (f"{b64({'alg': 'none', 'typ': 'JWT', 'kid': 'dummy'})}.{b64(claims)}.",
                  f"{b64({'alg': 'None', 'typ': 'JWT', 'kid': 'dummy'})}.{b64(claims)}.",
                  hs256(claims, public_pem),  # the "algorithm confusion" attack: public key as secret
                  hs256(claims, b"a-shared-secret-of-32-bytes-long!")):
        assert_unauthorized(client.get("/admin/reports", headers=bearer(token)))


def test_a_correctly_signed_token_is_refused_unless_issuer_audience_use_and_times_are_right(client, staff):
    # A token signed with the pool's own key and every claim right is believed: the checks below
    # therefore fail on the one claim each of them changes.
    assert client.get("/admin/reports", headers=bearer(forged(id_token_claims()))).status_code == 200
    now = int(datetime.now(timezone.utc).timestamp())
    wrong = [
        {"iss": f"https://cognito-idp.{REGION}.amazonaws.com/{REGION}_SomeOtherPool"},
        {"iss": None},
        {"aud": "another-app-client"},
        {"aud": None},
        {"token_use": "access"},
        {"token_use": None},
        {"exp": now - 120},
        {"exp": None},
        {"iat": None},
    ]
    for changes in wrong:
        assert_unauthorized(client.get("/admin/reports", headers=bearer(forged(id_token_claims(**changes)))))
    assert_unauthorized(client.get("/admin/reports", headers=bearer(forged(id_token_claims(), kid="rotated"))))


def test_an_id_token_from_another_user_pool_is_refused(client, staff):
    idp = cognito()
    other_pool = idp.create_user_pool(PoolName="aduan-lain")["UserPool"]["Id"]
    other_client = idp.create_user_pool_client(UserPoolId=other_pool, ClientName="lain",
                                               ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"])
    idp.create_group(UserPoolId=other_pool, GroupName="national_admin")
    idp.admin_create_user(UserPoolId=other_pool, Username="admin.nasional", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=other_pool, Username="admin.nasional", Password=STAFF_PASSWORD,
                                Permanent=True)
    idp.admin_add_user_to_group(UserPoolId=other_pool, Username="admin.nasional", GroupName="national_admin")
    answer = idp.initiate_auth(ClientId=other_client["UserPoolClient"]["ClientId"], AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": "admin.nasional", "PASSWORD": STAFF_PASSWORD})
    foreign = answer["AuthenticationResult"]["IdToken"]
    assert claims_of(foreign)["cognito:groups"] == ["national_admin"]

    assert_unauthorized(client.get("/admin/reports", headers=bearer(foreign)))


# --- roles ----------------------------------------------------------------------------------


def test_a_signed_in_account_without_a_role_is_forbidden_everywhere(client, staff):
    idp = cognito()
    idp.admin_create_user(UserPoolId=pool_id(), Username="tanpa.peran", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "custom:agency_id", "Value": PUPR}])
    idp.admin_set_user_password(UserPoolId=pool_id(), Username="tanpa.peran", Password=STAFF_PASSWORD,
                                Permanent=True)
    signed_in = sign_in(client, "tanpa.peran")
    assert signed_in.status_code == 200, signed_in.json

    for method, path in STAFF_ROUTES:
        response = call(client, method, path, bearer(signed_in.json["id_token"]))
        assert_refused(response, 403, "forbidden")


def test_a_group_added_in_cognito_alone_does_not_widen_the_role(client, staff):
    submit(client)
    cognito().admin_add_user_to_group(UserPoolId=pool_id(), Username="petugas.binamarga", GroupName="agency_admin")
    token = sign_in(client, "petugas.binamarga").json["id_token"]
    assert "agency_admin" in claims_of(token)["cognito:groups"]

    page = client.get("/admin/reports", headers=bearer(token))

    # The staff record says unit officer: the token claiming more is refused, not believed.
    assert page.status_code == 401, page.json
    assert page.json["error"]["code"] == "token_claims_disagree"


# --- creating accounts ----------------------------------------------------------------------


def test_the_national_admin_creates_an_agency_admin_who_can_sign_in_and_work_its_agencys_queue(client, staff):
    dishub_report = submit(client, agency_id=DISHUB, topic=None)["tracking_id"]
    submit(client)

    response = create_user(staff, "national", username="admin2.dishub", role="agency_admin", agency_id=DISHUB,
                           unit_id=None, email="Admin2@Dishub.Tanjungpinang.go.id", phone="0812 1111 2222")
    assert response.status_code == 201, response.json
    assert response.headers["Cache-Control"] == "no-store"
    assert response.json == {"username": "admin2.dishub", "role": "agency_admin", "agency_id": DISHUB,
                             "unit_id": None, "email": "Admin2@dishub.tanjungpinang.go.id",
                             "phone": "+6281211112222"}
    assert "password" not in json.dumps(response.json).lower()

    tokens = sign_in(client, "admin2.dishub", NEW_PASSWORD)
    assert tokens.status_code == 200, tokens.json
    claims = claims_of(tokens.json["id_token"])
    assert claims["cognito:groups"] == ["agency_admin"] and claims["custom:agency_id"] == DISHUB
    headers = bearer(tokens.json["id_token"])
    page = client.get("/admin/reports?queue=verification", headers=headers)
    assert page.status_code == 200 and [item["tracking_id"] for item in page.json["items"]] == [dishub_report]
    assert_refused(client.get(f"/admin/reports?agency_id={PUPR}", headers=headers), 403, "forbidden")
    verified = client.post(f"/admin/reports/{dishub_report}/verify", {"agency_id": DISHUB}, headers=headers)
    assert verified.status_code == 200 and verified.json["status"] == "dispositioned"


@pytest.mark.parametrize("role, agency_id", [("national_admin", "kemenpan-rb"), ("oversight", None),
                                             ("agency_admin", PUPR)])
def test_the_national_admin_creates_accounts_of_every_role(client, staff, role, agency_id):
    response = create_user(staff, "national", username="akun.baru", role=role, agency_id=agency_id, unit_id=None)
    assert response.status_code == 201, response.json
    token = sign_in(client, "akun.baru", NEW_PASSWORD).json["id_token"]
    assert claims_of(token)["cognito:groups"] == [role]
    page = client.get("/admin/reports", headers=bearer(token))
    assert page.status_code == 200 and page.json["agency_id"] == (PUPR if role == "agency_admin" else None)


def test_an_agency_admin_creates_an_officer_for_one_of_its_units_who_sees_that_units_work(client, staff):
    for_bina_marga, elsewhere = submit(client)["tracking_id"], submit(client)["tracking_id"]
    staff.act("pupr_admin", for_bina_marga, "verify", {"agency_id": PUPR, "unit_id": BINA_MARGA})
    staff.act("pupr_admin", elsewhere, "verify", {"agency_id": PUPR})

    response = create_user(staff, "pupr_admin", username="petugas.binamarga2")
    assert response.status_code == 201, response.json
    assert response.json["role"] == "unit_officer" and response.json["unit_id"] == BINA_MARGA

    token = sign_in(client, "petugas.binamarga2", NEW_PASSWORD).json["id_token"]
    page = client.get("/admin/reports", headers=bearer(token))
    assert page.status_code == 200, page.json
    assert page.json["queue"] == "inbox" and [item["tracking_id"] for item in page.json["items"]] == [for_bina_marga]
    started = client.post(f"/admin/reports/{for_bina_marga}/start", {}, headers=bearer(token))
    assert started.status_code == 200 and started.json["status"] == "in_progress"


def test_accounts_beyond_the_creators_rights_are_forbidden_and_not_created(client, staff):
    attempts = [
        ("pupr_admin", {"role": "agency_admin", "unit_id": None}),
        ("pupr_admin", {"role": "national_admin", "agency_id": None, "unit_id": None}),
        ("pupr_admin", {"role": "oversight", "agency_id": None, "unit_id": None}),
        ("dishub_admin", {}),  # an officer of Dinas PUPR, created by Dinas Perhubungan
        ("pupr_admin", {"agency_id": "dishub-pontianak", "unit_id": "dishub-pontianak.angkutan"}),
        ("binamarga_officer", {}),
        ("oversight", {}),
        ("oversight", {"role": "oversight", "agency_id": None, "unit_id": None}),
    ]
    for by, body in attempts:
        response = create_user(staff, by, **body)
        assert response.status_code == 403, (by, body, response.json)
        assert response.json["error"]["code"] == "forbidden"
    assert sign_in(client, "petugas.baru", NEW_PASSWORD).status_code == 401


def test_creating_an_account_needs_a_signed_in_staff_member(client, staff):
    body = {"username": "petugas.baru", "password": NEW_PASSWORD, "role": "national_admin"}
    assert_unauthorized(client.post("/admin/users", body))
    assert_unauthorized(client.post("/admin/users", body, headers=bearer("garbage")))


def test_a_username_that_is_taken_is_a_conflict(client, staff):
    taken = STAFF_ACCOUNTS["sda_officer"][0]
    response = create_user(staff, "national", username=taken)
    assert_refused(response, 409, "username_taken")
    # The existing account is untouched: its own password still signs it in, the new one does not.
    assert sign_in(client, taken).status_code == 200
    assert sign_in(client, taken, NEW_PASSWORD).status_code == 401
    assert claims_of(sign_in(client, taken).json["id_token"])["custom:unit_id"] == STAFF_ACCOUNTS["sda_officer"][3]


def test_a_username_known_only_to_cognito_is_a_conflict_too(client, staff):
    cognito().admin_create_user(UserPoolId=pool_id(), Username="petugas.baru", MessageAction="SUPPRESS")
    assert_refused(create_user(staff, "national"), 409, "username_taken")


def test_a_weak_password_is_refused_and_the_username_stays_free(client, staff):
    for password in ("alllowercase1", "ALLUPPERCASE1!", "NoDigitsHere!", "NoSymbols123", "Pendek#1"):
        response = create_user(staff, "national", password=password)
        assert response.status_code == 422, (password, response.json)
        assert [problem["field"] for problem in response.json["error"]["details"]] == ["password"], password
        assert sign_in(client, "petugas.baru", password).status_code == 401

    assert create_user(staff, "national").status_code == 201
    # Five wrong passwords hold the username back for a while, counted into the next 15-minute window
    # too (tests/functional/test_abuse_limits.py).
    with time_machine.travel(datetime.now(timezone.utc) + timedelta(minutes=30)):
        assert sign_in(client, "petugas.baru", NEW_PASSWORD).status_code == 200


def test_an_account_with_an_unknown_role_agency_or_unit_is_refused(client, staff):
    attempts = [
        ({"unit_id": None}, "unit_id", "missing"),
        ({"unit_id": "dishub-pontianak.angkutan"}, "unit_id", "unknown_unit"),
        ({"agency_id": "dishub-pontianak", "unit_id": BINA_MARGA}, "unit_id", "unknown_unit"),
        ({"unit_id": "dpupr-tanjungpinang.tidak-ada"}, "unit_id", "unknown_unit"),
        ({"agency_id": "dinas-tidak-ada", "unit_id": "dinas-tidak-ada.bidang"}, "agency_id", "unknown_agency"),
        ({"role": "agency_admin", "agency_id": "dinas-tidak-ada", "unit_id": None}, "agency_id", "unknown_agency"),
        ({"role": "agency_admin", "agency_id": None, "unit_id": None}, "agency_id", "missing"),
        ({"role": "unit_officer", "agency_id": None}, "agency_id", "missing"),
        ({"role": "agency_admin"}, "unit_id", "unit_for_officers_only"),
        ({"role": "superuser"}, "role", "enum"),
        ({"username": "Petugas Baru"}, "username", "string_pattern_mismatch"),
        ({"email": "bukan-email"}, "email", "invalid_email"),
        ({"phone": "12345"}, "phone", "invalid_phone"),
    ]
    for body, field, code in attempts:
        response = create_user(staff, "national", **body)
        assert response.status_code == 422, (body, response.json)
        error = response.json["error"]
        assert error["code"] == "validation_failed", (body, error)
        assert (field, code) in [(problem["field"], problem["code"]) for problem in error["details"]], (body, error)
    assert sign_in(client, "petugas.baru", NEW_PASSWORD).status_code == 401
