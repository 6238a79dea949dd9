import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicant, seedCatalogue, sha256, startTestPortal, type TestPortal } from "../support/portal";

/**
 * Issue #18 item 4 and "names refuse NUL and lone surrogates", over a real socket: form keys that are not plain own
 * keys, and names with a NUL or half a character, are refused with a 400 naming the field — before a dossier
 * number is taken.
 */

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
  await seedCatalogue(portal);
});
afterAll(async () => portal?.cleanup());

/** A create request whose body is written by hand, so JSON escapes (\u0000, \ud800) and duplicate-free keys reach the server as sent. */
const createRaw = (formData: string, applicantJson = JSON.stringify(applicant)) =>
  portal.api("/v1/dossiers", {
    headers: { "accept-language": "en" },
    body: `{"procedureCode":"1.001193","applicant":${applicantJson},"delivery":"online","formData":${formData}}`,
  });

describe("form keys", () => {
  it.each([
    ["constructor", '{"constructor":1}'],
    ["__proto__", '{"__proto__":{"polluted":true}}'],
    ["prototype", '{"prototype":"x"}'],
    ["toString", '{"hoTen":"A","toString":"x"}'],
    ["hasOwnProperty", '{"hasOwnProperty":true}'],
  ])("refuses a %s key with a 400 naming it", async (key, formData) => {
    const res = await createRaw(formData);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body.code).toBe("request.invalid");
    expect(res.body.errors).toContainEqual({ path: `formData.${key}`, message: expect.stringContaining("cannot be a form field") });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("took no dossier number for any refused request", async () => {
    const created = await createRaw('{"hoTen":"Nguyễn Văn An","soNguoi":2}');
    expect(created.status).toBe(201);
    // The first dossier of the day for this agency: none of the refused requests above used up a number.
    expect(created.body.code).toMatch(/-0001$/);
    expect((await portal.adapters.dossiers.get(created.body.code))!.formData).toEqual({ hoTen: "Nguyễn Văn An", soNguoi: 2 });
  });
});

describe("names", () => {
  it.each([
    ["a NUL", "Nguyễn\\u0000Văn An"],
    ["a lone high surrogate", "Nguyễn Văn \\ud800An"],
    ["a lone low surrogate", "\\udc00Nguyễn Văn An"],
    ["a line break", "Nguyễn\\nVăn An"],
  ])("refuses an applicant's full name with %s", async (_, fullName) => {
    const res = await createRaw("{}", JSON.stringify(applicant).replace(`"${applicant.fullName}"`, `"${fullName}"`));
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.errors).toContainEqual({ path: "applicant.fullName", message: expect.stringContaining("invalid character") });
  });

  it("accepts a full name with characters outside the BMP (a proper surrogate pair)", async () => {
    const res = await createRaw("{}", JSON.stringify({ ...applicant, fullName: "Nguyễn Văn 𠀧" }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it.each([
    ["a NUL", "hoa-don\\u0000.pdf"],
    ["a lone surrogate", "hoa-don-\\ud83d.pdf"],
  ])("refuses a file name with %s", async (_, fileName) => {
    const created = await createRaw("{}");
    const bytes = Buffer.from("%PDF-1.4\n");
    const res = await portal.api(`/v1/dossiers/${created.body.code}/attachments`, {
      headers: { authorization: `Bearer ${created.body.accessToken}`, "accept-language": "en" },
      body: `{"documentKey":"to-khai","fileName":"${fileName}","mediaType":"application/pdf","size":${bytes.length},"sha256":"${sha256(bytes)}"}`,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.errors?.map((e: { path: string }) => e.path)).toContain("fileName");
  });
});
