"""Write ``chalicelib/data/topic_vocabulary.json``, the vocabulary of topic suggestions.

Usage (from the repository root)::

    .venv/bin/python -m devtools.build_topic_vocabulary [--check]

Two sources, merged: the catalog's own names (every content word of a topic's name, and its
two-word phrases, for that topic) and the hand-written terms below (how citizens write:
abbreviations, everyday words, phrases). Every word is brought to its root with the module's
own affix stripper, so the shipped file and the runtime read text the same way. Weights are
scaled IDF-like: a term listed under many top-level topics counts less (the runtime does the same
among one topic's subtopics). ``--check``
exits 1 when the shipped file differs from what this script writes (a test runs it).
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import defaultdict

from chalicelib.domain.suggestion import CATALOG_PATH, VOCABULARY_PATH, stem

# Informal spellings and abbreviations -> standard words (the right-hand side is brought to
# roots too). Abbreviations that name a topic on their own (pdam, bpjs, pju) stay words of the
# vocabulary instead, so `matched` shows them as written.
NORMALISE = {
    # negation, pronouns, function words (most end as stop words)
    "gak": "tidak", "nggak": "tidak", "ngga": "tidak", "nggk": "tidak", "ga": "tidak", "gk": "tidak",
    "tdk": "tidak", "enggak": "tidak", "engga": "tidak", "kagak": "tidak", "ndak": "tidak",
    "tak": "tidak", "g": "tidak",
    "sy": "saya", "aku": "saya", "gw": "saya", "gue": "saya", "sya": "saya", "kmi": "kami",
    "udah": "sudah", "udh": "sudah", "sdh": "sudah", "dah": "sudah", "blm": "belum", "belom": "belum",
    "yg": "yang", "dgn": "dengan", "dg": "dengan", "krn": "karena", "karna": "karena", "tp": "tapi",
    "tpi": "tapi", "lg": "lagi", "bgt": "banget", "bkn": "bukan", "utk": "untuk", "u": "untuk",
    "dr": "dari", "dri": "dari", "pd": "pada", "jg": "juga", "sj": "saja", "aja": "saja", "sm": "sama",
    "tsb": "tersebut", "dll": "lain", "dsb": "lain", "bln": "bulan", "thn": "tahun", "hr": "hari",
    "org": "orang", "bs": "bisa", "bisa2": "bisa", "gimana": "bagaimana", "gmn": "bagaimana",
    "knp": "kenapa", "kpn": "kapan", "mhn": "mohon", "tlg": "tolong", "trs": "terus", "skrg": "sekarang",
    "kalo": "kalau", "klo": "kalau", "kl": "kalau", "sampe": "sampai", "smp2": "sampai",
    "ortu": "orang tua", "anak2": "anak",
    # places and things
    "jln": "jalan", "jl": "jalan", "jalanan": "jalan", "gg": "gang", "rt": "rt", "rw": "rw",
    "lobang": "lubang", "bolong": "lubang", "berlobang": "lubang", "lubang2": "lubang",
    "rusak2": "rusak", "aspalnya": "aspal", "ambles": "amblas", "ambrol": "amblas",
    "ktp-el": "ktp", "e-ktp": "ktp", "ektp": "ktp", "ktpel": "ktp", "e-ktpnya": "ktp", "ktpnya": "ktp",
    "kia": "kia", "akte": "akta", "akta2": "akta",
    "rs": "rumah sakit", "rsu": "rsud", "dokter2": "dokter", "nakes": "tenaga kesehatan",
    "sekolahan": "sekolah", "skolah": "sekolah",
    "hp": "ponsel", "handphone": "ponsel", "inet": "internet", "wifi": "internet",
    "sinyal": "sinyal", "signal": "sinyal",
    "duit": "uang", "pungutan": "pungut", "uang2": "uang",
    "lampu2": "lampu", "mati2": "mati", "ancur": "hancur", "ilang": "hilang", "ujan": "hujan",
    "pemkot": "pemda", "pemkab": "pemda", "pemprov": "pemda",
    "ketenagakerjaan": "tenaga kerja", "naker": "tenaga kerja", "tenagakerja": "tenaga kerja",
    "bpjstk": "bpjs tk", "bpjamsostek": "bpjs tk", "jamsostek": "bpjs tk",
    "bpjskes": "bpjs kesehatan", "jkn-kis": "jkn", "bpjs-kes": "bpjs kesehatan",
    "covid19": "covid", "covid-19": "covid",
    "wa": "whatsapp", "medsos": "media sosial", "fb": "facebook", "ig": "instagram",
    "hoax": "hoaks", "judol": "judi online", "pinjol": "pinjol", "pinjaman-online": "pinjol",
    "elpiji": "lpg", "gas-melon": "lpg", "melon": "lpg",
    "hewan2": "hewan",
}

# Words that never decide a topic on their own (after normalisation).
STOPWORDS = """
ada adalah agar akan akhir akhirnya aku anda antara apa apakah atas atau bagaimana bagi bahkan
bahwa banget banyak baru beberapa begitu belum benar berapa besar bisa boleh bu bukan bulan
cukup dalam dan dapat dari daripada demi dengan depan di dia diri dong dulu hal hanya harap
harus hari hingga ini itu jadi jam juga jika kali kalau kami kamu kan kapan karena ke kenapa
kepada kita kok kurang lagi lah lain lalu lama mana masih mau melalui memang menjadi menurut
minggu mohon mereka minta nah namun oleh orang pada padahal pak para per perlu pernah pula
pun saat saja sama sampai sangat saya se sebagai sebelum sedang sejak sekali sekarang selama
seluruh semua sendiri seperti serta setelah sih silakan siapa soal sore sudah supaya tadi tahun
tanpa tapi telah tempat tentang terhadap terima kasih tersebut terus tetapi tidak tiap tolong
untuk waktu ya yaitu yang pagi malam siang kemarin besok bapak ibu kak mas mbak warga kami
sekitar hingga kembali segera tindak lanjut mengapa kok deh dll nya tsb sebab oleh pihak mohon
bantu bantuannya agar terkait lainnya hal kiri kanan sebelah pasangan mengular
""".split()

# Words that say nothing about a topic when they come from the catalog's names.
NAME_GENERIC = set(STOPWORDS) | set("""
lainnya terkait tidak sesuai informasi keluhan pengaduan permohonan permintaan layanan pelayanan
masalah program data kualitas kuantitas produksi realisasi umum lain dll yg tentang setelah
dalam sebagaimana mestinya namun tata cara prosedur sistem sulit kurang jelas lama hari tahun
dapat dilakukan belum sudah diberikan di ke dari oleh atau untuk dengan yang dan adanya hanya
lapor pekerjaan penataan ruang mati surat kartu jadwal dinas kebijakan aspirasi apresiasi pengembangan
lembaga kantor badan nasional pemerintah tingkat
penanganan hak jenis mekanisme administrasi pembinaan pengawasan pelaksanaan kegiatan
akibat alamat alur area arahkan atur bayar bayarkan bersama bidang bina berjenjang cabang catat
cek dasar diatas dijamin dikenal dipahami ditemukan diterima dugaan dunia edukasi entry evaluasi
foto gunakan hasil ikut individu info instansi isian jaga jarak jauh jumlah kasus kategori
kebenaran kebutuhan kecil kelompok keluarga kendala kepala kepentingan keterangan ketentuan
kewajiban khusus kirim konfirmasi koordinasi kota kriteria kurangnya lamanya langsung lebih legal
letak libur lingkup lokasi luar masuk masyarakat materi melakukan memadai memahami mendapatkan
mendukung menengah milik muncul nama negara negeri no nomor non normal pertama perubahan pusat
proses rencana salah saran sedia seharusnya sementara status syarat tambah tambahan tanggal
tanggung tepat terlalu tersedia tertentu tetap tinggi tinggal tidur tim tindakan tujuan tua tugas
tutup usia via muka gangguan penuh naik terpadu tersplit update userfriendly sevice solutif teknis
pasang menjelang pemberian penggunaan pengajuan pengusulan perhitungan peroleh pembedaan kritik
pelindungan perlindungan pendukung penyelesaian indonesia kementerian cepat mudah alami
""".split())

# Roots the affix stripper should know although no topic lists them (so "bantuan" -> "bantu").
EXTRA_ROOTS = set("""
bantu padam pasang rumah tani ternak didik sehat uang bakar hutan layan adu daftar hubung
kerja duduk bangun izin urus tagih bayar salur terima sedia cair tunda tolak lapor catat
kirim ajar tanggung bagi lambat rawat obat periksa jemput antar buang cemar rusak
baik aman tertib atur kelola jual beli pinjam tipu sewa campur langgar ancam paksa bina
pukul siksa aniaya racun genang rundung leceh kiai timbang paling
""".split())

# Multipliers for what a whole top-level topic takes from its names: pandemic-era catalogs
# repeat everyday words (bansos, BPJS, listrik) that today belong to other topics.
NAME_FACTOR = {"corona-virus": 0.3, "topik-khusus": 0.35, "pemulihan-ekonomi-nasional": 0.4,
               "peniadaan-mudik": 0.6}

PU = "pekerjaan-umum-dan-penataan-ruang"
KTR = "ketenteraman-ketertiban-umum-dan-pelindungan-masyarakat"
LH = "lingkungan-hidup-dan-kehutanan"
DESA = "pembangunan-desa-daerah-tertinggal-dan-transmigrasi"
PDK = "pendidikan-dan-kebudayaan"
TAN = "pertanian-dan-peternakan"
POL = "politik-dan-hukum"
SOS = "sosial-dan-kesejahteraan"
EN = "energi-dan-sumber-daya-alam"
KEP = "kependudukan"
NAKER = "ketenagakerjaan"
HUB = "perhubungan"
KES = "kesehatan"
EKO = "ekonomi-dan-keuangan"
TIK = "teknologi-informasi-dan-komunikasi"
GEN = "kesetaraan-gender-dan-sosial-inklusif"
KSP = "kekerasan-di-satuan-pendidikan-sekolah-kampus-lembaga-kursus"
KON = "perlindungan-konsumen"
MBG = "program-makan-bergizi-gratis-mbg"
NARK = ("pencegahan-dan-pemberantasan-penyalahgunaan-dan-peredaran-gelap-narkotika-dan-prekursor-"
        "narkotika-p4gn")

# Hand-written terms: "term=weight" (3 decisive, 2 strong, 1 supportive; 2 when left out).
CURATED: dict[str, str] = {
    "agama": "agama=2, masjid=3, mushola=3, musala=3, gereja=3, pura=2, vihara=3, klenteng=3, ibadah=3, "
             "kemenag=3, kua=2, ustadz=2, pesantren=2, pondok pesantren=3, madrasah=2",
    "agama.haji-dan-umroh": "haji=3, umroh=3, umrah=3, jemaah haji=3, travel umroh=3, kuota haji=3",
    "agama.penyediaan-fasilitas-ibadah": "tempat ibadah=3, rumah ibadah=3, izin gereja=3",
    "agama.pendidikan-agama": "guru agama=3, pelajaran agama=3, madrasah=2",
    "corona-virus": "covid=3, corona=3, pandemi=2, isolasi mandiri=3, isoman=3, swab=3, pcr=3, "
                    "rapid test=3, antigen=3, vaksin covid=3, karantina=2, psbb=3, ppkm=3, ventilator=3, "
                    "apd=1, masker=1, hazmat=2, satgas covid=3",
    EKO: "ekonomi=1, keuangan=1, uang=1, rupiah=1, investasi=2, modal=1, koperasi=2, umkm=2, usaha=1",
    EKO + ".bea-dan-cukai": "bea cukai=3, cukai=3, bea masuk=3, barang impor=2, paket luar negeri=2, "
                            "impor=2, ditahan bea cukai=3",
    EKO + ".perbankan": "bank=3, rekening=2, atm=2, kartu kredit=3, kredit=2, cicilan=2, tabungan=2, "
                        "transfer=1, saldo=1, bri=2, bni=2, mandiri=1, bca=2, btn=2, leasing=2",
    EKO + ".layanan-keuangan-digital-fintech": "pinjol=3, pinjaman online=3, fintech=3, debt collector=3, "
        "penagih=2, teror=1, dc=2, paylater=3, aplikasi pinjaman=3",
    EKO + ".pajak": "pajak=3, pbb=3, npwp=3, djp=3, spt=3, pajak kendaraan=3, restitusi=2, samsat=1",
    EKO + ".pajak-daerah": "pbb=3, pajak bumi=3, bphtb=3, pajak daerah=3, bapenda=3",
    EKO + ".retribusi-pajak": "retribusi=3",
    EKO + ".pariwisata": "wisata=3, pariwisata=3, objek wisata=3, pantai=1, tiket masuk=2, hotel=2",
    EKO + ".perasuransian": "asuransi=3, klaim asuransi=3, polis=3, premi=2",
    EKO + ".pasar-modal": "saham=3, reksadana=3, investasi bodong=3, ojk=2",
    EKO + ".lembaga-pembiayaan": "leasing=3, kredit motor=3, tarik motor=3, penarikan kendaraan=3, "
                                 "finance=2, angsuran=2",
    EKO + ".koperasi-usaha-kecil-dan-menengah": "umkm=3, ukm=3, koperasi=3, kur=3, usaha kecil=3",
    EKO + ".pengiriman-barang-logistik": "paket=2, kurir=3, jne=3, jnt=3, ekspedisi=3, pos=2, "
        "paket hilang=3, resi=2",
    EKO + ".layanan-pos": "kantor pos=3, pos indonesia=3, wesel=3",
    EKO + ".perdagangan": "harga=1, pedagang=2, toko=1, barang=1, penimbunan=2, minyak goreng=3, "
                          "timbangan=2, takaran=2",
    EKO + ".ketersediaan-barang-kebutuhan-pokok": "minyak goreng=3, sembako=2, beras=2, gula=2, "
        "kelangkaan=2, langka=2, stok=1",
    EKO + ".pemantauan-harga-bahan-pokok": "harga beras=3, harga cabai=3, harga naik=2, mahal=1, "
        "harga sembako=3, harga bahan pokok=3",
    EKO + ".pengadaan-barang-jasa": "tender=3, lelang proyek=3, pengadaan=3, lpse=3, kontraktor=2, "
                                    "proyek=1, rekanan=2",
    EKO + ".perimbangan-keuangan-pusat-dan-daerah": "apbd=3, anggaran daerah=3, bumd=3",
    EKO + ".perindustrian": "pabrik=2, industri=2, limbah pabrik=1",
    EKO + ".kekayaan-negara-dan-lelang": "lelang=3, barang sitaan=3, aset negara=3",
    EKO + ".kepuasan-konsumen": "konsumen=2",
    KES: "gangguan jiwa=2, odgj=2, jiwa=1, kesehatan=2, puskesmas=3, rsud=3, rumah sakit=3, dokter=3, "
         "perawat=3, bidan=3, pasien=3, obat=2, klinik=3, berobat=3, sakit=2, posyandu=3, igd=3, ugd=3, "
         "rawat inap=3, operasi=1, faskes=3, bpjs kesehatan=3, jkn=3, kis=2, rujukan=3, ambulans=3, "
         "ambulance=3, ambulan=3, tenaga kesehatan=3, medis=2, pustu=3, apotek=2, resep=2, vaksin=2, "
         "imunisasi=3, demam=2, diare=2, dbd=3, stunting=3, gizi buruk=3, persalinan=3, melahirkan=2, "
         "kamar=1, antrean=1, antri=1, poli=2, dinkes=3, kemenkes=3",
    KES + ".jaminan-sosial-kesehatan": "bpjs kesehatan=3, jkn=3, kis=2, bpjs=2",
    KES + ".iuran-dan-denda-bpjs-kesehatan": "iuran bpjs=3, tunggakan bpjs=3, denda bpjs=3, iuran=2, "
        "tunggakan=2, autodebet=3, virtual account=3",
    KES + ".administrasi-bpjs-kesehatan": "kartu bpjs=3, bpjs nonaktif=3, nonaktif=2, pindah faskes=3, "
        "daftar bpjs=3, kartu kis=3",
    KES + ".pelayanan-kesehatan-bpjs": "ditolak rumah sakit=3, tolak pasien=3, kamar penuh=3, "
                                       "pasien bpjs=3, naik kelas=2, rujukan=2",
    KES + ".pelayanan-kesehatan": "puskesmas=2, pelayanan puskesmas=3, dokter=1, ketus=1, judes=1, "
                                  "lama antri=1",
    KES + ".gizi-buruk-stunting": "stunting=3, gizi buruk=3, balita gizi=3, kurang gizi=3",
    KES + ".pelayanan-obat": "obat kosong=3, stok obat=3, obat habis=3, resep=2, apotek=2",
    KES + ".malpraktik-kesehatan": "malpraktik=3, salah diagnosa=3, salah obat=3",
    KES + ".fogging-nyamuk": "fogging=3, nyamuk=3, dbd=3, demam berdarah=3, jentik=3",
    KES + ".pelayanan-vaksinasi-imunisasi": "imunisasi=3, vaksin=3, vaksinasi=3",
    KES + ".layanan-ambulan": "ambulans=3, ambulance=3, ambulan=3",
    KES + ".perizinan-dan-pengawasan-apotek": "apotek=3, apotik=3, obat keras=2",
    KES + ".pengawasan-obat-dan-makanan": "bpom=3, kedaluwarsa=2, expired=2, makanan berbahaya=3, "
        "borax=3, boraks=3, formalin=3",
    KES + ".pengawasan-rumah-sakit": "rumah sakit=2, rsud=2, igd=2",
    GEN: "disabilitas=3, difabel=3, kursi roda=3, tuna netra=3, tunanetra=3, tuli=2, gender=3, "
         "perempuan=1, anak=1, inklusif=2, lansia=1",
    GEN + ".akses-masyarakat-berkebutuhan-khusus-disabilitas":
        "disabilitas=3, difabel=3, kursi roda=3, tunanetra=3, ramah disabilitas=3",
    GEN + ".kekerasan-dalam-rumah-tangga": "kdrt=3, kekerasan rumah tangga=3, dipukul suami=3, suami=2, "
        "istri=1, dipukul=2, aniaya=2",
    GEN + ".pelecehan-seksual": "pelecehan=3, pelecehan seksual=3, cabul=3, pemerkosaan=3, perkosa=3",
    GEN + ".anak-terlantar": "anak terlantar=3, anak jalanan=3, telantar=2, terlantar=2",
    GEN + ".eksploitasi-anak": "eksploitasi anak=3, pekerja anak=3, anak dipekerjakan=3, anak mengemis=3",
    KTR: "karaoke=2, polisi=3, polsek=3, polres=3, polda=3, satpol pp=3, satpol=3, keamanan=2, "
         "ketertiban=2, maling=3, curi=3, pencurian=3, begal=3, copet=3, jambret=3, rampok=3, preman=3, "
         "premanisme=3, mabuk=2, miras=3, judi=2, tawuran=3, balap liar=3, knalpot=3, brong=2, berisik=2, "
         "bising=2, kriminal=3, pkl=2, pedagang kaki lima=3, gelandangan=2, pengemis=2, kebakaran=2, "
         "damkar=3, pemadam kebakaran=3, ormas=2, onar=2, resah=2, ribut=2, ronda=2, siskamling=2",
    KTR + ".kepolisian": "polisi=3, polsek=3, polres=3, laporan polisi=3, oknum polisi=3, tilang=3, "
                         "penyidik=3, kasus=1",
    KTR + ".kriminalitas": "maling=3, curi=3, pencurian=3, begal=3, copet=3, jambret=3, rampok=3, "
                           "penipuan=2, dicuri=3, hilang=1, kriminal=3",
    KTR + ".ketertiban-umum": "karaoke=3, sound system=3, musik keras=3, tetangga=1, pkl=3, "
                              "pedagang kaki lima=3, berisik=2, bising=2, knalpot=3, balap liar=3, "
                              "miras=2, mabuk=2, pengamen=2, pengemis=2, gelandangan=2, satpol pp=3",
    KTR + ".tawuran-rusuh": "tawuran=3, rusuh=3, kerusuhan=3, bentrok=3",
    KTR + ".pemadaman-kebakaran": "kebakaran=3, damkar=3, pemadam kebakaran=3, hidran=3, terbakar=2",
    KTR + ".surat-izin-mengemudi": "sim=3, sim a=3, sim c=3, ujian sim=3, perpanjang sim=3, satpas=3",
    KTR + ".surat-tanda-nomor-kendara": "stnk=3, bpkb=3, samsat=3, pajak kendaraan=2, plat=2",
    KTR + ".nomor-kendaraan": "plat nomor=3, nomor polisi=3, tnkb=3, plat=2, nopol=3",
    KTR + ".surat-keterangan-catatan-kepolisian": "skck=3",
    KTR + ".sampah-liar": "buang sampah sembarangan=3, sampah liar=3, tps liar=3",
    KTR + ".perdagangan-orang": "perdagangan orang=3, tppo=3, trafficking=3",
    KTR + ".radikalisme": "radikal=3, radikalisme=3, teroris=3, terorisme=3",
    KTR + ".sara": "sara=3, ujaran kebencian=3, penistaan=3",
    LH: "lingkungan=2, pencemaran=3, limbah=3, sampah=2, hutan=3, banjir=3, longsor=3, bencana=3, "
        "polusi=3, bau=2, asap=2, sungai=1, pohon=2, tebang=2, satwa=2, gempa=3, tsunami=3, abrasi=3, "
        "mangrove=3, dlh=3, bpbd=3, tps=2, tpa=3, sanitasi=2, nelayan=2, ikan=1, laut=1",
    LH + ".pencemaran-lingkungan": "bau=3, lalat=2, kandang=1, menyengat=2, pencemaran=3, limbah=3, "
                                   "polusi=3, bau busuk=3, bau menyengat=3, asap pabrik=3, "
                                   "limbah pabrik=3, sungai tercemar=3, cemar=3, debu=2, "
                                   "air sungai hitam=3",
    LH + ".pengelolaan-sampah": "sampah=3, tumpukan sampah=3, tps=3, tpa=3, angkut sampah=3, "
                                "truk sampah=3, sampah menumpuk=3, bank sampah=3",
    LH + ".penanggulangan-bencana": "bencana=3, bpbd=3, korban bencana=3, pengungsi=3, puting beliung=3",
    LH + ".banjir": "banjir=3, genangan=2, tergenang=2, banjir rob=3, rob=3, meluap=2",
    LH + ".longsor": "longsor=3, tanah longsor=3, tebing=2",
    LH + ".gempa-bumi": "gempa=3, gempa bumi=3",
    LH + ".kebakaran-hutan": "kebakaran hutan=3, karhutla=3, kebakaran lahan=3, bakar lahan=3",
    LH + ".penebangan-liar-ilegal-logging": "penebangan liar=3, illegal logging=3, tebang pohon=2, "
        "pembalakan=3, kayu ilegal=3",
    LH + ".perlindungan-satwa": "satwa=3, satwa liar=3, satwa dilindungi=3, burung=1, harimau=3, "
                                "orangutan=3, buaya=2, monyet=2",
    LH + ".sanitasi": "buang air besar=3, bab=2, jamban sehat=3, sanitasi=3, septic tank=3, jamban=3, "
                      "wc umum=3, mck=3",
    LH + ".kelautan-dan-perikanan": "nelayan=3, ikan=2, kapal ikan=3, perikanan=3, tambak=3, laut=2, "
                                    "bom ikan=3, pukat=3, trawl=3",
    LH + ".ilegal-fishing": "illegal fishing=3, kapal asing=3, pukat harimau=3, bom ikan=3",
    PU: "gang=2, jalan gang=3, hancur=1, saluran=2, galian=2, jalan=2, jalan rusak=3, aspal=3, lubang=3, "
        "jembatan=3, got=3, selokan=3, drainase=3, gorong-gorong=3, saluran air=2, trotoar=3, taman=2, "
        "pasar=2, tanah=1, sertifikat=1, bangunan=1, imb=2, pbg=2, tata ruang=3, rumah susun=3, rusun=3, "
        "perumahan=2, pupr=3, dpupr=3, dinas pu=3, pu=2, tanggul=3, bendungan=3, irigasi=2, sungai=1, "
        "perbaikan jalan=3, becek=2, jalan amblas=3, kubangan=2, makam=2, kuburan=2, pemakaman=2, "
        "halte=2",
    PU + ".infrastruktur-jalan": "jalan rusak=3, perbaikan jalan=3, aspal=3, jalan amblas=3, "
                                 "jalan desa=2, jalan kabupaten=3, jalan provinsi=3, jalan nasional=3, "
                                 "becek=2, jalan licin=2, jalan berdebu=2, pengaspalan=3, cor=2, "
                                 "jalan tanah=2, jalan retak=3",
    PU + ".jalan-berlubang": "jalan rusak=3, rusak parah=2, hancur=2, aspal=2, tambal=3, jalan amblas=2, "
                             "lubang=3, jalan lubang=3, berlubang=3, kubangan=2",
    PU + ".jembatan": "jembatan=3, jembatan rusak=3, jembatan putus=3, jembatan gantung=3",
    PU + ".drainase-gorong-gorong-parit": "got=3, selokan=3, drainase=3, gorong-gorong=3, parit=3, "
        "saluran air=3, got mampet=3, selokan mampet=3, mampet=2, tersumbat=2, sumbat=2, genangan=1",
    PU + ".penerangan-jalan": "penerangan jalan=3",
    PU + ".trotoar": "trotoar=3, pejalan kaki=2",
    PU + ".taman": "taman kota=3, taman=3, ruang terbuka hijau=3, rth=3",
    PU + ".pasar": "pasar=3, pasar tradisional=3, los pasar=3, kios=2, revitalisasi pasar=3",
    PU + ".tempat-pemakaman-umum": "makam=3, kuburan=3, pemakaman=3, tpu=3",
    PU + ".halte": "halte=3",
    PU + ".jembatan-penyeberangan-orang-jpo": "jpo=3, jembatan penyeberangan=3, penyeberangan=2",
    PU + ".lapangan-olahraga": "lapangan=3, lapangan bola=3, gor=3, olahraga=2",
    PU + ".pertanahan": "tanah=2, bpn=3, atr=3, sertifikat tanah=3, girik=3, ptsl=3, prona=3, shm=3, "
                        "pertanahan=3, akta jual beli=2, ajb=2",
    PU + ".sengketa-tanah": "sengketa tanah=3, sengketa=2, mafia tanah=3, serobot=3, penyerobotan=3, "
                            "batas tanah=3, tanah warisan=2",
    PU + ".sertifikat-tanah": "sertifikat tanah=3, ptsl=3, prona=3, shm=3, balik nama=2, sertipikat=3",
    PU + ".perumahan-bersubsidi-dan-rumah-susun": "rumah subsidi=3, rusun=3, rumah susun=3, kpr=3, "
        "developer=3, pengembang=2, perumahan=2",
    PU + ".permukiman": "rumah tidak layak huni=3, rtlh=3, bedah rumah=3, kumuh=2",
    PU + ".sumber-daya-air": "bendungan=2, waduk=3, embung=3, tanggul=3, normalisasi sungai=3, sungai=2, "
                             "bbws=3",
    PU + ".bendungan": "bendungan=3, dam=2, waduk=2",
    DESA: "desa=2, kades=3, kepala desa=3, perangkat desa=3, dana desa=3, add=2, bumdes=3, "
          "transmigrasi=3, transmigran=3, daerah tertinggal=3, balai desa=2, sekdes=3, bpd=2",
    DESA + ".dana-desa": "dana desa=3, anggaran desa=3, apbdes=3, add=3",
    DESA + ".penyalahgunaan-dana-desa": "korupsi dana desa=3, selewengkan dana desa=3, "
                                        "penyelewengan dana desa=3, dana desa=2",
    DESA + ".blt-bantuan-langsung-tunai-dana-desa": "blt dana desa=3, blt dd=3, blt desa=3",
    DESA + ".pemerintahan-desa": "kades=3, kepala desa=3, perangkat desa=3, sekdes=3, kantor desa=2, "
                                 "pelayanan desa=2, surat pengantar=1",
    DESA + ".badan-usaha-milik-desa": "bumdes=3, badan usaha desa=3",
    DESA + ".transmigrasi": "transmigrasi=3, transmigran=3, lahan transmigrasi=3",
    PDK: "sekolah=3, guru=2, murid=3, siswa=3, pelajar=2, mahasiswa=2, kampus=2, kuliah=2, sd=1, smp=1, "
         "sma=1, smk=1, paud=3, tk=1, pendidikan=3, ppdb=3, zonasi=3, ijazah=3, rapor=3, raport=3, spp=3, "
         "seragam=3, buku=1, kip=2, pip=3, beasiswa=3, ujian=2, nilai=1, kepala sekolah=3, "
         "komite sekolah=3, pungutan sekolah=3, dinas pendidikan=3, disdik=3, kemendikbud=3, madrasah=1, "
         "universitas=2, dosen=2, ukt=3, wisuda=2, kelas=1, belajar=2, museum=2, cagar budaya=3, "
         "budaya=2",
    PDK + ".penerimaan-siswa-baru": "ppdb=3, zonasi=3, pendaftaran sekolah=3, siswa baru=3, "
                                    "daftar sekolah=3, jalur afirmasi=3, spmb=3",
    PDK + ".biaya-sekolah": "spp=3, biaya sekolah=3, pungutan sekolah=3, uang gedung=3, seragam=2, "
                            "uang komite=3, sumbangan sekolah=3, lks=2, buku paket=2, study tour=3",
    PDK + ".administrasi-siswa": "ijazah=3, rapor=3, raport=3, ijazah ditahan=3, legalisir=2, "
                                 "surat pindah sekolah=3, mutasi siswa=3",
    PDK + ".kartu-indonesia-pintar-kip": "kip=3, pip=3, kartu indonesia pintar=3, kip kuliah=3, dana pip=3",
    PDK + ".beasiswa": "beasiswa=3, kip kuliah=2, lpdp=3",
    PDK + ".pendidikan-tinggi": "kampus=3, kuliah=3, mahasiswa=3, universitas=3, dosen=2, ukt=3, "
                                "rektor=3, skripsi=3, wisuda=2",
    PDK + ".penerimaan-mahasiswa-baru": "snbp=3, snbt=3, sbmptn=3, pmb=3, mahasiswa baru=3",
    PDK + ".paud-dan-pendidikan-informal": "paud=3, tk=2, kejar paket=3, paket c=3, pkbm=3",
    PDK + ".nisn-nomor-induk-siswa-nasional": "nisn=3, dapodik=3",
    PDK + ".penyetaraan-ijazah": "penyetaraan ijazah=3, ijazah luar negeri=3",
    PDK + ".kebudayaan": "cagar budaya=3, museum=3, budaya=3, kesenian=3, adat=2",
    TAN: "petani=3, pupuk=3, sawah=3, padi=3, panen=3, gagal panen=3, ternak=3, sapi=2, kambing=2, "
         "ayam=1, hama=3, bibit=3, benih=3, irigasi=3, penyuluh pertanian=3, poktan=3, gapoktan=3, "
         "traktor=3, alsintan=3, kebun=2, distan=3, kartu tani=3",
    TAN + ".pupuk": "pupuk=3, pupuk subsidi=3, pupuk langka=3, urea=3, npk=3, kartu tani=3, kios pupuk=3",
    TAN + ".irigasi-pertanian": "irigasi=3, saluran irigasi=3, air sawah=3, pintu air=2",
    TAN + ".bibit-pertanian": "bibit=3, benih=3",
    TAN + ".peternakan": "lsd=3, mantri hewan=3, penyakit hewan=3, vaksin hewan=3, keswan=3, lalat=1, "
                         "ternak=3, sapi=3, kambing=3, peternak=3, pmk=3, antraks=3, flu burung=3, "
                         "kandang=2, pakan=2",
    TAN + ".bantuan-pertanian": "bantuan pertanian=3, bantuan traktor=3, alsintan=3, hand tractor=3",
    TAN + ".gabungan-kelompok-tani": "gapoktan=3, poktan=3, kelompok tani=3",
    POL: "hukum=2, pengadilan=3, jaksa=3, kejaksaan=3, hakim=3, korupsi=3, kkn=2, pungli=3, suap=3, "
         "gratifikasi=3, sogok=3, pemilu=3, pilkada=3, caleg=2, paslon=2, imigrasi=3, paspor=3, visa=3, "
         "lapas=3, rutan=3, napi=3, narapidana=3, tahanan=2, notaris=3, ham=3, advokat=2, pengacara=2, "
         "kpu=3, bawaslu=3, tps=1, money politik=3, serangan fajar=3",
    POL + ".pungutan-liar": "uang rokok=3, dipungut=3, minta uang=3, tanpa kwitansi=2, ditarik biaya=2, "
                            "pungli=3, pungutan liar=3, uang pelicin=3, pungut=2, biaya tambahan=2, "
                            "calo=2",
    POL + ".korupsi-kolusi-dan-nepotisme": "penggelembungan=3, penggelembungan harga=3, korupsi=3, "
        "suap=3, gratifikasi=3, sogok=3, kolusi=3, nepotisme=3, mark up=3, markup=3, kkn=2, fiktif=2",
    POL + ".penyalahgunaan-wewenang": "mobil dinas=3, kendaraan dinas=3, pelat merah=3, plat merah=3, "
                                      "fasilitas negara=2, sewenang=3, penyalahgunaan wewenang=3, "
                                      "wewenang=2, sewenang-wenang=3, arogan=2",
    POL + ".pemilihan-umum": "calon bupati=2, calon gubernur=2, calon walikota=2, paslon=2, pemilu=3, "
                             "pilkada=3, caleg=3, kpu=3, bawaslu=3, politik uang=3, money politik=3, "
                             "serangan fajar=3, surat suara=3, kampanye=2",
    POL + ".daftar-pemilih-tetap-pemilu": "dpt=3, daftar pemilih=3, hak pilih=3",
    POL + ".pemilihan-kepala-desa-pilkades": "pilkades=3, pemilihan kepala desa=3",
    POL + ".imigrasi": "imigrasi=3, paspor=3, visa=3, wna=2, kitas=3",
    POL + ".paspor": "paspor=3, kantor imigrasi=2, antrian paspor=3",
    POL + ".lembaga-pemasyarakatan": "lapas=3, rutan=3, napi=3, narapidana=3, sipir=3",
    POL + ".pelayanan-tahanan-napi": "tahanan=3, napi=3, kunjungan lapas=3, besuk=3",
    POL + ".pengadilan-negeri-dan-pengadilan-agama": "pengadilan=3, sidang=3, gugatan=3, hakim=3, "
        "pengadilan agama=3, perceraian=2, cerai=2",
    POL + ".hak-asasi-manusia-ham": "ham=3, hak asasi=3, komnas ham=3",
    POL + ".kekayaan-intelektual": "hak cipta=3, merek=3, paten=3, haki=3, hki=3, plagiat=2",
    POL + ".notaris": "notaris=3, ppat=3",
    POL + ".dana-bantuan-hukum": "bantuan hukum=3, lbh=3, posbakum=3",
    "politisasi-asn": "petahana=2, pemenangan=2, memenangkan=2, dikumpulkan=2, diarahkan=2, "
                      "asn politik=3, mobilisasi asn=3, fasilitas negara=2, kampanye=1",
    "netralitas-asn": "calon bupati=2, calon gubernur=2, calon walikota=2, paslon=2, deklarasi=2, "
                      "relawan=2, pemenangan=2, dukungan=1, media sosial=2, facebook=1, netralitas=3, "
                      "netral=3, asn kampanye=3, pns kampanye=3, asn=1, pns=1, kampanye=2, "
                      "atribut partai=3, caleg=1",
    SOS: "bansos=3, bantuan sosial=3, pkh=3, bpnt=3, blt=3, bst=3, dtks=3, dtsen=3, sembako=2, kks=3, "
         "kps=3, miskin=2, penerima bantuan=3, dinsos=3, kemensos=3, pendamping pkh=3, sktm=3, bantuan=2, "
         "cair=2, pencairan=2, kpm=3, e-warong=3, agen bansos=3, rastra=3, raskin=3, lansia=1, yatim=2, "
         "panti=2, rumah tidak layak huni=1, subsidi listrik=2",
    SOS + ".pkh-program-keluarga-harapan": "pkh=3, pendamping pkh=3, program keluarga harapan=3",
    SOS + ".bantuan-pangan-non-tunan-bpnt": "bpnt=3, sembako=2, e-warong=3, bantuan pangan=3, kks=2",
    SOS + ".data-terpadu-kesejahteraan-sosial-dtks": "dtks=3, dtsen=3, data kemiskinan=3, "
        "tidak terdaftar=2, belum terdaftar=2, salah sasaran=3, mampu=2, orang kaya=2",
    SOS + ".blsm-bantuan-langsung-sementara-masyarakat": "blt=3, blsm=3, bantuan langsung tunai=3",
    SOS + ".bantuan-sosial-tunai-bst": "bst=3, bantuan sosial tunai=3",
    SOS + ".kartu-keluarga-sejahtera-kks": "kks=3, kartu keluarga sejahtera=3",
    SOS + ".kartu-indoneisa-sehat-kis": "kis pbi=3, pbi=3, kartu indonesia sehat=3",
    SOS + ".bansos-daerah": "bansos daerah=3, bantuan pemda=3",
    SOS + ".subsidi-listrik": "subsidi listrik=3, listrik subsidi=3",
    SOS + ".pangan": "pangan=3, beras bantuan=3, bantuan beras=3, cadangan pangan=3",
    SOS + ".kejelasan-tpp-asn": "tpp=3, tunjangan asn=3",
    "sp4n-lapor": "sp4n=3, lapor go id=3, aplikasi lapor=3, akun lapor=3",
    "sp4n-lapor.gangguan-aplikasi-sp4n-lapor": "aplikasi lapor=3, lapor error=3",
    "sp4n-lapor.penghapusan-laporan-sp4n-lapor": "hapus laporan=3",
    "sp4n-lapor.penghapusan-akun-sp4n-lapor": "hapus akun=3",
    EN: "listrik=3, pln=3, token=3, meteran=3, kwh=3, padam=3, mati lampu=3, byarpet=3, tegangan=2, "
        "trafo=3, gardu=3, kabel listrik=3, tiang listrik=3, pdam=3, air bersih=3, air pdam=3, "
        "air keruh=3, air mati=3, air tidak mengalir=3, meteran air=3, tagihan air=3, bbm=3, solar=3, "
        "pertalite=3, pertamax=3, spbu=3, lpg=3, gas=2, elpiji=3, tabung gas=3, pangkalan gas=3, "
        "tambang=3, tambang ilegal=3, galian c=3, pertamina=3, esdm=3, sumur=2, air=1, energi=2, "
        "minyak tanah=3",
    EN + ".layanan-air-minum": "pdam=3, air bersih=3, air minum=3, air pdam=3, air mati=3, air keruh=3, "
                               "air tidak mengalir=3, pipa=2, pipa bocor=3, meteran air=3, "
                               "perumda air minum=3, spam=2",
    EN + ".biaya-tarif-pdam": "tagihan air=3, tarif pdam=3, tagihan pdam=3, rekening air=3, "
                              "tagihan membengkak=2",
    EN + ".gangguan-layanan-penyaluran-air": "air mati=3, air tidak mengalir=3, air keruh=3, air kecil=3, "
        "pipa bocor=3, air macet=3",
    EN + ".listrik": "listrik=3, pln=3",
    EN + ".pemadaman-listrik": "padam=3, mati lampu=3, listrik mati=3, listrik padam=3, byarpet=3, "
                               "pemadaman bergilir=3, pemadaman listrik=3, listrik sering mati=3",
    EN + ".pemasangan-listrik-baru": "pasang baru=3, sambungan baru=3, pasang listrik=3, tambah daya=3, "
                                     "pemasangan listrik=3",
    EN + ".tarif-listrik": "tagihan listrik=3, tarif listrik=3, token=3, token listrik=3, "
                           "pulsa listrik=3, kwh=2, tagihan membengkak=2",
    EN + ".sarana-prasarana-kelistrikan": "tiang listrik=3, trafo=3, gardu=3, kabel listrik=3, "
        "kabel menjuntai=3, kabel putus=2, tegangan=2, meteran=2",
    EN + ".migas": "bbm=3, solar=3, pertalite=3, pertamax=3, spbu=3, lpg=3, gas=2, pertamina=3",
    EN + ".kelangkaan-bbm-elpiji": "langka=3, kelangkaan=3, lpg langka=3, solar langka=3, gas langka=3, "
                                   "antre bbm=3, antrian spbu=3",
    EN + ".gas-bersubsidi": "lpg=3, gas melon=3, tabung gas=3, gas subsidi=3, lpg 3 kg=3, "
                            "pangkalan gas=3, pangkalan=2",
    EN + ".harga-minyak-dan-gas": "harga gas=3, harga lpg=3, harga bbm=3, het=3",
    EN + ".pertambangan": "tambang=3, tambang ilegal=3, galian c=3, pasir=2, batu bara=3, peti=2, emas=1, "
                          "izin tambang=3, tambang pasir=3",
    EN + ".dampak-lingkungan-area-pertambangan": "bekas tambang=3, lubang tambang=3, limbah tambang=3",
    EN + ".izin-pertambangan": "izin tambang=3, iup=3",
    KSP: "bullying=3, bully=3, perundungan=3, dirundung=3, kekerasan sekolah=3, kekerasan guru=3, "
         "dipukul guru=3, pelecehan di sekolah=3, intoleransi=2",
    KSP + ".perundungan-bullying": "bullying=3, bully=3, perundungan=3, dirundung=3, diejek=2, dipalak=2",
    KSP + ".kekerasan-seksual": "pelecehan di sekolah=3, dosen cabul=3, guru cabul=3, kekerasan seksual=3",
    KSP + ".intoleransi": "intoleransi=3, jilbab=2, dipaksa berjilbab=3",
    KEP: "ktp=3, kk=3, kartu keluarga=3, akta=3, akta kelahiran=3, akta kematian=3, dukcapil=3, "
         "disdukcapil=3, capil=3, nik=3, kependudukan=3, adminduk=3, kia=3, domisili=2, pindah=1, "
         "blangko=3, blanko=3, rekam ktp=3, cetak ktp=3, perekaman=3, kecamatan=1, kelurahan=1, skpwni=3, "
         "surat pindah=3, biodata=2, kb=3, keluarga berencana=3, nikah=2, kua=1, buku nikah=3, "
         "akta cerai=3, sensus=3, bkkbn=3",
    KEP + ".ktp-kartu-tanda-penduduk": "ktp=3, rekam ktp=3, cetak ktp=3, blangko=3, blanko=3, "
                                       "perekaman=3, ktp hilang=3, ktp rusak=3",
    KEP + ".kartu-keluarga": "kk=3, kartu keluarga=3, pecah kk=3, tambah anggota keluarga=2",
    KEP + ".akta-kelahiran": "akta kelahiran=3, akte kelahiran=3, akta lahir=3",
    KEP + ".akta-kematian": "akta kematian=3, surat kematian=3",
    KEP + ".kartu-identitas-anak": "kia=3, kartu identitas anak=3",
    KEP + ".pindah-domisili": "pindah domisili=3, surat pindah=3, skpwni=3, pindah datang=3",
    KEP + ".sinkronisasi-data-kependudukan": "nik tidak terdaftar=3, nik=3, data ganda=3, nik ganda=3, "
        "nik tidak valid=3, sinkronisasi=3",
    KEP + ".surat-keterangan-tempat-tinggal-domisili": "surat domisili=3, surat keterangan domisili=3, "
        "skd=3",
    KEP + ".penyuluhan-kb": "kb=3, keluarga berencana=3, bkkbn=3, alat kontrasepsi=3",
    KEP + ".pernikahan": "nikah=3, pernikahan=3, buku nikah=3, kua=3, menikah=2",
    KEP + ".akta-perceraian": "akta cerai=3, akta perceraian=3",
    KEP + ".batas-wilayah-kab-kota-provinsi": "batas wilayah=3, tapal batas=3",
    KEP + ".sensus-penduduk": "sensus=3, bps=2",
    NAKER: "kerja=1, pekerja=2, karyawan=3, buruh=3, gaji=3, upah=3, umk=3, ump=3, thr=3, phk=3, "
           "pesangon=3, lembur=3, kontrak=2, outsourcing=3, pkwt=3, bpjs tk=3, bpjs ketenagakerjaan=3, "
           "jht=3, disnaker=3, kemnaker=3, perusahaan=2, bos=2, majikan=2, cuti=2, honorer=3, pppk=3, "
           "cpns=3, asn=2, pns=2, tki=3, tkw=3, pmi=2, pekerja migran=3, tka=3, loker=2, lowongan=2, "
           "pelatihan kerja=2, blk=3, tenaga kerja=3, dipecat=3, sertifikasi guru=2, tunjangan=2, tpg=3, "
           "tukin=3",
    NAKER + ".gaji-pekerja": "gaji=3, upah=3, umk=3, ump=3, gaji telat=3, gaji tidak dibayar=3, "
                             "di bawah umk=3, lembur=2, potong gaji=3, upah minimum=3",
    NAKER + ".hak-pekerja": "thr=3, phk=3, pesangon=3, dipecat=3, hak pekerja=3, kontrak=2, pkwt=3, "
                            "outsourcing=3, lembur=2, ijazah ditahan perusahaan=3",
    NAKER + ".cuti": "cuti=3, cuti melahirkan=3, cuti hamil=3",
    NAKER + ".jaminan-sosial-ketenagakerjaan": "bpjs tk=3, bpjs ketenagakerjaan=3, jht=3, jkk=3, jkm=3, "
        "jaminan hari tua=3, klaim jht=3, jp=2",
    NAKER + ".jaminan-hari-tua": "jht=3, jaminan hari tua=3, klaim jht=3, pencairan jht=3",
    NAKER + ".kepegawaian": "asn=3, pns=3, pppk=3, honorer=3, cpns=3, bkn=3, bkd=3, bkpsdm=3, mutasi=2, "
                            "pangkat=2, sk=1",
    NAKER + ".tenaga-honorer": "honorer=3, guru honorer=3, tenaga honorer=3, pppk=3, gaji honorer=3",
    NAKER + ".cpns": "cpns=3, tes cpns=3, seleksi cpns=3, skd=2",
    NAKER + ".gaji-dan-tukin": "tukin=3, tunjangan kinerja=3, gaji pns=3, gaji asn=3",
    NAKER + ".tunjangan-profesi-guru": "tpg=3, sertifikasi guru=3, tunjangan profesi=3, tunjangan guru=3",
    NAKER + ".guru-dan-tenaga-kependidikan-gtk": "guru=2, gtk=3, ppg=3",
    NAKER + ".keselamatan-pekerja": "helm=2, sepatu safety=3, alat pelindung diri=3, apd=2, jatuh=1, "
                                    "k3=3, kecelakaan kerja=3, apd kerja=3, keselamatan kerja=3",
    NAKER + ".tenaga-kerja-asing-tka": "tka=3, tenaga kerja asing=3, pekerja asing=3",
    NAKER + ".tenaga-kerja-indonesia-pekerja-migran-indonesia-tki-mi":
        "tki=3, tkw=3, pmi=3, pekerja migran=3, bp2mi=3",
    NAKER + ".perlindungan-pekerja-migran-indonesia-pmi": "tki disiksa=3, pmi ilegal=3, majikan=2",
    NAKER + ".rekrutmen-tenagakerja": "lowongan=3, loker=3, rekrutmen=3, penipuan lowongan=3",
    NAKER + ".pensiun": "pensiun=3, dana pensiun=3, taspen=3",
    "pemulihan-ekonomi-nasional": "pemulihan ekonomi=3",
    NARK: "narkoba=3, narkotika=3, sabu=3, ganja=3, pil koplo=3, tramadol=3, bnn=3, pengedar=3, nyabu=3, "
          "obat terlarang=3, ekstasi=3",
    NARK + ".transaksi-narkotika": "pengedar=3, transaksi narkoba=3, jual narkoba=3, bandar=3",
    NARK + ".penyalahgunaan-narkotika": "pemakai=3, rehabilitasi=3, nyabu=3, pecandu=3",
    "peniadaan-mudik": "mudik=3, larangan mudik=3",
    "perairan": "melaut=2, nelayan dipungut=3, perairan=3, pelabuhan=1, pungli pelabuhan=3, kapal=1",
    HUB: "angkot=3, angkutan umum=3, bus=3, terminal=3, parkir=3, juru parkir=3, jukir=3, parkir liar=3, "
         "lampu jalan=3, pju=3, lampu merah=3, traffic light=3, rambu=3, dishub=3, kemenhub=3, ojol=3, "
         "ojek online=3, ojek=2, taksi=2, grab=3, gojek=3, kereta=3, krl=3, kai=3, stasiun=3, commuter=3, "
         "mrt=3, lrt=3, pesawat=3, bandara=3, maskapai=3, kapal=2, pelabuhan=3, feri=3, kir=3, uji kir=3, "
         "odol=3, truk=2, macet=2, kemacetan=2, zebra cross=3, penyeberangan=1, transjakarta=3, tol=2, "
         "pungli parkir=3",
    HUB + ".lampu-penerangan-jalan-umum": "lampu padam=3, lampu penerangan=3, lampu jalan=3, pju=3, "
        "lampu penerangan jalan=3, penerangan jalan=3, lampu jalan mati=3, jalan gelap=3, lampu mati=2, "
        "gelap=2, lampu=2, tiang lampu=3",
    HUB + ".parkir-liar": "parkir liar=3, juru parkir=3, jukir=3, parkir=3, tukang parkir=3, "
                          "tarif parkir=3, karcis parkir=3",
    HUB + ".transportasi-darat": "jembatan timbang=3, angkot=3, angkutan umum=3, bus=3, terminal=3, "
                                 "lampu merah=3, traffic light=3, rambu=3, odol=3, uji kir=3, kir=3, "
                                 "truk=2, trayek=3, sopir=2, supir=2, ngetem=3, macet=2, kemacetan=2, "
                                 "marka=3, jalan tol=2, tol=2",
    HUB + ".transportasi-online": "ojol=3, ojek online=3, grab=3, gojek=3, maxim=3, driver online=3, "
                                  "taksi online=3",
    HUB + ".transportasi-laut": "kapal=3, pelabuhan=3, feri=3, asdp=3, kapal laut=3, penyeberangan=2",
    HUB + ".transportasi-udara": "pesawat=3, bandara=3, maskapai=3, penerbangan=3, bagasi=3, delay=2, "
                                 "tiket pesawat=3",
    HUB + ".perkeretaapian": "kereta=3, krl=3, kai=3, stasiun=3, commuter=3, rel=2, perlintasan=3, "
                             "palang pintu=3",
    HUB + ".layanan-tiket": "tiket kereta=3, refund tiket=3",
    KON: "ganti rugi=2, konsumen=3, penjual=2, online shop=3, toko online=3, belanja online=3, "
         "barang palsu=3, garansi=3, refund=2, ymk=1, bpsk=3, kecewa=1, tipu=2, penipuan=2, "
         "marketplace=3, shopee=3, tokopedia=3, lazada=3, cod=2, barang tidak sampai=3, produk=2",
    KON + ".perlindungan-konsumen-terkait-transaksi-perdagangan-melalui-sistem-elektronik-e-commerce":
        "online shop=3, toko online=3, belanja online=3, marketplace=3, shopee=3, tokopedia=3, lazada=3, "
        "cod=2, e-commerce=3",
    KON + ".perlindungan-konsumen-terkait-jasa-telekomunikasi":
        "pulsa=3, kuota=3, provider=3, telkomsel=3, indosat=3, xl=3, indihome=3, paket data=3",
    KON + ".perlindungan-konsumen-terkait-listrik-dan-gas-rumah-tangga":
        "gas 12 kg=3, tabung 12 kg=3, isi kurang=3, takaran=2, timbang=2, tagihan listrik=1",
    KON + ".perlindungan-konsumen-terkait-obat-dan-makanan":
        "kedaluwarsa=3, expired=3, makanan basi=3, keracunan=2",
    KON + ".perlindungan-konsumen-terkait-barang-elektronik-telematika-dan-kendaraan-bermotor":
        "garansi=3, servis=2, dealer=3, barang elektronik=3",
    KON + ".perlindungan-konsumen-terkait-perumahan": "developer=3, pengembang=3, rumah tidak dibangun=3, "
        "kpr=1",
    MBG: "mitra dapur=3, mitra mbg=3, mbg=3, makan bergizi gratis=3, makan siang gratis=3, "
         "makan gratis=3, sppg=3, dapur mbg=3, menu mbg=3, keracunan mbg=3, bgn=3, badan gizi=3",
    MBG + ".kualitas-makanan-mbg": "keracunan=3, basi=3, makanan basi=3, menu=2, ulat=2, porsi=2, "
                                   "keracunan makanan=3",
    MBG + ".distribusi-penyaluran-mbg": "tidak dapat mbg=3, telat=1, belum terima=2",
    MBG + ".pelaksanaan-mbg-di-sekolah": "sekolah=1, siswa=1",
    TIK: "internet=3, sinyal=3, jaringan=2, bts=3, wifi=3, telkomsel=2, indihome=2, website=2, situs=2, "
         "aplikasi=2, server=2, error=2, login=2, akun=1, judi online=3, slot=3, penipuan online=3, "
         "phising=3, phishing=3, link=2, sms penipuan=3, hoaks=3, konten=2, pornografi=3, kominfo=3, "
         "komdigi=3, diskominfo=3, tiang internet=3, kabel internet=3, kabel fiber=3, fiber optik=3, "
         "blokir=2, nomor penipu=3, data pribadi=3, kebocoran data=3",
    TIK + ".jaringan-internet": "internet=3, sinyal=3, bts=3, jaringan internet=3, blank spot=3, wifi=3, "
                                "lemot=2, lambat=1",
    TIK + ".tiang-jaringan-internet": "tiang internet=3, kabel internet=3, kabel fiber=3, fiber optik=3, "
                                      "kabel menjuntai=2, tiang telkom=3, kabel wifi=3",
    TIK + ".perjudian-online": "judi online=3, slot=3, situs judi=3, judi=2",
    TIK + ".konten-penipuan": "penipuan online=3, sms penipuan=3, nomor penipu=3, penipu=2, "
                              "investasi bodong=2, link penipuan=3",
    TIK + ".phising-pengelabuhan": "phising=3, phishing=3, link palsu=3, apk=3, akun diretas=3, "
                                   "diretas=3, hack=3, hacker=3",
    TIK + ".konten-pornografi": "pornografi=3, konten porno=3, video porno=3, asusila=2",
    TIK + ".blokir-nomor-telepon": "blokir nomor=3, nomor penipu=3, spam=2, telepon penipu=3",
    TIK + ".layanan-online-aplikasi-pemerintah": "aplikasi pemerintah=3, website pemerintah=3, error=2, "
        "tidak bisa login=3, server down=3, situs pemerintah=3",
    TIK + ".aplikasi-kependudukan": "identitas kependudukan digital=3, ikd=3",
    TIK + ".aplikasi-perizinan": "oss=3, nib=2",
    KON + ".perlindungan-konsumen-terkait-jasa-transportasi": "ganti rugi=2, bagasi hilang=3, koper=2",
    SOS + ".lainnya-terkait-sosial-dan-kesejahteraan": "pasung=3, dipasung=3, odgj=2, gangguan jiwa=2",
    "topik-khusus": "bansos digital=2",
    "evakuasi-hewan-liar": "buaya=3, ular masuk=3, ular=3, sarang tawon=3, tawon=3, lebah=2, "
                           "evakuasi ular=3, hewan liar=3, anjing liar=3, biawak=3, buaya masuk=3, "
                           "monyet liar=3, evakuasi=2, kobra=3, piton=3",
    "pelindungan-wni": "wni=3, luar negeri=2, disekap=3, penipuan daring=2, online scam=3, kamboja=2, "
                       "myanmar=2, wni luar negeri=3, kbri=3, wni ditahan=3, wni disandera=3, abk=2, "
                       "konsulat=2, deportasi=2",
    "legalisasi-konsuler": "legalisasi dokumen=3, apostille=3, legalisasi kemenlu=3",
    "fasilitas-diplomatik": "kedutaan=3, diplomatik=3",
    "kerjasama-bilateral": "bilateral=3",
    "kerjasama-multilateral": "multilateral=3",
    "seleksi-calon-hakim-agung-ri": "calon hakim agung=3, komisi yudisial=3",
    "srgi": "srgi=3, geodesi=3",
}

_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _split(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _curated_entries() -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for topic_id, spec in CURATED.items():
        terms: dict[str, int] = {}
        for item in spec.split(","):
            item = item.strip()
            if not item:
                continue
            term, _, weight = item.partition("=")
            terms[term.strip().lower()] = int(weight) if weight else 2
        out[topic_id] = terms
    return out


def build() -> dict:
    catalog = json.loads(CATALOG_PATH.read_text(encoding="utf-8"))
    families: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for topic in catalog["topics"]:
        families[topic["topic_id"]] = [sub["topic_id"] for sub in topic["subtopics"]]
        names[topic["topic_id"]] = topic["name_id"]
        for sub in topic["subtopics"]:
            names[sub["topic_id"]] = sub["name_id"]
    curated = _curated_entries()
    unknown = sorted(set(curated) - set(names))
    if unknown:
        raise SystemExit(f"curated terms for unknown topics: {unknown}")

    # Roots: everything written by hand, the normalisation's standard words, the catalog's words.
    catalog_words = {w for name in names.values() for w in _split(name)}
    roots = set(EXTRA_ROOTS) | catalog_words
    roots |= {w for terms in curated.values() for term in terms for w in _split(term)}
    roots |= {w for standard in NORMALISE.values() for w in standard.split()}
    roots -= set(STOPWORDS)

    def canonical(word: str) -> str:
        root = stem(word, roots - {word})
        return root if root is not None else word

    def canonical_term(term: str) -> str:
        # Stop words never reach the runtime's phrase matching: "air tidak mengalir" -> "air alir".
        return " ".join(canonical(w) for w in _split(term) if w not in STOPWORDS)

    # Raw weights per topic id, before IDF: the larger of the name-derived and the hand-written one.
    raw: dict[str, dict[str, float]] = defaultdict(dict)

    def put(topic_id: str, term: str, weight: float) -> None:
        if term and weight > raw[topic_id].get(term, 0.0):
            raw[topic_id][term] = weight

    for topic_id, name in names.items():
        parent = topic_id.split(".")[0]
        factor = NAME_FACTOR.get(parent, 1.0)
        base = 1.5 if "." not in topic_id else 0.8
        content = [canonical(w) for w in _split(name) if len(w) > 1 and not w.isdigit()]
        content = [w for w in content if w not in NAME_GENERIC]
        for word in content:
            put(topic_id, word, base * factor)
        if len(content) == 2:  # a short name is itself how people say it: "jalan berlubang"
            put(topic_id, " ".join(content), 1.5 * base * factor)
    for topic_id, terms in curated.items():
        for term, weight in terms.items():
            put(topic_id, canonical_term(term), float(weight))
    top_levels = list(families)
    df: dict[str, set[str]] = defaultdict(set)
    for topic_id, terms in raw.items():
        for term in terms:
            df[term].add(topic_id.split(".")[0])
    n_top = len(top_levels)

    def idf(count: int, total: int) -> float:
        return math.log(1 + total / count) / math.log(1 + total)

    # {top-level id: {"": its own terms, subtopic id's last part: that subtopic's terms}}
    topics: dict[str, dict[str, dict[str, float]]] = {}
    used: set[str] = set()
    for topic_id in sorted(raw):
        out: dict[str, float] = {}
        for term, weight in raw[topic_id].items():
            value = weight * idf(len(df[term]), n_top)
            if value >= 0.3:
                out[term] = round(value, 2)
                used.update(term.split())
        if out:
            parent, _, child = topic_id.partition(".")
            topics.setdefault(parent, {})[child] = dict(sorted(out.items()))
    normalise = {k: canonical_term(v) for k, v in sorted(NORMALISE.items())}
    # Affixed words the vocabulary came from, for typo matching: "berlubang" -> "lubang".
    written = catalog_words | {w for terms in curated.values() for term in terms for w in _split(term)}
    forms = {w: canonical(w) for w in sorted(written)
             if len(w) >= 5 and canonical(w) != w and canonical(w) in used}
    return {
        "about": "Topic suggestion vocabulary; written by devtools/build_topic_vocabulary.py, "
                 "do not edit by hand. topics: {top-level id: {'': its terms, subtopic id after "
                 "the dot: its terms}}; terms are root words (a phrase: root words and spaces).",
        "normalise": normalise,
        "stopwords": sorted(set(STOPWORDS)),
        "roots": sorted({canonical(w) for w in roots} - used),
        "forms": forms,
        "topics": topics,
    }


def render(vocabulary: dict) -> str:
    return json.dumps(vocabulary, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the shipped file is stale")
    args = parser.parse_args(argv)
    text = render(build())
    if args.check:
        current = VOCABULARY_PATH.read_text(encoding="utf-8") if VOCABULARY_PATH.exists() else ""
        if current != text:
            print(f"{VOCABULARY_PATH} is stale: run python -m devtools.build_topic_vocabulary")
            return 1
        return 0
    VOCABULARY_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {VOCABULARY_PATH} ({len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
