"""Answer templates: which texts may be saved, and what a template says once filled for a report."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from chalicelib.domain.templates import NOT_SET, Purpose, ReportFacts, fill, placeholders_in, problems_in
from devtools.demo_data import DEFAULT_TEMPLATES


def facts(**overrides) -> ReportFacts:
    values = {"tracking_id": "K7M2Q-X9T4Q", "title": "Jalan berlubang di Jalan Ganet",
              "agency_name": "Dinas Pekerjaan Umum dan Penataan Ruang Kota Tanjungpinang",
              "time_zone": "Asia/Jakarta",
              # 23 November 2026, 01:30 in Jakarta: still the 22nd in UTC.
              "received_at": datetime(2026, 11, 22, 18, 30, tzinfo=timezone.utc),
              "first_response_due": "2026-11-30T23:59:59+07:00", "completion_due": "2026-12-11T23:59:59+07:00",
              "reporter_name": "Siti Rahmawati"}
    values.update(overrides)
    return ReportFacts(**values)


def codes(body: str) -> list[str]:
    return [problem.code for problem in problems_in(body)]


def test_every_placeholder_is_filled_for_the_report_in_indonesian():
    body = ("Yth. {sapaan}, laporan {nomor_laporan} ({judul_laporan}) diterima {tanggal_diterima} oleh {instansi}; "
            "tindak lanjut paling lambat {batas_tindak_lanjut}, selesai paling lambat {batas_penyelesaian}.")

    filled = fill(body, facts())

    assert filled.text == (
        "Yth. Bapak/Ibu Siti Rahmawati, laporan K7M2Q-X9T4Q (Jalan berlubang di Jalan Ganet) diterima "
        "23 November 2026 oleh Dinas Pekerjaan Umum dan Penataan Ruang Kota Tanjungpinang; tindak lanjut "
        "paling lambat 30 November 2026, 23:59 WIB, selesai paling lambat 11 Desember 2026, 23:59 WIB.")
    assert filled.unfilled == ()


def test_deadlines_are_written_in_the_agencys_own_zone():
    wita = facts(time_zone="Asia/Makassar", first_response_due="2026-11-30T23:59:59+08:00")
    wit = facts(time_zone="Asia/Jayapura", completion_due="2026-12-11T23:59:59+09:00")

    assert fill("{batas_tindak_lanjut}", wita).text == "30 November 2026, 23:59 WITA"
    assert fill("{batas_penyelesaian}", wit).text == "11 Desember 2026, 23:59 WIT"


def test_a_reporter_without_a_name_known_to_the_caller_is_greeted_as_the_reporter():
    assert fill("Yth. {sapaan},", facts(reporter_name=None)).text == "Yth. Bapak/Ibu Pelapor,"
    assert fill("Yth. {sapaan},", facts(reporter_name="   ")).text == "Yth. Bapak/Ibu Pelapor,"


def test_a_stored_value_cannot_add_a_line_to_the_answer():
    filled = fill("{sapaan}: {judul_laporan}", facts(reporter_name="Siti\nLihat: evil", title="Jalan\r\nrusak"))

    assert filled.text == "Bapak/Ibu Siti Lihat: evil: Jalan rusak"


def test_a_deadline_not_set_yet_is_marked_for_the_officer_to_see():
    filled = fill("Selesai paling lambat {batas_penyelesaian}.", facts(completion_due=None))

    assert filled.text == f"Selesai paling lambat {NOT_SET}."
    assert filled.unfilled == ("batas_penyelesaian",)


def test_a_text_of_known_placeholders_may_be_saved_and_lists_them_once():
    body = "Yth. {sapaan},\nlaporan {nomor_laporan} ... {sapaan}"

    assert problems_in(body) == []
    assert placeholders_in(body) == ["sapaan", "nomor_laporan"]


def test_an_unknown_placeholder_is_refused_naming_it():
    problems = problems_in("Yth. {nama_pelapor}, laporan {nomor_laporan} di {alamat} dan {alamat}.")

    assert [problem.code for problem in problems] == ["unknown_placeholder"]
    assert "{nama_pelapor}, {alamat}." in problems[0].message.id
    assert "{nomor_laporan}" in problems[0].message.id.split("Yang dapat dipakai:")[1]
    assert "Unknown placeholders: {nama_pelapor}, {alamat}." in problems[0].message.en


@pytest.mark.parametrize("body, written", [
    ("Laporan {Nomor Laporan}", "{Nomor Laporan}"),
    ("Laporan {nomor-laporan}", "{nomor-laporan}"),
    ("Laporan {}", "{}"),
    ("Laporan {nomor_laporan", "{"),
    ("Laporan nomor_laporan} diterima", "}"),
    ("Laporan {{nomor_laporan}}", "{, }"),
])
def test_a_malformed_placeholder_or_a_stray_brace_is_refused_as_written(body, written):
    problems = problems_in(body)

    assert [problem.code for problem in problems] == ["malformed_placeholder"]
    assert f"tidak sah: {written}." in problems[0].message.id


def test_unknown_and_malformed_placeholders_are_both_named():
    assert codes("{nama} dan {Nama}") == ["unknown_placeholder", "malformed_placeholder"]


def test_a_text_that_could_outgrow_an_answer_once_filled_is_refused():
    # Each {instansi} may become an agency name of 200 characters: 25 of them pass 5,000.
    assert codes("{instansi} " * 24) == []
    assert codes("{instansi} " * 26) == ["too_long_when_filled"]


def test_the_national_defaults_follow_the_rules_and_use_only_known_placeholders():
    assert len(DEFAULT_TEMPLATES) == 3
    for default in DEFAULT_TEMPLATES:
        assert problems_in(default["body"]) == [], default["slug"]
        assert "sapaan" in placeholders_in(default["body"])
        assert set(default["purposes"]) <= {purpose.value for purpose in Purpose}
