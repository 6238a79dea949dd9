import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { IPN_ANSWERS, parseVnpDate, vnpayProvider, vnpCanonical, vnpDate, vnpSign } from "../../functions/adapters/payment/vnpay";

/**
 * VNPay's signing, checked against vectors made outside the code under test: canonical strings written by hand
 * from the protocol's rules (keys sorted, values encodeURIComponent'd with %20 → "+", joined k=v&…), their
 * HMAC-SHA512 computed here with node:crypto, and hex digests computed once with
 * `printf '%s' "$CANONICAL" | openssl dgst -sha512 -hmac "$SECRET"` and pasted below.
 */

const SECRET = "TESTSECRETKEY0123456789ABCDEFGHI";
const TMN = "DVCTEST1";

const REQUEST_CANONICAL =
  "vnp_Amount=5000000&vnp_Command=pay&vnp_CreateDate=20261123100000&vnp_CurrCode=VND&vnp_ExpireDate=20261123101500" +
  "&vnp_IpAddr=127.0.0.1&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+phi+ho+so+000.00.31.H99-261123-0001&vnp_OrderType=other" +
  "&vnp_ReturnUrl=http%3A%2F%2Flocalhost%3A3000%2Fv1%2Fpayments%2Fvnpay%2Freturn&vnp_TmnCode=DVCTEST1" +
  "&vnp_TxnRef=DVC261123ABCDEFGHJK&vnp_Version=2.1.0";
const REQUEST_HASH_OPENSSL =
  "7e41964e563f5fee727517bb6049e0b36c6c2cb447ba685d1b0dd1b5032b706754958cc1067b8cbe147307875a899749d4908453ba52858829e731718e9b1e05";

/** Vietnamese letters, reserved characters and the ones encodeURIComponent leaves alone (!'()*~). */
const TRICKY_CANONICAL = "vnp_Amount=5000000&vnp_OrderInfo=Ph%C3%AD+h%E1%BB%93+s%C6%A1%3A+50%25+%26+x%3D1%2B2+(ok)*~!'&vnp_TmnCode=DVCTEST1";
const TRICKY_HASH_OPENSSL =
  "3ece6d623255a36de961599e9b811391c3105a41758276d0c434e37ab56b15a98fc8b160bad0c4e84d73eadc23cc4566f9c6d5ab49cc60d2579d20ca194fe29c";

const hmac = (s: string) => createHmac("sha512", SECRET).update(s, "utf8").digest("hex");

const provider = vnpayProvider({ tmnCode: TMN, hashSecret: SECRET, payUrl: "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html" });

describe("VNPay signing (fixed vectors)", () => {
  it("builds the payment URL over the documented canonical string and signs it with HMAC-SHA512", () => {
    expect(hmac(REQUEST_CANONICAL)).toBe(REQUEST_HASH_OPENSSL); // the two independent computations agree
    const url = provider.createPaymentUrl({
      reference: "DVC261123ABCDEFGHJK",
      amount: 50_000,
      orderInfo: "Thanh toan phi ho so 000.00.31.H99-261123-0001",
      locale: "vi",
      ipAddr: "127.0.0.1",
      createdAt: new Date("2026-11-23T10:00:00+07:00"),
      expiresAt: new Date("2026-11-23T10:15:00+07:00"),
      returnUrl: "http://localhost:3000/v1/payments/vnpay/return",
    });
    expect(url).toBe(`https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?${REQUEST_CANONICAL}&vnp_SecureHash=${REQUEST_HASH_OPENSSL}`);
  });

  it("encodes values exactly as VNPay's reference code (encodeURIComponent, %20 → +)", () => {
    const params = { vnp_TmnCode: TMN, vnp_OrderInfo: "Phí hồ sơ: 50% & x=1+2 (ok)*~!'", vnp_Amount: "5000000" };
    expect(vnpCanonical(params)).toBe(TRICKY_CANONICAL);
    expect(vnpSign(params, SECRET)).toBe(TRICKY_HASH_OPENSSL);
    expect(hmac(TRICKY_CANONICAL)).toBe(TRICKY_HASH_OPENSSL);
  });

  it("writes and reads dates as yyyyMMddHHmmss in GMT+7", () => {
    expect(vnpDate(new Date("2026-11-23T03:00:00Z"))).toBe("20261123100000");
    expect(vnpDate(new Date("2026-12-31T17:30:05Z"))).toBe("20270101003005");
    expect(parseVnpDate("20270101003005")?.toISOString()).toBe("2026-12-31T17:30:05.000Z");
    expect(parseVnpDate("2027-01-01")).toBeUndefined();
  });
});

/** A callback as VNPay sends it: the hand-written canonical string plus its hash, as a query. */
function callback(canonical: string, hash = hmac(canonical)): URLSearchParams {
  return new URLSearchParams(`${canonical}&vnp_SecureHash=${hash}`);
}

