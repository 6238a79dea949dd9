import { vietnamDate } from "../../../functions/core/calendar";
import { ConflictError } from "../../../functions/core/errors";
import type { PaymentEvent, PaymentReference, PaymentStore } from "../../../functions/core/ports";
import { stored } from "./cursor";

/**
 * In-memory payment references and day logs (core/ports.ts `PaymentStore`). A day's log folds callbacks that say
 * the same thing (reference, kind, response code, outcome) into one entry with a count; a reference's summary keeps
 * the first time the gateway said each thing.
 */
export function fakePaymentStore(): PaymentStore {
  const references = new Map<string, PaymentReference>();
  /** date → entry key → entry */
  const days = new Map<string, Map<string, PaymentEvent>>();
  const dayLog = (date: string) => {
    const log = days.get(date) ?? new Map<string, PaymentEvent>();
    days.set(date, log);
    return log;
  };

  return {
    async reserve(reference) {
      if (references.has(reference.reference)) throw new ConflictError("payment.reference_taken", { reference: reference.reference });
      references.set(reference.reference, stored(reference));
      const date = vietnamDate(new Date(reference.createdAt));
      dayLog(date).set(`${reference.reference}#created`, {
        date,
        kind: "created",
        reference: reference.reference,
        provider: reference.provider,
        dossierCode: reference.dossierCode,
        amount: reference.amount,
        firstAt: reference.createdAt,
        lastAt: reference.createdAt,
        count: 1,
      });
    },

    async get(reference) {
      const found = references.get(reference);
      return found ? stored(found) : undefined;
    },

    async recordCallback({ at, ...e }) {
      const log = dayLog(e.date);
      const key = `${e.reference}#${e.kind}#${e.responseCode ?? ""}#${e.outcome ?? ""}`;
      const previous = log.get(key);
      // What this callback states replaces what an earlier one of the same meaning stated; what it leaves out stays.
      const stated = Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined && !(typeof v === "number" && !Number.isFinite(v))));
      log.set(key, stored({ ...previous, ...stated, firstAt: previous?.firstAt ?? at, lastAt: at, count: (previous?.count ?? 0) + 1 } as PaymentEvent));

      const summary = references.get(e.reference);
      if (!summary) return; // an unknown reference: the day log only
      if (e.kind === "ipn" && e.success) summary.ipnSuccessAt ??= at;
      if (e.kind === "ipn" && !e.success) summary.ipnFailureAt ??= at;
      if (e.kind === "return" && e.success) summary.returnSuccessAt ??= at;
      if (e.kind === "return" && !e.success) summary.returnFailureAt ??= at;
      if (e.kind === "ipn" && e.success && e.transactionNo) summary.transactionNo ??= e.transactionNo;
    },

    async eventsOn(date) {
      return [...(days.get(date)?.entries() ?? [])]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([, event]) => stored(event));
    },
  };
}
