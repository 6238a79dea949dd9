/**
 * Cold start benchmark: `npx tsx bench/coldstart.ts` (options: `--runs N`, default 25; `--no-write`; `--keep`).
 *
 * Lambda runs what `sst deploy` builds, so that is what is measured: the app is synthesized offline, SST bundles
 * every function with the app's default function props (sst.config.ts, stacks/bundling.ts), and each function's
 * bundle is taken from SST's artifacts (tests/support/function-bundles.ts). Each sample is a fresh `node` process:
 * the import of the bundle (module init: wall and CPU time), then one first invocation of its handler with a
 * typical event against embedded dynalite + s3rver seeded with the sample catalogue, and its resident memory.
 * The samples of every function, of the comparisons below and of an empty module are interleaved, so machine noise
 * spreads over all of them alike; figures are medians.
 *
 * Comparisons, built here with SST's own esbuild and SST's options (mirrored in `sstBuild`, checked against the
 * shipped bundles' sizes), measured in the same rounds:
 *  - SST's defaults: the same entries without stacks/bundling.ts — what that file buys;
 *  - the Lambda runtime's SDK: `@aws-sdk/*` left out of the bundle and loaded from node_modules, as the runtime's
 *    own copy would be (CommonJS, one file per package) — why the SDK is bundled;
 *  - the pieces every function is made of, each bundled alone the shipped way: where the rest of the time goes.
 * Targets (issue "Deploy-grade infrastructure"): ≤ 300 KB and ≤ +40 ms of init per function.
 * Writes "## Cold start" in BENCHMARKS.md.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type * as Esbuild from "esbuild";
import { createApiKey } from "../functions/core/agency/keys";
import { seedIfEmpty } from "../functions/local/seed";
import { ROOT } from "../functions/local/portal";
import { ESBUILD_OVERRIDES } from "../stacks/bundling";
import {
  FUNCTION_NAMES,
  httpAnswer,
  httpEvent,
  lambdaEnvironment,
  runBundle,
  shippedBundles,
  type BundleRun,
  type FunctionName,
} from "../tests/support/function-bundles";
import { startLocalStores } from "../tests/support/local-stores";
import { machineLine, median, percentile, run, today, writeSection } from "./report";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = option("runs", 25);
const KEEP = args.includes("--keep");
const WRITE = !args.includes("--no-write");

const SIZE_TARGET = 300 * 1024;
const INIT_TARGET_MS = 40;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const plus = (value: number) => `${value >= 0 ? "+" : ""}${value.toFixed(1)} ms`;

/** The esbuild SST itself runs (its own dependency, not the project's). */
const esbuild = createRequire(join(ROOT, "node_modules", "sst", "package.json"))("esbuild") as typeof Esbuild;

/**
 * One function built as SST v2 builds it (sst/runtime/handlers/node.js, ESM branch): its options, then
 * `nodejs.esbuild` spread over them. `overrides` is stacks/bundling.ts's, or nothing for SST's defaults.
 */
async function sstBuild(entry: string, outfile: string, overrides: Partial<Esbuild.BuildOptions>, external: string[] = []) {
  await esbuild.build({
    entryPoints: [entry],
    platform: "node",
    external: ["sharp", "pg-native", ...external],
    keepNames: true,
    bundle: true,
    logLevel: "silent",
    format: "esm",
    target: "esnext",
    mainFields: ["module", "main"],
    banner: {
      js: [
        "import { createRequire as topLevelCreateRequire } from 'module';",
        "const require = topLevelCreateRequire(import.meta.url);",
        'import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"',
        'const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))',
        "",
      ].join("\n"),
    },
    outfile,
    sourcemap: true,
    minify: true,
    ...overrides,
  });
}

interface Subject {
  label: string;
  file: string;
  bytes: number;
  gzip: number;
  event?: unknown;
  runs: BundleRun[];
}
const subject = (label: string, file: string, event?: unknown): Subject => {
  const bytes = readFileSync(file);
  return { label, file, bytes: bytes.length, gzip: gzipSync(bytes).length, event, runs: [] };
};

/** The pieces, each bundled alone the shipped way. */
const PIECES: Record<string, string> = {
  "DynamoDB document client": 'import { DynamoDBClient } from "@aws-sdk/client-dynamodb"; import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb"; export const c = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
  "S3 client + presigner": 'import { S3Client } from "@aws-sdk/client-s3"; export { getSignedUrl } from "@aws-sdk/s3-request-presigner"; export const c = new S3Client({});',
  "SSM client (GetParameters)": 'import { GetParametersCommand, SSMClient } from "@aws-sdk/client-ssm"; export const c = new SSMClient({}); export { GetParametersCommand };',
  "zod (classic, English messages only), one schema": 'import { z } from "zod"; export const s = z.object({ a: z.string() });',
  "@hono/zod-openapi, an app with one schema": 'import { OpenAPIHono, z } from "@hono/zod-openapi"; export const app = new OpenAPIHono(); export const s = z.object({ a: z.string() });',
  "functions/http/dossiers-app.ts (routes + domain, no SDK client)": 'export * from "./functions/http/dossiers-app";',
};

