import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../functions/core/agency/keys";
import { ROOT, startPortal } from "../../functions/local/portal";
import {
  applicant,
  OTHER_AGENCY,
  pdfBytes,
  seedCatalogue,
  sha256,
  startTestPortal,
  submittedDossier,
  TEST_AGENCY,
  type TestPortal,
} from "../support/portal";

/**
 * The per-dossier event log (`GET /v1/agency/dossiers/{code}/events`, docs/api.md "Agency"): the one consumer of domain
 * events shipped with the event path. Each change commits its events with it; the local portal's poller (the
 * stand-in for DynamoDB Streams) delivers them; the log keeps one entry per event id.
 */

const auth = (key: string) => ({ authorization: `Bearer ${key}` });

describe("the event log over the local portal", () => {
  let portal: TestPortal;
  let mine: string;
  let theirs: string;

  beforeAll(async () => {
    portal = await startTestPortal();
    await seedCatalogue(portal);
    const now = new Date();
    mine = (await createApiKey(portal.adapters.keys, async () => true, { agencyCode: TEST_AGENCY.code, now })).apiKey;
    theirs = (await createApiKey(portal.adapters.keys, async () => true, { agencyCode: OTHER_AGENCY.code, now })).apiKey;
  });
  afterAll(async () => portal?.cleanup());

  const events = (code: string, key: string, query = "") => portal.api(`/v1/agency/dossiers/${code}/events${query}`, { headers: auth(key) });

  it("lists each change's events oldest first, with stable ids and the actor, and no personal data", async () => {
    const { code } = await submittedDossier(portal);
    const received = await portal.api(`/v1/agency/dossiers/${code}/actions`, { headers: auth(mine), body: { action: "receive", expectedVersion: 2 } });
    expect(received.status).toBe(200);
    await portal.events.drain();

    const page = await events(code, mine);
    expect(page.status).toBe(200);
    expect(page.body.items.map((e: { type: string }) => e.type)).toEqual(["dossier.submitted", "dossier.received"]);
    expect(page.body.items.map((e: { id: string }) => e.id)).toEqual([`${code}/2/0`, `${code}/3/0`]);
    expect(page.body.items[0]).toMatchObject({ dossierCode: code, version: 2, actor: { type: "citizen" }, data: { status: "submitted", previousStatus: "draft" } });
    expect(page.body.items[1]).toMatchObject({
      actor: { type: "agency", agencyCode: TEST_AGENCY.code },
      data: { status: "received", previousStatus: "submitted", agencyCode: TEST_AGENCY.code },
    });
    expect(page.body.items[1].data.dueAt).toBe(received.body.dueAt);
    expect(page.body.nextCursor).toBeNull();
    const text = JSON.stringify(page.body);
    for (const personal of [applicant.idNumber, applicant.phone, applicant.email, applicant.fullName]) expect(text).not.toContain(personal);
    expect(page.headers.get("cache-control")).toBe("no-store");
  });

  it("pages with limit and cursor, refuses a forged cursor, and is the dossier's agency's only", async () => {
    const { code } = await submittedDossier(portal);
    const act = (body: Record<string, unknown>) => portal.api(`/v1/agency/dossiers/${code}/actions`, { headers: auth(mine), body });
    expect((await act({ action: "receive", expectedVersion: 2 })).status).toBe(200);
    expect((await act({ action: "approve", expectedVersion: 3 })).status).toBe(200);
    await portal.events.drain();

    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await events(
        code,
        mine,
        `?limit=1${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.status).toBe(200);
      ids.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor && ++pages < 10);
    expect(ids).toEqual([`${code}/2/0`, `${code}/3/0`, `${code}/4/0`]);

    const forged = Buffer.from(JSON.stringify({ pk: `DOSSIER#${code}`, sk: { S: "x" } })).toString("base64url");
    expect((await events(code, mine, `?cursor=${forged}`)).body.code).toBe("request.invalid_cursor");
    const elsewhere = Buffer.from(JSON.stringify({ pk: "DOSSIER#000.00.12.H99-261201-0001", sk: "EVENT#1" })).toString("base64url");
    expect((await events(code, mine, `?cursor=${elsewhere}`)).status).toBe(400);
    expect((await events(code, theirs)).status).toBe(403);
    expect((await events(code, "not-a-key")).status).toBe(401);
    expect((await events("000.00.31.H99-261201-9999", mine)).status).toBe(404);
  });

  it("delivers every event exactly once while dossiers change concurrently, faster than the poller's rounds", async () => {
    // Six agency systems at once, each taking its dossiers through receive and approve: the poller keeps finding
    // dossiers whose next change lands between its read and its acknowledgement.
    const codes: string[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let n = 0; n < 10; n++) {
          const { code } = await submittedDossier(portal);
          const act = (body: Record<string, unknown>) => portal.api(`/v1/agency/dossiers/${code}/actions`, { headers: auth(mine), body });
          expect((await act({ action: "receive", expectedVersion: 2 })).status).toBe(200);
          expect((await act({ action: "approve", expectedVersion: 3 })).status).toBe(200);
          codes.push(code);
        }
      }),
    );
    await portal.events.drain();
    const logged = await Promise.all(codes.map(async (code) => (await events(code, mine)).body.items.map((e: { id: string }) => e.id)));
    expect(logged.filter((ids, i) => JSON.stringify(ids) !== JSON.stringify([2, 3, 4].map((v) => `${codes[i]}/${v}/0`)))).toEqual([]);
    expect(await portal.adapters.outbox.pending(25)).toEqual([]);
  });

  it("keeps one entry per event when the same events are delivered again", async () => {
    const { code } = await submittedDossier(portal);
    await portal.events.drain();
    const first = (await events(code, mine)).body.items;
    // At least once: a consumer may be handed the same events twice (a retried stream batch, a poller round
    // that died before acknowledging).
    await portal.adapters.events.append(first);
    await portal.adapters.events.append(first);
    expect((await events(code, mine)).body.items).toEqual(first);
  });

  it("publishes the route in the OpenAPI document", async () => {
    const doc = await portal.api("/v1/openapi.json");
    expect(doc.body.paths["/v1/agency/dossiers/{code}/events"]?.get).toBeDefined();
  });
});

