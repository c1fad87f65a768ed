"""A citizen reports with a photo, keeps the receipt and tracks it; an agency admin verifies and
answers in the console; the citizen reads the answer and gives feedback. In Chromium."""
from __future__ import annotations

import base64
import json
import re
import urllib.request

from playwright.sync_api import expect

from devtools.seed import AGENCY_ADMIN_PASSWORD
from tests.browser.conftest import DESKTOP, PHONE

# A real 2x2 PNG, so the browser shows the thumbnail it uploaded.
PHOTO_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==")
TITLE = "Jalan berlubang di Jl. Basuki Rahmat"
ANSWER = "Lubang sudah ditambal oleh tim Bina Marga pada hari ini."


def fill_report(page, tmp_path):
    page.get_by_label("Pengaduan").check()
    page.locator("[name=title]").fill(TITLE)
    page.locator("[name=description]").fill("Lubang sedalam 20 cm di depan sekolah, sudah dua minggu belum diperbaiki.")
    page.locator("select[name=province]").select_option("21")
    page.locator("select[name=region_code]").select_option("21.72")
    expect(page.locator("select[name=agency_id] option[value=dpupr-tanjungpinang]")).to_have_count(1)
    page.locator("select[name=agency_id]").select_option("dpupr-tanjungpinang")
    page.locator("[name='location.address']").fill("Jl. Basuki Rahmat No. 5, Tanjungpinang")
    page.get_by_role("button", name="Gunakan lokasi saya").click()
    expect(page.locator("[name='location.lat']")).to_have_value("0.916700")
    page.get_by_label("Anonim").check()
    page.locator("[name='reporter.email']").fill("warga@example.id")
    photo = tmp_path / "lubang.png"
    photo.write_bytes(PHOTO_PNG)
    page.locator("input[type=file][name=attachments]").set_input_files(str(photo))


def test_a_citizen_reports_with_a_photo_an_agency_answers_and_the_citizen_gives_feedback(pages, tmp_path):
    citizen = pages.open("/", geolocation={"latitude": 0.9167, "longitude": 104.4510})
    expect(citizen.get_by_role("heading", name="Sampaikan laporan Anda")).to_be_visible()

    # Checked in the page first: nothing is sent while required fields are empty.
    citizen.get_by_role("button", name="Kirim laporan").click()
    expect(citizen.locator("[data-field=title] .field-error")).to_have_text("Wajib diisi.")
    expect(citizen.locator("[name=title]")).to_have_attribute("aria-invalid", "true")

    # Checked again by the server, whose message lands next to the field it is about.
    fill_report(citizen, tmp_path)
    citizen.locator("[name=title]").fill("Lubang")
    citizen.locator("[name='reporter.phone']").fill("12345")
    citizen.get_by_role("button", name="Kirim laporan").click()
    expect(citizen.locator("[data-field='reporter.phone'] .field-error")).to_contain_text("Nomor telepon Indonesia")
    pages.shot(citizen, "citizen-form-errors-1280")
    citizen.locator("[name='reporter.phone']").fill("")
    citizen.locator("[name=title]").fill(TITLE)
    citizen.get_by_role("button", name="Kirim laporan").click()

    expect(citizen.get_by_role("heading", name="Laporan Anda telah diterima")).to_be_visible()
    tracking_id = citizen.locator("#tracking-id").inner_text()
    access_token = citizen.locator("#access-token").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", tracking_id)
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", access_token)
    expect(citizen.get_by_text("Simpan kode akses ini sekarang")).to_be_visible()
    expect(citizen.get_by_text("Lampiran terunggah: 1")).to_be_visible()
    expect(citizen.locator("[data-deadline=verification_due]")).to_contain_text("WIB")
    assert access_token not in citizen.url
    pages.shot(citizen, "citizen-receipt-1280")

    citizen.get_by_role("link", name="Lacak laporan ini").click()
    expect(citizen.locator("#status")).to_have_text("Belum Terverifikasi")
    expect(citizen.locator(".thumbs img")).to_have_count(1)
    assert citizen.locator(".thumbs img").evaluate("image => image.naturalWidth") == 2
    assert access_token not in citizen.url
    pages.shot(citizen, "citizen-track-submitted-1280")

    officer = pages.open("/console")
    officer.locator("[name=username]").fill("admin.dpupr-tanjungpinang")
    officer.locator("[name=password]").fill(AGENCY_ADMIN_PASSWORD)
    officer.get_by_role("button", name="Masuk").click()
    officer.get_by_role("link", name=re.compile(TITLE)).click()
    expect(officer.get_by_text("warga@example.id")).to_have_count(0)  # anonymous: hidden from the agency
    pages.shot(officer, "console-report-submitted-1280")
    officer.get_by_role("button", name="Verifikasi dan disposisi").click()
    officer.locator("form select[name=agency_id]").select_option("dpupr-tanjungpinang")
    officer.locator("form select[name=topic]").select_option("pekerjaan-umum-dan-penataan-ruang")
    officer.locator("form select[name=complexity]").select_option("simple")
    officer.locator("form button[type=submit]").click()
    expect(officer.get_by_text("Terdisposisi – Belum Ditindaklanjuti").first).to_be_visible()
    # Only what the state machine allows now is offered: no answer before work has started.
    expect(officer.get_by_role("button", name="Kirim jawaban akhir")).to_have_count(0)
    officer.get_by_role("button", name="Mulai proses").click()
    officer.locator("form button[type=submit]").click()
    expect(officer.get_by_text("Terdisposisi – Sedang Diproses").first).to_be_visible()
    officer.get_by_role("button", name="Kirim jawaban akhir").click()
    officer.locator("form textarea[name=message]").fill(ANSWER)
    officer.locator("form button[type=submit]").click()
    expect(officer.get_by_text("Ditindaklanjuti oleh Instansi").first).to_be_visible()
    pages.shot(officer, "console-report-responded-1280")

    citizen.reload()
    expect(citizen.locator("#status")).to_have_text("Ditindaklanjuti oleh Instansi")
    expect(citizen.get_by_text(ANSWER)).to_be_visible()
    citizen.get_by_label("Ya, sudah selesai").check()
    citizen.locator("select[name=rating]").select_option("5")
    citizen.locator("#feedback-form textarea[name=comment]").fill("Terima kasih, cepat sekali.")
    citizen.get_by_role("button", name="Kirim penilaian").click()
    expect(citizen.locator("#status")).to_have_text("Selesai")
    pages.shot(citizen, "citizen-track-closed-1280")

    # A verified, anonymous report is in the public list, without anyone's name.
    browse = pages.open("/browse")
    browse.locator("select[name=province]").select_option("21")
    browse.locator("select[name=topic]").select_option("pekerjaan-umum-dan-penataan-ruang")
    browse.get_by_role("button", name="Tampilkan").click()
    item = browse.locator(f"[data-tracking-id='{tracking_id}']")
    expect(item).to_contain_text(TITLE)
    expect(item).not_to_contain_text("warga@example.id")
    pages.shot(browse, "citizen-browse-1280")


