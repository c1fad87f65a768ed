// Shared by every page: language, the JSON API, safe DOM building, forms and their errors.
// Text is only ever set through textContent or attributes, never innerHTML, so nothing a
// citizen or officer typed can run as markup.

const LANG_KEY = "aduan.lang";
const dictionaries = {};

export const base = document.body.dataset.base || "";

export function lang() {
  const chosen = localStorage.getItem(LANG_KEY);
  return chosen === "en" ? "en" : "id";
}

export function addTexts(texts) {
  Object.assign(dictionaries, texts);
}

// t("key") or t("key", {n: 3}); entries are [Indonesian, English].
export function t(key, values = {}) {
  const entry = dictionaries[key];
  let text = entry ? entry[lang() === "en" ? 1 : 0] : key;
  for (const [name, value] of Object.entries(values)) {
    text = text.replaceAll(`{${name}}`, String(value));
  }
  return text;
}

// A {id, en} label from the API, in the chosen language.
export function label(value) {
  if (!value) return "";
  return (lang() === "en" ? value.en : value.id) || value.id || "";
}

addTexts({
  skip: ["Langsung ke isi", "Skip to content"],
  footer: ["Aduan — layanan pengaduan pelayanan publik nasional. Laporan Anda dilindungi undang-undang.",
    "Aduan — the national public-service complaint service. Your report is protected by law."],
  loading: ["Memuat…", "Loading…"],
  network_error: ["Tidak dapat terhubung ke server. Periksa koneksi Anda dan coba lagi.",
    "Could not reach the server. Check your connection and try again."],
  fix_fields: ["Periksa isian yang ditandai.", "Please check the marked fields."],
  required: ["Wajib diisi.", "This field is required."],
  too_long: ["Terlalu panjang: maksimal {n} karakter.", "Too long: at most {n} characters."],
  invalid_email: ["Alamat e-mail tidak valid.", "Not a valid e-mail address."],
  optional: ["(opsional)", "(optional)"],
  more: ["Muat lebih banyak", "Load more"],
  none: ["—", "—"],
  upload_failed_generic: ["Berkas {name} gagal diunggah; coba lagi.", "{name} could not be uploaded; try again."],
});

const listeners = [];

// Pages register their render function; it runs again when the language changes.
export function onLanguage(render) {
  listeners.push(render);
}

function applyLanguage() {
  const current = lang();
  document.documentElement.lang = current;
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === current));
  }
  for (const element of document.querySelectorAll("[data-t]")) {
    element.textContent = t(element.dataset.t);
  }
}

export function start(render) {
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.addEventListener("click", () => {
      localStorage.setItem(LANG_KEY, button.dataset.lang);
      applyLanguage();
      for (const listener of listeners) listener();
    });
  }
  applyLanguage();
  onLanguage(render);
  render();
}

// --- DOM --------------------------------------------------------------------------

// h("p", {class: "x", onclick: fn}, "text", child, [children]) — children are text or nodes.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      element.className = value;
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function mount(...children) {
  const main = document.getElementById("main");
  main.replaceChildren(...children.flat().filter(Boolean));
}

export function setNav(links) {
  const nav = document.getElementById("nav");
  const here = location.pathname + location.hash;
  nav.replaceChildren(h("ul", {}, links.map(([href, text]) =>
    h("li", {}, h("a", {href, "aria-current": here === href || here.endsWith(href) ? "page" : null}, text)))));
}

export function notice(text, kind = "info") {
  return h("p", {class: `notice ${kind}`, role: kind === "error" ? "alert" : "status"}, text);
}

// --- the API ----------------------------------------------------------------------

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code;
    this.details = error.details || [];
  }
}

