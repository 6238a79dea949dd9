/**
 * The Lambda functions as `sst deploy` ships them, run the way Lambda runs them: SST synthesizes the app offline
 * (tests/stacks/synth.ts), which bundles every function with the real default function props (sst.config.ts,
 * stacks/bundling.ts); each bundle is then imported in a fresh Node process, and its handler called with an
 * API Gateway (HTTP API, payload 2.0) or scheduler event. Used by tests/stacks/bundles.test.ts (do the shipped
 * bundles work?) and bench/coldstart.ts (how long do they take to start?).
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { synth, type Synth } from "../stacks/synth";

/** Our Lambda entries, by the file name of their handler (`functions/<name>.ts`). */
export const FUNCTION_NAMES = [
  "catalogue",
  "dossiers",
  "agency",
  "officer",
  "authorizer",
  "stats",
  "payments",
  "docs",
  "stats-job",
  "sweep-job",
  "events",
  "malware-verdicts",
  "notify",
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** The longest one run may take: a cold start and a few invocations take seconds, even on a loaded machine. */
const RUN_LIMIT_MS = 120_000;

const RUNNER = fileURLToPath(new URL("./bundle-runner.mjs", import.meta.url));

/**
 * Synthesizes the app for `stage` and returns the path of each function's bundle in SST's artifacts: its entry,
 * `<asset>/functions/<name>.mjs`; the chunks it imports are beside it (stacks/bundling.ts splits the bundles).
 */
export async function shippedBundles(stage = "test"): Promise<Record<FunctionName, string>> {
  return (await shippedApp(stage)).bundles;
}

/** The synthesized app (its templates say where API Gateway sends each route) and each function's bundle. */
export async function shippedApp(stage = "test"): Promise<{ synth: Synth; bundles: Record<FunctionName, string> }> {
  // SST skips its account lookups (bootstrap bucket) under NODE_ENV=test, as vitest sets it; a bench sets it too.
  process.env.NODE_ENV ??= "test";
  const synthesized = await synth(stage);
  return { synth: synthesized, bundles: bundlesIn(synthesized.artifacts) };
}

function bundlesIn(artifacts: string): Record<FunctionName, string> {
  const found = Object.fromEntries(FUNCTION_NAMES.map((name) => [name, [] as string[]])) as Record<FunctionName, string[]>;
  for (const asset of readdirSync(artifacts)) {
    const dir = path.join(artifacts, asset, "functions");
    let files: string[] = [];
    try {
      files = readdirSync(dir);
    } catch {
      continue; // not a function asset (the site's)
    }
    for (const name of FUNCTION_NAMES) if (files.includes(`${name}.mjs`)) found[name].push(path.join(dir, `${name}.mjs`));
  }
  return Object.fromEntries(
    FUNCTION_NAMES.map((name) => {
      if (found[name].length !== 1) throw new Error(`expected one bundle of functions/${name}.ts in ${artifacts}, found ${found[name].length}`);
      return [name, found[name][0]!];
    }),
  ) as Record<FunctionName, string>;
}

/** Every file of a function's bundle: its entry and its chunks (what the deployment zip holds, source maps apart). */
export function bundleFiles(entry: string): string[] {
  const dir = path.dirname(entry);
  return readdirSync(dir)
    .filter((file) => file.endsWith(".mjs"))
    .map((file) => path.join(dir, file));
}

/** All the code of a function's bundle, its entry and chunks together. */
export function bundleCode(entry: string): string {
  return bundleFiles(entry)
    .map((file) => readFileSync(file, "utf8"))
    .join("\n");
}

export interface BundleRun {
  /** Milliseconds the `import()` of the bundle took: the function's module init. */
  initMs: number;
  /** CPU (user + system) milliseconds of the process during the import. */
  initCpuMs: number;
  /** Resident memory after the import, and after the first invocation (MB). */
  rssAfterInitMb: number;
  rssAfterInvokeMb?: number;
  /** Milliseconds of the first `handler(event)` call, when an event was given. */
  firstInvokeMs?: number;
  /** What the handler answered. */
  answer?: unknown;
  /** With `runBundleSequence`: what the handler answered to each event, in order, in the same process. */
  answers?: unknown[];
  /** With `loads`: the bundle's files Node read during the import, and those it read during the invocations. */
  loadedAtInit?: string[];
  loadedLater?: string[];
}

export interface RunOptions {
  /** Report the files read at init and later (the timings are then not comparable: the inspector is on). */
  loads?: boolean;
}

/** Imports `bundle` in a fresh `node` with only `env` (plus PATH), and calls its handler once with `event` if given. */
export function runBundle(bundle: string, env: Record<string, string | undefined>, event?: unknown, options: RunOptions = {}): Promise<BundleRun> {
  return spawnRunner(bundle, env, event === undefined ? [] : [JSON.stringify(event)], options);
}

/**
 * One cold start, then one warm instance's handler called with each event in turn (as Lambda sends consecutive
 * requests to one instance): what lives in module scope (the abuse limits' buckets, a catalogue snapshot) is shared.
 */
export async function runBundleSequence(bundle: string, env: Record<string, string | undefined>, events: unknown[]): Promise<unknown[]> {
  const run = await runBundleEvents(bundle, env, events);
  return run.answers ?? [];
}

/** `runBundleSequence`, with the whole run's figures (and, with `loads`, the files read at init and later). */
export function runBundleEvents(bundle: string, env: Record<string, string | undefined>, events: unknown[], options: RunOptions = {}): Promise<BundleRun> {
  return spawnRunner(bundle, env, ["--sequence", JSON.stringify(events)], options);
}

function spawnRunner(bundle: string, env: Record<string, string | undefined>, args: string[], options: RunOptions = {}): Promise<BundleRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUNNER, ...(options.loads ? ["--loads"] : []), bundle, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    // A run that hangs (a handler waiting on something that never answers) fails its caller instead of its test's timeout.
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_LIMIT_MS);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split("\n").at(-1) ?? "";
      const failed = (why: string) => reject(new Error(`${path.basename(bundle)} ${why}: ${(stderr.trim() || stdout.trim()).slice(0, 2000)}`));
      if (signal) return failed(`was killed (${signal}) after ${RUN_LIMIT_MS / 1000} s`);
      if (code !== 0 || !last.startsWith("{")) return failed(`exited with ${code}`);
      try {
        resolve(JSON.parse(last) as BundleRun);
      } catch (err) {
        failed(`printed a line that is not JSON (${(err as Error).message}, ${last.length} characters)`);
      }
    });
  });
}