const RETURN_CANONICAL =
  "vnp_Amount=5000000&vnp_BankCode=NCB&vnp_BankTranNo=VNP14226112&vnp_CardType=ATM&vnp_OrderInfo=Thanh+toan+phi+ho+so+000.00.31.H99-261123-0001" +
  "&vnp_PayDate=20261123100512&vnp_ResponseCode=00&vnp_TmnCode=DVCTEST1&vnp_TransactionNo=14226112&vnp_TransactionStatus=00" +
  "&vnp_TxnRef=DVC261123ABCDEFGHJK";

describe("VNPay callback verification", () => {
  it("accepts a correctly signed callback and reads it back in VND", () => {
    const check = provider.verifyIpn(callback(RETURN_CANONICAL));
    expect(check).toEqual({
      ok: true,
      callback: { reference: "DVC261123ABCDEFGHJK", amount: 50_000, success: true, transactionNo: "14226112", responseCode: "00" },
    });
    // Upper-case hex, vnp_SecureHashType and parameters that are not VNPay's change nothing.
    const upper = new URLSearchParams(`${RETURN_CANONICAL}&vnp_SecureHashType=HmacSHA512&lang=en&vnp_SecureHash=${hmac(RETURN_CANONICAL).toUpperCase()}`);
    expect(provider.verifyReturn(upper).ok).toBe(true);
  });

  it("needs both the response code and the transaction status to be 00 for a success", () => {
    const failed = RETURN_CANONICAL.replace("vnp_ResponseCode=00", "vnp_ResponseCode=24").replace("vnp_TransactionStatus=00", "vnp_TransactionStatus=02");
    const check = provider.verifyIpn(callback(failed));
    expect(check.ok && check.callback).toMatchObject({ success: false, responseCode: "24" });
    const half = RETURN_CANONICAL.replace("vnp_TransactionStatus=00", "vnp_TransactionStatus=01");
    const halfCheck = provider.verifyIpn(callback(half));
    expect(halfCheck.ok && halfCheck.callback.success).toBe(false);
  });

  it("refuses a tampered amount, a wrong secret, a missing or malformed hash and a repeated parameter", () => {
    const tampered = new URLSearchParams(`${RETURN_CANONICAL.replace("vnp_Amount=5000000", "vnp_Amount=100")}&vnp_SecureHash=${hmac(RETURN_CANONICAL)}`);
    expect(provider.verifyIpn(tampered)).toEqual({ ok: false, reason: "signature" });
    const otherSecret = createHmac("sha512", "ANOTHERSECRET").update(RETURN_CANONICAL).digest("hex");
    expect(provider.verifyIpn(callback(RETURN_CANONICAL, otherSecret))).toEqual({ ok: false, reason: "signature" });
    expect(provider.verifyIpn(new URLSearchParams(RETURN_CANONICAL))).toEqual({ ok: false, reason: "signature" });
    expect(provider.verifyIpn(callback(RETURN_CANONICAL, "abc"))).toEqual({ ok: false, reason: "signature" });
    const repeated = new URLSearchParams(`${RETURN_CANONICAL}&vnp_Amount=5000000&vnp_SecureHash=${hmac(RETURN_CANONICAL)}`);
    expect(provider.verifyIpn(repeated)).toEqual({ ok: false, reason: "signature" });
  });

  it("refuses a correctly signed callback for another merchant or another currency", () => {
    const other = RETURN_CANONICAL.replace("vnp_TmnCode=DVCTEST1", "vnp_TmnCode=OTHERTMN");
    expect(provider.verifyIpn(callback(other))).toEqual({ ok: false, reason: "merchant" });
    const usd = RETURN_CANONICAL.replace("vnp_CardType=ATM", "vnp_CardType=ATM&vnp_CurrCode=USD");
    expect(provider.verifyIpn(callback(usd))).toEqual({ ok: false, reason: "currency" });
  });

  it("reads an amount that is not whole digits as no amount at all", () => {
    const odd = RETURN_CANONICAL.replace("vnp_Amount=5000000", "vnp_Amount=5e6");
    const check = provider.verifyIpn(callback(odd));
    expect(check.ok && Number.isNaN(check.callback.amount)).toBe(true);
  });

  it("answers notifications with VNPay's documented codes", () => {
    expect(Object.fromEntries(Object.entries(IPN_ANSWERS).map(([k, v]) => [k, v.RspCode]))).toEqual({
      confirmed: "00",
      order_not_found: "01",
      already_confirmed: "02",
      invalid_amount: "04",
      invalid_signature: "97",
      error: "99",
    });
    expect(provider.notificationAnswer("confirmed")).toEqual({ status: 200, body: { RspCode: "00", Message: "Confirm Success" } });
  });
});
