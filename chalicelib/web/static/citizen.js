// The citizen pages: the report form (home), the receipt, tracking, and the public list.
import {
  addTexts, api, base, checkRequired, field, formatTime, h, idempotencyKey, label, lang,
  mount, notice, onSubmit, sendFile, setNav, showErrors, start, t,
} from "./common.js";
import {printButton, receiptSheet} from "./receipt.js";

addTexts({
  nav_report: ["Buat laporan", "Report"],
  nav_track: ["Lacak laporan", "Track"],
  nav_browse: ["Laporan publik", "Public reports"],
  form_title: ["Sampaikan laporan Anda", "Submit your report"],
  form_lead: ["Pengaduan, aspirasi, atau permintaan informasi tentang pelayanan publik. Laporan Anda akan diteruskan ke instansi yang berwenang.",
    "A complaint, an aspiration or a request for information about a public service. Your report goes to the agency with authority."],
  kind: ["Jenis laporan", "Kind of report"],
  kind_complaint: ["Pengaduan", "Complaint"],
  kind_aspiration: ["Aspirasi", "Aspiration"],
  kind_information_request: ["Permintaan informasi", "Information request"],
  title: ["Judul laporan", "Title"],
  title_hint: ["Ringkas, 5–150 karakter.", "Short, 5–150 characters."],
  description: ["Isi laporan", "Description"],
  description_hint: ["Ceritakan apa yang terjadi, kapan, dan di mana. 10–5000 karakter.",
    "Tell what happened, when and where. 10–5000 characters."],
  province: ["Provinsi", "Province"],
  region_code: ["Kabupaten/kota", "Regency or city"],
  region_hint: ["Wilayah tempat kejadian; menentukan instansi yang menerima laporan.",
    "Where it happened; decides which agency receives the report."],
  choose: ["— Pilih —", "— Choose —"],
  whole_province: ["Tingkat provinsi", "The province itself"],
  agency_id: ["Instansi tujuan", "Agency"],
  agency_auto: ["Biarkan admin memilih instansi yang berwenang", "Let the admins choose the agency with authority"],
  topic: ["Kategori", "Topic"],
  topic_none: ["— Tidak tahu / lainnya —", "— Not sure / other —"],
  suggested_topic: ["Kategori yang disarankan: {name}", "Suggested topic: {name}"],
  suggested_words: ["(kata: {words})", "(words: {words})"],
  use_suggestion: ["Pakai", "Use"],
  use_suggestion_label: ["Pakai kategori {name}", "Use the topic {name}"],
  suggestion_used: ["Kategori dipakai. Anda tetap dapat mengubahnya.", "Topic chosen. You can still change it."],
  address: ["Alamat lokasi kejadian", "Address of the place"],
  coordinates: ["Koordinat", "Coordinates"],
  use_location: ["Gunakan lokasi saya", "Use my location"],
  clear_location: ["Hapus koordinat", "Clear coordinates"],
  locating: ["Mencari lokasi…", "Finding your location…"],
  location_failed: ["Lokasi tidak dapat diambil; isi alamat saja.", "Could not get your location; give the address instead."],
  location_set: ["Koordinat terisi: {lat}, {lon}", "Coordinates set: {lat}, {lon}"],
  lat: ["Lintang", "Latitude"],
  lon: ["Bujur", "Longitude"],
  incident_date: ["Tanggal kejadian", "Date it happened"],
  privacy: ["Kerahasiaan", "Privacy"],
  privacy_public: ["Publik", "Public"],
  privacy_public_hint: ["Laporan dan nama Anda dapat dilihat umum. Kontak Anda tidak pernah ditampilkan.",
    "Anyone can read the report and your name. Your contact details are never shown."],
  privacy_anonymous: ["Anonim", "Anonymous"],
  privacy_anonymous_hint: ["Laporan dapat dilihat umum, tetapi identitas Anda disembunyikan dari publik dan dari instansi terlapor.",
    "Anyone can read the report, but your identity is hidden from the public and from the agency."],
  privacy_confidential: ["Rahasia", "Confidential"],
  privacy_confidential_hint: ["Laporan tidak pernah ditampilkan ke publik; identitas Anda hanya dilihat admin yang menanganinya.",
    "The report is never public; only the admins who handle it see who you are."],
  reporter: ["Identitas pelapor", "About you"],
  reporter_hint: ["Isi e-mail atau nomor telepon agar kami dapat memberi kabar perkembangan laporan. Kabar lewat SMS hanya dikirim ke nomor ponsel (08…), tidak ke telepon rumah.",
    "Give an e-mail or phone number so we can tell you how the report progresses. News by SMS goes only to mobile numbers (08…), not to landlines."],
  "reporter.name": ["Nama", "Name"],
  "reporter.email": ["E-mail", "E-mail"],
  "reporter.phone": ["Nomor telepon", "Phone number"],
  attachments: ["Lampiran (foto atau PDF)", "Attachments (photos or PDF)"],
  attachments_hint: ["Hingga 10 berkas, masing-masing paling besar 10 MB: JPG, PNG, WebP, PDF.",
    "Up to 10 files of at most 10 MB each: JPG, PNG, WebP, PDF."],
  file_too_big: ["{name}: lebih dari 10 MB.", "{name}: larger than 10 MB."],
  file_wrong_type: ["{name}: hanya foto (JPG, PNG, WebP) atau PDF.", "{name}: only photos (JPG, PNG, WebP) or PDF."],
  too_many_files: ["Paling banyak 10 berkas.", "At most 10 files."],
  submit: ["Kirim laporan", "Send report"],
  sending: ["Mengirim…", "Sending…"],
  trap: ["Jangan isi kolom ini", "Leave this field empty"],
  uploading: ["Mengunggah lampiran {n} dari {total}…", "Uploading attachment {n} of {total}…"],
  upload_failed: ["Lampiran {name} gagal diunggah. Anda dapat mengunggahnya lagi dari halaman lacak.",
    "Attachment {name} could not be uploaded. You can upload it again from the tracking page."],
  receipt_title: ["Laporan Anda telah diterima", "Your report has been received"],
  tracking_id: ["Nomor pelacakan", "Tracking id"],
  no_receipt: ["Tidak ada tanda terima di sesi ini. Tanda terima hanya ditampilkan sekali, di perangkat yang mengirim laporan.",
    "There is no receipt in this session. A receipt is shown once, on the device that sent the report."],
  status: ["Status", "Status"],
  merged_title: ["Laporan digabung", "Report merged"],
  merged_note: ["Laporan ini membahas hal yang sama dengan laporan lain. Kabar dan jawabannya dikirim juga kepada Anda.",
    "This report is about the same matter as another report. Its updates and answers are sent to you too."],
  merged_answers: ["Tindak lanjut laporan induk", "Answers on the original report"],
  reporters_count: ["Jumlah pelapor", "Reporters"],
  agency: ["Instansi", "Agency"],
  received_at: ["Diterima", "Received"],
  deadlines: ["Batas waktu", "Deadlines"],
  verification_due: ["Verifikasi paling lambat", "Verification due"],
  first_response_due: ["Tindak lanjut pertama paling lambat", "First follow-up due"],
  completion_due: ["Penyelesaian paling lambat", "Completion due"],
  auto_close_due: ["Ditutup otomatis bila tidak ditanggapi", "Closes automatically if not answered by"],
  reporter_answer_due: ["Jawab pertanyaan petugas paling lambat", "Answer the officer's question by"],
  paused: ["Dijeda", "Paused"],
  paused_since: ["sejak {when}, sampai ada jawaban Anda", "since {when}, until you answer"],
  answer_question: ["Jawab pertanyaan petugas", "Answer the officer's question"],
  answer_question_hint: ["Lengkapi laporan Anda sesuai permintaan petugas; lampiran dapat ditambahkan di bawah.",
    "Add what the officer asked for; attachments can be added below."],
  deadline_note: ["Dihitung dalam hari kerja, tanpa hari libur nasional dan cuti bersama, menurut zona waktu instansi.",
    "Counted in working days, without national holidays and joint leave, in the agency's time zone."],
  attachments_sent: ["Lampiran terunggah: {n}", "Attachments uploaded: {n}"],
  go_track: ["Lacak laporan ini", "Track this report"],
  track_title: ["Lacak laporan", "Track a report"],
  track_lead: ["Masukkan nomor pelacakan. Dengan kode akses Anda melihat laporan lengkap dan dapat membalas atau memberi penilaian.",
    "Enter the tracking id. With the access code you see the whole report and can reply or give feedback."],
  access_token_optional: ["Kode akses", "Access code"],
  access_code_hint: ["16 huruf dan angka dari tanda terima, mis. K7M2-Q9T4-XHWB-3DPA; huruf besar atau kecil, dengan atau tanpa tanda hubung.",
    "The 16 letters and digits on the receipt, e.g. K7M2-Q9T4-XHWB-3DPA; any letter case, with or without the dashes."],
  show: ["Tampilkan", "Show"],
  timeline: ["Riwayat", "Timeline"],
  report_details: ["Rincian laporan", "Report details"],
  steps_title: ["Tahap penanganan", "Progress of the report"],
  step_received: ["Diterima", "Received"],
  step_verified: ["Diverifikasi", "Verified"],
  step_processing: ["Diproses", "In progress"],
  step_followed_up: ["Ditindaklanjuti", "Answered"],
  step_closed: ["Selesai", "Closed"],
  step_passed: ["(sudah dilalui)", "(done)"],
  step_stopped: ["(penanganan berhenti)", "(handling stopped)"],
  waiting_for_you: ["Menunggu keterangan Anda", "Waiting for your answer"],
  waiting_for_reporter: ["Menunggu keterangan pelapor", "Waiting for the reporter"],
  stopped_archived: ["Penanganan dihentikan: laporan diarsipkan. Alasan: {reason}.",
    "Handling stopped: the report was archived. Reason: {reason}."],
  stopped_merged: ["Penanganan berlanjut di laporan lain tentang hal yang sama:",
    "Handling goes on in another report about the same matter:"],
  archive_reason_spam: ["spam atau tidak pantas", "spam or abusive"],
  archive_reason_incomplete: ["tidak lengkap", "incomplete"],
  archive_reason_not_public_service: ["bukan pelayanan publik", "not about a public service"],
  archive_reason_duplicate: ["duplikat laporan lain", "a duplicate of another report"],
  archive_reason_other: ["alasan lain", "another reason"],
  followups_title: ["Tindak lanjut instansi", "The agency's follow-up"],
  card_update: ["Perkembangan dari {agency}", "Progress update from {agency}"],
  card_answer: ["Jawaban akhir dari {agency}", "Final answer from {agency}"],
  card_question: ["Pertanyaan petugas", "The officer's question"],
  your_answer: ["Jawaban Anda", "Your answer"],
  location: ["Lokasi", "Location"],
  reply: ["Balas jawaban instansi", "Reply to the agency"],
  reply_message: ["Pesan balasan", "Your reply"],
  send_reply: ["Kirim balasan", "Send reply"],
  done_question: ["Sudah selesai?", "Is it resolved?"],
  done_hint: ["Bila belum, laporan kembali ke instansi untuk ditindaklanjuti lagi.",
    "If not, the report goes back to the agency to be followed up again."],
  resolved_yes: ["Ya, sudah selesai", "Yes, it is resolved"],
  resolved_no: ["Belum selesai", "No, it is not resolved"],
  rating: ["Nilai (1–5)", "Rating (1–5)"],
  your_feedback: ["Penilaian Anda", "Your feedback"],
  rating_given: ["Nilai", "Rating"],
  rating_of_five: ["{n} dari 5", "{n} of 5"],
  given_at: ["Diberikan", "Given"],
  comment: ["Komentar", "Comment"],
  send_feedback: ["Kirim penilaian", "Send feedback"],
  escalate: ["Laporkan ke Ombudsman", "Escalate to the Ombudsman"],
  escalate_hint: ["Bila instansi melewati batas waktu atau laporan belum selesai, Anda dapat meneruskannya ke Ombudsman RI.",
    "If the agency missed a deadline or the problem is not resolved, you may take it to the Ombudsman."],
  escalate_reason: ["Alasan", "Reason"],
  send_escalation: ["Teruskan ke Ombudsman", "Send to the Ombudsman"],
  add_attachments: ["Tambah lampiran", "Add attachments"],
  upload: ["Unggah", "Upload"],
  uploaded: ["Lampiran terunggah.", "Attachment uploaded."],
  public_view_note: ["Anda melihat tampilan publik. Masukkan kode akses untuk melihat laporan lengkap.",
    "You are seeing the public view. Enter the access code to see the whole report."],
  done: ["Terkirim.", "Sent."],
  browse_title: ["Laporan publik", "Public reports"],
  browse_lead: ["Laporan yang sudah diverifikasi dan tidak dirahasiakan.", "Reports that have been verified and are not confidential."],
  all_provinces: ["Semua provinsi", "All provinces"],
  all_regions: ["Semua kabupaten/kota", "All regencies and cities"],
  all_topics: ["Semua kategori", "All topics"],
  filter: ["Tampilkan", "Show"],
  no_reports: ["Belum ada laporan untuk pilihan ini.", "No reports for this choice yet."],
  view: ["Lihat", "View"],
  reporter_name: ["Pelapor", "Reporter"],
  anonymous_reporter: ["Anonim", "Anonymous"],
});

