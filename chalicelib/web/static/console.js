// The staff console (/console): sign-in, work queues, the case and its actions, statistics,
// compliance reports, and the directories a national admin keeps (users, agencies, holidays).
// One page with hash routes (#/queue/verification, #/reports/<id>, #/stats …).
//
// The Cognito ID token lives only in sessionStorage: never localStorage, a cookie or a URL.
// Everything is built with h() / textContent, never innerHTML.

import {
  addTexts, api, checkRequired, clearErrors, field, formatNumber, formatTime, h, label, lang,
  mount, notice, onSubmit, sendFile, setNav, showErrors, start, submitting, t,
} from "./common.js";

// --- texts ---------------------------------------------------------------------------

addTexts({
  // sign-in and session
  sign_in_title: ["Masuk ke konsol petugas", "Sign in to the staff console"],
  sign_in_lead: ["Untuk admin dan petugas instansi, serta pengawas.", "For agency admins and officers, and oversight bodies."],
  username: ["Nama pengguna", "Username"],
  password: ["Kata sandi", "Password"],
  sign_in: ["Masuk", "Sign in"],
  sign_in_opens: ["Setelah masuk, laporan {id} langsung dibuka.", "Once you sign in, report {id} opens."],
  sign_out: ["Keluar", "Sign out"],
  signed_out: ["Anda telah keluar.", "You have signed out."],
  session_expired: ["Sesi Anda berakhir atau tidak berlaku lagi. Silakan masuk kembali.",
    "Your session has ended or is no longer valid. Please sign in again."],
  signed_in_as: ["Masuk sebagai {user}", "Signed in as {user}"],
  user_menu: ["Akun", "Account"],
  nav_label: ["Navigasi konsol", "Console navigation"],
  // navigation
  nav_queues: ["Antrean", "Queues"],
  nav_stats: ["Statistik", "Statistics"],
  nav_compliance: ["Laporan kepatuhan", "Compliance reports"],
  nav_users: ["Pengguna", "Users"],
  nav_agencies: ["Instansi", "Agencies"],
  nav_holidays: ["Hari libur", "Holidays"],
  nav_routing: ["Penerusan", "Routing"],
  // roles
  "role.national_admin": ["Admin nasional", "National admin"],
  "role.agency_admin": ["Admin instansi", "Agency admin"],
  "role.unit_officer": ["Petugas unit kerja", "Unit officer"],
  "role.oversight": ["Pengawas", "Oversight"],
  "role.reporter": ["Pelapor", "Reporter"],
  "role.system": ["Sistem", "System"],
  // queues
  queues_title: ["Antrean kerja", "Work queues"],
  queue_tabs: ["Antrean", "Queues"],
  "queue.verification": ["Verifikasi", "Verification"],
  "queue.inbox": ["Kotak masuk", "Inbox"],
  "queue.answered": ["Sudah dijawab", "Answered"],
  "queue.awaiting_approval": ["Menunggu persetujuan", "Awaiting approval"],
  "queue.overdue": ["Terlambat", "Overdue"],
  "queue.routed": ["Diteruskan sistem", "Routed by the system"],
  "queue_lead.verification": ["Laporan baru yang menunggu verifikasi dan disposisi.",
    "New reports waiting to be verified and routed."],
  "queue_lead.inbox": ["Laporan yang sudah didisposisikan dan menunggu tindak lanjut.",
    "Routed reports waiting for a follow-up."],
  "queue_lead.answered": ["Laporan yang sudah dijawab dan menunggu pelapor.",
    "Answered reports waiting for the reporter."],
  "queue_lead.overdue": ["Laporan yang melewati tenggat; dahulukan ini.",
    "Reports past their deadline; handle these first."],
  "queue_lead.routed": ["Laporan wilayah Anda yang diteruskan sistem langsung ke instansi dan belum diverifikasi di sana. Anda dapat meneruskannya ulang (Verifikasi), menundanya, atau mengarsipkannya.",
    "Reports of your region the system sent straight to an agency, not yet verified there. You may route them again (Verify), put them on hold or archive them."],
  queue_empty: ["Tidak ada laporan di antrean ini.", "There are no reports in this queue."],
  count_of: ["{n} laporan", "{n} reports"],
  overdue: ["Terlambat", "Overdue"],
  escalated: ["Dieskalasi ke Ombudsman", "Escalated to the Ombudsman"],
  received: ["Diterima", "Received"],
  due: ["Tenggat", "Due"],
  open_report: ["Buka laporan {id}", "Open report {id}"],
  // report kinds, privacy, channels
  "kind.complaint": ["Pengaduan", "Complaint"],
  "kind.aspiration": ["Aspirasi", "Aspiration"],
  "kind.information_request": ["Permintaan informasi", "Information request"],
  "privacy.public": ["Publik", "Public"],
  "privacy.anonymous": ["Anonim", "Anonymous"],
  "privacy.confidential": ["Rahasia", "Confidential"],
  "channel.web": ["Situs web", "Website"],
  "channel.api": ["API", "API"],
  "channel.sms": ["SMS", "SMS"],
  "channel.whatsapp": ["WhatsApp", "WhatsApp"],
  "channel.social_media": ["Media sosial", "Social media"],
  "channel.walk_in": ["Datang langsung", "Walk-in"],
  "channel.letter": ["Surat", "Letter"],
  "channel.phone": ["Telepon", "Phone"],
  "channel.complaint_box": ["Kotak pengaduan", "Complaint box"],
  "complexity.simple": ["Sederhana (14 hari kerja)", "Simple (14 working days)"],
  "complexity.investigation": ["Berkadar pengawasan (60 hari kerja)", "Needs investigation (60 working days)"],
  "visibility.public": ["Publik", "Public"],
  "visibility.reporter": ["Hanya pelapor", "Reporter only"],
  "visibility.internal": ["Internal", "Internal"],
  "stage.verification": ["Verifikasi", "Verification"],
  "stage.first_response": ["Tindak lanjut pertama", "First follow-up"],
  "stage.completion": ["Penyelesaian", "Completion"],
  "reason.spam": ["Spam atau tidak pantas", "Spam or abusive"],
  "reason.incomplete": ["Tidak lengkap", "Incomplete"],
  "reason.not_public_service": ["Bukan pelayanan publik", "Not about a public service"],
  "reason.duplicate": ["Duplikat laporan lain", "Duplicate of another report"],
  "reason.other": ["Lainnya", "Other"],
  // the case
  back_to_queue: ["← Kembali ke antrean", "← Back to the queue"],
  report_content: ["Isi laporan", "The report"],
  location: ["Lokasi", "Location"],
  coordinates: ["Koordinat", "Coordinates"],
  incident_date: ["Tanggal kejadian", "Date of the incident"],
  attachments: ["Lampiran", "Attachments"],
  staff_files: ["Foto atau dokumen (bukti tindak lanjut)", "Photos or documents (proof of action)"],
  staff_files_hint: ["Hingga 10 berkas, masing-masing paling besar 10 MB: JPG, PNG, WebP, PDF. Berkas tampil bersama "
    + "pesan ini bagi siapa pun yang dapat membacanya.",
  "Up to 10 files of at most 10 MB each: JPG, PNG, WebP, PDF. They are shown with this message to whoever may read it."],
  file_too_big: ["{name}: lebih dari 10 MB.", "{name}: larger than 10 MB."],
  file_wrong_type: ["{name}: hanya foto (JPG, PNG, WebP) atau PDF.", "{name}: only photos (JPG, PNG, WebP) or PDF."],
  too_many_files: ["Paling banyak 10 berkas.", "At most 10 files."],
  uploading_file: ["Mengunggah {name} ({n} dari {total})…", "Uploading {name} ({n} of {total})…"],
  hide_file: ["Sembunyikan dari publik", "Hide from the public"],
  hide_reason: ["Alasan (pelapor dapat membacanya)", "Reason (the reporter can read it)"],
  hide_reason_hint: ["Misalnya wajah orang, pelat nomor, atau dokumen berisi data pribadi.",
    "For example a face, a number plate, or a document with personal data."],
  unhide_file: ["Tampilkan lagi untuk publik", "Show to the public again"],
  hidden_from_public: ["Disembunyikan dari publik", "Hidden from the public"],
  file_hidden: ["Lampiran disembunyikan dari publik.", "The attachment is hidden from the public."],
  file_unhidden: ["Lampiran tampil lagi untuk publik.", "The attachment is shown to the public again."],
  details: ["Rincian", "Details"],
  tracking_id: ["Nomor pelacakan", "Tracking id"],
  kind: ["Jenis", "Kind"],
  privacy: ["Kerahasiaan", "Privacy"],
  channel: ["Saluran", "Channel"],
  agency: ["Instansi", "Agency"],
  unit: ["Unit kerja", "Unit"],
  region: ["Wilayah", "Region"],
  topic: ["Topik", "Topic"],
  complexity: ["Kompleksitas", "Complexity"],
  version: ["Versi", "Version"],
  deadlines: ["Tenggat", "Deadlines"],
  verification_due: ["Verifikasi", "Verification"],
  first_response_due: ["Tindak lanjut pertama", "First follow-up"],
  completion_due: ["Penyelesaian", "Completion"],
  auto_close_due: ["Selesai otomatis", "Automatic closing"],
  reporter_answer_due: ["Batas jawaban pelapor", "Reporter to answer by"],
  paused: ["Dijeda", "Paused"],
  paused_since: ["sejak {when} (sebelumnya {due}; bergeser sebanyak hari kerja jeda)",
    "since {when} (was {due}; moves by the working days paused)"],
  message_ask_reporter: ["Pertanyaan kepada pelapor", "Question to the reporter"],
  message_ask_reporter_hint: ["Tenggat instansi dijeda sampai pelapor menjawab, paling lama sesuai kebijakan.",
    "The agency's deadlines pause until the reporter answers, at most as long as the policy allows."],
  escalated_at: ["Dieskalasi", "Escalated"],
  breaches: ["Tenggat yang terlewat", "Missed deadlines"],
  breach_line: ["{stage}: tenggat {deadline}, tercatat {detected}", "{stage}: due {deadline}, found {detected}"],
  breach_open: ["masih terlambat", "still overdue"],
  breach_resolved: ["selesai {at}", "done {at}"],
  reporter: ["Pelapor", "Reporter"],
  identity_hidden: ["Identitas pelapor dirahasiakan dari Anda.", "The reporter's identity is hidden from you."],
  contactable: ["Pelapor dapat dihubungi melalui sistem.", "The reporter can be reached through the system."],
  not_contactable: ["Pelapor tidak meninggalkan kontak.", "The reporter left no contact."],
  name: ["Nama", "Name"],
  email: ["E-mail", "E-mail"],
  phone: ["Telepon", "Phone"],
  feedback: ["Penilaian pelapor", "Reporter's feedback"],
  resolved_yes: ["Pelapor menyatakan selesai", "The reporter says it is resolved"],
  resolved_no: ["Pelapor menyatakan belum selesai", "The reporter says it is not resolved"],
  rating: ["Nilai {n} dari 5", "Rated {n} of 5"],
  timeline: ["Riwayat", "Timeline"],
  by: ["oleh {who}", "by {who}"],
  internal_note: ["Catatan internal", "Internal note"],
  transfer_reason: ["Alasan pengalihan", "Reason for the transfer"],
  late_reason: ["Alasan terlambat dicatat", "Why it was recorded late"],
  actions: ["Tindakan", "Actions"],
  no_actions: ["Tidak ada tindakan yang dapat Anda lakukan pada laporan ini sekarang.",
    "There is nothing you can do on this report now."],
  cancel: ["Batal", "Cancel"],
  action_done: ["Berhasil: {action}.", "Done: {action}."],
  conflict: ["Orang lain telah mengubah laporan ini; data terbaru sudah dimuat ulang. Periksa lalu coba lagi.",
    "Someone else changed this report; it has been reloaded. Check it and try again."],
  // action forms
  note: ["Catatan internal", "Internal note"],
  note_hint: ["Hanya terlihat oleh petugas.", "Only staff see it."],
  message_hold: ["Yang perlu dilengkapi pelapor", "What the reporter needs to complete"],
  message_hold_hint: ["Pelapor akan membaca pesan ini.", "The reporter reads this message."],
  message_archive: ["Penjelasan untuk pelapor", "Explanation for the reporter"],
  message_respond: ["Jawaban akhir", "Final answer"],
  message_respond_hint: ["Jawaban resmi instansi kepada pelapor. Laporan menunggu tanggapan pelapor lalu selesai; "
    + "untuk kabar sementara, kirim perkembangan.",
  "The agency's answer to the reporter. The report then waits for the reporter and closes; for news on the way, "
    + "post a progress update."],
  message_update: ["Perkembangan tindak lanjut", "Progress update"],
  answer_needs_approval: ["Instansi Anda menyetujui jawaban akhir lebih dulu: jawaban ini dikirim ke admin instansi, "
    + "bukan langsung ke pelapor. Batas waktu tetap berjalan.",
  "Your agency approves final answers first: this answer goes to the agency admin, not straight to the reporter. "
    + "The deadlines keep running."],
  draft_by: ["Diajukan oleh {who}, {when}", "Submitted by {who}, {when}"],
  draft_answer: ["Jawaban akhir menunggu persetujuan", "Final answer awaiting approval"],
  draft_files: ["{n} lampiran akan ditampilkan bersama jawaban ini.", "{n} attachment(s) will be shown with this answer."],
  approve_hint: ["Anda dapat menyunting sebelum mengirim; jawaban dihitung saat dikirim.",
    "You may edit it before sending; the answer counts when it is sent."],
  message_return: ["Catatan untuk petugas", "Note to the officer"],
  message_return_hint: ["Apa yang perlu diperbaiki; hanya petugas yang melihatnya.", "What to change; staff only."],
  message_update_hint: ["Kabar penanganan sejauh ini; laporan tetap terbuka. Perkembangan pertama yang dikirim "
    + "ke pelapor memenuhi batas tindak lanjut pertama.",
  "News of the work so far; the report stays open. The first update sent to the reporter meets the first "
    + "follow-up deadline."],
  public_update: ["Kirim ke pelapor (dan tampilkan di laporan publik)", "Send to the reporter (and show in the public report)"],
  public_update_hint: ["Jika tidak dicentang, perkembangan ini hanya catatan internal petugas.",
    "If unticked, the update is an internal note for staff only."],
  message_close: ["Pesan penutup", "Closing message"],
  likely_duplicates: ["Kemungkinan duplikat", "Likely duplicates"],
  likely_duplicates_hint: ["Laporan di wilayah yang sama dengan kata-kata serupa dalam 30 hari; hanya yang boleh Anda lihat.",
    "Reports of the same region with similar words within 30 days; only those you may view."],
  mark_duplicate_of: ["Tandai duplikat dari laporan ini", "Mark as duplicate of this report"],
  duplicate_of: ["Digabung dengan", "Merged with"],
  duplicate_target: ["Nomor pelacakan laporan induk", "Tracking id of the original report"],
  duplicate_target_hint: ["Laporan ini ditutup sebagai duplikat; pelapornya akan menerima kabar dan jawaban laporan induk.",
    "This report closes as a duplicate; its reporter will receive the original's updates and answer."],
  message_duplicate: ["Pesan kepada pelapor", "Message to the reporter"],
  reporters_count: ["Jumlah pelapor", "Reporters"],
  similarity: ["Kemiripan {n}%", "Similarity {n}%"],
  distance: ["{m} m", "{m} m"],
  public_answer: ["Tampilkan jawaban di laporan publik", "Show the answer in the public report"],
  public_answer_hint: ["Jika tidak dicentang, hanya pelapor dan petugas yang melihatnya.",
    "Unticked: only the reporter and staff see it."],
  archive_reason: ["Alasan pengarsipan", "Reason for archiving"],
  transfer_to: ["Alihkan ke instansi", "Transfer to the agency"],
  transfer_reason_hint: ["Mengapa ini bukan kewenangan instansi ini (hanya untuk petugas).",
    "Why it is not this agency's authority (staff only)."],
  route_to: ["Disposisi ke instansi", "Route to the agency"],
  route_unit: ["Unit kerja", "Unit"],
  no_unit: ["— tanpa unit —", "— no unit —"],
  choose: ["— pilih —", "— choose —"],
  keep_topic: ["— tidak ditentukan —", "— not set —"],
  agency_has_no_units: ["Instansi ini belum mencatat unit kerja.", "This agency has no units on record."],
  unit_id_hint: ["Contoh: {agency}.bina-marga", "For example: {agency}.bina-marga"],
  group_region: ["Instansi di wilayah ini", "Agencies of this region"],
  group_national: ["Instansi nasional", "National agencies"],
  suggested: ["Disarankan sistem: {topic}", "Suggested by the system: {topic}"],
  suggested_agency: ["→ {agency}", "→ {agency}"],
  suggested_why: ["kata: {words}, keyakinan {score}", "words: {words}, confidence {score}"],
  routed_by_system: ["Diteruskan otomatis oleh sistem; koordinator dapat meneruskan ulang.",
    "Sent on automatically by the system; the coordinator may route it again."],
  routed_badge: ["Diteruskan sistem", "Routed by the system"],
  // statistics
  stats_title: ["Statistik", "Statistics"],
  scope: ["Cakupan", "Scope"],
  scope_national: ["Nasional", "National"],
  period: ["Bulan", "Month"],
  show: ["Tampilkan", "Show"],
  "figure.received": ["Diterima", "Received"],
  "figure.verified": ["Diverifikasi", "Verified"],
  "figure.dispositioned": ["Didisposisikan", "Routed"],
  "figure.responded": ["Ditindaklanjuti", "Answered"],
  "figure.closed": ["Selesai", "Closed"],
  "figure.breached": ["Tenggat terlewat", "Deadlines missed"],
  "figure.recorded_late": ["Dicatat terlambat", "Recorded late"],
  "figure.open_overdue_at_end": ["Terlambat di akhir periode", "Overdue at period end"],
  "figure.compliance_index": ["Indeks kepatuhan", "Compliance index"],
  "figure.verified_within_deadline": ["Verifikasi tepat waktu", "Verified on time"],
  "figure.first_response_within_deadline": ["Tindak lanjut pertama tepat waktu", "First follow-up on time"],
  "figure.completed_within_deadline": ["Selesai tepat waktu", "Completed on time"],
  "figure.completion_rate": ["Tingkat penyelesaian", "Completion rate"],
  of_n: ["{count} dari {of}", "{count} of {of}"],
  chart_weekly: ["Laporan diterima per minggu", "Reports received per week"],
  chart_weekly_desc: ["Batang: jumlah laporan yang diterima setiap minggu pada {period}.",
    "Bars: reports received in each week of {period}."],
  chart_topics: ["Topik terbanyak", "Top topics"],
  chart_topics_desc: ["Batang: jumlah laporan per topik, sepuluh terbanyak.", "Bars: reports per topic, the ten largest."],
  chart_sla_agencies: ["Kepatuhan tenggat per instansi", "Deadlines met by agency"],
  chart_sla_regions: ["Kepatuhan tenggat per wilayah", "Deadlines met by region"],
  chart_sla_desc: ["Batang: persentase tenggat (verifikasi, tindak lanjut pertama, penyelesaian) yang dipenuhi; merah di bawah 80%.",
    "Bars: share of deadlines (verification, first follow-up, completion) met; red below 80%."],
  chart_no_data: ["Belum ada data untuk periode ini.", "No data for this period yet."],
  not_measured: ["belum terukur", "not measured"],
  show_numbers: ["Lihat angka", "Show the numbers"],
  week: ["Minggu", "Week"],
  closed: ["Selesai", "Closed"],
  reports: ["Laporan", "Reports"],
  within_deadline: ["Tepat waktu", "On time"],
  deadlines_measured: ["Tenggat terukur", "Deadlines measured"],
  target: ["target 80%", "80% target"],
  // compliance reports
  compliance_title: ["Laporan kepatuhan", "Compliance reports"],
  compliance_build: ["Buat laporan kepatuhan", "Build a compliance report"],
  compliance_build_hint: ["Membuat berkas CSV, XLSX dan PDF dalam bahasa Indonesia dan Inggris. Membuat ulang periode yang sama menimpa berkasnya.",
    "Builds CSV, XLSX and PDF files in Indonesian and English. Building the same period again replaces its files."],
  build: ["Buat laporan", "Build the report"],
  compliance_list: ["Laporan yang sudah dibuat", "Reports built so far"],
  compliance_empty: ["Belum ada laporan kepatuhan.", "No compliance reports yet."],
  compliance_built: ["Laporan kepatuhan sudah dibuat.", "The compliance report has been built."],
  generated_at: ["Dibuat", "Built"],
  generated_by: ["Oleh", "By"],
  generations: ["Riwayat pembuatan", "Build history"],
  downloads: ["Unduh", "Downloads"],
  "language.id": ["Bahasa Indonesia", "Indonesian"],
  "language.en": ["Bahasa Inggris", "English"],
  download_link: ["{format}, {size}", "{format}, {size}"],
  back_to_compliance: ["← Semua laporan kepatuhan", "← All compliance reports"],
  open: ["Buka", "Open"],
  summary: ["Ringkasan", "Summary"],
  fingerprint: ["Sidik SHA-256", "SHA-256 fingerprint"],
  // users
  users_title: ["Pengguna", "Users"],
  users_list: ["Akun petugas", "Staff accounts"],
  users_empty: ["Tidak ada akun.", "No accounts."],
  filter_agency: ["Instansi", "Agency"],
  all_agencies: ["— semua instansi —", "— every agency —"],
  national_agencies: ["Instansi pusat (ID)", "National agencies (ID)"],
  agency_region: ["Wilayah instansi", "Agency's region"],
  filter: ["Saring", "Filter"],
  create_user: ["Buat akun petugas", "Create a staff account"],
  role: ["Peran", "Role"],
  password_hint: ["Minimal 10 karakter dengan huruf besar, huruf kecil, angka dan simbol.",
    "At least 10 characters with upper and lower case, a digit and a symbol."],
  username_hint: ["Huruf kecil, angka, titik, garis bawah atau tanda hubung.", "Lower-case letters, digits, dots, underscores or hyphens."],
  create: ["Buat", "Create"],
  user_created: ["Akun {user} sudah dibuat.", "The account {user} has been created."],
  created_at: ["Dibuat", "Created"],
  account_status: ["Status akun", "Account"],
  account_active: ["Aktif", "Active"],
  account_disabled: ["Nonaktif sejak {time}", "Disabled since {time}"],
  disable_account: ["Nonaktifkan", "Disable"],
  enable_account: ["Aktifkan", "Enable"],
  confirm_disable: ["Nonaktifkan akun {user}? Semua sesinya langsung ditolak.",
    "Disable the account {user}? All its sessions are refused at once."],
  // agencies
  agencies_title: ["Instansi", "Agencies"],
  agencies_list: ["Daftar instansi", "Agencies"],
  agencies_empty: ["Tidak ada instansi.", "No agencies."],
  all_regions: ["— semua wilayah —", "— every region —"],
  national_level: ["Nasional (ID)", "National (ID)"],
  create_agency: ["Tambah instansi", "Add an agency"],
  agency_id: ["ID instansi", "Agency id"],
  agency_id_hint: ["Huruf kecil, angka dan tanda hubung, mis. dpupr-bintan.", "Lower-case letters, digits and hyphens, e.g. dpupr-bintan."],
  agency_name: ["Nama instansi", "Agency name"],
  short_name: ["Nama singkat", "Short name"],
  time_zone: ["Zona waktu", "Time zone"],
  "tz.Asia/Jakarta": ["WIB (Asia/Jakarta)", "WIB (Asia/Jakarta)"],
  "tz.Asia/Makassar": ["WITA (Asia/Makassar)", "WITA (Asia/Makassar)"],
  "tz.Asia/Jayapura": ["WIT (Asia/Jayapura)", "WIT (Asia/Jayapura)"],
  coordinator: ["Koordinator wilayah", "Region coordinator"],
  coordinator_hint: ["Admin koordinator menerima laporan wilayah yang tidak menyebut instansi.",
    "The coordinating admin receives the region's reports that name no agency."],
  active: ["Aktif", "Active"],
  yes: ["Ya", "Yes"],
  no: ["Tidak", "No"],
  units: ["Unit kerja", "Units"],
  unit_id: ["ID unit", "Unit id"],
  unit_name: ["Nama unit", "Unit name"],
  add_unit: ["Tambah unit", "Add a unit"],
  remove_unit: ["Hapus unit {n}", "Remove unit {n}"],
  unit_n: ["Unit {n}", "Unit {n}"],
  agency_created: ["Instansi {id} sudah ditambahkan.", "The agency {id} has been added."],
  // holidays
  holidays_title: ["Hari libur", "Holidays"],
  holidays_note: ["Hari libur nasional dan cuti bersama berasal dari kalender pemerintah; admin nasional dapat menambah hari lain. Tenggat yang sudah ditetapkan tidak dihitung ulang; perubahan berlaku untuk tenggat yang ditetapkan sesudahnya.",
    "National holidays and joint leave come from the government calendar; a national admin may add other days. Deadlines already set are not recomputed; a change counts for deadlines set from then on."],
  year: ["Tahun", "Year"],
  date: ["Tanggal", "Date"],
  holiday_name: ["Nama hari libur", "Name of the holiday"],
  source: ["Sumber", "Source"],
  "source.national": ["Nasional", "National"],
  "source.added": ["Ditambahkan", "Added"],
  added_by: ["Ditambahkan oleh", "Added by"],
  add_holiday: ["Tambah hari libur", "Add a holiday"],
  add: ["Tambah", "Add"],
  delete: ["Hapus", "Delete"],
  delete_holiday: ["Hapus hari libur {date}", "Delete the holiday of {date}"],
  holiday_added: ["Hari libur {date} sudah ditambahkan.", "The holiday of {date} has been added."],
  holiday_deleted: ["Hari libur {date} sudah dihapus.", "The holiday of {date} has been deleted."],
  holidays_empty: ["Tidak ada hari libur tercatat untuk tahun ini.", "No holidays recorded for this year."],
  // routing
  routing_title: ["Penerusan laporan", "Routing"],
  routing_lead: ["Siapa yang menangani setiap topik di suatu wilayah, dan mengapa. Laporan yang teksnya jelas langsung diteruskan ke instansi ini; selebihnya ke koordinator wilayah.",
    "Who handles each topic in a region, and why. Reports whose text is clear go straight to that agency; the others to the region's coordinator."],
  province: ["Provinsi", "Province"],
  regency: ["Kabupaten/kota", "Regency or city"],
  whole_country: ["Seluruh Indonesia (ID)", "All of Indonesia (ID)"],
  province_level: ["Tingkat provinsi: {name}", "The province itself: {name}"],
  routing_table: ["Tabel penerusan: {region}", "Routing table: {region}"],
  handled_by: ["Ditangani oleh", "Handled by"],
  basis: ["Dasar", "Why"],
  "source.override": ["Pengaturan khusus", "Override"],
  "source.default": ["Bawaan", "Default"],
  "source.none": ["Tanpa aturan", "No rule"],
  set_in: ["ditetapkan untuk {region}", "set for {region}"],
  inherited_from: ["mengikuti {topic}", "follows {topic}"],
  affair: ["urusan {name}", "affair: {name}"],
  national_body: ["instansi pusat", "a national body"],
  coordinator_takes: ["Koordinator wilayah", "The region's coordinator"],
  regional_agency_of: ["Perangkat daerah urusan {name} di setiap wilayah", "Each region's agency for {name}"],
  template_badge: ["templat", "template"],
  template_hint: ["Dibuat dari templat standar dan belum dikonfirmasi admin.", "Generated from the standard template, not yet confirmed by an admin."],
  override_line: ["versi {version}, oleh {by}, {at}", "version {version}, by {by}, {at}"],
  subtopics: ["{n} subtopik", "{n} subtopics"],
  show_subtopics: ["Tampilkan subtopik {topic}", "Show the subtopics of {topic}"],
  change: ["Ubah", "Change"],
  change_routing: ["Ubah penerusan {topic}", "Change the routing of {topic}"],
  route_agency: ["Instansi yang menangani", "Agency that handles it"],
  back_to_default: ["— kembali ke bawaan —", "— back to the default —"],
  change_reason: ["Alasan perubahan", "Reason for the change"],
  change_reason_hint: ["Wajib, 5–500 karakter; tercatat di riwayat.", "Required, 5–500 characters; kept in the history."],
  save: ["Simpan", "Save"],
  routing_saved: ["Penerusan {topic} disimpan.", "The routing of {topic} has been saved."],
  routing_conflict: ["Tabel ini sudah diubah orang lain; muat ulang lalu coba lagi.",
    "Someone else changed this table; reload it and try again."],
  reload: ["Muat ulang", "Reload"],
  routing_history: ["Riwayat perubahan", "Change history"],
  history_empty: ["Belum ada perubahan untuk wilayah ini.", "No changes for this region yet."],
  "history.routing.set": ["{topic}: {from} → {to}", "{topic}: {from} → {to}"],
  "history.routing.removed": ["{topic}: {from} → bawaan", "{topic}: {from} → default"],
  default_short: ["bawaan", "default"],
  misses_title: ["Salah terusan", "Misses"],
  misses_lead: ["Pasangan wilayah dan topik yang laporannya paling sering dialihkan (bukan wewenang) atau diteruskan ulang oleh koordinator dalam sebulan.",
    "The region and topic pairs whose reports were most often transferred (not the agency's authority) or re-routed by the coordinator in a month."],
  misses_empty: ["Tidak ada salah terusan pada bulan ini.", "No misses this month."],
  transfers: ["Dialihkan", "Transferred"],
  reroutes: ["Diteruskan ulang", "Re-routed"],
  total: ["Jumlah", "Total"],
  routed_to: ["Kini diteruskan ke", "Now routed to"],
  last_at: ["Terakhir", "Last"],
  // answer templates
  nav_templates: ["Templat jawaban", "Answer templates"],
  nav_agency: ["Instansi saya", "My agency"],
  agency_settings_title: ["Pengaturan instansi", "Agency settings"],
  answers_need_approval: ["Jawaban akhir petugas unit kerja perlu persetujuan admin instansi",
    "Unit officers' final answers need an agency admin's approval"],
  answers_need_approval_hint: ["Jawaban yang diajukan menunggu di antrean “Menunggu persetujuan”; batas waktu tetap berjalan.",
    "Submitted answers wait in the “Awaiting approval” queue; the deadlines keep running."],
  setting_reason: ["Alasan perubahan", "Reason for the change"],
  save_settings: ["Simpan pengaturan", "Save settings"],
  settings_saved: ["Pengaturan disimpan.", "Settings saved."],
  templates_title: ["Templat jawaban", "Answer templates"],
  templates_lead: ["Teks siap pakai untuk jawaban dan kabar perkembangan kepada pelapor. Admin nasional mengatur templat nasional untuk semua instansi; admin instansi mengatur templat instansinya. Placeholder diisi untuk setiap laporan saat templat dipilih.",
    "Ready-made text for answers and progress updates to reporters. National admins keep the national templates for every agency; agency admins their own agency's. Placeholders are filled for each report when a template is picked."],
  templates_national: ["Templat nasional", "National templates"],
  templates_of_agency: ["Templat {agency}", "Templates of {agency}"],
  templates_empty: ["Belum ada templat.", "No templates yet."],
  templates_filter: ["Tampilkan juga templat instansi", "Also show an agency's templates"],
  templates_filter_none: ["— hanya templat nasional —", "— national templates only —"],
  template_name: ["Nama templat", "Template name"],
  template_purposes: ["Dipakai pada formulir", "Offered on the form"],
  template_purposes_missing: ["Pilih paling sedikit satu formulir.", "Choose at least one form."],
  "purpose.respond": ["Jawaban tindak lanjut", "Follow-up answer"],
  "purpose.update": ["Kabar perkembangan", "Progress update"],
  "purpose.ask_reporter": ["Permintaan keterangan", "Question to the reporter"],
  template_body: ["Isi templat", "Template text"],
  template_body_hint: ["Kurung kurawal hanya untuk placeholder dari daftar di bawah; placeholder lain ditolak.",
    "Braces are for the placeholders listed below only; any other is refused."],
  placeholders: ["Placeholder", "Placeholders"],
  insert_placeholder: ["Sisipkan {name}", "Insert {name}"],
  template_owner: ["Untuk", "For"],
  template_owner_national: ["Semua instansi (templat nasional)", "Every agency (national template)"],
  new_template: ["Templat baru", "New template"],
  create: ["Buat", "Create"],
  template_created: ["Templat \u201c{name}\u201d sudah dibuat.", "The template \u201c{name}\u201d has been created."],
  template_saved: ["Templat \u201c{name}\u201d sudah disimpan.", "The template \u201c{name}\u201d has been saved."],
  template_deleted: ["Templat \u201c{name}\u201d sudah dihapus.", "The template \u201c{name}\u201d has been deleted."],
  template_conflict: ["Templat ini sudah diubah orang lain; daftar sudah dimuat ulang. Periksa lalu coba lagi.",
    "Someone else changed this template; the list has been reloaded. Check it and try again."],
  template_changed_line: ["versi {version} · diubah {at} oleh {by}", "version {version} · changed {at} by {by}"],
  edit_template: ["Ubah templat {name}", "Edit the template {name}"],
  delete_template: ["Hapus templat {name}", "Delete the template {name}"],
  confirm_delete: ["Ya, hapus", "Yes, delete"],
  read_only: ["Hanya baca", "Read only"],
  template_pick: ["Pakai templat", "Use a template"],
  template_pick_none: ["— tulis sendiri —", "— write it yourself —"],
  template_pick_hint: ["Teks diisi untuk laporan ini; periksa dan lengkapi sebelum mengirim.",
    "The text is filled for this report; check and complete it before sending."],
  template_unfilled: ["Belum dapat diisi: {names}. Lengkapi sebelum mengirim.", "Could not be filled yet: {names}. Complete it before sending."],
  template_restore: ["Kembalikan teks sebelumnya", "Restore the previous text"],
  // general
  failed: ["Permintaan gagal.", "The request failed."],
  forbidden: ["Akun Anda tidak memiliki akses ke halaman ini.", "Your account has no access to this page."],
  not_found: ["Halaman ini tidak ada.", "There is no such page."],
  not_available: ["Fitur ini belum tersedia di server.", "This feature is not available on the server yet."],
  retry: ["Coba lagi", "Try again"],
  actions_col: ["Tindakan", "Actions"],
  size_kb: ["{n} kB", "{n} kB"],
  size_b: ["{n} B", "{n} B"],
});

