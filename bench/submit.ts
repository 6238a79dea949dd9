/**
 * Submission benchmark: `npx tsx bench/submit.ts`
 *
 * One citizen's whole flow over HTTP on the local portal (embedded dynalite + s3rver, temp folder), as the web app
 * runs it: create (with an Idempotency-Key) → for each of the three documents: declare (with an Idempotency-Key) and
 * PUT the file to the presigned URL → submit. Measures:
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

// ---------------------------------------------------------------------------------------------- request counting

type Step = "create" | "declare" | "upload" | "submit" | "other";
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
  declare: number[];
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
  const times: FlowTimes = { create: 0, declare: [], upload: [], submit: 0, flow: 0 };
  let probing = 0;
  const start = performance.now();

  currentStep = "create";
  const createKey = randomUUID();
  let t = performance.now();
  const created = await call(portal, "/v1/dossiers", {
    headers: { "idempotency-key": createKey },
    body: { procedureCode: PROCEDURE.code, applicant: APPLICANT, delivery: "online" },
  });
  times.create = performance.now() - t;
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const { code, accessToken } = created.body as { code: string; accessToken: string };
  const auth = { authorization: `Bearer ${accessToken}` };
  if (probe) {
    const p = performance.now();
    await probe("create", code, createKey);
    probing += performance.now() - p;
  }

  for (const file of files) {
    currentStep = "declare";
    t = performance.now();
    const declared = await call(portal, `/v1/dossiers/${code}/attachments`, {
      headers: { ...auth, "idempotency-key": randomUUID() },
      body: { documentKey: file.documentKey, fileName: file.fileName, mediaType: file.mediaType, size: file.size, sha256: sha256(file.bytes) },
    });
    times.declare.push(performance.now() - t);
    if (declared.status !== 201) throw new Error(`declare: ${declared.status} ${JSON.stringify(declared.body)}`);
    if (probe) {
      const p = performance.now();
      await probe("declare", code, createKey);
      probing += performance.now() - p;
    }
    currentStep = "upload";
    const ticket = declared.body.upload as { url: string; headers: Record<string, string> };
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
  if (probe) {
    const p = performance.now();
    await probe("submit", code, createKey);
    probing += performance.now() - p;
  }
  currentStep = "other";
  times.flow = performance.now() - start - probing;
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
    // One client sends every dossier: lift the per-client write limit (a real citizen sends 5 writes per dossier).
    env: { ...process.env, PORT: undefined, DATA_DIR: undefined, DYNAMODB_ENDPOINT: undefined, S3_ENDPOINT: undefined, RATE_LIMIT_PER_MINUTE: "1000000" },
  });
  const table = portal.config.tableName;
  const runs: FlowTimes[][] = [];
  const dossierSizes: Record<string, number[]> = {};
  const dossierIndexes: Record<string, string[]> = {};
  const idempotencySizes: number[] = [];
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

    // Probe dossiers: the stored item's size after each step (JSON length of the item), outside counting.
    const raw = async (key: Record<string, string>) =>
      (await portal.adapters.db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item ?? {};
    const size = (item: Record<string, unknown>) => Buffer.byteLength(JSON.stringify(item));
    procedureSize = size(await raw({ pk: "CATALOGUE", sk: `PROC#${PROCEDURE.code}` }));
    for (let i = 0; i < PROBES; i++) {
      let declares = 0;
      await flow(portal, async (step, code, createKey) => {
        const name = step === "declare" ? `declare ${++declares}` : step;
        const item = await raw({ pk: `DOSSIER#${code}`, sk: "DOSSIER" });
        (dossierSizes[name] ??= []).push(size(item));
        dossierIndexes[name] = ["gsi1", "gsi2", "gsi3", "gsi4"].filter((g) => item[`${g}pk`] !== undefined);
        if (step === "create") idempotencySizes.push(size(await raw({ pk: `IDEMP#create#${createKey}`, sk: "IDEMP" })));
      });
    }
  } finally {
    await portal.close();
    rmSync(dataDir, { recursive: true, force: true });
  }

  // --- latency -------------------------------------------------------------------------------------------------
  type Pick = (t: FlowTimes) => number[];
  const stepsOf: [string, Pick][] = [
    ["create (POST /v1/dossiers)", (t) => [t.create]],
    ["declare, each (POST …/attachments)", (t) => t.declare],
    ["upload, each (PUT to the presigned URL, s3rver)", (t) => t.upload],
    ["submit (POST …/submit)", (t) => [t.submit]],
    ["**whole flow** (8 requests)", (t) => [t.flow]],
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
  const perDossier = (key: string) => (tally.get(key) ?? 0) / timed;
  const byOperation = new Map<string, number>();
  const byStep = new Map<string, Map<string, number>>();
  for (const [key, count] of tally) {
    const [step, service, operation] = key.split("|") as [Step, string, string];
    const op = `${service === "dynamodb" ? "DynamoDB" : "S3"} ${operation}`;
    byOperation.set(op, (byOperation.get(op) ?? 0) + count / timed);
    if (!byStep.has(op)) byStep.set(op, new Map());
    byStep.get(op)!.set(step, (byStep.get(op)!.get(step) ?? 0) + count / timed);
  }
  const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
  const opOrder = [
    "DynamoDB GetItem",
    "DynamoDB PutItem",
    "DynamoDB UpdateItem",
    "DynamoDB Query",
    "S3 HeadObject",
    "S3 GetObject",
    "S3 CopyObject",
    "S3 presign",
  ];
  const ops = [...new Set([...opOrder.filter((o) => byOperation.has(o)), ...[...byOperation.keys()].sort()])];
  const stepNames: Step[] = ["create", "declare", "upload", "submit"];
  const countRows = ops.map(
    (op) =>
      `| ${op === "S3 presign" ? "S3 presign (no request)" : op} | ${fmt(byOperation.get(op) ?? 0)} | ${stepNames
        .map((s) => fmt(byStep.get(op)?.get(s) ?? 0))
        .join(" | ")} |`,
  );
  const dynamoRequests = ops.filter((o) => o.startsWith("DynamoDB")).reduce((s, o) => s + (byOperation.get(o) ?? 0), 0);
  const s3Requests = ops.filter((o) => o.startsWith("S3") && o !== "S3 presign").reduce((s, o) => s + (byOperation.get(o) ?? 0), 0);

  // --- capacity units ------------------------------------------------------------------------------------------
  const sizeOf = (name: string) => median(dossierSizes[name] ?? [0]);
  const kb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
  const rru = (bytes: number, strong: boolean) => Math.max(1, Math.ceil(bytes / 4096)) * (strong ? 1 : 0.5);
  const idempSize = median(idempotencySizes);
  // The dossier item before and after each dossier write, and the indexes it is in after it.
  const declareNames = FILES.map((_, i) => `declare ${i + 1}`);
  const dossierWrites: { name: string; before: number; after: number; indexesBefore: string[]; indexesAfter: string[] }[] = [
    { name: "create (PutItem)", before: 0, after: sizeOf("create"), indexesBefore: [], indexesAfter: dossierIndexes.create ?? [] },
    ...declareNames.map((name, i) => ({
      name: `${name} (UpdateItem)`,
      before: sizeOf(i === 0 ? "create" : declareNames[i - 1]!),
      after: sizeOf(name),
      indexesBefore: dossierIndexes[i === 0 ? "create" : declareNames[i - 1]!] ?? [],
      indexesAfter: dossierIndexes[name] ?? [],
    })),
    {
      name: "submit (UpdateItem)",
      before: sizeOf(declareNames.at(-1)!),
      after: sizeOf("submit"),
      indexesBefore: dossierIndexes[declareNames.at(-1)!] ?? [],
      indexesAfter: dossierIndexes.submit ?? [],
    },
  ];
  // A write costs ⌈max(before, after) / 1 KB⌉ on the table, and per index the item is in: a put of the new entry,
  // a delete of the old one (an index key that changes costs both), an update of the entry otherwise (ALL projection).
  const writeUnits = dossierWrites.map((w) => {
    const table = kb(Math.max(w.before, w.after));
    let indexes = 0;
    for (const g of new Set([...w.indexesBefore, ...w.indexesAfter])) {
      const inBefore = w.indexesBefore.includes(g);
      const inAfter = w.indexesAfter.includes(g);
      if (inBefore && inAfter) indexes += kb(Math.max(w.before, w.after)); // key unchanged here (see note)
      else if (inAfter) indexes += kb(w.after);
      else indexes += kb(w.before);
    }
    return { ...w, table, indexes };
  });
  // Every other write is a small item (≤ 1 KB, no index): the idempotency record and the daily sequence counter.
  const dossierWriteCount = 1 + FILES.length + 1;
  const writeRequests =
    ops.filter((o) => ["DynamoDB PutItem", "DynamoDB UpdateItem", "DynamoDB DeleteItem"].includes(o)).reduce((s, o) => s + (byOperation.get(o) ?? 0), 0);
  const smallWrites = writeRequests - dossierWriteCount;
  const smallWriteUnits = smallWrites * kb(idempSize);
  const wru = writeUnits.reduce((s, w) => s + w.table + w.indexes, 0) + smallWriteUnits;
  // Reads: a strongly consistent read of the dossier in create (the idempotent answer), each declare and submit;
  // eventually consistent catalogue reads (the procedure); strongly consistent idempotency reads if any.
  let rruTotal = 0;
  const readLines: string[] = [];
  for (const [key, count] of tally) {
    const [step, service, operation, kind, consistent] = key.split("|");
    if (service !== "dynamodb" || operation !== "GetItem") continue;
    const n = count / timed;
    const strong = consistent === "strong";
    let bytes = 400;
    if (kind === "DOSSIER") bytes = step === "create" ? sizeOf("create") : step === "submit" ? sizeOf(declareNames.at(-1)!) : sizeOf("declare 2");
    else if (kind === "CATALOGUE") bytes = procedureSize;
    else if (kind === "IDEMP") bytes = idempSize;
    const units = n * rru(bytes, strong);
    rruTotal += units;
    readLines.push(`${fmt(n)} × ${kind} in ${step} (${strong ? "strong" : "eventual"}, ~${(bytes / 1024).toFixed(1)} KB) = ${fmt(units)} RRU`);
  }

  // --- cost ----------------------------------------------------------------------------------------------------
  const MILLION = 1e6;
  const apiRequests = 1 + FILES.length + 1; // create, declares, submit (uploads go straight to S3)
  const s3PutClass = FILES.length /* presigned PUT uploads by the browser */ + (byOperation.get("S3 CopyObject") ?? 0);
  const s3GetClassLocal = (byOperation.get("S3 HeadObject") ?? 0) + (byOperation.get("S3 GetObject") ?? 0);
  // On AWS the presigned PUT carries x-amz-checksum-sha256, so HeadObject (ChecksumMode ENABLED) returns the
  // checksum S3 verified and submit never downloads the file; s3rver returns none, hence the local GetObjects.
  const s3GetClassAws = byOperation.get("S3 HeadObject") ?? 0;
  const lambdaMs = stepMedian("create") + FILES.length * stepMedian("declare") + stepMedian("submit");
  const storedBytes = FILES.length * AVG_FILE_BYTES;
  const draftDays = 7 + 1; // drafts/ expire after DRAFT_DAYS, then the noncurrent version after 1 more day
  const dossierStoreBytes = sizeOf("submit") * (1 + (dossierIndexes.submit?.length ?? 0)) + 100 * (1 + (dossierIndexes.submit?.length ?? 0));
  const lines = [
    {
      item: "DynamoDB writes",
      quantity: `${fmt(wru)} WRU`,
      usd: wru * PRICES.dynamoWru * MILLION,
    },
    { item: "DynamoDB reads", quantity: `${fmt(rruTotal)} RRU`, usd: rruTotal * PRICES.dynamoRru * MILLION },
    {
      item: "S3 PUT/COPY requests",
      quantity: `${fmt(s3PutClass)} (${FILES.length} uploads + ${fmt(byOperation.get("S3 CopyObject") ?? 0)} copies)`,
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
      item: `S3 storage, draft copies (${draftDays} days)`,
      quantity: `${(storedBytes / 1024 / 1024).toFixed(2)} MB × ${draftDays}/30 month`,
      usd: (storedBytes / 1024 ** 3) * (draftDays / 30) * PRICES.s3StorageGbMonth * MILLION,
    },
    {
      item: "DynamoDB storage, one month",
      quantity: `${(dossierStoreBytes / 1024).toFixed(1)} KB (item + ${dossierIndexes.submit?.length ?? 0} index copies)`,
      usd: (dossierStoreBytes / 1024 ** 3) * PRICES.dynamoStorageGbMonth * MILLION,
    },
    { item: "Lambda requests", quantity: `${apiRequests} invocations`, usd: apiRequests * PRICES.lambdaRequest * MILLION },
    {
      item: "Lambda duration",
      quantity: `${lambdaMs.toFixed(0)} ms × 0.5 GB = ${((lambdaMs / 1000) * LAMBDA_MEMORY_GB).toFixed(3)} GB-s`,
      usd: (lambdaMs / 1000) * LAMBDA_MEMORY_GB * PRICES.lambdaGbSecondArm * MILLION,
    },
    { item: "API Gateway HTTP API", quantity: `${apiRequests} requests`, usd: apiRequests * PRICES.apiHttpRequest * MILLION },
  ];
  const total = lines.reduce((s, l) => s + l.usd, 0);
  const requestTotal = lines.filter((l) => !l.item.includes("storage")).reduce((s, l) => s + l.usd, 0);

  // --- report --------------------------------------------------------------------------------------------------
  const sizeText = ["create", ...declareNames, "submit"]
    .map((name) => `${name} ${sizeOf(name).toLocaleString("en")} B${dossierIndexes[name]?.length ? ` (in ${dossierIndexes[name]!.join(", ")})` : ""}`)
    .join(" → ");
  const section = `## Submission

A citizen's whole submission over HTTP on the local portal (one Node process, embedded dynalite + s3rver, temp
folder): create → for each of 3 documents: declare + PUT to the presigned URL → submit, as the web app does it
(Idempotency-Key on create and on each declaration). The procedure (seeded by the script) has three required
documents; the files are ${FILES.map((f) => `${f.size / 1024} KB`).join(", ")} (random bytes, ${FILES.map((f) => f.mediaType).join(", ")}).

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

| operation | per dossier | create | declare ×3 | upload ×3 | submit |
|---|---|---|---|---|---|
${countRows.join("\n")}
| **DynamoDB requests** | **${fmt(dynamoRequests)}** | | | | |
| **S3 requests (SDK)** | **${fmt(s3Requests)}** | | | | |

Plus ${FILES.length} S3 PUTs sent by the browser straight to the presigned URLs (not through the SDK) and ${apiRequests} API requests.

Dossier item size (JSON length of the stored item) after each step: ${sizeText}. Idempotency record
${idempSize} B, procedure item ${procedureSize.toLocaleString("en")} B.

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
- WRU: ⌈max(item before, item after) / 1 KB⌉ per write on the table, plus, for each GSI the item is in before or
  after the write, ⌈size / 1 KB⌉ (an entry put, updated or deleted; all GSIs project ALL attributes). The dossier's
  writes: ${writeUnits.map((w) => `${w.name} ${w.table}${w.indexes ? ` + ${w.indexes} GSI` : ""}`).join(", ")}; the other ${fmt(smallWrites)}
  writes (idempotency record claim/progress/complete, daily sequence counter) are ≤ 1 KB and in no index: 1 WRU each.
  Item size is approximated by the JSON length of the unmarshalled item (DynamoDB counts attribute names + values).
- RRU: ${readLines.join("; ")}. Total ${fmt(rruTotal)}.
- S3 GET/HEAD: on AWS only the ${fmt(s3GetClassAws)} HeadObject requests count: the presigned PUT signs
  x-amz-checksum-sha256, S3 stores the checksum and HeadObject (ChecksumMode ENABLED) returns it. s3rver returns
  no checksum, so locally submit falls back to GetObject + hashing each file (${fmt(byOperation.get("S3 GetObject") ?? 0)} GETs, ${fmt(s3GetClassLocal)} GET-class requests in all);
  priced with them the line would be ${money(s3GetClassLocal * PRICES.s3Get * MILLION)}.
- Lambda duration: **measured locally, not on AWS** — the median client-side latency of the ${apiRequests} API steps on the local
  portal (create ${stepMedian("create").toFixed(0)} ms, declare ${stepMedian("declare").toFixed(0)} ms × ${FILES.length}, submit ${stepMedian("submit").toFixed(0)} ms), taken as the billed duration at 512 MB arm64.
  Dynalite and s3rver on loopback stand in for DynamoDB and S3 in-region; cold starts (INIT billed since Aug 2025)
  are not included.
- S3 storage: the ${FILES.length} submitted files for one month (S3 Standard), plus the draft copies under drafts/, which
  submit copies but does not delete: they stay until the lifecycle rule expires them (${draftDays - 1} days) and the noncurrent
  version goes a day later. DynamoDB storage: the submitted item in the table and in each index it is in (+100 B
  overhead each), one month. Later steps (agency handling, result, downloads) and later months are not included.
- Not included: data transfer (uploads into AWS are free; responses are small), CloudWatch Logs, X-Ray (tracing is
  active: sampled traces beyond the free tier are $5 per million), PITR backups, the web front-end (CloudFront),
  free tiers.
`;
  console.log(section);
  if (WRITE) writeSection("Submission", section);
}

run(main);
