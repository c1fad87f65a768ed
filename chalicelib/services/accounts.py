"""Use cases of staff accounts: sign in, create, disable and enable accounts (Cognito holds the
credentials, the staff record who is where and whether the account may act at all)."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from chalicelib import aws
from chalicelib.auth import forget_staff_record
from chalicelib.config import get_settings
from chalicelib.domain import permissions
from chalicelib.domain.permissions import Principal, Role
from chalicelib.errors import (
    Conflict,
    FieldProblem,
    Forbidden,
    NotFound,
    TooManyRequests,
    Unauthorized,
    invalid,
)
from chalicelib.i18n import Text
from chalicelib.observability import logger
from chalicelib.services import checks, limits
from chalicelib.store import reference, staff
from chalicelib.store.models import StaffModel

if TYPE_CHECKING:
    from chalicelib.schemas import Login, NewStaffUser

_WRONG_CREDENTIALS = Text("Nama pengguna atau kata sandi salah.", "Wrong username or password.")
_PASSWORD_RULES = Text("Kata sandi minimal 10 karakter dengan huruf besar, huruf kecil, angka dan simbol.",
                       "A password needs at least 10 characters with upper and lower case, a digit and a symbol.")


def login(credentials: Login) -> dict:
    settings = get_settings()
    attempt = limits.sign_in_attempt(credentials.username)
    try:
        answer = aws.cognito().initiate_auth(
            ClientId=settings.user_pool_client_id, AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": credentials.username, "PASSWORD": credentials.password})
    except ClientError as error:
        code = error.response["Error"]["Code"]
        if code in ("NotAuthorizedException", "UserNotFoundException", "UserNotConfirmedException",
                    "PasswordResetRequiredException"):
            # One answer for every failure, so sign-in does not reveal which usernames exist.
            raise Unauthorized(_WRONG_CREDENTIALS) from None
        if code == "TooManyRequestsException":
            raise TooManyRequests(Text("Terlalu banyak percobaan masuk; coba lagi sebentar lagi.",
                                       "Too many sign-in attempts; try again shortly.")) from None
        raise
    attempt.succeeded()
    if "AuthenticationResult" not in answer:
        raise Forbidden(Text("Akun ini harus mengganti kata sandi terlebih dahulu.",
                             "This account must set a new password first."),
                        code=f"challenge_{answer.get('ChallengeName', 'unknown').lower()}")
    result = answer["AuthenticationResult"]
    return {"id_token": result["IdToken"], "access_token": result["AccessToken"],
            "refresh_token": result.get("RefreshToken"), "expires_in": result["ExpiresIn"],
            "token_type": "Bearer"}


def _check_placement(new: NewStaffUser) -> None:
    """Agency roles need an existing agency (and a unit officer a unit of it)."""
    role = Role(new.role)
    if role in permissions.AGENCY_ROLES and not new.agency_id:
        raise invalid("agency_id", "missing", Text("Wajib diisi untuk peran ini.", "Required for this role."))
    if new.agency_id:
        checks.existing_agency(new.agency_id)
    if role == Role.UNIT_OFFICER:
        if not new.unit_id:
            raise invalid("unit_id", "missing", Text("Wajib diisi untuk petugas unit.", "Required for a unit officer."))
        checks.existing_unit(new.agency_id, new.unit_id)
    elif new.unit_id:
        raise invalid("unit_id", "unit_for_officers_only",
                      Text("Unit kerja hanya untuk petugas unit.", "Only unit officers belong to a unit."))


def create_user(principal: Principal, new: NewStaffUser) -> dict:
    if not permissions.may_manage_account(principal, Role(new.role), new.agency_id):
        raise Forbidden(Text("Anda tidak dapat membuat akun dengan peran atau instansi ini.",
                             "You may not create an account with this role or agency."))
    _check_placement(new)
    member = StaffModel(new.username, role=new.role, agency_id=new.agency_id, unit_id=new.unit_id,
                        email=new.email, phone=new.phone, created_at=datetime.now(timezone.utc),
                        created_by=principal.username)
    try:
        staff.add_staff(member)
    except staff.StaffExists:
        raise Conflict(Text("Nama pengguna sudah dipakai.", "The username is taken."),
                       [FieldProblem("username", "username_taken", Text("Pilih nama lain.", "Choose another."))],
                       code="username_taken") from None
    try:
        create_cognito_user(new.username, new.password, Role(new.role), new.agency_id, new.unit_id,
                            new.email, new.phone)
    except ClientError as error:
        staff.remove_staff(new.username)  # the directory must not list an account that cannot sign in
        code = error.response["Error"]["Code"]
        if code == "InvalidPasswordException":
            raise invalid("password", "weak_password", _PASSWORD_RULES) from None
        if code == "UsernameExistsException":
            raise Conflict(Text("Nama pengguna sudah dipakai.", "The username is taken."),
                           code="username_taken") from None
        raise
    logger.info("staff account created", extra={"username": new.username, "role": new.role,
                                                 "agency_id": new.agency_id, "by": principal.username})
    return {"username": new.username, "role": new.role, "agency_id": new.agency_id, "unit_id": new.unit_id,
            "email": new.email, "phone": new.phone}


def member_view(member: StaffModel) -> dict:
    """A staff account as the directory shows it."""
    return {"username": member.username, "role": member.role, "agency_id": member.agency_id,
            "unit_id": member.unit_id, "email": member.email, "phone": member.phone,
            "created_at": member.created_at.isoformat() if member.created_at else None,
            "disabled_at": member.disabled_at.isoformat() if member.disabled_at else None}


def set_disabled(principal: Principal, username: str, disabled: bool) -> dict:
    """``POST /admin/users/{username}/disable`` and ``/enable``.

    The staff record is what every request is checked against, so disabling writes it first
    (refused from then on, whatever the account's tokens say) and then disables the Cognito
    user and revokes its refresh tokens; enabling goes the other way round.
    """
    member = staff.get_staff(username)
    if member is None:
        raise NotFound(Text("Akun petugas tidak ditemukan.", "No such staff account."))
    if not permissions.may_manage_account(principal, Role(member.role), member.agency_id):
        raise Forbidden(Text("Anda tidak dapat mengubah akun ini.", "You may not change this account."))
    if disabled and username == principal.username:
        raise Conflict(Text("Anda tidak dapat menonaktifkan akun Anda sendiri.", "You cannot disable your own account."),
                       code="own_account")
    settings = get_settings()
    cognito = aws.cognito()
    if disabled:
        member = staff.set_disabled(username, datetime.now(timezone.utc), principal.username)
        forget_staff_record(username)
        cognito.admin_disable_user(UserPoolId=settings.user_pool_id, Username=username)
        cognito.admin_user_global_sign_out(UserPoolId=settings.user_pool_id, Username=username)
    else:
        cognito.admin_enable_user(UserPoolId=settings.user_pool_id, Username=username)
        member = staff.set_disabled(username, None, None)
        forget_staff_record(username)
    logger.info("staff account disabled" if disabled else "staff account enabled",
                extra={"username": username, "by": principal.username})
    return member_view(member)


def create_cognito_user(username: str, password: str, role: Role, agency_id: str | None,
                        unit_id: str | None, email: str | None, phone: str | None) -> None:
    """The account with a permanent password, its group and its agency attributes."""
    settings = get_settings()
    cognito = aws.cognito()
    attributes = [{"Name": "custom:agency_id", "Value": agency_id or ""},
                  {"Name": "custom:unit_id", "Value": unit_id or ""}]
    if email:
        attributes += [{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}]
    if phone:
        attributes.append({"Name": "phone_number", "Value": phone})
    cognito.admin_create_user(UserPoolId=settings.user_pool_id, Username=username,
                              UserAttributes=[a for a in attributes if a["Value"]], MessageAction="SUPPRESS")
    try:
        cognito.admin_set_user_password(UserPoolId=settings.user_pool_id, Username=username,
                                        Password=password, Permanent=True)
        cognito.admin_add_user_to_group(UserPoolId=settings.user_pool_id, Username=username,
                                        GroupName=role.value)
    except ClientError:
        cognito.admin_delete_user(UserPoolId=settings.user_pool_id, Username=username)
        raise


def describe(principal: Principal) -> dict:
    """``GET /admin/me``: who is signed in and what the console should offer them.

    The offers come from the same permission rules the API enforces, so the console never
    shows a page whose requests would all be refused.
    """
    agency = reference.get_agency(principal.agency_id) if principal.agency_id else None
    own_statistics = (principal.sees_everything
                      or permissions.may_read_statistics(principal, permissions.AGENCY_SCOPE,
                                                         principal.agency_id or ""))
    return {
        "username": principal.username,
        "role": principal.role.value,
        "agency": {"agency_id": agency.agency_id, "name": agency.name, "time_zone": agency.time_zone}
        if agency else None,
        "unit_id": principal.unit_id,
        "may": {
            "record_reports": permissions.can_record_reports(principal),
            "read_statistics": own_statistics,
            "create_users": (permissions.may_list_staff(principal, principal.agency_id)
                             and permissions.may_manage_account(principal, Role.UNIT_OFFICER, principal.agency_id)),
            "manage_agencies": permissions.may_manage_agencies(principal),
            # An agency admin's own agency settings (whether officers' answers need approval).
            "agency_settings": bool(principal.agency_id) and principal.role == Role.AGENCY_ADMIN
            and permissions.may_change_agency_settings(principal, principal.agency_id),
            "manage_holidays": permissions.may_manage_holidays(principal),
            # National admins write the national defaults, agency admins their agency's.
            "manage_templates": permissions.may_write_templates(
                principal, None if principal.role == Role.NATIONAL_ADMIN else principal.agency_id),
        },
    }