const KINDS = ["complaint", "aspiration", "information_request"];
const PRIVACIES = ["public", "anonymous", "confidential"];
const FILE_TYPES = ["image/jpeg", "image/png", "image/webp", "application/pdf"];
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const MAX_FILES = 10;
const RECEIPT_KEY = "aduan.receipt";

// Access codes live only in this tab's session, never in URLs or cookies.
const tokenKey = (trackingId) => `aduan.token.${trackingId}`;
const rememberToken = (trackingId, token) => sessionStorage.setItem(tokenKey(trackingId), token);
const rememberedToken = (trackingId) => sessionStorage.getItem(tokenKey(trackingId));

let reference = null;

async function loadReference() {
  if (!reference) {
    const [regions, topics] = await Promise.all([api("/regions"), api("/topics")]);
    reference = {regions: regions.regions, topics: topics.topics};
  }
  return reference;
}

// The form and the list cannot offer their choices without regions and topics.
async function referenceShown() {
  mount(h("p", {}, t("loading")));
  try {
    await loadReference();
    return true;
  } catch (error) {
    mount(notice(error.message, "error"));
    return false;
  }
}

function topicName(topic) {
  return lang() === "en" ? topic.name_en : topic.name_id;
}

function regionName(code) {
  const region = reference && reference.regions.find((r) => r.region_code === code);
  return region ? region.name : code;
}

