import { createHmac } from "node:crypto";
import { Hono } from "hono";
import { parseVnpDate, vnpCanonical, vnpDate, vnpHashMatches, vnpParams, vnpSign, VNPAY_VERSION } from "../adapters/payment/vnpay";

/**
 * A local stand-in for VNPay's payment page, served by the local portal only (never deployed). It checks a payment
 * request the way VNPay does (signature over the sorted, encoded vnp_* parameters; version, command, merchant,
 * amount, currency, dates), shows the order, and lets the developer choose the outcome. Then it does what VNPay
 * does: a signed server-to-server notification (IPN) to the portal, and a redirect of the browser to the return URL
 * with the same signed parameters.
 *
 * The portal's production path does not know it is talking to a sandbox: it only has a pay URL, a terminal code and
 * a hash secret (generated in the data folder), exactly as with VNPay.
 *
 *   GET /sandbox/vnpay/pay?vnp_…&vnp_SecureHash=…             the payment page
 *   GET /sandbox/vnpay/complete?outcome=success|fail|success_late&vnp_…   the choice (re-verified)
 */

export interface SandboxGatewayOptions {
  tmnCode: string;
  hashSecret: string;
  /** Where the sandbox sends its notifications: the portal's `/v1/payments/vnpay/ipn`. */
  ipnUrl: string;
  now: () => Date;
  /** How late the "success, late notification" choice notifies (default 3 s). */
  lateNotificationMs?: number;
  log?: (line: string) => void;
}

const OUTCOMES = ["success", "fail", "success_late"] as const;
type Outcome = (typeof OUTCOMES)[number];

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

interface Problem {
  vi: string;
  en: string;
}

/** The checks VNPay makes before it shows its payment page. */
function checkRequest(query: URLSearchParams, options: SandboxGatewayOptions): { params: Record<string, string>; problems: Problem[] } {
  const read = vnpParams(query);
  if (!read) return { params: {}, problems: [{ vi: "Tham số bị lặp", en: "A parameter is repeated" }] };
  const p = read.params;
  const problems: Problem[] = [];
  if (!vnpHashMatches(p, read.hash, options.hashSecret)) problems.push({ vi: "Sai chữ ký", en: "Invalid signature" });
  if (p.vnp_Version !== VNPAY_VERSION) problems.push({ vi: "Sai phiên bản (vnp_Version)", en: "Wrong vnp_Version" });
  if (p.vnp_Command !== "pay") problems.push({ vi: "Sai lệnh (vnp_Command)", en: "Wrong vnp_Command" });
  if (p.vnp_TmnCode !== options.tmnCode) problems.push({ vi: "Website chưa được phê duyệt (vnp_TmnCode)", en: "Unknown merchant (vnp_TmnCode)" });
  const amount = p.vnp_Amount ?? "";
  if (!/^[1-9]\d{0,14}$/.test(amount) || Number(amount) % 100 !== 0) {
    problems.push({ vi: "Số tiền không hợp lệ (vnp_Amount)", en: "Invalid amount (vnp_Amount)" });
  }
  if (p.vnp_CurrCode !== "VND") problems.push({ vi: "Chỉ hỗ trợ VND", en: "Only VND is supported" });
  if (!/^[A-Za-z0-9]{1,100}$/.test(p.vnp_TxnRef ?? "")) problems.push({ vi: "Mã tham chiếu không hợp lệ", en: "Invalid vnp_TxnRef" });
  if (!p.vnp_OrderInfo) problems.push({ vi: "Thiếu nội dung thanh toán", en: "Missing vnp_OrderInfo" });
  if (!p.vnp_OrderType) problems.push({ vi: "Thiếu loại hàng hóa", en: "Missing vnp_OrderType" });
  if (p.vnp_Locale !== "vn" && p.vnp_Locale !== "en") problems.push({ vi: "Ngôn ngữ không hợp lệ", en: "Invalid vnp_Locale" });
  if (!p.vnp_IpAddr) problems.push({ vi: "Thiếu địa chỉ IP", en: "Missing vnp_IpAddr" });
  try {
    const url = new URL(p.vnp_ReturnUrl ?? "");
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error();
  } catch {
    problems.push({ vi: "Địa chỉ trả về không hợp lệ", en: "Invalid vnp_ReturnUrl" });
  }
  const created = parseVnpDate(p.vnp_CreateDate);
  const expires = parseVnpDate(p.vnp_ExpireDate);
  if (!created) problems.push({ vi: "Thời gian tạo không hợp lệ", en: "Invalid vnp_CreateDate" });
  if (!expires) problems.push({ vi: "Thời gian hết hạn không hợp lệ", en: "Invalid vnp_ExpireDate" });
  else if (options.now() > expires) {
    problems.push({ vi: "Giao dịch đã quá thời gian chờ thanh toán", en: "The payment window has expired" });
  }
  return { params: p, problems };
}

