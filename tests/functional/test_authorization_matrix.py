"""The authorization matrix: every staff role × every staff action × a report of the caller's own
agency (or unit) or of another, checking the status code and what each answer reveals.

Expected rights are written down here independently of ``chalicelib.domain.permissions``:

- national_admin: every action on every report;
- agency_admin: every action on its own agency's reports, 403 on the others;
- unit_officer: only ``start``, ``update``, ``ask_reporter``, ``resume`` and ``respond``, only on reports assigned to its unit;
- oversight: reads every report, acts on none.

Recording a walk-in, letter or call: national admins for any agency; agency staff for their own
agency where it has authority, otherwise (naming none) for the region's coordinator, never for
another agency; oversight not at all.

A refusal is a 403 in the error shape that names nothing of the report and changes nothing.

Speed: the matrix has ~180 cases, and the conftest fixtures build fresh moto tables, a user pool,
the reference data and the accounts for every test (~0.5 s each). So this module builds that world
once (``client`` and ``staff`` below override the conftest fixtures for this module only) and every
case submits a report of its own; after each case the report, timeline, counter, idempotency and
outbox tables are emptied again, so every case starts from reference data and accounts only.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from moto import mock_aws

from chalicelib.config import get_settings
from tests.conftest import (
    STAFF_ACCOUNTS,
    ApiClient,
    Staff,
    create_staff_account,
    submit,
    use_test_environment,
    use_user_pool,
)

PUPR = "dpupr-tanjungpinang"
DISHUB = "dishub-tanjungpinang"
DISKOMINFO = "diskominfo-tanjungpinang"
BINA_MARGA = "dpupr-tanjungpinang.bina-marga"
SDA = "dpupr-tanjungpinang.sumber-daya-air"
# The demo data gives units only to Dinas PUPR in Tanjungpinang; these let the other agencies'
# admins (and the national admin) assign their own reports too.
EXTRA_UNITS = {DISHUB: "dishub-tanjungpinang.lalu-lintas", DISKOMINFO: "diskominfo-tanjungpinang.aplikasi"}

# What the submit() helper sends: none of it may appear in a refusal.
TITLE = "Jalan berlubang di Jalan Ganet"
DESCRIPTION = "Lubang besar dekat simpang Batu 8 membahayakan pengendara motor."
NAME, EMAIL, PHONE_DIGITS = "Siti Rahmawati", "siti@example.id", "81234567890"  # phone is stored as +62…
IDENTITY = (NAME, EMAIL, PHONE_DIGITS)
REPORT_DATA = (TITLE, DESCRIPTION, *IDENTITY)

ACTIONS = ("verify", "hold", "resume", "archive", "transfer", "assign", "start", "update", "ask_reporter", "respond",
           "close")
ALL_ACTIONS = frozenset(ACTIONS)
# Admins also merge duplicates (tests/functional/test_duplicates.py covers that action).
ROLE_ACTIONS = {"national_admin": ALL_ACTIONS | {"duplicate"}, "agency_admin": ALL_ACTIONS | {"duplicate"},
                "unit_officer": frozenset({"start", "update", "ask_reporter", "resume", "respond"}),
                "oversight": frozenset()}
# The state machine as the brief states it (staff actions only).
STATUS_ACTIONS = {
    "submitted": {"verify", "hold", "archive", "duplicate"},
    "on_hold": {"resume", "archive", "duplicate"},
    "archived": set(),
    "dispositioned": {"assign", "start", "update", "ask_reporter", "transfer", "duplicate"},
    "in_progress": {"assign", "update", "ask_reporter", "respond", "transfer", "duplicate"},
    "awaiting_reporter": {"resume", "assign", "duplicate"},
    "responded": {"close", "duplicate"},
    "reporter_replied": {"assign", "update", "respond", "transfer", "duplicate"},
    "closed": set(),
    "duplicate": set(),
}
# What the national admin does first so that the action under test is possible.
PREPARATION = {"verify": (), "hold": (), "archive": (), "resume": ("hold",), "transfer": ("verify",),
               "assign": ("verify",), "start": ("verify",), "update": ("verify",), "ask_reporter": ("verify",), "respond": ("verify", "start"),
               "close": ("verify", "start", "respond")}
RESULT = {"verify": "dispositioned", "hold": "on_hold", "resume": "submitted", "archive": "archived",
          "transfer": "dispositioned", "assign": "dispositioned", "start": "in_progress", "update": "in_progress",
          "ask_reporter": "awaiting_reporter",
          "respond": "responded", "close": "closed"}
EVENT = {"verify": "verified", "hold": "held", "resume": "resumed", "archive": "archived",
         "transfer": "transferred", "assign": "assigned", "start": "started", "update": "updated",
         "ask_reporter": "info_requested", "respond": "responded",
         "close": "closed"}
BEFORE_VERIFICATION = {"verify", "hold", "resume", "archive"}


def account(name: str) -> tuple[str, str, str | None, str | None]:
    return STAFF_ACCOUNTS[name]


def role_of(name: str) -> str:
    return account(name)[1]


# --- the shared world --------------------------------------------------------------------


@pytest.fixture(scope="module")
def client():
    """Moto's AWS with tables, reference data, the extra units and every staff account, once."""
    with pytest.MonkeyPatch.context() as env:
        use_test_environment(env)
        with mock_aws():
            from chalice.test import Client

            from app import app
            from chalicelib import store
            from chalicelib.auth import reset_key_cache
            from chalicelib.store.models import UnitModel
            from devtools import bootstrap, seed

            use_user_pool(env, bootstrap.create_all())
            seed.seed_reference_data()
            store.ready()
            for agency_id, unit_id in EXTRA_UNITS.items():
                UnitModel(agency_id, unit_id, name=f"Unit uji {unit_id}").save()
            for username, role, agency_id, unit_id in STAFF_ACCOUNTS.values():
                create_staff_account(username, role, agency_id, unit_id)
            with Client(app) as chalice_client:
                yield ApiClient(chalice_client)
            reset_key_cache()
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def staff(client) -> Staff:
    """Every account of STAFF_ACCOUNTS, each signed in once for the whole module."""
    return Staff(client)


