/**
 * The one wiring (docs/architecture.md "One wiring"): how adapters are composed into each concern's app, written once and used
 * by every way the app runs —
 *
 * - each Lambda entry (`functions/<name>.ts`): loads the config, builds its DynamoDB client, and imports its
 *   concern's module (`functions/wiring/<concern>.ts`) on its first request (functions/wiring/lambda.ts);
 * - the local portal (functions/local/apis.ts mounts `mountPortalApis`: every HTTP function's apps on one root);
 * - the CLI (functions/cli/context.ts: `makeAdapters`, the stores an operator's command works on);
 * - the stacks (stacks/Api.ts: `apiRoutes()`, each HTTP function's API Gateway routes, read off its own apps).
 *
 * Per concern, one module in functions/wiring/ holds its `<concern>Deps(config, clients, …)` (what its app is
 * given), for the HTTP functions its `<concern>Serves(deps)` (which apps it mounts, and whether the public abuse
 * limits guard them), and its Lambda handler. This file gathers them for the operator's processes and the stacks;
 * no Lambda entry imports it (it imports every concern, and the S3 SDK for the CLI).
 *
 * Bundling: `package.json` declares `functions/` free of import side effects, and the bundles are split
 * (stacks/bundling.ts): a function's init carries its entry, the config and its SDK clients; its routes are a chunk
 * loaded by the first request; the S3 SDK a chunk loaded by the first request that handles a file; and no other
 * function's code at all (asserted in tests/stacks/bundles.test.ts).
 */
import type { Hono } from "hono";
import { dynamoApiKeyRepository } from "./adapters/dynamo/api-key-repository";
import { dynamoCatalogueRepository } from "./adapters/dynamo/catalogue-repository";
import { makeDynamo, type Dynamo } from "./adapters/dynamo/client";
import { dynamoEventOutbox } from "./adapters/dynamo/dossier-repository";
import { dynamoEventLog } from "./adapters/dynamo/event-log";
import { dynamoIdempotencyStore } from "./adapters/dynamo/idempotency-store";
import { dynamoPaymentStore } from "./adapters/dynamo/payment-store";
import { dynamoDaySource, dynamoStatsStore } from "./adapters/dynamo/stats-repository";
import { makeS3 } from "./adapters/s3/client";
import { s3FileStore } from "./adapters/s3/file-store";
import type { Config } from "./config";
import type { Logger } from "./core/log";
import type { EventConsumer, MalwareScanner, OfficerAccounts } from "./core/ports";
import { abuseLimits } from "./http/rate-limit";
import { agencyDeps, agencyServes } from "./wiring/agency";
import { catalogueDeps, catalogueServes } from "./wiring/catalogue";
import type { ReadyClients } from "./wiring/clients";
import { realTime, type Clock } from "./wiring/clock";
import { docsServes, documentedApi } from "./wiring/docs";
import { dossiersDeps, dossiersServes, healthProbes, optOutDeps } from "./wiring/dossiers";
import { clientsOf, lazyS3 } from "./wiring/lazy-s3";
import { malwareVerdictsFunction as verdictsOf } from "./wiring/malware-verdicts";
import { malwareScanner as scannerOver } from "./wiring/s3";
import { eventConsumers as consumersOf } from "./wiring/events";
import { paymentsDeps, paymentsServes } from "./wiring/payments";
import { abuseLimitsOf, HTTP_FUNCTIONS, routeKeys, type HttpFunction, type Served } from "./wiring/root";
import { dossierRepository } from "./wiring/shared";
import { statsDeps, statsServes } from "./wiring/stats";
import { officerDeps, officerServes } from "./wiring/officer";
import { dynamoOfficerRepository } from "./adapters/dynamo/officer-repository";

export { agencyDeps, agencyServes } from "./wiring/agency";
export { authorizerDeps, authorizerFunction, type AuthorizerEvent } from "./wiring/authorizer";
export { catalogueDeps, catalogueServes } from "./wiring/catalogue";
export { lazyFileStore, lazyScanner, scannerKind, type Clients, type ReadyClients } from "./wiring/clients";
export { clientsOf, lazyS3 } from "./wiring/lazy-s3";
export { docsServes } from "./wiring/docs";
export { dossiersDeps, dossiersServes, healthProbes } from "./wiring/dossiers";
export { eventsFunction } from "./wiring/events";
export { statsJob, statsJobDeps } from "./wiring/stats-job";
export { sweepDay, sweepJob, sweepJobDeps, sweepRun } from "./wiring/sweep-job";
export { paymentsDeps, paymentsServes } from "./wiring/payments";
export { abuseLimitsOf, HTTP_FUNCTIONS, lambdaRoot, routeKeys, type HttpFunction, type Served } from "./wiring/root";
export { statsDeps, statsServes } from "./wiring/stats";
export { officerDeps, officerServes } from "./wiring/officer";

