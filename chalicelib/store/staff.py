"""The staff directory: who works where, read by username or by agency."""
from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import PutError, UpdateError

from chalicelib import store
from chalicelib.domain.permissions import Role
from chalicelib.store import reports
from chalicelib.store.models import StaffModel


class StaffExists(Exception):
    """Someone already has this username."""


class NoSuchStaff(Exception):
    """Nobody has this username."""


def get_staff(username: str) -> StaffModel | None:
    return store.get_or_none(StaffModel, username, consistent_read=True)


def add_staff(member: StaffModel) -> None:
    store.ready()
    try:
        member.save(condition=StaffModel.username.does_not_exist())
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise StaffExists() from error
        raise


def remove_staff(username: str) -> None:
    store.ready()
    StaffModel(username).delete()


def set_disabled(username: str, disabled_at: datetime | None, by: str | None) -> StaffModel:
    """Disable the account (``disabled_at`` set) or enable it again (None); the stored record after."""
    store.ready()
    member = StaffModel(username)
    actions = ([StaffModel.disabled_at.set(disabled_at), StaffModel.disabled_by.set(by)] if disabled_at
               else [StaffModel.disabled_at.remove(), StaffModel.disabled_by.remove()])
    try:
        member.update(actions=actions, condition=StaffModel.username.exists())
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise NoSuchStaff() from error
        raise
    return member


def admins_of(agency_id: str) -> list[StaffModel]:
    store.ready()
    return list(StaffModel.by_agency.query(agency_id, filter_condition=StaffModel.role == Role.AGENCY_ADMIN.value))


def officers_of(agency_id: str, unit_id: str) -> list[StaffModel]:
    store.ready()
    return list(StaffModel.by_agency.query(
        agency_id, filter_condition=(StaffModel.role == Role.UNIT_OFFICER.value) & (StaffModel.unit_id == unit_id)))


def in_role(role: str) -> list[StaffModel]:
    store.ready()
    return list(StaffModel.by_role.query(role))


def directory_page(*, agency_id: str | None, role: str | None, limit: int,
                   cursor: str | None) -> tuple[list[StaffModel], str | None]:
    """One page of the staff directory in username order, by Query only (never a Scan).

    With an agency: its staff (``staff_by_agency``), only those in ``role`` if given. Without:
    everyone in ``role``, or in every role, the ``staff_by_role`` partitions merged by username.
    Raises reports.InvalidCursor for a cursor of another listing.
    """
    if agency_id is not None:
        return reports.list_index(StaffModel.by_agency, [agency_id], limit=limit, cursor=cursor,
                                  filter_condition=StaffModel.role == role if role else None)
    roles = [role] if role else [member.value for member in Role]
    return reports.list_index(StaffModel.by_role, roles, limit=limit, cursor=cursor)
