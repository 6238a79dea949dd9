import { randomBytes } from "node:crypto";
import { vietnamDate } from "../calendar";
import type { CatalogueRepository } from "../catalogue/repository";
import { isDossierCode } from "../dossier/codes";
import { ENDED_STATUSES } from "../dossier/lifecycle";
import type { Dossier, Payment, TimelineEntry } from "../dossier/model";
import type { DossierRepository } from "../dossier/repository";
import { getWithToken } from "../dossier/service";
import { ConflictError, RuleError } from "../errors";
import type { NotificationOutcome, PaymentProvider, VerifiedCallback } from "./provider";
import type { PaymentStore } from "./repository";

/**
 * Online fee payment (DOMAIN.md "Fees and payment"):
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
 * Payment moves are events of the dossier's timeline (`payment_pending`, `payment_paid`, `payment_failed`); the
 * dossier's status never changes because of them.
 */

/** Attempts kept in a dossier's `payments` history (the oldest are dropped; the day logs keep them all). */
export const MAX_PAYMENT_ATTEMPTS_KEPT = 10;
export const DEFAULT_PAYMENT_EXPIRY_MINUTES = 15;
/** Attempts a dossier may start in all: each adds timeline entries to the one dossier item, which must stay small. */
export const MAX_PAYMENT_ATTEMPTS = 30;
export const PAYMENT_CURRENCY = "VND";
const WRITE_ATTEMPTS = 5;

export interface PaymentDeps {
  dossiers: DossierRepository;
  catalogue: Pick<CatalogueRepository, "getProcedure">;
  payments: PaymentStore;
  provider: PaymentProvider;
  /** The absolute URL of our return route, which the gateway sends the browser back to. */
  returnUrl: string;
  /** How long a payment attempt stays payable at the gateway. */
  expiryMinutes: number;
  now: () => Date;
  /** One JSON object per call (refused callbacks, confirmations); default: a JSON line on the console. */
  log?: (entry: Record<string, unknown>) => void;
}

function logger(deps: Pick<PaymentDeps, "log">) {
  return (
    deps.log ??
    ((entry: Record<string, unknown>) => {
      const line = JSON.stringify({ at: new Date().toISOString(), ...entry });
      if (entry.level === "warn") console.warn(line);
      else console.log(line);
    })
  );
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

/** The history with one attempt replaced (matched by reference) and the list bounded. */
function replaceAttempt(history: Payment[], attempt: Payment): Payment[] {
  const found = history.some((p) => p.reference === attempt.reference);
  const next = found ? history.map((p) => (p.reference === attempt.reference ? attempt : p)) : [...history, attempt];
  return next.slice(-MAX_PAYMENT_ATTEMPTS_KEPT);
}

/** The attempts of a dossier, the current one included even in data written before the history existed. */
function attemptsOf(dossier: Dossier): Payment[] {
  const history = dossier.payments ?? [];
  if (dossier.payment && !history.some((p) => p.reference === dossier.payment!.reference)) return [...history, dossier.payment];
  return history;
}

/** The dossier with `attempt` as an updated or new attempt, one timeline event and the next version. */
function withAttempt(dossier: Dossier, attempt: Payment, entry: TimelineEntry | undefined, current: boolean): Dossier {
  const payments = replaceAttempt(attemptsOf(dossier), attempt);
  return {
    ...dossier,
    version: dossier.version + 1,
    payment: current ? attempt : dossier.payment,
    payments,
    timeline: entry ? [...dossier.timeline, entry] : dossier.timeline,
  };
}

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
    if (current?.status === "paid") throw new ConflictError("payment.already_paid", { code, reference: current.reference });
    if (ENDED_STATUSES.includes(dossier.status)) {
      throw new ConflictError("dossier.invalid_transition", { action: "pay", status: dossier.status });
    }
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
    const at = now.toISOString();
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
      createdAt: at,
      expiresAt: expiresAt.toISOString(),
      paymentUrl,
      locale: options.locale,
    };
    // The attempt it replaces stays in the history, marked as ended: expired, or replaced by a new fee amount.
    let base = dossier;
    if (current?.status === "pending") {
      const expired = current.expiresAt !== undefined && now >= new Date(current.expiresAt);
      const ended: Payment = { ...current, status: "failed", failedAt: at, failure: expired ? "expired" : "superseded" };
      base = { ...dossier, payments: replaceAttempt(attemptsOf(dossier), ended) };
    }
    const next = withAttempt(base, fresh, {
      action: "payment_pending",
      status: dossier.status,
      at,
      by: { type: "citizen" },
      note: `${deps.provider.name.toUpperCase()} ${reference}: ${amount} VND`,
    }, true);
    try {
      await deps.dossiers.commit(dossier, next);
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
    // Exact: the gateway's amount is ours × 100 in VNPay's unit, so anything else (fractions included) is refused.
    if (callback.amount !== attempt.amount) return { outcome: "invalid_amount", dossierCode };
    if (attempt.status !== "pending" || dossier.payment?.status === "paid") return { outcome: "already_confirmed", dossierCode };
    const at = deps.now().toISOString();
    const moved: Payment = callback.success
      ? { ...attempt, status: "paid", paidAt: at, transactionNo: callback.transactionNo, responseCode: callback.responseCode }
      : { ...attempt, status: "failed", failedAt: at, failure: "gateway", transactionNo: callback.transactionNo, responseCode: callback.responseCode };
    const entry: TimelineEntry = {
      action: callback.success ? "payment_paid" : "payment_failed",
      status: dossier.status,
      at,
      by: { type: "system" },
      note: `${attempt.provider.toUpperCase()} ${attempt.reference}: ${callback.success ? `${attempt.amount} VND` : `code ${callback.responseCode}`}`,
    };
    const isCurrent = dossier.payment?.reference === attempt.reference;
    const next = withAttempt(dossier, moved, entry, isCurrent);
    try {
      await deps.dossiers.commit(dossier, next);
      return { outcome: "confirmed", dossierCode };
    } catch (err) {
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
  const log = logger(deps);
  const check = deps.provider.verifyIpn(params);
  if (!check.ok) {
    log({ level: "warn", msg: "payment notification refused", provider: deps.provider.name, reason: check.reason, reference: params.get("vnp_TxnRef") ?? undefined });
    return REFUSAL_OUTCOME[check.reason] ?? "invalid_signature";
  }
  const callback = check.callback;
  const { outcome, dossierCode } = await apply(deps, callback);
  await recordCallback(deps, "ipn", callback, dossierCode, outcome);
  const refused = outcome === "order_not_found" || outcome === "invalid_amount";
  log({
    level: refused ? "warn" : "info",
    msg: refused ? "payment notification refused" : "payment notification",
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
    logger(deps)({ level: "warn", msg: "payment return refused", provider: deps.provider.name, reason: check.reason, reference: params.get("vnp_TxnRef") ?? undefined });
    return { verified: false, reason: check.reason };
  }
  const callback = check.callback;
  const { attempt, dossierCode } = await locate(deps, callback.reference);
  const amountMatches = attempt !== undefined && attempt.amount === callback.amount;
  await recordCallback(deps, "return", callback, dossierCode, !attempt ? "order_not_found" : amountMatches ? "shown" : "invalid_amount");
  if (attempt && !amountMatches) {
    logger(deps)({ level: "warn", msg: "payment return with a wrong amount", reference: callback.reference, dossierCode });
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
