/**
 * Lambda entry — the agency side: inbox, lifecycle actions, result uploads. API Gateway's Lambda authorizer
 * (functions/authorizer.ts) has resolved the API key before this runs; the app trusts its context.
 */
import { handle } from "hono/aws-lambda";
import { dynamoApiKeyRepository } from "./adapters/dynamo/api-key-repository";
import { dynamoCatalogueRepository } from "./adapters/dynamo/catalogue-repository";
import { catalogueLookup, catalogueReader } from "./core/catalogue/cache";
import { makeDynamo } from "./adapters/dynamo/client";
import { dynamoDossierRepository } from "./adapters/dynamo/dossier-repository";
import { dynamoEventLog } from "./adapters/dynamo/event-log";
import { dynamoIdempotencyStore } from "./adapters/dynamo/idempotency-store";
import { makeS3 } from "./adapters/s3/client";
import { s3FileStore } from "./adapters/s3/file-store";
import { loadConfig } from "./config";
import { agencyApp } from "./http/agency-app";
import { createRoot } from "./http/app";

const config = loadConfig(["table", "bucket"]);
const db = makeDynamo(config);
const s3 = makeS3(config);

const app = createRoot();
app.route(
  "/",
  agencyApp({
    dossiers: dynamoDossierRepository(db, config.tableName, { outbox: config.eventSource }),
    catalogue: catalogueLookup(catalogueReader(dynamoCatalogueRepository(db, config.tableName), { refreshMs: config.catalogueRefreshMs })),
    files: s3FileStore(s3, config.bucketName, config.presignSeconds),
    idempotency: dynamoIdempotencyStore(db, config.tableName),
    keys: dynamoApiKeyRepository(db, config.tableName),
    events: dynamoEventLog(db, config.tableName),
    tokenSecret: "", // agencies create no dossiers, so they never derive access tokens
    now: () => new Date(),
  }),
);

export const handler = handle(app);
