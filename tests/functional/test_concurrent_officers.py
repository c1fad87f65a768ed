"""Two officers act on the same report at once: exactly one wins, the other gets 409, nothing is lost."""
from __future__ import annotations

import threading

import pytest

from chalicelib.domain.lifecycle import Action
from chalicelib.errors import AppError
from chalicelib.schemas import RespondAction, TransferAction
from chalicelib.services import workflow
from chalicelib.store import outbox, reports
from chalicelib.store.models import NotificationModel, ReportEventModel
from tests.conftest import STAFF_ACCOUNTS, submit


def principal(name: str):
    from chalicelib.domain.permissions import Principal, Role

    username, role, agency_id, unit_id = STAFF_ACCOUNTS[name]
    return Principal(username, Role(role), agency_id, unit_id)


def in_progress_report(client, staff) -> str:
    tracking_id = submit(client)["tracking_id"]
    staff.act("pupr_admin", tracking_id, "verify", {"agency_id": "dpupr-tanjungpinang",
                                                    "unit_id": "dpupr-tanjungpinang.bina-marga"})
    staff.act("pupr_admin", tracking_id, "start")
    return tracking_id


def test_two_officers_sending_the_version_they_read_one_wins_and_the_other_gets_409(client, staff):
    tracking_id = in_progress_report(client, staff)
    version = staff.get("binamarga_officer", f"/admin/reports/{tracking_id}").json["version"]

    first = staff.act("binamarga_officer", tracking_id, "respond",
                      {"message": "Lubang sudah ditambal.", "expected_version": version})
    second = staff.act("pupr_admin", tracking_id, "transfer",
                       {"agency_id": "dishub-tanjungpinang", "reason": "Bukan wewenang kami.",
                        "expected_version": version})

    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json["error"]["code"] == "version_conflict"
    case = staff.get("national", f"/admin/reports/{tracking_id}").json
    assert (case["status"], case["agency"]["agency_id"], case["version"]) == (
        "responded", "dpupr-tanjungpinang", version + 1)


def test_when_both_read_before_either_writes_the_database_refuses_the_second(client, staff, monkeypatch):
    """Neither sends expected_version: the version condition in the transaction itself decides."""
    tracking_id = in_progress_report(client, staff)
    events_before = len(list(ReportEventModel.query(tracking_id)))
    both_have_read = threading.Barrier(2, timeout=10)
    real_save = reports.save_change

    def save_after_both_read(*args, **kwargs):
        both_have_read.wait()
        return real_save(*args, **kwargs)

    monkeypatch.setattr(reports, "save_change", save_after_both_read)
    outcomes: dict[str, object] = {}

    def act(name: str, action: Action, body) -> None:
        try:
            outcomes[name] = workflow.perform(principal(name), tracking_id, action, body)
        except AppError as error:
            outcomes[name] = error

    threads = [
        threading.Thread(target=act, args=("binamarga_officer", Action.RESPOND,
                                           RespondAction(message="Lubang sudah ditambal."))),
        threading.Thread(target=act, args=("pupr_admin", Action.TRANSFER,
                                           TransferAction(agency_id="dishub-tanjungpinang",
                                                          reason="Bukan wewenang kami."))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    refused = [outcome for outcome in outcomes.values() if isinstance(outcome, AppError)]
    succeeded = [outcome for outcome in outcomes.values() if isinstance(outcome, dict)]
    assert len(succeeded) == 1 and len(refused) == 1
    assert (refused[0].status, refused[0].code) == (409, "version_conflict")
    winner = succeeded[0]
    stored = reports.get_report(tracking_id)
    assert stored.status == winner["status"] and stored.version == winner["version"]
    # Exactly the winner's event was added: the loser's transaction left no trace.
    events = list(ReportEventModel.query(tracking_id))
    assert len(events) == events_before + 1
    assert events[-1].event_type == ("responded" if winner["status"] == "responded" else "transferred")
    notifications = [n.event_type for shard in outbox.pending_shards() for n in NotificationModel.pending.query(shard)
                     if n.tracking_id == tracking_id]
    assert ("responded" in notifications) != ("transferred" in notifications)


@pytest.mark.parametrize("loser_retries_with", ["start", "respond"])
def test_the_officer_who_lost_can_reload_and_act_on_the_new_version(client, staff, loser_retries_with):
    tracking_id = submit(client)["tracking_id"]
    staff.act("pupr_admin", tracking_id, "verify", {"agency_id": "dpupr-tanjungpinang"})
    version = staff.get("pupr_admin", f"/admin/reports/{tracking_id}").json["version"]
    staff.act("national", tracking_id, "start", {"expected_version": version})

    stale = staff.act("pupr_admin", tracking_id, "start", {"expected_version": version})
    reloaded = staff.get("pupr_admin", f"/admin/reports/{tracking_id}").json

    assert stale.status_code == 409
    assert [a["action"] for a in reloaded["allowed_actions"]] == ["assign", "update", "ask_reporter", "respond", "transfer",
                                                                  "duplicate"]
    if loser_retries_with == "respond":
        retried = staff.act("pupr_admin", tracking_id, "respond",
                            {"message": "Sudah ditangani.", "expected_version": reloaded["version"]})
        assert retried.status_code == 200
        assert retried.json["status"] == "responded"
    else:
        retried = staff.act("pupr_admin", tracking_id, "start", {"expected_version": reloaded["version"]})
        assert retried.status_code == 409
        assert retried.json["error"]["code"] == "invalid_transition"
