"""Demo data for ``make run`` and the tests.

Plain data only: regions, agencies (organisasi perangkat daerah, OPD), a few
units (unit kerja) and the national default answer templates. The names are those
of real Indonesian institutions, as they are written by the governments concerned;
ids, the coordinator flags and the units are demo choices, not official data.

Region codes follow the Kemendagri (BPS-style) numbering: ``NN`` for a province,
``NN.NN`` for a regency (kabupaten) or city (kota). ``"ID"`` stands for the
national level.
"""

from typing import NotRequired, Optional, TypedDict


class Region(TypedDict):
    region_code: str
    name: str
    level: str  # "province" | "regency" | "city"
    parent_code: Optional[str]
    time_zone: str


class Agency(TypedDict):
    agency_id: str
    name: str
    short_name: str
    region_code: str
    time_zone: str
    coordinator: bool
    # The government affairs (urusan) it handles: the routing table sends a topic's reports there.
    affairs: NotRequired[list[str]]
    # Generated from devtools/data/agency_template.json, for a national admin to rename or merge.
    template: NotRequired[bool]


class Unit(TypedDict):
    agency_id: str
    unit_id: str
    name: str


NATIONAL_REGION_CODE = "ID"

REGIONS: list[Region] = [
    {"region_code": "21", "name": "Kepulauan Riau", "level": "province",
     "parent_code": None, "time_zone": "Asia/Jakarta"},
    {"region_code": "21.72", "name": "Kota Tanjung Pinang", "level": "city",
     "parent_code": "21", "time_zone": "Asia/Jakarta"},
    {"region_code": "61", "name": "Kalimantan Barat", "level": "province",
     "parent_code": None, "time_zone": "Asia/Jakarta"},
    {"region_code": "61.71", "name": "Kota Pontianak", "level": "city",
     "parent_code": "61", "time_zone": "Asia/Jakarta"},
    {"region_code": "33", "name": "Jawa Tengah", "level": "province",
     "parent_code": None, "time_zone": "Asia/Jakarta"},
    {"region_code": "33.75", "name": "Kota Pekalongan", "level": "city",
     "parent_code": "33", "time_zone": "Asia/Jakarta"},
    {"region_code": "64", "name": "Kalimantan Timur", "level": "province",
     "parent_code": None, "time_zone": "Asia/Makassar"},
    {"region_code": "64.08", "name": "Kabupaten Kutai Timur", "level": "regency",
     "parent_code": "64", "time_zone": "Asia/Makassar"},
]