/**
 * What Lambda and the stacks give every function, over `stores` (the local stores' variables): the variables the
 * stacks set, the role's credentials (fake; only the environment holds them on Lambda), the function's name.
 */
export function lambdaEnvironment(stores: Record<string, string | undefined>, extra: Record<string, string | undefined> = {}) {
  return {
    ...stores,
    WEB_ORIGIN: "https://dichvucong.example.vn",
    STAGE: "test",
    PUBLIC_URL: "https://api.example.vn",
    AWS_ACCESS_KEY_ID: "ASIALAMBDAROLE000001",
    AWS_SECRET_ACCESS_KEY: "lambda-role-secret",
    AWS_SESSION_TOKEN: "lambda-role-session",
    AWS_LAMBDA_FUNCTION_NAME: "bundle-run",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...extra,
  };
}

/** An API Gateway HTTP API (payload format 2.0) event, as API Gateway sends it to the function. */
export function httpEvent(
  method: string,
  target: string,
  options: { body?: unknown; headers?: Record<string, string>; agencyCode?: string } = {},
) {
  const url = new URL(target, "https://api.example.vn");
  const headers: Record<string, string> = {
    host: "api.example.vn",
    ...(options.body === undefined ? {} : { "content-type": "application/json" }),
    ...options.headers,
  };
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    requestContext: {
      accountId: "123456789012",
      apiId: "api",
      domainName: "api.example.vn",
      http: { method, path: url.pathname, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "bundle-test" },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: "$default",
      stage: "$default",
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      ...(options.agencyCode ? { authorizer: { lambda: { agencyCode: options.agencyCode, keyId: "key-test" } } } : {}),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body), isBase64Encoded: false }),
  };
}

/** The API Gateway answer of an HTTP function, with its body parsed when it is JSON. */
export interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  json?: any;
}

export function httpAnswer(answer: unknown): HttpAnswer {
  const a = answer as HttpAnswer;
  let json: unknown;
  try {
    json = JSON.parse(a.body);
  } catch {
    json = undefined;
  }
  return { ...a, json };
}