describe("an event committed just before the portal is killed", () => {
  let dataDir: string;
  let child: ChildProcess | undefined;
  let apiKey: string;

  const freePort = () =>
    new Promise<number>((resolve, reject) => {
      const probe = createServer();
      probe.once("error", reject);
      probe.listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });

  /** `npm start`'s program in a child process, on the data folder; resolves with its URL once it is up. */
  async function startChild(env: Record<string, string>): Promise<string> {
    const port = await freePort();
    // One process (tsx as a loader, not its CLI, which would run the portal in a grandchild that SIGKILL misses).
    child = spawn(process.execPath, ["--import", "tsx", "functions/local/main.ts"], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), RATE_LIMIT_PER_MINUTE: "100000", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the portal did not start:\n${output}`)), 60_000);
      child!.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("dichvucong is running")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child!.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child!.once("exit", (code) => reject(new Error(`the portal exited (${code}):\n${output}`)));
    });
    return `http://localhost:${port}`;
  }

  async function kill(signal: NodeJS.Signals) {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill(signal);
    });
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "dvc-events-kill-"));
    // The data folder is prepared in-process: the test catalogue and an agency key.
    const prepared = await startPortal({ port: 0, dataDir, seed: false, statsSchedule: false, env: { ...process.env, PORT: undefined, DATA_DIR: undefined } });
    await seedCatalogue(prepared);
    apiKey = (await createApiKey(prepared.adapters.keys, async () => true, { agencyCode: TEST_AGENCY.code, now: new Date() })).apiKey;
    await prepared.close();
  });
  afterAll(async () => {
    await kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("is in the event log exactly once after the restart", async () => {
    // A poller that would wait an hour: the change is committed, its event not delivered, when the process dies.
    let url = await startChild({ EVENT_POLL_MS: "3600000" });
    const api = async (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
      const res = await fetch(url + path, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        headers: { ...(init.body === undefined ? {} : { "content-type": "application/json" }), ...init.headers },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const created = await api("/v1/dossiers", { body: { procedureCode: "1.001193", applicant, delivery: "online" } });
    expect(created.status).toBe(201);
    const { code, accessToken } = created.body as { code: string; accessToken: string };
    for (const [documentKey, bytes] of [["to-khai", pdfBytes(900, "k1")], ["giay-chung-sinh", pdfBytes(1900, "k2")]] as const) {
      const declared = await api(`/v1/dossiers/${code}/attachments`, {
        headers: auth(accessToken),
        body: { documentKey, fileName: `${documentKey}.pdf`, mediaType: "application/pdf", size: bytes.byteLength, sha256: sha256(bytes) },
      });
      expect(declared.status).toBe(201);
      const put = await fetch(declared.body.upload.url, { method: "PUT", headers: declared.body.upload.headers, body: Buffer.from(bytes) });
      expect(put.status).toBe(200);
    }
    expect((await api(`/v1/dossiers/${code}/submit`, { method: "POST", headers: auth(accessToken) })).status).toBe(200);
    expect((await api(`/v1/agency/dossiers/${code}/events`, { headers: auth(apiKey) })).body.items).toEqual([]);

    await kill("SIGKILL");
    url = await startChild({});

    const deadline = Date.now() + 20_000;
    let items: { id: string; type: string }[] = [];
    while (Date.now() < deadline) {
      items = (await api(`/v1/agency/dossiers/${code}/events`, { headers: auth(apiKey) })).body.items;
      if (items.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(items.map((e) => [e.id, e.type])).toEqual([[`${code}/2/0`, "dossier.submitted"]]);
    // Later rounds deliver nothing again: still one entry.
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await api(`/v1/agency/dossiers/${code}/events`, { headers: auth(apiKey) })).body.items).toHaveLength(1);
    await kill("SIGTERM");
  });

  it("sends the citizen's message once when the portal dies before the event is delivered, and again before it is sent", async () => {
    // Neither the events nor the queues are worked: the receipt is committed, its event waits in the dossier.
    let url = await startChild({ EVENT_POLL_MS: "3600000", NOTIFY_POLL_MS: "3600000" });
    const api = async (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
      const res = await fetch(url + path, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        headers: { ...(init.body === undefined ? {} : { "content-type": "application/json" }), ...init.headers },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const created = await api("/v1/dossiers", { body: { procedureCode: "1.001193", applicant, delivery: "online" } });
    const { code, accessToken } = created.body as { code: string; accessToken: string };
    for (const [documentKey, bytes] of [["to-khai", pdfBytes(900, "n1")], ["giay-chung-sinh", pdfBytes(1900, "n2")]] as const) {
      const declared = await api(`/v1/dossiers/${code}/attachments`, {
        headers: auth(accessToken),
        body: { documentKey, fileName: `${documentKey}.pdf`, mediaType: "application/pdf", size: bytes.byteLength, sha256: sha256(bytes) },
      });
      await fetch(declared.body.upload.url, { method: "PUT", headers: declared.body.upload.headers, body: Buffer.from(bytes) });
    }
    expect((await api(`/v1/dossiers/${code}/submit`, { method: "POST", headers: auth(accessToken) })).status).toBe(200);
    expect((await api(`/v1/agency/dossiers/${code}/actions`, { headers: auth(apiKey), body: { action: "receive", expectedVersion: 2 } })).status).toBe(200);
    const emails = async () => ((await api("/dev/mailbox.json")).body.items as { channel: string; dossierCode?: string }[]).filter((i) => i.dossierCode === code && i.channel === "email");
    await kill("SIGKILL");

    // Restarted with the events worked but not the queues: the receipt's message is queued, not sent, when it dies.
    url = await startChild({ NOTIFY_POLL_MS: "3600000" });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (await api(`/v1/agency/dossiers/${code}/events`, { headers: auth(apiKey) })).body.items.length < 2) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 300)); // the fan-out follows the event log in the same delivery
    expect(await emails()).toEqual([]);
    await kill("SIGKILL");

    url = await startChild({});
    const sendBy = Date.now() + 20_000;
    while (Date.now() < sendBy && !(await emails()).length) await new Promise((r) => setTimeout(r, 100));
    expect(await emails()).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await emails()).toHaveLength(1);
    await kill("SIGTERM");
  });
});