@pytest.fixture(autouse=True)
def fresh_report_tables(aws_environment, client):
    """Each case starts with no reports, timelines, counters, idempotency records, outbox, likely-
    duplicate terms, routing misses or abuse-limit counters.

    Also reads the settings again after conftest's per-test cache clear, before any request:
    Chalice's test client swaps in the ``dev`` stage's environment during a request, and settings
    first read there would name the ``aduan-dev-`` tables (conftest's ``seeded`` does the same).
    Emptying the tables also keeps moto fast: it copies every table a transaction touches, and
    the terms of every earlier case's report (all with submit()'s title) would answer each new
    report's likely-duplicate queries, more with every case.
    """
    get_settings()
    yield
    from chalicelib import store
    from chalicelib.store.models import (
        DuplicateTermModel,
        IdempotencyRecordModel,
        NotificationModel,
        RateLimitCounterModel,
        ReportEventModel,
        ReportModel,
        RoutingMissModel,
        StatCounterModel,
    )

    store.ready()
    for model in (ReportModel, ReportEventModel, StatCounterModel, IdempotencyRecordModel, NotificationModel,
                  DuplicateTermModel, RoutingMissModel, RateLimitCounterModel):
        with model.batch_write() as batch:
            for item in model.scan():
                batch.delete(item)


# --- where a case's report lives ---------------------------------------------------------


def other_agency(agency_id: str) -> str:
    return DISHUB if agency_id == PUPR else PUPR


def other_unit(unit_id: str) -> str:
    return SDA if unit_id == BINA_MARGA else BINA_MARGA


def report_home(name: str, scope: str, action: str) -> tuple[str, str | None]:
    """The agency (and unit, applied when the report is verified) of the report a case acts on.

    ``scope`` is "own" or "other". National and oversight have no agency in the region: their
    "own" is a Dinas PUPR report and their "other" a Dinas Perhubungan one; both are "any agency".
    No report is assigned to a unit before verification, so for actions before it a unit
    officer's "own" is an unassigned report of its agency and its "other" another agency's report.
    """
    _, role, agency_id, unit_id = account(name)
    if role in ("national_admin", "oversight"):
        return (PUPR, None) if scope == "own" else (DISHUB, None)
    if role == "agency_admin":
        return (agency_id, None) if scope == "own" else (other_agency(agency_id), None)
    if action in BEFORE_VERIFICATION:
        return (agency_id, None) if scope == "own" else (other_agency(agency_id), None)
    return (agency_id, unit_id) if scope == "own" else (agency_id, other_unit(unit_id))