function topicLabel(topicId) {
  if (!topicId || !reference) return topicId || "";
  const [parentId] = topicId.split(".");
  const parent = reference.topics.find((topic) => topic.topic_id === parentId);
  if (!parent) return topicId;
  const sub = parent.subtopics.find((subtopic) => subtopic.topic_id === topicId);
  return sub ? `${topicName(parent)} › ${sub.name_id}` : topicName(parent);
}

function nav() {
  setNav([[`${base}/`, t("nav_report")], [`${base}/track`, t("nav_track")], [`${base}/browse`, t("nav_browse")]]);
}

function select(name, options, {required = false, value = ""} = {}) {
  const control = h("select", {name, required}, options.map(([optionValue, text]) =>
    h("option", {value: optionValue, selected: optionValue === value}, text)));
  return control;
}

function provinces() {
  return reference.regions.filter((region) => region.level === "province");
}

function regenciesOf(provinceCode) {
  return reference.regions.filter((region) => region.parent_code === provinceCode);
}

// --- the report form ----------------------------------------------------------------

const draft = {};  // what the visitor typed, kept across a language switch

function saveDraft(form) {
  for (const control of form.elements) {
    if (!control.name || control.type === "file") continue;
    if (control.type === "radio") {
      if (control.checked) draft[control.name] = control.value;
    } else {
      draft[control.name] = control.value;
    }
  }
}

async function renderForm() {
  nav();
  const form = document.querySelector("form#report");
  if (form) saveDraft(form);
  if (!await referenceShown()) return;
  const provinceSelect = select("province", [["", t("choose")],
    ...provinces().map((region) => [region.region_code, region.name])], {required: true});
  const regionSelect = select("region_code", [["", t("choose")]], {required: true});
  const agencySelect = select("agency_id", [["", t("agency_auto")]]);
  const topicSelect = select("topic", [["", t("topic_none")], ...reference.topics.flatMap((topic) => [
    [topic.topic_id, topicName(topic)],
    ...topic.subtopics.map((sub) => [sub.topic_id, `${topicName(topic)} › ${sub.name_id}`]),
  ])]);
  const suggestionBox = h("div", {class: "suggestion", id: "topic-suggestion", "aria-live": "polite"});
  const lat = h("input", {type: "number", name: "location.lat", step: "any", min: -90, max: 90, inputmode: "decimal"});
  const lon = h("input", {type: "number", name: "location.lon", step: "any", min: -180, max: 180, inputmode: "decimal"});
  const locationStatus = h("p", {class: "hint", "aria-live": "polite"});
  const files = h("input", {type: "file", name: "attachments", multiple: true,
    accept: FILE_TYPES.join(",")});
  const today = new Date();
  const todayIso = new Date(today.getTime() - today.getTimezoneOffset() * 60000).toISOString().slice(0, 10);

  provinceSelect.addEventListener("change", () => fillRegions(provinceSelect.value, regionSelect, agencySelect));
  regionSelect.addEventListener("change", () => fillAgencies(regionSelect.value, agencySelect));

  const locate = h("button", {type: "button", class: "secondary", onclick: () => {
    if (!navigator.geolocation) {
      locationStatus.textContent = t("location_failed");
      return;
    }
    locationStatus.textContent = t("locating");
    navigator.geolocation.getCurrentPosition((position) => {
      lat.value = position.coords.latitude.toFixed(6);
      lon.value = position.coords.longitude.toFixed(6);
      locationStatus.textContent = t("location_set", {lat: lat.value, lon: lon.value});
    }, () => {
      locationStatus.textContent = t("location_failed");
    }, {enableHighAccuracy: true, timeout: 10000});
  }}, t("use_location"));

  const privacyChoices = h("fieldset", {class: "field", "data-field": "privacy"},
    h("legend", {}, t("privacy")),
    PRIVACIES.map((privacy) => {
      const id = `privacy-${privacy}`;
      return h("div", {class: "choice"},
        h("input", {type: "radio", name: "privacy", id, value: privacy, checked: privacy === (draft.privacy || "public"),
          "aria-describedby": `${id}-hint`}),
        h("label", {for: id}, t(`privacy_${privacy}`),
          h("span", {class: "hint", id: `${id}-hint`}, t(`privacy_${privacy}_hint`))));
    }),
    h("p", {class: "field-error", "aria-live": "polite"}));

  const kindChoices = h("fieldset", {class: "field", "data-field": "kind"},
    h("legend", {}, t("kind")),
    h("div", {class: "row three"}, KINDS.map((kind) => h("div", {class: "choice"},
      h("input", {type: "radio", name: "kind", id: `kind-${kind}`, value: kind, required: true,
        checked: kind === (draft.kind || "complaint")}),
      h("label", {for: `kind-${kind}`}, t(`kind_${kind}`))))),
    h("p", {class: "field-error", "aria-live": "polite"}));

  const newForm = h("form", {id: "report", novalidate: true, class: "card"},
    h("div", {class: "form-error"}),
    kindChoices,
    field("title", t("title"), h("input", {type: "text", maxlength: 150, minlength: 5, required: true,
      autocomplete: "off"}), {hint: t("title_hint")}),
    field("description", t("description"), h("textarea", {maxlength: 5000, minlength: 10, required: true, rows: 6}),
      {hint: t("description_hint")}),
    suggestionBox,
    h("div", {class: "row two"},
      field("province", t("province"), provinceSelect, {hint: t("region_hint")}),
      field("region_code", t("region_code"), regionSelect)),
    h("div", {class: "row two"},
      field("agency_id", t("agency_id"), agencySelect, {optional: true}),
      field("topic", t("topic"), topicSelect, {optional: true})),
    h("fieldset", {class: "field", "data-field": "location"},
      h("legend", {}, t("location"), " ", h("span", {class: "optional"}, t("optional"))),
      field("location.address", t("address"), h("input", {type: "text", maxlength: 500, autocomplete: "street-address"})),
      h("div", {class: "row two"}, field("location.lat", t("lat"), lat), field("location.lon", t("lon"), lon)),
      h("div", {class: "actions"}, locate, h("button", {type: "button", class: "secondary", onclick: () => {
        lat.value = "";
        lon.value = "";
        locationStatus.textContent = "";
      }}, t("clear_location"))),
      locationStatus,
      h("p", {class: "field-error", "aria-live": "polite"})),
    field("incident_date", t("incident_date"), h("input", {type: "date", max: todayIso}), {optional: true}),
    privacyChoices,
    h("fieldset", {class: "field", "data-field": "reporter"},
      h("legend", {}, t("reporter")),
      h("p", {class: "hint"}, t("reporter_hint")),
      field("reporter.name", t("reporter.name"), h("input", {type: "text", maxlength: 100, autocomplete: "name"}),
        {optional: true}),
      h("div", {class: "row two"},
        field("reporter.email", t("reporter.email"), h("input", {type: "email", maxlength: 254, autocomplete: "email"}),
          {optional: true}),
        field("reporter.phone", t("reporter.phone"), h("input", {type: "tel", maxlength: 20, autocomplete: "tel"}),
          {optional: true})),
      h("p", {class: "field-error", "aria-live": "polite"})),
    field("attachments", t("attachments"), files, {hint: t("attachments_hint"), optional: true}),
    // A honeypot: off screen, out of the tab order and hidden from screen readers, so only
    // programs filling in every field they find fill it in.
    h("div", {class: "trap", "aria-hidden": "true"},
      h("label", {for: "f-website"}, t("trap")),
      h("input", {type: "text", id: "f-website", name: "website", tabindex: "-1", autocomplete: "off"})),
    h("p", {class: "hint", id: "progress", "aria-live": "polite"}),
    h("div", {class: "actions"}, h("button", {type: "submit"}, t("submit"))));

  for (const control of newForm.elements) {
    if (control.name && control.name in draft && control.type !== "radio" && control.type !== "file") {
      control.value = draft[control.name];
    }
  }
  if (draft.province) {
    provinceSelect.value = draft.province;
  }
  if (!formProof) prepareFormProof();
  onSubmit(newForm, () => sendReport(newForm), {
    check: (form) => [...checkRequired(form), ...fileProblems(attachedFiles(form))],
    failed: (error) => reportRefused(newForm, error),
  });
  mount(h("h1", {}, t("form_title")), h("p", {class: "lead"}, t("form_lead")), newForm);
  suggestTopics(newForm, topicSelect, suggestionBox);
  provinceSelect.addEventListener("change", () => { draft.province = provinceSelect.value; });
  if (draft.province) {
    await fillRegions(draft.province, regionSelect, agencySelect, draft.region_code);
    if (draft.region_code) await fillAgencies(draft.region_code, agencySelect, draft.agency_id);
  }
}

