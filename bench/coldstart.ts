/**
 * Cold start benchmark: `npx tsx bench/coldstart.ts` (options: `--runs N`, default 25; `--before <commit>`, the
 * same figures for the bundles of an earlier commit, measured in the same rounds; `--no-write`; `--keep`).
 *
 * Lambda runs what `sst deploy` builds, so that is what is measured: the app is synthesized offline, SST bundles
 * every function with the app's default function props (sst.config.ts, stacks/bundling.ts), and each function's
 * bundle — its entry and the chunks beside it — is taken from SST's artifacts (tests/support/function-bundles.ts).
 * Each sample is a fresh `node` process: the import of the entry (module init: wall and CPU time), then one first
 * invocation of its handler with a typical event against embedded dynalite + s3rver seeded with the sample
 * catalogue, and its resident memory. The samples of every function, of the comparisons below and of an empty
 * module are interleaved, so machine noise spreads over all of them alike; figures are medians.
 *
 * Target (issue #14, "Leaner cold starts"), per function: module init ≤ the init of the SDK clients it builds at
 * init, bundled alone the shipped way, + 15 ms. Which clients a function's init holds is read off the files Node
 * read during the import (one run with the runner's `--loads`), not assumed: the bench stops if they differ from
 * `INIT_CLIENTS`. `--before` builds the earlier commit's app in a scratch copy (its own synth, its own bundles) and
 * runs those bundles in the same rounds, so before and after share the machine, the day and the noise.
 *
 * Comparisons, built here with SST's own esbuild and SST's options (mirrored in `sstBuild`, checked against the
 * shipped bundles' sizes), measured in the same rounds:
 *  - SST's defaults: the same entries without stacks/bundling.ts — what that file buys;
 *  - the Lambda runtime's SDK: `@aws-sdk/*` left out of the bundle and loaded from node_modules, as the runtime's
 *    own copy would be (CommonJS, one file per package) — why the SDK is bundled;
 *  - the pieces every function is made of, each bundled alone the shipped way: the targets' baselines, and where
 *    the rest of the time goes.
 * Writes "## Cold start" in BENCHMARKS.md.
 */
