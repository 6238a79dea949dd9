import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../functions/core/agency/keys";
import { MAX_JSON_BODY_BYTES } from "../../functions/http/app";
import {
  applicant,
  inProcessApp,
  seedCatalogue,
  startTestPortal,
  submittedDossier,
  TEST_AGENCY,
  type TestPortal,
} from "../support/portal";

/** Abuse limits: per-client write budget, the 404 probe guard, body size limits (docs/api.md 413, 429). */

const WRITES = 5;
const MISSES = 3;
let portal: TestPortal;
let agencyKey: string;
/** Made first, before the tests spend 127.0.0.1's write budget. */
let known: { code: string; accessToken: string };

beforeAll(async () => {
  portal = await startTestPortal({
    env: { RATE_LIMIT_PER_MINUTE: String(WRITES), NOT_FOUND_LIMIT_PER_MINUTE: String(MISSES) },
  });
  await seedCatalogue(portal);
  agencyKey = (await createApiKey(portal.adapters.keys, async () => true, { agencyCode: TEST_AGENCY.code, now: new Date() })).apiKey;
  known = await submittedDossier(portal);
});
afterAll(async () => portal?.cleanup());

/** A Lambda-style request: API Gateway's view of the client in the event (what hono/aws-lambda passes as env). */
const fromLambda = (sourceIp: string, forwardedFor?: string) => ({
  env: { requestContext: { http: { sourceIp } } },
  headers: (forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) as Record<string, string>,
});

const createBody = JSON.stringify({ procedureCode: "1.001193", applicant, delivery: "online" });

/**
 * `refill`, when given: the bucket refills one token every `perToken` seconds and was emptied no earlier than `since`
 * (performance.now()). The token is then due in perToken − (time since) seconds, a fraction: Retry-After must round it
 * up (a client that waits Retry-After seconds gets through), so it is perToken unless the test took a second or more.
 */
async function expectThrottled(res: Response, refill?: { perToken: number; since: number }) {
  expect(res.status).toBe(429);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  if (refill) {
    const elapsed = (performance.now() - refill.since) / 1000;
    expect(retryAfter).toBeLessThanOrEqual(refill.perToken);
    expect(retryAfter).toBeGreaterThanOrEqual(Math.ceil(refill.perToken - elapsed));
  }
  const body = (await res.json()) as { code: string; status: number; detail: string };
  expect(body).toMatchObject({ code: "request.throttled", status: 429 });
  expect(body.detail).toContain(String(retryAfter));
}

describe("write rate limit (token bucket per client)", () => {
  it("lets a client make RATE_LIMIT_PER_MINUTE public writes, then answers 429 with Retry-After; reads go on", async () => {
    const app = inProcessApp(portal);
    const client = fromLambda("198.51.100.7");
    const post = () =>
      app.request("/v1/dossiers", { method: "POST", body: createBody, headers: { ...client.headers, "content-type": "application/json" } }, client.env);
    const since = performance.now();
    for (let i = 0; i < WRITES; i++) expect((await post()).status).toBe(201);
    await expectThrottled(await post(), { perToken: 60 / WRITES, since });
    // A refused write costs nothing downstream and does not stop reads.
    expect((await app.request("/v1/procedures?q=khai+sinh", {}, client.env)).status).toBe(200);
    // Another client has its own bucket.
    const other = fromLambda("198.51.100.8");
    expect(
      (await app.request("/v1/dossiers", { method: "POST", body: createBody, headers: { "content-type": "application/json" } }, other.env)).status,
    ).toBe(201);
  });

  it("keys on API Gateway's sourceIp, not on an X-Forwarded-For first hop the client can write", async () => {
    const app = inProcessApp(portal);
    const answers: number[] = [];
    for (let i = 0; i < WRITES + 3; i++) {
      const spoofed = fromLambda("203.0.113.9", `10.0.0.${i}, 203.0.113.9`);
      const res = await app.request(
        "/v1/dossiers",
        { method: "POST", body: "{}", headers: { ...spoofed.headers, "content-type": "application/json" } },
        spoofed.env,
      );
      answers.push(res.status);
    }
    // Refused bodies (400) still spend the budget: the limit is on requests, not on successes.
    expect(answers).toEqual([...Array(WRITES).fill(400), 429, 429, 429]);
  });

  it("does not count agency writes (API key, authorizer) against the public budget", async () => {
    const app = inProcessApp(portal);
    const agency = fromLambda("192.0.2.50");
    for (let i = 0; i < WRITES + 2; i++) {
      const res = await app.request(
        "/v1/agency/dossiers/000.00.31.H99-261124-9999/actions",
        {
          method: "POST",
          body: JSON.stringify({ action: "receive", expectedVersion: 1 }),
          headers: { authorization: `Bearer ${agencyKey}`, "content-type": "application/json" },
        },
        agency.env,
      );
      expect(res.status).toBe(404);
    }
  });

  it("throttles over a real socket by the socket's address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < WRITES + 1; i++) {
      const res = await fetch(`${portal.url}/v1/dossiers`, { method: "POST", body: "[]", headers: { "content-type": "application/json" } });
      statuses.push(res.status);
      if (res.status === 429) await expectThrottled(res);
    }
    // Part of 127.0.0.1's budget went on making the known dossier: whatever is left is spent, then 429s.
    const first = statuses.indexOf(429);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(statuses.slice(0, first).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(first).every((s) => s === 429)).toBe(true);
  });
});

