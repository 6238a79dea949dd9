import { createHmac, timingSafeEqual } from "node:crypto";
import type {
  CallbackCheck,
  NotificationOutcome,
  PaymentProvider,
  PaymentRequest,
} from "../../core/payment/provider";

/**
 * VNPay's payment gateway, protocol version 2.1.0 (VNPay "Cổng thanh toán VNPAY — tài liệu kỹ thuật", pay command).
 *
 * Signing, as VNPay's reference code does it: take every `vnp_*` parameter except `vnp_SecureHash` /
 * `vnp_SecureHashType`, sort by key, URL-encode each value with `encodeURIComponent` and turn `%20` into `+`,
 * join as `k=v&k=v`, and HMAC-SHA512 that string with the merchant's hash secret (hex). The redirect URL carries the
 * same encoded string plus `vnp_SecureHash`. Callbacks (return URL, IPN) are checked the same way over the decoded
 * query parameters. Amounts travel in VND × 100; dates as `yyyyMMddHHmmss` in GMT+7.
 *
 * Nothing here knows about dossiers, storage, or whether the gateway is VNPay's or the local sandbox's.
 */

export interface VnpayOptions {
  tmnCode: string;
  hashSecret: string;
  /** The gateway's payment page, e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html */
  payUrl: string;
  /** VNPay's order category; "other" unless the merchant was registered with another. */
  orderType?: string;
}

export const VNPAY_VERSION = "2.1.0";

/** VNPay's value encoding: encodeURIComponent, then "%20" → "+". */
export function vnpEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, "+");
}

/** The string VNPay signs: keys sorted, `key=encoded value` joined with "&". */
export function vnpCanonical(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((key) => `${vnpEncode(key)}=${vnpEncode(params[key]!)}`)
    .join("&");
}

/** HMAC-SHA512 (hex, lower case) of the canonical string. */
export function vnpSign(params: Record<string, string>, hashSecret: string): string {
  return createHmac("sha512", hashSecret).update(Buffer.from(vnpCanonical(params), "utf8")).digest("hex");
}

/** `yyyyMMddHHmmss` in GMT+7. */
export function vnpDate(instant: Date): string {
  const t = new Date(instant.getTime() + 7 * 3_600_000).toISOString();
  return t.slice(0, 4) + t.slice(5, 7) + t.slice(8, 10) + t.slice(11, 13) + t.slice(14, 16) + t.slice(17, 19);
}

/** The instant of a `yyyyMMddHHmmss` GMT+7 date, or undefined when it is not one. */
export function parseVnpDate(value: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value ?? "");
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+07:00`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The `vnp_*` parameters of a query, the hash taken out. A parameter given twice makes the query ambiguous (which
 * value was signed?): that is `undefined`, refused like a bad signature.
 */
export function vnpParams(query: URLSearchParams): { params: Record<string, string>; hash: string | undefined } | undefined {
  const params: Record<string, string> = {};
  for (const [key, value] of query) {
    if (!key.startsWith("vnp_")) continue;
    if (Object.prototype.hasOwnProperty.call(params, key)) return undefined;
    params[key] = value;
  }
  const hash = params.vnp_SecureHash;
  delete params.vnp_SecureHash;
  delete params.vnp_SecureHashType;
  return { params, hash };
}

/** Constant-time check of a presented hash (hex, any case) against the expected one. */
export function vnpHashMatches(params: Record<string, string>, hash: string | undefined, hashSecret: string): boolean {
  if (!hash || !/^[0-9a-fA-F]{128}$/.test(hash)) return false;
  const expected = Buffer.from(vnpSign(params, hashSecret), "hex");
  const given = Buffer.from(hash.toLowerCase(), "hex");
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** VNPay's documented IPN answers. */
export const IPN_ANSWERS: Record<NotificationOutcome, { RspCode: string; Message: string }> = {
  confirmed: { RspCode: "00", Message: "Confirm Success" },
  order_not_found: { RspCode: "01", Message: "Order not found" },
  already_confirmed: { RspCode: "02", Message: "Order already confirmed" },
  invalid_amount: { RspCode: "04", Message: "Invalid amount" },
  invalid_signature: { RspCode: "97", Message: "Invalid signature" },
  error: { RspCode: "99", Message: "Unknown error" },
};

export function vnpayProvider(options: VnpayOptions): PaymentProvider {
  const verify = (query: URLSearchParams): CallbackCheck => {
    const read = vnpParams(query);
    if (!read || !vnpHashMatches(read.params, read.hash, options.hashSecret)) return { ok: false, reason: "signature" };
    const p = read.params;
    if (p.vnp_TmnCode !== options.tmnCode) return { ok: false, reason: "merchant" };
    if (p.vnp_CurrCode !== undefined && p.vnp_CurrCode !== "VND") return { ok: false, reason: "currency" };
    const raw = p.vnp_Amount ?? "";
    return {
      ok: true,
      callback: {
        reference: p.vnp_TxnRef ?? "",
        // Anything but whole digits is not an amount; a fraction of a đồng never matches a stored amount.
        amount: /^\d{1,15}$/.test(raw) ? Number(raw) / 100 : Number.NaN,
        success: p.vnp_ResponseCode === "00" && p.vnp_TransactionStatus === "00",
        transactionNo: p.vnp_TransactionNo ?? "",
        responseCode: p.vnp_ResponseCode ?? "",
      },
    };
  };

  return {
    name: "vnpay",
    createPaymentUrl(request: PaymentRequest): string {
      const params: Record<string, string> = {
        vnp_Version: VNPAY_VERSION,
        vnp_Command: "pay",
        vnp_TmnCode: options.tmnCode,
        vnp_Amount: String(Math.round(request.amount * 100)),
        vnp_CurrCode: "VND",
        vnp_TxnRef: request.reference,
        vnp_OrderInfo: request.orderInfo,
        vnp_OrderType: options.orderType ?? "other",
        vnp_Locale: request.locale === "en" ? "en" : "vn",
        vnp_ReturnUrl: request.returnUrl,
        vnp_IpAddr: request.ipAddr,
        vnp_CreateDate: vnpDate(request.createdAt),
        vnp_ExpireDate: vnpDate(request.expiresAt),
      };
      const signed = vnpCanonical(params);
      const separator = options.payUrl.includes("?") ? "&" : "?";
      return `${options.payUrl}${separator}${signed}&vnp_SecureHash=${vnpSign(params, options.hashSecret)}`;
    },
    verifyReturn: verify,
    verifyIpn: verify,
    claimedReference: (params) => params.get("vnp_TxnRef") ?? undefined,
    notificationAnswer(outcome) {
      return { status: 200, body: { ...IPN_ANSWERS[outcome] } };
    },
  };
}