// --- topic suggestions while the citizen writes ------------------------------------------

// POST /suggestions is limited per address (60 a minute): ask only after a pause in typing,
// only for text that changed and says enough. A suggestion is a help: the citizen may ignore
// or change it, and a failure shows nothing.
const SUGGEST_PAUSE_MS = 800;
const SUGGEST_MIN_CHARS = 12;
const suggesting = {asked: "", shown: null, timer: null, sequence: 0};

function suggestTopics(form, topicSelect, box) {
  const title = form.elements.namedItem("title");
  const description = form.elements.namedItem("description");
  const text = () => `${title.value.trim()}\n${description.value.trim()}`;
  const ask = async () => {
    const asked = text();
    if (asked === suggesting.asked || asked.replace(/\s+/g, " ").trim().length < SUGGEST_MIN_CHARS) return;
    suggesting.asked = asked;
    const sequence = ++suggesting.sequence;
    let answer = null;
    try {
      answer = await api("/suggestions", {method: "POST",
        body: {title: title.value.trim().slice(0, 150), description: description.value.trim().slice(0, 5000)}});
    } catch (error) {
      answer = null;  // silent: the form works the same without it
    }
    if (sequence !== suggesting.sequence || !box.isConnected) return;
    suggesting.shown = answer && answer.topics && answer.topics.length ? answer.topics[0] : null;
    showSuggestion(box, topicSelect);
  };
  const later = () => {
    clearTimeout(suggesting.timer);
    suggesting.timer = setTimeout(ask, SUGGEST_PAUSE_MS);
  };
  title.addEventListener("input", later);
  description.addEventListener("input", later);
  topicSelect.addEventListener("change", () => showSuggestion(box, topicSelect));
  showSuggestion(box, topicSelect);  // the one shown before a language switch
}

function showSuggestion(box, topicSelect) {
  const suggested = suggesting.shown;
  const known = suggested && [...topicSelect.options].some((option) => option.value === suggested.topic_id);
  if (!known) {
    box.replaceChildren();
    return;
  }
  const name = topicLabel(suggested.topic_id) || suggested.name;
  const words = (suggested.matched || []).slice(0, 4).join(", ");
  const chosen = topicSelect.value === suggested.topic_id;
  box.replaceChildren(h("p", {class: "notice"},
    h("span", {}, t("suggested_topic", {name}), words ? ` ${t("suggested_words", {words})}` : ""),
    " ",
    chosen
      ? h("span", {class: "hint"}, t("suggestion_used"))
      : h("button", {type: "button", class: "secondary small", "aria-label": t("use_suggestion_label", {name}),
        onclick: () => {
          topicSelect.value = suggested.topic_id;
          topicSelect.dispatchEvent(new Event("change"));
          topicSelect.focus();
        }}, t("use_suggestion"))));
}

async function fillRegions(provinceCode, regionSelect, agencySelect, chosen = "") {
  const options = provinceCode
    ? [["", t("choose")], [provinceCode, `${t("whole_province")}: ${regionName(provinceCode)}`],
      ...regenciesOf(provinceCode).map((region) => [region.region_code, region.name])]
    : [["", t("choose")]];
  regionSelect.replaceChildren(...options.map(([value, text]) =>
    h("option", {value, selected: value === chosen}, text)));
  await fillAgencies(regionSelect.value, agencySelect);
}

async function fillAgencies(regionCode, agencySelect, chosen = "") {
  agencySelect.replaceChildren(h("option", {value: ""}, t("agency_auto")));
  if (!regionCode) return;
  try {
    const {agencies} = await api(`/agencies?region_code=${encodeURIComponent(regionCode)}`);
    for (const agency of agencies) {
      agencySelect.append(h("option", {value: agency.agency_id, selected: agency.agency_id === chosen}, agency.name));
    }
  } catch (error) {
    // The agency is optional: admins route a report that names none.
  }
}

function fileProblems(fileList) {
  const problems = [];
  if (fileList.length > MAX_FILES) problems.push({field: "attachments", message: t("too_many_files")});
  for (const file of fileList) {
    if (!FILE_TYPES.includes(file.type)) problems.push({field: "attachments", message: t("file_wrong_type", {name: file.name})});
    else if (file.size > MAX_FILE_BYTES) problems.push({field: "attachments", message: t("file_too_big", {name: file.name})});
  }
  return problems;
}

function reportBody(form) {
  const value = (name) => {
    const control = form.elements.namedItem(name);
    return control && control.value.trim() ? control.value.trim() : null;
  };
  const body = {
    kind: form.querySelector("input[name=kind]:checked")?.value,
    title: value("title"),
    description: value("description"),
    region_code: value("region_code"),
    privacy: form.querySelector("input[name=privacy]:checked")?.value || "public",
  };
  for (const name of ["topic", "agency_id", "incident_date"]) {
    if (value(name)) body[name] = value(name);
  }
  const place = {};
  if (value("location.address")) place.address = value("location.address");
  if (value("location.lat") !== null) place.lat = Number(value("location.lat"));
  if (value("location.lon") !== null) place.lon = Number(value("location.lon"));
  if (Object.keys(place).length) body.location = place;
  const reporter = {};
  for (const name of ["name", "email", "phone"]) {
    if (value(`reporter.${name}`)) reporter[name] = value(`reporter.${name}`);
  }
  if (Object.keys(reporter).length) body.reporter = reporter;
  return body;
}

function attachedFiles(form) {
  return Array.from(form.elements.namedItem("attachments").files || []);
}

// One idempotency key per filled-in form: pressing "send" twice files one report.
let formKey = null;

// The form shows the server it is the form (chalicelib/services/form_check.py): a challenge solved
// by a worker while the person writes. Each is good once, so every sending takes the one ready and
// starts the next.
let formProof = null;

