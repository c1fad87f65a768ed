"""Use cases of answer templates: national admins keep the national defaults, agency admins their
agency's, and the forms that write to a reporter offer them filled for the report at hand.

A change is checked in the house's order, after the route checked the body's shape (422): the
template exists and the caller may see it (404), may change it (403), the version is the one the
caller read (409), the text's placeholders are all known (422). Then one transaction writes the
template and its audit entry (who, when, what it says now), on condition of that version.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from chalicelib.domain import permissions
from chalicelib.domain import templates as rules
from chalicelib.domain.formats import AGENCY_ID_PATTERN
from chalicelib.domain.permissions import Principal, Role
from chalicelib.domain.templates import NATIONAL, Purpose
from chalicelib.errors import INVALID_REQUEST, Conflict, FieldProblem, Forbidden, NotFound, ValidationFailed, invalid
from chalicelib.i18n import Text
from chalicelib.observability import logger
from chalicelib.services import checks, workflow
from chalicelib.services.tracking import agency_name
from chalicelib.store import templates as table
from chalicelib.store.concurrent import at_once
from chalicelib.store.models import AnswerTemplateModel, AuditEntryModel

if TYPE_CHECKING:
    from chalicelib.schemas import NewTemplate, TemplateChange

_NOT_FOUND = Text("Templat tidak ditemukan.", "No such template.")
_OWN_AGENCY_ONLY = Text("Anda hanya dapat melihat templat nasional dan templat instansi Anda.",
                        "You may only see the national templates and your own agency's.")
_MAY_NOT_WRITE = Text("Peran Anda tidak dapat membuat atau mengubah templat ini. Templat nasional diatur admin "
                      "nasional, templat instansi oleh admin instansinya.",
                      "Your role may not create or change this template. National admins keep the national "
                      "templates, agency admins their agency's.")
_MAY_NOT_ANSWER = Text("Peran Anda tidak menjawab laporan ini.", "Your role does not answer this report.")
_VERSION_CONFLICT = Text("Templat sudah diubah oleh orang lain; muat ulang lalu coba lagi.",
                         "Someone else changed the template; reload it and try again.")
# Who wrote the national defaults a stage starts with, in the template and its audit trail.
SEEDED_BY = "stage-setup"


def _owner(agency_id: str | None) -> str:
    return agency_id or NATIONAL


def _agency_of(template: AnswerTemplateModel) -> str | None:
    return None if template.owner == NATIONAL else template.owner


def _subject(template_id: str) -> str:
    return f"template#{template_id}"


def vocabulary() -> list[dict]:
    return [{"name": placeholder.name, "description": {"id": placeholder.description.id,
                                                        "en": placeholder.description.en}}
            for placeholder in rules.VOCABULARY.values()]


def template_view(template: AnswerTemplateModel, principal: Principal) -> dict:
    agency_id = _agency_of(template)
    return {
        "template_id": template.template_id,
        "scope": "national" if agency_id is None else "agency",
        "agency_id": agency_id,
        "name": template.name,
        "purposes": list(template.purposes),
        "body": template.body,
        "placeholders": rules.placeholders_in(template.body),
        "version": template.version,
        "created_at": template.created_at.isoformat(),
        "created_by": template.created_by,
        "updated_at": template.updated_at.isoformat(),
        "updated_by": template.updated_by,
        "may_edit": permissions.may_write_templates(principal, agency_id),
    }


def _in_order(lists: Iterable[list[AnswerTemplateModel]], purpose: str | None) -> list[AnswerTemplateModel]:
    """The national defaults first, then the agency's; each by name."""
    return [template for found in lists
            for template in sorted(found, key=lambda template: (template.name.casefold(), template.template_id))
            if purpose is None or purpose in template.purposes]


def _purpose(raw: str | None) -> str | None:
    if raw is None:
        return None
    names = [purpose.value for purpose in Purpose]
    if raw not in names:
        listed = ", ".join(names)
        raise invalid("purpose", "enum", Text(f"Harus salah satu dari: {listed}.", f"Must be one of: {listed}."))
    return raw


def _purposes(chosen: list[str]) -> list[str]:
    return [purpose.value for purpose in Purpose if purpose.value in chosen]


