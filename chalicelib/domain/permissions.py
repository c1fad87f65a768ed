"""Who may see and do what (DESIGN §3): the one place staff rights are decided.

National admins see and act on every report; oversight viewers see every report and
act on none; an agency admin sees and acts on its own agency's reports; a unit
officer sees the reports assigned to its unit and works them (start, update, ask the reporter,
resume, respond).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from chalicelib.domain.lifecycle import Action


class Role(str, Enum):
    """The Cognito groups staff belong to."""

    NATIONAL_ADMIN = "national_admin"
    AGENCY_ADMIN = "agency_admin"
    UNIT_OFFICER = "unit_officer"
    OVERSIGHT = "oversight"


# A user in several groups acts with the widest of them.
ROLE_PRECEDENCE = (Role.NATIONAL_ADMIN, Role.AGENCY_ADMIN, Role.UNIT_OFFICER, Role.OVERSIGHT)
AGENCY_ROLES = (Role.AGENCY_ADMIN, Role.UNIT_OFFICER)


@dataclass(frozen=True)
class Principal:
    """A signed-in staff member: who the verified ID token names, placed as the staff record says."""

    username: str
    role: Role
    agency_id: str | None = None
    unit_id: str | None = None
    email: str | None = None

    @property
    def sees_everything(self) -> bool:
        return self.role in (Role.NATIONAL_ADMIN, Role.OVERSIGHT)


def claims_disagreeing(claimed: Principal, recorded: Principal) -> list[str]:
    """What a token claims (role, agency, unit) differently from the staff record. The record
    decides: a user who could change their own Cognito attributes must not change their scope."""
    return [name for name in ("role", "agency_id", "unit_id") if getattr(claimed, name) != getattr(recorded, name)]


def is_placed(principal: Principal) -> bool:
    """Agency roles need their agency (and a unit officer its unit) to have any scope at all."""
    if principal.role in AGENCY_ROLES and not principal.agency_id:
        return False
    return principal.role != Role.UNIT_OFFICER or bool(principal.unit_id)


_ACTIONS_BY_ROLE: dict[Role, frozenset[Action]] = {
    Role.NATIONAL_ADMIN: frozenset({Action.VERIFY, Action.HOLD, Action.RESUME, Action.ARCHIVE,
                                    Action.TRANSFER, Action.ASSIGN, Action.START, Action.UPDATE,
                                    Action.ASK_REPORTER, Action.RESPOND, Action.APPROVE,
                                    Action.RETURN, Action.CLOSE}),
    Role.AGENCY_ADMIN: frozenset({Action.VERIFY, Action.HOLD, Action.RESUME, Action.ARCHIVE,
                                  Action.TRANSFER, Action.ASSIGN, Action.START, Action.UPDATE,
                                  Action.ASK_REPORTER, Action.RESPOND, Action.APPROVE, Action.RETURN,
                                  Action.CLOSE}),
    # An officer who asked the reporter may also withdraw the question (resume); unverified
    # reports, the other thing resume applies to, are never in a unit's scope.
    Role.UNIT_OFFICER: frozenset({Action.START, Action.UPDATE, Action.ASK_REPORTER, Action.RESUME, Action.RESPOND}),
    Role.OVERSIGHT: frozenset(),
}
# Merging a duplicate into another report (services/duplicates.py): whoever verifies and closes.
for _role in (Role.NATIONAL_ADMIN, Role.AGENCY_ADMIN):
    _ACTIONS_BY_ROLE[_role] = _ACTIONS_BY_ROLE[_role] | {Action.DUPLICATE}


def can_view(principal: Principal, agency_id: str, unit_id: str | None, watched_by: str | None = None) -> bool:
    """Whether the report held by ``agency_id`` (and ``unit_id``) is within the caller's scope.

    ``watched_by``: the region's coordinator, while a report the system routed to ``agency_id`` waits
    for verification; its admins may read it and verify it elsewhere (re-route), hold or archive it.
    """
    if principal.sees_everything:
        return True
    if watched_by is not None and principal.role == Role.AGENCY_ADMIN and principal.agency_id == watched_by:
        return True
    if principal.agency_id != agency_id:
        return False
    if principal.role == Role.UNIT_OFFICER:
        return unit_id is not None and unit_id == principal.unit_id
    return principal.role == Role.AGENCY_ADMIN


def role_may(principal: Principal, action: Action) -> bool:
    """Whether the caller's role performs this action at all, on any report."""
    return action in _ACTIONS_BY_ROLE[principal.role]


def can_act(principal: Principal, action: Action, agency_id: str, unit_id: str | None,
            watched_by: str | None = None) -> bool:
    return role_may(principal, action) and can_view(principal, agency_id, unit_id, watched_by)


def answer_needs_approval(principal: Principal, agency_requires_approval: bool) -> bool:
    """A unit officer's final answer waits for an agency admin where the agency asks for that; an
    admin's own answer never does."""
    return agency_requires_approval and principal.role == Role.UNIT_OFFICER


# Staff files go with a progress update or a final answer (domain/attachments.py).
ANSWERING_ACTIONS = (Action.UPDATE, Action.RESPOND)


def may_add_attachments(principal: Principal, agency_id: str, unit_id: str | None,
                        watched_by: str | None = None) -> bool:
    """Uploading files for an update or an answer: whoever may post one on this report."""
    return any(can_act(principal, action, agency_id, unit_id, watched_by) for action in ANSWERING_ACTIONS)


