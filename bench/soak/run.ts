/**
 * Soak: `npx tsx bench/soak/run.ts [--minutes 5] [--users 16] [--no-write]`
 *
 * Starts the local portal (port 0, a temporary data folder, the sample catalogue seeded) in this process and drives it
 * from a child process (so that the load generator does not share the server's event loop) with a realistic mix:
 * search 80 %, public status 15 %, a citizen's whole flow 4 % (create with the required documents declared → upload
 * each → submit, as the web app does), agency actions 1 % (receive a submitted dossier; approve or deny a received one). Each virtual user waits
 * for its answer before the next request (closed loop). Reports throughput, p50/p99 per route, errors (any answer
 * other than the expected one, or a failed request: must be 0), and memory (RSS and heap after a forced GC, before
 * and after the run). Then checks that every accepted dossier is stored exactly once and that the statistics job
 * (runDay for today) counts what was done. Writes "## Soak" in BENCHMARKS.md.
 *
 * Every request comes from 127.0.0.1: the portal's per-client abuse limits are set out of reach for the run
 * (RATE_LIMIT_PER_MINUTE / NOT_FOUND_LIMIT_PER_MINUTE / STATUS_LOOKUP_LIMIT_PER_MINUTE), since one address here stands for thousands of citizens.
 */
import { fork } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { createApiKey } from "../../functions/core/agency/keys";
import { vietnamDate } from "../../functions/core/calendar";
import type { Procedure } from "../../functions/core/catalogue/model";
import { runDay } from "../../functions/core/stats/service";
import { startPortal } from "../../functions/local/portal";
import { machineLine, percentile, today, writeSection } from "../report";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};

// ------------------------------------------------------------------------------------------------ shared shapes

interface DriverPlan {
  url: string;
  durationMs: number;
  users: number;
  words: string[];
  agencyCodes: string[];
  procedures: { code: string; agencyCode: string; delivery: string; documents: { key: string; mediaType: string; maxBytes: number }[] }[];
  keys: Record<string, string>;
  /** Dossiers made before the run (submitted, or already received), so status and agency requests have work from the start. */
  seeded: { code: string; agencyCode: string; status: string; version: number }[];
}

interface DriverResult {
  elapsedMs: number;
  routes: Record<string, { count: number; p50: number; p99: number; max: number; errors: number }>;
  errors: string[];
  created: string[];
  submitted: string[];
  received: string[];
  resolved: string[];
  flows: number;
}

const MIX = [
  { kind: "search", weight: 80 },
  { kind: "status", weight: 15 },
  { kind: "flow", weight: 4 },
  { kind: "agency", weight: 1 },
] as const;

const applicant = { fullName: "Nguyễn Thị Soak", idNumber: "001090012345", phone: "0912345678", email: "soak@example.vn" };

// ------------------------------------------------------------------------------------------------ the driver

