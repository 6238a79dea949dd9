/** The dossiers function: the citizen side (create, attach, submit, track, withdraw, supplement, feedback) and health. */
import { handle } from "hono/aws-lambda";
import { jsonLogger } from "../adapters/log/json";
import { tableProbe } from "../adapters/probes";
import type { Config } from "../config";
import type { DossierDeps } from "../core/dossier/access";
import { dossiersApp } from "../http/dossiers-app";
import { systemApp, type HealthProbe } from "../http/system";
import type { Clients } from "./clients";
import type { Clock } from "./clock";
import { abuseLimitsOf, lambdaRoot, type Served } from "./root";
import { dossiersDeps } from "./dossier-deps";

export { dossiersDeps };

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
