import type { S3Client } from "@aws-sdk/client-s3";
import type { Config } from "../config";
import { makeDynamo, type Dynamo } from "./dynamo/client";
import { dynamoCatalogueRepository } from "./dynamo/catalogue-repository";
import { makeS3 } from "./s3/client";
import { storeProbes } from "./probes";
import { dynamoDossierRepository, dynamoEventOutbox } from "./dynamo/dossier-repository";
import { dynamoEventLog } from "./dynamo/event-log";
import { dynamoIdempotencyStore } from "./dynamo/idempotency-store";
import { s3FileStore } from "./s3/file-store";
import { dynamoApiKeyRepository } from "./dynamo/api-key-repository";
import { dynamoDaySource, dynamoStatsStore } from "./dynamo/stats-repository";
import { dynamoPaymentStore } from "./dynamo/payment-store";

/**
 * Every adapter over one pair of clients: what the local portal and the CLI use. Lambda entries wire only the
 * adapters they need, so a function never builds a client it has no rights for.
 */
export function makeAdapters(config: Config) {
  const db: Dynamo = makeDynamo(config);
  const s3: S3Client = makeS3(config);
  return {
    db,
    s3,
    catalogue: dynamoCatalogueRepository(db, config.tableName),
    dossiers: dynamoDossierRepository(db, config.tableName, { outbox: config.eventSource }),
    events: dynamoEventLog(db, config.tableName),
    outbox: dynamoEventOutbox(db, config.tableName),
    idempotency: dynamoIdempotencyStore(db, config.tableName),
    keys: dynamoApiKeyRepository(db, config.tableName),
    days: dynamoDaySource(db, config.tableName),
    stats: dynamoStatsStore(db, config.tableName),
    payments: dynamoPaymentStore(db, config.tableName),
    files: s3FileStore(s3, config.bucketName, config.presignSeconds),
    probes: storeProbes(db, config.tableName, s3, config.bucketName),
    destroy() {
      db.destroy();
      s3.destroy();
    },
  };
}

export type Adapters = ReturnType<typeof makeAdapters>;
