/**
 * Lambda entry — the domain-event consumer, on the table's DynamoDB stream (stacks/Storage.ts): each batch goes to
 * `handleStreamBatch` (functions/core/events/stream.ts), which answers the records that failed, so that Lambda
 * retries those alone and sends what still fails to the dead-letter queue.
 */
import { loadConfig } from "./config";
import { eventsFunction } from "./wiring";

export const handler = eventsFunction(loadConfig(["table"]));
