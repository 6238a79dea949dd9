import { randomBytes } from "node:crypto";
import { vietnamDate } from "../calendar";
import type { Procedure } from "../catalogue/model";
import { CITIZEN, getWithToken } from "../dossier/access";
import { change } from "../dossier/change";
import { assertAllowed, attemptsOf } from "../dossier/decide";
import { isDossierCode } from "../dossier/codes";
import type { Dossier, Payment } from "../dossier/model";
import { ConflictError, RuleError } from "../errors";
import { silentLogger, type Logger } from "../log";
import type { DossierRepository, NotificationOutcome, PaymentProvider, PaymentStore, VerifiedCallback } from "../ports";

/**
 * Online fee payment (docs/domain.md "Fees and payment"):
 *
 * - `startPayment`: the citizen asks to pay; the amount is the procedure's fee, never the client's. One attempt is
 *   pending at a time: asking again returns it, until it expires or fails; then a fresh reference replaces it and
 *   the old one stays in the dossier's `payments` history.
 * - `receiveNotification`: the gateway's signed server-to-server notification (VNPay IPN) is the only thing that
 *   moves a payment to `paid` or `failed`. Each move is one conditional write on the dossier's version, retried on
 *   a conflict after re-reading, so concurrent or repeated notifications converge on one state and only the first
 *   one is "confirmed".
 * - `readReturn`: the browser's return from the gateway is verified and shown, but changes nothing (VNPay's own
 *   guidance: the return URL is for display, the IPN for the update). A return seen before the notification shows
 *   `pending`; the page polls the public status until the notification lands.
 *
 * Payment moves are commands of the dossier's decision function (`payment_pending`, `payment_paid`,
 * `payment_failed`): timeline entries and events; the dossier's status never changes because of them.
 */

export const DEFAULT_PAYMENT_EXPIRY_MINUTES = 15;
/** Attempts a dossier may start in all: each adds timeline entries to the one dossier item, which must stay small. */
export const MAX_PAYMENT_ATTEMPTS = 30;
export const PAYMENT_CURRENCY = "VND";
const WRITE_ATTEMPTS = 5;

export interface PaymentDeps {
  dossiers: DossierRepository;
  catalogue: { getProcedure(code: string): Promise<Procedure | undefined> };
  payments: PaymentStore;
  provider: PaymentProvider;
  /** The absolute URL of our return route, which the gateway sends the browser back to. */
  returnUrl: string;
  /** How long a payment attempt stays payable at the gateway. */
  expiryMinutes: number;
  now: () => Date;
  /** Refused callbacks and confirmations, one line each. */
  log?: Logger;
}

const ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** A fresh merchant reference: `DVC` + the Vietnam day (yymmdd) + 10 random characters; alphanumeric, 19 long. */
export function newPaymentReference(now: Date): string {
  const day = vietnamDate(now).replace(/-/g, "").slice(2);
  return `DVC${day}${[...randomBytes(10)].map((b) => ALPHABET[b % ALPHABET.length]).join("")}`;
}

/** What the citizen (and the API) sees of a payment attempt. */
export interface PaymentView {
  paymentUrl: string;
  reference: string;
  amount: number;
  currency: "VND";
  status: "pending";
  provider: string;
  expiresAt: string;
}

function view(payment: Payment): PaymentView {
  return {
    paymentUrl: payment.paymentUrl ?? "",
    reference: payment.reference,
    amount: payment.amount,
    currency: "VND",
    status: "pending",
    provider: payment.provider,
    expiresAt: payment.expiresAt ?? "",
  };
}

const isVersionConflict = (err: unknown) => err instanceof ConflictError && err.code === "dossier.version_conflict";

/**
 * Starts (or resumes) the online payment of a dossier's fee.
 * @returns the pending attempt, and whether it was created by this call
 * @throws NotFoundError `dossier.not_found` (unknown code or wrong token)
 * @throws ConflictError `payment.already_paid`; `dossier.invalid_transition` once the dossier has ended
 * @throws RuleError `payment.not_required` when the procedure has no fee; `payment.too_many_attempts`
 */
