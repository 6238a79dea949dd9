import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../functions/core/agency/keys";
import { describe as message } from "../../functions/core/messages";
import { eicarBytes, pdfCarrying } from "../support/eicar";
import { docxBytes } from "../support/office";
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
 * Issue #18 item 2 and "Malware scanning", over a real socket, through the real ClamAV daemon (Debian's
 * clamav-daemon with the EICAR signature the project ships): every file handed in — at submission, in a supplement,
 * as an agency's result — is checked against its declared type by its first bytes and scanned; a mismatch or an
 * infected file refuses the step with a 422 naming the document, and nothing moves.
 */

let portal: TestPortal;
let agencyKey: string;
const en = { "accept-language": "en" };
const title = (code: string) => message(code, "en").title;

/** A Windows program's first bytes (MZ header pointing at a PE header), padded: what `hoa-don.pdf.exe` holds. */
function programBytes(size = 4096): Uint8Array {
  const bytes = Buffer.alloc(size);
  bytes.write("MZ");
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write("PE\0\0", 0x80, "latin1");
  return new Uint8Array(bytes);
}

async function draft(procedureCode = "1.001193") {
  const created = await portal.api("/v1/dossiers", { body: { procedureCode, applicant, delivery: "online" } });
  expect(created.status).toBe(201);
  return created.body as { code: string; accessToken: string };
}

const holder = (token: string) => ({ authorization: `Bearer ${token}`, ...en });
const agency = () => ({ authorization: `Bearer ${agencyKey}`, ...en });
const submit = (code: string, token: string) => portal.api(`/v1/dossiers/${code}/submit`, { method: "POST", headers: holder(token) });
const read = async (code: string, token: string) => (await portal.api(`/v1/dossiers/${code}`, { headers: holder(token) })).body;
/** An agency action at the dossier's current version. */
async function act(code: string, body: Record<string, unknown>) {
  const current = await portal.api(`/v1/agency/dossiers/${code}`, { headers: agency() });
  return portal.api(`/v1/agency/dossiers/${code}/actions`, { headers: agency(), body: { expectedVersion: current.body.version, ...body } });
}

beforeAll(async () => {
  portal = await startTestPortal({ malwareScan: true });
  expect(portal.scanner?.name, "ClamAV must run for these tests: apt-get install clamav-daemon (.ci/run does)").toBe("clamav");
  await seedCatalogue(portal, [
    testProcedure(),
    testProcedure({
      code: "1.000002",
      name: "Thủ tục nhận tệp Word",
      documents: [{ key: "don", name: "Đơn", required: true, maxSizeMB: 1, mediaTypes: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] }],
    }),
  ]);
  agencyKey = (await createApiKey(portal.adapters.keys, async () => true, { agencyCode: TEST_AGENCY.code, now: new Date() })).apiKey;
}, 120_000);
afterAll(async () => portal?.cleanup());

