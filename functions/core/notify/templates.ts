import type { DossierEvent, EventType } from "../dossier/events";
import type { Language } from "../messages";

/**
 * The citizen's messages (docs/notifications.md): one template per event a citizen is told of (Decree 45/2020: the
 * receipt, a supplement request, the result; and the other steps that change what the citizen must do), in
 * Vietnamese and English, in the language the citizen used.
 *
 * What a message may carry: the dossier code, the procedure's name, dates, the agency's name, the reasons and the
 * documents an officer wrote. Never an ID number, the applicant's address, an amount beyond the fee due, or a link
 * holding the dossier's access token: the only links are the track page (it asks for the token) and the opt-out.
 * An SMS is short and written without diacritics (a Vietnamese brand-name SMS with diacritics is billed as Unicode,
 * 70 characters a part instead of 160).
 */

export type CitizenChannel = "email" | "sms" | "zalo";
export const CITIZEN_CHANNELS: readonly CitizenChannel[] = ["email", "sms", "zalo"];

/** The events a citizen is told of. */
export const NOTIFYING_EVENTS = [
  "dossier.received",
  "dossier.supplement_requested",
  "dossier.intake_rejected",
  "dossier.transferred",
  "dossier.approved",
  "dossier.denied",
  "dossier.result_returned",
  "dossier.apologized",
  "payment.pending",
  "payment.paid",
  "payment.failed",
] as const satisfies readonly EventType[];
export type NotifyingEvent = (typeof NOTIFYING_EVENTS)[number];

export function isNotifying(type: EventType): type is NotifyingEvent {
  return (NOTIFYING_EVENTS as readonly string[]).includes(type);
}

/** What a template is filled with: the event, and names looked up for it. */
export interface TemplateInput {
  event: DossierEvent;
  code: string;
  procedureName: string;
  /** The name of the agency the event concerns (after a transfer: the new one). */
  agencyName: string;
  /** The documents of a supplement request, by the procedure's names for them. */
  documentNames: Record<string, string>;
  /** How the result is collected (the dossier's delivery). */
  delivery: "online" | "post" | "in_person";
  /** The track page for this dossier (asks for the access token; carries none). */
  trackUrl: string;
  /** This message's opt-out link (per dossier and channel). */
  optOutUrl: string;
}

export interface Rendered {
  subject: string;
  /** The e-mail's text body, and the Zalo message's main parameter. */
  text: string;
  /** The SMS: short, without diacritics. */
  sms: string;
}