export async function startPayment(
  deps: PaymentDeps,
  code: string,
  token: string | undefined,
  options: { locale: "vi" | "en"; ipAddr: string },
): Promise<{ created: boolean; payment: PaymentView }> {
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const dossier = await getWithToken(deps, code, token);
    const now = deps.now();
    const current = dossier.payment;
    assertAllowed(dossier, "payment_pending", CITIZEN);
    const procedure = await deps.catalogue.getProcedure(dossier.procedureCode);
    const amount = procedure?.fee.amount ?? 0;
    if (amount <= 0) throw new RuleError("payment.not_required", { params: { code: dossier.procedureCode } });

    const stillPayable =
      current?.status === "pending" &&
      current.provider === deps.provider.name &&
      current.amount === amount &&
      Boolean(current.paymentUrl) &&
      current.expiresAt !== undefined &&
      now < new Date(current.expiresAt);
    if (stillPayable) return { created: false, payment: view(current!) };

    const started = dossier.timeline.filter((entry) => entry.action === "payment_pending").length;
    if (started >= MAX_PAYMENT_ATTEMPTS) throw new RuleError("payment.too_many_attempts", { params: { max: MAX_PAYMENT_ATTEMPTS } });
    const expiresAt = new Date(now.getTime() + deps.expiryMinutes * 60_000);
    const reference = await reserveReference(deps, dossier.code, amount, now, expiresAt);
    const paymentUrl = deps.provider.createPaymentUrl({
      reference,
      amount,
      orderInfo: `Thanh toan phi ho so ${dossier.code}`,
      locale: options.locale,
      ipAddr: options.ipAddr,
      createdAt: now,
      expiresAt,
      returnUrl: deps.returnUrl,
    });
    const fresh: Payment = {
      status: "pending",
      amount,
      currency: "VND",
      provider: deps.provider.name,
      reference,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      paymentUrl,
      locale: options.locale,
    };
    try {
      await change(deps, dossier, { type: "payment_pending", payment: fresh }, { now, actor: CITIZEN });
      return { created: true, payment: view(fresh) };
    } catch (err) {
      // A concurrent request (or a notification) moved the dossier: read it again and decide again.
      if (!isVersionConflict(err)) throw err;
    }
  }
  throw new ConflictError("dossier.version_conflict", { code });
}

async function reserveReference(deps: PaymentDeps, dossierCode: string, amount: number, now: Date, expiresAt: Date) {
  for (let i = 0; ; i++) {
    const reference = newPaymentReference(now);
    try {
      await deps.payments.reserve({
        reference,
        dossierCode,
        provider: deps.provider.name,
        amount,
        createdAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
      });
      return reference;
    } catch (err) {
      if (!(err instanceof ConflictError && err.code === "payment.reference_taken") || i >= 3) throw err;
    }
  }
}

// ---------------------------------------------------------------- callbacks

type Located = { dossier: Dossier; attempt: Payment } | { dossier?: undefined; attempt?: undefined };

async function locate(deps: PaymentDeps, reference: string): Promise<Located & { dossierCode?: string }> {
  const known = await deps.payments.get(reference);
  if (!known || !isDossierCode(known.dossierCode)) return {};
  const dossier = await deps.dossiers.get(known.dossierCode);
  const attempt = dossier ? attemptsOf(dossier).find((p) => p.reference === reference) : undefined;
  if (!dossier || !attempt) return { dossierCode: known.dossierCode };
  return { dossier, attempt, dossierCode: known.dossierCode };
}

/** Applies a verified notification to its attempt: one conditional write, re-read and re-decided on conflict. */
async function apply(deps: PaymentDeps, callback: VerifiedCallback): Promise<{ outcome: NotificationOutcome; dossierCode?: string }> {
  for (let i = 0; i < WRITE_ATTEMPTS; i++) {
    const { dossier, attempt, dossierCode } = await locate(deps, callback.reference);
    if (!dossier || !attempt) return { outcome: "order_not_found", dossierCode };
    // Exact: the gateway's amount is ours, converted back from its unit, so anything else (fractions included) is refused.
    if (callback.amount !== attempt.amount) return { outcome: "invalid_amount", dossierCode };
    const confirmation = {
      reference: attempt.reference,
      transactionNo: callback.transactionNo,
      responseCode: callback.responseCode,
    };
    try {
      await change(
        deps,
        dossier,
        callback.success ? { type: "payment_paid", ...confirmation } : { type: "payment_failed", ...confirmation },
        { now: deps.now(), actor: { type: "system" } },
      );
      return { outcome: "confirmed", dossierCode };
    } catch (err) {
      if (err instanceof ConflictError && err.code === "payment.not_pending") return { outcome: "already_confirmed", dossierCode };
      if (!isVersionConflict(err)) throw err;
    }
  }
  throw new ConflictError("dossier.version_conflict", { reference: callback.reference });
}

