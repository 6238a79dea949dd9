/**
 * The one wiring (DESIGN.md "One wiring"): how adapters are composed into each concern's app, written once and used
 * by every way the app runs —
 *
 * - each Lambda entry (`functions/<name>.ts`: load the config, `handle(<name>Function(config))`);
 * - the local portal (functions/local/apis.ts mounts `mountPortalApis`: every HTTP function's apps on one root);
 * - the CLI (functions/cli/context.ts: `makeAdapters`, the stores an operator's command works on);
 * - the stacks (stacks/Api.ts: `apiRoutes()`, each HTTP function's API Gateway routes, read off its own apps).
 *
 * Per concern there is one `<concern>Deps(config, clients, …)` (what its app is given) and, for the HTTP functions,
 * one `<concern>Serves(deps)` (which apps it mounts, and whether the public abuse limits guard them). A Lambda
 * function builds only the clients its role has rights for: the catalogue, stats, payments and authorizer functions
 * no S3 client, the docs function none at all.
 *
 * Bundling: `package.json` declares `functions/` free of import side effects, so esbuild drops every module of this
 * file that the entry's own `<name>Function` does not reach — the catalogue bundle carries no dossier code, no S3
 * client (asserted in tests/stacks/bundles.test.ts).
 */
import type { S3Client } from "@aws-sdk/client-s3";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Hono } from "hono";
import { clamavScanner } from "./adapters/clamav/scanner";
import { readScanResultEvent } from "./adapters/guardduty/scan-result-event";
import { guardDutyScanner } from "./adapters/guardduty/scanner";
import { dynamoApiKeyRepository } from "./adapters/dynamo/api-key-repository";
import { dynamoCatalogueRepository } from "./adapters/dynamo/catalogue-repository";
import { makeDynamo, type Dynamo } from "./adapters/dynamo/client";
import { dynamoDossierRepository, dynamoEventOutbox } from "./adapters/dynamo/dossier-repository";
import { dynamoEventLog } from "./adapters/dynamo/event-log";
import { handleStreamBatch, type StreamBatch } from "./adapters/dynamo/event-stream";
import { dynamoIdempotencyStore } from "./adapters/dynamo/idempotency-store";
import { dynamoPaymentStore } from "./adapters/dynamo/payment-store";
import { dynamoDaySource, dynamoStatsStore } from "./adapters/dynamo/stats-repository";
import { jsonLogger } from "./adapters/log/json";
import { vnpayProvider } from "./adapters/payment/vnpay";
import { storeProbes } from "./adapters/probes";
import { makeS3 } from "./adapters/s3/client";
import { s3FileStore, s3ObjectReader } from "./adapters/s3/file-store";
import type { Config } from "./config";
import { resolveApiKey } from "./core/agency/keys";
import { catalogueLookup, catalogueReader } from "./core/catalogue/cache";
import type { DossierDeps } from "./core/dossier/access";
import { flagInfectedFile, type FlagOutcome } from "./core/dossier/malware";
import { expiredUploadsConsumer } from "./core/dossier/sweep";
import { eventLogConsumer } from "./core/events/deliver";
import type { Logger } from "./core/log";
import type { EventConsumer, MalwareScanner } from "./core/ports";
import { runDay, yesterday, type StatsDeps } from "./core/stats/service";
import { agencyApp, type AgencyDeps } from "./http/agency-app";
import { createRoot, type AppEnv } from "./http/app";
import { bearer } from "./http/bearer";
import { calendarApp, type CalendarAppDeps } from "./http/calendar-app";
import { catalogueApp, type CatalogueAppDeps } from "./http/catalogue-app";
import { dossiersApp } from "./http/dossiers-app";
import { openApiApp } from "./http/openapi-app";
import { paymentsApp, type PaymentsAppDeps } from "./http/payments-app";
import { abuseLimits, type AbuseLimits } from "./http/rate-limit";
import { statsApp, type StatsAppDeps } from "./http/stats-app";
import { systemApp, type HealthProbe } from "./http/system";

/** The SDK clients a composition may use. A Lambda function passes only those its role has rights for. */
export interface Clients {
  db: Dynamo;
  s3: S3Client;
}

type Clock = () => Date;
const realTime: Clock = () => new Date();