// --- session ---------------------------------------------------------------------------

const SESSION_KEY = "aduan.console.session";

class SignedOut extends Error {}

const state = {
  me: null,
  message: null, // shown once on the sign-in page: [text, kind]
  lastRoute: null, // the route whose heading last took focus
  generation: 0,
};

function session() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY) || "null");
    if (!stored || !stored.token) return null;
    if (stored.expires_at && Date.now() > stored.expires_at) {
      sessionStorage.removeItem(SESSION_KEY);
      state.message = ["session_expired", "warn"];
      return null;
    }
    return stored.token;
  } catch (error) {
    sessionStorage.removeItem(SESSION_KEY);
    return null;
  }
}

function keepSession(tokens) {
  const seconds = Number(tokens.expires_in) || 3600;
  sessionStorage.setItem(SESSION_KEY, JSON.stringify({token: tokens.id_token, expires_at: Date.now() + seconds * 1000}));
}

function forget(messageKey, kind = "info") {
  sessionStorage.removeItem(SESSION_KEY);
  state.me = null;
  state.message = messageKey ? [messageKey, kind] : null;
  cache.clear();
}

function signOut() {
  forget("signed_out", "ok");
  if (location.hash && location.hash !== "#/") history.replaceState(null, "", location.pathname + location.search);
  render();
}

// Every staff call: the token from sessionStorage; a 401 ends the session and shows sign-in.
async function call(path, options = {}) {
  const token = session();
  if (!token) {
    render();
    throw new SignedOut();
  }
  try {
    return await api(path, {...options, token});
  } catch (error) {
    if (error.status === 401) {
      forget("session_expired", "warn");
      render();
      throw new SignedOut();
    }
    throw error;
  }
}

// Reference lists change rarely; keep them for the session.
const cache = new Map();

async function cached(key, load) {
  if (!cache.has(key)) {
    const promise = load();
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
  }
  return cache.get(key);
}

const regions = () => cached("regions", () => api("/regions").then((data) => data.regions || []));
const topics = () => cached("topics", () => api("/topics").then((data) => data.topics || []));

