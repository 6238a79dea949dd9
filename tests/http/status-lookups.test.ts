import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCatalogue, startTestPortal, submittedDossier, TEST_AGENCY, type TestPortal } from "../support/portal";

/**
 * Issue #18 item 8, over a real socket: dossier codes are sequential, so public status lookups are throttled per
 * client — found and not found alike — with 429 and Retry-After once the client's budget is spent.
 */

const LOOKUPS = 6;
let portal: TestPortal;
let known: { code: string; accessToken: string };
beforeAll(async () => {
  portal = await startTestPortal({ env: { STATUS_LOOKUP_LIMIT_PER_MINUTE: String(LOOKUPS) } });
  await seedCatalogue(portal);
  known = await submittedDossier(portal);
});
afterAll(async () => portal?.cleanup());

const unknownCode = (n: number) => `${TEST_AGENCY.code}-261124-${String(9000 + n).padStart(4, "0")}`;

describe("public status lookups", () => {
  it("are throttled per client after STATUS_LOOKUP_LIMIT_PER_MINUTE, hits and misses alike, with Retry-After", async () => {
    const statuses: number[] = [];
    // A scan: the known code and its neighbours, as a prober walking a day's sequence would.
    for (let i = 0; i < LOOKUPS; i++) {
      const res = await portal.api(`/v1/dossiers/${i % 2 ? unknownCode(i) : known.code}/status`);
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 404, 200, 404, 200, 404]);

    for (const code of [known.code, unknownCode(99)]) {
      const res = await portal.api(`/v1/dossiers/${code}/status`, { headers: { "accept-language": "en" } });
      expect(res.status).toBe(429);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.code).toBe("request.throttled");
      // One token every 60 / LOOKUPS seconds.
      const retryAfter = Number(res.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60 / LOOKUPS);
    }
  });

  it("leave the holder's own reads (with the access token) and the catalogue alone", async () => {
    const own = await portal.api(`/v1/dossiers/${known.code}`, { headers: { authorization: `Bearer ${known.accessToken}` } });
    expect(own.status).toBe(200);
    expect((await portal.api("/v1/procedures")).status).toBe(200);
  });
});
