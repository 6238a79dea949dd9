/**
 * Lambda entry — the domain-event consumer, on the table's DynamoDB stream (stacks/event-consumer.ts): each batch
 * goes to `handleStreamBatch` (functions/adapters/dynamo/event-stream.ts), which hands the committed changes' events
 * to the consumers (functions/wiring.ts `eventConsumers`) and answers the records that failed, so that Lambda
 * retries from there and sends what still fails to the dead-letter queue.
 */
import { loadConfig } from "./config";
import { eventsFunction } from "./wiring";

export const handler = eventsFunction(loadConfig(["table", "bucket"]));
