/**
 * Submission benchmark: `npx tsx bench/submit.ts`
 *
 * One citizen's whole flow over HTTP on the local portal (embedded dynalite + s3rver, temp folder), as the web app
 * runs it: create with the three files declared (with an Idempotency-Key) → PUT each file to its presigned URL →
 * submit → the change's events delivered (the local poller, drained by hand; deployed, DynamoDB Streams). Measures:
 *  1. latency of the flow and of each step (median, p95) over ≥ 50 dossiers per run after a warm-up, several runs;
 *  2. DynamoDB and S3 requests per dossier, by operation, counted by a middleware at the "initialize" step of the
 *     portal's own SDK clients (a presign passes through the stack too but sends nothing: counted apart);
 *  3. item sizes of the dossier after each step (JSON length, on a few probe dossiers), hence WRU/RRU;
 *  4. the on-demand cost per million dossiers in ap-southeast-1 from those counts (prices below: check them).
 * Prints a markdown block and writes it to BENCHMARKS.md under "## Submission" (other sections are kept).
 *
 * Options: --dossiers N per run (default 50), --runs N (default 3), --warmup N (default 20), --no-write.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { GLOBAL_INDEXES } from "../functions/adapters/dynamo/table";
import { Agency, Procedure } from "../functions/core/catalogue/model";
import { startPortal, type Portal } from "../functions/local/portal";
import { machineLine, median, p95, run, today, writeSection } from "./report";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const DOSSIERS = option("dossiers", 50);
const RUNS = option("runs", 3);
const WARMUP = option("warmup", 20);
const PROBES = 3;
const WRITE = !args.includes("--no-write");

// ---------------------------------------------------------------------------------------------- the scenario

const AGENCY = Agency.parse({ code: "000.00.31.H98", name: "UBND phường Bến Thành (bench)", tier: "commune", parentCode: null });
const PROCEDURE = Procedure.parse({
  code: "1.009998",
  name: "Đăng ký thường trú (bench)",
  field: "Đăng ký, quản lý cư trú",
  agencyCode: AGENCY.code,
  level: "full",
  processingDays: 7,
  fee: { amount: 0, currency: "VND", serviceFee: 0, charge: 0 },
  documents: [
    { key: "to-khai", name: "Tờ khai thay đổi thông tin cư trú (CT01)", required: true, maxSizeMB: 2, mediaTypes: ["application/pdf"] },
    { key: "giay-to-cho-o", name: "Giấy tờ chứng minh chỗ ở hợp pháp", required: true, maxSizeMB: 5, mediaTypes: ["application/pdf", "image/jpeg"] },
    { key: "dong-y", name: "Văn bản đồng ý cho đăng ký thường trú", required: true, maxSizeMB: 5, mediaTypes: ["application/pdf", "image/jpeg"] },
  ],
  resultDelivery: ["online", "post", "in_person"],
});
/** A filled-in form, a scan of a paper, a phone photo of a signed letter. */
const FILES = [
  { documentKey: "to-khai", fileName: "CT01 - Tờ khai.pdf", mediaType: "application/pdf", size: 180 * 1024 },
  { documentKey: "giay-to-cho-o", fileName: "Hợp đồng thuê nhà (bản scan).pdf", mediaType: "application/pdf", size: 600 * 1024 },
  { documentKey: "dong-y", fileName: "Văn bản đồng ý.jpg", mediaType: "image/jpeg", size: 900 * 1024 },
] as const;
const AVG_FILE_BYTES = FILES.reduce((s, f) => s + f.size, 0) / FILES.length;

const APPLICANT = {
  fullName: "Trần Thị Bích Ngọc",
  idNumber: "079190012345",
  phone: "0903123456",
  email: "ngoc.tran@example.vn",
  address: "12 Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh",
};

function fileBytes(file: (typeof FILES)[number]): Buffer {
  const body = randomBytes(file.size); // incompressible, like a real scan
  const head = file.mediaType === "application/pdf" ? Buffer.from("%PDF-1.7\n") : Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
  head.copy(body);
  return body;
}
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
const size = (item: unknown) => Buffer.byteLength(JSON.stringify(item));