def test_the_citizen_pages_fit_a_phone_and_speak_english_on_request(pages):
    for path, name in (("/", "citizen-form"), ("/track", "citizen-track"), ("/browse", "citizen-browse")):
        page = pages.open(path, viewport=PHONE)
        expect(page.locator("main h1")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        pages.shot(page, f"{name}-390")

    page = pages.open("/", viewport=DESKTOP)
    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", name="Submit your report")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Title")).to_be_visible()
    page.reload()  # the choice is remembered
    expect(page.get_by_role("heading", name="Submit your report")).to_be_visible()
    page.get_by_role("button", name="Send report").click()
    expect(page.locator("[data-field=title] .field-error")).to_have_text("This field is required.")
    pages.shot(page, "citizen-form-en-1280")


def test_a_tracking_page_without_the_access_code_shows_only_the_public_view(pages, site):
    tracking_id, _token = site.demo_reports[0]
    page = pages.open(f"/track/{tracking_id}")
    expect(page.get_by_text("Anda melihat tampilan publik")).to_be_visible()
    expect(page.locator("#reply-form, #feedback-form")).to_have_count(0)

    page.locator("[name=access_token]").fill("not-the-right-code-at-all")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator("[data-field=access_token] .field-error")).not_to_be_empty()


def _api(site, method: str, path: str, body=None, token: str | None = None) -> dict:
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(f"{site.url}{path}", method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def test_a_reporter_answers_the_officers_question_in_words_on_the_tracking_page(pages, site):
    receipt = _api(site, "POST", "/reports", {
        "kind": "complaint", "title": "Lampu jalan padam di Jalan Pemuda",
        "description": "Tiga lampu jalan padam sejak seminggu, jalan gelap dan rawan kecelakaan.",
        "region_code": "21.72", "agency_id": "dpupr-tanjungpinang", "privacy": "public"})
    admin = _api(site, "POST", "/auth/login", {"username": "admin.dpupr-tanjungpinang",
                                               "password": AGENCY_ADMIN_PASSWORD})["id_token"]
    _api(site, "POST", f"/admin/reports/{receipt['tracking_id']}/hold",
         {"message": "Di depan nomor berapa lampu yang padam?"}, admin)

    citizen = pages.open(f"/track/{receipt['tracking_id']}")
    citizen.locator("[name=access_token]").fill(receipt["access_token"])
    citizen.get_by_role("button", name="Tampilkan").click()
    expect(citizen.locator("#status")).to_have_text("Tertunda")
    expect(citizen.get_by_text("Di depan nomor berapa lampu yang padam?")).to_be_visible()
    expect(citizen.locator("[data-deadline=verification_due]")).to_contain_text("Dijeda")
    form = citizen.locator("#reply-form")
    expect(form.get_by_role("heading", name="Jawab pertanyaan petugas")).to_be_visible()
    form.locator("textarea[name=message]").fill("Depan rumah nomor 12 sampai 18.")
    form.get_by_role("button", name="Kirim balasan").click()

    expect(citizen.locator("#status")).to_have_text("Belum Terverifikasi")
    expect(citizen.get_by_text("Depan rumah nomor 12 sampai 18.")).to_be_visible()
    expect(citizen.locator("[data-deadline=verification_due]")).to_contain_text("WIB")
    pages.shot(citizen, "citizen-track-answered-hold-1280")

    case = _api(site, "GET", f"/admin/reports/{receipt['tracking_id']}", token=admin)
    assert case["status"] == "submitted"
    assert case["timeline"][-1]["message"] == "Depan rumah nomor 12 sampai 18."
