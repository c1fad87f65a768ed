"""The staff console in a real browser: sign-in, queues, a case and its actions, statistics with
their charts, compliance reports, the directories, languages, and a phone-sized screen.

Every test signs in through the page itself; the ``pages`` fixture fails a test on any browser
console error (a script error or a Content-Security-Policy refusal).
"""
from __future__ import annotations

import json
import re
import urllib.request
import uuid
from datetime import date, timedelta

from tests.browser.conftest import DESKTOP, PHONE, call_api

NATIONAL = ("admin.nasional", "Nasional#2026")
OMBUDSMAN = ("ombudsman", "Ombudsman#2026")


def sign_in(page, username: str, password: str) -> None:
    page.wait_for_selector("form.sign-in")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_selector("nav.tabs")


def submit_report(site, title: str) -> str:
    """A fresh complaint through the public API, so the test need not change the demo reports."""
    body = {"kind": "complaint", "title": title,
            "description": "Trotoar di depan pasar rusak parah dan membahayakan pejalan kaki setiap hari.",
            "region_code": "21.72", "agency_id": "dpupr-tanjungpinang", "privacy": "public"}
    request = urllib.request.Request(f"{site.url}/reports", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json",
                                              "Idempotency-Key": f"console-test-{uuid.uuid4()}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["tracking_id"]


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_national_admin_works_through_every_console_page(pages, site):
    tracking_id = submit_report(site, "Trotoar rusak di depan Pasar Baru")
    page = pages.open("/console", viewport=DESKTOP)
    sign_in(page, *NATIONAL)

    # Queues: the four tabs with their counts; the overdue count stands out when there is one.
    tabs = page.locator("nav.tabs a")
    assert tabs.count() == 4
    assert page.locator("nav.tabs a[aria-current=page]").get_attribute("data-queue") == "verification"
    for queue in ("verification", "inbox", "overdue", "answered"):
        count = page.locator(f"nav.tabs a[data-queue={queue}] .count [aria-hidden=true]").inner_text()
        assert re.fullmatch(r"\d+|999\+", count)
    assert int(page.locator("nav.tabs a[data-queue=verification] .count [aria-hidden=true]").inner_text()) >= 1
    overdue = page.locator("nav.tabs a[data-queue=overdue] .count")
    if overdue.locator("[aria-hidden=true]").inner_text() != "0":
        assert "alert" in overdue.get_attribute("class")
    assert page.locator(f"li[data-tracking-id='{tracking_id}']").count() == 1
    assert page.evaluate("document.activeElement.tagName") == "H1"
    pages.shot(page, "console-queues-1280")

    page.locator("nav.tabs a[data-queue=overdue]").click()
    page.wait_for_selector("nav.tabs a[data-queue=overdue][aria-current=page]")
    if page.locator("ul.queue li").count():
        assert page.locator("ul.queue li.overdue .badge.overdue").first.inner_text() == "Terlambat"
    pages.shot(page, "console-overdue-1280")

    # The case: exactly the allowed actions; verify and route it with a topic and a note.
    page.goto(f"/console#/reports/{tracking_id}")
    page.wait_for_selector("section.actions-card")
    actions = page.locator("section.actions-card button[data-action]")
    assert sorted(actions.evaluate_all("buttons => buttons.map(b => b.dataset.action)")) == [
        "archive", "duplicate", "hold", "verify"]
    page.locator("button[data-action=verify]").click()
    form = page.locator("form.action-form[data-action=verify]")
    form.get_by_label("Topik").select_option("pekerjaan-umum-dan-penataan-ruang")
    page.wait_for_selector("form.action-form select[name=unit_id]")
    form.locator("select[name=unit_id]").select_option("dpupr-tanjungpinang.bina-marga")
    form.get_by_label("Catatan internal").fill("Dicek bersama Bidang Bina Marga.")
    pages.shot(page, "console-verify-1280")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".flash .notice.ok")
    assert "Terdisposisi" in page.locator(".case-meta .badge.status").inner_text()
    assert "Dicek bersama Bidang Bina Marga." in page.locator("ol.timeline").inner_text()
    assert page.locator("button[data-action=verify]").count() == 0
    pages.shot(page, "console-report-1280")

    # Statistics: figure tiles and the three charts, each with a title and its numbers.
    page.locator("#nav a[href='#/stats']").click()
    page.wait_for_selector("svg[data-chart=sla]")
    assert int(page.locator("[data-figure=received] .value").inner_text()) >= 1
    for chart in ("weekly", "topics", "sla"):
        svg = page.locator(f"svg[data-chart={chart}]")
        assert svg.get_attribute("role") == "img"
        assert svg.locator("title").first.text_content()
        assert page.locator(f"section.chart-card:has(svg[data-chart={chart}]) details table").count() == 1
    weekly_values = page.locator("svg[data-chart=weekly] text.value").all_text_contents()
    assert weekly_values and sum(int(value) for value in weekly_values) >= 1
    assert page.locator("svg[data-chart=weekly] rect.bar").count() == len(weekly_values)
    assert "Pekerjaan Umum dan Penataan Ruang" in page.locator("svg[data-chart=topics]").text_content()
    assert page.locator("svg[data-chart=sla] rect.bar").count() >= 1
    page.locator("section.chart-card:has(svg[data-chart=sla]) summary").click()
    assert "%" in page.locator("section.chart-card:has(svg[data-chart=sla]) table").inner_text()
    pages.shot(page, "console-stats-1280")

    # A compliance report for this month: CSV, XLSX and PDF in both languages.
    page.locator("#nav a[href='#/compliance']").click()
    page.wait_for_selector("form[aria-labelledby=build-title]")
    this_month = page.locator("form[aria-labelledby=build-title] input[name=period]").input_value()
    assert re.fullmatch(r"\d{4}-\d{2}", this_month)
    page.get_by_role("button", name="Buat laporan").click()
    page.wait_for_selector("a[data-format=pdf]", timeout=90_000)
    for language in ("id", "en"):
        formats = page.locator(f"[data-language={language}] a[download]").evaluate_all(
            "links => links.map(a => a.dataset.format)")
        assert sorted(formats) == ["csv", "pdf", "xlsx"]
        for link in page.locator(f"[data-language={language}] a[download]").all():
            assert link.get_attribute("href").startswith("http")
            assert link.get_attribute("hreflang") == language
    pages.shot(page, "console-compliance-1280")
    page.locator("a", has_text="Semua laporan kepatuhan").click()
    page.wait_for_selector("section[aria-labelledby=list-title] table")
    assert "Nasional" in page.locator("section[aria-labelledby=list-title] table").inner_text()

    # Holidays: add a weekday two years ahead, see it listed as added, then delete it again.
    page.locator("#nav a[href='#/holidays']").click()
    page.wait_for_selector("table.holidays")
    assert "tidak dihitung ulang" in page.locator("#main").inner_text()
    year = int(this_month[:4]) + 2
    page.locator("select[name=year]").select_option(str(year))
    page.wait_for_selector(f"h2#holidays-list-title:has-text('{year}')")
    page.wait_for_selector("table.holidays")
    taken = set(page.locator("table.holidays tbody tr").evaluate_all("rows => rows.map(r => r.dataset.date)"))
    day = date(year, 10, 5)
    while day.weekday() >= 5 or day.isoformat() in taken:
        day += timedelta(days=1)
    page.get_by_label("Tanggal").fill(day.isoformat())
    page.get_by_label("Nama hari libur").fill("Libur uji konsol")
    page.get_by_role("button", name="Tambah", exact=True).click()
    row = page.locator(f"table.holidays tr[data-date='{day.isoformat()}']")
    row.wait_for()
    assert "Libur uji konsol" in row.inner_text()
    assert "Ditambahkan" in row.inner_text()
    assert "admin.nasional" in row.inner_text()
    pages.shot(page, "console-holidays-1280")
    row.get_by_role("button").click()
    row.wait_for(state="detached")

    # Users and agencies.
    page.locator("#nav a[href='#/users']").click()
    page.wait_for_selector("table.users")
    assert page.locator("table.users tbody tr").count() >= 1
    # Thousands of agencies: the national admin picks the region first, then one of its agencies.
    page.locator("form.filters select[name=agency_id_region]").select_option("21.72")
    page.wait_for_selector("form.filters select[name=agency_id] option[value='dpupr-tanjungpinang']", state="attached")
    page.locator("form.filters select[name=agency_id]").select_option("dpupr-tanjungpinang")
    page.locator("form.filters").get_by_role("button", name="Saring").click()
    page.wait_for_selector("table.users tr[data-username='petugas.binamarga']")
    assert page.locator("table.users tr[data-username='admin.dpupr-tanjungpinang']").count() == 1
    # Disabling asks first, then shows since when; enabling puts the account back.
    officer = page.locator("table.users tr[data-username='petugas.binamarga']")
    page.once("dialog", lambda dialog: dialog.accept())
    officer.get_by_role("button", name="Nonaktifkan", exact=True).click()
    officer.get_by_role("button", name="Aktifkan", exact=True).wait_for()
    assert "Nonaktif sejak" in officer.inner_text()
    officer.get_by_role("button", name="Aktifkan", exact=True).click()
    officer.get_by_role("button", name="Nonaktifkan", exact=True).wait_for()
    assert page.locator("table.users tr[data-username='admin.nasional'] button").count() == 0
    assert page.locator("form[aria-labelledby=create-user-title] select[name=role]").count() == 1
    pages.shot(page, "console-users-1280")
    page.locator("#nav a[href='#/agencies']").click()
    page.wait_for_selector("table.agencies")
    assert page.locator("table.agencies tr[data-agency-id='bpjs-kesehatan']").count() == 1  # national level first
    page.locator("form.filters select[name=region_code]").select_option("21.72")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_selector("table.agencies tr[data-agency-id='dpupr-tanjungpinang']")
    assert page.locator("form[aria-labelledby=create-agency-title] select[name=time_zone] option").count() == 3
    pages.shot(page, "console-agencies-1280")

    # English: the same page, every label switched.
    page.locator("button[data-lang=en]").click()
    page.wait_for_selector("h1:has-text('Agencies')")
    nav = page.locator("#nav").inner_text()
    assert "Statistics" in nav and "Holidays" in nav and "Sign out" in nav
    page.locator("#nav a[href='#/queue']").click()
    page.wait_for_selector("h1:has-text('Work queues')")
    assert page.locator("nav.tabs a[data-queue=inbox]").inner_text().startswith("Inbox")
    pages.shot(page, "console-queues-en-1280")

    # Signing out forgets the token.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_selector("form.sign-in")
    assert page.evaluate("sessionStorage.length") == 0


