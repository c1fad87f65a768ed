"""Proof of action in Chromium: a unit officer posts a progress update with a photo from the console;
the reporter sees the photo with the update on the tracking page, and so does the public until an
agency admin hides it from the public view."""
from __future__ import annotations


from playwright.sync_api import expect

from devtools.seed import AGENCY_ADMIN_PASSWORD, UNIT_OFFICER
from tests.browser.conftest import call_api
from tests.browser.test_citizen_journey import PHOTO_PNG
from tests.browser.test_console_pages import NATIONAL, sign_in

UPDATE = "Lubang sudah ditambal sementara; pengaspalan menyusul pekan depan."




def report_for_bina_marga(site) -> tuple[str, str]:
    """A public complaint, verified by the national admin and routed to Bidang Bina Marga."""
    receipt = call_api(site, "POST", "/reports", {
        "kind": "complaint", "title": "Lubang di Jalan Pramuka", "region_code": "21.72", "privacy": "public",
        "description": "Lubang dalam di depan sekolah membahayakan pengendara motor setiap pagi.",
        "agency_id": "dpupr-tanjungpinang"})
    token = call_api(site, "POST", "/auth/login", {"username": NATIONAL[0], "password": NATIONAL[1]})["id_token"]
    call_api(site, "POST", f"/admin/reports/{receipt['tracking_id']}/verify",
             {"agency_id": "dpupr-tanjungpinang", "unit_id": UNIT_OFFICER[3]}, token)
    return receipt["tracking_id"], receipt["access_token"]


def open_as_reporter(pages, tracking_id: str, access_token: str):
    page = pages.open(f"/track/{tracking_id}")
    page.locator("[name=access_token]").fill(access_token)
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator("#status")).to_be_visible()
    return page


def test_an_officer_posts_an_update_with_a_photo_and_the_reporter_sees_it_with_the_update(pages, site, tmp_path):
    tracking_id, access_token = report_for_bina_marga(site)
    photo = tmp_path / "tambal-sementara.png"
    photo.write_bytes(PHOTO_PNG)

    officer = pages.open("/console")
    sign_in(officer, UNIT_OFFICER[0], UNIT_OFFICER[1])
    officer.goto(f"/console#/reports/{tracking_id}")
    officer.locator("button[data-action=update]").click()
    form = officer.locator("form.action-form[data-action=update]")
    form.locator("textarea[name=message]").fill(UPDATE)
    form.get_by_label("Foto atau dokumen (bukti tindak lanjut)").set_input_files(str(photo))
    form.locator("button[type=submit]").click()
    expect(officer.locator(".flash .notice.ok")).to_be_visible()
    shown = officer.locator("ol.timeline li").filter(has_text=UPDATE).locator("ul.case-files img")
    expect(shown).to_have_count(1)
    expect(shown).to_have_attribute("alt", "tambal-sementara.png")
    # An officer does not decide what the public may see of a file; the agency's admins do.
    expect(officer.get_by_role("button", name="Sembunyikan dari publik")).to_have_count(0)
    pages.shot(officer, "console-update-with-photo-1280")

    reporter = open_as_reporter(pages, tracking_id, access_token)
    update = reporter.locator("li[data-event=updated]")
    expect(update).to_contain_text(UPDATE)
    expect(update.locator(".thumbs img")).to_have_count(1)
    assert update.locator(".thumbs img").evaluate("image => image.complete && image.naturalWidth") == 2
    pages.shot(reporter, "citizen-track-update-with-photo-1280")
    public = pages.open(f"/track/{tracking_id}")
    expect(public.locator("li[data-event=updated] .thumbs img")).to_have_count(1)

    # A number plate can be read in it: the agency admin hides it from the public, with a reason.
    admin = pages.open("/console")
    sign_in(admin, "admin.dpupr-tanjungpinang", AGENCY_ADMIN_PASSWORD)
    admin.goto(f"/console#/reports/{tracking_id}")
    admin.get_by_role("button", name="Sembunyikan dari publik").click()
    admin.get_by_label("Alasan (pelapor dapat membacanya)").fill("Pelat nomor kendaraan warga terbaca.")
    admin.locator("form.hide-form button[type=submit]").click()
    expect(admin.locator(".flash .notice.ok")).to_have_text("Lampiran disembunyikan dari publik.")
    expect(admin.locator("ul.case-files li.hidden-file")).to_contain_text("Pelat nomor kendaraan warga terbaca.")
    expect(admin.get_by_role("button", name="Tampilkan lagi untuk publik")).to_be_visible()

    public.reload()
    expect(public.locator("li[data-event=updated]")).to_contain_text(UPDATE)
    expect(public.locator("li[data-event=updated] .thumbs img")).to_have_count(0)
    reporter = open_as_reporter(pages, tracking_id, access_token)
    expect(reporter.locator("li[data-event=updated] .thumbs img")).to_have_count(1)
    expect(reporter.locator("li[data-event=attachment_hidden]")).to_contain_text("Pelat nomor kendaraan warga terbaca.")
