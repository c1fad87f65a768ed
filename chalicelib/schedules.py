"""The scheduled functions (EventBridge schedules): thin wrappers around the services.

``make run`` runs them locally on the same schedules (devtools/scheduler.py), and
``make invoke FN=<name>`` runs one now.
"""
from __future__ import annotations

from chalice import Blueprint, Cron, Rate

from chalicelib.config import get_settings
from chalicelib.imports import on_first_use
from chalicelib.observability import logger

compliance = on_first_use("chalicelib.services.compliance")
delivery = on_first_use("chalicelib.services.delivery")
digest = on_first_use("chalicelib.services.digest")
sweep = on_first_use("chalicelib.services.sweep")

schedules = Blueprint(__name__)


@schedules.schedule(Rate(15, unit=Rate.MINUTES), name="sla_sweep")
def sla_sweep(event) -> dict:
    """Reminders a working day before each deadline, and breaches marked and escalated."""
    logger.append_keys(job="sla_sweep")
    return sweep.sla_sweep(time_budget_seconds=get_settings().sweep_time_budget_seconds).as_dict()


@schedules.schedule(Rate(15, unit=Rate.MINUTES), name="auto_close")
def auto_close(event) -> dict:
    """Answered reports the reporter did not reply to by the auto-close deadline become closed."""
    logger.append_keys(job="auto_close")
    return sweep.auto_close(time_budget_seconds=get_settings().sweep_time_budget_seconds).as_dict()


@schedules.schedule(Rate(1, unit=Rate.MINUTES), name="send_notifications")
def send_notifications(event) -> dict:
    """Deliver the outbox by e-mail and SMS, with retries."""
    logger.append_keys(job="send_notifications")
    return delivery.send_notifications().as_dict()


# Every hour on the hour: each run serves the time zones where it is 07:00 (WIB, WITA, WIT).
@schedules.schedule(Cron(0, "*", "*", "*", "?", "*"), name="daily_digest")
def daily_digest(event) -> dict:
    logger.append_keys(job="daily_digest")
    return digest.daily_digest().as_dict()


# The 1st of each month at 07:00 WIB (00:00 UTC): last month's reports to the oversight bodies.
@schedules.schedule(Cron(0, 0, 1, "*", "?", "*"), name="monthly_compliance_report")
def monthly_compliance_report(event) -> dict:
    logger.append_keys(job="monthly_compliance_report")
    return compliance.monthly_compliance_report().as_dict()
