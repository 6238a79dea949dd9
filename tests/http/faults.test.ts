import { randomUUID } from "node:crypto";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../functions/core/agency/keys";
import { catalogueLookup, catalogueReader } from "../../functions/core/catalogue/cache";
import type { DossierDeps } from "../../functions/core/dossier/access";
import { UnavailableError } from "../../functions/core/errors";
import type { DossierRepository, FileStore, IdempotencyStore } from "../../functions/core/ports";
import { agencyApp } from "../../functions/http/agency-app";
import { createRoot } from "../../functions/http/app";
import { dossiersApp } from "../../functions/http/dossiers-app";
import {
  applicant,
  pdfBytes,
  seedCatalogue,
  sha256,
  startTestPortal,
  submittedDossier,
  TEST_AGENCY,
  uploadDocument,
  type TestPortal,
} from "../support/portal";

/**
 * Fault injection: the embedded stores are stopped before a request, or in the middle of one (through wrapped
 * adapters), and started again on the same port. The client must get 503 problem+json `storage.unavailable` with
 * Retry-After; nothing half-made may be visible; the same retry after the restart must complete exactly once.
 */

let portal: TestPortal;
let agencyKey: string;

beforeAll(async () => {
  portal = await startTestPortal();
  await seedCatalogue(portal);
  agencyKey = (await createApiKey(portal.adapters.keys, async () => true, { agencyCode: TEST_AGENCY.code, now: new Date() })).apiKey;
});
afterAll(async () => {
  // A failed test may leave a store stopped.
  await portal?.stores?.startDynamo();
  await portal?.stores?.startS3();
  await portal?.cleanup();
});

type Store = "dynamo" | "s3";
const stop = (store: Store) => (store === "dynamo" ? portal.stores!.stopDynamo() : portal.stores!.stopS3());
const start = (store: Store) => (store === "dynamo" ? portal.stores!.startDynamo() : portal.stores!.startS3());

/** Stops a store, runs the request, starts the store again (whatever happened). */
async function whileDown<T>(store: Store, request: () => Promise<T>): Promise<T> {
  await stop(store);
  try {
    return await request();
  } finally {
    await start(store);
  }
}

function expectUnavailable(res: { status: number; headers: Headers; body: any }) {
  expect(res.status, JSON.stringify(res.body)).toBe(503);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  expect(res.body).toMatchObject({ code: "storage.unavailable", status: 503 });
  expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|at .*\.ts|stack/i);
}

