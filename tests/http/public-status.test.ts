import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCatalogue, startTestPortal, submittedDossier, testProcedure, type TestPortal } from "../support/portal";

/**
 * Issue #18 item 8, the other half: the public status view (no token) says whether a fee is paid, never how much.
 * Codes are sequential, so anything in this view can be collected for every dossier of a day.
 * (Committed failing, in b1b6478, before the presenter dropped the amount.)
 */

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
  await seedCatalogue(portal, [testProcedure({ fee: { amount: 150_000, currency: "VND", serviceFee: 100_000, charge: 50_000 } })]);
});
afterAll(async () => portal?.cleanup());

describe("the public status view", () => {
  it("shows a payment's state but not its amount", async () => {
    const { code, accessToken } = await submittedDossier(portal);
    const started = await portal.api(`/v1/dossiers/${code}/payment`, { headers: { authorization: `Bearer ${accessToken}` }, body: {} });
    expect(started.status, JSON.stringify(started.body)).toBeLessThan(300);

    const res = await portal.api(`/v1/dossiers/${code}/status`);
    expect(res.status).toBe(200);
    expect(res.body.payment).toMatchObject({ status: "pending" });
    expect(res.body.payment).not.toHaveProperty("amount");
    expect(JSON.stringify(res.body)).not.toContain("150000");
    // The holder, with the token, still sees the amount.
    const own = await portal.api(`/v1/dossiers/${code}`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(JSON.stringify(own.body)).toContain("150000");
  });
});