const REFUSAL_OUTCOME: Record<string, NotificationOutcome> = {
  signature: "invalid_signature",
  merchant: "order_not_found",
  currency: "invalid_amount",
};

/**
 * Handles the gateway's server-to-server notification. Verified notifications are recorded in the day's payment log
 * whatever their outcome; forged ones are only logged, and nothing changes.
 * @returns the outcome the provider turns into its answer (VNPay: RspCode)
 * @throws whatever the stores throw (the caller answers "unknown error" and the gateway retries)
 */
export async function receiveNotification(deps: PaymentDeps, params: URLSearchParams): Promise<NotificationOutcome> {
  const log = deps.log ?? silentLogger;
  const check = deps.provider.verifyIpn(params);
  if (!check.ok) {
    log.warn("payment notification refused", { provider: deps.provider.name, reason: check.reason, reference: deps.provider.claimedReference(params) });
    return REFUSAL_OUTCOME[check.reason] ?? "invalid_signature";
  }
  const callback = check.callback;
  const { outcome, dossierCode } = await apply(deps, callback);
  await recordCallback(deps, "ipn", callback, dossierCode, outcome);
  const refused = outcome === "order_not_found" || outcome === "invalid_amount";
  log[refused ? "warn" : "info"](refused ? "payment notification refused" : "payment notification", {
    provider: deps.provider.name,
    reference: callback.reference,
    dossierCode,
    success: callback.success,
    responseCode: callback.responseCode,
    outcome,
  });
  return outcome;
}

/** Every verified callback goes into the day's log (one partition a day), which reconciliation reads. */
async function recordCallback(
  deps: PaymentDeps,
  kind: "ipn" | "return",
  callback: { reference: string; amount: number; success: boolean; responseCode: string; transactionNo?: string },
  dossierCode: string | undefined,
  outcome: string,
) {
  const now = deps.now();
  await deps.payments.recordCallback({
    date: vietnamDate(now),
    at: now.toISOString(),
    kind,
    reference: callback.reference,
    provider: deps.provider.name,
    dossierCode,
    amount: callback.amount,
    success: callback.success,
    responseCode: callback.responseCode,
    transactionNo: callback.transactionNo,
    outcome,
  } as Parameters<PaymentDeps["payments"]["recordCallback"]>[0]);
}

/** What the return route shows: the gateway's word (verified) and the dossier's own state of the attempt. */
export type ReturnView =
  | { verified: false; reason: string }
  | {
      verified: true;
      reference: string;
      dossierCode: string | null;
      /** What the gateway told the browser. */
      gateway: "success" | "failed";
      /** What the dossier says: `pending` until the notification lands. */
      status: Payment["status"] | "unknown";
      amount: number;
      locale: "vi" | "en";
    };

/**
 * Verifies the browser's return from the gateway and reports the attempt's state. Changes nothing on the dossier
 * (only the notification does); records the verified return in the day's log, for reconciliation.
 */
export async function readReturn(deps: PaymentDeps, params: URLSearchParams): Promise<ReturnView> {
  const check = deps.provider.verifyReturn(params);
  if (!check.ok) {
    (deps.log ?? silentLogger).warn("payment return refused", {
      provider: deps.provider.name,
      reason: check.reason,
      reference: deps.provider.claimedReference(params),
    });
    return { verified: false, reason: check.reason };
  }
  const callback = check.callback;
  const { attempt, dossierCode } = await locate(deps, callback.reference);
  const amountMatches = attempt !== undefined && attempt.amount === callback.amount;
  await recordCallback(deps, "return", callback, dossierCode, !attempt ? "order_not_found" : amountMatches ? "shown" : "invalid_amount");
  if (attempt && !amountMatches) {
    (deps.log ?? silentLogger).warn("payment return with a wrong amount", { reference: callback.reference, dossierCode });
    return { verified: false, reason: "amount" };
  }
  return {
    verified: true,
    reference: callback.reference,
    dossierCode: dossierCode ?? null,
    gateway: callback.success ? "success" : "failed",
    status: attempt?.status ?? "unknown",
    amount: callback.amount,
    locale: attempt?.locale ?? "vi",
  };
}