async function main() {
  const loadAtStart = loadavg()[0] ?? 0;
  const dir = mkdtempSync(join(tmpdir(), "dvc-bench-coldstart-"));
  const stores = await startLocalStores();
  try {
    // --- the shipped bundles, and what their first invocations need ------------------------------------------
    console.error("synthesizing the app (SST builds every function)…");
    const shipped = await shippedBundles("test");
    await seedIfEmpty(stores.adapters);
    const { apiKey } = await createApiKey(stores.adapters.keys, async () => true, { agencyCode: "000.00.31.H99", now: new Date() });
    // The secrets as plain variables: this measures the bundles, not a round trip to SSM.
    const env = lambdaEnvironment(stores.env, {
      TOKEN_SECRET: "bench-token-secret-0123456789abcdef0123",
      VNPAY_TMN_CODE: "DVCBENCH",
      VNPAY_HASH_SECRET: "bench-vnpay-hash-secret",
      VNPAY_PAY_URL: "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
    });
    const events: Record<FunctionName, { what: string; event: unknown; ok: (answer: unknown) => boolean }> = {
      catalogue: { what: "GET /v1/procedures?q=dang ky khai sinh", event: httpEvent("GET", "/v1/procedures?q=dang%20ky%20khai%20sinh"), ok: (a) => httpAnswer(a).statusCode === 200 },
      dossiers: {
        what: "POST /v1/dossiers (a new dossier)",
        event: httpEvent("POST", "/v1/dossiers", {
          body: { procedureCode: "1.001193", applicant: { fullName: "Nguyễn Văn An", idNumber: "001090012345", phone: "0912345678" }, delivery: "online" },
        }),
        ok: (a) => httpAnswer(a).statusCode === 201,
      },
      agency: { what: "GET /v1/agency/dossiers (the inbox)", event: httpEvent("GET", "/v1/agency/dossiers", { agencyCode: "000.00.31.H99" }), ok: (a) => httpAnswer(a).statusCode === 200 },
      authorizer: { what: "a valid API key", event: { headers: { authorization: `Bearer ${apiKey}` } }, ok: (a) => (a as { isAuthorized?: boolean }).isAuthorized === true },
      stats: { what: "GET /v1/stats/summary (a month)", event: httpEvent("GET", "/v1/stats/summary?from=2026-11-01&to=2026-11-30"), ok: (a) => httpAnswer(a).statusCode === 200 },
      payments: { what: "GET /v1/payments/vnpay/ipn (forged: refused)", event: httpEvent("GET", "/v1/payments/vnpay/ipn?vnp_TxnRef=X&vnp_SecureHash=00"), ok: (a) => httpAnswer(a).json?.RspCode === "97" },
      docs: { what: "GET /v1/openapi.json (the document, built on first use)", event: httpEvent("GET", "/v1/openapi.json"), ok: (a) => httpAnswer(a).json?.openapi === "3.1.0" },
      "stats-job": { what: "one day's statistics", event: { date: "2026-11-30" }, ok: (a) => (a as { date?: string }).date === "2026-11-30" },
      events: { what: "an empty stream batch", event: { Records: [] }, ok: (a) => Array.isArray((a as { batchItemFailures?: unknown[] }).batchItemFailures) },
      "malware-verdicts": {
        what: "a scan result that is not THREATS_FOUND (ignored)",
        event: { source: "aws.guardduty", "detail-type": "GuardDuty Malware Protection Object Scan Result", detail: {} },
        ok: (a) => (a as { outcome?: string }).outcome === "ignored",
      },
    };
    const functions = FUNCTION_NAMES.map((name) => subject(name, shipped[name], events[name].event));

    // --- the comparisons, built with SST's esbuild and options ---------------------------------------------
    console.error("building the comparisons…");
    const defaults: Subject[] = [];
    const runtimeSdk: Subject[] = [];
    const mirror: Subject[] = [];
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir"); // for the runtime-SDK builds only
    for (const name of FUNCTION_NAMES) {
      const entry = join(ROOT, "functions", `${name}.ts`);
      await sstBuild(entry, join(dir, "mirror", `${name}.mjs`), ESBUILD_OVERRIDES as Partial<Esbuild.BuildOptions>);
      await sstBuild(entry, join(dir, "defaults", `${name}.mjs`), {});
      await sstBuild(entry, join(dir, "runtime-sdk", `${name}.mjs`), ESBUILD_OVERRIDES as Partial<Esbuild.BuildOptions>, ["@aws-sdk/*"]);
      mirror.push(subject(name, join(dir, "mirror", `${name}.mjs`)));
      defaults.push(subject(name, join(dir, "defaults", `${name}.mjs`)));
      runtimeSdk.push(subject(name, join(dir, "runtime-sdk", `${name}.mjs`)));
    }
    // The mirror is trusted only if it builds what SST built (a source-map comment's bytes apart).
    for (const [i, m] of mirror.entries()) {
      if (Math.abs(m.bytes - functions[i]!.bytes) > 512) {
        throw new Error(`bench's copy of SST's build options is off: ${m.label} ${m.bytes} B here, ${functions[i]!.bytes} B shipped`);
      }
    }
    const pieces: Subject[] = [];
    for (const [i, [label, code]] of Object.entries(PIECES).entries()) {
      const entry = join(dir, `piece${i}.ts`);
      writeFileSync(entry, code.replaceAll('"./functions/', `"${ROOT}/functions/`));
      await sstBuild(entry, join(dir, "pieces", `piece${i}.mjs`), { ...(ESBUILD_OVERRIDES as Partial<Esbuild.BuildOptions>), absWorkingDir: ROOT });
      pieces.push(subject(label, join(dir, "pieces", `piece${i}.mjs`)));
    }
    const emptyFile = join(dir, "empty.mjs");
    writeFileSync(emptyFile, "export {};\n");
    const empty = subject("empty module", emptyFile);

    // --- measure ------------------------------------------------------------------------------------------
    const everything = [empty, ...functions, ...defaults, ...runtimeSdk, ...pieces];
    for (const s of everything) await runBundle(s.file, env); // warm the page cache once
    for (let round = 0; round < RUNS; round++) {
      for (const s of everything) {
        const r = await runBundle(s.file, env, s.event);
        if (s.event !== undefined && !events[s.label as FunctionName].ok(r.answer)) {
          throw new Error(`${s.label}: unexpected first answer ${JSON.stringify(r.answer).slice(0, 400)}`);
        }
        s.runs.push(r);
      }
      if ((round + 1) % 5 === 0) console.error(`${round + 1} / ${RUNS} rounds`);
    }

    const med = (s: Subject, pick: (r: BundleRun) => number | undefined) => median(s.runs.map(pick).filter((v): v is number => v !== undefined));
    const base = med(empty, (r) => r.initMs);
    const baseCpu = med(empty, (r) => r.initCpuMs);
    const baseRss = med(empty, (r) => r.rssAfterInitMb);
    const initOf = (s: Subject) => med(s, (r) => r.initMs) - base;
    const meets = (s: Subject) => ({ size: s.bytes <= SIZE_TARGET, init: initOf(s) <= INIT_TARGET_MS });

    const shippedRows = functions.map((s) => {
      const sorted = s.runs.map((r) => r.initMs).sort((a, b) => a - b);
      const init = median(sorted);
      const ok = meets(s);
      return `| ${s.label} | ${kb(s.bytes)} | ${kb(s.gzip)} | ${ms(init)} (${percentile(sorted, 25).toFixed(1)}–${percentile(sorted, 75).toFixed(1)}) | ${plus(init - base)} | ${(init / base).toFixed(0)}× | ${plus(med(s, (r) => r.initCpuMs) - baseCpu)} | ${ms(med(s, (r) => r.firstInvokeMs))} | ${med(s, (r) => r.rssAfterInvokeMb).toFixed(0)} MB | ${ok.size ? "yes" : "**no**"} | ${ok.init ? "yes" : "**no**"} |`;
    });
    const compareRows = FUNCTION_NAMES.map((name, i) => {
      const cell = (s: Subject) => `${kb(s.bytes)}, ${plus(initOf(s))}`;
      return `| ${name} | ${cell(defaults[i]!)} | ${cell(functions[i]!)} | ${cell(runtimeSdk[i]!)} |`;
    });
    const pieceRows = pieces.map((p) => `| ${p.label} | ${kb(p.bytes)} | ${plus(initOf(p))} | ${plus(med(p, (r) => r.initCpuMs) - baseCpu)} |`);
    const met = functions.filter((s) => meets(s).size && meets(s).init).map((s) => s.label);
    const missed = functions.filter((s) => !(meets(s).size && meets(s).init));
    const share = (from: Subject[], to: Subject[]) => median(from.map((s, i) => initOf(to[i]!) / initOf(s)));
    const sizeShare = (from: Subject[], to: Subject[]) => median(from.map((s, i) => to[i]!.bytes / s.bytes));
    const piece = (label: string) => pieces.find((p) => p.label.startsWith(label))!;

    console.error(functions.map((s) => `${s.label}: ${kb(s.bytes)}, init ${plus(initOf(s))}, first call ${ms(med(s, (r) => r.firstInvokeMs))}`).join("\n"));

    const section = `## Cold start

The bundles \`sst deploy\` ships: the app synthesized offline, SST building every function with the app's default
function props (sst.config.ts: nodejs22.x, ESM, minified, and stacks/bundling.ts: zod's English messages only,
credentials from the environment, no keepNames; the AWS SDK bundled), each bundle taken from SST's artifacts.
Each sample is a fresh \`node\` process with the function's environment: the \`import()\` of the bundle (module
init), then one first invocation of its handler against embedded dynalite + s3rver seeded with the sample
catalogue (the event is listed below), and the process's resident memory after it. ${RUNS} samples per
subject, every subject and an empty module interleaved in each round; medians (p25–p75).

- Command: \`npx tsx bench/coldstart.ts\` (options: \`--runs ${RUNS}\`)
- Date: ${today()}
- Machine: ${machineLine(loadAtStart)} (Lambda runs Node 22 on arm64, with a share of a vCPU that grows with the
  memory setting: absolute times there differ; the difference to the empty module is the figure to compare)
- Empty module: ${ms(base)} import (${baseCpu.toFixed(1)} ms CPU), ${baseRss.toFixed(0)} MB resident.

| function | bundle | gzip (≈ the deployment zip) | init, wall | vs empty module | ratio | CPU vs empty | first invocation | memory after it | ≤ 300 KB | ≤ +40 ms |
|---|---|---|---|---|---|---|---|---|---|---|
${shippedRows.join("\n")}

${met.length ? `Both targets met: ${met.join(", ")}.` : "No function meets both targets."} ${missed.length ? `Missed: ${missed.map((s) => `${s.label} (${kb(s.bytes)}, ${plus(initOf(s))})`).join(", ")}.` : ""}

First invocations: ${FUNCTION_NAMES.map((name) => `${name} — ${events[name].what}`).join("; ")}. They include the
first connection to the store (loopback here; TLS to DynamoDB in the region on AWS) and the lazy compilation of the
code paths they run.

**What stacks/bundling.ts buys, and why the SDK is bundled** (bundle, init vs the empty module; built with SST's
own esbuild ${esbuild.version} and SST's options, the shipped column from SST's artifacts):

| function | SST's defaults (no stacks/bundling.ts) | as shipped | the Lambda runtime's SDK (\`@aws-sdk/*\` not bundled) |
|---|---|---|---|
${compareRows.join("\n")}

stacks/bundling.ts: bundles ${(100 * (1 - sizeShare(defaults, functions))).toFixed(0)} % smaller, init ${(100 * (1 - share(defaults, functions))).toFixed(0)} % shorter (medians over the functions).
Leaving the SDK to the runtime shrinks the bundles but makes init ${share(functions, runtimeSdk).toFixed(1)}× as long: Node then loads the
SDK's CommonJS build package by package from node_modules, as it would from the runtime's copy.

**The pieces** (each bundled alone the shipped way, measured in the same rounds):

| piece | bundle | init vs empty | CPU vs empty |
|---|---|---|---|
${pieceRows.join("\n")}

Where the rest goes: an HTTP function is at least a DynamoDB client (${kb(piece("DynamoDB").bytes)}, ${plus(initOf(piece("DynamoDB")))}) and
zod with @hono/zod-openapi (${kb(piece("@hono").bytes)}, ${plus(initOf(piece("@hono")))}), the citizen and agency functions an S3
client too (${kb(piece("S3").bytes)}, ${plus(initOf(piece("S3")))}): with the stack the project is built on (AWS SDK v3, zod, Hono's OpenAPI
routes) each of those alone is near or over one of the targets, whatever the bundler does. Init time follows the
bytes V8 has to parse and the schemas built at load; what remains to cut is code, not configuration. For the
cold starts that remain, \`PROVISIONED_CONCURRENCY\` keeps instances of the catalogue and dossiers functions
initialised (docs/operating.md, "Cold starts").

Memory: the resident set after the first invocation is the floor a function needs (Lambda's "Max Memory Used"
adds the runtime's own share). The API functions are set to 512 MB for the CPU share that comes with it, not for
the memory; the setting is to be tuned on a deployed stage (docs/operating.md, "Sizing the functions").
`;
    console.log(section);
    if (WRITE) writeSection("Cold start", section);
  } finally {
    await stores.close();
    if (KEEP) console.error(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

run(main);
