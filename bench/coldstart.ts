/**
 * Cold start benchmark: `npx tsx bench/coldstart.ts`
 *
 * Builds every Lambda entry the way SST v2 builds it for this app (esbuild: bundle, platform node, ESM, target
 * node22, minify, mainFields module/main, SST's createRequire banner; nothing external, so the AWS SDK v3 is in the
 * bundle) into a temp folder as .mjs, reports each bundle's size (raw, gzipped), then measures module-init time:
 * a fresh `node` process per sample imports the bundle and prints how long the import took, with the variables the
 * entry needs and fake AWS credentials (nothing reaches the network). Compared with an empty module measured the
 * same way. Targets: ≤ 300 KB per bundle, ≤ +40 ms init per function. For a function over a target, the metafile's
 * largest inputs and packages are listed.
 * Writes "## Cold start" in BENCHMARKS.md.
 *
 * Options: --runs N per function (default 25), --keep (keep the temp folder), --no-write.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Metafile, type Plugin } from "esbuild";
import { ROOT } from "../functions/local/portal";
import { machineLine, median, percentile, run, today, writeSection } from "./report";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = option("runs", 25);
const KEEP = args.includes("--keep");
const WRITE = !args.includes("--no-write");

const ENTRIES = ["catalogue", "dossiers", "agency", "authorizer", "stats", "stats-job"];
const SIZE_TARGET = 300 * 1024;
const INIT_TARGET_MS = 40;
/** SST v2's ESM banner: lets bundled CommonJS code call require(). */
const BANNER = "import { createRequire as topLevelCreateRequire } from 'module'; const require = topLevelCreateRequire(import.meta.url);";

/** What the stacks set, plus fake credentials: the SDK clients are built at init but send nothing. */
const LAMBDA_ENV = {
  PATH: process.env.PATH,
  TABLE_NAME: "dichvucong-bench",
  BUCKET_NAME: "dichvucong-bench-attachments",
  TOKEN_SECRET: "bench-secret-bench-secret-bench-secret",
  WEB_ORIGIN: "https://dichvucong.example.vn",
  STAGE: "bench",
  AWS_REGION: "ap-southeast-1",
  AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKEFAKE",
  AWS_SECRET_ACCESS_KEY: "fake/fake/fake/fake/fake/fake/fake/fake0",
  AWS_EC2_METADATA_DISABLED: "true",
  NODE_OPTIONS: "",
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The package an input belongs to ("date-holidays", "@aws-sdk/client-s3"), or "app" for our own code. */
function packageOf(input: string): string {
  const i = input.lastIndexOf("node_modules/");
  if (i < 0) return input.startsWith("functions/") ? "app (functions/)" : input;
  const rest = input.slice(i + "node_modules/".length).split("/");
  return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
}

function topInputs(metafile: Metafile, output: string, n = 5) {
  const inputs = Object.entries(metafile.outputs[output]!.inputs).map(([path, v]) => ({ path, bytes: v.bytesInOutput }));
  const byPackage = new Map<string, number>();
  for (const { path, bytes } of inputs) byPackage.set(packageOf(path), (byPackage.get(packageOf(path)) ?? 0) + bytes);
  return {
    inputs: inputs.sort((a, b) => b.bytes - a.bytes).slice(0, n),
    packages: [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, n),
  };
}

/** One fresh process: import the module, print the import's wall and CPU time (CPU is steadier on a busy machine). */
function sample(runner: string, moduleUrl: string): { importMs: number; cpuMs: number; processMs: number } {
  const t = performance.now();
  const out = spawnSync(process.execPath, [runner, moduleUrl], { env: LAMBDA_ENV, encoding: "utf8" });
  const processMs = performance.now() - t;
  if (out.status !== 0) throw new Error(`import of ${moduleUrl} failed: ${out.stderr}`);
  const { wall, cpu } = JSON.parse(out.stdout.trim().split("\n").at(-1)!) as { wall: number; cpu: number };
  return { importMs: wall, cpuMs: cpu, processMs };
}

// ---------------------------------------------------------------------------------------------- what-if variants
// Not the app's build: estimates of proposed fixes, made by swapping modules at bundle time (nothing in the app
// changes). A stub is only safe because the entries never call it at init (see the section's notes).

/** date-holidays replaced by an empty class: what a precomputed table of the lunar dates would leave. */
const noDateHolidays: Plugin = {
  name: "stub-date-holidays",
  setup(b) {
    b.onResolve({ filter: /^date-holidays$/ }, () => ({ path: "date-holidays", namespace: "stub" }));
    b.onLoad({ filter: /^date-holidays$/, namespace: "stub" }, () => ({
      contents: "export default class Holidays { constructor() { throw new Error('stubbed in the benchmark'); } }",
      loader: "js",
    }));
  },
};
/** zod's `locales` namespace (every language, re-exported by `import { z } from "zod"`) cut to English. */
const zodEnglishOnly: Plugin = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /locales\/index\.js$/ }, (a) => {
      if (!/node_modules\/zod\//.test(a.importer)) return undefined;
      const english = join(a.resolveDir, a.path.replace(/index\.js$/, "en.js"));
      return { path: `${english}?english-only`, namespace: "zod-locales", pluginData: english };
    });
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, (a) => ({
      contents: `export { default as en } from ${JSON.stringify(a.pluginData)};`,
      loader: "js",
      resolveDir: dirname(a.pluginData as string),
    }));
  },
};

