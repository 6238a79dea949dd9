/**
 * Lambda entry — the API reference: `GET /v1/openapi.json` (OpenAPI 3.1, generated on first request from the route
 * definitions of every app the other functions serve) and `GET /v1/docs`. No store, no secret, no rights.
 */
import { loadConfig } from "./config";
import { lazyHandler } from "./wiring/lambda";

const config = loadConfig([]);
// Every app's routes on the first request (functions/wiring/lambda.ts): the document is built from them.
export const handler = await lazyHandler(async () => (await import("./wiring/docs")).docsHandler(config));
