import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../functions/core/agency/keys";
import { vietnamDate } from "../../functions/core/calendar";
import { describe as message } from "../../functions/core/messages";
import { runDay } from "../../functions/core/stats/service";
import { pdfCarrying } from "../support/eicar";
import { officerToken } from "../support/officer-login";
import { applicant, OTHER_AGENCY, pdfBytes, seedCatalogue, sha256, startTestPortal, submittedDossier, testProcedure, type TestPortal } from "../support/portal";

/**
 * The papers of a walk-in applicant, over a real socket (docs/api.md "Officers"): the intake officer takes the
 * dossier in at the counter (received at once), then attaches each paper scanned at the desk — declared, uploaded
 * with the presigned request, checked in storage (size, type, SHA-256) and screened by the real ClamAV daemon, then
 * listed on the dossier with a timeline entry naming the officer. Refused for another agency's officer, for a role
 * the matrix does not allow, for an online dossier; a bad upload is refused and can be uploaded again.
 */

// The demo officers' agency A is Sở Tư pháp (000.00.12.H99 = OTHER_AGENCY); intake2 is of the other agency.
const PROC_A = "1.002001";
let portal: TestPortal;
let agencyKey: string;
const tokens: Record<string, string> = {};
const en = { "accept-language": "en" };
const title = (code: string) => message(code, "en").title;
const as = (user: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  portal.api(path, { ...init, headers: { authorization: `Bearer ${tokens[user]}`, ...en, ...init.headers } });

const jpegBytes = (size: number, seed: string) =>
  new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...Buffer.from(`JFIF\0${seed}`), ...new Uint8Array(size)]);
const fileOf = (documentKey: string, bytes: Uint8Array, mediaType = "application/pdf", fileName = `${documentKey}.pdf`) => ({
  documentKey,
  fileName,
  mediaType,
  size: bytes.byteLength,
  sha256: sha256(bytes),
});
const put = (ticket: { upload: { url: string; headers: Record<string, string> } }, bytes: Uint8Array) =>
  fetch(ticket.upload.url, { method: "PUT", headers: ticket.upload.headers, body: Buffer.from(bytes) }).then((r) => r.status);

async function counterDossier(user = "intake1") {
  const made = await as(user, "/v1/officer/counter-dossiers", { body: { procedureCode: PROC_A, applicant, delivery: "in_person" } });
  expect(made.status).toBe(201);
  return made.body as { dossier: { code: string; version: number }; accessToken: string };
}
const declare = (user: string, code: string, body: unknown, key?: string) =>
  as(user, `/v1/officer/dossiers/${code}/documents`, { body, headers: key ? { "idempotency-key": key } : {} });
const verify = (user: string, code: string, id: string) => as(user, `/v1/officer/dossiers/${code}/documents/${id}/verify`, { method: "POST" });
/** An action as `user` on the dossier's current version, read by its own agency's intake (another agency's officer cannot read it). */
async function act(user: string, code: string, body: Record<string, unknown>) {
  const current = await as("intake1", `/v1/officer/dossiers/${code}`);
  return as(user, `/v1/officer/dossiers/${code}/actions`, { body: { ...body, expectedVersion: current.body.version } });
}

beforeAll(async () => {
  portal = await startTestPortal({ malwareScan: true });
  expect(portal.scanner?.name, "ClamAV must run for these tests: apt-get install clamav-daemon (.ci/run does)").toBe("clamav");
  await seedCatalogue(portal, [testProcedure(), testProcedure({ code: PROC_A, name: "Cấp phiếu lý lịch tư pháp", agencyCode: OTHER_AGENCY.code })]);
  agencyKey = (await createApiKey(portal.adapters.keys, async () => true, { agencyCode: OTHER_AGENCY.code, now: new Date() })).apiKey;
  for (const user of ["intake1", "specialist1", "leader1", "intake2"]) tokens[user] = await officerToken(portal.url, user, portal.idp.demoPassword);
}, 120_000);
afterAll(async () => portal?.cleanup());

