"""`make run`: moto's server, the tables and demo data, `chalice local`, and a scheduler.

moto takes one request at a time (devtools/emulator.py), so concurrent requests keep
DynamoDB's semantics.

Everything it starts runs in its own process group and is stopped on Ctrl-C or SIGTERM.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOG_DIR = PROJECT / ".local"


def _stage_environment(stage: str) -> dict[str, str]:
    """The same variables `chalice local --stage local` applies, so seeding sees what the app sees."""
    config = json.loads((PROJECT / ".chalice" / "config.json").read_text())
    return {**config.get("environment_variables", {}),
            **config["stages"][stage].get("environment_variables", {})}


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status < 500
    except OSError:
        return False


def _wait_for(url: str, what: str, process: subprocess.Popen | None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not _answers(url):
        if process is not None and process.poll() is not None:
            raise SystemExit(f"{what} stopped while starting (exit {process.returncode})")
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not answer at {url} within {seconds:.0f} s")
        time.sleep(0.2)


class Processes:
    def __init__(self) -> None:
        self.started: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, command: list[str], env: dict[str, str], log: Path | None = None
              ) -> subprocess.Popen:
        output = open(log, "w") if log else None
        process = subprocess.Popen(command, cwd=PROJECT, env=env, start_new_session=True,
                                   stdout=output, stderr=subprocess.STDOUT if output else None)
        self.started.append((name, process))
        return process

    def stop_all(self) -> None:
        for _, process in reversed(self.started):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _, process in self.started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def main() -> int:
    emulator_port = int(os.environ.get("EMULATOR_PORT", "5000"))
    port = int(os.environ.get("PORT", "8000"))
    emulator = f"http://127.0.0.1:{emulator_port}"
    api = f"http://127.0.0.1:{port}"
    os.environ.update(_stage_environment("local"))
    os.environ["AWS_ENDPOINT_URL"] = emulator
    os.environ["PUBLIC_BASE_URL"] = api

    processes = Processes()
    LOG_DIR.mkdir(exist_ok=True)

    def stop(_signum, _frame):
        # Stop once: ignore the further signals a process group receives while shutting down.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        if _answers(f"{emulator}/moto-api/"):
            print(f"Using the AWS emulator already running at {emulator}")
        else:
            moto = processes.start("moto", [str(BIN / "python"), "-m", "devtools.emulator", "-H", "127.0.0.1",
                                            "-p", str(emulator_port)], dict(os.environ),
                                   log=LOG_DIR / "moto.log")
            _wait_for(f"{emulator}/moto-api/", "moto server", moto)

        from devtools import bootstrap, scheduler, seed

        created = bootstrap.create_all()
        # The app finds the pool through these; moto serves its signing keys under its own address.
        os.environ["USER_POOL_ID"] = created["user_pool_id"]
        os.environ["USER_POOL_CLIENT_ID"] = created["user_pool_client_id"]
        os.environ["COGNITO_JWKS_URL"] = f"{emulator}/{created['user_pool_id']}/.well-known/jwks.json"
        from chalicelib.config import get_settings

        get_settings.cache_clear()
        loaded = seed.seed_reference_data(national=True)
        receipts = seed.seed_demo_reports()
        staff_accounts = seed.seed_staff_accounts()
        seed.seed_answer_templates()

        chalice = processes.start("chalice", [str(BIN / "python"), "-m", "devtools.chalice_local",
                                              "local", "--stage", "local",
                                              "--host", "127.0.0.1", "--port", str(port),
                                              "--no-autoreload"], dict(os.environ))
        _wait_for(f"{api}/regions", "chalice local", chalice)
        # The browser tests run the jobs themselves, when a test needs one.
        jobs = [] if os.environ.get("ADUAN_NO_SCHEDULER") else scheduler.start_in_background()

        _print_banner(api, emulator, created, loaded, receipts, staff_accounts, jobs)
        while True:
            for name, process in processes.started:
                if process.poll() is not None:
                    print(f"{name} stopped (exit {process.returncode}); stopping everything.")
                    return 1
            time.sleep(1)
    except KeyboardInterrupt:
        print("\nStopping…")
        return 0
    finally:
        processes.stop_all()


def _print_banner(api, emulator, created, loaded, receipts, staff_accounts, jobs) -> None:
    lines = [
        "",
        "Aduan is running locally.",
        f"  API ................. {api}",
        f"  OpenAPI ............. {api}/openapi.json",
        f"  AWS emulator (moto) . {emulator}  (dashboard: {emulator}/moto-api/, log: .local/moto.log)",
        f"  Sent e-mail and SMS . make mail   (raw: {emulator}/moto-api/data.json, keys \"ses\" and \"sns\")",
        f"  Tables created ...... {len(created['tables'])} new (prefix {os.environ['TABLE_PREFIX']})",
        f"  Reference data ...... {loaded['regions']} regions, {loaded['agencies']} agencies, "
        f"{loaded['topics']} topics",
        "  Scheduled functions . " + ("\n                        ".join(jobs) or "not scheduled (ADUAN_NO_SCHEDULER)"),
        "                        (run one now: make invoke FN=<name>)",
        "",
        "Demo reports (tracking id / access token for the reporter's view):",
    ]
    for receipt in receipts:
        lines.append(f"  {receipt['tracking_id']}  {receipt['access_token']}  ({receipt['agency']['name']})")
    lines += ["", "Staff accounts (username / password, role, agency):"]
    agency_admins = [a for a in staff_accounts if a["role"].value == "agency_admin"]
    for account in staff_accounts:
        if account["role"].value != "agency_admin":
            lines.append(f"  {account['username']:<22} {account['password']:<15} {account['role'].value:<15} "
                         f"{account['agency_id'] or '-'}")
    lines += [
        f"  admin.<agency_id>      {agency_admins[0]['password']:<15} agency_admin    "
        f"one per demo agency and national body ({len(agency_admins)}), e.g. admin.dpupr-tanjungpinang, admin.pln",
        "",
        f"Try:  curl {api}/reports/{receipts[0]['tracking_id']}",
        f"      curl -X POST {api}/auth/login -H 'Content-Type: application/json' "
        "-d '{\"username\": \"admin.nasional\", \"password\": \"Nasional#2026\"}'",
        "Press Ctrl-C to stop everything.",
        "",
    ]
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    sys.exit(main())