/**
 * The consumers of domain events, in delivery order (functions/wiring/events.ts), over an operator's process's
 * clients: the local poller's.
 */
export function eventConsumers(config: Config, clients: ReadyClients): EventConsumer[] {
  return consumersOf(config, clientsOf(config, clients));
}

/**
 * The malware scanner of an operator's process (the local portal's, the CLI's `files rescan`), over its S3 client:
 * the one the dossier services are given (functions/wiring/clients.ts `scannerKind`).
 */
export function malwareScanner(config: Config, clients: Pick<ReadyClients, "s3">): MalwareScanner | undefined {
  return scannerOver(config, clients.s3);
}

/** GuardDuty's verdicts (functions/wiring/malware-verdicts.ts), with their own clients: as the deployed function. */
export function malwareVerdictsFunction(config: Config) {
  return verdictsOf(config, { db: makeDynamo(config), s3: lazyS3(config) });
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

/**
 * Every HTTP function's apps on one root (the local portal): the same deps and apps as deployed, one process. The
 * abuse limits guard the whole API once; deployed they guard the functions that are `limited`, the only ones with
 * public writes and dossier lookups, so what a client sees is the same (tests/stacks/openapi-paths.test.ts).
 * Payments are left out when the config has no gateway.
 */
export function mountPortalApis(root: Hono, config: Config, ready: ReadyClients, log: Logger, now: Clock = realTime): void {
  const clients = clientsOf(config, ready);
  const served: Served[] = [
    dossiersServes({ dossiers: dossiersDeps(config, clients, now), probes: healthProbes(config, clients), optOut: optOutDeps(config, clients, now) }),
    docsServes(config.webOrigin),
    agencyServes(agencyDeps(config, clients, now)),
    officerServes(officerDeps(config, clients, now), config),
    statsServes(statsDeps(config, clients, now)),
    catalogueServes(catalogueDeps(config, clients, log)),
    ...(config.vnpay.payUrl && config.publicUrl ? [paymentsServes(paymentsDeps(config, clients, now, log))] : []),
  ];
  root.use("/v1/*", abuseLimits(abuseLimitsOf(config)));
  for (const share of served) for (const app of share.apps) root.route("/", app);
}

// ---------------------------------------------------------------------------------------------------------------
// The local portal, the CLI and the tests: every adapter over one pair of clients.

/** The stores an operator's tool works on (the local portal's seeding and schedule, the CLI's commands, tests). */
export function makeAdapters(config: Config) {
  const db: Dynamo = makeDynamo(config);
  const s3 = makeS3(config);
  return {
    db,
    s3,
    catalogue: dynamoCatalogueRepository(db, config.tableName),
    dossiers: dossierRepository(config, db),
    events: dynamoEventLog(db, config.tableName),
    outbox: dynamoEventOutbox(db, config.tableName),
    idempotency: dynamoIdempotencyStore(db, config.tableName),
    keys: dynamoApiKeyRepository(db, config.tableName),
    officers: dynamoOfficerRepository(db, config.tableName),
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

/**
 * The officers' accounts at the identity provider, for the CLI's `officers add|disable`: on a deployed stage its
 * Cognito user pool (`config.officerUserPoolId`, over the operator's credentials), locally the embedded provider's
 * accounts file in the data folder. The Cognito SDK is loaded only here, when a command needs it.
 */
export async function makeOfficerAccounts(
  where: { stage: Config } | { dataDir: string },
): Promise<OfficerAccounts & { destroy(): void }> {
  if ("dataDir" in where) {
    const { fileIdpAccounts, localOfficerAccounts } = await import("./local/idp-accounts");
    return { ...localOfficerAccounts(fileIdpAccounts(where.dataDir)), destroy() {} };
  }
  const { officerUserPoolId, region, cognitoEndpoint, stage } = where.stage;
  if (!officerUserPoolId) {
    throw new Error(
      `no officer user pool for stage ${stage}: set OFFICER_USER_POOL_ID (the Api stack's OfficerUserPoolId output), ` +
        "or deploy from this checkout so .sst/outputs.json exists",
    );
  }
  const { cognitoOfficerAccounts } = await import("./adapters/cognito/officer-accounts");
  return cognitoOfficerAccounts({ userPoolId: officerUserPoolId, region, endpoint: cognitoEndpoint });
}