// A topic id ("kesehatan" or "kesehatan.puskesmas") by name, once the list has been read.
const topicNames = new Map();

async function loadTopicNames() {
  if (topicNames.size) return;
  const list = await topics().catch(() => []);
  for (const topic of list) {
    topicNames.set(topic.topic_id, {id: topic.name_id, en: topic.name_en});
    for (const sub of topic.subtopics || []) {
      topicNames.set(sub.topic_id, {id: `${topic.name_id} › ${sub.name_id}`, en: `${topic.name_en} › ${sub.name_id}`});
    }
  }
}

function topicName(topicId) {
  if (!topicId) return t("none");
  const name = topicNames.get(topicId);
  return name ? label(name) : topicId;
}

const publicAgencies = (region) => cached(`agencies:${region}`,
  () => api(`/agencies?region_code=${encodeURIComponent(region)}`).then((data) => data.agencies || []));

// Units of an agency, or null when the server cannot say (route missing, not allowed).
async function unitsOf(agencyId) {
  if (!agencyId) return null;
  try {
    return await cached(`units:${agencyId}`, () => call(`/admin/agencies/${encodeURIComponent(agencyId)}`)
      .then((data) => (data && Array.isArray(data.units) ? data.units : null)));
  } catch (error) {
    if (error instanceof SignedOut) throw error;
    return null;
  }
}

// Choosing one agency among thousands: a region (or the national bodies), then its agencies.
// Returns the two controls; the agency control's value is the chosen agency id ("" for none).
async function agencyPicker(name, firstText, onChange) {
  const places = await regions().catch(() => []);
  const regionControl = select(`${name}_region`, [
    {value: "ID", text: t("national_agencies")},
    ...places.map((region) => ({value: region.region_code, text: `${region.region_code} ${region.name}`}))],
  {value: "ID"});
  const agencyControl = select(name, [{value: "", text: firstText}], {value: ""});
  const fill = async (changed) => {
    const region = regionControl.value;
    const list = await publicAgencies(region).catch(() => []);
    if (regionControl.value !== region) return;
    agencyControl.replaceChildren(h("option", {value: ""}, firstText),
      ...list.map((agency) => h("option", {value: agency.agency_id}, `${agency.short_name || agency.name} (${agency.agency_id})`)));
    if (changed && onChange) onChange();
  };
  regionControl.addEventListener("change", () => fill(true));
  await fill(false);
  return {regionControl, agencyControl};
}

// --- small helpers ---------------------------------------------------------------------------

const ZONE_OFFSETS = {"Asia/Jakarta": "+07:00", "Asia/Makassar": "+08:00", "Asia/Jayapura": "+09:00"};
const TIME_ZONES = Object.keys(ZONE_OFFSETS);

function myZone() {
  return (state.me && state.me.agency && state.me.agency.time_zone) || "Asia/Jakarta";
}

// An instant (any offset, or Z) as ISO in an Indonesian zone, for formatTime to label it.
function inZone(iso, zone = myZone()) {
  if (!iso) return null;
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) return iso;
  const offset = ZONE_OFFSETS[zone] || "+07:00";
  const shifted = new Date(millis + Number(offset.slice(1, 3)) * 3600 * 1000);
  return shifted.toISOString().slice(0, 19) + offset;
}

function thisMonth() {
  return inZone(new Date().toISOString(), "Asia/Jakarta").slice(0, 7);
}

function isPast(iso) {
  const millis = Date.parse(iso || "");
  return !Number.isNaN(millis) && millis < Date.now();
}

function seesEverything() {
  return state.me && (state.me.role === "national_admin" || state.me.role === "oversight");
}

function text(key, fallback) {
  const value = t(key);
  return value === key ? (fallback ?? key) : value;
}

function enumText(prefix, value) {
  return value ? text(`${prefix}.${value}`, value) : t("none");
}

function percentText(value) {
  if (value === null || value === undefined) return t("none");
  return `${formatNumber(Math.round(value * 10) / 10)}%`;
}

function sizeText(bytes) {
  if (!Number.isFinite(bytes)) return "";
  return bytes < 1024 ? t("size_b", {n: formatNumber(bytes)}) : t("size_kb", {n: formatNumber(Math.ceil(bytes / 1024))});
}

function heading(title, ...rest) {
  return h("h1", {tabindex: "-1"}, title, ...rest);
}

function facts(rows) {
  return h("dl", {class: "facts"}, rows.filter(Boolean).map(([name, value]) => [h("dt", {}, name), h("dd", {}, value)]));
}

function select(name, options, {value, required = false, id} = {}) {
  const control = h("select", {name, required, id});
  for (const option of options) {
    if (option.group) {
      control.append(h("optgroup", {label: option.group}, option.options.map((item) =>
        h("option", {value: item.value, selected: item.value === value}, item.text))));
    } else {
      control.append(h("option", {value: option.value, selected: option.value === value}, option.text));
    }
  }
  if (value !== undefined && value !== null) control.value = value;
  return control;
}

function input(name, attributes = {}) {
  return h("input", {name, type: "text", ...attributes});
}

function textarea(name, attributes = {}) {
  return h("textarea", {name, rows: 4, ...attributes});
}

function checkbox(name, labelText, {checked = false, hint} = {}) {
  const id = `f-${name}-${Math.random().toString(36).slice(2, 8)}`;
  const hintId = hint ? `${id}-hint` : null;
  return h("div", {class: "field choice", "data-field": name},
    h("input", {type: "checkbox", id, name, checked, "aria-describedby": [hintId, `${id}-error`].filter(Boolean).join(" ")}),
    h("div", {},
      h("label", {for: id}, labelText),
      hint ? h("span", {class: "hint", id: hintId}, hint) : null,
      h("p", {class: "field-error", id: `${id}-error`, "aria-live": "polite"})));
}

// The form's values keyed by control name; blanks are left out, checkboxes are booleans.
function collect(form) {
  const body = {};
  for (const control of form.elements) {
    if (!control.name || control.disabled || control.dataset.skip !== undefined) continue;
    if (control.type === "checkbox") {
      body[control.name] = control.checked;
      continue;
    }
    const value = control.type === "password" ? control.value : control.value.trim();
    if (value !== "") body[control.name] = value;
  }
  return body;
}

// Shows what went wrong: next to the fields the server named, the rest above the button.
function failed(form, error) {
  if (error instanceof SignedOut) return;
  const problems = (error.details || []).filter((problem) => problem && problem.message);
  showErrors(form, problems, error.message || t("failed"));
  if (!problems.some((problem) => problem.field && form.querySelector(`[data-field="${CSS.escape(problem.field)}"]`))) {
    const summary = form.querySelector(".form-error .notice");
    if (summary) {
      summary.tabIndex = -1;
      summary.focus();
    }
  }
}

function formError() {
  return h("div", {class: "form-error"});
}

// "Load more" under a list: fetches the page after the cursor and hands its items to `add`,
// which returns false when the page it adds to is gone; it disappears at the end of the list.
function pager(firstCursor, fetchPage, add) {
  const more = h("div", {class: "actions"});
  let cursor = firstCursor;
  const showMore = () => {
    more.replaceChildren();
    if (!cursor) return;
    const button = h("button", {type: "button", class: "secondary", onclick: async () => {
      button.disabled = true;
      try {
        const next = await fetchPage(cursor);
        if (add(next.items || []) === false) return;
        cursor = next.cursor;
        showMore();
      } catch (error) {
        button.disabled = false;
        const problem = loadFailure(error);
        if (problem) more.append(problem);
      }
    }}, t("more"));
    more.append(button);
  };
  showMore();
  return more;
}

function loadFailure(error, retry) {
  if (error instanceof SignedOut) return null;
  // A structured error says what happened; a bare 403/404/405 means the route is not there (yet).
  let message = error.code ? error.message : (error.message || t("failed"));
  if (!error.code && [403, 404, 405].includes(error.status)) message = t("not_available");
  return h("div", {},
    notice(message, "error"),
    retry ? h("p", {}, h("button", {type: "button", class: "secondary", onclick: retry}, t("retry"))) : null);
}

// --- SVG charts ---------------------------------------------------------------------------

const SVG = "http://www.w3.org/2000/svg";
let svgCounter = 0;

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function chartWidth() {
  // Drawn at the width it will be shown at (inside a card in <main>), so text keeps its size.
  const main = document.getElementById("main");
  if (!main) return 640;
  const style = getComputedStyle(main);
  const available = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 34;
  return Math.round(Math.max(260, Math.min(1040, available)));
}

function chartFrame(width, height, title, description, kind) {
  const id = `chart-${++svgCounter}`;
  return svg("svg", {class: `chart ${kind}`, viewBox: `0 0 ${width} ${height}`, width, height,
    role: "img", "aria-labelledby": `${id}-title ${id}-desc`, "data-chart": kind, preserveAspectRatio: "xMinYMin meet"},
  svg("title", {id: `${id}-title`}, title),
  svg("desc", {id: `${id}-desc`}, description));
}

function clip(label, maxWidth) {
  const limit = Math.max(8, Math.floor(maxWidth / 6.6));
  return label.length > limit ? `${label.slice(0, limit - 1)}…` : label;
}

// Vertical bars, one per week.
function weeklyChart(weeks, title, description) {
  const width = chartWidth();
  const height = 230;
  const left = 36;
  const right = 8;
  const top = 18;
  const bottom = 34;
  const frame = chartFrame(width, height, title, description, "weekly");
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const max = Math.max(1, ...weeks.map((week) => week.received || 0));
  const scaleTop = max <= 4 ? max : Math.ceil(max / 4) * 4;
  for (const tick of [0, scaleTop / 2, scaleTop]) {
    if (tick !== Math.round(tick)) continue;
    const y = top + plotHeight - (tick / scaleTop) * plotHeight;
    frame.append(svg("line", {class: "axis grid", x1: left, x2: width - right, y1: y, y2: y}),
      svg("text", {x: left - 6, y: y + 4, "text-anchor": "end"}, formatNumber(tick)));
  }
  const slot = plotWidth / Math.max(1, weeks.length);
  const barWidth = Math.max(6, Math.min(56, slot * 0.6));
  weeks.forEach((week, index) => {
    const value = week.received || 0;
    const barHeight = (value / scaleTop) * plotHeight;
    const x = left + slot * index + (slot - barWidth) / 2;
    const y = top + plotHeight - barHeight;
    const from = week.from || week.week_start || "";
    const dayMonth = from ? `${Number(from.slice(8, 10))}/${Number(from.slice(5, 7))}` : String(index + 1);
    frame.append(svg("g", {class: "week"},
      svg("title", {}, `${formatTime(from, {dateOnly: true})} – ${formatTime(week.to, {dateOnly: true})}: ${formatNumber(value)}`),
      svg("rect", {class: "bar", x: x.toFixed(1), y: y.toFixed(1), width: barWidth.toFixed(1), height: Math.max(0, barHeight).toFixed(1)}),
      svg("text", {x: (x + barWidth / 2).toFixed(1), y: (y - 4).toFixed(1), "text-anchor": "middle", class: "value"}, formatNumber(value)),
      svg("text", {x: (x + barWidth / 2).toFixed(1), y: height - bottom + 16, "text-anchor": "middle"}, dayMonth)));
  });
  frame.append(svg("line", {class: "axis", x1: left, x2: width - right, y1: top + plotHeight, y2: top + plotHeight}));
  return frame;
}

// Horizontal bars with the label above each bar (room for long agency names on a phone).
// rows: [{label, value (null: not measured), display, low}]
function barChart(rows, {title, description, kind, max, target}) {
  const width = chartWidth();
  const rowHeight = 40;
  const top = 8;
  const valueRoom = 96;
  const height = top + Math.max(1, rows.length) * rowHeight + (target ? 18 : 4);
  const frame = chartFrame(width, height, title, description, kind);
  const plotWidth = width - valueRoom;
  const scale = Math.max(1, max ?? Math.max(0, ...rows.map((row) => row.value || 0)));
  rows.forEach((row, index) => {
    const y = top + index * rowHeight;
    const barWidth = row.value ? Math.max(2, (row.value / scale) * plotWidth) : 0;
    frame.append(svg("g", {class: "row"},
      svg("title", {}, `${row.label}: ${row.display}`),
      svg("text", {x: 0, y: y + 12}, clip(row.label, width)),
      row.value === null ? null
        : svg("rect", {class: row.low ? "bar low" : "bar", x: 0, y: y + 17, width: barWidth.toFixed(1), height: 14}),
      svg("text", {x: (barWidth + 6).toFixed(1), y: y + 29, class: "value"}, row.display)));
  });
  if (target) {
    const x = (target / scale) * plotWidth;
    frame.append(svg("line", {class: "axis target", x1: x.toFixed(1), x2: x.toFixed(1), y1: top, y2: height - 16,
      "stroke-dasharray": "4 3"}),
    svg("text", {x: x.toFixed(1), y: height - 4, "text-anchor": "middle"}, t("target")));
  }
  return frame;
}

function emptyChart(title, kind) {
  const width = chartWidth();
  const frame = chartFrame(width, 60, title, t("chart_no_data"), kind);
  frame.append(svg("text", {x: 0, y: 34}, t("chart_no_data")));
  return frame;
}

function dataTable(head, rows, numeric = []) {
  return h("div", {class: "table-wrap"}, h("table", {},
    h("thead", {}, h("tr", {}, head.map((name, index) => h("th", {scope: "col", class: numeric.includes(index) ? "num" : null}, name)))),
    h("tbody", {}, rows.map((row) => h("tr", {}, row.map((cell, index) =>
      h("td", {class: numeric.includes(index) ? "num" : null}, cell)))))));
}

function chartSection(title, chart, table) {
  return h("section", {class: "card chart-card"},
    h("h2", {}, title),
    chart,
    h("details", {class: "numbers"}, h("summary", {}, t("show_numbers")), table));
}

// --- the router ---------------------------------------------------------------------------

function route() {
  const parts = (location.hash || "").replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  return {parts, key: parts.join("/")};
}

function defaultQueue() {
  return state.me && state.me.role === "unit_officer" ? "inbox" : "verification";
}

function navLinks() {
  const may = (state.me && state.me.may) || {};
  return [
    ["#/queue", "nav_queues", "queue"],
    may.read_statistics ? ["#/stats", "nav_stats", "stats"] : null,
    may.read_statistics ? ["#/compliance", "nav_compliance", "compliance"] : null,
    may.create_users ? ["#/users", "nav_users", "users"] : null,
    may.manage_agencies ? ["#/agencies", "nav_agencies", "agencies"] : null,
    may.manage_holidays ? ["#/holidays", "nav_holidays", "holidays"] : null,
    seesEverything() ? ["#/routing", "nav_routing", "routing"] : null,
    ["#/templates", "nav_templates", "templates"],
    may.agency_settings ? ["#/agency", "nav_agency", "agency"] : null,
  ].filter(Boolean);
}

function renderNav(section) {
  const nav = document.getElementById("nav");
  nav.setAttribute("aria-label", t("nav_label"));
  if (!state.me) {
    nav.replaceChildren();
    return;
  }
  const links = navLinks();
  setNav(links.map(([href, key]) => [href, t(key)]));
  const sections = ["queue", "reports"].includes(section) ? "queue" : section;
  nav.querySelectorAll("a").forEach((link, index) => {
    if (links[index][2] === sections) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  });
  nav.append(h("div", {class: "console-user"},
    h("span", {class: "who"}, t("signed_in_as", {user: state.me.username}), " · ", enumText("role", state.me.role)),
    h("button", {type: "button", class: "secondary sign-out", onclick: signOut}, t("sign_out"))));
}

// Puts a page in <main>; moves focus to its heading when the route changed.
function show(routeKey, ...children) {
  mount(...children);
  if (state.lastRoute !== routeKey) {
    state.lastRoute = routeKey;
    const title = document.querySelector("#main h1");
    if (title) title.focus();
  }
  const title = document.querySelector("#main h1");
  document.title = `${title ? title.textContent : t("sign_in_title")} · Aduan`;
}

function render() {
  const generation = ++state.generation;
  const current = () => generation === state.generation;
  const {parts, key} = route();
  if (!session()) {
    renderNav(null);
    signInPage();
    return;
  }
  renderSignedIn(parts, key, current).catch((error) => {
    if (error instanceof SignedOut || !current()) return;
    show(key, heading(t("failed")), loadFailure(error, render));
  });
}

async function renderSignedIn(parts, key, current) {
  if (!state.me) {
    mount(notice(t("loading")));
    const me = await call("/admin/me");
    if (!current()) return;
    state.me = me;
  }
  const [section, ...rest] = parts;
  renderNav(section || "queue");
  const may = state.me.may || {};
  const pages = {
    queue: () => queuePage(rest[0] || defaultQueue(), key, current),
    reports: () => casePage(rest[0], key, current),
    stats: () => (may.read_statistics ? statsPage(key, current) : deny(key)),
    compliance: () => (may.read_statistics ? (rest[0] ? complianceDetailPage(rest.join("/"), key, current)
      : compliancePage(key, current)) : deny(key)),
    users: () => (may.create_users ? usersPage(key, current) : deny(key)),
    agencies: () => (may.manage_agencies ? agenciesPage(key, current) : deny(key)),
    holidays: () => (may.manage_holidays ? holidaysPage(key, current) : deny(key)),
    // GET /admin/routing is for national admins (who change it) and oversight (who read it).
    routing: () => (seesEverything() ? routingPage(key, current) : deny(key)),
    // Every staff member reads the national templates and their agency's; admins change them.
    templates: () => templatesPage(key, current),
    agency: () => (may.agency_settings ? agencySettingsPage(key, current) : deny(key)),
  };
  const page = pages[section || "queue"];
  if (!page) {
    show(key, heading(t("not_found")), h("p", {}, h("a", {href: "#/queue"}, t("back_to_queue"))));
    return;
  }
  await page();
}

function deny(key) {
  show(key, heading(t("forbidden")), h("p", {}, h("a", {href: "#/queue"}, t("back_to_queue"))));
}

// --- sign-in ---------------------------------------------------------------------------

