/**
 * The print-ready slips of Circular 01/2018/TT-VPCP (forms 01–05): server-rendered HTML, A4 print CSS, Vietnamese.
 * 01 receipt (giấy tiếp nhận hồ sơ và hẹn trả kết quả, with a QR code of the dossier code), 02 supplement request,
 * 03 refusal, 04 apology (xin lỗi và hẹn lại ngày trả kết quả), 05 control slip (phiếu kiểm soát quá trình giải
 * quyết: each hand-over, who, when, on time or not).
 */
import QRCode from "qrcode";
import { ACTION_LABELS_VI } from "../core/dossier/action-labels";
import type { Dossier } from "../core/dossier/model";

export const SLIPS = ["receipt", "supplement", "refusal", "apology", "control"] as const;
export type Slip = (typeof SLIPS)[number];

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
/** "14:30 02/12/2026", in Vietnam's time: a paper that may be kept for years prints its year whole. */
const SLIP_TIME = new Intl.DateTimeFormat("vi-VN", {
  timeZone: "Asia/Ho_Chi_Minh",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
});
const when = (iso?: string) => (iso ? SLIP_TIME.format(new Date(iso)) : "");
const who = (by: Dossier["timeline"][number]["by"]) =>
  by.type === "officer" ? `${by.name} (${by.agencyCode})` : by.type === "agency" ? `Hệ thống cơ quan ${by.agencyCode}` : by.type === "citizen" ? "Người nộp" : "Hệ thống";

const TITLES: Record<Slip, { form: string; title: string }> = {
  receipt: { form: "Mẫu số 01", title: "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" },
  supplement: { form: "Mẫu số 02", title: "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" },
  refusal: { form: "Mẫu số 03", title: "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" },
  apology: { form: "Mẫu số 04", title: "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" },
  control: { form: "Mẫu số 05", title: "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" },
};

export async function renderSlip(slip: Slip, dossier: Dossier, agencyName: string): Promise<string> {
  const { form, title } = TITLES[slip];
  const last = (action: string) => [...dossier.timeline].reverse().find((e) => e.action === action);
  let body = "";
  if (slip === "receipt") {
    const qr = await QRCode.toDataURL(dossier.code, { errorCorrectionLevel: "M", margin: 1, scale: 4 });
    body = `<p>Mã hồ sơ: <strong id="dossier-code">${esc(dossier.code)}</strong></p>
<img class="qr" id="qr" src="${qr}" alt="Mã QR của hồ sơ ${esc(dossier.code)}" width="132" height="132">
<p>Tiếp nhận hồ sơ của: <strong>${esc(dossier.applicant.fullName)}</strong></p>
<p>Nội dung yêu cầu giải quyết: ${esc(dossier.procedureName)}</p>
<p>Thời gian nhận hồ sơ: ${esc(when(dossier.receivedAt ?? dossier.firstReceivedAt))}</p>
<p>Thời gian trả kết quả: ${esc(when(dossier.dueAt))}</p>
<p>Nhận kết quả tại: ${esc(dossier.delivery)}</p>`;
  } else if (slip === "supplement") {
    const entry = last("request_supplement");
    body = `<p>Hồ sơ ${esc(dossier.code)} của ${esc(dossier.applicant.fullName)} cần bổ sung, hoàn thiện:</p><p>${esc(entry?.note ?? "")}</p>`;
  } else if (slip === "refusal") {
    const entry = last("reject_intake") ?? last("deny");
    body = `<p>Hồ sơ ${esc(dossier.code)} của ${esc(dossier.applicant.fullName)} không được tiếp nhận, giải quyết vì lý do:</p><p>${esc(entry?.note ?? "")}</p>`;
  } else if (slip === "apology") {
    // The new promised date is the apology's own: the dossier's due date never moves (docs/domain.md).
    const apology = dossier.apology;
    body = `<p>${esc(agencyName)} xin lỗi ông/bà ${esc(dossier.applicant.fullName)} vì hồ sơ ${esc(dossier.code)} quá hạn giải quyết.</p>
<p>Lý do: ${esc(apology?.text ?? last("apologize")?.note ?? "")}</p>
<p>Thời hạn trả kết quả theo quy định: ${esc(when(dossier.dueAt))}</p>
<p>Hẹn lại ngày trả kết quả: <strong id="new-due-at">${esc(when(apology?.newDueAt))}</strong></p>`;
  } else {
    const rows = dossier.timeline
      .map((e, i) => {
        const onTime = !dossier.dueAt || e.at <= dossier.dueAt;
        return `<tr><td>${i + 1}</td><td>${esc(ACTION_LABELS_VI[e.action] ?? e.action)}</td><td>${esc(who(e.by))}</td><td>${esc(when(e.at))}</td><td>${onTime ? "Đúng hạn" : "Quá hạn"}</td><td>${esc(e.note ?? "")}</td></tr>`;
      })
      .join("\n");
    body = `<p>Mã hồ sơ: ${esc(dossier.code)} — ${esc(dossier.procedureName)}</p>
<table><thead><tr><th scope="col">TT</th><th scope="col">Bước</th><th scope="col">Người thực hiện</th><th scope="col">Thời gian</th><th scope="col">Kết quả</th><th scope="col">Ghi chú</th></tr></thead>
<tbody>${rows}</tbody></table>`;
  }
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${esc(title)} — ${esc(dossier.code)}</title>
<style>@page{size:A4;margin:20mm 15mm}body{font-family:"Times New Roman",serif;font-size:13pt;color:#000}
header{display:flex;justify-content:space-between;text-align:center}h1{font-size:14pt;text-align:center;margin:1.5em 0 1em}
table{width:100%;border-collapse:collapse}td,th{border:1px solid #000;padding:4px;vertical-align:top}.qr{float:right}
@media print{.noprint{display:none}}</style></head>
<body><header><div><strong>${esc(agencyName)}</strong></div><div><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br>Độc lập - Tự do - Hạnh phúc</div></header>
<p class="form">${form}</p><main><h1>${title}</h1>
${body}
</main><button class="noprint" type="button" onclick="window.print()">In phiếu</button></body></html>`;
}