AGENCIES: list[Agency] = [
    # --- National coordinating admin -------------------------------------------------
    {"agency_id": "kemenpan-rb",
     "name": "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
     "short_name": "KemenPAN-RB", "region_code": "ID", "time_zone": "Asia/Jakarta",
     "coordinator": True},

    # --- Provincial coordinators ------------------------------------------------------
    {"agency_id": "diskominfo-kepri",
     "name": "Dinas Komunikasi dan Informatika Provinsi Kepulauan Riau",
     "short_name": "Diskominfo Kepri", "region_code": "21", "time_zone": "Asia/Jakarta",
     "coordinator": True},
    {"agency_id": "diskominfo-kalbar",
     "name": "Dinas Komunikasi dan Informatika Provinsi Kalimantan Barat",
     "short_name": "Diskominfo Kalbar", "region_code": "61", "time_zone": "Asia/Jakarta",
     "coordinator": True},
    {"agency_id": "diskominfo-jateng",
     "name": "Dinas Komunikasi dan Informatika Provinsi Jawa Tengah",
     "short_name": "Diskominfo Jateng", "region_code": "33", "time_zone": "Asia/Jakarta",
     "coordinator": True},
    {"agency_id": "diskominfo-kaltim",
     "name": "Dinas Komunikasi dan Informatika Provinsi Kalimantan Timur",
     "short_name": "Diskominfo Kaltim", "region_code": "64", "time_zone": "Asia/Makassar",
     "coordinator": True},

    # --- Kota Tanjungpinang (21.72) ---------------------------------------------------
    {"agency_id": "diskominfo-tanjungpinang",
     "name": "Dinas Komunikasi dan Informatika Kota Tanjungpinang",
     "short_name": "Diskominfo Tanjungpinang", "region_code": "21.72",
     "time_zone": "Asia/Jakarta", "coordinator": True},
    {"agency_id": "dpupr-tanjungpinang",
     "name": "Dinas Pekerjaan Umum dan Penataan Ruang Kota Tanjungpinang",
     "short_name": "Dinas PUPR Tanjungpinang", "region_code": "21.72",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "dishub-tanjungpinang",
     "name": "Dinas Perhubungan Kota Tanjungpinang",
     "short_name": "Dishub Tanjungpinang", "region_code": "21.72",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "dinsos-tanjungpinang",
     "name": "Dinas Sosial Kota Tanjungpinang",
     "short_name": "Dinsos Tanjungpinang", "region_code": "21.72",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "satpolpp-tanjungpinang",
     "name": "Satuan Polisi Pamong Praja Kota Tanjungpinang",
     "short_name": "Satpol PP Tanjungpinang", "region_code": "21.72",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "disdukcapil-tanjungpinang",
     "name": "Dinas Kependudukan dan Pencatatan Sipil Kota Tanjungpinang",
     "short_name": "Disdukcapil Tanjungpinang", "region_code": "21.72",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "dinkes-tanjungpinang",
     "name": "Dinas Kesehatan, Pengendalian Penduduk dan Keluarga Berencana Kota Tanjungpinang",
     "short_name": "Dinkes PP dan KB Tanjungpinang", "region_code": "21.72",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "disdik-tanjungpinang",
     "name": "Dinas Pendidikan Kota Tanjungpinang",
     "short_name": "Disdik Tanjungpinang", "region_code": "21.72",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "dlh-tanjungpinang",
     "name": "Dinas Lingkungan Hidup Kota Tanjungpinang",
     "short_name": "DLH Tanjungpinang", "region_code": "21.72",
     "time_zone": "Asia/Jakarta", "coordinator": False},

    # --- Kota Pontianak (61.71) -------------------------------------------------------
    {"agency_id": "diskominfo-pontianak",
     "name": "Dinas Komunikasi dan Informatika Kota Pontianak",
     "short_name": "Diskominfo Pontianak", "region_code": "61.71",
     "time_zone": "Asia/Jakarta", "coordinator": True},
    {"agency_id": "dpupr-pontianak",
     "name": "Dinas Pekerjaan Umum dan Penataan Ruang Kota Pontianak",
     "short_name": "Dinas PUPR Pontianak", "region_code": "61.71",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "dishub-pontianak",
     "name": "Dinas Perhubungan Kota Pontianak",
     "short_name": "Dishub Pontianak", "region_code": "61.71",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "dinsos-pontianak",
     "name": "Dinas Sosial Kota Pontianak",
     "short_name": "Dinsos Pontianak", "region_code": "61.71",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "satpolpp-pontianak",
     "name": "Satuan Polisi Pamong Praja Kota Pontianak",
     "short_name": "Satpol PP Pontianak", "region_code": "61.71",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "disdukcapil-pontianak",
     "name": "Dinas Kependudukan dan Pencatatan Sipil Kota Pontianak",
     "short_name": "Disdukcapil Pontianak", "region_code": "61.71",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "dinkes-pontianak",
     "name": "Dinas Kesehatan Kota Pontianak",
     "short_name": "Dinkes Pontianak", "region_code": "61.71",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "disdik-pontianak",
     "name": "Dinas Pendidikan dan Kebudayaan Kota Pontianak",
     "short_name": "Disdikbud Pontianak", "region_code": "61.71",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "dlh-pontianak",
     "name": "Dinas Lingkungan Hidup Kota Pontianak",
     "short_name": "DLH Pontianak", "region_code": "61.71",
     "time_zone": "Asia/Jakarta", "coordinator": False},

    # --- Kota Pekalongan (33.75) ------------------------------------------------------
    {"agency_id": "diskominfo-pekalongan",
     "name": "Dinas Komunikasi dan Informatika Kota Pekalongan",
     "short_name": "Dinkominfo Pekalongan", "region_code": "33.75",
     "time_zone": "Asia/Jakarta", "coordinator": True},
    {"agency_id": "dpupr-pekalongan",
     "name": "Dinas Pekerjaan Umum dan Penataan Ruang Kota Pekalongan",
     "short_name": "DPUPR Pekalongan", "region_code": "33.75",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "dishub-pekalongan",
     "name": "Dinas Perhubungan Kota Pekalongan",
     "short_name": "Dishub Pekalongan", "region_code": "33.75",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "dinsos-pekalongan",
     "name": "Dinas Sosial, Pengendalian Penduduk dan Keluarga Berencana Kota Pekalongan",
     "short_name": "Dinsos-P2KB Pekalongan", "region_code": "33.75",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "satpolpp-pekalongan",
     "name": "Satuan Polisi Pamong Praja, Pemadam Kebakaran dan Penyelamatan Kota Pekalongan",
     "short_name": "Satpol P3KP Pekalongan", "region_code": "33.75",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "disdukcapil-pekalongan",
     "name": "Dinas Kependudukan dan Pencatatan Sipil Kota Pekalongan",
     "short_name": "Dindukcapil Pekalongan", "region_code": "33.75",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "dinkes-pekalongan",
     "name": "Dinas Kesehatan Kota Pekalongan",
     "short_name": "Dinkes Pekalongan", "region_code": "33.75",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "disdik-pekalongan",
     "name": "Dinas Pendidikan Kota Pekalongan",
     "short_name": "Dindik Pekalongan", "region_code": "33.75",
     "time_zone": "Asia/Jakarta", "coordinator": False},
    {"agency_id": "dlh-pekalongan",
     "name": "Dinas Lingkungan Hidup Kota Pekalongan",
     "short_name": "DLH Pekalongan", "region_code": "33.75",
     "time_zone": "Asia/Jakarta", "coordinator": False},

    # --- Kabupaten Kutai Timur (64.08) ------------------------------------------------
    {"agency_id": "diskominfo-kutaitimur",
     "name": "Dinas Komunikasi, Informatika, Statistik dan Persandian Kabupaten Kutai Timur",
     "short_name": "Diskominfo Staper Kutai Timur", "region_code": "64.08",
     "time_zone": "Asia/Makassar", "coordinator": True},
    {"agency_id": "dpu-kutaitimur",
     "name": "Dinas Pekerjaan Umum Kabupaten Kutai Timur",
     "short_name": "DPU Kutai Timur", "region_code": "64.08",
     "time_zone": "Asia/Makassar", "coordinator": False},
    {"agency_id": "dishub-kutaitimur",
     "name": "Dinas Perhubungan Kabupaten Kutai Timur",
     "short_name": "Dishub Kutai Timur", "region_code": "64.08",
     "time_zone": "Asia/Makassar", "coordinator": False},
    {"agency_id": "dinsos-kutaitimur",
     "name": "Dinas Sosial Kabupaten Kutai Timur",
     "short_name": "Dinsos Kutai Timur", "region_code": "64.08",
     "time_zone": "Asia/Makassar", "coordinator": False},
    {"agency_id": "satpolpp-kutaitimur",
     "name": "Satuan Polisi Pamong Praja Kabupaten Kutai Timur",
     "short_name": "Satpol PP Kutai Timur", "region_code": "64.08",
     "time_zone": "Asia/Makassar", "coordinator": False},
    {"agency_id": "disdukcapil-kutaitimur",
     "name": "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Kutai Timur",
     "short_name": "Disdukcapil Kutai Timur", "region_code": "64.08",
     "time_zone": "Asia/Makassar", "coordinator": False},
    {"agency_id": "dinkes-kutaitimur",
     "name": "Dinas Kesehatan Kabupaten Kutai Timur",
     "short_name": "Dinkes Kutai Timur", "region_code": "64.08",
     "time_zone": "Asia/Makassar", "coordinator": False},
    {"agency_id": "disdik-kutaitimur",
     "name": "Dinas Pendidikan dan Kebudayaan Kabupaten Kutai Timur",
     "short_name": "Disdikbud Kutai Timur", "region_code": "64.08",
     "time_zone": "Asia/Makassar", "coordinator": False},
    {"agency_id": "dlh-kutaitimur",
     "name": "Dinas Lingkungan Hidup Kabupaten Kutai Timur",
     "short_name": "DLH Kutai Timur", "region_code": "64.08",
     "time_zone": "Asia/Makassar", "coordinator": False},
]

