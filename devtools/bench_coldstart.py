"""Cold start: what a Lambda container pays before its first request.

1. ``import app`` against a bare stack: a module that imports Chalice, PynamoDB (one model) and
   Powertools (Logger, Tracer, single_metric, as chalicelib.observability does) and builds a
   Chalice app. Each is timed inside a fresh interpreter of this venv, alternately, and the
   medians are compared (goal: ``import app`` at most 1.3 times the bare stack).
2. Which heavy libraries ``import app`` loads: every function (the API's and the five scheduled
   ones) is ``app.<name>``, so whatever ``app`` imports, each container imports.
3. The first DynamoDB request of each model under moto (no network): the first pays for the
   botocore session and client; the rest should reuse them.
4. The Lambda package's size, from ``build/dev/deployment.zip`` (``make package STAGE=dev``
   builds it; ``--package`` builds it here, which takes minutes).

Prints figures and asserts nothing; ``--rows`` adds one ``ROW {json}`` line per figure.

    python -m devtools.bench_coldstart [--runs 7] [--package] [--rows]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
RATIO_GOAL = 1.3
# Libraries only some requests need: none of them should load with ``import app``.
ON_DEMAND_LIBRARIES = ("pydantic", "jwt", "cryptography", "requests", "holidays", "boto3")

# The tests' environment (tests/conftest.py), without an endpoint: nothing here calls AWS.
ENVIRONMENT = {
    "ADUAN_STAGE": "test", "TABLE_PREFIX": "aduan-test-", "FILES_BUCKET": "aduan-test-files",
    "AWS_DEFAULT_REGION": "ap-southeast-3", "AWS_REGION": "ap-southeast-3",
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
    "POWERTOOLS_TRACE_DISABLED": "true", "POWERTOOLS_METRICS_NAMESPACE": "Aduan",
    "POWERTOOLS_LOG_LEVEL": "WARNING", "PUBLIC_BASE_URL": "https://aduan.test",
    "GUARD_SECRET": "bench-guard-secret",
}

BARE_STACK = '''
from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.metrics import MetricUnit, single_metric
from chalice import Chalice
from pynamodb.attributes import UnicodeAttribute
from pynamodb.models import Model


class ItemModel(Model):
    class Meta:
        table_name = "bare-items"
        region = "ap-southeast-3"

    item_id = UnicodeAttribute(hash_key=True)


logger = Logger(service="bare")
tracer = Tracer(service="bare")
app = Chalice(app_name="bare", configure_logs=False)


@app.route("/items/{item_id}")
def item(item_id):
    return ItemModel.get(item_id).attribute_values


@app.schedule("rate(1 minute)")
def tick(event):
    with single_metric(name="Tick", unit=MetricUnit.Count, value=1, namespace="Bare"):
        logger.info("tick")
'''

# Wall-clock and CPU seconds of the import. The CPU time is what the comparison uses: on a busy
# machine the wall clock also counts waiting for a core, which lands on whichever run was unlucky.
TIMED_IMPORT = """
import sys, time
sys.path.insert(0, sys.argv[1])
wall, cpu = time.perf_counter(), time.process_time()
import {module}
print(time.perf_counter() - wall, time.process_time() - cpu)
"""

LOADED_LIBRARIES = """
import json, sys
import app
print(json.dumps({name: name in sys.modules for name in sys.argv[1:]}))
"""

# Under moto: one GetItem per model, in order, each timed; and how many botocore sessions that made.
FIRST_USE_PER_MODEL = """
import json, time
import botocore.session
from moto import mock_aws
from pynamodb.attributes import NumberAttribute
from pynamodb.connection import Connection

sessions = []
original_init = botocore.session.Session.__init__
def counted_init(self, *args, **kwargs):
    sessions.append(1)
    original_init(self, *args, **kwargs)

with mock_aws():
    from chalicelib import store
    from chalicelib.store.models import ALL_MODELS

    settings = store.ready()
    maker = Connection(region=settings.aws_region)  # its own session: the models' stay cold
    for model in ALL_MODELS:
        schema = model._get_schema()
        maker.create_table(model.Meta.table_name, billing_mode="PAY_PER_REQUEST", **schema)

    def key_value(attribute):
        return 0 if isinstance(attribute, NumberAttribute) else "absent"

    botocore.session.Session.__init__ = counted_init
    timings = []
    for model in ALL_MODELS:
        hash_key = model._hash_key_attribute()
        range_key = model._range_key_attribute()
        started = time.perf_counter()
        store.get_or_none(model, key_value(hash_key), key_value(range_key) if range_key else None)
        timings.append(time.perf_counter() - started)
