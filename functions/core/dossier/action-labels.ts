/**
 * What each timeline action is called, in Vietnamese and English: the one source for the web's timelines (its message
 * files spread these under `action.<name>`) and the printed slips (the process control slip, form 05).
 */
import type { TimelineAction } from "./vocabulary";

export const ACTION_LABELS = {
  vi: {
    create: "Tạo hồ sơ",
    submit: "Nộp hồ sơ",
    receive: "Tiếp nhận",
    counter_intake: "Tiếp nhận tại bộ phận một cửa",
    attach_document: "Cán bộ một cửa đính kèm giấy tờ đã số hóa",
    reject_intake: "Từ chối tiếp nhận",
    request_supplement: "Yêu cầu bổ sung",
    supplement: "Bổ sung hồ sơ",
    receive_supplement: "Nhận hồ sơ bổ sung tại bộ phận một cửa",
    transfer: "Chuyển xử lý",
    approve: "Phê duyệt",
    deny: "Từ chối giải quyết",
    return_result: "Trả kết quả",
    stop: "Dừng xử lý",
    withdraw: "Rút hồ sơ",
    apologize: "Thư xin lỗi, hẹn lại ngày trả",
    feedback: "Đánh giá",
    payment_pending: "Bắt đầu thanh toán phí",
    payment_paid: "Đã thanh toán phí",
    payment_failed: "Thanh toán phí không thành công",
    assign: "Phân công xử lý",
    payment_expired: "Lượt thanh toán hết hạn",
    recompute_due: "Tính lại ngày hẹn trả",
    expire_uploads: "Xóa tệp của hồ sơ nháp bỏ dở",
    flag_malware: "Phát hiện mã độc trong tệp: tệp đã bị thu hồi",
  },
  en: {
    create: "Created",
    submit: "Submitted",
    receive: "Received",
    counter_intake: "Received at the one-stop desk",
    attach_document: "Paper digitised and attached by the one-stop desk",
    reject_intake: "Not accepted",
    request_supplement: "Documents requested",
    supplement: "Documents supplied",
    receive_supplement: "Supplement brought to the one-stop desk",
    transfer: "Transferred",
    approve: "Approved",
    deny: "Refused",
    return_result: "Result delivered",
    stop: "Stopped",
    withdraw: "Withdrawn",
    apologize: "Apology, new date set",
    feedback: "Rated",
    payment_pending: "Fee payment started",
    payment_paid: "Fee paid",
    payment_failed: "Fee payment failed",
    assign: "Assigned",
    payment_expired: "Payment attempt expired",
    recompute_due: "Due date recomputed",
    expire_uploads: "Uploads of an abandoned draft removed",
    flag_malware: "Malware found in a file: the file was withdrawn",
  },
} as const satisfies Record<"vi" | "en", Record<TimelineAction, string>>;

/** The labels as message-file entries (`action.receive` …). */
export function actionMessages(lang: "vi" | "en"): Record<`action.${TimelineAction}`, string> {
  return Object.fromEntries(Object.entries(ACTION_LABELS[lang]).map(([action, label]) => [`action.${action}`, label])) as Record<`action.${TimelineAction}`, string>;
}
