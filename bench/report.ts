/**
 * Shared helpers of the benchmark scripts: percentiles, the machine line, and the BENCHMARKS.md section writer
 * (each script owns one "## <Title>" section and replaces only that one).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { ROOT } from "../functions/local/portal";

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
export const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
export const p95 = (values: number[]) => percentile([...values].sort((a, b) => a - b), 95);

/** "AMD EPYC …, 2 cores, Node v20…, linux/x64; load average 3.1 at start" */
export function machineLine(loadAtStart = loadavg()[0] ?? 0): string {
  const cpu = cpus();
  return `${cpu[0]?.model?.trim() ?? "unknown CPU"}, ${cpu.length} cores, Node ${process.version}, ${process.platform}/${process.arch}; load average ${loadAtStart.toFixed(2)} at start`;
}

export const today = () => new Date().toISOString().slice(0, 10);

/** The commit measured: HEAD, marked when the code the benches run (functions/, web/, bench/) has uncommitted changes. */
export function measuredCommit(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "functions", "web/src", "bench", "stacks"], { cwd: ROOT, encoding: "utf8" }).trim();
    return dirty ? `${head} with uncommitted changes` : head;
  } catch {
    return "unknown (not a git checkout)";
  }
}

/**
 * Replaces the "## <title>" section of BENCHMARKS.md (up to the next "## "), or appends it. The commit measured is
 * written under the section's "- Date:" line (or below its heading), so every figure says which code it is of.
 */
export function writeSection(title: string, body: string) {
  const commitLine = `- Commit: ${measuredCommit()}`;
  const withoutCommit = body.replace(/^- Commit: .*\n/m, "");
  const section = /^- Date: .*$/m.test(withoutCommit)
    ? withoutCommit.replace(/^(- Date: .*)$/m, `$1\n${commitLine}`)
    : withoutCommit.replace(/^(## .*\n)/, `$1\n${commitLine}\n`);
  const file = resolve(ROOT, "BENCHMARKS.md");
  const current = existsSync(file)
    ? readFileSync(file, "utf8")
    : "# Benchmarks\n\nMeasured on a developer machine with the scripts in bench/; each section says how to reproduce it.\n";
  const heading = new RegExp(`^## ${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`, "m");
  const start = current.search(heading);
  let next: string;
  if (start < 0) next = `${current.trimEnd()}\n\n${section}`;
  else {
    const after = current.slice(start + 1).search(/^## /m);
    const end = after < 0 ? current.length : start + 1 + after;
    next = `${current.slice(0, start)}${section.trimEnd()}\n${after < 0 ? "" : `\n${current.slice(end)}`}`;
  }
  writeFileSync(file, `${next.trimEnd()}\n`);
  console.error(`wrote the "## ${title}" section of ${file}`);
}

/** Runs an async main the way every bench does: exit 0 when done, print the error and exit 1 otherwise. */
export function run(main: () => Promise<void>) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