def test_oversight_reads_statistics_but_acts_on_nothing(pages):
    page = pages.open("/console", viewport=DESKTOP)
    sign_in(page, *OMBUDSMAN)
    nav = page.locator("#nav")
    assert nav.get_by_role("link", name="Statistik").count() == 1
    assert nav.get_by_role("link", name="Laporan kepatuhan").count() == 1
    assert nav.get_by_role("link", name="Pengguna").count() == 0
    assert nav.get_by_role("link", name="Instansi").count() == 0
    assert nav.get_by_role("link", name="Hari libur").count() == 0
    assert "ombudsman" in nav.inner_text()

    page.locator("ul.queue li a.title").first.click()
    page.wait_for_selector("section.actions-card")
    assert page.locator("button[data-action]").count() == 0
    assert page.locator("button", has_text="Verifikasi").count() == 0
    pages.shot(page, "console-report-oversight-1280")

    page.locator("#nav a[href='#/stats']").click()
    page.wait_for_selector("svg[data-chart=sla]")
    assert page.locator("svg.chart").count() == 3
    assert page.locator("select[name=scope] option[value=national]").count() == 1
    pages.shot(page, "console-stats-oversight-1280")

    page.goto("/console#/users")
    page.wait_for_selector("h1:has-text('Akun Anda tidak memiliki akses')")
    assert page.locator("table.users").count() == 0


