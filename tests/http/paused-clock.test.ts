import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../functions/core/agency/keys";
import { seedCatalogue, startTestPortal, submittedDossier, TEST_AGENCY, testProcedure, type TestPortal } from "../support/portal";

/**
 * Issue 19 item 4 over a real socket: a dossier waiting on the citizen (its clock paused by a supplement request) is
 * not overdue once its original due date passes, and the agency cannot file an apology ("phiếu xin lỗi") for it.
 *
 * Procedure: 3 working days. Received Mon 23/11/2026 08:00 → due Thu 26/11 08:00. Supplement asked Tue 24/11
 * 10:00: the clock pauses with 14 h of office time left. On Mon 30/11 10:00 — four days past the original date —
 * the dossier still waits on the citizen: not overdue on its public status, and an apology is refused with 409.
 */

let now = new Date("2026-11-23T07:30:00+07:00");
const at = (iso: string) => (now = new Date(iso));
let portal: TestPortal;
let key: string;

beforeAll(async () => {
  portal = await startTestPortal({ now: () => now });
  await seedCatalogue(portal, [testProcedure({ processingDays: 3 })]);
  key = (await createApiKey(portal.adapters.keys, async () => true, { agencyCode: TEST_AGENCY.code, now })).apiKey;
});
afterAll(async () => portal?.cleanup());

const auth = () => ({ authorization: `Bearer ${key}` });
async function act(code: string, body: Record<string, unknown>) {
  const current = await portal.api(`/v1/agency/dossiers/${code}`, { headers: auth() });
  return portal.api(`/v1/agency/dossiers/${code}/actions`, { headers: auth(), body: { expectedVersion: current.body.version, ...body } });
}

describe("a paused clock is never late", () => {
  it("shows a waiting dossier past its original date as not overdue, and refuses an apology for it with 409", async () => {
    const { code } = await submittedDossier(portal);
    at("2026-11-23T08:00:00+07:00");
    const received = await act(code, { action: "receive" });
    expect(new Date(received.body.dueAt).toISOString()).toBe(new Date("2026-11-26T08:00:00+07:00").toISOString());
    at("2026-11-24T10:00:00+07:00");
    expect((await act(code, { action: "request_supplement", note: "Bổ sung bản sao giấy chứng sinh" })).status).toBe(200);

    at("2026-11-30T10:00:00+07:00"); // four days past the original due time, still waiting on the citizen
    const status = (await portal.api(`/v1/dossiers/${code}/status`)).body;
    expect(status).toMatchObject({ status: "supplement_requested", overdue: false, clockPaused: true, apology: null });
    const apology = await act(code, { action: "apologize", note: "Xin lỗi vì hồ sơ chậm.", newDueAt: "2026-12-04T17:00:00+07:00" });
    expect(apology.status).toBe(409);
    expect(apology.headers.get("content-type")).toContain("application/problem+json");
    expect(apology.body).toMatchObject({ code: "dossier.invalid_transition" });
    expect((await portal.adapters.dossiers.get(code))!.apology).toBeUndefined();
  });
});
