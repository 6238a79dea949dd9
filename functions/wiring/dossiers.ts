/** The dossiers function: the citizen side (create, attach, submit, track, withdraw, supplement, feedback) and health. */
import { handle } from "hono/aws-lambda";
import { dynamoIdempotencyStore } from "../adapters/dynamo/idempotency-store";
import { jsonLogger } from "../adapters/log/json";
import { tableProbe } from "../adapters/probes";
import type { Config } from "../config";
import type { DossierDeps } from "../core/dossier/access";
import { dossiersApp } from "../http/dossiers-app";
import { systemApp, type HealthProbe } from "../http/system";
import { lazyFileStore, lazyScanner, type Clients } from "./clients";
import type { Clock } from "./clock";
import { abuseLimitsOf, lambdaRoot, type Served } from "./root";
import { catalogueForDossiers, dossierRepository } from "./shared";

export function dossiersDeps(config: Config, clients: Clients, now: Clock): DossierDeps {
  return {
    dossiers: dossierRepository(config, clients.db),
    catalogue: catalogueForDossiers(config, clients.db),
    files: lazyFileStore(clients.s3),
    scanner: lazyScanner(config, clients.s3),
    idempotency: dynamoIdempotencyStore(clients.db, config.tableName),
    tokenSecret: config.tokenSecret,
    now,
  };
}

/** `GET /v1/health`: both stores, with the rights the dossiers function already has (GetItem, ListBucket). */
export function healthProbes(config: Config, clients: Clients): HealthProbe[] {
  return [tableProbe(clients.db, config.tableName), { name: "s3", check: async () => (await clients.s3()).probe() }];
}

export function dossiersServes(deps: { dossiers: DossierDeps; probes: HealthProbe[] }): Served {
  return { apps: [systemApp(deps.probes), dossiersApp(deps.dossiers)], limited: true };
}

/** The Lambda handler (functions/dossiers.ts imports this module on its first request). */
export function dossiersHandler(config: Config, clients: Clients, now: Clock = () => new Date()) {
  const served = dossiersServes({ dossiers: dossiersDeps(config, clients, now), probes: healthProbes(config, clients) });
  return handle(lambdaRoot(served, jsonLogger(), abuseLimitsOf(config)));
}
