/**
 * Lambda entry — the API reference: `GET /v1/openapi.json` (OpenAPI 3.1, generated on first request from the route
 * definitions of every app the other functions serve) and `GET /v1/docs`. No store, no secret, no rights.
 */
import { handle } from "hono/aws-lambda";
import { loadConfig } from "./config";
import { docsFunction } from "./wiring";

export const handler = handle(docsFunction(loadConfig([])));
