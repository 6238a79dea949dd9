import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../functions/core/agency/keys";
import { officerToken } from "../support/officer-login";
import {
  applicant,
  pdfBytes,
  seedCatalogue,
  sha256,
  startTestPortal,
  submittedDossier,
  TEST_AGENCY,
  testProcedure,
  uploadDocument,
  type TestPortal,
} from "../support/portal";

/**
 * Issue #18 "Also", over a real socket: every answer that carries personal data says `Cache-Control: no-store`
 * (the withdraw, supplement and feedback answers did not), and every 401 says how to authenticate
 * (`WWW-Authenticate`).
 */

let portal: TestPortal;
let agencyKey: string;
beforeAll(async () => {
  portal = await startTestPortal();
  await seedCatalogue(portal, [testProcedure({ fee: { amount: 50_000, currency: "VND", serviceFee: 0, charge: 50_000 } })]);
  agencyKey = (await createApiKey(portal.adapters.keys, async () => true, { agencyCode: TEST_AGENCY.code, now: new Date() })).apiKey;
});
afterAll(async () => portal?.cleanup());

const agency = () => ({ authorization: `Bearer ${agencyKey}` });
async function act(code: string, body: Record<string, unknown>) {
  const current = await portal.api(`/v1/agency/dossiers/${code}`, { headers: agency() });
  return portal.api(`/v1/agency/dossiers/${code}/actions`, { headers: agency(), body: { expectedVersion: current.body.version, ...body } });
}