// ---------------------------------------------------------------------------------------------- request counting

type Step = "create" | "upload" | "submit" | "events" | "other";
/** `${step}|${service}|${operation}|${item kind}|${consistent}` → count */
const tally = new Map<string, number>();
let counting = false;
let currentStep: Step = "other";

function itemKind(input: Record<string, unknown> | undefined): string {
  const key = (input?.Key ?? input?.Item) as Record<string, unknown> | undefined;
  const pk = typeof key?.pk === "string" ? key.pk : "";
  return pk ? pk.split("#")[0]! : input?.IndexName ? `index ${String(input.IndexName)}` : "-";
}

/** Counts every command of the client by name; a presign resolves without a request and is counted as such. */
function countRequests(service: "dynamodb" | "s3", client: { middlewareStack: unknown }) {
  (client.middlewareStack as { add: (mw: unknown, options: unknown) => void }).add(
    (next: (args: unknown) => Promise<{ output?: { presigned?: unknown } }>, context: { commandName?: string }) =>
      async (mwArgs: { input?: Record<string, unknown> }) => {
        const step = currentStep;
        let presigned = false;
        try {
          const result = await next(mwArgs);
          presigned = Boolean(result?.output?.presigned);
          return result;
        } finally {
          if (counting) {
            const operation = presigned ? "presign" : (context.commandName ?? "?").replace(/Command$/, "");
            const consistent = mwArgs.input?.ConsistentRead === true ? "strong" : "";
            const key = `${step}|${service}|${operation}|${service === "dynamodb" ? itemKind(mwArgs.input) : "-"}|${consistent}`;
            tally.set(key, (tally.get(key) ?? 0) + 1);
          }
        }
      },
    { step: "initialize", name: `bench-count-${service}` },
  );
}

// ---------------------------------------------------------------------------------------------- the flow

interface FlowTimes {
  create: number;
  upload: number[];
  submit: number;
  flow: number;
}

