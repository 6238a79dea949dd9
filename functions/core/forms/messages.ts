/**
 * The words of form answer problems, in Vietnamese and English. core/messages.ts merges them into the API's
 * messages (the problem's `errors[].message` is rendered in the negotiated language); the citizen web shows the same.
 */
export const FORM_MESSAGES: Record<string, { vi: string; en: string }> = {
  "form.required": { vi: "Vui lòng trả lời câu hỏi này", en: "This answer is required" },
  "form.type": { vi: "Câu trả lời không đúng kiểu dữ liệu", en: "This answer has the wrong type" },
  "form.unknown_field": { vi: "Biểu mẫu không có trường này", en: "The form has no such field" },
  "form.choice": { vi: "Hãy chọn một trong các giá trị cho sẵn", en: "Choose one of the listed values" },
  "form.too_short": { vi: "Câu trả lời quá ngắn", en: "This answer is too short" },
  "form.too_long": { vi: "Câu trả lời quá dài", en: "This answer is too long" },
  "form.too_small": { vi: "Giá trị nhỏ hơn mức cho phép", en: "This value is below the minimum" },
  "form.too_large": { vi: "Giá trị lớn hơn mức cho phép", en: "This value is above the maximum" },
  "form.not_integer": { vi: "Hãy nhập số nguyên", en: "Enter a whole number" },
  "form.too_few": { vi: "Cần thêm mục", en: "More items are needed" },
  "form.too_many": { vi: "Quá nhiều mục", en: "Too many items" },
  "form.pattern": { vi: "Câu trả lời không đúng định dạng", en: "This answer is not in the expected format" },
  "form.format.cccd": {
    vi: "Số định danh cá nhân (CCCD) phải gồm 12 chữ số hợp lệ (mã tỉnh, thế kỷ và giới tính, năm sinh, số thứ tự)",
    en: "A citizen identity (CCCD) number is 12 valid digits (province, century and sex, birth year, serial)",
  },
  "form.format.id-number": {
    vi: "Nhập số CCCD 12 chữ số hợp lệ hoặc số CMND 9 chữ số",
    en: "Enter a valid 12-digit CCCD number or a 9-digit CMND number",
  },
  "form.format.phone": { vi: "Số điện thoại Việt Nam không hợp lệ", en: "Not a valid Vietnamese phone number" },
  "form.format.vn-date": { vi: "Ngày không hợp lệ (dd/mm/yyyy)", en: "Not a valid date (dd/mm/yyyy)" },
  "form.format.email": { vi: "Địa chỉ thư điện tử không hợp lệ", en: "Not a valid e-mail address" },
  "form.date_future": { vi: "Ngày này không được sau hôm nay", en: "This date cannot be after today" },
  "form.unknown_province": { vi: "Không có tỉnh, thành phố này", en: "No such province or city" },
  "form.commune_not_in_province": {
    vi: "Xã, phường này không thuộc tỉnh, thành phố đã chọn",
    en: "This commune or ward is not in the chosen province",
  },
  "form.document_unknown": { vi: "Thủ tục không có giấy tờ này", en: "The procedure has no such document" },
  "form.invalid": { vi: "Câu trả lời không hợp lệ", en: "This answer is not valid" },
  "form.too_big": { vi: "Tờ khai quá lớn hoặc lồng quá sâu", en: "The declaration is too large or too deeply nested" },
};
