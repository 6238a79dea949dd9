import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalogue } from "../../functions/core/catalogue/import";
import type { FormDefinition } from "../../functions/core/forms/definition";
import { BIRTH_FORM, birthAnswers } from "../support/forms";
import { pdfText } from "../support/pdf-text";
import { createApiKey } from "../../functions/core/agency/keys";
import { applicant, pdfBytes, sha256, TEST_AGENCY, seedCatalogue, startTestPortal, testProcedure, uploadDocument, type TestPortal } from "../support/portal";


let portal: TestPortal;
const procedure = () => testProcedure({ code: "1.001193", form: BIRTH_FORM });

beforeAll(async () => {
  portal = await startTestPortal();
  await seedCatalogue(portal, [procedure()]);
});
afterAll(async () => portal?.cleanup());

const create = (formData: unknown, language = "vi") =>
  portal.api("/v1/dossiers", { body: { procedureCode: "1.001193", applicant, delivery: "online", formData }, headers: { "accept-language": language } });
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const submit = (code: string, token: string, language = "vi") =>
  portal.api(`/v1/dossiers/${code}/submit`, { method: "POST", headers: { ...auth(token), "accept-language": language } });
const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

function withChild(change: Record<string, unknown>) {
  const answers = birthAnswers();
  answers.child = { ...(answers.child as object), ...change };
  return answers;
}

async function uploadAll(code: string, token: string) {
  expect((await uploadDocument(portal, code, token, "to-khai", pdfBytes(1500, "a"))).uploadStatus).toBe(200);
  expect((await uploadDocument(portal, code, token, "giay-chung-sinh", pdfBytes(2500, "b"))).uploadStatus).toBe(200);
}

