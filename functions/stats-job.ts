/**
 * Lambda entry — the daily statistics job (EventBridge cron at 00:05 Vietnam time): computes yesterday from the
 * day indexes. An event `{ "date": "YYYY-MM-DD" }` recomputes that day instead (idempotent).
 */
import { makeDynamo } from "./adapters/dynamo/client";
import { loadConfig } from "./config";
import { lazyHandler } from "./wiring/lambda";

const config = loadConfig(["table"]);
const db = makeDynamo(config);
// The job's code on the first invocation (functions/wiring/lambda.ts).
export const handler = await lazyHandler(async () => (await import("./wiring/stats-job")).statsJob(config, { db }));
