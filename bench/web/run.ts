/**
 * Web front-end benchmark: what each page downloads and how fast it is usable on a cheap phone on 3G.
 *
 *   npx tsx bench/web/run.ts            measure and write the "## Web" section of BENCHMARKS.md
 *   npx tsx bench/web/run.ts --no-write print only
 *   RUNS=5 LH_RUNS=3 npx tsx bench/web/run.ts
 *   LIGHTHOUSE=0 npx tsx bench/web/run.ts   without the Lighthouse pass
 *
 * Two passes. First, playwright-core + the system Chromium over the Chrome DevTools Protocol:
 *  - transfer per page: bytes over the wire by resource type (Network.loadingFinished encodedDataLength), and the
 *    JavaScript and CSS gzipped at level 9 (the local server compresses the web files as CloudFront does, with its
 *    own settings; the API's JSON goes uncompressed, as API Gateway sends it);
 *  - timings with a cold cache, CPU ×4 slower (Emulation.setCPUThrottlingRate) and DevTools' "Fast 3G" network
 *    (Network.emulateNetworkConditions: 562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up): first contentful
 *    paint, largest contentful paint, DOMContentLoaded, load, and "ready" = the page's own content shown
 *    (results listed, procedure table, form, status, statistics); the median of RUNS runs (default 5).
 * Then a Lighthouse pass (bench/web/lighthouse.ts; lighthouse@12.8.2, the newest that runs on Node 20 — 13 needs
 * Node ≥ 22.19) on the search, apply and track pages: mobile defaults, LH_RUNS runs per page (default 3), medians.
 * Everything is served by the local portal (`startPortal`) on the sample catalogue.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir, platform, arch, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { chromium, type Browser } from "playwright-core";
import { startPortal, type Portal } from "../../functions/local/portal";
import { LIGHTHOUSE_CATEGORIES, runLighthouse, type LighthouseResult } from "./lighthouse";
import { writeSection } from "../report";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const WEB = join(ROOT, "web");
const RUNS = Number(process.env.RUNS ?? 5);
const WRITE = !process.argv.includes("--no-write");
const SEARCH_JS_BUDGET = 50 * 1024;
const LIGHTHOUSE = process.env.LIGHTHOUSE !== "0";
const LH_RUNS = Number(process.env.LH_RUNS ?? 3);
const LH_TARGET = 95;

const CPU_SLOWDOWN = 4;
/** Chrome DevTools' "Fast 3G" preset (renamed "Slow 4G" in recent DevTools), in the CDP's units. */
const NETWORK_3G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8,
  uploadThroughput: (750 * 1024 * 0.9) / 8,
};

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

interface PageSpec {
  name: string;
  path: string;
  /** A selector that appears when the page shows its own content. */
  ready: string;
}

interface Sample {
  fcp: number;
  lcp: number;
  dcl: number;
  load: number;
  ready: number;
}

interface Transfer {
  requests: number;
  bytes: number;
  byType: Record<string, number>;
  scripts: string[];
  styles: string[];
  external: string[];
}

async function buildWeb() {
  process.env.NODE_ENV = "production";
  const { build } = await import("vite");
  await build({ root: WEB, configFile: join(WEB, "vite.config.ts"), mode: "production", logLevel: "warn" });
}

