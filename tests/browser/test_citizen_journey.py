"""A citizen reports with a photo, keeps the receipt and tracks it; an agency admin verifies and
answers in the console; the citizen reads the answer and gives feedback. In Chromium."""
from __future__ import annotations

import base64
import re

from playwright.sync_api import expect

from devtools.seed import AGENCY_ADMIN_PASSWORD
from tests.browser.conftest import DESKTOP, PHONE, call_api

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
    expect(citizen.locator("#followups .followup.answer")).to_contain_text(ANSWER)
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




def complaint_and_admin(site, title: str, description: str) -> tuple[dict, str]:
    """A public complaint to Dinas PUPR through the API, and its admin's ID token."""
    receipt = call_api(site, "POST", "/reports", {
        "kind": "complaint", "title": title, "description": description, "region_code": "21.72",
        "agency_id": "dpupr-tanjungpinang", "privacy": "public"})
    admin = call_api(site, "POST", "/auth/login", {"username": "admin.dpupr-tanjungpinang",
                                                   "password": AGENCY_ADMIN_PASSWORD})["id_token"]
    return receipt, admin


def test_a_reporter_answers_the_officers_question_in_words_on_the_tracking_page(pages, site):
    receipt, admin = complaint_and_admin(site, "Lampu jalan padam di Jalan Pemuda",
                                         "Tiga lampu jalan padam sejak seminggu, jalan gelap dan rawan kecelakaan.")
    call_api(site, "POST", f"/admin/reports/{receipt['tracking_id']}/hold",
             {"message": "Di depan nomor berapa lampu yang padam?"}, admin)

    citizen = pages.open(f"/track/{receipt['tracking_id']}")
    citizen.locator("[name=access_token]").fill(receipt["access_token"])
    citizen.get_by_role("button", name="Tampilkan").click()
    expect(citizen.locator("#status")).to_have_text("Tertunda")
    expect(citizen.locator("#stepper [aria-current=step]")).to_contain_text("Menunggu keterangan Anda")
    expect(citizen.locator("#followups .followup.question")).to_contain_text("Di depan nomor berapa lampu yang padam?")
    expect(citizen.locator("[data-deadline=verification_due]")).to_contain_text("Dijeda")
    form = citizen.locator("#reply-form")
    expect(form.get_by_role("heading", name="Jawab pertanyaan petugas")).to_be_visible()
    form.locator("textarea[name=message]").fill("Depan rumah nomor 12 sampai 18.")
    form.get_by_role("button", name="Kirim balasan").click()

    expect(citizen.locator("#status")).to_have_text("Belum Terverifikasi")
    expect(citizen.locator("#followups .your-answer")).to_contain_text("Depan rumah nomor 12 sampai 18.")
    expect(citizen.locator("[data-deadline=verification_due]")).to_contain_text("WIB")
    pages.shot(citizen, "citizen-track-answered-hold-1280")

    case = call_api(site, "GET", f"/admin/reports/{receipt['tracking_id']}", token=admin)
    assert case["status"] == "submitted"
    assert case["timeline"][-1]["message"] == "Depan rumah nomor 12 sampai 18."


def stage_shows(page, step: str, label: str, done: int) -> None:
    """The stepper marks ``step`` as the current one, after ``done`` steps already passed."""
    current = page.locator("#stepper [aria-current=step]")
    expect(current).to_have_attribute("data-step", step)
    expect(current).to_contain_text(label)
    expect(page.locator("#stepper li.done:not([aria-current])")).to_have_count(done)