def may_hide_attachments(principal: Principal, agency_id: str, unit_id: str | None,
                         watched_by: str | None = None) -> bool:
    """Hiding a file from the public view, or showing it again: the admins who handle the report
    (national and agency admins), not unit officers or oversight viewers."""
    return principal.role in (Role.NATIONAL_ADMIN, Role.AGENCY_ADMIN) and can_view(principal, agency_id, unit_id,
                                                                                   watched_by)


def can_record_reports(principal: Principal) -> bool:
    """Officers write down walk-ins, letters, calls and complaint-box slips; oversight does not."""
    return principal.role != Role.OVERSIGHT


def may_record_for(principal: Principal, agency_id: str) -> bool:
    """Whom a recorded report may name: a national admin any agency, agency staff only their own.

    A recorded report carries the date it was received, so naming another agency would charge
    that agency with deadlines it never had the chance to meet. Agency staff who receive a report
    outside their authority name no agency: the region's coordinator takes it (No Wrong Door).
    """
    if principal.role == Role.NATIONAL_ADMIN:
        return True
    return principal.role in AGENCY_ROLES and agency_id == principal.agency_id


def may_manage_account(principal: Principal, role: Role, agency_id: str | None) -> bool:
    """Creating, disabling and enabling accounts: a national admin any account; an agency admin
    only unit officers of its own agency."""
    if principal.role == Role.NATIONAL_ADMIN:
        return True
    return (principal.role == Role.AGENCY_ADMIN and role == Role.UNIT_OFFICER
            and agency_id == principal.agency_id)


def may_manage_notifications(principal: Principal, agency_id: str | None) -> bool:
    """Undelivered notifications: the national admin sees all, an agency admin its agency's."""
    if principal.role == Role.NATIONAL_ADMIN:
        return True
    return principal.role == Role.AGENCY_ADMIN and agency_id is not None and agency_id == principal.agency_id


def sees_identity(principal: Principal | None, privacy: str) -> bool:
    """Whether a staff member may see who reported (never the agency for anonymous reports).

    Confidential reporters are visible to the admins who handle them: the agency and the
    national admin, not oversight viewers.
    """
    if principal is None:
        return False
    if privacy == "public":
        return True
    if privacy == "anonymous":
        return False
    return principal.role != Role.OVERSIGHT


# The scope of statistics an agency's staff may read (compliance.ScopeType.AGENCY is this).
AGENCY_SCOPE = "agency"


def may_read_statistics(principal: Principal, scope_type: str, scope_code: str) -> bool:
    """Statistics and compliance reports: national and oversight staff see every scope, agency
    staff their own agency's."""
    if principal.sees_everything:
        return True
    return (principal.role in AGENCY_ROLES and principal.agency_id is not None
            and scope_type == AGENCY_SCOPE and scope_code == principal.agency_id)


def may_list_staff(principal: Principal, agency_id: str | None) -> bool:
    """The staff directory: a national admin lists anyone; an agency admin its own agency's staff."""
    if principal.role == Role.NATIONAL_ADMIN:
        return True
    return principal.role == Role.AGENCY_ADMIN and agency_id is not None and agency_id == principal.agency_id


def may_manage_agencies(principal: Principal) -> bool:
    """Adding agencies and their units: national admins only (every signed-in staff member reads them)."""
    return principal.role == Role.NATIONAL_ADMIN


def may_change_agency_settings(principal: Principal, agency_id: str) -> bool:
    """How an agency works (whether officers' answers need approval): its own admins, and national admins."""
    return may_manage_agencies(principal) or (principal.role == Role.AGENCY_ADMIN and principal.agency_id == agency_id)


def may_manage_holidays(principal: Principal) -> bool:
    """Adding or removing non-working days: national admins only (every signed-in staff member reads them)."""
    return principal.role == Role.NATIONAL_ADMIN


def may_read_routing(principal: Principal) -> bool:
    """The routing table and its misses: national admins, who change it, and oversight viewers."""
    return principal.sees_everything


def may_change_routing(principal: Principal) -> bool:
    return principal.role == Role.NATIONAL_ADMIN


def may_read_templates(principal: Principal, agency_id: str | None) -> bool:
    """Answer templates of an agency (None: the national defaults): everyone reads the defaults,
    agency staff their own agency's, national admins and oversight any agency's."""
    if agency_id is None or principal.sees_everything:
        return True
    return principal.role in AGENCY_ROLES and principal.agency_id == agency_id


def may_write_templates(principal: Principal, agency_id: str | None) -> bool:
    """Creating, changing and removing templates: national admins (the national defaults, and any
    agency's, as they act on everything), agency admins their own agency's; unit officers and
    oversight never."""
    if principal.role == Role.NATIONAL_ADMIN:
        return True
    return principal.role == Role.AGENCY_ADMIN and agency_id is not None and agency_id == principal.agency_id


def may_use_templates(principal: Principal, agency_id: str, unit_id: str | None,
                      watched_by: str | None = None) -> bool:
    """Templates filled for a report: for whoever may write to its reporter, i.e. answer it."""
    return can_act(principal, Action.RESPOND, agency_id, unit_id, watched_by)
