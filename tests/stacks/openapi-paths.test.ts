/**
 * Every path of the OpenAPI document, deployed as locally: for each (method, path) of `/v1/openapi.json`, the function
 * API Gateway routes it to (read off the synthesized template) is run from the bundle `sst deploy` ships, with the
 * API Gateway event of that path, and must serve it as the local portal does (functions/local/apis.ts, the same
 * wiring on one root):
 *
 * - **routed and served**: there is a route for it, and the function does not answer `route.not_found` — a path that
 *   works locally but is sent to a function that does not mount its app (as `GET /v1/openapi.json` and `/v1/docs`
 *   once were: to the catalogue function) fails here;
 * - **the same answer**: the same status and problem code as the local portal gives;
 * - **the same abuse limits**: with one write and one dossier miss allowed a minute, a second identical request is
 *   refused (429) deployed exactly when it is locally — an entry that loses its rate limiter fails here.
 *
 * Each path's two requests go to one fresh process (one warm instance); the local portal gets a fresh root per path.
 */
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { loadConfig } from "../../functions/config";
import { createApiKey } from "../../functions/core/agency/keys";
import { createRoot } from "../../functions/http/app";
import { mountApis } from "../../functions/local/apis";
import { seedIfEmpty } from "../../functions/local/seed";
import { httpAnswer, httpEvent, lambdaEnvironment, runBundleSequence, shippedApp, type FunctionName } from "../support/function-bundles";
import { startLocalStores, type LocalStores } from "../support/local-stores";
import { routeHandlers } from "./synth";

