/**
 * Statistics benchmark: `npx tsx bench/stats.ts`
 *
 * Loads a year of finished dossiers (200,000 by default) plus 5,000 submitted on one measured day into dynalite —
 * items written exactly as the repository writes them (the Dossier shape driven through the real state machine,
 * `indexAttributes()` for the indexes) — in a persistent folder under /tmp, reused when already loaded. Then:
 *  1. the nightly job: `runDay` over `dynamoDaySource` for the measured day as it runs at 00:05 the next morning
 *     (day indexes, the open-dossier index, the next day's endings, the month's rollup), median of 5 runs;
 *  2. a full-Scan baseline: scan the whole table, keep that day's dossiers, `computeDay` (with the snapshot of every
 *     dossier in the table), checking that the job's flows match;
 *  3. the same day recomputed a month later (`stats run --date`), checking its period-end snapshot against the
 *     scan's (the whole table's) one;
 *  4. summaries: a year of statistics computed by the real job (`runDays`) over the same generated dossiers, written
 *     through the real store (day rows and monthly rollups in dynalite), then `summary()` over 3 years, median of 15.
 * Writes "## Statistics" in BENCHMARKS.md.
 *
 * Options: --items N background dossiers (default 200000), --day YYYY-MM-DD (default 2026-05-12),
 *   --day-items N (default 5000), --runs N job runs (default 5), --scan-runs N (default 3), --summary-runs N
 *   (default 15), --parallel N batch writes in flight (default 8), --reload, --no-write, --no-recompute.
 */
import { mkdirSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, GetCommand, PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { dynamoCatalogueRepository } from "../functions/adapters/dynamo/catalogue-repository";
import { makeDynamo, type Dynamo } from "../functions/adapters/dynamo/client";
import { dossierFromItem, indexAttributes } from "../functions/adapters/dynamo/dossier-repository";
import { dynamoDaySource, dynamoStatsStore, type ReadCounter } from "../functions/adapters/dynamo/stats-repository";
import { createTable } from "../functions/local/ensure";
import { addDays, atVietnamTime, daysBetween, isWorkingDay, vietnamDate } from "../functions/core/calendar";
import type { Dossier } from "../functions/core/dossier/model";
import { demoDossiers, demoYear } from "../functions/core/stats/demo-year";
import { computeDay, type StatsRow } from "../functions/core/stats/daily";
import { planRange } from "../functions/core/stats/rollup";
import { runDay, runDays, summary, type DaySource, type StatsStore, type StoredDay } from "../functions/core/stats/service";
import { openCountAt, snapshotAt } from "../functions/core/stats/snapshot";
import { startEmbeddedStores } from "../functions/local/stores";
import { benchCatalogue } from "./catalogue-generator";
import { machineLine, median, run, today, writeSection } from "./report";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const textOption = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const ITEMS = option("items", 200_000);
const DAY = textOption("day", "2026-05-12");
const DAY_ITEMS = option("day-items", 5_000);
const RUNS = option("runs", 5);
const SCAN_RUNS = option("scan-runs", 3);
const PARALLEL = option("parallel", 8);
const SUMMARY_RUNS = option("summary-runs", 15);
const RELOAD = args.includes("--reload");
const RECOMPUTE = !args.includes("--no-recompute");
const WRITE = !args.includes("--no-write");
/** Bump when the generator changes, so an old folder is reloaded. */
const GENERATOR_VERSION = 3;
const YEAR_END = "2026-10-31"; // the year of history: 365 days up to and including this date
const TABLE = "dichvucong-bench-stats";
const DATA_DIR = join("/tmp", "dvc-bench-stats", `${ITEMS}-${DAY_ITEMS}-${DAY}-v${GENERATOR_VERSION}`);
const MARKER = { pk: "BENCH#STATS", sk: "LOAD" };

// ---------------------------------------------------------------------------------------------- generator

const { agencies, procedures } = benchCatalogue(2_000);
const byCode = new Map(procedures.map((p) => [p.code, p]));
/** What every generated document and result points at (no file is stored: the statistics never read one). */
const BENCH_FILE = { objectKey: "bench/giay-to.pdf", size: 350_000, sha256: "0".repeat(64) };

const itemOf = (d: Dossier) => ({ pk: `DOSSIER#${d.code}`, sk: "DOSSIER", kind: "dossier", ...d, ...indexAttributes(d) });

// ---------------------------------------------------------------------------------------------- loading

async function batchWrite(db: Dynamo, items: Record<string, unknown>[]) {
  let pending: Record<string, unknown>[] = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; pending.length; attempt++) {
    const out = await db.send(new BatchWriteCommand({ RequestItems: { [TABLE]: pending as never } }));
    pending = (out.UnprocessedItems?.[TABLE] as Record<string, unknown>[] | undefined) ?? [];
    if (pending.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
  }
}

/**
 * Every dossier of the data set, in the same order each time: the demo year's generator (core/stats/demo-year.ts,
 * the one `npm start -- --demo` seeds from), each script driven through `decide`: about ITEMS over the year's
 * working days (but the measured day), then exactly DAY_ITEMS on the measured day.
 */
function* allDossiers(): Generator<Dossier> {
  const yearStart = addDays(YEAR_END, -364);
  let workingDays = 0;
  for (let d = yearStart; d <= YEAR_END; d = addDays(d, 1)) if (d !== DAY && isWorkingDay(d)) workingDays++;
  const year = demoYear({ procedures, agencies, from: yearStart, to: YEAR_END, perWorkingDay: ITEMS / workingDays, seed: 20_261_124 });
  const measured = demoYear({ procedures, agencies, from: DAY, to: DAY, perWorkingDay: DAY_ITEMS, variation: 0, seed: 7 });
  function* scripts() {
    for (const script of year) if (vietnamDate(script.createdAt) !== DAY) yield script;
    yield* measured;
  }
  // Driven to their end: the year's last steps may fall after it (results returned, supplements answered).
  yield* demoDossiers(scripts(), { procedures: byCode, until: new Date("2100-01-01T00:00:00Z"), file: BENCH_FILE, firstSequence: 1 });
}

async function load(db: Dynamo) {
  const catalogue = dynamoCatalogueRepository(db, TABLE);
  await catalogue.upsert([
    ...agencies.map((value) => ({ kind: "agency" as const, value })),
    ...procedures.map((value) => ({ kind: "procedure" as const, value })),
  ]);
  let written = 0;
  let bytes = 0;
  const started = performance.now();
  let lastLog = started;
  const total = ITEMS + DAY_ITEMS; // about: the year's working days vary around their average
  const source = allDossiers();
  const nextBatch = (): Record<string, unknown>[] | undefined => {
    const batch: Record<string, unknown>[] = [];
    while (batch.length < 25) {
      const next = source.next();
      if (next.done) break;
      const item = itemOf(next.value);
      bytes += Buffer.byteLength(JSON.stringify(item));
      batch.push(item);
    }
    return batch.length ? batch : undefined;
  };
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      for (let batch = nextBatch(); batch; batch = nextBatch()) {
        await batchWrite(db, batch);
        written += batch.length;
        if (performance.now() - lastLog > 10_000) {
          lastLog = performance.now();
          const s = (lastLog - started) / 1000;
          console.error(`loaded ${written.toLocaleString("en")} / ${total.toLocaleString("en")} in ${s.toFixed(0)} s (${(written / s).toFixed(0)} items/s)`);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const info = { version: GENERATOR_VERSION, items: ITEMS, dayItems: DAY_ITEMS, day: DAY, written, seconds, avgItemBytes: bytes / written, loadedAt: new Date().toISOString() };
  await db.send(new PutCommand({ TableName: TABLE, Item: { ...MARKER, ...info } }));
  return info;
}

/** The generated dossiers served from memory as the indexes would serve them (for computing a year of rows fast). */
function memorySource(): { source: DaySource; count: number; lastEnding: number } {
  const received = new Map<string, Dossier[]>();
  const ended = new Map<string, Dossier[]>();
  const submitted = new Map<string, Dossier[]>();
  const open: Dossier[] = [];
  const dayOf = (iso: string) => vietnamDate(new Date(iso));
  const push = (map: Map<string, Dossier[]>, iso: string | undefined, d: Dossier) => {
    if (!iso) return;
    const key = dayOf(iso);
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    list.push(d);
  };
  let count = 0;
  let lastEnding = 0;
  for (const d of allDossiers()) {
    count++;
    const ending = d.resolvedAt ?? d.endedAt;
    if (ending) lastEnding = Math.max(lastEnding, Date.parse(ending));
    // The applicant, form and file details play no part in the statistics: dropped to keep a year in memory.
    const slim: Dossier = { ...d, applicant: undefined as never, formData: {}, tokenHash: "" };
    push(received, d.firstReceivedAt, slim);
    push(ended, d.resolvedAt ?? d.endedAt, slim);
    push(submitted, d.submittedAt, slim);
    if (d.status !== "draft" && !d.endedAt) open.push(slim);
  }
  return {
    count,
    lastEnding,
    source: {
      receivedOn: async (date) => received.get(date) ?? [],
      endedOn: async (date) => ended.get(date) ?? [],
      submittedOn: async (date) => submitted.get(date) ?? [],
      openNow: async (codes) => open.filter((d) => codes.includes(d.agencyCode)),
    },
  };
}

// ---------------------------------------------------------------------------------------------- measuring

const midnight = (date: string) => atVietnamTime(date, "00:00");

/**
 * The same day computed the naive way: read every item of the table, keep the day's dossiers, count; the snapshot
 * from every dossier of the table (the ground truth a recomputation must reproduce).
 */
async function scanBaseline(db: Dynamo, date: string) {
  const dayOf = (iso?: string) => (iso ? vietnamDate(new Date(iso)) : undefined);
  const receivedOn: Dossier[] = [];
  const endedOn: Dossier[] = [];
  const submittedOn: Dossier[] = [];
  const everReceived: Dossier[] = [];
  let scanned = 0;
  let bytes = 0;
  let startKey: Record<string, unknown> | undefined;
  const catalogue = dynamoCatalogueRepository(db, TABLE).load();
  do {
    const out = await db.send(new ScanCommand({ TableName: TABLE, ExclusiveStartKey: startKey }));
    for (const item of out.Items ?? []) {
      scanned++;
      bytes += Buffer.byteLength(JSON.stringify(item));
      if (item.kind !== "dossier") continue;
      const d = dossierFromItem(item);
      if (dayOf(d.firstReceivedAt) === date) receivedOn.push(d);
      if (dayOf(d.resolvedAt ?? d.endedAt) === date) endedOn.push(d);
      if (dayOf(d.submittedAt) === date) submittedOn.push(d);
      if (d.firstReceivedAt && dayOf(d.firstReceivedAt)! <= date) everReceived.push(d);
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  const { agencies: a, procedures: p } = await catalogue;
  const day = computeDay({
    date,
    receivedOn,
    endedOn,
    submittedOn,
    agencies: a,
    procedures: p,
    endOfDay: snapshotAt(everReceived, midnight(addDays(date, 1))),
    startOfDay: openCountAt(everReceived, midnight(date)),
  });
  return { rows: day.rows, catalogue: day.catalogue, scanned, bytes, dossiers: receivedOn.length + endedOn.length + submittedOn.length };
}

const round = (value: unknown) => Math.round(Number(value) * 1e6) / 1e6;
const sortRows = (rows: StatsRow[]) => [...rows].sort((x, y) => (`${x.scope}#${x.key}` < `${y.scope}#${y.key}` ? -1 : 1));
/** The flows of the rows that have any (the snapshot of a day in the past cannot be seen from the night job's table). */
const canonicalFlows = (rows: StatsRow[]) =>
  JSON.stringify(
    sortRows(rows)
      .filter((r) => Object.values(r.counts).some((v) => Number(v) !== 0))
      .map((r) => ({ scope: r.scope, key: r.key, counts: Object.fromEntries(Object.entries(r.counts).map(([k, v]) => [k, round(v)])) })),
  );
/** Whole rows, snapshot included. */
const canonical = (rows: StatsRow[]) =>
  JSON.stringify(
    sortRows(rows).map((r) => ({
      scope: r.scope,
      key: r.key,
      counts: Object.fromEntries(Object.entries(r.counts).map(([k, v]) => [k, round(v)])),
      snapshot: r.snapshot,
    })),
  );

/** A store that remembers the last day it was given, so the bench can compare rows. */
function recordingStore(real: StatsStore) {
  const seen: { day?: StoredDay } = {};
  const store: StatsStore = {
    ...real,
    async replaceDay(day) {
      seen.day = day;
      await real.replaceDay(day);
    },
  };
  return { store, seen };
}

async function main() {
  const loadAtStart = loadavg()[0] ?? 0;
  if (RELOAD) rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  const stores = await startEmbeddedStores({ dataDir: DATA_DIR });
  const db = makeDynamo({ region: "ap-southeast-1", dynamoEndpoint: stores.dynamoEndpoint });
  try {
    let marker: Record<string, unknown> | undefined;
    try {
      await db.send(new DescribeTableCommand({ TableName: TABLE }));
      marker = (await db.send(new GetCommand({ TableName: TABLE, Key: MARKER }))).Item;
    } catch {
      await createTable(db, TABLE);
    }
    let reused = true;
    if (!marker || marker.version !== GENERATOR_VERSION) {
      // No marker: a fresh folder or an interrupted load; the generator is deterministic, so puts overwrite.
      if (marker) throw new Error(`${DATA_DIR} holds another generator's data: run with --reload`);
      console.error(`loading ${(ITEMS + DAY_ITEMS).toLocaleString("en")} dossiers into ${DATA_DIR} …`);
      marker = await load(db);
      reused = false;
    }
    const info = marker as { seconds: number; avgItemBytes: number; loadedAt: string; written: number };
    console.error(`data: loaded in ${info.seconds.toFixed(0)} s (${reused ? "reused" : "now"}), average item ${info.avgItemBytes.toFixed(0)} B`);
    const realStore = dynamoStatsStore(db, TABLE);
    const realCatalogue = dynamoCatalogueRepository(db, TABLE);

    // --- 1. the nightly job ----------------------------------------------------------------------------------
    const night = atVietnamTime(addDays(DAY, 1), "00:05");
    const jobs: { ms: number; items: number; read: number; rows: number }[] = [];
    let nightly: StoredDay | undefined;
    for (let i = 0; i < RUNS + 1; i++) {
      const counter: ReadCounter = { items: 0 };
      const { store, seen } = recordingStore(realStore);
      const t = performance.now();
      const result = await runDay({ source: dynamoDaySource(db, TABLE, counter), store, catalogue: realCatalogue, now: () => night }, DAY);
      const ms = performance.now() - t;
      nightly = seen.day;
      if (i === 0) continue; // warm-up: connections, JIT
      jobs.push({ ms, items: counter.items, read: result.dossiersRead, rows: result.rows });
      console.error(`job run ${i}: ${ms.toFixed(0)} ms, ${counter.items} items read, ${result.rows} rows`);
    }

    // --- 2. the full-Scan baseline ---------------------------------------------------------------------------
    const scans: { ms: number; scanned: number; bytes: number }[] = [];
    let baseline: Awaited<ReturnType<typeof scanBaseline>> | undefined;
    for (let i = 0; i < SCAN_RUNS; i++) {
      const t = performance.now();
      baseline = await scanBaseline(db, DAY);
      const ms = performance.now() - t;
      scans.push({ ms, scanned: baseline.scanned, bytes: baseline.bytes });
      console.error(`scan run ${i + 1}: ${(ms / 1000).toFixed(1)} s, ${baseline.scanned} items read`);
    }
    const sameFlows = canonicalFlows(nightly!.rows) === canonicalFlows(baseline!.rows) && JSON.stringify(nightly!.catalogue) === JSON.stringify(baseline!.catalogue);
    if (!sameFlows) console.error("FLOWS DIFFER", canonicalFlows(nightly!.rows).slice(0, 2000), canonicalFlows(baseline!.rows).slice(0, 2000));

    // The generated year, in memory (for section 4), and its last instant: the bench's data runs into the future
    // (slow procedures resolved after today), so "today" for a recomputation is the data's last ending.
    const t0 = performance.now();
    const memory = memorySource();
    const generated = performance.now();
    const dataNow = new Date(Math.max(Date.now(), memory.lastEnding + 60_000));

    // --- 3. the day recomputed later ---------------------------------------------------------------------------
    let recompute: { ms: number; items: number; same: boolean; province?: StatsRow } | undefined;
    if (RECOMPUTE) {
      const counter: ReadCounter = { items: 0 };
      const { store, seen } = recordingStore(realStore);
      const t = performance.now();
      await runDay({ source: dynamoDaySource(db, TABLE, counter), store, catalogue: realCatalogue, now: () => dataNow }, DAY);
      const ms = performance.now() - t;
      const same = canonical(seen.day!.rows) === canonical(baseline!.rows);
      if (!same) console.error("SNAPSHOT DIFFERS", canonical(seen.day!.rows).slice(0, 2000), canonical(baseline!.rows).slice(0, 2000));
      recompute = { ms, items: counter.items, same, province: seen.day!.rows.find((r) => r.scope === "province") };
      console.error(`recompute of ${DAY} as of ${dataNow.toISOString()}: ${(ms / 1000).toFixed(1)} s, ${counter.items} items read, same rows as the scan: ${same}`);
    }

    // --- 4. summaries over a year of statistics ------------------------------------------------------------
    const yearStart = addDays(YEAR_END, -364);
    const lastDay = addDays(YEAR_END, 30); // the dossiers of late October end in November
    await runDays({ source: memory.source, store: realStore, catalogue: realCatalogue, now: () => dataNow }, yearStart, lastDay);
    const computed = performance.now();
    console.error(
      `a year of statistics: ${memory.count.toLocaleString("en")} dossiers generated in ${((generated - t0) / 1000).toFixed(0)} s, ${daysBetween(yearStart, lastDay) + 1} days computed and written with their rollups in ${((computed - generated) / 1000).toFixed(0)} s`,
    );
    const catalogueLoad: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await realCatalogue.load();
      catalogueLoad.push(performance.now() - t);
    }
    const loaded = await realCatalogue.load();
    const warmCatalogue = { load: async () => loaded }; // a warm function keeps it (stats-app.ts caches it)
    const threeYears = { from: addDays(YEAR_END, -(365 * 3) + 1).slice(0, 7) + "-01", to: YEAR_END };
    const withEdges = { from: addDays(threeYears.from, 14), to: addDays(YEAR_END, -10) };
    const measure = async (query: { from: string; to: string }) => {
      const times: number[] = [];
      let last: Awaited<ReturnType<typeof summary>> | undefined;
      for (let i = 0; i < SUMMARY_RUNS + 1; i++) {
        const t = performance.now();
        last = await summary(realStore, warmCatalogue, query);
        if (i > 0) times.push(performance.now() - t);
      }
      return { times, last: last! };
    };
    const whole = await measure(threeYears);
    const edges = await measure(withEdges);
    // The old way: every day of the range read (then refused past 366 days), for the same 3 years.
    const dayByDay: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await realStore.readDays(threeYears.from, threeYears.to);
      dayByDay.push(performance.now() - t);
    }
    const plan = planRange(withEdges.from, withEdges.to);
    console.error(`summary ${threeYears.from}…${threeYears.to}: median ${median(whole.times).toFixed(0)} ms; with edges ${median(edges.times).toFixed(0)} ms; day by day ${median(dayByDay).toFixed(0)} ms`);

    // --- report --------------------------------------------------------------------------------------------
    const jobMs = median(jobs.map((j) => j.ms));
    const scanMs = median(scans.map((s) => s.ms));
    const jobItems = jobs[0]!.items;
    const scanItems = scans[0]!.scanned;
    const province = nightly!.rows.find((r) => r.scope === "province")?.counts;
    const total = Number(info.written);
    const ms = (values: number[]) => `${median(values).toFixed(0)} ms`;
    const runsOf = (values: number[]) => values.map((v) => v.toFixed(0)).join(", ");
    const d766 = whole.last.decision766;
    const section = `## Statistics

The statistics over a table holding a year of dossiers: the nightly job for one day against a full-Scan baseline, the
same day recomputed months later (the period-end snapshot rebuilt from the dossiers' histories), and summaries over
3 years answered from the monthly rollups.

- Command: \`npx tsx bench/stats.ts\` (options: \`--items ${ITEMS} --day-items ${DAY_ITEMS} --day ${DAY}\`; data kept in
  \`${DATA_DIR}\`, reused by reruns; \`--reload\` rebuilds it)
- Date: ${today()}
- Machine: ${machineLine(loadAtStart)}
- Data: ${total.toLocaleString("en")} dossiers in dynalite (embedded, LevelDB on disk): about ${ITEMS.toLocaleString("en")} over the working days
  of the 365 to ${YEAR_END} plus ${DAY_ITEMS.toLocaleString("en")} received on ${DAY}; from the demo year's generator (core/stats/demo-year.ts
  \`demoYear\`, the one \`npm start -- --demo\` seeds from), each script driven through the decision function (\`decide\`:
  submit or counter intake, receive, supplement rounds, transfers, approve/deny, return, withdraw, reject at intake,
  stop, online payments, ratings on 30%; 25% counter and 5% post dossiers), written as the repository writes them
  (\`indexAttributes()\`), average item ${info.avgItemBytes.toFixed(0)} B (JSON); plus the catalogue (${agencies.length} agencies,
  ${procedures.length.toLocaleString("en")} procedures). Loading took ${(info.seconds / 60).toFixed(1)} min (${(total / info.seconds).toFixed(0)} items/s; the folder is reused by reruns).

### The nightly job and the full-Scan baseline

The job for ${DAY} as it runs at 00:05 on the next day: \`runDay\` over \`dynamoDaySource\` — the day indexes (gsi2/gsi3/gsi4),
the inbox shelves (gsi7, one Query per agency and open shelf) and the next day's endings for the snapshot, \`computeDay\`,
\`replaceDay\`, then the month's rollup (\`rollUpMonth\`: the month's day rows read back and summed). ${jobs[0]!.rows} rows written${
      province ? ` (province: ${province.received} received, ${province.resolved} resolved)` : ""
    }.

| | items read | time (median) | runs |
|---|---|---|---|
| job (\`runDay\` + \`dynamoDaySource\`) | ${jobItems.toLocaleString("en")} | ${ms(jobs.map((j) => j.ms))} | ${runsOf(jobs.map((j) => j.ms))} ms (after 1 warm-up) |
| baseline: full Scan + filter + \`computeDay\` | ${scanItems.toLocaleString("en")} | ${(scanMs / 1000).toFixed(1)} s | ${scans.map((s) => (s.ms / 1000).toFixed(1)).join(", ")} s |
| **ratio (baseline / job)** | **${(scanItems / jobItems).toFixed(1)}×** | **${(scanMs / jobMs).toFixed(1)}×** | |

Same flows from both: **${sameFlows ? "yes" : "NO"}** (received by channel, resolved, withdrawn… of every row, and the catalogue
indicators). The nightly job's snapshot is the one of the table as it stands now, where every dossier of the bench
has since been resolved; what it would have been that night is what the recomputation below checks.
Dynalite serves a few hundred to a thousand items/s of ~${(info.avgItemBytes / 1024).toFixed(1)} KB here, so absolute times are the emulator's; the
ratios are the point. On DynamoDB the job's reads follow the day's volume and the number of open dossiers, the
Scan the whole table (${(scans[0]!.bytes / 1024 / 1024).toFixed(0)} MB ≈ ${(Math.ceil(scans[0]!.bytes / 4096) * 0.5).toLocaleString("en")} RRU a day, growing every year).
${
  recompute
    ? `
### A past day recomputed (\`stats run --date ${DAY}\` months later)

The period-end snapshot of a past day is rebuilt from the dossiers open now and every dossier ended since that day
(functions/core/stats/snapshot.ts), "now" being the data's last ending (${vietnamDate(dataNow)}: the generator resolves its slowest procedures
after today's date): ${recompute.items.toLocaleString("en")} items read, ${(recompute.ms / 1000).toFixed(1)} s. Same rows as the Scan's, whose snapshot
comes from every dossier of the table: **${recompute.same ? "yes" : "NO"}**${
        recompute.province?.snapshot
          ? ` (province at the end of ${DAY}: ${recompute.province.snapshot.inProgress} in progress within time, ${recompute.province.snapshot.inProgressOverdue} overdue, ${recompute.province.snapshot.waitingForCitizen} waiting for the citizen; ${recompute.province.snapshot.carriedOver} carried over from the day before)`
          : ""
      }. The cost grows with the time since the day: going back a year reads a year of endings, once per back-fill.
`
    : ""
}
### Summaries over 3 years

A year of statistics (${yearStart} to ${lastDay}) computed by the real job (\`runDays\`) over the same ${memory.count.toLocaleString("en")} generated
dossiers served from memory (${((computed - generated) / 1000).toFixed(0)} s for ${daysBetween(yearStart, lastDay) + 1} days and their monthly rollups, written to dynalite through
\`dynamoStatsStore\`), then \`summary()\` as \`GET /v1/stats/summary\` runs it, over the same dynalite table, with the catalogue
already loaded (a warm function keeps it; loading it costs ${ms(catalogueLoad)} here, ${agencies.length + procedures.length} items):

| range | reads | time (median of ${SUMMARY_RUNS}) | runs |
|---|---|---|---|
| ${threeYears.from} – ${threeYears.to} (36 whole months) | 36 month rollups | **${ms(whole.times)}** | ${runsOf(whole.times)} ms |
| ${withEdges.from} – ${withEdges.to} | ${plan.months.length} month rollups + ${plan.dayRanges.reduce((n, [a, b]) => n + daysBetween(a, b) + 1, 0)} edge days | **${ms(edges.times)}** | ${runsOf(edges.times)} ms |
| the 36 months read day by day (the old way, refused past 366 days) | ${daysBetween(threeYears.from, threeYears.to) + 1} days | ${ms(dayByDay)} | ${runsOf(dayByDay)} ms |

Target: ≤ 300 ms for a 3-year summary — **${median(whole.times) <= 300 && median(edges.times) <= 300 ? "met" : "NOT met"}**. The 3-year answer: ${whole.last.received.toLocaleString("en")} received
(${whole.last.receivedOnline.toLocaleString("en")} online, ${whole.last.receivedCounter.toLocaleString("en")} at the counter, ${whole.last.receivedPost.toLocaleString("en")} by post), ${whole.last.resolved.toLocaleString("en")} resolved, on-time rate ${((whole.last.onTimeRate ?? 0) * 100).toFixed(1)}%,
progress (Decision 766) ${((whole.last.progressRate ?? 0) * 100).toFixed(1)}%, ${whole.last.daysComputed} days computed; Decision 766 ${d766.score.toFixed(1)} of the ${d766.computedWeight.toFixed(1)} points the
portal can compute.
`;
    console.log(section);
    if (WRITE) writeSection("Statistics", section);
  } finally {
    db.destroy();
    await stores.close();
  }
}

run(main);
