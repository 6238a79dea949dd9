/** The statistics function: the public statistics and the public calendar (both read-only). */
import { handle } from "hono/aws-lambda";
import { dynamoCatalogueRepository } from "../adapters/dynamo/catalogue-repository";
import { dynamoStatsStore } from "../adapters/dynamo/stats-repository";
import { jsonLogger } from "../adapters/log/json";
import type { Config } from "../config";
import { calendarApp, type CalendarAppDeps } from "../http/calendar-app";
import { statsApp, type StatsAppDeps } from "../http/stats-app";
import type { Clients } from "./clients";
import type { Clock } from "./clock";
import { lambdaRoot, type Served } from "./root";

export function statsDeps(config: Config, clients: Pick<Clients, "db">, now: Clock): StatsAppDeps & CalendarAppDeps {
  return {
    stats: dynamoStatsStore(clients.db, config.tableName),
    catalogue: dynamoCatalogueRepository(clients.db, config.tableName),
    refreshMs: config.catalogueRefreshMs,
    now,
  };
}

/** The public statistics and the public calendar (both read-only, from statistics rows and the catalogue). */
export function statsServes(deps: StatsAppDeps & CalendarAppDeps): Served {
  return { apps: [statsApp(deps), calendarApp(deps)], limited: false };
}

/** The Lambda handler (functions/stats.ts imports this module on its first request). */
export function statsHandler(config: Config, clients: Pick<Clients, "db">, now: Clock = () => new Date()) {
  return handle(lambdaRoot(statsServes(statsDeps(config, clients, now)), jsonLogger()));
}