function signInPage() {
  const username = input("username", {autocomplete: "username", required: true, autocapitalize: "none", spellcheck: "false"});
  const password = h("input", {name: "password", type: "password", autocomplete: "current-password", required: true});
  const message = state.message;
  // A link to a case (from an e-mail) keeps its hash through sign-in, and render() then opens it.
  // Named only when it looks like a tracking id: a crafted link must not put its words on this page.
  const [section, trackingId] = route().parts;
  const opens = section === "reports" && /^[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}$/.test(trackingId || "");
  const form = h("form", {class: "card sign-in", novalidate: true},
    message ? notice(t(message[0]), message[1]) : null,
    opens ? notice(t("sign_in_opens", {id: trackingId})) : null,
    field("username", t("username"), username),
    field("password", t("password"), password),
    formError(),
    h("div", {class: "actions"}, h("button", {type: "submit"}, t("sign_in"))));
  onSubmit(form, async () => {
    const tokens = await api("/auth/login", {method: "POST",
      body: {username: username.value.trim(), password: password.value}});
    keepSession(tokens);
    state.message = null;
    state.me = null;
    state.lastRoute = null;
    render();
  }, {
    failed: (error) => {
      password.value = "";
      failed(form, error);
    },
  });
  show("sign-in", heading(t("sign_in_title")), h("p", {class: "lead"}, t("sign_in_lead")), form);
}

// --- queues ---------------------------------------------------------------------------

const QUEUES = ["verification", "inbox", "overdue", "answered"];
// Officers' final answers waiting for an agency admin: a tab while there are any (or while it is open).
const APPROVAL = "awaiting_approval";
// What the system sent straight to agencies of a coordinator's region: a tab only for the agency
// admins whose counts include it.
const ROUTED = "routed";

function mayWatchRouted() {
  return state.me && state.me.role === "agency_admin";
}

function countBadge(entry, queue) {
  if (!entry) return null;
  const shown = entry.more ? "999+" : formatNumber(entry.count);
  const alert = queue === "overdue" && (entry.count > 0 || entry.more);
  return h("span", {class: alert ? "count alert" : "count"},
    h("span", {"aria-hidden": "true"}, shown),
    h("span", {class: "visually-hidden"}, `(${t("count_of", {n: shown})})`));
}

function queueItem(item) {
  return h("li", {class: item.overdue ? "overdue" : null, "data-tracking-id": item.tracking_id},
    h("a", {class: "title", href: `#/reports/${encodeURIComponent(item.tracking_id)}`}, item.title),
    h("div", {class: "meta"},
      h("span", {class: "badge status"}, label(item.status_label)),
      item.overdue ? h("span", {class: "badge overdue"}, t("overdue")) : null,
      item.escalated ? h("span", {class: "badge escalated"}, t("escalated")) : null,
      h("span", {class: "tracking"}, item.tracking_id),
      h("span", {}, enumText("kind", item.kind)),
      item.privacy !== "public" ? h("span", {}, enumText("privacy", item.privacy)) : null,
      h("span", {}, item.agency_id, item.unit_id ? ` / ${item.unit_id.split(".").pop()}` : ""),
      h("span", {}, `${t("received")}: ${formatTime(inZone(item.received_at))}`),
      item.next_due_at ? h("span", {class: item.overdue ? "due late" : "due"}, `${t("due")}: ${formatTime(inZone(item.next_due_at))}`) : null));
}

async function queuePage(queue, key, current) {
  if (!QUEUES.includes(queue) && queue !== APPROVAL && !(queue === ROUTED && mayWatchRouted())) queue = defaultQueue();
  mount(notice(t("loading")));
  const [counts, page] = await Promise.all([
    call("/admin/queues").catch((error) => {
      if (error instanceof SignedOut) throw error;
      return null;
    }),
    call(`/admin/reports?queue=${queue}&limit=25`),
  ]);
  if (!current()) return;
  const routed = counts && counts.counts && counts.counts[ROUTED];
  const approval = counts && counts.counts && counts.counts[APPROVAL];
  const names = [...QUEUES.slice(0, 2), ...((approval && approval.count) || queue === APPROVAL ? [APPROVAL] : []),
    ...QUEUES.slice(2), ...(routed || queue === ROUTED ? [ROUTED] : [])];
  const tabs = h("nav", {class: "tabs", "aria-label": t("queue_tabs")}, names.map((name) =>
    h("a", {href: `#/queue/${name}`, "aria-current": name === queue ? "page" : null, "data-queue": name},
      t(`queue.${name}`), countBadge(counts && counts.counts && counts.counts[name], name))));
  const list = h("ul", {class: "list queue"}, page.items.map(queueItem));
  const more = pager(page.cursor, (cursor) => call(`/admin/reports?queue=${queue}&limit=25&cursor=${encodeURIComponent(cursor)}`),
    (items) => {
      if (!current()) return false;
      const added = items.map(queueItem);
      list.append(...added);
      if (added.length) added[0].querySelector("a").focus();
      return true;
    });
  show(key,
    heading(t("queues_title")),
    tabs,
    h("p", {class: "lead"}, t(`queue_lead.${queue}`)),
    page.items.length ? list : notice(t("queue_empty")),
    more);
}

// --- the case ---------------------------------------------------------------------------

async function casePage(trackingId, key, current, flash = null) {
  if (!trackingId) {
    location.hash = "#/queue";
    return;
  }
  mount(notice(t("loading")));
  let view;
  try {
    [view] = await Promise.all([call(`/admin/reports/${encodeURIComponent(trackingId)}`), loadTopicNames()]);
  } catch (error) {
    if (error instanceof SignedOut || !current()) return;
    show(key, heading(trackingId), h("p", {}, h("a", {href: "#/queue"}, t("back_to_queue"))),
      loadFailure(error, render));
    return;
  }
  if (!current()) return;
  showCase(view, key, current, flash);
}

// The likely duplicate whose button opened the duplicate form (prefills its tracking id).
let presetDuplicateOf = null;

function likelyDuplicatesCard(view, buttons) {
  const entries = view.likely_duplicates || [];
  if (!entries.length) return null;
  const mergeButton = buttons.find((button) => button.dataset.action === "duplicate");
  return h("section", {class: "card", "aria-labelledby": "likely-title"},
    h("h2", {id: "likely-title"}, t("likely_duplicates")),
    h("p", {class: "lead"}, t("likely_duplicates_hint")),
    h("ul", {class: "files likely-duplicates"}, entries.map((entry) => h("li", {},
      h("a", {href: `#/reports/${encodeURIComponent(entry.tracking_id)}`}, entry.title),
      " ", h("span", {class: "badge status"}, label(entry.status_label)),
      h("span", {class: "when"}, ` ${entry.tracking_id} · ${formatTime(entry.received_at)} · `,
        t("similarity", {n: Math.round(entry.score * 100)}),
        entry.distance_m !== undefined && entry.distance_m !== null ? ` · ${t("distance", {m: entry.distance_m})}` : "",
        entry.reporters > 1 ? ` · ${t("reporters_count")}: ${entry.reporters}` : ""),
      mergeButton ? [" ", h("button", {type: "button", class: "secondary", "data-duplicate-of": entry.tracking_id,
        onclick: () => {
          presetDuplicateOf = entry.tracking_id;
          if (mergeButton.getAttribute("aria-expanded") === "true") mergeButton.click();
          mergeButton.click();
        }}, t("mark_duplicate_of"))] : null))));
}

function showCase(view, key, current, flash = null) {
  const lateNow = view.next_due_at && isPast(view.next_due_at);
  const suggestion = view.suggestion;
  const watching = suggestion && suggestion.routed_by_system && ["submitted", "on_hold"].includes(view.status)
    && state.me && state.me.agency
    && state.me.agency.agency_id === suggestion.coordinator_id && state.me.agency.agency_id !== (view.agency || {}).agency_id;
  const queue = watching ? ROUTED : ["submitted", "on_hold"].includes(view.status) ? "verification"
    : view.status === "responded" ? "answered" : "inbox";
  const panel = h("div", {class: "action-panel"});
  const actions = view.allowed_actions || [];
  const buttons = actions.map((allowed) => h("button", {
    type: "button",
    class: allowed.action === "archive" ? "danger" : (allowed.action === "verify" || allowed.action === "respond" ? null : "secondary"),
    "data-action": allowed.action,
    "aria-expanded": "false",
    onclick: (event) => openAction(view, allowed, panel, event.currentTarget, key, current),
  }, label(allowed.label)));

  const location_ = view.location;
  const attachments = view.attachments || [];
  const reporter = view.reporter || {};
  const deadlines = view.deadlines || {};

  const content = h("section", {class: "card"},
    h("h2", {}, t("report_content")),
    h("p", {class: "description"}, view.description),
    location_ ? facts([
      location_.address ? [t("location"), location_.address] : null,
      location_.lat !== null && location_.lat !== undefined ? [t("coordinates"), `${location_.lat}, ${location_.lon}`] : null,
    ]) : null,
    view.incident_date ? facts([[t("incident_date"), formatTime(view.incident_date, {dateOnly: true})]]) : null,
    attachments.length ? [h("h3", {}, t("attachments")), caseFiles(attachments, view, key, current)] : null);

  const actionCard = h("section", {class: "card actions-card", "aria-labelledby": "actions-title"},
    h("h2", {id: "actions-title"}, t("actions")),
    actions.length ? h("div", {class: "actions"}, buttons) : h("p", {class: "lead"}, t("no_actions")),
    panel);

  const timelineCard = h("section", {class: "card"},
    h("h2", {}, t("timeline")),
    h("ol", {class: "timeline"}, [...(view.timeline || [])].reverse().map((entry) => timelineEntry(entry, view, key, current))));

  const detailCard = h("section", {class: "card"},
    h("h2", {}, t("details")),
    facts([
      [t("tracking_id"), view.tracking_id],
      [t("kind"), enumText("kind", view.kind)],
      [t("privacy"), enumText("privacy", view.privacy)],
      [t("channel"), enumText("channel", view.channel)],
      [t("agency"), view.agency ? view.agency.name : t("none")],
      view.unit_id ? [t("unit"), view.unit_id] : null,
      [t("region"), view.region_code],
      [t("topic"), topicName(view.topic)],
      view.complexity ? [t("complexity"), enumText("complexity", view.complexity)] : null,
      [t("received"), formatTime(view.received_at)],
      view.reporters > 1 ? [t("reporters_count"), String(view.reporters)] : null,
      view.duplicate_of ? [t("duplicate_of"), h("a", {href: `#/reports/${encodeURIComponent(view.duplicate_of)}`}, view.duplicate_of)] : null,
      [t("version"), String(view.version)],
    ]));

  const deadlineCard = h("section", {class: "card"},
    h("h2", {}, t("deadlines")),
    facts([
      ...["verification_due", "first_response_due", "completion_due", "auto_close_due", "reporter_answer_due"]
        .filter((name) => deadlines[name]).map((name) => [t(name), (PAUSED_DEADLINES[view.status] || []).includes(name)
          ? [h("span", {class: "badge paused"}, t("paused")), " ", t("paused_since", {when: formatTime(view.paused_at), due: formatTime(deadlines[name])})]
          : formatTime(deadlines[name])]),
      view.escalated_at ? [t("escalated_at"), formatTime(view.escalated_at)] : null,
    ]),
    (view.breaches || []).length ? [
      h("h3", {}, t("breaches")),
      h("ul", {class: "breaches"}, view.breaches.map((breach) => h("li", {class: breach.resolved_at ? null : "open"},
        t("breach_line", {stage: enumText("stage", breach.stage), deadline: formatTime(breach.deadline),
          detected: formatTime(breach.detected_at)}), " — ",
        breach.resolved_at ? t("breach_resolved", {at: formatTime(breach.resolved_at)})
          : h("strong", {}, t("breach_open"))))),
    ] : null);

  const reporterCard = h("section", {class: "card"},
    h("h2", {}, t("reporter")),
    reporter.identity_hidden
      ? [h("p", {}, t("identity_hidden")), h("p", {}, reporter.contactable ? t("contactable") : t("not_contactable"))]
      : facts([
        [t("name"), reporter.name || t("none")],
        [t("email"), reporter.email || t("none")],
        [t("phone"), reporter.phone || t("none")],
      ]),
    view.feedback ? [
      h("h3", {}, t("feedback")),
      h("p", {}, view.feedback.resolved === true ? t("resolved_yes") : view.feedback.resolved === false ? t("resolved_no") : "",
        view.feedback.rating ? ` · ${t("rating", {n: view.feedback.rating})}` : "",
        ` · ${formatTime(view.feedback.at)}`),
    ] : null);

  show(key,
    h("p", {class: "back"}, h("a", {href: `#/queue/${queue}`}, t("back_to_queue"))),
    heading(view.title),
    h("p", {class: "meta case-meta"},
      h("span", {class: "badge status"}, label(view.status_label)),
      lateNow ? h("span", {class: "badge overdue"}, t("overdue")) : null,
      view.escalated_at ? h("span", {class: "badge escalated"}, t("escalated")) : null,
      suggestion && suggestion.routed_by_system ? h("span", {class: "badge routed"}, t("routed_badge")) : null,
      h("span", {}, view.tracking_id),
      h("span", {}, `${t("version")} ${view.version}`)),
    h("div", {class: "flash", "aria-live": "polite"}, flash ? notice(flash[0], flash[1]) : null),
    h("div", {class: "grid side"},
      h("div", {}, content, draftCard(view), likelyDuplicatesCard(view, buttons), actionCard, timelineCard),
      h("div", {}, detailCard, deadlineCard, reporterCard)));
}

// An officer's final answer waiting for an agency admin: what will reach the reporter once approved.
function draftCard(view) {
  const draft = view.draft_answer;
  if (!draft) return null;
  return h("section", {class: "card draft-answer", id: "draft-answer"},
    h("h2", {}, t("draft_answer")),
    h("p", {class: "hint"}, t("draft_by", {who: draft.drafted_by, when: formatTime(draft.drafted_at)})),
    h("p", {class: "message"}, draft.message),
    (draft.attachment_ids || []).length ? h("p", {class: "hint"}, t("draft_files", {n: draft.attachment_ids.length})) : null);
}

function timelineEntry(entry, view, key, current) {
  const details = entry.details || {};
  const who = [enumText("role", entry.actor_role), entry.actor_username].filter(Boolean).join(", ");
  return h("li", {class: entry.visibility === "internal" ? "internal-event" : null},
    h("strong", {}, label(entry.label) || entry.event_type),
    entry.visibility && entry.visibility !== "public" ? [" ", h("span", {class: "internal"}, `[${enumText("visibility", entry.visibility)}]`)] : null,
    h("span", {class: "when"}, formatTime(entry.at), " · ", t("by", {who})),
    entry.message ? h("p", {class: "message"}, entry.message) : null,
    details.archive_reason ? h("p", {class: "message"}, enumText("reason", details.archive_reason)) : null,
    details.reason ? h("p", {class: "message internal-text"}, h("span", {class: "internal"}, `${t("transfer_reason")}: `), details.reason) : null,
    details.note ? h("p", {class: "message internal-text"}, h("span", {class: "internal"}, `${t("internal_note")}: `), details.note) : null,
    details.late_reason ? h("p", {class: "message internal-text"}, h("span", {class: "internal"}, `${t("late_reason")}: `), details.late_reason) : null,
    caseFiles(entry.attachments, view, key, current));
}

// --- attachments ------------------------------------------------------------------------------

const FILE_TYPES = ["image/jpeg", "image/png", "image/webp", "application/pdf"];
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const MAX_FILES_PER_MESSAGE = 10;
const HIDERS = ["national_admin", "agency_admin"];

// The case's files (the reporter's, or those shown with an update or answer): thumbnails or named
// links; admins may hide one the public sees (with a reason the reporter reads) or show it again.
function caseFiles(items, view, key, current) {
  if (!items || !items.length) return null;
  const mayHide = state.me && HIDERS.includes(state.me.role);
  return h("ul", {class: "case-files"}, items.map((item) => {
    const image = (item.content_type || "").startsWith("image/");
    return h("li", {"data-attachment": item.attachment_id, class: item.hidden_at ? "hidden-file" : null},
      h("a", {href: item.url, target: "_blank", rel: "noopener"},
        image ? h("img", {src: item.url, alt: item.filename, loading: "lazy"}) : item.filename),
      h("span", {class: "when"}, image ? `${item.filename} · ` : "", sizeText(item.size)),
      item.hidden_at ? h("p", {class: "hidden-note"}, h("span", {class: "badge hidden"}, t("hidden_from_public")),
        " ", item.hidden_reason) : null,
      mayHide && (item.public || item.hidden_at) ? hidingControl(item, view, key, current) : null);
  }));
}

function hidingControl(item, view, key, current) {
  const slot = h("div", {class: "hiding"});
  const path = `/admin/reports/${encodeURIComponent(view.tracking_id)}/attachments/${encodeURIComponent(item.attachment_id)}`;
  // The case as it is after the change; someone else's change meanwhile reloads it and says so.
  const done = async (request, flashKey, refused) => {
    let updated;
    try {
      updated = await request();
    } catch (error) {
      if (error instanceof SignedOut) return;
      if (error.status !== 409) {
        refused(error);
        return;
      }
      await casePage(view.tracking_id, key, current, [t("conflict"), "warn"]);
      focusFlash();
      return;
    }
    if (!current()) return;
    showCase(updated, key, current, [t(flashKey), "ok"]);
    focusFlash();
  };
  if (item.hidden_at) {
    const unhide = h("button", {type: "button", class: "secondary", onclick: () => done(
      () => call(`${path}/unhide`, {method: "POST", body: {expected_version: view.version}}), "file_unhidden",
      (error) => slot.replaceChildren(notice(error.message, "error"), unhide))}, t("unhide_file"));
    slot.append(unhide);
    return slot;
  }
  const open = h("button", {type: "button", class: "secondary", onclick: () => {
    const form = h("form", {class: "hide-form", novalidate: true},
      field("reason", t("hide_reason"), textarea("reason", {required: true, minlength: 5, maxlength: 500, rows: 2}),
        {hint: t("hide_reason_hint")}),
      formError(),
      h("div", {class: "actions"},
        h("button", {type: "submit", class: "danger"}, t("hide_file")),
        h("button", {type: "button", class: "secondary", onclick: () => slot.replaceChildren(open)}, t("cancel"))));
    onSubmit(form, () => done(() => call(`${path}/hide`, {method: "POST",
      body: {reason: form.elements.namedItem("reason").value.trim(), expected_version: view.version}}), "file_hidden",
    (error) => failed(form, error)));
    slot.replaceChildren(form);
    form.querySelector("textarea").focus();
  }}, t("hide_file"));
  slot.append(open);
  return slot;
}