/** One HTTP function's share of the API: the apps it mounts, and whether the public abuse limits run before them. */
export interface Served {
  // Each app's route types differ; what is read of them here is their routes and their document.
  apps: OpenAPIHono<AppEnv, any, any>[];
  /** Public writes and dossier lookups pass through here (functions/http/rate-limit.ts). */
  limited: boolean;
}

/** The HTTP functions, by the file name of their entry (`functions/<name>.ts`). */
export const HTTP_FUNCTIONS = ["catalogue", "dossiers", "agency", "payments", "stats", "docs"] as const;
export type HttpFunction = (typeof HTTP_FUNCTIONS)[number];

// ---------------------------------------------------------------------------------------------------------------
// Each concern's deps: the one place its app's dependencies are assembled.

export function catalogueDeps(config: Config, clients: Pick<Clients, "db">, log: Logger): CatalogueAppDeps {
  return { catalogue: dynamoCatalogueRepository(clients.db, config.tableName), refreshMs: config.catalogueRefreshMs, log };
}

/**
 * The dossier repository as every writer of dossiers uses it: where the committed change's events are picked up
 * depends on the store (a stream deployed, the outbox work queue the local poller reads; functions/config.ts).
 */
function dossierRepository(config: Config, db: Dynamo) {
  return dynamoDossierRepository(db, config.tableName, { outbox: config.eventSource });
}

/** Procedures and agencies for the dossier services, from a cached catalogue snapshot (no read per request). */
function catalogueForDossiers(config: Config, db: Dynamo) {
  return catalogueLookup(catalogueReader(dynamoCatalogueRepository(db, config.tableName), { refreshMs: config.catalogueRefreshMs }));
}

/**
 * The malware scanner of the files handed in (DossierDeps.scanner): the ClamAV daemon the local portal started, when
 * it runs one; deployed, GuardDuty's verdict tag on each object (stacks/Storage.ts); none on a local portal without
 * ClamAV (contents are still checked).
 */
export function malwareScanner(config: Config, clients: Pick<Clients, "s3">): MalwareScanner | undefined {
  if (config.clamdAddress) return clamavScanner(config.clamdAddress, s3ObjectReader(clients.s3, config.bucketName));
  return config.stage === "local" ? undefined : guardDutyScanner(clients.s3, config.bucketName);
}

export function dossiersDeps(config: Config, clients: Clients, now: Clock): DossierDeps {
  return {
    dossiers: dossierRepository(config, clients.db),
    catalogue: catalogueForDossiers(config, clients.db),
    files: s3FileStore(clients.s3, config.bucketName, config.presignSeconds),
    scanner: malwareScanner(config, clients),
    idempotency: dynamoIdempotencyStore(clients.db, config.tableName),
    tokenSecret: config.tokenSecret,
    now,
  };
}

/** `GET /v1/health`: both stores, with the rights the dossiers function already has (GetItem, ListBucket). */
export function healthProbes(config: Config, clients: Clients): HealthProbe[] {
  return storeProbes(clients.db, config.tableName, clients.s3, config.bucketName);
}

export function agencyDeps(config: Config, clients: Clients, now: Clock): AgencyDeps {
  return {
    dossiers: dossierRepository(config, clients.db),
    catalogue: catalogueForDossiers(config, clients.db),
    files: s3FileStore(clients.s3, config.bucketName, config.presignSeconds),
    scanner: malwareScanner(config, clients),
    idempotency: dynamoIdempotencyStore(clients.db, config.tableName),
    keys: dynamoApiKeyRepository(clients.db, config.tableName),
    events: dynamoEventLog(clients.db, config.tableName),
    tokenSecret: "", // agencies create no dossiers, so they never derive access tokens
    now,
  };
}

export function paymentsDeps(config: Config, clients: Pick<Clients, "db">, now: Clock, log: Logger): PaymentsAppDeps {
  return {
    dossiers: dossierRepository(config, clients.db),
    catalogue: catalogueForDossiers(config, clients.db),
    payments: dynamoPaymentStore(clients.db, config.tableName),
    provider: vnpayProvider(config.vnpay),
    returnUrl: `${config.publicUrl}/v1/payments/vnpay/return`,
    expiryMinutes: config.paymentExpiryMinutes,
    webBase: config.webOrigin,
    now,
    log,
  };
}

