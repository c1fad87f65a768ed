"""Settings read once from the environment, on first use (never at import)."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Settings:
    stage: str
    aws_region: str
    table_prefix: str
    # Largest request body accepted, in bytes; API Gateway allows 10 MB, a report needs far less.
    max_body_bytes: int
    # Where citizens track their reports; used in links sent to them.
    public_base_url: str
    # Partitions each nation-wide counter scope (the nation, a topic, kind or channel) is spread
    # over; readers query them all. At 1M reports a day with a 10x peak (116 reports/s) a report's
    # life writes 8 WCU to such a scope (python -m devtools.bench_cost, table (d)): 926 WCU/s in
    # all, 116 per partition with 8, against DynamoDB's 1,000; the margin also keeps concurrent
    # transactions on one item rare. Only ever raise it: items in a shard above it are not read.
    hot_counter_shards: int
    idempotency_ttl_hours: int
    # Attachments and generated reports.
    files_bucket: str
    # The verified SES identity that notifications are sent from.
    sender_email: str
    # Staff sign-in: the Cognito user pool and its app client (no secret; USER_PASSWORD_AUTH).
    user_pool_id: str
    user_pool_client_id: str
    # Where the pool's signing keys are published; derived from the issuer unless overridden
    # (locally moto serves them under its own address).
    jwks_url: str
    # Seconds the signing keys are kept before they are fetched again.
    jwks_cache_seconds: int
    # Seconds a container trusts a staff record it read (role, agency, unit, disabled) before
    # reading it again: how long a change made elsewhere takes to apply everywhere.
    staff_record_cache_seconds: int
    # Seconds a container keeps reference data it read (regions, agencies, units, topics, added
    # holidays, routing overrides): an admin's change made through another container applies
    # everywhere within this time; one made through this container applies here at once.
    reference_cache_seconds: int
    # Reads a request may have in flight at once (threads, and connections per table): the
    # national queue counts are 32 Queries, answered in one round trip instead of 32.
    concurrent_reads: int
    # Notifications: tries before a message goes to the dead letters, and the first wait
    # between tries (doubled each time).
    notify_max_attempts: int
    notify_retry_base_seconds: int
    # How long a sender may hold a message it is sending before it counts as stopped mid-send.
    notify_lease_seconds: int
    # Days a sent message's outbox row is kept (to answer "was I told?") before DynamoDB's TTL
    # deletes it; dead letters are kept until an admin sends them again.
    notify_sent_retention_days: int
    # Reports whose messages the sender delivers at once (threads; one report's messages one after
    # another): SES and SNS answer in tens of milliseconds, so one at a time cannot keep up with a
    # national day's ~130 messages a second. Below botocore's pool of 10 connections per client.
    notify_send_concurrency: int
    # Sender name shown on SMS where the network supports it.
    sms_sender_id: str
    # SES configuration set for delivery events (bounces, complaints); empty for none.
    ses_configuration_set: str
    # Seconds a scheduled job works before it stops and leaves the rest to its next run; below
    # each function's Lambda timeout (.chalice/config.json; tests/infra checks the margin).
    sweep_time_budget_seconds: int
    # With no record of an earlier run, how many days of due-day buckets the sweep reads back:
    # as far as any report of the stage can have been filed.
    sweep_first_run_lookback_days: int
    send_time_budget_seconds: int
    # Compliance reports: how long a download link works, in the console and in the e-mail
    # to oversight bodies (SigV4 allows at most 7 days).
    report_link_seconds: int
    report_email_link_seconds: int
    # Who receives each oversight body's monthly report: {"<body id>": ["address", ...]} (JSON);
    # the bodies and their scopes are data in chalicelib/data/oversight_bodies.json.
    oversight_recipients: dict
    # Calls to AWS: attempts in all (the SDK retries throttles and outages with backoff) and how
    # long to wait for a connection and an answer, so that one call gives up well inside API
    # Gateway's 29 seconds; what still fails is answered 503 with Retry-After in seconds.
    aws_max_attempts: int
    aws_connect_timeout_seconds: int
    aws_read_timeout_seconds: int
    busy_retry_after_seconds: int
    # The stage's secret for keyed hashes of clients in rate-limit counters (addresses and usernames
    # are never stored as such) and for signing the web form's challenges. In AWS it comes from the
    # stack's generated secret; the local stage and the tests set their own.
    guard_secret: str
    # Changes to the abuse limits of data/rate_limits.json: {"<limit>": {"count": n, "window_seconds": s}}.
    rate_limit_overrides: dict
    # The web form's proof of work: leading zero bits its SHA-256 needs (each bit doubles the
    # browser's work: 16 is a fraction of a second), and how long a challenge may be used.
    form_challenge_bits: int
    form_challenge_seconds: int
    # A citizen report naming no agency goes straight to the agency the routing table gives for the
    # suggested topic when the suggestion is at least this sure (0..1; above 1: never); below it, the
    # region's coordinator routes it. 0.5 sends about 80% of reports, 95% of them to the right topic
    # (make bench-routing).
    routing_confidence: float

    @property
    def token_issuer(self) -> str:
        return f"https://cognito-idp.{self.aws_region}.amazonaws.com/{self.user_pool_id}"

    def table_name(self, logical_name: str) -> str:
        return f"{self.table_prefix}{logical_name}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    env = os.environ
    stage = env.get("ADUAN_STAGE", "dev")
    return Settings(
        stage=stage,
        aws_region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "ap-southeast-3",
        table_prefix=env.get("TABLE_PREFIX", f"aduan-{stage}-"),
        max_body_bytes=int(env.get("MAX_BODY_BYTES", "32768")),
        public_base_url=env.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
        hot_counter_shards=int(env.get("HOT_COUNTER_SHARDS", "8")),
        idempotency_ttl_hours=int(env.get("IDEMPOTENCY_TTL_HOURS", "24")),
        files_bucket=env.get("FILES_BUCKET", f"aduan-{stage}-files"),
        sender_email=env.get("SENDER_EMAIL", "no-reply@aduan.example.id"),
        user_pool_id=env.get("USER_POOL_ID", ""),
        user_pool_client_id=env.get("USER_POOL_CLIENT_ID", ""),
        jwks_url=env.get("COGNITO_JWKS_URL", ""),
        jwks_cache_seconds=int(env.get("JWKS_CACHE_SECONDS", "3600")),
        staff_record_cache_seconds=int(env.get("STAFF_RECORD_CACHE_SECONDS", "10")),
        reference_cache_seconds=int(env.get("REFERENCE_CACHE_SECONDS", "60")),
        concurrent_reads=int(env.get("CONCURRENT_READS", "32")),
        notify_max_attempts=int(env.get("NOTIFY_MAX_ATTEMPTS", "5")),
        notify_retry_base_seconds=int(env.get("NOTIFY_RETRY_BASE_SECONDS", "60")),
        notify_lease_seconds=int(env.get("NOTIFY_LEASE_SECONDS", "300")),
        notify_sent_retention_days=int(env.get("NOTIFY_SENT_RETENTION_DAYS", "30")),
        notify_send_concurrency=int(env.get("NOTIFY_SEND_CONCURRENCY", "8")),
        sms_sender_id=env.get("SMS_SENDER_ID", "ADUAN"),
        ses_configuration_set=env.get("SES_CONFIGURATION_SET", ""),
        sweep_time_budget_seconds=int(env.get("SWEEP_TIME_BUDGET_SECONDS", "240")),
        sweep_first_run_lookback_days=int(env.get("SWEEP_FIRST_RUN_LOOKBACK_DAYS", "800")),
        send_time_budget_seconds=int(env.get("SEND_TIME_BUDGET_SECONDS", "45")),
        report_link_seconds=int(env.get("REPORT_LINK_SECONDS", "900")),
        report_email_link_seconds=int(env.get("REPORT_EMAIL_LINK_SECONDS", str(7 * 24 * 3600))),
        oversight_recipients=json.loads(env.get("OVERSIGHT_RECIPIENTS") or "{}"),
        aws_max_attempts=int(env.get("AWS_CALL_MAX_ATTEMPTS", "3")),
        aws_connect_timeout_seconds=int(env.get("AWS_CONNECT_TIMEOUT_SECONDS", "2")),
        aws_read_timeout_seconds=int(env.get("AWS_READ_TIMEOUT_SECONDS", "5")),
        busy_retry_after_seconds=int(env.get("BUSY_RETRY_AFTER_SECONDS", "5")),
        guard_secret=env.get("GUARD_SECRET", ""),
        rate_limit_overrides=json.loads(env.get("RATE_LIMITS") or "{}"),
        form_challenge_bits=int(env.get("FORM_CHALLENGE_BITS", "16")),
        form_challenge_seconds=int(env.get("FORM_CHALLENGE_SECONDS", "7200")),
        routing_confidence=float(env.get("ROUTING_CONFIDENCE", "0.5")),
    )
