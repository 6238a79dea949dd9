/**
 * Lambda entry of the public catalogue API (GET /v1/agencies, /v1/procedures, /v1/procedures/{code}).
 * Read-only: it wires the DynamoDB client and the catalogue repository, and no S3 client, so the function
 * needs (and is granted) nothing but reads of the catalogue items.
 */
import { handle } from "hono/aws-lambda";
import { dynamoCatalogueRepository } from "./adapters/dynamo/catalogue-repository";
import { makeDynamo } from "./adapters/dynamo/client";
import { loadConfig } from "./config";
import { catalogueApp } from "./http/catalogue-app";

const config = loadConfig(["table"]);
const db = makeDynamo(config);

// Module scope: the app and its catalogue snapshot live as long as the warm process.
export const app = catalogueApp({
  catalogue: dynamoCatalogueRepository(db, config.tableName),
  refreshMs: config.catalogueRefreshMs,
});

export const handler = handle(app);