def list_templates(principal: Principal, params: dict[str, str]) -> dict:
    """``GET /admin/templates?agency_id=&purpose=``: the national defaults and the templates of one agency
    (agency staff: their own; national admins and oversight: the one they name, if any)."""
    agency_id = params.get("agency_id")
    if agency_id is None and principal.role in permissions.AGENCY_ROLES:
        agency_id = principal.agency_id
    if agency_id is not None:
        if not re.match(AGENCY_ID_PATTERN, agency_id):
            raise invalid("agency_id", "string_pattern_mismatch",
                          Text("Contoh: dpupr-tanjungpinang", "Example: dpupr-tanjungpinang"))
        if not permissions.may_read_templates(principal, agency_id):
            raise Forbidden(_OWN_AGENCY_ONLY)
        checks.existing_agency(agency_id)
    purpose = _purpose(params.get("purpose"))
    owners = [NATIONAL] + ([agency_id] if agency_id else [])
    found = at_once(*(lambda owner=owner: table.templates_of(owner) for owner in owners))
    return {"agency_id": agency_id, "purpose": purpose,
            "items": [template_view(template, principal) for template in _in_order(found, purpose)],
            "vocabulary": vocabulary(),
            "limits": {"name": rules.MAX_NAME_CHARACTERS, "body": rules.MAX_BODY_CHARACTERS}}


def _refuse_bad_text(body: str) -> None:
    problems = rules.problems_in(body)
    if problems:
        raise ValidationFailed(INVALID_REQUEST, [FieldProblem("body", problem.code, problem.message)
                                                 for problem in problems])


def _audit(template: AnswerTemplateModel, action: str, now: datetime, username: str, role: str) -> AuditEntryModel:
    """What the template says after the change (or said, when removed), so its history can be read back."""
    return AuditEntryModel(_subject(template.template_id), f"{now.isoformat()}#0", at=now,
                           actor_username=username, actor_role=role, action=action,
                           details={"owner": template.owner, "name": template.name,
                                    "purposes": list(template.purposes), "body": template.body})


def create_template(principal: Principal, new: NewTemplate) -> dict:
    """``POST /admin/templates``: a national default (national admins, naming no agency) or an agency's
    template (its admins; national admins naming it)."""
    agency_id = new.agency_id
    if agency_id is None and principal.role == Role.AGENCY_ADMIN:
        agency_id = principal.agency_id
    if not permissions.may_write_templates(principal, agency_id):
        raise Forbidden(_MAY_NOT_WRITE)
    if agency_id is not None:
        checks.existing_agency(agency_id)
    _refuse_bad_text(new.body)
    owner = _owner(agency_id)
    if len(table.templates_of(owner)) >= rules.MAX_TEMPLATES_PER_OWNER:
        raise Conflict(Text(f"Sudah ada {rules.MAX_TEMPLATES_PER_OWNER} templat; hapus yang tidak dipakai lagi.",
                            f"There are {rules.MAX_TEMPLATES_PER_OWNER} templates already; remove those "
                            f"no longer used."), code="too_many_templates")
    now = datetime.now(timezone.utc)
    template = AnswerTemplateModel(owner, f"{owner}.{secrets.token_hex(5)}", name=new.name,
                                   purposes=_purposes(new.purposes), body=new.body,
                                   created_at=now, created_by=principal.username,
                                   updated_at=now, updated_by=principal.username)
    try:
        table.add_template(template, _audit(template, "template.created", now, principal.username,
                                            principal.role.value))
    except table.TemplateChanged:  # ten random hex digits met an id already taken
        raise Conflict(_VERSION_CONFLICT, code="version_conflict") from None
    logger.info("answer template created", extra={"template_id": template.template_id, "by": principal.username})
    return template_view(template, principal)


def _writable(principal: Principal, template_id: str, expected_version: int) -> AnswerTemplateModel:
    """The template, if the caller may change it and has read its current version."""
    owner = template_id.split(".", 1)[0] if re.match(rules.TEMPLATE_ID_PATTERN, template_id) else None
    template = table.get_template(owner, template_id) if owner else None
    # Another agency's templates are not in the caller's world at all.
    if template is None or not permissions.may_read_templates(principal, _agency_of(template)):
        raise NotFound(_NOT_FOUND)
    if not permissions.may_write_templates(principal, _agency_of(template)):
        raise Forbidden(_MAY_NOT_WRITE)
    if expected_version != template.version:
        raise Conflict(_VERSION_CONFLICT, [FieldProblem("expected_version", "version_conflict",
                                                        Text(f"Versi sekarang: {template.version}",
                                                             f"Current version: {template.version}"))],
                       code="version_conflict")
    return template


