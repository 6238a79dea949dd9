import { describe, expect, it } from "vitest";
import { holderActions } from "../../functions/core/dossier/decide";
import { DOSSIER_STATUSES, type Dossier, type DossierStatus } from "../../functions/core/dossier/model";
import { citizenActions } from "../../web/src/flows/track";
import type { FullDossier, Procedure } from "../../web/src/types";

/**
 * What the track page offers the holder of a dossier (web/src/flows/track.ts), for every status: the holder's view's
 * `actions` as the server computes them (functions/core/dossier/decide.ts), turned into the page's offers.
 */

type Fee = Pick<Procedure, "fee" | "paymentTiming">;
const FREE: Fee = { fee: { amount: 0, currency: "VND", serviceFee: 0, charge: 0 }, paymentTiming: null };
const BEFORE_SUBMIT: Fee = { fee: { amount: 50_000, currency: "VND", serviceFee: 0, charge: 0 }, paymentTiming: "before_submit" };
const BEFORE_RESULT: Fee = { fee: { amount: 50_000, currency: "VND", serviceFee: 0, charge: 0 }, paymentTiming: "before_result" };

const PAID = { reference: "DVC1", amount: 50_000, provider: "vnpay", status: "paid" as const, paidAt: "2026-12-01T03:00:00.000Z" };

function dossier(status: DossierStatus, over: Partial<Pick<FullDossier, "feedback" | "payment">> = {}, fee: Fee = FREE) {
  const stored = { code: "000.00.31.H99-261201-0001", agencyCode: "000.00.31.H99", status, ...over, payment: over.payment ?? undefined } as unknown as Dossier;
  return { status, feedback: undefined, payment: null, ...over, actions: holderActions(stored, fee) };
}

const offered = (status: DossierStatus, fee: Fee = FREE) => citizenActions(dossier(status, {}, fee), fee, false);

describe("the holder's actions on the track page", () => {
  it("offers withdrawing until the agency has decided, and never after", () => {
    const before: DossierStatus[] = ["draft", "submitted", "received", "supplement_requested", "transferred"];
    for (const status of DOSSIER_STATUSES) expect(offered(status).withdraw, status).toBe(before.includes(status));
  });

  it("offers supplying documents only when the agency asked for them", () => {
    for (const status of DOSSIER_STATUSES) expect(offered(status).supplement, status).toBe(status === "supplement_requested");
  });

  it("offers the rating on a returned dossier, and shows the rating once given", () => {
    for (const status of DOSSIER_STATUSES) expect(offered(status).feedback, status).toBe(status === "returned" ? "open" : null);
    const rated = dossier("returned", { feedback: { rating: 5, at: "2026-12-01T03:00:00.000Z" } });
    expect(citizenActions(rated, FREE, false).feedback).toBe("given");
  });

  it("asks a before_submit fee on the draft, then the submission once it is paid", () => {
    for (const status of DOSSIER_STATUSES) expect(offered(status, BEFORE_SUBMIT).fee, status).toBe(status === "draft" ? "pay" : null);
    expect(citizenActions(dossier("draft", { payment: PAID }, BEFORE_SUBMIT), BEFORE_SUBMIT, false).fee).toBe("submit");
    expect(citizenActions(dossier("submitted", { payment: PAID }, BEFORE_SUBMIT), BEFORE_SUBMIT, false).fee).toBeNull();
  });

  it("asks a before_result fee once the agency has decided, until it is paid", () => {
    for (const status of DOSSIER_STATUSES) {
      expect(offered(status, BEFORE_RESULT).fee, status).toBe(status === "approved" || status === "denied" ? "pay" : null);
    }
    expect(citizenActions(dossier("approved", { payment: PAID }, BEFORE_RESULT), BEFORE_RESULT, false).fee).toBeNull();
    const { paidAt: _paid, ...unpaid } = PAID;
    const failed = { ...unpaid, status: "failed" as const };
    expect(citizenActions(dossier("approved", { payment: failed }, BEFORE_RESULT), BEFORE_RESULT, false).fee).toBe("pay");
  });

  it("asks no fee for a free procedure, before the procedure is known, or on the return from the gateway", () => {
    for (const status of DOSSIER_STATUSES) expect(offered(status, FREE).fee, status).toBeNull();
    expect(citizenActions(dossier("draft"), undefined, false).fee).toBeNull();
    expect(citizenActions(dossier("draft", {}, BEFORE_SUBMIT), BEFORE_SUBMIT, true).fee).toBeNull();
    expect(citizenActions(dossier("approved", {}, BEFORE_RESULT), BEFORE_RESULT, true).fee).toBeNull();
    // Only the fee waits for the return panel: the other actions stay.
    expect(citizenActions(dossier("received", {}, BEFORE_RESULT), BEFORE_RESULT, true).withdraw).toBe(true);
  });
});
