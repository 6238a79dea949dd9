import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applicant,
  pdfBytes,
  seedCatalogue,
  sha256,
  startTestPortal,
  submittedDossier,
  testProcedure,
  uploadDocument,
  type TestPortal,
} from "../support/portal";

let portal: TestPortal;

beforeAll(async () => {
  portal = await startTestPortal();
  await seedCatalogue(portal, [
    testProcedure(),
    testProcedure({ code: "2.000001", name: "Thủ tục chỉ thông tin", level: "info", resultDelivery: ["in_person"] }),
  ]);
});
afterAll(async () => portal?.cleanup());

const create = (body: unknown = { procedureCode: "1.001193", applicant, delivery: "online" }, headers: Record<string, string> = {}) =>
  portal.api("/v1/dossiers", { body, headers });
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe("citizen dossier flow over a real socket (dynalite + s3rver)", () => {
  it("creates a draft, uploads straight to storage, submits, and shows a public status without personal data", async () => {
    const created = await create();
    expect(created.status).toBe(201);
    const { code, accessToken } = created.body;
    expect(code).toMatch(/^000\.00\.31\.H99-\d{6}-\d{4}$/);
    expect(accessToken.length).toBeGreaterThanOrEqual(22);
    expect(created.body.status).toBe("draft");

    const a = await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(1500, "a"));
    expect(a.declared.status).toBe(201);
    expect(a.declared.body.upload.method).toBe("PUT");
    expect(a.declared.body.upload.url).not.toContain("to-khai.pdf"); // no citizen-supplied names in object keys
    expect(a.uploadStatus).toBe(200);
    const b = await uploadDocument(portal, code, accessToken, "giay-chung-sinh", pdfBytes(2500, "b"));
    expect(b.uploadStatus).toBe(200);

    const submitted = await portal.api(`/v1/dossiers/${code}/submit`, { method: "POST", headers: auth(accessToken) });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe("submitted");
    expect(Date.parse(submitted.body.submittedAt)).not.toBeNaN();

    const again = await portal.api(`/v1/dossiers/${code}/submit`, { method: "POST", headers: auth(accessToken) });
    expect(again.status).toBe(200);
    expect(again.body.submittedAt).toBe(submitted.body.submittedAt);

    const status = await portal.api(`/v1/dossiers/${code}/status`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ code, procedureCode: "1.001193", status: "submitted", dueAt: null });
    expect(status.body.timeline.map((t: { status: string }) => t.status)).toEqual(["draft", "submitted"]);
    const text = JSON.stringify(status.body);
    expect(text).not.toContain(applicant.idNumber);
    expect(text).not.toContain(applicant.phone);
    expect(text).not.toContain("Nguyễn");

    const full = await portal.api(`/v1/dossiers/${code}`, { headers: auth(accessToken) });
    expect(full.status).toBe(200);
    expect(full.body.applicant.idNumber).toBe(applicant.idNumber);
    expect(full.body).not.toHaveProperty("tokenHash");
    expect(full.body.attachments).toHaveLength(2);
    const download = full.body.attachments.find((x: { documentKey: string }) => x.documentKey === "to-khai").download;
    const file = await fetch(download.url);
    expect(file.status).toBe(200);
    expect(sha256(new Uint8Array(await file.arrayBuffer()))).toBe(sha256(pdfBytes(1500, "a")));
    expect(file.headers.get("content-disposition")).toContain("to-khai.pdf");
  });

  it("declares the chosen files with the dossier in one request, answering an upload ticket for each, in order", async () => {
    const files = [
      { documentKey: "to-khai", bytes: pdfBytes(1400, "one") },
      { documentKey: "giay-chung-sinh", bytes: pdfBytes(2600, "two") },
    ];
    const body = {
      procedureCode: "1.001193",
      applicant,
      delivery: "online",
      attachments: files.map((f) => ({
        documentKey: f.documentKey,
        fileName: `${f.documentKey}.pdf`,
        mediaType: "application/pdf",
        size: f.bytes.byteLength,
        sha256: sha256(f.bytes),
      })),
    };
    const created = await create(body, { "idempotency-key": `with-files-${Date.now()}` });
    expect(created.status).toBe(201);
    const { code, accessToken, uploads } = created.body;
    expect(uploads.map((u: { documentKey: string }) => u.documentKey)).toEqual(["to-khai", "giay-chung-sinh"]);
    for (const [i, ticket] of (uploads as { upload: { url: string; headers: Record<string, string> } }[]).entries()) {
      const put = await fetch(ticket.upload.url, { method: "PUT", headers: ticket.upload.headers, body: Buffer.from(files[i]!.bytes) });
      expect(put.status).toBe(200);
    }
    expect((await portal.api(`/v1/dossiers/${code}/submit`, { method: "POST", headers: auth(accessToken) })).body.status).toBe("submitted");
    const dossier = await portal.api(`/v1/dossiers/${code}`, { headers: auth(accessToken) });
    expect(dossier.body.attachments.map((a: { state: string; round: number }) => [a.state, a.round])).toEqual([
      ["verified", 0],
      ["verified", 0],
    ]);
  });

  it("refuses files declared with the dossier that break the procedure's rules, naming each, and creates nothing", async () => {
    const seq = (code: string) => Number(code.split("-").pop());
    const before = (await create()).body.code as string;
    const refused = await create({
      procedureCode: "1.001193",
      applicant,
      delivery: "online",
      attachments: [
        { documentKey: "to-khai", fileName: "a.png", mediaType: "image/png", size: 100, sha256: "a".repeat(64) },
        { documentKey: "khong-co", fileName: "b.pdf", mediaType: "application/pdf", size: 100, sha256: "b".repeat(64) },
        { documentKey: "to-khai", fileName: "c.pdf", mediaType: "application/pdf", size: 5 * 1024 * 1024, sha256: "c".repeat(64) },
      ],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe("dossier.attachments_invalid");
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual([
      "attachments.0.mediaType",
      "attachments.1.documentKey",
      "attachments.2.size",
    ]);
    // No code number was drawn for the refused request: the next dossier's number follows the one before.
    const after = (await create()).body.code as string;
    expect(seq(after)).toBe(seq(before) + 1);
  });

  it("gives the same 404 for a wrong token as for an unknown code", async () => {
    const { code } = await submittedDossier(portal);
    const wrong = await portal.api(`/v1/dossiers/${code}`, { headers: auth("not-the-token-at-all-000000000") });
    const unknown = await portal.api(`/v1/dossiers/000.00.31.H99-990101-9999`, { headers: auth("whatever-token-0000000000") });
    const none = await portal.api(`/v1/dossiers/${code}`);
    for (const res of [wrong, unknown, none]) {
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.code).toBe("dossier.not_found");
    }
    expect(wrong.body.title).toBe(unknown.body.title);
  });

  it("refuses an oversize file, a wrong type, a missing required document and a checksum mismatch, each precisely", async () => {
    const { code, accessToken } = (await create()).body;

    const oversize = await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(10), { declaredSize: 2 * 1024 * 1024 });
    expect(oversize.declared.status).toBe(422);
    expect(oversize.declared.body.code).toBe("attachment.too_large");
    expect(oversize.declared.body.errors).toEqual([{ path: "size", message: expect.stringContaining("1 MB") }]);

    const wrongType = await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(10), { mediaType: "image/png" });
    expect(wrongType.declared.status).toBe(422);
    expect(wrongType.declared.body.code).toBe("attachment.type_not_allowed");

    // Declared right, but the bytes that arrive are not the declared ones: caught at submit.
    const declaredBytes = pdfBytes(1200, "declared");
    await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(1200, "other!!!"), { declaredSha: sha256(declaredBytes) });
    const submit = await portal.api(`/v1/dossiers/${code}/submit`, {
      method: "POST",
      headers: { ...auth(accessToken), "accept-language": "en" },
    });
    expect(submit.status).toBe(422);
    expect(submit.body.code).toBe("dossier.attachments_invalid");
    expect(submit.body.errors).toEqual([
      { path: "documents.giay-chung-sinh", message: "Required document not uploaded" },
      { path: "documents.to-khai", message: "The uploaded content does not match its SHA-256" },
    ]);
    const status = await portal.api(`/v1/dossiers/${code}`, { headers: auth(accessToken) });
    expect(status.body.status).toBe("draft");
  });

  it("catches an upload whose size or type differs from its declaration", async () => {
    const { code, accessToken } = (await create()).body;
    const bytes = pdfBytes(900, "s");
    await uploadDocument(portal, code, accessToken, "to-khai", bytes, { declaredSize: 901 });
    await uploadDocument(portal, code, accessToken, "giay-chung-sinh", pdfBytes(800, "t"), { uploadType: "image/png" });
    const submit = await portal.api(`/v1/dossiers/${code}/submit`, { method: "POST", headers: auth(accessToken) });
    expect(submit.status).toBe(422);
    expect(submit.body.errors.map((e: { path: string }) => e.path)).toEqual(["documents.giay-chung-sinh", "documents.to-khai"]);
    expect(submit.body.errors[0].message).toBe("Loại tệp khác với khai báo");
    expect(submit.body.errors[1].message).toBe("Dung lượng tệp khác với khai báo");
  });

  it("makes one dossier of 20 concurrent creates with one Idempotency-Key, and 422s the key with another body", async () => {
    const key = `create-${Date.now()}-same`;
    const answers = await Promise.all(Array.from({ length: 20 }, () => create(undefined, { "idempotency-key": key })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body.code)).size).toBe(1);
    expect(new Set(answers.map((a) => a.body.accessToken)).size).toBe(1);
    const { code, accessToken } = answers[0]!.body;
    expect((await portal.api(`/v1/dossiers/${code}`, { headers: auth(accessToken) })).status).toBe(200);

    const other = await create({ procedureCode: "1.001193", applicant: { ...applicant, fullName: "Trần Thị Bình" }, delivery: "online" }, { "idempotency-key": key });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe("idempotency.key_reused");
  });

  it("gives 200 concurrent creates 200 distinct codes", async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, () => create()));
    expect(answers.filter((a) => a.status !== 201).map((a) => [a.status, a.body?.code])).toEqual([]);
    const codes = answers.map((a) => a.body.code as string);
    expect(new Set(codes).size).toBe(200);
    const sequences = codes.map((c) => Number(c.split("-").pop()));
    expect(Math.max(...sequences) - Math.min(...sequences)).toBe(199);
  });

  it("validates applicant fields with messages in Vietnamese by default and English on request", async () => {
    const bad = { procedureCode: "1.001193", applicant: { fullName: "A", idNumber: "12345", phone: "12345", email: "x@" }, delivery: "online" };
    const vi = await create(bad);
    expect(vi.status).toBe(400);
    expect(vi.headers.get("content-type")).toContain("application/problem+json");
    const paths = vi.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(["applicant.email", "applicant.fullName", "applicant.idNumber", "applicant.phone"]);
    expect(vi.body.errors.find((e: { path: string }) => e.path === "applicant.phone").message).toBe(
      "Số điện thoại không phải số di động Việt Nam hợp lệ",
    );
    const en = await portal.api("/v1/dossiers", { body: bad, headers: { "accept-language": "en-US,en;q=0.9" } });
    expect(en.body.errors.find((e: { path: string }) => e.path === "applicant.phone").message).toBe(
      "Not a valid Vietnamese mobile number",
    );
    const old = await create({ ...bad, applicant: { ...applicant, idType: "cmnd", idNumber: "123456789" } });
    expect(old.status).toBe(201);
  });

  it("refuses dossiers for information-only procedures and unknown procedures", async () => {
    const info = await create({ procedureCode: "2.000001", applicant, delivery: "in_person" });
    expect(info.status).toBe(422);
    expect(info.body.code).toBe("dossier.procedure_info_only");
    const unknown = await create({ procedureCode: "9.999999", applicant, delivery: "online" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe("procedure.not_found");
  });

  it("answers malformed JSON with 400, a non-JSON body with 415 and an unknown route with 404, all problem+json", async () => {
    const malformed = await portal.api("/v1/dossiers", { body: "{not json" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe("request.malformed_json");
    const form = await portal.api("/v1/dossiers", { body: "a=b", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(form.status).toBe(415);
    const unknown = await portal.api("/v1/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toContain("application/problem+json");
    expect(unknown.body).toMatchObject({ code: "route.not_found", status: 404, instance: "/v1/nothing-here" });
    for (const res of [malformed, form, unknown]) {
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
      expect(res.headers.get("x-request-id")).toBeTruthy();
    }
  });

  it("lets the holder withdraw before a result, once", async () => {
    const { code, accessToken } = await submittedDossier(portal);
    const withdrawn = await portal.api(`/v1/dossiers/${code}/withdraw`, { headers: auth(accessToken), body: { reason: "Nộp nhầm" } });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe("withdrawn");
    const twice = await portal.api(`/v1/dossiers/${code}/withdraw`, { headers: auth(accessToken), body: { reason: "again" } });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe("dossier.invalid_transition");
  });
});