interface Variant {
  key: string;
  label: string;
  plugins: Plugin[];
  external: string[];
  /** false: the bundle imports packages it does not hold, so it cannot be timed from a temp folder. */
  timed: boolean;
}
const VARIANTS: Variant[] = [
  { key: "built", label: "as built", plugins: [], external: [], timed: true },
  { key: "a", label: "A: lunar dates precomputed (no date-holidays at run time)", plugins: [noDateHolidays], external: [], timed: true },
  { key: "b", label: "B: A + zod locales cut to English", plugins: [noDateHolidays, zodEnglishOnly], external: [], timed: true },
  {
    key: "c",
    label: "C: B + the Lambda runtime's AWS SDK v3 (@aws-sdk/* external)",
    plugins: [noDateHolidays, zodEnglishOnly],
    external: ["@aws-sdk/*"],
    timed: false,
  },
];

async function buildVariant(variant: Variant, dir: string) {
  const out = join(dir, variant.key);
  const result = await build({
    entryPoints: Object.fromEntries(ENTRIES.map((name) => [name, join(ROOT, "functions", `${name}.ts`)])),
    absWorkingDir: ROOT,
    outdir: out,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    minify: true,
    mainFields: ["module", "main"],
    banner: { js: BANNER },
    external: variant.external,
    plugins: variant.plugins,
    metafile: true,
    logLevel: "silent",
  });
  const metafile = result.metafile!;
  const bundles = ENTRIES.map((name) => {
    const file = join(out, `${name}.mjs`);
    const bytes = readFileSync(file);
    const output = Object.keys(metafile.outputs).find((o) => o.endsWith(`/${name}.mjs`))!;
    return { name, file, url: pathToFileURL(file).href, raw: bytes.length, gzip: gzipSync(bytes).length, output, samples: [] as number[], cpu: [] as number[], process: [] as number[] };
  });
  return { variant, metafile, bundles };
}

/** The pieces every entry is made of, bundled alone the same way: what each costs at init by itself. */
const PARTS: Record<string, string> = {
  "zod (v4 classic, one schema)": 'import { z } from "zod"; export const s = z.object({ a: z.string() });',
  "@hono/zod-openapi (an app, one schema)":
    'import { OpenAPIHono, z } from "@hono/zod-openapi"; export const app = new OpenAPIHono(); export const s = z.object({ a: z.string() });',
  "DynamoDB document client (built)":
    'import { DynamoDBClient } from "@aws-sdk/client-dynamodb"; import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb"; export const c = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
  "S3 client (built) + presigner":
    'import { S3Client } from "@aws-sdk/client-s3"; export { getSignedUrl } from "@aws-sdk/s3-request-presigner"; export const c = new S3Client({});',
  "functions/core/calendar (date-holidays, moment-timezone…)": 'export * from "./functions/core/calendar";',
  "functions/http/catalogue-app.ts (no SDK client)": 'export * from "./functions/http/catalogue-app";',
};