import { execFileSync, execSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";
import type * as Esbuild from "esbuild";
import { createHash } from "node:crypto";
import { loadConfig } from "../functions/config";
import { createApiKey } from "../functions/core/agency/keys";
import { createRoot } from "../functions/http/app";
import { mountApis } from "../functions/local/apis";
import { seedIfEmpty } from "../functions/local/seed";
import { ROOT } from "../functions/local/portal";
import { FUNCTION_BUNDLING } from "../stacks/bundling";
import {
  bundleFiles,
  FUNCTION_NAMES,
  httpAnswer,
  httpEvent,
  lambdaEnvironment,
  runBundle,
  shippedBundles,
  type BundleRun,
  type FunctionName,
} from "../tests/support/function-bundles";
import { birthAnswers } from "../tests/support/forms";
import { startLocalStores } from "../tests/support/local-stores";
import { machineLine, measuredCommit, median, percentile, run, today, writeSection } from "./report";

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const RUNS = Number(option("runs") ?? 25);
const BEFORE = option("before");
const KEEP = args.includes("--keep");
const WRITE = !args.includes("--no-write");

/** The target's margin over the SDK clients' own init. */
const MARGIN_MS = 15;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const plus = (value: number) => `${value >= 0 ? "+" : ""}${value.toFixed(1)} ms`;

/** The esbuild SST itself runs (its own dependency, not the project's). */
const esbuild = createRequire(join(ROOT, "node_modules", "sst", "package.json"))("esbuild") as typeof Esbuild;

type SdkClient = "dynamodb" | "ssm" | "s3";
/** What each function builds at init (its entry: functions/<name>.ts); everything else comes on first use. */
const INIT_CLIENTS: Record<FunctionName, SdkClient[]> = {
  catalogue: ["dynamodb"],
  dossiers: ["dynamodb", "ssm"], // SSM: the token secret, read at init on a deployed stage
  agency: ["dynamodb"],
  officer: ["dynamodb"],
  authorizer: ["dynamodb"],
  stats: ["dynamodb"],
  payments: ["dynamodb", "ssm"], // SSM: the merchant's secrets
  docs: [],
  "stats-job": ["dynamodb"],
  "sweep-job": ["dynamodb"],
  events: ["dynamodb"],
  "malware-verdicts": ["dynamodb"],
  notify: ["dynamodb", "ssm"], // SSM: the token secret (the opt-out links' signature) and the SMS gateway's keys
};
/** A string each client's code carries (its service's protocol name), to tell from a file's text what it holds. */
const CLIENT_MARKERS: Record<SdkClient, string> = { dynamodb: "DynamoDB_20120810", ssm: "AmazonSSM", s3: '"AmazonS3"' };

/** The `nodejs` function props, as SST v2 turns them into esbuild options (sst/runtime/handlers/node.js, ESM). */
interface NodejsProps {
  splitting?: boolean;
  sourcemap?: boolean;
  minify?: boolean;
  esbuild?: Partial<Esbuild.BuildOptions>;
}

/** One function built as SST v2 builds it: its options, then `nodejs.esbuild` spread over them. Returns the entry. */
async function sstBuild(entry: string, outdir: string, nodejs: NodejsProps, external: string[] = []): Promise<string> {
  const name = basename(entry).replace(/\.ts$/, "");
  const outfile = join(outdir, `${name}.mjs`);
  await esbuild.build({
    entryPoints: [entry],
    platform: "node",
    external: ["sharp", "pg-native", ...external],
    keepNames: true,
    bundle: true,
    logLevel: "silent",
    splitting: nodejs.splitting,
    outExtension: nodejs.splitting ? { ".js": ".mjs" } : undefined,
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
    outfile: nodejs.splitting ? undefined : outfile,
    outdir: nodejs.splitting ? outdir : undefined,
    sourcemap: nodejs.sourcemap === false ? false : true,
    minify: nodejs.minify,
    ...nodejs.esbuild,
  });
  return outfile;
}

interface Subject {
  label: string;
  /** The function whose bundle this is (its init's SDK clients are the target's baseline). */
  fn?: FunctionName;
  /** The entry file Node imports. */
  file: string;
  /** Every file of the bundle (entry and chunks). */
  bytes: number;
  gzip: number;
  event?: unknown;
  ok?: (answer: unknown) => boolean;
  runs: BundleRun[];
  /** From one `--loads` run: what the import read, and what the first invocation read on top. */
  initBytes?: number;
  laterBytes?: number;
  initClients?: SdkClient[];
}
/** A bundle to measure: `file` is its entry; the other files in its folder are its chunks (each build has its own). */
const subject = (label: string, file: string, event?: unknown, ok?: (answer: unknown) => boolean, fn?: FunctionName): Subject => {
  const code = bundleFiles(file).map((f) => readFileSync(f));
  return {
    label,
    fn,
    file,
    bytes: code.reduce((n, c) => n + c.length, 0),
    gzip: code.reduce((n, c) => n + gzipSync(c).length, 0),
    event,
    ok,
    runs: [],
  };
};

/** The pieces, each bundled alone the shipped way. */
const PIECES: Record<string, string> = {
  "DynamoDB document client": 'import { DynamoDBClient } from "@aws-sdk/client-dynamodb"; import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb"; export const c = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
  "DynamoDB document client + SSM client": 'import { DynamoDBClient } from "@aws-sdk/client-dynamodb"; import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb"; import { GetParametersCommand, SSMClient } from "@aws-sdk/client-ssm"; export const c = DynamoDBDocumentClient.from(new DynamoDBClient({})); export const s = new SSMClient({}); export { GetParametersCommand };',
  "S3 client + presigner": 'import { S3Client } from "@aws-sdk/client-s3"; export { getSignedUrl } from "@aws-sdk/s3-request-presigner"; export const c = new S3Client({});',
  "SSM client (GetParameters)": 'import { GetParametersCommand, SSMClient } from "@aws-sdk/client-ssm"; export const c = new SSMClient({}); export { GetParametersCommand };',
  "zod (classic, English messages only), one schema": 'import { z } from "zod"; export const s = z.object({ a: z.string() });',
  "@hono/zod-openapi, an app with one schema": 'import { OpenAPIHono, z } from "@hono/zod-openapi"; export const app = new OpenAPIHono(); export const s = z.object({ a: z.string() });',
  "functions/http/dossiers-app.ts (routes + domain, no SDK client)": 'export * from "./functions/http/dossiers-app";',
};
/** The piece a function's init is held to: the clients it builds, bundled alone (none: the empty module). */
const baselinePiece = (clients: SdkClient[]) =>
  clients.length === 0 ? undefined : clients.includes("ssm") ? "DynamoDB document client + SSM client" : "DynamoDB document client";

/**
 * The bundles of an earlier commit: its tree exported to a scratch folder (with this checkout's node_modules), and
 * synthesized there by its own code in a child process, as its own `bench/coldstart.ts` would have.
 */
function bundlesAt(commit: string, scratch: string): Partial<Record<FunctionName, string>> {
  const tree = join(scratch, `tree-${commit}`);
  mkdirSync(tree, { recursive: true });
  execSync(`git -C ${JSON.stringify(ROOT)} archive ${commit} | tar -x -C ${JSON.stringify(tree)}`);
  symlinkSync(join(ROOT, "node_modules"), join(tree, "node_modules"), "dir");
  const script =
    'import { shippedBundles } from "./tests/support/function-bundles.ts"; console.log(JSON.stringify(await shippedBundles("test")));';
  writeFileSync(join(tree, "bench-before.mts"), script);
  const out = execFileSync(process.execPath, ["--import", "tsx", "bench-before.mts"], {
    cwd: tree,
    env: { ...process.env, NODE_ENV: "test" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split("\n").at(-1)!) as Partial<Record<FunctionName, string>>;
}

/**
 * A submitted dossier (a draft has no public status), made through the local portal's API over the same stores:
 * created, its two required documents declared and uploaded, submitted. Returns its code.
 */
async function submittedDossier(env: Record<string, string | undefined>, adapters: Parameters<typeof mountApis>[1]): Promise<string> {
  const app = createRoot();
  mountApis(app, adapters, loadConfig(["table", "bucket", "tokenSecret"], env));
  const call = async (path: string, body?: unknown, token?: string) => {
    const res = await app.request(path, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as Record<string, any>;
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const applicant = { fullName: "Nguyễn Văn An", idNumber: "001090012345", phone: "0912345678" };
  // The sample birth registration has a declaration form: a complete one, so the submit passes.
  const { code, accessToken } = await call("/v1/dossiers", { procedureCode: "1.001193", applicant, delivery: "online", formData: birthAnswers() });
  for (const documentKey of ["to-khai", "giay-chung-sinh"]) {
    const bytes = Buffer.alloc(2048, 0x20);
    Buffer.from(`%PDF-1.4\n% ${documentKey}\n`).copy(bytes);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const { upload } = await call(`/v1/dossiers/${code}/attachments`, { documentKey, fileName: `${documentKey}.pdf`, mediaType: "application/pdf", size: bytes.length, sha256 }, accessToken);
    const put = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: bytes });
    if (!put.ok) throw new Error(`upload of ${documentKey}: ${put.status}`);
  }
  await call(`/v1/dossiers/${code}/submit`, undefined, accessToken);
  return code as string;
}

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
    // The secrets as plain variables: this measures the bundles, not a round trip to SSM (the SSM client is in the
    // dossiers and payments functions' init all the same: the entry imports it to read them on a deployed stage).
    const env = lambdaEnvironment(stores.env, {
      TOKEN_SECRET: "bench-token-secret-0123456789abcdef0123",
      VNPAY_TMN_CODE: "DVCBENCH",
      VNPAY_HASH_SECRET: "bench-vnpay-hash-secret",
      VNPAY_PAY_URL: "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
    });
    const newDossier = httpEvent("POST", "/v1/dossiers", {
      body: { procedureCode: "1.001193", applicant: { fullName: "Nguyễn Văn An", idNumber: "001090012345", phone: "0912345678" }, delivery: "online" },
    });
    // A dossier whose public status the status path reads.
    const statusEvent = httpEvent("GET", `/v1/dossiers/${await submittedDossier(env, stores.adapters)}/status`);
    const statusOk = (a: unknown) => httpAnswer(a).statusCode === 200;

    const events: Record<FunctionName, { what: string; event: unknown; ok: (answer: unknown) => boolean }> = {
      catalogue: { what: "GET /v1/procedures?q=dang ky khai sinh", event: httpEvent("GET", "/v1/procedures?q=dang%20ky%20khai%20sinh"), ok: (a) => httpAnswer(a).statusCode === 200 },
      dossiers: { what: "POST /v1/dossiers (a new dossier)", event: newDossier, ok: (a) => httpAnswer(a).statusCode === 201 },
      agency: { what: "GET /v1/agency/dossiers (the inbox)", event: httpEvent("GET", "/v1/agency/dossiers", { agencyCode: "000.00.31.H99" }), ok: (a) => httpAnswer(a).statusCode === 200 },
      officer: { what: "GET /v1/officer/config (the sign-in settings)", event: httpEvent("GET", "/v1/officer/config"), ok: (a) => httpAnswer(a).statusCode === 200 },
      authorizer: { what: "a valid API key", event: { headers: { authorization: `Bearer ${apiKey}` } }, ok: (a) => (a as { isAuthorized?: boolean }).isAuthorized === true },
      stats: { what: "GET /v1/stats/summary (a month)", event: httpEvent("GET", "/v1/stats/summary?from=2026-11-01&to=2026-11-30"), ok: (a) => httpAnswer(a).statusCode === 200 },
      payments: { what: "GET /v1/payments/vnpay/ipn (forged: refused)", event: httpEvent("GET", "/v1/payments/vnpay/ipn?vnp_TxnRef=X&vnp_SecureHash=00"), ok: (a) => httpAnswer(a).json?.RspCode === "97" },
      docs: { what: "GET /v1/openapi.json (the document, built on first use)", event: httpEvent("GET", "/v1/openapi.json"), ok: (a) => httpAnswer(a).json?.openapi === "3.1.0" },
      "stats-job": { what: "one day's statistics", event: { date: "2026-11-30" }, ok: (a) => (a as { date?: string }).date === "2026-11-30" },
      "sweep-job": { what: "the nightly sweep (the day eight days ago)", event: {}, ok: (a) => typeof (a as { drafts?: number }).drafts === "number" },
      events: { what: "an empty stream batch", event: { Records: [] }, ok: (a) => Array.isArray((a as { batchItemFailures?: unknown[] }).batchItemFailures) },
      "malware-verdicts": {
        what: "a scan result that is not THREATS_FOUND (ignored)",
        event: { source: "aws.guardduty", "detail-type": "GuardDuty Malware Protection Object Scan Result", detail: {} },
        ok: (a) => (a as { outcome?: string }).outcome === "ignored",
      },
      notify: { what: "an empty queue batch", event: { Records: [] }, ok: (a) => Array.isArray((a as { batchItemFailures?: unknown[] }).batchItemFailures) },
    };
    const functions = FUNCTION_NAMES.map((name) => subject(name, shipped[name], events[name].event, events[name].ok, name));
    const STATUS_LABEL = "dossiers — GET /v1/dossiers/{code}/status";
    const status = subject(STATUS_LABEL, shipped.dossiers, statusEvent, statusOk, "dossiers");

    // --- what each import reads, and the clients in it -----------------------------------------------------
    console.error("reading what each function loads at init…");
    const fileBytes = (files: string[]) => files.reduce((n, f) => n + statSync(f).size, 0);
    const clientsIn = (files: string[]) => {
      const code = files.map((f) => readFileSync(f, "utf8")).join("\n");
      return (Object.keys(CLIENT_MARKERS) as SdkClient[]).filter((client) => code.includes(CLIENT_MARKERS[client]));
    };
    for (const s of [...functions, status]) {
      const traced = await runBundle(s.file, env, s.event, { loads: true });
      s.initBytes = fileBytes(traced.loadedAtInit ?? []);
      s.laterBytes = fileBytes(traced.loadedLater ?? []);
      s.initClients = clientsIn(traced.loadedAtInit ?? []);
      const expected = INIT_CLIENTS[s.fn!];
      if (s.initClients.join() !== expected.join()) {
        throw new Error(`${s.label}: its init holds the ${s.initClients.join(", ") || "no"} client(s), INIT_CLIENTS says ${expected.join(", ") || "none"}`);
      }
      if (s === status && clientsIn(traced.loadedLater ?? []).includes("s3")) throw new Error("the public status path loaded the S3 client");
    }

    // --- the earlier commit's bundles --------------------------------------------------------------------
    const before: Subject[] = [];
    let beforeStatus: Subject | undefined;
    if (BEFORE) {
      console.error(`synthesizing ${BEFORE} (its own code, in a scratch copy)…`);
      const old = bundlesAt(BEFORE, dir);
      for (const name of FUNCTION_NAMES) {
        const file = old[name];
        if (file) before.push(subject(name, file, events[name].event, events[name].ok, name));
      }
      if (old.dossiers) beforeStatus = subject(STATUS_LABEL, old.dossiers, statusEvent, statusOk, "dossiers");
    }

    // --- the comparisons, built with SST's esbuild and options ---------------------------------------------
    console.error("building the comparisons…");
    const defaults: Subject[] = [];
    const runtimeSdk: Subject[] = [];
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir"); // for the runtime-SDK builds only
    for (const [i, name] of FUNCTION_NAMES.entries()) {
      const entry = join(ROOT, "functions", `${name}.ts`);
      const mirror = subject(name, await sstBuild(entry, join(dir, "mirror", name), FUNCTION_BUNDLING as NodejsProps));
      // The mirror is trusted only if it builds what SST built.
      if (Math.abs(mirror.bytes - functions[i]!.bytes) > 512) {
        throw new Error(`bench's copy of SST's build options is off: ${name} ${mirror.bytes} B here, ${functions[i]!.bytes} B shipped`);
      }
      // SST's defaults, minified as before (so that the column shows what the rest of stacks/bundling.ts buys).
      defaults.push(subject(name, await sstBuild(entry, join(dir, "defaults", name), { minify: true }), events[name].event, events[name].ok, name));
      runtimeSdk.push(subject(name, await sstBuild(entry, join(dir, "runtime-sdk", name), FUNCTION_BUNDLING as NodejsProps, ["@aws-sdk/*"])));
    }
    const pieces: Subject[] = [];
    for (const [i, [label, code]] of Object.entries(PIECES).entries()) {
      const entry = join(dir, `piece${i}.ts`);
      writeFileSync(entry, code.replaceAll('"./functions/', `"${ROOT}/functions/`));
      const nodejs = { ...(FUNCTION_BUNDLING as NodejsProps), esbuild: { ...FUNCTION_BUNDLING.esbuild, absWorkingDir: ROOT } };
      pieces.push(subject(label, await sstBuild(entry, join(dir, "pieces", `piece${i}`), nodejs)));
    }
    const emptyFile = join(dir, "empty", "empty.mjs");
    mkdirSync(join(dir, "empty"));
    writeFileSync(emptyFile, "export {};\n");
    const empty = subject("empty module", emptyFile);

    // --- measure ------------------------------------------------------------------------------------------
    const everything = [empty, ...functions, status, ...before, ...(beforeStatus ? [beforeStatus] : []), ...defaults, ...runtimeSdk, ...pieces];
    for (const s of everything) await runBundle(s.file, env); // warm the page cache once
    for (let round = 0; round < RUNS; round++) {
      for (const s of everything) {
        const r = await runBundle(s.file, env, s.event);
        if (s.ok && !s.ok(r.answer)) throw new Error(`${s.label}: unexpected first answer ${JSON.stringify(r.answer).slice(0, 400)}`);
        s.runs.push(r);
      }
      if ((round + 1) % 5 === 0) console.error(`${round + 1} / ${RUNS} rounds`);
    }

    const med = (s: Subject, pick: (r: BundleRun) => number | undefined) => median(s.runs.map(pick).filter((v): v is number => v !== undefined));
    const base = med(empty, (r) => r.initMs);
    const baseCpu = med(empty, (r) => r.initCpuMs);
    const baseRss = med(empty, (r) => r.rssAfterInitMb);
    const initOf = (s: Subject) => med(s, (r) => r.initMs) - base;
    const firstOf = (s: Subject) => med(s, (r) => r.firstInvokeMs);
    /** Init + first invocation, sample by sample: what the first request waits for. */
    const coldSamples = (s: Subject) => s.runs.map((r) => r.initMs - base + (r.firstInvokeMs ?? 0)).sort((a, b) => a - b);
    const coldOf = (s: Subject) => median(coldSamples(s));
    const coldCell = (s: Subject) => `**${ms(coldOf(s))}** (${percentile(coldSamples(s), 25).toFixed(0)}–${percentile(coldSamples(s), 75).toFixed(0)})`;
    const piece = (label: string) => pieces.find((p) => p.label === label)!;
    const budgetOf = (s: Subject) => {
      const clients = INIT_CLIENTS[s.fn!];
      const baseline = baselinePiece(clients);
      return { clients, baseline, sdk: baseline ? initOf(piece(baseline)) : 0 };
    };

    const rowOf = (s: Subject) => {
      const sorted = s.runs.map((r) => r.initMs).sort((a, b) => a - b);
      const init = initOf(s);
      const { clients, sdk } = budgetOf(s);
      const margin = init - sdk;
      return `| ${s.label} | ${kb(s.bytes)} | ${kb(s.initBytes!)} | ${plus(init)} (${plus(percentile(sorted, 25) - base)} – ${plus(percentile(sorted, 75) - base)}) | ${clients.join(" + ") || "none"}: ${plus(sdk)} | ${plus(margin)} | ${margin <= MARGIN_MS ? "yes" : "**no**"} | ${ms(firstOf(s))} | ${ms(coldOf(s))} | ${med(s, (r) => r.rssAfterInvokeMb).toFixed(0)} MB |`;
    };
    const shippedRows = [...functions, status].map(rowOf);
    const met = functions.filter((s) => initOf(s) - budgetOf(s).sdk <= MARGIN_MS);
    const missed = functions.filter((s) => !met.includes(s));

    const beforeRows = before.length
      ? [...functions, status].map((s) => {
          const b = s === status ? beforeStatus : before.find((x) => x.label === s.label);
          if (!b) return `| ${s.label} | (no such function) | ${kb(s.bytes)}, ${plus(initOf(s))}, ${ms(firstOf(s))}, ${ms(coldOf(s))} | |`;
          return `| ${s.label} | ${kb(b.bytes)} · ${plus(initOf(b))} · ${ms(firstOf(b))} · ${coldCell(b)} | ${kb(s.bytes)} · ${plus(initOf(s))} · ${ms(firstOf(s))} · ${coldCell(s)} | ${plus(initOf(s) - initOf(b))} · ${plus(coldOf(s) - coldOf(b))} |`;
        })
      : [];

    /** Which init + first times moved beyond the noise: the two samples' p25–p75 do not overlap. */
    const spreadSentence = () => {
      const pairs = [...functions, status].flatMap((s) => {
        const b = s === status ? beforeStatus : before.find((x) => x.label === s.label);
        return b ? [{ label: s.label, after: coldSamples(s), before: coldSamples(b) }] : [];
      });
      const q = (v: number[], p: number) => percentile(v, p);
      const shorter = pairs.filter((p) => q(p.after, 75) < q(p.before, 25)).map((p) => p.label);
      const longer = pairs.filter((p) => q(p.after, 25) > q(p.before, 75)).map((p) => p.label);
      const same = pairs.filter((p) => !shorter.includes(p.label) && !longer.includes(p.label)).map((p) => p.label);
      return [
        shorter.length ? `Shorter beyond the spread (the first request loads only what it needs): ${shorter.join(", ")}.` : "",
        longer.length ? `Longer beyond the spread: ${longer.join(", ")}.` : "",
        same.length ? `Within each other's spread (what init no longer reads, that first request does): ${same.join(", ")}.` : "",
      ].filter(Boolean).join(" ");
    };

    const compareRows = FUNCTION_NAMES.map((name, i) => {
      const cell = (s: Subject) => `${kb(s.bytes)}, ${plus(initOf(s))}`;
      return `| ${name} | ${cell(defaults[i]!)} (first request ${ms(coldOf(defaults[i]!))}) | ${cell(functions[i]!)} (first request ${ms(coldOf(functions[i]!))}) | ${cell(runtimeSdk[i]!)} |`;
    });
    const pieceRows = pieces.map((p) => `| ${p.label} | ${kb(p.bytes)} | ${plus(initOf(p))} | ${plus(med(p, (r) => r.initCpuMs) - baseCpu)} |`);
    const share = (from: Subject[], to: Subject[], of: (s: Subject) => number) => median(from.map((s, i) => of(to[i]!) / of(s)));

    console.error(
      [...functions, status].map((s) => `${s.label}: ${kb(s.bytes)} (${kb(s.initBytes!)} at init), init ${plus(initOf(s))}, first call ${ms(firstOf(s))}`).join("\n"),
    );

    const commit = measuredCommit();
    const section = `## Cold start

The bundles \`sst deploy\` ships: the app synthesized offline, SST building every function with the app's default
function props (sst.config.ts: nodejs22.x, ESM, minified, and stacks/bundling.ts: split into chunks, no source
maps, zod's English messages only, credentials from the environment, no keepNames; the AWS SDK bundled), each
bundle (its entry and the chunks beside it) taken from SST's artifacts. Each sample is a fresh \`node\` process with
the function's environment: the \`import()\` of the entry (module init), then one first invocation of its handler
against embedded dynalite + s3rver seeded with the sample catalogue (the event is listed below), and the
process's resident memory after it. ${RUNS} samples per subject, every subject and an empty module interleaved in
each round; medians (p25–p75). Times are differences to the empty module's import.

- Command: \`npx tsx bench/coldstart.ts${BEFORE ? ` --before ${BEFORE}` : ""}\` (options: \`--runs ${RUNS}\`)${BEFORE ? `; before: ${BEFORE}, synthesized from its own tree and measured in the same rounds` : ""}
- Date: ${today()}
- Machine: ${machineLine(loadAtStart)} (Lambda runs Node 22 on arm64, with a share of a vCPU that grows with the
  memory setting: absolute times there differ; the difference to the empty module is the figure to compare)
- Empty module: ${ms(base)} import (${baseCpu.toFixed(1)} ms CPU), ${baseRss.toFixed(0)} MB resident.

**Target** (issue #14): module init ≤ the init of the SDK clients the function builds at init, those clients
bundled alone the shipped way, + ${MARGIN_MS} ms. Which clients an init holds is read off the files Node read during
the import (the bench stops if they are not the ones listed); the S3 client is in no function's init.

| function | bundle (all files) | read at init | init | SDK clients at init, alone | init − SDK | ≤ +${MARGIN_MS} ms | first invocation | init + first | memory after it |
|---|---|---|---|---|---|---|---|---|---|
${shippedRows.join("\n")}

${met.length === functions.length ? "Every function meets the target." : `Target met: ${met.map((s) => s.label).join(", ") || "none"}. Missed: ${missed.map((s) => `${s.label} (${plus(initOf(s) - budgetOf(s).sdk)} over its SDK clients)`).join(", ")}.`}
The public status path (\`GET /v1/dossiers/{code}/status\`) loads no S3 client: neither at init nor on its first
request (checked here, and in tests/stacks/bundles.test.ts).

First invocations: ${FUNCTION_NAMES.map((name) => `${name} — ${events[name].what}`).join("; ")}. They include the
import of the function's routes (or job) module — zod, the schemas, the core, the adapters: read at the first
request, not at init (functions/wiring/lambda.ts) — and for a route that handles files the S3 side, the first
connection to the store (loopback here; TLS to DynamoDB in the region on AWS) and the lazy compilation of the code
paths they run. "init + first" is what the first request of a new instance waits for: deferring the routes' code
moves its cost there; it does not make it vanish, except on paths that never need it.

${
  before.length
    ? `**Before and after** (bundle · init · first invocation · **init + first** (its p25–p75); the same rounds, so the same
machine and noise). Init is what the target measures; init + first is what the first request of a new instance
waits for. ${spreadSentence()}

| function | before (${BEFORE}) | after (${commit}) | init · init + first |
|---|---|---|---|
${beforeRows.join("\n")}
`
    : ""
}
**What stacks/bundling.ts buys, and why the SDK is bundled** (bundle, init; built with SST's own esbuild
${esbuild.version} and SST's options, the shipped column from SST's artifacts):

| function | SST's defaults, minified (no stacks/bundling.ts: one file, everything at init) | as shipped | the Lambda runtime's SDK (\`@aws-sdk/*\` not bundled) |
|---|---|---|---|
${compareRows.join("\n")}

stacks/bundling.ts: init ${(100 * (1 - share(defaults, functions, initOf))).toFixed(0)} % shorter, init + first request ${(100 * (1 - share(defaults, functions, coldOf))).toFixed(0)} % shorter (medians over the functions).
Leaving the SDK to the runtime shrinks the bundles but makes init ${share(functions, runtimeSdk, initOf).toFixed(1)}× as long: Node then loads the
SDK's CommonJS build package by package from node_modules, as it would from the runtime's copy.

**The pieces** (each bundled alone the shipped way, measured in the same rounds):

| piece | bundle | init vs empty | CPU vs empty |
|---|---|---|---|
${pieceRows.join("\n")}

An SDK client costs its init whatever the bundler does; the routes' code (zod with @hono/zod-openapi alone
${plus(initOf(piece("@hono/zod-openapi, an app with one schema")))}, the dossiers app with its domain ${plus(initOf(piece("functions/http/dossiers-app.ts (routes + domain, no SDK client)")))}) is what the split moves to the
first request. For the cold starts that remain, \`PROVISIONED_CONCURRENCY\` keeps instances of the catalogue and
dossiers functions initialised, and those load their routes at init (\`AWS_LAMBDA_INITIALIZATION_TYPE\`), so their
first request pays nothing of it (docs/operating.md, "Cold starts").

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