function prepareFormProof() {
  formProof = (async () => {
    const issued = await api("/forms/challenge");
    const nonce = await new Promise((resolve, reject) => {
      const worker = new Worker(`${base}/static/formcheck.js`);
      worker.onmessage = (event) => { worker.terminate(); resolve(event.data); };
      worker.onerror = (error) => { worker.terminate(); reject(error); };
      worker.postMessage(issued);
    });
    // Measured on this device's clock from when it was issued, so a wrong clock does not matter.
    return {challenge: issued.challenge, nonce, usableUntil: Date.now() + (issued.expires_in - 60) * 1000};
  })();
  formProof.catch(() => {});  // a failure shows when the form is sent
}

async function takeFormProof() {
  let proof = await formProof.catch(() => null);
  if (!proof || Date.now() > proof.usableUntil) {
    prepareFormProof();
    proof = await formProof;
  }
  prepareFormProof();
  return proof;
}

async function postReport(form, body) {
  const proof = await takeFormProof();
  return api("/reports", {method: "POST", body, headers: {
    "Idempotency-Key": formKey, "X-Aduan-Client": "web", "X-Aduan-Challenge": proof.challenge,
    "X-Aduan-Nonce": proof.nonce, "X-Aduan-Trap": encodeURIComponent(form.elements.namedItem("website").value)}});
}

async function sendReport(form) {
  const chosenFiles = attachedFiles(form);
  const body = reportBody(form);
  const progress = form.querySelector("#progress");
  progress.textContent = t("sending");
  formKey = formKey || idempotencyKey();
  let receipt;
  try {
    receipt = await postReport(form, body);
  } catch (error) {
    // A check used up by a sending whose answer was lost, or one left open too long: once more with a fresh one.
    if (!["form_check_used", "form_check_expired"].includes(error.code)) throw error;
    receipt = await postReport(form, body);
  }
  rememberToken(receipt.tracking_id, receipt.access_token);
  const failed = [];
  let uploaded = 0;
  for (const [index, file] of chosenFiles.entries()) {
    progress.textContent = t("uploading", {n: index + 1, total: chosenFiles.length});
    try {
      await uploadAttachment(receipt.tracking_id, receipt.access_token, file);
      uploaded += 1;
    } catch (error) {
      failed.push(file.name);
    }
  }
  const emailed = Boolean(body.reporter && body.reporter.email);
  sessionStorage.setItem(RECEIPT_KEY, JSON.stringify({receipt, uploaded, failed, emailed}));
  formKey = null;
  for (const key of Object.keys(draft)) delete draft[key];
  location.assign(`${base}/receipt`);
}

// The report was not filed: say why, next to the fields where the server named them.
function reportRefused(form, error) {
  form.querySelector("#progress").textContent = "";
  if (!showErrors(form, error.details || [], error.message)) {
    form.querySelector(".form-error").replaceChildren(notice(error.message, "error"));
  }
}

async function uploadAttachment(trackingId, token, file) {
  const grant = await api(`/reports/${encodeURIComponent(trackingId)}/attachments`, {method: "POST", token,
    body: {filename: file.name, content_type: file.type, size: file.size}});
  await sendFile(grant.upload, file);
  return grant;
}

// --- receipt ------------------------------------------------------------------------

// Which deadlines a status shows, and which of them a pause stops (on hold: verification; waiting
// for the reporter: the agency's follow-up clocks). A finished report shows none.
const SHOWN_DEADLINES = {
  submitted: ["verification_due"], on_hold: ["verification_due"],
  dispositioned: ["first_response_due", "completion_due"], in_progress: ["first_response_due", "completion_due"],
  awaiting_reporter: ["reporter_answer_due", "first_response_due", "completion_due"],
  reporter_replied: ["first_response_due"], responded: ["auto_close_due"],
};
const PAUSED_DEADLINES = {on_hold: ["verification_due"], awaiting_reporter: ["first_response_due", "completion_due"]};

function deadlineFacts(view, heading = null) {
  const deadlines = view.deadlines || {};
  const paused = PAUSED_DEADLINES[view.status] || [];
  const rows = (SHOWN_DEADLINES[view.status] || [])
    // Once a public update or answer met the first follow-up, its deadline is history.
    .filter((name) => deadlines[name] && !(name === "first_response_due" && view.answer_pending === false))
    .flatMap((name) => [h("dt", {}, t(name)), h("dd", {"data-deadline": name},
      paused.includes(name) ? [h("span", {class: "badge paused"}, t("paused")), " ", t("paused_since", {when: formatTime(view.paused_at)})]
        : formatTime(deadlines[name]))]);
  return rows.length ? [heading, h("dl", {class: "facts"}, rows), h("p", {class: "hint"}, t("deadline_note"))] : [];
}

function renderReceipt() {
  nav();
  const stored = sessionStorage.getItem(RECEIPT_KEY);
  if (!stored) {
    mount(h("h1", {}, t("receipt_title")), notice(t("no_receipt"), "warn"));
    return;
  }
  const {receipt, uploaded, failed, emailed} = JSON.parse(stored);
  mount(
    h("h1", {}, t("receipt_title")),
    receiptSheet(receipt, {emailed}),
    h("section", {class: "card"},
      h("dl", {class: "facts"},
        h("dt", {}, t("status")), h("dd", {}, h("span", {class: "badge status"}, label(receipt.status_label))),
        h("dt", {}, t("kind")), h("dd", {}, t(`kind_${receipt.kind}`)),
        h("dt", {}, t("privacy")), h("dd", {}, t(`privacy_${receipt.privacy}`)),
        h("dt", {}, t("agency")), h("dd", {}, receipt.agency ? receipt.agency.name : t("none")),
        h("dt", {}, t("received_at")), h("dd", {}, formatTime(receipt.received_at))),
      h("h2", {}, t("deadlines")),
      deadlineFacts(receipt),
      receipt.notifications && receipt.notifications.notice ? notice(label(receipt.notifications.notice), "warn") : null,
      uploaded ? notice(t("attachments_sent", {n: uploaded}), "ok") : null,
      (failed || []).map((name) => notice(t("upload_failed", {name}), "error"))),
    h("div", {class: "actions"},
      h("a", {class: "button", href: `${base}/track/${encodeURIComponent(receipt.tracking_id)}`}, t("go_track")),
      printButton()));
}

// --- tracking -----------------------------------------------------------------------

function trackingIdFromPath() {
  const match = /\/track\/([^/]+)$/.exec(location.pathname);
  return match ? decodeURIComponent(match[1]) : "";
}

let shown = null;  // {trackingId, token, view}

// An access code as a person typed it. The server takes any letter case, spaces and dashes; a header
// cannot carry a typographic dash (a phone's keyboard may make one), so it becomes a plain one here.
const typedCode = (value) => value.replace(/[\u2010-\u2015\u2212]/g, "-").replace(/\s+/g, " ").trim();

