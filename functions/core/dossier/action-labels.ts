/**
 * What each timeline action is called, in Vietnamese (English: action-labels-en.ts, its own module so that only pages
 * shown in English load it): the one source for the web's timelines (its message files spread these under
 * `action.<name>`) and the printed slips (the process control slip, form 05).
 */
import type { TimelineAction } from "./vocabulary";

export type ActionLabels = Record<TimelineAction, string>;

export const ACTION_LABELS_VI = {
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
} as const satisfies ActionLabels;

/** The labels as message-file entries (`action.receive` …). */
export function actionMessages(labels: ActionLabels): Record<`action.${TimelineAction}`, string> {
  return Object.fromEntries(Object.entries(labels).map(([action, label]) => [`action.${action}`, label])) as Record<`action.${TimelineAction}`, string>;
}