# The affairs of the real agencies above, by the first part of their id; two Pekalongan agencies hold more.
_AFFAIRS_BY_KIND = {
    "diskominfo": ["komunikasi-dan-informatika"], "dpupr": ["pekerjaan-umum-dan-penataan-ruang"],
    "dpu": ["pekerjaan-umum-dan-penataan-ruang"], "dishub": ["perhubungan"], "dinsos": ["sosial"],
    "satpolpp": ["ketenteraman-dan-ketertiban-umum"], "disdukcapil": ["kependudukan"], "dinkes": ["kesehatan"],
    "disdik": ["pendidikan"], "dlh": ["lingkungan-hidup"],
}
_MORE_AFFAIRS = {"satpolpp-pekalongan": ["kebakaran"]}
for _agency in AGENCIES:
    _agency["affairs"] = (_AFFAIRS_BY_KIND.get(_agency["agency_id"].split("-")[0], [])
                          + _MORE_AFFAIRS.get(_agency["agency_id"], []))
    _agency["template"] = False

UNITS: list[Unit] = [
    {"agency_id": "dpupr-tanjungpinang", "unit_id": "dpupr-tanjungpinang.bina-marga",
     "name": "Bidang Bina Marga"},
    {"agency_id": "dpupr-tanjungpinang", "unit_id": "dpupr-tanjungpinang.sumber-daya-air",
     "name": "Bidang Sumber Daya Air"},
    {"agency_id": "dpupr-tanjungpinang", "unit_id": "dpupr-tanjungpinang.cipta-karya",
     "name": "Bidang Cipta Karya"},
    {"agency_id": "dishub-pontianak", "unit_id": "dishub-pontianak.lalu-lintas",
     "name": "Bidang Lalu Lintas"},
    {"agency_id": "dishub-pontianak", "unit_id": "dishub-pontianak.angkutan",
     "name": "Bidang Angkutan"},
]


