"""Persistence: PynamoDB models and the repositories that use them."""
from __future__ import annotations

from pynamodb.connection import Connection

from chalicelib import aws
from chalicelib.config import Settings, get_settings
from chalicelib.store.models import ALL_MODELS, configure_models

_configured_for: tuple[str, str] | None = None
_connection: Connection | None = None


class _SharedConnection(Connection):
    """A PynamoDB connection whose client comes from the app's one botocore session (chalicelib/aws.py).

    PynamoDB gives each model its own connection and botocore session, and a session costs tens of
    milliseconds to make: every model shares this one connection, and so one DynamoDB client."""

    @property
    def session(self):
        return aws.session()

    @property
    def client(self):
        if self._client is None:
            with aws.creating_clients():
                return super().client
        return super().client


def ready() -> Settings:
    """Point the models at this stage's tables on first use (again if settings changed)."""
    global _configured_for, _connection
    settings = get_settings()
    target = (settings.table_prefix, settings.aws_region)
    if target != _configured_for:
        configure_models(settings)
        _connection = _SharedConnection(region=settings.aws_region,
                                        max_retry_attempts=settings.aws_max_attempts - 1,
                                        connect_timeout_seconds=settings.aws_connect_timeout_seconds,
                                        read_timeout_seconds=settings.aws_read_timeout_seconds,
                                        # reads made at once (store/concurrent.py) each hold a connection
                                        max_pool_connections=settings.concurrent_reads)
        for model in ALL_MODELS:
            table = model._get_connection()
            _connection.add_meta_table(table.get_meta_table())
            table.connection = _connection
        _configured_for = target
    return settings


def connection() -> Connection:
    ready()
    assert _connection is not None
    return _connection


def get_or_none(model, hash_key, range_key=None, consistent_read: bool = False):
    """GetItem that answers None instead of raising when the item does not exist."""
    ready()
    try:
        return model.get(hash_key, range_key, consistent_read=consistent_read)
    except model.DoesNotExist:
        return None
