"""The state machine and the rights table, without AWS or HTTP."""
from __future__ import annotations

import pytest

from chalicelib.domain import lifecycle, permissions
from chalicelib.domain.lifecycle import STAFF_ACTIONS, TRANSITIONS, Action
from chalicelib.domain.permissions import Principal, Role
from chalicelib.domain.reports import Status

NATIONAL = Principal("admin.nasional", Role.NATIONAL_ADMIN, "kemenpan-rb")
PUPR = Principal("admin.pupr", Role.AGENCY_ADMIN, "dpupr-tanjungpinang")
BINA_MARGA = Principal("petugas", Role.UNIT_OFFICER, "dpupr-tanjungpinang", "dpupr-tanjungpinang.bina-marga")
OMBUDSMAN = Principal("ombudsman", Role.OVERSIGHT)


def test_every_status_has_a_row_and_only_archived_and_merged_reports_are_dead_ends():
    assert set(TRANSITIONS) == set(Status)
    dead_ends = {status for status, moves in TRANSITIONS.items() if not moves}
    assert dead_ends == {Status.ARCHIVED, Status.DUPLICATE}


def test_a_new_report_can_only_be_verified_held_archived_merged_or_escalated():
    assert lifecycle.allowed_actions(Status.SUBMITTED) == [Action.VERIFY, Action.HOLD, Action.ARCHIVE,
                                                           Action.DUPLICATE, Action.ESCALATE]


def test_the_reporter_answers_a_hold_or_a_question_and_the_report_moves_on():
    assert lifecycle.next_status(Status.ON_HOLD, Action.REPLY) == Status.SUBMITTED
    assert lifecycle.next_status(Status.AWAITING_REPORTER, Action.REPLY) == Status.IN_PROGRESS
    assert lifecycle.next_status(Status.AWAITING_REPORTER, Action.REPORTER_SILENT) == Status.IN_PROGRESS
    assert not lifecycle.can_transition(Status.AWAITING_REPORTER, Action.RESPOND)


def test_progress_updates_only_while_the_agency_holds_the_report():
    updatable = {status for status, moves in TRANSITIONS.items() if Action.UPDATE in moves}
    assert updatable == {Status.DISPOSITIONED, Status.IN_PROGRESS, Status.AWAITING_APPROVAL, Status.REPORTER_REPLIED}
    assert lifecycle.next_status(Status.DISPOSITIONED, Action.UPDATE) == Status.IN_PROGRESS


def test_a_report_may_be_merged_as_a_duplicate_until_it_is_closed():
    mergeable = {status for status, moves in TRANSITIONS.items() if Action.DUPLICATE in moves}
    assert mergeable == set(Status) - {Status.ARCHIVED, Status.CLOSED, Status.DUPLICATE}
    assert {moves[Action.DUPLICATE] for moves in TRANSITIONS.values() if Action.DUPLICATE in moves} == {
        Status.DUPLICATE}
    assert permissions.can_act(PUPR, Action.DUPLICATE, "dpupr-tanjungpinang", None)
    assert not permissions.can_act(BINA_MARGA, Action.DUPLICATE, "dpupr-tanjungpinang", BINA_MARGA.unit_id)


def test_the_agency_must_start_before_it_answers_and_may_answer_again_after_a_reply():
    assert not lifecycle.can_transition(Status.DISPOSITIONED, Action.RESPOND)
    assert lifecycle.next_status(Status.IN_PROGRESS, Action.RESPOND) == Status.RESPONDED
    assert lifecycle.next_status(Status.REPORTER_REPLIED, Action.RESPOND) == Status.RESPONDED


def test_a_transfer_always_lands_as_a_fresh_disposition():
    targets = {moves[Action.TRANSFER] for moves in TRANSITIONS.values() if Action.TRANSFER in moves}
    assert targets == {Status.DISPOSITIONED}


def test_escalation_is_possible_wherever_a_deadline_may_have_been_missed():
    escalable = {status for status, moves in TRANSITIONS.items() if Action.ESCALATE in moves}
    assert escalable == set(Status) - {Status.ARCHIVED, Status.DUPLICATE}


@pytest.mark.parametrize("action", STAFF_ACTIONS)
def test_national_admins_act_everywhere_and_oversight_nowhere(action):
    assert permissions.can_act(NATIONAL, action, "dishub-pontianak", None)
    assert not permissions.can_act(OMBUDSMAN, action, "dishub-pontianak", None)
    assert permissions.can_view(OMBUDSMAN, "dishub-pontianak", None)


def test_an_agency_admin_acts_on_its_own_agency_only():
    assert permissions.can_act(PUPR, Action.VERIFY, "dpupr-tanjungpinang", None)
    assert not permissions.can_act(PUPR, Action.VERIFY, "dishub-tanjungpinang", None)
    assert not permissions.can_view(PUPR, "dishub-tanjungpinang", None)


def test_a_unit_officer_works_only_its_units_reports_and_only_starts_updates_asks_and_answers():
    assert permissions.can_act(BINA_MARGA, Action.RESPOND, "dpupr-tanjungpinang", BINA_MARGA.unit_id)
    assert not permissions.can_act(BINA_MARGA, Action.RESPOND, "dpupr-tanjungpinang",
                                   "dpupr-tanjungpinang.cipta-karya")
    assert not permissions.can_view(BINA_MARGA, "dpupr-tanjungpinang", None)
    assert not permissions.can_act(BINA_MARGA, Action.VERIFY, "dpupr-tanjungpinang", BINA_MARGA.unit_id)


def test_an_agency_admin_creates_only_unit_officers_of_its_own_agency():
    assert permissions.may_manage_account(PUPR, Role.UNIT_OFFICER, "dpupr-tanjungpinang")
    assert not permissions.may_manage_account(PUPR, Role.UNIT_OFFICER, "dishub-tanjungpinang")
    assert not permissions.may_manage_account(PUPR, Role.AGENCY_ADMIN, "dpupr-tanjungpinang")
    assert permissions.may_manage_account(NATIONAL, Role.NATIONAL_ADMIN, None)
    assert not permissions.may_manage_account(BINA_MARGA, Role.UNIT_OFFICER, "dpupr-tanjungpinang")


def test_agency_staff_record_reports_only_for_their_own_agency_and_national_admins_for_any():
    assert permissions.may_record_for(PUPR, "dpupr-tanjungpinang")
    assert permissions.may_record_for(BINA_MARGA, "dpupr-tanjungpinang")
    assert not permissions.may_record_for(PUPR, "dishub-tanjungpinang")
    assert not permissions.may_record_for(BINA_MARGA, "dishub-tanjungpinang")
    assert permissions.may_record_for(NATIONAL, "dpupr-pontianak")
    assert not permissions.may_record_for(OMBUDSMAN, "dpupr-pontianak")
    assert not permissions.can_record_reports(OMBUDSMAN)


@pytest.mark.parametrize("principal, privacy, sees", [
    (PUPR, "public", True), (PUPR, "anonymous", False), (PUPR, "confidential", True),
    (NATIONAL, "anonymous", False), (NATIONAL, "confidential", True),
    (OMBUDSMAN, "public", True), (OMBUDSMAN, "confidential", False), (None, "public", False),
])
def test_who_may_know_the_reporter(principal, privacy, sees):
    assert permissions.sees_identity(principal, privacy) is sees
