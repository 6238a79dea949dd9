/**
 * A payment gateway, as the core sees it. An adapter (functions/adapters/payment/vnpay.ts) speaks one gateway's
 * protocol: it signs the redirect URL and verifies the gateway's signed callbacks. The core decides what a verified
 * callback does to a dossier; the adapter never touches storage.
 */

export interface PaymentRequest {
  /** Our merchant reference (unique, alphanumeric). */
  reference: string;
  /** VND. */
  amount: number;
  /** Shown on the gateway's page and the bank statement: plain ASCII. */
  orderInfo: string;
  locale: "vi" | "en";
  /** The citizen's IP address, as the gateway asks for it. */
  ipAddr: string;
  createdAt: Date;
  expiresAt: Date;
  /** Where the gateway sends the browser back (absolute URL). */
  returnUrl: string;
}

/** What a callback says once its signature has been checked. */
export interface VerifiedCallback {
  reference: string;
  /** VND (the gateway's own unit converted back; not necessarily an integer when forged or broken). */
  amount: number;
  /** The gateway says the money was taken. */
  success: boolean;
  /** The gateway's transaction number ("0" or "" when there was none). */
  transactionNo: string;
  /** The gateway's response code, kept as evidence. */
  responseCode: string;
}

export type CallbackRefusal =
  /** The signature does not match (forged or tampered), or the parameters cannot be read unambiguously. */
  | "signature"
  /** Signed, but for another merchant. */
  | "merchant"
  /** Signed, but not in VND. */
  | "currency";

export type CallbackCheck = { ok: true; callback: VerifiedCallback } | { ok: false; reason: CallbackRefusal };

/** What our server answers the gateway's server-to-server notification (VNPay: RspCode). */
export type NotificationOutcome =
  | "confirmed"
  | "order_not_found"
  | "already_confirmed"
  | "invalid_amount"
  | "invalid_signature"
  | "error";

export interface PaymentProvider {
  /** Stored on the payment (`provider`), e.g. "vnpay". */
  readonly name: string;
  /** The signed URL the citizen's browser is sent to. */
  createPaymentUrl(request: PaymentRequest): string;
  /** Checks the parameters the browser brings back to the return URL. */
  verifyReturn(params: URLSearchParams): CallbackCheck;
  /** Checks the parameters of the gateway's server-to-server notification (IPN). */
  verifyIpn(params: URLSearchParams): CallbackCheck;
  /** The reference a callback claims, before any check: for the log of a refused callback only. */
  claimedReference(params: URLSearchParams): string | undefined;
  /** The answer the gateway expects to a notification, in its own protocol. */
  notificationAnswer(outcome: NotificationOutcome): { status: 200; body: Record<string, string> };
}