def scope_label(name: str, scope: str, action: str) -> str:
    role = role_of(name)
    if role in ("national_admin", "oversight"):
        return "any_agency_pupr" if scope == "own" else "any_agency_dishub"
    if role == "agency_admin":
        return "own_agency" if scope == "own" else "other_agency"
    if action in BEFORE_VERIFICATION:
        return "own_agency_unassigned" if scope == "own" else "other_agency"
    return "own_unit" if scope == "own" else "other_unit"


def may_act(name: str, action: str, scope: str) -> bool:
    role = role_of(name)
    if action not in ROLE_ACTIONS[role]:
        return False
    if role == "unit_officer" and action in BEFORE_VERIFICATION:
        return False  # a unit officer resumes only its own question to a reporter, never a hold
    return role == "national_admin" or scope == "own"


def in_scope(name: str, agency_id: str, unit_id: str | None) -> bool:
    _, role, own_agency, own_unit = account(name)
    if role in ("national_admin", "oversight"):
        return True
    if role == "agency_admin":
        return agency_id == own_agency
    return agency_id == own_agency and unit_id is not None and unit_id == own_unit


def expected_actions(name: str, status: str, agency_id: str, unit_id: str | None) -> list[str]:
    if not in_scope(name, agency_id, unit_id):
        return []
    return sorted(STATUS_ACTIONS[status] & ROLE_ACTIONS[role_of(name)])


def action_body(action: str, agency_id: str, unit_id: str | None) -> dict:
    """A valid body for ``action`` on a report held by ``agency_id`` (and ``unit_id``)."""
    if action == "verify":
        return {"agency_id": agency_id, **({"unit_id": unit_id} if unit_id else {})}
    if action == "assign":
        unit = other_unit(unit_id) if agency_id == PUPR else EXTRA_UNITS[agency_id]
        return {"unit_id": unit, "note": "Mohon ditangani."}
    return {
        "hold": {"message": "Mohon lengkapi alamat lokasi kejadian."},
        "resume": {},
        "archive": {"reason": "duplicate"},
        "transfer": {"agency_id": other_agency(agency_id), "reason": "Bukan kewenangan instansi kami."},
        "start": {},
        "update": {"message": "Tim sudah meninjau lokasi; perbaikan dijadwalkan.", "public": True},
        "ask_reporter": {"message": "Mohon kirim foto lokasi."},
        "respond": {"message": "Perbaikan dijadwalkan minggu depan.", "public": True},
        "close": {},
    }[action]


def prepare(client, staff, action: str, agency_id: str, unit_id: str | None,
            privacy: str = "confidential") -> str:
    """A fresh report at ``agency_id``, moved by the national admin to where ``action`` is possible."""
    tracking_id = submit(client, agency_id=agency_id, privacy=privacy)["tracking_id"]
    for step in PREPARATION[action]:
        body = action_body(step, agency_id, unit_id) if step == "verify" else action_body(step, agency_id, None)
        response = staff.act("national", tracking_id, step, body)
        assert response.status_code == 200, (step, response.json)
    return tracking_id


def case(staff, tracking_id: str, name: str = "national") -> dict:
    response = staff.get(name, f"/admin/reports/{tracking_id}")
    assert response.status_code == 200, response.json
    return response.json


def action_names(view: dict) -> list[str]:
    for entry in view["allowed_actions"]:
        assert set(entry) == {"action", "label"}
        assert entry["label"]["id"] and entry["label"]["en"]
    names = [entry["action"] for entry in view["allowed_actions"]]
    assert len(names) == len(set(names)), names
    return sorted(names)


def body_text(response) -> str:
    raw = response.body
    return raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)


def assert_refused(response, *, status: str) -> None:
    """A 403 in the contract's error shape that names nothing of the report, not even its status."""
    assert response.status_code == 403, response.json
    assert set(response.json) == {"error"}
    error = response.json["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["code"] == "forbidden"
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], list)
    text = body_text(response)
    for secret in (*REPORT_DATA, f'"{status}"', "allowed_actions", "timeline"):
        assert secret not in text, f"a refusal reveals {secret!r}: {text}"


def assert_unchanged(staff, tracking_id: str, before: dict) -> None:
    after = case(staff, tracking_id)
    assert (after["status"], after["version"]) == (before["status"], before["version"])
    assert after["timeline"] == before["timeline"]
    assert (after["agency"], after["unit_id"]) == (before["agency"], before["unit_id"])


def assert_identity(view: dict, *, visible: bool) -> None:
    reporter = view["reporter"]
    assert reporter["identity_hidden"] is (not visible)
    if visible:
        assert (reporter["name"], reporter["email"]) == (NAME, EMAIL)
        assert reporter["phone"].endswith(PHONE_DIGITS)
    else:
        assert (reporter["name"], reporter["email"], reporter["phone"]) == (None, None, None)
        assert reporter["contactable"] is True


