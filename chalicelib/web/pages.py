"""HTML shells for the citizen pages and the staff console, with their security headers."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from chalicelib import aws
from chalicelib.config import get_settings

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".svg": "image/svg+xml"}


@dataclass(frozen=True)
class Page:
    script: str  # the page's own module in static/
    title_id: str
    title_en: str


PAGES = {
    "home": Page("citizen.js", "Sampaikan laporan", "Submit a report"),
    "receipt": Page("citizen.js", "Tanda terima laporan", "Report receipt"),
    "track": Page("citizen.js", "Lacak laporan", "Track a report"),
    "browse": Page("citizen.js", "Laporan publik", "Public reports"),
    "console": Page("console.js", "Konsol petugas", "Staff console"),
}


@dataclass(frozen=True)
class StaticFile:
    body: str
    content_type: str
    version: str  # a hash of the content, so a changed file is a new URL


@lru_cache(maxsize=None)
def static_file(name: str) -> StaticFile | None:
    """A file of static/ by plain name (no folders), or None."""
    path = STATIC_DIR / name
    if "/" in name or name.startswith(".") or path.suffix not in STATIC_TYPES or not path.is_file():
        return None
    body = path.read_text(encoding="utf-8")
    return StaticFile(body, STATIC_TYPES[path.suffix], hashlib.sha256(body.encode()).hexdigest()[:12])


@lru_cache(maxsize=1)
def files_origin() -> str:
    """The origin the browser uploads attachments to and loads them from (the S3 bucket): where the
    client's presigned URLs point, the bucket's own host unless the client addresses by path."""
    s3 = aws.s3()
    endpoint = urlsplit(s3.meta.endpoint_url)
    if s3.meta.config.s3.get("addressing_style") == "path":
        return f"{endpoint.scheme}://{endpoint.netloc}"
    return f"{endpoint.scheme}://{get_settings().files_bucket}.{endpoint.netloc}"


def security_headers() -> dict[str, str]:
    """Scripts and styles only from this app; no framing; uploads and files only to the bucket."""
    files = files_origin()
    policy = "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src 'self' data: blob: {files}",
        f"connect-src 'self' {files}",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        # Tracking ids are in page paths; they need not travel to other sites.
        "Referrer-Policy": "same-origin",
        "Permissions-Policy": "geolocation=(self), camera=(), microphone=()",
    }


def _asset(base: str, name: str) -> str:
    asset = static_file(name)
    if asset is None:
        raise LookupError(name)
    return f"{base}/static/{name}?v={asset.version}"


def render(page_name: str, base: str) -> str:
    """The shell of a page: the layout, the language switch, and the page's script.

    Everything a visitor reads is rendered by the script in the chosen language; the
    shell carries only what a browser needs before it runs (and a note if it cannot).
    """
    page = PAGES[page_name]
    is_console = page_name == "console"
    home = f"{base}/console" if is_console else f"{base}/"
    return f"""<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{page.title_id} · Aduan</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{_asset(base, 'aduan.css')}">
<script type="module" src="{_asset(base, page.script)}"></script>
</head>
<body data-page="{page_name}" data-base="{base}" class="{'console' if is_console else 'citizen'}">
<a class="skip" href="#main" data-t="skip">Langsung ke isi</a>
<header class="top">
  <a class="brand" href="{home}"><span class="logo" aria-hidden="true">A</span> Aduan</a>
  <nav id="nav" aria-label="Navigasi"></nav>
  <div class="lang" role="group" aria-label="Bahasa / Language">
    <button type="button" data-lang="id" aria-pressed="true">ID</button>
    <button type="button" data-lang="en" aria-pressed="false">EN</button>
  </div>
</header>
<main id="main" tabindex="-1">
  <noscript><p class="notice">Halaman ini memerlukan JavaScript. / This page needs JavaScript.</p></noscript>
</main>
<footer class="foot"><p data-t="footer">Aduan — layanan pengaduan pelayanan publik nasional.</p></footer>
</body>
</html>
"""
