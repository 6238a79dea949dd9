/**
 * Lambda entry — the daily statistics job (EventBridge cron at 00:05 Vietnam time): computes yesterday from the
 * day indexes. An event `{ "date": "YYYY-MM-DD" }` recomputes that day instead (idempotent).
 */
import { loadConfig } from "./config";
import { statsJobFunction } from "./wiring";

export const handler = statsJobFunction(loadConfig(["table"]));