def assert_no_identity_in(response) -> None:
    text = body_text(response)
    for secret in IDENTITY:
        assert secret not in text, f"an anonymous reporter's {secret!r} reaches staff: {text}"


# --- the matrix: role × action × own/other -----------------------------------------------

MATRIX = [(name, action, scope) for name in STAFF_ACCOUNTS for action in ACTIONS for scope in ("own", "other")]


def matrix_id(case_: tuple[str, str, str]) -> str:
    name, action, scope = case_
    outcome = "allowed" if may_act(name, action, scope) else "refused"
    return f"{name}-{action}-{scope_label(name, scope, action)}-{outcome}"


@pytest.mark.parametrize("name, action, scope", MATRIX, ids=[matrix_id(c) for c in MATRIX])
def test_staff_may_act_only_where_role_and_scope_allow(client, staff, name, action, scope):
    agency_id, unit_id = report_home(name, scope, action)
    tracking_id = prepare(client, staff, action, agency_id, unit_id)
    before = case(staff, tracking_id)
    allowed = may_act(name, action, scope)
    # Those who may act send the version they read; outsiders a stale one, which must not earn
    # them a 409 naming the current version: the refusal comes first.
    version = before["version"] if allowed else before["version"] + 7
    body = {**action_body(action, before["agency"]["agency_id"], before["unit_id"]), "expected_version": version}

    response = staff.act(name, tracking_id, action, body)

    if not allowed:
        assert_refused(response, status=before["status"])
        assert "version" not in body_text(response).lower()
        assert_unchanged(staff, tracking_id, before)
        return
    assert response.status_code == 200, response.json
    assert response.headers.get("Cache-Control") == "no-store"
    view = response.json
    assert view["view"] == "staff" and view["tracking_id"] == tracking_id
    assert view["title"] == TITLE and view["description"] == DESCRIPTION
    assert view["status"] == RESULT[action]
    assert view["version"] == before["version"] + 1
    assert len(view["timeline"]) == len(before["timeline"]) + 1
    event = view["timeline"][-1]
    assert event["event_type"] == EVENT[action]
    assert event["actor_username"] == account(name)[0]
    assert (event["status_from"], event["status_to"]) == (before["status"], RESULT[action])
    if action == "transfer":
        assert view["agency"]["agency_id"] == body["agency_id"] and view["unit_id"] is None
    elif action == "assign":
        assert view["unit_id"] == body["unit_id"]
    else:
        assert view["agency"] == before["agency"] and view["unit_id"] == before["unit_id"]
    # What the caller may do next: the state machine ∩ its rights, on a report maybe no longer its own.
    assert action_names(view) == expected_actions(name, view["status"], view["agency"]["agency_id"],
                                                  view["unit_id"])
    # Everyone who may act handles confidential reports and sees who reported.
    assert_identity(view, visible=True)
    stored = case(staff, tracking_id)
    assert (stored["status"], stored["version"]) == (view["status"], view["version"])
    assert len(stored["timeline"]) == len(view["timeline"])


# --- unit officers and the reports of their agency that are not theirs --------------------

OFFICER_CASES = [(officer, action, where) for officer in ("binamarga_officer", "sda_officer")
                 for action in ("start", "update", "respond") for where in ("unassigned", "other_agency")]


@pytest.mark.parametrize("officer, action, where", OFFICER_CASES, ids=["-".join(c) for c in OFFICER_CASES])
def test_unit_officers_may_not_work_reports_not_assigned_to_their_unit(client, staff, officer, action, where):
    agency_id = PUPR if where == "unassigned" else DISHUB
    tracking_id = prepare(client, staff, action, agency_id, None)
    before = case(staff, tracking_id)

    response = staff.act(officer, tracking_id, action, action_body(action, agency_id, None))

    assert_refused(response, status=before["status"])
    assert_unchanged(staff, tracking_id, before)
    assert_refused(staff.get(officer, f"/admin/reports/{tracking_id}"), status=before["status"])


# --- reading a case -----------------------------------------------------------------------

READ_CASES = [(name, scope) for name in STAFF_ACCOUNTS for scope in ("own", "other")] + [
    (officer, "unassigned") for officer in ("binamarga_officer", "sda_officer")]