def test_phone_sign_in_queue_and_statistics_fit_the_screen(pages):
    page = pages.open("/console", viewport=PHONE)
    page.wait_for_selector("form.sign-in")
    assert no_horizontal_scroll(page)
    pages.shot(page, "console-signin-390")
    sign_in(page, *NATIONAL)
    page.wait_for_selector("ul.queue")
    assert no_horizontal_scroll(page)
    pages.shot(page, "console-queues-390")
    page.locator("#nav a[href='#/stats']").click()
    page.wait_for_selector("svg[data-chart=sla]")
    for summary in page.locator("section.chart-card summary").all():
        summary.click()
    assert no_horizontal_scroll(page)
    pages.shot(page, "console-stats-390")


def test_the_token_stays_in_session_storage_and_a_rejected_one_returns_to_sign_in(pages):
    page = pages.open("/console", viewport=DESKTOP)
    sign_in(page, *NATIONAL)
    assert page.evaluate("Object.keys(localStorage).every(key => key === 'aduan.lang')")
    assert page.context.cookies() == []
    stored = page.evaluate("sessionStorage.getItem('aduan.console.session')")
    assert json.loads(stored)["token"].count(".") == 2  # a JWT
    assert "eyJ" not in page.url

    page.evaluate("sessionStorage.setItem('aduan.console.session',"
                  " JSON.stringify({token: 'not-a-token', expires_at: Date.now() + 60000}))")
    page.goto("/console#/stats")
    page.wait_for_selector("form.sign-in")
    assert "Sesi Anda berakhir" in page.locator("#main").inner_text()
    assert page.evaluate("sessionStorage.getItem('aduan.console.session')") is None
    pages.shot(page, "console-session-ended-1280")
    # The browser logs the refused request; it is expected here, whatever the fixture makes of 4xx.
    pages.problems[:] = [problem for problem in pages.problems if "status of 401" not in problem]