async function call(portal: Portal, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> }) {
  const res = await fetch(portal.url + path, {
    method: init.method ?? "POST",
    headers: { ...(init.body !== undefined ? { "content-type": "application/json" } : {}), ...init.headers },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** One dossier, as the web app sends it; `probe` is called after each step (outside the timings). */
async function flow(portal: Portal, probe?: (step: Step, code: string, key: string) => Promise<void>): Promise<FlowTimes> {
  const files = FILES.map((f) => ({ ...f, bytes: fileBytes(f) }));
  const times: FlowTimes = { create: 0, upload: [], submit: 0, flow: 0 };
  let probing = 0;
  const start = performance.now();

  currentStep = "create";
  const createKey = randomUUID();
  let t = performance.now();
  const created = await call(portal, "/v1/dossiers", {
    headers: { "idempotency-key": createKey },
    body: {
      procedureCode: PROCEDURE.code,
      applicant: APPLICANT,
      delivery: "online",
      attachments: files.map((f) => ({ documentKey: f.documentKey, fileName: f.fileName, mediaType: f.mediaType, size: f.size, sha256: sha256(f.bytes) })),
    },
  });
  times.create = performance.now() - t;
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const { code, accessToken, uploads } = created.body as { code: string; accessToken: string; uploads: { upload: { url: string; headers: Record<string, string> } }[] };
  const auth = { authorization: `Bearer ${accessToken}` };
  if (probe) {
    const p = performance.now();
    await probe("create", code, createKey);
    probing += performance.now() - p;
  }

  for (const [i, file] of files.entries()) {
    currentStep = "upload";
    const ticket = uploads[i]!.upload;
    t = performance.now();
    const put = await fetch(ticket.url, { method: "PUT", headers: ticket.headers, body: new Uint8Array(file.bytes) });
    await put.arrayBuffer();
    times.upload.push(performance.now() - t);
    if (put.status !== 200) throw new Error(`upload: ${put.status}`);
  }

  currentStep = "submit";
  t = performance.now();
  const submitted = await call(portal, `/v1/dossiers/${code}/submit`, { headers: auth });
  times.submit = performance.now() - t;
  if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  times.flow = performance.now() - start - probing;
  if (probe) await probe("submit", code, createKey);

  // The change's events, delivered as the poller does it (off the citizen's path: not in the flow's time).
  currentStep = "events";
  await portal.events.drain();
  currentStep = "other";
  return times;
}

// ---------------------------------------------------------------------------------------------- prices

/**
 * ap-southeast-1 (Singapore) on-demand list prices, USD, from the public AWS price pages as known in 2025 — not
 * fetched by this script. Check them before relying on the result.
 */
const PRICES = {
  source: "public AWS price list for ap-southeast-1 (aws.amazon.com/<service>/pricing), as known in 2025; not fetched — check before relying",
  dynamoWru: 0.7115 / 1e6, // on-demand write request unit (after the Nov 2024 on-demand price cut; was $1.4231/M)
  dynamoRru: 0.1423 / 1e6, // on-demand read request unit (was $0.2846/M)
  dynamoStorageGbMonth: 0.285, // Standard table class, beyond the free 25 GB
  s3Put: 0.005 / 1000, // PUT, COPY, POST, LIST
  s3Get: 0.0004 / 1000, // GET, SELECT, HEAD and all other
  s3StorageGbMonth: 0.025, // S3 Standard, first 50 TB
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecondArm: 0.0000133334, // arm64, first 7.5 billion GB-s / month
  apiHttpRequest: 1.2 / 1e6, // HTTP API, first 300 million / month
};
const LAMBDA_MEMORY_GB = 0.5; // 512 MB (stacks/stage-config.ts api.memorySize)
const money = (usd: number) => `$${usd < 0.01 && usd > 0 ? usd.toFixed(4) : usd.toFixed(2)}`;

// ---------------------------------------------------------------------------------------------- main

async function main() {
  const loadAtStart = loadavg()[0] ?? 0;
  const dataDir = mkdtempSync(join(tmpdir(), "dvc-bench-submit-"));
  const portal = await startPortal({
    port: 0,
    dataDir,
    seed: false,
    statsSchedule: false,
    // One client sends every dossier: lift the per-client write limit (a real citizen sends 2 writes per dossier).
    // The event poller waits: each flow drains it by hand, so its requests are counted under "events".
    env: {
      ...process.env,
      PORT: undefined,
      DATA_DIR: undefined,
      DYNAMODB_ENDPOINT: undefined,
      S3_ENDPOINT: undefined,
      RATE_LIMIT_PER_MINUTE: "1000000",
      EVENT_POLL_MS: "3600000",
    },
  });
  const table = portal.config.tableName;
  const runs: FlowTimes[][] = [];
  /** The stored dossier item after each step, on probe dossiers (outside counting). */
  const items: Record<string, Record<string, unknown>[]> = {};
  const idempotencySizes: number[] = [];
  const eventSizes: number[] = [];
  let procedureSize = 0;
  let timed = 0;
  try {
    await portal.adapters.catalogue.upsert([
      { kind: "agency", value: AGENCY },
      { kind: "procedure", value: PROCEDURE },
    ]);
    countRequests("dynamodb", portal.adapters.db);
    countRequests("s3", portal.adapters.s3);

    for (let i = 0; i < WARMUP; i++) await flow(portal);
    for (let r = 0; r < RUNS; r++) {
      const times: FlowTimes[] = [];
      counting = true;
      for (let i = 0; i < DOSSIERS; i++) times.push(await flow(portal));
      counting = false;
      timed += DOSSIERS;
      runs.push(times);
      console.error(
        `run ${r + 1}: flow median ${median(times.map((x) => x.flow)).toFixed(1)} ms, p95 ${p95(times.map((x) => x.flow)).toFixed(1)} ms`,
      );
    }

    const raw = async (key: Record<string, string>) =>
      (await portal.adapters.db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item ?? {};
    procedureSize = size(await raw({ pk: "CATALOGUE", sk: `PROC#${PROCEDURE.code}` }));
    for (let i = 0; i < PROBES; i++) {
      let probeCode = "";
      await flow(portal, async (step, code, createKey) => {
        probeCode = code;
        // As deployed: the item without the local poller's queue entry (deployed, streams carry the events).
        const { gsi6pk: _q, gsi6sk: _s, ...item } = await raw({ pk: `DOSSIER#${code}`, sk: "DOSSIER" });
        (items[step] ??= []).push(item);
        if (step === "create") idempotencySizes.push(size(await raw({ pk: `IDEMP#create#${createKey}`, sk: "IDEMP" })));
      });
      const logged = (await portal.adapters.events.list(probeCode, { limit: 10 })).items;
      for (const event of logged) eventSizes.push(size({ pk: `DOSSIER#${probeCode}`, sk: "EVENT#0000000002#000", kind: "event", ...event }));
    }
  } finally {
    await portal.close();
    rmSync(dataDir, { recursive: true, force: true });
  }

  // --- latency -------------------------------------------------------------------------------------------------
  type Pick = (t: FlowTimes) => number[];
  const stepsOf: [string, Pick][] = [
    ["create with 3 files declared (POST /v1/dossiers)", (t) => [t.create]],
    ["upload, each (PUT to the presigned URL, s3rver)", (t) => t.upload],
    ["submit (POST …/submit)", (t) => [t.submit]],
    ["**whole flow** (5 requests)", (t) => [t.flow]],
  ];
  const latencyRows = stepsOf.map(([name, pick]) => {
    const perRun = runs.map((times) => times.flatMap(pick));
    const med = median(perRun.map(median));
    const tail = median(perRun.map(p95));
    const runsText = perRun.map((v) => `${median(v).toFixed(1)} / ${p95(v).toFixed(1)}`).join(" · ");
    return { name, med, tail, text: `| ${name} | ${med.toFixed(1)} ms | ${tail.toFixed(1)} ms | ${runsText} |` };
  });
  const stepMedian = (prefix: string) => latencyRows.find((r) => r.name.startsWith(prefix))!.med;

  // --- counts --------------------------------------------------------------------------------------------------
  const byOperation = new Map<string, number>();
  const byStep = new Map<string, Map<string, number>>();
  const stepTotals = new Map<string, number>();
  for (const [key, count] of tally) {
    const [step, service, operation] = key.split("|") as [Step, string, string];
    const op = `${service === "dynamodb" ? "DynamoDB" : "S3"} ${operation}`;
    if (step !== "events") byOperation.set(op, (byOperation.get(op) ?? 0) + count / timed);
    if (!byStep.has(op)) byStep.set(op, new Map());
    byStep.get(op)!.set(step, (byStep.get(op)!.get(step) ?? 0) + count / timed);
    if (service === "dynamodb") stepTotals.set(step, (stepTotals.get(step) ?? 0) + count / timed);
  }
  const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
  const opOrder = ["DynamoDB GetItem", "DynamoDB PutItem", "DynamoDB UpdateItem", "DynamoDB Query", "DynamoDB BatchWriteItem", "S3 HeadObject", "S3 GetObject", "S3 CopyObject", "S3 presign"];
  const allOps = new Set([...byStep.keys()]);
  const ops = [...new Set([...opOrder.filter((o) => allOps.has(o)), ...[...allOps].sort()])];
  const stepNames: Step[] = ["create", "upload", "submit", "events"];
  const countRows = ops.map(
    (op) =>
      `| ${op === "S3 presign" ? "S3 presign (no request)" : op} | ${fmt(byOperation.get(op) ?? 0)} | ${stepNames
        .map((s) => fmt(byStep.get(op)?.get(s) ?? 0))
        .join(" | ")} |`,
  );
  const dynamoRequests = [...byOperation].filter(([o]) => o.startsWith("DynamoDB")).reduce((s, [, n]) => s + n, 0);
  const copies = [...(byStep.get("S3 CopyObject") ?? new Map()).values()].reduce((s, n) => s + n, 0);
  const s3Requests = [...byOperation].filter(([o]) => o.startsWith("S3") && o !== "S3 presign").reduce((s, [, n]) => s + n, 0);
  const pollerRequests = stepTotals.get("events") ?? 0;

  // --- capacity units ------------------------------------------------------------------------------------------
  const kb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
  const rru = (bytes: number, strong: boolean) => Math.max(1, Math.ceil(bytes / 4096)) * (strong ? 1 : 0.5);
  const medianItem = (step: string) => {
    const list = items[step] ?? [];
    return [...list].sort((a, b) => size(a) - size(b))[Math.floor(list.length / 2)] ?? {};
  };
  const idempSize = median(idempotencySizes);
  const eventSize = eventSizes.length ? median(eventSizes) : 0;
  const eventsPerDossier = eventSizes.length / PROBES;
  /** What an index holds of an item (table.ts): every attribute, the keys, or the keys and the included ones. */
  const entryOf = (index: (typeof GLOBAL_INDEXES)[number], item: Record<string, unknown>) => {
    if (item[index.partitionKey] === undefined) return undefined;
    const keys = ["pk", "sk", index.partitionKey, index.sortKey];
    if (index.projection.type === "ALL") return item;
    const names = index.projection.type === "KEYS_ONLY" ? keys : [...keys, ...index.projection.attributes];
    return Object.fromEntries(names.filter((n) => item[n] !== undefined).map((n) => [n, item[n]]));
  };
  // The dossier's two writes (create: PutItem; submit: UpdateItem), each billed ⌈max(before, after) / 1 KB⌉ on the
  // table, plus, for each index, the entry put, deleted or rewritten when it changes (⌈entry / 1 KB⌉ each).
  const dossierWrites = [
    { name: "create (PutItem)", before: {} as Record<string, unknown>, after: medianItem("create") },
    { name: "submit (UpdateItem)", before: medianItem("create"), after: medianItem("submit") },
  ].map((w) => {
    const table = kb(Math.max(size(w.before), size(w.after)));
    const perIndex: string[] = [];
    let indexes = 0;
    for (const index of GLOBAL_INDEXES) {
      const before = w.before.pk ? entryOf(index, w.before) : undefined;
      const after = entryOf(index, w.after);
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      const units = (before && after && before[index.partitionKey] === after[index.partitionKey] && before[index.sortKey] === after[index.sortKey])
        ? kb(Math.max(size(before), size(after)))
        : (before ? kb(size(before)) : 0) + (after ? kb(size(after)) : 0);
      indexes += units;
      perIndex.push(`${index.indexName} ${units}`);
    }
    return { ...w, table, indexes, perIndex };
  });
  // The other writes are small items in no index: the idempotency record and the daily sequence counter.
  const smallWrites = 2;
  const smallWriteUnits = smallWrites * kb(idempSize);
  // Deployed, the events reach the consumer through the stream (no read, no write back to the dossier); the event
  // log stores each event (BatchWriteItem, one item ≤ 1 KB each).
  const eventWriteUnits = eventsPerDossier * kb(eventSize);
  const wru = dossierWrites.reduce((s, w) => s + w.table + w.indexes, 0) + smallWriteUnits + eventWriteUnits;
  // Reads: the strongly consistent read of the dossier at submit (and any other GetItem on the citizen's path).
  let rruTotal = 0;
  const readLines: string[] = [];
  for (const [key, count] of tally) {
    const [step, service, operation, kind, consistent] = key.split("|");
    if (service !== "dynamodb" || operation !== "GetItem" || step === "events") continue;
    const n = count / timed;
    const strong = consistent === "strong";
    let bytes = 400;
    if (kind === "DOSSIER") bytes = size(medianItem("create"));
    else if (kind === "CATALOGUE") bytes = procedureSize;
    else if (kind === "IDEMP") bytes = idempSize;
    const units = n * rru(bytes, strong);
    rruTotal += units;
    readLines.push(`${fmt(n)} × ${kind} in ${step} (${strong ? "strong" : "eventual"}, ~${(bytes / 1024).toFixed(1)} KB) = ${fmt(units)} RRU`);
  }

  // --- cost ----------------------------------------------------------------------------------------------------
  const MILLION = 1e6;
  const apiRequests = 2; // create (with the files declared), submit; uploads go straight to S3
  const s3PutClass = FILES.length /* presigned PUT uploads by the browser */ + copies;
  const s3GetClassLocal = (byOperation.get("S3 HeadObject") ?? 0) + (byOperation.get("S3 GetObject") ?? 0);
  // On AWS the presigned PUT carries x-amz-checksum-sha256, so HeadObject (ChecksumMode ENABLED) returns the
  // checksum S3 verified and submit never downloads the file; s3rver returns none, hence the local GetObjects.
  const s3GetClassAws = byOperation.get("S3 HeadObject") ?? 0;
  const lambdaMs = stepMedian("create") + stepMedian("submit");
  // The events function: invoked per stream batch (up to 100 records; say 10 at a time under light load), ~20 ms.
  const eventLambdaInvocations = 1 / 10;
  const eventLambdaMs = 20 / 10;
  const storedBytes = FILES.length * AVG_FILE_BYTES;
  const submitted = medianItem("submit");
  const indexCopies = GLOBAL_INDEXES.map((index) => entryOf(index, submitted)).filter((e): e is Record<string, unknown> => Boolean(e));
  const dossierStoreBytes = size(submitted) + 100 + indexCopies.reduce((s, e) => s + size(e) + 100, 0) + eventsPerDossier * (eventSize + 100);
  const lines = [
    { item: "DynamoDB writes", quantity: `${fmt(wru)} WRU`, usd: wru * PRICES.dynamoWru * MILLION },
    { item: "DynamoDB reads", quantity: `${fmt(rruTotal)} RRU`, usd: rruTotal * PRICES.dynamoRru * MILLION },
    {
      item: "S3 PUT/COPY requests",
      quantity: `${fmt(s3PutClass)} (${FILES.length} uploads + ${fmt(copies)} copies)`,
      usd: s3PutClass * PRICES.s3Put * MILLION,
    },
    {
      item: "S3 GET/HEAD requests",
      quantity: `${fmt(s3GetClassAws)} HEAD (locally also ${fmt(byOperation.get("S3 GetObject") ?? 0)} GET, see note)`,
      usd: s3GetClassAws * PRICES.s3Get * MILLION,
    },
    {
      item: "S3 storage, one month",
      quantity: `3 × ${(AVG_FILE_BYTES / 1024).toFixed(0)} KB = ${(storedBytes / 1024 / 1024).toFixed(2)} MB`,
      usd: (storedBytes / 1024 ** 3) * PRICES.s3StorageGbMonth * MILLION,
    },
    {
      item: "DynamoDB storage, one month",
      quantity: `${(dossierStoreBytes / 1024).toFixed(1)} KB (item, ${indexCopies.length} index entries, ${fmt(eventsPerDossier)} event)`,
      usd: (dossierStoreBytes / 1024 ** 3) * PRICES.dynamoStorageGbMonth * MILLION,
    },
    { item: "Lambda requests", quantity: `${apiRequests} + ${fmt(eventLambdaInvocations)} (events) invocations`, usd: (apiRequests + eventLambdaInvocations) * PRICES.lambdaRequest * MILLION },
    {
      item: "Lambda duration",
      quantity: `${(lambdaMs + eventLambdaMs).toFixed(0)} ms × 0.5 GB = ${(((lambdaMs + eventLambdaMs) / 1000) * LAMBDA_MEMORY_GB).toFixed(3)} GB-s`,
      usd: ((lambdaMs + eventLambdaMs) / 1000) * LAMBDA_MEMORY_GB * PRICES.lambdaGbSecondArm * MILLION,
    },
    { item: "API Gateway HTTP API", quantity: `${apiRequests} requests`, usd: apiRequests * PRICES.apiHttpRequest * MILLION },
  ];
  const total = lines.reduce((s, l) => s + l.usd, 0);
  const requestTotal = lines.filter((l) => !l.item.includes("storage")).reduce((s, l) => s + l.usd, 0);
  const deployedDynamoRequests = dynamoRequests + (eventsPerDossier > 0 ? 1 / 10 : 0); // one BatchWriteItem per stream batch

  // --- report --------------------------------------------------------------------------------------------------
  const sizeText = ["create", "submit"].map((step) => `${step} ${size(medianItem(step)).toLocaleString("en")} B`).join(" → ");
  const projections = GLOBAL_INDEXES.map((i) => `${i.indexName} ${i.projection.type === "INCLUDE" ? `INCLUDE (${i.projection.attributes.length} attributes)` : i.projection.type}`).join(", ");
  const section = `## Submission

A citizen's whole submission over HTTP on the local portal (one Node process, embedded dynalite + s3rver, temp
folder), as the web app sends it: create the dossier with its 3 files declared (Idempotency-Key) → PUT each file to
its presigned URL → submit; then the change's events are delivered (the local poller, drained after each dossier:
deployed, DynamoDB Streams). The procedure (seeded by the script) has three required documents; the files are
${FILES.map((f) => `${f.size / 1024} KB`).join(", ")} (random bytes, ${FILES.map((f) => f.mediaType).join(", ")}).

- Command: \`npx tsx bench/submit.ts\` (options: \`--dossiers ${DOSSIERS} --runs ${RUNS} --warmup ${WARMUP}\`)
- Date: ${today()}
- Machine: ${machineLine(loadAtStart)}
- ${RUNS} runs × ${DOSSIERS} dossiers after ${WARMUP} warm-up dossiers, one at a time; latencies as the client sees them
  (RATE_LIMIT_PER_MINUTE lifted: the benchmark is one client sending every dossier).

**Latency** (median of the runs' medians and of the runs' p95s; then each run's median / p95)

| step | median | p95 | runs (median / p95, ms) |
|---|---|---|---|
${latencyRows.map((r) => r.text).join("\n")}

**Requests per dossier** (counted by a middleware at the \`initialize\` step of the portal's DynamoDB and S3
clients over ${timed} dossiers; every dossier made exactly the same calls: ${[...tally.values()].every((c) => c % timed === 0) ? "yes" : "no"})

| operation | citizen's path | create | upload ×3 | submit | events (local poller) |
|---|---|---|---|---|---|
${countRows.join("\n")}
| **DynamoDB requests** | **${fmt(dynamoRequests)}** | | | | ${fmt(pollerRequests)} |
| **S3 requests (SDK)** | **${fmt(s3Requests)}** | | | | |

**Before** (commit a652270, the flow of that commit — create, then declare each file, submit with the uploads copied
out of \`drafts/\` — measured with that commit's bench/submit.ts on the same machine on 2026-12-01, 150 dossiers): 19
DynamoDB requests, 3 S3 copies, 9 S3 SDK requests and 5 API requests per dossier; requests and compute $55.08 per
million dossiers (total $107.99).

On the citizen's path: ${fmt(dynamoRequests)} DynamoDB requests and ${fmt(copies)} S3 copies per dossier. Delivering the events
locally costs ${fmt(pollerRequests)} more (the poller's queue query, its read of the dossier, the event log's BatchWriteItem and the
acknowledgement); deployed the stream hands the consumer the change (no read, no write back) and the event log's
BatchWriteItem carries up to 25 events: ≈ ${fmt(deployedDynamoRequests)} DynamoDB requests per dossier in all. Plus ${FILES.length} S3 PUTs
sent by the browser straight to the presigned URLs (not through the SDK) and ${apiRequests} API requests.

Dossier item size (JSON length of the stored item, as deployed: no local queue entry) after each step: ${sizeText};
${fmt(eventsPerDossier)} event of ~${eventSize} B in the event log; idempotency record ${idempSize} B, procedure item
${procedureSize.toLocaleString("en")} B. Index projections (functions/adapters/dynamo/table.ts): ${projections}.

**Cost per million dossiers** (on-demand, ap-southeast-1; prices: ${PRICES.source})

| item | per dossier | USD per million dossiers |
|---|---|---|
${lines.map((l) => `| ${l.item} | ${l.quantity} | ${money(l.usd)} |`).join("\n")}
| **total** | | **${money(total)}** (requests and compute ${money(requestTotal)}, storage for a month ${money(total - requestTotal)}) |

Prices used (USD): DynamoDB on-demand $${(PRICES.dynamoWru * 1e6).toFixed(4)} per million WRU, $${(PRICES.dynamoRru * 1e6).toFixed(4)} per million RRU, storage
$${PRICES.dynamoStorageGbMonth}/GB-month; S3 Standard $${(PRICES.s3Put * 1000).toFixed(4)} per 1,000 PUT/COPY/POST/LIST, $${(PRICES.s3Get * 1000).toFixed(4)} per 1,000 GET/HEAD,
$${PRICES.s3StorageGbMonth}/GB-month; Lambda arm64 $${(PRICES.lambdaRequest * 1e6).toFixed(2)} per million requests and $${PRICES.lambdaGbSecondArm} per GB-s; API Gateway
HTTP API $${(PRICES.apiHttpRequest * 1e6).toFixed(2)} per million requests (first 300 million a month).

Assumptions:
- WRU: ⌈max(item before, item after) / 1 KB⌉ per write on the table, plus, for each index whose entry the write
  puts, deletes or changes, ⌈entry / 1 KB⌉ (an index copies only its projection). The dossier's writes:
  ${dossierWrites.map((w) => `${w.name} ${w.table}${w.indexes ? ` + ${w.indexes} (${w.perIndex.join(", ")})` : ""}`).join("; ")};
  the idempotency record and the daily sequence counter 1 each; the event log ${fmt(eventWriteUnits)}. Item size is approximated by the
  JSON length of the unmarshalled item (DynamoDB counts attribute names + values).
- RRU: ${readLines.join("; ") || "none"}. Total ${fmt(rruTotal)}. The catalogue is read from the warm function's snapshot (no read per
  request; one version check a minute per instance, not counted).
- S3 GET/HEAD: on AWS only the ${fmt(s3GetClassAws)} HeadObject requests count: the presigned PUT signs
  x-amz-checksum-sha256, S3 stores the checksum and HeadObject (ChecksumMode ENABLED) returns it. s3rver returns
  no checksum, so locally submit falls back to GetObject + hashing each file (${fmt(byOperation.get("S3 GetObject") ?? 0)} GETs, ${fmt(s3GetClassLocal)} GET-class requests in all);
  priced with them the line would be ${money(s3GetClassLocal * PRICES.s3Get * MILLION)}.
- Lambda duration: **measured locally, not on AWS** — the median client-side latency of the ${apiRequests} API steps on the local
  portal (create ${stepMedian("create").toFixed(0)} ms, submit ${stepMedian("submit").toFixed(0)} ms), taken as the billed duration at 512 MB arm64, plus the events
  function (assumed: batches of 10 records, 20 ms each). Dynalite and s3rver on loopback stand in for DynamoDB and
  S3 in-region; cold starts (INIT billed since Aug 2025) are not included.
- S3 storage: the ${FILES.length} submitted files for one month (S3 Standard); nothing is copied, so there are no draft copies.
  DynamoDB storage: the submitted item, its index entries and its event (+100 B overhead each), one month. Later
  steps (agency handling, result, downloads) and later months are not included.
- Not included: data transfer (uploads into AWS are free; responses are small), CloudWatch Logs, X-Ray (tracing is
  active: sampled traces beyond the free tier are $5 per million), PITR backups, the stream's consumer retries,
  the web front-end (CloudFront), free tiers.
`;
  console.log(section);
  if (WRITE) writeSection("Submission", section);
}

run(main);
