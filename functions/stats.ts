/** Lambda entry — the public statistics API (read-only). */
import { handle } from "hono/aws-lambda";
import { dynamoCatalogueRepository } from "./adapters/dynamo/catalogue-repository";
import { makeDynamo } from "./adapters/dynamo/client";
import { dynamoStatsStore } from "./adapters/dynamo/stats-repository";
import { loadConfig } from "./config";
import { createRoot } from "./http/app";
import { calendarApp } from "./http/calendar-app";
import { statsApp } from "./http/stats-app";

const config = loadConfig(["table"]);
const db = makeDynamo(config);
const app = createRoot();
app.route(
  "/",
  statsApp({
    stats: dynamoStatsStore(db, config.tableName),
    catalogue: dynamoCatalogueRepository(db, config.tableName),
    now: () => new Date(),
  }),
);

// The public calendar API rides on the statistics function: both public, read-only, light.
app.route("/", calendarApp({ catalogue: dynamoCatalogueRepository(db, config.tableName) }));

export const handler = handle(app);
