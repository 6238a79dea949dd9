import type { Dossier, Payment } from "../dossier/model";
import type { DossierRepository } from "../ports";
import type { PaymentEvent, PaymentReference, PaymentStore } from "./repository";

/**
 * Reconciliation of one day's payments: the references handed out that day and the references the gateway called
 * back about that day (one partition of the payment log), each compared with its dossier. Reads one Query plus one
 * GetItem per reference and per dossier — never a scan.
 */

export type DisagreementKind =
  /** The gateway notified success, but the dossier's attempt is not paid (e.g. a late success for an expired or
   *  replaced attempt, a second payment of an already paid dossier, or a write that never landed): refund or apply. */
  | "gateway_paid_dossier_not_paid"
  /** The gateway notified success about a reference we never issued, or whose dossier no longer lists it. */
  | "gateway_paid_unknown_reference"
  /** The dossier says paid, but no verified success notification was recorded for that reference. */
  | "dossier_paid_without_notification"
  /** Still pending after its expiry, and the gateway never notified: ask the gateway (VNPay querydr), then settle. */
  | "pending_past_expiry"
  /** The browser came back saying success, but the notification never arrived. */
  | "notification_missing_after_return"
  /** The reference's amount and the dossier attempt's amount differ. */
  | "amount_mismatch"
  /** Paid, but the dossier ended without a result (withdrawn, stopped, refused at intake): the fee is to be refunded. */
  | "refund_due";

export interface Disagreement {
  kind: DisagreementKind;
  reference: string;
  dossierCode: string | null;
  detail: Record<string, unknown>;
}

export interface ReconciliationReport {
  date: string;
  clean: boolean;
  references: number;
  /** Items of the day's log: references created and callbacks (repeats folded). */
  events: number;
  /** The current state of the attempts created that day. */
  created: { count: number; paid: number; pending: number; failed: number; amountPaid: number };
  disagreements: Disagreement[];
}

export interface ReconcileDeps {
  payments: Pick<PaymentStore, "eventsOn" | "get">;
  dossiers: Pick<DossierRepository, "get">;
}

function attemptOf(dossier: Dossier | undefined, reference: string): Payment | undefined {
  if (!dossier) return undefined;
  return (dossier.payments ?? []).find((p) => p.reference === reference) ?? (dossier.payment?.reference === reference ? dossier.payment : undefined);
}

/** Compares one reference's evidence with its dossier. Pure. */
export function checkReference(
  reference: string,
  summary: PaymentReference | undefined,
  dossier: Dossier | undefined,
  events: PaymentEvent[],
  now: Date,
): Disagreement[] {
  const found: Disagreement[] = [];
  const push = (kind: DisagreementKind, detail: Record<string, unknown> = {}) =>
    found.push({ kind, reference, dossierCode: summary?.dossierCode ?? events.find((e) => e.dossierCode)?.dossierCode ?? null, detail });
  const gatewaySuccess = events.filter((e) => e.kind === "ipn" && e.success);
  if (!summary) {
    if (gatewaySuccess.length) push("gateway_paid_unknown_reference", { notifications: gatewaySuccess.reduce((n, e) => n + e.count, 0) });
    return found;
  }
  const attempt = attemptOf(dossier, reference);
  if (!attempt) {
    // A reference reserved by a request that then lost a race to a concurrent one is harmless unless paid.
    if (summary.ipnSuccessAt) push("gateway_paid_unknown_reference", { ipnSuccessAt: summary.ipnSuccessAt, dossierFound: Boolean(dossier) });
    return found;
  }
  if (summary.ipnSuccessAt && attempt.status !== "paid") {
    push("gateway_paid_dossier_not_paid", {
      ipnSuccessAt: summary.ipnSuccessAt,
      transactionNo: summary.transactionNo ?? null,
      attemptStatus: attempt.status,
      attemptFailure: attempt.failure ?? null,
      dossierPaidWith: dossier?.payment?.status === "paid" ? dossier.payment.reference : null,
      amount: attempt.amount,
    });
  }
  if (attempt.status === "paid" && !summary.ipnSuccessAt) {
    push("dossier_paid_without_notification", { paidAt: attempt.paidAt ?? null, amount: attempt.amount });
  }
  if (attempt.status === "pending" && attempt.expiresAt && now > new Date(attempt.expiresAt) && !summary.ipnSuccessAt && !summary.ipnFailureAt) {
    push(summary.returnSuccessAt ? "notification_missing_after_return" : "pending_past_expiry", {
      createdAt: attempt.createdAt ?? null,
      expiresAt: attempt.expiresAt,
      returnSuccessAt: summary.returnSuccessAt ?? null,
    });
  }
  if (attempt.amount !== summary.amount) push("amount_mismatch", { reference: summary.amount, dossier: attempt.amount });
  if (attempt.status === "paid" && dossier && ["withdrawn", "stopped", "rejected_intake"].includes(dossier.status)) {
    push("refund_due", { dossierStatus: dossier.status, amount: attempt.amount, transactionNo: attempt.transactionNo ?? null });
  }
  return found;
}

/**
 * Reconciles one Vietnam date.
 * @param now pending attempts are judged against it (past their expiry with no notification)
 */
export async function reconcileDay(deps: ReconcileDeps, date: string, now: Date): Promise<ReconciliationReport> {
  const events = await deps.payments.eventsOn(date);
  const byReference = new Map<string, PaymentEvent[]>();
  for (const e of events) byReference.set(e.reference, [...(byReference.get(e.reference) ?? []), e]);
  const dossiers = new Map<string, Promise<Dossier | undefined>>();
  const dossier = (code: string) => {
    if (!dossiers.has(code)) dossiers.set(code, deps.dossiers.get(code));
    return dossiers.get(code)!;
  };

  const disagreements: Disagreement[] = [];
  const created = { count: 0, paid: 0, pending: 0, failed: 0, amountPaid: 0 };
  for (const [reference, own] of [...byReference].sort(([a], [b]) => a.localeCompare(b))) {
    const summary = await deps.payments.get(reference);
    const d = summary ? await dossier(summary.dossierCode) : undefined;
    disagreements.push(...checkReference(reference, summary, d, own, now));
    if (own.some((e) => e.kind === "created")) {
      const attempt = attemptOf(d, reference);
      created.count++;
      if (attempt?.status === "paid") {
        created.paid++;
        created.amountPaid += attempt.amount;
      } else if (attempt?.status === "pending") created.pending++;
      else if (attempt) created.failed++;
    }
  }
  return {
    date,
    clean: disagreements.length === 0,
    references: byReference.size,
    events: events.length,
    created,
    disagreements,
  };
}