async function renderTrack() {
  nav();
  try {
    await loadReference();
  } catch (error) {
    // Names of regions and topics are a nicety; the report still shows with codes.
  }
  const trackingId = shown ? shown.trackingId : trackingIdFromPath();
  const token = shown ? shown.token : (trackingId && rememberedToken(trackingId)) || "";
  const form = h("form", {id: "track", class: "card", novalidate: true},
    h("div", {class: "form-error"}),
    h("div", {class: "row two"},
      field("tracking_id", t("tracking_id"), h("input", {type: "text", required: true, value: trackingId,
        autocomplete: "off", autocapitalize: "characters", spellcheck: "false"})),
      field("access_token", t("access_token_optional"), h("input", {type: "password", value: token,
        autocomplete: "off", spellcheck: "false"}), {optional: true, hint: t("access_code_hint")})),
    h("div", {class: "actions"}, h("button", {type: "submit"}, t("show"))));
  const result = h("div", {id: "report"});
  onSubmit(form, () => {
    const id = form.elements.namedItem("tracking_id").value.trim();
    const code = typedCode(form.elements.namedItem("access_token").value);
    return loadReport(form, result, id, code);
  });
  mount(h("h1", {}, t("track_title")), h("p", {class: "lead"}, t("track_lead")), form, result);
  if (shown) renderReport(result, shown);
  else if (trackingId) await loadReport(form, result, trackingId, token);
}

async function loadReport(form, result, trackingId, token) {
  try {
    const view = await api(`/reports/${encodeURIComponent(trackingId)}`, {token: token || undefined});
    if (token) rememberToken(view.tracking_id, token);
    shown = {trackingId: view.tracking_id, token, view};
    if (location.pathname !== `${base}/track/${view.tracking_id}`) {
      history.replaceState(null, "", `${base}/track/${encodeURIComponent(view.tracking_id)}`);
    }
    renderReport(result, shown);
  } catch (error) {
    shown = null;
    result.replaceChildren();
    const field = error.status === 401 ? "access_token" : "tracking_id";
    showErrors(form, error.details && error.details.length ? error.details : [{field, message: error.message}],
      error.message);
  }
}

function timelineList(entries) {
  return h("ol", {class: "timeline"}, entries.map((entry) => h("li", {"data-event": entry.event_type},
    h("strong", {}, label(entry.label)),
    h("span", {class: "when"}, formatTime(entry.at)),
    entry.message ? h("p", {class: "message"}, entry.message) : null,
    attachmentList(entry.attachments))));
}

// Files as thumbnails (images) or named links (PDF): the reporter's with the report, the agency's
// with the update or answer they came with.
function attachmentList(attachments) {
  if (!attachments || !attachments.length) return null;
  return h("ul", {class: "thumbs"}, attachments.map((attachment) => h("li", {"data-attachment": attachment.attachment_id},
    h("a", {href: attachment.url, target: "_blank", rel: "noopener"},
      attachment.content_type.startsWith("image/")
        ? h("img", {src: attachment.url, alt: attachment.filename})
        : attachment.filename))));
}

// --- where the report stands: the stepper ----------------------------------------------

// The five steps a citizen follows. Every status on the way maps to one of them; waiting for the
// reporter is shown as such on its step. Archived and merged reports leave the way: the stepper
// stops at the furthest step their timeline reached.
const STEPS = ["received", "verified", "processing", "followed_up", "closed"];
const STEP_OF_STATUS = {
  submitted: 0, on_hold: 0, dispositioned: 1,
  in_progress: 2, awaiting_reporter: 2, awaiting_approval: 2, reporter_replied: 2,
  responded: 3, closed: 4,
};
const STEP_OF_EVENT = {verified: 1, started: 2, updated: 2, info_requested: 2, reporter_silent: 2, responded: 3};
const WAITING_FOR_REPORTER = ["on_hold", "awaiting_reporter"];

function stepReached(view) {
  if (view.status in STEP_OF_STATUS) return STEP_OF_STATUS[view.status];
  return Math.max(0, ...(view.timeline || []).map((entry) => STEP_OF_EVENT[entry.event_type] || 0));
}

function stopNote(view) {
  if (view.status === "archived") {
    const archived = [...(view.timeline || [])].reverse().find((entry) => entry.event_type === "archived");
    const reason = archived && archived.details && archived.details.archive_reason;
    return notice(t("stopped_archived", {reason: t(`archive_reason_${reason || "other"}`)}), "warn");
  }
  if (view.status === "duplicate") {
    const merged = view.merged_into;
    return h("p", {class: "notice warn", role: "status"}, t("stopped_merged"), " ",
      merged && merged.tracking_id
        ? h("a", {href: `${base}/track/${encodeURIComponent(merged.tracking_id)}`}, label(merged.label))
        : merged ? label(merged.label) : null);
  }
  return null;
}

function stepper(view) {
  const reached = stepReached(view);
  const stopped = !(view.status in STEP_OF_STATUS);
  const finished = view.status === "closed";
  const waiting = WAITING_FOR_REPORTER.includes(view.status)
    ? t(view.view === "reporter" ? "waiting_for_you" : "waiting_for_reporter") : null;
  return h("ol", {class: "stepper", id: "stepper", "aria-label": t("steps_title")}, STEPS.map((step, index) => {
    const done = index < reached || (finished && index === reached);
    const current = index === reached;
    return h("li", {
      class: ["step", done ? "done" : null, current && stopped ? "stopped" : null].filter(Boolean).join(" "),
      "data-step": step, "aria-current": current ? "step" : null,
    },
    h("span", {class: "marker", "aria-hidden": "true"}, done ? "✓" : String(index + 1)),
    h("span", {class: "step-name"}, t(`step_${step}`),
      done && !current ? h("span", {class: "visually-hidden"}, ` ${t("step_passed")}`) : null,
      current && stopped ? h("span", {class: "visually-hidden"}, ` ${t("step_stopped")}`) : null,
      current && waiting ? h("span", {class: "step-note"}, waiting) : null));
  }));
}

// --- the agency's follow-up: updates, answers and questions as cards ------------------------

const CARD_EVENTS = ["updated", "responded", "info_requested", "held"];
const QUESTION_EVENTS = ["info_requested", "held"];

// The agency that posted an entry: the report's own, unless another agency had it then.
function actorAgency(view, entry) {
  const agency = view.agency || {};
  return entry.actor_agency_id && entry.actor_agency_id !== agency.agency_id ? entry.actor_agency_id : agency.name;
}

function followupCard(view, entry, {extra = null, open = false} = {}) {
  const question = QUESTION_EVENTS.includes(entry.event_type);
  const kind = question ? "question" : entry.event_type === "responded" ? "answer" : "update";
  const heading = question ? t("card_question")
    : t(kind === "answer" ? "card_answer" : "card_update", {agency: actorAgency(view, entry)});
  return h("article", {class: `card followup ${kind}${open ? " open" : ""}`, "data-event": entry.event_type},
    h("h3", {}, heading),
    h("p", {class: "when"}, formatTime(entry.at)),
    entry.message ? h("p", {class: "message"}, entry.message) : null,
    attachmentList(entry.attachments),
    extra);
}

