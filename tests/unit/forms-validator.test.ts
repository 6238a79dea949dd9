import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ADMIN_UNITS, communeInProvince } from "../../functions/core/forms/admin-units";
import type { FormDefinition } from "../../functions/core/forms/definition";
import { displayDate, isCccd, isIdNumber, isVnDate, isVnPhone, parseDisplayDate } from "../../functions/core/forms/formats";
import { FormDefinition as FormSchema, schemaProblems } from "../../functions/core/forms/model";
import { checkAnswers } from "../../functions/core/forms/validate";

const birth = FormSchema.parse(JSON.parse(readFileSync(new URL("../../functions/local/seed/forms/khai-sinh.json", import.meta.url), "utf8"))) as FormDefinition;
const NOW = new Date("2026-12-02T03:00:00Z");

describe("custom formats", () => {
  it("CCCD: 12 digits, old province code 001–096, birth year not in the future", () => {
    expect(isCccd("001195012345", NOW)).toBe(true); // Hà Nội, male born 1995
    expect(isCccd("079301012345", NOW)).toBe(true); // HCMC, female born 2001
    expect(isCccd("000195012345", NOW)).toBe(false);
    expect(isCccd("097195012345", NOW)).toBe(false);
    expect(isCccd("001299012345", NOW)).toBe(false); // born 2099
    expect(isCccd("00119501234", NOW)).toBe(false);
    expect(isCccd("00119501234a", NOW)).toBe(false);
  });
  it("ID number: a CCCD or a 9-digit CMND", () => {
    expect(isIdNumber("123456789")).toBe(true);
    expect(isIdNumber("001195012345")).toBe(true);
    expect(isIdNumber("1234567890")).toBe(false);
  });
  it("phone: the portal's Vietnamese mobile pattern, spaces and dots allowed", () => {
    expect(isVnPhone("0912345678")).toBe(true);
    expect(isVnPhone("+84 912 345 678")).toBe(true);
    expect(isVnPhone("84912345678")).toBe(true);
    expect(isVnPhone("0112345678")).toBe(false);
    expect(isVnPhone("091234567")).toBe(false);
  });
  it("vn-date: a real calendar day stored as YYYY-MM-DD, shown and typed dd/mm/yyyy", () => {
    expect(isVnDate("2024-02-29")).toBe(true);
    expect(isVnDate("2025-02-29")).toBe(false);
    expect(isVnDate("2025-13-01")).toBe(false);
    expect(isVnDate("01/02/2025")).toBe(false);
    expect(parseDisplayDate("1/2/2025")).toBe("2025-02-01");
    expect(parseDisplayDate("31/04/2025")).toBeUndefined();
    expect(displayDate("2025-02-01")).toBe("01/02/2025");
  });
  it("administrative units: 34 provinces, communes looked up within their province", () => {
    expect(ADMIN_UNITS.provinces).toHaveLength(34);
    expect(ADMIN_UNITS.partial).toBe(true);
    expect(communeInProvince("01", "01001")).toBe(true);
    expect(communeInProvince("79", "01001")).toBe(false);
  });
});

describe("checkAnswers", () => {
  const valid = () => ({
    child: { fullName: "Nguyễn Thị Ánh Dương", dateOfBirth: "2026-03-01", sex: "female", placeOfBirth: { province: "01", commune: "01001", street: "1 Hàng Bạc" }, ethnicity: "Kinh", nationality: "Việt Nam" },
    mother: { fullName: "Trần Thị Mai", dateOfBirth: "1995-04-12", idNumber: "001195012345", ethnicity: "Kinh", nationality: "Việt Nam", residence: { province: "01", commune: "01002", street: "2 Hàng Đào" } },
    fatherKnown: false,
    declarant: { fullName: "Trần Thị Mai", relationship: "mother" },
    birthCertificate: "giay-chung-sinh",
  });
  const check = (answers: unknown, complete = true) => checkAnswers(birth, answers, { complete, now: NOW, documentKeys: ["to-khai", "giay-chung-sinh"] });

  it("accepts a complete declaration", () => {
    const r = check(valid());
    expect(r.shape).toEqual([]);
    expect(r.rules).toEqual([]);
  });
  it("a shown conditional section becomes required; a hidden one is dropped", () => {
    const shown = check({ ...valid(), fatherKnown: true });
    expect(shown.rules).toEqual([{ path: "formData.father", message: "form.required" }]);
    const hidden = check({ ...valid(), father: { fullName: 1 } });
    expect(hidden.shape).toEqual([]);
    expect(hidden.answers.father).toBeUndefined();
  });
  it("required answers are only asked for when complete", () => {
    expect(check({ fatherKnown: false }, false).rules).toEqual([]);
    expect(check({ fatherKnown: false }, true).rules.map((p) => p.path)).toEqual(["formData.child", "formData.mother", "formData.declarant"]);
  });
  it("wrong types and unknown fields are shape problems; rule breaks are rules", () => {
    const r = check({ ...valid(), copies: "two", extra: 1 });
    expect(r.shape.map((p) => p.path).sort()).toEqual(["formData.copies", "formData.extra"]);
    expect(check([]).shape).toEqual([{ path: "formData", message: "form.type" }]);
  });
  it("the document keyword takes only the procedure's document keys", () => {
    expect(check({ ...valid(), birthCertificate: "passport" }).rules).toEqual([{ path: "formData.birthCertificate", message: "form.document_unknown" }]);
  });
  it("refuses prototype keys and deep nesting without walking the schema", () => {
    const hostile = JSON.parse('{"constructor": 1, "child": {"__proto__": {"x": 1}}}');
    expect(check(hostile).shape.map((p) => p.path)).toContain("formData.constructor");
    let deep: unknown = "x";
    for (let i = 0; i < 10; i++) deep = { a: deep };
    expect(check({ child: deep }).shape[0]?.message).toBe("form.too_big");
  });
});

describe("form definitions", () => {
  it("refuses an unknown keyword, an unknown format, a bad pattern and an outside $ref", () => {
    const problems = schemaProblems({
      type: "object",
      properties: { a: { type: "string", formt: "x" }, b: { type: "string", format: "cmnd" }, c: { type: "string", pattern: "(" }, d: { $ref: "http://x/y" } },
    });
    expect(problems.map((p) => p.path)).toEqual(["#/properties/a/formt", "#/properties/b/format", "#/properties/c/pattern", "#/properties/d/$ref"]);
  });
  it("refuses UI hints naming no property and properties without a label or a section", () => {
    const bad = structuredClone(birth);
    bad.ui.sections[0]!.fields.push("nothing");
    delete bad.ui.fields.copies;
    const result = FormSchema.safeParse(bad);
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => i.message).join("\n");
    expect(messages).toMatch(/"nothing", which the schema does not define/);
    expect(messages).toMatch(/"copies" has no label/);
  });
});
