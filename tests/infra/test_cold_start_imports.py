"""What a Lambda container loads. Every function, the API's and the five scheduled ones, starts by
importing ``app``; the request schemas (pydantic) load only when a route reads a body, and the
staff-token libraries only when a token is checked, so a function that does neither never loads
them. Checked in fresh interpreters, by the modules loaded (never by time)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import TEST_ENVIRONMENT

PROJECT = Path(__file__).resolve().parents[2]
REQUEST_ONLY = ("pydantic", "chalicelib.schemas")
STAFF_TOKEN_ONLY = ("jwt", "cryptography", "requests")

IMPORT_APP = """
import json, sys
import app
print(json.dumps(sorted(sys.modules)))
"""

# moto itself loads requests and cryptography, so only the rest is looked for after the jobs ran.
RUN_EVERY_SCHEDULE = """
import json, sys
from moto import mock_aws

with mock_aws():
    from chalice.test import Client

    import app
    from devtools import bootstrap
    from devtools.scheduler import scheduled_event

    bootstrap.create_tables()
    with Client(app.app) as client:
        for schedule in app.app.event_sources:
            client.lambda_.invoke(schedule.name, scheduled_event(schedule.name))
            print(json.dumps({"ran": schedule.name}))
print(json.dumps(sorted(sys.modules)))
"""


def _modules_after(code: str) -> tuple[set[str], list[str]]:
    environment = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    environment.update(TEST_ENVIRONMENT, POWERTOOLS_LOG_LEVEL="WARNING")
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=environment,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith(("[", "{"))]
    ran = [line["ran"] for line in lines if isinstance(line, dict) and "ran" in line]
    return set(lines[-1]), ran


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return [name for name in names if name in modules]


def test_starting_a_function_loads_neither_request_schemas_nor_staff_token_libraries():
    modules, _ = _modules_after(IMPORT_APP)
    assert "app" in modules
    assert _loaded(modules, REQUEST_ONLY + STAFF_TOKEN_ONLY) == []


def test_the_scheduled_functions_run_without_request_schemas_or_staff_token_checks():
    modules, ran = _modules_after(RUN_EVERY_SCHEDULE)
    assert sorted(ran) == ["auto_close", "daily_digest", "monthly_compliance_report", "send_notifications",
                           "sla_sweep"]
    assert _loaded(modules, REQUEST_ONLY + ("jwt",)) == []
