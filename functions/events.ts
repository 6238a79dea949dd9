/**
 * Lambda entry — the domain-event consumer, on the table's DynamoDB stream (stacks/event-consumer.ts): each batch
 * goes to `handleStreamBatch` (functions/adapters/dynamo/event-stream.ts), which hands the committed changes' events
 * to the consumers (functions/wiring/events.ts `eventConsumers`) and answers the records that failed, so that
 * Lambda retries from there and sends what still fails to the dead-letter queue.
 */
import { makeDynamo } from "./adapters/dynamo/client";
import { loadConfig } from "./config";
import { lazyS3 } from "./wiring/lazy-s3";
import { lazyHandler } from "./wiring/lambda";

const config = loadConfig(["table", "bucket"]);
const db = makeDynamo(config);
// The consumers' code on the first batch (functions/wiring/lambda.ts); the S3 SDK on the first with files to delete.
export const handler = await lazyHandler(async () => (await import("./wiring/events")).eventsFunction(config, { db, s3: lazyS3(config) }));