async function buildParts(dir: string) {
  const out = join(dir, "parts");
  const names = Object.keys(PARTS);
  const virtual: Plugin = {
    name: "parts",
    setup(b) {
      b.onResolve({ filter: /^part:/ }, (a) => ({ path: a.path, namespace: "part" }));
      b.onLoad({ filter: /.*/, namespace: "part" }, (a) => ({ contents: PARTS[names[Number(a.path.slice(5))]!]!, loader: "ts", resolveDir: ROOT }));
    },
  };
  await build({
    entryPoints: Object.fromEntries(names.map((_, i) => [`part${i}`, `part:${i}`])),
    absWorkingDir: ROOT,
    outdir: out,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    minify: true,
    mainFields: ["module", "main"],
    banner: { js: BANNER },
    plugins: [virtual],
    logLevel: "silent",
  });
  return names.map((name, i) => {
    const file = join(out, `part${i}.mjs`);
    const bytes = readFileSync(file);
    return { name, file, url: pathToFileURL(file).href, raw: bytes.length, gzip: gzipSync(bytes).length, samples: [] as number[], cpu: [] as number[], process: [] as number[] };
  });
}

async function main() {
  const loadAtStart = loadavg()[0] ?? 0;
  const dir = mkdtempSync(join(tmpdir(), "dvc-bench-coldstart-"));
  try {
    // --- build ---------------------------------------------------------------------------------------------
    const builds: Awaited<ReturnType<typeof buildVariant>>[] = [];
    for (const variant of VARIANTS) builds.push(await buildVariant(variant, dir));
    const { metafile, bundles } = builds[0]!;
    const runner = join(dir, "runner.mjs");
    writeFileSync(
      runner,
      "const c = process.cpuUsage(); const t = performance.now(); await import(process.argv[2]); const wall = performance.now() - t; const u = process.cpuUsage(c); console.log(JSON.stringify({ wall, cpu: (u.user + u.system) / 1000 }));\n",
    );
    const empty = join(dir, "empty.mjs");
    writeFileSync(empty, "export {};\n");


    // --- measure: interleaved, so machine noise spreads over every function alike ----------------------------
    const baseline = { samples: [] as number[], cpu: [] as number[], process: [] as number[] };
    const parts = await buildParts(dir);
    const timedBundles = [...builds.filter((x) => x.variant.timed).flatMap((x) => x.bundles), ...parts];
    for (const b of timedBundles) sample(runner, b.url); // fill the page cache once
    sample(runner, pathToFileURL(empty).href);
    for (let i = 0; i < RUNS; i++) {
      const e = sample(runner, pathToFileURL(empty).href);
      baseline.samples.push(e.importMs);
      baseline.cpu.push(e.cpuMs);
      baseline.process.push(e.processMs);
      for (const b of timedBundles) {
        const s = sample(runner, b.url);
        b.samples.push(s.importMs);
        b.cpu.push(s.cpuMs);
        b.process.push(s.processMs);
      }
      if ((i + 1) % 5 === 0) console.error(`${i + 1} / ${RUNS} rounds`);
    }
    const base = median(baseline.samples);
    const baseProcess = median(baseline.process);
    const baseCpu = median(baseline.cpu);

    const rows = bundles.map((b) => {
      const init = median(b.samples);
      const sorted = [...b.samples].sort((x, y) => x - y);
      const delta = init - base;
      const sizeOk = b.raw <= SIZE_TARGET;
      const initOk = delta <= INIT_TARGET_MS;
      return { ...b, init, p25: percentile(sorted, 25), p75: percentile(sorted, 75), delta, ratio: init / base, cpuDelta: median(b.cpu) - baseCpu, proc: median(b.process) - baseProcess, sizeOk, initOk };
    });

    const table = rows
      .map(
        (r) =>
          `| ${r.name} | ${kb(r.raw)} | ${kb(r.gzip)} | ${r.init.toFixed(1)} ms (${r.p25.toFixed(1)}–${r.p75.toFixed(1)}) | +${r.delta.toFixed(1)} ms | ${r.ratio.toFixed(0)}× | +${r.cpuDelta.toFixed(0)} ms | +${r.proc.toFixed(0)} ms | ${r.sizeOk ? "yes" : "**no**"} | ${r.initOk ? "yes" : "**no**"} |`,
      )
      .join("\n");

    const missed = rows.filter((r) => !r.sizeOk || !r.initOk);
    const details = rows
      .map((r) => {
        const top = topInputs(metafile, r.output);
        return `- **${r.name}**${!r.sizeOk || !r.initOk ? " (misses a target)" : ""}: packages ${top.packages
          .map(([p, bytes]) => `${p} ${kb(bytes)}`)
          .join(", ")}; inputs ${top.inputs.map((x) => `\`${x.path.replace(/^node_modules\//, "")}\` ${kb(x.bytes)}`).join(", ")}`;
      })
      .join("\n");

    const whatIf = ENTRIES.map((name) => {
      const cells = builds.map(({ variant, bundles: bs }) => {
        const b = bs.find((x) => x.name === name)!;
        const init = variant.timed ? `, +${(median(b.samples) - base).toFixed(0)} ms (CPU +${(median(b.cpu) - baseCpu).toFixed(0)})` : "";
        return `${kb(b.raw)} (${kb(b.gzip)} gz)${init}`;
      });
      return `| ${name} | ${cells.join(" | ")} |`;
    });

    // Proposals, each only when the bundles show the cause.
    const holds = (pattern: RegExp) =>
      ENTRIES.filter((name) => {
        const output = bundles.find((b) => b.name === name)!.output;
        return Object.keys(metafile.outputs[output]!.inputs).some((input) => pattern.test(input));
      });
    const proposals: string[] = [];
    const withHolidays = holds(/node_modules\/date-holidays\//);
    if (withHolidays.length) {
      proposals.push(
        `**Lunar dates as data, not a library** (${withHolidays.join(", ")}): functions/core/calendar/holidays.ts imports \`date-holidays\` at the top ` +
          "for three lunar dates a year (Giao thừa, Tết, Giỗ Tổ Hùng Vương), used only for years without a data file; that one import " +
          "brings every country's rules (`date-holidays/src/data.js`), `moment-timezone` with every zone (`data/packed/latest.json`) " +
          "and `astronomia`'s planetary tables, all evaluated at init. Generate a small table of those dates for the supported years " +
          "(a script using date-holidays, run by hand, its output committed as JSON next to holidays/20xx.json, with a unit test that " +
          "compares the table with date-holidays) and make date-holidays a devDependency. Column A estimates it.",
      );
    }
    const withLocales = holds(/node_modules\/zod\/v4\/locales\/(?!en\.js)/);
    if (withLocales.length) {
      proposals.push(
        `**zod without its 40 locales** (${withLocales.join(", ")}): \`import { z } from "zod"\` re-exports \`z.locales\`, so esbuild keeps every ` +
          "language's messages (~250 KB minified) although the API translates its own messages (functions/core/messages.ts). An " +
          "esbuild plugin in sst.config.ts (`nodejs.esbuild.plugins`) that resolves zod's `locales/index.js` to English only, as this " +
          "benchmark's column B does, removes them without touching the code. Size more than init: zod's init is its core.",
      );
    }
    const withSsm = holds(/node_modules\/@aws-sdk\/client-ssm\//);
    if (withSsm.length) {
      proposals.push(
        `**No SSM client for one secret** (${withSsm.join(", ")}): \`withSecrets()\` (functions/config.ts) imports \`sst/node/config\`, which bundles ` +
          "`@aws-sdk/client-ssm` and its own copies of the STS/SSO clients. Read the one parameter with the AWS Parameters and Secrets " +
          "Lambda extension (an HTTP GET on localhost, no SDK) or with one signed `fetch` (the SigV4 signer is already in the bundle).",
      );
    }
    const variantC = builds.find((x) => x.variant.key === "c")!;
    const sizeC = (name: string) => variantC.bundles.find((b) => b.name === name)!.raw;
    const overC = ENTRIES.filter((name) => sizeC(name) > SIZE_TARGET);
    proposals.push(
      "**The AWS SDK from the Lambda runtime** (every function): `nodejs.esbuild.external: [\"@aws-sdk/*\"]` (or SST's `nodejs.install`) " +
        `takes the SDK out of each bundle (column C: ${overC.length ? `all but ${overC.join(" and ")} ≤ 300 KB` : "every bundle ≤ 300 KB"}, the authorizer ${kb(sizeC("authorizer"))}). ` +
        "The price: the SDK version is the runtime's, not the lockfile's, and init still loads it. " +
        "The init target looks out of reach with this stack whatever the bundle: the pieces table shows zod alone and a DynamoDB " +
        "client alone each cost more than 40 ms on this machine (and Lambda at 512 MB has less CPU), so either the target moves " +
        "(e.g. ≤ +40 ms for the authorizer only) or provisioned concurrency is budgeted for the dossier and agency functions.",
    );

    const partRows = parts
      .map((p) => `| ${p.name} | ${kb(p.raw)} | +${(median(p.samples) - base).toFixed(0)} ms | +${(median(p.cpu) - baseCpu).toFixed(0)} ms |`)
      .join("\n");

    console.error(rows.map((r) => `${r.name}: ${kb(r.raw)}, init ${r.init.toFixed(1)} ms (+${r.delta.toFixed(1)})`).join("\n"));

    const section = `## Cold start

Every Lambda entry built as SST v2 builds this app's functions (sst.config.ts: nodejs22.x, ESM, minify,
\`mainFields: ["module","main"]\`): esbuild bundle, platform node, format esm, target node22, minify, SST's
\`createRequire\` banner, **nothing external — the AWS SDK v3 is bundled** (SST v2 only does that for nodejs22.x when
configured so; the Lambda runtime's own SDK would otherwise be used). Module-init time: a fresh \`node\` process per
sample imports the bundle (\`const t = performance.now(); await import(url)\`) with TABLE_NAME, BUCKET_NAME,
TOKEN_SECRET, AWS_REGION and fake credentials set (nothing reaches the network); ${RUNS} samples per function, the
functions and an empty module interleaved; median (p25–p75).

- Command: \`npx tsx bench/coldstart.ts\` (options: \`--runs ${RUNS}\`)
- Date: ${today()}
- Machine: ${machineLine(loadAtStart)} (Lambda runs Node 22 on arm64 at 512 MB: a fraction of a vCPU, so
  absolute times there are higher; the difference to the empty module is the figure to compare)
- Empty module: ${base.toFixed(2)} ms import (${baseCpu.toFixed(1)} ms CPU); a whole \`node\` process for it: ${baseProcess.toFixed(0)} ms.
- CPU time (user + system of the process during the import, all threads) is given too: on this shared machine wall
  time includes waiting for a core, CPU time much less so.

| function | bundle | gzipped | init, wall (median, p25–p75) | vs empty module | ratio | CPU time vs empty | whole process vs empty | ≤ 300 KB | ≤ +40 ms (wall) |
|---|---|---|---|---|---|---|---|---|---|
${table}

${missed.length ? `Missing a target: ${missed.map((r) => r.name).join(", ")}.` : "Every function meets both targets."}

What each bundle holds (esbuild metafile, bytes in the output; the 5 largest packages, then the 5 largest inputs):

${details}

**What the proposed fixes would save** — estimates, not the app's build: the same build with modules swapped at
bundle time (nothing in the app changed). Bundle size (gzipped), and init vs the empty module measured as above: wall (CPU).

| function | ${builds.map((x) => x.variant.label).join(" | ")} |
|---|${builds.map(() => "---").join("|")}|
${whatIf.join("\n")}

(C's init is not measured: its bundles import the SDK from the runtime, which a temp folder does not have; the
runtime's SDK still has to be loaded at init, from unminified files, so C saves size and upload/extract time more
surely than init time.)

Proposed fixes (not implemented):

${proposals.map((p) => `- ${p}`).join("\n")}

What the pieces cost alone (each bundled by itself the same way, measured in the same interleaved rounds; init vs
the empty module):

| piece | bundle | init, wall | CPU |
|---|---|---|---|
${partRows}
`;
    console.log(section);
    if (WRITE) writeSection("Cold start", section);
  } finally {
    if (KEEP) console.error(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

run(main);