function page(title: string, body: string, status = 200) {
  const html = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
  .notice { background: #fff4ce; border: 1px solid #c9a400; padding: .5rem .75rem; border-radius: 4px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
  dt { font-weight: 600; }
  dd { margin: 0; overflow-wrap: anywhere; }
  .actions { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: 1.5rem; }
  button { font: inherit; padding: .6rem 1rem; border-radius: 4px; border: 2px solid #1a1a1a; cursor: pointer; }
  button:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
  .ok { background: #0a6e31; border-color: #0a6e31; color: #fff; }
  .fail { background: #b3261e; border-color: #b3261e; color: #fff; }
  .late { background: #fff; }
  [role=alert] { border: 2px solid #b3261e; padding: .5rem .75rem; border-radius: 4px; }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
  return new Response(html, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "x-robots-tag": "noindex" },
  });
}

const bilingual = (vi: string, en: string) => `${escapeHtml(vi)} / <span lang="en">${escapeHtml(en)}</span>`;

function errorPage(problems: Problem[]) {
  return page(
    "Yêu cầu thanh toán không hợp lệ / Invalid payment request",
    `<h1>${bilingual("Yêu cầu thanh toán không hợp lệ", "Invalid payment request")}</h1>
<div role="alert"><ul>${problems.map((p) => `<li>${bilingual(p.vi, p.en)}</li>`).join("")}</ul></div>
<p class="notice">${bilingual("Cổng thanh toán thử nghiệm", "Payment sandbox")}</p>`,
    400,
  );
}

/** The sandbox's transaction number for a reference: stable, so a repeated choice repeats the same transaction. */
function transactionNo(hashSecret: string, reference: string): string {
  const digest = createHmac("sha256", hashSecret).update(`txn\u0000${reference}`).digest();
  return String(10_000_000 + (digest.readUInt32BE(0) % 90_000_000));
}

/** The parameters VNPay signs and sends back (return URL and IPN alike). */
function callbackParams(request: Record<string, string>, success: boolean, options: SandboxGatewayOptions): Record<string, string> {
  const params: Record<string, string> = {
    vnp_Amount: request.vnp_Amount!,
    vnp_BankCode: "NCB",
    vnp_CardType: "ATM",
    vnp_OrderInfo: request.vnp_OrderInfo!,
    vnp_PayDate: vnpDate(options.now()),
    // 24: the customer cancelled (VNPay's code); the transaction is not successful (02).
    vnp_ResponseCode: success ? "00" : "24",
    vnp_TmnCode: request.vnp_TmnCode!,
    vnp_TransactionNo: success ? transactionNo(options.hashSecret, request.vnp_TxnRef!) : "0",
    vnp_TransactionStatus: success ? "00" : "02",
    vnp_TxnRef: request.vnp_TxnRef!,
  };
  if (success) params.vnp_BankTranNo = `VNP${params.vnp_TransactionNo}`;
  return params;
}

export function sandboxGateway(options: SandboxGatewayOptions): Hono {
  const app = new Hono();
  const log = options.log ?? (() => {});

  const notify = async (signedQuery: string, reference: string) => {
    try {
      const res = await fetch(`${options.ipnUrl}?${signedQuery}`, { signal: AbortSignal.timeout(10_000) });
      log(`sandbox gateway: IPN for ${reference} → ${res.status} ${await res.text()}`);
    } catch (err) {
      log(`sandbox gateway: IPN for ${reference} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  app.get("/sandbox/vnpay/pay", (c) => {
    const query = new URL(c.req.url).searchParams;
    const { params, problems } = checkRequest(query, options);
    if (problems.length) return errorPage(problems);
    const amount = Number(params.vnp_Amount) / 100;
    const english = params.vnp_Locale === "en";
    const hidden = [...query]
      .filter(([key]) => key.startsWith("vnp_"))
      .map(([key, value]) => `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(value)}">`)
      .join("\n");
    return page(
      english ? "Payment sandbox — VNPay" : "Cổng thanh toán thử nghiệm — VNPay",
      `<h1>${bilingual("Cổng thanh toán thử nghiệm", "Payment sandbox")}</h1>
<p class="notice">${bilingual(
        "Trang này chỉ dùng khi chạy cục bộ: không có tiền thật được chuyển.",
        "This page exists only locally: no real money moves.",
      )}</p>
<h2>${bilingual("Thông tin đơn hàng", "Order")}</h2>
<dl>
  <dt>${bilingual("Số tiền", "Amount")}</dt><dd><strong>${escapeHtml(amount.toLocaleString("vi-VN"))} ₫</strong> (VND)</dd>
  <dt>${bilingual("Nội dung", "Description")}</dt><dd>${escapeHtml(params.vnp_OrderInfo!)}</dd>
  <dt>${bilingual("Mã tham chiếu", "Reference")}</dt><dd>${escapeHtml(params.vnp_TxnRef!)}</dd>
  <dt>${bilingual("Đơn vị", "Merchant")}</dt><dd>${escapeHtml(params.vnp_TmnCode!)}</dd>
  <dt>${bilingual("Hết hạn", "Expires")}</dt><dd>${escapeHtml(parseVnpDate(params.vnp_ExpireDate)!.toLocaleString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" }))}</dd>
</dl>
<form method="get" action="/sandbox/vnpay/complete">
${hidden}
<fieldset>
<legend>${bilingual("Chọn kết quả thanh toán", "Choose the payment's outcome")}</legend>
<div class="actions">
  <button type="submit" name="outcome" value="success" class="ok">${bilingual("Thanh toán thành công", "Success")}</button>
  <button type="submit" name="outcome" value="fail" class="fail">${bilingual("Thất bại", "Fail")}</button>
  <button type="submit" name="outcome" value="success_late" class="late">${bilingual("Thành công, báo IPN chậm", "Success, late IPN")}</button>
</div>
</fieldset>
</form>`,
    );
  });

  app.get("/sandbox/vnpay/complete", async (c) => {
    const query = new URL(c.req.url).searchParams;
    const outcome = query.get("outcome") as Outcome | null;
    query.delete("outcome");
    const { params, problems } = checkRequest(query, options);
    if (!outcome || !OUTCOMES.includes(outcome)) problems.push({ vi: "Chưa chọn kết quả", en: "No outcome chosen" });
    if (problems.length) return errorPage(problems);
    const success = outcome !== "fail";
    const callback = callbackParams(params, success, options);
    const signed = `${vnpCanonical(callback)}&vnp_SecureHash=${vnpSign(callback, options.hashSecret)}`;
    if (outcome === "success_late") {
      setTimeout(() => void notify(signed, params.vnp_TxnRef!), options.lateNotificationMs ?? 3_000).unref();
    } else {
      await notify(signed, params.vnp_TxnRef!);
    }
    const returnUrl = params.vnp_ReturnUrl!;
    return c.redirect(`${returnUrl}${returnUrl.includes("?") ? "&" : "?"}${signed}`, 302);
  });

  return app;
}