def test_the_tracking_page_follows_updates_a_question_and_the_final_answer_to_the_reporters_rating(pages, site):
    receipt, admin = complaint_and_admin(site, "Saluran air tersumbat di Jalan Gatot Subroto",
                                         "Saluran air di depan pasar tersumbat sampah, air meluap ke jalan setiap hujan.")
    tracking_id = receipt["tracking_id"]

    def staff(action: str, body: dict) -> dict:
        return call_api(site, "POST", f"/admin/reports/{tracking_id}/{action}", body, admin)

    citizen = pages.open(f"/track/{tracking_id}")
    citizen.locator("[name=access_token]").fill(receipt["access_token"])
    citizen.get_by_role("button", name="Tampilkan").click()
    stage_shows(citizen, "received", "Diterima", 0)
    expect(citizen.locator("#followups")).to_have_count(0)

    verified = staff("verify", {"agency_id": "dpupr-tanjungpinang", "topic": "pekerjaan-umum-dan-penataan-ruang",
                                "complexity": "simple"})
    agency = verified["agency"]["name"]
    citizen.reload()
    stage_shows(citizen, "verified", "Diverifikasi", 1)

    # A public progress update: a card of its own, with the files the agency showed with it.
    staff("update", {"message": "Tim sudah meninjau lokasi; pembersihan dijadwalkan pekan ini.", "public": True})
    photo = {"attachment_id": "a1", "filename": "tinjauan.png", "content_type": "image/png", "size": len(PHOTO_PNG),
             "added_at": verified["received_at"], "url": "data:image/png;base64," + base64.b64encode(PHOTO_PNG).decode()}

    def with_photo(route):
        # Staff attachments are not served yet: the page is given the shape they will come in.
        view = route.fetch().json()
        for entry in view["timeline"]:
            if entry["event_type"] == "updated":
                entry["attachments"] = [photo]
        route.fulfill(json=view)

    citizen.route(f"**/reports/{tracking_id}", with_photo)
    citizen.reload()
    stage_shows(citizen, "processing", "Diproses", 2)
    update = citizen.locator("#followups .followup.update")
    expect(update.get_by_role("heading", name=f"Perkembangan dari {agency}")).to_be_visible()
    expect(update).to_contain_text("pembersihan dijadwalkan pekan ini")
    expect(update.get_by_role("img", name="tinjauan.png")).to_be_visible()
    pages.shot(citizen, "citizen-track-update-1280")
    citizen.unroute(f"**/reports/{tracking_id}")

    # The officer's question: highlighted, with the answer form in it, the agency's clocks paused.
    staff("ask_reporter", {"message": "Mohon sebutkan nomor kios terdekat dengan saluran itu."})
    citizen.reload()
    stage_shows(citizen, "processing", "Menunggu keterangan Anda", 2)
    question = citizen.locator("#followups .followup.question.open")
    expect(question.get_by_role("heading", name="Pertanyaan petugas", exact=True)).to_be_visible()
    expect(question).to_contain_text("nomor kios terdekat")
    expect(citizen.locator("[data-deadline=completion_due]")).to_contain_text("Dijeda")
    form = question.locator("#reply-form")
    form.locator("textarea[name=message]").fill("Depan kios nomor 14 dan 15.")
    pages.shot(citizen, "citizen-track-question-1280")
    form.get_by_role("button", name="Kirim balasan").click()
    expect(citizen.locator("#followups .followup.question .your-answer")).to_contain_text("Depan kios nomor 14 dan 15.")
    expect(citizen.locator("#reply-form")).to_have_count(0)
    stage_shows(citizen, "processing", "Diproses", 2)

    # The final answer, and "Sudah selesai?" right under it.
    staff("respond", {"message": ANSWER})
    citizen.reload()
    stage_shows(citizen, "followed_up", "Ditindaklanjuti", 3)
    answer = citizen.locator("#followups .followup.answer")
    expect(answer.get_by_role("heading", name=f"Jawaban akhir dari {agency}")).to_be_visible()
    expect(answer).to_contain_text(ANSWER)
    expect(citizen.locator("#followups .followup.answer + #feedback-form")).to_contain_text("Sudah selesai?")
    pages.shot(citizen, "citizen-track-answered-1280")
    citizen.get_by_label("Ya, sudah selesai").check()
    citizen.locator("select[name=rating]").select_option("4")
    citizen.locator("#feedback-form textarea[name=comment]").fill("Sudah bersih, terima kasih.")
    citizen.get_by_role("button", name="Kirim penilaian").click()

    # Closed: every step passed, the reporter's own rating shown where the question was, no deadline left.
    expect(citizen.locator("#status")).to_have_text("Selesai")
    stage_shows(citizen, "closed", "Selesai", 4)
    expect(citizen.locator("#stepper [aria-current=step]")).to_have_class(re.compile(r"\bdone\b"))
    given = citizen.locator("#followups .followup.answer + #your-feedback")
    expect(given).to_contain_text("4 dari 5")
    expect(given).to_contain_text("Sudah bersih, terima kasih.")
    expect(citizen.locator("#feedback-form")).to_have_count(0)
    expect(citizen.locator("[data-deadline]")).to_have_count(0)
    expect(citizen.get_by_role("heading", name="Batas waktu")).to_have_count(0)
    pages.shot(citizen, "citizen-track-closed-rated-1280")

    # The public sees the agency's update and answer, not the question, the reply or the rating.
    public = pages.open(f"/track/{tracking_id}", viewport=PHONE)
    stage_shows(public, "closed", "Selesai", 4)
    expect(public.locator("#followups .followup.answer")).to_contain_text(ANSWER)
    expect(public.locator("#followups .followup.update")).to_have_count(1)
    expect(public.locator("#followups .followup.question, #your-feedback")).to_have_count(0)
    assert public.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    pages.shot(public, "citizen-track-public-closed-390")

    # The reporter on a phone, in English.
    phone = pages.open(f"/track/{tracking_id}", viewport=PHONE)
    phone.get_by_role("button", name="EN").click()
    phone.locator("[name=access_token]").fill(receipt["access_token"])
    phone.get_by_role("button", name="Show").click()
    stage_shows(phone, "closed", "Closed", 4)
    expect(phone.locator("#your-feedback")).to_contain_text("4 of 5")
    expect(phone.get_by_role("heading", name=f"Final answer from {agency}")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    pages.shot(phone, "citizen-track-closed-en-390")


def test_an_archived_report_shows_the_stepper_stopped_with_the_reason(pages, site):
    receipt, admin = complaint_and_admin(site, "Keluhan tanpa keterangan tempat",
                                         "Pelayanannya buruk sekali, tolong diperbaiki secepatnya oleh yang berwenang.")
    call_api(site, "POST", f"/admin/reports/{receipt['tracking_id']}/archive",
             {"reason": "incomplete", "message": "Laporan tidak menyebut layanan dan tempatnya."}, admin)

    page = pages.open(f"/track/{receipt['tracking_id']}")
    stopped = page.locator("#stepper [aria-current=step]")
    expect(stopped).to_have_attribute("data-step", "received")
    expect(stopped).to_have_class(re.compile(r"\bstopped\b"))
    expect(page.get_by_text("Penanganan dihentikan: laporan diarsipkan. Alasan: tidak lengkap.")).to_be_visible()
    expect(page.locator("[data-deadline]")).to_have_count(0)
    pages.shot(page, "citizen-track-archived-1280")