/** dd/mm/yyyy HH:MM in Vietnam time. */
export function vietnamDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const t = new Date(Date.parse(iso) + 7 * 3_600_000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(t.getUTCDate())}/${two(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}`;
}

/** Vietnamese without its marks, for SMS. */
export function withoutDiacritics(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D");
}

const formatVnd = (amount: number) => `${amount.toLocaleString("vi-VN")} VND`;

type Bodies = { subject: string; lines: string[]; sms: string };
type Template = (input: TemplateInput, language: Language) => Bodies;

const DELIVERY: Record<TemplateInput["delivery"], Record<Language, string>> = {
  online: { vi: "tải về trên Cổng dịch vụ công", en: "download it from the portal" },
  post: { vi: "kết quả được gửi qua bưu chính", en: "it is sent to you by post" },
  in_person: { vi: "nhận trực tiếp tại bộ phận một cửa", en: "collect it at the one-stop counter" },
};

const supplementList = (input: TemplateInput): string[] =>
  (input.event.data.supplementItems ?? []).map(
    (item) => `- ${input.documentNames[item.documentKey] ?? item.documentKey}: ${item.reason}`,
  );

const TEMPLATES: Record<NotifyingEvent, Template> = {
  "dossier.received": (i, l) =>
    l === "vi"
      ? {
          subject: `Hồ sơ ${i.code} đã được tiếp nhận`,
          lines: [
            `${i.agencyName} đã tiếp nhận hồ sơ ${i.code} (${i.procedureName}).`,
            `Ngày hẹn trả kết quả: ${vietnamDateTime(i.event.data.dueAt)}.`,
          ],
          sms: `Ho so ${i.code} da duoc tiep nhan. Hen tra ket qua: ${vietnamDateTime(i.event.data.dueAt)}.`,
        }
      : {
          subject: `Dossier ${i.code} has been received`,
          lines: [`${i.agencyName} has received dossier ${i.code} (${i.procedureName}).`, `Result due: ${vietnamDateTime(i.event.data.dueAt)}.`],
          sms: `Dossier ${i.code} received. Result due ${vietnamDateTime(i.event.data.dueAt)}.`,
        },
  "dossier.supplement_requested": (i, l) => {
    const items = supplementList(i);
    const names = (i.event.data.supplementItems ?? []).map((item) => i.documentNames[item.documentKey] ?? item.documentKey);
    return l === "vi"
      ? {
          subject: `Hồ sơ ${i.code} cần bổ sung giấy tờ`,
          lines: [
            `${i.agencyName} đề nghị bổ sung hồ sơ ${i.code} (${i.procedureName}):`,
            ...items,
            ...(i.event.data.note ? [`Ghi chú: ${i.event.data.note}`] : []),
            "Thời gian xử lý tạm dừng cho đến khi anh/chị bổ sung.",
          ],
          sms: `Ho so ${i.code} can bo sung: ${names.join("; ")}. Xem chi tiet tren Cong DVC.`,
        }
      : {
          subject: `Dossier ${i.code} needs more documents`,
          lines: [
            `${i.agencyName} asks for more documents for dossier ${i.code} (${i.procedureName}):`,
            ...items,
            ...(i.event.data.note ? [`Note: ${i.event.data.note}`] : []),
            "The processing clock is paused until you supplement it.",
          ],
          sms: `Dossier ${i.code} needs: ${names.join("; ")}. Details on the portal.`,
        };
  },
  "dossier.intake_rejected": (i, l) =>
    l === "vi"
      ? {
          subject: `Hồ sơ ${i.code} không được tiếp nhận`,
          lines: [`${i.agencyName} từ chối tiếp nhận hồ sơ ${i.code} (${i.procedureName}).`, `Lý do: ${i.event.data.note ?? ""}`],
          sms: `Ho so ${i.code} khong duoc tiep nhan. Ly do xem tren Cong DVC.`,
        }
      : {
          subject: `Dossier ${i.code} was not accepted`,
          lines: [`${i.agencyName} refused dossier ${i.code} (${i.procedureName}) at intake.`, `Reason: ${i.event.data.note ?? ""}`],
          sms: `Dossier ${i.code} was refused at intake. Reason on the portal.`,
        },
  "dossier.transferred": (i, l) =>
    l === "vi"
      ? {
          subject: `Hồ sơ ${i.code} được chuyển xử lý`,
          lines: [`Hồ sơ ${i.code} (${i.procedureName}) đã được chuyển đến ${i.agencyName} để xử lý tiếp.`, `Ngày hẹn trả kết quả không đổi: ${vietnamDateTime(i.event.data.dueAt)}.`],
          sms: `Ho so ${i.code} da chuyen den ${i.agencyName} xu ly.`,
        }
      : {
          subject: `Dossier ${i.code} was transferred`,
          lines: [`Dossier ${i.code} (${i.procedureName}) was transferred to ${i.agencyName}.`, `The due date stays ${vietnamDateTime(i.event.data.dueAt)}.`],
          sms: `Dossier ${i.code} transferred to ${i.agencyName}.`,
        },
  "dossier.approved": (i, l) =>
    l === "vi"
      ? {
          subject: `Hồ sơ ${i.code} đã được giải quyết`,
          lines: [`Hồ sơ ${i.code} (${i.procedureName}) đã được phê duyệt. Kết quả sẽ được trả: ${DELIVERY[i.delivery].vi}.`],
          sms: `Ho so ${i.code} da duoc phe duyet.`,
        }
      : {
          subject: `Dossier ${i.code} was approved`,
          lines: [`Dossier ${i.code} (${i.procedureName}) was approved. The result: ${DELIVERY[i.delivery].en}.`],
          sms: `Dossier ${i.code} approved.`,
        },
  "dossier.denied": (i, l) =>
    l === "vi"
      ? {
          subject: `Hồ sơ ${i.code} không được chấp thuận`,
          lines: [`Hồ sơ ${i.code} (${i.procedureName}) không được chấp thuận.`, ...(i.event.data.note ? [`Lý do: ${i.event.data.note}`] : [])],
          sms: `Ho so ${i.code} khong duoc chap thuan. Xem ly do tren Cong DVC.`,
        }
      : {
          subject: `Dossier ${i.code} was denied`,
          lines: [`Dossier ${i.code} (${i.procedureName}) was denied.`, ...(i.event.data.note ? [`Reason: ${i.event.data.note}`] : [])],
          sms: `Dossier ${i.code} denied. Reason on the portal.`,
        },
  "dossier.result_returned": (i, l) =>
    l === "vi"
      ? {
          subject: `Kết quả hồ sơ ${i.code} đã sẵn sàng`,
          lines: [`Kết quả hồ sơ ${i.code} (${i.procedureName}) đã sẵn sàng: ${DELIVERY[i.delivery].vi}.`, "Mời anh/chị đánh giá chất lượng phục vụ trên Cổng."],
          sms: withoutDiacritics(`Ket qua ho so ${i.code} da san sang: ${DELIVERY[i.delivery].vi}.`),
        }
      : {
          subject: `The result of dossier ${i.code} is ready`,
          lines: [`The result of dossier ${i.code} (${i.procedureName}) is ready: ${DELIVERY[i.delivery].en}.`, "Please rate the service on the portal."],
          sms: `Result of dossier ${i.code} ready: ${DELIVERY[i.delivery].en}.`,
        },
  "dossier.apologized": (i, l) =>
    l === "vi"
      ? {
          subject: `Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ ${i.code}`,
          lines: [i.event.data.note ?? `${i.agencyName} xin lỗi vì hồ sơ ${i.code} bị trễ hạn.`, `Ngày hẹn mới: ${vietnamDateTime(i.event.data.newDueAt)}.`],
          sms: `Ho so ${i.code} tre han. Ngay hen moi: ${vietnamDateTime(i.event.data.newDueAt)}. Xin loi anh/chi.`,
        }
      : {
          subject: `Apology and new date for dossier ${i.code}`,
          lines: [i.event.data.note ?? `${i.agencyName} apologises: dossier ${i.code} is late.`, `New date: ${vietnamDateTime(i.event.data.newDueAt)}.`],
          sms: `Dossier ${i.code} is late. New date ${vietnamDateTime(i.event.data.newDueAt)}. We apologise.`,
        },
  "payment.pending": (i, l) =>
    l === "vi"
      ? {
          subject: `Hồ sơ ${i.code}: chờ nộp phí, lệ phí`,
          lines: [`Hồ sơ ${i.code} (${i.procedureName}) chờ nộp ${formatVnd(i.event.data.payment?.amount ?? 0)} trực tuyến.`],
          sms: `Ho so ${i.code} cho nop phi ${formatVnd(i.event.data.payment?.amount ?? 0)}.`,
        }
      : {
          subject: `Dossier ${i.code}: fee due`,
          lines: [`Dossier ${i.code} (${i.procedureName}) awaits an online payment of ${formatVnd(i.event.data.payment?.amount ?? 0)}.`],
          sms: `Dossier ${i.code}: fee ${formatVnd(i.event.data.payment?.amount ?? 0)} due.`,
        },
  "payment.paid": (i, l) =>
    l === "vi"
      ? {
          subject: `Hồ sơ ${i.code}: đã nộp phí`,
          lines: [`Đã nhận ${formatVnd(i.event.data.payment?.amount ?? 0)} cho hồ sơ ${i.code} (${i.procedureName}). Mã giao dịch: ${i.event.data.payment?.reference ?? ""}.`],
          sms: `Ho so ${i.code}: da nop phi ${formatVnd(i.event.data.payment?.amount ?? 0)}.`,
        }
      : {
          subject: `Dossier ${i.code}: fee paid`,
          lines: [`${formatVnd(i.event.data.payment?.amount ?? 0)} received for dossier ${i.code} (${i.procedureName}). Reference: ${i.event.data.payment?.reference ?? ""}.`],
          sms: `Dossier ${i.code}: fee paid.`,
        },
  "payment.failed": (i, l) =>
    l === "vi"
      ? {
          subject: `Hồ sơ ${i.code}: thanh toán không thành công`,
          lines: [`Thanh toán phí cho hồ sơ ${i.code} (${i.procedureName}) không thành công. Anh/chị có thể thanh toán lại trên Cổng.`],
          sms: `Ho so ${i.code}: thanh toan khong thanh cong, vui long thu lai.`,
        }
      : {
          subject: `Dossier ${i.code}: payment failed`,
          lines: [`The payment for dossier ${i.code} (${i.procedureName}) failed. You can pay again on the portal.`],
          sms: `Dossier ${i.code}: payment failed, please retry.`,
        },
};

const FOOTER: Record<Language, (i: TemplateInput) => string[]> = {
  vi: (i) => [
    "",
    `Tra cứu hồ sơ: ${i.trackUrl}`,
    `Không muốn nhận thông báo qua kênh này cho hồ sơ ${i.code}: ${i.optOutUrl}`,
    "Đây là thư tự động của Cổng dịch vụ công, vui lòng không trả lời.",
  ],
  en: (i) => [
    "",
    `Track the dossier: ${i.trackUrl}`,
    `Stop these messages on this channel for dossier ${i.code}: ${i.optOutUrl}`,
    "This is an automatic message from the public service portal; please do not reply.",
  ],
};

const SMS_OPT_OUT: Record<Language, string> = { vi: "Tu choi: ", en: "Stop: " };

/** The message for an event, in a language; undefined for an event citizens are not told of. */
export function render(input: TemplateInput, language: Language): Rendered | undefined {
  const type = input.event.type;
  if (!isNotifying(type)) return undefined;
  const body = TEMPLATES[type](input, language);
  return {
    subject: body.subject,
    text: [...body.lines, ...FOOTER[language](input)].join("\n"),
    sms: `${withoutDiacritics(body.sms)} ${SMS_OPT_OUT[language]}${input.optOutUrl}`,
  };
}