def read_home(name: str, scope: str) -> tuple[str, str | None]:
    if scope == "unassigned":
        return PUPR, None
    return report_home(name, scope, "start")


def may_read(name: str, scope: str) -> bool:
    return role_of(name) in ("national_admin", "oversight") or scope == "own"


def read_id(case_: tuple[str, str]) -> str:
    name, scope = case_
    label = "unassigned" if scope == "unassigned" else scope_label(name, scope, "start")
    return f"{name}-{label}-{'reads' if may_read(name, scope) else 'refused'}"


@pytest.mark.parametrize("name, scope", READ_CASES, ids=[read_id(c) for c in READ_CASES])
def test_staff_read_only_the_cases_within_their_scope(client, staff, name, scope):
    agency_id, unit_id = read_home(name, scope)
    tracking_id = prepare(client, staff, "start", agency_id, unit_id)  # verified, i.e. dispositioned

    response = staff.get(name, f"/admin/reports/{tracking_id}")

    if not may_read(name, scope):
        assert_refused(response, status="dispositioned")
        return
    assert response.status_code == 200, response.json
    view = response.json
    assert (view["tracking_id"], view["status"], view["title"]) == (tracking_id, "dispositioned", TITLE)
    assert view["agency"]["agency_id"] == agency_id and view["unit_id"] == unit_id
    assert action_names(view) == expected_actions(name, "dispositioned", agency_id, unit_id)
    if role_of(name) == "oversight":
        assert view["allowed_actions"] == []
    # The report is confidential: only oversight is not told who reported.
    assert_identity(view, visible=role_of(name) != "oversight")
    if role_of(name) == "oversight":
        assert_no_identity_in(response)


# --- the reporter's identity by privacy ---------------------------------------------------

READERS = ("national", "pupr_admin", "binamarga_officer", "oversight")
PRIVACY_CASES = [(privacy, reader) for privacy in ("public", "anonymous", "confidential") for reader in READERS]


def sees_reporter(privacy: str, reader: str) -> bool:
    if privacy == "anonymous":
        return False
    return privacy == "public" or role_of(reader) != "oversight"


@pytest.mark.parametrize("privacy, reader", PRIVACY_CASES,
                         ids=[f"{p}-{r}-{'sees' if sees_reporter(p, r) else 'not_told'}"
                              for p, r in PRIVACY_CASES])
def test_who_reported_is_shown_to_staff_only_as_the_privacy_allows(client, staff, privacy, reader):
    tracking_id = prepare(client, staff, "start", PUPR, BINA_MARGA, privacy=privacy)

    response = staff.get(reader, f"/admin/reports/{tracking_id}")

    assert response.status_code == 200, response.json
    assert_identity(response.json, visible=sees_reporter(privacy, reader))
    if not sees_reporter(privacy, reader):
        assert_no_identity_in(response)


def test_an_anonymous_reporter_is_never_named_in_any_staff_answer(client, staff):
    answers = []

    def act(name, tracking_id, action, body):
        response = staff.act(name, tracking_id, action, body)
        assert response.status_code == 200, (name, action, response.json)
        assert_identity(response.json, visible=False)
        answers.append(response)
        return response

    worked = submit(client, privacy="anonymous")["tracking_id"]
    act("pupr_admin", worked, "hold", action_body("hold", PUPR, None))
    act("pupr_admin", worked, "resume", {})
    act("pupr_admin", worked, "verify", {"agency_id": PUPR, "unit_id": BINA_MARGA})
    act("binamarga_officer", worked, "start", {})
    act("pupr_admin", worked, "assign", {"unit_id": SDA})
    act("sda_officer", worked, "respond", action_body("respond", PUPR, None))
    act("national", worked, "close", {})
    archived = submit(client, privacy="anonymous")["tracking_id"]
    act("national", archived, "archive", {"reason": "other", "message": "Bukan pengaduan pelayanan publik."})
    transferred = submit(client, privacy="anonymous")["tracking_id"]
    act("national", transferred, "verify", {"agency_id": PUPR})
    act("pupr_admin", transferred, "transfer", action_body("transfer", PUPR, None))

    for tracking_id in (worked, archived, transferred):
        for name in STAFF_ACCOUNTS:
            response = staff.get(name, f"/admin/reports/{tracking_id}")
            assert response.status_code in (200, 403), response.json
            if response.status_code == 200:
                assert_identity(response.json, visible=False)
            answers.append(response)
    assert staff.get("dishub_admin", f"/admin/reports/{transferred}").status_code == 200
    for response in answers:
        assert_no_identity_in(response)