// The file picker of an update or answer; its files are uploaded when the form is sent.
function staffFilesField() {
  const picker = h("input", {type: "file", multiple: true, accept: FILE_TYPES.join(","), "data-skip": "", "data-staff-files": ""});
  return [field("attachment_ids", t("staff_files"), picker, {optional: true, hint: t("staff_files_hint")}),
    h("p", {class: "hint upload-progress", "aria-live": "polite"})];
}

function staffFileProblems(form) {
  const picker = form.querySelector("input[data-staff-files]");
  const files = picker ? Array.from(picker.files || []) : [];
  const problems = files.length > MAX_FILES_PER_MESSAGE ? [{field: "attachment_ids", message: t("too_many_files")}] : [];
  for (const file of files) {
    if (!FILE_TYPES.includes(file.type)) problems.push({field: "attachment_ids", message: t("file_wrong_type", {name: file.name})});
    else if (file.size > MAX_FILE_BYTES) problems.push({field: "attachment_ids", message: t("file_too_big", {name: file.name})});
  }
  return problems;
}

// What each picker has uploaded: a form sent again after a refusal reuses its files. Every upload
// moves the report's version on, so the form goes on from the version the last one answered.
const staffUploads = new WeakMap();

async function uploadStaffFiles(view, form, version) {
  const picker = form.querySelector("input[data-staff-files]");
  if (!picker) return {};
  const uploads = staffUploads.get(picker) || {ids: new Map(), version};
  staffUploads.set(picker, uploads);
  const files = Array.from(picker.files || []);
  const progress = form.querySelector(".upload-progress");
  for (const [index, file] of files.entries()) {
    if (uploads.ids.has(file)) continue;
    progress.textContent = t("uploading_file", {name: file.name, n: index + 1, total: files.length});
    const grant = await call(`/admin/reports/${encodeURIComponent(view.tracking_id)}/attachments`, {method: "POST",
      body: {filename: file.name, content_type: file.type, size: file.size, expected_version: uploads.version}});
    uploads.version = grant.version;
    await sendFile(grant.upload, file);
    uploads.ids.set(file, grant.attachment_id);
  }
  progress.textContent = "";
  return {attachment_ids: files.map((file) => uploads.ids.get(file)), expected_version: uploads.version};
}

// --- action forms ---------------------------------------------------------------------------

const PRIVACY_ORDER = ["public", "anonymous", "confidential"];

// The agencies with authority in a region: its own, those of the regions around it (the province),
// and the national ones; each once. For "ID", only the national ones.
async function authorityAgencies(regionCode) {
  const codes = [];
  const parts = (regionCode && regionCode !== "ID" ? regionCode : "").split(".").filter(Boolean);
  for (let n = parts.length; n > 0; n -= 1) codes.push(parts.slice(0, n).join("."));
  const [lists, national] = await Promise.all([
    Promise.all(codes.map((code) => publicAgencies(code).catch(() => []))),
    publicAgencies("ID").catch(() => []),
  ]);
  const seen = new Set();
  const first = (agency) => !seen.has(agency.agency_id) && Boolean(seen.add(agency.agency_id));
  return {regional: lists.flat().filter(first), national: national.filter(first)};
}

function agencyGroups({regional, national}) {
  const option = (agency) => ({value: agency.agency_id, text: agency.coordinator ? `${agency.name} ★` : agency.name});
  return [
    {group: t("group_region"), options: regional.map(option)},
    {group: t("group_national"), options: national.map(option)},
  ].filter((group) => group.options.length);
}

async function agencyChoices(regionCode) {
  return agencyGroups(await authorityAgencies(regionCode));
}

// Why the verify form starts where it does: what the system read in the text when it arrived.
function suggestionNote(suggestion, agencyName) {
  const words = (suggestion.matched || []).join(", ") || t("none");
  const score = `${Math.round((Number(suggestion.score) || 0) * 100)}%`;
  return h("div", {class: "suggestion", "data-suggestion": suggestion.topic_id},
    h("p", {class: "notice", role: "note"},
      h("span", {}, t("suggested", {topic: topicName(suggestion.topic_id)}),
        agencyName ? ` ${t("suggested_agency", {agency: agencyName})}` : "",
        ` — ${t("suggested_why", {words, score})}`),
      suggestion.routed_by_system ? h("span", {class: "routed-note"}, t("routed_by_system")) : null));
}

function unitSelect(name, units, value) {
  return select(name, [{value: "", text: t("no_unit")}, ...units.map((unit) => ({value: unit.unit_id, text: unit.name}))], {value: value || ""});
}

// A unit picker that follows an agency picker; hidden when the server cannot list units.
function unitField(agencyControl, currentUnit, {required = false} = {}) {
  const holder = h("div", {class: "unit-holder"});
  const load = async () => {
    const agencyId = agencyControl.value;
    holder.replaceChildren();
    const units = await unitsOf(agencyId);
    if (agencyControl.value !== agencyId) return;
    if (units === null) {
      if (required) {
        holder.append(field("unit_id", t("route_unit"),
          input("unit_id", {required: true, placeholder: `${agencyId}.`}), {hint: t("unit_id_hint", {agency: agencyId})}));
      }
      return;
    }
    if (!units.length && !required) return;
    const control = unitSelect("unit_id", units, currentUnit);
    control.required = required;
    holder.append(field("unit_id", t("route_unit"), control, {optional: !required}));
  };
  agencyControl.addEventListener("change", load);
  return {holder, load};
}

// The deadlines a pause stops: on hold, verification; waiting for the reporter, the agency's follow-up.
const PAUSED_DEADLINES = {on_hold: ["verification_due"], awaiting_reporter: ["first_response_due", "completion_due"]};

async function actionFields(view, action) {
  const fields = [];
  const note = () => field("note", t("note"), textarea("note", {maxlength: 2000, rows: 2}), {optional: true, hint: t("note_hint")});
  switch (action) {
    case "verify": {
      const [found, topicList] = await Promise.all([authorityAgencies(view.region_code), topics().catch(() => [])]);
      // Starts from what the system suggested at arrival, unless the report itself says otherwise:
      // a report with a suggestion named no agency, so its agency is the coordinator or the suggested one.
      const suggestion = view.suggestion;
      const suggestedAgency = suggestion && suggestion.agency_id
        ? [...found.regional, ...found.national].find((agency) => agency.agency_id === suggestion.agency_id) : null;
      if (suggestion) fields.push(suggestionNote(suggestion, suggestedAgency && suggestedAgency.name));
      const agencyControl = select("agency_id", [{value: "", text: t("choose")}, ...agencyGroups(found)],
        {value: suggestedAgency ? suggestedAgency.agency_id : (view.agency ? view.agency.agency_id : ""), required: true});
      fields.push(field("agency_id", t("route_to"), agencyControl));
      const units = unitField(agencyControl, view.unit_id);
      fields.push(units.holder);
      units.load();
      const topicOptions = [{value: "", text: t("keep_topic")}, ...topicList.map((topic) => ({
        group: lang() === "en" ? topic.name_en : topic.name_id,
        options: [{value: topic.topic_id, text: lang() === "en" ? topic.name_en : topic.name_id},
          ...(topic.subtopics || []).map((sub) => ({value: sub.topic_id, text: `— ${sub.name_id}`}))],
      }))];
      fields.push(field("topic", t("topic"), select("topic", topicOptions,
        {value: view.topic || (suggestion && suggestion.topic_id) || ""}), {optional: true}));
      if (view.kind === "complaint") {
        fields.push(field("complexity", t("complexity"), select("complexity",
          ["simple", "investigation"].map((value) => ({value, text: t(`complexity.${value}`)})),
          {value: view.complexity || "simple"})));
      }
      const allowed = PRIVACY_ORDER.slice(Math.max(0, PRIVACY_ORDER.indexOf(view.privacy)));
      fields.push(field("privacy", t("privacy"), select("privacy",
        allowed.map((value) => ({value, text: t(`privacy.${value}`)})), {value: view.privacy})));
      break;
    }
    case "hold":
      fields.push(field("message", t("message_hold"), textarea("message", {required: true, maxlength: 5000}),
        {hint: t("message_hold_hint")}));
      break;
    case "archive":
      fields.push(field("reason", t("archive_reason"), select("reason", [{value: "", text: t("choose")},
        ...["spam", "incomplete", "not_public_service", "duplicate", "other"].map((value) => ({value, text: t(`reason.${value}`)}))],
      {value: "", required: true})));
      fields.push(field("message", t("message_archive"), textarea("message", {maxlength: 5000}), {optional: true, hint: t("message_hold_hint")}));
      break;
    case "transfer": {
      const agencies = await agencyChoices(view.region_code);
      const others = agencies.map((group) => ({...group,
        options: group.options.filter((option) => !view.agency || option.value !== view.agency.agency_id)}))
        .filter((group) => group.options.length);
      fields.push(field("agency_id", t("transfer_to"), select("agency_id", [{value: "", text: t("choose")}, ...others],
        {value: "", required: true})));
      fields.push(field("reason", t("transfer_reason"), textarea("reason", {required: true, maxlength: 5000}),
        {hint: t("transfer_reason_hint")}));
      break;
    }
    case "assign": {
      const agencyId = view.agency ? view.agency.agency_id : "";
      const units = await unitsOf(agencyId);
      if (units && units.length) {
        const control = unitSelect("unit_id", units, view.unit_id);
        control.required = true;
        control.querySelector("option[value='']").textContent = t("choose");
        fields.push(field("unit_id", t("route_unit"), control));
      } else {
        if (units) fields.push(notice(t("agency_has_no_units"), "warn"));
        fields.push(field("unit_id", t("route_unit"), input("unit_id", {required: true, placeholder: `${agencyId}.`}),
          {hint: t("unit_id_hint", {agency: agencyId})}));
      }
      break;
    }
    case "ask_reporter":
      fields.push(field("message", t("message_ask_reporter"), textarea("message", {required: true, maxlength: 5000, rows: 4}),
        {hint: t("message_ask_reporter_hint")}));
      break;
    case "update":
      fields.push(field("message", t("message_update"), textarea("message", {required: true, maxlength: 5000, rows: 5}),
        {hint: t("message_update_hint")}));
      fields.push(checkbox("public", t("public_update"), {checked: true, hint: t("public_update_hint")}));
      fields.push(staffFilesField());
      break;
    case "approve": {
      const draft = view.draft_answer || {};
      fields.push(notice(t("draft_by", {who: draft.drafted_by || "-", when: formatTime(draft.drafted_at)})));
      fields.push(field("message", t("message_respond"), textarea("message", {required: true, maxlength: 5000, rows: 6,
        value: draft.message || ""}), {hint: t("approve_hint")}));
      fields.push(checkbox("public", t("public_answer"), {checked: draft.public !== false, hint: t("public_answer_hint")}));
      break;
    }
    case "return":
      fields.push(field("message", t("message_return"), textarea("message", {required: true, maxlength: 5000, rows: 3}),
        {hint: t("message_return_hint")}));
      break;
    case "respond":
      if (view.answer_needs_approval) fields.push(notice(t("answer_needs_approval")));
      fields.push(field("message", t("message_respond"), textarea("message", {required: true, maxlength: 5000, rows: 6}),
        {hint: t("message_respond_hint")}));
      fields.push(checkbox("public", t("public_answer"), {checked: view.privacy !== "confidential", hint: t("public_answer_hint")}));
      fields.push(staffFilesField());
      break;
    case "close":
      fields.push(field("message", t("message_close"), textarea("message", {maxlength: 5000}), {optional: true, hint: t("message_hold_hint")}));
      break;
    case "duplicate": {
      const first = (view.likely_duplicates || [])[0];
      fields.push(field("of", t("duplicate_target"), input("of", {required: true, maxlength: 11,
        value: presetDuplicateOf || (first ? first.tracking_id : ""), placeholder: "K7M2Q-X9T4Q"}),
      {hint: t("duplicate_target_hint")}));
      presetDuplicateOf = null;
      fields.push(field("message", t("message_duplicate"), textarea("message", {maxlength: 5000}), {optional: true, hint: t("message_hold_hint")}));
      break;
    }
    default:
      break; // resume, start: nothing but the note
  }
  fields.push(note());
  return fields;
}

async function openAction(view, allowed, panel, button, key, current) {
  const wasOpen = button.getAttribute("aria-expanded") === "true";
  for (const other of button.parentElement.querySelectorAll("button[aria-expanded]")) other.setAttribute("aria-expanded", "false");
  panel.replaceChildren();
  if (wasOpen) return;
  button.setAttribute("aria-expanded", "true");
  panel.append(notice(t("loading")));
  let fields;
  let offered;
  try {
    [fields, offered] = await Promise.all([actionFields(view, allowed.action), templatesOffered(view, allowed.action)]);
  } catch (error) {
    panel.replaceChildren(loadFailure(error) || "");
    return;
  }
  if (!current()) return;
  withTemplatePicker(fields, offered);
  const titleId = `action-${allowed.action}-title`;
  const form = h("form", {class: "action-form", novalidate: true, "data-action": allowed.action, "aria-labelledby": titleId},
    h("h3", {id: titleId, tabindex: "-1"}, label(allowed.label)),
    fields,
    formError(),
    h("div", {class: "actions"},
      h("button", {type: "submit", class: allowed.action === "archive" ? "danger" : null}, label(allowed.label)),
      h("button", {type: "button", class: "secondary", onclick: () => {
        panel.replaceChildren();
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }}, t("cancel"))));
  onSubmit(form, async () => {
    const body = {...collect(form), expected_version: view.version, ...await uploadStaffFiles(view, form, view.version)};
    const updated = await call(`/admin/reports/${encodeURIComponent(view.tracking_id)}/${allowed.action}`,
      {method: "POST", body});
    if (!current()) return;
    showCase(updated, key, current, [t("action_done", {action: label(allowed.label)}), "ok"]);
    focusFlash();
  }, {
    check: (checked) => [...checkRequired(checked), ...staffFileProblems(checked)],
    // Someone else changed the case meanwhile: show it as it now is, and say so.
    failed: async (error) => {
      if (error instanceof SignedOut) return;
      if (error.status === 409) {
        await casePage(view.tracking_id, key, current, [t("conflict"), "warn"]);
        focusFlash();
        return;
      }
      failed(form, error);
    },
  });
  panel.replaceChildren(form);
  form.querySelector("h3").focus();
}

function focusFlash() {
  const flash = document.querySelector("#main .flash .notice");
  if (flash) {
    flash.tabIndex = -1;
    flash.focus();
  }
}

// --- answer templates on the forms that write to the reporter ------------------------------------

// Action name -> the purpose of the templates its form offers. A form gets the picker above its
// `message` textarea: respond now, and update as soon as its form has one.
const TEMPLATE_PURPOSES = {respond: "respond", update: "update", ask_reporter: "ask_reporter", approve: "respond"};

// The templates the server filled for this report and form ({purpose, items, agencyName}), or null: without
// them (none kept, a refusal, the network) the form works as before.
async function templatesOffered(view, action) {
  const purpose = TEMPLATE_PURPOSES[action];
  if (!purpose) return null;
  try {
    const offered = await call(`/admin/reports/${encodeURIComponent(view.tracking_id)}/templates?purpose=${purpose}`);
    return {purpose, items: offered.items || [], agencyName: view.agency ? view.agency.name : null};
  } catch (error) {
    if (error instanceof SignedOut) throw error;
    return null;
  }
}

// Puts a template picker in `fields` just above the field holding the message textarea.
function withTemplatePicker(fields, offered) {
  if (!offered || !offered.items.length) return;
  const index = fields.findIndex((element) => element.querySelector && element.querySelector("textarea[name=message]"));
  if (index < 0) return;
  fields.splice(index, 0, templatePicker(offered, fields[index].querySelector("textarea[name=message]")));
}

// A select of filled templates; choosing one puts its text in `target` (what was there can be restored).
function templatePicker({purpose, items, agencyName}, target) {
  const option = (item) => ({value: item.template_id, text: item.name});
  const national = items.filter((item) => item.scope === "national").map(option);
  const own = items.filter((item) => item.scope !== "national").map(option);
  const control = select("template_id", [{value: "", text: t("template_pick_none")},
    ...[{group: t("templates_national"), options: national},
      {group: agencyName ? t("templates_of_agency", {agency: agencyName}) : t("agency"), options: own}]
      .filter((group) => group.options.length)], {value: ""});
  control.dataset.skip = ""; // chooses the text; the action's body does not carry it
  const note = h("div", {class: "template-note", "aria-live": "polite"});
  control.addEventListener("change", () => {
    const chosen = items.find((item) => item.template_id === control.value);
    note.replaceChildren();
    if (!chosen) return;
    const previous = target.value;
    target.value = chosen.text;
    const unfilled = chosen.unfilled || [];
    note.replaceChildren(...[
      unfilled.length ? notice(t("template_unfilled", {names: unfilled.map((name) => `{${name}}`).join(", ")}), "warn") : null,
      previous.trim() && previous !== chosen.text ? h("button", {type: "button", class: "secondary small", onclick: () => {
        target.value = previous;
        control.value = "";
        note.replaceChildren();
        target.focus();
      }}, t("template_restore")) : null].filter(Boolean));
  });
  return h("div", {class: "template-picker", "data-purpose": purpose},
    field("template_id", t("template_pick"), control, {optional: true, hint: t("template_pick_hint")}), note);
}

// --- statistics ---------------------------------------------------------------------------

const statsQuery = {scope: null, period: null};

async function scopeOptions() {
  if (!seesEverything()) {
    const agency = state.me.agency;
    return agency ? [{value: `agency:${agency.agency_id}`, text: agency.name}] : [];
  }
  const list = await regions().catch(() => []);
  return [{value: "national", text: t("scope_national")},
    ...list.map((region) => ({value: `region:${region.region_code}`,
      text: region.level === "province" ? region.name : `— ${region.name}`}))];
}

function ratioPercent(figures) {
  let count = 0;
  let of = 0;
  for (const name of ["verified_within_deadline", "first_response_within_deadline", "completed_within_deadline"]) {
    const ratio = figures[name];
    if (!ratio) continue;
    count += ratio.count || 0;
    of += ratio.of || 0;
  }
  return {count, of, percent: of ? (count / of) * 100 : null};
}

