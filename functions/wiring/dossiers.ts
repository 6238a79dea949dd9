/** The dossiers function: the citizen side (create, attach, submit, track, withdraw, supplement, feedback) and health. */
import { handle } from "hono/aws-lambda";
import { jsonLogger } from "../adapters/log/json";
import { tableProbe } from "../adapters/probes";
import type { Config } from "../config";
import type { DossierDeps } from "../core/dossier/access";
import { dossiersApp } from "../http/dossiers-app";
import { notificationsApp, type OptOutDeps } from "../http/notifications-app";
import { dynamoNotificationStore } from "../adapters/dynamo/notification-store";
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

/** The opt-out links of citizens' messages (functions/http/notifications-app.ts). */
export function optOutDeps(config: Config, clients: Pick<Clients, "db">, now: Clock): OptOutDeps {
  return { notifications: dynamoNotificationStore(clients.db, config.tableName), secret: config.tokenSecret, now };
}

export function dossiersServes(deps: { dossiers: DossierDeps; probes: HealthProbe[]; optOut: OptOutDeps }): Served {
  return { apps: [systemApp(deps.probes), dossiersApp(deps.dossiers), notificationsApp(deps.optOut)], limited: true };
}

/** The Lambda handler (functions/dossiers.ts imports this module on its first request). */
export function dossiersHandler(config: Config, clients: Clients, now: Clock = () => new Date()) {
  const served = dossiersServes({
    dossiers: dossiersDeps(config, clients, now),
    probes: healthProbes(config, clients),
    optOut: optOutDeps(config, clients, now),
  });
  return handle(lambdaRoot(served, jsonLogger(), abuseLimitsOf(config)));
}