# --- a move the state machine refuses: 409 only for those who may act ---------------------

CONFLICT_CASES = [(name, scope) for name in STAFF_ACCOUNTS for scope in ("own", "other")]


def conflict_id(case_: tuple[str, str]) -> str:
    name, scope = case_
    outcome = "conflict" if may_act(name, "start", scope) else "refused"
    return f"{name}-{scope_label(name, scope, 'start')}-{outcome}"


@pytest.mark.parametrize("name, scope", CONFLICT_CASES, ids=[conflict_id(c) for c in CONFLICT_CASES])
def test_starting_a_case_already_in_progress_is_a_conflict_only_for_those_who_may_start_it(
        client, staff, name, scope):
    agency_id, unit_id = report_home(name, scope, "start")
    tracking_id = prepare(client, staff, "respond", agency_id, unit_id)  # verified and started
    before = case(staff, tracking_id)
    assert before["status"] == "in_progress"

    response = staff.act(name, tracking_id, "start", {})

    if may_act(name, "start", scope):
        assert response.status_code == 409, response.json
        error = response.json["error"]
        assert error["code"] == "invalid_transition"
        [detail] = error["details"]
        assert (detail["field"], detail["code"]) == ("action", "allowed_actions")
        allowed = sorted(part.strip() for part in detail["message"].split(","))
        assert allowed == expected_actions(name, "in_progress", agency_id, unit_id)
    else:
        # Outsiders learn nothing, not even the status a 409 would name.
        assert_refused(response, status="in_progress")
        assert "in_progress" not in body_text(response)
    assert_unchanged(staff, tracking_id, before)


# --- recording a walk-in, letter or call: for whom ----------------------------------------

PONTIANAK, PONTIANAK_COORDINATOR = "61.71", "diskominfo-pontianak"
# own_named: the caller's agency (any agency, Dinas PUPR, for national and oversight); other_named:
# another agency of Tanjungpinang; unnamed_here: no agency, about Tanjungpinang, where every agency
# account has authority; unnamed_elsewhere: no agency, about Kota Pontianak, where none has.
RECORD_TARGETS = ("own_named", "other_named", "unnamed_here", "unnamed_elsewhere")
RECORD_CASES = [(name, target) for name in STAFF_ACCOUNTS for target in RECORD_TARGETS]


def named_agency(name: str, target: str) -> str | None:
    _, role, agency_id, _ = account(name)
    own = PUPR if role in ("national_admin", "oversight") else agency_id
    return {"own_named": own, "other_named": other_agency(own)}.get(target)


def recorded_agency(name: str, target: str) -> str | None:
    """Who takes the recorded report; None when the caller may not record it."""
    _, role, agency_id, _ = account(name)
    if role == "oversight" or (target == "other_named" and role != "national_admin"):
        return None
    if target == "unnamed_elsewhere":
        return PONTIANAK_COORDINATOR
    if target == "unnamed_here":
        return DISKOMINFO if role == "national_admin" else agency_id
    return named_agency(name, target)


def record_id(case_: tuple[str, str]) -> str:
    name, target = case_
    agency = recorded_agency(name, target)
    return f"{name}-{target}-{'refused' if agency is None else 'to_' + agency}"


@pytest.mark.parametrize("name, target", RECORD_CASES, ids=[record_id(c) for c in RECORD_CASES])
def test_staff_record_reports_only_for_their_own_agency_or_the_regions_coordinator(client, staff, name, target):
    received_at = (datetime.now(timezone.utc) - timedelta(days=2)).isoformat()
    body = {"kind": "complaint", "channel": "letter", "title": TITLE, "description": DESCRIPTION,
            "region_code": PONTIANAK if target == "unnamed_elsewhere" else "21.72", "privacy": "public",
            "received_at": received_at, "reporter": {"name": NAME, "email": EMAIL}}
    if named_agency(name, target):
        body["agency_id"] = named_agency(name, target)

    response = staff.post(name, "/admin/reports", body)

    expected = recorded_agency(name, target)
    if expected is None:
        assert_refused(response, status="submitted")
        assert staff.get("national", "/admin/reports?queue=verification").json["items"] == []
        return
    assert response.status_code == 201, response.json
    assert response.json["agency"]["agency_id"] == expected
    view = case(staff, response.json["tracking_id"])
    assert view["agency"]["agency_id"] == expected and view["channel"] == "letter"
    assert view["timeline"][0]["actor_username"] == account(name)[0]