export async function api(path, {method = "GET", body, token, headers = {}} = {}) {
  const request = {method, headers: {"Accept": "application/json", "Accept-Language": lang(), ...headers}};
  if (token) request.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    request.headers["Content-Type"] = "application/json";
    request.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(base + path, request);
  } catch (error) {
    throw new ApiError(0, {error: {code: "network", message: t("network_error")}});
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (error) {
    data = null;
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

// A file straight to the bucket, with the presigned POST the API answered for it ({url, fields}).
export async function sendFile(upload, file) {
  const data = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) data.append(name, value);
  data.append("file", file);
  let response;
  try {
    response = await fetch(upload.url, {method: "POST", body: data});
  } catch (error) {
    throw new ApiError(0, {error: {code: "network", message: t("network_error")}});
  }
  if (!response.ok) throw new ApiError(response.status, {error: {code: "upload_failed", message: t("upload_failed_generic", {name: file.name})}});
}

// --- forms ------------------------------------------------------------------------

let fieldCounter = 0;

// A labelled field whose control is named after the API field it fills.
export function field(name, labelText, control, {hint, optional = false} = {}) {
  const id = control.id || `f-${name.replaceAll(".", "-")}-${++fieldCounter}`;
  control.id = id;
  control.name = control.name || name;
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  control.setAttribute("aria-describedby", [hintId, errorId].filter(Boolean).join(" "));
  return h("div", {class: "field", "data-field": name},
    h("label", {for: id}, labelText, optional ? h("span", {class: "optional"}, " ", t("optional")) : null),
    hint ? h("p", {class: "hint", id: hintId}, hint) : null,
    control,
    h("p", {class: "field-error", id: errorId, "aria-live": "polite"}));
}

export function clearErrors(form) {
  for (const element of form.querySelectorAll(".field-error")) element.textContent = "";
  for (const element of form.querySelectorAll("[aria-invalid]")) element.removeAttribute("aria-invalid");
  const summary = form.querySelector(".form-error");
  if (summary) summary.replaceChildren();
}

// Puts each message next to its field; returns whether any field took one.
export function showErrors(form, problems, summaryText) {
  let placed = 0;
  let first = null;
  for (const problem of problems) {
    const holder = problem.field && findField(form, problem.field);
    if (!holder) continue;
    const message = holder.querySelector(".field-error");
    message.textContent = message.textContent ? `${message.textContent} ${problem.message}` : problem.message;
    const control = holder.querySelector("input, select, textarea");
    if (control) {
      control.setAttribute("aria-invalid", "true");
      first = first || control;
    }
    placed += 1;
  }
  const summary = form.querySelector(".form-error");
  if (summary) {
    const unplaced = problems.filter((problem) => !(problem.field && findField(form, problem.field)));
    summary.replaceChildren(notice(summaryText || t("fix_fields"), "error"),
      ...unplaced.map((problem) => h("p", {class: "notice error"}, problem.message)));
  }
  if (first) first.focus();
  return placed > 0;
}

function findField(form, name) {
  // "location.lat" is shown at "location.lat"; a nested error falls back to its parent field.
  let candidate = name;
  while (candidate) {
    const holder = form.querySelector(`[data-field="${CSS.escape(candidate)}"]`);
    if (holder) return holder;
    candidate = candidate.includes(".") ? candidate.slice(0, candidate.lastIndexOf(".")) : "";
  }
  return null;
}

// Checks the browser can do before asking the server, in the same words as the server.
export function checkRequired(form) {
  const problems = [];
  for (const control of form.querySelectorAll("input, select, textarea")) {
    if (!control.name || control.disabled) continue;
    const value = control.type === "checkbox" ? control.checked : control.value.trim();
    if (control.required && !value) problems.push({field: control.name, message: t("required")});
    else if (control.maxLength > 0 && control.value.length > control.maxLength) {
      problems.push({field: control.name, message: t("too_long", {n: control.maxLength})});
    } else if (control.type === "email" && value && !control.checkValidity()) {
      problems.push({field: control.name, message: t("invalid_email")});
    }
  }
  return problems;
}

export async function submitting(form, work) {
  const buttons = form.querySelectorAll("button[type=submit]");
  for (const button of buttons) button.disabled = true;
  form.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    for (const button of buttons) button.disabled = false;
    form.removeAttribute("aria-busy");
  }
}

// A form's life: the page's own checks, then the request; refusals land next to their fields.
// `work` does the request and the re-render; `check(form)` returns the problems [{field, message}]
// found before asking the server; `failed(error)` takes what `work` threw, while the form is still busy.
export function onSubmit(form, work, {check = checkRequired, failed = (error) => showErrors(form, error.details || [], error.message)} = {}) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const problems = check(form);
    if (problems.length) {
      showErrors(form, problems);
      return;
    }
    await submitting(form, async () => {
      try {
        await work();
      } catch (error) {
        await failed(error);
      }
    });
  });
}

// --- formatting -------------------------------------------------------------------

// Deadlines and times come with the agency's UTC offset; show them in that local time.
export function formatTime(iso, {dateOnly = false} = {}) {
  if (!iso) return t("none");
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?.*?([+-]\d{2}:\d{2}|Z)?$/.exec(iso);
  if (!match) return iso;
  const [, year, month, day, hour, minute, offset] = match;
  const months = lang() === "en"
    ? ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    : ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];
  const date = `${Number(day)} ${months[Number(month) - 1]} ${year}`;
  if (dateOnly || hour === undefined) return date;
  const zones = {"+07:00": "WIB", "+08:00": "WITA", "+09:00": "WIT", "Z": "UTC", "+00:00": "UTC"};
  return `${date} ${hour}.${minute} ${zones[offset] || offset || ""}`.trim();
}

export function formatNumber(value) {
  return new Intl.NumberFormat(lang() === "en" ? "en-GB" : "id-ID").format(value);
}

export function idempotencyKey() {
  return crypto.randomUUID();
}
