/**
 * Procedure search benchmark: `npx tsx bench/search.ts`
 *
 * 1. in process: the search core over a 2,000-procedure index, a realistic query mix (1–4 words, with and
 *    without diacritics, half-typed last words, filters): median and p99 per query;
 * 2. over HTTP: the local portal (embedded dynalite, temp folder) with that catalogue imported, autocannon
 *    against /v1/procedures?q=… (3 runs of 10 s, medians reported).
 * Prints a markdown block and writes it to BENCHMARKS.md under "## Search" (other sections are kept).
 *
 * Options: --duration SECONDS (default 10), --runs N (default 3), --connections N (default 10), --no-write.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { snapshotOf } from "../functions/core/catalogue/cache";
import { importCatalogue, readCatalogueText } from "../functions/core/catalogue/import";
import type { Procedure } from "../functions/core/catalogue/model";
import { fold, searchProcedures, type SearchQuery } from "../functions/core/catalogue/search";
import { startPortal } from "../functions/local/portal";
import { prng } from "../functions/core/prng";
import { benchCatalogue } from "./catalogue-generator";
import { writeSection } from "./report";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const DURATION = option("duration", 10);
const RUNS = option("runs", 3);
const CONNECTIONS = option("connections", 10);
const WRITE = !args.includes("--no-write");

type BenchQuery = Omit<SearchQuery, "limit" | "cursor"> & { kind: string };

/** A query mix as people type: words taken from real names, often without diacritics, the last word half-typed. */
function queryMix(procedures: Procedure[], count: number): BenchQuery[] {
  const random = prng(7);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const queries: BenchQuery[] = [];
  while (queries.length < count) {
    const procedure = pick(procedures);
    const words = procedure.name.split(/[\s,()]+/).filter(Boolean);
    const length = Math.min(words.length, 1 + Math.floor(random() * 4));
    const start = Math.floor(random() * (words.length - length + 1));
    let chosen = words.slice(start, start + length);
    const plain = random() < 0.5;
    if (plain) chosen = chosen.map(fold);
    if (random() < 0.1) chosen = chosen.map((w) => w.toUpperCase());
    const typing = random() < 0.3 && chosen.at(-1)!.length > 3;
    if (typing) chosen[chosen.length - 1] = chosen.at(-1)!.slice(0, 2 + Math.floor(random() * 2));
    const query: BenchQuery = { q: chosen.join(" "), kind: `${length} word${length > 1 ? "s" : ""}` };
    const filter = random();
    if (filter < 0.1) query.agency = procedure.agencyCode;
    else if (filter < 0.2) query.level = procedure.level;
    else if (filter < 0.25) query.field = fold(procedure.field);
    queries.push(query);
  }
  return queries;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

async function main() {
  // Other work on the machine skews the tail; the report states the load when the run started.
  const loadAtStart = loadavg()[0] ?? 0;
  const { agencies, procedures, source } = benchCatalogue(2_000);
  const catalogue = { agencies, procedures, version: "bench" };

  // --- in process --------------------------------------------------------------------------------------------
  const builds: number[] = [];
  let snapshot = snapshotOf(catalogue, 0);
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    snapshot = snapshotOf(catalogue, 0);
    builds.push(performance.now() - t);
  }
  const queries = queryMix(procedures, 400);
  const timings: number[] = [];
  const byKind = new Map<string, number[]>();
  let matched = 0;
  for (let pass = 0; pass < 30; pass++) {
    for (const query of queries) {
      const t = performance.now();
      const page = searchProcedures(snapshot.index, { ...query, limit: 20 });
      const elapsed = performance.now() - t;
      if (pass < 3) {
        if (pass === 0 && page.total > 0) matched++;
        continue; // warm-up passes: JIT, caches
      }
      timings.push(elapsed);
      const kind = query.agency || query.level || query.field ? "with a filter" : query.kind;
      if (!byKind.has(kind)) byKind.set(kind, []);
      byKind.get(kind)!.push(elapsed);
    }
  }
  timings.sort((a, b) => a - b);
  const inProcess = {
    queries: timings.length,
    median: percentile(timings, 50),
    p99: percentile(timings, 99),
    max: timings.at(-1)!,
    build: median(builds),
  };
  const kinds = [...byKind.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, values]) => {
      values.sort((a, b) => a - b);
      return `| ${kind} | ${values.length} | ${us(percentile(values, 50))} | ${us(percentile(values, 99))} |`;
    });
  console.error(`in process: median ${us(inProcess.median)}, p99 ${us(inProcess.p99)} over ${inProcess.queries} queries`);

  // --- over HTTP ---------------------------------------------------------------------------------------------
  const dataDir = mkdtempSync(join(tmpdir(), "dvc-bench-search-"));
  const portal = await startPortal({ port: 0, dataDir, seed: false });
  const http: { rps: number; p50: number; p99: number; non2xx: number; errors: number }[] = [];
  let importMs = 0;
  try {
    const t = performance.now();
    const report = await importCatalogue(portal.adapters.catalogue, readCatalogueText(JSON.stringify({ agencies, procedures }), "json"));
    importMs = performance.now() - t;
    console.error(`imported ${report.created} entries in ${(importMs / 1000).toFixed(1)} s`);
    const paths = queries.map(({ kind: _kind, ...query }) => {
      const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined) as [string, string][]);
      return `/v1/procedures?${params}`;
    });
    // Warm the portal's snapshot (the first request loads and indexes the catalogue).
    const first = await fetch(`${portal.url}${paths[0]}`);
    if (first.status !== 200) throw new Error(`warm-up answered ${first.status}: ${await first.text()}`);
    for (let run = 0; run < RUNS; run++) {
      // One worker thread fires the requests, so the load generator does not share the server's event loop.
      const result = await autocannon({
        url: portal.url,
        connections: CONNECTIONS,
        duration: DURATION,
        workers: 1,
        requests: paths.map((path) => ({ method: "GET", path })),
      });
      http.push({
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
      });
      console.error(`run ${run + 1}: ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`);
    }
  } finally {
    await portal.close();
    rmSync(dataDir, { recursive: true, force: true });
  }

  // --- report ------------------------------------------------------------------------------------------------
  const cpu = cpus();
  const section = `## Search

Procedure search (\`GET /v1/procedures?q=…\`, functions/core/catalogue/search.ts) over ${procedures.length.toLocaleString("en")} procedures
from ${source}.

- Command: \`npx tsx bench/search.ts\`
- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, Node ${process.version}, ${process.platform}/${process.arch}; load average ${loadAtStart.toFixed(2)} at start
- Query mix: ${queries.length} queries, 1–4 words taken from names, half without diacritics, 10% upper case, 30% with a
  half-typed last word, 25% with a filter (agency, level or field); first page, limit 20; ${matched} of ${queries.length} match something.

**In process** (search core only; ${inProcess.queries.toLocaleString("en")} timed queries after 3 warm-up passes)

| | median | p99 | max |
|---|---|---|---|
| per query | ${us(inProcess.median)} | ${us(inProcess.p99)} | ${us(inProcess.max)} |
| index build (whole catalogue, median of 5) | ${inProcess.build.toFixed(1)} ms | | |

| queries | timed | median | p99 |
|---|---|---|---|
${kinds.join("\n")}

**Over HTTP** (local portal, one Node process on embedded dynalite; autocannon in a worker thread of the same
process, ${CONNECTIONS} connections, ${RUNS} runs × ${DURATION} s; medians of the runs; the catalogue import of
${(agencies.length + procedures.length).toLocaleString("en")} entries took ${(importMs / 1000).toFixed(1)} s)

| | requests/s | latency p50 | latency p99 | non-2xx | errors |
|---|---|---|---|---|---|
| median of runs | ${median(http.map((r) => r.rps)).toFixed(0)} | ${median(http.map((r) => r.p50))} ms | ${median(http.map((r) => r.p99))} ms | ${http.reduce((s, r) => s + r.non2xx, 0)} | ${http.reduce((s, r) => s + r.errors, 0)} |
${http.map((r, i) => `| run ${i + 1} | ${r.rps.toFixed(0)} | ${r.p50} ms | ${r.p99} ms | ${r.non2xx} | ${r.errors} |`).join("\n")}

Target: p99 < 1 ms per query in process over 2,000 procedures — ${inProcess.p99 < 1 ? "met" : "NOT met"}.
`;
  console.log(section);
  if (WRITE) writeSection("Search", section);
}


main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
