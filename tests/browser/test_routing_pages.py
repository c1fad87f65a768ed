"""The system sorts, in the browser: the web form suggests a topic as the citizen writes; the verify
form starts from what the system read; a national admin changes who handles a topic in a region."""
from __future__ import annotations

import json
import urllib.request
import uuid

from playwright.sync_api import expect

from devtools.seed import AGENCY_ADMIN_PASSWORD
from tests.browser.conftest import DESKTOP
from tests.browser.test_console_pages import NATIONAL, sign_in

POTHOLE = "Jalan berlubang di depan SD, sering ada pengendara jatuh"
WORKS = "pekerjaan-umum-dan-penataan-ruang"


def test_the_form_suggests_a_topic_while_the_citizen_writes_and_one_click_uses_it(pages):
    page = pages.open("/")
    page.locator("[name=title]").fill(POTHOLE)

    suggestion = page.locator("#topic-suggestion")
    expect(suggestion).to_contain_text("Kategori yang disarankan: Pekerjaan Umum dan Penataan Ruang")
    expect(suggestion).to_contain_text("kata: jalan berlubang")
    assert suggestion.get_attribute("aria-live") == "polite"
    assert page.locator("select[name=topic]").input_value() == ""
    pages.shot(page, "citizen-suggestion-1280")
    page.get_by_role("button", name="Pakai").click()

    assert page.locator("select[name=topic]").input_value().startswith(f"{WORKS}.")
    expect(suggestion).to_contain_text("Anda tetap dapat mengubahnya")


def test_the_verify_form_starts_from_what_the_system_read_and_says_why(pages, site):
    body = {"kind": "complaint", "title": POTHOLE, "region_code": "21.72", "privacy": "public",
            "description": "Lubang besar di Jalan Ganet dekat SD, jalan rusak parah dan belum diperbaiki."}
    request = urllib.request.Request(f"{site.url}/reports", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json",
                                              "Idempotency-Key": f"routing-test-{uuid.uuid4()}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        tracking_id = json.load(response)["tracking_id"]

    # The coordinator watches what the system sent on in its region, in a tab of its own.
    page = pages.open("/console", viewport=DESKTOP)
    sign_in(page, "admin.diskominfo-tanjungpinang", AGENCY_ADMIN_PASSWORD)
    page.locator("nav.tabs a[data-queue=routed]").click()
    page.locator(f"li[data-tracking-id='{tracking_id}'] a.title").click()
    page.locator("button[data-action=verify]").click()

    form = page.locator("form.action-form[data-action=verify]")
    expect(form.locator(".suggestion")).to_contain_text("Disarankan sistem: Pekerjaan Umum dan Penataan Ruang")
    expect(form.locator(".suggestion")).to_contain_text("berlubang")
    expect(form.locator(".suggestion")).to_contain_text("keyakinan")
    expect(form.locator(".suggestion")).to_contain_text("Diteruskan otomatis oleh sistem")
    assert form.locator("select[name=agency_id]").input_value() == "dpupr-tanjungpinang"
    assert form.locator("select[name=topic]").input_value().startswith(WORKS)
    pages.shot(page, "console-verify-suggested-1280")


def test_a_national_admin_overrides_who_handles_a_topic_in_tanjung_pinang(pages):
    page = pages.open("/console", viewport=DESKTOP)
    sign_in(page, *NATIONAL)
    page.locator("#nav a[href='#/routing']").click()
    page.locator("select[name=province]").select_option("21")
    page.locator("select[name=region_code]").select_option("21.72")
    page.get_by_role("button", name="Tampilkan", exact=True).first.click()
    expect(page.locator("#routing-table-title")).to_contain_text("21.72")

    row = page.locator("table.routing tr[data-topic-id='peniadaan-mudik']")
    assert row.get_attribute("data-source") == "default"
    row.get_by_role("button", name="Ubah").click()
    edit = page.locator("form.routing-edit")
    edit.get_by_label("Instansi yang menangani").select_option("satpolpp-tanjungpinang")
    edit.get_by_label("Alasan perubahan").fill("Larangan mudik di kota ini ditegakkan Satpol PP.")
    edit.get_by_role("button", name="Simpan").click()

    expect(page.locator(".form-done .notice.ok")).to_contain_text("disimpan")
    expect(row).to_have_attribute("data-source", "override")
    expect(row).to_contain_text("Satuan Polisi Pamong Praja")
    expect(page.locator("ol.routing-history")).to_contain_text("Larangan mudik di kota ini ditegakkan Satpol PP.")
    pages.shot(page, "console-routing-1280")