def test_a_case_link_from_an_email_opens_the_case_after_sign_in(pages, site):
    """Staff e-mails link to ``/console#/reports/<id>``; whoever is not signed in yet (a new tab
    has no session) signs in and lands on that case, not on the queue."""
    tracking_id = submit_report(site, "Drainase tersumbat di Jalan Pramuka")
    page = pages.open(f"/console#/reports/{tracking_id}", viewport=DESKTOP)
    page.wait_for_selector("form.sign-in")
    assert f"laporan {tracking_id} langsung dibuka" in page.locator("form.sign-in").inner_text()
    page.get_by_label("Nama pengguna").fill(NATIONAL[0])
    page.get_by_label("Kata sandi").fill(NATIONAL[1])
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_selector("section.actions-card")
    assert page.locator("#main h1").inner_text() == "Drainase tersumbat di Jalan Pramuka"
    assert page.url.endswith(f"/console#/reports/{tracking_id}")




def test_an_officer_answers_with_a_template_filled_for_the_report(pages, site):
    body = {"kind": "complaint", "title": "Saluran air tersumbat di Jalan Merdeka",
            "description": "Saluran air di Jalan Merdeka tersumbat sampah sehingga jalan tergenang setiap hujan.",
            "region_code": "21.72", "agency_id": "dpupr-tanjungpinang", "privacy": "public",
            "reporter": {"name": "Rina Wulandari", "email": "rina@example.id"}}
    request = urllib.request.Request(f"{site.url}/reports", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json",
                                              "Idempotency-Key": f"template-test-{uuid.uuid4()}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        tracking_id = json.load(response)["tracking_id"]
    admin = call_api(site, "POST", "/auth/login",
                     {"username": "admin.dpupr-tanjungpinang", "password": "Instansi#2026"})["id_token"]
    case = call_api(site, "POST", f"/admin/reports/{tracking_id}/verify",
                    {"agency_id": "dpupr-tanjungpinang", "unit_id": "dpupr-tanjungpinang.bina-marga",
                     "complexity": "simple"}, admin)
    call_api(site, "POST", f"/admin/reports/{tracking_id}/start", {"expected_version": case["version"]}, admin)

    page = pages.open("/console", viewport=DESKTOP)
    sign_in(page, "petugas.binamarga", "Petugas#2026")
    page.goto(f"/console#/reports/{tracking_id}")
    page.locator("button[data-action=respond]").click()
    form = page.locator("form.action-form[data-action=respond]")
    picker = form.locator(".template-picker[data-purpose=respond] select[name=template_id]")
    picker.wait_for()
    assert "Jawaban akhir tindak lanjut" in picker.inner_text()

    picker.select_option(label="Jawaban akhir tindak lanjut")

    answer = form.locator("textarea[name=message]").input_value()
    assert answer.startswith("Yth. Bapak/Ibu Rina Wulandari,\n\nMenindaklanjuti laporan nomor "
                             f"{tracking_id} yang kami terima pada ")
    assert "perihal \"Saluran air tersumbat di Jalan Merdeka\"" in answer
    assert answer.endswith("Hormat kami,\nDinas Pekerjaan Umum dan Penataan Ruang Kota Tanjungpinang")
    assert "{" not in answer
    assert form.locator(".template-note").inner_text() == ""  # every placeholder filled, nothing to restore
    pages.shot(page, "console-respond-template-1280")

    # The officer completes the text and sends it; the picker itself is not part of the answer.
    form.locator("textarea[name=message]").fill(answer.replace(
        "[uraikan tindakan yang telah dilakukan dan hasilnya]", "Saluran sudah dibersihkan pada hari ini."))
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".flash .notice.ok")
    assert "Saluran sudah dibersihkan pada hari ini." in page.locator("ol.timeline").inner_text()
    assert "Bapak/Ibu Rina Wulandari" in page.locator("ol.timeline").inner_text()