// The report's follow-up, newest first: the officer's question with the answer form while it waits,
// each answer with "Sudah selesai?" under the latest one (or the reporter's feedback once given).
function followups(view, act) {
  const allowed = new Set(view.reporter_actions || []);
  const entries = view.timeline || [];
  const shown = entries.filter((entry) => CARD_EVENTS.includes(entry.event_type) && entry.message);
  if (!shown.length) return {section: null, placed: new Set()};
  const placed = new Set();
  const lastQuestion = shown.filter((entry) => QUESTION_EVENTS.includes(entry.event_type)).pop();
  const lastAnswer = shown.filter((entry) => entry.event_type === "responded").pop();
  const feedback = view.feedback;
  const ratedAnswer = feedback
    ? shown.filter((entry) => entry.event_type === "responded" && entry.at <= feedback.at).pop() : null;
  const cards = [];
  for (const entry of [...shown].reverse()) {
    if (QUESTION_EVENTS.includes(entry.event_type)) {
      const open = entry === lastQuestion && WAITING_FOR_REPORTER.includes(view.status);
      if (open && allowed.has("reply")) {
        placed.add("reply");
        cards.push(followupCard(view, entry, {open: true, extra: replyForm(act, {answering: true, inCard: true})}));
      } else {
        cards.push(followupCard(view, entry, {open, extra: answerTo(entries, entry)}));
      }
      continue;
    }
    cards.push(followupCard(view, entry));
    if (entry === lastAnswer && allowed.has("feedback")) {
      placed.add("feedback");
      cards.push(feedbackForm(act));
    }
    if (entry === ratedAnswer && !(entry === lastAnswer && allowed.has("feedback"))) {
      placed.add("rating");
      cards.push(givenFeedback(feedback));
    }
  }
  return {section: h("section", {class: "followups", id: "followups"}, h("h2", {}, t("followups_title")), cards),
    placed};
}

// What ends a question: the reporter's answer, handling going on without it, or the agency's next step.
const QUESTION_ENDS = ["reporter_replied", "reporter_silent", "resumed", ...CARD_EVENTS];

// The reporter's answer to an earlier question, if the question ended with one.
function answerTo(entries, question) {
  const after = entries.slice(entries.indexOf(question) + 1);
  const reply = after.find((entry) => QUESTION_ENDS.includes(entry.event_type));
  if (!reply || reply.event_type !== "reporter_replied" || !reply.message) return null;
  return h("div", {class: "your-answer"}, h("h4", {}, t("your_answer")),
    h("p", {class: "when"}, formatTime(reply.at)), h("p", {class: "message"}, reply.message));
}

function givenFeedback(feedback) {
  const stars = feedback.rating ? "★".repeat(feedback.rating) + "☆".repeat(5 - feedback.rating) : null;
  return h("section", {class: "card your-feedback", id: "your-feedback"},
    h("h3", {}, t("your_feedback")),
    h("dl", {class: "facts"},
      h("dt", {}, t("done_question")),
      h("dd", {}, t(feedback.resolved ? "resolved_yes" : "resolved_no")),
      feedback.rating ? [h("dt", {}, t("rating_given")),
        h("dd", {}, h("span", {class: "stars", "aria-hidden": "true"}, stars), " ",
          t("rating_of_five", {n: feedback.rating}))] : null,
      feedback.comment ? [h("dt", {}, t("comment")), h("dd", {class: "message"}, feedback.comment)] : null,
      h("dt", {}, t("given_at")), h("dd", {}, formatTime(feedback.at))));
}

// --- the report -----------------------------------------------------------------------

function renderReport(result, state) {
  const {view, token} = state;
  const reporterView = view.view === "reporter";
  // A reporter's action: the answer is the report as it now stands.
  const act = async (path, body) => {
    const updated = await api(`/reports/${encodeURIComponent(view.tracking_id)}/${path}`,
      {method: "POST", token, body});
    state.view = updated;
    renderReport(result, state);
    // The form is gone with the old rendering: keyboard and screen reader users continue from the outcome.
    const sent = notice(t("done"), "ok");
    sent.tabIndex = -1;
    result.prepend(sent);
    sent.focus();
  };
  const details = [
    [t("kind"), t(`kind_${view.kind}`)],
    [t("region_code"), regionName(view.region_code)],
    [t("topic"), view.topic ? topicLabel(view.topic) : t("none")],
    [t("received_at"), formatTime(view.received_at)],
  ];
  if (view.reporter && view.reporter.name) details.push([t("reporter_name"), view.reporter.name]);
  if (view.reporters > 1) details.push([t("reporters_count"), String(view.reporters)]);
  const facts = (pairs) => h("dl", {class: "facts"}, pairs.flatMap(([name, value]) => [h("dt", {}, name), h("dd", {}, value)]));
  const merged = view.merged_into;
  const mergedCard = merged ? h("section", {class: "card merged-into", id: "merged-into"},
    h("h2", {}, t("merged_title")),
    h("p", {}, merged.tracking_id
      ? h("a", {href: `${base}/track/${encodeURIComponent(merged.tracking_id)}`}, label(merged.label))
      : label(merged.label)),
    h("p", {}, t("merged_note")),
    merged.tracking_id ? h("dl", {class: "facts"},
      h("dt", {}, t("status")), h("dd", {}, h("span", {class: "badge status"}, label(merged.status_label))),
      merged.reporters > 1 ? [h("dt", {}, t("reporters_count")), h("dd", {}, String(merged.reporters))] : null) : null,
    merged.answers && merged.answers.length
      ? [h("h3", {}, t("merged_answers")), timelineList(merged.answers)] : null) : null;
  const {section: followupSection, placed} = followups(view, act);
  const sections = [
    h("section", {class: "card"},
      h("h2", {}, view.title),
      reporterView ? null : notice(t("public_view_note")),
      stepper(view),
      stopNote(view),
      facts([
        [t("tracking_id"), view.tracking_id],
        [t("status"), h("span", {class: "badge status", id: "status"}, label(view.status_label))],
        [t("agency"), view.agency ? view.agency.name : t("none")],
      ]),
      deadlineFacts(view, h("h3", {}, t("deadlines")))),
    mergedCard,
    followupSection,
    view.feedback && !placed.has("rating") && !placed.has("feedback") ? givenFeedback(view.feedback) : null,
    h("section", {class: "card"},
      h("h2", {}, t("report_details")),
      facts(details),
      h("h3", {}, t("description")),
      h("p", {class: "message"}, view.description),
      view.location && (view.location.address || view.location.lat !== null)
        ? [h("h3", {}, t("location")), h("p", {}, [view.location.address,
          view.location.lat !== null && view.location.lat !== undefined ? `(${view.location.lat}, ${view.location.lon})` : null]
          .filter(Boolean).join(" "))]
        : null,
      view.attachments && view.attachments.length ? [h("h3", {}, t("attachments")), attachmentList(view.attachments)] : null),
    h("section", {class: "card"}, h("h2", {}, t("timeline")), timelineList(view.timeline || [])),
  ];
  if (reporterView) sections.push(...reporterForms(state, result, act, placed));
  result.replaceChildren(...sections.filter(Boolean));
}

// The reply: an answer to the officer's question (in its card when there is one), or to the agency's answer.
function replyForm(act, {answering, inCard = false}) {
  const form = h("form", {class: inCard ? "answer-form" : "card", id: "reply-form", novalidate: true},
    h(inCard ? "h4" : "h2", {}, t(answering ? "answer_question" : "reply")),
    answering ? h("p", {class: "hint"}, t("answer_question_hint")) : null, h("div", {class: "form-error"}),
    field("message", t("reply_message"), h("textarea", {required: true, maxlength: 5000, rows: 4})),
    h("div", {class: "actions"}, h("button", {type: "submit"}, t("send_reply"))));
  onSubmit(form, () => act("replies", {message: form.elements.namedItem("message").value.trim()}));
  return form;
}