describe("404 probe guard", () => {
  it("answers the same 404 until the client has missed NOT_FOUND_LIMIT_PER_MINUTE times, then 429 for every dossier lookup", async () => {
    const app = inProcessApp(portal);
    const { code, accessToken } = known;
    const prober = fromLambda("198.51.100.66");
    const status = (c: string) => app.request(`/v1/dossiers/${c}/status`, {}, prober.env);
    // Found lookups cost nothing.
    for (let i = 0; i < MISSES * 3; i++) expect((await status(code)).status).toBe(200);

    const unknown = `${code.slice(0, -4)}9999`;
    const shapes = [];
    const since = performance.now();
    for (let i = 0; i < MISSES; i++) {
      // An unknown code and a wrong token look the same: one 404 shape.
      const res =
        i % 2 === 0
          ? await status(unknown)
          : await app.request(`/v1/dossiers/${code}`, { headers: { authorization: "Bearer wrong-token" } }, prober.env);
      expect(res.status).toBe(404);
      const body = (await res.json()) as Record<string, unknown>;
      shapes.push({ code: body.code, status: body.status, title: body.title, type: body.type });
    }
    expect(new Set(shapes.map((s) => JSON.stringify(s))).size).toBe(1);
    expect(shapes[0]).toMatchObject({ code: "dossier.not_found", status: 404 });

    // The budget is spent: unknown and known codes alike are throttled, so a 429 tells nothing about existence.
    await expectThrottled(await status(unknown), { perToken: 60 / MISSES, since });
    await expectThrottled(await status(code));
    await expectThrottled(await app.request(`/v1/dossiers/${code}`, { headers: { authorization: `Bearer ${accessToken}` } }, prober.env));
    // Others are not affected; nor is the catalogue for the prober.
    expect((await app.request(`/v1/dossiers/${code}/status`, {}, fromLambda("198.51.100.67").env)).status).toBe(200);
    expect((await app.request("/v1/agencies", {}, prober.env)).status).toBe(200);
  });

  it("cannot be slipped by probing concurrently: at most the budget of misses get through", async () => {
    const app = inProcessApp(portal);
    const prober = fromLambda("198.51.100.99");
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => app.request(`/v1/dossiers/000.00.31.H99-261124-${String(5000 + i)}/status`, {}, prober.env)),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 404)).toHaveLength(MISSES);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30 - MISSES);
  });
});

/** Sends raw bytes over a socket, optionally chunked without content-length; resolves with status and body. */
function rawPost(
  url: string,
  chunks: Buffer[],
  headers: Record<string, string>,
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    // The server may answer 413 and close before the whole body is written: that is the point.
    req.on("error", (err) => ((err as NodeJS.ErrnoException).code === "EPIPE" || (err as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : reject(err)));
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe("body size limit (64 KB)", () => {
  // These go to a portal of their own: the write budget of the other tests' 127.0.0.1 is spent.
  let big: TestPortal;
  beforeAll(async () => {
    big = await startTestPortal();
  });
  afterAll(async () => big?.cleanup());

  const oversized = () => {
    const filler = "x".repeat(MAX_JSON_BODY_BYTES + 1024);
    return Buffer.from(JSON.stringify({ procedureCode: "1.001193", applicant, delivery: "online", formData: { note: filler } }));
  };

  it("answers 413 problem+json to a declared Content-Length over the limit", async () => {
    const body = oversized();
    const res = await rawPost(`${big.url}/v1/dossiers`, [body], { "content-type": "application/json", "content-length": String(body.length) });
    expect(res.status).toBe(413);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(JSON.parse(res.body)).toMatchObject({ code: "request.too_large", status: 413 });
  });

  it("answers 413 to a chunked body with no Content-Length once it passes the limit", async () => {
    const body = oversized();
    const chunks = Array.from({ length: Math.ceil(body.length / 4096) }, (_, i) => body.subarray(i * 4096, (i + 1) * 4096));
    const res = await rawPost(`${big.url}/v1/dossiers`, chunks, { "content-type": "application/json", "transfer-encoding": "chunked" });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ code: "request.too_large" });
  });

  it("reads a chunked body under the limit normally", async () => {
    const body = Buffer.from(JSON.stringify({ procedureCode: "1.001193", applicant, delivery: "online", formData: { note: "y".repeat(30_000) } }));
    const chunks = [body.subarray(0, 10_000), body.subarray(10_000, 20_000), body.subarray(20_000)];
    const res = await rawPost(`${big.url}/v1/dossiers`, chunks, { "content-type": "application/json", "transfer-encoding": "chunked" });
    // Read and validated (the note is over formData's 2,000 characters): a 400, not a 413.
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ code: "request.invalid" });
  });

  it("answers what Node's HTTP parser refuses (headers over 16 KB) as problem+json too, without a body for HEAD", async () => {
    const get = await fetch(`${big.url}/v1/procedures?q=${"a".repeat(20_000)}`);
    expect(get.status).toBe(431);
    expect(get.headers.get("content-type")).toContain("application/problem+json");
    expect(await get.json()).toMatchObject({ status: 431, code: "request.headers_too_large" });
    const head = await fetch(`${big.url}/v1/procedures?q=${"a".repeat(20_000)}`, { method: "HEAD" });
    expect(head.status).toBe(431);
    expect(await head.text()).toBe("");
  });

  it("answers 413 in process to a streamed body with no length (as behind a Lambda URL streaming)", async () => {
    const app = inProcessApp(big);
    const body = oversized();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < body.length; i += 8192) controller.enqueue(new Uint8Array(body.subarray(i, i + 8192)));
        controller.close();
      },
    });
    const res = await app.request("/v1/dossiers", {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe("request.too_large");
  });
});
