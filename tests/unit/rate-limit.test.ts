import fc from "fast-check";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { abuseLimits, clientAddress, TokenBuckets } from "../../functions/http/rate-limit";

describe("TokenBuckets", () => {
  it("holds `capacity` tokens, refills continuously and says when the next token comes", () => {
    let t = 0;
    const buckets = new TokenBuckets(60, 1, () => t); // 60 per minute
    for (let i = 0; i < 60; i++) expect(buckets.take("a").ok).toBe(true);
    expect(buckets.take("a")).toEqual({ ok: false, retryAfter: 1 });
    expect(buckets.take("b").ok).toBe(true); // per key
    t += 500;
    expect(buckets.take("a")).toEqual({ ok: false, retryAfter: 1 });
    t += 600;
    expect(buckets.take("a").ok).toBe(true);
    t += 3_600_000; // never above capacity
    for (let i = 0; i < 60; i++) expect(buckets.take("a").ok).toBe(true);
    expect(buckets.take("a").ok).toBe(false);
  });

  it("rounds Retry-After up for slow refills, and refunds", () => {
    let t = 0;
    const buckets = new TokenBuckets(5, 5 / 60, () => t); // 5 per minute: one token every 12 s
    for (let i = 0; i < 5; i++) buckets.take("a");
    expect(buckets.take("a")).toEqual({ ok: false, retryAfter: 12 });
    t += 6_000;
    expect(buckets.take("a")).toEqual({ ok: false, retryAfter: 6 });
    buckets.refund("a");
    expect(buckets.take("a").ok).toBe(true);
  });

  it("rounds a fractional wait up to the next whole second", () => {
    let t = 0;
    const buckets = new TokenBuckets(5, 5 / 60, () => t); // one token every 12 s
    for (let i = 0; i < 5; i++) buckets.take("a");
    t += 6_800; // the next token is 5.2 s away: 5 would send the client back too early
    expect(buckets.take("a")).toEqual({ ok: false, retryAfter: 6 });
    t += 5_000;
    expect(buckets.take("a").ok).toBe(false); // 0.2 s short
    t += 200;
    expect(buckets.take("a").ok).toBe(true);
  });

  it("never sends a client back too early, nor more than a second too late (any rate, any moment)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }), // per minute
        fc.integer({ min: 1, max: 120_000 }), // ms after the bucket was emptied
        (perMinute, waited) => {
          let t = 0;
          const emptiedAtZero = () => {
            t = 0;
            const buckets = new TokenBuckets(perMinute, perMinute / 60, () => t);
            for (let i = 0; i < perMinute; i++) buckets.take("a");
            return buckets;
          };
          const buckets = emptiedAtZero();
          t = waited;
          const first = buckets.take("a");
          if (first.ok) return;
          expect(Number.isInteger(first.retryAfter)).toBe(true);
          // What a client sees: after Retry-After seconds it gets through; a second earlier it would not have.
          t = waited + first.retryAfter * 1000;
          expect(buckets.take("a").ok).toBe(true);
          if (first.retryAfter > 1) {
            const early = emptiedAtZero();
            t = waited + (first.retryAfter - 1) * 1000;
            expect(early.take("a").ok).toBe(false);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("forgets the least recently seen clients beyond maxClients", () => {
    const buckets = new TokenBuckets(1, 1 / 60, () => 0, 3);
    for (const k of ["a", "b", "c", "d"]) buckets.take(k);
    expect(buckets.size).toBe(3);
    expect(buckets.take("a").ok).toBe(true); // "a" was forgotten: a full bucket again
    expect(buckets.take("d").ok).toBe(false);
  });
});

describe("clientAddress", () => {
  const app = new Hono();
  app.get("/", (c) => c.text(clientAddress(c)));
  app.get("/cdn", (c) => c.text(clientAddress(c, 1)));
  const lambda = (sourceIp: string) => ({ requestContext: { http: { sourceIp } } });

  it("uses API Gateway's sourceIp, never a client-written first X-Forwarded-For hop", async () => {
    const res = await app.request("/", { headers: { "x-forwarded-for": "1.2.3.4, 198.51.100.1" } }, lambda("198.51.100.1"));
    expect(await res.text()).toBe("198.51.100.1");
  });

  it("behind n trusted proxies, takes the hop the outermost one appended", async () => {
    const res = await app.request(
      "/cdn",
      { headers: { "x-forwarded-for": "1.2.3.4, 198.51.100.2, 130.176.0.1" } },
      lambda("130.176.0.1"),
    );
    expect(await res.text()).toBe("198.51.100.2");
  });

  it("falls back to REST API identity, then to unknown", async () => {
    expect(await (await app.request("/", {}, { requestContext: { identity: { sourceIp: "192.0.2.1" } } })).text()).toBe("192.0.2.1");
    expect(await (await app.request("/")).text()).toBe("unknown");
  });
});

describe("abuseLimits", () => {
  it("sends the rounded-up wait in Retry-After and in the problem's detail, for writes and for 404 probes", async () => {
    let t = 0;
    const app = new Hono();
    app.use("*", abuseLimits({ writesPerMinute: 5, notFoundPerMinute: 3, now: () => t }));
    app.post("/v1/dossiers", (c) => c.json({}, 201));
    app.get("/v1/dossiers/:code/status", (c) =>
      c.json({ code: "dossier.not_found", status: 404 }, 404, { "content-type": "application/problem+json" }),
    );
    for (let i = 0; i < 5; i++) expect((await app.request("/v1/dossiers", { method: "POST" })).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await app.request("/v1/dossiers/X/status")).status).toBe(404);
    t = 6_800; // writes: a token every 12 s, 5.2 s to go; misses: a token every 20 s, 13.2 s to go
    const write = await app.request("/v1/dossiers", { method: "POST" });
    expect(write.status).toBe(429);
    expect(write.headers.get("retry-after")).toBe("6");
    expect(((await write.json()) as { detail: string }).detail).toMatch(/\b6\b/);
    const probe = await app.request("/v1/dossiers/X/status");
    expect(probe.status).toBe(429);
    expect(probe.headers.get("retry-after")).toBe("14");
  });
});
