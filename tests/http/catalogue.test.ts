import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalogue, readCatalogueText } from "../../functions/core/catalogue/import";
import type { Procedure } from "../../functions/core/catalogue/model";
import { catalogueApp } from "../../functions/http/catalogue-app";
import { startPortal, type Portal } from "../../functions/local/portal";
import { makeCatalogue, uniqueTag } from "../support/catalogue-fixture";

const REFRESH_MS = 200;
let portal: Portal;
let dataDir: string;
const fixture = makeCatalogue(uniqueTag(), 45);
const [province, centre, justice] = fixture.agencies as [(typeof fixture.agencies)[number], (typeof fixture.agencies)[number], (typeof fixture.agencies)[number]];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "dvc-catalogue-http-"));
  portal = await startPortal({ port: 0, dataDir, seed: false, env: { ...process.env, CATALOGUE_REFRESH_MS: String(REFRESH_MS) } });
  const report = await importCatalogue(portal.adapters.catalogue, readCatalogueText(JSON.stringify(fixture), "json"));
  expect(report.created).toBe(fixture.agencies.length + fixture.procedures.length);
});

afterAll(async () => {
  await portal?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface Page {
  items: { code: string; name: string; level: string; field: string; agencyCode: string; receivingAgencyCode?: string }[];
  nextCursor: string | null;
  total: number;
}

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${portal.url}${path}`, { headers });
  return { response, body: (await response.json()) as Record<string, unknown> };
}

async function search(params: Record<string, string>): Promise<Page> {
  const { response, body } = await get(`/v1/procedures?${new URLSearchParams(params)}`);
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body as unknown as Page;
}

describe("catalogue over HTTP", () => {
  it("lists agencies, cacheable for a minute", async () => {
    const { response, body } = await get("/v1/agencies");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    const codes = (body.items as { code: string }[]).map((a) => a.code);
    expect(codes).toEqual(expect.arrayContaining([province.code, centre.code, justice.code]));
    expect((body.items as { code: string; tier: string; parentCode: string | null }[]).find((a) => a.code === justice.code)).toMatchObject({
      name: "Sở Tư pháp",
      tier: "department",
      parentCode: province.code,
    });
  });

  it("imports, finds and shows a procedure", async () => {
    // Act
    const page = await search({ q: "dang ky khai sinh", agency: justice.code });
    const first = page.items[0]!;
    const { response, body } = await get(`/v1/procedures/${first.code}`);

    // Assert
    expect(first.name).toBe("Đăng ký khai sinh");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    const expected = fixture.procedures.find((p) => p.code === first.code)!;
    expect(body).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(body).toMatchObject({
      code: expect.any(String),
      name: expect.any(String),
      field: expect.any(String),
      agencyCode: expect.any(String),
      level: expect.stringMatching(/^(full|partial|info)$/),
      processingDays: expect.any(Number),
      fee: { amount: expect.any(Number), currency: "VND" },
      documents: [{ key: "to-khai", name: "Tờ khai", required: true, maxSizeMB: 10, mediaTypes: expect.any(Array) }],
      resultDelivery: expect.any(Array),
    });
  });

  it("matches without regard to case or diacritics", async () => {
    const queries = ["ĐĂNG KÝ KẾT HÔN", "dang ky ket hon", "Đăng ký kết hôn", "dang KY ket HON"];
    const results = await Promise.all(queries.map((q) => search({ q, agency: justice.code })));
    const names = results.map((r) => r.items.map((i) => i.name));
    expect(names[0]!.length).toBeGreaterThan(0);
    expect(names[0]![0]).toBe("Đăng ký kết hôn");
    for (const n of names) expect(n).toEqual(names[0]);
  });

  it("filters by agency (deciding or receiving), level and field", async () => {
    const byCentre = await search({ agency: centre.code, limit: "100" });
    expect(byCentre.total).toBe(fixture.procedures.filter((p) => p.receivingAgencyCode === centre.code).length);
    expect(byCentre.items.every((p) => p.receivingAgencyCode === centre.code)).toBe(true);

    const filtered = await search({ agency: province.code, level: "full", field: "HO TICH", limit: "100" });
    const expected = fixture.procedures.filter(
      (p) => (p.agencyCode === province.code || p.receivingAgencyCode === province.code) && p.level === "full" && p.field === "Hộ tịch",
    );
    expect(filtered.items.map((p) => p.code)).toEqual(expected.map((p) => p.code).sort());
  });

  it("pages with a cursor through every match exactly once", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let total = 0;
    for (let guard = 0; guard < 100; guard++) {
      const page = await search({ agency: province.code, limit: "4", ...(cursor ? { cursor } : {}) });
      total = page.total;
      seen.push(...page.items.map((p) => p.code));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const expected = fixture.procedures.filter((p) => p.agencyCode === province.code || p.receivingAgencyCode === province.code);
    expect(total).toBe(expected.length);
    expect(seen).toHaveLength(expected.length);
    expect(new Set(seen)).toEqual(new Set(expected.map((p) => p.code)));
  });

  it("answers 404 problem+json for an unknown or malformed code", async () => {
    for (const code of ["9.999999", "not-a-code", "1.0011930000"]) {
      const { response, body } = await get(`/v1/procedures/${code}`);
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(body).toMatchObject({ status: 404, code: "procedure.not_found" });
    }
  });

  it("answers 400 naming the field for bad query values", async () => {
    const cases: [string, string][] = [
      ["limit=0", "limit"],
      ["limit=abc", "limit"],
      ["limit=101", "limit"],
      ["limit=2.5", "limit"],
      ["level=x", "level"],
      ["cursor=%21%21", "cursor"],
      [`q=dang&cursor=${(await search({ q: "ky", limit: "1" })).nextCursor}`, "cursor"],
    ];
    for (const [query, field] of cases) {
      const { response, body } = await get(`/v1/procedures?${query}`, { "accept-language": "en" });
      expect(response.status, query).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      const errors = body.errors as { path: string; message: string }[];
      expect(errors.map((e) => e.path), query).toContain(field);
      expect(errors.every((e) => e.message.length > 0 && !e.message.includes("."))).toBe(true);
    }
  });

  it("makes a catalogue change visible within the refresh interval", async () => {
    const target = fixture.procedures.find((p) => p.agencyCode === justice.code)!;
    const renamed: Procedure = { ...target, name: "Cấp phiếu thử nghiệm thay đổi" };
    expect((await search({ q: "phieu thu nghiem thay doi" })).total).toBe(0);

    await portal.adapters.catalogue.upsert([{ kind: "procedure", value: renamed }]);
    const started = Date.now();
    let found: Page | undefined;
    while (Date.now() - started < 5_000) {
      found = await search({ q: "phieu thu nghiem thay doi" });
      if (found.total > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(found?.items.map((i) => i.code)).toEqual([target.code]);
    expect(Date.now() - started).toBeLessThan(REFRESH_MS + 2_000);
    const { body } = await get(`/v1/procedures/${target.code}`);
    expect(body.name).toBe(renamed.name);
  });

  it("describes its routes in OpenAPI generated from the zod schemas", () => {
    const app = catalogueApp({ catalogue: portal.adapters.catalogue });
    const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "catalogue", version: "1" } });
    expect(Object.keys(doc.paths ?? {})).toEqual(
      expect.arrayContaining(["/v1/agencies", "/v1/procedures", "/v1/procedures/{code}"]),
    );
    const params = (doc.paths?.["/v1/procedures"]?.get?.parameters ?? []) as { name: string }[];
    expect(params.map((p) => p.name)).toEqual(expect.arrayContaining(["q", "agency", "level", "field", "limit", "cursor"]));
    expect(doc.components?.schemas).toHaveProperty("Procedure");
  });
});