def change_template(principal: Principal, template_id: str, change: TemplateChange) -> dict:
    """``PUT /admin/templates/{template_id}``: its name, purposes and text, all at once."""
    template = _writable(principal, template_id, change.expected_version)
    _refuse_bad_text(change.body)
    now = datetime.now(timezone.utc)
    template.name, template.purposes, template.body = change.name, _purposes(change.purposes), change.body
    template.updated_at, template.updated_by = now, principal.username
    try:
        table.save_template(template, _audit(template, "template.changed", now, principal.username,
                                             principal.role.value))
    except table.TemplateChanged:
        raise Conflict(_VERSION_CONFLICT, code="version_conflict") from None
    logger.info("answer template changed", extra={"template_id": template_id, "by": principal.username})
    return template_view(template, principal)


def _expected_version(params: dict[str, str]) -> int:
    raw = params.get("expected_version")
    if raw is None or not raw.isdigit() or int(raw) < 1:
        raise invalid("expected_version", "missing" if raw is None else "int_parsing",
                      Text("Versi templat yang Anda baca (bilangan bulat, minimal 1).",
                           "The template's version as you read it (a whole number, at least 1)."))
    return int(raw)


def remove_template(principal: Principal, template_id: str, params: dict[str, str]) -> dict:
    """``DELETE /admin/templates/{template_id}?expected_version=``: the template as it was."""
    template = _writable(principal, template_id, _expected_version(params))
    now = datetime.now(timezone.utc)
    try:
        table.remove_template(template, _audit(template, "template.removed", now, principal.username,
                                               principal.role.value))
    except table.TemplateChanged:
        raise Conflict(_VERSION_CONFLICT, code="version_conflict") from None
    logger.info("answer template removed", extra={"template_id": template_id, "by": principal.username})
    return template_view(template, principal)


# --- filled for a report -------------------------------------------------------------------------


def templates_for_report(principal: Principal, raw_tracking_id: str, params: dict[str, str]) -> dict:
    """``GET /admin/reports/{tracking_id}/templates?purpose=``: the national defaults and the report's
    agency's templates, each filled for this report as the caller may know it (an anonymous reporter's
    name never: the greeting is then "Bapak/Ibu Pelapor")."""
    report = workflow.report_in_scope(principal, raw_tracking_id)
    if not permissions.may_use_templates(principal, report.agency_id, report.unit_id, report.routed_watch):
        raise Forbidden(_MAY_NOT_ANSWER)
    purpose = _purpose(params.get("purpose"))
    found = at_once(lambda: table.templates_of(NATIONAL), lambda: table.templates_of(report.agency_id))
    name = report.reporter.name if report.reporter else None
    deadlines = report.deadlines.as_dict() if report.deadlines else {}
    facts = rules.ReportFacts(
        tracking_id=report.tracking_id, title=report.title, agency_name=agency_name(report.agency_id),
        time_zone=report.time_zone, received_at=report.received_at,
        first_response_due=deadlines.get("first_response_due"), completion_due=deadlines.get("completion_due"),
        reporter_name=name if permissions.sees_identity(principal, report.privacy) else None)
    items = []
    for template in _in_order(found, purpose):
        filled = rules.fill(template.body, facts)
        items.append({"template_id": template.template_id, "name": template.name,
                      "scope": "national" if template.owner == NATIONAL else "agency",
                      "purposes": list(template.purposes), "text": filled.text, "unfilled": list(filled.unfilled)})
    return {"tracking_id": report.tracking_id, "purpose": purpose, "items": items}


# --- what a new stage starts with -----------------------------------------------------------------


def seed_national_defaults(defaults: Iterable[dict]) -> list[str]:
    """Write the national default templates a stage starts with (``{slug, name, purposes, body}``), each
    once ever: one whose id has a history (it exists, or someone changed or removed it) is left as it
    is, so running stage setup again neither undoes an admin's edit nor brings back what they removed.
    Returns the ids written."""
    written = []
    for default in defaults:
        template_id = f"{NATIONAL}.{default['slug']}"
        if not re.match(rules.TEMPLATE_ID_PATTERN, template_id) or rules.problems_in(default["body"]):
            raise ValueError(f"the default template {template_id} does not follow the rules")
        if table.has_history(_subject(template_id)):
            continue
        now = datetime.now(timezone.utc)
        template = AnswerTemplateModel(NATIONAL, template_id, name=default["name"],
                                       purposes=_purposes(default["purposes"]), body=default["body"],
                                       created_at=now, created_by=SEEDED_BY, updated_at=now, updated_by=SEEDED_BY)
        try:
            table.add_template(template, _audit(template, "template.created", now, SEEDED_BY, "system"))
        except table.TemplateChanged:
            continue  # another setup wrote it just now
        written.append(template_id)
    return written