describe("declaration forms over a real socket", () => {
  it("submit prints the declaration: a PDF stored with the dossier, its sha256 in the timeline, downloadable", async () => {
    const created = await create(birthAnswers());
    expect(created.status).toBe(201);
    const { code, accessToken } = created.body;
    await uploadAll(code, accessToken);
    const submitted = await submit(code, accessToken);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const read = await portal.api(`/v1/dossiers/${code}`, { headers: auth(accessToken) });
    const declaration = read.body.attachments.find((a: { documentKey: string }) => a.documentKey === "declaration");
    expect(declaration).toMatchObject({ mediaType: "application/pdf", state: "verified", fileName: `to-khai-${code}.pdf` });
    const entry = read.body.timeline.find((t: { action: string }) => t.action === "submit");
    expect(entry.declarationSha256).toBe(declaration.sha256);
    const res = await fetch(declaration.download.url);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(sha256(bytes)).toBe(declaration.sha256);
    const text = await pdfText(bytes);
    expect(text).toContain("Nguyễn Thị Ánh Dương");
    expect(text).toContain("Phường Hoàn Kiếm");
    expect(text).toContain("01/03/2026");

    // The agency sees it too, with its own download link.
    const { apiKey } = await createApiKey(portal.adapters.keys, async () => true, { agencyCode: TEST_AGENCY.code, now: new Date() });
    const agency = await portal.api(`/v1/agency/dossiers/${code}`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(agency.status).toBe(200);
    const seen = agency.body.attachments.find((a: { documentKey: string }) => a.documentKey === "declaration");
    expect(seen.sha256).toBe(declaration.sha256);
    expect((await fetch(seen.download.url)).status).toBe(200);
  });

  it("a valid declaration: 201, the answers and the form version stored", async () => {
    const created = await create(birthAnswers());
    expect(created.status).toBe(201);
    const read = await portal.api(`/v1/dossiers/${created.body.code}`, { headers: auth(created.body.accessToken) });
    expect(read.status).toBe(200);
    expect(read.body.formVersion).toBe(1);
    expect(read.body.formData.child.fullName).toBe("Nguyễn Thị Ánh Dương");
    expect(read.body.formData.child.placeOfBirth).toEqual({ province: "01", commune: "01001", street: "12 Hàng Bạc" });
  });

  it("a wrong type is a 400 naming the field", async () => {
    const res = await create(withChild({ dateOfBirth: 20260301 }));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("dossier.form_shape");
    expect(paths(res.body)).toEqual(["formData.child.dateOfBirth"]);
  });

  it("an unknown field is a 400 naming it", async () => {
    const res = await create({ ...birthAnswers(), shoeSize: 42 });
    expect(res.status).toBe(400);
    expect(paths(res.body)).toEqual(["formData.shoeSize"]);
  });

  it("a bad CCCD is a 422 on the mother's ID number, in Vietnamese and in English", async () => {
    const answers = birthAnswers();
    (answers.mother as Record<string, unknown>).idNumber = "001195"; // 6 digits
    const vi = await create(answers);
    expect(vi.status).toBe(422);
    expect(vi.body.code).toBe("dossier.form_invalid");
    expect(vi.body.errors).toEqual([{ path: "formData.mother.idNumber", message: expect.stringContaining("CCCD") }]);
    expect(vi.body.errors[0].message).toMatch(/chữ số/);
    const en = await create(answers, "en");
    expect(en.body.errors[0].message).toMatch(/12-digit CCCD/);
    // a CCCD whose province code is not one of the old 63 is refused too
    (answers.mother as Record<string, unknown>).idNumber = "099195012345";
    expect(paths((await create(answers)).body)).toEqual(["formData.mother.idNumber"]);
  });

  it("a birth date in the future is a 422 on the child's date of birth", async () => {
    const res = await create(withChild({ dateOfBirth: "2099-01-01" }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: "formData.child.dateOfBirth", message: "Ngày này không được sau hôm nay" }]);
  });

  it("a day that does not exist is a format error", async () => {
    const res = await create(withChild({ dateOfBirth: "2025-02-30" }));
    expect(res.status).toBe(422);
    expect(paths(res.body)).toEqual(["formData.child.dateOfBirth"]);
  });

  it("a commune not in the chosen province is a 422 on the commune", async () => {
    const res = await create(withChild({ placeOfBirth: { province: "79", commune: "01001", street: "1 Lê Lợi" } }), "en");
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: "formData.child.placeOfBirth.commune", message: "This commune or ward is not in the chosen province" }]);
  });

  it("a draft may leave answers out; submit names each missing required answer", async () => {
    const answers = birthAnswers();
    delete (answers.child as Record<string, unknown>).fullName;
    delete answers.declarant;
    answers.fatherKnown = true; // then the father is required
    const created = await create(answers);
    expect(created.status).toBe(201);
    await uploadAll(created.body.code, created.body.accessToken);
    const res = await submit(created.body.code, created.body.accessToken);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe("dossier.form_invalid");
    expect(paths(res.body).sort()).toEqual(["formData.child.fullName", "formData.declarant", "formData.father"]);
    expect(res.body.errors[0].message).toBe("Vui lòng trả lời câu hỏi này");
  });

  it("a hidden section's answers are dropped, not checked", async () => {
    const answers = { ...birthAnswers(), fatherKnown: false, father: { fullName: "x" } };
    const created = await create(answers);
    expect(created.status).toBe(201);
    const read = await portal.api(`/v1/dossiers/${created.body.code}`, { headers: auth(created.body.accessToken) });
    expect(read.body.formData.father).toBeUndefined();
  });

  it("a draft made under version 1 still submits after version 2 is imported", async () => {
    const draft = await create(birthAnswers());
    expect(draft.status).toBe(201);
    await uploadAll(draft.body.code, draft.body.accessToken);

    const v2 = structuredClone(BIRTH_FORM) as FormDefinition;
    v2.version = 2;
    const props = v2.schema.properties as Record<string, unknown>;
    props.registrationPlace = { type: "string", minLength: 1 };
    (v2.schema.required as string[]).push("registrationPlace");
    v2.ui.sections[4]!.fields.push("registrationPlace");
    v2.ui.fields.registrationPlace = { label: { vi: "Nơi đăng ký", en: "Place of registration" }, widget: "text" };
    const report = await importCatalogue(portal.adapters.catalogue, {
      rows: [{ section: "procedures", row: 1, value: { ...procedure(), form: v2 } }],
      problems: [],
    });
    expect(report.updated).toBe(1);
    const stored = await portal.adapters.catalogue.getProcedure("1.001193");
    expect(stored?.form?.version).toBe(2);
    expect(stored?.formVersions?.map((f) => f.version)).toEqual([1]);

    const submitted = await submit(draft.body.code, draft.body.accessToken);
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe("submitted");

    // Both versions are served for readers of old dossiers.
    expect((await portal.api("/v1/procedures/1.001193/forms/1")).body.version).toBe(1);
    expect((await portal.api("/v1/procedures/1.001193/forms/2")).body.version).toBe(2);
    expect((await portal.api("/v1/procedures/1.001193/forms/3")).status).toBe(404);
    expect((await portal.api("/v1/procedures/1.001193")).body.formVersions).toBeUndefined();
  });
});
