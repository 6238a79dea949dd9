/** The statistics function: the public statistics API (read-only). */
import { handle } from "hono/aws-lambda";
import { dynamoCatalogueRepository } from "../adapters/dynamo/catalogue-repository";
import { dynamoStatsStore } from "../adapters/dynamo/stats-repository";
import { jsonLogger } from "../adapters/log/json";
import type { Config } from "../config";
import { statsApp, type StatsAppDeps } from "../http/stats-app";
import type { Clients } from "./clients";
import type { Clock } from "./clock";
import { lambdaRoot, type Served } from "./root";

export function statsDeps(config: Config, clients: Pick<Clients, "db">, now: Clock): StatsAppDeps {
  return {
    stats: dynamoStatsStore(clients.db, config.tableName),
    catalogue: dynamoCatalogueRepository(clients.db, config.tableName),
    now,
  };
}

export function statsServes(deps: StatsAppDeps): Served {
  return { apps: [statsApp(deps)], limited: false };
}

/** The Lambda handler (functions/stats.ts imports this module on its first request). */
export function statsHandler(config: Config, clients: Pick<Clients, "db">, now: Clock = () => new Date()) {
  return handle(lambdaRoot(statsServes(statsDeps(config, clients, now)), jsonLogger()));
}
