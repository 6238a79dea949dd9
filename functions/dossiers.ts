/** Lambda entry — the citizen side: create, attach, submit, track, withdraw, supplement, feedback; and health. */
import { handle } from "hono/aws-lambda";
import { makeDynamo } from "./adapters/dynamo/client";
import { dynamoCatalogueRepository } from "./adapters/dynamo/catalogue-repository";
import { catalogueLookup, catalogueReader } from "./core/catalogue/cache";
import { dynamoDossierRepository } from "./adapters/dynamo/dossier-repository";
import { dynamoIdempotencyStore } from "./adapters/dynamo/idempotency-store";
import { storeProbes } from "./adapters/probes";
import { makeS3 } from "./adapters/s3/client";
import { s3FileStore } from "./adapters/s3/file-store";
import { ssmParameterReader } from "./adapters/ssm/parameters";
import { loadConfig, withSecrets } from "./config";
import { createRoot } from "./http/app";
import { dossiersApp } from "./http/dossiers-app";
import { abuseLimits } from "./http/rate-limit";
import { systemApp } from "./http/system";

const config = loadConfig(["table", "bucket", "tokenSecret"], await withSecrets(process.env, ssmParameterReader));
const db = makeDynamo(config);
const s3 = makeS3(config);

const app = createRoot();
// Per warm instance: a soft limit; API Gateway's stage throttling is the hard one (functions/http/rate-limit.ts).
app.use("/v1/*", abuseLimits({ writesPerMinute: config.rateLimitPerMinute, notFoundPerMinute: config.notFoundLimitPerMinute }));
app.route("/", systemApp(storeProbes(db, config.tableName, s3, config.bucketName)));
app.route(
  "/",
  dossiersApp({
    dossiers: dynamoDossierRepository(db, config.tableName, { outbox: config.eventSource }),
    catalogue: catalogueLookup(catalogueReader(dynamoCatalogueRepository(db, config.tableName), { refreshMs: config.catalogueRefreshMs })),
    files: s3FileStore(s3, config.bucketName, config.presignSeconds),
    idempotency: dynamoIdempotencyStore(db, config.tableName),
    tokenSecret: config.tokenSecret,
    now: () => new Date(),
  }),
);

export const handler = handle(app);
