"""Browser tests: the whole local stack (`make run`'s runner on free ports) and Debian's Chromium.

The stack starts once per session. Each test gets a fresh browser context (no shared
storage), at a desktop width by default; ``phone`` gives one 390 px wide. Screenshots go to
``test-artifacts/screenshots/`` (not committed).
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Site:
    url: str
    emulator: str
    demo_reports: list[tuple[str, str]] = field(default_factory=list)  # (tracking id, access token)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """`python -m devtools.local` on free ports, with its demo data; stopped at the end."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    port, emulator_port = _free_port(), _free_port()
    log_path = tmp_path_factory.mktemp("stack") / "local.log"
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("AWS_") and key not in ("ADUAN_STAGE", "TABLE_PREFIX", "FILES_BUCKET",
                                                         "PUBLIC_BASE_URL", "USER_POOL_ID", "USER_POOL_CLIENT_ID")}
    env.update(PORT=str(port), EMULATOR_PORT=str(emulator_port), PYTHONUNBUFFERED="1",
               ADUAN_NO_SCHEDULER="1")
    log = open(log_path, "w+")
    process = subprocess.Popen([sys.executable, "-m", "devtools.local"], cwd=PROJECT, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 180
    text = ""
    while "Press Ctrl-C" not in text:
        if process.poll() is not None or time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGTERM)
            pytest.fail("the local stack did not start:\n" + log_path.read_text()[-3000:])
        time.sleep(0.5)
        text = log_path.read_text()
    demo = re.findall(r"^  ([0-9A-Z]{5}-[0-9A-Z]{5})  (\S+)  \(", text, flags=re.MULTILINE)
    yield Site(url=f"http://127.0.0.1:{port}", emulator=f"http://127.0.0.1:{emulator_port}",
               demo_reports=demo)
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"])
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=False)
def screenshots():
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


class Pages:
    """Opens browser contexts and records what the browser console and CSP complained about."""

    def __init__(self, browser, site: Site, screenshots: Path) -> None:
        self.browser, self.site, self.screenshots = browser, site, screenshots
        self.contexts = []
        self.problems: list[str] = []

    def open(self, path: str = "/", *, viewport=DESKTOP, locale: str = "id-ID", geolocation=None):
        options = {"viewport": viewport, "locale": locale, "base_url": self.site.url}
        if geolocation:
            options.update(geolocation=geolocation, permissions=["geolocation"])
        context = self.browser.new_context(**options)
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(str(error)))
        page.goto(path)
        return page

    def _console(self, message) -> None:
        # A 4xx the page asked for on purpose (a wrong access code) is handled by the page itself.
        if message.type == "error" and not message.text.startswith(
                "Failed to load resource: the server responded with a status of 4"):
            self.problems.append(message.text)

    def shot(self, page, name: str) -> None:
        page.screenshot(path=str(self.screenshots / f"{name}.png"), full_page=True)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def pages(browser, site, screenshots):
    opened = Pages(browser, site, screenshots)
    yield opened
    opened.close()
    # A script error or a Content-Security-Policy refusal is a bug in the page.
    assert opened.problems == []