function figureTile(name, value, extra) {
  return h("div", {class: "figure", "data-figure": name},
    h("span", {class: "value"}, value),
    h("span", {class: "name"}, t(`figure.${name}`)),
    extra ? h("span", {class: "extra"}, extra) : null);
}

async function statsPage(key, current) {
  mount(notice(t("loading")));
  const options = await scopeOptions();
  if (!current()) return;
  if (!statsQuery.scope || !options.some((option) => option.value === statsQuery.scope)) {
    statsQuery.scope = options.length ? options[0].value : null;
  }
  statsQuery.period = statsQuery.period || thisMonth();
  const scopeControl = select("scope", options, {value: statsQuery.scope});
  const periodControl = input("period", {type: "month", value: statsQuery.period, required: true, pattern: "\\d{4}-\\d{2}", max: thisMonth()});
  const form = h("form", {class: "card filters", novalidate: true},
    h("div", {class: "row two"},
      field("scope", t("scope"), scopeControl),
      field("period", t("period"), periodControl)),
    formError(),
    h("div", {class: "actions"}, h("button", {type: "submit"}, t("show"))));
  const results = h("div", {class: "stats-results", "aria-live": "polite"});
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    statsQuery.scope = scopeControl.value;
    statsQuery.period = periodControl.value || thisMonth();
    load();
  });
  const load = async () => {
    clearErrors(form);
    results.replaceChildren(notice(t("loading")));
    const params = new URLSearchParams();
    if (statsQuery.scope) params.set("scope", statsQuery.scope);
    params.set("period", statsQuery.period);
    try {
      const stats = await submitting(form, () => call(`/admin/stats?${params}`));
      if (!current()) return;
      results.replaceChildren(...statsView(stats));
    } catch (error) {
      if (error instanceof SignedOut || !current()) return;
      results.replaceChildren();
      failed(form, error);
    }
  };
  show(key, heading(t("stats_title")), form, results);
  await load();
}

function statsView(stats) {
  const summary = stats.summary || {};
  const ratio = (name) => {
    const value = summary[name];
    return value ? figureTile(name, percentText(value.percent), t("of_n", {count: formatNumber(value.count), of: formatNumber(value.of)})) : null;
  };
  const tiles = h("div", {class: "figures"},
    ["received", "verified", "dispositioned", "responded", "closed", "breached", "open_overdue_at_end", "recorded_late"].map((name) =>
      figureTile(name, formatNumber(summary[name] ?? 0))),
    figureTile("compliance_index", summary.compliance_index === null || summary.compliance_index === undefined
      ? t("none") : formatNumber(summary.compliance_index)),
    ratio("verified_within_deadline"), ratio("first_response_within_deadline"),
    ratio("completed_within_deadline"), ratio("completion_rate"));

  const periodName = stats.period ? label(stats.period.label) : statsQuery.period;
  const scopeName = stats.scope ? label(stats.scope.name) : "";

  const weeks = stats.weekly || [];
  const weeklyTitle = t("chart_weekly");
  const weekly = chartSection(weeklyTitle,
    weeks.length ? weeklyChart(weeks, weeklyTitle, t("chart_weekly_desc", {period: periodName})) : emptyChart(weeklyTitle, "weekly"),
    dataTable([t("week"), t("reports"), t("closed")], weeks.map((week) => [
      `${formatTime(week.from || week.week_start, {dateOnly: true})} – ${formatTime(week.to, {dateOnly: true})}`,
      formatNumber(week.received || 0), formatNumber(week.closed || 0)]), [1, 2]));

  const topicRows = [...(stats.topics || [])]
    .sort((a, b) => (b.reports ?? b.count ?? 0) - (a.reports ?? a.count ?? 0)).slice(0, 10)
    .map((topic) => {
      const count = topic.reports ?? topic.count ?? 0;
      return {label: label(topic.name) || topic.topic || topic.topic_id, value: count, display: formatNumber(count)};
    });
  const topicsTitle = t("chart_topics");
  const topicsChart = chartSection(topicsTitle,
    topicRows.length ? barChart(topicRows, {title: topicsTitle, description: t("chart_topics_desc"), kind: "topics"})
      : emptyChart(topicsTitle, "topics"),
    dataTable([t("topic"), t("reports")], topicRows.map((row) => [row.label, row.display]), [1]));

  const byAgency = (stats.agencies || []).length > 0;
  const slaSource = byAgency ? stats.agencies : (stats.regions || []);
  const slaRows = slaSource.map((row) => {
    const share = ratioPercent(row.figures || {});
    return {label: row.name || row.agency_id || row.region_code, value: share.percent,
      display: share.percent === null ? t("not_measured") : percentText(share.percent),
      low: share.percent !== null && share.percent < 80, count: share.count, of: share.of};
  });
  const slaTitle = byAgency ? t("chart_sla_agencies") : t("chart_sla_regions");
  const slaChart = chartSection(slaTitle,
    slaRows.length ? barChart(slaRows, {title: slaTitle, description: t("chart_sla_desc"), kind: "sla", max: 100, target: 80})
      : emptyChart(slaTitle, "sla"),
    dataTable([byAgency ? t("agency") : t("region"), t("within_deadline"), t("deadlines_measured"), "%"],
      slaRows.map((row) => [row.label, formatNumber(row.count), formatNumber(row.of), row.display]), [1, 2, 3]));

  return [
    h("h2", {class: "stats-heading"}, [scopeName, periodName].filter(Boolean).join(" · ")),
    tiles,
    weekly,
    topicsChart,
    slaChart,
  ];
}

// --- compliance reports ---------------------------------------------------------------------------

async function compliancePage(key, current) {
  mount(notice(t("loading")));
  const [options, listing] = await Promise.all([scopeOptions(), call("/admin/compliance-reports")]);
  if (!current()) return;
  const scopeControl = select("scope", options, {value: statsQuery.scope || (options[0] && options[0].value)});
  const periodControl = input("period", {type: "month", value: thisMonth(), required: true, max: thisMonth()});
  const form = h("form", {class: "card", novalidate: true, "aria-labelledby": "build-title"},
    h("h2", {id: "build-title"}, t("compliance_build")),
    h("p", {class: "hint"}, t("compliance_build_hint")),
    h("div", {class: "row two"},
      field("scope", t("scope"), scopeControl),
      field("period", t("period"), periodControl)),
    formError(),
    h("div", {class: "actions"}, h("button", {type: "submit"}, t("build"))));
  onSubmit(form, async () => {
    const created = await call("/admin/compliance-reports", {method: "POST",
      body: {scope: scopeControl.value, period: periodControl.value}});
    complianceFlash = created.id;
    location.hash = `#/compliance/${encodeURIComponent(created.id)}`;
  }, {failed: (error) => failed(form, error)});

  const rows = h("tbody", {});
  const addRows = (items) => rows.append(...items.map((item) => h("tr", {},
    h("td", {}, h("a", {href: `#/compliance/${encodeURIComponent(item.id)}`}, item.scope_name || item.scope)),
    h("td", {}, `${formatTime(item.period.from, {dateOnly: true})} – ${formatTime(item.period.to, {dateOnly: true})}`),
    h("td", {class: "num"}, formatNumber((item.summary && item.summary.received) ?? 0)),
    h("td", {class: "num"}, item.summary && item.summary.compliance_index !== null && item.summary.compliance_index !== undefined
      ? formatNumber(item.summary.compliance_index) : t("none")),
    h("td", {}, formatTime(inZone(item.generated_at))))));
  addRows(listing.items || []);
  const more = pager(listing.cursor, (cursor) => call(`/admin/compliance-reports?cursor=${encodeURIComponent(cursor)}`),
    addRows);
  show(key,
    heading(t("compliance_title")),
    form,
    h("section", {"aria-labelledby": "list-title"},
      h("h2", {id: "list-title"}, t("compliance_list")),
      (listing.items || []).length ? h("div", {class: "table-wrap"}, h("table", {},
        h("thead", {}, h("tr", {},
          h("th", {scope: "col"}, t("scope")), h("th", {scope: "col"}, t("period")),
          h("th", {scope: "col", class: "num"}, t("figure.received")),
          h("th", {scope: "col", class: "num"}, t("figure.compliance_index")),
          h("th", {scope: "col"}, t("generated_at")))),
        rows)) : notice(t("compliance_empty")),
      more));
}

let complianceFlash = null;

