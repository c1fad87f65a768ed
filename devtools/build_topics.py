"""Build ``chalicelib/data/lapor_topics.json`` from the published SP4N-LAPOR! topic list.

Usage (from the repository root)::

    .venv/bin/python -m devtools.build_topics /work/shared/data/lapor_topics.json

The input is the scraped topic list (``{"source": str, "topics": [{"name", "subtopics"}]}``,
names in upper case). The output adds stable ids (ASCII slugs), title-cased Indonesian
names and English names for the top-level topics. The application reads only the output
file; the input is needed only when regenerating it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

CATALOG = "lapor-2025"
DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "chalicelib" / "data" / "lapor_topics.json"
SOURCE_NOTE = (
    "Topic ids, English names and the title-case spelling of the Indonesian names "
    "were added by Aduan."
)

# English names of the top-level topics, keyed by the published (upper-case) name.
NAME_EN: dict[str, str] = {
    "AGAMA": "Religion",
    "CORONA VIRUS": "Coronavirus (COVID-19)",
    "EKONOMI DAN KEUANGAN": "Economy and Finance",
    "KESEHATAN": "Health",
    "KESETARAAN GENDER DAN SOSIAL INKLUSIF": "Gender Equality and Social Inclusion",
    "KETENTERAMAN, KETERTIBAN UMUM, DAN PELINDUNGAN MASYARAKAT":
        "Public Peace, Public Order, and Community Protection",
    "LINGKUNGAN HIDUP DAN KEHUTANAN": "Environment and Forestry",
    "PEKERJAAN UMUM DAN PENATAAN RUANG": "Public Works and Spatial Planning",
    "PEMBANGUNAN DESA, DAERAH TERTINGGAL, DAN TRANSMIGRASI":
        "Village Development, Disadvantaged Regions, and Transmigration",
    "PENDIDIKAN DAN KEBUDAYAAN": "Education and Culture",
    "PERTANIAN DAN PETERNAKAN": "Agriculture and Livestock",
    "POLITIK DAN HUKUM": "Politics and Law",
    "POLITISASI ASN": "Politicization of Civil Servants (ASN)",
    "SOSIAL DAN KESEJAHTERAAN": "Social Affairs and Welfare",
    "SP4N-LAPOR!": "SP4N-LAPOR! (National Public Service Complaint Management System)",
    "ENERGI DAN SUMBER DAYA ALAM": "Energy and Natural Resources",
    "EVAKUASI HEWAN LIAR": "Wild Animal Evacuation",
    "FASILITAS DIPLOMATIK": "Diplomatic Facilities",
    "KEKERASAN DI SATUAN PENDIDIKAN (SEKOLAH, KAMPUS, LEMBAGA KURSUS)":
        "Violence in Educational Institutions (Schools, Campuses, Course Providers)",
    "KEPENDUDUKAN": "Population Affairs",
    "KERJASAMA BILATERAL": "Bilateral Cooperation",
    "KERJASAMA MULTILATERAL": "Multilateral Cooperation",
    "KETENAGAKERJAAN": "Employment and Labour",
    "LEGALISASI KONSULER": "Consular Legalization",
    "NETRALITAS ASN": "Neutrality of Civil Servants (ASN)",
    "PELINDUNGAN WNI": "Protection of Indonesian Citizens (WNI)",
    "PEMULIHAN EKONOMI NASIONAL": "National Economic Recovery",
    "PENCEGAHAN DAN PEMBERANTASAN PENYALAHGUNAAN DAN PEREDARAN GELAP NARKOTIKA DAN "
    "PREKURSOR NARKOTIKA (P4GN)":
        "Prevention and Eradication of Abuse and Illicit Trafficking of Narcotics "
        "and Narcotic Precursors (P4GN)",
    "PENIADAAN MUDIK": "Mudik (Homecoming Travel) Ban",
    "PERAIRAN": "Waters (Maritime)",
    "PERHUBUNGAN": "Transportation",
    "PERLINDUNGAN KONSUMEN": "Consumer Protection",
    "PROGRAM MAKAN BERGIZI GRATIS (MBG)": "Free Nutritious Meals Program (MBG)",
    "SELEKSI CALON HAKIM AGUNG RI": "Selection of Supreme Court Justice Candidates",
    "SRGI": "SRGI",
    "TEKNOLOGI INFORMASI DAN KOMUNIKASI": "Information and Communication Technology",
    "TOPIK KHUSUS": "Special Topics",
    "TOPIK LAINNYA": "Other Topics",
}

# Words kept in upper case (acronyms, initialisms, roman numerals).
ACRONYMS = frozenset("""
    AHU APBD APD ASN BBM BLSM BLT BPHN BPJS BPNT BPU BST BUMD COB COVID CPNS CSIRT CF DD
    DPR DTKS DTLST EPS FCPF FKRTL FKTP GTK HAM HCU HP I ICCU ICU JDIH JPO JPS K KAI KB KC
    KIP KIS KITAP KITAS KK KKN KKS KPJ KPK KPR KPS KTP L LAPOR LPG MBG MI MLA NICU NIDN NIK
    NISN NPSN NUPTK ODGJ P P3MI P4GN PAUD PBI PBJ PBPU PCR PDAM PDGS PICU PIPP PKH PMI PNS
    POLRI PPU PSBB PT REDD RI RO RS RST S2 S3 SARA SDM SEP SIKAP SIMBG SIOLA SIP SIPD SIPP
    SIRUP SK SLA SMS SP4N SRGI STR THR TK TKA TKI TNI TPP UMKM VA WFH WNA WNI
