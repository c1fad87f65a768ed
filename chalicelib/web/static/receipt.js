// The receipt of a report just filed, on screen and on paper: the tracking id, the access code,
// the tracking link and a QR code of that link (never of the code: whoever photographs the paper
// gets only what the public may see). The citizen's receipt page shows it; the console can show it
// for a report an officer recorded, so the officer prints it for the citizen at the counter.
// The print stylesheet (aduan.css, @media print) leaves out everything but the page's content.
import {addTexts, base, h, notice, t} from "./common.js";

addTexts({
  "receipt.heading": ["Tanda terima", "Receipt"],
  "receipt.tracking_id": ["Nomor pelacakan", "Tracking id"],
  "receipt.access_code": ["Kode akses", "Access code"],
  "receipt.tracking_url": ["Alamat pelacakan", "Tracking address"],
  "receipt.qr_alt": ["Kode QR alamat pelacakan {url}", "QR code of the tracking address {url}"],
  "receipt.qr_caption": ["Pindai untuk membuka halaman pelacakan. Kode akses tidak ada di dalam kode QR.",
    "Scan to open the tracking page. The access code is not in the QR code."],
  "receipt.keep_code": ["Simpan kode akses ini sekarang. Kode ini hanya ditampilkan sekali dan tidak dapat dipulihkan; tanpa kode ini Anda tidak dapat membalas, menilai, atau melihat laporan lengkap Anda. Siapa pun yang memegangnya dapat membuka laporan Anda: jangan bagikan, petugas tidak pernah memintanya.",
    "Keep this access code now. It is shown only once and cannot be recovered; without it you cannot reply, give feedback or see your full report. Whoever holds it can open your report: do not share it; officers never ask for it."],
  "receipt.emailed": ["Tanda terima ini juga dikirim ke e-mail Anda.", "This receipt is also on its way to your e-mail."],
  "receipt.copy": ["Salin", "Copy"],
  "receipt.copied": ["Tersalin.", "Copied."],
  "receipt.print": ["Cetak tanda terima", "Print the receipt"],
});

// The page's address of a report's QR code (an SVG drawn by the server from the tracking URL).
function qrSource(trackingId) {
  return `${base}/track/${encodeURIComponent(trackingId)}/qr`;
}

function copyButton(text) {
  const status = h("span", {class: "hint", "aria-live": "polite"});
  return h("span", {class: "copy"}, h("button", {type: "button", class: "secondary", onclick: async () => {
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = ` ${t("receipt.copied")}`;
    } catch (error) {
      status.textContent = "";
    }
  }}, t("receipt.copy")), status);
}

// `receipt`: the answer of POST /reports (or POST /admin/reports); `emailed`: whether the reporter
// gave an e-mail address, so the receipt also went there.
export function receiptSheet(receipt, {emailed = false} = {}) {
  const url = receipt.tracking_url;
  return h("section", {class: "card receipt", "aria-labelledby": "receipt-heading"},
    h("h2", {id: "receipt-heading"}, t("receipt.heading")),
    h("div", {class: "receipt-body"},
      h("dl", {class: "receipt-ids"},
        h("dt", {}, t("receipt.tracking_id")),
        h("dd", {}, h("span", {class: "secret", id: "tracking-id"}, receipt.tracking_id), copyButton(receipt.tracking_id)),
        h("dt", {}, t("receipt.access_code")),
        h("dd", {}, h("span", {class: "secret code", id: "access-token"}, receipt.access_token),
          copyButton(receipt.access_token)),
        h("dt", {}, t("receipt.tracking_url")),
        h("dd", {}, h("a", {href: url, id: "tracking-url", class: "url"}, url))),
      h("figure", {class: "qr"},
        h("img", {src: qrSource(receipt.tracking_id), id: "tracking-qr", width: 160, height: 160,
          alt: t("receipt.qr_alt", {url})}),
        h("figcaption", {class: "hint"}, t("receipt.qr_caption")))),
    notice(t("receipt.keep_code"), "warn"),
    emailed ? h("p", {class: "hint"}, t("receipt.emailed")) : null);
}

export function printButton() {
  return h("button", {type: "button", class: "secondary", id: "print-receipt", onclick: () => window.print()},
    t("receipt.print"));
}