/** One cold load of a page; returns its timings and what went over the wire. */
async function measure(browser: Browser, url: string, spec: PageSpec, throttled: boolean): Promise<{ sample: Sample; transfer: Transfer }> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1, locale: "vi-VN" });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  if (throttled) {
    await cdp.send("Network.emulateNetworkConditions", NETWORK_3G);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  }
  const types = new Map<string, { type: string; url: string }>();
  const transfer: Transfer = { requests: 0, bytes: 0, byType: {}, scripts: [], styles: [], external: [] };
  cdp.on("Network.responseReceived", (event) => types.set(event.requestId, { type: event.type, url: event.response.url }));
  cdp.on("Network.loadingFinished", (event) => {
    const info = types.get(event.requestId);
    if (!info) return;
    const url = new URL(info.url);
    // data: URLs are Chromium's own (the date picker's icon), not requests.
    if (url.protocol === "data:" || url.protocol === "blob:") return;
    if (!["localhost", "127.0.0.1"].includes(url.hostname)) transfer.external.push(info.url);
    transfer.requests++;
    transfer.bytes += event.encodedDataLength;
    transfer.byType[info.type] = (transfer.byType[info.type] ?? 0) + event.encodedDataLength;
    if (info.type === "Script") transfer.scripts.push(new URL(info.url).pathname);
    if (info.type === "Stylesheet") transfer.styles.push(new URL(info.url).pathname);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __lcp: number };
    w.__lcp = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__lcp = Math.max(w.__lcp, entry.startTime);
    }).observe({ type: "largest-contentful-paint", buffered: true });
  });
  const started = Date.now();
  await page.goto(url, { waitUntil: "load", timeout: 120_000 });
  await page.locator(spec.ready).first().waitFor({ timeout: 120_000 });
  const readyWall = Date.now() - started;
  await page.waitForLoadState("networkidle", { timeout: 120_000 }).catch(() => {});
  const timings = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN;
    return { fcp, lcp: (window as unknown as { __lcp: number }).__lcp, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd };
  });
  await context.close();
  return { sample: { ...timings, ready: readyWall }, transfer };
}

const median = (values: number[]) => {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : "n/a");