def test_an_agency_admin_keeps_its_templates_beside_the_national_ones(pages):
    page = pages.open("/console", viewport=DESKTOP)
    sign_in(page, "admin.dishub-tanjungpinang", "Instansi#2026")
    page.locator("#nav a[href='#/templates']").click()
    page.wait_for_selector("section[aria-labelledby=templates-national] li.template")
    national = page.locator("section[aria-labelledby=templates-national]")
    assert national.locator("li.template").count() >= 3
    assert national.locator("button[data-edit]").count() == 0  # read only for an agency admin

    form = page.locator("form[aria-labelledby=new-template-title]")
    form.get_by_label("Nama templat").fill("Lampu lalu lintas diperbaiki")
    form.get_by_label("Isi templat").fill("Yth. {nama}, lampu lalu lintas sudah diperbaiki.")
    form.get_by_role("button", name="Buat").click()
    form.locator("[data-field=body] .field-error", has_text="{nama}").wait_for()  # refused by the server, named

    form.get_by_label("Isi templat").fill("Yth. ")
    form.locator("button[data-placeholder=sapaan]").click()
    form.get_by_label("Isi templat").press("End")
    form.get_by_label("Isi templat").type(", lampu lalu lintas pada laporan ")
    form.locator("button[data-placeholder=nomor_laporan]").click()
    form.get_by_label("Isi templat").press("End")
    form.get_by_label("Isi templat").type(" sudah diperbaiki.")
    form.get_by_role("button", name="Buat").click()
    page.wait_for_selector(".form-done .notice.ok:has-text('sudah dibuat')")
    own = page.locator("section[aria-labelledby=templates-agency] li.template", has_text="Lampu lalu lintas diperbaiki")
    assert "Yth. {sapaan}, lampu lalu lintas pada laporan {nomor_laporan} sudah diperbaiki." in own.inner_text()
    pages.shot(page, "console-templates-1280")

    own.locator("button[data-delete]").click()
    own.locator("button[data-confirm-delete]").click()
    page.wait_for_selector(".form-done .notice.ok:has-text('sudah dihapus')")
    assert page.locator("li.template", has_text="Lampu lalu lintas diperbaiki").count() == 0