async function complianceDetailPage(id, key, current) {
  mount(notice(t("loading")));
  let report;
  try {
    report = await call(`/admin/compliance-reports/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error instanceof SignedOut || !current()) return;
    show(key, heading(id), h("p", {}, h("a", {href: "#/compliance"}, t("back_to_compliance"))), loadFailure(error, render));
    return;
  }
  if (!current()) return;
  const flash = complianceFlash === report.id;
  complianceFlash = null;
  const summary = report.summary || {};
  const files = report.files || [];
  const languages = ["id", "en"].filter((language) => files.some((file) => file.language === language));
  const order = {pdf: 0, xlsx: 1, csv: 2};
  const fileName = (file) => `${report.id}.${file.language}.${file.format}`;
  show(key,
    h("p", {class: "back"}, h("a", {href: "#/compliance"}, t("back_to_compliance"))),
    heading(report.scope_name || report.scope, " · ",
      `${formatTime(report.period.from, {dateOnly: true})} – ${formatTime(report.period.to, {dateOnly: true})}`),
    flash ? notice(t("compliance_built"), "ok") : null,
    h("section", {class: "card", "aria-labelledby": "downloads-title"},
      h("h2", {id: "downloads-title"}, t("downloads")),
      h("div", {class: "grid two downloads"}, languages.map((language) => h("div", {"data-language": language},
        h("h3", {}, t(`language.${language}`)),
        h("ul", {class: "files"}, files.filter((file) => file.language === language)
          .sort((a, b) => (order[a.format] ?? 9) - (order[b.format] ?? 9))
          .map((file) => h("li", {},
            h("a", {href: file.url, download: fileName(file), hreflang: file.language, "data-format": file.format},
              t("download_link", {format: file.format.toUpperCase(), size: sizeText(file.size)})),
            h("span", {class: "hash", title: t("fingerprint")}, ` SHA-256 ${file.sha256.slice(0, 12)}…`)))))))),
    h("section", {class: "card"},
      h("h2", {}, t("summary")),
      facts([
        [t("scope"), report.scope],
        [t("figure.received"), formatNumber(summary.received ?? 0)],
        [t("figure.closed"), formatNumber(summary.closed ?? 0)],
        [t("figure.verified_within_deadline"), percentText(summary.verified_within_deadline)],
        [t("figure.first_response_within_deadline"), percentText(summary.first_response_within_deadline)],
        [t("figure.completed_within_deadline"), percentText(summary.completed_within_deadline)],
        [t("figure.completion_rate"), percentText(summary.completion_rate)],
        [t("figure.open_overdue_at_end"), formatNumber(summary.open_overdue_at_end ?? 0)],
        [t("figure.compliance_index"), summary.compliance_index === null || summary.compliance_index === undefined
          ? t("none") : formatNumber(summary.compliance_index)],
      ])),
    (report.generations || []).length ? h("section", {},
      h("h2", {}, t("generations")),
      dataTable([t("generated_at"), t("generated_by"), t("fingerprint")],
        [...report.generations].reverse().map((generation) => [formatTime(inZone(generation.generated_at)),
          generation.generated_by, h("code", {class: "hash"}, generation.figures_sha256.slice(0, 16))]))) : null);
}

// --- users ---------------------------------------------------------------------------

const ROLES = ["national_admin", "agency_admin", "unit_officer", "oversight"];
const AGENCY_ROLES = ["agency_admin", "unit_officer"];

// An account's state, and the button that changes it where the rules allow (the same rule as
// creating accounts: a national admin any other account, an agency admin its unit officers).
function accountStatusCell(user) {
  const cell = h("td", {});
  const mayChange = user.username !== state.me.username
    && (state.me.role === "national_admin" || (state.me.role === "agency_admin" && user.role === "unit_officer"));
  const render = (account) => {
    const disabled = Boolean(account.disabled_at);
    const status = disabled ? t("account_disabled", {time: formatTime(inZone(account.disabled_at))}) : t("account_active");
    const button = mayChange ? h("button", {type: "button", class: "secondary", onclick: async () => {
      if (!disabled && !window.confirm(t("confirm_disable", {user: account.username}))) return;
      button.disabled = true;
      try {
        render(await call(`/admin/users/${encodeURIComponent(account.username)}/${disabled ? "enable" : "disable"}`,
          {method: "POST", body: {}}));
      } catch (error) {
        button.disabled = false;
        const problem = loadFailure(error);
        if (problem) cell.append(problem);
      }
    }}, t(disabled ? "enable_account" : "disable_account")) : null;
    cell.replaceChildren(...[h("span", {}, status), button ? " " : null, button].filter(Boolean));
  };
  render(user);
  return cell;
}

async function usersPage(key, current) {
  mount(notice(t("loading")));
  const national = state.me.role === "national_admin";
  const ownAgency = state.me.agency ? state.me.agency.agency_id : null;
  const filterPicker = national ? await agencyPicker("agency_id", t("all_agencies")) : null;
  const formPicker = national ? await agencyPicker("agency_id", t("choose"), () => loadUnits()) : null;
  if (!current()) return;

  // the list
  const filterControl = national ? filterPicker.agencyControl : null;
  const listHolder = h("div", {"aria-live": "polite"});
  const loadList = async () => {
    const agencyId = national ? filterControl.value.trim() : ownAgency;
    listHolder.replaceChildren(notice(t("loading")));
    const rows = h("tbody", {});
    const fetchPage = async (cursor) => {
      const params = new URLSearchParams();
      if (agencyId) params.set("agency_id", agencyId);
      if (cursor) params.set("cursor", cursor);
      const query = params.toString();
      return call(`/admin/users${query ? `?${query}` : ""}`);
    };
    const addRows = (items) => rows.append(...items.map((user) => h("tr", {"data-username": user.username},
      h("td", {}, user.username), h("td", {}, enumText("role", user.role)),
      h("td", {}, user.agency_id || t("none")), h("td", {}, user.unit_id || t("none")),
      h("td", {}, user.email || t("none")), h("td", {}, user.phone || t("none")),
      h("td", {}, user.created_at ? formatTime(inZone(user.created_at)) : t("none")),
      accountStatusCell(user))));
    let page;
    try {
      page = await fetchPage(null);
    } catch (error) {
      listHolder.replaceChildren(loadFailure(error, loadList) || "");
      return;
    }
    if (!current()) return;
    addRows(page.items || []);
    const more = pager(page.cursor, fetchPage, addRows);
    listHolder.replaceChildren((page.items || []).length ? h("div", {class: "table-wrap"}, h("table", {class: "users"},
      h("thead", {}, h("tr", {}, [t("username"), t("role"), t("agency"), t("unit"), t("email"), t("phone"), t("created_at"),
        t("account_status")]
        .map((name) => h("th", {scope: "col"}, name)))), rows)) : notice(t("users_empty")), more);
  };
  const filterForm = national ? h("form", {class: "filters inline", novalidate: true},
    field("agency_id_region", t("agency_region"), filterPicker.regionControl),
    field("agency_id", t("filter_agency"), filterControl),
    h("div", {class: "actions"}, h("button", {type: "submit", class: "secondary"}, t("filter")))) : null;
  if (filterForm) {
    filterForm.addEventListener("submit", (event) => {
      event.preventDefault();
      loadList();
    });
  }

  // the create form
  const roleControl = select("role", (national ? ROLES : ["unit_officer"]).map((role) => ({value: role, text: t(`role.${role}`)})),
    {value: national ? "agency_admin" : "unit_officer", required: true});
  const agencyControl = national
    ? formPicker.agencyControl
    : select("agency_id", [{value: ownAgency, text: state.me.agency.name}], {value: ownAgency});
  const agencyField = national
    ? h("div", {}, field("agency_id_region", t("agency_region"), formPicker.regionControl),
      field("agency_id", t("agency"), agencyControl))
    : field("agency_id", t("agency"), agencyControl);
  const unitHolder = h("div", {class: "unit-holder"});
  const unitSlot = h("div", {});
  const loadUnits = async () => {
    const agencyId = agencyControl.value.trim();
    unitHolder.replaceChildren();
    if (roleControl.value !== "unit_officer" || !agencyId) return;
    const units = await unitsOf(agencyId).catch(() => null);
    if (agencyControl.value.trim() !== agencyId) return;
    const control = units && units.length
      ? select("unit_id", [{value: "", text: t("choose")}, ...units.map((unit) => ({value: unit.unit_id, text: unit.name}))], {value: "", required: true})
      : input("unit_id", {required: true, placeholder: `${agencyId}.`});
    unitHolder.append(field("unit_id", t("unit"), control, units && units.length ? {} : {hint: t("unit_id_hint", {agency: agencyId})}));
  };
  const placement = () => {
    const needsAgency = AGENCY_ROLES.includes(roleControl.value);
    agencyField.hidden = !needsAgency;
    agencyControl.disabled = !needsAgency;
    agencyControl.required = needsAgency;
    loadUnits();
  };
  roleControl.addEventListener("change", placement);
  agencyControl.addEventListener("change", loadUnits);
  unitSlot.append(unitHolder);
  const username = input("username", {required: true, autocomplete: "off", autocapitalize: "none", spellcheck: "false",
    maxlength: 64, pattern: "[a-z0-9][a-z0-9._\\-]{2,63}"});
  const createForm = h("form", {class: "card", novalidate: true, "aria-labelledby": "create-user-title"},
    h("h2", {id: "create-user-title"}, t("create_user")),
    h("div", {class: "form-done", "aria-live": "polite"}),
    h("div", {class: "row two"},
      field("username", t("username"), username, {hint: t("username_hint")}),
      field("password", t("password"), h("input", {name: "password", type: "password", required: true,
        autocomplete: "new-password", minlength: 10, maxlength: 256}), {hint: t("password_hint")})),
    h("div", {class: "row two"}, field("role", t("role"), roleControl), agencyField),
    unitSlot,
    h("div", {class: "row two"},
      field("email", t("email"), input("email", {type: "email", autocomplete: "off", maxlength: 254}), {optional: true}),
      field("phone", t("phone"), input("phone", {type: "tel", autocomplete: "off", maxlength: 25}), {optional: true})),
    formError(),
    h("div", {class: "actions"}, h("button", {type: "submit"}, t("create"))));
  onSubmit(createForm, async () => {
    const body = collect(createForm);
    const created = await call("/admin/users", {method: "POST", body});
    createForm.reset();
    placement();
    const done = notice(t("user_created", {user: created.username || body.username}), "ok");
    createForm.querySelector(".form-done").replaceChildren(done);
    done.tabIndex = -1;
    done.focus();
    loadList();
  }, {
    check: (form) => {
      form.querySelector(".form-done").replaceChildren();
      return checkRequired(form);
    },
    failed: (error) => failed(createForm, error),
  });
  placement();
  show(key,
    heading(t("users_title")),
    createForm,
    h("section", {"aria-labelledby": "users-list-title"},
      h("h2", {id: "users-list-title"}, t("users_list")), filterForm, listHolder));
  await loadList();
}

// --- agencies ---------------------------------------------------------------------------

async function regionOptions() {
  const list = await regions().catch(() => []);
  return [{value: "ID", text: t("national_level")},
    ...list.map((region) => ({value: region.region_code, text: `${region.level === "province" ? "" : "— "}${region.name} (${region.region_code})`}))];
}

async function agenciesPage(key, current) {
  mount(notice(t("loading")));
  const places = await regionOptions();
  if (!current()) return;
  // Thousands of agencies across Indonesia: one region (or the national level) at a time.
  const filterControl = select("region_code", places, {value: "ID"});
  const listHolder = h("div", {"aria-live": "polite"});
  const loadList = async () => {
    const region = filterControl.value;
    listHolder.replaceChildren(notice(t("loading")));
    let page;
    try {
      page = await call(`/admin/agencies${region ? `?region_code=${encodeURIComponent(region)}` : ""}`);
    } catch (error) {
      listHolder.replaceChildren(loadFailure(error, loadList) || "");
      return;
    }
    if (!current()) return;
    const items = page.items || page.agencies || [];
    listHolder.replaceChildren(items.length ? h("div", {class: "table-wrap"}, h("table", {class: "agencies"},
      h("thead", {}, h("tr", {}, [t("agency_id"), t("agency_name"), t("short_name"), t("region"), t("time_zone"), t("coordinator"), t("active")]
        .map((name) => h("th", {scope: "col"}, name)))),
      h("tbody", {}, items.map((agency) => h("tr", {"data-agency-id": agency.agency_id},
        h("td", {}, agency.agency_id), h("td", {}, agency.name), h("td", {}, agency.short_name),
        h("td", {}, agency.region_code), h("td", {}, text(`tz.${agency.time_zone}`, agency.time_zone)),
        h("td", {}, agency.coordinator ? t("yes") : t("no")),
        h("td", {}, agency.active === false ? t("no") : t("yes"))))))) : notice(t("agencies_empty")));
  };
  const filterForm = h("form", {class: "filters inline", novalidate: true},
    field("region_code", t("region"), filterControl),
    h("div", {class: "actions"}, h("button", {type: "submit", class: "secondary"}, t("filter"))));
  filterForm.addEventListener("submit", (event) => {
    event.preventDefault();
    loadList();
  });

  // the create form, with any number of units
  const unitRows = h("div", {class: "unit-rows"});
  const renumber = () => {
    [...unitRows.children].forEach((row, index) => {
      row.dataset.field = `units.${index}`;
      row.querySelector("legend").textContent = t("unit_n", {n: index + 1});
      row.querySelector("[data-role=unit-id]").closest(".field").dataset.field = `units.${index}.unit_id`;
      row.querySelector("[data-role=unit-name]").closest(".field").dataset.field = `units.${index}.name`;
      row.querySelector("button").setAttribute("aria-label", t("remove_unit", {n: index + 1}));
    });
  };
  const agencyIdControl = input("agency_id", {required: true, maxlength: 63, autocapitalize: "none", spellcheck: "false",
    pattern: "[a-z0-9][a-z0-9\\-]{1,62}"});
  const addUnit = () => {
    const idControl = input("unit_id", {"data-role": "unit-id", "data-skip": "", maxlength: 126, autocapitalize: "none",
      spellcheck: "false", placeholder: `${agencyIdControl.value.trim() || "agency"}.`});
    const nameControl = input("name", {"data-role": "unit-name", "data-skip": "", maxlength: 100});
    const row = h("fieldset", {class: "unit-row"},
      h("legend", {}, ""),
      h("div", {class: "row two"}, field("unit_id", t("unit_id"), idControl), field("name", t("unit_name"), nameControl)),
      h("button", {type: "button", class: "secondary", onclick: () => {
        row.remove();
        renumber();
        addButton.focus();
      }}, t("delete")));
    unitRows.append(row);
    renumber();
    idControl.focus();
  };
  const addButton = h("button", {type: "button", class: "secondary", onclick: addUnit}, t("add_unit"));
  const regionControl = select("region_code", [{value: "", text: t("choose")}, ...places], {value: "", required: true});
  const zoneControl = select("time_zone", TIME_ZONES.map((zone) => ({value: zone, text: t(`tz.${zone}`)})),
    {value: "Asia/Jakarta", required: true});
  // A regional agency keeps its region's time; the national level stays WIB unless changed.
  regionControl.addEventListener("change", async () => {
    const region = (await regions().catch(() => [])).find((item) => item.region_code === regionControl.value);
    if (region && TIME_ZONES.includes(region.time_zone)) zoneControl.value = region.time_zone;
  });
  const createForm = h("form", {class: "card", novalidate: true, "aria-labelledby": "create-agency-title"},
    h("h2", {id: "create-agency-title"}, t("create_agency")),
    h("div", {class: "form-done", "aria-live": "polite"}),
    h("div", {class: "row three"},
      field("agency_id", t("agency_id"), agencyIdControl, {hint: t("agency_id_hint")}),
      field("name", t("agency_name"), input("name", {required: true, maxlength: 200})),
      field("short_name", t("short_name"), input("short_name", {required: true, maxlength: 60}))),
    h("div", {class: "row two"},
      field("region_code", t("region"), regionControl),
      field("time_zone", t("time_zone"), zoneControl)),
    checkbox("coordinator", t("coordinator"), {hint: t("coordinator_hint")}),
    h("fieldset", {class: "units", "data-field": "units"},
      h("legend", {}, t("units"), h("span", {class: "optional"}, " ", t("optional"))),
      h("p", {class: "field-error", "aria-live": "polite"}),
      unitRows,
      h("div", {class: "actions"}, addButton)),
    formError(),
    h("div", {class: "actions"}, h("button", {type: "submit"}, t("add"))));
  // The unit rows someone filled in, at least in part; wholly blank rows are left out.
  const filledUnits = () => [...unitRows.children].map((row, index) => ({index,
    unitId: row.querySelector("[data-role=unit-id]").value.trim(),
    name: row.querySelector("[data-role=unit-name]").value.trim()}))
    .filter((unit) => unit.unitId || unit.name);
  onSubmit(createForm, async () => {
    const units = filledUnits().map((unit) => ({unit_id: unit.unitId, name: unit.name}));
    const body = {...collect(createForm), units};
    const created = await call("/admin/agencies", {method: "POST", body});
    createForm.reset();
    unitRows.replaceChildren();
    cache.delete("directory");
    const done = notice(t("agency_created", {id: (created && created.agency_id) || body.agency_id}), "ok");
    createForm.querySelector(".form-done").replaceChildren(done);
    done.tabIndex = -1;
    done.focus();
    loadList();
  }, {
    check: (form) => {
      form.querySelector(".form-done").replaceChildren();
      const problems = checkRequired(form);
      for (const unit of filledUnits()) {
        if (!unit.unitId) problems.push({field: `units.${unit.index}.unit_id`, message: t("required")});
        if (!unit.name) problems.push({field: `units.${unit.index}.name`, message: t("required")});
      }
      return problems;
    },
    failed: (error) => failed(createForm, error),
  });
  show(key,
    heading(t("agencies_title")),
    createForm,
    h("section", {"aria-labelledby": "agencies-list-title"},
      h("h2", {id: "agencies-list-title"}, t("agencies_list")), filterForm, listHolder));
  await loadList();
}

// --- holidays ---------------------------------------------------------------------------

let holidayYear = null;

// An agency admin's own agency: how it works (whether officers' final answers need approval).
async function agencySettingsPage(key, current) {
  const agencyId = state.me.agency.agency_id;
  const agency = await call(`/admin/agencies/${encodeURIComponent(agencyId)}`);
  if (!current()) return;
  const form = h("form", {class: "card", id: "agency-settings", novalidate: true},
    h("h2", {}, t("agency_settings_title")),
    checkbox("answers_need_approval", t("answers_need_approval"),
      {checked: Boolean(agency.answers_need_approval), hint: t("answers_need_approval_hint")}),
    field("reason", t("setting_reason"), textarea("reason", {required: true, maxlength: 500, rows: 2})),
    formError(),
    h("div", {class: "actions"}, h("button", {type: "submit"}, t("save_settings"))));
  onSubmit(form, async () => {
    await call(`/admin/agencies/${encodeURIComponent(agencyId)}`, {method: "PATCH", body: collect(form)});
    if (!current()) return;
    await agencySettingsPage(key, current);
    document.querySelector("#agency-settings").prepend(notice(t("settings_saved"), "ok"));
  });
  show(key, heading(agency.name), form);
}

async function holidaysPage(key, current) {
  const thisYear = Number(thisMonth().slice(0, 4));
  holidayYear = holidayYear || thisYear;
  const years = [];
  for (let year = thisYear - 1; year <= thisYear + 2; year += 1) years.push(year);
  if (!years.includes(holidayYear)) years.push(holidayYear);
  const yearControl = select("year", years.sort().map((year) => ({value: String(year), text: String(year)})), {value: String(holidayYear)});
  const listHolder = h("div", {"aria-live": "polite"});
  const status = h("div", {class: "form-done", "aria-live": "polite"});
  const loadList = async () => {
    listHolder.replaceChildren(notice(t("loading")));
    let calendar;
    try {
      calendar = await call(`/admin/holidays?year=${holidayYear}`);
    } catch (error) {
      listHolder.replaceChildren(loadFailure(error, loadList) || "");
      return;
    }
    if (!current()) return;
    const listTitle = document.getElementById("holidays-list-title");
    if (listTitle) listTitle.textContent = `${t("holidays_title")} ${holidayYear}`;
    const items = calendar.items || [];
    listHolder.replaceChildren(items.length ? h("div", {class: "table-wrap"}, h("table", {class: "holidays"},
      h("thead", {}, h("tr", {}, [t("date"), t("holiday_name"), t("source"), t("added_by"), t("actions_col")]
        .map((name) => h("th", {scope: "col"}, name)))),
      h("tbody", {}, items.map((holiday) => h("tr", {"data-date": holiday.date, class: holiday.source === "added" ? "added" : null},
        h("td", {}, formatTime(holiday.date, {dateOnly: true})),
        h("td", {}, lang() === "en" && holiday.name_en ? holiday.name_en : holiday.name),
        h("td", {}, enumText("source", holiday.source)),
        h("td", {}, holiday.added_by || t("none")),
        h("td", {}, holiday.source === "added" ? h("button", {type: "button", class: "secondary small",
          "aria-label": t("delete_holiday", {date: formatTime(holiday.date, {dateOnly: true})}),
          onclick: (event) => removeHoliday(holiday, event.currentTarget)}, t("delete")) : null)))))) : notice(t("holidays_empty")));
  };
  const removeHoliday = async (holiday, button) => {
    button.disabled = true;
    try {
      await call(`/admin/holidays/${encodeURIComponent(holiday.date)}`, {method: "DELETE"});
      status.replaceChildren(notice(t("holiday_deleted", {date: formatTime(holiday.date, {dateOnly: true})}), "ok"));
      await loadList();
      yearControl.focus();
    } catch (error) {
      button.disabled = false;
      const problem = loadFailure(error);
      if (problem) status.replaceChildren(problem);
    }
  };
  const yearForm = h("form", {class: "filters inline", novalidate: true},
    field("year", t("year"), yearControl),
    h("div", {class: "actions"}, h("button", {type: "submit", class: "secondary"}, t("show"))));
  yearForm.addEventListener("submit", (event) => {
    event.preventDefault();
    holidayYear = Number(yearControl.value);
    loadList();
  });
  yearControl.addEventListener("change", () => {
    holidayYear = Number(yearControl.value);
    loadList();
  });
  const dateControl = input("date", {type: "date", required: true, min: "2020-01-01", max: "2100-12-31"});
  const addForm = h("form", {class: "card", novalidate: true, "aria-labelledby": "add-holiday-title"},
    h("h2", {id: "add-holiday-title"}, t("add_holiday")),
    h("div", {class: "row two"},
      field("date", t("date"), dateControl),
      field("name", t("holiday_name"), input("name", {required: true, maxlength: 100}))),
    formError(),
    h("div", {class: "actions"}, h("button", {type: "submit"}, t("add"))));
  onSubmit(addForm, async () => {
    const body = collect(addForm);
    await call("/admin/holidays", {method: "POST", body});
    addForm.reset();
    holidayYear = Number(body.date.slice(0, 4));
    if (![...yearControl.options].some((option) => option.value === String(holidayYear))) {
      yearControl.append(h("option", {value: String(holidayYear)}, String(holidayYear)));
    }
    yearControl.value = String(holidayYear);
    const done = notice(t("holiday_added", {date: formatTime(body.date, {dateOnly: true})}), "ok");
    status.replaceChildren(done);
    await loadList();
    done.tabIndex = -1;
    done.focus();
  }, {failed: (error) => failed(addForm, error)});
  show(key,
    heading(t("holidays_title")),
    notice(t("holidays_note"), "warn"),
    status,
    addForm,
    h("section", {"aria-labelledby": "holidays-list-title"},
      h("h2", {id: "holidays-list-title"}, t("holidays_title"), " ", String(holidayYear)),
      yearForm, listHolder));
  await loadList();
}

// --- routing ---------------------------------------------------------------------------

const routingQuery = {province: "ID", region: "ID", month: null};
const TO_DEFAULT = "-";

function historyLine(entry, agencyName) {
  const key = `history.${entry.action}`;
  const values = {topic: topicName(entry.topic_id), from: agencyName(entry.from_agency_id), to: agencyName(entry.to_agency_id)};
  const line = t(key, values);
  return line === key ? `${values.topic}: ${entry.action}` : line;
}

async function routingPage(key, current) {
  mount(notice(t("loading")));
  const [list] = await Promise.all([regions().catch(() => []), loadTopicNames()]);
  if (!current()) return;
  const mayChange = state.me.role === "national_admin";
  const regionNames = new Map(list.map((region) => [region.region_code, region.name]));
  const regionName = (code) => (code === "ID" ? t("whole_country") : regionNames.get(code) || code);
  const regionWithCode = (code) => (code === "ID" ? regionName(code) : `${regionName(code)} (${code})`);
  const provinceControl = select("province", [{value: "ID", text: t("whole_country")},
    ...list.filter((region) => region.level === "province").map((region) => ({value: region.region_code, text: region.name}))],
  {value: routingQuery.province});
  const regionControl = select("region_code", []);
  const fillRegions = (chosen) => {
    const province = provinceControl.value;
    const options = province === "ID" ? [{value: "ID", text: t("whole_country")}]
      : [{value: province, text: t("province_level", {name: regionName(province)})},
        ...list.filter((region) => region.parent_code === province).map((region) => ({value: region.region_code, text: region.name}))];
    regionControl.replaceChildren(...options.map((option) => h("option", {value: option.value}, option.text)));
    regionControl.value = options.some((option) => option.value === chosen) ? chosen : options[0].value;
  };
  fillRegions(routingQuery.region);
  provinceControl.addEventListener("change", () => fillRegions(""));
  const pickForm = h("form", {class: "card filters", novalidate: true},
    h("div", {class: "row two"}, field("province", t("province"), provinceControl), field("region_code", t("regency"), regionControl)),
    h("div", {class: "actions"}, h("button", {type: "submit"}, t("show"))));
  const status = h("div", {class: "form-done", "aria-live": "polite"});
  const tableHolder = h("section", {"aria-labelledby": "routing-table-title"});
  const historyHolder = h("section", {class: "card", "aria-labelledby": "routing-history-title"});
  const monthControl = input("month", {type: "month", value: routingQuery.month || thisMonth(), max: thisMonth(), required: true});
  const missesHolder = h("div", {"aria-live": "polite"});
  const missesForm = h("form", {class: "filters inline", novalidate: true},
    field("month", t("period"), monthControl),
    h("div", {class: "actions"}, h("button", {type: "submit", class: "secondary"}, t("show"))),
    formError());

  let sequence = 0;
  const loadTable = async () => {
    const region = routingQuery.region;
    const asked = ++sequence;
    tableHolder.replaceChildren(notice(t("loading")));
    historyHolder.replaceChildren();
    let table;
    let agencies;
    try {
      [table, agencies] = await Promise.all([call(`/admin/routing?region_code=${encodeURIComponent(region)}`),
        mayChange ? authorityAgencies(region) : null]);
    } catch (error) {
      if (asked === sequence) tableHolder.replaceChildren(loadFailure(error, loadTable) || "");
      return;
    }
    if (!current() || asked !== sequence) return;
    showTable(table, agencies);
  };

  // The table as the server gave it; `agencies` are those a national admin may choose here.
  const showTable = (table, agencies) => {
    const region = table.region_code;
    const names = new Map();
    for (const agency of agencies ? [...agencies.regional, ...agencies.national] : []) names.set(agency.agency_id, agency.name);
    for (const row of table.rows) if (row.agency) names.set(row.agency.agency_id, row.agency.name);
    const agencyName = (id) => (id ? names.get(id) || id : t("default_short"));
    const affairName = (id) => {
      const affair = (table.affairs || {})[id];
      return affair ? (lang() === "en" ? affair.name_en : affair.name_id) : id;
    };
    const rowTopic = (row) => (row.topic_id.includes(".") ? row.name : topicName(row.topic_id));
    const handledBy = (row) => {
      if (row.agency) {
        return [row.agency.name, row.agency.template
          ? [" ", h("span", {class: "badge template", title: t("template_hint")}, t("template_badge"))] : null];
      }
      if (row.affair) return t("regional_agency_of", {name: affairName(row.affair)});
      return t("coordinator_takes");
    };
    const basis = (row) => {
      const parts = [h("strong", {}, enumText("source", row.source))];
      if (row.source === "override" && row.rule_region) parts.push(" ", t("set_in", {region: regionName(row.rule_region)}));
      if (row.source === "default") parts.push(" · ", row.affair ? t("affair", {name: affairName(row.affair)}) : t("national_body"));
      if (row.rule_topic_id && row.rule_topic_id !== row.topic_id) parts.push(" · ", t("inherited_from", {topic: topicName(row.rule_topic_id)}));
      if (row.override) {
        parts.push(h("span", {class: "hint override-line"}, t("override_line",
          {version: row.override.version, by: row.override.updated_by, at: formatTime(inZone(row.override.updated_at))})));
      }
      return parts;
    };
    const body = h("tbody", {});
    const columns = mayChange ? 4 : 3;
    const closeEditors = () => {
      for (const open of body.querySelectorAll("tr.edit-row")) open.remove();
      for (const button of body.querySelectorAll("button[data-change][aria-expanded=true]")) button.setAttribute("aria-expanded", "false");
    };
    const openEditor = (row, tr, button) => {
      const wasOpen = button.getAttribute("aria-expanded") === "true";
      closeEditors();
      if (wasOpen) return;
      button.setAttribute("aria-expanded", "true");
      const topic = rowTopic(row);
      const agencyControl = select("agency_id", [{value: "", text: t("choose")},
        ...(row.override ? [{value: TO_DEFAULT, text: t("back_to_default")}] : []),
        ...agencyGroups(agencies || {regional: [], national: []})], {value: "", required: true});
      const titleId = `edit-${row.topic_id.replaceAll(".", "-")}-title`;
      const form = h("form", {class: "routing-edit", novalidate: true, "aria-labelledby": titleId},
        h("h3", {id: titleId, tabindex: "-1"}, t("change_routing", {topic})),
        field("agency_id", t("route_agency"), agencyControl),
        field("reason", t("change_reason"), textarea("reason", {required: true, minlength: 5, maxlength: 500, rows: 2}),
          {hint: t("change_reason_hint")}),
        formError(),
        h("div", {class: "actions"},
          h("button", {type: "submit"}, t("save")),
          h("button", {type: "button", class: "secondary", onclick: () => {
            closeEditors();
            button.focus();
          }}, t("cancel"))));
      onSubmit(form, async () => {
        const chosen = agencyControl.value;
        const changed = await call(`/admin/routing?region_code=${encodeURIComponent(region)}`, {method: "PUT", body: {
          changes: [{topic_id: row.topic_id, agency_id: chosen === TO_DEFAULT ? null : chosen,
            expected_version: row.override ? row.override.version : 0}],
          reason: form.elements.namedItem("reason").value.trim()}});
        if (!current()) return;
        showTable(changed, agencies);
        const done = notice(t("routing_saved", {topic}), "ok");
        status.replaceChildren(done);
        done.tabIndex = -1;
        done.focus();
      }, {
        failed: (error) => {
          if (error instanceof SignedOut) return;
          if (error.status === 409) {
            const summary = form.querySelector(".form-error");
            summary.replaceChildren(h("p", {class: "notice error", role: "alert", tabindex: "-1"}, t("routing_conflict"), " ",
              h("button", {type: "button", class: "secondary small", onclick: loadTable}, t("reload"))));
            summary.querySelector(".notice").focus();
            return;
          }
          // "changes[0].agency_id" is the agency picker, "reason" the reason.
          const details = (error.details || []).map((problem) => ({...problem,
            field: /^changes(\[\d+\])?(\.agency_id)?$/.test(problem.field || "") ? "agency_id"
              : (problem.field || "").replace(/^changes\[\d+\]\./, "")}));
          failed(form, Object.assign(error, {details}));
        },
      });
      tr.after(h("tr", {class: "edit-row"}, h("td", {colspan: columns}, form)));
      form.querySelector("h3").focus();
    };
    let group = null;
    for (const row of table.rows) {
      const sub = row.topic_id.includes(".");
      const topic = rowTopic(row);
      const change = mayChange ? h("button", {type: "button", class: "secondary small", "data-change": row.topic_id,
        "aria-expanded": "false", "aria-label": t("change_routing", {topic})}, t("change")) : null;
      const tr = h("tr", {class: sub ? "sub" : "topic", "data-topic-id": row.topic_id, "data-source": row.source, hidden: sub},
        h("th", {scope: "row"}, sub ? h("span", {class: "sub-name"}, topic) : topic, h("span", {class: "toggle-slot"})),
        h("td", {}, handledBy(row)),
        h("td", {}, basis(row)),
        mayChange ? h("td", {}, change) : null);
      if (change) change.addEventListener("click", () => openEditor(row, tr, change));
      if (!sub) group = {tr, rows: [], topic};
      else if (group) group.rows.push(tr);
      if (sub && group && group.rows.length === 1) {
        // The first subtopic of a topic: the topic's row gets the button that shows them.
        const owner = group;
        const toggle = h("button", {type: "button", class: "secondary small toggle", "aria-expanded": "false",
          "aria-label": t("show_subtopics", {topic: owner.topic})});
        const relabel = () => {
          const open = toggle.getAttribute("aria-expanded") === "true";
          toggle.textContent = `${open ? "▾" : "▸"} ${t("subtopics", {n: owner.rows.length})}`;
        };
        toggle.addEventListener("click", () => {
          const open = toggle.getAttribute("aria-expanded") !== "true";
          toggle.setAttribute("aria-expanded", String(open));
          for (const subRow of owner.rows) subRow.hidden = !open;
          if (!open) {
            for (const subRow of owner.rows) {
              const next = subRow.nextElementSibling;
              if (next && next.classList.contains("edit-row")) next.remove();
            }
          }
          relabel();
        });
        owner.relabel = relabel;
        owner.tr.querySelector(".toggle-slot").append(toggle);
      }
      if (group && group.relabel) group.relabel();
      body.append(tr);
    }
    tableHolder.replaceChildren(
      h("h2", {id: "routing-table-title"}, t("routing_table", {region: regionWithCode(region)})),
      h("div", {class: "table-wrap"}, h("table", {class: "routing"},
        h("thead", {}, h("tr", {}, [t("topic"), t("handled_by"), t("basis"), mayChange ? t("actions_col") : null]
          .filter(Boolean).map((name) => h("th", {scope: "col"}, name)))),
        body)));
    const history = table.history || [];
    historyHolder.replaceChildren(
      h("h2", {id: "routing-history-title"}, t("routing_history")),
      history.length ? h("ol", {class: "timeline routing-history"}, history.map((entry) => h("li", {"data-topic-id": entry.topic_id},
        h("strong", {}, historyLine(entry, agencyName)),
        h("span", {class: "when"}, formatTime(inZone(entry.at)), " · ", t("by", {who: entry.by})),
        entry.reason ? h("p", {class: "message"}, entry.reason) : null))) : notice(t("history_empty")));
  };

  const loadMisses = async () => {
    missesHolder.replaceChildren(notice(t("loading")));
    const params = new URLSearchParams({month: routingQuery.month || thisMonth()});
    if (routingQuery.region !== "ID") params.set("region_code", routingQuery.region);
    let misses;
    try {
      misses = await call(`/admin/routing/misses?${params}`);
    } catch (error) {
      if (error instanceof SignedOut || !current()) return;
      missesHolder.replaceChildren();
      failed(missesForm, error);
      return;
    }
    if (!current()) return;
    const items = misses.items || [];
    missesHolder.replaceChildren(items.length ? dataTable(
      [t("region"), t("topic"), t("transfers"), t("reroutes"), t("total"), t("routed_to"), t("last_at")],
      items.map((item) => [regionWithCode(item.region_code), topicName(item.topic_id) || item.topic_name,
        formatNumber(item.transfers), formatNumber(item.reroutes), formatNumber(item.transfers + item.reroutes),
        item.routed_to ? item.routed_to.name : t("coordinator_takes"), formatTime(inZone(item.last_at))]), [2, 3, 4])
      : notice(t("misses_empty")));
  };

  pickForm.addEventListener("submit", (event) => {
    event.preventDefault();
    routingQuery.province = provinceControl.value;
    routingQuery.region = regionControl.value || provinceControl.value;
    status.replaceChildren();
    loadTable();
    loadMisses();
  });
  missesForm.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors(missesForm);
    routingQuery.month = monthControl.value || thisMonth();
    loadMisses();
  });
  show(key,
    heading(t("routing_title")),
    h("p", {class: "lead"}, t("routing_lead")),
    pickForm,
    status,
    tableHolder,
    historyHolder,
    h("section", {class: "card", "aria-labelledby": "misses-title"},
      h("h2", {id: "misses-title"}, t("misses_title")),
      h("p", {class: "hint"}, t("misses_lead")),
      missesForm, missesHolder));
  await Promise.all([loadTable(), loadMisses()]);
}

// --- answer templates ---------------------------------------------------------------------

// National admins and oversight may look at one agency's templates beside the national ones.
const templatesQuery = {agency: null, agencyName: null};
let templateFormCounter = 0;

function insertAtCursor(control, text) {
  const start = control.selectionStart ?? control.value.length;
  control.setRangeText(text, start, control.selectionEnd ?? start, "end");
  control.focus();
}

function placeholderList(vocabulary, target) {
  return h("div", {class: "placeholders"},
    h("p", {class: "hint"}, t("placeholders")),
    h("ul", {class: "placeholder-list"}, vocabulary.map((entry) => h("li", {},
      h("button", {type: "button", class: "secondary small", "data-placeholder": entry.name,
        "aria-label": t("insert_placeholder", {name: `{${entry.name}}`}),
        onclick: () => insertAtCursor(target, `{${entry.name}}`)}, `{${entry.name}}`),
      " ", h("span", {class: "hint"}, label(entry.description))))));
}

// The form of a new template or of a change: name, the forms offering it, the text; `owners` (national
// admins creating one) says whose it will be.
function templateForm(listed, {template, owners, titleId, titleText, submitText}) {
  const id = ++templateFormCounter;
  const body = textarea("body", {required: true, maxlength: listed.limits.body, rows: 10});
  body.value = template ? template.body : "";
  const chosen = template ? template.purposes : ["respond"];
  const purposes = h("fieldset", {class: "field purposes", "data-field": "purposes"},
    h("legend", {}, t("template_purposes")),
    ["respond", "update"].map((purpose) => h("div", {class: "choice"},
      h("input", {type: "checkbox", id: `f-purpose-${purpose}-${id}`, name: "purposes", value: purpose,
        checked: chosen.includes(purpose), "data-skip": ""}),
      h("label", {for: `f-purpose-${purpose}-${id}`}, t(`purpose.${purpose}`)))),
    h("p", {class: "field-error", "aria-live": "polite"}));
  return h("form", {class: "template-form", novalidate: true, "aria-labelledby": titleId},
    h("h3", {id: titleId, tabindex: "-1"}, titleText),
    owners ? field("agency_id", t("template_owner"), select("agency_id", owners, {value: owners[0].value})) : null,
    field("name", t("template_name"), input("name", {required: true, maxlength: listed.limits.name,
      value: template ? template.name : null})),
    purposes,
    field("body", t("template_body"), body, {hint: t("template_body_hint")}),
    placeholderList(listed.vocabulary, body),
    formError(),
    h("div", {class: "actions"}, h("button", {type: "submit"}, submitText)));
}

function templateBody(form) {
  return {...collect(form),
    purposes: [...form.querySelectorAll("input[name=purposes]:checked")].map((control) => control.value)};
}

function checkTemplate(form) {
  const problems = checkRequired(form);
  if (!form.querySelector("input[name=purposes]:checked")) {
    problems.push({field: "purposes", message: t("template_purposes_missing")});
  }
  return problems;
}

async function templatesPage(key, current) {
  mount(notice(t("loading")));
  const may = state.me.may || {};
  const status = h("div", {class: "form-done", "aria-live": "polite"});
  const listHolder = h("div", {"aria-live": "polite"});
  const createHolder = h("div");
  let listed = null;

  const say = (text, kind) => {
    const message = notice(text, kind);
    status.replaceChildren(message);
    message.tabIndex = -1;
    message.focus();
  };
  const agencyTitle = () => {
    const name = templatesQuery.agency ? templatesQuery.agencyName
      : state.me.agency && state.me.role !== "national_admin" ? state.me.agency.name : null;
    return name ? t("templates_of_agency", {agency: name}) : null;
  };

  const load = async () => {
    const query = templatesQuery.agency ? `?agency_id=${encodeURIComponent(templatesQuery.agency)}` : "";
    try {
      listed = await call(`/admin/templates${query}`);
    } catch (error) {
      if (error instanceof SignedOut || !current()) return;
      listHolder.replaceChildren(loadFailure(error, load) || "");
      return;
    }
    if (!current()) return;
    renderList();
    renderCreate();
  };

  // Someone else changed it meanwhile: show the list as it now is, and say so.
  const refused = async (form, error) => {
    if (error instanceof SignedOut) return;
    if (error.status === 409 || error.status === 404) {
      await load();
      say(t("template_conflict"), "warn");
      return;
    }
    failed(form, error);
  };

  const item = (template) => {
    const holder = h("li", {class: "template", "data-template-id": template.template_id});
    const showItem = () => {
      const buttons = template.may_edit ? h("div", {class: "actions"},
        h("button", {type: "button", class: "secondary small", "data-edit": template.template_id,
          "aria-label": t("edit_template", {name: template.name}), onclick: edit}, t("change")),
        h("button", {type: "button", class: "secondary small", "data-delete": template.template_id,
          "aria-label": t("delete_template", {name: template.name}), onclick: confirmRemoval}, t("delete")))
        : h("p", {class: "hint"}, t("read_only"));
      holder.replaceChildren(
        h("h3", {}, template.name),
        h("p", {class: "meta"}, template.purposes.map((purpose) => h("span", {class: "badge"}, t(`purpose.${purpose}`))),
          h("span", {}, t("template_changed_line", {version: template.version,
            at: formatTime(inZone(template.updated_at)), by: template.updated_by}))),
        h("p", {class: "template-text"}, template.body),
        buttons);
    };
    const edit = () => {
      const titleId = `edit-${template.template_id.replace(/[^a-z0-9-]/gi, "-")}`;
      const form = templateForm(listed, {template, titleId, titleText: t("edit_template", {name: template.name}),
        submitText: t("save")});
      form.querySelector(".actions").append(h("button", {type: "button", class: "secondary", onclick: () => {
        showItem();
        holder.querySelector("[data-edit]").focus();
      }}, t("cancel")));
      onSubmit(form, async () => {
        const saved = await call(`/admin/templates/${encodeURIComponent(template.template_id)}`,
          {method: "PUT", body: {...templateBody(form), expected_version: template.version}});
        if (!current()) return;
        await load();
        say(t("template_saved", {name: saved.name}), "ok");
      }, {check: checkTemplate, failed: (error) => refused(form, error)});
      holder.replaceChildren(form);
      form.querySelector("h3").focus();
    };
    const confirmRemoval = () => {
      const actions = holder.querySelector(".actions");
      actions.replaceChildren(
        h("button", {type: "button", class: "danger small", "data-confirm-delete": template.template_id, onclick: async (event) => {
          event.currentTarget.disabled = true;
          try {
            await call(`/admin/templates/${encodeURIComponent(template.template_id)}?expected_version=${template.version}`,
              {method: "DELETE"});
            if (!current()) return;
            await load();
            say(t("template_deleted", {name: template.name}), "ok");
          } catch (error) {
            if (error instanceof SignedOut) return;
            if (error.status === 409 || error.status === 404) {
              await load();
              say(t("template_conflict"), "warn");
              return;
            }
            say(error.message || t("failed"), "error");
          }
        }}, t("confirm_delete")),
        h("button", {type: "button", class: "secondary small", onclick: showItem}, t("cancel")));
      actions.querySelector("button").focus();
    };
    showItem();
    return holder;
  };

  const group = (titleText, items, idName) => h("section", {class: "card", "aria-labelledby": idName},
    h("h2", {id: idName}, titleText),
    items.length ? h("ul", {class: "templates"}, items.map(item)) : notice(t("templates_empty")));

  const renderList = () => {
    const items = listed.items || [];
    const title = agencyTitle();
    listHolder.replaceChildren(...[
      group(t("templates_national"), items.filter((template) => template.scope === "national"), "templates-national"),
      title ? group(title, items.filter((template) => template.scope === "agency"), "templates-agency") : null,
    ].filter(Boolean));
  };

  const renderCreate = () => {
    createHolder.replaceChildren();
    if (!may.manage_templates) return;
    const owners = state.me.role === "national_admin"
      ? [{value: "", text: t("template_owner_national")},
        ...(templatesQuery.agency ? [{value: templatesQuery.agency, text: templatesQuery.agencyName}] : [])]
      : null;
    const form = templateForm(listed, {owners, titleId: "new-template-title", titleText: t("new_template"),
      submitText: t("create")});
    form.classList.add("card");
    onSubmit(form, async () => {
      const created = await call("/admin/templates", {method: "POST", body: templateBody(form)});
      if (!current()) return;
      await load();
      say(t("template_created", {name: created.name}), "ok");
    }, {check: checkTemplate, failed: (error) => failed(form, error)});
    createHolder.append(form);
  };

  let filter = null;
  if (seesEverything()) {
    const {regionControl, agencyControl} = await agencyPicker("agency_id", t("templates_filter_none"));
    if (!current()) return;
    filter = h("form", {class: "card filters", novalidate: true, "aria-label": t("templates_filter")},
      h("div", {class: "row two"}, field("agency_region", t("region"), regionControl),
        field("agency_id", t("templates_filter"), agencyControl, {optional: true})),
      h("div", {class: "actions"}, h("button", {type: "submit", class: "secondary"}, t("show"))));
    filter.addEventListener("submit", async (event) => {
      event.preventDefault();
      const chosen = agencyControl.selectedOptions[0];
      templatesQuery.agency = agencyControl.value || null;
      templatesQuery.agencyName = templatesQuery.agency && chosen ? chosen.textContent : null;
      status.replaceChildren();
      await load();
    });
  }

  show(key,
    heading(t("templates_title")),
    h("p", {class: "lead"}, t("templates_lead")),
    filter,
    status,
    listHolder,
    createHolder);
  await load();
}

// --- start ---------------------------------------------------------------------------

window.addEventListener("hashchange", render);
start(render);
