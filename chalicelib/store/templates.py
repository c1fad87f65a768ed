"""Answer templates and their audit trail: read by partition (an owner's templates), written one
template and its audit entry per transaction, each change guarded by the version read."""
from __future__ import annotations

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib import store
from chalicelib.store import faults
from chalicelib.store.models import AnswerTemplateModel, AuditEntryModel


class TemplateChanged(Exception):
    """The template changed or was removed since it was read (or, for a new one, its id is taken)."""


def templates_of(owner: str) -> list[AnswerTemplateModel]:
    """Every template of one owner ("ID" or an agency id): one Query of one partition."""
    store.ready()
    return list(AnswerTemplateModel.query(owner, consistent_read=True))


def get_template(owner: str, template_id: str) -> AnswerTemplateModel | None:
    return store.get_or_none(AnswerTemplateModel, owner, template_id, consistent_read=True)


def has_history(subject: str) -> bool:
    """Whether anyone ever created, changed or removed the template this audit subject names."""
    store.ready()
    return any(AuditEntryModel.query(subject, limit=1, consistent_read=True))


def _write(template: AnswerTemplateModel, audit: AuditEntryModel, *, new: bool = False, remove: bool = False) -> None:
    """The template (saved, or deleted) and its audit entry in one transaction. PynamoDB conditions a
    save or delete on the template's version as read; a new one must not exist yet."""
    store.ready()
    try:
        with TransactWrite(connection=store.connection()) as transaction:
            if remove:
                transaction.delete(template)
            else:
                transaction.save(template, condition=AnswerTemplateModel.template_id.does_not_exist() if new else None)
            transaction.save(audit, condition=AuditEntryModel.at_key.does_not_exist())
    except TransactWriteError as error:
        faults.raise_cancelled(error, TemplateChanged())


def add_template(template: AnswerTemplateModel, audit: AuditEntryModel) -> None:
    _write(template, audit, new=True)


def save_template(template: AnswerTemplateModel, audit: AuditEntryModel) -> None:
    """A template read before, with its fields changed; TemplateChanged if it changed meanwhile."""
    _write(template, audit)


def remove_template(template: AnswerTemplateModel, audit: AuditEntryModel) -> None:
    _write(template, audit, remove=True)
