/**
 * Every user-facing error message, in Vietnamese (default) and English, keyed by the stable error code.
 * Messages are data: add a code here when you add a `DomainError` with a new code.
 * `{name}` placeholders are filled from the error's params.
 */

import { FORM_MESSAGES } from "./forms/messages";

export type Language = "vi" | "en";

type Messages = Record<string, { title: { vi: string; en: string }; detail?: { vi: string; en: string } }>;

const messages: Messages = {
  // request-level
  "request.malformed_json": {
    title: { vi: "Nội dung yêu cầu không phải JSON hợp lệ", en: "The request body is not valid JSON" },
  },
  "request.invalid": {
    title: { vi: "Dữ liệu gửi lên không hợp lệ", en: "The request has invalid values" },
    detail: { vi: "Xem danh sách lỗi theo từng trường.", en: "See the list of field errors." },
  },
  "request.unsupported_media_type": {
    title: { vi: "Kiểu nội dung không được hỗ trợ", en: "Unsupported media type" },
    detail: { vi: "Hãy gửi application/json.", en: "Send application/json." },
  },
  "request.too_large": {
    title: { vi: "Nội dung yêu cầu quá lớn", en: "The request body is too large" },
  },
  "request.headers_too_large": {
    title: { vi: "Địa chỉ hoặc tiêu đề yêu cầu quá dài", en: "The request line or headers are too large" },
  },
  "request.malformed": {
    title: { vi: "Yêu cầu HTTP không đúng định dạng", en: "The HTTP request is malformed" },
  },
  "request.throttled": {
    title: { vi: "Quá nhiều yêu cầu", en: "Too many requests" },
    detail: { vi: "Vui lòng thử lại sau {retryAfter} giây.", en: "Please retry after {retryAfter} seconds." },
  },
  "request.invalid_cursor": {
    title: { vi: "Con trỏ phân trang không hợp lệ", en: "Invalid paging cursor" },
    detail: {
      vi: "Con trỏ thuộc về một truy vấn khác hoặc danh mục đã thay đổi; hãy tìm lại từ trang đầu.",
      en: "The cursor belongs to another query or the catalogue has changed; search again from the first page.",
    },
  },
  "route.not_found": {
    title: { vi: "Không tìm thấy địa chỉ", en: "No such route" },
    detail: { vi: "{method} {path} không tồn tại.", en: "{method} {path} does not exist." },
  },
  "route.method_not_allowed": {
    title: { vi: "Phương thức không được phép", en: "Method not allowed" },
  },
  "auth.required": {
    title: { vi: "Cần xác thực", en: "Authentication required" },
    detail: { vi: "Gửi khóa truy cập trong tiêu đề Authorization: Bearer.", en: "Send a credential as Authorization: Bearer." },
  },
  "auth.invalid": {
    title: { vi: "Thông tin xác thực không hợp lệ", en: "Invalid credentials" },
  },
  "storage.unavailable": {
    title: { vi: "Hệ thống lưu trữ tạm thời không phản hồi", en: "Storage is temporarily unavailable" },
    detail: { vi: "Vui lòng thử lại sau ít giây ({store}).", en: "Please retry in a few seconds ({store})." },
  },
  // catalogue
  "catalogue.agency_code_format": {
    title: { vi: "Mã cơ quan phải có dạng 000.00.15.H22", en: "Agency code must look like 000.00.15.H22" },
  },
  "catalogue.procedure_code_format": {
    title: { vi: "Mã thủ tục phải có dạng 1.001193", en: "Procedure code must look like 1.001193" },
  },
  "catalogue.document_key_format": {
    title: { vi: "Mã giấy tờ chỉ gồm chữ thường, số và dấu gạch ngang", en: "Document key must be lowercase kebab-case" },
  },
  "catalogue.document_key_duplicate": {
    title: { vi: "Mã giấy tờ bị trùng trong cùng thủ tục", en: "Document key repeated within the procedure" },
  },
  "catalogue.form_version_reused": {
    title: {
      vi: "Phiên bản tờ khai này đã có với nội dung khác; hãy tăng số phiên bản",
      en: "This form version already exists with other content; raise the version number",
    },
  },
  "procedure.form_not_found": {
    title: { vi: "Không có phiên bản tờ khai này", en: "No such form version" },
  },
  "dossier.form_version_missing": {
    title: { vi: "Không tìm thấy phiên bản tờ khai của hồ sơ", en: "The dossier's form version is not in the catalogue" },
  },
  "catalogue.fee_sum": {
    title: { vi: "Tổng phí phải bằng phí cộng lệ phí", en: "Fee amount must equal service fee plus charge" },
  },
  "catalogue.full_needs_online": {
    title: { vi: "Dịch vụ toàn trình phải trả kết quả trực tuyến", en: "A full-online procedure must deliver results online" },
  },
  "catalogue.unknown_agency": {
    title: { vi: "Cơ quan {agencyCode} không có trong danh mục", en: "Agency {agencyCode} is not in the catalogue" },
  },
  "catalogue.duplicate_code": {
    title: { vi: "Mã {code} bị trùng với dòng {row}", en: "Code {code} repeats row {row}" },
  },
  "catalogue.unknown_parent": {
    title: { vi: "Cơ quan cấp trên {parentCode} không có trong danh mục", en: "Parent agency {parentCode} is not in the catalogue" },
  },
  "catalogue.import_rejected": {
    title: { vi: "Tệp danh mục có lỗi, không ghi gì", en: "The catalogue file has errors; nothing was written" },
    detail: { vi: "{count} lỗi, xem danh sách.", en: "{count} problem(s), see the list." },
  },
  "catalogue.file_unreadable": {
    title: { vi: "Không đọc được tệp danh mục", en: "The catalogue file cannot be read" },
  },
  "catalogue.csv_unknown_column": {
    title: { vi: "Cột không được hỗ trợ: {column}", en: "Unknown column: {column}" },
  },
  "catalogue.csv_missing_column": {
    title: { vi: "Thiếu cột bắt buộc: {column}", en: "Missing column: {column}" },
  },
  "catalogue.csv_unknown_kind": {
    title: { vi: "Cột kind phải là agency hoặc procedure", en: "kind must be agency or procedure" },
  },
  "catalogue.csv_documents": {
    title: {
      vi: "Giấy tờ dòng {line}: cần dạng key|tên|bắt buộc (true/false)|MB tối đa|loại;loại",
      en: "Document line {line}: expected key|name|required (true/false)|maxSizeMB|type;type",
    },
  },
  "catalogue.csv_documents_json": {
    title: { vi: "Cột documents không phải JSON hợp lệ", en: "The documents cell is not valid JSON" },
  },
  "procedure.not_found": {
    title: { vi: "Không tìm thấy thủ tục", en: "Procedure not found" },
    detail: { vi: "Không có thủ tục mã {code}.", en: "There is no procedure with code {code}." },
  },
  // dossiers
  "applicant.full_name": { title: { vi: "Họ tên phải có từ 2 đến 200 ký tự", en: "Full name must have 2 to 200 characters" } },
  "applicant.phone": {
    title: { vi: "Số điện thoại không phải số di động Việt Nam hợp lệ", en: "Not a valid Vietnamese mobile number" },
  },
  "applicant.email": { title: { vi: "Địa chỉ email không hợp lệ", en: "Not a valid email address" } },
  "applicant.id_number_cccd": {
    title: {
      vi: "Số định danh cá nhân phải gồm 12 chữ số hợp lệ (mã tỉnh, giới tính, năm sinh)",
      en: "The personal identification number must be 12 valid digits (province, sex, birth year)",
    },
  },
  "applicant.id_number_cmnd": { title: { vi: "Số CMND phải gồm 9 chữ số", en: "An old identity card number has 9 digits" } },
  "dossier.form_key": {
    title: {
      vi: "Tên trường này không dùng được trong biểu mẫu (constructor, __proto__, prototype…)",
      en: "This name cannot be a form field (constructor, __proto__, prototype…)",
    },
  },
  "text.not_printable": {
    title: {
      vi: "Có ký tự không hợp lệ (ký tự điều khiển hoặc ký tự Unicode hỏng)",
      en: "Contains an invalid character (a control character or broken Unicode)",
    },
  },
  "dossier.form_invalid": {
    title: { vi: "Tờ khai chưa đúng hoặc chưa đủ", en: "The declaration has wrong or missing answers" },
    detail: { vi: "Xem danh sách lỗi theo từng câu hỏi.", en: "See the list of problems, answer by answer." },
  },
  "dossier.form_shape": {
    title: { vi: "Tờ khai gửi lên không đúng cấu trúc", en: "The declaration has the wrong shape" },
    detail: { vi: "Xem danh sách lỗi theo từng câu hỏi.", en: "See the list of problems, answer by answer." },
  },
  "dossier.form_too_big": { title: { vi: "Biểu mẫu có quá nhiều trường", en: "The form has too many fields" } },
  "dossier.form_number": {
    title: {
      vi: "Số trong biểu mẫu phải bằng 0 hoặc có độ lớn từ 1e-9 đến 9007199254740991",
      en: "A form number must be 0 or between 1e-9 and 9007199254740991 in magnitude",
    },
  },
  "webhook.url_refused": {
    title: { vi: "Địa chỉ nhận webhook không được chấp nhận", en: "The webhook URL is refused" },
    detail: { vi: "Lý do: {reason}.", en: "Reason: {reason}." },
  },
  "webhook.too_many": {
    title: { vi: "Cơ quan đã có quá nhiều đăng ký webhook", en: "The agency has too many webhook subscriptions" },
    detail: { vi: "Tối đa {max} đăng ký.", en: "At most {max} subscriptions." },
  },
  "webhook.not_found": { title: { vi: "Không tìm thấy đăng ký webhook", en: "Webhook subscription not found" } },
  "webhook.delivery_not_found": { title: { vi: "Không tìm thấy lần gửi webhook", en: "Webhook delivery not found" } },
  "notification.opt_out_invalid": {
    title: { vi: "Liên kết từ chối nhận thông báo không hợp lệ", en: "The opt-out link is not valid" },
    detail: { vi: "Hãy dùng đúng liên kết trong thông báo.", en: "Use the link exactly as it is in the message." },
  },
  "dossier.not_found": {
    title: { vi: "Không tìm thấy hồ sơ", en: "Dossier not found" },
    detail: {
      vi: "Mã hồ sơ hoặc mã truy cập không đúng.",
      en: "The dossier code or the access token is wrong.",
    },
  },
  "dossier.exists": { title: { vi: "Mã hồ sơ đã tồn tại", en: "The dossier code is taken" } },
  "officer.forbidden": {
    title: { vi: "Vai trò của bạn không được thực hiện thao tác này", en: "Your role may not do this" },
    detail: { vi: "Thao tác {action} trên hồ sơ của cơ quan {agencyCode}.", en: "Action {action} on a dossier of agency {agencyCode}." },
  },
  "officer.disabled": { title: { vi: "Tài khoản cán bộ đã bị khóa", en: "This officer account is disabled" } },
  "officer.unknown": {
    title: { vi: "Tài khoản chưa được cấp quyền cán bộ", en: "This account is not an officer of the portal" },
  },
  "officer.token_invalid": { title: { vi: "Phiên đăng nhập không hợp lệ", en: "The sign-in token is not valid" } },
  "officer.token_expired": { title: { vi: "Phiên đăng nhập đã hết hạn", en: "The sign-in session has expired" } },
  "officer.assignee_unknown": {
    title: { vi: "Cán bộ được phân công không thuộc cơ quan", en: "The assignee is not an active officer of this agency" },
  },
  "officer.not_found": { title: { vi: "Không có cán bộ này", en: "No such officer" } },
  "officer.operator_only": {
    title: { vi: "Chỉ quản trị cấp tỉnh được cấp hoặc thu hồi vai trò này", en: "Only a province operator may grant or take the operator role" },
  },
  "officer.self_lockout": {
    title: {
      vi: "Bạn không thể tự khóa tài khoản hoặc tự bỏ quyền quản lý cán bộ của mình",
      en: "You cannot disable yourself or take away your own right to manage officers",
    },
  },
  "officer.slip_unknown": { title: { vi: "Không có mẫu phiếu này", en: "No such slip" } },
  "dossier.not_yours": {
    title: { vi: "Hồ sơ không thuộc cơ quan của bạn", en: "This dossier belongs to another agency" },
  },
  "dossier.invalid_transition": {
    title: { vi: "Thao tác không hợp lệ ở trạng thái hiện tại", en: "Action not allowed in the current status" },
    detail: {
      vi: "Không thể thực hiện \"{action}\" khi hồ sơ đang ở trạng thái \"{status}\".",
      en: "\"{action}\" is not allowed while the dossier is \"{status}\".",
    },
  },
  "dossier.version_conflict": {
    title: { vi: "Hồ sơ vừa được người khác cập nhật", en: "The dossier changed meanwhile" },
    detail: {
      vi: "Tải lại hồ sơ và thử lại với phiên bản mới.",
      en: "Reload the dossier and retry with its current version.",
    },
  },
  "dossier.procedure_info_only": {
    title: { vi: "Thủ tục này chỉ cung cấp thông tin, không nhận hồ sơ trực tuyến", en: "This procedure is information only" },
  },
  "dossier.delivery_not_offered": {
    title: { vi: "Thủ tục không có hình thức trả kết quả này", en: "The procedure does not offer this delivery" },
  },
  "dossier.attachments_invalid": {
    title: { vi: "Thành phần hồ sơ chưa đầy đủ hoặc không khớp", en: "Documents missing or not matching" },
    detail: { vi: "Xem danh sách lỗi theo từng giấy tờ.", en: "See the list of problems per document." },
  },
  "dossier.supplement_empty": {
    title: { vi: "Chưa tải lên giấy tờ bổ sung nào", en: "No supplementary document was uploaded" },
  },
  "dossier.reason_required": { title: { vi: "Cần nêu lý do", en: "A reason is required" } },
  "dossier.supplement_note_required": {
    title: { vi: "Cần nêu giấy tờ cần bổ sung và lý do", en: "Say what is missing and why" },
  },
  "dossier.transfer_target_required": {
    title: { vi: "Cần chọn cơ quan nhận chuyển", en: "Name the agency to transfer to" },
  },
  "dossier.transfer_to_self": { title: { vi: "Không thể chuyển cho chính cơ quan mình", en: "Cannot transfer to yourself" } },
  "dossier.transfer_unknown_agency": {
    title: { vi: "Cơ quan nhận chuyển không có trong danh mục", en: "The target agency is not in the catalogue" },
  },
  "dossier.apology_text_required": { title: { vi: "Cần nội dung thư xin lỗi", en: "The apology text is required" } },
  "dossier.apology_exists": { title: { vi: "Đã có thư xin lỗi cho hồ sơ này", en: "This dossier already has an apology" } },
  "dossier.apology_not_due": {
    title: { vi: "Hồ sơ chưa quá hạn, không cần thư xin lỗi", en: "The dossier is not late; no apology is due" },
  },
  "dossier.apology_date_required": {
    title: { vi: "Cần ngày hẹn trả kết quả mới, sau hiện tại", en: "A new promised date in the future is required" },
  },
  "dossier.result_required": {
    title: {
      vi: "Cần tải lên và xác minh văn bản kết quả trước khi trả kết quả trực tuyến",
      en: "Upload and verify the result documents before returning an online result",
    },
  },
  "dossier.feedback_exists": { title: { vi: "Hồ sơ đã được đánh giá", en: "This dossier was already rated" } },
  "dossier.assignee_required": {
    title: { vi: "Cần chọn cán bộ được phân công", en: "Choose the officer to assign" },
  },
  "dossier.too_large": {
    title: { vi: "Hồ sơ {code} đã quá lớn để lưu thêm", en: "Dossier {code} is too large to record more" },
    detail: {
      vi: "Một bản ghi hồ sơ giữ được tối đa {maxKB} KB (các tệp, lịch sử xử lý, các lần thanh toán).",
      en: "A dossier's record holds at most {maxKB} KB (its files, history and payment attempts).",
    },
  },
  "attachment.file_name": { title: { vi: "Tên tệp không hợp lệ", en: "Invalid file name" } },
  "attachment.media_type": {
    title: { vi: "Chỉ nhận tệp PDF, JPEG, PNG hoặc DOCX", en: "Only PDF, JPEG, PNG or DOCX files are accepted" },
  },
  "attachment.sha256": { title: { vi: "Mã băm SHA-256 phải gồm 64 ký tự hex", en: "SHA-256 must be 64 hex characters" } },
  "attachment.unknown_document": {
    title: { vi: "Thủ tục không có thành phần hồ sơ \"{documentKey}\"", en: "The procedure has no document \"{documentKey}\"" },
  },
  "attachment.type_not_allowed": {
    title: { vi: "Loại tệp không được chấp nhận cho giấy tờ này", en: "This file type is not accepted for this document" },
  },
  "attachment.too_large": {
    title: { vi: "Tệp vượt quá {maxSizeMB} MB", en: "The file is larger than {maxSizeMB} MB" },
  },
  "attachment.dossier_too_large": {
    title: { vi: "Tổng dung lượng hồ sơ vượt quá {maxDossierMB} MB", en: "The dossier's files exceed {maxDossierMB} MB" },
  },
  "attachment.exists": { title: { vi: "Tệp đính kèm đã tồn tại", en: "The attachment exists" } },
  "attachment.too_many": {
    title: { vi: "Hồ sơ đã có tối đa {max} tệp", en: "The dossier already has the most files allowed ({max})" },
  },
  "attachment.too_many_for_document": {
    title: {
      vi: "Giấy tờ \"{documentKey}\" đã có tối đa {max} tệp",
      en: "Document \"{documentKey}\" already has the most files allowed ({max})",
    },
  },
  "attachment.required_missing": { title: { vi: "Chưa tải lên giấy tờ bắt buộc", en: "Required document not uploaded" } },
  "attachment.missing_upload": { title: { vi: "Tệp chưa được tải lên", en: "The file was not uploaded" } },
  "attachment.size_mismatch": {
    title: { vi: "Dung lượng tệp khác với khai báo", en: "The uploaded size differs from the declared size" },
  },
  "attachment.type_mismatch": {
    title: { vi: "Loại tệp khác với khai báo", en: "The uploaded type differs from the declared type" },
  },
  "attachment.content_mismatch": {
    title: {
      vi: "Nội dung tệp không đúng loại tệp đã khai báo",
      en: "The file's content is not of its declared type",
    },
  },
  "attachment.infected": {
    title: { vi: "Tệp chứa mã độc và không được nhận", en: "The file contains malware and is refused" },
  },
  "attachment.scan_pending": {
    title: { vi: "Tệp đang được quét mã độc; vui lòng thử lại sau ít phút", en: "The file is still being scanned for malware; try again in a few minutes" },
  },
  "attachment.scan_failed": {
    title: { vi: "Không quét được mã độc trong tệp", en: "The file could not be scanned for malware" },
  },
  "attachment.not_found": { title: { vi: "Hồ sơ không có tệp {id}", en: "The dossier has no file {id}" } },
  "attachment.counter_only": {
    title: {
      vi: "Chỉ hồ sơ tiếp nhận tại quầy hoặc qua bưu chính mới được cán bộ đính kèm giấy tờ",
      en: "Officers attach papers to counter and post dossiers only",
    },
    detail: {
      vi: "Hồ sơ {code} được nộp trực tuyến: giấy tờ còn thiếu được yêu cầu công dân bổ sung.",
      en: "Dossier {code} was submitted online: ask the citizen for what is missing (a supplement request).",
    },
  },
  "attachment.already_attached": { title: { vi: "Giấy tờ {id} đã được đính kèm", en: "Paper {id} is already attached" } },
  "attachment.already_flagged": {
    title: { vi: "Tệp {id} đã được ghi nhận là có mã độc", en: "File {id} is already recorded as malware" },
  },
  "attachment.checksum_mismatch": {
    title: { vi: "Nội dung tệp không khớp mã băm đã khai báo", en: "The uploaded content does not match its SHA-256" },
  },
  "idempotency.key_format": {
    title: { vi: "Idempotency-Key gồm 8–128 ký tự chữ, số, . _ : -", en: "Idempotency-Key: 8–128 of letters, digits, . _ : -" },
  },
  "idempotency.key_reused": {
    title: {
      vi: "Idempotency-Key đã được dùng cho một yêu cầu khác",
      en: "This Idempotency-Key was used with a different request",
    },
  },
  "idempotency.in_progress": {
    title: { vi: "Yêu cầu cùng khóa đang được xử lý", en: "A request with this key is still in progress" },
  },
  "request.date_format": { title: { vi: "Ngày phải có dạng YYYY-MM-DD", en: "Dates look like YYYY-MM-DD" } },
  "key.not_found": { title: { vi: "Không có khóa {keyId}", en: "No key {keyId}" } },
  "stats.range": {
    title: { vi: "Khoảng ngày phải theo thứ tự và không quá {max} ngày", en: "The range must run forwards and span at most {max} days" },
  },
  // payments
  "payment.required": {
    title: { vi: "Cần thanh toán phí, lệ phí trước bước này", en: "The fee must be paid before this step" },
    detail: {
      vi: "Thủ tục yêu cầu thanh toán trực tuyến {amount} {currency} trước khi tiếp tục.",
      en: "The procedure requires an online payment of {amount} {currency} first.",
    },
  },
  "payment.not_required": {
    title: { vi: "Thủ tục này không thu phí, lệ phí", en: "This procedure has no fee to pay" },
  },
  "payment.already_paid": {
    title: { vi: "Hồ sơ đã được thanh toán", en: "This dossier is already paid" },
  },
  "payment.too_many_attempts": {
    title: {
      vi: "Hồ sơ đã quá {max} lần thử thanh toán; vui lòng liên hệ cơ quan tiếp nhận",
      en: "The dossier has reached {max} payment attempts; please contact the receiving agency",
    },
  },
  "dossier.draft_too_old": {
    title: {
      vi: "Hồ sơ nháp {code} đã quá {days} ngày nên không nhận thêm tệp; vui lòng nộp hồ sơ hoặc tạo hồ sơ mới",
      en: "Draft {code} is more than {days} days old and takes no more files; submit it or start a new dossier",
    },
  },
  "sweep.too_recent": {
    title: {
      vi: "Chỉ dọn tệp của hồ sơ nháp tạo từ {days} ngày trước trở về trước (đã chọn {date})",
      en: "Only drafts created {days} or more days ago are swept ({date} is too recent)",
    },
  },
  "payment.not_pending": {
    title: { vi: "Lượt thanh toán {reference} không còn chờ xác nhận", en: "Payment attempt {reference} is no longer pending" },
  },
  "payment.reference_taken": {
    title: { vi: "Mã giao dịch thanh toán bị trùng", en: "The payment reference is taken" },
  },
  "payment.invalid_callback": {
    title: { vi: "Kết quả thanh toán không hợp lệ", en: "Invalid payment result" },
    detail: {
      vi: "Chữ ký hoặc số tiền không khớp; không có gì thay đổi.",
      en: "The signature or the amount does not match; nothing changed.",
    },
  },
  // calendar
  "calendar.invalid_date": { title: { vi: "Ngày không hợp lệ", en: "Invalid date" } },
  "calendar.invalid_time": { title: { vi: "Giờ không hợp lệ", en: "Invalid time" } },
  "calendar.invalid_duration": { title: { vi: "Thời hạn không hợp lệ", en: "Invalid duration" } },
  "calendar.invalid_unit": { title: { vi: "Đơn vị thời hạn không hợp lệ", en: "Invalid clock unit" } },
  "calendar.invalid_mode": { title: { vi: "Cách tính thời gian bổ sung không hợp lệ", en: "Invalid supplement clock mode" } },
  "calendar.invalid_count": { title: { vi: "Số lần không hợp lệ", en: "Invalid count" } },
  "calendar.invalid_office_hours": { title: { vi: "Giờ làm việc không hợp lệ", en: "Invalid office hours" } },
  "calendar.year_out_of_range": { title: { vi: "Năm ngoài phạm vi hỗ trợ", en: "Year out of the supported range" } },
  "calendar.resume_before_pause": {
    title: { vi: "Thời điểm tiếp tục trước thời điểm tạm dừng", en: "The clock cannot resume before it paused" },
  },
  "calendar.year_format": { title: { vi: "Năm phải có 4 chữ số", en: "A year has 4 digits" } },
  "calendar.replaces_not_swapped": {
    title: { vi: "Ngày làm bù phải thay cho một ngày nghỉ hoán đổi", en: "A make-up day must replace a swapped day off" },
  },
  "request.instant_format": {
    title: { vi: "Thời điểm phải theo ISO 8601, có múi giờ", en: "Instants are ISO 8601 with an offset" },
  },
  "stats.range_backwards": { title: { vi: "Ngày kết thúc phải sau ngày bắt đầu", en: "The range must run forwards" } },
  // counter-dossier import (functions/core/intake/counter-import.ts)
  "import.csv_unclosed_quote": { title: { vi: "Dấu ngoặc kép mở ở dòng {line} không được đóng", en: "A quote opened on line {line} is never closed" } },
  "import.no_rows": { title: { vi: "Tệp không có dòng tiêu đề hoặc không có dữ liệu", en: "The file has no header row or no data" } },
  "import.unknown_column": { title: { vi: "Cột không được hỗ trợ: {column}", en: "Unknown column: {column}" } },
  "import.missing_column": { title: { vi: "Thiếu cột bắt buộc {column}", en: "The required column {column} is missing" } },
  "import.required": { title: { vi: "Bắt buộc phải có", en: "Required" } },
  "import.too_long": { title: { vi: "Không được quá {max} ký tự", en: "Must have at most {max} characters" } },
  "import.unknown_procedure": { title: { vi: "Không có thủ tục {code} trong danh mục", en: "No procedure {code} in the catalogue" } },
  "import.unknown_agency": { title: { vi: "Không có cơ quan {code} trong danh mục", en: "No agency {code} in the catalogue" } },
  "import.one_of": { title: { vi: "Phải là một trong: {values}", en: "Must be one of: {values}" } },
  "import.instant": {
    title: {
      vi: "Thời điểm phải có dạng YYYY-MM-DD HH:MM, DD/MM/YYYY HH:MM (giờ Việt Nam) hoặc ISO 8601 có múi giờ, năm {min}–{max}",
      en: "Times look like YYYY-MM-DD HH:MM, DD/MM/YYYY HH:MM (Vietnam time) or ISO 8601 with an offset, years {min}–{max}",
    },
  },
  "import.in_future": { title: { vi: "Thời điểm nằm trong tương lai", en: "The time is in the future" } },
  "import.required_for": { title: { vi: "Bắt buộc khi trạng thái là {status}", en: "Required when the status is {status}" } },
  "import.not_for": { title: { vi: "Không dùng khi trạng thái là {status}", en: "Not allowed when the status is {status}" } },
  "import.before": { title: { vi: "Không được sớm hơn {other}", en: "Cannot be before {other}" } },
  "import.duplicate": { title: { vi: "Mã hồ sơ trùng với dòng {row}", en: "The same dossier code as row {row}" } },
  "import.delivery_not_offered": {
    title: { vi: "Thủ tục {code} không trả kết quả theo hình thức {delivery}", en: "The procedure {code} does not deliver results {delivery}" },
  },
  "import.online_result": {
    title: {
      vi: "Kết quả trả trực tuyến phải có tệp kết quả trên cổng: hồ sơ một cửa nhập vào trả trực tiếp hoặc qua bưu chính",
      en: "A result returned online needs its file in the portal: imported counter dossiers are returned in person or by post",
    },
  },
  "internal": {
    title: { vi: "Lỗi hệ thống", en: "Internal error" },
    detail: {
      vi: "Đã ghi nhận lỗi với mã yêu cầu {requestId}. Vui lòng thử lại sau.",
      en: "The error was logged with request id {requestId}. Please try again later.",
    },
  },
};