function gzipOf(paths: string[]): number {
  return [...new Set(paths)].reduce((sum, p) => {
    const file = join(WEB, "dist", p.replace(/^\//, ""));
    return sum + (existsSync(file) ? gzipSync(readFileSync(file), { level: 9 }).byteLength : 0);
  }, 0);
}

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const dataDir = mkdtempSync(join(tmpdir(), "dvc-bench-web-"));
  let portal: Portal | undefined;
  let browser: Browser | undefined;
  try {
    console.error("building web/ …");
    await buildWeb();
    portal = await startPortal({ port: 0, dataDir, seed: true, env: { ...process.env, PORT: undefined, DYNAMODB_ENDPOINT: undefined, S3_ENDPOINT: undefined } });
    const json = async (path: string, init: RequestInit = {}) => (await fetch(portal!.url + path, init)).json() as Promise<any>;

    // A dossier to track: created, its required documents uploaded (small PDFs) and submitted through the API.
    const page1 = await json("/v1/procedures?q=dang%20ky%20khai%20sinh&limit=5");
    const procedureCode: string = page1.items[0].code;
    const all = await json("/v1/procedures?limit=100");
    let trackPath = "/track";
    const candidates = [page1.items[0], ...all.items].filter((p: any) => p.level !== "info");
    for (const candidate of candidates) {
      const detail = await json(`/v1/procedures/${candidate.code}`);
      const created = await json("/v1/dossiers", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          procedureCode: detail.code,
          applicant: { fullName: "Nguyễn Văn An", idNumber: "001090012345", phone: "0912345678", email: "an.nguyen@example.vn" },
          delivery: detail.resultDelivery?.includes("online") ? "online" : detail.resultDelivery?.[0],
        }),
      });
      if (!created.code) continue;
      const auth = { authorization: `Bearer ${created.accessToken}` };
      for (const doc of (detail.documents ?? []).filter((d: any) => d.required)) {
        const head = Buffer.from(`%PDF-1.4\n% ${doc.key}\n`);
        const bytes = Buffer.alloc(2048, 0x20);
        head.copy(bytes);
        const declared = await json(`/v1/dossiers/${created.code}/attachments`, {
          method: "POST",
          headers: { ...auth, "content-type": "application/json" },
          body: JSON.stringify({
            documentKey: doc.key,
            fileName: `${doc.key}.pdf`,
            mediaType: "application/pdf",
            size: bytes.byteLength,
            sha256: createHash("sha256").update(bytes).digest("hex"),
          }),
        });
        if (declared.upload) await fetch(declared.upload.url, { method: "PUT", headers: declared.upload.headers, body: bytes });
      }
      const submitted = await fetch(`${portal.url}/v1/dossiers/${created.code}/submit`, { method: "POST", headers: auth });
      if (!submitted.ok) continue;
      trackPath = `/track/${created.code}`;
      break;
    }
    if (trackPath === "/track") console.error("no dossier could be submitted: the track page is measured without one");

    const pages: PageSpec[] = [
      { name: "search", path: "/", ready: ".result" },
      { name: "procedure", path: `/procedures/${procedureCode}`, ready: "table" },
      { name: "apply", path: `/procedures/${procedureCode}/apply`, ready: "#fullName" },
      { name: "track", path: trackPath, ready: trackPath === "/track" ? "#code" : "[data-testid=dossier-status]" },
      { name: "stats", path: "/stats", ready: ".cards, #stats-none" },
    ];

    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
    const results: Array<{ spec: PageSpec; transfer: Transfer; fast: Sample; slow: Sample }> = [];
    for (const spec of pages) {
      const url = portal.url + spec.path;
      await measure(browser, url, spec, false); // warm the server and its catalogue snapshot
      const fast: Sample[] = [];
      const slow: Sample[] = [];
      let transfer: Transfer | undefined;
      for (let i = 0; i < RUNS; i++) {
        fast.push((await measure(browser, url, spec, false)).sample);
        const run = await measure(browser, url, spec, true);
        slow.push(run.sample);
        transfer = run.transfer;
      }
      const pick = (samples: Sample[]): Sample => ({
        fcp: median(samples.map((s) => s.fcp)),
        lcp: median(samples.map((s) => s.lcp)),
        dcl: median(samples.map((s) => s.dcl)),
        load: median(samples.map((s) => s.load)),
        ready: median(samples.map((s) => s.ready)),
      });
      results.push({ spec, transfer: transfer!, fast: pick(fast), slow: pick(slow) });
      console.error(`${spec.name}: ready ${ms(pick(slow).ready)} on 3G + CPU ×${CPU_SLOWDOWN}`);
    }
    const chromiumVersion = browser.version();
    await browser.close();
    browser = undefined;

    let lighthouseRun: { version: string; results: LighthouseResult[] } | undefined;
    if (LIGHTHOUSE) {
      const byName = (name: string) => portal!.url + pages.find((p) => p.name === name)!.path;
      lighthouseRun = await runLighthouse(
        [
          { name: "search", url: byName("search") },
          { name: "apply", url: byName("apply") },
          { name: "track", url: byName("track") },
        ],
        { runs: LH_RUNS, chromePath: "/usr/bin/chromium", target: LH_TARGET },
      );
    }

    const cpu = cpus();
    const machine = `${cpu[0]?.model.trim() ?? "unknown CPU"}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB, ${platform()}/${arch()}, Node ${process.version}, Chromium ${chromiumVersion}`;
    const searchJs = gzipOf(results[0]!.transfer.scripts);
    const lines = [
      "## Web",
      "",
      "The citizen front-end (web/, Vite + Preact) served by the local portal on the sample catalogue, measured in",
      "headless Chromium over the DevTools protocol (bench/web/run.ts), then scored by Lighthouse (bench/web/lighthouse.ts;",
      "lighthouse@12.8.2, the newest that runs on Node 20: lighthouse@13 needs Node ≥ 22.19).",
      "",
      `- Command: \`npx tsx bench/web/run.ts\` (RUNS=${RUNS}${LIGHTHOUSE ? `, LH_RUNS=${LH_RUNS}` : ""})`,
      `- Date: ${new Date().toISOString().slice(0, 10)}`,
      `- Machine: ${machine}`,
      `- Throttled profile: CPU ×${CPU_SLOWDOWN} slower, DevTools "Fast 3G" network (562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up), cold cache, 412×823 viewport`,
      `- "ready": from navigation to the page's own content on screen (results listed, procedure table, form, dossier status, statistics); medians of ${RUNS} runs`,
      "",
      `**What each page downloads** (JS and CSS gzipped at level 9, as a CDN would send them; "on the wire locally" is what the local server sent: the web files compressed, as CloudFront does, the API's JSON not, as API Gateway sends it)`,
      "",
      "| page | requests | JS gzipped | CSS gzipped | on the wire locally | external requests |",
      "|---|---|---|---|---|---|",
      ...results.map(
        (r) =>
          `| ${r.spec.name} | ${r.transfer.requests} | ${kb(gzipOf(r.transfer.scripts))} (${new Set(r.transfer.scripts).size} files) | ${kb(gzipOf(r.transfer.styles))} | ${kb(r.transfer.bytes)} | ${r.transfer.external.length} |`,
      ),
      "",
      `Budget: the search page's JavaScript under 50 KB gzipped — ${kb(searchJs)}, ${searchJs < SEARCH_JS_BUDGET ? "met" : "NOT met"}. No page makes a request outside the portal (no CDN, no web font).`,
      "",
      `**Timings, throttled** (CPU ×${CPU_SLOWDOWN}, 3G; median of ${RUNS})`,
      "",
      "| page | first contentful paint | largest contentful paint | DOMContentLoaded | load | ready |",
      "|---|---|---|---|---|---|",
      ...results.map((r) => `| ${r.spec.name} | ${ms(r.slow.fcp)} | ${ms(r.slow.lcp)} | ${ms(r.slow.dcl)} | ${ms(r.slow.load)} | ${ms(r.slow.ready)} |`),
      "",
      `**Timings, unthrottled** (same machine, loopback; median of ${RUNS})`,
      "",
      "| page | first contentful paint | largest contentful paint | DOMContentLoaded | load | ready |",
      "|---|---|---|---|---|---|",
      ...results.map((r) => `| ${r.spec.name} | ${ms(r.fast.fcp)} | ${ms(r.fast.lcp)} | ${ms(r.fast.dcl)} | ${ms(r.fast.load)} | ${ms(r.fast.ready)} |`),
      "",
      ...(lighthouseRun ? lighthouseLines(lighthouseRun, machine) : []),
    ];
    const section = lines.join("\n");
    console.log(section);
    if (WRITE) writeSection("Web", section);
    if (searchJs >= SEARCH_JS_BUDGET) process.exitCode = 1;
  } finally {
    await browser?.close();
    await portal?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function lighthouseLines(run: { version: string; results: LighthouseResult[] }, machine: string): string[] {
  const lines = [
    `**Lighthouse** (${run.version}, Node API, default mobile settings: Moto G Power emulation, simulated throttling —`,
    `150 ms RTT, 1.6 Mbit/s, CPU ×4; categories ${LIGHTHOUSE_CATEGORIES.join(", ")}; median of ${LH_RUNS} runs, each in a fresh headless Chromium; target ≥ ${LH_TARGET})`,
    "",
    `- Command: \`npx tsx bench/web/run.ts\` (LH_RUNS=${LH_RUNS})`,
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Machine: ${machine}`,
    "",
    "| page | path | performance | accessibility | best practices | LCP | TBT | CLS |",
    "|---|---|---|---|---|---|---|---|",
    ...run.results.map(
      (r) =>
        `| ${r.name} | \`${r.path}\` | ${r.scores.performance} | ${r.scores.accessibility} | ${r.scores["best-practices"]} | ${ms(r.lcp)} | ${ms(r.tbt)} | ${Number.isFinite(r.cls) ? r.cls.toFixed(3) : "n/a"} |`,
    ),
    "",
  ];
  const below = run.results.filter((r) => LIGHTHOUSE_CATEGORIES.some((c) => r.scores[c] < LH_TARGET));
  if (!below.length) lines.push(`Every score is at least ${LH_TARGET}.`, "");
  else {
    lines.push(`Below ${LH_TARGET} — the audits that failed (score < 0.9) in any run:`, "");
    for (const r of below)
      for (const c of LIGHTHOUSE_CATEGORIES.filter((c) => r.scores[c] < LH_TARGET)) {
        const audits = r.failing.filter((a) => a.category === c);
        lines.push(
          `- ${r.name}, ${c} (${r.scores[c]}): ${audits.length ? audits.map((a) => `\`${a.id}\` ${a.title}${a.displayValue ? ` (${a.displayValue})` : ""}`).join("; ") : "no single audit below 0.9"}`,
        );
      }
    lines.push("");
  }
  return lines;
}


main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
