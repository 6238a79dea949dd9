/**
 * Lambda entry — the daily statistics job (EventBridge cron at 00:05 Vietnam time): computes yesterday from the
 * day indexes. An event `{ "date": "YYYY-MM-DD" }` recomputes that day instead (idempotent).
 */
import { dynamoCatalogueRepository } from "./adapters/dynamo/catalogue-repository";
import { makeDynamo } from "./adapters/dynamo/client";
import { dynamoDaySource, dynamoStatsStore } from "./adapters/dynamo/stats-repository";
import { loadConfig } from "./config";
import { runDay, yesterday } from "./core/stats/service";

const config = loadConfig(["table"]);
const db = makeDynamo(config);
const deps = {
  source: dynamoDaySource(db, config.tableName),
  store: dynamoStatsStore(db, config.tableName),
  catalogue: dynamoCatalogueRepository(db, config.tableName),
  now: () => new Date(),
};

export async function handler(event: { date?: string } = {}) {
  const date = typeof event.date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(event.date) ? event.date : yesterday(new Date());
  const result = await runDay(deps, date);
  console.log(JSON.stringify({ level: "info", msg: "daily statistics computed", ...result }));
  return result;
}
