/** Lambda entry — the public statistics API (read-only). */
import { makeDynamo } from "./adapters/dynamo/client";
import { loadConfig } from "./config";
import { lazyHandler } from "./wiring/lambda";

const config = loadConfig(["table"]);
const db = makeDynamo(config);
// The routes on the first request (functions/wiring/lambda.ts).
export const handler = await lazyHandler(async () => (await import("./wiring/stats")).statsHandler(config, { db }));
