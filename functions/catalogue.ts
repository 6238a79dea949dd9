/**
 * Lambda entry of the public catalogue API (GET /v1/agencies, /v1/procedures, /v1/procedures/{code}). Read-only:
 * a DynamoDB client and the catalogue repository, no S3 client (functions/wiring.ts). Module scope: the app and its
 * catalogue snapshot live as long as the warm process.
 */
import { handle } from "hono/aws-lambda";
import { loadConfig } from "./config";
import { catalogueFunction } from "./wiring";

export const handler = handle(catalogueFunction(loadConfig(["table"])));
