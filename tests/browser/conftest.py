"""Browser tests: the whole local stack (``site`` in tests/conftest.py) and Debian's Chromium.

The stack starts once per session. Each test gets a fresh browser context (no shared
storage), at a desktop width by default; ``phone`` gives one 390 px wide. Screenshots go to
``test-artifacts/screenshots/`` (not committed).
"""
from __future__ import annotations

import json
import os
import shutil
import urllib.request
import uuid
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")

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

    def __init__(self, browser, site, screenshots: Path) -> None:
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


def call_api(site, method: str, path: str, body=None, token: str | None = None) -> dict:
    """The API of the stack the browser uses, called directly: to set a scene, or to check what a page
    did. A POST carries a fresh Idempotency-Key, as the pages send."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if method == "POST":
        headers["Idempotency-Key"] = f"browser-test-{uuid.uuid4()}"
    request = urllib.request.Request(f"{site.url}{path}", method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)