describe("an intake officer attaches a walk-in applicant's papers to the counter dossier", () => {
  it("declares, uploads, verifies and lists each paper, naming the officer; retries land on the same paper", async () => {
    const { dossier, accessToken } = await counterDossier();
    const { code } = dossier;
    const form = pdfBytes(1500, "to-khai scanned at the desk");
    const photo = jpegBytes(900, "giay chung sinh photographed");

    const ticket = await declare("intake1", code, fileOf("to-khai", form), "paper-to-khai-0001");
    expect(ticket.status).toBe(201);
    expect(ticket.headers.get("cache-control")).toBe("no-store");
    expect(ticket.body).toMatchObject({ documentKey: "to-khai", state: "declared", upload: { method: "PUT" } });
    // A retry under the same key, and the same file without one, are the same paper with a fresh ticket.
    const again = await declare("intake1", code, fileOf("to-khai", form), "paper-to-khai-0001");
    const unkeyed = await declare("intake1", code, fileOf("to-khai", form));
    expect([again.status, again.body.attachmentId, unkeyed.body.attachmentId]).toEqual([201, ticket.body.attachmentId, ticket.body.attachmentId]);

    // Not uploaded yet: refused, named, nothing recorded.
    const early = await verify("intake1", code, ticket.body.attachmentId);
    expect([early.status, early.body.code]).toEqual([422, "attachment.missing_upload"]);
    expect(early.body.errors).toEqual([{ path: "documents.to-khai", message: title("attachment.missing_upload") }]);

    expect(await put(again.body, form)).toBe(200);
    const attached = await verify("intake1", code, ticket.body.attachmentId);
    expect(attached.status).toBe(200);
    expect(attached.body).toMatchObject({ code, status: "received", channel: "counter", version: dossier.version + 1 });
    expect(attached.body.attachments).toEqual([
      expect.objectContaining({ id: ticket.body.attachmentId, documentKey: "to-khai", state: "verified", sha256: sha256(form), download: expect.objectContaining({ url: expect.any(String) }) }),
    ]);
    expect(attached.body.timeline.at(-1)).toMatchObject({
      action: "attach_document",
      status: "received",
      note: "to-khai",
      by: { type: "officer", name: "Nguyễn Thị Tiếp Nhận", agencyCode: OTHER_AGENCY.code },
    });
    // The download is the paper as scanned.
    const download = await fetch(attached.body.attachments[0].download.url);
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(form))).toBe(true);

    // Asked again (a lost answer): the dossier as it is, nothing recorded twice; declared again: nothing to upload.
    const twice = await verify("intake1", code, ticket.body.attachmentId);
    expect([twice.status, twice.body.version, twice.body.timeline.length]).toEqual([200, attached.body.version, attached.body.timeline.length]);
    const redeclared = await declare("intake1", code, fileOf("to-khai", form));
    expect(redeclared.body).toMatchObject({ attachmentId: ticket.body.attachmentId, state: "verified", upload: null, expiresAt: null });
    const rekeyed = await declare("intake1", code, fileOf("to-khai", form), "paper-to-khai-0001");
    expect(rekeyed.body).toMatchObject({ attachmentId: ticket.body.attachmentId, state: "verified", upload: null });

    // A photo of the birth certificate (JPEG), the procedure allows it for that document.
    const photoTicket = await declare("intake1", code, fileOf("giay-chung-sinh", photo, "image/jpeg", "giay-chung-sinh.jpg"), "paper-gcs-00001");
    expect(await put(photoTicket.body, photo)).toBe(200);
    const both = await verify("intake1", code, photoTicket.body.attachmentId);
    expect(both.status).toBe(200);
    expect(both.body.attachments.map((a: { documentKey: string; state: string }) => [a.documentKey, a.state])).toEqual([
      ["to-khai", "verified"],
      ["giay-chung-sinh", "verified"],
    ]);

    // The applicant, with the receipt's access token, sees the papers; the public status names no officer.
    const holder = await portal.api(`/v1/dossiers/${code}`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(holder.body.attachments.map((a: { state: string }) => a.state)).toEqual(["verified", "verified"]);
    const status = await portal.api(`/v1/dossiers/${code}/status`);
    expect(status.body.timeline.map((e: { action: string }) => e.action)).toEqual(["create", "counter_intake", "attach_document", "attach_document"]);
    expect(JSON.stringify(status.body)).not.toContain("Tiếp Nhận");

    // Each paper is an event of the dossier for the agency's systems: which file, never the applicant.
    await expect
      .poll(async () => {
        const events = await portal.api(`/v1/agency/dossiers/${code}/events`, { headers: { authorization: `Bearer ${agencyKey}` } });
        return (events.body.items ?? []).map((e: { type: string; data: { attachmentIds?: string[] } }) => [e.type, e.data.attachmentIds ?? null]);
      }, { timeout: 15_000 })
      .toEqual([
        ["dossier.received", null],
        ["dossier.document_attached", [ticket.body.attachmentId]],
        ["dossier.document_attached", [photoTicket.body.attachmentId]],
      ]);
  });

  it("refuses a bad upload (checksum, malware), recording nothing, and takes the paper once uploaded again", async () => {
    const { dossier } = await counterDossier();
    const { code } = dossier;
    const scan = pdfBytes(1200, "uy quyen scanned");
    const ticket = await declare("intake1", code, fileOf("uy-quyen", scan), "paper-uq-000001");
    // The same size, other bytes: what a broken connection or a bad client stores.
    const corrupted = pdfBytes(1200, "uy quyen CORRUPT");
    expect(await put(ticket.body, corrupted)).toBe(200);
    const refused = await verify("intake1", code, ticket.body.attachmentId);
    expect([refused.status, refused.body.code]).toEqual([422, "attachment.checksum_mismatch"]);
    expect(refused.body.errors).toEqual([{ path: "documents.uy-quyen", message: title("attachment.checksum_mismatch") }]);
    const unchanged = await as("intake1", `/v1/officer/dossiers/${code}`);
    expect([unchanged.body.version, unchanged.body.attachments[0].state, unchanged.body.attachments[0].download]).toEqual([dossier.version, "declared", null]);

    // The retry: the same declaration (same key) gives a fresh ticket, the right bytes, then it counts.
    const retry = await declare("intake1", code, fileOf("uy-quyen", scan), "paper-uq-000001");
    expect(retry.body.attachmentId).toBe(ticket.body.attachmentId);
    expect(await put(retry.body, scan)).toBe(200);
    expect((await verify("intake1", code, ticket.body.attachmentId)).status).toBe(200);

    // A PDF carrying the EICAR test file: ClamAV finds it, the paper is refused.
    const infected = pdfCarrying();
    const bad = await declare("intake1", code, fileOf("to-khai", infected));
    expect(await put(bad.body, infected)).toBe(200);
    const malware = await verify("intake1", code, bad.body.attachmentId);
    expect([malware.status, malware.body.code]).toEqual([422, "attachment.infected"]);
    expect((await as("intake1", `/v1/officer/dossiers/${code}`)).body.attachments.map((a: { state: string }) => a.state)).toEqual(["verified", "declared"]);
  });

  it("records papers verified at the same moment, each once (another change between read and write is retried)", async () => {
    const { dossier } = await counterDossier();
    const [form, photo] = [pdfBytes(900, "race to-khai"), jpegBytes(900, "race gcs")];
    const a = await declare("intake1", dossier.code, fileOf("to-khai", form));
    const b = await declare("intake1", dossier.code, fileOf("giay-chung-sinh", photo, "image/jpeg", "gcs.jpg"));
    expect([await put(a.body, form), await put(b.body, photo)]).toEqual([200, 200]);
    const answers = await Promise.all([
      verify("intake1", dossier.code, a.body.attachmentId),
      verify("intake1", dossier.code, b.body.attachmentId),
      verify("intake1", dossier.code, a.body.attachmentId),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    const after = (await as("intake1", `/v1/officer/dossiers/${dossier.code}`)).body;
    expect(after.attachments.map((f: { state: string }) => f.state)).toEqual(["verified", "verified"]);
    expect(after.timeline.filter((e: { action: string }) => e.action === "attach_document")).toHaveLength(2);
    expect(after.version).toBe(dossier.version + 2);
  });

  it("checks the procedure's documents as for the citizen's uploads", async () => {
    const { dossier } = await counterDossier();
    const unknown = await declare("intake1", dossier.code, fileOf("ho-chieu", pdfBytes(500)));
    expect([unknown.status, unknown.body.code]).toEqual([422, "attachment.unknown_document"]);
    const photo = jpegBytes(500, "x");
    const wrongType = await declare("intake1", dossier.code, fileOf("to-khai", photo, "image/jpeg", "to-khai.jpg"));
    expect([wrongType.status, wrongType.body.code]).toEqual([422, "attachment.type_not_allowed"]);
    const tooBig = await declare("intake1", dossier.code, { ...fileOf("to-khai", pdfBytes(500)), size: 2 * 1024 * 1024 });
    expect([tooBig.status, tooBig.body.code]).toEqual([422, "attachment.too_large"]);
    const malformed = await declare("intake1", dossier.code, { ...fileOf("to-khai", pdfBytes(500)), sha256: "abc" });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toContain("application/problem+json");
    // Nothing refused stays on the dossier.
    expect((await as("intake1", `/v1/officer/dossiers/${dossier.code}`)).body.attachments).toEqual([]);
  });

  it("refuses another agency's officer, a role the matrix does not allow, an online dossier, an unknown paper", async () => {
    const { dossier } = await counterDossier();
    const form = pdfBytes(700, "refusals");
    const ticket = await declare("intake1", dossier.code, fileOf("to-khai", form));
    expect(await put(ticket.body, form)).toBe(200);
    for (const user of ["intake2", "specialist1", "leader1"]) {
      const declared = await declare(user, dossier.code, fileOf("to-khai", form));
      expect([user, declared.status, declared.body.code]).toEqual([user, 403, "officer.forbidden"]);
      const verified = await verify(user, dossier.code, ticket.body.attachmentId);
      expect([user, verified.status, verified.body.code]).toEqual([user, 403, "officer.forbidden"]);
    }
    expect((await as("intake1", `/v1/officer/dossiers/${dossier.code}`)).body.version).toBe(dossier.version);
    const unknown = await verify("intake1", dossier.code, "0123456789abcdef0123456789abcdef");
    expect([unknown.status, unknown.body.code]).toEqual([404, "attachment.not_found"]);
    expect((await verify("intake1", "000.00.12.H99-261201-9999", ticket.body.attachmentId)).status).toBe(404);

    // An online dossier: its papers are the citizen's, what is missing is asked of them.
    const online = await submittedDossier(portal, PROC_A);
    const waiting = await declare("intake1", online.code, fileOf("uy-quyen", form));
    expect([waiting.status, waiting.body.code]).toEqual([409, "dossier.invalid_transition"]);
    const current = await as("intake1", `/v1/officer/dossiers/${online.code}`);
    expect((await as("intake1", `/v1/officer/dossiers/${online.code}/actions`, { body: { action: "receive", expectedVersion: current.body.version } })).status).toBe(200);
    const refused = await declare("intake1", online.code, fileOf("uy-quyen", form));
    expect([refused.status, refused.body.code]).toEqual([422, "attachment.counter_only"]);
    const citizens = (await as("intake1", `/v1/officer/dossiers/${online.code}`)).body.attachments[0];
    const onVerify = await verify("intake1", online.code, citizens.id);
    expect([onVerify.status, onVerify.body.code]).toEqual([422, "attachment.counter_only"]);
    expect((await as("intake1", `/v1/officer/dossiers/${online.code}`)).body.timeline.at(-1).action).toBe("receive");

    // Once decided, a counter dossier takes no more papers.
    const leader = await as("leader1", `/v1/officer/dossiers/${dossier.code}/actions`, { body: { action: "approve", expectedVersion: dossier.version } });
    expect(leader.status).toBe(200);
    const late = await declare("intake1", dossier.code, fileOf("uy-quyen", pdfBytes(600, "late")));
    expect([late.status, late.body.code]).toEqual([409, "dossier.invalid_transition"]);
    const lateVerify = await verify("intake1", dossier.code, ticket.body.attachmentId);
    expect([lateVerify.status, lateVerify.body.code]).toEqual([409, "dossier.invalid_transition"]);
  });

  it("takes a supplement brought back to the desk: the papers asked for attached while it waits, then the dossier goes back with its clock resumed", async () => {
    const { dossier } = await counterDossier();
    const asked = await act("intake1", dossier.code, { action: "request_supplement", note: "Thiếu giấy ủy quyền", items: [{ documentKey: "uy-quyen", reason: "Chưa nộp" }] });
    expect([asked.status, asked.body.status]).toEqual([200, "supplement_requested"]);
    const pausedDue = asked.body.dueAt;

    // Nothing brought yet: refused, the dossier still waits.
    const empty = await act("intake1", dossier.code, { action: "receive_supplement" });
    expect([empty.status, empty.body.code]).toEqual([422, "dossier.supplement_empty"]);
    // Only the one-stop desk records it.
    for (const user of ["specialist1", "leader1", "intake2"]) {
      const refused = await act(user, dossier.code, { action: "receive_supplement" });
      expect([user, refused.status, refused.body.code]).toEqual([user, 403, "officer.forbidden"]);
    }

    // The paper, scanned at the desk while the dossier waits: checked in storage and screened as any paper.
    const paper = pdfBytes(800, "giay uy quyen brought back");
    const ticket = await declare("intake1", dossier.code, fileOf("uy-quyen", paper), "paper-uy-quyen-01");
    expect(ticket.status).toBe(201);
    expect(await put(ticket.body, paper)).toBe(200);
    const attached = await verify("intake1", dossier.code, ticket.body.attachmentId);
    expect(attached.status).toBe(200);
    expect(attached.body).toMatchObject({ status: "supplement_requested" });
    expect(attached.body.attachments.find((a: { id: string }) => a.id === ticket.body.attachmentId)).toMatchObject({ documentKey: "uy-quyen", state: "verified" });

    const taken = await act("intake1", dossier.code, { action: "receive_supplement", note: "Người nộp mang bản gốc giấy ủy quyền" });
    expect(taken.status).toBe(200);
    expect(taken.body.status).toBe("received");
    expect(Date.parse(taken.body.dueAt)).toBeGreaterThanOrEqual(Date.parse(pausedDue));
    expect(taken.body.timeline.slice(-2)).toMatchObject([
      { action: "attach_document", status: "supplement_requested", note: "uy-quyen", by: { type: "officer", name: "Nguyễn Thị Tiếp Nhận" } },
      { action: "receive_supplement", status: "received", note: "Người nộp mang bản gốc giấy ủy quyền", by: { type: "officer", name: "Nguyễn Thị Tiếp Nhận" } },
    ]);
    // Back on the agency's "processing" tab, off "waiting for the citizen".
    const inbox = await as("intake1", "/v1/officer/dossiers?tab=processing&limit=100");
    expect(inbox.body.items.map((i: { code: string }) => i.code)).toContain(dossier.code);
    // The agency's systems hear of it as of any supplement.
    await expect
      .poll(async () => {
        const events = await portal.api(`/v1/agency/dossiers/${dossier.code}/events`, { headers: { authorization: `Bearer ${agencyKey}` } });
        return (events.body.items ?? []).map((e: { type: string; actor: { type: string } }) => [e.type, e.actor.type]).slice(-2);
      }, { timeout: 15_000 })
      .toEqual([
        ["dossier.document_attached", "officer"],
        ["dossier.supplemented", "officer"],
      ]);
    // Asked again (a lost answer): the dossier moved on, a plain conflict.
    const again = await as("intake1", `/v1/officer/dossiers/${dossier.code}/actions`, { body: { action: "receive_supplement", expectedVersion: taken.body.version } });
    expect([again.status, again.body.code]).toEqual([409, "dossier.invalid_transition"]);

    // An online dossier waiting for its citizen: the citizen supplements online, the desk records nothing.
    const online = await submittedDossier(portal, PROC_A);
    expect((await act("intake1", online.code, { action: "receive" })).status).toBe(200);
    expect((await act("intake1", online.code, { action: "request_supplement", note: "Thiếu giấy ủy quyền" })).status).toBe(200);
    const deskOnline = await act("intake1", online.code, { action: "receive_supplement" });
    expect([deskOnline.status, deskOnline.body.code]).toEqual([422, "attachment.counter_only"]);
    const paperOnline = await declare("intake1", online.code, fileOf("uy-quyen", paper));
    expect([paperOnline.status, paperOnline.body.code]).toEqual([422, "attachment.counter_only"]);
  });

  it("the statistics still count counter dossiers with papers as received at the counter, not online", async () => {
    const today = vietnamDate(new Date());
    await runDay({ source: portal.adapters.days, store: portal.adapters.stats, catalogue: portal.adapters.catalogue, now: () => new Date() }, today);
    const rows = (await portal.api(`/v1/stats/daily?from=${today}&to=${today}`)).body.items as Array<Record<string, number | string>>;
    const row = rows.find((r) => r.agencyCode === OTHER_AGENCY.code);
    // Six counter dossiers above (four with papers attached), and the two online dossiers received.
    expect(row).toMatchObject({ receivedCounter: 6, receivedOnline: 2, received: 8 });
  });
});
