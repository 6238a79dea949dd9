/** Lambda entry — the public statistics API (read-only). */
import { handle } from "hono/aws-lambda";
import { loadConfig } from "./config";
import { statsFunction } from "./wiring";

export const handler = handle(statsFunction(loadConfig(["table"])));