// "Sudah selesai?": yes closes the report, not yet sends it back to the agency; a rating and a comment may go with it.
function feedbackForm(act) {
  const form = h("form", {class: "card done-question", id: "feedback-form", novalidate: true},
    h("div", {class: "form-error"}),
    h("fieldset", {class: "field", "data-field": "resolved"},
      h("legend", {}, h("span", {class: "question"}, t("done_question"))),
      h("p", {class: "hint"}, t("done_hint")),
      h("div", {class: "choice"}, h("input", {type: "radio", name: "resolved", id: "resolved-yes", value: "true", required: true}),
        h("label", {for: "resolved-yes"}, t("resolved_yes"))),
      h("div", {class: "choice"}, h("input", {type: "radio", name: "resolved", id: "resolved-no", value: "false"}),
        h("label", {for: "resolved-no"}, t("resolved_no"))),
      h("p", {class: "field-error", "aria-live": "polite"})),
    field("rating", t("rating"), select("rating", [["", t("choose")], ["5", "5 ★★★★★"], ["4", "4 ★★★★"],
      ["3", "3 ★★★"], ["2", "2 ★★"], ["1", "1 ★"]]), {optional: true}),
    field("comment", t("comment"), h("textarea", {maxlength: 5000, rows: 3}), {optional: true}),
    h("div", {class: "actions"}, h("button", {type: "submit"}, t("send_feedback"))));
  const chosen = () => form.querySelector("input[name=resolved]:checked");
  onSubmit(form, () => {
    const body = {resolved: chosen().value === "true"};
    const rating = form.elements.namedItem("rating").value;
    const comment = form.elements.namedItem("comment").value.trim();
    if (rating) body.rating = Number(rating);
    if (comment) body.comment = comment;
    return act("feedback", body);
  }, {check: () => (chosen() ? checkRequired(form) : [{field: "resolved", message: t("required")}])});
  return form;
}

// The reporter's forms not already shown with the card they answer.
function reporterForms(state, result, act, placed) {
  const {view, token} = state;
  const allowed = new Set(view.reporter_actions || []);
  const forms = [];
  if (allowed.has("reply") && !placed.has("reply")) {
    forms.push(replyForm(act, {answering: WAITING_FOR_REPORTER.includes(view.status)}));
  }
  if (allowed.has("feedback") && !placed.has("feedback")) forms.push(feedbackForm(act));
  if (allowed.has("escalate")) {
    const form = h("form", {class: "card", id: "escalation-form", novalidate: true},
      h("h2", {}, t("escalate")), h("p", {class: "hint"}, t("escalate_hint")), h("div", {class: "form-error"}),
      field("reason", t("escalate_reason"), h("textarea", {maxlength: 5000, rows: 3}), {optional: true}),
      h("div", {class: "actions"}, h("button", {type: "submit", class: "danger"}, t("send_escalation"))));
    onSubmit(form, () => {
      const reason = form.elements.namedItem("reason").value.trim();
      return act("escalation", reason ? {reason} : {});
    });
    forms.push(form);
  }
  if (allowed.has("attach")) {
    const input = h("input", {type: "file", multiple: true, accept: FILE_TYPES.join(",")});
    const form = h("form", {class: "card", id: "attach-form", novalidate: true},
      h("h2", {}, t("add_attachments")), h("div", {class: "form-error"}),
      field("attachments", t("attachments"), input, {hint: t("attachments_hint")}),
      h("div", {class: "actions"}, h("button", {type: "submit"}, t("upload"))));
    const chosen = () => Array.from(input.files || []);
    onSubmit(form, async () => {
      for (const file of chosen()) await uploadAttachment(view.tracking_id, token, file);
      state.view = await api(`/reports/${encodeURIComponent(view.tracking_id)}`, {token});
      renderReport(result, state);
      result.prepend(notice(t("uploaded"), "ok"));
    }, {
      check: () => {
        const files = chosen();
        return files.length ? fileProblems(files) : [{field: "attachments", message: t("required")}];
      },
    });
    forms.push(form);
  }
  return forms;
}

// --- public list --------------------------------------------------------------------

const filters = {province: "", region_code: "", topic: ""};

async function renderBrowse() {
  nav();
  if (!await referenceShown()) return;
  const provinceSelect = select("province", [["", t("all_provinces")],
    ...provinces().map((region) => [region.region_code, region.name])], {value: filters.province});
  const regionSelect = select("region_code", [["", t("all_regions")]]);
  const topicSelect = select("topic", [["", t("all_topics")],
    ...reference.topics.map((topic) => [topic.topic_id, topicName(topic)])], {value: filters.topic});
  const fillRegionFilter = () => {
    regionSelect.replaceChildren(h("option", {value: ""}, t("all_regions")),
      ...(provinceSelect.value ? regenciesOf(provinceSelect.value) : []).map((region) =>
        h("option", {value: region.region_code, selected: region.region_code === filters.region_code}, region.name)));
  };
  provinceSelect.addEventListener("change", () => {
    filters.region_code = "";
    fillRegionFilter();
  });
  fillRegionFilter();
  const list = h("ul", {class: "list", id: "public-reports"});
  const more = h("button", {type: "button", class: "secondary", hidden: true}, t("more"));
  const status = h("div", {"aria-live": "polite"});
  const form = h("form", {class: "card", id: "filters"},
    h("div", {class: "row three"},
      field("province", t("province"), provinceSelect),
      field("region_code", t("region_code"), regionSelect),
      field("topic", t("topic"), topicSelect)),
    h("div", {class: "actions"}, h("button", {type: "submit"}, t("filter"))));
  let cursor = null;
  const load = async (append) => {
    const params = new URLSearchParams();
    const region = regionSelect.value || provinceSelect.value;
    if (region) params.set("region_code", region);
    if (topicSelect.value) params.set("topic", topicSelect.value);
    if (append && cursor) params.set("cursor", cursor);
    try {
      const page = await api(`/reports?${params}`);
      cursor = page.cursor;
      if (!append) list.replaceChildren();
      for (const item of page.items) list.append(publicItem(item));
      status.replaceChildren(list.children.length ? "" : notice(t("no_reports")));
      more.hidden = !cursor;
    } catch (error) {
      status.replaceChildren(notice(error.message, "error"));
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    Object.assign(filters, {province: provinceSelect.value, region_code: regionSelect.value, topic: topicSelect.value});
    load(false);
  });
  more.addEventListener("click", () => load(true));
  mount(h("h1", {}, t("browse_title")), h("p", {class: "lead"}, t("browse_lead")), form, status, list,
    h("div", {class: "actions"}, more));
  await load(false);
}

function publicItem(item) {
  return h("li", {"data-tracking-id": item.tracking_id},
    h("a", {class: "title", href: `${base}/track/${encodeURIComponent(item.tracking_id)}`}, item.title),
    h("span", {class: "meta"},
      h("span", {class: "badge status"}, label(item.status_label)),
      h("span", {}, t(`kind_${item.kind}`)),
      h("span", {}, regionName(item.region_code)),
      item.topic ? h("span", {}, topicLabel(item.topic)) : null,
      item.agency ? h("span", {}, item.agency.name) : null,
      h("span", {}, formatTime(item.received_at, {dateOnly: true}))));
}

const RENDERERS = {home: renderForm, receipt: renderReceipt, track: renderTrack, browse: renderBrowse};
start(RENDERERS[document.body.dataset.page] || renderForm);