/** Runs in the child: the virtual users. */
async function driver(plan: DriverPlan): Promise<DriverResult> {
  const latencies = new Map<string, number[]>();
  const routeErrors = new Map<string, number>();
  const errors: string[] = [];
  const created: string[] = [];
  const submitted: { code: string; agencyCode: string }[] = plan.seeded.map(({ code, agencyCode }) => ({ code, agencyCode }));
  const received = plan.seeded.filter((d) => d.status === "received").map(({ code, agencyCode, version }) => ({ code, agencyCode, version }));
  const submittedCodes: string[] = [];
  /** Claimed for receipt (by this run or before it): never received twice. */
  const receivedCodes: string[] = plan.seeded.filter((d) => d.status !== "submitted").map((d) => d.code);
  const receivedHere: string[] = [];
  const resolvedCodes: string[] = [];
  let flows = 0;
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

  async function call(route: string, expected: number, url: string, init: RequestInit = {}) {
    const started = performance.now();
    let status = 0;
    let body: any;
    try {
      const res = await fetch(url, init);
      status = res.status;
      const text = await res.text();
      body = text && (res.headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : text;
    } catch (err) {
      body = String(err);
    }
    const ms = performance.now() - started;
    let list = latencies.get(route);
    if (!list) latencies.set(route, (list = []));
    list.push(ms);
    if (status !== expected) {
      routeErrors.set(route, (routeErrors.get(route) ?? 0) + 1);
      if (errors.length < 50) errors.push(`${route} ${status} ${JSON.stringify(body).slice(0, 300)}`);
      return undefined;
    }
    return body;
  }
  const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

  async function search() {
    const words = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(plan.words)).join(" ");
    const filter = random() < 0.2 ? `&agency=${encodeURIComponent(pick(plan.agencyCodes))}` : "";
    await call("GET /v1/procedures?q=", 200, `${plan.url}/v1/procedures?q=${encodeURIComponent(words)}${filter}&limit=20`);
  }

  async function status() {
    if (!submitted.length) return search();
    await call("GET /v1/dossiers/{code}/status", 200, `${plan.url}/v1/dossiers/${pick(submitted).code}/status`);
  }

  async function flow() {
    flows++;
    const procedure = pick(plan.procedures);
    const key = `soak-${randomUUID()}`;
    // As the web app sends it: the files declared with the dossier (one request), each PUT to its presigned URL.
    const files = procedure.documents.map((doc, i) => {
      const size = Math.min(doc.maxBytes, 20_000 + Math.floor(random() * 60_000));
      const bytes = Buffer.alloc(size, 0x20);
      bytes.write(`%PDF-1.4 soak ${key} ${i}\n`);
      return { doc, bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
    });
    const made = await call(
      "POST /v1/dossiers",
      201,
      `${plan.url}/v1/dossiers`,
      json(
        {
          procedureCode: procedure.code,
          applicant,
          delivery: procedure.delivery,
          formData: { ghiChu: "soak" },
          attachments: files.map(({ doc, bytes, sha256 }) => ({ documentKey: doc.key, fileName: `${doc.key}.pdf`, mediaType: doc.mediaType, size: bytes.length, sha256 })),
        },
        { "idempotency-key": key },
      ),
    );
    if (!made) return;
    created.push(made.code);
    const auth = { authorization: `Bearer ${made.accessToken}` };
    for (const [i, { bytes }] of files.entries()) {
      const ticket = made.uploads[i].upload;
      const uploaded = await call("PUT (presigned upload)", 200, ticket.url, { method: "PUT", headers: ticket.headers, body: bytes });
      if (uploaded === undefined) return;
    }
    const done = await call("POST /v1/dossiers/{code}/submit", 200, `${plan.url}/v1/dossiers/${made.code}/submit`, { method: "POST", headers: auth });
    if (!done) return;
    submittedCodes.push(made.code);
    submitted.push({ code: made.code, agencyCode: procedure.agencyCode });
  }

  async function agency() {
    // One virtual user at a time per dossier: it is taken out of its pool while acted on, so no 409 is expected.
    const fromReceived = received.length > 0 && (random() < 0.5 || submitted.length === 0);
    if (fromReceived) {
      const dossier = received.splice(Math.floor(random() * received.length), 1)[0]!;
      const action = random() < 0.8 ? { action: "approve" } : { action: "deny", note: "Không đủ điều kiện (soak)" };
      const done = await call(
        "POST /v1/agency/dossiers/{code}/actions",
        200,
        `${plan.url}/v1/agency/dossiers/${dossier.code}/actions`,
        json({ ...action, expectedVersion: dossier.version }, { authorization: `Bearer ${plan.keys[dossier.agencyCode]}` }),
      );
      if (done) resolvedCodes.push(dossier.code);
      return;
    }
    const candidates = submitted.filter((d) => !receivedCodes.includes(d.code) && plan.keys[d.agencyCode]);
    if (!candidates.length) return search();
    const dossier = candidates[Math.floor(random() * candidates.length)]!;
    receivedCodes.push(dossier.code); // claimed
    const auth = { authorization: `Bearer ${plan.keys[dossier.agencyCode]}` };
    const current = await call("GET /v1/agency/dossiers/{code}", 200, `${plan.url}/v1/agency/dossiers/${dossier.code}`, { headers: auth });
    if (!current) return;
    const done = await call(
      "POST /v1/agency/dossiers/{code}/actions",
      200,
      `${plan.url}/v1/agency/dossiers/${dossier.code}/actions`,
      json({ action: "receive", expectedVersion: current.version }, auth),
    );
    if (done) {
      received.push({ code: dossier.code, agencyCode: dossier.agencyCode, version: done.version });
      receivedHere.push(dossier.code);
    }
    else receivedCodes.splice(receivedCodes.indexOf(dossier.code), 1);
  }

  const actions = { search, status, flow, agency };
  const total = MIX.reduce((s, m) => s + m.weight, 0);
  const started = performance.now();
  const deadline = started + plan.durationMs;
  await Promise.all(
    Array.from({ length: plan.users }, async () => {
      while (performance.now() < deadline) {
        let r = random() * total;
        const kind = MIX.find((m) => (r -= m.weight) < 0)?.kind ?? "search";
        await actions[kind]();
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  const routes: DriverResult["routes"] = {};
  for (const [route, list] of latencies) {
    list.sort((a, b) => a - b);
    routes[route] = { count: list.length, p50: percentile(list, 50), p99: percentile(list, 99), max: list.at(-1)!, errors: routeErrors.get(route) ?? 0 };
  }
  return {
    elapsedMs,
    routes,
    errors,
    created,
    submitted: submittedCodes,
    received: receivedHere,
    resolved: resolvedCodes,
    flows,
  };
}

// ------------------------------------------------------------------------------------------------ the portal side

function gcFunction(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

function memory(gc: () => void) {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value: number) => (value < 10 ? value.toFixed(1) : Math.round(value).toString());

async function main() {
  const minutes = option("minutes", 5);
  const users = option("users", 16);
  const write = !args.includes("--no-write");
  const load = loadavg()[0] ?? 0;
  const gc = gcFunction();
  const dataDir = mkdtempSync(join(tmpdir(), "dvc-soak-"));
  const portal = await startPortal({
    port: 0,
    dataDir,
    seed: true,
    statsSchedule: false,
    env: {
      ...process.env,
      PORT: undefined,
      DATA_DIR: undefined,
      DYNAMODB_ENDPOINT: undefined,
      S3_ENDPOINT: undefined,
      RATE_LIMIT_PER_MINUTE: "100000000",
      NOT_FOUND_LIMIT_PER_MINUTE: "100000000",
      STATUS_LOOKUP_LIMIT_PER_MINUTE: "100000000",
    },
  });
  try {
    const catalogue = await portal.adapters.catalogue.load();
    const procedures = catalogue.procedures
      .filter((p: Procedure) => p.level !== "info" && !p.paymentTiming)
      .map((p: Procedure) => ({
        code: p.code,
        agencyCode: p.agencyCode,
        delivery: p.resultDelivery.includes("in_person") ? "in_person" : p.resultDelivery[0]!,
        documents: p.documents
          .filter((d) => d.required)
          .map((d) => ({ key: d.key, mediaType: d.mediaTypes.includes("application/pdf") ? "application/pdf" : d.mediaTypes[0]!, maxBytes: (d.maxSizeMB ?? 10) * 1024 * 1024 })),
      }));
    const keys: Record<string, string> = {};
    for (const agency of catalogue.agencies) {
      keys[agency.code] = (await createApiKey(portal.adapters.keys, async () => true, { agencyCode: agency.code, now: new Date() })).apiKey;
    }
    const words = [...new Set(catalogue.procedures.flatMap((p: Procedure) => p.name.split(/[\s,()]+/)).filter((w: string) => w.length > 2))];
    console.error(`portal ${portal.url}: ${catalogue.procedures.length} procedures (${procedures.length} in the flow mix), ${catalogue.agencies.length} agencies`);

    const plan: DriverPlan = {
      url: portal.url,
      durationMs: 0,
      users,
      words,
      agencyCodes: catalogue.agencies.map((a) => a.code),
      procedures,
      keys,
      seeded: [],
    };
    const self = fileURLToPath(import.meta.url);
    const drive = (p: DriverPlan) =>
      new Promise<DriverResult>((resolve, reject) => {
        const child = fork(self, ["--driver"], { execArgv: process.execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
        child.once("message", (message) => {
          resolve(message as DriverResult);
          child.kill();
        });
        child.once("error", reject);
        child.once("exit", (code) => (code ? reject(new Error(`driver exited with ${code}`)) : undefined));
        child.send(p);
      });

    // Warm-up: 20 s of the same mix (JIT, caches, connection pools), its dossiers kept for status and agency work.
    const warm = await drive({ ...plan, durationMs: 20_000 });
    if (warm.errors.length) throw new Error(`errors in the warm-up: ${warm.errors.join("\n")}`);
    const seeded = await Promise.all(
      warm.submitted.map(async (code) => {
        const d = (await portal.adapters.dossiers.get(code))!;
        return { code, agencyCode: d.agencyCode, status: d.status, version: d.version };
      }),
    );
    const before = memory(gc);
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(process.memoryUsage().rss), 10_000);
    console.error(`warm-up: ${warm.created.length} dossiers; soaking for ${minutes} min with ${users} users…`);

    const result = await drive({ ...plan, durationMs: minutes * 60_000, seeded });
    clearInterval(sampler);
    const after = memory(gc);

    // Every accepted dossier is stored exactly once, and nothing else is.
    const accepted = [...warm.created, ...result.created];
    const stored: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await portal.adapters.db.send(
        new ScanCommand({
          TableName: portal.config.tableName,
          FilterExpression: "#kind = :dossier",
          ExpressionAttributeNames: { "#kind": "kind" },
          ExpressionAttributeValues: { ":dossier": "dossier" },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) stored.push(item.code as string);
      start = out.LastEvaluatedKey;
    } while (start);
    const storedSet = new Set(stored);
    const missing = accepted.filter((c) => !storedSet.has(c));
    const unexpected = stored.filter((c) => !accepted.includes(c));
    const duplicates = accepted.length - new Set(accepted).size;

    // The statistics job for today counts them.
    const date = vietnamDate(new Date());
    await runDay({ source: portal.adapters.days, store: portal.adapters.stats, catalogue: portal.adapters.catalogue, now: () => new Date() }, date);
    const [day] = await portal.adapters.stats.readDays(date, date);
    const province = day?.rows.find((r) => r.scope === "province")?.counts;
    const submittedToday = (await portal.adapters.days.submittedOn(date)).length;
    const receivedExpected = warm.received.length + result.received.length;
    const resolvedExpected = warm.resolved.length + result.resolved.length;
    const submittedExpected = warm.submitted.length + result.submitted.length;
    const statsOk =
      province?.received === receivedExpected && province?.resolved === resolvedExpected && submittedToday === submittedExpected;

    // Report.
    const seconds = result.elapsedMs / 1000;
    const totalRequests = Object.values(result.routes).reduce((s, r) => s + r.count, 0);
    const totalErrors = Object.values(result.routes).reduce((s, r) => s + r.errors, 0);
    const order = [
      "GET /v1/procedures?q=",
      "GET /v1/dossiers/{code}/status",
      "POST /v1/dossiers",
      "PUT (presigned upload)",
      "POST /v1/dossiers/{code}/submit",
      "GET /v1/agency/dossiers/{code}",
      "POST /v1/agency/dossiers/{code}/actions",
    ];
    const rows = Object.entries(result.routes)
      .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
      .map(([route, r]) => `| \`${route}\` | ${r.count} | ${(r.count / seconds).toFixed(1)} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.errors} |`);
    const section = [
      "## Soak",
      "",
      "The local portal under a steady realistic mix for minutes: throughput, latency per route, errors, memory growth,",
      "and afterwards a check that every accepted dossier is stored exactly once and counted by the statistics job.",
      "",
      `- Command: \`npx tsx bench/soak/run.ts --minutes ${minutes}\` (options: \`--users N\`, \`--no-write\`)`,
      `- Date: ${today()}`,
      `- Machine: ${machineLine(load)}; load average ${(loadavg()[0] ?? 0).toFixed(2)} at the end (other work shared the machine)`,
      `- Setup: one Node process runs the portal (embedded dynalite + s3rver, temporary folder, the sample catalogue: ${plan.procedures.length} procedures without online payment in the flow mix); a child process drives it with ${users} closed-loop virtual users over keep-alive HTTP, after a 20 s warm-up (its ${warm.created.length} dossiers kept for status and agency requests). The per-client abuse limits were set out of reach: every request comes from 127.0.0.1.`,
      "- Mix: search 80 % (1–3 words from procedure names, 20 % with an agency filter), public status 15 %, a citizen's whole flow 4 % (create with an Idempotency-Key and the required documents declared → PUT each, 20–80 KB → submit), agency 1 % (read + receive a submitted dossier, or approve/deny a received one).",
      "",
      `**${minutes} min, ${totalRequests.toLocaleString("en")} requests, ${(totalRequests / seconds).toFixed(0)} requests/s, ${totalErrors} errors**`,
      "",
      "| route | requests | per second | p50 ms | p99 ms | max ms | errors |",
      "|---|---|---|---|---|---|---|",
      ...rows,
      "",
      `Flows started: ${result.flows}; dossiers created ${result.created.length}, submitted ${result.submitted.length}; agency: received ${result.received.length}, resolved ${result.resolved.length}.`,
      "",
      "| memory (after forced GC) | before (after warm-up) | after | growth |",
      "|---|---|---|---|",
      `| RSS | ${mb(before.rss)} | ${mb(after.rss)} | ${mb(after.rss - before.rss)} |`,
      `| heap used | ${mb(before.heapUsed)} | ${mb(after.heapUsed)} | ${mb(after.heapUsed - before.heapUsed)} |`,
      `| external (Buffers, native) | ${mb(before.external)} | ${mb(after.external)} | ${mb(after.external - before.external)} |`,
      `| RSS sampled every 10 s during the run | min ${mb(Math.min(...samples))} | max ${mb(Math.max(...samples))} | |`,
      "",
      `RSS each minute of the run: ${samples.filter((_, i) => (i + 1) % 6 === 0).map(mb).join(" → ")}.`,
      "The heap and the Buffers are what the portal's JavaScript holds. RSS also counts native memory: dynalite's",
      "LevelDB runs in this process, and the allocator keeps pages it has freed.",
      "",
      "Afterwards:",
      `- dossiers accepted (201) ${accepted.length}, stored ${stored.length}: missing ${missing.length}, unexpected ${unexpected.length}, duplicate codes ${duplicates} — ${missing.length + unexpected.length + duplicates === 0 ? "each exactly once" : "MISMATCH"};`,
      `- statistics job (runDay ${date}): province received ${province?.received ?? 0} (expected ${receivedExpected}), resolved ${province?.resolved ?? 0} (expected ${resolvedExpected}); submitted-on-day index ${submittedToday} (expected ${submittedExpected}) — ${statsOk ? "all counted" : "MISMATCH"}.`,
      ...(result.errors.length ? ["", "First errors:", ...result.errors.slice(0, 10).map((e) => `- \`${e}\``)] : []),
      "",
    ].join("\n");
    console.log(section);
    if (write) writeSection("Soak", section);
    if (totalErrors || missing.length || unexpected.length || duplicates || !statsOk) process.exitCode = 1;
  } finally {
    await portal.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv.includes("--driver")) {
  process.once("message", (plan) => {
    driver(plan as DriverPlan).then(
      (result) => process.send!(result),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
} else {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