describe("answers with personal data", () => {
  it("are never stored by a cache: every route that answers them says no-store", async () => {
    const answers: { route: string; status: number; cacheControl: string | null }[] = [];
    const record = (route: string, res: { status: number; headers: Headers }) =>
      answers.push({ route, status: res.status, cacheControl: res.headers.get("cache-control") });

    const created = await portal.api("/v1/dossiers", { body: { procedureCode: "1.001193", applicant, delivery: "online" } });
    record("POST /v1/dossiers", created);
    const { code, accessToken } = created.body as { code: string; accessToken: string };
    const citizen = { authorization: `Bearer ${accessToken}` };
    const bytes = pdfBytes(1000, "tk");
    record(
      "POST /v1/dossiers/{code}/attachments",
      await portal.api(`/v1/dossiers/${code}/attachments`, {
        headers: citizen,
        body: { documentKey: "to-khai", fileName: "to-khai.pdf", mediaType: "application/pdf", size: bytes.byteLength, sha256: sha256(bytes) },
      }),
    );
    record("GET /v1/dossiers/{code}", await portal.api(`/v1/dossiers/${code}`, { headers: citizen }));
    record("POST /v1/dossiers/{code}/withdraw", await portal.api(`/v1/dossiers/${code}/withdraw`, { headers: citizen, body: { reason: "Nộp nhầm" } }));

    const second = await submittedDossier(portal);
    const secondCitizen = { authorization: `Bearer ${second.accessToken}` };
    record("POST /v1/dossiers/{code}/payment", await portal.api(`/v1/dossiers/${second.code}/payment`, { headers: secondCitizen, body: {} }));
    record("GET /v1/agency/dossiers", await portal.api("/v1/agency/dossiers", { headers: agency() }));
    record("GET /v1/agency/dossiers/{code}", await portal.api(`/v1/agency/dossiers/${second.code}`, { headers: agency() }));
    record("POST /v1/agency/dossiers/{code}/actions", await act(second.code, { action: "receive" }));
    record("GET /v1/agency/dossiers/{code}/events", await portal.api(`/v1/agency/dossiers/${second.code}/events`, { headers: agency() }));
    await act(second.code, { action: "request_supplement", note: "Bổ sung" });
    await uploadDocument(portal, second.code, second.accessToken, "giay-chung-sinh", pdfBytes(1500, "again"));
    record("POST /v1/dossiers/{code}/supplement", await portal.api(`/v1/dossiers/${second.code}/supplement`, { headers: secondCitizen, body: {} }));
    await act(second.code, { action: "approve" });
    const result = pdfBytes(900, "kq");
    const ticket = await portal.api(`/v1/agency/dossiers/${second.code}/results`, {
      headers: agency(),
      body: { fileName: "kq.pdf", mediaType: "application/pdf", size: result.byteLength, sha256: sha256(result) },
    });
    record("POST /v1/agency/dossiers/{code}/results", ticket);
    await fetch(ticket.body.upload.url, { method: "PUT", headers: ticket.body.upload.headers, body: Buffer.from(result) });
    await act(second.code, { action: "return_result", resultAttachmentIds: [ticket.body.attachmentId] });
    record("POST /v1/dossiers/{code}/feedback", await portal.api(`/v1/dossiers/${second.code}/feedback`, { headers: secondCitizen, body: { rating: 4 } }));

    const third = await portal.api("/v1/dossiers", { body: { procedureCode: "1.001193", applicant, delivery: "online" } });
    await uploadDocument(portal, third.body.code, third.body.accessToken, "to-khai", pdfBytes(1000, "tk3"));
    await uploadDocument(portal, third.body.code, third.body.accessToken, "giay-chung-sinh", pdfBytes(1000, "gcs3"));
    record("POST /v1/dossiers/{code}/submit", await portal.api(`/v1/dossiers/${third.body.code}/submit`, { method: "POST", headers: { authorization: `Bearer ${third.body.accessToken}` } }));
    record("GET /v1/dossiers/{code}/status", await portal.api(`/v1/dossiers/${code}/status`));

    // Webhook subscriptions: the secret is in the answer (shown once), the deliveries' payloads name dossiers.
    const hook = await portal.api("/v1/agency/webhooks", { headers: agency(), body: { url: "http://127.0.0.1:9/hook" } });
    record("POST /v1/agency/webhooks", hook);
    record("GET /v1/agency/webhooks", await portal.api("/v1/agency/webhooks", { headers: agency() }));
    record("POST /v1/agency/webhooks/{id}/rotate", await portal.api(`/v1/agency/webhooks/${hook.body.id}/rotate`, { method: "POST", headers: agency() }));
    const ping = await portal.api(`/v1/agency/webhooks/${hook.body.id}/test`, { method: "POST", headers: agency() });
    record("POST /v1/agency/webhooks/{id}/test", ping);
    record("GET /v1/agency/webhooks/{id}/deliveries", await portal.api(`/v1/agency/webhooks/${hook.body.id}/deliveries`, { headers: agency() }));
    record(
      "POST /v1/agency/webhooks/{id}/deliveries/{deliveryId}/replay",
      await portal.api(`/v1/agency/webhooks/${hook.body.id}/deliveries/${ping.body.deliveryId}/replay`, { method: "POST", headers: agency() }),
    );
    record("DELETE /v1/agency/webhooks/{id}", await portal.api(`/v1/agency/webhooks/${hook.body.id}`, { method: "DELETE", headers: agency() }));

    // The back office, as the commune's demo intake officer signed in at the embedded provider.
    const officer = { authorization: `Bearer ${await officerToken(portal.url, "intake2", portal.idp.demoPassword)}` };
    record("GET /v1/officer/me", await portal.api("/v1/officer/me", { headers: officer }));
    record("GET /v1/officer/officers", await portal.api("/v1/officer/officers", { headers: officer }));
    const operator = { authorization: `Bearer ${await officerToken(portal.url, "operator1", portal.idp.demoPassword)}` };
    const leader2 = (await portal.adapters.officers.byUsername("leader2"))!;
    record(
      "POST /v1/officer/officers/{officerId}",
      await portal.api(`/v1/officer/officers/${leader2.officerId}`, { headers: operator, body: { roles: leader2.roles } }),
    );
    record("GET /v1/officer/dossiers", await portal.api("/v1/officer/dossiers?tab=new", { headers: officer }));
    const fourth = await submittedDossier(portal);
    record("GET /v1/officer/dossiers/{code}", await portal.api(`/v1/officer/dossiers/${fourth.code}`, { headers: officer }));
    record(
      "POST /v1/officer/dossiers/{code}/actions",
      await portal.api(`/v1/officer/dossiers/${fourth.code}/actions`, { headers: officer, body: { action: "receive", expectedVersion: 2 } }),
    );
    record("GET /v1/officer/dossiers/{code}/slips/{slip}", await portal.api(`/v1/officer/dossiers/${fourth.code}/slips/receipt`, { headers: officer }));
    const counter = await portal.api("/v1/officer/counter-dossiers", { headers: officer, body: { procedureCode: "1.001193", applicant, delivery: "in_person" } });
    record("POST /v1/officer/counter-dossiers", counter);
    const paper = pdfBytes(800, "officer-paper");
    const paperTicket = await portal.api(`/v1/officer/dossiers/${counter.body.dossier.code}/documents`, {
      headers: officer,
      body: { documentKey: "to-khai", fileName: "to-khai.pdf", mediaType: "application/pdf", size: paper.byteLength, sha256: sha256(paper) },
    });
    record("POST /v1/officer/dossiers/{code}/documents", paperTicket);
    await fetch(paperTicket.body.upload.url, { method: "PUT", headers: paperTicket.body.upload.headers, body: Buffer.from(paper) });
    record(
      "POST /v1/officer/dossiers/{code}/documents/{attachmentId}/verify",
      await portal.api(`/v1/officer/dossiers/${counter.body.dossier.code}/documents/${paperTicket.body.attachmentId}/verify`, { method: "POST", headers: officer }),
    );
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    record("GET /v1/officer/tracking-book", await portal.api(`/v1/officer/tracking-book?from=${today}&to=${today}`, { headers: officer }));
    const leader = { authorization: `Bearer ${await officerToken(portal.url, "leader2", portal.idp.demoPassword)}` };
    const resultFile = pdfBytes(700, "officer-result");
    record(
      "POST /v1/officer/dossiers/{code}/results",
      await portal.api(`/v1/officer/dossiers/${fourth.code}/results`, {
        headers: leader,
        body: { fileName: "kq.pdf", mediaType: "application/pdf", size: resultFile.byteLength, sha256: sha256(resultFile) },
      }),
    );

    // Every operation of the OpenAPI document that takes a dossier's token or an agency's key is in the list, so a
    // new route of that kind cannot be forgotten here.
    const doc = (await portal.api("/v1/openapi.json")).body as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const personal = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.security?.length || path.startsWith("/v1/agency/"))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(personal.length).toBeGreaterThan(8);
    for (const route of personal) expect(answers.map((a) => a.route), `${route} is not checked`).toContain(route);

    for (const answer of answers) {
      expect(answer.status, answer.route).toBeLessThan(500);
      expect(answer.cacheControl, `${answer.route} → ${answer.status}`).toBe("no-store");
    }
    // The answers above were the real ones (2xx), not errors that happen to say no-store.
    expect(answers.filter((a) => a.status >= 300).map((a) => `${a.route} ${a.status}`)).toEqual([]);
  }, 60_000);
});

describe("401 answers", () => {
  it("say how to authenticate: WWW-Authenticate: Bearer, with invalid_token when a credential was wrong", async () => {
    const none = await portal.api("/v1/agency/dossiers");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="dichvucong"');
    const wrong = await portal.api("/v1/agency/dossiers", { headers: { authorization: "Bearer dvc_not-a-real-key" } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toBe('Bearer realm="dichvucong", error="invalid_token"');
    const basic = await portal.api("/v1/agency/dossiers/x/actions", { headers: { authorization: "Basic dXNlcjpwYXNz" }, body: { action: "receive", expectedVersion: 1 } });
    expect(basic.status).toBe(401);
    expect(basic.headers.get("www-authenticate")).toMatch(/^Bearer realm="dichvucong"/);
    expect(basic.headers.get("cache-control")).toBe("no-store");
  });
});