# The national default answer templates every stage starts with (`make run` and `make stage-setup`),
# kept by national admins from then on; placeholders as chalicelib/domain/templates.py lists them.
# Seeding writes each once ever, so an admin's edit or removal stands.
DEFAULT_TEMPLATES: list[dict] = [
    {"slug": "tindak-lanjut-awal", "name": "Tanda terima dan tindak lanjut awal", "purposes": ["update", "respond"],
     "body": "Yth. {sapaan},\n\n"
             "Terima kasih telah menyampaikan laporan nomor {nomor_laporan} perihal \"{judul_laporan}\". "
             "Laporan tersebut telah kami terima dan saat ini sedang ditindaklanjuti oleh {instansi}.\n\n"
             "Perkembangan penanganannya akan kami sampaikan melalui halaman pelacakan laporan. Kami berupaya "
             "menyelesaikannya paling lambat {batas_penyelesaian}.\n\n"
             "Hormat kami,\n{instansi}"},
    {"slug": "jawaban-akhir", "name": "Jawaban akhir tindak lanjut", "purposes": ["respond"],
     "body": "Yth. {sapaan},\n\n"
             "Menindaklanjuti laporan nomor {nomor_laporan} yang kami terima pada {tanggal_diterima} perihal "
             "\"{judul_laporan}\", dengan ini kami sampaikan hasil tindak lanjutnya sebagai berikut:\n\n"
             "[uraikan tindakan yang telah dilakukan dan hasilnya]\n\n"
             "Apabila permasalahan ini menurut Bapak/Ibu belum terselesaikan, silakan menanggapi jawaban ini "
             "melalui halaman pelacakan laporan. Terima kasih atas partisipasi Bapak/Ibu dalam meningkatkan "
             "kualitas pelayanan publik.\n\n"
             "Hormat kami,\n{instansi}"},
    {"slug": "permintaan-keterangan", "name": "Permintaan keterangan tambahan", "purposes": ["ask_reporter"],
     "body": "Yth. {sapaan},\n\n"
             "Terima kasih atas laporan nomor {nomor_laporan} perihal \"{judul_laporan}\". Agar dapat kami "
             "tindak lanjuti, mohon Bapak/Ibu melengkapi keterangan berikut melalui halaman pelacakan laporan:\n\n"
             "1. [lokasi atau alamat kejadian yang lebih rinci]\n"
             "2. [waktu kejadian]\n"
             "3. [foto atau dokumen pendukung, bila ada]\n\n"
             "Hormat kami,\n{instansi}"},
]
