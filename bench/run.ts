/**
 * `npm run bench [-- name …]`: runs the benchmarks one after another, each writing its own section of BENCHMARKS.md.
 * Names: search, submit, stats, coldstart, officer, web, forms, notify, soak (default: all but soak, which takes 5 minutes; `-- all` runs it too).
 */
import { spawnSync } from "node:child_process";

const BENCHES: Record<string, string> = {
  search: "bench/search.ts",
  submit: "bench/submit.ts",
  stats: "bench/stats.ts",
  coldstart: "bench/coldstart.ts",
  officer: "bench/officer.ts",
  web: "bench/web/run.ts",
  forms: "bench/forms.ts",
  soak: "bench/soak/run.ts",
  notify: "bench/notify.ts",
};

const asked = process.argv.slice(2);
const names = asked.includes("all") ? Object.keys(BENCHES) : asked.length ? asked : Object.keys(BENCHES).filter((n) => n !== "soak");
const unknown = names.filter((n) => !BENCHES[n]);
if (unknown.length) {
  console.error(`unknown bench(es): ${unknown.join(", ")}; choose from ${Object.keys(BENCHES).join(", ")} or all`);
  process.exit(2);
}
for (const [i, name] of names.entries()) {
  console.log(`\n=== [${i + 1}/${names.length}] ${name}: npx tsx ${BENCHES[name]}`);
  const run = spawnSync("npx", ["tsx", BENCHES[name]!], { stdio: "inherit" });
  if (run.status !== 0) {
    console.error(`${name} failed (exit ${run.status})`);
    process.exit(run.status ?? 1);
  }
}