/** Picks `en` only when the caller prefers English over Vietnamese; Vietnamese is the default. */
for (const [code, title] of Object.entries(FORM_MESSAGES)) messages[code] = { title };

export function pickLanguage(acceptLanguage: string | null | undefined): Language {
  if (!acceptLanguage) return "vi";
  const ranked = acceptLanguage
    .split(",")
    .map((part, index) => {
      const [tag = "", ...rest] = part.trim().split(";");
      const q = rest.map((r) => r.trim()).find((r) => r.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag.startsWith("vi")) return "vi";
    if (tag.startsWith("en")) return "en";
  }
  return "vi";
}

// Own properties only: a code or placeholder that names something every object inherits (`constructor`,
// `toString`, `__proto__`) is unknown, not a function to print or a title to read.
const own = <T extends object>(record: T, key: string): boolean => Object.hasOwn(record, key);

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (own(params, name) ? String(params[name]) : whole));
}

/**
 * The localized title and detail for an error code; unknown codes (also those naming an inherited property, such as
 * `constructor`) fall back to the code itself. Throws nothing.
 */
export function describe(
  code: string,
  language: Language,
  params: Record<string, string | number> = {},
): { title: string; detail?: string } {
  const entry = own(messages, code) ? messages[code] : undefined;
  if (!entry) return { title: code };
  return {
    title: fill(entry.title[language], params),
    detail: entry.detail ? fill(entry.detail[language], params) : undefined,
  };
}
