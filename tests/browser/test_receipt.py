"""A citizen keeps the receipt: the access code grouped to write down, a QR code of the tracking page,
and a printout with nothing but the receipt; the code opens the report typed however it was written
down. In Chromium."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from chalicelib.domain.tracking import ALPHABET
from tests.browser.test_citizen_journey import fill_report

GROUPED_CODE = re.compile(f"[{ALPHABET}]{{4}}(-[{ALPHABET}]{{4}}){{3}}")


def test_the_receipt_shows_the_code_grouped_and_a_qr_code_and_prints_without_navigation(pages, tmp_path):
    citizen = pages.open("/", geolocation={"latitude": 0.9167, "longitude": 104.4510})
    fill_report(citizen, tmp_path)
    citizen.get_by_role("button", name="Kirim laporan").click()
    expect(citizen.get_by_role("heading", name="Laporan Anda telah diterima")).to_be_visible()

    tracking_id = citizen.locator("#tracking-id").inner_text()
    code = citizen.locator("#access-token").inner_text()
    assert GROUPED_CODE.fullmatch(code), code
    tracking_url = citizen.locator("#tracking-url").inner_text()
    assert tracking_url.endswith(f"/track/{tracking_id}")
    qr = citizen.locator("#tracking-qr")
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").endswith(f"/track/{tracking_id}/qr")
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")
    assert code not in qr.get_attribute("src") and code not in (qr.get_attribute("alt") or "")
    expect(citizen.get_by_text("Tanda terima ini juga dikirim ke e-mail Anda.")).to_be_visible()
    expect(citizen.get_by_role("button", name="Cetak tanda terima")).to_be_visible()
    pages.shot(citizen, "citizen-receipt-code-qr-1280")

    citizen.emulate_media(media="print")
    for chrome in ("header.top", "#nav", ".lang", "footer.foot", "button", ".actions a"):
        for element in citizen.locator(chrome).all():
            expect(element).to_be_hidden()
    for kept in ("#tracking-id", "#access-token", "#tracking-url", "#tracking-qr"):
        expect(citizen.locator(kept)).to_be_visible()
    expect(citizen.get_by_text("Simpan kode akses ini sekarang")).to_be_visible()
    pages.shot(citizen, "citizen-receipt-print")
    citizen.emulate_media(media="screen")
    expect(citizen.locator("header.top")).to_be_visible()

    # On another device, from the paper: the id and the code as a person types them.
    elsewhere = pages.open(f"/track/{tracking_id}")
    expect(elsewhere.get_by_text("Anda melihat tampilan publik")).to_be_visible()
    elsewhere.locator("[name=access_token]").fill(code.lower().replace("-", " "))
    elsewhere.get_by_role("button", name="Tampilkan").click()
    expect(elsewhere.locator("#attach-form")).to_be_visible()
    expect(elsewhere.get_by_text("Anda melihat tampilan publik")).to_have_count(0)
