/** The daily statistics job (stacks/Jobs.ts). */
import { dynamoCatalogueRepository } from "../adapters/dynamo/catalogue-repository";
import type { Dynamo } from "../adapters/dynamo/client";
import { dynamoDaySource, dynamoStatsStore } from "../adapters/dynamo/stats-repository";
import { jsonLogger } from "../adapters/log/json";
import type { Config } from "../config";
import { runDay, yesterday, type StatsDeps } from "../core/stats/service";
import { realTime, type Clock } from "./clock";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function statsJobDeps(config: Config, clients: { db: Dynamo }, now: Clock): StatsDeps {
  return {
    source: dynamoDaySource(clients.db, config.tableName),
    store: dynamoStatsStore(clients.db, config.tableName),
    catalogue: dynamoCatalogueRepository(clients.db, config.tableName),
    now,
  };
}

/**
 * The daily statistics job (EventBridge cron at 00:05 Vietnam time): computes yesterday from the day indexes. An
 * event `{ "date": "YYYY-MM-DD" }` recomputes that day instead (idempotent).
 */
export function statsJob(config: Config, clients: { db: Dynamo }, now: Clock = realTime) {
  const deps = statsJobDeps(config, clients, now);
  const log = jsonLogger();
  return async (event: { date?: string } = {}) => {
    const date = typeof event.date === "string" && ISO_DATE.test(event.date) ? event.date : yesterday(now());
    const result = await runDay(deps, date);
    log.info("daily statistics computed", { ...result });
    return result;
  };
}
