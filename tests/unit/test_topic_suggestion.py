"""Topic suggestions: what a citizen sees suggested for how citizens really write."""

import json
import time

import pytest

from chalicelib.domain.suggestion import (
    CATALOG_PATH,
    VOCABULARY_PATH,
    TopicMatch,
    stem,
    suggest_topics,
    topic_names,
)

PU = "pekerjaan-umum-dan-penataan-ruang"


def _top(topic_id: str) -> str:
    return topic_id.split(".", 1)[0]


def _first(title: str, description: str) -> TopicMatch:
    matches = suggest_topics(title, description)
    assert matches, f"no suggestion for {title!r} / {description!r}"
    return matches[0]


def test_a_road_full_of_holes_is_public_works_and_says_why():
    first = _first("", "Jalan berlubang di depan SD, sering ada pengendara jatuh")
    assert _top(first.topic_id) == PU
    assert any("berlubang" in word or "jalan" in word for word in first.matched)
    assert 0 < first.score <= 1


@pytest.mark.parametrize(("title", "description", "expected"), [
    ("", "e-ktp sy gak jadi2 udah 3 bulan di dukcapil", "kependudukan"),
    ("PJU mati", "PJU mati di jln Melati sudah 2 minggu, gelap kalau malam",
     "perhubungan.lampu-penerangan-jalan-umum"),
    ("", "token listrik sudah diisi tapi PLN padam terus", "energi-dan-sumber-daya-alam"),
    ("", "bansos PKH gak cair sejak januari", "sosial-dan-kesejahteraan"),
    ("", "THR tdk dibayar, gaji di bawah UMK", "ketenagakerjaan"),
    ("", "anak sy gak keterima PPDB jalur zonasi padahal rumah dekat", "pendidikan-dan-kebudayaan"),
    ("", "pungli di kelurahan buat ngurus surat", "politik-dan-hukum.pungutan-liar"),
    ("", "air PDAM gak ngalir udah seminggu", "energi-dan-sumber-daya-alam"),
    ("", "antri di RSUD lama bgt, dokter blm dtg", "kesehatan"),
    ("", "perpanjang SIM dipersulit, STNK jg", "ketenteraman-ketertiban-umum-dan-pelindungan-masyarakat"),
])
def test_informal_spelling_and_abbreviations(title, description, expected):
    first = _first(title, description)
    if "." in expected:
        assert first.topic_id == expected
    else:
        assert _top(first.topic_id) == expected


def test_affixes_are_read_to_their_roots():
    first = _first("", "Sering terjadi pemadaman listrik tanpa pemberitahuan")
    assert first.topic_id.startswith("energi-dan-sumber-daya-alam")
    assert "pemadaman" in " ".join(first.matched)
    assert _top(_first("", "Kerusakan jalan belum diperbaiki").topic_id) == PU
    roots = {"lubang", "padam", "rusak", "baik", "jelas"}
    assert stem("berlubang", roots) == "lubang"
    assert stem("pemadaman", roots) == "padam"
    assert stem("kerusakan", roots) == "rusak"
    assert stem("diperbaiki", roots) == "baik"
    assert stem("ketidakjelasan", roots) == "jelas"
    assert stem("sekolah", roots) is None  # no root inside: the word is left alone


def test_a_one_letter_typo_is_forgiven_and_shown_as_written():
    first = _first("", "jalan brlubang dan rusak parah")
    assert _top(first.topic_id) == PU
    assert any("brlubang" in word for word in first.matched)
    assert _top(_first("", "listrk padam terus di kampung kami").topic_id) == "energi-dan-sumber-daya-alam"
    # An ordinary word is not taken for a term that differs in its first letter ("paling"/"maling").
    assert not suggest_topics("", "paling")


def test_same_text_same_answer():
    text = ("Jalan berlubang", "Jalan berlubang di Jl. Melati, lampu jalan juga mati dan sampah menumpuk")
    assert suggest_topics(*text) == suggest_topics(*text)
    scores = [m.score for m in suggest_topics(*text)]
    assert scores == sorted(scores, reverse=True)


def test_nothing_telling_gives_nothing():
    assert suggest_topics("", "") == []
    assert suggest_topics("   ", "\n\t") == []
    assert suggest_topics("halo", "tolong ya pak, terima kasih") == []
    assert suggest_topics("jalan rusak", "", limit=0) == []


def test_limit_and_one_line_per_evidence():
    matches = suggest_topics("Banyak masalah", "jalan rusak, PJU mati, sampah menumpuk, bansos tidak cair, "
                                                "e-ktp belum jadi, gaji di bawah UMK", limit=3)
    assert len(matches) == 3
    tops = [_top(m.topic_id) for m in matches]
    assert len(set(tops)) == len(tops)


def test_names_come_from_the_catalog():
    catalog = json.loads(CATALOG_PATH.read_text(encoding="utf-8"))
    names = {t["topic_id"]: t["name_id"] for t in catalog["topics"]}
    names |= {s["topic_id"]: s["name_id"] for t in catalog["topics"] for s in t["subtopics"]}
    assert topic_names() == names
    for match in suggest_topics("PJU mati", "lampu jalan mati, jalan berlubang, PDAM mati"):
        assert match.name == names[match.topic_id]


def test_every_vocabulary_key_is_a_catalog_topic():
    names = topic_names()
    vocabulary = json.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))
    for parent, family in vocabulary["topics"].items():
        assert parent in names
        for child in family:
            assert (f"{parent}.{child}" if child else parent) in names


def test_the_shipped_vocabulary_is_what_the_generator_writes():
    from devtools.build_topic_vocabulary import main

    assert main(["--check"]) == 0


def test_small_and_quick():
    assert VOCABULARY_PATH.stat().st_size < 150_000
    suggest_topics("", "pemanasan")
    long_text = ("Jalan di depan rumah kami berlubang dan lampu PJU mati, air PDAM keruh, "
                 "bansos tidak cair, pungli di kelurahan. ") * 45
    assert len(long_text) >= 5000
    started = time.perf_counter()
    suggest_topics("Banyak keluhan", long_text[:5000])
    assert time.perf_counter() - started < 0.05
