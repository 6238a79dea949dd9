import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../functions/core/agency/keys";
import { OTHER_AGENCY, seedCatalogue, startTestPortal, submittedDossier, TEST_AGENCY, testProcedure, type TestPortal } from "../support/portal";

/**
 * Issue #18 item 5, over a real socket: a forged paging cursor is a 400 `request.invalid_cursor`, whatever is in
 * it — never a 500 from the store, never another agency's page.
 */

let portal: TestPortal;
let agencyKey: string;
let firstPage: { items: { code: string }[]; nextCursor: string | null };
const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

beforeAll(async () => {
  portal = await startTestPortal();
  await seedCatalogue(portal, [testProcedure()]);
  agencyKey = (await createApiKey(portal.adapters.keys, async () => true, { agencyCode: TEST_AGENCY.code, now: new Date() })).apiKey;
  for (let i = 0; i < 3; i++) await submittedDossier(portal);
  firstPage = (await inbox("limit=1")).body;
}, 120_000);
afterAll(async () => portal?.cleanup());

const inbox = (query: string) =>
  portal.api(`/v1/agency/dossiers?${query}`, { headers: { authorization: `Bearer ${agencyKey}`, "accept-language": "en" } });

describe("agency inbox cursors", () => {
  it("pages with the cursors it hands out", async () => {
    expect(firstPage.items).toHaveLength(1);
    expect(firstPage.nextCursor).toEqual(expect.any(String));
    const second = await inbox(`limit=1&cursor=${firstPage.nextCursor}`);
    expect(second.status).toBe(200);
    expect(second.body.items[0].code).not.toBe(firstPage.items[0]!.code);
  });

  it("refuses every forged cursor with a 400 request.invalid_cursor", async () => {
    const real = JSON.parse(Buffer.from(firstPage.nextCursor!, "base64url").toString("utf8")) as Record<string, string>;
    const forged: Record<string, string> = {
      "an object sk": b64({ ...real, sk: { S: "DOSSIER" } }),
      "an object pk": b64({ ...real, pk: { toString: "x" } }),
      "a number sort key": b64({ ...real, gsi1sk: 12 }),
      "an array": b64([real]),
      "null": b64("null"),
      "a string": b64('"x"'),
      "an extra attribute": b64({ ...real, status: "approved" }),
      "a missing attribute": b64({ pk: real.pk, sk: real.sk, gsi1pk: real.gsi1pk }),
      "another agency's partition": b64({ ...real, gsi1pk: `AGENCY#${OTHER_AGENCY.code}` }),
      "a sort key of another dossier": b64({ ...real, gsi1sk: "2026-01-01T00:00:00.000Z#someone-else" }),
      "an empty sort key": b64({ ...real, gsi1sk: "" }),
      "a huge sort key": b64({ ...real, gsi1sk: `${"9".repeat(1100)}#x` }),
      "not JSON": b64("{pk:"),
      "invalid UTF-8": Buffer.from([0x7b, 0xc3, 0x28, 0x7d]).toString("base64url"),
      "not base64url": "%%%",
      "non-canonical base64url": `${firstPage.nextCursor!}A`,
      "__proto__ pollution": b64(`{"__proto__":{"polluted":true},"pk":"${real.pk}","sk":"DOSSIER","gsi1pk":"${real.gsi1pk}","gsi1sk":"${real.gsi1sk}"}`),
    };
    for (const [what, cursor] of Object.entries(forged)) {
      const res = await inbox(`limit=1&cursor=${encodeURIComponent(cursor)}`);
      expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.code, what).toBe("request.invalid_cursor");
      expect(res.body.errors, what).toEqual([{ path: "cursor", message: expect.any(String) }]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses a cursor outside the query's date range (DynamoDB refuses such a start key with an error)", async () => {
    const real = JSON.parse(Buffer.from(firstPage.nextCursor!, "base64url").toString("utf8")) as Record<string, string>;
    const code = real.pk!.slice("DOSSIER#".length);
    const outside = b64({ ...real, gsi1sk: `2001-01-01T00:00:00.000Z#${code}` });
    const res = await inbox(`from=2020-01-01&limit=1&cursor=${outside}`);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.code).toBe("request.invalid_cursor");
  });
});

describe("catalogue search cursors", () => {
  it("refuses a look-alike of a real cursor", async () => {
    await seedCatalogue(portal, Array.from({ length: 3 }, (_, i) => testProcedure({ code: `1.00120${i}`, name: `Thủ tục ${i}` })));
    const page = await portal.api("/v1/procedures?limit=1");
    expect(page.status).toBe(200);
    const [offset, hash] = Buffer.from(page.body.nextCursor, "base64url").toString("utf8").split(".");
    for (const cursor of [b64(`0${offset}.${hash}`), `${page.body.nextCursor}A`, b64(`${offset}.${hash}x`), b64({ offset })]) {
      const res = await portal.api(`/v1/procedures?limit=1&cursor=${cursor}`);
      expect(res.status, cursor).toBe(400);
      expect(res.body.code).toBe("request.invalid_cursor");
    }
  });
});