/** Every dossier item in the table whose applicant carries `marker` as name (unique per test). */
async function dossiersMarked(marker: string) {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await portal.adapters.db.send(
      new ScanCommand({
        TableName: portal.config.tableName,
        FilterExpression: "#kind = :dossier AND applicant.fullName = :marker",
        ExpressionAttributeNames: { "#kind": "kind" },
        ExpressionAttributeValues: { ":dossier": "dossier", ":marker": marker },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

const marked = () => `Người Thử ${randomUUID().slice(0, 8)}`;
const createBody = (fullName: string) => ({ procedureCode: "1.001193", applicant: { ...applicant, fullName }, delivery: "online" });
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** An in-process app over the portal's stores with some adapters wrapped (to fail in the middle of a request). */
function appWith(overrides: Partial<DossierDeps>): Hono {
  const deps: DossierDeps = {
    dossiers: portal.adapters.dossiers,
    catalogue: catalogueLookup(catalogueReader(portal.adapters.catalogue)),
    files: portal.adapters.files,
    idempotency: portal.adapters.idempotency,
    tokenSecret: portal.config.tokenSecret,
    now: () => new Date(),
    ...overrides,
  };
  const root = createRoot();
  root.route("/", dossiersApp(deps));
  root.route("/", agencyApp({ ...deps, keys: portal.adapters.keys, events: portal.adapters.events, webhooks: undefined as never }));
  return root;
}

async function call(app: Hono, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await app.request(path, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { ...(init.body === undefined ? {} : { "content-type": "application/json" }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

describe("a store that is down when the request arrives", () => {
  it("create: 503 while DynamoDB is down, then the same retry makes exactly one dossier", async () => {
    const name = marked();
    const key = `fault-create-${randomUUID()}`;
    const create = () => portal.api("/v1/dossiers", { body: createBody(name), headers: { "idempotency-key": key } });

    expectUnavailable(await whileDown("dynamo", create));
    expect(await dossiersMarked(name)).toHaveLength(0);

    const first = await create();
    expect(first.status).toBe(201);
    const again = await create();
    expect(again.status).toBe(201);
    expect(again.body.code).toBe(first.body.code);
    expect(again.body.accessToken).toBe(first.body.accessToken);
    expect(await dossiersMarked(name)).toHaveLength(1);
  });

  it("attach: 503 while DynamoDB is down; the retry with the same key declares one attachment", async () => {
    const created = await portal.api("/v1/dossiers", { body: createBody(marked()) });
    const { code, accessToken } = created.body;
    const bytes = pdfBytes(1500, "attach-fault");
    const declare = () =>
      portal.api(`/v1/dossiers/${code}/attachments`, {
        headers: { ...auth(accessToken), "idempotency-key": `fault-attach-${code}` },
        body: { documentKey: "to-khai", fileName: "to-khai.pdf", mediaType: "application/pdf", size: bytes.length, sha256: sha256(bytes) },
      });
    expectUnavailable(await whileDown("dynamo", declare));
    const ok = await declare();
    expect(ok.status).toBe(201);
    expect((await declare()).body.attachmentId).toBe(ok.body.attachmentId);
    const dossier = await portal.adapters.dossiers.get(code);
    expect(Object.keys(dossier!.attachments)).toEqual([ok.body.attachmentId]);
  });

  it.each(["s3", "dynamo"] as const)("submit: 503 while %s is down, nothing moves; the retry submits once", async (store) => {
    const created = await portal.api("/v1/dossiers", { body: createBody(marked()) });
    const { code, accessToken } = created.body;
    await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(1000, "tk"));
    await uploadDocument(portal, code, accessToken, "giay-chung-sinh", pdfBytes(3000, "gcs"));
    const submit = () => portal.api(`/v1/dossiers/${code}/submit`, { method: "POST", headers: auth(accessToken) });

    expectUnavailable(await whileDown(store, submit));
    const stored = await portal.adapters.dossiers.get(code);
    expect(stored).toMatchObject({ status: "draft", version: 1 });
    expect(Object.values(stored!.attachments).every((a) => a.state === "declared")).toBe(true);
    expect((await portal.api(`/v1/dossiers/${code}/status`)).status).toBe(404);

    expect((await submit()).status).toBe(200);
    expect((await submit()).status).toBe(200);
    const after = await portal.adapters.dossiers.get(code);
    expect(after).toMatchObject({ status: "submitted", version: 2 });
    expect(after!.timeline.filter((t) => t.action === "submit")).toHaveLength(1);
    expect((await portal.api(`/v1/dossiers/${code}/status`)).body.status).toBe("submitted");
  });

  it("agency action: 503 while DynamoDB is down; the retry with the same expectedVersion receives once", async () => {
    const { code } = await submittedDossier(portal);
    const receive = () =>
      portal.api(`/v1/agency/dossiers/${code}/actions`, { headers: auth(agencyKey), body: { action: "receive", expectedVersion: 2 } });
    expectUnavailable(await whileDown("dynamo", receive));
    expect(await portal.adapters.dossiers.get(code)).toMatchObject({ status: "submitted", version: 2 });
    const ok = await receive();
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: "received", version: 3 });
    // The same retry once more is a version conflict, not a second receipt.
    expect((await receive()).status).toBe(409);
    expect((await portal.adapters.dossiers.get(code))!.timeline.filter((t) => t.action === "receive")).toHaveLength(1);
  });

  it("agency return_result: 503 while S3 is down (results are verified in storage); the retry returns once", async () => {
    const { code } = await submittedDossier(portal);
    const act = (body: Record<string, unknown>) => portal.api(`/v1/agency/dossiers/${code}/actions`, { headers: auth(agencyKey), body });
    expect((await act({ action: "receive", expectedVersion: 2 })).status).toBe(200);
    expect((await act({ action: "approve", expectedVersion: 3 })).status).toBe(200);
    const result = pdfBytes(1800, "kq");
    const ticket = await portal.api(`/v1/agency/dossiers/${code}/results`, {
      headers: auth(agencyKey),
      body: { fileName: "ket-qua.pdf", mediaType: "application/pdf", size: result.length, sha256: sha256(result) },
    });
    expect(ticket.status).toBe(201);
    expect((await fetch(ticket.body.upload.url, { method: "PUT", headers: ticket.body.upload.headers, body: Buffer.from(result) })).status).toBe(200);

    expectUnavailable(await whileDown("s3", () => act({ action: "return_result", expectedVersion: 4 })));
    expect(await portal.adapters.dossiers.get(code)).toMatchObject({ status: "approved", version: 4 });
    expect((await act({ action: "return_result", expectedVersion: 4 })).body).toMatchObject({ status: "returned", version: 5 });
  });

  it("reads: public status and the agency inbox answer 503 (not 500, not 404) while DynamoDB is down", async () => {
    const { code } = await submittedDossier(portal);
    const [status, inbox] = await whileDown("dynamo", () =>
      Promise.all([portal.api(`/v1/dossiers/${code}/status`), portal.api("/v1/agency/dossiers", { headers: auth(agencyKey) })]),
    );
    expectUnavailable(status);
    expectUnavailable(inbox);
    expect((await portal.api(`/v1/dossiers/${code}/status`)).status).toBe(200);
  });
});

describe("a store that stops in the middle of a request", () => {
  /** Wraps one method of an adapter: after the real call (or before it), the store goes down. */
  function stopAfter<T extends object>(target: T, method: keyof T, store: Store, when: "before" | "after" = "after") {
    let armed = true;
    const wrapped = Object.create(target) as T;
    (wrapped as Record<keyof T, unknown>)[method] = async (...args: unknown[]) => {
      const fire = armed;
      armed = false;
      if (fire && when === "before") await stop(store);
      const result = await (target[method] as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      if (fire && when === "after") await stop(store);
      return result;
    };
    return wrapped;
  }

  it.each([
    ["right after the day's sequence number is drawn", "nextSequence"],
    ["right after the idempotency key is bound to the code", "claim"],
  ] as const)("create: DynamoDB stops %s; the retry with the same key converges on one dossier", async (_label, method) => {
    const name = marked();
    const key = `fault-mid-${randomUUID()}`;
    const body = createBody(name);
    const faulty =
      method === "claim"
        ? appWith({ idempotency: stopAfter<IdempotencyStore>(portal.adapters.idempotency, method, "dynamo") })
        : appWith({ dossiers: stopAfter<DossierRepository>(portal.adapters.dossiers, method, "dynamo") });
    let first;
    try {
      first = await call(faulty, "/v1/dossiers", { body, headers: { "idempotency-key": key } });
    } finally {
      await start("dynamo");
    }
    expectUnavailable(first);
    // Nothing public; at most a draft, which nobody can see without the token the retry will hand out.
    for (const item of await dossiersMarked(name)) {
      expect(item.status).toBe("draft");
      expect((await portal.api(`/v1/dossiers/${item.code as string}/status`)).status).toBe(404);
    }

    const started = Date.now();
    const retry = await portal.api("/v1/dossiers", { body, headers: { "idempotency-key": key } });
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    // The retry after Retry-After gets through in one go (it may wait out the crashed attempt's lease).
    expect(Date.now() - started).toBeLessThan(8_000);
    const replay = await portal.api("/v1/dossiers", { body, headers: { "idempotency-key": key } });
    expect(replay.body.code).toBe(retry.body.code);
    expect(replay.body.accessToken).toBe(retry.body.accessToken);
    const items = await dossiersMarked(name);
    expect(items.map((i) => i.code)).toEqual([retry.body.code]);
    expect((await portal.api(`/v1/dossiers/${retry.body.code}`, { headers: auth(retry.body.accessToken) })).status).toBe(200);
  });

  it("create: a transient store error does not hold the key: the retry goes through at once", async () => {
    const name = marked();
    const key = `fault-blip-${randomUUID()}`;
    const body = createBody(name);
    let blips = 1;
    const dossiers = Object.create(portal.adapters.dossiers) as typeof portal.adapters.dossiers;
    dossiers.create = async (dossier) => {
      if (blips-- > 0) throw new UnavailableError("dynamodb");
      return portal.adapters.dossiers.create(dossier);
    };
    const first = await call(appWith({ dossiers }), "/v1/dossiers", { body, headers: { "idempotency-key": key } });
    expectUnavailable(first);
    const started = Date.now();
    const retry = await portal.api("/v1/dossiers", { body, headers: { "idempotency-key": key } });
    expect(retry.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await dossiersMarked(name)).toHaveLength(1);
  });

  it("create: DynamoDB stops right after the dossier is written (the last write): 201, and the retry returns that dossier", async () => {
    const name = marked();
    const key = `fault-put-${randomUUID()}`;
    const body = createBody(name);
    const faulty = appWith({ dossiers: stopAfter(portal.adapters.dossiers, "create", "dynamo") });
    let first;
    try {
      first = await call(faulty, "/v1/dossiers", { body, headers: { "idempotency-key": key } });
    } finally {
      await start("dynamo");
    }
    expect(first.status).toBe(201);
    const [draft] = await dossiersMarked(name);
    expect(draft!.code).toBe(first.body.code);
    const retry = await portal.api("/v1/dossiers", { body, headers: { "idempotency-key": key } });
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ code: first.body.code, accessToken: first.body.accessToken });
    expect(await dossiersMarked(name)).toHaveLength(1);
  });

  it("submit: S3 stops after the first file is checked; the retry verifies again and submits once", async () => {
    const created = await portal.api("/v1/dossiers", { body: createBody(marked()) });
    const { code, accessToken } = created.body;
    await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(1000, "tk"));
    await uploadDocument(portal, code, accessToken, "giay-chung-sinh", pdfBytes(3000, "gcs"));
    const faulty = appWith({ files: stopAfter<FileStore>(portal.adapters.files, "inspect", "s3") });
    let first;
    try {
      first = await call(faulty, `/v1/dossiers/${code}/submit`, { method: "POST", headers: auth(accessToken) });
    } finally {
      await start("s3");
    }
    expectUnavailable(first);
    expect(await portal.adapters.dossiers.get(code)).toMatchObject({ status: "draft", version: 1 });

    const retry = await portal.api(`/v1/dossiers/${code}/submit`, { method: "POST", headers: auth(accessToken) });
    expect(retry.status).toBe(200);
    const dossier = (await portal.adapters.dossiers.get(code))!;
    expect(dossier).toMatchObject({ status: "submitted", version: 2 });
    for (const attachment of Object.values(dossier.attachments)) {
      expect(attachment.state).toBe("verified");
      expect(attachment.objectKey).toBe(`dossiers/${code}/${attachment.id}`);
      expect(await portal.adapters.files.inspect(attachment.objectKey)).toMatchObject({ size: attachment.size });
    }
  });

  it("submit: DynamoDB stops between the uploads and the submit (before the commit); the retry submits once", async () => {
    const created = await portal.api("/v1/dossiers", { body: createBody(marked()) });
    const { code, accessToken } = created.body;
    await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(1000, "tk"));
    await uploadDocument(portal, code, accessToken, "giay-chung-sinh", pdfBytes(3000, "gcs"));
    const faulty = appWith({ dossiers: stopAfter(portal.adapters.dossiers, "commit", "dynamo", "before") });
    let first;
    try {
      first = await call(faulty, `/v1/dossiers/${code}/submit`, { method: "POST", headers: auth(accessToken) });
    } finally {
      await start("dynamo");
    }
    expectUnavailable(first);
    expect((await portal.api(`/v1/dossiers/${code}/submit`, { method: "POST", headers: auth(accessToken) })).status).toBe(200);
    expect((await portal.adapters.dossiers.get(code))!.timeline.map((t) => t.action)).toEqual(["create", "submit"]);
  });

  it("agency action: DynamoDB stops just before the conditional write; the retry applies it once", async () => {
    const { code } = await submittedDossier(portal);
    const faulty = appWith({ dossiers: stopAfter(portal.adapters.dossiers, "commit", "dynamo", "before") });
    const body = { action: "receive", expectedVersion: 2 };
    let first;
    try {
      first = await call(faulty, `/v1/agency/dossiers/${code}/actions`, { body, headers: auth(agencyKey) });
    } finally {
      await start("dynamo");
    }
    expectUnavailable(first);
    const retry = await portal.api(`/v1/agency/dossiers/${code}/actions`, { body, headers: auth(agencyKey) });
    expect(retry.body).toMatchObject({ status: "received", version: 3 });
    expect((await portal.adapters.dossiers.get(code))!.timeline.filter((t) => t.action === "receive")).toHaveLength(1);
  });
});
