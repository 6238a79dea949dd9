import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../functions/core/agency/keys";
import { OTHER_AGENCY, seedCatalogue, startTestPortal, submittedDossier, TEST_AGENCY, type TestPortal } from "../support/portal";

/**
 * Agencies' webhooks end to end (docs/notifications.md): subscriptions over the API, deliveries signed per Standard
 * Webhooks and checked here with the `standardwebhooks` library, retried on a (shortened) schedule, logged per
 * attempt, dead-lettered, replayed.
 */
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver on loopback that answers `status()` to each request and keeps every request. */
async function receiver(status: (n: number) => number) {
  const requests: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c));
    req.on("end", () => {
      requests.push({ headers: req.headers, body });
      res.writeHead(status(requests.length)).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function until(check: () => Promise<boolean>, what: string, ms = 15_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("webhooks to agencies' systems", () => {
  let portal: TestPortal;
  let key: string;
  let otherKey: string;
  const receivers: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    // Six retries 40 ms apart: the schedule a deployed stage spreads over 27 hours.
    portal = await startTestPortal({ env: { WEBHOOK_RETRY_SCHEDULE_MS: "40,40,40,40,40,40", NOTIFY_POLL_MS: "20" } });
    await seedCatalogue(portal);
    key = (await createApiKey(portal.adapters.keys, async () => true, { agencyCode: TEST_AGENCY.code, now: new Date() })).apiKey;
    otherKey = (await createApiKey(portal.adapters.keys, async () => true, { agencyCode: OTHER_AGENCY.code, now: new Date() })).apiKey;
  });
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await portal?.cleanup();
  });

  const subscribe = async (url: string, events?: string[], who = key) => {
    const res = await portal.api("/v1/agency/webhooks", { headers: auth(who), body: { url, ...(events ? { events } : {}) } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; secret: string };
  };
  const deliveries = async (id: string, who = key) => (await portal.api(`/v1/agency/webhooks/${id}/deliveries`, { headers: auth(who) })).body.items as any[];
  const settle = async () => {
    await portal.events.drain();
    await portal.notify.drain();
  };

  it("delivers each event once, signed per Standard Webhooks, verified with the library", async () => {
    const r = await receiver(() => 200);
    receivers.push(r);
    const hook = await subscribe(r.url);
    expect(hook.secret).toMatch(/^whsec_/);
    const listed = await portal.api("/v1/agency/webhooks", { headers: auth(key) });
    expect(JSON.stringify(listed.body)).not.toContain(hook.secret); // shown once

    const { code } = await submittedDossier(portal);
    await portal.api(`/v1/agency/dossiers/${code}/actions`, { headers: auth(key), body: { action: "receive", expectedVersion: 2 } });
    await settle();
    await settle();
    await until(async () => r.requests.length >= 2, "two deliveries");
    await settle();

    const verifier = new Webhook(hook.secret);
    const bodies = r.requests.map((req) => verifier.verify(req.body, req.headers as Record<string, string>) as { type: string; data: any });
    expect(bodies.map((b) => b.type)).toEqual(["dossier.submitted", "dossier.received"]);
    expect(bodies[1]!.data).toMatchObject({ dossierCode: code, status: "received", agencyCode: TEST_AGENCY.code });
    expect(new Set(r.requests.map((q) => q.headers["webhook-id"])).size).toBe(2);
    // A tampered body fails the same check.
    expect(() => verifier.verify(r.requests[0]!.body.replace("submitted", "received"), r.requests[0]!.headers as Record<string, string>)).toThrow();
    // Another agency's subscription hears nothing of it, and cannot read this one's log.
    expect((await portal.api(`/v1/agency/webhooks/${hook.id}/deliveries`, { headers: auth(otherKey) })).status).toBe(404);
  });

  it("retries a receiver that is down for 5 attempts and delivers exactly once when it is up; the log shows every attempt", async () => {
    const r = await receiver((n) => (n <= 5 ? 503 : 200));
    receivers.push(r);
    const hook = await subscribe(r.url, ["dossier.submitted"]);
    const { code } = await submittedDossier(portal);
    await portal.events.drain();
    await until(async () => {
      await portal.notify.drain();
      return (await deliveries(hook.id)).some((d) => d.status === "delivered");
    }, "the delivery");
    await new Promise((r) => setTimeout(r, 300));
    await portal.notify.drain();

    expect(r.requests).toHaveLength(6);
    expect(new Set(r.requests.map((q) => q.headers["webhook-id"])).size).toBe(1); // the same message each time
    const [delivery] = await deliveries(hook.id);
    expect(delivery).toMatchObject({ eventId: `${code}/2/0`, eventType: "dossier.submitted", status: "delivered", attemptCount: 6 });
    expect(delivery.attempts.map((a: { status: number }) => a.status)).toEqual([503, 503, 503, 503, 503, 200]);
    for (const a of delivery.attempts) expect(a.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("dead-letters a delivery after the last retry with its last error, and a replay delivers it", async () => {
    let up = false;
    const r = await receiver(() => (up ? 200 : 500));
    receivers.push(r);
    const hook = await subscribe(r.url, ["dossier.submitted"]);
    await submittedDossier(portal);
    await portal.events.drain();
    await until(async () => {
      await portal.notify.drain();
      return (await deliveries(hook.id)).some((d) => d.status === "dead");
    }, "the dead letter");
    const [dead] = await deliveries(hook.id);
    expect(dead).toMatchObject({ status: "dead", attemptCount: 7, lastError: "HTTP 500" });

    up = true;
    const replayed = await portal.api(`/v1/agency/webhooks/${hook.id}/deliveries/${dead.deliveryId}/replay`, { method: "POST", headers: auth(key) });
    expect(replayed.status).toBe(202);
    await until(async () => {
      await portal.notify.drain();
      return (await deliveries(hook.id))[0].status === "delivered";
    }, "the replay");
    expect(r.requests.filter((q) => q.headers["webhook-id"] === `msg_${dead.deliveryId}`)).toHaveLength(8);
    expect((await deliveries(hook.id))[0].attempts.at(-1).status).toBe(200);
  });

  it("rotates a secret: both sign during the grace period", async () => {
    const r = await receiver(() => 200);
    receivers.push(r);
    const hook = await subscribe(r.url);
    const rotated = await portal.api(`/v1/agency/webhooks/${hook.id}/rotate`, { method: "POST", headers: auth(key) });
    expect(rotated.status).toBe(200);
    const ping = await portal.api(`/v1/agency/webhooks/${hook.id}/test`, { method: "POST", headers: auth(key) });
    expect(ping.status).toBe(202);
    await until(async () => {
      await portal.notify.drain();
      return r.requests.length === 1;
    }, "the ping");
    const request = r.requests[0]!;
    expect(String(request.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    for (const secret of [hook.secret, rotated.body.secret]) {
      expect((new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as { type: string }).type).toBe("webhook.ping");
    }
  });

  it("refuses bad URLs with a reason, and removes a subscription", async () => {
    const bad = await portal.api("/v1/agency/webhooks", { headers: auth(key), body: { url: "ftp://example.vn/x" } });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe("webhook.url_refused");
    const unknownEvent = await portal.api("/v1/agency/webhooks", { headers: auth(key), body: { url: "https://example.vn/x", events: ["dossier.exploded"] } });
    expect(unknownEvent.status).toBe(400);
    const hook = await subscribe("https://example.vn/hook");
    expect((await portal.api(`/v1/agency/webhooks/${hook.id}`, { method: "DELETE", headers: auth(otherKey) })).status).toBe(404);
    expect((await portal.api(`/v1/agency/webhooks/${hook.id}`, { method: "DELETE", headers: auth(key) })).status).toBe(204);
    expect((await portal.api(`/v1/agency/webhooks/${hook.id}`, { method: "DELETE", headers: auth(key) })).status).toBe(404);
  });
});

describe("webhooks CLI", () => {
  let portal: TestPortal;
  beforeAll(async () => {
    portal = await startTestPortal({ env: { NOTIFY_POLL_MS: "20" } });
    await seedCatalogue(portal);
  });
  afterAll(async () => portal?.cleanup());

  async function cli(args: string[]) {
    const { runCli } = await import("../../functions/cli/main");
    const out: string[] = [];
    const err: string[] = [];
    const [log, error] = [console.log, console.error];
    console.log = (line: string) => out.push(line);
    console.error = (line: string) => err.push(line);
    const saved = process.env.DATA_DIR;
    process.env.DATA_DIR = portal.dataDir; // the CLI finds the running portal through its data folder
    try {
      return { code: await runCli(["webhooks", ...args]), out, err };
    } finally {
      [console.log, console.error] = [log, error];
      if (saved === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = saved;
    }
  }

  it("adds a subscription (secret shown once), lists it, pings it, replays a delivery and removes it", async () => {
    const r = await receiver(() => 200);
    try {
      const added = await cli(["add", "--agency", TEST_AGENCY.code, "--url", r.url, "--events", "dossier.submitted"]);
      expect(added.code).toBe(0);
      const { id, secret } = JSON.parse(added.out[0]!);
      expect(secret).toMatch(/^whsec_/);

      const listed = await cli(["list", "--agency", TEST_AGENCY.code]);
      expect(listed.out.join("\n")).toContain(id);
      expect(listed.out.join("\n")).not.toContain(secret);

      expect((await cli(["test", "--agency", TEST_AGENCY.code, id])).code).toBe(0);
      const { code } = await submittedDossier(portal);
      await portal.events.drain();
      await until(async () => {
        await portal.notify.drain();
        return r.requests.length === 2;
      }, "the ping and the event");
      const types = r.requests.map((q) => (new Webhook(secret).verify(q.body, q.headers as Record<string, string>) as { type: string }).type);
      expect(types.sort()).toEqual(["dossier.submitted", "webhook.ping"]);

      const deliveries = await cli(["deliveries", "--agency", TEST_AGENCY.code, id]);
      expect(deliveries.out).toHaveLength(2);
      const submittedLine = deliveries.out.find((l) => l.includes("dossier.submitted"))!;
      expect(submittedLine).toMatch(/delivered/);
      const replayed = await cli(["replay", "--agency", TEST_AGENCY.code, id, submittedLine.split(" ")[0]!]);
      expect(replayed.code).toBe(0);
      await until(async () => {
        await portal.notify.drain();
        return r.requests.length === 3;
      }, "the replay");
      expect(JSON.parse(r.requests[2]!.body).data.dossierCode).toBe(code);

      expect((await cli(["add", "--agency", TEST_AGENCY.code, "--url", "ftp://x"])).err.join("")).toContain("the URL is refused");
      expect((await cli(["add", "--agency", "000.00.99.H99", "--url", r.url])).code).toBe(1);
      expect((await cli(["add", "--agency", TEST_AGENCY.code])).code).toBe(2);
      expect((await cli(["remove", "--agency", TEST_AGENCY.code, id])).code).toBe(0);
      expect((await cli(["remove", "--agency", TEST_AGENCY.code, id])).code).toBe(1);
    } finally {
      await r.close();
    }
  });
});
