import { describe, expect, it } from "vitest";
import type { PaymentEvent, PaymentReference, PaymentStore } from "../../functions/core/ports";
import { newCode, rejection } from "./fixtures";

/**
 * The contract of `PaymentStore` (functions/core/ports.ts): references point at their dossier; a day's log holds
 * the references made that day and the verified callbacks, repeats folded; reconciliation reads them back.
 */
export function describePaymentStoreContract(name: string, makePort: () => Promise<PaymentStore>) {
  describe(`PaymentStore contract: ${name}`, () => {
    let references = 0;
    const reference = (overrides: Partial<PaymentReference> = {}): PaymentReference => ({
      reference: `DVC${Date.now()}${++references}`,
      dossierCode: newCode(),
      provider: "vnpay",
      amount: 50_000,
      // 01:00 on 3 March in Vietnam: the day log is the Vietnam date's.
      createdAt: "2026-03-02T18:00:00.000Z",
      expiresAt: "2026-03-02T18:15:00.000Z",
      ...overrides,
    });
    type Callback = Parameters<PaymentStore["recordCallback"]>[0];
    const callback = (ref: PaymentReference, overrides: Partial<Callback> = {}): Callback => ({
      date: "2026-03-03",
      kind: "ipn",
      reference: ref.reference,
      provider: "vnpay",
      dossierCode: ref.dossierCode,
      amount: ref.amount,
      success: true,
      responseCode: "00",
      transactionNo: "14012345",
      outcome: "confirmed",
      at: "2026-03-02T18:05:00.000Z",
      ...overrides,
    });
    const byKind = (events: PaymentEvent[]) => [...events].sort((a, b) => `${a.kind}${a.outcome}`.localeCompare(`${b.kind}${b.outcome}`));

    it("keeps a reserved reference; an unknown one is undefined", async () => {
      const store = await makePort();
      const ref = reference();

      await store.reserve(ref);

      expect(await store.get(ref.reference)).toEqual(ref);
      expect(await store.get("DVC0000")).toBeUndefined();
    });

    it("refuses a taken reference with payment.reference_taken and keeps the first", async () => {
      const store = await makePort();
      const ref = reference();
      await store.reserve(ref);

      const refused = await rejection(store.reserve({ ...ref, dossierCode: newCode(), amount: 1 }));

      expect(refused).toMatchObject({ kind: "conflict", code: "payment.reference_taken" });
      expect(await store.get(ref.reference)).toEqual(ref);
      expect(await store.eventsOn("2026-03-03")).toHaveLength(1);
    });

    it("logs a reserved reference as created on its Vietnam date", async () => {
      const store = await makePort();
      const ref = reference();

      await store.reserve(ref);

      expect(await store.eventsOn("2026-03-03")).toEqual([
        {
          date: "2026-03-03",
          kind: "created",
          reference: ref.reference,
          provider: "vnpay",
          dossierCode: ref.dossierCode,
          amount: ref.amount,
          firstAt: ref.createdAt,
          lastAt: ref.createdAt,
          count: 1,
        },
      ]);
      expect(await store.eventsOn("2026-03-02")).toEqual([]);
    });

    it("folds callbacks that say the same thing into one entry, counted, with the first and last times", async () => {
      const store = await makePort();
      const ref = reference();
      await store.reserve(ref);

      for (const minute of [5, 6, 9]) await store.recordCallback(callback(ref, { at: `2026-03-02T18:0${minute}:00.000Z` }));

      const [ipn] = (await store.eventsOn("2026-03-03")).filter((e) => e.kind === "ipn");
      expect(ipn).toEqual({
        date: "2026-03-03",
        kind: "ipn",
        reference: ref.reference,
        provider: "vnpay",
        dossierCode: ref.dossierCode,
        amount: ref.amount,
        success: true,
        responseCode: "00",
        transactionNo: "14012345",
        outcome: "confirmed",
        firstAt: "2026-03-02T18:05:00.000Z",
        lastAt: "2026-03-02T18:09:00.000Z",
        count: 3,
      });
    });

    it("keeps callbacks of another kind, response code or outcome as entries of their own", async () => {
      const store = await makePort();
      const ref = reference();
      await store.reserve(ref);

      await store.recordCallback(callback(ref));
      await store.recordCallback(callback(ref, { outcome: "already_confirmed" }));
      await store.recordCallback(callback(ref, { kind: "return", outcome: undefined }));
      await store.recordCallback(callback(ref, { success: false, responseCode: "24", transactionNo: "0", outcome: "error" }));

      const events = byKind(await store.eventsOn("2026-03-03"));
      expect(events.map((e) => [e.kind, e.responseCode, e.outcome, e.count])).toEqual([
        ["created", undefined, undefined, 1],
        ["ipn", "00", "already_confirmed", 1],
        ["ipn", "00", "confirmed", 1],
        ["ipn", "24", "error", 1],
        ["return", "00", undefined, 1],
      ]);
    });

    it("sums up on the reference the first time of each verdict and the first paid transaction", async () => {
      const store = await makePort();
      const ref = reference();
      await store.reserve(ref);

      await store.recordCallback(callback(ref, { kind: "return", success: false, responseCode: "24", at: "2026-03-02T18:03:00.000Z" }));
      await store.recordCallback(callback(ref, { success: false, responseCode: "24", transactionNo: "0", outcome: "error", at: "2026-03-02T18:04:00.000Z" }));
      await store.recordCallback(callback(ref, { at: "2026-03-02T18:05:00.000Z" }));
      await store.recordCallback(callback(ref, { transactionNo: "14099999", at: "2026-03-02T18:07:00.000Z" }));
      await store.recordCallback(callback(ref, { kind: "return", at: "2026-03-02T18:08:00.000Z" }));
      await store.recordCallback(callback(ref, { kind: "return", at: "2026-03-02T18:09:00.000Z" }));

      expect(await store.get(ref.reference)).toEqual({
        ...ref,
        returnFailureAt: "2026-03-02T18:03:00.000Z",
        ipnFailureAt: "2026-03-02T18:04:00.000Z",
        ipnSuccessAt: "2026-03-02T18:05:00.000Z",
        transactionNo: "14012345",
        returnSuccessAt: "2026-03-02T18:08:00.000Z",
      });
    });

    it("logs a callback for an unknown reference in its day only", async () => {
      const store = await makePort();
      const unknown = reference();

      await store.recordCallback(callback(unknown, { dossierCode: undefined, outcome: "order_not_found" }));

      expect(await store.get(unknown.reference)).toBeUndefined();
      expect(await store.eventsOn("2026-03-03")).toEqual([
        expect.objectContaining({ kind: "ipn", reference: unknown.reference, outcome: "order_not_found", count: 1 }),
      ]);
    });

    it("reads one day's log only", async () => {
      const store = await makePort();
      const today = reference();
      const tomorrow = reference({ createdAt: "2026-03-03T18:00:00.000Z" });
      await store.reserve(today);
      await store.reserve(tomorrow);
      await store.recordCallback(callback(today, { date: "2026-03-04", at: "2026-03-03T18:30:00.000Z" }));

      expect((await store.eventsOn("2026-03-03")).map((e) => [e.reference, e.kind])).toEqual([[today.reference, "created"]]);
      expect(byKind(await store.eventsOn("2026-03-04")).map((e) => [e.reference, e.kind])).toEqual([
        [tomorrow.reference, "created"],
        [today.reference, "ipn"],
      ]);
      expect(await store.eventsOn("2026-03-05")).toEqual([]);
    });
  });
}