describe("submission screens every file (content and malware)", () => {
  it("refuses an EICAR file declared as a PDF, naming the document, and moves nothing", async () => {
    const { code, accessToken } = await draft();
    expect((await uploadDocument(portal, code, accessToken, "to-khai", eicarBytes(), { fileName: "to-khai.pdf" })).uploadStatus).toBe(200);
    expect((await uploadDocument(portal, code, accessToken, "giay-chung-sinh", pdfBytes(3000, "gcs"))).uploadStatus).toBe(200);
    const before = await read(code, accessToken);

    const refused = await submit(code, accessToken);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: "dossier.attachments_invalid" });
    expect(refused.body.errors).toEqual([{ path: "documents.to-khai", message: title("attachment.infected") }]);

    const after = await read(code, accessToken);
    expect(after.status).toBe("draft");
    expect(after.version).toBe(before.version);
    expect(after.attachments.map((a: { state: string }) => a.state)).toEqual(["declared", "declared"]);
    expect(after.timeline).toEqual(before.timeline);
  });

  it("refuses a real PDF that carries the EICAR file inside: its content is right, ClamAV finds what it holds", async () => {
    const { code, accessToken } = await draft();
    await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(1000, "tk"));
    await uploadDocument(portal, code, accessToken, "giay-chung-sinh", pdfCarrying(), { fileName: "giay-chung-sinh.pdf" });
    const refused = await submit(code, accessToken);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ path: "documents.giay-chung-sinh", message: title("attachment.infected") }]);
  });

  it("refuses a picture and a web page declared as PDFs, and a PDF declared as a Word file, each by its document", async () => {
    const { code, accessToken } = await draft();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Uint8Array(500)]);
    await uploadDocument(portal, code, accessToken, "to-khai", png, { fileName: "to-khai.pdf" });
    await uploadDocument(portal, code, accessToken, "giay-chung-sinh", new TextEncoder().encode("<!doctype html><script>alert(1)</script>"), {
      fileName: "report.html",
    });
    const refused = await submit(code, accessToken);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { path: "documents.giay-chung-sinh", message: title("attachment.content_mismatch") },
      { path: "documents.to-khai", message: title("attachment.content_mismatch") },
    ]);
    expect((await read(code, accessToken)).status).toBe("draft");

    const word = await draft("1.000002");
    const docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    await uploadDocument(portal, word.code, word.accessToken, "don", pdfBytes(2000, "not word"), { mediaType: docx, fileName: "don.docx" });
    const wrong = await submit(word.code, word.accessToken);
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([{ path: "documents.don", message: title("attachment.content_mismatch") }]);
  });

  it("refuses a program declared as a PDF (hoa-don.pdf.exe): ClamAV's heuristics call a broken executable malware", async () => {
    // The portal's clamd runs with AlertBrokenExecutables (functions/local/clamd.ts); the content check would
    // refuse it too, and malware is reported first.
    const { code, accessToken } = await draft();
    await uploadDocument(portal, code, accessToken, "to-khai", programBytes(), { fileName: "hoa-don.pdf.exe" });
    await uploadDocument(portal, code, accessToken, "giay-chung-sinh", pdfBytes(3000, "gcs"));
    const refused = await submit(code, accessToken);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ path: "documents.to-khai", message: title("attachment.infected") }]);
  });

  it("takes files that are what they say and scan clean: PDF, JPEG, PNG, a Word file", async () => {
    const { code, accessToken } = await draft();
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...Buffer.from("JFIF\0"), ...new Uint8Array(500)]);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Uint8Array(500)]);
    await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(1000, "tk"));
    await uploadDocument(portal, code, accessToken, "giay-chung-sinh", jpeg, { mediaType: "image/jpeg", fileName: "gcs.jpg" });
    await uploadDocument(portal, code, accessToken, "giay-chung-sinh", png, { mediaType: "image/png", fileName: "gcs.png" });
    const accepted = await submit(code, accessToken);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.status).toBe("submitted");

    const word = await draft("1.000002");
    await uploadDocument(portal, word.code, word.accessToken, "don", docxBytes(), {
      mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      fileName: "don.docx",
    });
    expect((await submit(word.code, word.accessToken)).status).toBe(200);
  });

  it("screens a supplement's new files: an EICAR file is refused and the dossier stays waiting for the supplement", async () => {
    const { code, accessToken } = await submittedDossier(portal);
    expect((await act(code, { action: "receive" })).status).toBe(200);
    expect((await act(code, { action: "request_supplement", note: "Bản chụp giấy chứng sinh bị mờ" })).status).toBe(200);
    await uploadDocument(portal, code, accessToken, "giay-chung-sinh", eicarBytes(), { fileName: "gcs-moi.pdf" });
    const refused = await portal.api(`/v1/dossiers/${code}/supplement`, { headers: holder(accessToken), body: { note: "Đã bổ sung" } });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ path: "documents.giay-chung-sinh", message: title("attachment.infected") }]);
    expect((await read(code, accessToken)).status).toBe("supplement_requested");
  });

  it("screens an agency's result: an EICAR result is refused naming it, and the dossier is not returned", async () => {
    const { code, accessToken } = await submittedDossier(portal);
    expect((await act(code, { action: "receive" })).status).toBe(200);
    expect((await act(code, { action: "approve" })).status).toBe(200);
    const bytes = eicarBytes();
    const ticket = await portal.api(`/v1/agency/dossiers/${code}/results`, {
      headers: agency(),
      body: { fileName: "ket-qua.pdf", mediaType: "application/pdf", size: bytes.byteLength, sha256: sha256(bytes) },
    });
    expect(ticket.status).toBe(201);
    expect((await fetch(ticket.body.upload.url, { method: "PUT", headers: ticket.body.upload.headers, body: Buffer.from(bytes) })).status).toBe(200);
    const refused = await act(code, { action: "return_result", resultAttachmentIds: [ticket.body.attachmentId] });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: "dossier.result_required" });
    expect(refused.body.errors).toEqual([{ path: `results.${ticket.body.attachmentId}`, message: title("attachment.infected") }]);
    expect((await read(code, accessToken)).status).toBe("approved");
  });
});

describe("a scanner that does not answer", () => {
  it("makes submission answer 503 with Retry-After (never a pass, never a 500), and nothing moves", async () => {
    // Last in this file: it stops the portal's daemon.
    const { code, accessToken } = await draft();
    await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(1000, "tk"));
    await uploadDocument(portal, code, accessToken, "giay-chung-sinh", pdfBytes(3000, "gcs"));
    await portal.clamd!.stop();
    const refused = await submit(code, accessToken);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: "storage.unavailable" });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await read(code, accessToken)).status).toBe("draft");
  });
});