""".split())

# Function words written in lower case unless they start the name.
LOWER_WORDS = frozenset("""
    dan atau di ke dari yang yg untuk dengan dalam pada oleh tentang kepada atas tanpa bagi
    sebagai terhadap melalui namun karena setelah sebagaimana via dll
""".split())

# Whole-word spellings that the generic rules would get wrong.
SPECIAL = {
    "BIOCF": "BioCF",
    "EDABU": "eDabu",
}

_WORD = re.compile(r"[A-Za-z0-9]+")


def normalize_space(text: str) -> str:
    """Collapse any run of whitespace (the source contains NBSPs) to one space."""
    return " ".join(text.split())


def slugify(text: str) -> str:
    """Lowercase ASCII slug: a-z, 0-9 and single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug:
        raise ValueError(f"cannot build a slug from {text!r}")
    return slug


def _case_word(word: str, first: bool, prev_char: str, next_char: str) -> str:
    upper = word.upper()
    if upper in SPECIAL:
        return SPECIAL[upper]
    # e-Warong, e-Meterai, e-Klaim, e-mail ...
    if upper == "E" and next_char == "-":
        return "e"
    if upper == "MAIL" and prev_char == "-":
        return "mail"
    # "FASKES TK. I" = fasilitas kesehatan tingkat I
    if upper == "TK" and next_char == ".":
        return "Tk"
    if upper in ACRONYMS or any(ch.isdigit() for ch in word):
        return upper
    lower = word.lower()
    if not first and lower in LOWER_WORDS:
        return lower
    # Perundang-undangan: the second part of this compound is not capitalized.
    if lower == "undangan" and prev_char == "-":
        return lower
    return lower[:1].upper() + lower[1:]


def title_case(name: str) -> str:
    """Title-case an upper-case Indonesian topic name, keeping acronyms upper case."""
    parts: list[str] = []
    pos = 0
    for index, match in enumerate(_WORD.finditer(name)):
        start, end = match.span()
        parts.append(name[pos:start])
        prev_char = name[start - 1] if start else ""
        next_char = name[end] if end < len(name) else ""
        parts.append(_case_word(match.group(), index == 0, prev_char, next_char))
        pos = end
    parts.append(name[pos:])
    result = "".join(parts)
    if result.upper() != name.upper():  # only the letter case may change
        raise AssertionError(f"title case changed the text of {name!r}: {result!r}")
    return result


def _unique(slug: str, used: set[str]) -> str:
    candidate, n = slug, 1
    while candidate in used:
        n += 1
        candidate = f"{slug}-{n}"
    used.add(candidate)
    return candidate


def build(source: dict) -> dict:
    missing = []
    topics = []
    top_ids: set[str] = set()
    for topic in source["topics"]:
        name = normalize_space(topic["name"])
        if name not in NAME_EN:
            missing.append(name)
            continue
        topic_id = _unique(slugify(name), top_ids)
        sub_ids: set[str] = set()
        subtopics = []
        for sub in topic["subtopics"]:
            sub_name = normalize_space(sub)
            sub_slug = _unique(slugify(sub_name), sub_ids)
            subtopics.append({"topic_id": f"{topic_id}.{sub_slug}", "name_id": title_case(sub_name)})
        topics.append({
            "topic_id": topic_id,
            "name_id": title_case(name),
            "name_en": NAME_EN[name],
            "subtopics": subtopics,
        })
    if missing:
        raise SystemExit(f"no English name for topic(s): {missing}")
    unknown = set(NAME_EN) - {normalize_space(t["name"]) for t in source["topics"]}
    if unknown:
        raise SystemExit(f"English names for topics not in the source: {sorted(unknown)}")
    return {
        "catalog": CATALOG,
        "source": f"{normalize_space(source['source'])} {SOURCE_NOTE}",
        "topics": topics,
    }


def check(catalog: dict) -> None:
    slug_re = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
    seen: set[str] = set()
    for topic in catalog["topics"]:
        ids = [topic["topic_id"]] + [s["topic_id"] for s in topic["subtopics"]]
        for topic_id in ids:
            assert topic_id not in seen, f"duplicate id {topic_id}"
            seen.add(topic_id)
            assert all(slug_re.match(part) for part in topic_id.split(".")), topic_id
        for sub in topic["subtopics"]:
            parent, _, _ = sub["topic_id"].rpartition(".")
            assert parent == topic["topic_id"], sub["topic_id"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path, help="published topic list (JSON)")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    source = json.loads(args.input.read_text(encoding="utf-8"))
    catalog = build(source)
    check(catalog)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(catalog, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    n_sub = sum(len(t["subtopics"]) for t in catalog["topics"])
    print(f"wrote {args.output}: {len(catalog['topics'])} topics, {n_sub} subtopics", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
