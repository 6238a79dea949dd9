/** The officer function: the back office's API (behind API Gateway's JWT authorizer deployed; verified here too). */
import { handle } from "hono/aws-lambda";
import { dynamoOfficerRepository } from "../adapters/dynamo/officer-repository";
import { jwksVerifier } from "../adapters/oidc/jwks-verifier";
import { jsonLogger } from "../adapters/log/json";
import type { Config } from "../config";
import type { OfficerDeps } from "../core/officer/service";
import { officerApp } from "../http/officer-app";
import type { Clients } from "./clients";
import type { Clock } from "./clock";
import { dossiersDeps } from "./dossier-deps";
import { lambdaRoot, type Served } from "./root";

export function officerDeps(config: Config, clients: Clients, now: Clock): OfficerDeps {
  return {
    ...dossiersDeps(config, clients, now),
    officers: dynamoOfficerRepository(clients.db, config.tableName),
    verifier: jwksVerifier(config.oidc),
  };
}

export function officerServes(deps: OfficerDeps, config: Pick<Config, "oidc">): Served {
  const { issuer, clientId, scopes, audience } = config.oidc;
  return { apps: [officerApp(deps, { issuer, clientId, scopes, audience })], limited: false };
}

/** The Lambda handler (functions/officer.ts imports this module on its first request). */
export function officerHandler(config: Config, clients: Clients, now: Clock = () => new Date()) {
  return handle(lambdaRoot(officerServes(officerDeps(config, clients, now), config), jsonLogger()));
}