const AGENCY = "000.00.31.H99";
/** A value for each path parameter, by the path it is in: real where a real one exists (the sample catalogue). */
const PLAUSIBLE: { path: RegExp; param: string; value: string }[] = [
  { path: /^\/v1\/procedures\//, param: "code", value: "1.001193" },
  { path: /^\/v1\/(agency\/|officer\/)?dossiers\//, param: "code", value: `${AGENCY}-261201-0001` },
  { path: /^\/v1\/officer\/dossiers\/.*\/slips\//, param: "slip", value: "receipt" },
  { path: /^\/v1\/officer\/dossiers\/.*\/documents\//, param: "attachmentId", value: "0123456789abcdef0123456789abcdef" },
  { path: /^\/v1\/calendar\//, param: "year", value: "2026" },
  { path: /^\/v1\/agency\/webhooks\//, param: "id", value: "wh_0123456789abcdef0123" },
  { path: /^\/v1\/agency\/webhooks\//, param: "deliveryId", value: "20261201030000000-0123456789abcdef01234567" },
  { path: /^\/v1\/procedures\/.*\/forms\//, param: "version", value: "1" },
  { path: /^\/v1\/officer\/officers\//, param: "officerId", value: "officer-0123456789" },
];

/** The deployed stage's environment, with the secrets as plain variables, and the limits at one a minute. */
const LIMITS = { RATE_LIMIT_PER_MINUTE: "1", NOT_FOUND_LIMIT_PER_MINUTE: "1" };
const SECRETS = {
  TOKEN_SECRET: "openapi-paths-token-secret-0123456789abcdef",
  VNPAY_TMN_CODE: "DVCTEST1",
  VNPAY_HASH_SECRET: "openapi-paths-vnpay-secret",
  VNPAY_PAY_URL: "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
};

let bundles: Record<FunctionName, string>;
let routes: Record<string, string>;
let stores: LocalStores;
let apiKey: string;
let operations: { method: string; path: string }[];
let localPortal: () => Hono;

beforeAll(async () => {
  let shipped: Awaited<ReturnType<typeof shippedApp>>;
  [shipped, stores] = await Promise.all([shippedApp("test"), startLocalStores()]);
  bundles = shipped.bundles;
  routes = routeHandlers(shipped.synth.templates.Api);
  await seedIfEmpty(stores.adapters);
  ({ apiKey } = await createApiKey(stores.adapters.keys, async () => true, { agencyCode: AGENCY, now: new Date() }));
  const env = lambdaEnvironment(stores.env, { ...SECRETS, ...LIMITS });
  const config = loadConfig(["table", "bucket", "tokenSecret", "payments"], env);
  localPortal = () => {
    const root = createRoot();
    mountApis(root, stores.adapters, config);
    return root;
  };
  const document = await (await localPortal().request("/v1/openapi.json")).json();
  operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
  );
});
afterAll(async () => {
  await stores?.close();
});

/** `/v1/dossiers/{code}/status` → `/v1/dossiers/000.00.31.H99-261201-0001/status`; throws on a parameter it has no value for. */
function concrete(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, param: string) => {
    const value = PLAUSIBLE.find((p) => p.param === param && p.path.test(path))?.value;
    if (!value) throw new Error(`no plausible value for {${param}} in ${path}: add one to PLAUSIBLE`);
    return encodeURIComponent(value);
  });
}

/** The function API Gateway sends `METHOD path` to, as API Gateway matches it: the exact route, else ANY, else $default. */
function routedTo(method: string, path: string): FunctionName | undefined {
  const handler = routes[`${method} ${path}`] ?? routes[`ANY ${path}`] ?? routes["$default"];
  return handler ? (handler.replace(/^functions\//, "").replace(/\.handler$/, "") as FunctionName) : undefined;
}

interface Seen {
  status: number;
  code?: string;
}
const seen = (status: number, body: string, type: string | null | undefined): Seen => {
  if (!type?.includes("json")) return { status };
  try {
    const code = (JSON.parse(body) as { code?: unknown }).code;
    return { status, ...(typeof code === "string" ? { code } : {}) };
  } catch {
    return { status };
  }
};

/** `work` over `items`, three at a time (each is a node process; the machine is shared). */
async function inTurns<T, R>(items: T[], work: (item: T) => Promise<R>, width = 3): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!);
      }
    }),
  );
  return results;
}

function request(method: string, path: string) {
  const agency = path.startsWith("/v1/agency/");
  const headers: Record<string, string> = { accept: "application/json", ...(agency ? { authorization: `Bearer ${apiKey}` } : {}) };
  const body = method === "POST" ? {} : undefined;
  return { headers, body, agency };
}

describe("Every path of the OpenAPI document, on the shipped bundles", () => {
  it("covers the whole document (the reference itself included)", () => {
    const keys = operations.map((o) => `${o.method} ${o.path}`);
    expect(keys.length).toBeGreaterThanOrEqual(20);
    expect(keys).toEqual(expect.arrayContaining(["GET /v1/health", "POST /v1/dossiers", "GET /v1/agency/dossiers"]));
  });

  it("is routed to a function that serves it as the local portal does, abuse limits included", async () => {
    const env = lambdaEnvironment(stores.env, { ...SECRETS, ...LIMITS });
    const results = await inTurns(
      [...operations, { method: "GET", path: "/v1/openapi.json" }, { method: "GET", path: "/v1/docs" }],
      async ({ method, path }) => {
        const target = concrete(path);
        const { headers, body, agency } = request(method, path);
        const fn = routedTo(method, path);
        const init = { method, headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) }, body: body && JSON.stringify(body) };
        const portal = localPortal();
        const local: Seen[] = [];
        for (let i = 0; i < 2; i++) {
          const res = await portal.request(target, init);
          local.push(seen(res.status, await res.text(), res.headers.get("content-type")));
        }
        if (!fn) return { key: `${method} ${path}`, fn: "(no route: API Gateway answers 404)", local, deployed: [] as Seen[] };
        const event = httpEvent(method, target, { body, headers, ...(agency ? { agencyCode: AGENCY } : {}) });
        const answers = (await runBundleSequence(bundles[fn], env, [event, event])).map(httpAnswer);
        const deployed = answers.map((a) => seen(a.statusCode, a.body, a.headers["content-type"]));
        return { key: `${method} ${path}`, fn, local, deployed };
      },
    );
    // One assertion over the table, so a failure lists every path that differs, with where it went.
    const table = (pick: (r: (typeof results)[number]) => unknown) => Object.fromEntries(results.map((r) => [r.key, pick(r)]));
    const notFound = (s: Seen[]) => s.some((a) => a.code === "route.not_found");
    expect(table((r) => ({ fn: r.fn, routeNotFound: notFound(r.deployed) }))).toEqual(
      table((r) => ({ fn: r.fn, routeNotFound: false })),
    );
    expect(table((r) => notFound(r.local))).toEqual(table(() => false));
    expect(table((r) => r.deployed)).toEqual(table((r) => r.local));
    // The limits are exercised at all: the writes and dossier lookups are refused on their second request.
    const throttled = results.filter((r) => r.local[1]?.status === 429).map((r) => r.key);
    expect(throttled).toEqual(expect.arrayContaining(["POST /v1/dossiers", "GET /v1/dossiers/{code}/status", "POST /v1/dossiers/{code}/payment"]));
    // Two Lambda processes per path, three at a time, for some sixty paths: minutes on a shared 2-core machine.
  }, 480_000);
});
