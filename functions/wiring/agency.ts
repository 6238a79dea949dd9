/** The agency function: inbox, lifecycle actions, result documents, the event log (behind the API-key authorizer). */
import { handle } from "hono/aws-lambda";
import { dynamoApiKeyRepository } from "../adapters/dynamo/api-key-repository";
import { dynamoEventLog } from "../adapters/dynamo/event-log";
import { jsonLogger } from "../adapters/log/json";
import type { Config } from "../config";
import { agencyApp, type AgencyDeps } from "../http/agency-app";
import type { Clients } from "./clients";
import type { Clock } from "./clock";
import { lambdaRoot, type Served } from "./root";
import { dossiersDeps } from "./dossier-deps";
import { webhookDeps } from "./notify";

export function agencyDeps(config: Config, clients: Clients, now: Clock): AgencyDeps {
  return {
    // The citizen side's stores, as the dossiers function composes them; agencies create no dossiers, so they
    // never derive access tokens.
    ...dossiersDeps(config, clients, now),
    tokenSecret: "",
    keys: dynamoApiKeyRepository(clients.db, config.tableName),
    events: dynamoEventLog(clients.db, config.tableName),
    webhooks: webhookDeps(config, clients, now),
  };
}

export function agencyServes(deps: AgencyDeps): Served {
  // Agencies are behind the API-key authorizer, and their writes are not the public's.
  return { apps: [agencyApp(deps)], limited: false };
}

/** The Lambda handler (functions/agency.ts imports this module on its first request). */
export function agencyHandler(config: Config, clients: Clients, now: Clock = () => new Date()) {
  return handle(lambdaRoot(agencyServes(agencyDeps(config, clients, now)), jsonLogger()));
}