print(json.dumps({"timings": timings, "sessions": len(sessions)}))
"""


def _python(code: str, *arguments: str) -> str:
    environment = {name: value for name, value in os.environ.items()
                   if not name.startswith(("AWS_", "POWERTOOLS_")) and name != "PYTHONPATH"}
    environment.update(ENVIRONMENT)
    result = subprocess.run([sys.executable, "-c", code, *arguments], cwd=PROJECT, env=environment,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"benchmark subprocess failed:\n{result.stderr}")
    return result.stdout.strip().splitlines()[-1]


@dataclass(frozen=True)
class ImportTimes:
    """Median seconds over fresh interpreters."""
    wall: float
    cpu: float


def import_medians(runs: int) -> tuple[ImportTimes, ImportTimes]:
    """``import app`` and the bare stack, each in ``runs`` fresh interpreters, alternating."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "bare_stack.py").write_text(BARE_STACK)
        samples: dict[str, list[tuple[float, float]]] = {"app": [], "bare_stack": []}
        for module in samples:  # compile both once, untimed
            _python(TIMED_IMPORT.format(module=module), folder)
        for _ in range(runs):
            for module, times in samples.items():
                wall, cpu = _python(TIMED_IMPORT.format(module=module), folder).split()
                times.append((float(wall), float(cpu)))
    medians = [ImportTimes(statistics.median(wall for wall, _ in times), statistics.median(cpu for _, cpu in times))
               for times in samples.values()]
    return medians[0], medians[1]


def loaded_libraries() -> dict[str, bool]:
    return json.loads(_python(LOADED_LIBRARIES, *ON_DEMAND_LIBRARIES))


def first_use_per_model() -> dict:
    return json.loads(_python(FIRST_USE_PER_MODEL))


def package_size(build: bool) -> tuple[int, str] | None:
    """The dev package's zipped bytes and its size report, or None if it was never built."""
    from devtools import package

    zip_path = PROJECT / "build" / "dev" / "deployment.zip"
    if build:
        zip_path = package.build("dev", PROJECT / "build").zip_path
    if not zip_path.exists():
        return None
    built = time.strftime("%Y-%m-%d %H:%M", time.localtime(zip_path.stat().st_mtime))
    return zip_path.stat().st_size, f"built {built}\n{package.size_report(zip_path, top=8)}"


def _row(figure: str, value: str, goal: str, met: bool | None) -> None:
    print("ROW " + json.dumps({"figure": figure, "value": value, "goal": goal, "met": met}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--package", action="store_true", help="build the dev package first (minutes)")
    parser.add_argument("--rows", action="store_true", help="also print ROW lines for devtools/bench.py")
    args = parser.parse_args()

    app_times, bare_times = import_medians(args.runs)
    ratio = app_times.cpu / bare_times.cpu
    print(f"medians of {args.runs} fresh interpreters      CPU      wall")
    print(f"import app                          {app_times.cpu * 1000:5.0f} ms {app_times.wall * 1000:6.0f} ms")
    print(f"bare Chalice + PynamoDB + Powertools {bare_times.cpu * 1000:4.0f} ms {bare_times.wall * 1000:6.0f} ms")
    print(f"ratio (CPU)                         {ratio:5.2f} x  (goal <= {RATIO_GOAL} x), "
          f"+{(app_times.cpu - bare_times.cpu) * 1000:.0f} ms; wall {app_times.wall / bare_times.wall:.2f} x")

    loaded = loaded_libraries()
    eager = [name for name, is_loaded in loaded.items() if is_loaded]
    print("loaded by import app: " + ", ".join(f"{name} {'yes' if is_loaded else 'no'}"
                                               for name, is_loaded in loaded.items()))

    first_use = first_use_per_model()
    timings = first_use["timings"]
    first_ms, rest_ms = timings[0] * 1000, statistics.median(timings[1:]) * 1000
    print(f"first request per model (moto): first model {first_ms:.0f} ms, each of the other "
          f"{len(timings) - 1} {rest_ms:.1f} ms (median); botocore sessions made: {first_use['sessions']}")

    size = package_size(args.package)
    if size is None:
        print("package: build/dev/deployment.zip not built (make package STAGE=dev, or --package)")
    else:
        print(f"package: {size[1]}")

    if args.rows:
        from devtools.package import SIZE_LIMIT_BYTES

        _row("cold start: import app / bare stack (CPU)",
             f"{ratio:.2f}x ({app_times.cpu * 1000:.0f} vs {bare_times.cpu * 1000:.0f} ms)",
             f"<= {RATIO_GOAL}x", ratio <= RATIO_GOAL)
        _row("cold start: on-demand libraries loaded by import app", ", ".join(eager) or "none",
             "none of " + "/".join(ON_DEMAND_LIBRARIES), not eager)
        _row("cold start: botocore sessions for all models", f"{first_use['sessions']} for {len(timings)} models",
             "1", first_use["sessions"] <= 1)
        _row("cold start: first request of later models", f"{rest_ms:.1f} ms (first model {first_ms:.0f} ms)",
             "no per-model session", None)
        _row("Lambda package (dev, zipped)", "not built" if size is None else f"{size[0] / 1e6:.1f} MB",
             f"< {SIZE_LIMIT_BYTES / 1e6:.0f} MB", None if size is None else size[0] < SIZE_LIMIT_BYTES)


if __name__ == "__main__":
    main()