export function statsDeps(config: Config, clients: Pick<Clients, "db">, now: Clock): StatsAppDeps & CalendarAppDeps {
  return {
    stats: dynamoStatsStore(clients.db, config.tableName),
    catalogue: dynamoCatalogueRepository(clients.db, config.tableName),
    refreshMs: config.catalogueRefreshMs,
    now,
  };
}

export function statsJobDeps(config: Config, clients: Pick<Clients, "db">, now: Clock): StatsDeps {
  return {
    source: dynamoDaySource(clients.db, config.tableName),
    store: dynamoStatsStore(clients.db, config.tableName),
    catalogue: dynamoCatalogueRepository(clients.db, config.tableName),
    now,
  };
}

export function authorizerDeps(config: Config, clients: Pick<Clients, "db">, log: Logger) {
  return { keys: dynamoApiKeyRepository(clients.db, config.tableName), log };
}

/**
 * The consumers of domain events, in delivery order, wherever the events come from (the stream deployed, the
 * poller locally): the per-dossier event log, then the deletion of the files an `expire_uploads` took off a draft.
 */
export function eventConsumers(config: Config, clients: Clients): EventConsumer[] {
  return [
    eventLogConsumer(dynamoEventLog(clients.db, config.tableName)),
    expiredUploadsConsumer(s3FileStore(clients.s3, config.bucketName, config.presignSeconds)),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// What each HTTP function serves.

export function catalogueServes(deps: CatalogueAppDeps): Served {
  return { apps: [catalogueApp(deps)], limited: false };
}

export function dossiersServes(deps: { dossiers: DossierDeps; probes: HealthProbe[] }): Served {
  return { apps: [systemApp(deps.probes), dossiersApp(deps.dossiers)], limited: true };
}

export function agencyServes(deps: AgencyDeps): Served {
  // Agencies are behind the API-key authorizer, and their writes are not the public's.
  return { apps: [agencyApp(deps)], limited: false };
}

export function paymentsServes(deps: PaymentsAppDeps): Served {
  // The citizen's POST …/payment is a public write like any other (the gateway's callbacks are exempt, and signed).
  return { apps: [paymentsApp(deps)], limited: true };
}

/** The public statistics and the public calendar (both read-only, from statistics rows and the catalogue). */
export function statsServes(deps: StatsAppDeps & CalendarAppDeps): Served {
  return { apps: [statsApp(deps), calendarApp(deps)], limited: false };
}

/**
 * The OpenAPI document and its reference page, generated from the same composition the API is served by.
 * `webOrigin`: where the site serves the page's Swagger UI files ("*" or unset: this origin, as locally).
 */
export function docsServes(webOrigin?: string): Served {
  return { apps: [openApiApp(() => Object.values(documentedApi()).flatMap((served) => served.apps), { webOrigin })], limited: false };
}

/** Apps only touch their dependencies inside handlers: the composition without any gives the routes and the document. */
const NO_DEPS = {} as never;

/** Every documented HTTP function as served, without deps (the docs function is the document itself). */
function documentedApi(): Record<Exclude<HttpFunction, "docs">, Served> {
  return {
    catalogue: catalogueServes(NO_DEPS),
    dossiers: dossiersServes({ dossiers: NO_DEPS, probes: NO_DEPS }),
    agency: agencyServes(NO_DEPS),
    payments: paymentsServes(NO_DEPS),
    stats: statsServes(NO_DEPS),
  };
}

/** `GET /v1/dossiers/:code` → `GET /v1/dossiers/{code}`: Hono's routes of a served share, as API Gateway route keys. */
export function routeKeys(served: Served): string[] {
  const keys = new Set<string>();
  for (const app of served.apps) {
    for (const route of app.routes) {
      if (route.method === "ALL") continue; // middleware (`use`), not a route
      keys.add(`${route.method} ${route.path.replace(/:(\w+)/g, "{$1}")}`);
    }
  }
  return [...keys];
}

/** For stacks/Api.ts: the API Gateway route keys of each HTTP function, read off the apps it mounts. */
export function apiRoutes(): Record<HttpFunction, string[]> {
  const served = { ...documentedApi(), docs: docsServes() };
  const routes = Object.fromEntries(HTTP_FUNCTIONS.map((name) => [name, routeKeys(served[name])])) as Record<HttpFunction, string[]>;
  // API Gateway sends a route to one function: two functions serving the same route would be a silent override.
  const owner = new Map<string, HttpFunction>();
  for (const name of HTTP_FUNCTIONS) {
    for (const key of routes[name]) {
      const other = owner.get(key);
      if (other) throw new Error(`${key} is served by both the ${other} and the ${name} functions (functions/wiring.ts)`);
      owner.set(key, name);
    }
  }
  return routes;
}

// ---------------------------------------------------------------------------------------------------------------
// Roots: one Lambda function's, and the local portal's.

export function abuseLimitsOf(config: Config): AbuseLimits {
  return {
    writesPerMinute: config.rateLimitPerMinute,
    notFoundPerMinute: config.notFoundLimitPerMinute,
    statusLookupsPerMinute: config.statusLookupLimitPerMinute,
  };
}

/**
 * A Lambda function's root. The abuse limits are per warm instance: a soft limit; API Gateway's stage throttling is
 * the hard one (functions/http/rate-limit.ts). They run before the apps, so a throttled request is refused before
 * its body is read.
 */
export function lambdaRoot(served: Served, log: Logger, limits?: AbuseLimits): Hono {
  if (served.limited && !limits) throw new Error("a limited function needs its abuse limits");
  const root = createRoot(log);
  if (served.limited && limits) root.use("/v1/*", abuseLimits(limits));
  for (const app of served.apps) root.route("/", app);
  return root;
}

/**
 * Every HTTP function's apps on one root (the local portal): the same deps and apps as deployed, one process. The
 * abuse limits guard the whole API once; deployed they guard the functions that are `limited`, the only ones with
 * public writes and dossier lookups, so what a client sees is the same (tests/stacks/openapi-paths.test.ts).
 * Payments are left out when the config has no gateway.
 */
export function mountPortalApis(root: Hono, config: Config, clients: Clients, log: Logger, now: Clock = realTime): void {
  const served: Served[] = [
    dossiersServes({ dossiers: dossiersDeps(config, clients, now), probes: healthProbes(config, clients) }),
    docsServes(config.webOrigin),
    agencyServes(agencyDeps(config, clients, now)),
    statsServes(statsDeps(config, clients, now)),
    catalogueServes(catalogueDeps(config, clients, log)),
    ...(config.vnpay.payUrl && config.publicUrl ? [paymentsServes(paymentsDeps(config, clients, now, log))] : []),
  ];
  root.use("/v1/*", abuseLimits(abuseLimitsOf(config)));
  for (const share of served) for (const app of share.apps) root.route("/", app);
}

// ---------------------------------------------------------------------------------------------------------------
// The Lambda functions.

export function catalogueFunction(config: Config): Hono {
  const log = jsonLogger();
  return lambdaRoot(catalogueServes(catalogueDeps(config, { db: makeDynamo(config) }, log)), log);
}

export function dossiersFunction(config: Config): Hono {
  const clients = { db: makeDynamo(config), s3: makeS3(config) };
  const served = dossiersServes({ dossiers: dossiersDeps(config, clients, realTime), probes: healthProbes(config, clients) });
  return lambdaRoot(served, jsonLogger(), abuseLimitsOf(config));
}

export function agencyFunction(config: Config): Hono {
  const clients = { db: makeDynamo(config), s3: makeS3(config) };
  return lambdaRoot(agencyServes(agencyDeps(config, clients, realTime)), jsonLogger());
}

export function paymentsFunction(config: Config): Hono {
  const log = jsonLogger();
  return lambdaRoot(paymentsServes(paymentsDeps(config, { db: makeDynamo(config) }, realTime, log)), log, abuseLimitsOf(config));
}

export function statsFunction(config: Config): Hono {
  return lambdaRoot(statsServes(statsDeps(config, { db: makeDynamo(config) }, realTime)), jsonLogger());
}

/** No store: the document is built from the apps' definitions on first request. */
export function docsFunction(config: Config): Hono {
  return lambdaRoot(docsServes(config.webOrigin), jsonLogger());
}

/** What API Gateway sends a Lambda authorizer (HTTP API, payload 2.0): only the headers are read. */
export interface AuthorizerEvent {
  headers?: Record<string, string | undefined>;
}

/**
 * API Gateway's authorizer for the agency routes, "simple" responses. API Gateway caches the answer per
 * Authorization header for the TTL set in stacks/Api.ts, so a revoked key stops working within it.
 */
export function authorizerFunction(config: Config) {
  const { keys, log } = authorizerDeps(config, { db: makeDynamo(config) }, jsonLogger());
  return async (event: AuthorizerEvent) => {
    try {
      const identity = await resolveApiKey(keys, bearer(event.headers?.authorization));
      return { isAuthorized: true, context: { agencyCode: identity.agencyCode, keyId: identity.keyId } };
    } catch (err) {
      // A store outage must not read as "valid key"; it is a denial the client may retry.
      if ((err as { kind?: string }).kind !== "unauthenticated") log.error("authorizer could not check a key", { error: err as Error });
      return { isAuthorized: false };
    }
  };
}

/**
 * The daily statistics job (EventBridge cron at 00:05 Vietnam time): computes yesterday from the day indexes. An
 * event `{ "date": "YYYY-MM-DD" }` recomputes that day instead (idempotent).
 */
export function statsJobFunction(config: Config) {
  const deps = statsJobDeps(config, { db: makeDynamo(config) }, realTime);
  const log = jsonLogger();
  return async (event: { date?: string } = {}) => {
    const date = typeof event.date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(event.date) ? event.date : yesterday(new Date());
    const result = await runDay(deps, date);
    log.info("daily statistics computed", { ...result });
    return result;
  };
}

/**
 * The domain-event consumer on the table's stream (stacks/event-consumer.ts): partial batch failures, so Lambda
 * retries from the first record that failed.
 */
export function eventsFunction(config: Config) {
  const consumers = eventConsumers(config, { db: makeDynamo(config), s3: makeS3(config) });
  const log = jsonLogger();
  return (batch: StreamBatch) => handleStreamBatch(batch, consumers, log);
}

/**
 * GuardDuty's verdicts, from EventBridge (stacks/malware-verdicts.ts: a rule passes this bucket's THREATS_FOUND
 * results): the infected file is quarantined and flagged on its dossier (core/dossier/malware.ts). An error is
 * thrown for EventBridge to retry (every step is idempotent), and what still fails goes to the dead-letter queue.
 */
export function malwareVerdictsFunction(config: Config) {
  const clients = { db: makeDynamo(config), s3: makeS3(config) };
  const deps = { dossiers: dossierRepository(config, clients.db), files: s3FileStore(clients.s3, config.bucketName, config.presignSeconds), now: realTime };
  const log = jsonLogger();
  return async (event: unknown): Promise<{ outcome: FlagOutcome | "ignored" }> => {
    const result = readScanResultEvent(event);
    if (!result || result.bucket !== config.bucketName || result.verdict.status !== "infected") {
      log.warn("malware verdict ignored: not a THREATS_FOUND result for this bucket", { bucket: result?.bucket, status: result?.verdict.status });
      return { outcome: "ignored" };
    }
    const outcome = await flagInfectedFile(deps, result.objectKey, { signature: result.verdict.signature, scanner: "guardduty" });
    log.info("malware verdict handled", { objectKey: result.objectKey, outcome });
    return { outcome };
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The local portal, the CLI and the tests: every adapter over one pair of clients.

/** The stores an operator's tool works on (the local portal's seeding and schedule, the CLI's commands, tests). */
export function makeAdapters(config: Config) {
  const db: Dynamo = makeDynamo(config);
  const s3: S3Client = makeS3(config);
  return {
    db,
    s3,
    catalogue: dynamoCatalogueRepository(db, config.tableName),
    dossiers: dossierRepository(config, db),
    events: dynamoEventLog(db, config.tableName),
    outbox: dynamoEventOutbox(db, config.tableName),
    idempotency: dynamoIdempotencyStore(db, config.tableName),
    keys: dynamoApiKeyRepository(db, config.tableName),
    days: dynamoDaySource(db, config.tableName),
    stats: dynamoStatsStore(db, config.tableName),
    payments: dynamoPaymentStore(db, config.tableName),
    files: s3FileStore(s3, config.bucketName, config.presignSeconds),
    destroy() {
      db.destroy();
      s3.destroy();
    },
  };
}

export type Adapters = ReturnType<typeof makeAdapters>;
