/**
 * Lighthouse pass of the web benchmark (called from bench/web/run.ts): Lighthouse's Node API on the system
 * Chromium (chrome-launcher, a fresh headless browser per run), Lighthouse's default mobile form factor and
 * simulated throttling, categories performance, accessibility and best-practices; RUNS runs per page (default 3),
 * the median score per category and the median LCP / TBT / CLS. Audits that fail (score < 0.9, not informative or
 * manual) in the median run of a page whose score is below the target are listed. LH_JSON=<folder> keeps each run's
 * full report there (<page>-<n>.json), to read the audits' details (layout-shifts, cls-culprits-insight, …).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

export const LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices"] as const;
export type Category = (typeof LIGHTHOUSE_CATEGORIES)[number];

const CHROME_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface LighthousePage {
  name: string;
  url: string;
}

export interface FailingAudit {
  category: Category;
  id: string;
  title: string;
  score: number | null;
  displayValue?: string;
}

export interface LighthouseResult {
  name: string;
  path: string;
  runs: number;
  scores: Record<Category, number>;
  lcp: number;
  tbt: number;
  cls: number;
  /** Failing audits of the runs, per category whose median score is below the target (union over the runs). */
  failing: FailingAudit[];
}

const median = (values: number[]) => {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

interface OneRun {
  scores: Record<Category, number>;
  lcp: number;
  tbt: number;
  cls: number;
  failing: FailingAudit[];
  version: string;
}

async function once(url: string, chromePath: string, keep?: string): Promise<OneRun> {
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: CHROME_FLAGS, logLevel: "silent" });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: [...LIGHTHOUSE_CATEGORIES],
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    if (keep) writeFileSync(keep, JSON.stringify(lhr, null, 1));
    const scores = {} as Record<Category, number>;
    const failing: FailingAudit[] = [];
    for (const category of LIGHTHOUSE_CATEGORIES) {
      const cat = lhr.categories[category];
      scores[category] = Math.round((cat?.score ?? NaN) * 100);
      for (const ref of cat?.auditRefs ?? []) {
        const audit = lhr.audits[ref.id];
        if (!audit) continue;
        if (["notApplicable", "informative", "manual"].includes(audit.scoreDisplayMode)) continue;
        if (audit.score !== null && audit.score >= 0.9) continue;
        if (audit.score === null && audit.scoreDisplayMode !== "error") continue;
        failing.push({ category, id: audit.id, title: audit.title, score: audit.score, displayValue: audit.displayValue });
      }
    }
    const num = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
    return {
      scores,
      lcp: num("largest-contentful-paint"),
      tbt: num("total-blocking-time"),
      cls: num("cumulative-layout-shift"),
      failing,
      version: lhr.lighthouseVersion,
    };
  } finally {
    chrome.kill();
  }
}

/** Runs Lighthouse `runs` times on each page, one page after the other. */
export async function runLighthouse(
  pages: LighthousePage[],
  options: { runs?: number; chromePath?: string; target?: number; log?: (line: string) => void } = {},
): Promise<{ version: string; results: LighthouseResult[] }> {
  const runs = options.runs ?? 3;
  const chromePath = options.chromePath ?? "/usr/bin/chromium";
  const target = options.target ?? 95;
  const log = options.log ?? ((line: string) => console.error(line));
  const keepDir = process.env.LH_JSON;
  if (keepDir) mkdirSync(keepDir, { recursive: true });
  let version = "";
  const results: LighthouseResult[] = [];
  for (const page of pages) {
    const samples: OneRun[] = [];
    for (let i = 0; i < runs; i++) {
      const run = await once(page.url, chromePath, keepDir && join(keepDir, `${page.name}-${i + 1}.json`));
      version = run.version;
      samples.push(run);
      log(`lighthouse ${page.name} #${i + 1}: ${LIGHTHOUSE_CATEGORIES.map((c) => `${c} ${run.scores[c]}`).join(", ")}`);
    }
    const scores = {} as Record<Category, number>;
    for (const category of LIGHTHOUSE_CATEGORIES) scores[category] = median(samples.map((s) => s.scores[category]));
    const failing = new Map<string, FailingAudit>();
    for (const sample of samples)
      for (const audit of sample.failing)
        if (scores[audit.category] < target && !failing.has(`${audit.category}/${audit.id}`)) failing.set(`${audit.category}/${audit.id}`, audit);
    results.push({
      name: page.name,
      path: new URL(page.url).pathname,
      runs,
      scores,
      lcp: median(samples.map((s) => s.lcp)),
      tbt: median(samples.map((s) => s.tbt)),
      cls: median(samples.map((s) => s.cls)),
      failing: [...failing.values()],
    });
  }
  return { version, results };
}
