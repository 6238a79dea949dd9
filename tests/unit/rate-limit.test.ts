import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { clientAddress, TokenBuckets } from "../../functions/http/rate-limit";

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
